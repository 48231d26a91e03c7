"""Checks for notebook 03 (feed-forward networks): a forward pass by hand; weights that solve XOR."""
from __future__ import annotations

import numpy as np

from .. import activations
from ..datasets.gates import GATES, INPUTS, gate_name
from ..datasets.worked_example import worked_params
from ..formatting import vector
from ..perceptron import two_layer_forward
from .feedback import (ROUNDED, AnswerError, Feedback, as_array, as_vector, checker, close, register_hints, rounded,
                       solutions_note)

__all__ = ["EXERCISE_03_1", "check_forward_pass", "check_xor_weights"]

SOLUTION = solutions_note("03_feedforward_networks")    # ends the last hint of every exercise

#: Exercise 03.1: the 2-2-1 network of math.md §9.1 (notebook 03's worked example), with a new input x.
EXERCISE_03_1 = {key: tuple(tuple(row) if isinstance(row, list) else row for row in value.tolist())
                 for key, value in worked_params().items()}
EXERCISE_03_1["x"] = (0.0, 1.0)

register_hints("03.1", [
    "Layer by layer: first the hidden states s_h = W1 @ x + b1, then y_h = σ(s_h); then the output "
    "s_o = W2 @ y_h + b2 and y_o = σ(s_o).",
    "Row j of W1 holds the weights *into* hidden unit j, so s_h1 = 0.5·x1 + (−0.4)·x2 + 0.1. The output "
    "unit gets the hidden *activations* y_h, not their states.",
    "s_h = (−0.3, 0.6), y_h = (σ(−0.3), σ(0.6)); s_o = 0.7·y_h1 − 0.6·y_h2 + 0.05. " + SOLUTION,
])

register_hints("03.2", [
    "Let the hidden units split the work: each draws one line. XOR is 1 where the inputs are 'not both 0' "
    "(OR) and also 'not both 1' (NAND): XOR = (x1 OR x2) AND (x1 NAND x2).",
    "Make h1 an OR (e.g. weights 5, 5, bias −2.5) and h2 a NAND: NAND is NOT AND, so flip every sign of an "
    "AND unit (5, 5, −7.5). The output must be on only where both hidden units are on: an AND of h1 and h2, "
    "with positive weights from both.",
    "h1 = OR: weights (5, 5), bias −2.5. h2 = NAND: weights (−5, −5), bias 7.5. Output = AND of h1 and h2: "
    "weights (5, 5), bias −7.5. In nnteach's shapes W1 is 2 × 2 with one row per hidden unit. Try them in "
    "the explorer above. " + SOLUTION,
])


#: The input of notebook 03's sections 2-3 (learners sometimes keep it for Exercise 03.1).
OLD_INPUT_03 = (0.8, 0.2)
_MATMUL = ("A layer needs the matrix product s_h = W1 @ x + b1: row j of W1 times x, summed, is hidden unit j's "
           "state Σ_i w_ji x_i")


