"""The command palette's provider: every reader action by name, each code, and the themes.

Textual parses palette prompts and help as markup, and code names and definitions come from
an untrusted codebook, so every string built from them is control-free and escaped.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Iterator
from functools import partial
from typing import Any, Protocol, runtime_checkable

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from annotator.coding.session import CodingSession
from annotator.safe_text import one_line
from annotator.settings.keynames import key_display
from annotator.settings.keys import ACTIONS

Command = tuple[str, str, Callable[[], object]]
"""(name, help, callback): names and help are already escaped for markup."""


class CommandTarget(Protocol):
    """What the reader's commands act on: the reader screen."""

    @property
    def session(self) -> CodingSession: ...

    @property
    def app(self) -> App[Any]: ...

    def apply_code(self, index: int) -> None: ...

    def jump_to_code(self, name: str) -> None: ...

    def set_filter(self, value: str | None) -> None: ...

    def run_action(self, action: str) -> Awaitable[None]: ...

    def keys_for(self, action_id: str) -> tuple[str, ...]: ...

    def take_coder(self, number: int) -> None: ...

    def adjudicated_coders(self) -> tuple[str, ...]: ...


@runtime_checkable
class OffersCommands(Protocol):
    """A screen with commands for the palette."""

    def palette_commands(self) -> Iterable[Command]: ...


# Actions that wait for a further key make no sense from the palette; they get one
# entry per code (or, adjudicating, per coder) instead (below).
_KEY_PREFIXES = {"jump_code", "filter_code", "count_prefix", "take_coder"}


def _qualified(action: str) -> str:
    """Quitting is the app's action; every other key action lives on the reader screen."""
    return "app.quit" if action == "quit" else action


def _safe(text: str, limit: int = 80) -> str:
    return escape(one_line(text, limit))


def _use_theme(app: App[Any], theme: str) -> None:
    app.theme = theme


def reader_commands(screen: CommandTarget) -> Iterator[Command]:
    """Every command the palette offers from the reader, in discovery order."""
    codebook = screen.session.codebook
    for index, code in enumerate(codebook.codes):
        name = _safe(code.name, 40)
        yield (
            f"Code: toggle {name}",
            _safe(code.definition, 120),
            partial(screen.apply_code, index),
        )
    for action in ACTIONS:
        if action.action in _KEY_PREFIXES:
            continue
        keys = ", ".join(key_display(key) for key in screen.keys_for(action.id))
        yield (
            escape(action.description),
            f"{action.group} · key {escape(one_line(keys, 40))}",
            partial(screen.run_action, _qualified(action.action)),
        )
    for code in codebook.codes:
        name = _safe(code.name, 40)
        yield (
            f"Jump: next sentence with {name}",
            "Same as t followed by the code's key",
            partial(screen.jump_to_code, code.name),
        )
        yield (
            f"Filter: only {name}",
            "Dim every other sentence (x, then the code's key)",
            partial(screen.set_filter, code.name),
        )
    for number, coder in enumerate(screen.adjudicated_coders(), start=1):
        yield (
            f"Adjudicate: take {_safe(coder, 40)}'s codes",
            f"The reference gets this coder's codes here (=, then {number})",
            partial(screen.take_coder, number),
        )
    yield ("Filter: only uncoded sentences", "x, then -", partial(screen.set_filter, ""))
    yield ("Filter: clear", "x, then x (or escape)", partial(screen.set_filter, None))
    for theme in sorted(screen.app.available_themes):
        yield (
            f"Theme: {_safe(theme, 40)}",
            "Switch the colour theme (remembered for next time)",
            partial(_use_theme, screen.app, theme),
        )


class ReaderCommands(Provider):
    """Offers the commands of the screen the palette was opened from."""

    def _commands(self) -> list[Command]:
        screen = self.screen
        if not isinstance(screen, OffersCommands):
            return []
        return list(screen.palette_commands())

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
