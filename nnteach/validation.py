"""Argument validation for every public entry point of nnteach (not the exercise checks: see nnteach.checks).

Every check raises at the learner's call, with a message that names the argument, says what was
given (its type, shape or value, shortened if long) and what was expected:

* a **wrong type** (a string where a number is expected, ``None``, a list where one number is
  expected, ``True`` where a number is expected, complex numbers) is an :class:`ArgumentTypeError`,
  which is a ``TypeError``;
* a **wrong value or shape** (a negative size, a rate of 0, a pattern of the wrong length, NaN) is a
  ``ValueError``.

:class:`ArgumentTypeError` is also a ``ValueError`` (as numpy's ``AxisError`` is both a ``ValueError``
and an ``IndexError``), so code written when every bad argument was a ``ValueError`` keeps working.

Decisions, written once here and tested:

* **Complex numbers** are refused (an :class:`ArgumentTypeError` saying "real numbers expected"):
  numpy would silently drop the imaginary part.
* **Booleans** are refused where a number is expected (``Neuron(2, bias=True)``, ``w=False``): a bool
  there is almost always an argument in the wrong place.  Arrays of bools (e.g. truth-table inputs)
  are accepted as 0/1.
* **Text** is refused where numbers are expected, even text that looks like a number (``"1.0"``).
* **Sizes** are whole numbers (never ``2.0`` or ``True``), and whatever a call would allocate is
  bounded: a model has at most :data:`MAX_PARAMETERS` parameters, a generated data set or sequence
  at most :data:`MAX_NUMBERS` numbers, so an absurd size is a clear ``ValueError`` instead of a
  ``MemoryError`` (or a machine that swaps).
* **Seeds** are ``None`` or whole numbers from 0 to 2**128 − 1 (:func:`check_seed`), stored as plain ints.
"""
from __future__ import annotations

import math
import os
from numbers import Real
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np

__all__ = ["ArgumentTypeError", "MAX_PARAMETERS", "MAX_NUMBERS", "MAX_SEED", "describe",
           "as_float_array", "check_pattern_shape", "check_sequence_shape", "check_same_leading",
           "check_number", "whole_number", "positive_int", "positive_number", "check_bool", "check_choice",
           "check_seed", "check_callable", "check_path", "check_count", "check_keys", "check_unit_interval"]

#: The most parameters a model may have (80 MB of float64 per copy of the weights; the largest model
#: of the course has a few thousand).  A bigger size is a ``ValueError`` before anything is allocated.
MAX_PARAMETERS = 10_000_000

#: The most numbers one generated array (a data set, a sequence, a grid) may hold (160 MB of float64).
MAX_NUMBERS = 20_000_000

#: Seeds are whole numbers 0 … MAX_SEED (128 bits: more entropy than numpy's generator can use).
MAX_SEED = 2 ** 128 - 1


class ArgumentTypeError(TypeError, ValueError):
    """An argument of the wrong type.  A ``TypeError``, and also a ``ValueError`` (see the module docstring)."""


