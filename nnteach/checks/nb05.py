"""Checks for the exercises of notebook 05 (backpropagation).

* 05.1a :func:`check_output_delta`, 05.1b :func:`check_hidden_delta`: δ_o and δ_h1 of the worked example
  (math.md §9.1).
* 05.2 :func:`check_weight_update`: the output weights after one delta-rule step.
* 05.3 :func:`check_backward`: a learner's backward function for a 2-2-1 network, checked against
  central differences with :mod:`nnteach.gradcheck` (per-parameter verdicts) and diagnosed.

The reference numbers are those of :mod:`nnteach.datasets.worked_example` (plain floats, no model
code), so that a bug in the models cannot hide a wrong answer.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import gradcheck
from ..datasets.worked_example import ENDS, WORKED_WEIGHTS, worked_pass
from ..formatting import plain
from ..validation import check_seed
from .feedback import (ROUNDED, AnswerError, Feedback, as_array, as_number, as_vector, checker, is_rounded, near,
                       register_hints, solutions_note)

__all__ = ["check_output_delta", "check_hidden_delta", "check_weight_update", "check_backward",
           "tiny_forward", "tiny_loss"]

SOLUTION = solutions_note("05_backpropagation")    # ends the last hint of every exercise

register_hints("05.1a", [
    "δ = −∂E/∂s: how much the error would drop per unit increase of the unit's state s.",
    "Output unit, MSE: δ_o = (t − y_o)·f'(s_o), Eq. (5.2a), with f'(s_o) = y_o(1 − y_o) computed from the "
    "output y_o.",
    "δ_o = (1 − 0.5356)·0.5356·(1 − 0.5356) = (t[0] - y_o) * y_o * (1 - y_o). " + SOLUTION,
])
register_hints("05.1b", [
    "A hidden unit has no target: its δ comes from the δ of the unit it feeds, sent back along the weight.",
    "Hidden unit: δ_h = f'(s_h)·Σ_k δ_k w_kh, Eq. (5.4); h1 feeds only the output, through w_oh1 = 0.7.",
    "δ_h1 = y_h1(1 − y_h1)·δ_o·0.7 with y_h1 = 0.6035 and δ_o = 0.1155. " + SOLUTION,
])
register_hints("05.2", [
    "The delta rule: every weight moves by ε times the delta of the unit it feeds times the activation it carries.",
    "Δw_oh = ε·δ_o·y_h, Eq. (5.5): the *hidden activations* y_h1, y_h2, not the inputs x.",
    "w_o_new = w_o + 0.5 * delta_o * y_h with y_h = [0.6035, 0.5498]. " + SOLUTION,
])
register_hints("05.3", [
    "Run the forward pass, keep y_h and y_o, then go backwards: δ_o first, then δ_h, then the gradients.",
    "δ_o = (t − y_o)·y_o(1 − y_o); δ_h = y_h(1 − y_h)·(W2ᵀ δ_o); ∂E/∂W2 = −outer(δ_o, y_h), ∂E/∂W1 = −outer(δ_h, x); "
    "∂E/∂b = −δ.",
    "The whole body, signs included (gradcheck wants ∂E/∂θ = −δ·y, the minus of the delta rule's "
    "direction): delta_o = (t - y_o) * y_o * (1 - y_o); delta_h = y_h * (1 - y_h) * (params['W2'].T @ delta_o); "
    "return {'W2': -np.outer(delta_o, y_h), 'b2': -delta_o, 'W1': -np.outer(delta_h, x), 'b1': -delta_h}. " + SOLUTION,
])

def _near_w(a, b) -> bool:
    """For the new weights (≈ 0.7): right to 4 decimals (a relative tolerance would be too wide here)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= 1.5e-4))


def _numbers() -> dict[str, float]:
    """The worked example's forward and backward pass (math.md §9.1; MSE and cross-entropy)."""
    p, ce = worked_pass("mse"), worked_pass("cross_entropy")
    return {"x1": p.x["x1"], "x2": p.x["x2"], "t": p.t, "eps": p.rate, "s_h1": p.s["h1"], "s_h2": p.s["h2"],
            "s_o": p.s["o"], "y_h1": p.y["h1"], "y_h2": p.y["h2"], "y_o": p.y["o"], "fp_o": p.fprime["o"],
            "fp_h1": p.fprime["h1"], "fp_h2": p.fprime["h2"], "delta_o": p.delta["o"], "delta_o_ce": ce.delta["o"],
            "delta_h1": p.delta["h1"], "delta_h2": p.delta["h2"], "delta_h1_ce": ce.delta["h1"], "E": p.E}


