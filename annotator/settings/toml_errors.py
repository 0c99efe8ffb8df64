"""Where tomllib says a TOML file went wrong: shared by the config and codebook readers."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tomllib

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def toml_error_line(exc: tomllib.TOMLDecodeError) -> tuple[int | None, str]:
    """Split tomllib's message into its line number and the message without position."""
    message = str(exc)
    match = _TOML_POSITION.search(message)
    if not match:
        return None, message
    return int(match.group(1)), message[: match.start()].rstrip()
