"""Checks for the exercises of notebook 04 (error and gradient descent).

* 04.1 :func:`check_numeric_slope`: the slope ``dE/dw_oh1`` of the §9.1 network by central differences.
* 04.2 :func:`check_analytic_slope`: the same slope from the chain rule, ``−(t − y_o) f'(s_o) y_h1``.
* 04.3 :func:`check_rates`: a learning rate that converges and one that diverges on the linear-neuron bowl.
"""
from __future__ import annotations

import math

import numpy as np

from ._base import Feedback, as_array, register_hints

__all__ = ["check_numeric_slope", "check_analytic_slope", "check_rates", "slope_numbers"]

register_hints("04.1", [
    "The slope is how much E changes per unit change of w: nudge w a little up and a little down.",
    "Central difference, Eq. (4.3): (E(w + h) − E(w − h)) / (2h) with a small h such as 1e-4.",
    "numeric_slope = (E_of(0.7 + h) - E_of(0.7 - h)) / (2 * h). The solution cell is right below the exercise.",
])
register_hints("04.2", [
    "Follow the chain from w_oh1 to E: w_oh1 changes s_o, s_o changes y_o, y_o changes E.",
    "dE/dw_oh1 = dE/dy_o · dy_o/ds_o · ds_o/dw_oh1 = −(t − y_o) · f'(s_o) · y_h1, Eq. (4.6).",
    "With y_o = 0.5356, f'(s_o) = y_o(1 − y_o) = 0.2487 and y_h1 = 0.6035: −(1 − 0.5356) · 0.2487 · 0.6035. "
    "The solution cell is right below the exercise.",
])
register_hints("04.3", [
    "Use the descent player: set a rate, look at the summary line (converges, zig-zags, diverges).",
    "On this bowl the steepest curvature is λ_max = 1: rates above 2/λ_max = 2 diverge; rates well below 2 "
    "(but not tiny) converge within 40 steps.",
    "For example converging = 0.9 and diverging = 2.5. The solution cell is right below the exercise.",
])

_TOL = 6e-5          # a 4-decimal answer is accepted


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= max(_TOL, 3e-3 * abs(b))


def slope_numbers() -> dict[str, float]:
    """The §9.1 numbers behind exercises 04.1 and 04.2, by forward pass (no backprop code used)."""
    sig = lambda s: 1.0 / (1.0 + math.exp(-s))      # noqa: E731
    x1, x2, t = 0.8, 0.2, 1.0
    y_h1 = sig(0.5 * x1 - 0.4 * x2 + 0.1)
    y_h2 = sig(0.3 * x1 + 0.8 * x2 - 0.2)

    def E(w_oh1: float) -> float:
        y_o = sig(w_oh1 * y_h1 - 0.6 * y_h2 + 0.05)
        return 0.5 * (t - y_o) ** 2

    y_o = sig(0.7 * y_h1 - 0.6 * y_h2 + 0.05)
    fp = y_o * (1 - y_o)
    return {"x1": x1, "y_h1": y_h1, "y_o": y_o, "fprime_o": fp, "t": t,
            "slope": -(t - y_o) * fp * y_h1, "E": E(0.7),
            "numeric": (E(0.7 + 1e-5) - E(0.7 - 1e-5)) / 2e-5}


def _scalar(answer, exercise: str) -> float | Feedback:
    if answer is None or answer is ...:
        return Feedback(False, "replace the ... with your value first", exercise)
    a = as_array(answer, "your answer")
    if a.size != 1:
        return Feedback(False, f"expected one number, got an array of shape {a.shape}", exercise)
    value = float(a.reshape(-1)[0])
    if not math.isfinite(value):
        return Feedback(False, f"your value is {value}; expected a finite number", exercise)
    return value


def check_numeric_slope(answer) -> Feedback:
    """Exercise 04.1: ``dE/dw_oh1`` at ``w_oh1 = 0.7`` by central differences (≈ −0.0697)."""
    v = _scalar(answer, "04.1")
    if isinstance(v, Feedback):
        return v
    n = slope_numbers()
    right = n["numeric"]
    if _near(v, right):
        return Feedback(True, f"dE/dw ≈ {right:.4f}: E goes down as w_oh1 goes up, so downhill is toward larger w",
                        "04.1")
    if _near(v, -right):
        return Feedback(False, "the sign is reversed: the slope is (E(w + h) − E(w − h)) / 2h, "
                               "the change of E when w goes *up*", "04.1")
    if _near(v, 2 * right):
        return Feedback(False, "twice too large: the central difference spans 2h, so divide by 2h, not by h",
                        "04.1")
    if _near(v, right / 2):
        return Feedback(False, "half the slope: divide by 2h, not by 4h (or take E(w + h) − E(w − h), "
                               "not half of it)", "04.1")
    if _near(v, n["E"]):
        return Feedback(False, "that is the error E itself; the slope is the change of E per change of w", "04.1")
    return Feedback(False, f"{v:.4f} is not the slope of E(w_oh1) at 0.7; evaluate E at 0.7 + h and 0.7 − h "
                           "and divide their difference by 2h", "04.1")


