"""The composition root: wires the headless CLI to the Textual UI.

``annotator.cli.main`` is core and must not import the UI (import-linter enforces it), so the
console script starts here and hands the CLI a function that launches the app. The UI is
imported only when a screen is needed, which keeps ``annotator export`` quick and headless.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.cli.main import run_cli
from annotator.coding.open_request import OpenRequest


def _launch(request: OpenRequest) -> int:
    from annotator.ui.run import run_app

    return run_app(request)


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point."""
    return run_cli(argv, launch=_launch)
