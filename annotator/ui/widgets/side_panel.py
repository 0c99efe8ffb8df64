"""The side panel: the current sentence's codes and note, and the key legend (and, when
adjudicating, what each coder said about the sentence; when coding where it is allowed,
the other coders' codes).

Everything shown here comes from untrusted text (notes, labels, the document), so it is
built as ``rich.text.Text`` objects from sanitized strings and never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import zip_longest

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from annotator.codebook.model import Codebook
from annotator.coding.session import CodingSession
from annotator.safe_text import one_line, visible
from annotator.settings.keynames import key_display
from annotator.ui.widgets.text_lines import TextLines

NOTE_LINES = 12
NOTE_CHARACTERS = 800
"""How much of a note the panel lays out: more would not fit, and a stored note may be
huge (a 10 MB one made every keystroke on its sentence take 10-13 s)."""


def note_preview(note: str) -> Text:
    """The beginning of ``note`` that the panel can show, and how much more there is."""
    head = note[:NOTE_CHARACTERS]
    lines = head.split("\n", NOTE_LINES)
    if len(lines) > NOTE_LINES:
        head = "\n".join(lines[:NOTE_LINES])
    text = Text(visible(head, keep_newlines=True))
    if len(head) < len(note):
        more = len(note) - len(head)
        text.append(f"\n… {more:,} more characters; enter shows all", style="dim italic")
    return text


LEGEND_KEYS = 14
"""Columns for the keys in the legend, at most."""
LEGEND: tuple[tuple[tuple[tuple[str, ...], ...], str], ...] = (
    ((("next-sentence", "prev-sentence"),), "sentence"),
    ((("prev-paragraph", "next-paragraph"),), "paragraph"),
    ((("first-sentence", "last-sentence"),), "first/last"),
    ((("edit-note",),), "note"),
    ((("undo", "redo"),), "undo / redo"),
    ((("focus-mode",),), "focus mode"),
    ((("side-panel",),), "hide this panel"),
    ((("tag-advance",),), "tag and advance"),
    (
        (("next-untagged", "prev-untagged"), ("next-with-code",), ("filter",)),
        "untagged/code/filter",
    ),
    ((("help",),), "every key, codebook"),
    ((("export",),), "export CSV"),
    ((("quit",),), "quit"),
)
"""The legend's rows: groups of keymap ids whose keys are shown together, and what they do."""
SECTIONS = ("coders", "others", "definitions")
"""The sections mounted when first shown, in the order they take above the codebook."""
ADJUDICATING_LEGEND = {"untagged/code/filter": "disagreement/code/filter"}
"""What a legend row says instead in adjudication mode, where n and N go to disagreements."""


def _paired_keys(ids: tuple[str, ...], keys_for: Callable[[str], tuple[str, ...]]) -> str:
    """The keys of actions that go together, first keys paired: ("j", "down") and ("k",
    "up") give "j/k ↓/↑"."""
    columns = zip_longest(*(keys_for(action_id) for action_id in ids))
    return " ".join("/".join(key_display(k) for k in column if k) for column in columns)


def code_chip(label: str, color: str | None) -> Text:
    style = Style(color="black", bgcolor=color, bold=True) if color else Style(reverse=True)
    return Text(f" {one_line(label)} ", style=style)


def name_chip(codebook: Codebook, name: str) -> Text:
    """The chip of the code called ``name``: its label in its colour, or the name with a
    question mark when the codebook in force has no such code."""
    code = codebook.by_name(name)
    if code is None:
        return code_chip(f"{one_line(name)}?", None)
    return code_chip(code.label, code.color)


