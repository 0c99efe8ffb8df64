"""The reader's actions and their default keys, in one table.

The UI builds its bindings from this table, the codebook validator uses it to refuse code
keys that would shadow an app key, and the user's keymap (see ``annotator.settings.config``)
remaps entries by their id. Keys use Textual's key names ("ctrl+s", "question_mark"...).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class KeyAction:
    """One bindable action: a stable id, its keys, a group for help, and a description."""

    id: str
    keys: tuple[str, ...]
    action: str
    description: str
    group: str
    show: bool = False


ACTIONS: tuple[KeyAction, ...] = (
    # Moving
    KeyAction("next-sentence", ("j", "down"), "next_sentence", "Next sentence", "Move", True),
    KeyAction("prev-sentence", ("k", "up"), "prev_sentence", "Previous sentence", "Move"),
    KeyAction(
        "next-paragraph",
        ("right_curly_bracket", "pagedown"),
        "next_paragraph",
        "Next paragraph",
        "Move",
    ),
    KeyAction(
        "prev-paragraph",
        ("left_curly_bracket", "pageup"),
        "prev_paragraph",
        "Previous paragraph",
        "Move",
    ),
    KeyAction("first-sentence", ("g", "home"), "first_sentence", "First sentence", "Move"),
    KeyAction("last-sentence", ("G", "end"), "last_sentence", "Last sentence", "Move"),
    # Jumping (each takes a count prefix where it moves: 6n, 5ctrl+n)
    KeyAction("next-untagged", ("n",), "next_untagged", "Next untagged sentence", "Jump"),
    KeyAction("prev-untagged", ("N",), "prev_untagged", "Previous untagged sentence", "Jump"),
    KeyAction(
        "next-with-code", ("t",), "jump_code", "Next sentence with a code (t, code key)", "Jump"
    ),
    KeyAction("search", ("slash",), "search", "Search the text (literal, any case)", "Jump"),
    KeyAction("next-match", ("ctrl+n",), "next_match", "Next search match", "Jump"),
    KeyAction("prev-match", ("ctrl+b",), "prev_match", "Previous search match", "Jump"),
    KeyAction("goto-paragraph", ("colon",), "goto_paragraph", "Go to paragraph number", "Jump"),
    KeyAction("count", ("number_sign",), "count_prefix", "Start a count (#12j)", "Jump"),
    # Coding
    KeyAction("edit-note", ("enter",), "edit_note", "Note", "Code", True),
    KeyAction("undo", ("u",), "undo", "Undo", "Code", True),
    KeyAction("redo", ("ctrl+r",), "redo", "Redo", "Code"),
    KeyAction("split-sentence", ("s",), "split_sentence", "Split sentence at a word", "Code"),
    KeyAction("merge-sentence", ("m",), "merge_sentence", "Merge with next sentence", "Code"),
    KeyAction("tag-advance", ("a",), "toggle_advance", "Tag-and-advance mode", "Code", True),
    KeyAction("repeat", ("full_stop",), "repeat_last", "Repeat last tagging here", "Code"),
    KeyAction(
        "finished",
        ("D",),
        "toggle_finished",
        "Mark the document finished (again: re-open it)",
        "Code",
    ),
    KeyAction(
        "review",
        ("R",),
        "review",
        "Review annotations held when the text changed",
        "Review",
    ),
    # View
    KeyAction("focus-mode", ("f",), "toggle_focus", "Focus", "View", True),
    KeyAction("filter", ("x",), "filter_code", "Filter: x, code key (- uncoded, x clear)", "View"),
    KeyAction("definitions", ("d",), "toggle_definitions", "Code definitions", "View"),
    KeyAction("side-panel", ("p",), "toggle_panel", "Show or hide the side panel", "View"),
    KeyAction("statistics", ("S",), "statistics", "Statistics", "View"),
    KeyAction("help", ("question_mark", "f1"), "help", "Help", "View", True),
    # Files
    KeyAction("next-document", ("right_square_bracket",), "next_document", "Next document", "File"),
    KeyAction(
        "prev-document", ("left_square_bracket",), "prev_document", "Previous document", "File"
    ),
    KeyAction("documents", ("L",), "documents", "Document list", "File"),
    KeyAction("export", ("E",), "export", "Export CSV", "File", True),
    KeyAction("quit", ("q", "ctrl+q"), "quit", "Quit", "File", True),
    # Adjudication mode (annotator adjudicate), where n and N go to disagreements.
    KeyAction(
        "take-coder",
        ("equals_sign",),
        "take_coder",
        "Take a coder's codes: =, then the coder's number",
        "Adjudicate",
    ),
)

# The review screen's keys (a modal of its own: codebooks bind nothing there), as
# (action, keys, label, shown in the footer). Enter on a row accepts it too.
REVIEW_KEYS: tuple[tuple[str, tuple[str, ...], str, bool], ...] = (
    ("accept", ("a",), "Accept the proposal", True),
    ("place_here", ("h",), "Place on the reader's sentence", True),
    ("reject", ("r",), "Reject (stays orphaned)", True),
    ("show", ("g",), "Go to the proposal", True),
    ("close", ("escape",), "Close", True),
)

# Keys the app itself binds or reserves for its own use; a codebook may not take them.
RESERVED_KEYS: frozenset[str] = frozenset(
    key for action in ACTIONS for key in action.keys
) | frozenset({"escape", "tab", "shift+tab", "ctrl+c", "ctrl+p", "question_mark", "f1"})


def action_by_id(action_id: str) -> KeyAction | None:
    for action in ACTIONS:
        if action.id == action_id:
            return action
    return None
