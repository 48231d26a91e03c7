"""Helpers for writing the course notebooks as Python sources (one module per notebook).

Each ``NN_name.py`` in this folder defines ``CELLS``: a list of cells made with
:func:`md` and :func:`code`.  ``tools/build_notebooks.py`` turns them into
``notebooks/NN_name.ipynb`` and executes them in a fresh kernel, in place.
"""
from __future__ import annotations

import textwrap

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell


def md(text: str):
    """A markdown cell (the text is dedented and stripped)."""
    return new_markdown_cell(textwrap.dedent(text).strip("\n"))


def code(src: str, *tags: str, hidden: bool = False):
    """A code cell; ``tags`` become cell tags (``solution``, ``nbval-ignore-output``, ``raises-exception``).

    Cells tagged ``solution`` are stored collapsed (``jupyter.source_hidden``) so that a learner
    opens them on purpose.
    """
    cell = new_code_cell(textwrap.dedent(src).strip("\n"))
    if tags:
        cell.metadata["tags"] = list(tags)
    if "solution" in tags or hidden:
        cell.metadata["jupyter"] = {"source_hidden": True}
    return cell


def notebook(cells) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb
