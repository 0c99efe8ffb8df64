"""Turn another tool's codes into annotator's codebook TOML, valid by annotator's own loader.

Other tools nest codes; annotator's codebook is flat, so a child's name carries its path
("Parent/Child"), and a code that only groups others (``isCodable="false"``) is left out
once its children are in. Names are made single-line, without ";" (it separates tags in
exports) and unique regardless of case. GUIDs and colours are kept; a code without a
colour gets one from a fixed palette. Each code is given a label (a short badge) and a key
that neither another code nor the app already uses. The result is parsed back with
``annotator.codebook.toml_parse`` before anyone sees it, so it is always a codebook.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator.codebook.checker import MAX_LABEL
from annotator.codebook.model import MAX_CODES, Codebook
from annotator.codebook.source import CodebookError
from annotator.codebook.toml_parse import parse_codebook
from annotator.files import atomic_write_bytes
from annotator.refi import guids
from annotator.refi.build import code_color
from annotator.refi.model import Code, CodeBookFile, walk_codes
from annotator.refi.package import read_bounded_file, read_package
from annotator.refi.qde_read import read_codebook
from annotator.refi.xml_in import RefiError, parse_xml
from annotator.safe_text import one_line
from annotator.settings.config import bound_keys
from annotator.settings.keynames import is_single_printable, key_name
from annotator.text.loading import normalize_newlines

PATH_SEPARATOR = "/"
KEY_ORDER = "1234567890abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
PALETTE = (
    "#d7875f", "#5f87d7", "#af5fd7", "#5faf5f", "#d7af5f", "#5fafaf",
    "#d75f87", "#87af5f", "#875fd7", "#af875f", "#5f5fd7", "#d75f5f",
)  # fmt: skip

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class CodeSpec:
    """One ``[[codes]]`` table of a codebook file."""

    name: str
    label: str
    key: str
    color: str
    definition: str
    id: str
    description: str = ""
    examples: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FileCode:
    """A codable code of another tool's file, flattened: its GUID, path name and colour."""

    guid: str
    name: str
    color: str | None
    description: str
    nested: bool = False


@dataclass(frozen=True, slots=True)
class CodebookConversion:
    """A converted codebook: the TOML text, the codebook it parses to, and what changed."""

    text: str
    codebook: Codebook
    converted: int
    flattened: int = 0
    folders: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()
    sets: int = 0
    origin: str | None = None
    path: Path | None = field(default=None, compare=False)

    def lines(self) -> list[str]:
        """What the conversion did, one line each, safe to print."""
        written = f"wrote {self.path}" if self.path is not None else "converted"
        by = f" (written by {self.origin})" if self.origin else ""
        lines = [f"{written}: {_counted(self.converted, 'code')}{by}"]
        if self.flattened:
            lines.append(f"{_counted(self.flattened, 'code')} from a hierarchy, named Parent/Child")
        if self.folders:
            verb = "groups" if len(self.folders) == 1 else "group"
            lines.append(
                f"left out {_counted(len(self.folders), 'code')} that only {verb} others: "
                + ", ".join(self.folders)
            )
        lines += [f"renamed {old!r} to {new!r}: the name was taken" for old, new in self.renamed]
        if self.sets:
            lines.append(f"{_counted(self.sets, 'set')} not converted: a codebook has no sets")
        if self.path is not None:
            lines.append(f"code with it: --codebook {shlex.quote(str(self.path))}")
        return [one_line(line) for line in lines]