def check_analytic_slope(answer) -> Feedback:
    """Exercise 04.2: ``dE/dw_oh1 = −(t − y_o) f'(s_o) y_h1`` (≈ −0.0697) by the chain rule."""
    v = _scalar(answer, "04.2")
    if isinstance(v, Feedback):
        return v
    n = slope_numbers()
    right = n["slope"]
    err, fp, y_h1 = n["t"] - n["y_o"], n["fprime_o"], n["y_h1"]
    if _near(v, right):
        return Feedback(True, f"dE/dw_oh1 = −(t − y_o)·f'(s_o)·y_h1 = {right:.4f}, the same as the numeric slope",
                        "04.2")
    if _near(v, -right):
        return Feedback(False, "the sign is reversed: E = ½(t − y)² so dE/dy = −(t − y); with t > y the slope "
                               "is negative", "04.2")
    if _near(v, -err * y_h1) or _near(v, err * y_h1):
        return Feedback(False, "your slope is missing the factor f'(s_o) = y_o(1 − y_o): y_o depends on w "
                               "through the logistic function", "04.2")
    if _near(v, -err * fp * n["x1"]) or _near(v, err * fp * n["x1"]):
        return Feedback(False, "you used the input x1 instead of the hidden activation y_h1: w_oh1 multiplies "
                               "y_h1, the activation of the unit it comes from", "04.2")
    if _near(v, -err * fp) or _near(v, err * fp):
        return Feedback(False, "you left out y_h1: ds_o/dw_oh1 = y_h1 (what you have is the slope for the bias b_o)",
                        "04.2")
    return Feedback(False, f"{v:.4f} is not −(t − y_o)·f'(s_o)·y_h1; compute each factor separately", "04.2")


def _rate(answer, which: str) -> float | str:
    if answer is None or answer is ...:
        return f"replace the ... of `{which}` with a learning rate"
    a = as_array(answer, which)
    if a.size != 1:
        return f"`{which}` must be one number, got an array of shape {a.shape}"
    r = float(a.reshape(-1)[0])
    if not math.isfinite(r) or r <= 0:
        return f"`{which}` = {r:g}: a learning rate must be a number > 0"
    return r


def check_rates(converging, diverging) -> Feedback:
    """Exercise 04.3: one rate that converges (E ≤ 0.001 within 40 steps) and one that diverges.

    Both are run on the linear-neuron bowl of the descent player, from its start point (−2, −2).
    """
    from ..viz.descent_player import MAX_STEPS, descent_path
    from ..viz.error_surface import get_surface

    a, b = _rate(converging, "converging"), _rate(diverging, "diverging")
    for r in (a, b):
        if isinstance(r, str):
            return Feedback(False, r, "04.3")
    bowl = get_surface("linear neuron")
    run_a = descent_path(bowl, bowl.start, a, MAX_STEPS)
    run_b = descent_path(bowl, bowl.start, b, MAX_STEPS)
    problems = []
    if run_a.diverged_at is not None:
        problems.append(f"ε = {a:g} diverges (at step {run_a.diverged_at}) — for `converging` pick a smaller rate")
    elif run_a.converged_at is None and run_a.zigzag:
        problems.append(f"ε = {a:g} zig-zags across the valley and has not reached E ≤ {run_a.tolerance:g} "
                        f"after {MAX_STEPS} steps — for `converging` pick a smaller rate")
    elif run_a.converged_at is None:
        problems.append(f"ε = {a:g} is too small: after {MAX_STEPS} steps E is still {run_a.E[-1]:.4f} "
                        f"(it must reach {run_a.tolerance:g}) — for `converging` pick a larger rate")
    if run_b.diverged_at is None:
        problems.append(f"ε = {b:g} converges — for `diverging` pick one that diverges")
    if problems:
        return Feedback(False, "; ".join(problems), "04.3", {"converging": run_a, "diverging": run_b})
    return Feedback(True, f"ε = {a:g} reaches E ≤ {run_a.tolerance:g} at step {run_a.converged_at}, and "
                          f"ε = {b:g} diverges at step {run_b.diverged_at}: the limit is 2/λ_max = 2", "04.3",
                    {"converging": run_a, "diverging": run_b})