def _output_delta_mistakes(n: dict) -> list[tuple[float, str]]:
    """Values a wrong δ_o (MSE) takes, with what to say."""
    err, s_o = n["t"] - n["y_o"], n["s_o"]
    return [
        (err, "your δ is missing the factor f'(s_o) = y_o(1 − y_o) (t − y alone is the cross-entropy delta)"),
        (err * s_o * (1 - s_o), "f' must be computed from the output y_o, not the state s_o: "
                                f"f'(s_o) = y_o(1 − y_o) with y_o = {n['y_o']:.4f}"),
        (n["eps"] * n["delta_o"], "that is ε·δ_o: the learning rate belongs to the weight change (Exercise 05.2), "
                                  "not to the delta"),
        (n["E"], "that is the error E = ½(t − y_o)²; δ_o is (t − y_o)·f'(s_o)"),
        (n["delta_o"] * n["y_h1"], "that is δ_o·y_h1, the slope for the weight w_oh1 (notebook 04); "
                                   "δ_o belongs to the unit: leave out y_h1"),
        (2 * n["delta_o"], "twice too large: with E = ½(t − y)² the ½ cancels the 2 of the square"),
    ]


@checker("05.1a")
def check_output_delta(answer, cost: str = "mse") -> Feedback:
    """Exercise 05.1a: δ_o of the worked example: ``(t − y_o) f'(s_o)`` (MSE) or ``t − y_o`` (cross-entropy)."""
    if cost not in ("mse", "cross_entropy"):
        raise ValueError(f"cost must be 'mse' or 'cross_entropy'; got {cost!r}")
    v = as_number(answer, "my_delta_o")
    n = _numbers()
    err = n["t"] - n["y_o"]
    ex = "05.1a"
    if cost == "mse":
        right = n["delta_o"]
        if near(v, right):
            return Feedback(True, f"δ_o = (t − y_o)·f'(s_o) = {err:.4f}·{n['fp_o']:.4f} = {right:.4f}", ex)
        if near(v, -right):
            return Feedback(False, "the sign is reversed: δ = −∂E/∂s = (t − y)·f'(s), positive when the output "
                                   "is too small", ex)
        for value, message in _output_delta_mistakes(n):
            if near(v, value):
                return Feedback(False, message, ex)
            if near(v, -value):
                return Feedback(False, message + "; and the sign is reversed: δ_o > 0 when the output is too small",
                                ex)
        if is_rounded(v, right):
            return Feedback(False, ROUNDED, ex)
        return Feedback(False, f"{plain(v)} is not (t − y_o)·f'(s_o); with y_o = {n['y_o']:.4f}, "
                               f"f'(s_o) = y_o(1 − y_o)", ex)
    right = n["delta_o_ce"]
    if near(v, right):
        return Feedback(True, f"δ_o = t − y_o = {right:.4f}: with cross-entropy the f' cancels", ex)
    if near(v, -right):
        return Feedback(False, "the sign is reversed: δ_o = t − y_o", ex)
    if near(v, n["delta_o"]):
        return Feedback(False, "that is the MSE delta; with cross-entropy and a logistic output f'(s_o) cancels: "
                               "δ_o = t − y_o", ex)
    if is_rounded(v, right):
        return Feedback(False, ROUNDED, ex)
    return Feedback(False, f"{plain(v)} is not t − y_o", ex)


