"""Checks for notebook 01 (the neuron): a state and an activation by hand; NAND from one neuron."""
from __future__ import annotations

import math

import numpy as np

from .. import activations
from ..datasets.gates import GATES, INPUTS, gate_name
from .feedback import ROUNDED, Feedback, as_number, checker, close, register_hints, rounded, solutions_note

__all__ = ["EXERCISE_01_1", "check_state_and_activation", "check_nand_weights"]

SOLUTION = solutions_note("01_the_neuron")    # ends the last hint of every exercise

#: The neuron of exercise 01.1: two inputs, logistic activation.
EXERCISE_01_1 = {"w": (1.5, -2.0), "b": 0.5, "x": (1.0, 0.25)}

register_hints("01.1", [
    "First the state: multiply each input by its weight, add them up, and add the bias (the weight of the "
    "input that is always 1). Then the activation: y = σ(s) = 1 / (1 + e^(−s)).",
    "s = w1·x1 + w2·x2 + b·1 = 1.5·1.0 + (−2.0)·0.25 + 0.5·1. Then put that s into σ.",
    "s = 1.5 − 0.5 + 0.5 = 1.5 and y = 1 / (1 + e^(−1.5)). " + SOLUTION,
])

register_hints("01.2", [
    "NAND is 1 for (0,0), (0,1), (1,0) and 0 only for (1,1). Look at each pattern's state s: "
    "the neuron says 1 where s > 0 and 0 where s < 0.",
    "At (0,0) the state is just b, so b must be positive. At (1,1) it is w1 + w2 + b, which must be negative; "
    "but w1 + b and w2 + b must stay positive. Negative weights, positive bias.",
    "NAND is NOT AND: take AND's weights (e.g. w1 = w2 = 1, b = −1.5) and flip every sign: w1 = w2 = −1, b = 1.5 "
    "(bigger numbers, e.g. −10, −10, 15, make the outputs closer to 0 and 1). " + SOLUTION,
])

@checker("01.1")
def check_state_and_activation(s, y) -> Feedback:
    """Exercise 01.1: the state ``s`` and activation ``y`` of the neuron in :data:`EXERCISE_01_1`.

    ``s = Σ_i w_i x_i + b·1`` (Eq. 1.1), ``y = σ(s)`` (Eq. 1.2).  Names the usual mistakes:
    a forgotten bias, a sign error, ``y = s`` (no activation), tanh or ``1/(1 + e^{+s})`` instead of σ.
    """
    ex = "01.1"
    if (s is None or s is ...) and (y is None or y is ...):
        return Feedback(False, "fill in your values of s and y first (replace the ...)", ex)
    s = as_number(s, "s")
    y = as_number(y, "y")
    (w1, w2), b, (x1, x2) = EXERCISE_01_1["w"], EXERCISE_01_1["b"], EXERCISE_01_1["x"]
    right_s = w1 * x1 + w2 * x2 + b * 1.0
    right_y = float(activations.logistic(right_s))
    if not close(s, right_s):
        if (close(s, right_y) or rounded(s, right_y)) and (close(y, right_s) or rounded(y, right_s)):
            return Feedback(False, f"you swapped s and y: s = {right_s:.4f} is the state (the weighted sum) and "
                                   f"y = σ(s) = {right_y:.4f} the activation; write them in that order", ex)
        if close(s, w1 * x1 + w2 * x2):
            return Feedback(False, f"s = {s:.4f}: you forgot the bias; add b·1 = {b} (the input that is always 1)", ex)
        if close(s, w1 * x1 - w2 * x2 + b) or close(s, abs(w1) * x1 + abs(w2) * x2 + b):
            return Feedback(False, f"s = {s:.4f}: check the sign of w2 = {w2} (it pulls the state down)", ex)
        if close(s, w1 * x2 + w2 * x1 + b):
            return Feedback(False, f"s = {s:.4f}: you paired each weight with the other input; "
                                   f"w1 goes with x1, w2 with x2", ex)
        if rounded(s, right_s):
            return Feedback(False, f"s: {ROUNDED}", ex)
        return Feedback(False, f"s = {s:.4f} is not w1·x1 + w2·x2 + b·1; multiply, add, and add the bias", ex)
    if close(y, right_y):
        return Feedback(True, f"s = {right_s:.4f} and y = σ(s) = {right_y:.4f}", ex)
    if close(y, s):
        return Feedback(False, "you used s instead of f(s): the activation is y = σ(s) = 1 / (1 + e^(−s))", ex)
    if close(y, math.tanh(right_s)):
        return Feedback(False, f"y = {y:.4f} is tanh(s); this neuron is logistic: y = 1 / (1 + e^(−s))", ex)
    if close(y, 1.0 / (1.0 + math.exp(right_s))):
        return Feedback(False, f"y = {y:.4f} is 1 / (1 + e^(+s)): the exponent is −s, so y > 0.5 when s > 0", ex)
    if close(y, 1.0 / (1.0 + math.exp(-(w1 * x1 + w2 * x2)))):
        return Feedback(False, "your s is right, but y was computed without the bias; use y = σ(s) with the full s", ex)
    if rounded(y, right_y):
        return Feedback(False, f"s is right; y: {ROUNDED}", ex)
    return Feedback(False, f"s = {s:.4f} is right; y = {y:.4f} is not σ(s) = 1 / (1 + e^(−s))", ex)


