#!/usr/bin/env python3
"""Build both editions of the course from the notebook sources, deterministically.

    python tools/build_notebooks.py            # every notebook, both editions
    python tools/build_notebooks.py 00 03      # only these numbers
    python tools/build_notebooks.py --no-exec  # write the .ipynb files without running them (no outputs)

One source per notebook, ``tools/notebook_sources/NN_name.py``: a jupytext "percent" file (cells
start with ``# %%``, markdown cells with ``# %% [markdown]``, cell tags in the header, e.g.
``# %% tags=["solution"]``).  It opens in JupyterLab as a notebook (with jupytext installed:
*Open With → Notebook*) and linters read it as Python.  From each source this script writes

* the **learner edition**, ``notebooks/NN_name.ipynb`` (what the README opens): every cell except
  those tagged ``solution``;
* the **solutions edition**, ``solutions/NN_name.ipynb``: every cell, the solution cells collapsed
  (``jupyter.source_hidden``);

and executes each in a fresh kernel, in the edition's folder, to store its outputs (the ones that
``pytest --nbval`` compares).  The output is normalised so that a rebuild with no content change
changes no byte: cell ids derived from the source (the same cell has the same id in both
editions), no execution timestamps, widget model ids renumbered in order of first appearance
(uuid5 of the notebook's name and that number), fixed notebook metadata, adjacent stream outputs
joined.
A file whose content did not change is not rewritten.

Run it whenever a source, the package or a dependency changes what a notebook shows.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
import uuid
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "tools" / "notebook_sources"
EDITIONS = {"learner": ROOT / "notebooks", "solutions": ROOT / "solutions"}
SOLUTION_TAG = "solution"

KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
#: What a Python 3 kernel reports, without its version (which would change with the machine).
LANGUAGE_INFO = {"codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
                 "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
                 "pygments_lexer": "ipython3"}
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: The namespace of the deterministic widget model ids (uuid5).
WIDGET_NAMESPACE = uuid.UUID("6f0c8d2e-4b7a-5e49-9c1d-3a2b1f0e6d57")
MODEL_ID = re.compile(r"[0-9a-f]{32}")
MODEL_REF = re.compile(r"IPY_MODEL_([0-9a-f]{32})")


# -- from the source to two editions (no kernel) ------------------------------------------------
def source_paths(numbers: list[str] | tuple[str, ...] = ()) -> list[Path]:
    """The notebook sources ``NN_name.py``, all or those whose number ``NN`` is in ``numbers``."""
    paths = sorted(SOURCES.glob("[0-9][0-9]_*.py"))
    return [p for p in paths if not numbers or p.stem[:2] in numbers]


def cell_id(stem: str, cell, seen: set[str]) -> str:
    """A cell id derived from the source: a hash of the notebook's name, the cell's type and text
    (a second cell with the same text gets ``-2``, and so on).  Editing a cell changes its id only."""
    digest = hashlib.sha1(f"{stem}\n{cell.cell_type}\n{cell.source}".encode()).hexdigest()[:12]
    base, k = digest, 1
    while digest in seen:
        k += 1
        digest = f"{base}-{k}"
    seen.add(digest)
    return digest


def read_source(path: Path) -> nbformat.NotebookNode:
    """The source as one notebook with every cell: normalised ids, tags, metadata; no outputs."""
    nb = jupytext.read(path, fmt="py:percent")
    seen: set[str] = set()
    cells = []
    for cell in nb.cells:
        tags = list(cell.metadata.get("tags", []))
        if cell.cell_type == "code":
            new = nbformat.v4.new_code_cell(cell.source)
        else:
            new = nbformat.v4.new_markdown_cell(cell.source)
        new.id = cell_id(path.stem, cell, seen)
        if tags:
            new.metadata["tags"] = tags
        cells.append(new)
    out = nbformat.v4.new_notebook(cells=cells)
    out.metadata = nbformat.from_dict({"kernelspec": dict(KERNELSPEC), "language_info": dict(LANGUAGE_INFO)})
    return out


def is_solution(cell) -> bool:
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def edition(nb: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """The ``"learner"`` edition (no solution cells) or the ``"solutions"`` edition (solution cells
    collapsed) of a notebook made by :func:`read_source`; a new notebook, ``nb`` is unchanged."""
    out = nbformat.from_dict(json.loads(json.dumps(nb)))
    if name == "learner":
        out.cells = [c for c in out.cells if not is_solution(c)]
    elif name == "solutions":
        for cell in out.cells:
            if is_solution(cell):
                cell.metadata["jupyter"] = {"source_hidden": True}
    else:
        raise ValueError(f"unknown edition {name!r}; expected one of {', '.join(EDITIONS)}")
    return out


# -- executing and normalising ------------------------------------------------------------------
def execute(nb: nbformat.NotebookNode, cwd: Path) -> None:
    """Run every cell in a fresh kernel, in ``cwd``, in place (no timing metadata; widget state kept)."""
    from nbclient import NotebookClient

    env_before = os.environ.pop("MPLBACKEND", None)       # the notebooks' own %matplotlib inline decides
    try:
        NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}},
                       record_timing=False, store_widget_state=True).execute()
    finally:
        if env_before is not None:
            os.environ["MPLBACKEND"] = env_before


def _widget_order(nb: nbformat.NotebookNode) -> list[str]:
    """Every widget model id, in a deterministic order: the displayed widgets in cell order, each
    followed by the models it refers to (depth first); then the models no output shows (links, …),
    by their content."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    order: list[str] = []

    def visit(model_id: str) -> None:
        if model_id in order:
            return
        order.append(model_id)
        if model_id in state:
            for ref in MODEL_REF.findall(json.dumps(state[model_id], sort_keys=True)):
                visit(ref)

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                visit(view["model_id"])
    rest = [m for m in state if m not in order]
    while rest:
        known = {m: f"#{k}" for k, m in enumerate(order)}

        def content(m: str) -> str:
            text = json.dumps(state[m], sort_keys=True)
            return MODEL_ID.sub(lambda hit: known.get(hit.group(0), "?"), text)

        visit(min(rest, key=content))
        rest = [m for m in rest if m not in order]
    return order


