"""What every exercise check returns, the graded hints, and the comparisons the checks share.

A check function compares a learner's answer with the right one and returns a
:class:`Feedback`.  Displayed in a notebook it prints one line that says
*specifically* what is wrong ("your δ is missing the factor f'(s)"), and it
evaluates to True/False in an ``if``/``assert``.  Hints are graded: ask again for
a stronger one; the last one says where the worked solution is (:func:`solutions_note`).
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field

import numpy as np

__all__ = ["Feedback", "AnswerError", "hint", "next_hint", "register_hints", "registered_exercises", "hint_count",
           "solutions_note", "checker", "as_array", "named_mistake",
           "as_number", "as_vector", "close", "rounded", "near", "is_rounded", "ROUNDED", "TOLERANCE"]

_HINTS: dict[str, list[str]] = {}
_HINTS_GIVEN: dict[str, int] = {}


@dataclass
class Feedback:
    """The outcome of a check: ``ok`` and a specific message (plus the exercise id)."""

    ok: bool
    message: str
    exercise: str = ""
    details: dict = field(default_factory=dict, repr=False)

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        mark = "✓ Correct" if self.ok else "✗ Not yet"
        tail = "" if self.ok or not self.exercise else f"  (hint: nnteach.checks.hint({self.exercise!r}))"
        return f"{mark}: {self.message}{tail}"

    def __repr__(self) -> str:  # what a notebook shows when a cell ends with a check
        return str(self)


def register_hints(exercise: str, hints: list[str]) -> None:
    """Register the graded hints of an exercise (weakest first; the last ends with :func:`solutions_note`)."""
    _HINTS[exercise] = list(hints)


def registered_exercises() -> list[str]:
    """The exercises that have hints, e.g. ``["00.1", "01.1", …]``."""
    return list(_HINTS)


def hint_count(exercise: str) -> int:
    """How many graded hints ``exercise`` has (``ValueError`` for an unknown exercise)."""
    name, _ = _lookup(exercise)
    if name is None:
        raise ValueError(_unknown(exercise))
    return len(_HINTS[name])


def solutions_note(notebook: str) -> str:
    """The end of an exercise's last hint: where its worked solution is.

    The course has two editions built from one source: the learner edition (``notebooks/``) has no
    solution cells; the solutions edition (``solutions/``, the same notebook names) has the worked
    solution of each exercise in a collapsed cell under it.  The note is true in both.
    """
    return (f"The worked solution is in the solutions edition: solutions/{notebook}.ipynb, under the exercise "
            "(after `nnteach start`, write it with `nnteach solutions solutions` beside your course folder).")


def hint(exercise: str, reset: bool = False) -> None:
    """Print the next hint for ``exercise``; each call gives a stronger one.  Returns None.

    ``hint(exercise, reset=True)`` starts again from the first hint.  Every exercise id printed in
    a notebook works: an exercise in parts (``"05.1"`` for 05.1a and 05.1b) names its parts and
    gives the hints of the first; an unknown id prints one line with the valid ids (no traceback).
    """
    print(next_hint(exercise, reset))


def next_hint(exercise: str, reset: bool = False) -> str:
    """The next hint for ``exercise`` as text, e.g. ``"Hint 1/3: …"`` (each call a stronger one).

    For an exercise in parts the text starts by naming the parts; for an unknown exercise it is
    one line naming the valid ones.
    """
    name, note = _lookup(exercise)
    if name is None:
        return _unknown(exercise)
    if reset:
        _HINTS_GIVEN[name] = 0
    k = _HINTS_GIVEN.get(name, 0)
    hints = _HINTS[name]
    n = len(hints)
    _HINTS_GIVEN[name] = k + 1
    if k >= n:
        return (f"{note}Hint {n}/{n} (that was the last hint): {hints[-1]}  "
                f"To start the hints again: hint({name!r}, reset=True).")
    return f"{note}Hint {k + 1}/{n}: {hints[k]}"


def _normalise(exercise) -> str:
    """The ways a learner writes an exercise, as the registry spells it: ``"03.1"``, ``"3.1"``,
    ``3.1``, ``"05.1A"`` → ``"03.1"``, ``"03.1"``, ``"03.1"``, ``"05.1a"``."""
    name = f"{exercise:.1f}" if isinstance(exercise, float) else str(exercise).strip().lower()
    if re.fullmatch(r"\d\.\d+[a-z]?", name):
        name = "0" + name
    return name


def _parts(name: str) -> list[str]:
    """The registered parts of exercise ``name`` (``["05.1a", "05.1b"]`` for ``"05.1"``), or []."""
    return sorted(k for k in _HINTS if k.startswith(name) and k[len(name):].isalpha())


def _lookup(exercise) -> tuple[str | None, str]:
    """``(registered id, note)``: the note names the parts when ``exercise`` is split into parts
    (the hints are then those of its first part); ``(None, "")`` for an unknown exercise."""
    name = _normalise(exercise)
    if name in _HINTS:
        return name, ""
    parts = _parts(name) if name else []
    if parts:
        listed = ", ".join(parts[:-1]) + " and " + parts[-1]
        others = " or ".join(f"hint({p!r})" for p in parts[1:])
        return parts[0], f"Exercise {name} has parts {listed}; this is a hint for {parts[0]} (then ask {others}). "
    return None, ""


def _unknown(exercise) -> str:
    """One line for an exercise without hints, naming the valid ones."""
    return (f"There is no exercise {exercise!r} with hints. Write the number as printed in the notebook, "
            f"e.g. hint('04.2'); the exercises are: {', '.join(sorted(_HINTS))}.")


class AnswerError(ValueError):
    """The learner's answer is not of the expected kind (not a number, wrong length, …)."""