@checker("03.1")
def check_forward_pass(s_h, y_h, s_o, y_o) -> Feedback:
    """Exercise 03.1: the forward pass of the math.md §9.1 network for the input of :data:`EXERCISE_03_1`.

    Args:
        s_h, y_h: hidden states and activations, 2 values each.
        s_o, y_o: output state and activation, 1 value each.

    Each layer is ``s = W y + b``, ``y = σ(s)`` (notebook 03, Eqs. 3.1–3.2).

    Names the usual mistakes: W transposed, a forgotten bias, ``s`` passed on instead of ``y``,
    no activation function.
    """
    ex = "03.1"
    if all(v is None or v is ... for v in (s_h, y_h, s_o, y_o)):
        return Feedback(False, "fill in s_h, y_h, s_o and y_o first (replace the ...)", ex)
    W1, b1 = np.array(EXERCISE_03_1["W1"]), np.array(EXERCISE_03_1["b1"])
    W2, b2 = np.array(EXERCISE_03_1["W2"]), np.array(EXERCISE_03_1["b2"])
    x = np.array(EXERCISE_03_1["x"])
    given = {}
    for value, n, what in ((s_h, 2, "s_h"), (y_h, 2, "y_h"), (s_o, 1, "s_o"), (y_o, 1, "y_o")):
        unit = "2 values (one per hidden unit)" if n == 2 else "1 value"
        if what == "s_h" and value is not None and value is not ...:
            a = as_array(value, what)
            if a.size == 4 and any(close(a.reshape(2, 2), c) for c in (W1 * x, W1 * x + b1, W1 * x + b1[:, None])):
                return Feedback(False, f"s_h has 4 values: W1 * x multiplies element by element (a 2 × 2 table). "
                                       f"{_MATMUL}", ex)
        try:
            given[what] = as_vector(value, n, what)
        except AnswerError as exc:
            if "must hold" in str(exc):
                raise AnswerError(f"{what} must have {unit}; you gave {as_array(value, what).size}") from None
            raise
    f = activations.logistic
    right_sh = W1 @ x + b1
    right_yh = f(right_sh)
    right_so = W2 @ right_yh + b2
    right_yo = f(right_so)

    g = given["s_h"]
    if not close(g, right_sh):
        if close(g, W1.T @ x + b1) or close(g, W1.T @ x):
            return Feedback(False, f"s_h = {vector(g)}: you used W1 transposed. W1 is stored 'to × from': row j "
                                   "holds the weights into hidden unit j, so s_h = W1 @ x + b1", ex)
        if close(g, W1 @ x):
            return Feedback(False, f"s_h = {vector(g)}: you forgot the bias; s_h = W1 @ x + b1", ex)
        old_x = np.array(OLD_INPUT_03)
        if close(g, W1 @ old_x + b1) or close(g, W1.T @ old_x + b1):
            return Feedback(False, f"s_h = {vector(g)} belongs to section 2's input x = (0.8, 0.2); this exercise "
                                   f"uses the new input x = (0, 1): set x = np.array([0.0, 1.0]) first", ex)
        elementwise = [(W1 * x).sum(axis=0) + b1, (W1 * x).sum(axis=0), np.diag(W1) * x + b1, np.diag(W1) * x,
                       W1[0] * x + b1, W1[:, 0] * x + b1, (W1 * x)[0] + b1, (W1 * x)[:, 0] + b1]
        if any(close(g, c) for c in elementwise):
            return Feedback(False, f"s_h = {vector(g)}: that comes from multiplying W1 and x element by element "
                                   f"(W1 * x). {_MATMUL}", ex)
        if rounded(g, right_sh):
            return Feedback(False, f"s_h: {ROUNDED}", ex)
        wrong = [k + 1 for k in range(2) if not close(g[k], right_sh[k])]
        return Feedback(False, f"s_h = {vector(g)}: s_h{wrong[0]} is off; s_hj = Σ_i w_ji x_i + b_j", ex)
    g = given["y_h"]
    if not close(g, right_yh):
        if close(g, right_sh):
            return Feedback(False, "y_h equals s_h: you used s instead of f(s); y_h = σ(s_h)", ex)
        if close(g, np.tanh(right_sh)):
            return Feedback(False, "y_h is tanh(s_h); the units of this network are logistic: y_h = σ(s_h)", ex)
        if rounded(g, right_yh):
            return Feedback(False, f"s_h is right; y_h: {ROUNDED}", ex)
        return Feedback(False, f"s_h is right; y_h = {vector(g)} is not σ(s_h) = 1 / (1 + e^(−s_h))", ex)
    g = given["s_o"]
    if not close(g, right_so):
        if close(g, W2 @ right_sh + b2):
            return Feedback(False, "s_o was computed from the hidden *states* s_h; the output unit receives the "
                                   "hidden *activations*: s_o = W2 @ y_h + b2", ex)
        if close(g, W2 @ right_yh):
            return Feedback(False, "you forgot the output unit's bias: s_o = W2 @ y_h + b2", ex)
        if close(g, W2 @ x + b2):
            return Feedback(False, "s_o was computed from the inputs x; the output unit receives y_h", ex)
        if rounded(g, right_so):
            return Feedback(False, f"s_h and y_h are right; s_o: {ROUNDED}", ex)
        return Feedback(False, f"s_h and y_h are right; s_o = {vector(g)} is not W2 @ y_h + b2", ex)
    g = given["y_o"]
    if not close(g, right_yo):
        if close(g, right_so):
            return Feedback(False, "y_o equals s_o: you used s instead of f(s); y_o = σ(s_o)", ex)
        if rounded(g, right_yo):
            return Feedback(False, f"everything up to s_o is right; y_o: {ROUNDED}", ex)
        return Feedback(False, f"everything up to s_o is right; y_o = {vector(g)} is not σ(s_o)", ex)
    return Feedback(True, f"s_h = {vector(right_sh)}, y_h = {vector(right_yh)}, s_o = {right_so[0]:.4f}, "
                          f"y_o = {right_yo[0]:.4f}", ex)


