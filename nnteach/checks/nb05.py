"""Checks for the exercises of notebook 05 (backpropagation).

* 05.1 :func:`check_output_delta`, :func:`check_hidden_delta`: δ_o and δ_h1 of the §9.1 network.
* 05.2 :func:`check_weight_update`: the output weights after one delta-rule step.
* 05.3 :func:`check_backward`: a learner's backward function for a 2-2-1 network, checked against
  central differences with :mod:`nnteach.gradcheck` (per-parameter verdicts) and diagnosed.

The reference numbers are computed here from scratch (plain floats, no nnteach model code), so
that a bug in the models cannot hide a wrong answer.
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np

from .. import gradcheck
from ._base import Feedback, as_array, register_hints

__all__ = ["check_output_delta", "check_hidden_delta", "check_weight_update", "check_backward",
           "worked_numbers", "tiny_forward", "tiny_loss"]

register_hints("05.1", [
    "δ = −∂E/∂s: how much the error would drop per unit increase of the unit's state s.",
    "Output unit, MSE: δ_o = (t − y_o)·f'(s_o), Eq. (5.2a). Hidden unit: δ_h = f'(s_h)·Σ_k δ_k w_kh, Eq. (5.4).",
    "δ_o = (1 − 0.5356)·0.2487 and δ_h1 = 0.2393·δ_o·0.7 (f'(s_h1) = y_h1(1 − y_h1) with y_h1 = 0.6035). "
    "The solution cell is right below the exercise.",
])
register_hints("05.2", [
    "The delta rule: every weight moves by ε times the delta of the unit it feeds times the activation it carries.",
    "Δw_oh = ε·δ_o·y_h, Eq. (5.5): the *hidden activations* y_h1, y_h2, not the inputs x.",
    "w_o_new = w_o + 0.5 * delta_o * y_h with y_h = [0.6035, 0.5498]. The solution cell is right below.",
])
register_hints("05.3", [
    "Run the forward pass, keep y_h and y_o, then go backwards: δ_o first, then δ_h, then the gradients.",
    "δ_o = (t − y_o)·y_o(1 − y_o); δ_h = y_h(1 − y_h)·(W2ᵀ δ_o); ∂E/∂W2 = −outer(δ_o, y_h), ∂E/∂W1 = −outer(δ_h, x); "
    "∂E/∂b = −δ.",
    "Mind the sign: gradcheck wants ∂E/∂θ = −δ·y, the minus of the delta rule's direction. "
    "The solution cell is right below the exercise.",
])

_TOL = 6e-5


def _near(a, b) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= np.maximum(_TOL, 3e-3 * np.abs(b))))


def _sig(s: float) -> float:
    return 1.0 / (1.0 + math.exp(-s))


def worked_numbers() -> dict[str, float]:
    """The math.md §9.1 forward and backward pass (MSE and cross-entropy), in plain floats."""
    x1, x2, t, eps = 0.8, 0.2, 1.0, 0.5
    y_h1 = _sig(0.5 * x1 - 0.4 * x2 + 0.1)
    y_h2 = _sig(0.3 * x1 + 0.8 * x2 - 0.2)
    y_o = _sig(0.7 * y_h1 - 0.6 * y_h2 + 0.05)
    fp_o, fp_h1, fp_h2 = y_o * (1 - y_o), y_h1 * (1 - y_h1), y_h2 * (1 - y_h2)
    d_o = (t - y_o) * fp_o
    d_o_ce = t - y_o
    return {"x1": x1, "x2": x2, "t": t, "eps": eps, "y_h1": y_h1, "y_h2": y_h2, "y_o": y_o, "fp_o": fp_o,
            "fp_h1": fp_h1, "fp_h2": fp_h2, "delta_o": d_o, "delta_o_ce": d_o_ce,
            "delta_h1": fp_h1 * d_o * 0.7, "delta_h2": fp_h2 * d_o * -0.6,
            "delta_h1_ce": fp_h1 * d_o_ce * 0.7}


def _scalar(answer, exercise: str) -> float | Feedback:
    if answer is None or answer is ...:
        return Feedback(False, "replace the ... with your value first", exercise)
    a = as_array(answer, "your answer")
    if a.size != 1:
        return Feedback(False, f"expected one number, got an array of shape {a.shape}", exercise)
    v = float(a.reshape(-1)[0])
    if not math.isfinite(v):
        return Feedback(False, f"your value is {v}; expected a finite number", exercise)
    return v


def check_output_delta(answer, cost: str = "mse") -> Feedback:
    """Exercise 05.1a: δ_o of the §9.1 network: ``(t − y_o) f'(s_o)`` (MSE) or ``t − y_o`` (cross-entropy)."""
    if cost not in ("mse", "cross_entropy"):
        raise ValueError(f"cost must be 'mse' or 'cross_entropy'; got {cost!r}")
    v = _scalar(answer, "05.1")
    if isinstance(v, Feedback):
        return v
    n = worked_numbers()
    err = n["t"] - n["y_o"]
    if cost == "mse":
        right = n["delta_o"]
        if _near(v, right):
            return Feedback(True, f"δ_o = (t − y_o)·f'(s_o) = {err:.4f}·{n['fp_o']:.4f} = {right:.4f}", "05.1")
        if _near(v, -right):
            return Feedback(False, "the sign is reversed: δ = −∂E/∂s = (t − y)·f'(s), positive when the output "
                                   "is too small", "05.1")
        if _near(v, err):
            return Feedback(False, "your δ is missing the factor f'(s_o) = y_o(1 − y_o) (t − y alone is the "
                                   "cross-entropy delta)", "05.1")
        if _near(v, -err):
            return Feedback(False, "your δ is missing the factor f'(s_o), and its sign is reversed", "05.1")
        return Feedback(False, f"{v:.4f} is not (t − y_o)·f'(s_o); with y_o = {n['y_o']:.4f}, "
                               f"f'(s_o) = y_o(1 − y_o)", "05.1")
    right = n["delta_o_ce"]
    if _near(v, right):
        return Feedback(True, f"δ_o = t − y_o = {right:.4f}: with cross-entropy the f' cancels", "05.1")
    if _near(v, -right):
        return Feedback(False, "the sign is reversed: δ_o = t − y_o", "05.1")
    if _near(v, n["delta_o"]):
        return Feedback(False, "that is the MSE delta; with cross-entropy and a logistic output f'(s_o) cancels: "
                               "δ_o = t − y_o", "05.1")
    return Feedback(False, f"{v:.4f} is not t − y_o", "05.1")


