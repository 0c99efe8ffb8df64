"""Other tools' codebooks as annotator's TOML: flattened, coloured, keyed, and loadable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator.codebook.model import DEFAULT_CODEBOOK, MAX_CODES
from annotator.codebook.toml_parse import load_codebook, parse_codebook
from annotator.refi import RefiError, convert_qdc, export_qdc
from annotator.refi.codebook_convert import convert_codebook_file
from annotator.refi.model import Code, CodeBookFile
from annotator.settings.config import bound_keys
from annotator.settings.keynames import key_name
from tests.refi.helpers import REFI


def copy(tmp_path: Path, name: str) -> Path:
    return Path(shutil.copy(REFI / name, tmp_path / name))


def test_the_atlas_ti_codebook_converts(tmp_path: Path) -> None:
    conversion = convert_qdc(copy(tmp_path, "atlasti-23.4-codebook.qdc"))
    assert conversion.path == tmp_path / "atlasti-23.4-codebook.toml"
    codebook = load_codebook(conversion.path)
    (code,) = codebook.codes
    assert (code.name, code.color, code.definition) == ("code1", "#46AA00", "description")
    assert code.id == "1ff58b12-6f6f-4b0c-8be5-bbdc91f55294"
    assert conversion.sets == 1


def test_the_codebook_of_an_atlas_ti_project_converts(tmp_path: Path) -> None:
    conversion = convert_qdc(
        copy(tmp_path, "atlasti-8.4-standard-project.qde"), tmp_path / "c.toml"
    )
    codebook = load_codebook(tmp_path / "c.toml")
    assert len(codebook.codes) == 14
    assert codebook.by_name('"rushed"') is not None
    assert codebook.by_name("Coke::diet Coke").definition == "non sucré"  # type: ignore[union-attr]
    assert codebook.by_name("milk").color.startswith("#")  # type: ignore[union-attr]
    reserved = bound_keys()
    assert all(key_name(c.key) not in reserved for c in codebook.codes)
    assert len({c.key for c in codebook.codes}) == 14
    assert len({c.label.casefold() for c in codebook.codes}) == 14
    assert conversion.converted == 14


def test_hierarchies_are_flattened_with_their_path(tmp_path: Path) -> None:
    book = CodeBookFile(
        codes=(
            Code("{AAAAAAAA-0000-4000-8000-000000000001}", "Topics", codable=False, children=(
                Code(
                    "aaaaaaaa-0000-4000-8000-000000000002", "Economy", "#ffff00",
                    "Jobs;taxes\r\nand business",
                ),
                Code("aaaaaaaa-0000-4000-8000-000000000003", "Health", children=(
                    Code("aaaaaaaa-0000-4000-8000-000000000004", "economy"),
                )),
            )),
            Code("aaaaaaaa-0000-4000-8000-000000000005", "topics/economy"),
        ),
        origin="hand-written",
    )  # fmt: skip
    conversion = convert_codebook_file(book, name="nested", source="nested.qdc")
    names = [c.name for c in conversion.codebook.codes]
    assert names == [
        "Topics/Economy",
        "Topics/Health",
        "Topics/Health/economy",
        "topics/economy (2)",
    ]
    assert conversion.folders == ("Topics",)
    assert conversion.renamed == (("topics/economy", "topics/economy (2)"),)
    economy = conversion.codebook.codes[0]
    assert economy.definition == "Jobs;taxes\nand business"
    assert economy.color == "#ffff00"
    assert conversion.codebook.codes[1].definition == "(no description in nested.qdc)"
    assert parse_codebook(conversion.text).codes == conversion.codebook.codes


def test_the_conversion_says_what_it_changed(tmp_path: Path) -> None:
    book = CodeBookFile(
        codes=(
            Code("eeeeeeee-0000-4000-8000-000000000001", "Tone", codable=False, children=(
                Code("eeeeeeee-0000-4000-8000-000000000002", "angry"),
            )),
            Code("eeeeeeee-0000-4000-8000-000000000003", "tone/ANGRY"),
            Code("eeeeeeee-0000-4000-8000-000000000004", "and/or"),
        ),
        origin="QDA tool 2",
        sets=3,
    )  # fmt: skip
    assert convert_codebook_file(book, name="x", source="x.qdc").lines() == [
        "converted: 3 codes (written by QDA tool 2)",
        "1 code from a hierarchy, named Parent/Child",
        "left out 1 code that only groups others: Tone",
        "renamed 'tone/ANGRY' to 'tone/ANGRY (2)': the name was taken",
        "3 sets not converted: a codebook has no sets",
    ]
    source = copy(tmp_path, "atlasti-23.4-codebook.qdc")
    lines = convert_qdc(source, tmp_path / "my codes.toml").lines()
    assert (
        lines[0] == f"wrote {tmp_path / 'my codes.toml'}: 1 code (written by ATLAS.ti Win 23.4.0)"
    )
    assert lines[-1] == f"code with it: --codebook '{tmp_path / 'my codes.toml'}'"


def test_names_lose_semicolons_and_control_characters() -> None:
    book = CodeBookFile(codes=(Code("bbbbbbbb-0000-4000-8000-000000000001", "a;b\tc\x1bd"),))
    (code,) = convert_codebook_file(book, name="x", source="x.qdc").codebook.codes
    assert code.name == "a,b c d"


def test_more_codes_than_a_codebook_holds_are_refused(tmp_path: Path) -> None:
    book = CodeBookFile(
        codes=tuple(
            Code(f"cccccccc-0000-4000-8000-{i:012d}", f"code {i}") for i in range(MAX_CODES + 1)
        )
    )
    with pytest.raises(RefiError, match=f"at most {MAX_CODES}"):
        convert_codebook_file(book, name="big", source="big.qdc")


def test_an_existing_output_is_not_replaced_unless_asked(tmp_path: Path) -> None:
    source = copy(tmp_path, "atlasti-23.4-codebook.qdc")
    (tmp_path / "atlasti-23.4-codebook.toml").write_text("mine", encoding="utf-8")
    with pytest.raises(RefiError, match="exists"):
        convert_qdc(source)
    assert (tmp_path / "atlasti-23.4-codebook.toml").read_text(encoding="utf-8") == "mine"
    convert_qdc(source, overwrite=True)
    assert load_codebook(tmp_path / "atlasti-23.4-codebook.toml").codes[0].name == "code1"


def test_our_own_qdc_converts_back_with_the_same_codes(tmp_path: Path) -> None:
    export_qdc(tmp_path / "ours.qdc", DEFAULT_CODEBOOK)
    codebook = load_codebook(convert_qdc(tmp_path / "ours.qdc").path)  # type: ignore[arg-type]
    assert [(c.name, c.id, c.color, c.definition) for c in codebook.codes] == [
        (c.name, c.id, c.color, c.definition) for c in DEFAULT_CODEBOOK.codes
    ]


def test_codes_nested_beyond_reason_are_refused(tmp_path: Path) -> None:
    depth = 5000
    opening = '<Code guid="dddddddd-0000-4000-8000-000000000001" name="x" isCodable="true">'
    qdc = (
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        + opening * depth
        + "</Code>" * depth
        + "</Codes></CodeBook>"
    )
    (tmp_path / "deep.qdc").write_text(qdc, encoding="utf-8")
    with pytest.raises(RefiError, match="too deeply"):
        convert_qdc(tmp_path / "deep.qdc")
