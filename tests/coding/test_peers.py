"""The other coders' codes on a document, whatever their sentences, and when a workspace
lets a coder see them."""

from __future__ import annotations

from pathlib import Path

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.opening import open_session
from annotator.coding.peers import read_peers
from annotator.coding.workspace import Workspace
from annotator.settings.paths import DataLocation
from annotator.settings.project import Project
from annotator.store import DataDir
from annotator.text.document import Document, load_document
from tests.helpers import press_text


def code(data_dir: DataDir, document: Document, coder: str, tags: dict[int, str]) -> None:
    session = open_session(data_dir, document, DEFAULT_CODEBOOK, coder)
    for sentence, tag in tags.items():
        session.toggle_tag(sentence, tag)
    assert session.close()


def test_each_other_coder_over_a_span_whatever_their_sentences(
    data_dir: DataDir, tmp_path: Path
) -> None:
    path = tmp_path / "release.txt"
    path.write_text(press_text(1), encoding="utf-8")
    sample = load_document(path)
    code(data_dir, sample, "tester", {0: "claim"})
    code(data_dir, sample, "ana", {0: "appeal", 1: "statistic"})
    session = open_session(data_dir, sample, DEFAULT_CODEBOOK, "ben")
    session.merge(0)  # ben's first sentence is the first two
    session.toggle_tag(0, "claim")
    session.set_note(0, "two in one")
    assert session.close()
    peers = read_peers(data_dir, sample.doc_id, "tester")
    assert peers.coders == ("ana", "ben")
    first, second = sample.sentences[0], sample.sentences[1]
    over_first = {a.coder: (a.codes, a.note) for a in peers.over(first.start, first.end)}
    assert over_first == {"ana": (("appeal",), ""), "ben": (("claim",), "two in one")}
    over_second = {a.coder: a.codes for a in peers.over(second.start, second.end)}
    assert over_second == {"ana": ("statistic",), "ben": ("claim",)}
    both = peers.over(first.start, second.end)
    assert {a.coder: a.codes for a in both}["ana"] == ("appeal", "statistic")


def test_a_damaged_file_is_counted_not_fatal(data_dir: DataDir, sample: Document) -> None:
    code(data_dir, sample, "ana", {0: "claim"})
    data_dir.store_path(sample.doc_id, "ben").write_text("{", encoding="utf-8")
    peers = read_peers(data_dir, sample.doc_id, "tester")
    assert peers.coders == ("ana",) and peers.unreadable == 1


def test_blind_until_finished_in_a_blind_project(tmp_path: Path, sample: Document) -> None:
    project = Project(root=tmp_path, name="p")
    location = DataLocation(project.coding_dir, "project", project, project)
    data_dir = DataDir.at(location)
    code(data_dir, sample, "ana", {0: "claim"})
    workspace = Workspace(data_dir, "ben", DEFAULT_CODEBOOK, location=location)
    assert workspace.blind
    session = workspace.open(sample)
    try:
        assert not workspace.others_visible(session)
        assert not workspace.peers(session)
        session.set_finished(True)
        assert workspace.others_visible(session)
        assert workspace.peers(session).coders == ("ana",)
    finally:
        assert session.close()
    open_project = Project(root=tmp_path, name="p", blind=False)
    seeing = Workspace(
        data_dir,
        "cem",
        DEFAULT_CODEBOOK,
        location=DataLocation(open_project.coding_dir, "project", open_project, open_project),
    )
    assert not seeing.blind
    assert not Workspace(data_dir, "cem", DEFAULT_CODEBOOK).blind
