"""Checks for notebook 02 (activation functions): f'(s) written from y; where the slope is largest."""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import activations
from ..formatting import code
from .feedback import ROUNDED, Feedback, as_number, checker, close, register_hints, rounded, solutions_note

__all__ = ["EXERCISE_02_2", "check_derivatives", "check_steepest"]

SOLUTION = solutions_note("02_activation_functions")    # ends the last hint of every exercise

#: The neuron of exercise 02.2: one input x, weight w, bias b, logistic: y = σ(w x + b).
EXERCISE_02_2 = {"w": 2.0, "b": -3.0}

register_hints("02.1", [
    "Each function gets the output y (not s) and returns the slope f'(s). Use only y, + − ×, no exp.",
    "Logistic: σ'(s) = σ(s) (1 − σ(s)); and σ(s) is y. tanh: tanh'(s) = 1 − tanh(s)²; and tanh(s) is y.",
    "return y * (1 - y) for the logistic, return 1 - y**2 for tanh. " + SOLUTION,
])

register_hints("02.2", [
    "A logistic unit is steepest where its output is 0.5, that is where its state is 0. Here the state is "
    "s = 2x − 3.",
    "The state 2x − 3 is 0 at x = 1.5. The slope dy/dx is σ'(s) · ds/dx (chain rule), and ds/dx = w = 2.",
    "x = 1.5 and dy/dx = 2 · σ'(0) = 2 · 0.25 = 0.5. " + SOLUTION,
])

_Y_LOGISTIC = np.array([0.05, 0.2, 0.5, 0.7, 0.9])
_Y_TANH = np.array([-0.9, -0.4, 0.0, 0.3, 0.8])


_NOT_A_LIST = "return a number (or an array for an array), not a list: write the formula itself, without [ ]"


def _call(fn: Callable, arg, name: str):
    """``fn(arg)`` as a float array, or the message saying why it is not one (never raises)."""
    try:
        out = fn(arg)
    except Exception as exc:  # noqa: BLE001 - the learner's code may raise anything; say what
        return None, f"{name}({code(arg)}) raised {type(exc).__name__}: {exc}"
    if out is ...:
        return None, f"fill in {name}: replace the ... with a formula in y"
    if out is None:
        return None, f"your function {name} returned None — did you forget `return`? (write: return <formula in y>)"
    if isinstance(out, str):
        return None, f"{name} returned the text {out!r}; return a number: a formula in y, without quotes"
    if isinstance(out, (list, tuple)):
        return None, f"{name}({code(arg)}) returned a {type(out).__name__}; {_NOT_A_LIST}"
    try:
        return np.asarray(out, dtype=float), None
    except (TypeError, ValueError):
        return None, f"{name}({code(arg)}) returned {out!r}; return a number (a formula in y)"


def _evaluate(fn: Callable, ys: np.ndarray, name: str) -> tuple[np.ndarray | None, str | None]:
    """``fn`` at every ``y``, one float at a time; or the message saying why not."""
    if fn is None or fn is ...:
        return None, f"fill in {name} first: def {name}(y): return <a formula in y>"
    if not callable(fn):
        return None, f"{name} must be a function of y (def {name}(y): return ...); got {fn!r}"
    outs = []
    for v in ys:
        out, problem = _call(fn, float(v), name)
        if problem:
            return None, problem
        if out.size != 1:
            return None, (f"{name}({v:g}) returned {out.size} values; for one number y it should return one "
                          "number, the slope")
        outs.append(float(out.reshape(-1)[0]))
    return np.array(outs), None


def _evaluate_array(fn: Callable, ys: np.ndarray, expected: np.ndarray, name: str) -> str | None:
    """None if ``fn`` also works on a whole numpy array of ``y``; else what goes wrong."""
    out, problem = _call(fn, ys.copy(), name)
    use = ("it gets a numpy array as well as a number: use only arithmetic (+ − * **) on y, no `if`, "
           "math functions or float()")
    if problem:
        if "raised" in problem:
            return f"{name} works for one number, but {problem}: {use}"
        return problem
    if out.shape != ys.shape:
        return (f"{name}({code(ys)}) returned shape {out.shape}, not one slope per value {ys.shape}: {use}")
    if not np.allclose(out, expected, atol=1e-6):
        k = int(np.argmax(~np.isclose(out, expected, atol=1e-6)))
        return (f"{name} gives {expected[k]:.4f} for y = {ys[k]:g} alone but {out[k]:.4f} for that y inside an "
                f"array: {use}")
    return None


