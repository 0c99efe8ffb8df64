"""Regenerate docs/screenshot.svg: the bundled sample, partly coded, at 120x36.

Run from the repository root: python docs/screenshot.py
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.workspace import Workspace
from annotator.store import DataDir
from annotator.text.document import bundled_sample_path, load_document
from annotator.ui.app import AnnotatorApp

OUT = Path(__file__).resolve().parent / "screenshot.svg"


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Workspace(DataDir(Path(tmp)), "reader", DEFAULT_CODEBOOK)
        document = load_document(bundled_sample_path(), is_sample=True)
        session = workspace.open(document)
        for sentence, code in ((0, "assertion"), (2, "claim"), (3, "claim"), (5, "appeal")):
            session.toggle_tag(sentence, code)
        session.toggle_tag(3, "statistic")
        session.set_note(3, "Who counted? Check the mission's own statement.")
        app = AnnotatorApp(workspace, session)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press("j", "j", "j")
            session.flush(5)
            await pilot.pause(0.3)
            app.save_screenshot(str(OUT.name), path=str(OUT.parent))
        session.close()


if __name__ == "__main__":
    asyncio.run(main())
