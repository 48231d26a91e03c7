"""Checks for the exercises of notebook 06 (training in practice).

* 06.1 :func:`check_schedule`: a learning-rate schedule (a number, a list or a function, as
  :func:`nnteach.train` takes it) that trains the two spirals.  The check runs a short, seeded
  training with it (:data:`SPIRALS`) and says what happened: diverged, unstable, too slow,
  plateaued or solved (:func:`describe_run`).
* 06.2 :func:`check_cross_entropy_delta`: the output delta of the worked example saturated on the
  wrong side (``b_o = −4``, ``t = 1``, notebook 04) under MSE and under cross-entropy.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from ..datasets import two_spirals
from ..datasets.worked_example import TARGET, WORKED_WEIGHTS, forward
from ..formatting import plain
from ..perceptron import Perceptron
from ..train import TrainingDiverged, train
from .feedback import (ROUNDED, AnswerError, Feedback, as_number, checker, is_rounded, named_mistake, near,
                       register_hints, solutions_note)

__all__ = ["check_schedule", "check_cross_entropy_delta", "describe_run", "RunVerdict", "spirals_run",
           "SPIRALS", "SATURATED_B_O", "saturated_numbers"]

SOLUTION = solutions_note("06_training_in_practice")    # ends the last hint of every exercise

#: The training run of exercise 06.1: data, network and options (all seeded).
SPIRALS = dict(n=150, noise=0.05, turns=1.5, data_seed=0, hidden=(16, 16), activation="tanh", init="xavier", seed=1,
               iterations=300, batch_size=10, cost="cross_entropy", target=0.02)
#: Exercise 06.2: the worked example with the output bias set to −4 (the output saturated on the wrong side).
SATURATED_B_O = -4.0
#: The longest a schedule's training may take (wall time) before the check gives up on it.
TIME_LIMIT_S = 30.0

register_hints("06.1", [
    "Run the check with a few plain numbers first (0.1, 1, 10) and read what it says happened: which rates "
    "crawl or get stuck on a plateau, which ones make the error jump around or blow up?",
    "Small constant rates (0.4 and less) are too slow here; from 0.5 on the error spikes up now and then, and "
    "from about 1.9 on the steps overshoot for good (from about 3.5 the units saturate). Between 1 and 1.8 some "
    "constant rates make it and their neighbours do not. A schedule can start large, to travel fast, and end "
    "smaller, to settle: a list such as [big, smaller] (each for half of the 300 epochs) or a function of the "
    "epoch that decreases, starting around 2.",
    "For example my_rate = lambda epoch: 2.0 * 0.99 ** epoch (2 at first, 1 after 69 epochs, 0.5 after 138), "
    "or the list [1.5, 0.7]. " + SOLUTION,
])
register_hints("06.2", [
    "Both deltas are −∂E/∂s_o. MSE keeps the factor f'(s_o) = y_o(1 − y_o); for cross-entropy with a logistic "
    "output it cancels, Eq. (6.5).",
    "delta_mse = (t − y_o)·y_o·(1 − y_o) and delta_ce = t − y_o, with t = 1 and the y_o printed above "
    "(about 0.0197).",
    "delta_mse = (t[0] - y_o) * y_o * (1 - y_o); delta_ce = t[0] - y_o. " + SOLUTION,
])


# -- 06.1 a schedule for the spirals --------------------------------------------------------------
@dataclass
class RunVerdict:
    """What happened in a training run.

    Attributes:
        outcome: ``"solved"``, ``"diverged"``, ``"unstable"``, ``"too slow"`` or ``"plateaued"``.
        message: one sentence for the learner.
        history: the reported error after each epoch.
        epochs: epochs run.
    """

    outcome: str
    message: str
    history: list[float]
    epochs: int


def describe_run(history, target: float, iterations: int, diverged: str | None = None) -> RunVerdict:
    """Sort a training run into one outcome, by its error curve (the reported error after each epoch).

    * **solved**: the error reached ``target`` (training stopped there);
    * **diverged**: the loss became NaN/inf, or the outputs saturated (error stuck at 0.45 or more);
    * **unstable**: in the last third of the run the error jumped more than 0.05 above its lowest value
      so far (the steps overshoot);
    * **too slow**: still falling when the epochs ran out (more than 1 % over the last 30 % of the run);
    * **plateaued**: otherwise: the error stopped falling, above the target.
    """
    h = [float(v) for v in history]
    n = len(h)
    if diverged is not None:
        return RunVerdict("diverged", f"diverged: {diverged.split('.')[0]} — the rate is far too large", h, n)
    if n and h[-1] <= target:
        return RunVerdict("solved", f"solved: the reported error fell to the target {target:g} at epoch {n} "
                                    f"(error {h[-1]:.5f})", h, n)
    if not n:
        return RunVerdict("plateaued", "no epoch was run", h, n)
    a = np.array(h)
    if a[-1] >= 0.45:
        return RunVerdict("diverged", f"diverged: the error ended at {a[-1]:.4f}, as bad as guessing — the steps are so "
                                      "large that the units saturate (their outputs stick at 0 or 1); use smaller "
                                      "rates", h, n)
    third = max(1, n // 3)
    jump = float(np.max(a[-third:] - np.minimum.accumulate(a)[-third:]))
    if jump > 0.05:
        return RunVerdict("unstable", f"unstable: after {n} epochs the error is {a[-1]:.4f}; in the last "
                                      f"{third} epochs it jumped up by as much as {jump:.2f} above its lowest value: "
                                      "the steps overshoot — the rate is too large to settle (make it smaller "
                                      "later in the run)", h, n)
    k = int(0.7 * n)
    drop = (a[k] - a[-1]) / a[k]
    if drop > 0.01:
        return RunVerdict("too slow", f"too slow: the error is still falling when the {iterations} epochs run out "
                                      f"({a[k]:.4f} at epoch {k + 1}, {a[-1]:.4f} at the end, the target is "
                                      f"{target:g}) — larger rates get there sooner", h, n)
    return RunVerdict("plateaued", f"plateaued: the error stopped falling at about {a[-1]:.4f} (the target is "
                                   f"{target:g}): the network is stuck on a flat part of the error surface — a "
                                   "larger rate early on can jump off it", h, n)


def spirals_run(rate, time_limit: float = TIME_LIMIT_S) -> RunVerdict:
    """Train the network of :data:`SPIRALS` with ``rate`` (a number, a list or a function, as
    :func:`nnteach.train` takes it) and describe the run (:func:`describe_run`).

    Raises ``ValueError`` for a rate ``train`` does not accept; any exception of a rate function
    passes through.  Stops after ``time_limit`` seconds of wall time (then the run is "too slow").
    """
    c = SPIRALS
    X, T = two_spirals(n=c["n"], noise=c["noise"], turns=c["turns"], seed=c["data_seed"])
    net = Perceptron(2, *c["hidden"], 1, activation=c["activation"], output_activation="logistic", seed=c["seed"],
                     init=c["init"])
    start = time.perf_counter()
    out_of_time = {"flag": False}

    def clock(info):
        if time.perf_counter() - start > time_limit:
            out_of_time["flag"] = True
            return True
        return None

    try:
        result = train(net, (X, T), rate=rate, iterations=c["iterations"], error=c["target"],
                       batch_size=c["batch_size"], cost=c["cost"], shuffle=True, seed=c["seed"], callback=clock)
    except TrainingDiverged as exc:
        return describe_run([], c["target"], c["iterations"], diverged=str(exc))
    verdict = describe_run(result.history, c["target"], c["iterations"])
    if out_of_time["flag"]:
        verdict.outcome = "too slow"
        verdict.message = (f"too slow to compute: the training took more than {time_limit:g} s, so the check "
                           f"stopped it after {result.epochs} epochs (is your rate function slow?)")
    return verdict


def _schedule(answer):
    """The learner's schedule as ``train`` takes it, or :class:`AnswerError` saying what is wrong."""
    if answer is None or answer is ...:
        raise AnswerError("fill in my_rate first (replace the ...): a number, a list of numbers, or a function "
                          "of the epoch")
    if isinstance(answer, str):
        raise AnswerError(f"my_rate is the text {answer!r}; give a number (0.5), a list ([5.0, 1.0, 0.2]) or a "
                          "function (lambda epoch: 1 / (1 + epoch)), without quotes")
    if isinstance(answer, bool):
        raise AnswerError("my_rate must be a number, a list or a function, not True/False")
    if callable(answer):
        return answer
    if isinstance(answer, (list, tuple, np.ndarray)):
        values = np.asarray(answer, dtype=object).reshape(-1)
        if len(values) == 0:
            raise AnswerError("my_rate is an empty list; give at least one rate, e.g. [5.0, 1.0, 0.2]")
        rates = []
        for k, v in enumerate(values):
            try:
                r = float(v)
            except (TypeError, ValueError):
                raise AnswerError(f"my_rate[{k}] is {v!r}; every entry of the list must be a number") from None
            if not math.isfinite(r) or r <= 0:
                raise AnswerError(f"my_rate[{k}] = {v!r}: every rate must be a finite number > 0")
            rates.append(r)
        return rates
    r = as_number(answer, "my_rate")
    if r <= 0:
        raise AnswerError(f"my_rate = {r:g}: a learning rate must be a number > 0")
    return r


