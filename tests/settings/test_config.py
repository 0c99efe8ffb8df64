"""The user config file: keymap remaps, theme persistence, and their errors."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import annotator.settings.config as config_module
from annotator.settings.config import (
    ConfigError,
    UserConfig,
    bound_keys,
    load_config,
    parse_keys,
    save_theme,
)
from annotator.settings.keys import ACTIONS
from annotator.settings.paths import resolve_config_dir
from tests.helpers import REPO, LineBudget


def write_config(text: str) -> Path:
    directory = resolve_config_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_config_dir_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(tmp_path / "cfg"))
    assert resolve_config_dir() == tmp_path / "cfg"
    assert resolve_config_dir(tmp_path / "x") == tmp_path / "x"


def test_missing_config_gives_defaults() -> None:
    config = load_config()
    assert config.keymap == {} and config.theme is None and config.warnings == ()
    assert config.path == resolve_config_dir() / "config.toml"
    assert config.keys_for("next-sentence") == ("j", "down")


def test_keymap_remaps_actions_posting_style() -> None:
    write_config('theme = "nord"\n\n[keymap]\nnext-sentence = "l, down"\nhelp = "?,f1"\n')
    config = load_config()
    assert config.theme == "nord"
    assert config.keys_for("next-sentence") == ("l", "down")
    assert config.keys_for("help") == ("question_mark", "f1")
    assert config.keys_for("prev-sentence") == ("k", "up")
    assert config.textual_keymap() == {
        "next-sentence": "l,down",
        "help": "question_mark,f1",
    }


def test_unknown_action_is_a_warning_naming_the_line() -> None:
    write_config('[keymap]\nnext-sentence = "l"\nfly-away = "w"\n')
    config = load_config()
    assert config.keys_for("next-sentence") == ("l",)
    (warning,) = config.warnings
    assert warning.endswith("config.toml:3: unknown action 'fly-away' in [keymap], ignored")


def test_unknown_setting_is_a_warning() -> None:
    write_config('colour = "blue"\n')
    assert "unknown setting 'colour'" in load_config().warnings[0]


def test_clash_between_actions_is_an_error() -> None:
    write_config('[keymap]\n\nnext-sentence = "k"\n')
    with pytest.raises(ConfigError, match=r"config\.toml:3: key 'k' for action 'prev-sentence' "):
        load_config()


def test_clash_with_a_fixed_key_is_an_error() -> None:
    write_config('[keymap]\nundo = "ctrl+p"\n')
    with pytest.raises(ConfigError, match=r"config\.toml:2: .*'Command palette'"):
        load_config()


def test_swapping_two_keys_is_not_a_clash() -> None:
    write_config('[keymap]\nnext-sentence = "k"\nprev-sentence = "j"\n')
    config = load_config()
    assert config.keys_for("next-sentence") == ("k",)


def test_malformed_config_names_the_line() -> None:
    write_config('theme = "nord"\n[keymap\n')
    with pytest.raises(ConfigError, match=r"config\.toml:2: malformed TOML"):
        load_config()


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("[keymap]\nundo = 5\n", r"config\.toml:2: keymap 'undo' must be"),
        ('[keymap]\nundo = "u,,x"\n', "empty key"),
        ('[keymap]\nundo = "ctrl + u"\n', "not a key name"),
        ('keymap = "u"\n', "must be a table"),
        ("theme = 3\n", r"config\.toml:1: theme must be"),
    ],
)
def test_bad_values(text: str, pattern: str) -> None:
    write_config(text)
    with pytest.raises(ConfigError, match=pattern):
        load_config()


def test_parse_keys_names_punctuation_like_textual() -> None:
    assert parse_keys("?, /, ctrl+x, F2") == ("question_mark", "slash", "ctrl+x", "F2")


def test_bound_keys_follow_the_keymap() -> None:
    default = bound_keys()
    assert default["j"] == "Next sentence"
    assert default["ctrl+p"] == "Command palette"
    remapped = bound_keys({"next-sentence": ("l",)})
    assert "j" not in remapped and remapped["l"] == "Next sentence"
    every = {key for action in ACTIONS for key in action.keys}
    assert every <= set(default)


def test_save_theme_creates_the_file() -> None:
    path = save_theme("gruvbox")
    assert path == resolve_config_dir() / "config.toml"
    assert load_config().theme == "gruvbox"


def test_save_theme_rewrites_only_the_theme_line() -> None:
    original = (
        '# my settings\ntheme = "nord"  # dark\n\n[keymap]\n# vim-ish\nnext-sentence = "j,down"\n'
    )
    path = write_config(original)
    save_theme("textual-light")
    text = path.read_text(encoding="utf-8")
    assert text == original.replace('theme = "nord"  # dark', 'theme = "textual-light"')
    assert load_config().keys_for("next-sentence") == ("j", "down")


def test_save_theme_inserts_before_the_first_table() -> None:
    path = write_config('[keymap]\nundo = "u"\n')
    save_theme("nord")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data == {"theme": "nord", "keymap": {"undo": "u"}}


def test_save_theme_ignores_a_theme_key_inside_a_table() -> None:
    path = write_config('[other]\ntheme = "inner"\n')
    save_theme("nord")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data == {"theme": "nord", "other": {"theme": "inner"}}


def test_save_theme_escapes_quotes() -> None:
    save_theme('odd "name"')
    assert load_config().theme == 'odd "name"'


def test_save_theme_leaves_a_malformed_file_alone() -> None:
    path = write_config("[keymap\n")
    with pytest.raises(ConfigError, match="malformed"):
        save_theme("nord")
    assert path.read_text(encoding="utf-8") == "[keymap\n"


def test_save_theme_refuses_control_characters() -> None:
    with pytest.raises(ValueError):
        save_theme("bad\x1bname")


def test_save_theme_leaves_no_temporary_files() -> None:
    save_theme("nord")
    save_theme("gruvbox")
    assert [p.name for p in resolve_config_dir().iterdir()] == ["config.toml"]


def test_default_user_config_is_empty() -> None:
    assert UserConfig().textual_keymap() == {}


def test_configuration_docs_list_every_action_id() -> None:
    docs = REPO / "docs" / "configuration.md"
    text = docs.read_text(encoding="utf-8")
    missing = [action.id for action in ACTIONS if f"`{action.id}`" not in text]
    assert missing == [], f"docs/configuration.md does not list {missing}"


def test_a_theme_table_is_refused_without_a_made_up_line_number() -> None:
    write_config('[theme]\nname = "nord"\n')
    with pytest.raises(ConfigError, match=r"config\.toml: theme must be a non-empty string") as err:
        load_config()
    assert "None" not in str(err.value)


def test_twenty_thousand_unknown_keys_parse_in_linear_time() -> None:
    """Issue 16: every unknown key's line was found by rescanning the whole file."""
    count = 20_000
    keys = "".join(f'unknown-action-{i} = "x"\n' for i in range(count))
    settings = "".join(f"setting_{i} = 1\n" for i in range(count))
    write_config(settings + "[keymap]\n" + keys)
    # A linear reader runs a few dozen lines of config.py per key; the quadratic one ran
    # about one per key per line of the file (some 800 million).
    with LineBudget(config_module, budget=100 * 2 * count) as counter:
        config = load_config()
    assert len(config.warnings) == 2 * count
    shown = str(config.path)
    assert f"{shown}:1: unknown setting 'setting_0', ignored" in config.warnings
    last = count - 1
    assert (
        f"{shown}:{2 * count + 1}: unknown action 'unknown-action-{last}' in [keymap], ignored"
        in config.warnings
    )
    assert counter.lines > count, "the counter saw the config being read"
