"""Checks for the exercises of notebook 09 (the LSTM).

Both read the network the learner trained in the notebook (passed in), so the answer they expect is
what that network does, computed from :meth:`nnteach.lstm.LSTM.run`.

* 09.1 :func:`check_target_gate`: which gate opens when a target arrives, and at which steps of a trial.
  A gate "opens at the targets" by how much more it opens at the target steps than at the distractor
  steps (mean over the given trials, the largest such difference over the cells); the check names the
  gate that does it most and compares the learner's steps with the trial's target steps.
* 09.2 :func:`check_peephole_effect`: the value the output gate would have at a step without its
  peephole, ``σ(ō − p_o c^t)`` (Eq. 9.5: the output gate peeps at the *new* cell state ``c^t``).
"""
from __future__ import annotations

import math

import numpy as np

from ..activations import logistic
from ..datasets.sequences import RecallTrials
from ..formatting import fixed, plain
from .feedback import (ROUNDED, AnswerError, Feedback, as_array, as_number, checker, is_rounded, near,
                       register_hints, solutions_note)

__all__ = ["check_target_gate", "check_peephole_effect", "gate_openings", "GATES"]

SOLUTION = solutions_note("09_lstm")

#: The gates a learner may name, and the ways to name them.
GATES = {"i": "input gate", "f": "forget gate", "o": "output gate"}
_ALIASES = {"i": "i", "input": "i", "input gate": "i", "in": "i", "f": "f", "forget": "f", "forget gate": "f",
            "o": "o", "output": "o", "output gate": "o", "out": "o"}

register_hints("09.1", [
    "Find the two framed blue columns in the heat map: those steps bring a target. Which of the three gate maps "
    "changes colour exactly there (dark at the targets, pale at the distractors around them)?",
    "A target must get *into* a cell, and the distractors must not: that is the job of the gate on the "
    "connection into the cell. The steps are the numbers on the time axis under the framed columns (they count "
    "from 1).",
    "gate = \"input\" and steps = the two target steps of trial 9, e.g. list(exercise.result.target_steps) "
    "(exercise is the heat map of this cell). " + SOLUTION,
])
register_hints("09.2", [
    "Eq. (9.5): ō = W_o x + R_o y^{t-1} + p_o ⊙ c^t + b_o and o = σ(ō). Without the peephole the term p_o c^t "
    "is missing from ō. So get ō back from o, take the term away, and squash again.",
    "ō = log(o / (1 − o)) (the inverse of σ). Use the cell state of the same step t, c^t = run.c[t − 1, m − 1], "
    "not c^{t-1}: the output gate peeps at the new cell state. p_o is lstm.params[\"po\"][m − 1].",
    "o_bar = np.log(o / (1 - o)); o_without = 1 / (1 + np.exp(-(o_bar - po * c))) with o, c and po of step t "
    "and cell m. " + SOLUTION,
])


def gate_openings(network, trials: RecallTrials) -> dict[str, np.ndarray]:
    """For each gate ``"i"``, ``"f"``, ``"o"``: ``(M,)`` its mean at the target steps minus its mean at the
    distractor steps of ``trials``, per cell (how much more the gate opens when a target arrives)."""
    run = network.run(trials.X)
    kinds = trials.step_kinds()
    at_targets, at_distractors = run.mean_at(kinds == "target"), run.mean_at(kinds == "distractor")
    return {g: at_targets[g] - at_distractors[g] for g in GATES}


def _gate_name(answer) -> str:
    if answer is None or answer is ...:
        raise AnswerError("fill in gate first (replace the ...): \"input\", \"forget\" or \"output\"")
    if not isinstance(answer, str):
        if callable(answer) and getattr(answer, "__name__", "") in ("input", "raw_input"):
            raise AnswerError("gate is Python's own function input, not a name: put it in quotes, \"input\"")
        raise AnswerError(f"gate must be a name in quotes, \"input\", \"forget\" or \"output\"; got {answer!r}")
    key = " ".join(answer.strip().lower().replace("_", " ").split())
    if key not in _ALIASES:
        why = {"z": " (the block input z is what a cell may write, not a gate)",
               "block input": " (the block input z is what a cell may write, not a gate)",
               "cell": " (the cell state c is what the gates protect, not a gate)",
               "c": " (the cell state c is what the gates protect, not a gate)"}.get(key, "")
        raise AnswerError(f"gate {answer!r} is not one of the LSTM's gates: \"input\", \"forget\" or \"output\"{why}")
    return _ALIASES[key]