def as_array(answer, what: str) -> np.ndarray:
    """The learner's answer as a float array; :class:`AnswerError` for anything that is not numbers."""
    if answer is None or answer is ...:
        raise AnswerError(f"fill in {what} first (replace the ...)")
    if isinstance(answer, str):
        raise AnswerError(f"{what} must be a number, not the text {answer!r}: leave out the quotes")
    if callable(answer):
        raise AnswerError(f"{what} must be a number; you gave the function {getattr(answer, '__name__', answer)!r}"
                          " itself: call it, e.g. f(x)")
    if isinstance(answer, (complex, np.complexfloating)) or \
            (isinstance(answer, np.ndarray) and answer.dtype.kind == "c"):
        raise AnswerError(f"{what} must be a real number; you gave a complex number ({answer!r})")
    try:
        a = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        raise AnswerError(f"{what} must be a number or an array of numbers; got {_short(answer)}") from None
    except OverflowError:
        raise AnswerError(f"{what} is too large for a float (more than 1.8e308): check for an overflow") from None
    if not np.all(np.isfinite(a)):
        raise AnswerError(f"{what} contains nan or inf: check for a division by zero or an overflow")
    return a


def _short(answer, limit: int = 80) -> str:
    text = repr(answer)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _refuse_truth_values(answer, what: str) -> None:
    """True/False where numbers are asked: Python would count them as 1 and 0, which an answer never means.
    (Arrays of gate openings may be boolean masks such as ``t == 3``: :func:`as_array` takes those.)"""
    values = answer if isinstance(answer, np.ndarray) else np.asarray(answer, dtype=object) \
        if isinstance(answer, (list, tuple)) else np.asarray([answer], dtype=object)
    flat = values.reshape(-1)
    if flat.size and (values.dtype.kind == "b" or all(isinstance(v, (bool, np.bool_)) for v in flat)):
        raise AnswerError(f"{what} must be {'a number' if flat.size == 1 else 'numbers'}, not {_short(answer)}: "
                          "Python would count True as 1 and False as 0")


def as_number(answer, what: str) -> float:
    """The learner's answer as one float: a number, or a list/array holding exactly one number."""
    _refuse_truth_values(answer, what)
    a = as_array(answer, what)
    if a.size != 1:
        raise AnswerError(f"{what} must be one number; you gave {a.size} values with shape {a.shape}")
    return float(a.reshape(-1)[0])


def as_vector(answer, n: int, what: str) -> np.ndarray:
    """The learner's answer as ``n`` numbers (any nesting that holds exactly ``n`` values)."""
    _refuse_truth_values(answer, what)
    a = as_array(answer, what)
    if a.size != n:
        raise AnswerError(f"{what} must hold {n} numbers; you gave {a.size} with shape {a.shape}")
    return a.reshape(n)


def checker(exercise: str):
    """Decorator for check functions: a malformed answer gives a ✗ Feedback, never a traceback."""
    def wrap(fn):
        @functools.wraps(fn)
        def inner(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except AnswerError as exc:
                return Feedback(False, str(exc), exercise)
        return inner
    return wrap


def close(a, b, tol: float = 1e-3) -> bool:
    """True if ``a`` and ``b`` agree: to ``tol`` relative, and to 1e-4 absolute near zero.

    An answer typed with 4 decimals (the precision the notebooks print) is close; one rounded
    to 2 decimals usually is not, and :func:`rounded` then says so.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=tol, atol=1e-4))


def rounded(a, b, rel: float = 0.02, abs_: float = 0.006) -> bool:
    """True if ``a`` is ``b`` rounded too early: within 2 % (or 0.006), but not :func:`close`.

    Checks use it to say "right idea — keep 4 decimals" instead of "wrong".
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return a.shape == b.shape and not close(a, b) and bool(np.allclose(a, b, rtol=rel, atol=abs_))


ROUNDED = "right idea, but your numbers are rounded too much: keep at least 4 decimals (don't round in between)"


#: A 4-decimal answer is accepted: it may be off by this much (absolute), or 0.3 % (relative).
TOLERANCE = 6e-5


def near(a, b) -> bool:
    """True if the answer ``a`` agrees with ``b`` to the precision the notebooks print (4 decimals),
    element by element: within :data:`TOLERANCE`, or 0.3 % of ``b`` for large values."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= np.maximum(TOLERANCE, 3e-3 * np.abs(b))))


def named_mistake(answer: float, mistakes: list[tuple[float, str]]) -> str | None:
    """The message of the first anticipated mistake whose value the answer is :func:`near`, or None."""
    return next((message for value, message in mistakes if near(answer, value)), None)


def is_rounded(answer, right) -> bool:
    """True if every number of ``answer`` is the matching one of ``right`` rounded to 1–3 decimals or to
    1–3 significant figures (and at least one is not right to 4 decimals): "−0.07" for −0.0697."""
    a = np.atleast_1d(np.asarray(answer, dtype=float)).reshape(-1)
    b = np.atleast_1d(np.asarray(right, dtype=float)).reshape(-1)
    if a.shape != b.shape:
        return False
    some_off = False
    for v, r in zip(a, b):
        if abs(v - r) <= max(TOLERANCE, 3e-3 * abs(r)):
            continue
        some_off = True
        candidates = [round(r, d) for d in (0, 1, 2, 3)]
        if r != 0:
            e = math.floor(math.log10(abs(r)))
            candidates += [round(r, k - 1 - e) for k in (1, 2, 3)]
        if not any(abs(v - c) <= 1e-9 + 1e-9 * abs(c) for c in candidates if c != 0):
            return False
    return some_off
