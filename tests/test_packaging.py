"""Packaging: environment.yml mirrors pyproject.toml; `import nnteach` is light; CI runs the README command."""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")


def requirement_name_and_spec(req: str) -> tuple[str, str]:
    m = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", req)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["test"] + \
        project["optional-dependencies"]["lab"]
    wanted = dict(requirement_name_and_spec(r) for r in wanted)
    wanted["python"] = project["requires-python"].replace(" ", "")
    text = (ROOT / "environment.yml").read_text()
    block = text.split("dependencies:", 1)[1].splitlines()
    env_lines = [line[4:] for line in block if line.startswith("  - ") and line[4:].strip() not in ("pip", "pip:")]
    have = dict(requirement_name_and_spec(r) for r in env_lines)
    assert have == wanted, f"environment.yml {have} differs from pyproject.toml {wanted}"


def test_import_does_not_load_plotting_or_widgets():
    """``import nnteach`` stays light (its time is measured by bench/run.py's course rows, not here)."""
    code = "import sys; import nnteach; print('matplotlib' in sys.modules, 'ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"], "import nnteach must not import matplotlib or ipywidgets"


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    match = re.search(r"^(pip install -e \"\.\[test\]\" && python -m pytest.*)$", readme, re.M)
    assert match, "README.md must give the test command"
    assert match.group(1) in (ROOT / ".ci" / "run").read_text().splitlines()


def test_every_notebook_has_a_source_and_the_other_way_round():
    sources = {p.stem for p in (ROOT / "tools" / "notebook_sources").glob("[0-9][0-9]_*.py")}
    for edition in ("notebooks", "solutions"):
        notebooks = {p.stem for p in (ROOT / edition).glob("*.ipynb")}
        assert sources == notebooks, edition


def test_nbval_runs_over_both_editions():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert {"tests", "notebooks", "solutions"} <= set(config["testpaths"])
    assert "--nbval " in config["addopts"] + " " and "--nbval-lax" not in config["addopts"], "strict nbval"
