"""Where annotator keeps data and settings, and who the coder is.

Each directory is found the same way: the command-line option, then an environment
variable, then the platform's user directory. The data directory: ``--data-dir``,
``ANNOTATOR_DATA_DIR``, the coding folder of the project the documents lie in (see
``annotator.settings.project``), the user data directory; ``locate_data_dir`` says which
one is in force and why. The config directory (``config.toml``,
the user's codebook): ``ANNOTATOR_CONFIG_DIR``, then the user config directory. The
coder's name: ``--annotator``, ``ANNOTATOR_NAME``, the login name.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from annotator.settings.project import Project, find_project

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


DataSource = Literal["option", "environment", "project", "default"]


@dataclass(frozen=True, slots=True)
class DataLocation:
    """The data directory in force, why, and the project it belongs to.

    ``project`` is the project whose coding folder ``path`` is (its catalog is then kept
    per coder, with paths relative to the project). ``found`` is the project the
    documents lie in, whether or not its coding folder is in force.
    """

    path: Path
    source: DataSource
    project: Project | None = None
    found: Project | None = None

    @property
    def overridden(self) -> Project | None:
        """The documents' project, when ``--data-dir`` or the environment put another
        folder than its coding folder in force."""
        found = self.found
        if found is None or (self.project is not None and self.project.root == found.root):
            return None
        return found

    def describe(self) -> str:
        """One line for messages and ``--help``: the folder and why it is in force."""
        if self.project is not None:
            why = {
                "project": "",
                "option": ", named by --data-dir",
                "environment": f", named by ${DATA_DIR_ENV}",
                "default": "",
            }[self.source]
            return f"{self.path} (the coding folder of the project {self.project.name!r}{why})"
        return f"{self.path} ({_WHY[self.source]})"

    def label(self) -> str:
        """A short form for the status bar: the project and its folder, or the path."""
        if self.project is not None:
            return f"{self.project.name}/{self.project.coding}"
        home = str(Path.home())
        shown = str(self.path)
        if shown == home or shown.startswith(home + os.sep):
            shown = "~" + shown[len(home) :]
        return shown


_WHY: dict[DataSource, str] = {
    "option": "--data-dir",
    "environment": f"${DATA_DIR_ENV}",
    "project": "the project's coding folder",
    "default": "the user data directory",
}


def coding_folder_project(path: Path) -> Project | None:
    """The project whose coding folder ``path`` is, or None. ProjectError for a broken
    project file on the way up."""
    project = find_project(Path(os.path.abspath(path)).parent)
    while project is not None:
        if _same_folder(project.coding_dir, path):
            return project
        project = find_project(project.root.parent)
    return None


def _same_folder(a: Path, b: Path) -> bool:
    if os.path.abspath(a) == os.path.abspath(b):
        return True
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def locate_data_dir(option: str | os.PathLike[str] | None, start: Path | None) -> DataLocation:
    """The data directory in force for documents in ``start`` (a folder; None: no
    project is looked for): ``--data-dir``, else ``$ANNOTATOR_DATA_DIR``, else the
    coding folder of the project ``start`` lies in, else the user data directory.

    Raises ProjectError for a project file that cannot be used.
    """
    found = find_project(start) if start is not None else None
    given: Path | None = None
    source: DataSource = "default"
    if option:
        given, source = Path(option).expanduser(), "option"
    elif os.environ.get(DATA_DIR_ENV):
        given, source = Path(os.environ[DATA_DIR_ENV]).expanduser(), "environment"
    if given is None:
        if found is not None:
            return DataLocation(found.coding_dir, "project", found, found)
        return DataLocation(resolve_data_dir(), "default")
    return DataLocation(given, source, coding_folder_project(given), found)


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
