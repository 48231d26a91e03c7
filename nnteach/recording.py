"""Record a training run: copies of the weights every few epochs, for replaying it later (notebook 05).

:class:`Snapshots` is a callback for :func:`nnteach.train` that keeps a copy of the parameters
every ``every`` epochs (and, made before training, of the initial ones).  :func:`record_training`
uses it to record the XOR run that notebook 05's training replay scrubs through
(:class:`nnteach.viz.TrainingReplay` draws it).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import costs
from .datasets import xor
from .perceptron import Perceptron
from .train import train
from .validation import ArgumentTypeError, check_seed, describe, positive_int, positive_number, whole_number

__all__ = ["Snapshots", "Recording", "record_training"]


class Snapshots:
    """A :func:`nnteach.train` callback that keeps copies of the model's parameters.

    Create it before training (it copies the initial parameters as epoch 0), pass it as
    ``callback=`` with ``every=`` the interval; afterwards ``epochs`` lists the epochs and
    ``params`` the parameter dicts at those epochs.
    """

    def __init__(self, model) -> None:
        if not isinstance(getattr(model, "params", None), dict):
            raise ArgumentTypeError(f"model must have params (a dict of arrays) to snapshot; got {describe(model)}")
        self.epochs: list[int] = [0]
        self.params: list[dict[str, np.ndarray]] = [{k: v.copy() for k, v in model.params.items()}]

    def __call__(self, info: dict) -> None:
        self.epochs.append(info["epoch"])
        self.params.append({k: v.copy() for k, v in info["model"].params.items()})


@dataclass
class Recording:
    """A recorded training run.

    Attributes:
        epochs: the epochs of the snapshots ``(n,)``, starting with 0 (before training).
        snapshots: the parameters at those epochs (dicts of arrays, as ``Perceptron.params``).
        history: the reported error after each epoch ``(iterations,)`` (``TrainResult.history``): the mean
            of ``(t − y)²`` over the patterns, as Synaptic reports it, i.e. twice the course's E (4.1)/(4.2).
        initial_error: the reported error before training.
        config: how the run was made (hidden, seed, rate, iterations, every, cost).
    """

    epochs: np.ndarray
    snapshots: list[dict[str, np.ndarray]]
    history: np.ndarray
    initial_error: float
    config: dict

    def network(self, epoch: int) -> Perceptron:
        """The network as it was at the latest snapshot at or before ``epoch``."""
        epoch = whole_number(epoch, "epoch")
        k = int(np.searchsorted(self.epochs, epoch, side="right")) - 1
        net = Perceptron(2, self.config["hidden"], 1)
        for name, value in self.snapshots[max(k, 0)].items():
            net.params[name][...] = value
        return net

    def error_at(self, epoch: int) -> float:
        """The reported error after ``epoch`` epochs (0 = before training)."""
        epoch = whole_number(epoch, "epoch")
        if epoch <= 0:
            return self.initial_error
        return float(self.history[min(epoch, len(self.history)) - 1])


def record_training(hidden: int = 2, seed: int = 3, rate: float = 0.5, iterations: int = 1500, every: int = 25,
                    cost: str = "mse") -> Recording:
    """Train ``Perceptron(2, hidden, 1, seed=seed, init="xavier")`` on XOR online; record snapshots.

    The training is :func:`nnteach.train` with ``rate``, ``iterations`` and ``cost``, online
    (``batch_size=1``), no early stop; a :class:`Snapshots` callback copies the weights every
    ``every`` epochs.  Results are cached: the same arguments return the same (shared) recording.
    """
    hidden = positive_int(hidden, "hidden", maximum=1000)
    seed = check_seed(seed)
    rate = positive_number(rate, "rate")
    iterations = positive_int(iterations, "iterations", maximum=1_000_000)
    every = positive_int(every, "every")
    costs.check_name(cost)
    if iterations < every:
        raise ValueError(f"need 1 <= every <= iterations; got every={every!r}, iterations={iterations!r}")
    return _record(hidden, seed, rate, iterations, every, cost)


@lru_cache(maxsize=16)
def _record(hidden: int, seed: int | None, rate: float, iterations: int, every: int, cost: str) -> Recording:
    X, T = xor()
    net = Perceptron(2, hidden, 1, seed=seed, init="xavier")
    snapshots = Snapshots(net)
    initial = float(np.mean((T - net.forward(X)) ** 2))
    result = train(net, (X, T), rate=rate, iterations=iterations, error=0.0, cost=cost, batch_size=1,
                   callback=snapshots, every=every)
    return Recording(epochs=np.array(snapshots.epochs), snapshots=snapshots.params, history=np.array(result.history),
                     initial_error=initial, config=dict(hidden=hidden, seed=seed, rate=rate, iterations=iterations,
                                                        every=every, cost=cost))