def _diagnose(out: np.ndarray, ys: np.ndarray, name: str, kind: str) -> Feedback:
    ex = "02.1"
    logistic = ys * (1 - ys)
    tanh = 1 - ys ** 2
    if kind == "logistic":
        if np.allclose(out, logistic, atol=1e-6):
            return Feedback(True, f"{name}(y) = y(1 − y)", ex)
        if np.allclose(out, tanh, atol=1e-6):
            return Feedback(False, "your f'(s) for logistic is 1 − y² (that's tanh); the logistic's is y(1 − y)", ex)
        sig = activations.logistic(ys)
        if np.allclose(out, sig * (1 - sig), atol=1e-6):
            return Feedback(False, f"{name} puts y through σ again: it gets y = σ(s) already, so use y(1 − y) directly",
                            ex)
        if np.allclose(out, 1 - ys, atol=1e-6):
            return Feedback(False, f"{name} returns 1 − y: the factor y is missing, σ'(s) = y(1 − y)", ex)
        if rounded(out, logistic):
            return Feedback(False, f"{name}: {ROUNDED}", ex)
        return Feedback(False, _first_wrong(out, logistic, ys, name) + ". σ'(s) = σ(s)(1 − σ(s)), written with "
                               "y = σ(s), is largest, 0.25, at y = 0.5", ex)
    if np.allclose(out, tanh, atol=1e-6):
        return Feedback(True, f"{name}(y) = 1 − y²", ex)
    if np.allclose(out, logistic, atol=1e-6):
        return Feedback(False, "your f'(s) for tanh is y(1 − y) (that's the logistic's); tanh's is 1 − y²", ex)
    if np.allclose(out, 1 - np.tanh(ys) ** 2, atol=1e-6):
        return Feedback(False, f"{name} puts y through tanh again: it gets y = tanh(s) already, so use 1 − y²", ex)
    if np.allclose(out, 1 - ys, atol=1e-6):
        return Feedback(False, f"{name} returns 1 − y: square y, tanh'(s) = 1 − y²", ex)
    if np.allclose(out, (1 - ys) ** 2, atol=1e-6):
        return Feedback(False, f"{name} returns (1 − y)²: only y is squared, tanh'(s) = 1 − y²", ex)
    if np.allclose(out, 1 + ys ** 2, atol=1e-6):
        return Feedback(False, f"{name} returns 1 + y²: it is 1 − y² (the slope gets smaller as |y| grows)", ex)
    if rounded(out, tanh):
        return Feedback(False, f"{name}: {ROUNDED}", ex)
    return Feedback(False, _first_wrong(out, tanh, ys, name) + ". tanh'(s) = 1 − tanh(s)², written with "
                           "y = tanh(s), is largest, 1, at y = 0", ex)


def _first_wrong(out: np.ndarray, right: np.ndarray, ys: np.ndarray, name: str) -> str:
    """"name(y) should be …; yours gives …" for the first ``y`` where ``out`` is not right."""
    k = int(np.argmax(~np.isclose(out, right, atol=1e-6)))
    return f"{name}({ys[k]:g}) should be {right[k]:.4f}; yours gives {out[k]:.4f}"


