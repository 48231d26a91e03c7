"""Checks for the exercises of notebook 04 (error and gradient descent).

* 04.1 :func:`check_numeric_slope`: the slope ``dE/dw_oh1`` of the worked example (math.md §9.1)
  by central differences.
* 04.2 :func:`check_analytic_slope`: the same slope from the chain rule, ``−(t − y_o) f'(s_o) y_h1``.
* 04.3 :func:`check_rates`: a learning rate that converges and one that diverges on the linear-neuron bowl.
"""
from __future__ import annotations

import math

from .. import activations
from ..datasets.worked_example import error_with, worked_pass
from ..descent import MAX_STEPS, descent_path, get_surface
from ..formatting import plain
from .feedback import (ROUNDED, AnswerError, Feedback, as_number, checker, is_rounded, near, register_hints, rounded,
                       solutions_note)

__all__ = ["check_numeric_slope", "check_analytic_slope", "check_rates"]

SOLUTION = solutions_note("04_error_and_gradient_descent")    # ends the last hint of every exercise

register_hints("04.1", [
    "The slope is how much E changes per unit change of w: nudge w a little up and a little down.",
    "Central difference, Eq. (4.3): (E(w + h) − E(w − h)) / (2h) with a small h such as 1e-4. Mind the "
    "brackets: the whole difference is divided by the whole 2h.",
    "numeric_slope = (E_of(0.7 + h) - E_of(0.7 - h)) / (2 * h). " + SOLUTION,
])
register_hints("04.2", [
    "Follow the chain from w_oh1 to E: w_oh1 changes s_o, s_o changes y_o, y_o changes E.",
    "dE/dw_oh1 = dE/dy_o · dy_o/ds_o · ds_o/dw_oh1 = −(t − y_o) · f'(s_o) · y_h1, Eq. (4.7).",
    "With y_o = 0.5356, f'(s_o) = y_o(1 − y_o) = 0.2487 and y_h1 = 0.6035: −(1 − 0.5356) · 0.2487 · 0.6035. "
    + SOLUTION,
])
register_hints("04.3", [
    "Use the descent player: set a rate, play all 40 steps and read the outcome (converges, does not diverge, "
    "diverges).",
    "On this bowl the steepest curvature is λ = 1: rates above 2/λ = 2 diverge; rates well below 2 "
    "(but not tiny) converge within 40 steps.",
    "For example converging = 0.9 and diverging = 2.5. " + SOLUTION,
])


def _numbers() -> dict[str, float]:
    """The worked example's numbers behind exercises 04.1 and 04.2 (math.md §9.1, MSE)."""
    p = worked_pass("mse")
    return {"x1": p.x["x1"], "y_h1": p.y["h1"], "y_h2": p.y["h2"], "y_o": p.y["o"], "fprime_o": p.fprime["o"],
            "t": p.t, "E": p.E, "slope": p.gradient["w_oh1"],
            "numeric": (_E(0.7 + 1e-5) - _E(0.7 - 1e-5)) / 2e-5}


def _E(w_oh1: float) -> float:
    """E of the worked example with ``w_oh1`` changed (the ``E_of`` of the notebook)."""
    return error_with("w_oh1", w_oh1)


_STEPS = (1e-4, 1e-5, 1e-3, 1e-2, 1e-6, 1e-1)     # the h a learner may have used (1e-4 first)


def _sigma(s: float) -> float:
    return float(activations.logistic(s))


def _same(v: float, x: float) -> bool:
    """Equal to 0.1 % (relative): for mistakes whose values are tiny (the 4-decimal tolerance is too wide)."""
    return abs(v - x) <= 1e-3 * abs(x) + 1e-15


def _one_sided(v: float) -> str:
    """The one-sided difference formula ``v`` matches (closer than the central difference), else ``""``."""
    w = 0.7
    for h in _STEPS:
        up, mid, down = _E(w + h), _E(w), _E(w - h)
        central = (up - down) / (2 * h)
        for value, text in (((up - mid) / h, "(E(w + h) − E(w))/h"), ((mid - down) / h, "(E(w) − E(w − h))/h")):
            if abs(v - value) < 1e-9 and abs(v - value) < 0.1 * abs(v - central):
                return text
    return ""


