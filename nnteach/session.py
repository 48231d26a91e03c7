"""A training run you can advance a few epochs at a time: the numbers behind notebook 06's live dashboard.

:class:`TrainingSession` holds a small feed-forward network, a noisy 2-D data set split into a
**training set** (what the network learns from) and a **held-out set** (what it never sees, to
measure how well it generalises), and everything a run carries from one epoch to the next: the
epoch count, the momentum velocity, the shuffling order and its random generator.

:meth:`TrainingSession.step` trains with the named steps of :func:`nnteach.train`
(:func:`~nnteach.train.check_options` when the options change, then :func:`~nnteach.train.one_epoch`
per epoch and :func:`~nnteach.train.evaluate_error`), so ``step(10)`` twice gives exactly the
weights and errors of ``train(..., iterations=20)`` with the same options.  The rate, momentum,
batch size and cost can be changed between steps (they apply from the next epoch, like turning a
knob while the network trains); a different data set or number of hidden units needs a new session.

Everything here is numpy: :class:`nnteach.viz.TrainingDashboard` draws it.
"""
from __future__ import annotations

import math

import numpy as np

from . import costs
from .datasets import two_moons, two_spirals
from .perceptron import Perceptron
from .train import TrainingDiverged, check_options, evaluate_error, one_epoch
from .validation import positive_int

__all__ = ["TrainingSession", "DATASETS"]

#: The data sets a session can use, with their defaults: noise, training points, held-out points.
DATASETS: dict[str, dict] = {
    "moons": {"noise": 0.3, "n_train": 40, "n_heldout": 400},
    "spirals": {"noise": 0.05, "n_train": 150, "n_heldout": 400},
}


_KEEP = object()     # "leave this option as it is" (None means something for batch_size)


