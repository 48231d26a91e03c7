"""Checks for the exercises of notebook 07 (recurrent networks).

* 07.1 :func:`check_error_factor`: the factor ``∂s(4)/∂s(1)`` of a self-connected logistic neuron
  (activation feedback) by hand, from its states (:data:`EXERCISE_07_1`; Eq. 7.6, math.md §3.4).
* 07.2 :func:`check_explosion`: the self-weight above which a logistic unit held at ``s = 0`` makes an
  error grow, and the number of steps after which ``1.1^q`` passes 100.

The right answers come from :class:`nnteach.recurrent.SelfConnectedNeuron` and plain arithmetic.
"""
from __future__ import annotations

import math

import numpy as np

from ..activations import logistic
from ..formatting import plain
from ..recurrent import SelfConnectedNeuron
from .feedback import (ROUNDED, Feedback, as_number, checker, is_rounded, near, register_hints,
                       solutions_note)

__all__ = ["EXERCISE_07_1", "exercise_neuron", "check_error_factor", "check_explosion"]

SOLUTION = solutions_note("07_recurrent_networks")    # ends the last hint of every exercise

#: Exercise 07.1: a logistic neuron, s(t) = w·y(t−1) + x(t), from s(0) = 0, over these inputs.
EXERCISE_07_1 = {"w": 1.5, "x": (0.5, -1.0, 2.0, 0.0)}

register_hints("07.1", [
    "An error at s(4) reaches s(1) through three steps: s(4) ← s(3) ← s(2) ← s(1). Each step multiplies it "
    "by ∂s(t)/∂s(t−1) = w·f'(s(t−1)).",
    "∂s(4)/∂s(1) = w·f'(s(3)) · w·f'(s(2)) · w·f'(s(1)), Eq. (7.6): three factors, each with the slope f' at "
    "the state the step starts from (not at 0), f'(s) = y(1 − y) with y = σ(s).",
    "With the trace printed above: factor = np.prod(neuron.w * y[1:4] * (1 - y[1:4])), where neuron.w is "
    "w = 1.5 and y[k] = y(k). " + SOLUTION,
])
register_hints("07.2", [
    "An error grows when every step multiplies it by more than 1 in size: |w·f'| > 1.",
    "(a) At s = 0 the logistic slope is f'(0) = 0.25, so the factor per step is w·0.25. (b) After q steps the "
    "factor is 1.1^q: find the first whole q with 1.1^q > 100 (take logarithms: q > ln 100 / ln 1.1).",
    "w_threshold = 4 (4 · 0.25 = 1); q_100 = 49, because 1.1^48 = 97.0 and 1.1^49 = 106.7. " + SOLUTION,
])


def exercise_neuron():
    """The neuron of exercise 07.1 and its trace: ``(neuron, trace)``, states ``s(1) … s(4)`` from ``s(0) = 0``."""
    c = EXERCISE_07_1
    neuron = SelfConnectedNeuron(w=c["w"], feedback="activation", activation="logistic", w_in=1.0, s0=0.0)
    return neuron, neuron.run(np.array(c["x"]))


def _sigma(s: float) -> float:
    return float(logistic(s))


@checker("07.1")
def check_error_factor(factor) -> Feedback:
    """Exercise 07.1: ``∂s(4)/∂s(1) = ∏_{r=1}^{3} w f'(s(4 − r))`` of :data:`EXERCISE_07_1` (≈ 0.0078)."""
    v = as_number(factor, "factor")
    _, trace = exercise_neuron()
    w = EXERCISE_07_1["w"]
    s = np.concatenate([[0.0], trace.s])               # s[0] … s[4]
    y = np.array([_sigma(v_) for v_ in s])
    fp = y * (1 - y)
    right = float(np.prod(w * fp[1:4]))
    ex = "07.1"
    if near(v, right):
        return Feedback(True, f"∂s(4)/∂s(1) = w f'(s(3)) · w f'(s(2)) · w f'(s(1)) = "
                              f"{w * fp[3]:.4f} · {w * fp[2]:.4f} · {w * fp[1]:.4f} = {right:.4f}: an error "
                              f"arriving at s(4) keeps {100 * right:.1f}% of its size three steps back", ex)
    mistakes = [
        (w ** 3, "you left out f': ∂s(t)/∂s(t−1) = w·f'(s(t−1)) for activation feedback (w alone, w³, would be "
                 "state feedback, s(t) = w·s(t−1) + …)"),
        ((w * 0.25) ** 3, "you used f'(0) = 0.25 at every step; f' must be taken at the state each step starts "
                          "from: f'(s(3)), f'(s(2)), f'(s(1))"),
        (float(np.prod(w * fp[2:4])), "two factors, for q − 1 = 2 steps; from s(1) to s(4) are q = 3 steps: "
                                      "three factors w f'(s(3)) · w f'(s(2)) · w f'(s(1))"),
        (float(np.prod(w * fp[1:3])), "two factors, for q − 1 = 2 steps; from s(1) to s(4) are q = 3 steps: "
                                      "three factors, the last one w f'(s(3))"),
        (float(np.prod(w * fp[0:4])), "four factors, for q + 1 steps: w f'(s(0)) belongs to the step from s(0) to "
                                      "s(1), which is not on the way from s(4) back to s(1)"),
        (float(np.prod(w * fp[2:5])), "your slopes are one step late: the step s(t−1) → s(t) multiplies by "
                                      "w·f'(s(t−1)), the slope where it starts: f'(s(3)), f'(s(2)), f'(s(1)), "
                                      "not f'(s(4))"),
        (float(np.prod(fp[1:4])), "you left out the self-weight w: each step multiplies by w·f'"),
        (float(np.prod(w * s[1:4] * (1 - s[1:4]))), "f' must be computed from the activation y = σ(s), not from "
                                                    "the state: f'(s) = y(1 − y)"),
        (float(np.prod(w * y[1:4])), "you multiplied by the activations y; the factor per step is w·f'(s) = "
                                     "w·y(1 − y)"),
        (float(np.sum(w * fp[1:4])), "you added the factors; an error passes the steps one after another, so "
                                     "they multiply"),
    ]
    for value, message in mistakes:
        if near(v, value):
            return Feedback(False, message, ex)
        if near(v, -value):
            return Feedback(False, message + "; and mind the sign: every factor here is positive", ex)
    if near(v, -right):
        return Feedback(False, "the sign is reversed: w = 1.5 and f' > 0, so every factor is positive", ex)
    if is_rounded(v, right):
        return Feedback(False, ROUNDED, ex)
    return Feedback(False, f"{plain(v)} is not w f'(s(3)) · w f'(s(2)) · w f'(s(1)); compute f'(s) = y(1 − y) "
                           "for each of the three states", ex)


