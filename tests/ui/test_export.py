"""The export key E: next to the document, or asked where; same bytes as the CLI."""

from __future__ import annotations

import csv
from pathlib import Path

from textual.widgets import Input

from annotator.export.service import export_document_csv
from annotator.store import DataDir
from annotator.text.document import Document, load_document
from annotator.ui.dialogs.export_path import ExportPathScreen
from tests.helpers import make_app, wait_for_workers

SIZE = (120, 36)
HEADER = "document,doc_id,paragraph,sentence,start,end,text,tags,note,annotator,updated"


async def test_export_writes_next_to_the_document(data_dir: DataDir, tmp_path: Path) -> None:
    path = tmp_path / "release.txt"
    path.write_text("First claim here. Second, with =SUM(1) inside.\n\nNext paragraph.\n")
    document = load_document(path)
    app = make_app(data_dir, document)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "j", "2", "E")
        await wait_for_workers(pilot)  # the export runs in a worker
    target = tmp_path / "release.annotations.csv"
    data = target.read_bytes()
    assert data.startswith(HEADER.encode() + b"\r\n")
    rows = list(csv.DictReader(data.decode("utf-8").splitlines()))
    assert [r["tags"] for r in rows] == ["claim", "assertion"]
    # The app writes exactly what the command line writes.
    cli_copy = tmp_path / "cli.csv"
    export_document_csv(document, data_dir, app.session.codebook, str(cli_copy))
    assert cli_copy.read_bytes() == data


async def test_export_of_the_bundled_sample_asks_where(
    data_dir: DataDir, sample: Document, tmp_path: Path
) -> None:
    app = make_app(data_dir, sample)
    target = tmp_path / "out" / "sample.csv"
    target.parent.mkdir()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "E")
        await pilot.pause()
        assert isinstance(app.screen, ExportPathScreen)
        assert app.screen.query_one(Input).value.endswith("q7x2.annotations.csv")
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_for_workers(pilot)
        assert not isinstance(app.screen, ExportPathScreen)
        messages = [n.message for n in app._notifications]
        assert any(str(target) in m for m in messages)
        assert f"Wrote 1 row to {target}" in messages
    assert target.read_text(encoding="utf-8").startswith(HEADER)
