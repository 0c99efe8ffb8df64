"""Plain-text layout of the help pages (``annotator help TOPIC``): paragraphs filled to
the page's width, and two-column tables whose right column wraps under itself."""

from __future__ import annotations

import textwrap

WIDTH = 78


def para(text: str) -> str:
    """``text`` as one paragraph, its whitespace collapsed, filled to ``WIDTH``."""
    return textwrap.fill(" ".join(text.split()), WIDTH)


def table(rows: list[tuple[str, str]], indent: int = 2) -> str:
    """Rows of (term, meaning): the terms in one column, each meaning wrapped beside it."""
    width = max(len(left) for left, _ in rows) + 2
    lines = []
    for left, right in rows:
        wrapped = textwrap.wrap(right, WIDTH - indent - width) or [""]
        lines.append(" " * indent + left.ljust(width) + wrapped[0])
        lines.extend(" " * (indent + width) + more for more in wrapped[1:])
    return "\n".join(lines)