@checker("04.1")
def check_numeric_slope(answer) -> Feedback:
    """Exercise 04.1: ``dE/dw_oh1`` at ``w_oh1 = 0.7`` by central differences (≈ −0.0697)."""
    v = as_number(answer, "numeric_slope")
    n = _numbers()
    right = n["numeric"]
    if near(v, right):
        message = f"dE/dw ≈ {right:.4f}: E goes down as w_oh1 goes up, so downhill is toward larger w"
        side = _one_sided(v)
        if side:
            message += (f". Note: you computed the one-sided difference {side}, not Eq. (4.3)'s central one "
                        "(E(w + h) − E(w − h))/2h; it is less accurate (its error shrinks like h, the central "
                        "one's like h²)")
        return Feedback(True, message, "04.1")
    if near(v, -right):
        return Feedback(False, "the sign is reversed: the slope is (E(w + h) − E(w − h)) / 2h, "
                               "the change of E when w goes *up*", "04.1")
    if near(v, 2 * right):
        return Feedback(False, "twice too large: the central difference spans 2h, so divide by 2h, not by h",
                        "04.1")
    if near(v, right / 2):
        return Feedback(False, "half the slope: divide by 2h, not by 4h (or take E(w + h) − E(w − h), "
                               "not half of it)", "04.1")
    if near(v, n["E"]):
        return Feedback(False, "that is the error E itself; the slope is the change of E per change of w", "04.1")
    for h in _STEPS:
        up, down = _E(0.7 + h), _E(0.7 - h)
        if _same(v, up - down / (2 * h)) or _same(v, down - up / (2 * h)):
            return Feedback(False, "brackets: you computed E(w + h) − E(w − h)/(2h), so only E(w − h) was divided. "
                                   "Write (E_of(0.7 + h) - E_of(0.7 - h)) / (2 * h)", "04.1")
        if _same(v, (up - down) / 2 * h) or _same(v, (down - up) / 2 * h):
            return Feedback(False, f"{v:.3g} is almost 0 because you divided by 2 and then *multiplied* by h: "
                                   "`/ 2 * h` means (… / 2) · h. Write `/ (2 * h)` with brackets", "04.1")
        if _same(v, up - down) or _same(v, down - up):
            return Feedback(False, "you forgot to divide by 2h: E(w + h) − E(w − h) is the change of E, the slope "
                                   "is that change per change of w, / (2 * h)", "04.1")
    if is_rounded(v, right):
        return Feedback(False, ROUNDED, "04.1")
    return Feedback(False, f"{plain(v)} is not the slope of E(w_oh1) at 0.7; evaluate E at 0.7 + h and 0.7 − h "
                           "and divide their difference by 2h", "04.1")


