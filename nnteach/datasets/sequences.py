"""Sequence tasks for recurrent networks: distracted sequence recall and a noisy sine (math.md §7.2).

**Distracted sequence recall** (Monner & Reggia 2012, as reconstructed in math.md §7.2).
The alphabet has three kinds of symbols, each presented as a one-hot input:

* *targets* — the symbols to remember (one output unit each, in the order given);
* *distractors* — noise to ignore;
* *prompts* — "now say the m-th target".

A trial of ``length`` steps is ``length − P`` random distractors with ``P`` targets written over
``P`` distinct random positions, followed by the ``P`` prompts (``P`` = number of prompts).
The required output is all zeros, except at prompt ``m``: the one-hot code of the ``m``-th
target **in order of appearance** (positions sorted numerically).

Full size (Synaptic's ``Trainer.DSR`` defaults, presumably Monner's task): targets ``(2, 4, 7, 8)``,
distractors ``(3, 5, 6, 9)``, prompts ``(0, 1)``, 24 steps → 10 inputs, 4 outputs.
Synaptic's web demo (:func:`synaptic_demo_recall`): 6 symbols, 10 steps → 6 inputs, 2 outputs.

*Synaptic's "discrete sequence recall".*  Synaptic's README and type definitions call
``Trainer.DSR`` "Discrete Sequence Recall"; its source calls the same method a "Distracted
Sequence Recall test".  It is one task, the one above, with these specifics (read from
cazala/synaptic ``src/Trainer.js``): target identities are drawn independently (repeats
allowed — also our default, ``repeats=True``), positions without repetition, and the positions
are sorted with JavaScript's default *string* sort, so ``[10, 9]`` stays ``[10, 9]`` and prompt 1
sometimes asks for the later target.  ``synaptic_compat=True`` reproduces that sort (to compare
with Synaptic); by default nnteach sorts numerically.  Synaptic trains and scores online, trial by
trial; here the trials are returned as arrays and scored by :func:`nnteach.scoring.recall_score`.

**Noisy sine** (:func:`noisy_sine`): next-value prediction for the first recurrent lesson.

**Delayed echo** (:func:`delayed_echo`): say now the bit you were shown ``delay`` steps ago — a task
that needs a memory of exactly ``delay`` steps (notebook 07: how far back can an Elman network reach?).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..validation import (MAX_NUMBERS, ArgumentTypeError, check_bool, check_count, check_number, check_seed,
                          describe, positive_int, whole_number)

__all__ = ["RecallTrials", "distracted_recall", "synaptic_demo_recall", "MONNER_RECALL",
           "SYNAPTIC_DEMO_RECALL", "noisy_sine", "delayed_echo"]

#: Full-size configuration (math.md §7.2; Synaptic's ``Trainer.DSR`` defaults).
MONNER_RECALL = dict(targets=(2, 4, 7, 8), distractors=(3, 5, 6, 9), prompts=(0, 1), length=24)
#: Synaptic's web demo (gh-pages ``scripts/controllers/dsr.js``): 6 symbols, 10 steps.
SYNAPTIC_DEMO_RECALL = dict(targets=(2, 4), distractors=(3, 5), prompts=(0, 1), length=10)


@dataclass(frozen=True, repr=False, eq=False)
class RecallTrials:
    """A batch of distracted-sequence-recall trials.

    Shapes: ``B`` trials, ``L`` steps, ``N`` symbols (inputs), ``K`` target symbols (outputs),
    ``P`` prompts (= targets stored per trial).

    Attributes:
        X: inputs ``(B, L, N)``, one-hot of the symbol at each step.
        T: targets ``(B, L, K)``: zero except at the prompt steps.
        mask: ``(B, L)`` bool, True at the prompt steps (the steps a scorer must check).
        symbols: ``(B, L)`` int, the symbol code at each step (``X[b, t, symbols[b, t]] == 1``).
        positions: ``(B, P)`` int, the steps where the targets were written, in prompt order.
        answers: ``(B, P)`` int, the output unit (index into ``targets``) prompt ``m`` asks for.
        targets, distractors, prompts: the symbol codes of each kind.
    """

    X: np.ndarray
    T: np.ndarray
    mask: np.ndarray
    symbols: np.ndarray
    positions: np.ndarray
    answers: np.ndarray
    targets: tuple[int, ...]
    distractors: tuple[int, ...]
    prompts: tuple[int, ...]

    @property
    def data(self) -> tuple[np.ndarray, np.ndarray]:
        """``(X, T)``, ready for :func:`nnteach.train`."""
        return self.X, self.T

    def __len__(self) -> int:
        return len(self.X)

    def step_kinds(self) -> np.ndarray:
        """``(B, L)`` array of ``"target"``, ``"distractor"`` or ``"prompt"``: the kind of symbol at each step."""
        kinds = np.full(self.symbols.shape, "distractor", dtype=object)
        kinds[np.isin(self.symbols, self.targets)] = "target"
        kinds[np.isin(self.symbols, self.prompts)] = "prompt"
        return kinds.astype(str)

    def __repr__(self) -> str:
        B, L, N = self.X.shape
        return (f"RecallTrials({B} trials × {L} steps, {N} symbols: targets {self.targets}, "
                f"distractors {self.distractors}, prompts {self.prompts}; {self.T.shape[2]} outputs)")


def _codes(value, what: str) -> tuple[int, ...] | int:
    """A count (int >= 1) or a non-empty sequence of distinct symbol codes."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        return positive_int(value, f"{what} (a count)", maximum=10_000)
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        raise ArgumentTypeError(f"{what} must be a count >= 1 or a non-empty sequence of symbol codes; "
                                f"got {describe(value)}")
    if len(value) == 0:
        raise ValueError(f"{what} must be a count >= 1 or a non-empty sequence of symbol codes; got {describe(value)}")
    return tuple(whole_number(c, f"{what}[{k}] (a symbol code)", 0, 10_000) for k, c in enumerate(value))