def _join_adjacent_streams(outputs: list) -> list:
    """Consecutive outputs of the same stream as one (how a kernel splits printed text into messages
    depends on timing); the order of streams and other outputs is kept."""
    joined: list = []
    for output in outputs:
        if (output.output_type == "stream" and joined and joined[-1].output_type == "stream"
                and joined[-1].name == output.name):
            joined[-1].text += output.text
        else:
            joined.append(output)
    return joined


def normalise(nb: nbformat.NotebookNode, stem: str) -> nbformat.NotebookNode:
    """Make an executed notebook byte-for-byte reproducible (see the module docstring); returns it."""
    mapping = {old: uuid.uuid5(WIDGET_NAMESPACE, f"{stem}/{k}").hex for k, old in enumerate(_widget_order(nb))}
    for cell in nb.cells:
        keep = {k: cell.metadata[k] for k in ("tags", "jupyter") if k in cell.metadata}
        cell.metadata = nbformat.from_dict(keep)
        if cell.cell_type == "code":
            cell.outputs = _join_adjacent_streams(cell.outputs)
    widgets = nb.metadata.get("widgets")
    nb.metadata = nbformat.from_dict({"kernelspec": dict(KERNELSPEC), "language_info": dict(LANGUAGE_INFO)})
    if widgets and widgets.get(WIDGET_STATE, {}).get("state"):
        nb.metadata["widgets"] = widgets
    if mapping:
        text = MODEL_ID.sub(lambda hit: mapping.get(hit.group(0), hit.group(0)), json.dumps(nb))
        nb = nbformat.from_dict(json.loads(text))
    return nb


def write_if_changed(nb: nbformat.NotebookNode, path: Path) -> bool:
    """Write ``nb`` to ``path`` unless the file already holds exactly that; True if written."""
    text = nbformat.writes(nb, version=4)
    if not text.endswith("\n"):
        text += "\n"
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def build(path: Path, run: bool = True, editions: tuple[str, ...] = tuple(EDITIONS)) -> dict[str, tuple[float, bool]]:
    """Build the editions of one source; returns ``{edition: (seconds, written)}``."""
    full = read_source(path)
    done = {}
    for name in editions:
        folder = EDITIONS[name]
        nb = edition(full, name)
        t0 = time.perf_counter()
        if run:
            folder.mkdir(parents=True, exist_ok=True)
            execute(nb, folder)
            nb = normalise(nb, path.stem)
        done[name] = (time.perf_counter() - t0, write_if_changed(nb, folder / f"{path.stem}.ipynb"))
    return done


def pin_blas_kernels() -> None:
    """Execute with the matrix kernels the tests use, so that stored outputs do not depend on the
    processor (the root ``conftest.py`` says why; importing it sets ``OPENBLAS_CORETYPE``)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("_nnteach_root_conftest", ROOT / "conftest.py")
    spec.loader.exec_module(importlib.util.module_from_spec(spec))


def main() -> int:
    pin_blas_kernels()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("numbers", nargs="*", help="notebook numbers to build, e.g. 00 03 (default: all)")
    parser.add_argument("--no-exec", action="store_true", help="write without executing (no outputs)")
    parser.add_argument("--edition", choices=tuple(EDITIONS), help="build only this edition (default: both)")
    args = parser.parse_args()
    paths = source_paths(args.numbers)
    if not paths:
        print(f"no notebook sources numbered {args.numbers} in {SOURCES}", file=sys.stderr)
        return 1
    editions = (args.edition,) if args.edition else tuple(EDITIONS)
    for path in paths:
        for name, (seconds, written) in build(path, not args.no_exec, editions).items():
            where = EDITIONS[name].relative_to(ROOT)
            print(f"{where}/{path.stem}.ipynb  {seconds:5.1f} s  {'written' if written else 'unchanged'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
