"""The reader's actions and their default keys, in one table.

The UI builds its bindings from this table, the codebook validator uses it to refuse code
keys that would shadow an app key, and the user's keymap (see ``annotator.config``)
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
    # Coding
    KeyAction("edit-note", ("enter",), "edit_note", "Note", "Code", True),
    KeyAction("undo", ("u",), "undo", "Undo", "Code", True),
    KeyAction("redo", ("ctrl+r",), "redo", "Redo", "Code"),
    # View
    KeyAction("focus-mode", ("f",), "toggle_focus", "Focus", "View", True),
    # Files
    KeyAction("export", ("E",), "export", "Export CSV", "File", True),
    KeyAction("quit", ("q", "ctrl+q"), "quit", "Quit", "File", True),
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
