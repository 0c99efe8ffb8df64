"""What starting annotator loads: nothing that its first screen does not need (issue 15).

Each check runs in a fresh interpreter, since this one has every module loaded already.
The first screen is drawn headless (``App.run_test``), as in the UI tests.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.store import DataDir
from annotator.text.document import bundled_sample_path

ROOT = Path(__file__).resolve().parent.parent

NEVER_BEFORE_THE_READER = (
    "annotator.export",
    "annotator.codebook.toml_parse",
    "annotator.import_",
    "annotator.refi",
    "annotator.agreement",
    "rapidfuzz",
    "tomllib",
)
"""Modules the command line does not load to open the reader (with no codebook file)."""

NOT_FOR_THE_FIRST_SCREEN = (
    *NEVER_BEFORE_THE_READER,
    "annotator.store.doctor",
    "annotator.store.progress",
    "annotator.coding.statistics",
    "annotator.coding.adjudication",
    "annotator.coding.document_coders",
    "annotator.coding.reanchoring.carry",
    "annotator.coding.reanchoring.earlier",
    "annotator.coding.reanchoring.reanchor",
    "annotator.text.corpus",
    "annotator.ui.dialogs",
    "annotator.ui.screens.corpus_screen",
    "annotator.ui.screens.help_screen",
    "annotator.ui.screens.stats_screen",
    "textual.widgets._data_table",
    "textual.widgets._text_area",
)
"""Modules for keys and screens a coder has not asked for yet."""

SCRIPT = """
import asyncio, json, sys

stages = {"import": sorted(sys.modules)}
import annotator.entry
import annotator.cli.main

stages["entry"] = sorted(sys.modules)


async def first_screen(request):
    from annotator.coding.workspace import Workspace
    from annotator.ui.app import AnnotatorApp

    workspace = Workspace(request.data_dir, request.coder, request.codebook)
    # A corpus (a folder) starts with its list, no document open.
    session = workspace.open(request.document) if request.document is not None else None
    app = AnnotatorApp(workspace, session, config=request.config, corpus=request.corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        stages["screen"] = sorted(sys.modules)
    if session is not None:
        session.close()


def launch(request):
    stages["cli"] = sorted(sys.modules)
    asyncio.run(first_screen(request))
    return 0


from annotator.cli.main import run_cli

assert run_cli(sys.argv[1:], launch=launch) == 0
print(json.dumps(stages))
"""


def _stages(document: Path) -> dict[str, set[str]]:
    """The modules loaded at each stage of opening ``document`` in the reader (or, for a
    folder, its list)."""
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(document)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    stages = json.loads(result.stdout.strip().splitlines()[-1])
    before = set(stages.pop("import"))
    return {name: set(modules) - before for name, modules in stages.items()}


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(f"{n}.") for n in names))


def test_importing_the_entry_point_loads_no_heavy_module() -> None:
    """The entry point and the command line's parser: ``annotator --help``, ``--version``
    and every command start from here."""
    entry = _stages(bundled_sample_path())["entry"]
    heavy = (
        "annotator.cli.open",
        "annotator.store",
        "annotator.coding",
        "annotator.text.document",
        "annotator.text.segment",
        "annotator.ui",
        "sentencex",
        "tinydb",
        "textual",
        *NEVER_BEFORE_THE_READER,
    )
    assert _loaded(entry, heavy) == []
    assert {"annotator.entry", "annotator.cli.main"} <= entry


def test_the_command_line_opens_the_reader_without_textual_or_exports() -> None:
    """Config, codebook and document are checked before any screen, by the core alone."""
    stages = _stages(bundled_sample_path())
    assert "annotator.text.document" in stages["cli"]  # the document was loaded
    assert _loaded(stages["cli"], ("textual", "annotator.ui", *NEVER_BEFORE_THE_READER)) == []


def test_the_first_screen_loads_only_what_it_shows() -> None:
    stages = _stages(bundled_sample_path())
    assert "annotator.ui.screens.reader_screen" in stages["screen"]
    assert _loaded(stages["screen"], NOT_FOR_THE_FIRST_SCREEN) == []


def test_the_collector_is_off_while_the_reader_starts_and_on_after(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Switched off for the reader (the app switches it on after its first frame), never
    for a headless command, and on again when ``main`` returns either way."""
    from annotator import entry

    during: list[bool] = []

    def launch(request: object) -> int:
        during.append(gc.isenabled())
        return 0

    monkeypatch.setattr(entry, "_launch", launch)
    assert gc.isenabled()
    assert entry.main([str(bundled_sample_path())]) == 0
    assert during == [False]
    assert gc.isenabled()
    assert entry.main(["help"]) == 0
    assert gc.isenabled()
    capsys.readouterr()


def test_a_text_segmented_before_opens_without_the_segmenter(tmp_path: Path) -> None:
    """The next opening finds the sentences in the segmentation cache (which is written
    once the data directory exists: a cache never makes it)."""
    DataDir(Path(os.environ["ANNOTATOR_DATA_DIR"])).ensure()
    document = tmp_path / "release.txt"
    document.write_text(bundled_sample_path().read_text(encoding="utf-8"), encoding="utf-8")
    first = _stages(document)
    assert "annotator.text.segment" in first["cli"]
    second = _stages(document)
    assert (
        _loaded(
            second["screen"], ("annotator.text.segment", "annotator.text.paragraphs", "sentencex")
        )
        == []
    )


def test_a_corpus_list_comes_up_without_the_reader_or_any_document(tmp_path: Path) -> None:
    """No document is read for the list: neither the reader nor the session's machinery
    nor the segmenter is loaded until the coder opens one."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for number in range(3):
        (folder / f"release-{number}.txt").write_text("A sentence. Another.\n", encoding="utf-8")
    stages = _stages(folder)
    assert "annotator.ui.screens.corpus_screen" in stages["screen"]
    not_yet = (
        "annotator.ui.screens.reader_screen",
        "annotator.ui.reader",
        "annotator.coding.opening",
        "annotator.coding.session",
        "annotator.coding.carrying",
        "annotator.text.segment",
        "sentencex",
        *NEVER_BEFORE_THE_READER,
    )
    assert _loaded(stages["screen"], not_yet) == []
