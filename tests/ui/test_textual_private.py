"""The private parts of Textual that ``annotator.ui.textual_private`` uses, one test each.

Textual is pinned to an exact version. When an upgrade renames or changes one of these,
the test named after it fails here, rather than the reader drawing stale rows or a code
key doing nothing.
"""

from __future__ import annotations

import inspect
from typing import Any

from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.binding import BindingsMap
from textual.dom import DOMNode
from textual.geometry import Region, Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from annotator.ui.textual_private import (
    DrawnRows,
    RowCachingScrollView,
    bind_key,
    plain_box,
    replaceable_first_screen,
)

SIZE = (40, 12)


class Lines(RowCachingScrollView):
    """Numbered lines, counting what it draws."""

    DEFAULT_CSS = """
    Lines { height: 1fr; padding: 1 0 0 0; background: $surface; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.drawn: list[int] = []
        self.virtual_size = Size(30, 50)

    def render_line(self, y: int) -> Strip:
        self.drawn.append(y)
        line = int(self.scroll_offset.y) + y
        return Strip([Segment(f"line {line}")]).extend_cell_length(self.size.width)


class LinesApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Lines()


def test_bindings_map_is_where_a_node_keeps_its_bindings() -> None:
    """``bind_key`` adds to ``DOMNode._bindings`` with ``BindingsMap.bind``."""
    node = DOMNode()
    assert isinstance(node._bindings, BindingsMap)
    parameters = inspect.signature(BindingsMap.bind).parameters
    assert list(parameters)[:4] == ["self", "keys", "action", "description"]
    assert "show" in parameters


async def test_a_key_bound_on_one_screen_runs_its_action() -> None:
    class Keyed(Screen[None]):
        def __init__(self) -> None:
            super().__init__()
            self.hits = 0
            bind_key(self, "z", "hit", "Hit")

        def action_hit(self) -> None:
            self.hits += 1

    class KeyedApp(App[None]):
        def on_mount(self) -> None:
            self.push_screen(Keyed())

    app = KeyedApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("z", "z")
        screen = app.screen
        assert isinstance(screen, Keyed)
        assert screen.hits == 2
        assert not any(b.binding.show for b in screen.active_bindings.values() if b.node is screen)


def test_set_dirty_is_the_hook_of_every_repaint_request() -> None:
    """``RowCachingScrollView`` overrides ``Widget._set_dirty(*regions)``."""
    assert "_set_dirty" in vars(Widget)
    parameters = list(inspect.signature(Widget._set_dirty).parameters.values())
    assert [p.name for p in parameters] == ["self", "regions"]
    assert parameters[1].kind is inspect.Parameter.VAR_POSITIONAL
    assert "refresh" in vars(Widget) and "_set_dirty" in inspect.getsource(Widget.refresh)


async def test_rows_are_kept_until_a_repaint_names_them() -> None:
    app = LinesApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = app.query_one(Lines)
        crop = lines.region.reset_offset
        lines.render_lines(crop)
        lines.drawn.clear()
        lines.render_lines(crop)
        assert lines.drawn == [], "kept rows are not drawn again"
        lines.refresh(Region(0, 3, 30, 2))  # content rows 3 and 4
        lines.render_lines(crop)
        assert sorted(lines.drawn) == [3, 4]
        lines.drawn.clear()
        lines.refresh()
        lines.render_lines(crop)
        assert sorted(lines.drawn) == list(range(lines.size.height))


def test_scroll_update_redraws_scrollbars_for_a_virtual_size() -> None:
    """``set_virtual_size_quietly`` calls ``ScrollView._scroll_update(virtual_size)``."""
    parameters = list(inspect.signature(ScrollView._scroll_update).parameters)
    assert parameters == ["self", "virtual_size"]


async def test_the_scrollbar_follows_a_virtual_size_set_quietly() -> None:
    app = LinesApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = app.query_one(Lines)
        lines.set_virtual_size_quietly(Size(30, 80))
        assert lines.virtual_size == Size(30, 80)
        assert lines.vertical_scrollbar.window_virtual_size == 80


async def test_drawn_rows_are_the_rows_textuals_styles_cache_draws() -> None:
    """``DrawnRows`` repeats what ``StylesCache.render_widget`` does for a plain box."""
    app = LinesApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = app.query_one(Lines)
        assert plain_box(lines)
        for crop in (lines.region.reset_offset, Region(2, 0, 10, 4)):
            lines._styles_cache.clear()
            textual = [list(strip) for strip in Widget.render_lines(lines, crop)]
            ours = [list(strip) for strip in DrawnRows().draw(lines, crop, lines.render_line)]
            assert ours == textual


async def test_a_box_with_a_border_is_drawn_by_textual() -> None:
    app = LinesApp()
    async with app.run_test(size=SIZE) as pilot:
        lines = app.query_one(Lines)
        lines.styles.border = ("round", "red")
        await pilot.pause()
        assert not plain_box(lines)
        lines._styles_cache.clear()
        crop = lines.region.reset_offset
        expected: list[Any] = [list(strip) for strip in Widget.render_lines(lines, crop)]
        lines._styles_cache.clear()
        assert [list(strip) for strip in lines.render_lines(crop)] == expected


class Named(Screen[None]):
    def __init__(self, name: str) -> None:
        super().__init__(name=name)


class FirstScreenApp(App[None]):
    """An app whose first screen is its own, as the reader is the annotator's."""

    def __init__(self, replaceable: bool) -> None:
        super().__init__()
        self.replaceable = replaceable

    def get_default_screen(self) -> Screen[Any]:
        first = Named("first")
        return replaceable_first_screen(self, first) if self.replaceable else first


async def test_a_default_screen_has_no_result_callback_to_drop() -> None:
    """Why ``replaceable_first_screen`` exists: ``switch_screen`` pops the replaced
    screen's result callback (``Screen._pop_result_callback``), and a default screen has
    none."""
    assert "_pop_result_callback" in inspect.getsource(App.switch_screen)
    app = FirstScreenApp(replaceable=False)
    async with app.run_test(size=SIZE):
        assert app.screen._result_callbacks == []


async def test_the_first_screen_made_replaceable_is_switched_like_any_other() -> None:
    app = FirstScreenApp(replaceable=True)
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.name == "first"
        await app.switch_screen(Named("second"))
        await pilot.pause()
        assert app.screen.name == "second"
        assert len(app.screen_stack) == 1
        await app.switch_screen(Named("third"))
        await pilot.pause()
        assert app.screen.name == "third"
