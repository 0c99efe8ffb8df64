"""``annotator help``: every topic prints; every --help stands alone (no docs/ needed)."""

from __future__ import annotations

import re
from importlib import import_module

import pytest

from annotator.annotation import MAX_NOTE
from annotator.cli.main import COMMANDS, build_parser, run_cli
from annotator.cli.topics import TOPICS
from annotator.codebook.limits import MAX_DEFINITION
from annotator.export.layouts import LONG_COLUMNS, WIDE_FIXED_AFTER, WIDE_TRAILING
from annotator.settings.keys import ACTIONS


def no_launch(request: object) -> int:
    raise AssertionError("help opens no screen")


def test_help_lists_the_topics(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["help"], launch=no_launch) == 0
    out = capsys.readouterr().out
    for topic in ("keys", "codebook", "export", "storage", "import"):
        assert f"  {topic} " in out


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_each_topic_prints_a_page(topic: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["help", topic], launch=no_launch) == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) > 5
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "docs/" not in out


def test_the_pages_follow_the_code(capsys: pytest.CaptureFixture[str]) -> None:
    run_cli(["help", "keys"], launch=no_launch)
    keys = capsys.readouterr().out
    assert all(f"[{action.id}]" in keys for action in ACTIONS)
    assert "right_curly_bracket" not in keys and "} PgDn" in keys
    run_cli(["help", "export"], launch=no_launch)
    export = capsys.readouterr().out
    for column in (*LONG_COLUMNS, *WIDE_FIXED_AFTER, *WIDE_TRAILING):
        assert column in export


def test_the_pages_name_the_bounds_and_the_recovery_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Issue 16's bounds and recovery files are where a user without docs/ looks."""
    pages = {}
    for topic in ("codebook", "import", "storage"):
        run_cli(["help", topic], launch=no_launch)
        pages[topic] = " ".join(capsys.readouterr().out.split())
    assert f"A definition holds at most {MAX_DEFINITION:,} characters" in pages["codebook"]
    assert f"a note over {MAX_NOTE:,} characters" in pages["import"]
    assert "A recovery file" in pages["import"]
    assert "recovery file beside the data directory" in pages["storage"]


def test_an_unknown_topic_names_the_topics(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["help", "exprot"], launch=no_launch) == 2
    assert "the topics are: keys, codebook" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["", *sorted(COMMANDS)])
def test_every_help_stands_alone(command: str) -> None:
    parser = build_parser() if not command else import_module(COMMANDS[command]).build_parser()
    text = parser.format_help()
    assert "docs/" not in text
    assert re.search(r"\w\.md\b", text) is None  # no page of the docs folder