def _same_line(a: np.ndarray, b: np.ndarray) -> bool:
    """True if the rows ``(w1, w2, b)`` describe the same line with the same 'on' side."""
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    return na > 0 and nb > 0 and bool(np.allclose(a / na, b / nb, atol=1e-6))


#: What Exercise 03.2 asks for, and the hidden layer of section 4 it must not reuse.
WANTED_HIDDEN = frozenset({"OR", "NAND"})
SECTION_4_HIDDEN = frozenset({"OR", "AND"})
_GATE_WORDS = {"OR": "OR (on unless both inputs are 0)", "NAND": "NAND (on unless both inputs are 1)"}


@checker("03.2")
def check_xor_weights(W1, b1, W2, b2) -> Feedback:
    """Exercise 03.2: weights of a 2-2-1 logistic network that solve XOR with h1 = OR and h2 = NAND.

    Args:
        W1: hidden weights, shape (2, 2), "to × from" (``W1[j, i] = w_ji``).
        b1: hidden biases, shape (2,).
        W2: output weights, shape (1, 2) (or (2,)).
        b2: output bias, shape (1,) (or a number).

    Solved when all four outputs are on the right side of 0.5 **and** the hidden layer is an
    OR and a NAND unit (in either order).  Section 4's OR/AND hidden layer is named as such and
    not accepted; a wrong answer says which patterns fail, what each hidden unit computes, and
    what to change.
    """
    ex = "03.2"
    if all(v is None or v is ... for v in (W1, b1, W2, b2)):
        return Feedback(False, "fill in W1, b1, W2 and b2 first (replace the ...)", ex)
    arrays = {}
    for value, shape, what in ((W1, (2, 2), "W1"), (b1, (2,), "b1"), (W2, (1, 2), "W2"), (b2, (1,), "b2")):
        a = as_array(value, what)
        if a.size == int(np.prod(shape)) and what in ("W2", "b2", "b1"):
            a = a.reshape(shape)
        if a.shape != shape:
            extra = " ('to × from': row j holds the weights into hidden unit j)" if what == "W1" else ""
            raise AnswerError(f"{what} must have shape {shape}{extra}; you gave shape {a.shape}")
        arrays[what] = a
    W1, b1, W2, b2 = arrays["W1"], arrays["b1"], arrays["W2"], arrays["b2"]
    s_h, y_h, s_o, y_o = two_layer_forward(W1, b1, W2, b2, INPUTS)
    target = np.array(GATES["XOR"])
    outs = " ".join(f"{v:.2f}" for v in y_o)
    right = np.where(target == 1, s_o > 0, s_o < 0)
    hidden = _hidden_gates(W1, b1)
    pair = frozenset(hidden)
    units = f"h1 = {hidden[0]}, h2 = {hidden[1]}"
    if right.all():
        if pair == WANTED_HIDDEN:
            order = "" if hidden == ["OR", "NAND"] else " (the other order than asked, which works just as well)"
            return Feedback(True, f"outputs {outs} for (0,0) (0,1) (1,0) (1,1): XOR, with {units}{order}, "
                                  "combined by the output unit as an AND", ex)
        if pair == SECTION_4_HIDDEN:
            return Feedback(False, f"outputs {outs}: that is XOR, but it is section 4's solution ({units}). "
                                   "This exercise asks for a different hidden layer: h1 = OR and h2 = NAND. "
                                   "NAND is NOT AND: flip the signs of h2's weights and bias, then change the "
                                   "output unit so that it is on only where both hidden units are on", ex)
        return Feedback(False, f"outputs {outs}: that is XOR, but with {units}. This exercise asks for "
                               "h1 = OR and h2 = NAND; " + _fix_units(hidden), ex)
    wrong = [f"({INPUTS[k, 0]:.0f},{INPUTS[k, 1]:.0f})" for k in range(4) if not right[k]]
    head = f"outputs {outs}; wrong at {', '.join(wrong)}"
    if pair != WANTED_HIDDEN and _hidden_gates(W1.T, b1) in (["OR", "NAND"], ["NAND", "OR"]):
        return Feedback(False, f"{head}. W1 looks transposed: with W1.T the hidden units would be OR and NAND, "
                               f"but as given they compute {units}. W1 is 'to × from': row j holds the weights "
                               "into hidden unit j, W1 = [[w_h1x1, w_h1x2], [w_h2x1, w_h2x2]]", ex)
    rows = np.column_stack([W1, b1])
    if _same_line(rows[0], rows[1]):
        return Feedback(False, f"{head}. Both hidden units draw the same line ({hidden[0]}), so the output sees "
                               "one line twice, and one line cannot cut out XOR. Make h1 an OR and h2 a NAND", ex)
    for k in range(2):
        if not np.any(W1[k]):
            return Feedback(False, f"{head}. h{k + 1} has no weights from the inputs, so it is constant: it "
                                   "cannot help. Give it a line of its own", ex)
    computes = gate_name((s_o > 0).astype(int))
    if pair == WANTED_HIDDEN:
        of_h = _output_gate(W2, b2)
        overall = f"x1 {computes} x2" if computes in GATES else computes
        if of_h == "h1 AND h2":
            return Feedback(False, f"{head}. Your hidden units are right ({units}) and the output unit is an AND "
                                   "of h1 and h2, but the hidden outputs are not close enough to 0 and 1 "
                                   f"(y_h for (0,0): {vector(y_h[0])}): make the hidden weights and biases larger, "
                                   "e.g. ±5 instead of ±1", ex)
        return Feedback(False, f"{head}. Your hidden units are right ({units}), but from them the output unit "
                               f"computes {of_h}, so the network computes {overall}. XOR is on exactly where "
                               "both hidden units are on: make the output h1 AND h2 (positive weights from "
                               "both, a bias so negative that one unit alone is not enough)", ex)
    if pair == SECTION_4_HIDDEN:
        return Feedback(False, f"{head}. Your hidden units ({units}) are section 4's; this exercise asks for "
                               "h1 = OR and h2 = NAND. NAND is NOT AND: flip the signs of the AND unit's weights "
                               "and bias", ex)
    return Feedback(False, f"{head}. The network computes {computes}, not XOR; its hidden units compute "
                           f"{units}. " + _capitalised(_fix_units(hidden)), ex)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _hidden_gates(W1: np.ndarray, b1: np.ndarray) -> list[str]:
    """The gate each hidden unit computes (its state > 0) on the four input patterns."""
    s_h = INPUTS @ W1.T + b1
    return [gate_name((s_h[:, k] > 0).astype(int)) for k in range(2)]


def _output_gate(W2: np.ndarray, b2: np.ndarray) -> str:
    """The function of (h1, h2) the output unit computes for ideal hidden outputs 0/1, e.g. "h1 AND NOT h2"."""
    s = INPUTS @ W2.reshape(1, 2).T + b2.reshape(1)
    name = gate_name((s[:, 0] > 0).astype(int))
    if name in GATES:
        return f"h1 {name} h2"
    return name.replace("x1", "h1").replace("x2", "h2").replace("inputs", "hidden units")


def _fix_units(hidden: list[str]) -> str:
    """What to change in the hidden layer to get h1 = OR, h2 = NAND (either order is fine)."""
    if "OR" in hidden and "NAND" not in hidden:
        k = 2 if hidden[0] == "OR" else 1
        return f"make h{k} a {_GATE_WORDS['NAND']}: negative weights, positive bias"
    if "NAND" in hidden and "OR" not in hidden:
        k = 2 if hidden[0] == "NAND" else 1
        return f"make h{k} an {_GATE_WORDS['OR']}: positive weights, a small negative bias"
    return (f"make h1 an {_GATE_WORDS['OR']} and h2 a {_GATE_WORDS['NAND']}; try them one at a time in the "
            "explorer")
