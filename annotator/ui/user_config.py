"""Per-app state the workflow shares across documents: the user's config and coding rate.

In corpus mode each document gets a fresh reader screen, but the keymap, the theme and the
coder's rate belong to the sitting, not to one document; they live on the app, created on
first use.
"""

from __future__ import annotations

from typing import Any

from textual.app import App

from annotator.coding.statistics import RateMeter
from annotator.safe_text import one_line
from annotator.settings.config import ConfigError, UserConfig, load_config, save_theme

_CONFIG_ATTRIBUTE = "_annotator_user_config"
_PROVIDED_ATTRIBUTE = "_annotator_provided_config"
_RATE_ATTRIBUTE = "_annotator_rate"


def provide_user_config(app: App[Any], config: UserConfig) -> None:
    """Give the app the config the CLI already read and checked the codebook against, so
    the keys in force are those it checked (and the file is not read a second time)."""
    setattr(app, _PROVIDED_ATTRIBUTE, config)


def apply_user_config(app: App[Any]) -> UserConfig:
    """Apply the user's config once per app: remap keys, restore and then persist the theme.

    The config is the one ``provide_user_config`` gave, or else read here.
    """
    applied = getattr(app, _CONFIG_ATTRIBUTE, None)
    if isinstance(applied, UserConfig):
        return applied
    provided = getattr(app, _PROVIDED_ATTRIBUTE, None)
    if isinstance(provided, UserConfig):
        config = provided
    else:
        try:
            config = load_config()
        except ConfigError as exc:
            app.notify(
                f"{one_line(str(exc), 300)} (using default keys)",
                severity="error",
                timeout=15,
                markup=False,
            )
            config = UserConfig()
    setattr(app, _CONFIG_ATTRIBUTE, config)
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
    return config


def shared_rate(app: App[Any]) -> RateMeter:
    """The coder's rate for this sitting, over every document opened in it."""
    rate = getattr(app, _RATE_ATTRIBUTE, None)
    if not isinstance(rate, RateMeter):
        rate = RateMeter()
        setattr(app, _RATE_ATTRIBUTE, rate)
    return rate
