"""Check a parsed codebook field by field, collecting every problem with its line.

The rules a codebook must keep (required fields, bounds, unique names, keys and labels,
colours, ids, renames) are the larger part of reading one; they live here, apart from
``toml_parse``, which reads the file or text and hands the parsed tables to the checker.
Lines come from the source text (``Locator``): ``tomllib`` reports lines for syntax
errors only.
"""

from __future__ import annotations

import difflib
import re
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from rich.color import Color, ColorParseError, ColorType

from annotator.codebook.limits import (
    MAX_COLOR,
    MAX_DEFINITION,
    MAX_DESCRIPTION,
    MAX_ENTRIES,
    MAX_EXAMPLE,
    MAX_ID,
    MAX_NAME,
    MAX_VERSION,
)
from annotator.codebook.limits import (
    shown as _shown,
)
from annotator.codebook.limits import (
    too_long as _too_long,
)
from annotator.codebook.model import MAX_CODES, Code, Codebook, derived_code_id
from annotator.codebook.source import (
    CodebookError,
    CodebookProblem,
    Locator,
)
from annotator.settings.keynames import is_single_printable, key_name

MAX_LABEL = 6
"""A label is a badge beside a sentence: a few letters, not a word."""

REQUIRED_CODE_FIELDS = ("name", "label", "key", "color", "definition")
OPTIONAL_CODE_FIELDS = ("examples", "description", "aliases", "renamed_from", "id")
CODEBOOK_FIELDS = ("name", "version", "description", "exclusive")

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class CodebookChecker:
    """Collects every problem in one pass, so the coder fixes a file in one go."""

    def __init__(self, shown: str, locator: Locator, reserved: Mapping[str, str]) -> None:
        self.shown = shown
        self.at = locator
        self.reserved = reserved
        self.problems: list[CodebookProblem] = []
        self.renamed: dict[int, tuple[str, ...]] = {}
        self.explicit_ids: set[int] = set()

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append(CodebookProblem(self.shown, line, message))

    # -- the [codebook] table --------------------------------------------------------

    def build(self, data: Mapping[str, Any], *, source: str, strict: bool) -> Codebook:
        if strict:
            for key in data:
                if key not in ("codebook", "codes"):
                    self.problem(self.at.top_level(key), f"unknown top-level key {_shown(key)}")
        header = data.get("codebook")
        name, version, description, exclusive = "", "", "", False
        if not isinstance(header, dict):
            self.problem(None, "missing [codebook] table (with name and version)")
        else:
            name, version, description = self._header(header)
            exclusive = self._flag(header, "exclusive", self.at.codebook, "[codebook]")
        codes = self._codes(data.get("codes"), name)
        self.problems.sort(key=lambda p: p.line if p.line is not None else 0)
        if self.problems:
            raise CodebookError(self.problems)
        return Codebook(
            name=name,
            version=version,
            codes=codes,
            source=source,
            description=description,
            exclusive=exclusive,
        )

    def _header(self, header: Mapping[str, Any]) -> tuple[str, str, str]:
        self._unknown_fields(header, CODEBOOK_FIELDS, self.at.codebook, "[codebook]")
        name = self._text(
            header, "name", self.at.codebook, "[codebook]", required=True, limit=MAX_NAME
        )
        raw_version = header.get("version")
        version = ""
        if raw_version is None:
            self.problem(self.at.codebook(), "[codebook]: missing required field 'version'")
        elif isinstance(raw_version, bool) or not isinstance(raw_version, str | int | float):
            self.problem(self.at.codebook("version"), "[codebook]: 'version' must be a string")
        else:
            version = str(raw_version).strip()
            if not version:
                self.problem(self.at.codebook("version"), "[codebook]: 'version' is empty")
            elif len(version) > MAX_VERSION:
                self.problem(
                    self.at.codebook("version"),
                    _too_long("[codebook]", "version", version, MAX_VERSION),
                )
                version = ""
        description = self._text(
            header, "description", self.at.codebook, "[codebook]", limit=MAX_DESCRIPTION
        )
        return name, version, description

    # -- the [[codes]] array ---------------------------------------------------------

    def _codes(self, raw: Any, codebook_name: str) -> tuple[Code, ...]:
        if raw is None:
            self.problem(None, "no codes: add at least one [[codes]] table")
            return ()
        if not isinstance(raw, list) or not all(isinstance(c, dict) for c in raw):
            self.problem(self.at.top_level("codes"), '"codes" must be an array of [[codes]] tables')
            return ()
        if not raw:
            self.problem(self.at.top_level("codes"), "no codes: add at least one [[codes]] table")
            return ()
        if len(raw) > MAX_CODES:
            self.problem(
                self.at.code(MAX_CODES),
                f"too many codes: {len(raw)}; a codebook holds at most {MAX_CODES}",
            )
        built = [self._code(i, entry, codebook_name) for i, entry in enumerate(raw)]
        self._cross_check([code for code, _ in built])
        return tuple(code for code, ok in built if ok)

    def _code(self, index: int, entry: Mapping[str, Any], codebook_name: str) -> tuple[Code, bool]:
        """The code as read, and whether it passed every check of its own."""

        def at(field: str | None = None) -> int | None:
            return self.at.code(index, field)

        raw_name = entry.get("name")
        what = f"code {index + 1}" + (f" ({_shown(raw_name)})" if isinstance(raw_name, str) else "")
        before = len(self.problems)
        self._unknown_fields(entry, REQUIRED_CODE_FIELDS + OPTIONAL_CODE_FIELDS, at, what)
        name = self._text(entry, "name", at, what, required=True, limit=MAX_NAME)
        label = self._text(entry, "label", at, what, required=True)
        key = self._text(entry, "key", at, what, required=True)
        color = self._text(entry, "color", at, what, required=True, limit=MAX_COLOR)
        definition = self._text(
            entry, "definition", at, what, required=True, multiline=True, limit=MAX_DEFINITION
        )
        description = self._text(
            entry, "description", at, what, multiline=True, limit=MAX_DESCRIPTION
        )
        examples = self._texts(entry, "examples", at, what, multiline=True, limit=MAX_EXAMPLE)
        renamed = self._texts(entry, "renamed_from", at, what, limit=MAX_NAME)
        aliases = self._texts(entry, "aliases", at, what, limit=MAX_NAME) + renamed
        if name and ";" in name:
            self.problem(at("name"), f'{what}: a name may not contain ";" (it separates tags)')
        if label and len(label) > MAX_LABEL:
            self.problem(
                at("label"),
                f"{what}: label {_shown(label)} is longer than {MAX_LABEL} characters",
            )
        if key and not is_single_printable(key):
            self.problem(
                at("key"),
                f"{what}: key {_shown(key)} must be one printable character (a letter, digit "
                "or punctuation mark)",
            )
        elif key and key_name(key) in self.reserved:
            self.problem(
                at("key"),
                f"{what}: key {key!r} clashes with the app's key for "
                f"{self.reserved[key_name(key)]!r}",
            )
        color = _expand_short_hex(color)
        if color and not _valid_color(color):
            self.problem(
                at("color"), f'{what}: color {_shown(color)} is not a colour (use e.g. "#d7875f")'
            )
        code_id = self._id(entry, at, what)
        if code_id:
            self.explicit_ids.add(index)
        ok = len(self.problems) == before
        self.renamed[index] = renamed
        code = Code(
            name=name,
            label=label,
            key=key,
            color=color,
            definition=definition,
            id=code_id or derived_code_id(codebook_name, renamed[0] if renamed else name),
            examples=examples,
            description=description,
            aliases=tuple(dict.fromkeys(a for a in aliases if a != name)),
        )
        return code, ok

    def _id(self, entry: Mapping[str, Any], at: Any, what: str) -> str:
        raw = entry.get("id")
        if raw is None:
            return ""
        if not isinstance(raw, str):
            self.problem(at("id"), f'{what}: "id" must be a string (a GUID)')
            return ""
        try:
            if len(raw) > MAX_ID:
                raise ValueError("too long")
            return str(uuid.UUID(raw.strip()))
        except ValueError:
            self.problem(at("id"), f"{what}: id {_shown(raw)} is not a GUID")
            return ""

    def _cross_check(self, codes: list[Code]) -> None:
        seen: dict[str, dict[str, tuple[int, str, str]]] = {
            "name": {},
            "label": {},
            "key": {},
            "id": {},
        }
        for index, code in enumerate(codes):
            if code.name:
                self._unique(seen["name"], index, code, "name", code.name, code.name.casefold())
            for alias in code.aliases:
                field = "renamed_from" if self._in_renamed(index, alias) else "aliases"
                self._unique(seen["name"], index, code, field, alias, alias.casefold())
            if code.label:
                self._unique(seen["label"], index, code, "label", code.label, code.label.casefold())
            if code.key:
                self._unique(seen["key"], index, code, "key", code.key, key_name(code.key))
            if index in self.explicit_ids:
                # Derived ids repeat only when names do, which is reported above.
                self._unique(seen["id"], index, code, "id", code.id, code.id)

    def _in_renamed(self, index: int, alias: str) -> bool:
        """Whether a former name came from ``renamed_from`` (to point at the right line)."""
        return alias in self.renamed.get(index, ())

    def _unique(
        self,
        seen: dict[str, tuple[int, str, str]],
        index: int,
        code: Code,
        field: str,
        value: str,
        folded: str,
    ) -> None:
        """Record ``value``; report it if an earlier code (or name) already holds it."""
        first = seen.get(folded)
        if first is None:
            seen[folded] = (index, code.name, field)
            return
        first_index, first_name, first_field = first
        if first_index == index:
            # A code's former name differing only in case from its name is a rename.
            return
        first_line = self.at.code(first_index, first_field)
        where = f" (line {first_line})" if first_line is not None else ""
        kind = "name" if field in ("aliases", "renamed_from") else field
        self.problem(
            self.at.code(index, field),
            f"code {_shown(code.name)}: duplicate {kind} {_shown(value)}, "
            f"already used by code {_shown(first_name)}{where}",
        )

    # -- field helpers ---------------------------------------------------------------

    def _unknown_fields(
        self, table: Mapping[str, Any], allowed: Sequence[str], at: Any, what: str
    ) -> None:
        for field in table:
            if field in allowed:
                continue
            close = difflib.get_close_matches(field, allowed, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            self.problem(at(field), f"{what}: unknown field {_shown(field)}{hint}")

    def _text(
        self,
        table: Mapping[str, Any],
        field: str,
        at: Any,
        what: str,
        *,
        required: bool = False,
        multiline: bool = False,
        limit: int | None = None,
    ) -> str:
        raw = table.get(field)
        if raw is None:
            if required:
                self.problem(at(), f"{what}: missing required field {field!r}")
            return ""
        if not isinstance(raw, str):
            self.problem(at(field), f"{what}: {field!r} must be a string")
            return ""
        value = raw.strip()
        if limit is not None and len(value) > limit:
            self.problem(at(field), _too_long(what, field, value, limit))
            return ""
        if required and not value:
            self.problem(at(field), f"{what}: {field!r} is empty")
        checked = value.replace("\n", "").replace("\t", "") if multiline else value
        if _CONTROL.search(checked):
            self.problem(at(field), f"{what}: {field!r} contains control characters")
        return value

    def _flag(self, table: Mapping[str, Any], field: str, at: Any, what: str) -> bool:
        """An optional true/false field; a string such as "yes" is refused, not guessed."""
        raw = table.get(field, False)
        if not isinstance(raw, bool):
            self.problem(at(field), f"{what}: {field!r} must be true or false")
            return False
        return raw

    def _texts(
        self,
        table: Mapping[str, Any],
        field: str,
        at: Any,
        what: str,
        *,
        limit: int,
        multiline: bool = False,
    ) -> tuple[str, ...]:
        raw = table.get(field)
        if raw is None:
            return ()
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            self.problem(at(field), f"{what}: {field!r} must be a list of strings")
            return ()
        if len(items) > MAX_ENTRIES:
            self.problem(
                at(field), f"{what}: {field!r} holds {len(items)} entries; at most {MAX_ENTRIES}"
            )
            return ()
        values = []
        for item in items:
            value = item.strip()
            if len(value) > limit:
                self.problem(
                    at(field),
                    f"{what}: an entry of {field!r} is {len(value):,} characters long; "
                    f"at most {limit:,}",
                )
                continue
            checked = value.replace("\n", "").replace("\t", "") if multiline else value
            if not value or _CONTROL.search(checked):
                self.problem(at(field), f"{what}: {field!r} holds an empty or unprintable entry")
                continue
            values.append(value)
        return tuple(values)


def _expand_short_hex(color: str) -> str:
    """Accept CSS's "#abc" shorthand, which Rich does not parse, as "#aabbcc"."""
    if re.fullmatch(r"#[0-9a-fA-F]{3}", color):
        return "#" + "".join(ch * 2 for ch in color[1:])
    return color


def _valid_color(color: str) -> bool:
    try:
        parsed = Color.parse(color)
    except ColorParseError:
        return False
    return parsed.type is not ColorType.DEFAULT
