"""A data directory that cannot be written opens the document read-only, saying why.

Issue 16: opening a document in a read-only data directory, or a new document on a full
disk, ended in a raw OSError traceback. Tests run as root here, where a folder's mode is
no obstacle: a read-only filesystem is simulated by making the os module refuse writes
under the data directory with EROFS, and a full disk is real, a file-size limit of 0 bytes
in a child process (every write fails with EFBIG, as on a full disk).
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.workspace import Workspace
from annotator.store import DataDir
from annotator.store.naming import coder_file_name
from annotator.text.document import Document, bundled_sample_path, load_document
from tests.helpers import REPO

FULL_DISK_CHILD = """
import json, resource, signal, sys
from pathlib import Path
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.workspace import Workspace
from annotator.store import DataDir
from annotator.text.document import load_document
document = load_document(Path(sys.argv[2]))
resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.RLIM_INFINITY))
session = Workspace(DataDir(Path(sys.argv[1])), "tester", DEFAULT_CODEBOOK).open(document)
print(json.dumps({"read_only": session.read_only, "reason": session.read_only_reason}))
session.close()
"""


@pytest.fixture
def read_only_folder(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Make the operating system refuse every write under a folder, as a read-only
    filesystem does (EROFS), even to root: creating, opening for writing, linking,
    renaming and removing. Reading works."""
    roots: list[Path] = []
    real_open, real_mkdir = os.open, os.mkdir
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

    def refuse(path: object) -> None:
        target = Path(os.fsdecode(path)).absolute()  # type: ignore[arg-type]
        if any(target == root or root in target.parents for root in roots):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(target))

    def guarded_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & writing:
            refuse(path)
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    def guarded_mkdir(path: object, *args: object, **kwargs: object) -> None:
        refuse(path)
        real_mkdir(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", guarded_open)
    monkeypatch.setattr(os, "mkdir", guarded_mkdir)
    for name in ("link", "replace", "rename", "unlink"):
        real = getattr(os, name)

        def guarded(*args: object, _real: Any = real, **kwargs: object) -> Any:
            for path in args[:2]:
                refuse(path)
            return _real(*args, **kwargs)

        monkeypatch.setattr(os, name, guarded)
    return roots.append


def test_a_read_only_data_directory_opens_read_only(
    tmp_path: Path, sample: Document, read_only_folder: Callable[[Path], None]
) -> None:
    data_dir = DataDir(tmp_path / "data")
    first = Workspace(data_dir, "tester", DEFAULT_CODEBOOK).open(sample)
    first.toggle_tag(0, "claim")
    assert first.close()
    read_only_folder(data_dir.root)
    for document in (sample, load_document(_new_document(tmp_path))):
        session = Workspace(data_dir, "tester", DEFAULT_CODEBOOK).open(document)
        assert session.read_only
        assert _says_unwritable(session.read_only_reason, "Read-only file system", data_dir)
        assert session.close()
    reopened = Workspace(data_dir, "tester", DEFAULT_CODEBOOK).open(sample)
    assert reopened.tags(0) == ["claim"], "what was saved before is shown"
    assert reopened.close()


def _says_unwritable(reason: str, why: str, data_dir: DataDir) -> bool:
    """Whether ``reason`` says that the data directory cannot be written, and why: where
    the document's folder cannot be made or the catalog written, or, in a folder that
    exists, where the coder's lock file cannot be made."""
    return reason in (
        f"cannot write the data directory ({why}): {data_dir.root}; opened read-only",
        f"cannot lock {coder_file_name('tester')} for writing ({why}); opened read-only",
    )


def _new_document(tmp_path: Path) -> Path:
    path = tmp_path / "new.txt"
    path.write_text("A document the data directory has never seen. It has two sentences.")
    return path


@pytest.mark.skipif(os.geteuid() == 0, reason="root bypasses file permissions")
def test_a_data_directory_without_write_permission_opens_read_only(
    tmp_path: Path, sample: Document
) -> None:
    data_dir = DataDir(tmp_path / "data")
    Workspace(data_dir, "tester", DEFAULT_CODEBOOK).open(sample).close()
    for folder in (data_dir.root, data_dir.documents_dir, data_dir.document_dir(sample.doc_id)):
        folder.chmod(0o555)
    try:
        session = Workspace(data_dir, "tester", DEFAULT_CODEBOOK).open(sample)
        assert session.read_only and "opened read-only" in session.read_only_reason
        session.close()
    finally:
        for folder in (data_dir.root, data_dir.documents_dir):
            folder.chmod(0o755)


def test_a_new_document_on_a_full_disk_opens_read_only(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    Workspace(DataDir(data_dir), "tester", DEFAULT_CODEBOOK)  # nothing written yet
    document = tmp_path / "new.txt"
    document.write_text(bundled_sample_path().read_text(encoding="utf-8"), encoding="utf-8")
    child = subprocess.run(
        [sys.executable, "-c", FULL_DISK_CHILD, str(data_dir), str(document)],
        cwd=REPO,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == 0, child.stderr.decode()
    said = json.loads(child.stdout)
    assert said["read_only"] is True
    assert _says_unwritable(said["reason"], "File too large", DataDir(data_dir))
    assert "Traceback" not in child.stderr.decode()


def test_the_reader_says_why_in_the_status_bar(
    tmp_path: Path, read_only_folder: Callable[[Path], None]
) -> None:
    import asyncio

    from annotator.ui.app import AnnotatorApp
    from annotator.ui.widgets.status_bar import StatusBar

    read_only_folder(tmp_path / "data")
    workspace = Workspace(DataDir(tmp_path / "data"), "tester", DEFAULT_CODEBOOK)
    sample = load_document(bundled_sample_path(), is_sample=True)
    app = AnnotatorApp(workspace, workspace.open(sample))

    async def run() -> str:
        async with app.run_test(size=(160, 36)) as pilot:
            await pilot.press("1")  # a code key: refused, the document is read-only
            return str(app.screen.query_one(StatusBar).render())

    status = asyncio.run(run())
    assert "READ-ONLY: cannot write the data directory (Read-only file…" in status
    assert app.session.tags(0) == []
