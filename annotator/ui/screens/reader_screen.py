"""The main screen: the document, the side panel, the status bar and the coding keys."""

from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Static

from annotator.coding.resegment import saved_overrides, with_overrides
from annotator.coding.session import Change, CodingSession
from annotator.export.service import export_document_csv
from annotator.safe_text import file_stem, one_line
from annotator.settings.keys import ACTIONS
from annotator.store import DataDir
from annotator.store.corrections import save_overrides
from annotator.text.overrides import (
    OverridesDamaged,
    SegmentationOverrides,
    merge_at,
    split_at,
)
from annotator.ui.dialogs.export_path import ExportPathScreen
from annotator.ui.dialogs.note_editor import NoteEditor
from annotator.ui.dialogs.split_picker import SplitPicker, split_points
from annotator.ui.reader.view import ReaderView
from annotator.ui.widgets.side_panel import SidePanel
from annotator.ui.widgets.status_bar import StatusBar
from annotator.ui.workflow import WorkflowScreen

EXPORT_FLUSH_SECONDS = 5.0
MIN_COLUMNS = 60
MIN_ROWS = 15


def _bindings() -> list[BindingType]:
    return [
        Binding(",".join(a.keys), a.action, a.description, show=a.show, id=a.id)
        for a in ACTIONS
        if a.action != "quit"
    ]


