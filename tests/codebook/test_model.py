"""The codebook model: lookups, renames, removed codes, the default's content."""

from __future__ import annotations

import uuid

import pytest

from annotator.codebook.model import DEFAULT_CODEBOOK, MAX_CODES, Code, Codebook, derived_code_id
from annotator.codebook.toml_parse import load_codebook
from annotator.settings.config import bound_keys
from annotator.settings.keynames import key_name
from tests.helpers import REPO

SAMPLES = REPO / "sample_docs"


def _code(name: str, key: str, aliases: tuple[str, ...] = ()) -> Code:
    return Code(
        name=name,
        label=name[:3].upper(),
        key=key,
        color="red",
        definition=f"{name} definition",
        id=derived_code_id("test", name),
        aliases=aliases,
    )


RENAMED = Codebook(
    name="test",
    version="2",
    codes=(_code("claim", "1", aliases=("fact", "Claim")), _code("appeal", "?")),
)


def test_canonical_maps_former_names_to_current() -> None:
    assert RENAMED.canonical("fact") == "claim"
    assert RENAMED.canonical("Claim") == "claim"
    assert RENAMED.canonical("claim") == "claim"
    assert RENAMED.canonical("gone") == "gone"


def test_by_name_finds_codes_by_alias() -> None:
    code = RENAMED.by_name("fact")
    assert code is not None and code.name == "claim"
    assert RENAMED.by_name("gone") is None


def test_removed_code_is_unknown_but_kept_in_order() -> None:
    assert RENAMED.is_known("fact")
    assert not RENAMED.is_known("statistic")
    # A removed code's tag is never dropped: it follows the known ones.
    assert RENAMED.ordered(["statistic", "appeal", "fact"]) == ["claim", "appeal", "statistic"]


def test_ordered_merges_a_former_and_current_name() -> None:
    assert RENAMED.ordered(["fact", "claim"]) == ["claim"]


def test_current_name_wins_over_another_codes_alias() -> None:
    book = Codebook(
        name="t",
        version="1",
        codes=(_code("a", "1", aliases=("b",)), _code("b", "2")),
    )
    assert book.canonical("b") == "b"


def test_by_key_accepts_the_character_or_textual_name() -> None:
    assert RENAMED.by_key("?") is RENAMED.codes[1]
    assert RENAMED.by_key("question_mark") is RENAMED.codes[1]
    assert RENAMED.by_key("1") is RENAMED.codes[0]
    assert RENAMED.by_key("9") is None


def test_derived_ids_are_stable_uuids() -> None:
    first = derived_code_id("press-rhetoric", "claim")
    assert first == derived_code_id("press-rhetoric", "claim")
    assert first != derived_code_id("press-rhetoric", "assertion")
    assert first != derived_code_id("other-book", "claim")
    assert uuid.UUID(first).version == 5
    # Pinned: a change here would change every derived id in users' exports.
    assert first == str(
        uuid.uuid5(uuid.UUID("5f1d7a3e-2c4b-5e8a-9d61-0b7c3a2e4f90"), "press-rhetoric\x1fclaim")
    )


def test_default_codebook_is_the_four_codes_with_distinct_keys() -> None:
    names = [code.name for code in DEFAULT_CODEBOOK.codes]
    assert names == ["claim", "assertion", "appeal", "statistic"]
    assert [code.key for code in DEFAULT_CODEBOOK.codes] == ["1", "2", "3", "4"]
    assert [code.label for code in DEFAULT_CODEBOOK.codes] == ["CLM", "AST", "APL", "STA"]
    assert DEFAULT_CODEBOOK.source == "built-in default"
    reserved = bound_keys()
    assert not any(key_name(code.key) in reserved for code in DEFAULT_CODEBOOK.codes)
    assert len({code.id for code in DEFAULT_CODEBOOK.codes}) == 4


def test_default_definitions_draw_the_distinctions_coders_need() -> None:
    claim = DEFAULT_CODEBOOK.by_name("claim")
    statistic = DEFAULT_CODEBOOK.by_name("statistic")
    appeal = DEFAULT_CODEBOOK.by_name("appeal")
    assert claim is not None and statistic is not None and appeal is not None
    assert "assertion" in claim.description  # how a claim differs from an assertion
    assert "evidence" in claim.definition
    assert "emotion" in appeal.definition
    assert "not" in statistic.description  # what does not count as a statistic
    for code in DEFAULT_CODEBOOK.codes:
        assert code.definition and code.description and code.examples


def test_sample_codebook_file_is_exactly_the_default() -> None:
    loaded = load_codebook(SAMPLES / "codebook.toml")
    assert loaded.codes == DEFAULT_CODEBOOK.codes
    assert (loaded.name, loaded.version, loaded.description) == (
        DEFAULT_CODEBOOK.name,
        DEFAULT_CODEBOOK.version,
        DEFAULT_CODEBOOK.description,
    )


def test_ten_code_sample_loads_with_stable_ids_and_a_rename() -> None:
    book = load_codebook(SAMPLES / "ten-codes.toml")
    assert len(book.codes) == 10
    assert [code.key for code in book.codes][-1] == "0"
    assert book.canonical("labelling") == "name-calling"
    again = load_codebook(SAMPLES / "ten-codes.toml")
    assert [c.id for c in again.codes] == [c.id for c in book.codes]
    # A renamed code keeps the id derived from its first name.
    assert book.codes[1].id == derived_code_id("persuasion-techniques", "labelling")


@pytest.mark.parametrize("count", [MAX_CODES])
def test_model_holds_twenty_codes_with_keys_beyond_nine(count: int) -> None:
    keys = "1234567890bcehilmopr"
    book = Codebook(
        name="big", version="1", codes=tuple(_code(f"code{i}", keys[i]) for i in range(count))
    )
    assert book.by_key("r") is book.codes[19]
    assert len(book.ordered(c.name for c in book.codes)) == 20
