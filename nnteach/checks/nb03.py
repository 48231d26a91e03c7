"""Checks for notebook 03 (feed-forward networks): a forward pass by hand; weights that solve XOR."""
from __future__ import annotations

import numpy as np

from .. import activations
from ..datasets.gates import GATES, INPUTS
from ._base import Feedback, close, register_hints
from .nb01 import _missing, gate_name

__all__ = ["EXERCISE_03_1", "check_forward_pass", "check_xor_weights"]

#: Exercise 03.1: the 2-2-1 network of math.md §9.1 (weights "to × from"), with a new input x.
EXERCISE_03_1 = {
    "W1": ((0.5, -0.4), (0.3, 0.8)),
    "b1": (0.1, -0.2),
    "W2": ((0.7, -0.6),),
    "b2": (0.05,),
    "x": (0.0, 1.0),
}

register_hints("03.1", [
    "Layer by layer: first the hidden states s_h = W1 @ x + b1, then y_h = σ(s_h); then the output "
    "s_o = W2 @ y_h + b2 and y_o = σ(s_o).",
    "Row j of W1 holds the weights *into* hidden unit j, so s_h1 = 0.5·x1 + (−0.4)·x2 + 0.1. The output "
    "unit gets the hidden *activations* y_h, not their states.",
    "s_h = (−0.3, 0.6), y_h = (σ(−0.3), σ(0.6)); s_o = 0.7·y_h1 − 0.6·y_h2 + 0.05. The solution is the "
    "collapsed cell under the exercise.",
])

register_hints("03.2", [
    "Let the hidden units split the work: each draws one line. XOR is 'OR but not AND'.",
    "Make h1 an OR (e.g. weights 5, 5, bias −2.5) and h2 an AND (5, 5, −7.5), as in notebook 01. The output "
    "should be on where h1 is on and h2 is off: a positive weight from h1, a negative one from h2.",
    "W1 = [[5, 5], [5, 5]], b1 = [−2.5, −7.5], W2 = [[5, −5]], b2 = [−2.5]. Try them in the explorer above. "
    "The solution is the collapsed cell under the exercise.",
])


