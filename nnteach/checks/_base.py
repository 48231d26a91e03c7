"""What every exercise check returns, and the graded hints (private plumbing).

A check function compares a learner's answer with the right one and returns a
:class:`Feedback`.  Displayed in a notebook it prints one line that says
*specifically* what is wrong ("your δ is missing the factor f'(s)"), and it
evaluates to True/False in an ``if``/``assert``.  Hints are graded: ask again for
a stronger one, the last one names the solution cell.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__: list[str] = []  # private; the public check functions live in the per-notebook modules

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
    """Register the graded hints of an exercise (weakest first; the last names the solution cell)."""
    _HINTS[exercise] = list(hints)


def hint(exercise: str) -> None:
    """Print the next hint for ``exercise``; each call gives a stronger one.  Returns None."""
    print(next_hint(exercise))


def next_hint(exercise: str) -> str:
    """The next hint for ``exercise`` as text, e.g. ``"Hint 1/3: …"`` (each call a stronger one)."""
    if exercise not in _HINTS:
        raise ValueError(f"no exercise {exercise!r}; expected one of {', '.join(map(repr, sorted(_HINTS)))}")
    k = _HINTS_GIVEN.get(exercise, 0)
    hints = _HINTS[exercise]
    text = hints[min(k, len(hints) - 1)]
    _HINTS_GIVEN[exercise] = k + 1
    return f"Hint {min(k, len(hints) - 1) + 1}/{len(hints)}: {text}"


def as_array(answer, what: str) -> np.ndarray:
    """The learner's answer as a float array, with a readable error for non-numbers."""
    try:
        return np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a number or an array of numbers; got {answer!r}") from None


def close(a, b, tol: float = 1e-3) -> bool:
    """True if ``a`` and ``b`` agree to ``tol`` (absolute, or relative for large values)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=tol, atol=tol))
