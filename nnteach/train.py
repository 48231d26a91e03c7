"""Training: one entry point, :func:`train`, for every model that obeys the model contract.

The options are Synaptic's (``rate``, ``iterations``, ``error``, ``shuffle``,
``cost``, ``log``, a callback) plus ``batch_size`` and ``momentum``.  The
update is gradient descent by the delta rule (math.md §2.4):

    v ← μ v − ε ∂E/∂θ,   θ ← θ + v          (math.md §2.4; μ = 0 gives plain descent, Eq. 4.4)

Read it in the order of its steps: :func:`train` (the whole run) calls

1. :func:`check_options` — every option and the data, checked before any weight changes, and
   :func:`check_model_answers` — the model's first step, verified against the model contract;
2. :func:`one_epoch` — one pass over the data, batch by batch;
3. :func:`one_update` — one step of the weights for one batch's gradients.

``∂E/∂θ`` of a batch is the **mean** over its examples, so ``rate`` means the
same thing for every batch size.  The *reported* error is Synaptic's: the mean
of ``(t − y)²`` over all examples and outputs (and time steps), computed on the
whole training set after each epoch, whatever cost is being descended
(``error_on="seen"``: of the examples as they were seen during the epoch, before
each update, as Synaptic's Trainer does; it costs nothing extra).

nnteach's own models run the same steps through a private fast path (``nnteach/_fast_train.py``:
one buffer for all parameters, one update per step as one operation; tested equal to
:func:`one_epoch`), and small models train with one BLAS thread (``nnteach/_blas.py``).
"""
from __future__ import annotations

import inspect
import math
import time
from dataclasses import dataclass, field
from numbers import Real
from typing import Any, Callable, Sequence

import numpy as np

from . import _blas, _fast_train, costs
from .model import SequenceModel
from .validation import (ArgumentTypeError, as_float_array, check_bool, check_callable, check_choice, check_keys,
                         check_number,
                         check_seed, describe, positive_int, positive_number, whole_number)

__all__ = ["train", "TrainResult", "TrainingDiverged", "TrainOptions", "check_options", "check_model_answers",
           "one_epoch", "one_online_sequence", "one_update",
           "rate_schedule", "evaluate_error", "as_examples"]


class TrainingDiverged(ArithmeticError):
    """Training produced a non-finite loss or weights.  The model keeps the weights it had
    at the start of the failing epoch, so it is still usable."""