def check_hidden_delta(answer) -> Feedback:
    """Exercise 05.1b: δ_h1 of the §9.1 network (MSE): ``f'(s_h1) · δ_o · w_oh1`` (≈ 0.0193)."""
    v = _scalar(answer, "05.1")
    if isinstance(v, Feedback):
        return v
    n = worked_numbers()
    right, d_o = n["delta_h1"], n["delta_o"]
    if _near(v, right):
        return Feedback(True, f"δ_h1 = f'(s_h1)·δ_o·w_oh1 = {n['fp_h1']:.4f}·{d_o:.4f}·0.7 = {right:.4f}", "05.1")
    if _near(v, -right):
        return Feedback(False, "the sign is reversed: δ_h1 = f'(s_h1)·δ_o·w_oh1, and all three are positive here",
                        "05.1")
    if _near(v, d_o * 0.7):
        return Feedback(False, "your δ is missing the factor f'(s_h1) = y_h1(1 − y_h1): the error passes back "
                               "through h1's logistic function", "05.1")
    if _near(v, n["fp_o"] * d_o * 0.7):
        return Feedback(False, "you used the output's f'(s_o); the hidden delta needs the hidden unit's own "
                               "f'(s_h1) = y_h1(1 − y_h1)", "05.1")
    if _near(v, n["fp_h1"] * d_o):
        return Feedback(False, "you forgot the weight w_oh1 = 0.7 that carries δ_o back to h1", "05.1")
    if _near(v, n["delta_h2"]) or _near(v, n["fp_h1"] * d_o * -0.6):
        return Feedback(False, "you used the weight of h2 (w_oh2 = −0.6); h1 connects to o through w_oh1 = 0.7",
                        "05.1")
    if _near(v, n["delta_h1_ce"]):
        return Feedback(False, "you started from the cross-entropy δ_o = t − y_o; this exercise uses MSE, "
                               "δ_o = (t − y_o)·f'(s_o)", "05.1")
    return Feedback(False, f"{v:.4f} is not f'(s_h1)·δ_o·w_oh1", "05.1")


