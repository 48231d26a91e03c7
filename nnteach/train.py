"""Training: one entry point, :func:`train`, for every model that obeys the model contract.

The options are Synaptic's (``rate``, ``iterations``, ``error``, ``shuffle``,
``cost``, ``log``, a callback) plus ``batch_size`` and ``momentum``.  The
update is gradient descent by the delta rule (math.md §2.4):

    v ← μ v − ε ∂E/∂θ,   θ ← θ + v          (math.md §2.4; μ = 0 gives plain descent, Eq. 4.4)

Read it in the order of its steps: :func:`train` (the whole run) calls

1. :func:`check_options` — every option and the data, checked before any weight changes;
2. :func:`one_epoch` — one pass over the data, batch by batch;
3. :func:`one_update` — one step of the weights for one batch's gradients.

``∂E/∂θ`` of a batch is the **mean** over its examples, so ``rate`` means the
same thing for every batch size.  The *reported* error is Synaptic's: the mean
of ``(t − y)²`` over all examples and outputs (and time steps), computed on the
whole training set after each epoch, whatever cost is being descended.
"""
from __future__ import annotations

import inspect
import math
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from . import costs
from .validation import as_float_array, positive_int, positive_number

__all__ = ["train", "TrainResult", "TrainingDiverged", "TrainOptions", "check_options", "one_epoch", "one_update",
           "rate_schedule", "evaluate_error", "as_examples"]


class TrainingDiverged(ArithmeticError):
    """Training produced a non-finite loss or weights.  The model keeps the weights it had
    at the start of the failing epoch, so it is still usable."""


@dataclass
class TrainResult:
    """What :func:`train` returns.

    Attributes:
        error: the last reported error (mean of (t − y)² over examples and outputs).
        epochs: the number of epochs run.
        history: the reported error after each epoch.
        time: wall time in seconds.
        stopped: why training stopped: ``"error"`` (target reached), ``"iterations"``,
            ``"callback"`` or ``"interrupted"``.
    """

    error: float
    epochs: int
    history: list[float] = field(repr=False)
    time: float
    stopped: str

    @property
    def iterations(self) -> int:
        """Synaptic's name for :attr:`epochs`."""
        return self.epochs

    @property
    def reached_target(self) -> bool:
        """True if training stopped because the error target was reached."""
        return self.stopped == "error"

    def __repr__(self) -> str:
        return (f"TrainResult(error={self.error:.6f}, epochs={self.epochs}, time={self.time:.3f} s, "
                f"stopped={self.stopped!r})")


