"""The user's config in the app: read it if the command line did not, and apply it once.

The keymap, the theme and the coder's rate belong to the sitting, not to one document, so
the app applies the config when it starts, before any screen, and keeps it in its state.
"""

from __future__ import annotations

from typing import Any

from textual.app import App

from annotator.safe_text import one_line
from annotator.settings.config import ConfigError, UserConfig, load_config, save_theme


def read_user_config() -> tuple[UserConfig, str]:
    """The user's config file, or the defaults and what is wrong with the file."""
    try:
        return load_config(), ""
    except ConfigError as exc:
        return UserConfig(), str(exc)


def apply_user_config(app: App[Any], config: UserConfig, problem: str = "") -> None:
    """Remap keys, restore the theme and save later theme changes; report ``problem``
    (from ``read_user_config``) if there was one."""
    if problem:
        app.notify(
            f"{one_line(problem, 300)} (using default keys)",
            severity="error",
            timeout=15,
            markup=False,
        )
    keymap = config.textual_keymap()
    if keymap:
        app.set_keymap(keymap)
    if config.theme:
        if config.theme in app.available_themes:
            app.theme = config.theme
        else:
            app.notify(f"Unknown theme {one_line(config.theme, 40)!r} in config", markup=False)

    def persist(theme: str) -> None:
        try:
            save_theme(theme)
        except (ConfigError, OSError, ValueError) as exc:
            app.notify(
                f"Theme not saved: {one_line(str(exc), 200)}", severity="warning", markup=False
            )

    app.watch(app, "theme", persist, init=False)