def check_weight_update(answer) -> Feedback:
    """Exercise 05.2: ``(w_oh1, w_oh2)`` after one step ``w + ε δ_o y_h`` (MSE, ε = 0.5) ≈ (0.7349, −0.5682)."""
    if answer is None or answer is ...:
        return Feedback(False, "replace the ... with your new weights [w_oh1, w_oh2]", "05.2")
    a = as_array(answer, "your answer").reshape(-1)
    if a.shape != (2,):
        return Feedback(False, f"expected two numbers [w_oh1, w_oh2], got shape {np.shape(answer)}", "05.2")
    if not np.all(np.isfinite(a)):
        return Feedback(False, "your weights contain NaN or infinity", "05.2")
    n = worked_numbers()
    w = np.array([0.7, -0.6])
    y_h = np.array([n["y_h1"], n["y_h2"]])
    x = np.array([n["x1"], n["x2"]])
    eps, d = n["eps"], n["delta_o"]
    right = w + eps * d * y_h
    if _near(a, right):
        return Feedback(True, f"w_o → ({right[0]:.4f}, {right[1]:.4f}): Δw = ε·δ_o·y_h = "
                              f"({eps * d * y_h[0]:.4f}, {eps * d * y_h[1]:.4f})", "05.2")
    if _near(a, w - eps * d * y_h):
        return Feedback(False, "the sign of the update is reversed: with δ = −∂E/∂s the delta rule adds, "
                               "Δw = +ε·δ·y", "05.2")
    if _near(a, w + eps * d * x) or _near(a, w - eps * d * x):
        return Feedback(False, "you used the input x_i instead of the hidden activation y_i: the output weights "
                               "carry y_h1 and y_h2", "05.2")
    if _near(a, w + d * y_h):
        return Feedback(False, "you forgot the learning rate ε = 0.5", "05.2")
    if _near(a, w + eps * n["delta_o_ce"] * y_h):
        return Feedback(False, "you used the cross-entropy delta t − y_o; with MSE δ_o includes f'(s_o)", "05.2")
    if _near(a, eps * d * y_h):
        return Feedback(False, "that is Δw alone; add it to the old weights (0.7, −0.6)", "05.2")
    return Feedback(False, f"({a[0]:.4f}, {a[1]:.4f}) is not w + ε·δ_o·y_h", "05.2")


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

    def grads(d_o, d_h, carried=y_h):
        return {"W1": -np.outer(d_h, x), "b1": -d_h, "W2": -np.outer(d_o, carried), "b2": -d_o}

    d_o = (t - y_o) * fo
    d_h = fh * (params["W2"].T @ d_o)
    out = {"right": grads(d_o, d_h)}
    out["no f' at the output"] = grads(t - y_o, fh * (params["W2"].T @ (t - y_o)))
    out["no f' at the hidden units"] = grads(d_o, params["W2"].T @ d_o)
    out["input instead of hidden activation"] = grads(d_o, d_h, carried=x)
    return out


_MESSAGES = {
    "no f' at the output": "your output δ is missing the factor f'(s_o) = y_o(1 − y_o)",
    "no f' at the hidden units": "your hidden δ is missing the factor f'(s_h) = y_h(1 − y_h)",
    "input instead of hidden activation": "for W2 you used the input x_i instead of the hidden activation y_i",
}


def check_backward(backward: Callable, seed: int = 0) -> Feedback:
    """Exercise 05.3: gradient-check ``backward(params, x, t) -> {"W1", "b1", "W2", "b2"}`` (∂E/∂θ).

    The check draws a random 2-2-1 network (weights uniform in [−1, 1), a seeded input and
    target, math.md §8.1), compares your gradients with central differences of
    :func:`tiny_loss` using :func:`nnteach.gradcheck.check` and prints its per-parameter
    verdicts; if they fail, it names the mistake when it recognises it.
    """
    if backward is None or backward is ... or not callable(backward):
        return Feedback(False, "pass your function itself: check_backward(backward)", "05.3")
    rng = np.random.default_rng(seed)
    params = {"W1": rng.uniform(-1, 1, (2, 2)), "b1": rng.uniform(-1, 1, 2), "W2": rng.uniform(-1, 1, (1, 2)),
              "b2": rng.uniform(-1, 1, 1)}
    x = rng.normal(size=2)
    t = np.array([0.8])
    try:
        grads = backward({k: v.copy() for k, v in params.items()}, x.copy(), t.copy())
    except Exception as exc:  # the learner's code: report, do not crash the notebook
        return Feedback(False, f"your backward raised {type(exc).__name__}: {exc}", "05.3")
    if grads is None or grads is ...:
        return Feedback(False, "your backward returned nothing; return a dict {'W1': …, 'b1': …, 'W2': …, 'b2': …}",
                        "05.3")
    if not isinstance(grads, dict) or set(grads) != set(params):
        keys = sorted(grads) if isinstance(grads, dict) else type(grads).__name__
        return Feedback(False, f"return a dict with the keys W1, b1, W2, b2; got {keys}", "05.3")
    try:
        grads = {k: np.asarray(v, dtype=float) for k, v in grads.items()}
    except (TypeError, ValueError):
        return Feedback(False, "every gradient must be an array of numbers", "05.3")
    for k, v in grads.items():
        if v.shape != params[k].shape:
            return Feedback(False, f"grads[{k!r}] has shape {v.shape}; expected {params[k].shape}, the shape of "
                                   f"params[{k!r}]", "05.3")
    report = gradcheck.check(lambda p: tiny_loss(p, x, t), params, grads)
    table = _table(report)
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


def _table(report: gradcheck.GradCheckReport) -> str:
    """The per-parameter verdicts; relative errors below 1e-8 are shown as such (their last digits
    depend on the machine, so a notebook that prints them stays reproducible)."""
    lines = []
    for r in report.rows:
        err = "< 1e-8" if r.relative_error < 1e-8 else f"{r.relative_error:.1e}"
        lines.append(f"  {r.name:<3} relative error {err:>7}: {r.verdict}")
    return "\n".join(lines)


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-6, atol=1e-9))
