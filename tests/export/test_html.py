"""The HTML report: inert whatever the document says, self-contained, printable."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from annotator.codebook.model import DEFAULT_CODEBOOK, Code, Codebook
from annotator.export import ExportDocument, from_document
from annotator.export.html_report import render_html, safe_colour
from annotator.store import DataDir
from tests.export.builders import code, write_document

HOSTILE = (
    "Before <script>alert('boom')</script> after.\n\n"
    "A </p> closes nothing & <b>bold</b> is text. <img src=x onerror=alert(1)> too."
)


class Collector(HTMLParser):
    """Every start tag with its attributes, and the text outside <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.text.append(data)


def parse(page: str) -> Collector:
    collector = Collector()
    collector.feed(page)
    collector.close()
    return collector


def report(tmp_path: Path, text: str = HOSTILE, codebook: Codebook = DEFAULT_CODEBOOK) -> str:
    document = write_document(tmp_path, text, "<evil> & name.txt")
    data_dir = DataDir(tmp_path / "data")
    code(data_dir, document, {0: (("claim",), "note <script>x</script> & \x1b[31m")})
    code(data_dir, document, {2: (("appeal", "statistic"), "second </li> note")}, "b<o>b")
    return render_html([from_document(document, data_dir)], codebook)


def test_a_hostile_document_comes_out_inert(tmp_path: Path) -> None:
    page = report(tmp_path)
    parsed = parse(page)
    names = {tag for tag, _ in parsed.tags}
    assert "script" not in names and "img" not in names and "b" not in names
    for _, attrs in parsed.tags:
        for name, _value in attrs:
            assert not name.startswith("on")
    text = "".join(parsed.text)
    assert "<script>alert('boom')</script>" in text
    assert "A </p> closes nothing & <b>bold</b> is text." in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "note <script>x</script> & ␛[31m" in text
    assert "<evil> & name.txt" in text
    assert "b<o>b:" in text


def test_self_contained_and_printable(tmp_path: Path) -> None:
    page = report(tmp_path)
    parsed = parse(page)
    names = {tag for tag, _ in parsed.tags}
    assert not names & {"script", "link", "img", "iframe", "object", "embed"}
    for _, attrs in parsed.tags:
        for name, value in attrs:
            if name in ("href", "src"):
                assert value is not None and value.startswith("#")
    assert "@import" not in page and "url(" not in page
    assert "@media print" in page and "@page" in page


def test_coded_sentences_have_badges_notes_and_a_summary(tmp_path: Path) -> None:
    parsed = parse(report(tmp_path))
    classes = [dict(attrs).get("class") for _, attrs in parsed.tags]
    assert classes.count("coded") == 2
    assert classes.count("badge") >= 3 + 4  # three on sentences, four in the summary
    assert "summary" in classes and "notes" in classes
    text = "".join(parsed.text)
    assert "CLM" in text and "APL" in text and "STA" in text
    assert "2 of 3 sentences coded" in text


def test_codebook_colours_cannot_inject_css(tmp_path: Path) -> None:
    assert safe_colour("#abc") == "#abc"
    assert safe_colour("red;} body{display:none") == "#8a8a8a"
    hostile = Codebook(
        name="x",
        version="1",
        codes=(Code("claim", "C</style><script>", "1", "red}</style><script>", "d", "id"),),
    )
    parsed = parse(report(tmp_path, codebook=hostile))
    assert "script" not in {tag for tag, _ in parsed.tags}


def test_a_document_without_its_file_lists_its_coded_sentences(tmp_path: Path) -> None:
    document = write_document(tmp_path, HOSTILE)
    data_dir = DataDir(tmp_path / "data")
    made = code(data_dir, document, {0: (("claim",), "n")})
    source = ExportDocument(document.doc_id, "gone.txt", None, made, made, problem="missing")
    text = "".join(parse(render_html([source], DEFAULT_CODEBOOK)).text)
    assert "Before <script>alert('boom')</script> after." in text
    assert "missing" in text
