"""Guards that keep the architecture as ARCHITECTURE.md draws it: import-linter's layering
contracts (in pyproject.toml) and vulture's dead-code scan, both run as tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_hold():
    pytest.importorskip("importlinter")
    run = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command;"
         " sys.argv = ['lint-imports']; lint_imports_command()"],
        cwd=ROOT, capture_output=True, text=True, timeout=240)
    report = run.stdout + run.stderr
    assert "BROKEN" not in report and run.returncode == 0, report[-4000:]
    assert report.count("KEPT") >= 4  # every contract of pyproject.toml was checked


def test_no_dead_code_in_the_package():
    vulture = pytest.importorskip("vulture")
    scan = vulture.Vulture()
    # The tests count as users (small APIs kept for them); the whitelist names Qt overrides.
    scan.scavenge([str(ROOT / "playground"), str(ROOT / "tests")])
    package = ROOT / "playground"
    unused = [f"{item.filename.relative_to(ROOT)}:{item.first_lineno}: {item.message}"
              for item in scan.get_unused_code(min_confidence=60)
              if Path(item.filename).is_relative_to(package)]
    assert not unused, "\n".join(unused)