@checker("04.2")
def check_analytic_slope(answer) -> Feedback:
    """Exercise 04.2: ``dE/dw_oh1 = −(t − y_o) f'(s_o) y_h1`` (≈ −0.0697) by the chain rule, Eq. (4.7)."""
    v = as_number(answer, "analytic_slope")
    n = _numbers()
    right = n["slope"]
    err, fp, y_h1, y_o = n["t"] - n["y_o"], n["fprime_o"], n["y_h1"], n["y_o"]
    s_o = math.log(y_o / (1 - y_o))
    if near(v, right):
        return Feedback(True, f"dE/dw_oh1 = −(t − y_o)·f'(s_o)·y_h1 = {right:.4f}, the same as the numeric slope",
                        "04.2")
    if near(v, -right):
        return Feedback(False, "the sign is reversed: E = ½(t − y)² so dE/dy = −(t − y); with t > y the slope "
                               "is negative", "04.2")
    mistakes = [
        (err * y_h1, "your slope is missing the factor f'(s_o) = y_o(1 − y_o): y_o depends on w "
                     "through the logistic function"),
        (err * s_o * (1 - s_o) * y_h1, f"f' must be computed from the output y_o, not the state s_o: "
                                       f"f'(s_o) = y_o(1 − y_o) with y_o = {y_o:.4f}"),
        (2 * err * fp * y_h1, "twice too large: with E = ½(t − y)² the ½ cancels the 2 of the square, "
                              "so dE/dy_o = −(t − y_o), not −2(t − y_o)"),
        (err * fp * n["x1"], "you used the input x1 instead of the hidden activation y_h1: w_oh1 multiplies "
                             "y_h1, the activation of the unit it comes from"),
        (err * fp * n["y_h2"], "you used y_h2; w_oh1 comes from h1, so the last factor is y_h1"),
        (err * fp * 0.7, "you multiplied by the weight w_oh1 = 0.7; ds_o/dw_oh1 is what the weight multiplies, "
                         "the activation y_h1"),
        (err * _sigma(y_o) * (1 - _sigma(y_o)) * y_h1,
         f"you put y_o through σ again: f'(s_o) = σ(s_o)(1 − σ(s_o)) = y_o(1 − y_o), because σ(s_o) is already "
         f"y_o = {y_o:.4f}; use y_o * (1 - y_o), not σ(y_o)(1 − σ(y_o))"),
        (err * fp, "you left out y_h1: ds_o/dw_oh1 = y_h1 (what you have is the slope for the bias b_o)"),
    ]
    for value, message in mistakes:
        if near(v, -value):
            return Feedback(False, message, "04.2")
        if near(v, value):
            return Feedback(False, message + "; also mind the sign: dE/dy_o = −(t − y_o)", "04.2")
    if is_rounded(v, right) or rounded(v, right):
        # rounded(): the answer was built from rounded inputs (y_o ≈ 0.54, y_h1 ≈ 0.60 give −0.0686).
        return Feedback(False, ROUNDED, "04.2")
    return Feedback(False, f"{plain(v)} is not −(t − y_o)·f'(s_o)·y_h1; compute each factor separately", "04.2")


def _rate(answer, which: str) -> float:
    r = as_number(answer, f"`{which}`")
    if r <= 0:
        raise AnswerError(f"`{which}` = {r:g}: a learning rate must be a number > 0")
    return r


@checker("04.3")
def check_rates(converging, diverging) -> Feedback:
    """Exercise 04.3: one rate that converges (E ≤ 0.001 within 40 steps) and one that diverges.

    Both are run on the linear-neuron bowl of the descent player, from its start point (−2, −2),
    and classified as the player does (:meth:`nnteach.descent.DescentPath.describe`):
    converges, does not diverge, or diverges (E climbs above 10× its start within the 40 steps).
    """
    a, b = _rate(converging, "converging"), _rate(diverging, "diverging")
    bowl = get_surface("linear neuron")
    run_a = descent_path(bowl, bowl.start, a, MAX_STEPS)
    run_b = descent_path(bowl, bowl.start, b, MAX_STEPS)
    problems = []
    if run_a.outcome == "diverges":
        problems.append(f"ε = {a:g} {run_a.describe()} — for `converging` pick a smaller rate")
    elif run_a.outcome != "converges":
        fix = "a smaller rate" if run_a.zigzag else "a larger rate"
        problems.append(f"ε = {a:g} {run_a.describe()} — for `converging` pick {fix}")
    if run_b.outcome != "diverges":
        why = (" (above 2/λ = 2 it would diverge eventually, but not within the 40 steps)"
               if run_b.growing else "")
        problems.append(f"ε = {b:g} {run_b.describe()} — for `diverging` pick one that diverges within the "
                        f"40 steps (a larger rate){why}")
    if problems:
        return Feedback(False, "; ".join(problems), "04.3", {"converging": run_a, "diverging": run_b})
    return Feedback(True, f"ε = {a:g} {run_a.describe()}; ε = {b:g} {run_b.describe()}. "
                          "The limit is 2/λ = 2", "04.3", {"converging": run_a, "diverging": run_b})
