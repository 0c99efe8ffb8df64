"""The teams benchmark still runs, at a small size (slow: ``pytest -m slow``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_benchmark_merges_with_no_conflict(tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path)}
    env.pop("ANNOTATOR_DATA_DIR", None)
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench_teams.py"), "--coders", "3", "--docs",
         "8", "--keep", str(tmp_path / "bench")],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=300,
    )  # fmt: skip
    assert "| files in conflict, over 3 merges | 0 |" in done.stdout
    assert "| doctor says | healthy |" in done.stdout
    assert "| left out by agree | 0 |" in done.stdout
    # The lead edits documents; the coders pull, their coding follows, the lead merges.
    assert "| lead's edit round: files in conflict, over 3 pulls of main and 3 merges | 0 |" in (
        done.stdout
    )
    assert "| lead's edit round: doctor says | healthy |" in done.stdout
