"""Where data and settings live: the option, then the environment, then the platform."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import platformdirs
import pytest

from annotator.settings.paths import (
    CONFIG_DIR_ENV,
    DATA_DIR_ENV,
    resolve_coder,
    resolve_config_dir,
    resolve_data_dir,
)

Resolve = Callable[[str | None], Path]
RESOLVERS = [
    (resolve_data_dir, DATA_DIR_ENV, "user_data_dir"),
    (resolve_config_dir, CONFIG_DIR_ENV, "user_config_dir"),
]


@pytest.mark.parametrize(("resolve", "env", "platform_dir"), RESOLVERS)
def test_the_option_wins_over_the_environment(
    resolve: Resolve, env: str, platform_dir: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(env, str(tmp_path / "from-env"))
    assert resolve(str(tmp_path / "from-option")) == tmp_path / "from-option"
    assert resolve(None) == tmp_path / "from-env"


@pytest.mark.parametrize(("resolve", "env", "platform_dir"), RESOLVERS)
def test_an_empty_variable_falls_through_to_the_platform_directory(
    resolve: Resolve, env: str, platform_dir: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[str, object]] = []

    def platform(app: str, appauthor: object = None) -> str:
        asked.append((app, appauthor))
        return str(tmp_path / platform_dir / app)

    monkeypatch.setattr(platformdirs, platform_dir, platform)
    monkeypatch.setenv(env, "")
    assert resolve(None) == tmp_path / platform_dir / "annotator"
    assert resolve("") == tmp_path / platform_dir / "annotator"
    assert asked == [("annotator", False)] * 2


def test_a_tilde_in_the_option_is_the_home_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_data_dir("~/coding") == tmp_path / "coding"
    assert resolve_config_dir("~/settings") == tmp_path / "settings"


def test_the_coder_is_the_option_then_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNOTATOR_NAME", " bob ")
    assert resolve_coder("  alice ") == "alice"
    assert resolve_coder("  ") == "bob"