def _steps(answer, L: int) -> list[int]:
    if answer is None or answer is ...:
        raise AnswerError("fill in steps first (replace the ...): the time steps of the targets, e.g. [3, 9]")
    a = as_array(answer, "steps").reshape(-1)
    if a.size == 0:
        raise AnswerError("steps is empty: give the time steps where the targets arrive, e.g. [3, 9]")
    if not np.all(a == np.round(a)):
        raise AnswerError(f"steps must be whole numbers (time steps); got {answer!r}")
    return sorted(int(v) for v in a)


def _check_inputs(network, trials, trial) -> None:
    if not hasattr(network, "run") or not hasattr(network, "params"):
        raise AnswerError(f"the network must be the trained nnteach.LSTM; got {type(network).__name__}")
    if not isinstance(trials, RecallTrials):
        raise AnswerError(f"trials must be the RecallTrials of the notebook; got {type(trials).__name__}")
    if isinstance(trial, bool) or not isinstance(trial, (int, np.integer)) or not 0 <= trial < len(trials):
        raise AnswerError(f"trial must be a trial number 0 … {len(trials) - 1}; got {trial!r}")


@checker("09.1")
def check_target_gate(gate, steps, network, trials: RecallTrials, trial: int) -> Feedback:
    """Exercise 09.1: the gate that opens when a target arrives, and the target steps of one trial.

    ``gate``: "input", "forget" or "output" (or "i", "f", "o"); ``steps``: the 1-based time steps of
    the targets in trial ``trial`` of ``trials``.  The right gate is the one that opens most at the
    targets compared with the distractors (:func:`gate_openings`, over all ``trials``).
    """
    ex = "09.1"
    _check_inputs(network, trials, trial)
    g = _gate_name(gate)
    L = trials.X.shape[1]
    given = _steps(steps, L)
    openings = gate_openings(network, trials)
    best = {k: (float(v.max()), int(v.argmax()) + 1) for k, v in openings.items()}
    right = max(best, key=lambda k: best[k][0])
    truth = sorted(int(p) + 1 for p in trials.positions[trial])
    prompts = [int(t) + 1 for t in np.flatnonzero(trials.mask[trial])]
    symbols = trials.symbols[trial]
    problems = []
    if g != right:
        mine, theirs = best[g], best[right]
        why = {"f": "a forget gate that stays open keeps what the cell holds; it has no reason to open just when a "
                    "target arrives",
               "o": "the output gate decides what the cell shows, which matters at the prompts, not when a target "
                    "arrives",
               "i": "the input gate decides what gets into the cell"}[g]
        problems.append(f"not the {GATES[g]}: over these {len(trials)} trials it opens at most {mine[0]:.2f} more at a "
                        f"target than at a distractor (cell {mine[1]}), the {GATES[right]} {theirs[0]:.2f} (cell "
                        f"{theirs[1]}); {why}")
    repeated = sorted({t for t in given if given.count(t) > 1})
    if repeated:
        problems.append(f"t = {', '.join(map(str, repeated))} is given more than once: a trial has two targets at two "
                        "different steps; give each step once")
        given = sorted(set(given))
    if given != truth:
        if given == [t - 1 for t in truth]:
            problems.append(f"off by one: the steps count from 1 (the heat map's time axis), so the targets are at "
                            f"t = {', '.join(map(str, truth))}; you gave the array indices")
        elif set(given) <= set(prompts):
            problems.append(f"t = {', '.join(map(str, given))} {'is a prompt' if len(given) == 1 else 'are the prompts'}"
                            f" (they ask for the targets); the targets arrive earlier, framed in blue")
        else:
            wrong = [t for t in given if t not in truth]
            missing = [t for t in truth if t not in given]
            parts = []
            for t in wrong:
                if not 1 <= t <= L:
                    parts.append(f"t = {t} is not a step of the trial (1 … {L})")
                else:
                    kind = "a prompt" if t in prompts else "a distractor"
                    parts.append(f"at t = {t} the symbol is {symbols[t - 1]}, {kind}")
            if missing:
                parts.append(f"trial {trial} {'also ' if len(missing) < len(truth) else ''}has a target at "
                             f"t = {', '.join(map(str, missing))}")
            problems.append("; ".join(parts))
    details = {"openings": openings, "right": right, "target_steps": truth}
    if problems:
        return Feedback(False, "; ".join(problems), ex, details)
    return Feedback(True, f"the {GATES[right]} lets the targets in: it opens {best[right][0]:.2f} more at a target "
                          f"than at a distractor (cell {best[right][1]}, mean over {len(trials)} trials); in trial "
                          f"{trial} the targets arrive at t = {', '.join(map(str, truth))}", ex, details)


