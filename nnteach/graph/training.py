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

from ..validation import positive_int

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
    pairs = [(np.asarray(x, dtype=float), np.asarray(t, dtype=float)) for x, t in sequences]
    if not pairs or any(x.ndim != 2 or t.ndim != 2 or len(x) != len(t) for x, t in pairs):
        raise ValueError("sequences must be a non-empty list of (x (T, N), t (T, K)) pairs with matching T")
    epochs = positive_int(epochs, "epochs")
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
