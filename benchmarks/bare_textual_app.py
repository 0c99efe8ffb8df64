"""The yardstick for annotator's first screen: a bare Textual app showing a document.

A Header, a Static holding the document's text (not parsed as markup) and a Footer with
one key: the least a Textual program that shows the same words has to do. bench_open.py
starts it in a pseudo-terminal beside ``annotator FILE`` and compares the two.

Run: python benchmarks/bare_textual_app.py FILE   (q quits)
"""

from __future__ import annotations

import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class BareApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.text, markup=False)
        yield Footer()


if __name__ == "__main__":
    BareApp(Path(sys.argv[1]).read_text(encoding="utf-8")).run()
