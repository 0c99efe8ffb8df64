"""The ``.qdpx`` zip: ``project.qde`` and ``sources/<GUID>.txt``, written and read safely.

Writing is deterministic: members in a fixed order, each with the same time (the project's
last change, so it comes from the records) and the same permissions, so that the same
project gives the same bytes. Reading trusts nothing: a member with an absolute name or a
``..`` refuses the whole file, no member is read past a size bound (whatever its header
says), and only ``project.qde`` and the text files it names are read at all. Folder and
file names are matched without regard to case (``Sources/`` is common, ATLAS.ti wants
``sources/``), and so are GUIDs in file names.
"""

from __future__ import annotations

import codecs
import re
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from annotator.refi.model import Project
from annotator.refi.qde_read import read_project
from annotator.refi.times import format_time
from annotator.refi.xml_in import RefiError, parse_xml

PROJECT_MEMBER = "project.qde"
INTERNAL = "internal://"

MAX_PROJECT_BYTES = 256 * 1024 * 1024
MAX_SOURCE_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_MEMBERS = 100_000

_EARLIEST_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_DRIVE = re.compile(r"^[A-Za-z]:")


def internal_path(guid: str) -> str:
    return f"{INTERNAL}{guid}.txt"


def write_package(
    out: BinaryIO, project_xml: bytes, sources: Sequence[tuple[str, str]], modified: str | None
) -> None:
    """Write a ``.qdpx`` to ``out``: the project, then each (GUID, text) as UTF-8."""
    stamp = _zip_time(modified)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_member(PROJECT_MEMBER, stamp), project_xml)
        for guid, text in sources:
            archive.writestr(_member(f"sources/{guid}.txt", stamp), text.encode("utf-8"))


def _member(name: str, stamp: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, whatever machine writes it
    info.external_attr = 0o644 << 16
    return info


def _zip_time(modified: str | None) -> tuple[int, int, int, int, int, int]:
    if modified is None:
        return _EARLIEST_ZIP_TIME
    moment = datetime.fromisoformat(modified).astimezone(UTC)
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    return max(stamp, _EARLIEST_ZIP_TIME)


@dataclass(slots=True)
class Package:
    """A project read from a ``.qdpx`` (or a bare ``.qde``) and the texts it refers to.

    ``stamp`` is the time of ``project.qde`` in the zip: the fallback for records that
    carry no date, so that importing the same file twice gives the same records.
    """

    project: Project
    shown: str
    stamp: str | None = None
    members: dict[str, bytes] = field(default_factory=dict)

    def internal(self, path: str | None) -> bytes | None:
        """The bytes behind an ``internal://`` path, or None if the package lacks them."""
        key = _internal_key(path)
        return self.members.get(key) if key is not None else None


def _internal_key(path: str | None) -> str | None:
    if path is None or not path.lower().startswith(INTERNAL):
        return None
    return _key(path[len(INTERNAL) :].lstrip("/"))


def _key(name: str) -> str:
    return name.replace("{", "").replace("}", "").lower()


def read_package(path: Path, shown: str | None = None) -> Package:
    """Read ``path``: a ``.qdpx`` zip, or a bare ``project.qde`` (which has no sources)."""
    shown = shown or str(path)
    try:
        with open(path, "rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise RefiError(f"cannot read {shown}: {exc.strerror or exc}") from None
    if magic != b"PK\x03\x04":
        data = read_bounded_file(path, shown)
        if not _looks_like_xml(data):
            raise RefiError(
                f"{shown} is neither a zip file nor XML: not a REFI-QDA project "
                "(damaged, or another kind of file)"
            )
        return Package(read_project(parse_xml(data, shown), shown), shown)
    try:
        with zipfile.ZipFile(path) as archive:
            return _read_zip(archive, shown)
    except zipfile.BadZipFile as exc:
        raise RefiError(f"{shown} is not a readable zip file ({exc})") from None
    except OSError as exc:
        raise RefiError(f"cannot read {shown}: {exc.strerror or exc}") from None


def _looks_like_xml(data: bytes) -> bool:
    """Whether ``data`` begins as XML does (UTF-16 too: the parser says why it is refused)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    return data.removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"<")


def read_bounded_file(path: Path, shown: str) -> bytes:
    """The bytes of an XML file (``.qde``, ``.qdc``), refused past the project bound."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_PROJECT_BYTES + 1)
    except OSError as exc:
        raise RefiError(f"cannot read {shown}: {exc.strerror or exc}") from None
    if len(data) > MAX_PROJECT_BYTES:
        raise RefiError(f"{shown} is larger than {MAX_PROJECT_BYTES // 2**20} MiB")
    return data


def _read_zip(archive: zipfile.ZipFile, shown: str) -> Package:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise RefiError(f"{shown} holds {len(infos)} files, more than {MAX_MEMBERS}")
    project_info: zipfile.ZipInfo | None = None
    sources: dict[str, zipfile.ZipInfo] = {}
    loose: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        parts = _safe_parts(info.filename, shown)
        if info.is_dir() or not parts:
            continue
        if len(parts) == 1 and parts[0].lower() == PROJECT_MEMBER and project_info is None:
            project_info = info
        elif len(parts) == 1:
            loose.setdefault(_key(parts[0]), info)
        elif len(parts) == 2 and parts[0].lower() == "sources":
            sources.setdefault(_key(parts[1]), info)
    if project_info is None:
        qde = [i for i in loose.values() if i.filename.lower().endswith(".qde")]
        if len(qde) != 1:
            raise RefiError(f"{shown} holds no project.qde: it is not a REFI-QDA project")
        project_info = qde[0]
    budget = _Budget(shown)
    data = budget.read(archive, project_info, MAX_PROJECT_BYTES)
    project = read_project(parse_xml(data, f"{shown}: {project_info.filename}"), shown)
    package = Package(
        project, shown, stamp=format_time(datetime(*project_info.date_time, tzinfo=UTC))
    )
    wanted = [s.path for s in project.sources] + [n.path for n in project.notes]
    for uri in wanted:
        key = _internal_key(uri)
        if key is None or key in package.members:
            continue
        member = sources.get(key) or loose.get(key)
        if member is not None:
            package.members[key] = budget.read(archive, member, MAX_SOURCE_BYTES)
    return package


def _safe_parts(name: str, shown: str) -> list[str]:
    """The folders and name of a member; RefiError if it could point outside the zip."""
    if name.startswith(("/", "\\")) or _DRIVE.match(name) or "\x00" in name:
        raise RefiError(f"{shown} holds a file with an absolute name ({name!r}); it was not read")
    parts = [part for part in re.split(r"[/\\]", name) if part and part != "."]
    if ".." in parts:
        raise RefiError(f"{shown} holds a file whose name leaves the zip ({name!r}); not read")
    return parts


@dataclass(slots=True)
class _Budget:
    """Reads members up to a bound each and in total, trusting no header."""

    shown: str
    used: int = 0

    def read(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
        limit = min(limit, MAX_TOTAL_BYTES - self.used)
        try:
            with archive.open(info) as handle:
                data = handle.read(limit + 1)
        except (RuntimeError, NotImplementedError, zipfile.BadZipFile, zlib.error, OSError) as exc:
            raise RefiError(f"{self.shown}: cannot read {info.filename!r} ({exc})") from None
        if len(data) > limit:
            raise RefiError(
                f"{self.shown}: {info.filename!r} is larger than this import accepts "
                f"({limit // 2**20} MiB)"
            )
        self.used += len(data)
        return data
