"""The composition root: wires the headless CLI to the Textual UI.

``annotator.cli.main`` is core and must not import the UI (import-linter enforces it), so the
console script starts here and hands the CLI a function that launches the app. The UI is
imported only when a screen is needed, which keeps ``annotator export`` quick and headless.

Opening the reader switches the garbage collector off until the first screen is drawn
(the app switches it back on): starting makes tens of thousands of objects that live as
long as the process and hardly any cycles, and the collector's passes over them cost a
fifth of the time to the first screen. A headless command runs with it on.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.coding.open_request import OpenRequest


def _launch(request: OpenRequest) -> int:
    from annotator.ui.run import run_app

    return run_app(request)


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        from annotator.cli.main import COMMANDS, run_cli

        args = list(sys.argv[1:] if argv is None else argv)
        if enabled and args and args[0] in COMMANDS:
            gc.enable()
        return run_cli(args, launch=_launch)
    finally:
        if enabled:
            gc.enable()
