"""Help: every key, grouped, and the codebook with its definitions and examples.

Generated from ``annotator.settings.keys.ACTIONS`` (with the user's remapped keys) and the codebook
in force, so it cannot drift from the bindings. Codebook text is untrusted and is only
ever placed in ``Text`` objects, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from annotator.codebook.model import Codebook
from annotator.safe_text import one_line, visible
from annotator.settings.keynames import key_display
from annotator.settings.keys import ACTIONS, REVIEW_KEYS

GROUP_ORDER = ("Move", "Jump", "Code", "Review", "View", "File", "Adjudicate")

# Keys handled by the reader itself rather than through a remappable binding.
EXTRA_KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "Move": (
        (
            "digits",
            "A count before a movement or jump repeats it: 5j, 7}, 6n. Digits the codebook "
            "does not bind start a count; # starts one with any digit (#12j).",
        ),
    ),
    "Code": (("click", "Clicking a code in the side panel's legend applies it"),),
    "View": (
        ("escape", "Cancel a pending count or key; clear the filter"),
        ("ctrl+p", "Command palette: every action by name, and themes"),
    ),
}


def display_keys(keys: tuple[str, ...]) -> str:
    return " ".join(key_display(key) for key in keys)


def key_table(keys_for: Callable[[str], tuple[str, ...]], codebook: Codebook) -> Table:
    """Every action's keys and keymap id, with the codebook's code keys under "Code"."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True, min_width=12)
    table.add_column(min_width=20, ratio=1)
    table.add_column(style="dim", no_wrap=True, overflow="ellipsis", max_width=16)
    for group in GROUP_ORDER:
        table.add_row(Text(group, style="bold underline"), Text(""), Text("keymap id"))
        if group == "Code":
            for code in codebook.codes:
                table.add_row(
                    Text(one_line(code.key)),
                    Text(f"Toggle {one_line(code.name)} ({one_line(code.label)})"),
                )
        for action in ACTIONS:
            if action.group == group:
                table.add_row(
                    Text(display_keys(keys_for(action.id))),
                    Text(action.description),
                    Text(action.id),
                )
        for keys, what in EXTRA_KEYS.get(group, ()):
            table.add_row(Text(keys), Text(what))
        if group == "Review":
            table.add_row(Text(""), Text("In the review screen, on the highlighted row:"))
            for _action, review_keys, label, _show in REVIEW_KEYS:
                table.add_row(Text(display_keys(review_keys)), Text(label))
            table.add_row(Text("enter"), Text("Accept the proposal"))
        if group == "Adjudicate":
            moves = f"{display_keys(keys_for('next-untagged'))} / "
            moves += display_keys(keys_for("prev-untagged"))
            table.add_row(Text(moves), Text("Adjudicating: next / previous disagreement"))
            table.add_row(
                Text("codes, enter"), Text("Adjudicating: the reference's codes, and its note")
            )
        table.add_row(Text(""), Text(""), Text(""))
    return table


def codebook_help(codebook: Codebook) -> RenderableType:
    """The codebook as a coder needs it: key, badge, name, definition, description, examples."""
    parts: list[RenderableType] = []
    title = Text()
    title.append("Codebook ", style="bold underline")
    title.append(one_line(f"{codebook.name} (version {codebook.version})"), style="bold")
    title.append(one_line(f" · {codebook.source}"), style="dim")
    parts.append(title)
    if codebook.description:
        parts.append(Text(visible(codebook.description), style="italic"))
    for code in codebook.codes:
        head = Text("\n")
        head.append(f" {one_line(code.key)} ", style="bold reverse")
        head.append(" ")
        head.append(
            f" {one_line(code.label)} ",
            style=f"bold black on {code.color}" if code.color else "reverse",
        )
        head.append(f" {one_line(code.name)}", style="bold")
        parts.append(head)
        parts.append(Text(visible(code.definition)))
        if code.description:
            parts.append(Text(visible(code.description), style="dim"))
        for example in code.examples:
            parts.append(Text(f"  • {one_line(example)}", style="italic"))
    return Group(*parts)


class HelpScreen(Screen[None]):
    """Keys on the left, the codebook on the right; any closing key returns to the reader."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Close"),
    ]

    DEFAULT_CSS = """
    HelpScreen #help-body {
        height: auto;
    }
    HelpScreen #help-keys {
        width: 1fr;
        height: auto;
        padding: 1 2;
    }
    HelpScreen #help-codebook {
        width: 1fr;
        height: auto;
        padding: 1 2;
        border-left: tall $panel;
    }
    HelpScreen.-narrow #help-body {
        layout: vertical;
    }
    HelpScreen.-narrow #help-keys, HelpScreen.-narrow #help-codebook {
        width: 100%;
        padding: 1 1;
    }
    HelpScreen.-narrow #help-codebook {
        border-left: none;
        border-top: tall $panel;
    }
    """
    NARROW = 110
    """Below this many columns the codebook goes under the keys instead of beside them."""

    def __init__(self, codebook: Codebook, keys_for: Callable[[str], tuple[str, ...]]) -> None:
        super().__init__()
        self._codebook = codebook
        self._keys_for = keys_for

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-scroll"), Horizontal(id="help-body"):
            yield Static(key_table(self._keys_for, self._codebook), id="help-keys")
            yield Static(codebook_help(self._codebook), id="help-codebook")
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < self.NARROW, "-narrow")

    def action_close(self) -> None:
        self.dismiss(None)
