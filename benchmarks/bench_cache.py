"""A coded corpus exported and compared at the speed of reading it: the segmentation cache.

The target (issue 15): on a coded corpus, ``annotator export --all`` (CSV) takes at most
1.5 times ``annotator export --all --format jsonl`` once the segmentation cache is warm,
and ``annotator agree --all`` likewise. JSONL writes the stored records as they are and
loads no document; CSV and agreement need every document's sentences, which the cache
keeps (``DATA_DIR/cache/segments``), so that each text is segmented once, not at every
run.

The data directory is ``bench_agree.build``'s: documents of press-release sentences, each
coded on every sentence by every coder (coders differ on about 15% of code decisions;
the second coder split a sentence in one document in ten). Each command runs as a coder
runs it: the console script, in a new process, writing to a file. Every round runs the
JSONL export, the CSV export, ``agree --all`` and, after deleting the cache, the CSV
export again (which fills the cache anew), one after the other; the report gives the
median of each, wall clock and CPU (the child's user + system time), and the median of
the rounds' ratios to the JSONL export of the same round: on a shared machine the load
changes between rounds, less within one.

Run: python benchmarks/bench_cache.py [--docs 300] [--sentences 40] [--coders 3]
     [--rounds 7]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench_agree import build
from in_pty import ANNOTATOR

from annotator.store.segment_cache import segments_dir


def run(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``annotator ARGS`` in a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([*ANNOTATOR, *args], check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--sentences", type=int, default=40)
    parser.add_argument("--coders", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-cache-"))
    try:
        started = time.perf_counter()
        data_dir = build(root, args.docs, args.sentences, args.coders)
        print(
            f"built {args.docs} documents x {args.sentences} coded sentences x {args.coders} "
            f"coders in {time.perf_counter() - started:.1f} s"
        )
        common = ["--data-dir", str(data_dir.root)]
        commands = {
            "export --all --format jsonl": ["export", "--all", "--format", "jsonl"],
            "export --all (CSV), cache warm": ["export", "--all"],
            "agree --all, cache warm": ["agree", "--all"],
            "export --all (CSV), cache deleted first": ["export", "--all"],
        }
        outputs = {name: root / f"out-{n}" for n, name in enumerate(commands)}

        def command(name: str) -> list[str]:
            return [*commands[name], "-o", str(outputs[name]), *common]

        for name in commands:  # bytecode, the file cache, and the segmentation cache
            run(command(name))
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name in commands:
                if "deleted" in name:
                    shutil.rmtree(segments_dir(data_dir.root), ignore_errors=True)
                wall, cpu = run(command(name))
                walls[name].append(wall)
                cpus[name].append(cpu)
        base = "export --all --format jsonl"
        print(
            f"medians of {args.rounds} rounds; load average "
            f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}"
        )
        print("| command | wall s | CPU s | x JSONL (wall) | x JSONL (CPU) |")
        print("|---|---:|---:|---:|---:|")
        for name in commands:
            wall_ratio = statistics.median(
                a / b for a, b in zip(walls[name], walls[base], strict=True)
            )
            cpu_ratio = statistics.median(
                a / b for a, b in zip(cpus[name], cpus[base], strict=True)
            )
            print(
                f"| `{name}` | {statistics.median(walls[name]):.3f} | "
                f"{statistics.median(cpus[name]):.3f} | {wall_ratio:.2f} | {cpu_ratio:.2f} |"
            )
        print("(ratios: the median of the rounds' ratios; target <= 1.5 with the cache warm)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
