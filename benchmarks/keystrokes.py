"""Keys delivered to a running app as a terminal delivers them, and the frames they cause.

Shared by the keystroke benchmarks (``bench_keys.py``, ``bench_inflight.py``). Nothing
here uses ``Pilot.press`` or ``Pilot.pause``: those add sleeps and walk every widget
after each key, which would be counted as the keystroke's cost.

- ``post_key`` hands a ``Key`` event to the app's driver, which is what the terminal
  driver does with the bytes it reads.
- ``FrameClock`` notes the moment the screen finishes drawing a frame that includes a
  given widget (the reader), with the event loop thread's CPU time and the process's
  CPU time at that moment. A keystroke's latency is then "posted" to "drawn".
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

from textual import events
from textual.app import App
from textual.widget import Widget


def post_key(app: App[Any], key: str) -> None:
    """Deliver one key event as the terminal driver would."""
    driver = app._driver
    assert driver is not None
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    driver.send_message(event)


@dataclass(frozen=True)
class Keystroke:
    """One keystroke, from posting its event to the end of the frame that shows it."""

    latency_ms: float
    """Wall-clock time: what the coder waits for."""
    ui_cpu_ms: float
    """CPU time of the event loop's thread (the UI thread) in that interval."""
    process_cpu_ms: float
    """CPU time of every thread, the store's writer included."""


class FrameClock:
    """Wraps the screen's frame drawing to note when a frame showing ``widget`` ends."""

    def __init__(self, app: App[Any], widget: Widget) -> None:
        self.screen = app.screen
        self.widget = widget
        self._draw = self.screen._compositor_refresh
        # An instance attribute shadows the method, and the screen calls it by name.
        self.screen._compositor_refresh = self._drawn  # type: ignore[method-assign]
        self.drawn = asyncio.Event()
        self.wall = self.ui_cpu = self.process_cpu = 0.0
        self.frames = 0

    def _drawn(self) -> None:
        shows_widget = self.widget in self.screen._dirty_widgets
        self._draw()
        self.frames += 1
        if shows_widget:
            self.wall = time.perf_counter()
            self.ui_cpu = time.thread_time()
            self.process_cpu = time.process_time()
            self.drawn.set()

    async def keystroke(self, app: App[Any], key: str, timeout: float = 5.0) -> Keystroke:
        """Post ``key`` and wait for the frame that shows its effect on the widget."""
        self.drawn.clear()
        wall, ui_cpu, process_cpu = time.perf_counter(), time.thread_time(), time.process_time()
        post_key(app, key)
        await asyncio.wait_for(self.drawn.wait(), timeout)
        return Keystroke(
            (self.wall - wall) * 1000,
            (self.ui_cpu - ui_cpu) * 1000,
            (self.process_cpu - process_cpu) * 1000,
        )


async def settle(seconds: float = 0.4) -> None:
    """Let timers and late messages run (sleeping costs no CPU)."""
    await asyncio.sleep(seconds)
