"""The two editions of the course, built by tools/build_notebooks.py from one source per notebook.

* the stored notebooks are in sync with their sources (an edited source without a rebuild fails here);
* the learner edition (notebooks/) and the solutions edition (solutions/) differ only in the solution
  cells: the same cells in the same order otherwise, the same ids, sources and outputs;
* the learner edition holds no solution code and no solution output, and its text and hints never
  send a learner to a cell that is not there;
* the build is deterministic: the normalisation of cell ids, timestamps and widget ids (unit tests).

That both editions run top to bottom and print what they store is nbval's job (pytest's testpaths
include notebooks/ and solutions/).
"""
import copy
import json
import re
import uuid
from pathlib import Path

import nbformat
import pytest
from script_helpers import load_script

ROOT = Path(__file__).resolve().parents[1]


def _load_build():
    return load_script("tools/build_notebooks.py")


build = _load_build()
SOURCES = build.source_paths()
STEMS = [p.stem for p in SOURCES]


def stored(edition: str, stem: str) -> nbformat.NotebookNode:
    return nbformat.read(build.EDITIONS[edition] / f"{stem}.ipynb", as_version=4)


def cells_without_outputs(nb) -> list[tuple]:
    return [(c.id, c.cell_type, c.source, dict(c.metadata)) for c in nb.cells]


def outputs(cell) -> list:
    """A cell's outputs without execution counts (the learner edition runs fewer cells, so they differ)."""
    out = copy.deepcopy([dict(o) for o in cell.get("outputs", [])])
    for o in out:
        o.pop("execution_count", None)
    return out


def test_every_source_has_both_editions_and_nothing_else_is_stored():
    assert len(STEMS) >= 6
    for folder in build.EDITIONS.values():
        assert sorted(p.stem for p in folder.glob("*.ipynb")) == STEMS, folder


@pytest.mark.parametrize("stem", STEMS)
def test_stored_notebooks_are_in_sync_with_their_sources(stem):
    """A fresh --no-exec build has the stored cells: ids, types, sources, tags (rebuild after editing a source)."""
    full = build.read_source(build.SOURCES / f"{stem}.py")
    for name in build.EDITIONS:
        fresh = build.edition(full, name)
        assert cells_without_outputs(stored(name, stem)) == cells_without_outputs(fresh), (
            f"{name} edition of {stem} is not what its source gives: run python tools/build_notebooks.py {stem[:2]}")
        assert stored(name, stem).metadata["kernelspec"] == build.KERNELSPEC


@pytest.mark.parametrize("stem", STEMS)
def test_the_editions_differ_only_in_the_solution_cells(stem):
    learner, solutions = stored("learner", stem), stored("solutions", stem)
    assert not any(build.is_solution(c) for c in learner.cells)
    kept = [c for c in solutions.cells if not build.is_solution(c)]
    assert [c.id for c in kept] == [c.id for c in learner.cells], "the same cells, in the same order"
    for mine, theirs in zip(learner.cells, kept):
        assert (mine.cell_type, mine.source, dict(mine.metadata)) == \
            (theirs.cell_type, theirs.source, dict(theirs.metadata)), mine.id
        assert outputs(mine) == outputs(theirs), f"{stem}: outputs of cell {mine.id} differ between the editions"
    assert learner.metadata == solutions.metadata
    if stem[:2] != "00":
        assert len(kept) < len(solutions.cells), f"{stem} has no solution cell"


@pytest.mark.parametrize("stem", STEMS)
def test_solution_cells_are_collapsed_in_the_solutions_edition(stem):
    for cell in stored("solutions", stem).cells:
        if build.is_solution(cell):
            assert cell.cell_type == "code" and cell.metadata["jupyter"] == {"source_hidden": True}


@pytest.mark.parametrize("stem", [s for s in STEMS if s[:2] != "00"])
def test_the_learner_edition_shows_no_answer(stem):
    """No solution code (the solution cells start with "# Solution"), no "✓ Correct" before the learner tries."""
    for cell in stored("learner", stem).cells:
        if cell.cell_type == "code":
            assert not cell.source.startswith("# Solution"), cell.source[:40]
            assert not any("✓ Correct" in json.dumps(o, ensure_ascii=False) for o in cell.outputs), cell.source[:60]


@pytest.mark.parametrize("stem", STEMS)
def test_the_text_never_points_to_a_cell_that_is_not_there(stem):
    text = " ".join(" ".join(c.source.split()) for c in stored("learner", stem).cells if c.cell_type == "markdown")
    for phrase in ("right below", "cell after each exercise", "cells below each exercise", "click the three dots",
                   "tagged `solution`"):
        assert phrase not in text, phrase
    if "ollapsed" in text:
        assert "solutions edition" in text
    for link in re.findall(r"\]\((\.\./solutions/[^)]+)\)", text):
        assert (build.EDITIONS["learner"] / link).resolve().is_file(), link


