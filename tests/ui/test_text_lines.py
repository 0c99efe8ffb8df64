"""The Line API text field behind the status bar and the side panel."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Vertical

from annotator.ui.widgets.text_lines import TextLines


class FieldApp(App[None]):
    CSS = "Vertical { width: 30; height: auto; } #red { color: red; }"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield TextLines("one two three four five six seven", id="wrapped")
            yield TextLines(Text("[b]x[/][@click=app.quit]y"), id="markup")
            yield TextLines("", id="empty")
            yield TextLines("red", id="red")


def _field(app: App[None], selector: str) -> TextLines:
    return app.query_one(selector, TextLines)


async def test_wraps_to_its_width_and_its_height_follows() -> None:
    app = FieldApp()
    async with app.run_test(size=(40, 12)) as pilot:
        field = _field(app, "#wrapped")
        assert field.size.height == 2
        lines = [field.render_line(y).text.rstrip() for y in range(2)]
        assert lines == ["one two three four five six", "seven"]
        assert all(field.render_line(y).cell_length == 30 for y in range(2))
        field.update("short")
        await pilot.pause()
        assert field.size.height == 1
        assert field.render_line(0).text.rstrip() == "short"
        field.update("a\nb\nc")
        await pilot.pause()
        assert field.size.height == 3
        assert _field(app, "#empty").size.height == 1


async def test_brackets_are_text_not_markup() -> None:
    app = FieldApp()
    async with app.run_test(size=(40, 12)) as pilot:
        field = _field(app, "#markup")
        strip = field.render_line(0)
        assert strip.text.rstrip() == "[b]x[/][@click=app.quit]y"
        assert not any(seg.style and seg.style.meta for seg in strip)
        await pilot.click("#markup")
        assert app.is_running


async def test_lines_follow_a_style_change() -> None:
    app = FieldApp()
    async with app.run_test(size=(40, 12)) as pilot:
        field = _field(app, "#red")
        before = field.render_line(0)
        first = next(iter(before))
        assert first.style is not None and first.style.color is not None
        field.styles.color = "blue"
        await pilot.pause()
        after = next(iter(field.render_line(0)))
        assert after.style != first.style
        assert isinstance(after.style, Style)
