"""How the reader shows the store's state: saving, failures, read-only, unsaved quit."""

from __future__ import annotations

import asyncio
import errno
import json
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from annotator.store import DataDir
from annotator.store import storage as storage_module
from annotator.text.document import Document
from annotator.ui.dialogs.quit_confirm import QuitConfirmScreen
from annotator.ui.widgets.status_bar import StatusBar
from tests.helpers import make_app, wait_for_workers

SIZE = (120, 36)


def _status_text(app: Any) -> str:
    return str(app.screen.query_one(StatusBar).render())


def _watch_save_state(app: Any, shown: list[str]) -> dict[str, asyncio.Event]:
    """Record each save state the app shows; an event per state, set when it is shown."""
    original = app.save_display.show_label
    events = {"saving": asyncio.Event(), "saved": asyncio.Event(), "NOT SAVED": asyncio.Event()}

    def record(label: str) -> None:
        shown.append(label)
        original(label)
        for start, event in events.items():
            if label.startswith(start):
                event.set()

    app.save_display.show_label = record
    return events


async def test_status_bar_says_saving_then_saved_after_a_tag(
    data_dir: DataDir, sample: Document
) -> None:
    app = make_app(data_dir, sample)
    shown: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        shown_now = _watch_save_state(app, shown)
        await pilot.press("1")
        assert app.session.store.flush(5)
        # "saved" follows the durable write after a short delay.
        await asyncio.wait_for(shown_now["saved"].wait(), 10)
        assert shown[0].startswith("saving") and shown[-1] == "saved"
        assert "● saved" in _status_text(app)
        assert "NOT SAVED" not in _status_text(app)


async def test_full_disk_keeps_edits_and_asks_before_quitting(
    data_dir: DataDir, sample: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(data_dir, sample)
    store_path = data_dir.store_path(sample.doc_id, "tester")

    def disk_full(path: Path, data: bytes, **options: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    async with app.run_test(size=SIZE) as pilot:
        shown_now = _watch_save_state(app, [])
        await pilot.press("1")
        assert app.session.store.flush(5)
        good = store_path.read_bytes()
        monkeypatch.setattr(storage_module, "atomic_write_bytes", disk_full)
        await pilot.press("j", "2")
        assert not app.session.store.flush(0.5)
        await asyncio.wait_for(shown_now["NOT SAVED"].wait(), 10)
        assert "NOT SAVED" in _status_text(app)
        assert app.session.tags(1) == ["assertion"]  # the edit is kept in memory
        assert store_path.read_bytes() == good  # the last good file is intact

        await pilot.press("q")
        await wait_for_workers(pilot)  # the writes are waited for off the UI thread
        assert isinstance(app.screen, QuitConfirmScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, QuitConfirmScreen)
        assert app.is_running

        await pilot.press("q")
        await wait_for_workers(pilot)
        target = tmp_path / "rescued.jsonl"
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_for_workers(pilot)  # the export, then the store closing
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert any(
        entry["op"] == "save" and entry["annotation"]["tags"] == ["assertion"] for entry in lines
    )


async def test_second_instance_is_read_only(data_dir: DataDir, sample: Document) -> None:
    first = make_app(data_dir, sample)
    async with first.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        second = make_app(data_dir, sample)
        assert second.session.read_only
        assert "pid" in second.session.store.read_only_reason
        async with second.run_test(size=SIZE) as pilot2:
            assert "READ-ONLY" in _status_text(second)
            await pilot2.press("j", "2")
            assert second.session.tags(1) == []
            await pilot2.press("q")
        await pilot.press("q")
    assert first.return_code == 0


async def test_a_damaged_catalog_is_named_on_screen_and_the_document_opens(
    data_dir: DataDir, sample: Document
) -> None:
    data_dir.register(doc_id="ab" * 8, name="o.txt", path="o.txt", sentences=1, paragraphs=1)
    data_dir.catalog_path.write_bytes(b"[1, 2")
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await pilot.pause()
        warnings = [n.message for n in app._notifications if n.severity == "warning"]
        assert any(str(data_dir.catalog_path) in m and "annotator doctor" in m for m in warnings)
        assert app.session.tags(0) == ["claim"]
    assert data_dir.catalog_path.read_bytes() == b"[1, 2"