@checker("01.2")
def check_nand_weights(w1, w2, b) -> Feedback:
    """Exercise 01.2: weights ``w1, w2`` and bias ``b`` that make one logistic neuron a NAND gate.

    A pattern counts as 1 when ``s > 0`` (``y > 0.5``).  A wrong answer names the gate the
    weights compute instead and the first pattern that comes out wrong, with its state.
    """
    ex = "01.2"
    if all(v is None or v is ... for v in (w1, w2, b)):
        return Feedback(False, "fill in w1, w2 and b first (replace the ...)", ex)
    w1, w2, b = as_number(w1, "w1"), as_number(w2, "w2"), as_number(b, "b")
    s = w1 * INPUTS[:, 0] + w2 * INPUTS[:, 1] + b
    y = activations.logistic(s)
    outs = " ".join(f"{v:.2f}" for v in y)
    target = GATES["NAND"]
    on_line = [k for k in range(4) if s[k] == 0]
    if on_line:
        k = on_line[0]
        return Feedback(False, f"at ({INPUTS[k, 0]:.0f},{INPUTS[k, 1]:.0f}) the state is exactly 0, so y = 0.50: "
                               "undecided. Move the line off the pattern (change b a little)", ex)
    bits = tuple(int(v > 0) for v in s)
    if bits == tuple(target):
        margin = "" if np.min(np.abs(y - 0.5)) > 0.2 else " (tip: larger weights push the outputs closer to 0 and 1)"
        return Feedback(True, f"outputs {outs} for (0,0) (0,1) (1,0) (1,1): NAND{margin}", ex)
    computes = gate_name(bits)
    wrong = [k for k in range(4) if bits[k] != target[k]]
    k = wrong[0]
    want = "above" if target[k] == 1 else "below"
    detail = (f"at ({INPUTS[k, 0]:.0f},{INPUTS[k, 1]:.0f}) s = {s[k]:.2f} gives y = {y[k]:.2f}, "
              f"but NAND needs y {want} 0.5")
    if computes == "AND":
        return Feedback(False, f"these weights compute AND, not NAND (outputs {outs}). NAND is NOT AND: "
                               "flip the signs of w1, w2 and b", ex)
    if k == 0:
        detail += " (at (0,0) the state is just b, so b must be positive)"
    if computes.startswith("always"):
        return Feedback(False, f"these weights give the same answer for every pattern ({computes}), not NAND "
                               f"(outputs {outs}); {detail}", ex)
    return Feedback(False, f"these weights compute {computes}, not NAND (outputs {outs}); {detail}", ex)
