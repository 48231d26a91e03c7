"""Online LSTM-g training over sequences, as Synaptic's trainer does it: one update per step.

:func:`train_online` works for a :class:`~nnteach.graph.Network` and a
:class:`~nnteach.graph.VectorisedLSTM` alike (anything with ``activate``, ``propagate`` and ``clear``).
For each sequence: ``clear()`` (a fresh start), then at every step ``activate(x)`` and
``propagate(rate, t)``.  The error it reports is Synaptic's: the mean of ``(t − y)²`` over steps and
outputs, measured before each step's update.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from ..validation import (ArgumentTypeError, as_float_array, check_bool, check_callable, check_number,
                          check_seed, describe, positive_int)

__all__ = ["OnlineResult", "train_online"]


@dataclass
class OnlineResult:
    """What :func:`train_online` did.

    Attributes:
        epochs: passes over the sequences.   sequences, steps: how many were trained on.
        errors: per epoch, the mean of (t − y)² (Synaptic's reported error).   seconds: wall time.
    """

    epochs: int
    sequences: int
    steps: int
    errors: list[float] = field(default_factory=list)
    seconds: float = 0.0

    def __str__(self) -> str:
        last = f"{self.errors[-1]:.4f}" if self.errors else "n/a"
        return (f"{self.epochs} epoch(s), {self.sequences} sequences, {self.steps} steps in {self.seconds:.1f} s; "
                f"last epoch's mean squared error {last}")


def train_online(model, sequences, *, rate: float = 0.1, epochs: int = 1, shuffle: bool = False,
                 seed: int | None = None, callback=None) -> OnlineResult:
    """Train ``model`` online on ``sequences``, a list of ``(x (T, N), t (T, K))`` pairs.

    Args:
        model: a graph ``Network`` or ``VectorisedLSTM``.
        sequences: the training pairs (e.g. ``reber_data(...).pairs``).
        rate: the learning rate α (≥ 0).
        epochs: passes over the sequences.
        shuffle: visit the sequences in a new random order each epoch (seeded by ``seed``).
        callback: called as ``callback(epoch, error)`` after each epoch; return True to stop.
    """
    for name in ("activate", "propagate", "clear"):
        if not hasattr(model, name):
            raise TypeError(f"model must have activate, propagate and clear (a graph Network or VectorisedLSTM); "
                            f"{type(model).__name__} has no {name}")
    if not isinstance(sequences, (list, tuple)):
        raise ArgumentTypeError(f"sequences must be a non-empty list of (x (T, N), t (T, K)) pairs; "
                                f"got {describe(sequences)}")
    if not sequences:
        raise ValueError("sequences must be a non-empty list of (x (T, N), t (T, K)) pairs; got an empty list")
    pairs = []
    for k, pair in enumerate(sequences):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise ArgumentTypeError(f"sequences[{k}] must be a pair (x (T, N), t (T, K)); got {describe(pair)}")
        x, t = as_float_array(pair[0], f"sequences[{k}] x"), as_float_array(pair[1], f"sequences[{k}] t")
        if x.ndim != 2 or t.ndim != 2 or len(x) != len(t) or len(x) == 0:
            raise ValueError(f"sequences[{k}] must be a pair (x (T, N), t (T, K)) with the same T >= 1; "
                             f"got x {x.shape} and t {t.shape}")
        pairs.append((x, t))
    epochs = positive_int(epochs, "epochs")
    rate = check_number(rate, "rate", low=0.0)
    shuffle = check_bool(shuffle, "shuffle")
    seed = check_seed(seed)
    if callback is not None:
        check_callable(callback, "callback", "a function callback(epoch, error)")
    rng = np.random.default_rng(seed)
    result = OnlineResult(epochs=0, sequences=0, steps=0)
    start = time.perf_counter()
    for epoch in range(1, epochs + 1):
        order = rng.permutation(len(pairs)) if shuffle else range(len(pairs))
        total, count = 0.0, 0
        for k in order:
            x_seq, t_seq = pairs[k]
            model.clear()
            for x, t in zip(x_seq, t_seq):
                y = model.activate(x)
                model.propagate(rate, t)
                total += float(np.sum((t - y) ** 2))
                count += len(t)
            result.sequences += 1
            result.steps += len(x_seq)
        result.epochs = epoch
        result.errors.append(total / count)
        if callback is not None and callback(epoch, result.errors[-1]):
            break
    result.seconds = time.perf_counter() - start
    return result