@checker("07.2")
def check_explosion(w_threshold, q_100) -> Feedback:
    """Exercise 07.2: (a) the self-weight at which a logistic unit held at ``s = 0`` starts to make an error
    grow, ``w · f'(0) = 1`` → 4; (b) the first whole ``q`` with ``1.1^q > 100`` → 49."""
    w = as_number(w_threshold, "w_threshold")
    q = as_number(q_100, "q_100")
    problems = []
    ok_w = abs(w - 4.0) < 0.01
    if not ok_w:
        named = [(1.0, "w_threshold = 1 forgets the slope: per step the error is multiplied by w·f'(0) = w·0.25, "
                       "not by w"),
                 (0.25, "w_threshold = 0.25 is f'(0) itself; the factor per step is w·0.25, and it passes 1 "
                        "when w passes …"),
                 (2.0, "w_threshold = 2: the slope of the logistic function at 0 is 0.25 (not 0.5)"),
                 (16.0, "w_threshold = 16: one factor w·f'(0) per step, not w·f'(0)²"),
                 (-4.0, "w_threshold = −4 gives |w·f'| = 1 too, but the question asks for the positive weight")]
        for value, message in named:
            if abs(w - value) < 0.01:
                problems.append(message)
                break
        else:
            if 4.0 < w < 1e6:
                problems.append(f"with w = {w:g} the error does grow ({w:g}·0.25 = {0.25 * w:g} > 1), but the "
                                "threshold is lower: where w·0.25 is exactly 1")
            elif 0 < w < 4.0:
                problems.append(f"with w = {w:g} the factor per step is {w:g}·0.25 = {0.25 * w:g} < 1: the error "
                                "still fades; the threshold is where w·0.25 = 1")
            else:
                problems.append(f"w_threshold = {plain(w)}: the threshold is the w with w·f'(0) = w·0.25 = 1")
    exact = math.log(100) / math.log(1.1)                 # 48.3…
    ok_q = q == 49
    if not ok_q:
        if abs(q - exact) < 0.01 or (abs(q - round(q)) > 1e-9 and 48 < q < 50):
            problems.append(f"q_100 = {q:.10g} is not a whole number of steps: 1.1^q = 100 at q = {exact:.2f}, so "
                            "the first whole step past 100 is the next one up")
        elif abs(q - round(q)) > 1e-9:
            problems.append(f"q_100 = {q:.10g} is not a whole number of steps; find the first whole q with "
                            "1.1^q > 100")
        elif q == 48:
            problems.append("q_100 = 48 is one step short: 1.1^48 = 97.0 is still below 100; it passes 100 "
                            "at the next step")
        elif q == 50:
            problems.append("q_100 = 50: 1.1^50 = 117 (math.md §3.4) is above 100, but it passed 100 one step "
                            "earlier (1.1^49 = 106.7)")
        elif q in (90, 91):
            problems.append("q_100 = 91 treats the growth as 1.1·q (linear); each step *multiplies* by 1.1, so "
                            "it is 1.1^q, which passes 100 much sooner")
        elif q in (20, 21):
            problems.append("q_100 = 21 mixes logarithms: use the same base above and below, "
                            "q > ln 100 / ln 1.1 = log10 100 / log10 1.1")
        elif q > 1000:
            problems.append(f"q_100 = {q:g}: 1.1^q passed 100 long before that; find the first whole q with "
                            "1.1^q > 100")
        else:
            problems.append(f"q_100 = {q:g}: 1.1^{q:g} = {1.1 ** q:.4g}; find the first "
                            "whole q with 1.1^q > 100")
    if not problems:
        return Feedback(True, "w_threshold = 4: 4 · f'(0) = 4 · 0.25 = 1, so above 4 an error held at s = 0 grows; "
                              f"q_100 = 49: 1.1^48 = {1.1 ** 48:.1f} < 100 < 1.1^49 = {1.1 ** 49:.1f}", "07.2")
    head = "w_threshold is right; " if ok_w else "q_100 is right; " if ok_q else ""
    return Feedback(False, head + "; ".join(problems), "07.2")
