"""The package's readable code, as a notebook shows it next to the equations it implements.

:func:`code_of` returns a function's code without its docstring, so that a notebook can print the
lines of, e.g., :func:`nnteach.lstm.lstm_step_forward` (one line per equation, each tagged with its
equation number) instead of copying them: what the learner reads is the code that runs.
"""
from __future__ import annotations

import ast
import inspect
import textwrap

__all__ = ["code_of"]


def code_of(func) -> str:
    """The source of ``func`` without its docstring, dedented (signature and body, comments kept).

    Raises ``ValueError`` for something that is not a Python function with source code.
    """
    if not inspect.isfunction(func):
        raise ValueError(f"code_of needs a Python function; got {type(func).__name__}")
    lines, _ = inspect.getsourcelines(func)
    text = textwrap.dedent("".join(lines))
    node = ast.parse(text).body[0]
    first = node.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        kept = text.splitlines()
        del kept[first.lineno - 1:first.end_lineno]          # the docstring's lines (1-based, inclusive)
        text = "\n".join(kept) + "\n"
    return text