@checker("05.1b")
def check_hidden_delta(answer) -> Feedback:
    """Exercise 05.1b: δ_h1 of the worked example (MSE): ``f'(s_h1) · δ_o · w_oh1`` (≈ 0.0193)."""
    v = as_number(answer, "my_delta_h1")
    n = _numbers()
    right, d_o = n["delta_h1"], n["delta_o"]
    ex = "05.1b"
    if near(v, right):
        return Feedback(True, f"δ_h1 = f'(s_h1)·δ_o·w_oh1 = {n['fp_h1']:.4f}·{d_o:.4f}·0.7 = {right:.4f}", ex)
    if near(v, -right):
        return Feedback(False, "the sign is reversed: δ_h1 = f'(s_h1)·δ_o·w_oh1, and all three are positive here",
                        ex)
    s_h1 = n["s_h1"]
    mistakes = [
        (d_o * 0.7, "your δ is missing the factor f'(s_h1) = y_h1(1 − y_h1): the error passes back "
                    "through h1's logistic function"),
        (n["fp_o"] * d_o * 0.7, "you used the output's f'(s_o); the hidden delta needs the hidden unit's own "
                                "f'(s_h1) = y_h1(1 − y_h1)"),
        (n["fp_h2"] * d_o * 0.7, f"you used h2's slope f'(s_h2) = y_h2(1 − y_h2) = {n['fp_h2']:.4f}; δ_h1 needs h1's "
                                 f"own f'(s_h1) = y_h1(1 − y_h1) = {n['fp_h1']:.4f}, with y_h1 = {n['y_h1']:.4f}"),
        (s_h1 * (1 - s_h1) * d_o * 0.7, "f' must be computed from the activation y_h1, not the state s_h1: "
                                        "f'(s_h1) = y_h1(1 − y_h1)"),
        (n["fp_h1"] * d_o, "you forgot the weight w_oh1 = 0.7 that carries δ_o back to h1"),
        (n["fp_h1"] * d_o * -0.6, "you used the weight of h2 (w_oh2 = −0.6); h1 connects to o through w_oh1 = 0.7"),
        (n["delta_h2"], "that is δ_h2; h1 connects to o through w_oh1 = 0.7 and has its own f'(s_h1)"),
        (n["delta_h1_ce"], "you started from the cross-entropy δ_o = t − y_o; this exercise uses MSE, "
                           "δ_o = (t − y_o)·f'(s_o)"),
        (n["fp_h1"] * d_o * 0.7 * n["y_h1"], "that is δ_h1·y_h1: the delta of a unit has no activation factor "
                                             "(that comes in the weight change)"),
    ]
    mistakes += _wrong_weight_mistakes(n)
    for value, message in mistakes:
        if near(v, value):
            return Feedback(False, message, ex)
    if is_rounded(v, right):
        return Feedback(False, ROUNDED, ex)
    return Feedback(False, f"{plain(v)} is not f'(s_h1)·δ_o·w_oh1 = {n['fp_h1']:.4f}·δ_o·0.7 "
                           f"(f'(s_h1) = y_h1(1 − y_h1) with y_h1 = {n['y_h1']:.4f}; δ_o from 05.1a)", ex)


def _wrong_weight_mistakes(n: dict) -> list[tuple[float, str]]:
    """δ_h1 computed with another number where w_oh1 = 0.7 belongs: a weight *into* a hidden unit, a
    bias, or the learning rate (0.5 is both w_h1x1 and ε), or with ε as an extra factor."""
    base = n["fp_h1"] * n["delta_o"]
    out = []
    for name, (_, _, w) in WORKED_WEIGHTS.items():
        if name in ("w_oh1", "w_oh2"):            # the right weight, and h2's (its own message above)
            continue
        receiver, sender = ENDS[name]
        what = (f"the bias of {receiver}" if sender is None else f"the weight into {receiver} from {sender}")
        also = " (and 0.5 is also the learning rate ε, which belongs to the weight change, not to a delta)" \
            if w == n["eps"] else ""
        out.append((base * w, f"you used {name} = {w:g}, {what}{also}; δ_o travels back along the weight "
                              f"out of h1 into o: w_oh1 = 0.7"))
    out.append((base * 0.7 * n["eps"], "that includes the learning rate ε = 0.5: ε belongs to the weight change "
                                       "(Exercise 05.2), not to a delta"))
    return out


