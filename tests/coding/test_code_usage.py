"""One counting routine for the statistics screen and ``annotator stats``."""

from __future__ import annotations

from pathlib import Path

from annotator.codebook.model import Code, Codebook
from annotator.coding.code_usage import CodeUsage, count_usage
from annotator.coding.opening import open_session
from annotator.coding.statistics import coding_statistics
from annotator.export import from_document
from annotator.export.counts import compute_stats
from annotator.store import DataDir
from tests.export.builders import code, write_document


def _code(name: str, aliases: tuple[str, ...] = ()) -> Code:
    return Code(name, name.upper(), name[0], "red", f"{name}.", name, aliases=aliases)


BOOK = Codebook("test", "1", (_code("claim", aliases=("fact",)), _code("appeal")))


def test_former_names_repeats_and_unknown_tags() -> None:
    usage = count_usage(
        BOOK,
        [
            (0, ("claim", "fact")),  # the same code twice: once
            (0, ("claim",)),  # a second coder on the same sentence
            (1, ("fact", "zeta")),
            (2, ("alpha",)),
            (3, ()),  # a note only
        ],
    )
    assert usage.codes == (
        CodeUsage("claim", "CLAIM", "red", True, 3, 2),
        CodeUsage("appeal", "APPEAL", "red", True, 0, 0),
        CodeUsage("alpha", "alpha", None, False, 1, 1),
        CodeUsage("zeta", "zeta", None, False, 1, 1),
    )
    assert usage.tagged_sentences == 3


def test_nothing_to_count_still_lists_the_codebook() -> None:
    usage = count_usage(BOOK, [])
    assert [(c.name, c.annotations, c.sentences) for c in usage.codes] == [
        ("claim", 0, 0),
        ("appeal", 0, 0),
    ]
    assert usage.tagged_sentences == 0


def test_the_screen_and_the_stats_command_count_alike(tmp_path: Path, data_dir: DataDir) -> None:
    document = write_document(tmp_path)
    code(data_dir, document, {0: (("claim", "fact"), ""), 2: (("old", "appeal"), ""), 3: ((), "n")})
    session = open_session(data_dir, document, BOOK, "alice", read_only=True)
    try:
        screen = coding_statistics(session)
    finally:
        session.close()
    stats = compute_stats([from_document(document, data_dir)], BOOK).documents[0]
    assert [(c.name, c.count) for c in screen.codes] == [(c.name, c.sentences) for c in stats.codes]
    assert [(c.name, c.count) for c in screen.codes] == [("claim", 1), ("appeal", 1), ("old", 1)]
    assert screen.tagged == stats.coded_sentences == 2


def test_the_total_counts_each_documents_sentences_apart(tmp_path: Path, data_dir: DataDir) -> None:
    first = write_document(tmp_path, "One. Two.", "a.txt")
    second = write_document(tmp_path, "One. Two.\n\nThree.", "b.txt")
    code(data_dir, first, {0: (("claim", "zeta"), "")})
    code(data_dir, second, {0: (("claim", "beta"), "")})
    code(data_dir, second, {0: (("claim",), "")}, coder="bob")
    stats = compute_stats([from_document(first, data_dir), from_document(second, data_dir)], BOOK)
    total = {c.name: (c.annotations, c.sentences) for c in stats.total.codes}
    assert total == {"claim": (3, 2), "appeal": (0, 0), "beta": (1, 1), "zeta": (1, 1)}
    assert [c.name for c in stats.total.codes] == ["claim", "appeal", "beta", "zeta"]
