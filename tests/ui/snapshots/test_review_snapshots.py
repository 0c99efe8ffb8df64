"""The review screen over an edited document, compared with a stored SVG snapshot.

Update after an intended visual change with ``pytest --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from annotator.store import DataDir
from tests.helpers import code_then_edit, make_app

SIZE = (120, 36)


def test_review_screen(snap_compare: Any, tmp_path: Path, data_dir: DataDir) -> None:
    """Beta held with its rewording proposed (0.56), Epsilon orphaned; the reader's
    cursor on the last sentence, where h would place the highlighted one."""
    _, after = code_then_edit(tmp_path / "doc.txt", data_dir)

    async def review(pilot: Pilot[Any]) -> None:
        await pilot.press("G")
        # Toasts expire on the clock; the screen under them is what is compared.
        pilot.app.clear_notifications()
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()

    assert snap_compare(make_app(data_dir, after), run_before=review, terminal_size=SIZE)
