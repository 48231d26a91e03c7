"""tools/make_learner_copy.py: the learner copy drops exactly the solution cells."""
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from make_learner_copy import learner_copy  # noqa: E402


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def test_every_exercise_notebook_has_solutions_and_the_copy_has_none(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "make_learner_copy.py"), str(tmp_path)],
                            capture_output=True, text=True, check=True)
    assert "solution cell(s) removed" in result.stdout
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        original = nbformat.read(path, as_version=4)
        copy = nbformat.read(tmp_path / path.name, as_version=4)
        nbformat.validate(copy)
        solutions = [c for c in original.cells if "solution" in tags(c)]
        if path.name[:2] != "00":
            assert solutions, f"{path.name} has no solution cells"
        assert not any("solution" in tags(c) for c in copy.cells)
        assert len(copy.cells) == len(original.cells) - len(solutions)
        kept = [c.source for c in original.cells if "solution" not in tags(c)]
        assert [c.source for c in copy.cells] == kept, "every other cell stays, in order"


def test_solution_cells_are_collapsed_in_the_course():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if "solution" in tags(cell):
                assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, path.name


def test_clear_removes_outputs_and_the_original_is_untouched():
    path = ROOT / "notebooks" / "01_the_neuron.ipynb"
    nb = nbformat.read(path, as_version=4)
    before = nbformat.writes(nb)
    copy, removed = learner_copy(nb, clear=True)
    assert removed > 0
    assert all(not c.get("outputs") for c in copy.cells if c.cell_type == "code")
    assert nbformat.writes(nb) == before


@pytest.mark.slow
def test_the_learner_copy_runs_top_to_bottom_without_the_solutions(tmp_path):
    """A learner who runs every cell before solving anything meets ✗ feedback, never an error."""
    nbclient = pytest.importorskip("nbclient")
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        copy, _ = learner_copy(nbformat.read(path, as_version=4), clear=True)
        nbclient.NotebookClient(copy, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(tmp_path)}}).execute()
        errors = [o for c in copy.cells if c.cell_type == "code" and "raises-exception" not in tags(c)
                  for o in c.outputs if o.output_type == "error"]
        assert not errors, f"{path.name}: {errors[0].ename}: {errors[0].evalue}"
