"""Manual split (s) and merge (m): saved per document, annotations carried along."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from annotator.store import DataDir
from annotator.text.document import Document, load_document
from annotator.ui.dialogs.split_picker import SplitPicker
from annotator.ui.reader.view import ReaderView
from tests.helpers import make_app

SIZE = (120, 36)


async def test_merge_and_split_keep_annotations_and_survive_reopen(
    data_dir: DataDir, sample: Document
) -> None:
    third = sample.paragraphs[2]
    first, second = third.first_sentence, third.first_sentence + 1
    first_text, second_text = sample.sentence_text(first), sample.sentence_text(second)
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        session = app.session
        session.toggle_tag(first, "claim")
        session.set_note(first, "first note")
        session.toggle_tag(second, "statistic")
        total = len(session.document.sentences)
        await pilot.press("right_curly_bracket", "right_curly_bracket", "m")
        await pilot.pause()
        merged = session.document
        assert len(merged.sentences) == total - 1
        assert merged.sentence_text(first) == f"{first_text} {second_text}"
        assert session.tags(first) == ["claim", "statistic"]
        assert session.note(first) == "first note"
        assert session.tagged_count == 1
        await pilot.press("q")

    reopened = make_app(data_dir, sample)
    async with reopened.run_test(size=SIZE) as pilot:
        session = reopened.session
        assert len(session.document.sentences) == total - 1
        assert session.tags(first) == ["claim", "statistic"]
        assert reopened.screen.query_one(ReaderView).cursor == first, "back where it was"
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(reopened.screen, SplitPicker)
        options = reopened.screen.query_one(OptionList)
        # The picker starts at the word after the sentence-final period.
        assert options.highlighted is not None
        await pilot.press("enter")
        await pilot.pause()
        assert len(session.document.sentences) == total
        assert session.document.sentence_text(first) == first_text
        assert session.tags(first) == ["claim", "statistic"]
        assert session.tags(second) == ["claim", "statistic"]
        assert session.note(second) == "first note"
        await pilot.press("q")

    again = make_app(data_dir, sample)
    async with again.run_test(size=SIZE):
        assert len(again.session.document.sentences) == total
        assert again.session.document.sentence_text(second) == second_text


async def test_merge_refuses_across_paragraphs(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        total = len(app.session.document.sentences)
        await pilot.press("m")  # the title is a one-sentence paragraph
        await pilot.pause()
        assert len(app.session.document.sentences) == total


async def test_damaged_corrections_file_is_reported_and_kept(
    data_dir: DataDir, sample: Document
) -> None:
    path = data_dir.segmentation_path(sample.doc_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"{not json")
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert len(app.session.document.sentences) == len(sample.sentences)
        messages = " ".join(n.message for n in app._notifications)
        assert "sentence corrections not applied" in messages
        # The coder's own corrections live in the coder's file: merging still works.
        await pilot.press("right_curly_bracket", "right_curly_bracket", "m")
        await pilot.pause()
        assert len(app.session.document.sentences) == len(sample.sentences) - 1
    assert path.read_bytes() == b"{not json"


async def test_typing_in_the_split_picker_jumps_to_a_word(
    tmp_path: Path, data_dir: DataDir
) -> None:
    path = tmp_path / "one.txt"
    path.write_text("Berlin said the talks went well and (Moscow) said the talks failed badly.\n")
    document = load_document(path)
    app = make_app(data_dir, document)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, SplitPicker)
        options = picker.query_one(OptionList)
        text = document.text

        def word() -> str:
            assert options.highlighted is not None
            option_id = options.get_option_at_index(options.highlighted).id
            assert option_id is not None
            return text[int(option_id) :].split()[0]

        await pilot.press("m")
        assert word() == "(Moscow)"  # leading punctuation is skipped
        await pilot.press("s")  # "ms" matches nothing: "s" alone, from the next word on
        assert word() == "said" and options.highlighted == 7
        await pilot.press("t", "a")  # "t" finds "the", "ta" then "talks"
        assert word() == "talks" and options.highlighted == 9
        await pilot.press("backspace")  # "t": still on a word that starts with it
        assert word() == "talks"
        await pilot.press("f")
        assert word() == "failed"
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.document.sentence_text(1).startswith("failed")


async def test_u_undoes_a_merge_and_ctrl_r_redoes_it(data_dir: DataDir, sample: Document) -> None:
    third = sample.paragraphs[2]
    first, second = third.first_sentence, third.first_sentence + 1
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        session = app.session
        session.toggle_tag(first, "claim")
        session.toggle_tag(second, "statistic")
        session.set_note(second, "source?")
        before = dict(session.annotations)
        total = len(session.document.sentences)
        await pilot.press("right_curly_bracket", "right_curly_bracket", "m")
        await pilot.pause()
        assert len(session.document.sentences) == total - 1
        await pilot.press("u")
        await pilot.pause()
        assert len(session.document.sentences) == total
        assert session.annotations == before
        messages = [n.message for n in app._notifications]
        assert "Undid the merge." in messages and "Nothing to undo." not in messages
        assert app.screen.query_one("#reader", ReaderView).cursor == first
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert len(session.document.sentences) == total - 1
        assert session.tags(first) == ["claim", "statistic"]