def _vector(value, n: int, what: str) -> tuple[np.ndarray | None, str | None]:
    """The learner's ``n`` numbers as a flat array, or a message saying what is wrong with them."""
    try:
        a = np.asarray(value, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        return None, f"{what} must be numbers; got {value!r}"
    if a.size != n:
        return None, f"{what} must have {n} value{'s' if n > 1 else ''} (one per unit); got {a.size}"
    if not np.all(np.isfinite(a)):
        return None, f"{what} must be finite numbers"
    return a, None


def _fmt(a: np.ndarray) -> str:
    return "(" + ", ".join(f"{v:.4f}" for v in np.ravel(a)) + ")"


def check_forward_pass(s_h, y_h, s_o, y_o) -> Feedback:
    """Exercise 03.1: the forward pass of the §9.1 network for the input of :data:`EXERCISE_03_1`.

    Args:
        s_h, y_h: hidden states and activations, 2 values each.
        s_o, y_o: output state and activation, 1 value each.

    Each layer is ``s = W y + b``, ``y = σ(s)`` (notebook 03, Eqs. 3.1–3.2).

    Names the usual mistakes: W transposed, a forgotten bias, ``s`` passed on instead of ``y``,
    no activation function.
    """
    ex = "03.1"
    if _missing(s_h, y_h, s_o, y_o):
        return Feedback(False, "fill in s_h, y_h, s_o and y_o first (replace the ...)", ex)
    given = {}
    for value, n, what in ((s_h, 2, "s_h"), (y_h, 2, "y_h"), (s_o, 1, "s_o"), (y_o, 1, "y_o")):
        a, problem = _vector(value, n, what)
        if problem:
            return Feedback(False, problem, ex)
        given[what] = a
    W1, b1 = np.array(EXERCISE_03_1["W1"]), np.array(EXERCISE_03_1["b1"])
    W2, b2 = np.array(EXERCISE_03_1["W2"]), np.array(EXERCISE_03_1["b2"])
    x = np.array(EXERCISE_03_1["x"])
    f = activations.logistic
    right_sh = W1 @ x + b1
    right_yh = f(right_sh)
    right_so = W2 @ right_yh + b2
    right_yo = f(right_so)

    g = given["s_h"]
    if not close(g, right_sh):
        if close(g, W1.T @ x + b1) or close(g, W1.T @ x):
            return Feedback(False, f"s_h = {_fmt(g)}: you used W1 transposed. W1 is stored 'to × from': row j "
                                   "holds the weights into hidden unit j, so s_h = W1 @ x + b1", ex)
        if close(g, W1 @ x):
            return Feedback(False, f"s_h = {_fmt(g)}: you forgot the bias; s_h = W1 @ x + b1", ex)
        wrong = [k + 1 for k in range(2) if not close(g[k], right_sh[k])]
        return Feedback(False, f"s_h = {_fmt(g)}: s_h{wrong[0]} is off; s_hj = Σ_i w_ji x_i + b_j", ex)
    g = given["y_h"]
    if not close(g, right_yh):
        if close(g, right_sh):
            return Feedback(False, "y_h equals s_h: you used s instead of f(s); y_h = σ(s_h)", ex)
        if close(g, np.tanh(right_sh)):
            return Feedback(False, "y_h is tanh(s_h); the units of this network are logistic: y_h = σ(s_h)", ex)
        return Feedback(False, f"s_h is right; y_h = {_fmt(g)} is not σ(s_h) = 1 / (1 + e^(−s_h))", ex)
    g = given["s_o"]
    if not close(g, right_so):
        if close(g, W2 @ right_sh + b2):
            return Feedback(False, "s_o was computed from the hidden *states* s_h; the output unit receives the "
                                   "hidden *activations*: s_o = W2 @ y_h + b2", ex)
        if close(g, W2 @ right_yh):
            return Feedback(False, "you forgot the output unit's bias: s_o = W2 @ y_h + b2", ex)
        if close(g, W2 @ x + b2):
            return Feedback(False, "s_o was computed from the inputs x; the output unit receives y_h", ex)
        return Feedback(False, f"s_h and y_h are right; s_o = {_fmt(g)} is not W2 @ y_h + b2", ex)
    g = given["y_o"]
    if not close(g, right_yo):
        if close(g, right_so):
            return Feedback(False, "y_o equals s_o: you used s instead of f(s); y_o = σ(s_o)", ex)
        return Feedback(False, f"everything up to s_o is right; y_o = {_fmt(g)} is not σ(s_o)", ex)
    return Feedback(True, f"s_h = {_fmt(right_sh)}, y_h = {_fmt(right_yh)}, s_o = {right_so[0]:.4f}, "
                          f"y_o = {right_yo[0]:.4f}", ex)


def _same_line(a: np.ndarray, b: np.ndarray) -> bool:
    """True if the rows ``(w1, w2, b)`` describe the same line with the same 'on' side."""
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    return na > 0 and nb > 0 and bool(np.allclose(a / na, b / nb, atol=1e-6))


def check_xor_weights(W1, b1, W2, b2) -> Feedback:
    """Exercise 03.2: weights of a 2-2-1 logistic network that solve XOR.

    Args:
        W1: hidden weights, shape (2, 2), "to × from" (``W1[j, i] = w_ji``).
        b1: hidden biases, shape (2,).
        W2: output weights, shape (1, 2) (or (2,)).
        b2: output bias, shape (1,) (or a number).

    Solved when all four outputs are on the right side of 0.5.  A wrong answer says which
    patterns fail, what each hidden unit computes, and what to change.
    """
    ex = "03.2"
    if _missing(W1, b1, W2, b2):
        return Feedback(False, "fill in W1, b1, W2 and b2 first (replace the ...)", ex)
    arrays = {}
    for value, shape, what in ((W1, (2, 2), "W1"), (b1, (2,), "b1"), (W2, (1, 2), "W2"), (b2, (1,), "b2")):
        try:
            a = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            return Feedback(False, f"{what} must be an array of numbers of shape {shape}; got {value!r}", ex)
        if a.size == int(np.prod(shape)) and what in ("W2", "b2"):
            a = a.reshape(shape)
        if a.shape != shape:
            extra = " ('to × from': row j holds the weights into hidden unit j)" if what == "W1" else ""
            return Feedback(False, f"{what} must have shape {shape}{extra}; got {a.shape}", ex)
        if not np.all(np.isfinite(a)):
            return Feedback(False, f"{what} must be finite numbers", ex)
        arrays[what] = a
    W1, b1, W2, b2 = arrays["W1"], arrays["b1"], arrays["W2"], arrays["b2"]
    f = activations.logistic
    s_h = INPUTS @ W1.T + b1
    y_h = f(s_h)
    s_o = (y_h @ W2.T + b2)[:, 0]
    y_o = f(s_o)
    target = np.array(GATES["XOR"])
    outs = " ".join(f"{v:.2f}" for v in y_o)
    right = np.where(target == 1, s_o > 0, s_o < 0)
    hidden = [gate_name((s_h[:, k] > 0).astype(int)) for k in range(2)]
    if right.all():
        return Feedback(True, f"outputs {outs} for (0,0) (0,1) (1,0) (1,1): XOR, with h1 = {hidden[0]} and "
                              f"h2 = {hidden[1]} combined by the output unit", ex)
    wrong = [f"({INPUTS[k, 0]:.0f},{INPUTS[k, 1]:.0f})" for k in range(4) if not right[k]]
    head = f"outputs {outs}; wrong at {', '.join(wrong)}"
    rows = np.column_stack([W1, b1])
    if _same_line(rows[0], rows[1]):
        return Feedback(False, f"{head}. Both hidden units draw the same line ({hidden[0]}), so the output sees "
                               "one line twice, and one line cannot cut out XOR. Give h2 a different line", ex)
    for k in range(2):
        if not np.any(W1[k]):
            return Feedback(False, f"{head}. h{k + 1} has no weights from the inputs, so it is constant: it "
                                   "cannot help. Give it a line of its own", ex)
    computes = gate_name((s_o > 0).astype(int))
    advice = {frozenset({"OR", "AND"}): "on where the OR unit is on and the AND unit is off",
              frozenset({"OR", "NAND"}): "on where both are on (an AND of the two)",
              frozenset({"NOR", "AND"}): "on where both are off (a NOR of the two)",
              frozenset({"NOR", "NAND"}): "on where the NAND unit is on and the NOR unit is off"}
    tip = advice.get(frozenset(hidden))
    if tip:
        return Feedback(False, f"{head}. Your hidden units are fine (h1 = {hidden[0]}, h2 = {hidden[1]}), but the "
                               f"output unit computes {computes} from them. Change W2 and b2 so that it is {tip}",
                        ex)
    return Feedback(False, f"{head}. The network computes {computes}, not XOR; its hidden units compute "
                           f"h1 = {hidden[0]} and h2 = {hidden[1]}. Try one hidden unit as OR and one as AND", ex)