# -- the build itself -------------------------------------------------------------------------------
def test_cell_ids_come_from_the_source_and_are_unique():
    full = build.read_source(SOURCES[0])
    ids = [c.id for c in full.cells]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"[0-9a-f]{12}(-\d+)?", i) for i in ids)
    assert [c.id for c in build.read_source(SOURCES[0]).cells] == ids          # the same on every build
    seen: set = set()
    cell = nbformat.v4.new_code_cell("hint('00.1')")
    assert build.cell_id("x", cell, seen) != build.cell_id("y", cell, set())   # per notebook
    assert build.cell_id("x", cell, seen).endswith("-2")                         # a repeated cell


def _executed_notebook(seed: int) -> nbformat.NotebookNode:
    """A notebook as nbclient leaves it: random widget ids (linked state), timing, kernel version, split streams."""
    import random

    rnd = random.Random(seed)
    ids = [uuid.UUID(int=rnd.getrandbits(128)).hex for _ in range(4)]
    slider, layout, box, link = ids
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("ExplorerThing().widget()", id="abc")
    cell.metadata["execution"] = {"iopub.status.busy": f"2026-12-0{seed + 1}T10:00:00Z"}
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="one\n"),
                    nbformat.v4.new_output("stream", name="stdout", text="two\n"),
                    nbformat.v4.new_output("display_data", data={
                        "text/plain": "VBox()", build.WIDGET_VIEW: {"model_id": box, "version_major": 2,
                                                                      "version_minor": 0}})]
    nb.cells = [cell]
    state = {link: {"model_name": "LinkModel", "state": {"source": [f"IPY_MODEL_{slider}", "value"]}},
             box: {"model_name": "VBoxModel", "state": {"children": [f"IPY_MODEL_{slider}"],
                                                        "layout": f"IPY_MODEL_{layout}"}},
             slider: {"model_name": "FloatSliderModel", "state": {"layout": f"IPY_MODEL_{layout}"}},
             layout: {"model_name": "LayoutModel", "state": {}}}
    if seed % 2:
        state = dict(reversed(list(state.items())))        # the kernel's order of creation need not matter
    nb.metadata = {"kernelspec": build.KERNELSPEC, "language_info": {"name": "python", "version": f"3.1{seed}.0"},
                   "widgets": {build.WIDGET_STATE: {"state": state, "version_major": 2, "version_minor": 0}}}
    return nbformat.from_dict(nb)


def test_two_runs_with_different_random_widget_ids_normalise_to_identical_files():
    a, b = (build.normalise(_executed_notebook(seed), "04_x") for seed in (0, 1))
    assert nbformat.writes(a) == nbformat.writes(b)
    cell = a.cells[0]
    assert cell.metadata == {} and [o.get("text") for o in cell.outputs[:1]] == ["one\ntwo\n"]
    assert a.metadata["language_info"] == build.LANGUAGE_INFO                  # no kernel version
    box = cell.outputs[1]["data"][build.WIDGET_VIEW]["model_id"]
    assert box == uuid.uuid5(build.WIDGET_NAMESPACE, "04_x/0").hex             # first appearance: the output
    state = a.metadata["widgets"][build.WIDGET_STATE]["state"]
    assert set(state) == {uuid.uuid5(build.WIDGET_NAMESPACE, f"04_x/{k}").hex for k in range(4)}
    assert state[box]["state"]["children"] == [f"IPY_MODEL_{uuid.uuid5(build.WIDGET_NAMESPACE, '04_x/1').hex}"]


def test_stream_outputs_are_joined_only_when_adjacent():
    nb = _executed_notebook(0)
    nb.cells[0].outputs.append(nbformat.v4.new_output("stream", name="stdout", text="three\n"))
    kinds = [o.output_type for o in build.normalise(nb, "x").cells[0].outputs]
    assert kinds == ["stream", "display_data", "stream"]


def test_no_exec_build_writes_both_editions_and_rewrites_nothing_unchanged(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "EDITIONS", {"learner": tmp_path / "notebooks", "solutions": tmp_path / "solutions"})
    source = SOURCES[1]
    first = build.build(source, run=False)
    assert {name: written for name, (_, written) in first.items()} == {"learner": True, "solutions": True}
    assert {name: written for name, (_, written) in build.build(source, run=False).items()} == \
        {"learner": False, "solutions": False}
    learner = nbformat.read(tmp_path / "notebooks" / f"{source.stem}.ipynb", as_version=4)
    nbformat.validate(learner)
    assert not any(build.is_solution(c) for c in learner.cells)
