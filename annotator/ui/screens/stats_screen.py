"""Statistics: counts and shares per code, and how codes spread over the paragraphs.

The chart is one Rich renderable (a grid of text rows), not a widget per row, so it draws
as fast for a book as for a press release. Code names are untrusted: plain ``Text`` only.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from annotator.coding.session import CodingSession
from annotator.coding.statistics import CodingStatistics, coding_statistics
from annotator.safe_text import one_line
from annotator.wording import plural

BLOCKS = " ▁▂▃▄▅▆▇█"
BAR_WIDTH = 30
CHART_COLUMNS = 60


def share_bar(share: float, width: int = BAR_WIDTH) -> str:
    eighths = round(max(0.0, min(1.0, share)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (BLOCKS[part] if part else "")).ljust(width)


def spark(value: float) -> str:
    """One cell for a share between 0 and 1: blank for none, a sliver for any at all."""
    if value <= 0:
        return BLOCKS[0]
    return BLOCKS[max(1, min(8, round(value * 8)))]


def _code_style(color: str | None) -> Style:
    return Style(color=color) if color else Style(italic=True)


def counts_table(stats: CodingStatistics, bar_width: int = BAR_WIDTH) -> Table:
    table = Table(box=None, padding=(0, 1), show_edge=False)
    table.add_column("code", no_wrap=True, overflow="ellipsis", max_width=30)
    table.add_column("sentences", justify="right", no_wrap=True)
    table.add_column("of tagged", justify="right", no_wrap=True)
    table.add_column("of all", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True, overflow="crop")
    for row in stats.codes:
        name = Text(one_line(row.name, 30), style=_code_style(row.color))
        if not row.in_codebook:
            name.append(" (not in codebook)", style="dim")
        table.add_row(
            name,
            Text(str(row.count)),
            Text(f"{row.share_of_tagged:.0%}"),
            Text(f"{row.share_of_sentences:.0%}"),
            Text(share_bar(row.share_of_tagged, bar_width), style=_code_style(row.color)),
        )
    return table


def paragraph_chart(stats: CodingStatistics, columns: int = CHART_COLUMNS) -> Table:
    """One row per code: each cell is a band of paragraphs, its height that code's share."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    rows: list[tuple[Text, Text]] = []
    # A short document gets wider columns, so the chart reads the same for any length.
    wide = max(1, columns // max(1, len(stats.bands)))
    tagged = Text(
        "".join(spark(b.tagged / b.sentences if b.sentences else 0) * wide for b in stats.bands)
    )
    rows.append((Text("any code", style="bold"), tagged))
    for row in stats.codes:
        cells = "".join(
            spark(b.per_code.get(row.name, 0) / b.sentences if b.sentences else 0) * wide
            for b in stats.bands
        )
        rows.append((Text(one_line(row.name, 20)), Text(cells, style=_code_style(row.color))))
    for label, line in rows:
        table.add_row(label, line)
    if stats.bands:
        first, last = stats.bands[0], stats.bands[-1]
        axis = f"¶ {first.first_paragraph + 1}"
        end = f"¶ {last.last_paragraph + 1}"
        width = len(stats.bands) * wide
        table.add_row(Text(""), Text(axis + end.rjust(max(1, width - len(axis))), style="dim"))
    return table


def chart_columns(width: int) -> int:
    """Cells the chart can take in a screen ``width`` columns wide (labels and margins
    take the rest)."""
    return max(10, min(CHART_COLUMNS, width - 30))


def statistics_renderable(stats: CodingStatistics, width: int = 120) -> RenderableType:
    """Everything the screen shows, for a screen ``width`` columns wide."""
    total = stats.sentences
    head = Text()
    head.append("Coding so far", style="bold underline")
    head.append(
        f"\n{stats.tagged} of {plural(total, 'sentence')} tagged ({stats.tagged / total:.0%})\n"
        if total
        else "\nno sentences\n"
    )
    bands = len(stats.bands)
    paragraphs = stats.bands[-1].last_paragraph + 1 if stats.bands else 0
    chart_title = Text("\nAcross the document", style="bold underline")
    per = (
        "one column per paragraph"
        if bands == paragraphs
        else f"{plural(bands, 'band')} of paragraphs"
    )
    chart_note = Text(
        f"{plural(paragraphs, 'paragraph')}, {per}; a cell's height is the share of its sentences "
        "with the code.\n",
        style="dim",
    )
    bar = max(6, min(BAR_WIDTH, width - 52))
    chart = paragraph_chart(stats, chart_columns(width))
    return Group(head, counts_table(stats, bar), chart_title, chart_note, chart)


class StatisticsScreen(Screen[None]):
    """A snapshot of the coding when the screen opens; escape returns to the reader."""

    BINDINGS = [Binding("escape,q,S", "close", "Close")]

    DEFAULT_CSS = """
    StatisticsScreen #stats {
        padding: 1 2;
        height: auto;
    }
    """

    def __init__(self, session: CodingSession) -> None:
        super().__init__()
        self._session = session
        self._width = 0

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="stats")
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        """Counted once per width: the chart gets as many bands as the width has room for."""
        width = event.size.width
        if width != self._width:
            self._width = width
            stats = coding_statistics(self._session, chart_columns(width))
            self.query_one("#stats", Static).update(statistics_renderable(stats, width))

    def action_close(self) -> None:
        self.dismiss(None)
