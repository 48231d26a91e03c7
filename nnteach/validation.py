"""Argument validation for every public entry point of nnteach (not the exercise checks: see nnteach.checks).

Every check raises a ``ValueError`` that says what was wrong and what was
expected, so that the error appears where the learner made the call.
"""
from __future__ import annotations

import math
from numbers import Real

import numpy as np


def as_float_array(x, what: str) -> np.ndarray:
    """``x`` as a float64 array; ``ValueError`` if it is not numeric or not finite."""
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} must be numbers (an array of floats); got {type(x).__name__}: {exc}") from None
    if a.size and not np.all(np.isfinite(a)):
        raise ValueError(f"{what} contains NaN or infinite values; expected finite numbers")
    return a


def check_pattern_shape(a: np.ndarray, n: int, what: str) -> None:
    """Accept one pattern ``(n,)`` or a batch ``(B, n)``, else raise naming the expected shapes."""
    if a.ndim not in (1, 2) or a.shape[-1] != n or (a.ndim == 2 and a.shape[0] == 0):
        raise ValueError(f"{what} has shape {a.shape}; expected one pattern of shape ({n},) "
                         f"or a batch of shape (B, {n}) with B >= 1")


def check_sequence_shape(a: np.ndarray, n: int, what: str) -> None:
    """Accept one sequence ``(T, n)`` or a batch of sequences ``(B, T, n)``."""
    if a.ndim not in (2, 3) or a.shape[-1] != n or 0 in a.shape:
        raise ValueError(f"{what} has shape {a.shape}; expected one sequence of shape (T, {n}) "
                         f"or a batch of sequences of shape (B, T, {n}) with B, T >= 1")


def check_same_leading(x: np.ndarray, t: np.ndarray, k: int, x_what: str = "X", t_what: str = "T") -> None:
    """Targets must have the inputs' leading shape with ``k`` outputs last."""
    expected = x.shape[:-1] + (k,)
    if t.shape != expected:
        raise ValueError(f"{t_what} has shape {t.shape}; expected {expected} "
                         f"(the leading shape of {x_what} {x.shape} with {k} outputs last)")


def positive_int(value, what: str) -> int:
    """An integer >= 1, else ``ValueError``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{what} must be a whole number >= 1; got {value!r}")
    return int(value)


def positive_number(value, what: str) -> float:
    """A finite real number > 0, else ``ValueError``."""
    if isinstance(value, bool) or not isinstance(value, (Real, np.floating, np.integer)):
        raise ValueError(f"{what} must be a number > 0; got {value!r}")
    v = float(value)
    if not math.isfinite(v) or v <= 0:
        raise ValueError(f"{what} must be a finite number > 0; got {value!r}")
    return v