# -- describing what was given -----------------------------------------------------------------------
def describe(value: Any, limit: int = 60) -> str:
    """A short description of ``value`` for an error message: its type and a shortened repr, or its shape."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} ({value.dtype})"
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)) \
            and abs(int(value)).bit_length() > 200:
        digits = len(str(abs(int(value)))) if abs(int(value)).bit_length() < 14000 else \
            int(abs(int(value)).bit_length() * math.log10(2)) + 1
        return f"an integer of {digits} digits"
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        kind = type(value).__name__
        try:
            text = repr(value)
        except (ValueError, RecursionError):     # an integer too long to print, or deep nesting
            text = "…"
        if len(text) > limit:
            text = text[:limit - 1] + "…"
        return f"a {kind} of {len(value)} item{'s' if len(value) != 1 else ''}: {text}"
    if callable(value) and not isinstance(value, type):
        return f"the function {getattr(value, '__name__', repr(value))!r}"
    try:
        text = repr(value)
    except (ValueError, RecursionError):
        text = "…"
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return f"{type(value).__name__} {text}"


# -- arrays --------------------------------------------------------------------------------------------
def as_float_array(x: Any, what: str) -> np.ndarray:
    """``x`` as a float64 array of finite real numbers.

    Raises:
        ArgumentTypeError: ``x`` is ``None``, text, a dict, a function, a bool, complex numbers, or
            holds anything that is not a number ("``what`` must be an array of numbers, got …").
        ValueError: a ragged nested list (rows of different lengths), or NaN / infinite values.
    """
    if isinstance(x, np.ndarray) and x.dtype == np.float64:
        a = x
    else:
        if x is None or isinstance(x, (str, bytes, dict, set, frozenset, bool, np.bool_)) or callable(x):
            raise ArgumentTypeError(f"{what} must be an array of numbers, got {describe(x)}")
        try:
            a = np.asarray(x)
        except ValueError:
            raise ValueError(f"{what} must be a rectangular array of numbers; got a ragged nested list "
                             "(its rows have different lengths)") from None
        except TypeError as exc:
            raise ArgumentTypeError(f"{what} must be an array of numbers, got {describe(x)} ({exc})") from None
        kind = a.dtype.kind
        if kind == "c":
            raise ArgumentTypeError(f"{what} must hold real numbers; got complex values ({describe(x)}): real numbers "
                                    "expected (take .real or abs() yourself if that is what you mean)")
        if kind in "SUa":
            raise ArgumentTypeError(f"{what} must hold numbers, not text; got {describe(x)}")
        if kind in "biuf":
            a = a.astype(np.float64, copy=False)
        elif kind == "O":
            for v in a.reshape(-1):
                if not _is_real_scalar(v):
                    real = " (real numbers expected)" if isinstance(v, complex) else ""
                    raise ArgumentTypeError(f"{what} must hold real numbers only{real}; it holds {describe(v)}")
            try:
                a = a.astype(np.float64)
            except OverflowError:
                raise ValueError(f"{what} holds a number too large for a float64 (more than 1.8e308)") from None
        else:
            raise ArgumentTypeError(f"{what} must be an array of numbers, got {describe(x)}")
    if a.size and not np.isfinite(a).all():
        raise ValueError(f"{what} contains NaN or infinite values; expected finite numbers")
    return a


def _is_real_scalar(v: Any) -> bool:
    return isinstance(v, (Real, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))


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


def check_unit_interval(t: np.ndarray, what: str, why: str = "") -> None:
    """Every entry of ``t`` in [0, 1], else a ``ValueError`` naming the range (and ``why``)."""
    if t.size and (t.min() < 0.0 or t.max() > 1.0):
        raise ValueError(f"{what} must lie in [0, 1]{why}; got values from {float(t.min()):g} to {float(t.max()):g}")


# -- numbers ---------------------------------------------------------------------------------------------
def _range_text(low, high, low_open: bool = False, high_open: bool = False) -> str:
    if low is not None and high is not None:
        return f" in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    if low is not None:
        return f" {'>' if low_open else '>='} {low:g}"
    if high is not None:
        return f" {'<' if high_open else '<='} {high:g}"
    return ""


def check_number(value: Any, what: str, *, low: float | None = None, high: float | None = None,
                 low_open: bool = False, high_open: bool = False) -> float:
    """One finite real number (``int``, ``float``, a numpy scalar or a 0-d array), optionally in a range.

    Raises:
        ArgumentTypeError: not a real number (text, ``None``, a bool, a list or an array of several
            numbers, a complex number).
        ValueError: NaN, infinite, or outside the range.
    """
    expected = "a number" + _range_text(low, high, low_open, high_open)
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        value = value[()]
    if not _is_real_scalar(value):
        raise ArgumentTypeError(f"{what} must be {expected}; got {describe(value)}")
    try:
        v = float(value)
    except OverflowError:
        raise ValueError(f"{what} must be {expected}; got {describe(value)}") from None
    if not math.isfinite(v):
        raise ValueError(f"{what} must be a finite number{_range_text(low, high, low_open, high_open)}; "
                         f"got {value!r}")
    if (low is not None and (v < low or (low_open and v == low))) or \
            (high is not None and (v > high or (high_open and v == high))):
        raise ValueError(f"{what} must be a finite number{_range_text(low, high, low_open, high_open)}; got {value!r}")
    return v


def positive_number(value: Any, what: str) -> float:
    """A finite real number > 0 (:class:`ArgumentTypeError` for a non-number, ``ValueError`` otherwise)."""
    return check_number(value, what, low=0.0, low_open=True)


def whole_number(value: Any, what: str, minimum: int | None = 0, maximum: int | None = None) -> int:
    """A whole number (``int`` or a numpy integer; never a bool or a float such as ``2.0``) in
    ``[minimum, maximum]``, as a plain ``int``."""
    span = (f" from {minimum} to {maximum}" if minimum is not None and maximum is not None
            else f" >= {minimum}" if minimum is not None else f" <= {maximum}" if maximum is not None else "")
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iu":
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ArgumentTypeError(f"{what} must be a whole number{span}; got {describe(value)}")
    v = int(value)
    if (minimum is not None and v < minimum) or (maximum is not None and v > maximum):
        raise ValueError(f"{what} must be a whole number{span}; got {describe(v) if abs(v) > 10**60 else v}")
    return v


def positive_int(value: Any, what: str, maximum: int | None = None) -> int:
    """A whole number >= 1 (and <= ``maximum``), as a plain ``int``."""
    return whole_number(value, what, 1, maximum)


def check_bool(value: Any, what: str) -> bool:
    """``True`` or ``False`` (numpy bools too), as a plain ``bool``; anything else is an :class:`ArgumentTypeError`."""
    if not isinstance(value, (bool, np.bool_)):
        raise ArgumentTypeError(f"{what} must be True or False; got {describe(value)}")
    return bool(value)


def check_choice(value: Any, choices: Iterable, what: str) -> Any:
    """``value`` if it is one of ``choices`` (returns the matching choice).

    A value of another kind than the choices (a list, ``None``, a number among names, a bool among
    numbers) is an :class:`ArgumentTypeError`; a value of the right kind that is not a choice is a
    ``ValueError``.  Both messages list the choices.
    """
    choices = tuple(choices)
    listed = ", ".join(map(repr, choices))
    same_kind = [c for c in choices if _same_kind(value, c)]
    if not same_kind:
        raise ArgumentTypeError(f"{what} must be one of {listed}; got {describe(value)}")
    for c in same_kind:
        if c == value:
            return c
    raise ValueError(f"{what} must be one of {listed}; got {describe(value)}")


def _same_kind(value: Any, choice: Any) -> bool:
    """Whether ``value`` could be compared with ``choice``: both text, both numbers (not bools), both bools, both None."""
    if isinstance(choice, (bool, np.bool_)) or isinstance(value, (bool, np.bool_)):
        return isinstance(choice, (bool, np.bool_)) and isinstance(value, (bool, np.bool_))
    if choice is None or value is None:
        return choice is None and value is None
    if isinstance(choice, str) or isinstance(value, str):
        return isinstance(choice, str) and isinstance(value, str)
    return _is_real_scalar(choice) and _is_real_scalar(value)


def check_seed(seed: Any, what: str = "seed") -> int | None:
    """``None`` (fresh randomness) or a whole number 0 … :data:`MAX_SEED`, as a plain ``int``
    (numpy integers such as ``np.int64(2)`` from ``np.arange`` are welcome)."""
    if seed is None:
        return None
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
        raise ArgumentTypeError(f"{what} must be None or a whole number >= 0 (e.g. {what}=0); got {describe(seed)}")
    if not 0 <= int(seed) <= MAX_SEED:
        raise ValueError(f"{what} must be None or a whole number from 0 to 2**128 - 1; got {describe(int(seed))}")
    return int(seed)


def check_callable(value: Any, what: str, expected: str = "a function") -> Callable:
    """``value`` if it can be called, else an :class:`ArgumentTypeError`."""
    if not callable(value):
        raise ArgumentTypeError(f"{what} must be {expected}; got {describe(value)}")
    return value


def check_path(value: Any, what: str = "path") -> Path:
    """A file system path (``str`` or ``os.PathLike``) as a :class:`~pathlib.Path`."""
    if isinstance(value, (str, os.PathLike)) and not isinstance(value, bytes):
        text = os.fspath(value)
        if isinstance(text, str):
            if not text or "\x00" in text:
                raise ValueError(f"{what} must be a file name; got {text!r}")
            return Path(text)
    raise ArgumentTypeError(f"{what} must be a path (a str or a pathlib.Path); got {describe(value)}")


def check_count(count: int, what: str, limit: int = MAX_NUMBERS, unit: str = "numbers") -> int:
    """``count`` (an exact ``int``) if it is at most ``limit``, else a ``ValueError`` that says how big it
    would be.  Used before allocating: a size that would not fit in memory is refused at the call."""
    if count > limit:
        size = f"{count:,}" if count < 10 ** 30 else f"about 10^{len(str(count)) - 1}"
        raise ValueError(f"{what} would need {size} {unit}; nnteach allocates at most {limit:,} {unit} at once "
                         f"({limit * 8 / 1e6:,.0f} MB of float64)")
    return count


def check_keys(mapping: Any, what: str, required: Iterable[str] = (), optional: Iterable[str] = ()) -> dict:
    """``mapping`` as a dict that has every ``required`` key and no key outside ``required`` and ``optional``."""
    if not isinstance(mapping, dict):
        raise ArgumentTypeError(f"{what} must be a dict; got {describe(mapping)}")
    required, optional = tuple(required), tuple(optional)
    missing = [k for k in required if k not in mapping]
    unknown = sorted(str(k) for k in mapping if k not in required and k not in optional)
    if missing:
        raise ValueError(f"{what} lacks {', '.join(map(repr, missing))}; expected the entries "
                         f"{', '.join(map(repr, required + optional))}")
    if unknown:
        raise ValueError(f"{what} has unknown entries {', '.join(map(repr, unknown))}; expected only "
                         f"{', '.join(map(repr, required + optional))}")
    return dict(mapping)
