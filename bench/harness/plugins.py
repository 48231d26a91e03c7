"""Variants that live in other bench scripts: imported by name when they exist.

A row can name a function of another script in bench/ (for example ``bench_lstm_g_speed.online_step``,
written with ``nnteach.graph``).  :func:`external` imports it if the script exists and can be imported
(its own imports included), and otherwise raises :class:`~harness.rows.NotAvailable` with the reason,
which the table shows as "not available: …".  So a row for code that does not exist yet is already in
the table, and it fills in the day the script appears; nothing in the harness changes.

The functions the harness looks for, and what they must do, are listed in bench/README.md
("Rows from other scripts").
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable

from .rows import NotAvailable

__all__ = ["external", "BENCH"]

BENCH = Path(__file__).resolve().parents[1]


def external(script: str, function: str) -> Callable:
    """``function`` from ``bench/<script>.py``; :class:`NotAvailable` if it is not there (yet)."""
    if not (BENCH / f"{script}.py").exists():
        raise NotAvailable(f"bench/{script}.py does not exist yet")
    try:
        module = importlib.import_module(script)
    except Exception as e:  # the script's own imports (e.g. nnteach.graph) may be missing
        raise NotAvailable(f"bench/{script}.py cannot be imported: {type(e).__name__}: {e}") from None
    found = getattr(module, function, None)
    if not callable(found):
        raise NotAvailable(f"bench/{script}.py has no function {function}()")
    return found