def _alphabet(targets, distractors, prompts) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Resolve counts to codes (prompts first, then targets, then distractors) and check them."""
    t, d, p = _codes(targets, "targets"), _codes(distractors, "distractors"), _codes(prompts, "prompts")
    kinds = [t, d, p]
    if any(isinstance(k, int) for k in kinds):
        if not all(isinstance(k, int) for k in kinds):
            raise ValueError("give targets, distractors and prompts all as counts or all as code sequences; "
                             f"got {targets!r}, {distractors!r}, {prompts!r}")
        n_p, n_t = p, t
        p = tuple(range(n_p))
        t = tuple(range(n_p, n_p + n_t))
        d = tuple(range(n_p + n_t, n_p + n_t + distractors))
    all_codes = t + d + p
    n = len(all_codes)
    if sorted(all_codes) != list(range(n)):
        raise ValueError(f"the symbol codes of targets {t}, distractors {d} and prompts {p} must be "
                         f"0 … {n - 1}, each used exactly once")
    return t, d, p


def distracted_recall(n_trials: int = 1000, *, length: int = 24,
                      targets: Sequence[int] | int = (2, 4, 7, 8),
                      distractors: Sequence[int] | int = (3, 5, 6, 9),
                      prompts: Sequence[int] | int = (0, 1),
                      repeats: bool = True, synaptic_compat: bool = False,
                      seed: int | None = None) -> RecallTrials:
    """Distracted sequence recall trials (math.md §7.2); the defaults are the full-size task.

    Args:
        n_trials: number of trials ``B``.
        length: steps per trial ``L`` (stored targets + distractors + prompts); at least ``2P``
            so that there is room for the ``P`` targets before the ``P`` prompts.
        targets, distractors, prompts: the symbol codes of each kind (together ``0 … N−1``,
            each once), or counts, in which case the codes are prompts ``0 … P−1``, then the
            targets, then the distractors.  Output unit ``k`` stands for ``targets[k]``.
        repeats: draw the ``P`` target identities independently (the same target may appear
            twice, as in Synaptic); False draws them without repetition (needs ``P ≤ K``).
        synaptic_compat: sort the target positions as strings, reproducing Synaptic's bug
            (prompt 1 then sometimes asks for the later target).  Default: numeric order.
        seed: seed for ``numpy.random.default_rng``.

    Returns:
        :class:`RecallTrials` with ``X (B, L, N)``, ``T (B, L, K)``, ``mask (B, L)`` and the
        trial structure; ``trials.data`` is ``(X, T)`` for :func:`nnteach.train`.

    Raises:
        ValueError: bad counts or codes, a length too short for the prompts and targets.
    """
    B = positive_int(n_trials, "n_trials")
    L = positive_int(length, "length")
    repeats, synaptic_compat = check_bool(repeats, "repeats"), check_bool(synaptic_compat, "synaptic_compat")
    t_codes, d_codes, p_codes = _alphabet(targets, distractors, prompts)
    check_count(B * L * (len(t_codes) + len(d_codes) + len(p_codes)),
                f"distracted_recall({B} trials × {L} steps)'s inputs X", MAX_NUMBERS)
    P, K = len(p_codes), len(t_codes)
    body = L - P                      # steps before the prompts
    if body < P:
        raise ValueError(f"length {L} is too short: {P} prompts need at least {P} steps before them "
                         f"for the {P} targets, so length >= {2 * P}")
    if not repeats and P > K:
        raise ValueError(f"repeats=False needs at least as many targets as prompts; got {K} targets, {P} prompts")
    rng = np.random.default_rng(check_seed(seed))
    N = K + len(d_codes) + P
    d_arr, t_arr = np.array(d_codes), np.array(t_codes)

    symbols = np.empty((B, L), dtype=int)
    symbols[:, :body] = d_arr[rng.integers(0, len(d_codes), size=(B, body))]
    symbols[:, body:] = np.array(p_codes)
    positions = np.empty((B, P), dtype=int)
    answers = np.empty((B, P), dtype=int)
    for b in range(B):
        pos = rng.choice(body, size=P, replace=False)
        pos = sorted(pos.tolist(), key=str) if synaptic_compat else sorted(pos.tolist())
        which = rng.integers(0, K, size=P) if repeats else rng.choice(K, size=P, replace=False)
        positions[b] = pos
        answers[b] = which
        symbols[b, pos] = t_arr[which]

    X = np.zeros((B, L, N))
    np.put_along_axis(X, symbols[:, :, None], 1.0, axis=2)
    T = np.zeros((B, L, K))
    mask = np.zeros((B, L), dtype=bool)
    mask[:, body:] = True
    for m in range(P):
        T[np.arange(B), body + m, answers[:, m]] = 1.0
    return RecallTrials(X=X, T=T, mask=mask, symbols=symbols, positions=positions, answers=answers,
                        targets=t_codes, distractors=d_codes, prompts=p_codes)


def synaptic_demo_recall(n_trials: int = 1000, *, synaptic_compat: bool = False,
                         seed: int | None = None) -> RecallTrials:
    """Synaptic's small demo: 6 symbols (targets 2, 4; distractors 3, 5; prompts 0, 1), 10 steps.

    Returns ``X (B, 10, 6)``, ``T (B, 10, 2)``; see :func:`distracted_recall`.  With 8 storable
    positions the string-sort bug never shows here; ``synaptic_compat`` is accepted for symmetry.
    """
    return distracted_recall(n_trials, synaptic_compat=synaptic_compat, seed=seed, **SYNAPTIC_DEMO_RECALL)


def noisy_sine(length: int = 50, n_sequences: int | None = None, *, period: float = 20.0,
               noise: float = 0.02, amplitude: float = 0.4, seed: int | None = 0
               ) -> tuple[np.ndarray, np.ndarray]:
    """Next-value prediction on a noisy sine wave, scaled into (0, 1) for logistic outputs.

    The series is ``s(t) = 0.5 + amplitude · sin(2π t / period + φ) + noise · ε_t`` for
    ``t = 0 … length`` (``φ`` uniform in [0, 2π) per sequence, ``ε_t ~ N(0, 1)``), clipped to
    [0.01, 0.99].  The input at step ``t`` is ``s(t)``, the target is the next value ``s(t+1)``.

    Args:
        length: steps per sequence ``T``.
        n_sequences: ``None`` for one sequence, else the batch size ``B``.
        period: steps per cycle of the sine (> 0).
        noise: standard deviation of the added Gaussian noise (>= 0).
        amplitude: half the peak-to-peak height, ``0 < amplitude < 0.5`` so the clean wave lies
            strictly inside (0, 1).
        seed: seed for ``numpy.random.default_rng``.

    Returns:
        ``(X, T)`` of shape ``(T, 1)`` each, or ``(B, T, 1)`` with ``n_sequences = B``;
        ``T[..., t, 0] == X[..., t + 1, 0]`` for ``t < T − 1``.
    """
    steps = positive_int(length, "length")
    batch = None if n_sequences is None else positive_int(n_sequences, "n_sequences")
    check_count(3 * steps * (1 if batch is None else batch), f"noisy_sine({steps} steps)", MAX_NUMBERS)
    period = check_number(period, "period", low=0.0, low_open=True)
    noise = check_number(noise, "noise", low=0.0)
    amplitude = check_number(amplitude, "amplitude", low=0.0, high=0.5, low_open=True, high_open=True)
    rng = np.random.default_rng(check_seed(seed))
    B = 1 if batch is None else batch
    phase = rng.uniform(0.0, 2 * np.pi, size=(B, 1))
    t = np.arange(steps + 1)[None, :]
    s = 0.5 + amplitude * np.sin(2 * np.pi * t / period + phase) + noise * rng.normal(size=(B, steps + 1))
    s = np.clip(s, 0.01, 0.99)
    X, T = s[:, :-1, None], s[:, 1:, None]
    if batch is None:
        return X[0].copy(), T[0].copy()
    return X.copy(), T.copy()


def delayed_echo(n_sequences: int = 40, length: int = 30, delay: int = 1, *, seed: int | None = 0
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Random bits in, the same bits ``delay`` steps later out: ``t(t) = x(t − delay)``.

    Each input ``x(t)`` is 0 or 1 (independent, equally likely); the target at step ``t`` is the input
    of step ``t − delay``, and 0 for the first ``delay`` steps (nothing was shown before the start).
    No input before step ``t − delay + 1`` tells anything about the target, so a network must carry
    each bit for exactly ``delay`` steps.

    Args:
        n_sequences: the batch size ``B``.
        length: steps per sequence ``T`` (more than ``delay``).
        delay: how many steps back the target looks (>= 1).
        seed: seed for ``numpy.random.default_rng``.

    Returns:
        ``(X, T)``, both ``(B, T, 1)``.  Score only the steps ``t >= delay`` (``[:, delay:]``), where the
        target is an input the network has seen.
    """
    B = positive_int(n_sequences, "n_sequences")
    L = positive_int(length, "length")
    k = positive_int(delay, "delay")
    if k >= L:
        raise ValueError(f"delay {k} must be shorter than the sequences (length {L})")
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 2, size=(B, L)).astype(float)
    t = np.zeros_like(x)
    t[:, k:] = x[:, :L - k]
    return x[..., None], t[..., None]
