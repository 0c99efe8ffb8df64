"""Which codebook applies: --codebook, then a project file, then the user's, then the default."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli.main import run_cli
from annotator.codebook.discovery import discover_codebook, find_project_file
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.codebook.source import CodebookError
from annotator.coding.open_request import OpenRequest
from annotator.settings.config import bound_keys
from annotator.settings.paths import resolve_config_dir


def book(name: str) -> str:
    return (
        f'[codebook]\nname = "{name}"\nversion = "1"\n\n[[codes]]\nname = "only"\n'
        'label = "ONL"\nkey = "1"\ncolor = "red"\ndefinition = "The only code."\n'
    )


@pytest.fixture
def layout(tmp_path: Path) -> dict[str, Path]:
    """project/annotator.toml, project/docs/deep/doc.txt, a user codebook and an option file."""
    project = tmp_path / "project"
    deep = project / "docs" / "deep"
    deep.mkdir(parents=True)
    (deep / "doc.txt").write_text("Text.\n", encoding="utf-8")
    (project / "annotator.toml").write_text(book("from-project"), encoding="utf-8")
    user_dir = resolve_config_dir()
    user_dir.mkdir(parents=True)
    (user_dir / "codebook.toml").write_text(book("from-user"), encoding="utf-8")
    option = tmp_path / "option.toml"
    option.write_text(book("from-option"), encoding="utf-8")
    return {"project": project, "deep": deep, "option": option, "user": user_dir}


def test_option_wins_over_everything(layout: dict[str, Path]) -> None:
    found = discover_codebook(option=str(layout["option"]), start=layout["deep"])
    assert found.name == "from-option"
    assert found.source == f"{layout['option']} (--codebook)"


def test_project_file_in_a_parent_directory(layout: dict[str, Path]) -> None:
    found = discover_codebook(start=layout["deep"])
    assert found.name == "from-project"
    assert found.source == f"{layout['project'].resolve() / 'annotator.toml'} (project file)"


def test_nearest_project_file_wins(layout: dict[str, Path]) -> None:
    (layout["deep"] / "annotator.toml").write_text(book("nearest"), encoding="utf-8")
    assert discover_codebook(start=layout["deep"]).name == "nearest"


def test_project_file_naming_a_codebook_path(layout: dict[str, Path]) -> None:
    (layout["project"] / "books").mkdir()
    (layout["project"] / "books" / "cb.toml").write_text(book("named"), encoding="utf-8")
    (layout["project"] / "annotator.toml").write_text(
        '# project settings\ncodebook = "books/cb.toml"\n', encoding="utf-8"
    )
    found = discover_codebook(start=layout["deep"])
    assert found.name == "named"
    assert "named in" in found.source


def test_project_file_naming_a_missing_codebook(layout: dict[str, Path]) -> None:
    (layout["project"] / "annotator.toml").write_text(
        '# settings\n\ncodebook = "missing.toml"\n', encoding="utf-8"
    )
    with pytest.raises(CodebookError, match=r"annotator\.toml:3: codebook file not found"):
        discover_codebook(start=layout["deep"])


def test_project_file_with_a_wrong_codebook_type(layout: dict[str, Path]) -> None:
    (layout["project"] / "annotator.toml").write_text("codebook = 3\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"annotator\.toml:1: codebook must be"):
        discover_codebook(start=layout["deep"])


def test_project_file_with_codes_but_no_codebook_table(layout: dict[str, Path]) -> None:
    text = '[[codes]]\nname = "a"\n'
    (layout["project"] / "annotator.toml").write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError, match=r"annotator\.toml:1: \[\[codes\]\] without"):
        discover_codebook(start=layout["deep"])


def test_project_file_without_codebook_falls_through_to_user(layout: dict[str, Path]) -> None:
    (layout["project"] / "annotator.toml").write_text("# nothing yet\n", encoding="utf-8")
    found = discover_codebook(start=layout["deep"])
    assert found.name == "from-user"
    assert found.source.endswith("(user config)")


def test_invalid_project_file_is_an_error_not_skipped(layout: dict[str, Path]) -> None:
    (layout["project"] / "annotator.toml").write_text(
        book("bad").replace('key = "1"', 'key = "j"'), encoding="utf-8"
    )
    with pytest.raises(CodebookError, match=r"annotator\.toml:8: .*clashes"):
        discover_codebook(start=layout["deep"])


def test_user_config_when_no_project_file(layout: dict[str, Path], tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert discover_codebook(start=elsewhere).name == "from-user"


def test_default_when_nothing_is_found(tmp_path: Path) -> None:
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    assert discover_codebook(start=lonely) is DEFAULT_CODEBOOK
    assert discover_codebook() is DEFAULT_CODEBOOK


def test_config_dir_argument_overrides_the_environment(
    layout: dict[str, Path], tmp_path: Path
) -> None:
    other = tmp_path / "other-config"
    other.mkdir()
    (other / "codebook.toml").write_text(book("other-user"), encoding="utf-8")
    assert discover_codebook(config_dir=other).name == "other-user"


def test_missing_option_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match=r"nope\.toml: file not found"):
        discover_codebook(option=str(tmp_path / "nope.toml"))


def test_find_project_file_looks_only_upwards(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "c").mkdir()
    (tmp_path / "a" / "annotator.toml").write_text("", encoding="utf-8")
    assert find_project_file(tmp_path / "a" / "b") == (tmp_path / "a" / "annotator.toml").resolve()
    assert find_project_file(tmp_path / "c") != (tmp_path / "a" / "annotator.toml").resolve()


# -- through the command line -----------------------------------------------------------


def _request(argv: list[str]) -> OpenRequest:
    captured: list[OpenRequest] = []

    def launch(request: OpenRequest) -> int:
        captured.append(request)
        return 0

    assert run_cli(argv, launch=launch) == 0
    return captured[0]


def test_cli_codebook_option(layout: dict[str, Path], tmp_path: Path) -> None:
    doc = layout["deep"] / "doc.txt"
    request = _request(
        [str(doc), "--codebook", str(layout["option"]), "--data-dir", str(tmp_path / "d")]
    )
    assert request.codebook.name == "from-option"
    assert _request([str(doc), "--data-dir", str(tmp_path / "d")]).codebook.name == "from-project"


def test_cli_sample_searches_from_the_current_directory(
    layout: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(layout["deep"])
    assert _request(["--data-dir", str(tmp_path / "d")]).codebook.name == "from-project"


def test_cli_invalid_codebook_is_one_line_with_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(book("bad").replace('key = "1"', 'key = "1"\nkey2 = "x"'), encoding="utf-8")
    status = run_cli(["--codebook", str(bad)], launch=lambda request: 0)
    assert status == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"annotator: error: {bad}:9: code 1 ('only'): unknown field 'key2'")


def test_cli_keymap_frees_a_key_for_a_code(tmp_path: Path) -> None:
    config_dir = resolve_config_dir()
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text('[keymap]\nnext-sentence = "down"\n', encoding="utf-8")
    cb = tmp_path / "cb.toml"
    cb.write_text(book("uses-j").replace('key = "1"', 'key = "j"'), encoding="utf-8")
    request = _request(["--codebook", str(cb), "--data-dir", str(tmp_path / "d")])
    assert request.codebook.by_key("j") is not None
    assert request.config.keys_for("next-sentence") == ("down",)


def test_cli_bad_config_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    config_dir = resolve_config_dir()
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text("[keymap\n", encoding="utf-8")
    assert run_cli([], launch=lambda request: 0) == 2
    assert "config.toml:1: malformed TOML" in capsys.readouterr().err


def test_keymap_onto_a_default_code_key_is_an_error(tmp_path: Path) -> None:
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    reserved = bound_keys({"undo": ("1",)})
    with pytest.raises(CodebookError, match=r"built-in default codebook: key '1' of code 'claim'"):
        discover_codebook(start=lonely, reserved=reserved)
    assert discover_codebook(start=lonely, reserved=bound_keys()) is DEFAULT_CODEBOOK


def test_headless_commands_accept_the_codebook_the_keymap_frees(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The reader checks code keys against the user's keymap; ``stats`` and ``export``
    must accept the same codebook rather than refuse a key the keymap has freed."""
    config_dir = resolve_config_dir()
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text('[keymap]\nnext-sentence = "down"\n', encoding="utf-8")
    cb = tmp_path / "cb.toml"
    cb.write_text(book("uses-j").replace('key = "1"', 'key = "j"'), encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text("One sentence here. Another one there.\n", encoding="utf-8")
    args = ["stats", str(doc), "--codebook", str(cb), "--data-dir", str(tmp_path / "d")]
    assert run_cli(args, launch=_no_screen) == 0, capsys.readouterr().err


def _no_screen(request: object) -> int:
    raise AssertionError("no screen may open")
