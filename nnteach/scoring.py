"""Held-out scores for the sequence tasks (math.md §7.2, §7.3), with learning switched off.

A scorer only calls ``model.forward`` (the model contract, :mod:`nnteach.model`), so it never changes a weight, and it works for
any model that maps a batch of sequences ``(B, T, N)`` to outputs ``(B, T, K)``.  Each scorer returns a
:class:`SequenceScore`: the headline number is the fraction of *sequences* answered fully correctly
(the tasks' own criterion); the per-step accuracy and the named parts are there for diagnosis.

Rules, and why:

* **Distracted sequence recall** (:func:`recall_score`), ``rule="threshold"`` (default): a prompt is
  answered correctly when *every* output is on the right side of 0.5 — the asked-for unit above,
  all others below.  This is the decision a logistic output trained on 0/1 targets stands for, and
  it is what Synaptic checks (rounded outputs equal the target).  It is stricter than
  ``rule="argmax"`` (the asked-for unit is the most active), which would also credit an unsure
  answer such as (0.3, 0.2, 0.2, 0.2).  Only the prompt steps are scored by default: there the
  memory is tested; ``all_steps=True`` also requires all outputs < 0.5 at every other step
  (Synaptic's full rule).
* **Embedded Reber grammar** (:func:`reber_score`), ``rule="set"`` (default; Hochreiter &
  Schmidhuber 1997): at a step the prediction is legal when **every legal successor's output is
  strictly above every illegal symbol's output** (so the legal set is exactly the top-|legal|
  outputs).  ``rule="argmax"``: the most active output is a legal successor (weaker; it is the
  natural rule for a softmax trained on sampled next symbols).  A string counts when every step is
  legal, including the long-range step that predicts the penultimate symbol (T or P, the repeat of
  symbol 2), whose accuracy is reported separately as ``parts["penultimate"]``.
* **Timing task** (:func:`timing_score`): a step is right when the output is within ``tolerance``
  (default 0.25) of its target (0.5 in a pulse window, else 0), i.e. nearer the right level than the
  wrong one; a pulse counts when every step of its episode (window and quiet gap) is right, so the
  produced interval has exactly the asked-for length.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .datasets.reber import ReberData, multi_hot, encode, legal_successors
from .datasets.sequences import RecallTrials
from .datasets.timing import TimingTask
from .validation import ArgumentTypeError, as_float_array, check_choice, check_number, describe, positive_int

__all__ = ["SequenceScore", "recall_score", "recall_steps_ok", "reber_score", "timing_score"]


@dataclass(frozen=True, eq=False)
class SequenceScore:
    """A held-out score.

    Attributes:
        score: fraction of sequences with every scored step correct (the task's criterion).
        step_accuracy: fraction of scored steps that are correct (for diagnosis).
        n: number of sequences scored.
        correct: ``(n,)`` bool, which sequences were fully correct.
        parts: named per-part accuracies, e.g. ``{"prompt 1": …, "prompt 2": …}`` or
            ``{"penultimate": …}``.
    """

    score: float
    step_accuracy: float
    n: int
    correct: np.ndarray = field(repr=False)
    parts: dict[str, float] = field(default_factory=dict)

    def __float__(self) -> float:
        return float(self.score)

    def __str__(self) -> str:
        parts = ", ".join(f"{k} {v:.3f}" for k, v in self.parts.items())
        return (f"{self.score:.3f} of {self.n} sequences fully correct; step accuracy {self.step_accuracy:.3f}"
                + (f"; {parts}" if parts else ""))


def _forward(model, X: np.ndarray, what: str) -> np.ndarray:
    if not callable(getattr(model, "forward", None)):
        raise ArgumentTypeError(f"model must have forward(X) (the model contract); a scorer needs it; "
                                f"got {describe(model)}")
    Y = model.forward(X)
    if not isinstance(Y, (np.ndarray, list, tuple)):
        raise ArgumentTypeError(f"model.forward(X) must return an array of outputs; got {describe(Y)}")
    Y = as_float_array(Y, "model.forward(X)")
    if Y.ndim != X.ndim or Y.shape[:-1] != X.shape[:-1]:
        raise ValueError(f"model.forward returned shape {Y.shape} for {what} of shape {X.shape}; "
                         f"expected {X.shape[:-1]} + (K,)")
    return Y


def _check_flag(value, what: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise ArgumentTypeError(f"{what} must be True or False; got {describe(value)}")
    return bool(value)


def recall_score(model, trials: RecallTrials, *, rule: str = "threshold", all_steps: bool = False,
                 batch: int = 500) -> SequenceScore:
    """Fraction of distracted-recall trials whose every prompt is answered correctly (math.md §7.2).

    Args:
        model: anything with ``forward(X (B, L, N)) -> (B, L, K)``.
        trials: held-out trials from :func:`nnteach.datasets.distracted_recall`.
        rule: ``"threshold"`` — every output on the right side of 0.5 (default, see the module
            docstring); ``"argmax"`` — the asked-for output is the largest.
        all_steps: also require every output < 0.5 at the non-prompt steps (Synaptic's rule; only
            with ``rule="threshold"``).
        batch: trials per forward call (memory only; the result does not depend on it).

    Returns:
        :class:`SequenceScore` with ``parts`` = accuracy at each prompt (``"prompt 1"``, …) and, with
        ``all_steps``, ``"quiet steps"`` (fraction of non-prompt steps with all outputs < 0.5).
    """
    if not isinstance(trials, RecallTrials):
        raise ArgumentTypeError(f"trials must be RecallTrials (from distracted_recall); got {describe(trials)}")
    check_choice(rule, ("threshold", "argmax"), "rule")
    all_steps = _check_flag(all_steps, "all_steps")
    batch = positive_int(batch, "batch")
    if all_steps and rule != "threshold":
        raise ValueError("all_steps=True needs rule='threshold' (at non-prompt steps there is no argmax answer)")
    Y = np.concatenate([_forward(model, trials.X[k:k + batch], "trials.X")
                        for k in range(0, len(trials), batch)])
    if Y.shape != trials.T.shape:
        raise ValueError(f"model outputs have shape {Y.shape}; expected {trials.T.shape} (one output per target symbol)")
    step_ok = recall_steps_ok(Y, trials.T, rule)                                # (B, L)
    scored = trials.mask if not all_steps else np.ones_like(trials.mask)
    correct = np.all(step_ok | ~scored, axis=1)
    prompt_ok = step_ok[trials.mask].reshape(len(trials), -1)              # (B, P), prompts in order
    parts = {f"prompt {m + 1}": float(prompt_ok[:, m].mean()) for m in range(prompt_ok.shape[1])}
    if all_steps:
        parts["quiet steps"] = float(step_ok[~trials.mask].mean())
    return SequenceScore(score=float(correct.mean()), step_accuracy=float(step_ok[scored].mean()),
                         n=len(trials), correct=correct, parts=parts)


def recall_steps_ok(Y: np.ndarray, T: np.ndarray, rule: str = "threshold") -> np.ndarray:
    """Which steps of recall trials are answered right: ``Y``, ``T`` ``(…, L, K)`` → ``(…, L)`` bool.

    ``rule="threshold"``: every output on the right side of 0.5; ``"argmax"``: the largest output is the
    asked-for one (see :func:`recall_score`, which scores whole trials with it).
    """
    if rule == "threshold":
        return np.all((np.asarray(Y) > 0.5) == (np.asarray(T) > 0.5), axis=-1)
    if rule == "argmax":
        return np.argmax(Y, axis=-1) == np.argmax(T, axis=-1)
    raise ValueError(f"rule must be 'threshold' or 'argmax'; got {rule!r}")


def _legal_steps(Y: np.ndarray, legal: np.ndarray, rule: str) -> np.ndarray:
    """``(…, T)`` bool: is the prediction at each step legal?  ``Y``, ``legal``: ``(…, T, 7)``."""
    is_legal = legal > 0.5
    if rule == "argmax":
        return np.take_along_axis(is_legal, np.argmax(Y, axis=-1)[..., None], axis=-1)[..., 0]
    lowest_legal = np.min(np.where(is_legal, Y, np.inf), axis=-1)
    highest_illegal = np.max(np.where(is_legal, -np.inf, Y), axis=-1)
    return lowest_legal > highest_illegal


def reber_score(model, data: ReberData | list[str], *, rule: str = "set", embedded: bool = True) -> SequenceScore:
    """Fraction of (embedded) Reber strings where every prediction is legal (math.md §7.3).

    Args:
        model: anything with ``forward(X (B, T, 7)) -> (B, T, 7)`` (outputs in ``SYMBOLS`` order).
        data: held-out strings, from :func:`nnteach.datasets.reber_data` or a list of strings of
            the embedded grammar.
        rule: ``"set"`` — all legal successors above all illegal symbols at every step (default);
            ``"argmax"`` — the most active output is legal at every step.
        embedded: only for a list of strings: whether they are embedded-grammar strings.

    Returns:
        :class:`SequenceScore`; for embedded strings ``parts["penultimate"]`` is the accuracy of the
        long-range prediction (the symbol before the final E).

    Strings of equal length are forwarded together as one batch, so no padding reaches the model.
    """
    check_choice(rule, ("set", "argmax"), "rule")
    embedded = _check_flag(embedded, "embedded")
    if isinstance(data, list) and data and all(isinstance(s, str) for s in data):
        pairs = [encode(s) for s in data]
        legal = [multi_hot(legal_successors(s, embedded=embedded)) for s in data]
        data = ReberData(strings=list(data), pairs=pairs, legal=legal, embedded=embedded)
    if not isinstance(data, ReberData):
        error = ValueError if isinstance(data, list) else ArgumentTypeError
        raise error(f"data must be ReberData (from reber_data) or a non-empty list of strings; got {describe(data)}")
    by_length: dict[int, list[int]] = {}
    for k, (x, _) in enumerate(data.pairs):
        by_length.setdefault(len(x), []).append(k)
    n = len(data)
    correct = np.zeros(n, dtype=bool)
    penultimate = np.zeros(n, dtype=bool)
    steps_ok = steps = 0
    for length, idx in by_length.items():
        X = np.stack([data.pairs[k][0] for k in idx])
        legal = np.stack([data.legal[k] for k in idx])
        Y = _forward(model, X, "a batch of strings")
        if Y.shape != legal.shape:
            raise ValueError(f"model outputs have shape {Y.shape}; expected {legal.shape} (7 outputs, one per symbol)")
        ok = _legal_steps(Y, legal, rule)                                   # (b, length)
        correct[idx] = ok.all(axis=1)
        if length >= 2:
            penultimate[idx] = ok[:, length - 2]     # step length−2 predicts symbol n−2 (0-based)
        steps_ok += int(ok.sum())
        steps += ok.size
    parts = {"penultimate": float(penultimate.mean())} if data.embedded else {}
    return SequenceScore(score=float(correct.mean()), step_accuracy=steps_ok / steps, n=n,
                         correct=correct, parts=parts)


def timing_score(model, task: TimingTask, *, tolerance: float = 0.25) -> SequenceScore:
    """Fraction of pulses timed exactly, on a held-out stream with learning off (see the module docstring).

    Args:
        model: anything with ``forward(X (1, L, 2)) -> (1, L, 1)``; the stream is run from a fresh state.
        task: a held-out stream from :func:`nnteach.datasets.timing_task` (its own seed).
        tolerance: how far from its target an output may be and still count.

    Returns:
        :class:`SequenceScore` over the complete episodes; ``parts``: ``"pulse steps"`` and ``"quiet
        steps"`` (accuracy inside and outside the windows) and ``"mse"`` (mean of (t − y)², the error
        Synaptic's ``timingTask`` reports).
    """
    if not isinstance(task, TimingTask):
        raise ArgumentTypeError(f"task must be a TimingTask (from timing_task); got {describe(task)}")
    tolerance = check_number(tolerance, "tolerance", low=0.0, high=0.5, low_open=True, high_open=True)
    Y = _forward(model, task.X[None], "the stream")[0]
    if Y.shape != task.T.shape:
        raise ValueError(f"model outputs have shape {Y.shape}; expected {task.T.shape} (one output)")
    ok = np.abs(Y[:, 0] - task.T[:, 0]) < tolerance                        # (L,)
    complete = np.flatnonzero(task.complete)
    correct = np.array([ok[task.starts[p]:task.ends[p]].all() for p in complete], dtype=bool)
    scored = np.zeros(len(task), dtype=bool)
    for p in complete:
        scored[task.starts[p]:task.ends[p]] = True
    pulse = (task.T[:, 0] > 0) & scored
    quiet = ~pulse & scored
    parts = {"pulse steps": float(ok[pulse].mean()), "quiet steps": float(ok[quiet].mean()) if quiet.any() else 1.0,
             "mse": float(np.mean((Y[scored, 0] - task.T[scored, 0]) ** 2))}
    return SequenceScore(score=float(correct.mean()) if len(correct) else 0.0,
                         step_accuracy=float(ok[scored].mean()), n=len(correct), correct=correct, parts=parts)