# -- the whole run: options, then epoch after epoch ---------------------------------------------------
def train(model, data, *, rate: float | Sequence[float] | Callable = 0.2, iterations: int = 20000,
          error: float = 0.005, cost: str = "mse", batch_size: int | None = 1, momentum: float = 0.0,
          shuffle: bool = False, seed: int | None = None, log: int = 0, progress: bool = False,
          callback: Callable[[dict], Any] | None = None, every: int = 1,
          schedule: dict | None = None, clip: float | None = None) -> TrainResult:
    """Train ``model`` on ``data`` by gradient descent; return a :class:`TrainResult`.

    The steps, in order: :func:`check_options` (every option and the data, before any weight
    changes), then for each epoch :func:`one_epoch` (one :func:`one_update` per batch), the
    reported error, and the stopping rules.

    Args:
        model: any object with ``params``, ``forward``, ``loss_and_grads`` (the model contract,
            :mod:`nnteach.model`).
        data: ``(X, T)`` arrays with examples along the first axis, or a list of ``(x, t)``
            pairs or ``{"input": x, "output": t}`` dicts (see :func:`as_examples`).
        rate: learning rate ε: a number, a list (the iterations are split into equal
            buckets, one rate each, as in Synaptic), or a function ``rate(epoch)`` or
            ``rate(epoch, error)``.  Every rate must be > 0.
        iterations: the maximum number of epochs (passes over the data).
        error: stop as soon as the reported error is ≤ this (use 0 to never stop early).
        cost: the cost that is descended: ``"mse"`` or ``"cross_entropy"``.
        batch_size: examples per update: 1 = online (Synaptic), ``None`` = the whole data set.
        momentum: μ in the update above (math.md §2.4), 0 ≤ μ < 1 (0 = none, as Synaptic).
        shuffle: shuffle the examples every epoch (seeded by ``seed``).
        seed: seed for the shuffling.
        log: print the error every ``log`` epochs (0 = silent).
        progress: show a progress bar (an ipywidgets bar in Jupyter, text elsewhere).
        callback: called every ``every`` epochs with a dict ``{"epoch", "error", "rate", "model"}``;
            if it returns True, training stops.
        every: how often the callback runs (epochs).
        schedule: Synaptic's form of the same, ``{"every": n, "do": function}``.
        clip: if given, each gradient array is scaled down so that its norm is ≤ ``clip``.

    Raises:
        ValueError: bad data, options or shapes (raised before any weight changes).
        TrainingDiverged: the loss or a weight became NaN/inf; the model keeps the weights
            of the start of that epoch.

    Pressing Stop (KeyboardInterrupt) ends training cleanly: the model keeps the weights
    of the start of the interrupted epoch and the result says ``stopped="interrupted"``.

    Settings for sequence models (``RNN``, ``LSTM``): the defaults are Synaptic's for small
    feed-forward nets (rate 0.2, online, MSE) and train sequence models badly.  Use cross-entropy,
    batches of a few sequences with momentum, clipping, shuffling and a small rate, and show
    progress on a run that takes seconds::

        train(model, (X, T), cost="cross_entropy", batch_size=4, momentum=0.9, clip=5.0,
              shuffle=True, seed=0, rate=0.05, iterations=20, error=0, log=5)   # LSTM; rate 0.01 for an RNN

    Measured on small recall (distracted sequence recall, 6 symbols, 10 steps, 500 training trials,
    20 epochs, held-out score on 1000 trials, seeds 0, 1, 2): ``LSTM(6, 8, 2)`` scored 0.744–0.761
    with the defaults and 1.000 with these settings (Xavier weights, ``forget_bias=1.0``);
    ``RNN(6, 20, 2)`` scored 0.000–0.329 with the defaults and 1.000 with these settings at rate 0.01
    (Xavier weights).  The docstrings of :class:`~nnteach.RNN` and :class:`~nnteach.LSTM` give the
    details.
    """
    options = check_options(model, data, rate=rate, iterations=iterations, error=error, cost=cost,
                            batch_size=batch_size, momentum=momentum, shuffle=shuffle, seed=seed, log=log,
                            progress=progress, callback=callback, every=every, schedule=schedule, clip=clip)
    X, T = options.X, options.T
    params = model.params
    velocity = {k: np.zeros_like(v) for k, v in params.items()} if options.momentum else None
    rng = np.random.default_rng(options.seed)
    order = np.arange(options.n)
    history: list[float] = []
    bar = _Progress(options.iterations) if options.progress else None
    current = evaluate_error(model, X, T)
    stopped = "iterations"
    start = time.perf_counter()
    epoch = 0
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        try:
            for epoch in range(1, options.iterations + 1):
                eps = options.rate_of(epoch - 1, current)
                snapshot = {k: v.copy() for k, v in params.items()}
                try:
                    one_epoch(model, options, eps, epoch, order, rng, velocity)
                except TrainingDiverged:
                    _restore(params, snapshot)
                    raise
                current = evaluate_error(model, X, T)
                if not math.isfinite(current) or not all(np.isfinite(p).all() for p in params.values()):
                    _restore(params, snapshot)
                    raise TrainingDiverged(
                        f"training diverged at epoch {epoch}: the weights or outputs became NaN/inf with "
                        f"rate {eps:g}. The model keeps the weights of the start of this epoch. "
                        f"Try a smaller rate (for example {eps / 10:g}).")
                history.append(current)
                if options.log and epoch % options.log == 0:
                    print(f"epoch {epoch:6d}  error {current:.6f}  rate {eps:g}")
                if bar is not None:
                    bar.update(epoch, current)
                if current <= options.error:
                    stopped = "error"
                    break
                if options.callback is not None and epoch % options.every == 0:
                    if options.callback({"epoch": epoch, "error": current, "rate": eps, "model": model}) is True:
                        stopped = "callback"
                        break
        except KeyboardInterrupt:
            _restore(params, snapshot)
            epoch -= 1
            current = history[-1] if history else evaluate_error(model, X, T)
            stopped = "interrupted"
            print(f"training interrupted: the model keeps the weights after epoch {epoch}")
    elapsed = time.perf_counter() - start
    if bar is not None:
        bar.close(epoch, current)
    return TrainResult(error=current, epochs=epoch, history=history, time=elapsed, stopped=stopped)


