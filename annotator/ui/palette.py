"""The command palette's provider: every reader action by name, each code, and the themes.

Textual parses palette prompts and help as markup, and code names and definitions come from
an untrusted codebook, so every string built from them is control-free and escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from annotator.safe_text import one_line
from annotator.settings.keys import ACTIONS

if TYPE_CHECKING:
    from annotator.ui.workflow import WorkflowScreen

Command = tuple[str, str, Callable[[], object]]
"""(name, help, callback): names and help are already escaped for markup."""

# Actions that wait for a further key make no sense from the palette; they get one
# entry per code instead (below).
_KEY_PREFIXES = {"jump_code", "filter_code", "count_prefix"}


def _qualified(action: str) -> str:
    """Quitting is the app's action; every other key action lives on the reader screen."""
    return "app.quit" if action == "quit" else action


def _safe(text: str, limit: int = 80) -> str:
    return escape(one_line(text, limit))


def reader_commands(screen: WorkflowScreen) -> Iterator[Command]:
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
        yield (
            escape(action.description),
            f"{action.group} · key {escape(', '.join(action.keys))}",
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
    yield ("Filter: only uncoded sentences", "x, then -", partial(screen.set_filter, ""))
    yield ("Filter: clear", "x, then x (or escape)", partial(screen.set_filter, None))
    for theme in sorted(screen.app.available_themes):
        yield (
            f"Theme: {_safe(theme, 40)}",
            "Switch the colour theme (remembered for next time)",
            partial(setattr, screen.app, "theme", theme),
        )


class ReaderCommands(Provider):
    """Offers ``reader_commands`` for the screen the palette was opened from."""

    def _commands(self) -> list[Command]:
        from annotator.ui.workflow import WorkflowScreen

        screen = self.screen
        if not isinstance(screen, WorkflowScreen):
            return []
        return list(reader_commands(screen))

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