@checker("06.1")
def check_schedule(my_rate) -> Feedback:
    """Exercise 06.1: train the two spirals (:data:`SPIRALS`: a 2-16-16-1 tanh network, 300 epochs, target error 0.02) with ``my_rate``.

    ``my_rate`` is what :func:`nnteach.train` takes: a number, a list (the epochs are split into equal
    buckets, one rate each) or a function ``rate(epoch)`` or ``rate(epoch, error)``.
    """
    rate = _schedule(my_rate)
    try:
        verdict = spirals_run(rate)
    except ValueError as exc:             # train's own check of the rate (e.g. a function returning -1)
        return Feedback(False, f"train did not accept it: {exc}", "06.1")
    except Exception as exc:              # noqa: BLE001 - the learner's function may raise anything
        return Feedback(False, f"your rate function raised {type(exc).__name__}: {exc} (it is called as "
                               "rate(epoch) with epoch = 0, 1, 2, …, or as rate(epoch, error) if it takes two "
                               "arguments)", "06.1")
    kind = "function" if callable(rate) else "list" if isinstance(rate, list) else "constant rate"
    if verdict.outcome == "solved":
        extra = ""
        if kind == "constant rate":
            extra = ". A constant rate can do it; does a schedule that starts larger and decreases need fewer epochs?"
        return Feedback(True, f"{verdict.message} ({kind}){extra}", "06.1", {"verdict": verdict})
    return Feedback(False, f"{verdict.message} ({kind})", "06.1", {"verdict": verdict})