def _make_data(data: str, n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    if data == "moons":
        return two_moons(n=n, noise=noise, seed=seed)
    return two_spirals(n=n, noise=noise, turns=1.5, seed=seed)


class TrainingSession:
    """A network, its training and held-out data, and a training run that advances on demand.

    Args:
        data: ``"moons"`` or ``"spirals"`` (:data:`DATASETS`).
        hidden: hidden units of the ``Perceptron(2, hidden, 1)``.
        rate, momentum, batch_size, cost: the options of :func:`nnteach.train` (``batch_size=None``
            is the whole training set).  ``rate`` may be a number, a list or a function, as in ``train``.
        noise, n_train, n_heldout: the data set (``None``: the defaults of :data:`DATASETS`).
        activation: hidden activation (the output is logistic).
        init: initial weights (``"xavier"`` or ``"synaptic"``).
        seed: seeds the data, the initial weights and the shuffling (the default, 1, gives the moons run
            of notebook 06 whose held-out error clearly turns up).
        max_epochs: the run stops here (and a list rate is split into buckets over it).

    Attributes:
        net: the :class:`~nnteach.Perceptron`.
        X, T: the training set ``(n_train, 2)``, ``(n_train, 1)``; ``X_heldout``, ``T_heldout`` the held-out set.
        epoch: epochs trained so far.
        history, heldout_history: the reported error (mean of ``(t − y)²``) on each set after each
            epoch (lists of length ``epoch``); ``initial_error``, ``initial_heldout_error`` before training.
        diverged: ``None``, or why the run stopped (the weights are those before the failing epoch).
    """

    def __init__(self, *, data: str = "moons", hidden: int = 30, rate=0.5, momentum: float = 0.0,
                 batch_size: int | None = 10, cost: str = "cross_entropy", noise: float | None = None,
                 n_train: int | None = None, n_heldout: int | None = None, activation: str = "tanh",
                 init: str = "xavier", seed: int = 1, max_epochs: int = 2000) -> None:
        if data not in DATASETS:
            raise ValueError(f"unknown data {data!r}; expected one of {', '.join(map(repr, DATASETS))}")
        defaults = DATASETS[data]
        self.data = data
        self.noise = defaults["noise"] if noise is None else noise
        self.n_train = positive_int(defaults["n_train"] if n_train is None else n_train, "n_train")
        self.n_heldout = positive_int(defaults["n_heldout"] if n_heldout is None else n_heldout, "n_heldout")
        self.hidden = positive_int(hidden, "hidden")
        self.activation, self.init = activation, init
        self.seed = seed
        self.max_epochs = positive_int(max_epochs, "max_epochs")
        X, T = _make_data(data, self.n_train + self.n_heldout, self.noise, seed)
        self.X, self.T = X[:self.n_train], T[:self.n_train]
        self.X_heldout, self.T_heldout = X[self.n_train:], T[self.n_train:]
        lo, hi = X.min(axis=0), X.max(axis=0)
        pad = 0.1 * (hi - lo)
        #: the part of the input plane that :meth:`grid` covers: ``(x1_min, x1_max, x2_min, x2_max)``
        self.extent = (float(lo[0] - pad[0]), float(hi[0] + pad[0]), float(lo[1] - pad[1]), float(hi[1] + pad[1]))
        self.rate, self.momentum, self.batch_size, self.cost = rate, momentum, batch_size, cost
        self.reset()

    # -- the run ------------------------------------------------------------------------------------
    def reset(self) -> "TrainingSession":
        """Start again: fresh initial weights (the same seed gives the same ones), no history."""
        self.net = Perceptron(2, self.hidden, 1, activation=self.activation, output_activation="logistic",
                              seed=self.seed, init=self.init)
        self.epoch = 0
        self.history: list[float] = []
        self.heldout_history: list[float] = []
        self.diverged: str | None = None
        self._rng = np.random.default_rng(self.seed)      # train's shuffling generator, seeded as train seeds it
        self._order = np.arange(self.n_train)
        self._velocity = None
        self._options = None
        self.configure()
        self.initial_error = evaluate_error(self.net, self.X, self.T)
        self.initial_heldout_error = evaluate_error(self.net, self.X_heldout, self.T_heldout)
        return self

    def configure(self, *, rate=None, momentum: float | None = None, batch_size=_KEEP,
                  cost: str | None = None) -> "TrainingSession":
        """Change the options of the run; they apply from the next epoch.  ``batch_size=None`` is the
        whole training set (leave it out to keep the current one).  Bad options raise ``ValueError``
        (from :func:`~nnteach.train.check_options`) and change nothing."""
        new = {"rate": self.rate if rate is None else rate,
               "momentum": self.momentum if momentum is None else momentum,
               "batch_size": self.batch_size if batch_size is _KEEP else batch_size,
               "cost": self.cost if cost is None else cost}
        options = check_options(self.net, (self.X, self.T), rate=new["rate"], iterations=self.max_epochs, error=0.0,
                                cost=costs.check_name(new["cost"]), batch_size=new["batch_size"],
                                momentum=new["momentum"], shuffle=True, seed=self.seed)
        self.rate, self.momentum, self.batch_size, self.cost = new["rate"], new["momentum"], new["batch_size"], \
            new["cost"]
        self._options = options
        if options.momentum and self._velocity is None:
            self._velocity = {k: np.zeros_like(v) for k, v in self.net.params.items()}
        elif not options.momentum:
            self._velocity = None
        return self

    def step(self, epochs: int = 1) -> int:
        """Train up to ``epochs`` more epochs (fewer at ``max_epochs`` or when the run diverges).

        Each epoch is :func:`~nnteach.train.one_epoch` with the rate ``rate(epoch, error)`` of the
        current options, followed by the reported error on both sets.  Returns the epochs run.
        """
        epochs = positive_int(epochs, "epochs")
        done = 0
        params = self.net.params
        current = self.history[-1] if self.history else self.initial_error
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            while done < epochs and self.epoch < self.max_epochs and self.diverged is None:
                eps = self._options.rate_of(self.epoch, current)
                snapshot = {k: v.copy() for k, v in params.items()}
                try:
                    one_epoch(self.net, self._options, eps, self.epoch + 1, self._order, self._rng, self._velocity)
                    current = evaluate_error(self.net, self.X, self.T)
                    if not math.isfinite(current) or not all(np.isfinite(p).all() for p in params.values()):
                        raise TrainingDiverged(f"training diverged at epoch {self.epoch + 1}: the weights or outputs "
                                               f"became NaN/inf with rate {eps:g}")
                except TrainingDiverged as exc:
                    for k, v in params.items():
                        v[...] = snapshot[k]
                    self.diverged = str(exc)
                    break
                self.epoch += 1
                done += 1
                self.history.append(current)
                self.heldout_history.append(evaluate_error(self.net, self.X_heldout, self.T_heldout))
        return done

    @property
    def finished(self) -> bool:
        """True once the run reached ``max_epochs`` or diverged (``step`` then does nothing)."""
        return self.epoch >= self.max_epochs or self.diverged is not None

    # -- what a dashboard shows ---------------------------------------------------------------------
    @property
    def error(self) -> float:
        """The reported error on the training set now."""
        return self.history[-1] if self.history else self.initial_error

    @property
    def heldout_error(self) -> float:
        """The reported error on the held-out set now."""
        return self.heldout_history[-1] if self.heldout_history else self.initial_heldout_error

    @property
    def best_epoch(self) -> int:
        """The epoch with the lowest held-out error so far (0 = before training)."""
        errors = [self.initial_heldout_error] + self.heldout_history
        return int(np.argmin(errors))

    def accuracy(self, heldout: bool = False) -> float:
        """The fraction of points on the right side of 0.5, on the training (or held-out) set."""
        X, T = (self.X_heldout, self.T_heldout) if heldout else (self.X, self.T)
        return float(np.mean((self.net.forward(X) > 0.5) == (T > 0.5)))

    def grid(self, n: int = 61) -> np.ndarray:
        """The network's output over :attr:`extent` on an ``n × n`` grid, ``(n, n)``, row ``i`` at the
        ``i``-th x2 value (for ``imshow(origin="lower")``); the decision boundary is where it is 0.5."""
        a, b, c, d = self.extent
        g1, g2 = np.meshgrid(np.linspace(a, b, n), np.linspace(c, d, n))
        return self.net.forward(np.column_stack([g1.ravel(), g2.ravel()]))[:, 0].reshape(n, n)

    def __repr__(self) -> str:
        return (f"TrainingSession({self.data}, {self.n_train} training and {self.n_heldout} held-out points, "
                f"2-{self.hidden}-1, epoch {self.epoch}: training error {self.error:.4f}, "
                f"held-out error {self.heldout_error:.4f})")
