"""Run annotator or a script until the frame holding some words is written, then stop.

``bench_open.py --instructions`` runs this under callgrind to count the instructions
from process start to the first words on screen: a figure that does not move with the
load of a shared machine, unlike seconds. The process ends (``os._exit``) as soon as
Textual's driver is handed the frame holding WORDS, so nothing after it is counted.

Run: python benchmarks/stop_at_first_words.py WORDS annotator [ARG ...]
     python benchmarks/stop_at_first_words.py WORDS SCRIPT [ARG ...]
"""

from __future__ import annotations

import gc
import os
import runpy
import sys


def main() -> None:
    words, target, *args = sys.argv[1:]
    if target == "annotator":
        gc.disable()  # as annotator.entry does before it imports anything heavy
    from textual.drivers.linux_driver import LinuxDriver

    write = LinuxDriver.write

    def write_then_stop(driver: LinuxDriver, data: str) -> None:
        write(driver, data)
        if words in data:
            os._exit(0)

    LinuxDriver.write = write_then_stop  # type: ignore[method-assign]
    sys.argv = [target, *args]
    if target == "annotator":
        from annotator.entry import main as annotator_main

        sys.exit(annotator_main(args))
    runpy.run_path(target, run_name="__main__")


if __name__ == "__main__":
    main()