@checker("09.2")
def check_peephole_effect(answer, network, trials: RecallTrials, trial: int, t: int, cell: int) -> Feedback:
    """Exercise 09.2: the output gate of ``cell`` at step ``t`` of trial ``trial`` without its peephole.

    With the peephole, Eq. (9.5): ``o = σ(ō)``, ``ō = W_o x + R_o y^{t−1} + p_o c^t + b_o``.  Without it,
    the same step gives ``σ(ō − p_o c^t)`` (everything else unchanged).  ``t`` and ``cell`` are 1-based.
    """
    ex = "09.2"
    _check_inputs(network, trials, trial)
    if not getattr(network, "peepholes", False):
        raise AnswerError("this exercise needs the LSTM trained with peepholes (it has p_o)")
    L, M = trials.X.shape[1], len(network.params["po"])
    for name, value, top in (("t", t, L), ("cell", cell, M)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 1 <= value <= top:
            raise AnswerError(f"{name} must be a whole number 1 … {top} ({'a step of the trial' if name == 't' else 'a cell'}, "
                              f"counted from 1); got {value!r}")
    v = as_number(answer, "o_without")
    run = network.run(trials.X[trial])
    k, m = int(t) - 1, int(cell) - 1
    o, c, c_prev = float(run.o[k, m]), float(run.c[k, m]), float(run.c[k - 1, m]) if k > 0 else 0.0
    p = network.params
    po, pi, pf = float(p["po"][m]), float(p["pi"][m]), float(p["pf"][m])
    o_bar = math.log(o / (1 - o))
    right = float(logistic(o_bar - po * c))
    details = {"right": right, "o": o, "c": c, "po": po}
    if near(v, right):
        change = o - right
        return Feedback(True, f"without its peephole the output gate would be {right:.4f} instead of {o:.4f}: the "
                              f"peephole term p_o c^t = {fixed(po)} · {f'({fixed(c)})' if c < 0 else fixed(c)} = {fixed(po * c)} "
                              "in ō moves it by "
                              f"{'+' if change > 0 else ''}{fixed(change)}", ex, details)
    mistakes = [
        (float(logistic(o_bar - po * c_prev)), "you used c^{t-1}: the output gate peeps at the new cell state c^t "
                                               "(Eq. 9.5, run.c[t - 1]), the input and forget gates at c^{t-1}"),
        (o_bar - po * c, "that is ō − p_o c^t, before the squashing: put it through σ, "
                         "o_without = 1 / (1 + exp(−(ō − p_o c^t)))"),
        (o - po * c, "you took p_o c^t away from o itself; it is part of ō, the sum *inside* σ: "
                     "take it away from ō = log(o / (1 − o)), then squash"),
        (float(logistic(o_bar + po * c)), "the sign: with the peephole ō contains + p_o c^t, so without it ō is "
                                          "smaller by p_o c^t: σ(ō − p_o c^t)"),
        (po * c, "that is the peephole term p_o c^t itself; the question is the gate's value without it"),
        (o - right, "that is the change o − o_without; the question asks for o_without itself"),
        (float(logistic(o_bar - pi * c)), "you used p_i, the input gate's peephole; the output gate's is p_o "
                                          "(params[\"po\"])"),
        (float(logistic(o_bar - pf * c)), "you used p_f, the forget gate's peephole; the output gate's is p_o "
                                          "(params[\"po\"])"),
    ]
    for value, message in mistakes:
        if near(v, value):
            return Feedback(False, message, ex, details)
    if near(v, o):
        return Feedback(False, f"{plain(v)} is the output gate *with* its peephole (run.o); take the peephole term "
                               "out of ō first", ex, details)
    M, L = run.o.shape[1], run.o.shape[0]
    for kk, mm, where in [(k, m2, f"cell {m2 + 1} (index {m2}); cell {cell} is index {cell - 1}") for m2 in range(M)
                          if m2 != m] + [(k2, m, f"step {k2 + 1} (index {k2}); step {t} is index {t - 1}")
                                         for k2 in (k - 1, k + 1) if 0 <= k2 < L]:
        o2, c2, p2 = float(run.o[kk, mm]), float(run.c[kk, mm]), float(p["po"][mm])
        if near(v, float(logistic(math.log(o2 / (1 - o2)) - p2 * c2))):
            return Feedback(False, f"right formula, wrong place: you read {where} — arrays count from 0",
                            ex, details)
    if is_rounded(v, right):
        return Feedback(False, ROUNDED, ex, details)
    if not 0 < v < 1:
        return Feedback(False, f"{plain(v)} cannot be a gate value: σ gives a number between 0 and 1", ex, details)
    return Feedback(False, f"{plain(v)} is not σ(ō − p_o c^t) for cell {cell} at t = {t}: get ō = log(o / (1 − o)) "
                           "from run.o, take away p_o · c^t (both of step t), then squash", ex, details)