# -- 1. the options ------------------------------------------------------------------------------
@dataclass
class TrainOptions:
    """The options of :func:`train`, checked, and the training data in normal form.

    Attributes: the data ``X``, ``T`` (arrays, or lists of arrays if ``ragged``), ``rate_of``
    (see :func:`rate_schedule`) and the options of :func:`train` by name; ``batch_size`` is a
    number (``None`` became the number of examples) and a Synaptic ``schedule`` became
    ``callback`` and ``every``.
    """

    X: Any
    T: Any
    ragged: bool
    rate_of: Callable[[int, float], float]
    iterations: int
    error: float
    cost: str
    batch_size: int
    momentum: float
    shuffle: bool
    seed: int | None
    log: int
    progress: bool
    callback: Callable[[dict], Any] | None
    every: int
    clip: float | None

    @property
    def n(self) -> int:
        """The number of training examples."""
        return len(self.X)


def check_options(model, data, *, rate=0.2, iterations: int = 20000, error: float = 0.005, cost: str = "mse",
                  batch_size: int | None = 1, momentum: float = 0.0, shuffle: bool = False, seed: int | None = None,
                  log: int = 0, progress: bool = False, callback: Callable[[dict], Any] | None = None, every: int = 1,
                  schedule: dict | None = None, clip: float | None = None) -> TrainOptions:
    """Check every option of :func:`train` and the data against the model, before any weight changes.

    Raises ``ValueError`` naming the option, what was given and what was expected.  The model's
    checked ``loss_and_grads`` runs once on the data, so bad shapes fail here, clearly.
    """
    costs.check_name(cost)
    if schedule is not None:
        if callback is not None or not isinstance(schedule, dict) or set(schedule) != {"every", "do"} \
                or not callable(schedule["do"]):
            raise ValueError("schedule must be {'every': n, 'do': function} and cannot be combined with callback")
        callback, every = schedule["do"], schedule["every"]
    if callback is not None and not callable(callback):
        raise ValueError(f"callback must be a function of one dict; got {callback!r}")
    iterations = positive_int(iterations, "iterations")
    every = positive_int(every, "every")
    if isinstance(error, bool) or not isinstance(error, (int, float, np.floating)) or not error >= 0:
        raise ValueError(f"error must be a number >= 0 (the target for the reported error); got {error!r}")
    if isinstance(momentum, bool) or not isinstance(momentum, (int, float, np.floating)) or not 0 <= momentum < 1:
        raise ValueError(f"momentum must be a number with 0 <= momentum < 1; got {momentum!r}")
    if clip is not None:
        clip = positive_number(clip, "clip")
    if log and not isinstance(log, (int, np.integer)) or log < 0:
        raise ValueError(f"log must be a whole number >= 0 (print every `log` epochs); got {log!r}")
    X, T, ragged = as_examples(data)
    batch_size = positive_int(len(X) if batch_size is None else batch_size, "batch_size")
    rate_of = rate_schedule(rate, iterations)
    _check_model_accepts(model, X, T, cost, ragged)
    return TrainOptions(X=X, T=T, ragged=ragged, rate_of=rate_of, iterations=iterations, error=error, cost=cost,
                        batch_size=batch_size, momentum=momentum, shuffle=shuffle, seed=seed, log=log,
                        progress=progress, callback=callback, every=every, clip=clip)


