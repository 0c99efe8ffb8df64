"""The formula-injection guard for CSV text cells, and its exact inverse.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some of
them, a tab or carriage return) as a formula, and the documents under study are
untrusted. The OWASP advice is to prefix such a cell with ``'``. To keep the guard
reversible, a cell that already starts with ``'`` is prefixed as well, so ``unguard``
removes exactly one leading ``'`` from every cell that has one and gives back the
original text.
"""

from __future__ import annotations

FORMULA_STARTS = frozenset("=+-@\t\r")
GUARD_PREFIX = "'"
_NEEDS_PREFIX = FORMULA_STARTS | {GUARD_PREFIX}


def guard(text: str) -> str:
    """``text`` made inert for spreadsheets: a leading ``'`` when it could start a formula."""
    if text and text[0] in _NEEDS_PREFIX:
        return GUARD_PREFIX + text
    return text


def unguard(text: str) -> str:
    """The original text of a guarded cell."""
    if text.startswith(GUARD_PREFIX):
        return text[1:]
    return text


def looks_unguarded(text: str) -> bool:
    """True when a cell could not have come from a guarded export (it starts a formula)."""
    return bool(text) and text[0] in FORMULA_STARTS


def identity(text: str) -> str:
    return text
