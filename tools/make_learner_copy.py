#!/usr/bin/env python3
"""Write a learner copy of the course: every notebook without its solution cells.

    python tools/make_learner_copy.py OUT_DIR              # from notebooks/ into OUT_DIR
    python tools/make_learner_copy.py OUT_DIR --clear      # also clear all stored outputs

Cells tagged ``solution`` are removed; everything else (the exercises, their checks and graded
hints) stays, so learners still get specific feedback. The originals are never modified.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]


def learner_copy(nb: nbformat.NotebookNode, clear: bool = False) -> tuple[nbformat.NotebookNode, int]:
    """``nb`` without its ``solution`` cells (and, with ``clear``, without outputs); returns (copy, removed)."""
    out = nbformat.from_dict(nb)  # deep copy
    kept = [c for c in out.cells if "solution" not in c.get("metadata", {}).get("tags", [])]
    removed = len(out.cells) - len(kept)
    out.cells = kept
    if clear:
        for c in out.cells:
            if c.cell_type == "code":
                c.outputs = []
                c.execution_count = None
        out.metadata.pop("widgets", None)
    return out, removed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="folder for the learner copy (created if needed)")
    parser.add_argument("--source", type=Path, default=ROOT / "notebooks", help="folder of the course notebooks")
    parser.add_argument("--clear", action="store_true", help="also clear stored outputs")
    args = parser.parse_args()
    if args.out.resolve() == args.source.resolve():
        print("refusing to overwrite the course notebooks: choose another OUT folder", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for path in sorted(args.source.glob("*.ipynb")):
        copy, removed = learner_copy(nbformat.read(path, as_version=4), args.clear)
        nbformat.write(copy, args.out / path.name)
        print(f"{path.name}: {removed} solution cell(s) removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