# -- 2. one epoch ---------------------------------------------------------------------------------
def one_epoch(model, options: TrainOptions, rate: float, epoch: int, order: np.ndarray, rng: np.random.Generator,
              velocity: dict[str, np.ndarray] | None) -> None:
    """One pass over the training data: shuffle (if asked), then one update per batch.

    Each batch's loss and gradients come from the model (the mean over the batch), then
    :func:`one_update` moves the weights.  ``order`` is shuffled in place.  Raises
    :class:`TrainingDiverged` as soon as a loss is not finite (the caller restores the weights).
    """
    # nnteach models offer loss_and_grads_unchecked (the data were checked once, in check_options)
    # and return fresh gradient arrays; any other model's gradients are copied before they are scaled.
    fast = getattr(model, "loss_and_grads_unchecked", None)
    step = fast or model.loss_and_grads
    if options.shuffle:
        rng.shuffle(order)
    for start in range(0, options.n, options.batch_size):
        idx = order[start:start + options.batch_size]
        loss, grads = _batch_loss_and_grads(step, options.X, options.T, idx, options.cost, options.ragged)
        if not math.isfinite(loss):
            raise TrainingDiverged(
                f"training diverged at epoch {epoch}: the loss became {loss} with rate {rate:g}. "
                "The model keeps the weights of the start of this epoch. Try a smaller rate "
                f"(for example {rate / 10:g})" + (" or less momentum." if options.momentum else "."))
        if fast is None:
            grads = {k: np.array(g, dtype=float) for k, g in grads.items()}
        one_update(model.params, grads, rate, options.momentum, velocity, options.clip)


# -- 3. one update --------------------------------------------------------------------------------
def one_update(params: dict[str, np.ndarray], grads: dict[str, np.ndarray], rate: float, momentum: float = 0.0,
               velocity: dict[str, np.ndarray] | None = None, clip: float | None = None) -> None:
    """One step of gradient descent on ``params``, in place (math.md §2.4).

    Without momentum ``θ ← θ − ε ∂E/∂θ`` (Eq. 4.4); with momentum ``v ← μ v − ε ∂E/∂θ``,
    ``θ ← θ + v``.  With ``clip`` each gradient array is first scaled down so that its norm is
    at most ``clip``.  ``grads`` must be fresh arrays: they are scaled in place.
    """
    if clip is not None:
        for g in grads.values():
            norm = float(np.sqrt(np.sum(g * g)))
            if norm > clip:
                g *= clip / norm
    if velocity is None:
        for k, p in params.items():
            g = grads[k]
            g *= rate                 # the gradient arrays are fresh: scale them in place
            p -= g
    else:
        for k, p in params.items():
            v = velocity[k]
            v *= momentum
            v -= rate * grads[k]
            p += v


# -- the data and the rate ---------------------------------------------------------------------------
def as_examples(data: Any) -> tuple[Any, Any, bool]:
    """Normalise training data to ``(X, T, ragged)``.

    Accepted forms:
      * a pair of arrays ``(X, T)`` whose first axis runs over examples
        (patterns ``(B, N)`` or sequences ``(B, T, N)``);
      * a list of pairs ``(x, t)`` or of Synaptic-style dicts ``{"input": x, "output": t}``.
        If the examples differ in shape (sequences of different lengths) they are kept
        as lists and ``ragged`` is True.
    """
    if isinstance(data, tuple) and len(data) == 2 and not isinstance(data[0], dict):
        X = as_float_array(data[0], "the inputs X of data")
        T = as_float_array(data[1], "the targets T of data")
        if X.ndim < 2 or T.ndim < 2 or X.shape[0] != T.shape[0] or X.shape[0] == 0:
            raise ValueError(f"data=(X, T) must hold the examples along the first axis, the same number in both; "
                             f"got X {X.shape} and T {T.shape}")
        return X, T, False
    if isinstance(data, (list, tuple)) and len(data) > 0:
        xs, ts = [], []
        for k, item in enumerate(data):
            if isinstance(item, dict):
                if "input" not in item or "output" not in item:
                    raise ValueError(f"data[{k}] is a dict without 'input' and 'output' keys; "
                                     "expected {'input': x, 'output': t}")
                x, t = item["input"], item["output"]
            elif isinstance(item, (tuple, list)) and len(item) == 2:
                x, t = item
            else:
                raise ValueError(f"data[{k}] is {type(item).__name__}; expected a pair (x, t) "
                                 "or a dict {'input': x, 'output': t}")
            xs.append(as_float_array(x, f"data[{k}] input"))
            ts.append(as_float_array(t, f"data[{k}] output"))
        if len({x.shape for x in xs}) == 1 and len({t.shape for t in ts}) == 1:
            return np.stack(xs), np.stack(ts), False
        return xs, ts, True
    raise ValueError("data must be a pair of arrays (X, T), or a non-empty list of (x, t) pairs "
                     f"or {{'input': x, 'output': t}} dicts; got {type(data).__name__}")