class ReaderScreen(WorkflowScreen):
    """Reading and coding one document."""

    BINDINGS = _bindings()

    def __init__(self, session: CodingSession, data_dir: DataDir) -> None:
        super().__init__()
        self.session = session
        self.data_dir = data_dir
        for index, code in enumerate(session.codebook.codes):
            self._bindings.bind(
                code.key,
                f"toggle_code({index})",
                description=one_line(code.name, 20),
                show=False,
            )

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="body"):
            yield ReaderView(self.session, id="reader")
            yield SidePanel(id="side")
        yield Static(
            Text(
                f"Terminal too small: annotator needs at least {MIN_COLUMNS}×{MIN_ROWS}.\n"
                "Enlarge the window to go on; nothing is lost.",
                justify="center",
            ),
            id="too-small",
            markup=False,
        )
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        """Below the minimum size, show a notice instead of a garbled layout."""
        small = event.size.width < MIN_COLUMNS or event.size.height < MIN_ROWS
        self.set_class(small, "-too-small")

    @property
    def reader(self) -> ReaderView:
        return self.view

    def on_mount(self) -> None:
        self.session.listeners.append(self._on_change)
        # A watcher runs as the cursor changes, so the panel is drawn in the same frame as
        # the move; a message would arrive a frame or two later and cost a second repaint.
        self.watch(self.reader, "cursor", self.cursor_changed, init=False)
        self.side_panel.show_legend(self.session.codebook)
        self._refresh_details()
        self.reader.focus()
        self._announce_start()

    def _announce_start(self) -> None:
        session = self.session
        for notice in session.document.notices:
            self.app.notify(one_line(notice, 300), title="Note", timeout=15, markup=False)
        if session.carried_over:
            self.app.notify(
                f"This file changed since it was coded: {session.carried_over} annotations "
                "were carried over to the new text.",
                markup=False,
            )
        if session.unplaced:
            self.app.notify(
                f"{len(session.unplaced)} annotations could not be placed on the current text "
                "and are not shown. They are kept in the store.",
                severity="warning",
                timeout=10,
                markup=False,
            )

    def _refresh_details(self) -> None:
        self.status_bar.show(self.session)
        self.side_panel.show(self.session, self.reader.cursor)

    def _on_change(self, change: Change) -> None:
        self.reader.invalidate_sentence(change.sentence)
        self.side_panel.show(self.session, self.reader.cursor)
        self.workflow_change(change)  # redraws the status bar

    def cursor_changed(self, sentence: int) -> None:
        self.side_panel.show(self.session, sentence)
        super().cursor_changed(sentence)

    # -- movement --------------------------------------------------------------------

    def action_next_sentence(self) -> None:
        self.goto(self.reader.cursor + self.take_count())

    def action_prev_sentence(self) -> None:
        self.goto(self.reader.cursor - self.take_count())

    def action_next_paragraph(self) -> None:
        for _ in range(min(self.take_count(), len(self.session.document.paragraphs))):
            self._next_paragraph()

    def action_prev_paragraph(self) -> None:
        for _ in range(min(self.take_count(), len(self.session.document.paragraphs))):
            self._prev_paragraph()

    def _next_paragraph(self) -> None:
        document = self.session.document
        paragraph = document.sentences[self.reader.cursor].paragraph
        if paragraph + 1 < len(document.paragraphs):
            self.goto(document.paragraphs[paragraph + 1].first_sentence)
        else:
            self.goto(len(document.sentences) - 1)

    def _prev_paragraph(self) -> None:
        document = self.session.document
        sentence = document.sentences[self.reader.cursor]
        paragraph = document.paragraphs[sentence.paragraph]
        if sentence.index != paragraph.first_sentence or sentence.paragraph == 0:
            self.goto(paragraph.first_sentence)
        else:
            self.goto(document.paragraphs[sentence.paragraph - 1].first_sentence)

    def action_first_sentence(self) -> None:
        self.goto(0)

    def action_last_sentence(self) -> None:
        self.goto(len(self.session.document.sentences) - 1)

    def action_toggle_focus(self) -> None:
        self.reader.focus_mode = not self.reader.focus_mode

    # -- coding ----------------------------------------------------------------------

    def action_toggle_code(self, index: int) -> None:
        self.apply_code(index)

    # -- segmentation corrections ----------------------------------------------------

    def _resegment(self, overrides: SegmentationOverrides, cursor_offset: int) -> None:
        session = self.session
        document = with_overrides(session.document, overrides)
        try:
            save_overrides(self.data_dir.segmentation_path(document.doc_id), overrides)
        except OSError as exc:
            self.app.notify(
                f"Could not save the correction: {one_line(str(exc.strerror or exc))}",
                severity="error",
                markup=False,
            )
            return
        session.resegment(document)
        cursor = document.sentence_at_offset(cursor_offset)
        self.reader.reset(cursor if cursor is not None else 0)
        self._refresh_details()

    def _current_overrides(self) -> SegmentationOverrides | None:
        """The saved corrections, or None (and a message) if their file is damaged."""
        try:
            return saved_overrides(self.data_dir, self.session.document.doc_id)
        except OverridesDamaged as exc:
            self.app.notify(
                f"Sentence corrections cannot be changed: {one_line(str(exc), 300)}",
                severity="error",
                markup=False,
            )
            return None

    def action_merge_sentence(self) -> None:
        if not self.can_write():
            return
        document = self.session.document
        current = document.sentences[self.reader.cursor]
        following = self.reader.cursor + 1
        if following >= len(document.sentences) or (
            document.sentences[following].paragraph != current.paragraph
        ):
            self.app.notify(
                "The last sentence of a paragraph has nothing to merge with.", markup=False
            )
            return
        current_overrides = self._current_overrides()
        if current_overrides is None:
            return
        overrides = merge_at(current_overrides, document.sentences[following].start)
        self._resegment(overrides, current.start)
        self.app.notify("Merged with the next sentence.", markup=False)

    def action_split_sentence(self) -> None:
        if not self.can_write():
            return
        document = self.session.document
        current = document.sentences[self.reader.cursor]
        if not split_points(document.text, current.start, current.end):
            self.app.notify("A one-word sentence cannot be split.", markup=False)
            return

        def chosen(offset: int | None) -> None:
            current_overrides = self._current_overrides()
            if offset is not None and current_overrides is not None:
                self._resegment(split_at(current_overrides, offset), current.start)
                self.app.notify("Split the sentence.", markup=False)

        self.app.push_screen(SplitPicker(document.text, current.start, current.end), chosen)

    def action_undo(self) -> None:
        if not self.can_write():
            return
        change = self.session.undo()
        if change is None:
            self.app.notify("Nothing to undo.", markup=False)
        else:
            # Back to where the change was, so that tag-and-advance can be corrected.
            self.goto(change.sentence)

    def action_redo(self) -> None:
        if not self.can_write():
            return
        change = self.session.redo()
        if change is None:
            self.app.notify("Nothing to redo.", markup=False)
        else:
            self.goto(change.sentence)

    def action_edit_note(self) -> None:
        if not self.can_write():
            return
        sentence = self.reader.cursor
        span = self.session.document.sentences[sentence]
        where = f"sentence {sentence + 1} (¶ {span.paragraph + 1})"

        def done(note: str | None) -> None:
            if note is not None and note != self.session.note(sentence):
                self.session.set_note(sentence, note)

        self.app.push_screen(
            NoteEditor(
                self.session.note(sentence), self.session.document.sentence_text(sentence), where
            ),
            done,
        )

    # -- export ----------------------------------------------------------------------

    def action_export(self) -> None:
        document = self.session.document
        # The file name comes from an untrusted document name: keep it to safe characters.
        file_name = f"{file_stem(document.name)}.annotations.csv"
        folder = document.path.parent if document.path is not None else None
        if folder is not None and not document.is_sample and os.access(folder, os.W_OK):
            self._export_to(folder / file_name)
            return
        reason = (
            "The bundled sample lives inside the installed package; choose where to write."
            if document.is_sample
            else "The document's folder is not writable; choose where to write."
        )

        def chosen(path: str | None) -> None:
            if path:
                self._export_to(Path(path).expanduser())

        self.app.push_screen(ExportPathScreen(str(Path.cwd() / file_name), reason), chosen)

    def _export_to(self, target: Path) -> None:
        # The export reads the stores from disk: wait for queued writes, but not without
        # end (on a full disk the writer retries until the coder does something about it).
        if not self.session.store.flush(EXPORT_FLUSH_SECONDS):
            self.app.notify(
                "Some edits are not saved yet; the export holds what is on disk.",
                severity="warning",
                markup=False,
            )
        try:
            rows, _ = export_document_csv(
                self.session.document, self.data_dir, self.session.codebook, str(target)
            )
        except OSError as exc:
            self.app.notify(
                f"Could not write {one_line(str(target))}: {one_line(str(exc.strerror or exc))}",
                severity="error",
                markup=False,
            )
            return
        self.app.notify(f"Wrote {rows} rows to {one_line(str(target))}", markup=False)
        self.status_bar.show(self.session)
