"""Numbers as text: the one home of the number formats that figures, summaries and checks print.

* :func:`fixed` — a fixed number of decimals with a typographic minus (``−0.0697``), for figures
  and explorer summaries;
* :func:`number` — an error or a slope, readable at any size (``0.1078``, ``7.459``, ``3.58×10⁻⁵``);
* :func:`term` — a term of a sum with its sign in front (``+ 1.0``, ``− 1.5``), for formulas in titles;
* :func:`plain` — a learner's number in a check message (4 decimals, or 3 significant figures when it
  is tiny; a plain ``-`` so that it can be copied back into code);
* :func:`vector` — a few numbers in brackets, ``(0.4200, 0.2000)``;
* :func:`code` — a number or an array as the code that makes it (``0.05``, ``np.array([0.05, 0.2])``),
  for a check that says which call went wrong.

None of them ever prints a minus zero (``−0.0000``).
"""
from __future__ import annotations

import math

import numpy as np

__all__ = ["fixed", "number", "term", "plain", "vector", "code"]

SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _no_minus_zero(text: str) -> str:
    """``"-0.0000"`` → ``"0.0000"``; any other text unchanged."""
    return text.lstrip("-") if float(text) == 0.0 else text


def fixed(x: float, decimals: int = 4) -> str:
    """``x`` with ``decimals`` decimals and a typographic minus sign, e.g. ``−0.0697``.

    A value that rounds to zero prints without a sign (``0.0000``, never ``−0.0000``).
    """
    return _no_minus_zero(f"{x:.{decimals}f}").replace("-", "−")


def number(x: float) -> str:
    """An error or slope value, in one format everywhere (a typographic minus, never ``−0``):

    4 decimals below 1 (``0.1078``, ``−0.0697``), 4 significant figures from 1 to 10 000 (``7.459``,
    ``960.6``, ``1895``), and a power of ten below 0.001 (``3.58×10⁻⁵``), so that a small error
    never prints as ``0.0000``, and from 10 000 on (``7.41×10¹²``), so that a huge one is readable.
    """
    x = float(x)
    if not math.isfinite(x):
        return "∞" if x > 0 else ("−∞" if x < 0 else "nan")
    if x == 0.0:
        return "0"
    if abs(x) < 9.9995e-4 or abs(x) >= 9999.5:
        mantissa, exponent = f"{x:.2e}".split("e")
        text = f"{mantissa}×10{str(int(exponent)).translate(SUPERSCRIPT)}"
    elif abs(x) < 0.99995:
        text = f"{x:.4f}"
    else:
        digits = int(np.floor(np.log10(abs(x)))) + 1
        text = f"{x:.{max(4 - digits, 0)}f}"
    return text.replace("-", "−")


def term(x: float, decimals: int = 1) -> str:
    """``+ 1.0`` or ``− 1.5``: a term of a sum, written with its sign in front."""
    return f"{'−' if x < 0 else '+'} {abs(x):.{decimals}f}"


def plain(x: float) -> str:
    """A learner's number in a check message: 4 decimals, or 3 significant figures when it is tiny.

    The minus sign is a plain ``-`` (the learner may copy the number back into code), and a value
    that rounds to zero prints without a sign.
    """
    if x != 0 and abs(x) < 5e-5:
        return f"{x:.3g}"
    return _no_minus_zero(f"{x:.4f}")


def vector(a) -> str:
    """A few numbers with 4 decimals in brackets: ``(0.4200, 0.2000)`` (any shape is flattened)."""
    return "(" + ", ".join(f"{v:.4f}" for v in np.ravel(a)) + ")"


def code(x) -> str:
    """A number or a 1-D array as the code that makes it: ``0.05`` or ``np.array([0.05, 0.2])``."""
    if isinstance(x, np.ndarray):
        return "np.array([" + ", ".join(f"{v:g}" for v in x) + "])"
    return f"{x:g}"