class SidePanel(VerticalScroll, can_focus=False):
    """Details of the sentence under the cursor.

    The panel's box is part of the first screen (the reader's width depends on it), its
    fields are not: they are mounted by the first call that shows something (the reader
    fills the panel right after its first frame), so the document's words are drawn
    without waiting for a dozen widgets to be styled and laid out.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: dict[str, Text] = {}
        self._fields: dict[str, TextLines] = {}
        self._built = False

    def _build(self) -> None:
        """Mount the fields, once. The coders (adjudicating), the other coders (O) and the
        definitions (d) are
        mounted when first shown (``_section``): hidden, they would still be styled."""
        if self._built:
            return
        self._built = True
        self.mount(
            TextLines(id="where"),
            Static("Codes", id="codes-heading", classes="heading", markup=False),
            TextLines(id="tags"),
            Static("Note", id="note-heading", classes="heading", markup=False),
            TextLines(id="note"),
            Static("Codebook", id="codebook-heading", classes="heading", markup=False),
            TextLines(id="codebook"),
            Static("Keys", classes="heading", markup=False),
            TextLines(id="legend"),
        )

    def show(self, session: CodingSession, sentence: int) -> None:
        document = session.document
        span = document.sentences[sentence]
        where = Text(
            f"Sentence {sentence + 1} of {len(document.sentences)}\n"
            f"¶ {span.paragraph + 1} · sentence {span.number + 1}"
        )
        self._set("#where", where)

        tags = session.tags(sentence)
        chips = Text()
        if not tags:
            chips.append("none yet", style="dim")
        for number, tag in enumerate(tags):
            if number:
                chips.append("\n")
            chips.append_text(name_chip(session.codebook, tag))
            code = session.codebook.by_name(tag)
            if code is None:
                chips.append(" not in codebook", style="italic")
            else:
                chips.append(f" {one_line(code.name)}")
        self._set("#tags", chips)

        note = session.note(sentence)
        self._set("#note", note_preview(note) if note else Text("enter to write", "dim"))

    def _set(self, selector: str, text: Text) -> None:
        """Update one field, skipping the screen-wide re-layout when its height stays.

        Called on every cursor move: an unchanged field is left alone, and a field whose
        new lines fit in the space it already has is only repainted.
        """
        static = self._field(selector)
        text = text.copy()
        text.rstrip()  # a trailing newline would only add a blank line
        old = self._shown.get(selector)
        if old is not None and old == text:
            return
        width = static.content_region.width
        lines = text.plain.split("\n")
        # Fields only grow between layouts: text that fits in the field's present size is
        # repainted there (a shorter text leaves blank lines below it), so moving from a
        # sentence with three codes to one with none costs no screen-wide layout.
        fits = (
            old is not None
            and width > 0
            and len(lines) <= static.content_region.height
            and all(cell_len(line) <= width for line in lines)
        )
        static.update(text, layout=not fits)
        self._shown[selector] = text

    def _section(self, name: str, heading: str) -> None:
        """Mount the section ``name`` (its heading and its field, shown while the panel
        has the class that names it) if it is not there yet: in the order of
        ``SECTIONS``, before the codebook."""
        self._build()
        if self.query(f"#{name}"):
            return
        later = SECTIONS[SECTIONS.index(name) + 1 :]
        before = next((f"#{n}-heading" for n in later if self.query(f"#{n}-heading")), None)
        self.mount(
            Static(heading, id=f"{name}-heading", classes=f"heading {name}", markup=False),
            TextLines(id=name, classes=name),
            before=before or "#codebook-heading",
        )

    def _field(self, selector: str) -> TextLines:
        """The field widget, looked up once: a query per keystroke adds up."""
        field = self._fields.get(selector)
        if field is None:
            self._build()
            field = self._fields[selector] = self.query_one(selector, TextLines)
        return field

    def show_reference(self, name: str) -> None:
        """Adjudication: the codes and note shown are the reference layer's."""
        self._build()
        self.query_one("#codes-heading", Static).update(
            Text(f"Reference codes ({one_line(name, 20)})")
        )
        self.query_one("#note-heading", Static).update(Text("Adjudicator's note"))

    def show_coders(self, text: Text | None) -> None:
        """Adjudication: each coder's codes and notes on the sentence (None hides it)."""
        self.set_class(text is not None, "-adjudicating")
        if text is not None:
            self._section("coders", "Coders")
            self._set("#coders", text)

    def show_others(self, text: Text | None) -> None:
        """The other coders' codes and notes on the sentence (None hides the section)."""
        self.set_class(text is not None, "-others")
        if text is not None:
            self._section("others", "Other coders")
            self._set("#others", text)

    def show_definitions(self, codebook: Codebook, names: list[str] | None) -> None:
        """Show the definitions of ``names`` (all codes when empty); None hides the section.

        Shown on demand (the ``d`` key) so that the panel stays short while coding.
        """
        self.set_class(names is not None, "-definitions")
        if names is None:
            return
        self._section("definitions", "Definitions")
        codes = [c for n in names if (c := codebook.by_name(n)) is not None] or list(codebook.codes)
        text = Text()
        for code in codes:
            text.append_text(code_chip(code.label, code.color))
            text.append(f" {one_line(code.name)}\n", style="bold")
            text.append(visible(code.definition))
            text.append("\n")
            if code.examples:
                text.append(f"e.g. {one_line(code.examples[0])}\n", style="italic dim")
            text.append("\n")
        text.rstrip()
        self._field("#definitions").update(text)

    def show_legend(
        self,
        codebook: Codebook,
        keys_for: Callable[[str], tuple[str, ...]],
        *,
        adjudicating: bool = False,
    ) -> None:
        """The codebook in force and where it came from; its code keys (a click applies
        one), then the most used keys, as remapped (and as adjudication mode uses them)."""
        about = Text(one_line(codebook.name, 60), style="bold")
        about.append(f" · version {one_line(codebook.version, 20)}")
        about.append(f"\n{one_line(codebook.source, 200)}", style="dim")
        self._field("#codebook").update(about)
        legend = Text()
        for index, code in enumerate(codebook.codes):
            line = Text()
            line.append(f"{one_line(code.key)} ", style="bold")
            line.append_text(code_chip(code.label, code.color))
            line.append(f" {one_line(code.name)}")
            # A click applies the code. The action string is ours; labels stay plain text.
            line.apply_meta({"@click": f"screen.toggle_code({index})"})
            legend.append_text(line)
            legend.append("\n")
        legend.append("\n")
        rows = [
            (
                one_line(" ".join(_paired_keys(g, keys_for) for g in groups), LEGEND_KEYS),
                ADJUDICATING_LEGEND.get(what, what) if adjudicating else what,
            )
            for groups, what in LEGEND
        ]
        width = max(len(keys) for keys, _ in rows)
        for keys, what in rows:
            legend.append(f"{keys:<{width}}", style="bold")
            legend.append(f" {what}\n")
        self._field("#legend").update(legend)