@checker("05.2")
def check_weight_update(answer) -> Feedback:
    """Exercise 05.2: ``(w_oh1, w_oh2)`` after one step ``w + ε δ_o y_h`` (MSE, ε = 0.5) ≈ (0.7349, −0.5682)."""
    if isinstance(answer, str):
        raise AnswerError(f"w_o_new must be two numbers, e.g. np.array([0.7, -0.6]), not the text {answer!r}: "
                          "leave out the quotes")
    a = as_vector(answer, 2, "w_o_new (the two new weights [w_oh1, w_oh2])")
    n = _numbers()
    w = np.array([0.7, -0.6])
    y_h = np.array([n["y_h1"], n["y_h2"]])
    x = np.array([n["x1"], n["x2"]])
    eps, d = n["eps"], n["delta_o"]
    right = w + eps * d * y_h
    ex = "05.2"
    if _near_w(a, right):
        return Feedback(True, f"w_o → ({right[0]:.4f}, {right[1]:.4f}): Δw = ε·δ_o·y_h = "
                              f"({eps * d * y_h[0]:.4f}, {eps * d * y_h[1]:.4f})", ex)
    if _near_w(a, right[::-1]):
        return Feedback(False, "right numbers, wrong order: give [w_oh1, w_oh2], the weight from h1 first", ex)
    s_o = n["s_o"]
    d_from_s = (n["t"] - n["y_o"]) * s_o * (1 - s_o)
    mistakes = [
        (w - eps * d * y_h, "the sign of the update is reversed: with δ = −∂E/∂s the delta rule adds, "
                            "Δw = +ε·δ·y"),
        (w + eps * d * y_h[::-1], "each weight moves with the activation it carries: w_oh1 with y_h1, "
                                  "w_oh2 with y_h2 (you swapped them)"),
        (w + eps * d * x, "you used the input x_i instead of the hidden activation y_i: the output weights "
                          "carry y_h1 and y_h2"),
        (w - eps * d * x, "you used the input x_i instead of the hidden activation y_i: the output weights "
                          "carry y_h1 and y_h2"),
        (w + d * y_h, "you forgot the learning rate ε = 0.5"),
        (w + eps * n["delta_o_ce"] * y_h, "you used the cross-entropy delta t − y_o; with MSE δ_o includes f'(s_o)"),
        (w + eps * d_from_s * y_h, "your δ_o computes f' from the state s_o; use the output: "
                                   "f'(s_o) = y_o(1 − y_o)"),
        (w + eps * eps * d * y_h, "ε appears twice: if your delta_o already includes ε, do not multiply by ε "
                                  "again (δ_o itself has no ε)"),
        (eps * d * y_h, "that is Δw alone; add it to the old weights (0.7, −0.6)"),
        (w + eps * d, "you left out the activations: Δw = ε·δ_o·y_h (ε·δ_o alone is the bias change)"),
    ]
    for value, message in mistakes:
        if _near_w(a, value):
            return Feedback(False, message, ex)
    if is_rounded(a, right):
        return Feedback(False, ROUNDED, ex)
    return Feedback(False, f"({plain(a[0])}, {plain(a[1])}) is not w + ε·δ_o·y_h", ex)