@checker("02.1")
def check_derivatives(logistic_df: Callable, tanh_df: Callable) -> Feedback:
    """Exercise 02.1: two functions of the output ``y`` that return the slope ``f'(s)``.

    ``logistic_df(y)`` must give ``y (1 − y)`` (Eq. 2.2) and ``tanh_df(y)`` ``1 − y²`` (Eq. 2.4).
    Each is called on a few values of ``y``, one float at a time and then as one numpy array (the
    exercise promises "a number or a numpy array"): an ``if y < …`` or ``math.…`` that only works for
    numbers gets its own message.
    """
    ex = "02.1"
    for fn, name, ys, kind in ((logistic_df, "logistic_df", _Y_LOGISTIC, "logistic"),
                               (tanh_df, "tanh_df", _Y_TANH, "tanh")):
        out, problem = _evaluate(fn, ys, name)
        if problem:
            return Feedback(False, problem, ex)
        fb = _diagnose(out, ys, name, kind)
        if not fb.ok:
            return fb
        problem = _evaluate_array(fn, ys, out, name)
        if problem:
            return Feedback(False, problem, ex)
    return Feedback(True, "logistic_df(y) = y(1 − y) and tanh_df(y) = 1 − y²: slopes straight from the outputs", ex)


@checker("02.2")
def check_steepest(x, slope) -> Feedback:
    """Exercise 02.2: where ``y = σ(2x − 3)`` is steepest (``x``) and its slope ``dy/dx`` there.

    Right: the state ``2x − 3`` is 0 at ``x = 1.5``; ``dy/dx = w σ'(0) = 2 · 0.25 = 0.5`` (chain rule).
    """
    ex = "02.2"
    if (x is None or x is ...) and (slope is None or slope is ...):
        return Feedback(False, "fill in your x and slope first (replace the ...)", ex)
    x = as_number(x, "x")
    slope = as_number(slope, "slope")
    w, b = EXERCISE_02_2["w"], EXERCISE_02_2["b"]
    x_star = -b / w
    slope_star = w * 0.25
    if not close(x, x_star):
        if close(x, b / w):
            return Feedback(False, f"x = {x:.2f}: check the sign; the state 2x − 3 is zero at x = +1.5", ex)
        if close(x, -b):
            return Feedback(False, f"x = {x:.2f} makes the state 2x − 3 = {w * x + b:.1f}, not 0: divide by the weight", ex)
        if close(x, 0.0):
            return Feedback(False, "x = 0 is where the *input* is 0; the slope is largest where the *state* "
                                   "s = 2x − 3 is 0", ex)
        if rounded(x, x_star):
            return Feedback(False, f"x: {ROUNDED}", ex)
        return Feedback(False, f"at x = {x:.2f} the state is s = {w * x + b:.2f}; the logistic is steepest where s = 0", ex)
    if close(slope, slope_star):
        return Feedback(True, f"steepest at x = {x_star:.2f} (where s = 0, y = 0.5), slope w·σ'(0) = "
                              f"{w:.0f}·0.25 = {slope_star:.4f}", ex)
    if close(slope, 0.25):
        return Feedback(False, "x is right; the slope 0.25 is σ'(s) alone. You forgot the chain-rule factor "
                               "ds/dx = w = 2", ex)
    if close(slope, 0.125):
        return Feedback(False, "x is right; you divided σ'(0) = 0.25 by w: the chain rule multiplies, dy/dx = w·σ'(s)",
                        ex)
    if slope < 0:
        return Feedback(False, f"x is right; slope = {slope:.4f} is negative, but y = σ(2x − 3) rises with x "
                               "(σ is increasing and w = 2 > 0), so dy/dx is positive", ex)
    if close(slope, w):
        return Feedback(False, f"x is right; slope = {slope:.4f} is the factor w = ds/dx alone: you left out "
                               "σ'(0) = y(1 − y) = 0.25 at y = 0.5. The chain rule gives dy/dx = w · σ'(s)", ex)
    if close(slope, 1.0):
        return Feedback(False, "x is right; that slope belongs to tanh (tanh'(0) = 1). The logistic's is "
                               "σ'(0) = y(1 − y) = 0.25 at y = 0.5, times w", ex)
    if rounded(slope, slope_star):
        return Feedback(False, f"x is right; slope: {ROUNDED}", ex)
    return Feedback(False, "x is right; the slope there is dy/dx = w · σ'(s), with σ'(0) = y(1 − y) at y = 0.5", ex)
