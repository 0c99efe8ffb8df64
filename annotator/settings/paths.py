"""Where annotator keeps data, and who the coder is.

Precedence for the data directory: ``--data-dir``, then ``ANNOTATOR_DATA_DIR``, then the
platform's user data directory. For the coder's name: ``--annotator``, then
``ANNOTATOR_NAME``, then the login name.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import platformdirs

APP_NAME = "annotator"
DATA_DIR_ENV = "ANNOTATOR_DATA_DIR"
NAME_ENV = "ANNOTATOR_NAME"


def resolve_data_dir(option: str | None = None) -> Path:
    if option:
        return Path(option).expanduser()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_coder(option: str | None = None) -> str:
    if option and option.strip():
        return option.strip()
    from_env = os.environ.get(NAME_ENV, "").strip()
    if from_env:
        return from_env
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
