"""Codebook TOML parsing and validation: every error names the file and the line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import annotator.codebook.source as source_module
from annotator.codebook.limits import (
    MAX_COLOR,
    MAX_DEFINITION,
    MAX_DESCRIPTION,
    MAX_ENTRIES,
    MAX_EXAMPLE,
    MAX_NAME,
)
from annotator.codebook.source import CodebookError
from annotator.codebook.toml_parse import load_codebook, parse_codebook
from annotator.settings.config import bound_keys
from annotator.settings.keynames import key_name
from tests.helpers import LineBudget

HEADER = '[codebook]\nname = "book"\nversion = "1"\n'  # lines 1-3


def code(name: str, key: str, label: str | None = None, **extra: str) -> str:
    """A [[codes]] table of 6 lines (7 with the blank line before it), plus extras."""
    lines = [
        "",
        "[[codes]]",
        f'name = "{name}"',
        f'label = "{label or name[:3].upper()}"',
        f'key = "{key}"',
        'color = "#5f87d7"',
        f'definition = "The {name} code."',
    ]
    lines += [f"{field} = {value}" for field, value in extra.items()]
    return "\n".join(lines) + "\n"


def errors(text: str, **kwargs: object) -> list[str]:
    with pytest.raises(CodebookError) as caught:
        parse_codebook(text, shown="cb.toml", **kwargs)  # type: ignore[arg-type]
    return [str(problem) for problem in caught.value.problems]


def test_a_valid_codebook_parses() -> None:
    book = parse_codebook(HEADER + code("alpha", "1") + code("beta", "2"), shown="cb.toml")
    assert [c.name for c in book.codes] == ["alpha", "beta"]
    assert book.name == "book" and book.version == "1"
    assert book.source == "cb.toml"


def test_malformed_toml_names_the_line() -> None:
    text = HEADER + code("alpha", "1") + 'oops = "unterminated\n'
    (message,) = errors(text)
    assert message.startswith("cb.toml:11: malformed TOML")


def test_malformed_file_on_disk_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[codebook\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"bad\.toml:1: malformed TOML"):
        load_codebook(path)


def test_a_codebook_git_left_half_merged_says_so(tmp_path: Path) -> None:
    """Not "malformed TOML" at the first marker: what happened, and how to mend it."""
    path = tmp_path / "codes.toml"
    path.write_text(
        '[codebook]\n<<<<<<< HEAD\nname = "ours"\n=======\nname = "theirs"\n>>>>>>> main\n',
        encoding="utf-8",
    )
    with pytest.raises(CodebookError, match=r"codes\.toml: holds git conflict markers") as caught:
        load_codebook(path)
    assert "git checkout BRANCH -- codes.toml" in str(caught.value)


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="file not found"):
        load_codebook(tmp_path / "absent.toml")
    with pytest.raises(CodebookError, match="is a directory"):
        load_codebook(tmp_path)
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'[codebook]\nname = "caf\xe9"\n')
    with pytest.raises(CodebookError, match="not UTF-8"):
        load_codebook(latin)


def test_duplicate_key_names_both_lines() -> None:
    (message,) = errors(HEADER + code("alpha", "1") + code("beta", "1"))
    assert message == (
        "cb.toml:15: code 'beta': duplicate key '1', already used by code 'alpha' (line 8)"
    )


def test_duplicate_key_written_two_ways() -> None:
    text = HEADER + code("alpha", "b") + code("beta", "b", label="BET")
    assert errors(text)[0].startswith("cb.toml:15: code 'beta': duplicate key 'b'")


def test_upper_and_lower_case_keys_are_different_keys() -> None:
    book = parse_codebook(HEADER + code("alpha", "b") + code("beta", "B"))
    assert book.by_key("B") is book.codes[1]


def test_duplicate_name_case_insensitive() -> None:
    (message,) = errors(HEADER + code("alpha", "1") + code("Alpha", "2", label="AL2"))
    assert message == (
        "cb.toml:13: code 'Alpha': duplicate name 'Alpha', already used by code 'alpha' (line 6)"
    )


def test_duplicate_label() -> None:
    (message,) = errors(HEADER + code("alpha", "1", label="X") + code("beta", "2", label="x"))
    assert message.startswith("cb.toml:14: code 'beta': duplicate label 'x'")


def test_former_name_may_not_be_another_codes_name() -> None:
    text = HEADER + code("alpha", "1") + code("beta", "2", renamed_from='["alpha"]')
    (message,) = errors(text)
    assert message.startswith("cb.toml:18: code 'beta': duplicate name 'alpha'")


def test_same_alias_on_two_codes() -> None:
    text = HEADER + code("alpha", "1", aliases='["old"]') + code("beta", "2", aliases='["old"]')
    (message,) = errors(text)
    assert message.startswith("cb.toml:19: code 'beta': duplicate name 'old'")


def test_duplicate_explicit_id() -> None:
    guid = '"0b5c1a52-6d0e-4a43-9c3e-0b7d1f7a2a11"'
    text = HEADER + code("alpha", "1", id=guid) + code("beta", "2", id=guid)
    (message,) = errors(text)
    assert message.startswith("cb.toml:19: code 'beta': duplicate id")


def test_bad_id() -> None:
    (message,) = errors(HEADER + code("alpha", "1", id='"not-a-guid"'))
    assert message == "cb.toml:11: code 1 ('alpha'): id 'not-a-guid' is not a GUID"


def test_missing_required_field_points_at_the_code() -> None:
    text = HEADER + '\n[[codes]]\nname = "alpha"\nlabel = "A"\nkey = "1"\ncolor = "red"\n'
    (message,) = errors(text)
    assert message == "cb.toml:5: code 1 ('alpha'): missing required field 'definition'"


def test_empty_required_field() -> None:
    text = HEADER + code("alpha", "1").replace('definition = "The alpha code."', 'definition = " "')
    assert errors(text) == ["cb.toml:10: code 1 ('alpha'): 'definition' is empty"]


def test_missing_codebook_table_and_version() -> None:
    assert "missing [codebook] table" in errors(code("alpha", "1"))[0]
    (message,) = errors('[codebook]\nname = "b"\n' + code("alpha", "1"))
    assert message == "cb.toml:1: [codebook]: missing required field 'version'"


def test_numeric_version_is_accepted_as_text() -> None:
    book = parse_codebook(HEADER.replace('"1"', "3") + code("alpha", "1"))
    assert book.version == "3"


def test_exclusive_defaults_to_false_and_reads_true() -> None:
    assert parse_codebook(HEADER + code("alpha", "1")).exclusive is False
    text = HEADER + "exclusive = true\n" + code("alpha", "1")
    assert parse_codebook(text).exclusive is True


def test_exclusive_must_be_a_boolean() -> None:
    (message,) = errors(HEADER + 'exclusive = "yes"\n' + code("alpha", "1"))
    assert message == "cb.toml:4: [codebook]: 'exclusive' must be true or false"


def test_no_codes() -> None:
    assert errors(HEADER) == ["cb.toml: no codes: add at least one [[codes]] table"]
    assert "no codes" in errors(HEADER + "codes = []\n")[0]


def test_key_clashing_with_app_binding_names_the_action() -> None:
    (message,) = errors(HEADER + code("alpha", "j"))
    assert (
        message
        == "cb.toml:8: code 1 ('alpha'): key 'j' clashes with the app's key for 'Next sentence'"
    )


@pytest.mark.parametrize("key", ["?", "/", "[", "]", "{", "}", "#", ":", "."])
def test_punctuation_keys_the_app_binds_are_refused(key: str) -> None:
    escaped = key.replace("\\", "\\\\")
    assert "clashes with the app's key" in errors(HEADER + code("alpha", escaped))[0]


def test_key_clash_follows_the_keymap() -> None:
    remapped = bound_keys({"next-sentence": ("down",)})
    book = parse_codebook(HEADER + code("alpha", "j"), reserved=remapped)
    assert book.codes[0].key == "j"
    moved = bound_keys({"next-sentence": ("z",)})
    assert "Next sentence" in errors(HEADER + code("alpha", "z"), reserved=moved)[0]


@pytest.mark.parametrize("key", ["ctrl+x", "ab", "", " ", "f5", "\\t"])
def test_key_must_be_one_printable_character(key: str) -> None:
    message = errors(HEADER + code("alpha", key))[0]
    assert message.startswith("cb.toml:8: code 1 ('alpha'):")
    assert "one printable character" in message or "is empty" in message


def test_non_ascii_single_character_key_is_allowed() -> None:
    assert parse_codebook(HEADER + code("alpha", "é")).codes[0].key == "é"


@pytest.mark.parametrize("color", ["nope", "#12345", "default", "rgb(1,2)"])
def test_invalid_colour(color: str) -> None:
    text = HEADER + code("alpha", "1").replace('"#5f87d7"', f'"{color}"')
    (message,) = errors(text)
    assert message.startswith("cb.toml:9: code 1 ('alpha'): color")


@pytest.mark.parametrize("color", ["red", "#fff", "#D7875F", "rgb(10,20,30)", "color(33)"])
def test_valid_colours(color: str) -> None:
    text = HEADER + code("alpha", "1").replace('"#5f87d7"', f'"{color}"')
    assert parse_codebook(text).codes[0].color


def test_short_hex_is_expanded() -> None:
    text = HEADER + code("alpha", "1").replace('"#5f87d7"', '"#abc"')
    assert parse_codebook(text).codes[0].color == "#aabbcc"


def test_twenty_codes_are_usable_and_twenty_one_are_not() -> None:
    taken = bound_keys()
    keys = [k for k in "1234567890bcehiloprvwyzABCDFH" if key_name(k) not in taken][:20]
    assert len(keys) == 20
    twenty = HEADER + "".join(code(f"code{i:02}", keys[i], label=f"C{i}") for i in range(20))
    book = parse_codebook(twenty)
    assert len(book.codes) == 20
    assert book.by_key(keys[19]) is book.codes[19]
    extra = code("code20", "Z", label="C20")
    (message,) = errors(twenty + extra)
    assert message == f"cb.toml:{3 + 20 * 7 + 2}: too many codes: 21; a codebook holds at most 20"


def test_unknown_field_suggests_the_right_one() -> None:
    (message,) = errors(HEADER + code("alpha", "1", colour='"red"'))
    assert message == "cb.toml:11: code 1 ('alpha'): unknown field 'colour' (did you mean 'color'?)"


def test_unknown_top_level_key() -> None:
    (message,) = errors('title = "x"\n' + HEADER + code("alpha", "1"))
    assert message == "cb.toml:1: unknown top-level key 'title'"


def test_wrong_types() -> None:
    text = HEADER + code("alpha", "1", examples='"one example"', aliases="[1, 2]")
    (message,) = errors(text)
    assert message == "cb.toml:12: code 1 ('alpha'): 'aliases' must be a list of strings"
    book = parse_codebook(HEADER + code("alpha", "1", examples='"one example"'))
    assert book.codes[0].examples == ("one example",)
    assert "must be a string" in errors(HEADER + code("alpha", "1").replace('"#5f87d7"', "5"))[0]


def test_long_label_and_semicolon_in_name() -> None:
    assert "longer than 6" in errors(HEADER + code("alpha", "1", label="ALPHABET"))[0]
    assert 'may not contain ";"' in errors(HEADER + code("al;pha", "1"))[0]


def test_control_characters_refused_in_names() -> None:
    text = HEADER + code("alpha", "1").replace('"alpha"', '"al\\u001bpha"', 1)
    assert "control characters" in errors(text)[0]


def test_multiline_definition_allowed() -> None:
    text = HEADER + code("alpha", "1").replace('"The alpha code."', '"""\nLine one.\nLine two."""')
    assert "Line two." in parse_codebook(text).codes[0].definition


def test_all_problems_are_reported_in_line_order() -> None:
    text = (
        HEADER
        + code("alpha", "j")
        + code("beta", "1", colour='"red"').replace('"#5f87d7"', '"nope"')
    )
    with pytest.raises(CodebookError) as caught:
        parse_codebook(text, shown="cb.toml")
    lines = [problem.line for problem in caught.value.problems]
    assert lines == sorted(lines) and len(lines) == 3
    assert str(caught.value).endswith("(and 2 more problems)")


def test_renamed_from_and_aliases_both_carry_annotations_over() -> None:
    text = HEADER + code("alpha", "1", renamed_from='["old"]', aliases='["Alfa"]')
    book = parse_codebook(text)
    assert book.canonical("old") == "alpha"
    assert book.canonical("Alfa") == "alpha"
    assert book.ordered(["old", "gone", "alpha"]) == ["alpha", "gone"]
    assert not book.is_known("gone")


def test_case_only_rename_is_allowed() -> None:
    book = parse_codebook(HEADER + code("alpha", "1", renamed_from='["Alpha"]'))
    assert book.canonical("Alpha") == "alpha"


def test_explicit_id_is_kept() -> None:
    guid = "0B5C1A52-6D0E-4A43-9C3E-0B7D1F7A2A11"
    book = parse_codebook(HEADER + code("alpha", "1", id=f'"{guid}"'))
    assert book.codes[0].id == guid.lower()


def test_errors_never_carry_control_characters() -> None:
    text = HEADER + code("alpha", "1").replace('key = "1"', 'key = "\\u001b[31m"')
    message = errors(text)[0]
    assert "\x1b" not in message


_NAME = (
    st.text(
        alphabet=st.characters(categories=("L", "N"), include_characters="-_ "),
        min_size=1,
        max_size=20,
    )
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=40, deadline=None)
@given(
    names=st.lists(_NAME, min_size=1, max_size=20, unique_by=str.casefold),
    definition=st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=80
    ).filter(str.strip),
)
def test_any_valid_codebook_round_trips(names: list[str], definition: str) -> None:
    """Whatever names and definitions a coder writes, the file gives back exactly those."""
    taken = bound_keys()
    keys = [k for k in "1234567890bcehiloprvwyzABCDFH" if key_name(k) not in taken][:20]
    tables = []
    for i, name in enumerate(names):
        tables.append(
            "[[codes]]\n"
            f"name = {json.dumps(name, ensure_ascii=False)}\n"
            f'label = "L{i}"\n'
            f'key = "{keys[i]}"\n'
            'color = "#5f87d7"\n'
            f"definition = {json.dumps(definition, ensure_ascii=False)}\n"
        )
    book = parse_codebook(HEADER + "\n".join(tables))
    assert [c.name for c in book.codes] == names
    assert all(c.definition == definition.strip() for c in book.codes)
    assert len({c.id for c in book.codes}) == len(names)


def test_a_huge_definition_is_refused_in_one_short_line(tmp_path: Path) -> None:
    """A 20 MB definition made every move take 40 s, and help minutes (issue 16)."""
    path = tmp_path / "huge.toml"
    huge = "word " * 400_000
    path.write_text(HEADER + code("alpha", "1", description=f'"{huge}"'), encoding="utf-8")
    text = path.read_text(encoding="utf-8").replace(
        'definition = "The alpha code."', f'definition = "{huge}"'
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError) as caught:
        load_codebook(path, shown="huge.toml")
    messages = [str(problem) for problem in caught.value.problems]
    assert messages == [
        "huge.toml:10: code 1 ('alpha'): 'definition' is 1,999,999 characters long; "
        f"at most {MAX_DEFINITION:,}",
        "huge.toml:11: code 1 ('alpha'): 'description' is 1,999,999 characters long; "
        f"at most {MAX_DESCRIPTION:,}",
    ]


@pytest.mark.parametrize(
    ("field", "value", "limit"),
    [
        ("name", "n" * 5_000, MAX_NAME),
        ("label", "L" * 5_000, 6),
        ("color", "#" + "a" * 5_000, MAX_COLOR),
        ("key", "k" * 5_000, 1),
    ],
)
def test_every_field_is_bounded_and_the_message_stays_short(
    field: str, value: str, limit: int
) -> None:
    text = HEADER + code("alpha", "1").replace(f"{field} = ", f'{field} = "{value}"\n#', 1)
    (message,) = errors(text)
    assert message.startswith("cb.toml:")
    assert str(limit) in message or "one printable character" in message
    assert len(message) < 200, message


def test_lists_are_bounded_in_entries_and_in_length() -> None:
    many = "[" + ", ".join(f'"e{i}"' for i in range(MAX_ENTRIES + 1)) + "]"
    long_one = '["' + "x" * (MAX_EXAMPLE + 1) + '"]'
    assert errors(HEADER + code("alpha", "1", examples=many)) == [
        f"cb.toml:11: code 1 ('alpha'): 'examples' holds {MAX_ENTRIES + 1} entries; "
        f"at most {MAX_ENTRIES}"
    ]
    assert errors(HEADER + code("alpha", "1", examples=long_one)) == [
        f"cb.toml:11: code 1 ('alpha'): an entry of 'examples' is {MAX_EXAMPLE + 1:,} "
        f"characters long; at most {MAX_EXAMPLE:,}"
    ]


def test_the_codebook_table_is_bounded_too() -> None:
    text = HEADER.replace('name = "book"', f'name = "{"b" * (MAX_NAME + 1)}"') + code("a", "1")
    assert errors(text) == [
        f"cb.toml:2: [codebook]: 'name' is {MAX_NAME + 1} characters long; at most {MAX_NAME}"
    ]


def test_many_unknown_fields_are_located_in_linear_time() -> None:
    """Each unknown field's line was found by scanning its block again."""
    fields = "".join(f'field_{i} = "x"\n' for i in range(20_000))
    with LineBudget(source_module, budget=20 * 20_000):
        problems = errors(HEADER + code("alpha", "1") + fields)
    assert len(problems) == 20_000
    assert problems[-1].startswith("cb.toml:20010: code 1 ('alpha'): unknown field 'field_19999'")
