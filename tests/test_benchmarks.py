"""The benchmarks still run against the code as it is now, at a tiny size.

They are scripts, not tests, and nothing else imports them: an API they call can move
without anyone noticing (``bench_agree_core.py`` once stopped when the export service
changed). Each runs here in a second or two and must end well and print its table; the
figures themselves are not looked at. The slow ones run in ``tests/cli/test_bench_teams.py``
and the fault suite.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import REPO

RUNS = {
    "bench_agree_core.py": (
        ["--docs", "4", "--sentences", "6", "--repeat", "1", "--export", "--resamples", "10"],
        "x export (wall)",
    ),
    "bench_agree.py": (["--docs", "4", "--sentences", "6", "--repeat", "1"], "`agree --all"),
    "bench_cache.py": (["--docs", "4", "--sentences", "6", "--rounds", "1"], "cache warm"),
    "bench_corpus.py": (
        ["--docs", "20", "--per-doc", "2", "--repeat", "1"],
        "Workspace.open_file (one document)",
    ),
    "bench_export.py": (
        ["--docs", "4", "--per-doc", "3", "--repeat", "1", "--cli-runs", "0", "--no-import"],
        "writer / csv module",
    ),
    "bench_refi.py": (["--sentences", "50", "--repeat", "1"], "import FILE.qdpx"),
}


@pytest.mark.parametrize("script", sorted(RUNS))
def test_the_benchmark_runs(script: str) -> None:
    arguments, expected = RUNS[script]
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / script), *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert expected in done.stdout
