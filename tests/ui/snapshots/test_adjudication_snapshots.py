"""The reader in adjudication mode, compared with a stored SVG snapshot.

Update after an intended visual change with ``pytest --snapshot-update``.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from annotator.store import DataDir
from annotator.text.document import Document
from tests.helpers import make_adjudication_app

SIZE = (120, 36)


def test_adjudicating_a_disagreement(
    snap_compare: Any, data_dir: DataDir, sample: Document
) -> None:
    """Sentence 4 (index 3): ana and ben, who finished, disagree, and cem, who did not, is
    shown apart; the reference took ben's codes on the next disagreement."""

    async def adjudicate(pilot: Pilot[Any]) -> None:
        await pilot.press("n", "n", "equals_sign", "2", "N")
        # Toasts expire on the clock; the screen under them is what is compared.
        pilot.app.clear_notifications()
        await pilot.pause()

    app = make_adjudication_app(data_dir, sample)
    assert snap_compare(app, run_before=adjudicate, terminal_size=SIZE)