# -- 06.2 the cross-entropy delta -----------------------------------------------------------------
def saturated_numbers() -> dict[str, float]:
    """The worked example with ``b_o = −4`` (math.md §9.1, notebook 04's saturated output): its output and deltas.

    Plain floats from :func:`nnteach.datasets.worked_example.forward` (no model code).
    """
    weights = {name: value for name, (_, _, value) in WORKED_WEIGHTS.items()}
    weights["b_o"] = SATURATED_B_O
    s, y = forward(weights)
    y_o, t = y["o"], TARGET
    fp = y_o * (1 - y_o)
    return {"s_o": s["o"], "y_o": y_o, "t": t, "fprime": fp, "delta_mse": (t - y_o) * fp, "delta_ce": t - y_o,
            "E_ce": -math.log(y_o), "E_mse": 0.5 * (t - y_o) ** 2}


@checker("06.2")
def check_cross_entropy_delta(delta_mse, delta_ce) -> Feedback:
    """Exercise 06.2: the output deltas of the saturated worked example (``b_o = −4``, ``t = 1``):
    ``delta_mse = (t − y_o) f'(s_o)`` ≈ 0.0189 (Eq. 5.2a) and ``delta_ce = t − y_o`` ≈ 0.9803 (Eq. 5.3)."""
    a = as_number(delta_mse, "delta_mse")
    b = as_number(delta_ce, "delta_ce")
    n = saturated_numbers()
    right_mse, right_ce = n["delta_mse"], n["delta_ce"]
    err, y_o, fp, s_o = n["t"] - n["y_o"], n["y_o"], n["fprime"], n["s_o"]
    ex = "06.2"
    ok_mse, ok_ce = near(a, right_mse), near(b, right_ce)
    if ok_mse and ok_ce:
        return Feedback(True, f"δ_o = {right_mse:.4f} under MSE, {right_ce:.4f} under cross-entropy: "
                              f"{right_ce / right_mse:.0f} times larger, because f'(s_o) = {fp:.4f} cancels", ex)
    if near(a, right_ce) and near(b, right_mse):
        return Feedback(False, "the two are swapped: the MSE delta keeps the small factor f'(s_o), the "
                               "cross-entropy delta is t − y_o", ex)
    problems = []
    if not ok_mse:
        mse_mistakes = [
            (-right_mse, "the sign of delta_mse is reversed: δ = −∂E/∂s = (t − y_o)·f'(s_o), positive when the "
                         "output is too small"),
            (err, "delta_mse is missing the factor f'(s_o) = y_o(1 − y_o): t − y_o alone is the cross-entropy delta"),
            (err * 0.25, f"delta_mse uses f'(0) = 0.25; f' must be taken at the output's state, "
                         f"f'(s_o) = y_o(1 − y_o) = {fp:.4f}"),
            (err * s_o * (1 - s_o), "delta_mse computes f' from the state s_o; use the output: f'(s_o) = y_o(1 − y_o)"),
            (2 * right_mse, "delta_mse is twice too large: with E = ½(t − y)² the ½ cancels the 2 of the square"),
            (y_o * fp, "delta_mse uses y_o where the injected error t − y_o belongs: δ_o = (t − y_o)·f'(s_o)"),
            (fp, "delta_mse is f'(s_o) alone; multiply by the injected error t − y_o"),
            (n["E_mse"], "that is the MSE error E = ½(t − y_o)²; the delta is (t − y_o)·f'(s_o)"),
        ]
        problems.append(named_mistake(a, mse_mistakes)
                        or (ROUNDED.replace("right idea, but your", "delta_mse: right idea, but the")
                            if is_rounded(a, right_mse) else
                            f"delta_mse = {plain(a)} is not (t − y_o)·y_o·(1 − y_o) with y_o = {y_o:.4f}"))
    if not ok_ce:
        ce_mistakes = [
            (-right_ce, "the sign of delta_ce is reversed: δ_o = t − y_o, positive when the output is too small"),
            (right_mse, "delta_ce still has the factor f'(s_o): with cross-entropy and a logistic output it cancels, "
                        "δ_o = t − y_o"),
            (err / fp, "delta_ce divides by f'(s_o): that is −∂E/∂y_o = (t − y_o)/(y_o(1 − y_o)); the delta is "
                       "−∂E/∂s_o = −∂E/∂y_o · f'(s_o), and the f' cancels the denominator: δ_o = t − y_o"),
            (n["E_ce"], "that is the cross-entropy error E = −ln y_o; the delta is t − y_o"),
            (y_o, "delta_ce is y_o; the delta is the injected error t − y_o"),
            (err * 0.25, "delta_ce has a factor 0.25 = f'(0); with cross-entropy there is no f' at all: δ_o = t − y_o"),
        ]
        problems.append(named_mistake(b, ce_mistakes)
                        or (ROUNDED.replace("right idea, but your", "delta_ce: right idea, but the")
                            if is_rounded(b, right_ce) else
                            f"delta_ce = {plain(b)} is not t − y_o with t = 1, y_o = {y_o:.4f}"))
    head = "delta_mse is right; " if ok_mse else "delta_ce is right; " if ok_ce else ""
    return Feedback(False, head + "; ".join(problems), ex)
