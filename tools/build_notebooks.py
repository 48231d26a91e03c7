#!/usr/bin/env python3
"""Build the course notebooks from ``tools/notebook_sources/`` and store their outputs.

    python tools/build_notebooks.py            # every notebook
    python tools/build_notebooks.py 00 03      # only these numbers
    python tools/build_notebooks.py --no-exec  # write the .ipynb files without running them

Each notebook is written from its source module and then executed top to bottom in a
fresh kernel, in place (the stored outputs that ``pytest --nbval`` compares against).
Run it whenever the package or the dependencies change what a notebook prints.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "tools" / "notebook_sources"
OUT = ROOT / "notebooks"
sys.path.insert(0, str(SOURCES))

from _nb import notebook  # noqa: E402


def load_cells(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CELLS


def build(path: Path, execute: bool) -> float:
    nb = notebook(load_cells(path))
    target = OUT / f"{path.stem}.ipynb"
    t0 = time.perf_counter()
    if execute:
        env_before = os.environ.get("MPLBACKEND")
        os.environ.pop("MPLBACKEND", None)
        try:
            NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(OUT)}},
                           store_widget_state=True).execute()
        finally:
            if env_before is not None:
                os.environ["MPLBACKEND"] = env_before
    nbformat.write(nb, target)
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("numbers", nargs="*", help="notebook numbers to build, e.g. 00 03 (default: all)")
    parser.add_argument("--no-exec", action="store_true", help="write without executing")
    args = parser.parse_args()
    paths = sorted(p for p in SOURCES.glob("[0-9][0-9]_*.py"))
    if args.numbers:
        paths = [p for p in paths if p.stem[:2] in args.numbers]
        if not paths:
            print(f"no notebook sources numbered {args.numbers} in {SOURCES}", file=sys.stderr)
            return 1
    for path in paths:
        seconds = build(path, not args.no_exec)
        print(f"{path.stem}.ipynb  {seconds:5.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
