"""Lint: ruff (pyflakes-level rules, configured in pyproject.toml) over the package, the tests and the
tools, including the notebook sources (jupytext percent files are plain Python to a linter)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing_in_the_package_tests_tools_and_notebook_sources():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "nnteach", "tests", "tools"],
                            cwd=ROOT, capture_output=True, text=True)
    assert "No module named ruff" not in result.stderr, "ruff is part of the test extra: pip install -e '.[test]'"
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_lint_covers_the_notebook_sources():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--show-files", "tools"],
                            cwd=ROOT, capture_output=True, text=True)
    assert "notebook_sources/05_backpropagation.py" in result.stdout, result.stdout + result.stderr
