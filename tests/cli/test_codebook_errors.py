"""A codebook with several problems: every one is named at once, before any screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli.main import run_cli
from tests.codebook.test_toml_parse import HEADER, code


def no_launch(request: object) -> int:
    raise AssertionError("no screen may open with a bad codebook")


@pytest.fixture
def bad_codebook(tmp_path: Path) -> Path:
    path = tmp_path / "bad.toml"
    text = HEADER + code("alpha", "j") + code("beta", "1").replace('"#5f87d7"', '"nope"')
    path.write_text(text + code("gamma", "1"), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [[], ["export"], ["stats"]])
def test_every_problem_is_listed(
    command: list[str], bad_codebook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = tmp_path / "doc.txt"
    document.write_text("One sentence here. Another one there.\n", encoding="utf-8")
    args = [*command, "--data-dir", str(tmp_path / "data"), "--codebook", str(bad_codebook)]
    assert run_cli([*args, str(document)], launch=no_launch) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 3, lines
    assert all(line.startswith(f"annotator: error: {bad_codebook}:") for line in lines)
    assert "key 'j'" in lines[0]
    assert "nope" in lines[1]
    assert "duplicate key '1'" in lines[2]
    assert not any("more problem" in line for line in lines)