def _counted(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def flatten(codes: Sequence[Code]) -> tuple[list[FileCode], list[str]]:
    """Codable codes with their path in the name, and the folders that were left out."""
    found: list[FileCode] = []
    folders: list[str] = []
    for code, path in walk_codes(tuple(codes)):
        name = PATH_SEPARATOR.join((*(_clean_name(p) for p in path), _clean_name(code.name)))
        if not code.codable:
            folders.append(name)
            continue
        found.append(
            FileCode(
                guid=guids.normalize(code.guid),
                name=name,
                color=code.color,
                description=code.description,
                nested=bool(path),
            )
        )
    return found, folders


def _clean_name(name: str) -> str:
    return " ".join(_CONTROL.sub(" ", name).split()).replace(";", ",") or "code"


def existing_specs(codebook: Codebook) -> list[CodeSpec]:
    """The codes of ``codebook`` as they would be written back, with explicit ids."""
    return [
        CodeSpec(
            name=c.name,
            label=c.label,
            key=c.key,
            color=c.color,
            definition=c.definition,
            id=c.id,
            description=c.description,
            examples=c.examples,
            aliases=c.aliases,
        )
        for c in codebook.codes
    ]


def add_codes(
    specs: Sequence[CodeSpec],
    new: Sequence[FileCode],
    *,
    reserved: Mapping[str, str],
    source: str,
) -> tuple[list[CodeSpec], list[tuple[str, str]]]:
    """``specs`` followed by ``new``, each given a unique name, a label, a key and a colour.

    Returns the codes and the (file name, new name) of codes renamed to stay unique.
    """
    result = list(specs)
    names = {s.name.casefold() for s in specs} | {a.casefold() for s in specs for a in s.aliases}
    labels = {s.label.casefold() for s in specs}
    keys = {key_name(s.key) for s in specs}
    renamed: list[tuple[str, str]] = []
    for index, code in enumerate(new):
        name = _unique(code.name, names)
        if name != code.name:
            renamed.append((code.name, name))
        names.add(name.casefold())
        label = _label(name, labels)
        labels.add(label.casefold())
        key = _key(keys, reserved)
        keys.add(key_name(key))
        color = code_color(code.color) if code.color else None
        result.append(
            CodeSpec(
                name=name,
                label=label,
                key=key,
                color=color or PALETTE[(len(specs) + index) % len(PALETTE)],
                definition=_text(code.description) or f"(no description in {source})",
                id=code.guid,
            )
        )
    return result, renamed


def _unique(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate.casefold() in taken:
        candidate = f"{name} ({number})"
        number += 1
    return candidate


def _label(name: str, taken: set[str]) -> str:
    """A short upper-case badge from the last part of ``name``, unique regardless of case."""
    last = name.rsplit(PATH_SEPARATOR, 1)[-1]
    letters = "".join(ch for ch in last if ch.isalnum()).upper() or "C"
    words = [w for w in re.split(r"\W+", last) if w]
    initials = "".join(w[0] for w in words).upper()
    candidates = [letters[:3], initials[:MAX_LABEL], letters[:4], letters[:5], letters[:MAX_LABEL]]
    for candidate in candidates:
        if candidate and candidate.casefold() not in taken:
            return candidate
    number = 2
    while f"{letters[:3]}{number}".casefold() in taken:
        number += 1
    return f"{letters[:3]}{number}"[:MAX_LABEL]


def _key(taken: set[str], reserved: Mapping[str, str]) -> str:
    for key in KEY_ORDER:
        name = key_name(key)
        if is_single_printable(key) and name not in taken and name not in reserved:
            return key
    raise RefiError("no free key is left for another code")


def _text(value: str) -> str:
    return _CONTROL.sub("", normalize_newlines(value)).strip()


def codebook_text(name: str, version: str, description: str, codes: Sequence[CodeSpec]) -> str:
    """The TOML of a codebook, fields in the order the codebook guide lists them."""
    lines = ["[codebook]", f"name = {_toml(name)}", f"version = {_toml(version)}"]
    if description:
        lines.append(f"description = {_toml(description)}")
    for code in codes:
        lines += [
            "",
            "[[codes]]",
            f"name = {_toml(code.name)}",
            f"label = {_toml(code.label)}",
            f"key = {_toml(code.key)}",
            f"color = {_toml(code.color)}",
            f"id = {_toml(code.id)}",
            f"definition = {_toml(code.definition)}",
        ]
        if code.description:
            lines.append(f"description = {_toml(code.description)}")
        if code.examples:
            lines.append(f"examples = [{', '.join(_toml(e) for e in code.examples)}]")
        if code.aliases:
            lines.append(f"aliases = [{', '.join(_toml(a) for a in code.aliases)}]")
    return "\n".join(lines) + "\n"


def _toml(value: str) -> str:
    """A TOML basic string; every control character escaped, as TOML requires."""
    out = ['"']
    for ch in value:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def checked_codebook(text: str, *, shown: str, reserved: Mapping[str, str], count: int) -> Codebook:
    """Parse ``text`` back with annotator's loader; RefiError if it is not a codebook."""
    if count > MAX_CODES:
        raise RefiError(
            f"{shown} would hold {count} codes, and a codebook holds at most {MAX_CODES}: "
            "split the codes into several codebooks"
        )
    try:
        return parse_codebook(text, shown=shown, reserved=reserved)
    except CodebookError as exc:
        raise RefiError(f"the converted codebook is not valid: {exc}") from None


def convert_codebook_file(
    book: CodeBookFile,
    *,
    name: str,
    source: str,
    reserved: Mapping[str, str] | None = None,
) -> CodebookConversion:
    """``book`` as an annotator codebook named ``name`` (version 1)."""
    reserved = bound_keys() if reserved is None else reserved
    new, folders = flatten(book.codes)
    if not new:
        raise RefiError(f"{source} holds no code that can be applied")
    specs, renamed = add_codes([], new, reserved=reserved, source=source)
    description = f"Converted from {source}" + (
        f", written by {book.origin}." if book.origin else "."
    )
    text = codebook_text(name, "1", description, specs)
    codebook = checked_codebook(text, shown=name, reserved=reserved, count=len(specs))
    return CodebookConversion(
        text=text,
        codebook=codebook,
        converted=len(specs),
        flattened=sum(1 for code in new if code.nested),
        folders=tuple(folders),
        renamed=tuple(renamed),
        sets=book.sets,
        origin=book.origin,
    )


def convert_qdc(
    path: Path,
    out: Path | None = None,
    *,
    reserved: Mapping[str, str] | None = None,
    overwrite: bool = False,
) -> CodebookConversion:
    """Convert the codebook in ``path`` (``.qdc``, or a project's) and write it as TOML.

    ``out`` defaults to ``path`` with the suffix ``.toml``; an existing file is replaced
    only with ``overwrite``. Nothing is written if the codebook cannot be converted.
    """
    target = out if out is not None else path.with_suffix(".toml")
    if target.exists() and not overwrite:
        raise RefiError(f"{target} exists and was left as it is; choose another output file")
    if path.suffix.lower() in (".qdpx", ".qde"):
        package = read_package(path, path.name)
        book = CodeBookFile(codes=package.project.codes, origin=package.project.origin)
    else:
        data = read_bounded_file(path, path.name)
        book = read_codebook(parse_xml(data, path.name), path.name)
    conversion = convert_codebook_file(
        book, name=_codebook_name(path), source=path.name, reserved=reserved
    )
    atomic_write_bytes(target, conversion.text.encode("utf-8"))
    return replace(conversion, path=target)


def _codebook_name(path: Path) -> str:
    return " ".join(_CONTROL.sub(" ", path.stem).split()) or "imported"