# -- exercise 05.3: a learner's backward function -------------------------------------------
def tiny_forward(params: dict, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Forward pass of the 2-2-1 logistic net: ``(y_h (2,), y_o (1,))``.  Eq. (5.1).

    ``params``: ``W1 (2, 2)``, ``b1 (2,)``, ``W2 (1, 2)``, ``b2 (1,)``; ``x (2,)``.
    """
    y_h = 1.0 / (1.0 + np.exp(-(params["W1"] @ x + params["b1"])))
    y_o = 1.0 / (1.0 + np.exp(-(params["W2"] @ y_h + params["b2"])))
    return y_h, y_o


def tiny_loss(params: dict, x: np.ndarray, t: np.ndarray) -> float:
    """``E = ½ Σ (t − y_o)²`` of one pattern.  Eq. (4.1)."""
    _, y_o = tiny_forward(params, x)
    return float(0.5 * np.sum((t - y_o) ** 2))


def _variants(params: dict, x: np.ndarray, t: np.ndarray) -> dict[str, dict[str, np.ndarray]]:
    """The right ∂E/∂θ and the gradients that each named mistake would give."""
    y_h, y_o = tiny_forward(params, x)
    fo, fh = y_o * (1 - y_o), y_h * (1 - y_h)

    def grads(d_o, d_h, carried=y_h, into_hidden=x):
        return {"W1": -np.outer(d_h, into_hidden), "b1": -d_h, "W2": -np.outer(d_o, carried), "b2": -d_o}

    d_o = (t - y_o) * fo
    d_h = fh * (params["W2"].T @ d_o)
    right = grads(d_o, d_h)
    out = {"right": right}
    out["no f' at the output"] = grads(t - y_o, fh * (params["W2"].T @ (t - y_o)))
    out["no f' at the hidden units"] = grads(d_o, params["W2"].T @ d_o)
    out["input instead of hidden activation"] = grads(d_o, d_h, carried=x)
    out["W1 transposed"] = dict(right, W1=right["W1"].T.copy())
    out["hidden activation for W1"] = grads(d_o, d_h, into_hidden=y_h)
    out["no W2 in the hidden delta"] = grads(d_o, fh * d_o)
    s_h = params["W1"] @ x + params["b1"]
    s_o = params["W2"] @ y_h + params["b2"]
    out["hidden f' from s"] = grads(d_o, s_h * (1 - s_h) * (params["W2"].T @ d_o))
    d_o_s = (t - y_o) * s_o * (1 - s_o)
    out["output f' from s"] = grads(d_o_s, fh * (params["W2"].T @ d_o_s))
    out["f' from s everywhere"] = grads(d_o_s, s_h * (1 - s_h) * (params["W2"].T @ d_o_s))
    out["output f' in the hidden delta"] = grads(d_o, fo * (params["W2"].T @ d_o))
    out["factor 2"] = {k: 2 * v for k, v in right.items()}
    out["no bias gradients"] = dict(right, b1=np.zeros_like(right["b1"]), b2=np.zeros_like(right["b2"]))
    return out


_MESSAGES = {
    "no f' at the output": "your output δ is missing the factor f'(s_o) = y_o(1 − y_o)",
    "no f' at the hidden units": "your hidden δ is missing the factor f'(s_h) = y_h(1 − y_h)",
    "input instead of hidden activation": "for W2 you used the input x_i instead of the hidden activation y_i",
    "no W2 in the hidden delta": "your hidden δ is missing the weights W2: δ_h = f'(s_h)·(W2ᵀ δ_o), Eq. (5.4): "
                                 "δ_o travels back to each hidden unit along the weight that connects them",
    "hidden f' from s": "your hidden δ computes f' from the state s_h; the logistic slope is computed from the "
                        "activation: f'(s_h) = y_h(1 − y_h)",
    "output f' from s": "your output δ computes f' from the state s_o; the logistic slope is computed from the "
                        "output: f'(s_o) = y_o(1 − y_o)",
    "f' from s everywhere": "your deltas compute f' from the states s; the logistic slope is computed from the "
                            "activations: f'(s) = y(1 − y), for the output and for the hidden units",
    "output f' in the hidden delta": "your hidden δ uses the output's slope f'(s_o); each hidden unit needs its "
                                     "own f'(s_h) = y_h(1 − y_h)",
    "W1 transposed": "W1 looks transposed: use outer(δ_h, x), rows = the units the weights go *to*, "
                     "columns = where they come *from* (to × from)",
    "hidden activation for W1": "for W1 use the inputs x: W1 carries x into the hidden units, so "
                                "∂E/∂W1 = −outer(δ_h, x), not −outer(δ_h, y_h)",
    "factor 2": "twice too large everywhere: with E = ½ Σ (t − y)² the ½ cancels the 2 of the square, "
                "so δ_o = (t − y_o)·f'(s_o) without a 2",
    "no bias gradients": "your bias gradients are zero (missing): the bias is a weight from an input that is "
                         "always 1, so ∂E/∂b = −δ. (A zero gradient gives r = 1, like a reversed sign; the "
                         "difference is that yours is all zeros)",
}


@checker("05.3")
def check_backward(backward: Callable, seed: int = 0) -> Feedback:
    """Exercise 05.3: gradient-check ``backward(params, x, t) -> {"W1", "b1", "W2", "b2"}`` (∂E/∂θ).

    The check draws a random 2-2-1 network (weights uniform in [−1, 1), a seeded input and
    target), compares your gradients with central differences of
    :func:`tiny_loss` using :func:`nnteach.gradcheck.check` and prints its per-parameter
    verdicts; if they fail, it names the mistake when it recognises it.
    """
    if backward is None or backward is ... or not callable(backward):
        return Feedback(False, "pass your function itself: check_backward(backward)", "05.3")
    rng = np.random.default_rng(check_seed(seed))
    params = {"W1": rng.uniform(-1, 1, (2, 2)), "b1": rng.uniform(-1, 1, 2), "W2": rng.uniform(-1, 1, (1, 2)),
              "b2": rng.uniform(-1, 1, 1)}
    x = rng.normal(size=2)
    t = np.array([0.8])
    try:
        grads = backward({k: v.copy() for k, v in params.items()}, x.copy(), t.copy())
    except Exception as exc:  # the learner's code: report, do not crash the notebook
        return Feedback(False, f"your backward raised {type(exc).__name__}: {exc}", "05.3")
    if grads is ...:
        return Feedback(False, "your backward still returns the placeholder `...`: replace the ... with your code "
                               "and return a dict {'W1': …, 'b1': …, 'W2': …, 'b2': …}", "05.3")
    if grads is None:
        return Feedback(False, "your backward returned nothing; return a dict {'W1': …, 'b1': …, 'W2': …, 'b2': …}",
                        "05.3")
    if not isinstance(grads, dict) or set(grads) != set(params):
        keys = sorted(grads) if isinstance(grads, dict) else type(grads).__name__
        return Feedback(False, f"return a dict with the keys W1, b1, W2, b2; got {keys}", "05.3")
    grads = {k: as_array(v, f"grads[{k!r}]") for k, v in grads.items()}   # not numbers: a ✗ that says so
    for k, v in grads.items():
        if v.shape != params[k].shape:
            return Feedback(False, f"grads[{k!r}] has shape {v.shape}; expected {params[k].shape}, the shape of "
                                   f"params[{k!r}]", "05.3")
    report = gradcheck.check(lambda p: tiny_loss(p, x, t), params, grads)
    table = _table(report, grads)
    if report.ok:
        return Feedback(True, "every gradient agrees with central differences\n" + table, "05.3",
                        {"report": report})
    variants = _variants(params, x, t)
    right = variants["right"]
    if all(_close(-grads[k], right[k]) for k in params):
        return Feedback(False, "the sign is reversed everywhere: you returned δ·y (the direction of Δw); "
                               "gradcheck wants ∂E/∂θ = −δ·y\n" + table, "05.3", {"report": report})
    for name, message in _MESSAGES.items():
        v = variants[name]
        wrong = [k for k in params if not _close(grads[k], right[k])]
        if wrong and all(_close(grads[k], v[k]) or _close(-grads[k], v[k]) for k in wrong):
            return Feedback(False, f"{message} (wrong: {', '.join(wrong)})\n" + table, "05.3", {"report": report})
    wrong = [r.name for r in report.rows if not r.ok]
    return Feedback(False, f"the gradients of {', '.join(wrong)} disagree with central differences\n" + table,
                    "05.3", {"report": report})


def _table(report: gradcheck.GradCheckReport, grads: dict | None = None) -> str:
    """The per-parameter verdicts; relative errors below 1e-8 are shown as such (their last digits
    depend on the machine, so a notebook that prints them stays reproducible).  The verdicts say
    ∂E (the course's name for the error) where :mod:`nnteach.gradcheck`, being general, says ∂L; an
    all-zero gradient is called missing (its r = 1 would otherwise read like a reversed sign)."""
    lines = []
    for r in report.rows:
        err = "< 1e-8" if r.relative_error < 1e-8 else f"{r.relative_error:.1e}"
        verdict = r.verdict.replace("∂L", "∂E")
        if not r.ok and grads is not None and r.name in grads and not np.any(grads[r.name]):
            verdict = "missing: your gradient is all zeros"
        lines.append(f"  {r.name:<3} relative error {err:>7}: {verdict}")
    return "\n".join(lines)


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-6, atol=1e-9))