@dataclass
class TrainResult:
    """What :func:`train` returns.

    It always describes the weights the model keeps.

    Attributes:
        error: the last reported error (mean of (t − y)² over examples and outputs): of the weights the
            model keeps (``nan`` only if Stop came before the first error was measured).
        epochs: the number of epochs run.
        history: the reported error after each epoch.
        time: wall time in seconds.
        stopped: why training stopped: ``"error"`` (target reached), ``"iterations"``,
            ``"callback"`` or ``"interrupted"``.
        error_on: where the reported error was measured: ``"data"`` (the whole training set after
            each epoch: exact) or ``"seen"`` (the examples as they were seen during the epoch, before
            each update; :func:`evaluate_error` gives the exact one).
    """

    error: float
    epochs: int
    history: list[float] = field(repr=False)
    time: float
    stopped: str
    error_on: str = "data"

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
          shuffle: bool = False, seed: int | None = None, log: int | None = 0, progress: bool = False,
          callback: Callable[[dict], Any] | None = None, every: int = 1,
          schedule: dict | None = None, clip: float | None = None, online: bool = False,
          error_on: str = "data") -> TrainResult:
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
        log: print the error every ``log`` epochs (0 or None = silent).
        progress: show a progress bar (tqdm: a widget in Jupyter, a text bar elsewhere).
        callback: called every ``every`` epochs with a dict ``{"epoch", "error", "rate", "model"}``;
            if it returns True, training stops.
        every: how often the callback runs (epochs).
        schedule: Synaptic's form of the same, ``{"every": n, "do": function}``.
        clip: if given, each gradient array is scaled down so that its norm is ≤ ``clip``.
        online: sequence models only: one update per time step, the state carried from step to
            step within each sequence (Synaptic's activate + propagate); see
            :meth:`~nnteach.model.SequenceModel.step_loss_and_grads` for the gradient it uses.
        error_on: ``"data"`` (the reported error on the whole training set after each epoch) or
            ``"seen"`` (of the examples as seen during the epoch, before each update: Synaptic's; free).

    Raises:
        ValueError: bad data, options or shapes (raised before any weight changes).
        TrainingDiverged: the loss or a weight became NaN/inf; the model keeps the weights
            of the start of that epoch.

    Pressing Stop (KeyboardInterrupt) ends training cleanly, wherever it comes (between batches,
    in the callback, in a rate function): the model keeps the weights of the last *completed*
    epoch (an interrupted epoch is undone), and the result describes exactly those weights
    (``epochs``, ``error`` and ``history`` up to that epoch, ``stopped="interrupted"``).  A Stop
    during the checks, before training starts, raises ``KeyboardInterrupt`` as usual (no weight
    has changed).

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
                            progress=progress, callback=callback, every=every, schedule=schedule, clip=clip,
                            online=online, error_on=error_on)
    X, T = options.X, options.T
    params = model.params
    # nnteach's own models run one_epoch's numbers through a private fast path (tested equal to it).
    fast = _fast_train.FastEpochs.prepare(model, options)
    velocity = {k: np.zeros_like(v) for k, v in params.items()} if options.momentum and fast is None else None
    rng = np.random.default_rng(options.seed)
    order = np.arange(options.n)
    history: list[float] = []        # the reported error after each completed epoch: the commit of an epoch
    initial = math.nan               # the reported error before training (measured only if a rate function reads it)
    snapshot = None                  # (epoch, weights at its start) of the epoch in progress
    bar = None
    say = print
    stopped = "iterations"
    start = time.perf_counter()
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"), \
            _blas.threads_for(_blas.work_per_step(_n_parameters(params), options.batch_size)):
        try:
            if options.progress:
                bar = _progress_bar(options.iterations)
                say = bar.write
            if options.rate_reads_error:      # only a rate(epoch, error) function reads the error before epoch 1
                initial = evaluate_error(model, X, T)
            current = initial
            for epoch in range(1, options.iterations + 1):
                eps = options.rate_of(epoch - 1, current)
                snapshot = (epoch, {k: v.copy() for k, v in params.items()})
                try:
                    if fast is None:
                        current = one_epoch(model, options, eps, epoch, order, rng, velocity)
                    else:
                        current = fast.epoch(eps, epoch, order, rng)
                except TrainingDiverged:
                    _restore(params, snapshot[1])
                    raise
                if not math.isfinite(current) or not all(np.isfinite(p).all() for p in params.values()):
                    _restore(params, snapshot[1])
                    raise TrainingDiverged(
                        f"training diverged at epoch {epoch}: the weights or outputs became NaN/inf with "
                        f"rate {eps:g}. The model keeps the weights of the start of this epoch. "
                        f"Try a smaller rate (for example {eps / 10:g}).")
                history.append(current)      # epoch complete: the weights, the error and the history agree
                if options.log and epoch % options.log == 0:
                    say(f"epoch {epoch:6d}  error {current:.6f}  rate {eps:g}")
                if bar is not None:
                    bar.set_postfix_str(f"error {current:.4f}", refresh=False)
                    bar.update(1)
                if current <= options.error:
                    stopped = "error"
                    break
                if options.callback is not None and epoch % options.every == 0:
                    if options.callback({"epoch": epoch, "error": current, "rate": eps, "model": model}) is True:
                        stopped = "callback"
                        break
        except KeyboardInterrupt:
            # Stop may come anywhere: in an epoch (between batches, while measuring its error), in the
            # callback, in the rate function, before the first snapshot.  Keep the weights that the
            # history describes: an epoch whose error was not recorded is undone, a recorded one is kept.
            if snapshot is not None and snapshot[0] == len(history) + 1:
                _restore(params, snapshot[1])
            stopped = "interrupted"
            say(f"training interrupted: the model keeps the weights after epoch {len(history)}")
        finally:
            if bar is not None:
                bar.close()
    elapsed = time.perf_counter() - start
    if history:
        current = history[-1]
    else:                                      # stopped before the first epoch was complete: no weight changed
        current = initial if math.isfinite(initial) else evaluate_error(model, X, T)
    return TrainResult(error=current, epochs=len(history), history=history, time=elapsed, stopped=stopped,
                       error_on=options.error_on)


# -- 1. the options ------------------------------------------------------------------------------
@dataclass
class TrainOptions:
    """The options of :func:`train`, checked, and the training data in normal form.

    Attributes: the data ``X``, ``T`` (arrays, or lists of arrays if ``ragged``), ``rate_of``
    (see :func:`rate_schedule`) and the options of :func:`train` by name; ``batch_size`` is a
    number (``None`` became the number of examples) and a Synaptic ``schedule`` became
    ``callback`` and ``every``; ``n_values`` is the number of target values (examples × outputs
    × time steps), which the reported error is the mean over.
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
    online: bool = False
    error_on: str = "data"
    rate_reads_error: bool = False

    @property
    def n(self) -> int:
        """The number of training examples."""
        return len(self.X)

    @property
    def n_values(self) -> int:
        """The number of target values: examples × outputs (× time steps)."""
        return sum(t.size for t in self.T) if self.ragged else self.T.size


def check_options(model, data, *, rate=0.2, iterations: int = 20000, error: float = 0.005, cost: str = "mse",
                  batch_size: int | None = 1, momentum: float = 0.0, shuffle: bool = False, seed: int | None = None,
                  log: int | None = 0, progress: bool = False, callback: Callable[[dict], Any] | None = None,
                  every: int = 1, schedule: dict | None = None, clip: float | None = None, online: bool = False,
                  error_on: str = "data") -> TrainOptions:
    """Check every option of :func:`train` and the data against the model, before any weight changes.

    Raises ``TypeError`` (an option of the wrong type: ``shuffle="yes"``, ``rate="0.1"``) or
    ``ValueError`` (a wrong value) naming the option, what was given and what was expected.  Then
    :func:`check_model_answers` runs the model's first step once and verifies its answers.
    """
    costs.check_name(cost)
    if schedule is not None:
        if callback is not None:
            raise ValueError("give either callback (with every) or Synaptic's schedule={'every': n, 'do': function}, "
                             "not both")
        schedule = check_keys(schedule, "schedule (Synaptic's {'every': n, 'do': function})", ("every", "do"))
        callback, every = schedule["do"], schedule["every"]
        check_callable(callback, "schedule['do']", "a function of one dict")
    if callback is not None:
        check_callable(callback, "callback", "a function of one dict (or None)")
    iterations = positive_int(iterations, "iterations")
    every = positive_int(every, "every" if schedule is None else "schedule['every']")
    error = check_number(error, "error (the target for the reported error)", low=0.0)
    momentum = check_number(momentum, "momentum", low=0.0, high=1.0, high_open=True)
    if clip is not None:
        clip = positive_number(clip, "clip")
    if log is None or (isinstance(log, (bool, np.bool_)) and not log):
        log = 0
    log = whole_number(log, "log (print the error every `log` epochs; 0 or None: no log)", 0)
    shuffle = check_bool(shuffle, "shuffle")
    progress = check_bool(progress, "progress")
    seed = check_seed(seed)
    error_on = check_choice(error_on, ("data", "seen"), "error_on")
    online = check_bool(online, "online")
    if online and not hasattr(model, "step_loss_and_grads"):
        raise ValueError(f"online=True trains a sequence model one time step at a time; {type(model).__name__} "
                         "has no step_loss_and_grads (a feed-forward network trains online with batch_size=1)")
    X, T, ragged = as_examples(data)
    _check_sequences(model, X, ragged)
    batch_size = len(X) if batch_size is None else positive_int(batch_size, "batch_size (or None: the whole data set)")
    if online and batch_size != 1:
        raise ValueError(f"online=True updates the weights after every time step of one sequence: batch_size "
                         f"must be 1; got {batch_size}")
    rate_of = rate_schedule(rate, iterations)
    if ragged:
        check_model_answers(model, X, T, cost, ragged=True)
    else:
        if online and X.shape[:2] != T.shape[:2]:
            raise ValueError(f"online=True takes one target per time step: X has shape {X.shape} and T {T.shape}; "
                             f"expected T of shape {X.shape[:2]} + (outputs,), the sequences and steps of X")
        # The first step, as a batch of one, is enough (and cheap): the first example, or online the first
        # time step of the first sequence (a whole stream would cost a BPTT over all of it).
        first = (slice(0, 1), slice(0, 1)) if online else slice(0, 1)
        try:
            check_model_answers(model, X[first], T[first], cost)
        except (TypeError, ValueError):
            check_model_answers(model, X, T, cost)     # say it with the shapes of the whole data set
            raise
    if hasattr(model, "flat_params"):
        model.flat_params()      # nnteach's models: one buffer holds the parameters (the fast path's)
    costs.check_targets(T if not ragged else np.concatenate([t.reshape(-1) for t in T]), cost)
    rate_reads_error = callable(rate) and _positional_arguments(rate) >= 2
    return TrainOptions(X=X, T=T, ragged=ragged, rate_of=rate_of, iterations=iterations, error=error, cost=cost,
                        batch_size=batch_size, momentum=momentum, shuffle=shuffle, seed=seed, log=log,
                        progress=progress, callback=callback, every=every, clip=clip, online=online,
                        error_on=error_on, rate_reads_error=rate_reads_error)


def check_model_answers(model, X, T, cost: str, ragged: bool = False) -> None:
    """Verify once, at the first step, that ``model`` answers as the model contract says.

    The trainer changes ``model.params`` in place with the gradients ``loss_and_grads`` returns, so a
    model that answers in another form would give a numpy error deep inside, or, worse, train silently
    wrong (a ``(2,)`` gradient broadcast onto a ``(2, 2)`` parameter; list parameters that never
    change).  Checked, with messages a learner can act on:

    * ``model.params``: a non-empty dict of writable float64 numpy arrays with finite values;
    * ``model.loss_and_grads(X, T, cost)``: a tuple ``(loss, grads)``: ``loss`` one finite real
      number, ``grads`` a dict with exactly the keys of ``params``, each a float numpy array of its
      parameter's shape with finite values;
    * ``model.forward(X)``: an array of exactly the targets' shape (the reported error compares them
      entry by entry).

    ``X``, ``T``: the training data as :func:`as_examples` returns it (lists if ``ragged``: the first
    example is verified, and every other one is passed to the model's checked ``loss_and_grads`` once).

    Raises:
        TypeError: something of the wrong type (a list, an int array, None, a bare loss).
        ValueError: the right type with a wrong value (missing or extra keys, wrong shapes, NaN).
    """
    missing = [name for name in ("params", "forward", "loss_and_grads") if not hasattr(model, name)]
    if missing:
        hint = (" (a graph network learns online: use nnteach.graph.train_online)"
                if hasattr(model, "activate") and hasattr(model, "propagate") else "")
        raise ArgumentTypeError(f"model must obey the model contract (params, forward(X), loss_and_grads(X, T, "
                                f"cost)); {describe(model)} has no {', '.join(missing)}{hint}")
    params = model.params
    if not isinstance(params, dict):
        raise ArgumentTypeError(f"model.params must be a dict of float64 numpy arrays; got {describe(params)}")
    if not params:
        raise ValueError("model.params is empty: there is nothing to train")
    for k, p in params.items():
        fix = f"model.params[{k!r}] = np.asarray(model.params[{k!r}], dtype=float)"
        if not isinstance(p, np.ndarray):
            raise ArgumentTypeError(f"model.params[{k!r}] must be a numpy array of float64 (train changes it in "
                                    f"place); got {describe(p)}. Make it one: {fix}")
        if p.dtype != np.float64:
            raise ArgumentTypeError(f"model.params[{k!r}] must be a numpy array of float64 (train changes it in "
                                    f"place); it has dtype {p.dtype}. Make it one: {fix}")
        if not p.flags.writeable:
            raise ValueError(f"model.params[{k!r}] is read-only, but train changes it in place: give the model "
                             f"its own copy, model.params[{k!r}] = model.params[{k!r}].copy()")
        if not np.isfinite(p).all():
            raise ValueError(f"model.params[{k!r}] holds NaN or infinite values; expected finite numbers")
    _check_param_shapes(model)
    x, t = (X[0], T[0]) if ragged else (X, T)
    answer = model.loss_and_grads(x, t, cost)
    what = "model.loss_and_grads(X, T, cost)"
    if not isinstance(answer, tuple) or len(answer) != 2:
        raise ArgumentTypeError(f"{what} must return a tuple (loss, grads); got {describe(answer)}")
    loss, grads = answer
    if isinstance(loss, np.ndarray) and loss.ndim == 0:
        loss = loss[()]
    if isinstance(loss, (bool, np.bool_)) or not isinstance(loss, (Real, np.integer, np.floating)):
        raise ArgumentTypeError(f"{what} must return (loss, grads) with the loss one number (a float); got the loss "
                                f"{describe(loss)}")
    if not math.isfinite(float(loss)):
        raise ValueError(f"{what} returned the loss {float(loss)} before any update: check the model's loss "
                         "(e.g. log(0)) and the data")
    if not isinstance(grads, dict):
        raise ArgumentTypeError(f"{what} must return (loss, grads) with grads a dict {{name: gradient array}} of "
                                f"the keys of model.params; got grads {describe(grads)}")
    absent, extra = sorted(set(params) - set(grads), key=str), sorted(set(grads) - set(params), key=str)
    if absent or extra:
        raise ValueError(f"{what} must return gradients for exactly the keys of model.params "
                         f"{sorted(params, key=str)}; missing {absent}, unexpected {extra}")
    for k, p in params.items():
        g = grads[k]
        if not isinstance(g, np.ndarray) or g.dtype.kind != "f":
            raise ArgumentTypeError(f"{what}: grads[{k!r}] must be a numpy array of floats; got {describe(g)}. "
                                    f"Return np.asarray(..., dtype=float)")
        if g.shape != p.shape:
            raise ValueError(f"{what}: grads[{k!r}] has shape {g.shape}; expected {p.shape}, the shape of "
                             f"model.params[{k!r}] (a gradient has one entry per parameter)")
        if not np.isfinite(g).all():
            raise ValueError(f"{what}: grads[{k!r}] holds NaN or infinite values before any update")
    Y = model.forward(x)
    if isinstance(Y, (bool, np.bool_)) or not isinstance(Y, (np.ndarray, list, tuple, Real, np.number)):
        raise ArgumentTypeError(f"model.forward(X) must return an array of outputs; got {describe(Y)}")
    Y = as_float_array(Y, "model.forward(X)")
    if Y.shape != t.shape:
        raise ValueError(f"model.forward(X) returned shape {Y.shape} for X of shape {np.shape(x)}; expected "
                         f"{t.shape}, the shape of the targets T (the reported error compares them entry by entry)")
    if ragged:
        for k, (x, t) in enumerate(zip(X[1:], T[1:]), start=1):
            try:
                model.loss_and_grads(x, t, cost)
            except ArgumentTypeError as exc:
                raise ArgumentTypeError(f"data[{k}]: {exc}") from None
            except ValueError as exc:
                raise ValueError(f"data[{k}]: {exc}") from None


def _check_param_shapes(model) -> None:
    """An nnteach model's parameters must still have the names and shapes its configuration implies
    (a learner may have replaced one: ``net.params["W1"] = np.zeros((3, 3))``)."""
    if not (hasattr(type(model), "param_shapes") and hasattr(model, "config")):
        return
    expected = type(model).param_shapes(model.config())
    if set(expected) != set(model.params):
        raise ValueError(f"model.params has the keys {sorted(model.params)}; {type(model).__name__} expects "
                         f"{sorted(expected)}")
    for k, shape in expected.items():
        if model.params[k].shape != tuple(shape):
            raise ValueError(f"model.params[{k!r}] has shape {model.params[k].shape}; expected {tuple(shape)} for "
                             f"{model!r}")


def _check_sequences(model, X, ragged: bool) -> None:
    """A sequence model needs sequences: examples ``(T, N)``, so ``X`` is ``(B, T, N)`` (or a list of ``(T, N)``)."""
    if not isinstance(model, SequenceModel):
        return
    shapes = [x.shape for x in X] if ragged else [X.shape[1:]]
    bad = next((shape for shape in shapes if len(shape) != 2), None)
    if bad is not None:
        raise ValueError(f"{type(model).__name__} is a sequence model: each example must be a sequence of shape "
                         f"(T, {model.N}); got examples of shape {bad}. data=(X, T) holds examples along the first "
                         f"axis: for one sequence use (X[None], T[None]); for several, X of shape (B, T, {model.N}) "
                         "or a list of (x, t) pairs")


# -- 2. one epoch ---------------------------------------------------------------------------------
def one_epoch(model, options: TrainOptions, rate: float, epoch: int, order: np.ndarray, rng: np.random.Generator,
              velocity: dict[str, np.ndarray] | None) -> float:
    """One pass over the training data: shuffle (if asked), then one update per batch; returns the reported error.

    Each batch's loss and gradients come from the model (the mean over the batch), then
    :func:`one_update` moves the weights.  ``order`` is shuffled in place.  Raises
    :class:`TrainingDiverged` as soon as a loss is not finite (the caller restores the weights).
    With ``options.online`` every time step of a sequence takes one update (:func:`one_online_sequence`).

    The reported error is the mean of ``(t − y)²`` over the whole data after the epoch
    (:func:`evaluate_error`), or with ``options.error_on == "seen"`` over the examples as they were
    seen during the epoch, each before its update.
    """
    # nnteach models offer loss_and_grads_unchecked (the data were checked once, in check_options)
    # and return fresh gradient arrays; any other model's gradients are copied before they are scaled.
    fast = _unchecked_step(model)
    step = fast or model.loss_and_grads
    seen = options.error_on == "seen"
    squares = 0.0
    if options.shuffle:
        rng.shuffle(order)
    for start in range(0, options.n, options.batch_size):
        idx = order[start:start + options.batch_size]
        if options.online:
            squares += one_online_sequence(model, options, idx[0], rate, epoch, velocity)
            continue
        if seen:
            squares += _squared_errors(model, options.X, options.T, idx)     # the outputs before this update
        loss, grads = _batch_loss_and_grads(step, options.X, options.T, idx, options.cost, options.ragged)
        _check_loss(loss, rate, epoch, options)
        if fast is None:
            grads = {k: np.array(g, dtype=float) for k, g in grads.items()}
        one_update(model.params, grads, rate, options.momentum, velocity, options.clip)
    return squares / options.n_values if seen else evaluate_error(model, options.X, options.T)


def one_online_sequence(model, options: TrainOptions, i: int, rate: float, epoch: int,
                        velocity: dict[str, np.ndarray] | None) -> float:
    """Online training of a sequence model on the sequence ``i``: from the zero state, for each time step
    one forward step, its loss and gradients (:meth:`~nnteach.model.SequenceModel.step_loss_and_grads`),
    one :func:`one_update`; the state is carried to the next step.  Returns the sum of ``(t − y)²`` of
    the outputs as they were seen."""
    X, T = options.X[i], options.T[i]                        # one sequence (T, N), its targets (T, K)
    state, squares = None, 0.0
    for x, target in zip(X, T):
        loss, grads, state, y = model.step_loss_and_grads(x, target, state, options.cost)
        _check_loss(loss, rate, epoch, options)
        squares += float(np.sum((target - y) ** 2))
        one_update(model.params, grads, rate, options.momentum, velocity, options.clip)
    return squares


def _check_loss(loss: float, rate: float, epoch: int, options: TrainOptions) -> None:
    if not math.isfinite(loss):
        raise TrainingDiverged(
            f"training diverged at epoch {epoch}: the loss became {loss} with rate {rate:g}. "
            "The model keeps the weights of the start of this epoch. Try a smaller rate "
            f"(for example {rate / 10:g})" + (" or less momentum." if options.momentum else "."))


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
                hint = " (for arrays X and T, pass the tuple data=(X, T))" if isinstance(item, np.ndarray) else ""
                raise ValueError(f"data[{k}] is {describe(item)}; expected a pair (x, t) "
                                 "or a dict {'input': x, 'output': t}" + hint)
            xs.append(as_float_array(x, f"data[{k}] input"))
            ts.append(as_float_array(t, f"data[{k}] output"))
        if len({x.shape for x in xs}) == 1 and len({t.shape for t in ts}) == 1:
            return np.stack(xs), np.stack(ts), False
        return xs, ts, True
    error = ValueError if isinstance(data, (list, tuple)) else ArgumentTypeError
    raise error("data must be a pair of arrays (X, T), or a non-empty list of (x, t) pairs "
                f"or {{'input': x, 'output': t}} dicts; got {describe(data)}")


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
            positional = [p for p in inspect.signature(rate).parameters.values()
                          if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
            varargs = any(p.kind == p.VAR_POSITIONAL for p in inspect.signature(rate).parameters.values())
        except (TypeError, ValueError):          # a builtin without a signature: call it with the epoch
            positional, varargs = [None], False
        required = [p for p in positional if p is not None and p.default is p.empty]
        if len(required) > 2 or (not positional and not varargs):
            raise ArgumentTypeError(f"rate must be a number, a list of numbers, or a function rate(epoch) or "
                                    f"rate(epoch, error); got a function of {len(required)} required arguments")
        n_args = 2 if varargs else len(positional)
        if n_args >= 2:
            return lambda epoch, error: positive_number(rate(epoch, error), f"rate({epoch}, error)")
        return lambda epoch, error: positive_number(rate(epoch), f"rate({epoch})")
    if isinstance(rate, np.ndarray) and rate.ndim == 0:
        rate = rate[()]
    if isinstance(rate, (list, tuple, np.ndarray)):
        if isinstance(rate, np.ndarray) and rate.ndim != 1:
            raise ValueError(f"rate as an array must be 1-D (one rate per bucket of epochs); got shape {rate.shape}")
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


def _unchecked_step(model):
    """``model.loss_and_grads_unchecked`` if the model's ``loss_and_grads`` is the checked front of it,
    else None: a learner's subclass that overrides ``loss_and_grads`` (say, to add weight decay) is
    trained with its own method, not silently with its parent's unchecked one."""
    if getattr(model, "loss_and_grads_unchecked", None) is None:
        return None
    mro = type(model).__mro__
    front = next(i for i, c in enumerate(mro) if "loss_and_grads" in vars(c))
    back = next(i for i, c in enumerate(mro) if "loss_and_grads_unchecked" in vars(c))
    return model.loss_and_grads_unchecked if front >= back else None


def _positional_arguments(function) -> int:
    """How many positional arguments ``function`` takes (2 with ``*args``; 1 if its signature cannot be read)."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return 1
    if any(p.kind == p.VAR_POSITIONAL for p in parameters):
        return 2
    return len([p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)])


def _squared_errors(model, X, T, idx) -> float:
    """Σ (t − y)² over the examples ``idx`` with the model as it is now."""
    if isinstance(X, list):
        return sum(float(np.sum((T[i] - model.forward(X[i])) ** 2)) for i in idx)
    return float(np.sum((T[idx] - model.forward(X[idx])) ** 2))


def _n_parameters(params: dict) -> int:
    return int(sum(np.size(v) for v in params.values()))


def _progress_bar(total: int):
    """A tqdm bar over the epochs: a widget in Jupyter, a text bar elsewhere (tqdm.auto decides)."""
    from tqdm.auto import tqdm              # imported on first use: import nnteach stays light
    return tqdm(total=total, desc="training", unit="epoch", leave=True)
