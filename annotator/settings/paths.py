"""Where annotator keeps data and settings, and who the coder is.

Each directory is found the same way: the command-line option, then an environment
variable, then the platform's user directory. The data directory: ``--data-dir``,
``ANNOTATOR_DATA_DIR``, the user data directory. The config directory (``config.toml``,
the user's codebook): ``ANNOTATOR_CONFIG_DIR``, then the user config directory. The
coder's name: ``--annotator``, ``ANNOTATOR_NAME``, the login name.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import Literal

APP_NAME = "annotator"
DATA_DIR_ENV = "ANNOTATOR_DATA_DIR"
CONFIG_DIR_ENV = "ANNOTATOR_CONFIG_DIR"
NAME_ENV = "ANNOTATOR_NAME"


def user_directory(
    option: str | os.PathLike[str] | None,
    env: str,
    platform_dir: Literal["user_data_dir", "user_config_dir"],
) -> Path:
    """``option``, else the environment variable ``env``, else the platform's directory
    (the ``platformdirs`` function named ``platform_dir``).

    Empty values count as unset, so ``ANNOTATOR_DATA_DIR=`` falls through to the default.
    ``platformdirs`` is imported only when it is asked.
    """
    if option:
        return Path(option).expanduser()
    from_env = os.environ.get(env)
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs

    directory: str = getattr(platformdirs, platform_dir)(APP_NAME, appauthor=False)
    return Path(directory)


def resolve_data_dir(option: str | os.PathLike[str] | None = None) -> Path:
    """Where annotations are kept: ``--data-dir``, ``$ANNOTATOR_DATA_DIR``, the user data dir."""
    return user_directory(option, DATA_DIR_ENV, "user_data_dir")


def resolve_config_dir(option: str | os.PathLike[str] | None = None) -> Path:
    """Where the user's settings live: ``option``, ``$ANNOTATOR_CONFIG_DIR``, the user
    config dir."""
    return user_directory(option, CONFIG_DIR_ENV, "user_config_dir")


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
