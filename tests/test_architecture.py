"""Every core module is covered by the import-linter contract that keeps Textual out."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_CORE = {"annotator.ui", "annotator.entry", "annotator.__main__", "annotator.__init__"}


def test_every_core_module_is_in_the_forbidden_contract() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contract = next(
        c
        for c in config["tool"]["importlinter"]["contracts"]
        if c["type"] == "forbidden" and "textual" in c["forbidden_modules"]
    )
    covered = set(contract["source_modules"])
    package = ROOT / "annotator"
    modules = {f"annotator.{p.stem}" for p in package.glob("*.py")} | {
        f"annotator.{p.name}" for p in package.iterdir() if (p / "__init__.py").exists()
    }
    missing = sorted(modules - NOT_CORE - covered)
    assert not missing, f"add these core modules to the contract: {missing}"