def evaluate_error(model, X, T) -> float:
    """The reported error: mean of ``(t − y)²`` over examples, outputs and time steps."""
    if isinstance(X, list):
        total = sum(float(np.sum((t - model.forward(x)) ** 2)) for x, t in zip(X, T))
        return total / sum(t.size for t in T)
    Y = model.forward(X)
    return float(np.mean((T - Y) ** 2))


def rate_schedule(rate, iterations: int) -> Callable[[int, float], float]:
    """Turn the ``rate`` option (a number, a list, or a function) into ``f(epoch, error) -> ε``.

    A list splits the iterations into equal buckets, one rate each (as Synaptic); a function is
    called as ``rate(epoch)`` or ``rate(epoch, error)``.  Every rate must be a number > 0.
    """
    if callable(rate):
        try:
            n_args = len([p for p in inspect.signature(rate).parameters.values()
                          if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)])
        except (TypeError, ValueError):
            n_args = 1
        if n_args >= 2:
            return lambda epoch, error: positive_number(rate(epoch, error), f"rate({epoch}, error)")
        return lambda epoch, error: positive_number(rate(epoch), f"rate({epoch})")
    if isinstance(rate, (list, tuple, np.ndarray)):
        rates = [positive_number(r, f"rate[{k}]") for k, r in enumerate(rate)]
        if not rates:
            raise ValueError("rate is an empty list; expected at least one learning rate")
        bucket = max(1, math.ceil(iterations / len(rates)))
        # Synaptic: the iterations are split into len(rates) equal buckets, one rate each.
        return lambda epoch, error: rates[min(epoch // bucket, len(rates) - 1)]
    value = positive_number(rate, "rate")
    return lambda epoch, error: value


# -- plumbing -------------------------------------------------------------------------------------------
def _restore(params: dict, snapshot: dict) -> None:
    for k, v in params.items():
        v[...] = snapshot[k]


def _batch_loss_and_grads(step, X, T, idx, cost, ragged):
    """Mean loss and gradients over the examples ``idx`` (stacked, or one by one if ragged)."""
    if not ragged:
        if len(idx) == 1:
            i = idx[0]
            return step(X[i], T[i], cost)
        return step(X[idx], T[idx], cost)
    total, acc = 0.0, None
    for i in idx:
        loss, grads = step(X[i], T[i], cost)
        total += loss
        if acc is None:
            acc = {k: g.copy() for k, g in grads.items()}
        else:
            for k, g in grads.items():
                acc[k] += g
    m = len(idx)
    return total / m, {k: g / m for k, g in acc.items()}


def _check_model_accepts(model, X, T, cost, ragged) -> None:
    """Run the public, checked ``loss_and_grads`` once so that bad shapes fail here, clearly."""
    for name in ("params", "forward", "loss_and_grads"):
        if not hasattr(model, name):
            raise ValueError(f"model {type(model).__name__} lacks {name!r}; train() needs a model with "
                             "params, forward(X) and loss_and_grads(X, T, cost)")
    if ragged:
        for x, t in zip(X, T):
            model.loss_and_grads(x, t, cost)
    else:
        model.loss_and_grads(X, T, cost)


class _Progress:
    """A progress bar: ipywidgets in a Jupyter kernel, a text line elsewhere."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.widget = None
        try:
            from IPython import get_ipython
            if get_ipython() is not None and "IPKernelApp" in get_ipython().config:
                import ipywidgets
                from IPython.display import display
                self.widget = ipywidgets.IntProgress(value=0, min=0, max=total, description="training")
                self.label = ipywidgets.Label("")
                display(ipywidgets.HBox([self.widget, self.label]))
        except Exception:  # no IPython / no widgets: fall back to text
            self.widget = None
        self.last = 0.0

    def update(self, epoch: int, err: float) -> None:
        now = time.perf_counter()
        if now - self.last < 0.1 and epoch < self.total:
            return
        self.last = now
        if self.widget is not None:
            self.widget.value = epoch
            self.label.value = f"epoch {epoch}/{self.total}, error {err:.4f}"
        else:
            print(f"\repoch {epoch}/{self.total}  error {err:.6f}", end="", flush=True)

    def close(self, epoch: int, err: float) -> None:
        if self.widget is not None:
            self.widget.value = epoch
            self.label.value = f"epoch {epoch}/{self.total}, error {err:.4f}"
        else:
            print(f"\repoch {epoch}/{self.total}  error {err:.6f}")
