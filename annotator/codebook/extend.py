"""Adding codes to the codebook in force, for ``annotator import --add-codes``.

New codes are appended to the file the codebook came from as ``[[codes]]`` tables, so
every comment and table already there is kept as written. When the built-in default is
in force there is no file: the defaults and the new codes are written to the user's
``codebook.toml``, which is then the codebook in force. Each new code gets a free key, a
label and a colour, and a definition that asks to be written; the file is checked like
any other codebook before it replaces the old one, so a codebook that would be invalid
(too many codes, no free key) is refused and nothing is written.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from annotator.codebook.discovery import PROJECT_FILE
from annotator.codebook.model import Code, Codebook
from annotator.codebook.source import CodebookError, CodebookProblem
from annotator.codebook.toml_parse import codebook_from_toml
from annotator.files import atomic_write_bytes
from annotator.settings.keynames import key_name

KEY_CHOICES = "1234567890abcehilorvwyzABCDFHIJKMOPQRTUVWXYZ"
"""Keys offered to added codes, in order; those the app or the codebook use are skipped."""
COLOURS = ("#d7af5f", "#5fafaf", "#d75f87", "#87af5f", "#af87d7", "#5f87af", "#d78700")


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string; control characters escaped."""
    out = ['"']
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _label(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9]", "", name).upper()[:4] or "CODE"
    label, number = base, 2
    while label in taken:
        label = f"{base[:3]}{number}"
        number += 1
    taken.add(label)
    return label


def _code_table(code: Code) -> str:
    lines = [
        "[[codes]]",
        f"name = {toml_string(code.name)}",
        f"label = {toml_string(code.label)}",
        f"key = {toml_string(code.key)}",
        f"color = {toml_string(code.color)}",
        f"definition = {toml_string(code.definition)}",
    ]
    if code.id:
        lines.append(f"id = {toml_string(code.id)}")
    if code.description:
        lines.append(f"description = {toml_string(code.description)}")
    if code.examples:
        lines.append("examples = [" + ", ".join(toml_string(e) for e in code.examples) + "]")
    if code.aliases:
        lines.append("renamed_from = [" + ", ".join(toml_string(a) for a in code.aliases) + "]")
    return "\n".join(lines) + "\n"


def new_codes(
    codebook: Codebook, names: Sequence[str], reserved: Mapping[str, str], source: str
) -> list[Code]:
    """Codes for ``names``, with keys, labels and colours no code of ``codebook`` uses."""
    used_keys = {key_name(c.key) for c in codebook.codes} | set(reserved)
    labels = {c.label for c in codebook.codes}
    free = [k for k in KEY_CHOICES if key_name(k) not in used_keys]
    codes = []
    for index, name in enumerate(names):
        key = free[index] if index < len(free) else ""
        codes.append(
            Code(
                name=name,
                label=_label(name, labels),
                key=key,
                color=COLOURS[(len(codebook.codes) + index) % len(COLOURS)],
                definition=f"Added by importing {source}; write its definition here.",
                id="",
            )
        )
    return codes


def codebook_toml(codebook: Codebook) -> str:
    """A whole codebook file for ``codebook`` (the built-in default, written out)."""
    head = [
        "[codebook]",
        f"name = {toml_string(codebook.name)}",
        f"version = {toml_string(codebook.version)}",
    ]
    if codebook.description:
        head.append(f"description = {toml_string(codebook.description)}")
    return "\n".join(head) + "\n" + "".join("\n" + _code_table(c) for c in codebook.codes)


def add_codes(
    codebook: Codebook,
    names: Sequence[str],
    *,
    reserved: Mapping[str, str],
    source: str,
    user_codebook: Path,
) -> Codebook:
    """Add codes named ``names`` to ``codebook``'s file (or write ``user_codebook``).

    Returns the codebook as it now stands. Raises ``CodebookError`` when the result would
    not be a valid codebook (nothing is written) and ``OSError`` when the file cannot be
    read or written.
    """
    added = "".join("\n" + _code_table(c) for c in new_codes(codebook, names, reserved, source))
    target = codebook.path
    if target is None:
        target, text, origin = user_codebook, codebook_toml(codebook), "user config"
        if target.exists():
            message = "exists but is not the codebook in force; add the codes to it by hand"
            raise CodebookError([CodebookProblem(str(target), None, message)])
    else:
        text, origin = target.read_text(encoding="utf-8"), ""
        if not text.endswith("\n"):
            text += "\n"
    result = text + added
    project = target.name == PROJECT_FILE
    data = tomllib.loads(result)  # the old text was valid TOML, and the tables are ours
    checked = codebook_from_toml(
        data,
        result,
        shown=str(target),
        source=codebook.source if origin == "" else f"{target} ({origin})",
        reserved=reserved,
        strict=not project,
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, result.encode("utf-8"))
    return replace(checked, path=target)
