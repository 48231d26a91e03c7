"""The base of every matrix-level model (Perceptron, RNN, LSTM): what they share, written once.

Every trainable matrix-level model offers the same four things (the model contract), so that
one trainer, one gradient checker and one set of explorers serve all of them::

    model.params                      # dict[str, np.ndarray]: the live parameter arrays, float64
    model.forward(X)                  # outputs for a pattern, a batch, a sequence or a batch of sequences
    model.loss_and_grads(X, T, cost)  # -> (loss, grads): grads are ∂E/∂θ, same keys and shapes as params
    model.copy()                      # an independent deep copy

:class:`Model` implements ``copy``, ``n_parameters``, ``from_config`` and the initial weights;
each model implements ``forward``, ``config`` and :meth:`Model.loss_and_grads_unchecked` (its
backward pass).  ``loss_and_grads`` checks the arguments and then calls
``loss_and_grads_unchecked``, which :func:`nnteach.train` calls directly on every step, after it
has checked the data once (the trainer's fast path: a documented hook, not a private method).

**One buffer.**  Every array of ``model.params`` is a view into one flat float64 buffer, in the order of
the names (:meth:`Model.flat_params`), so that the trainer's fast path moves all parameters with one
operation (``θ ← θ − ε g`` on the whole buffer).  The arrays are still ordinary live arrays: change
them in place and the model changes.  If you replace one (``model.params["W1"] = new_array``),
:meth:`Model.flat_params` (which :func:`nnteach.train` calls once per call) notices and copies the
values into a rebuilt buffer; names and shapes must stay the model's.  :meth:`Model.fast_step` is
the trainer's other hook: a private kernel that writes the gradient into a buffer of the same layout.

:class:`SequenceModel` adds what the sequence models (:class:`~nnteach.RNN`,
:class:`~nnteach.LSTM`) share: inputs ``(T, N)`` or ``(B, T, N)``, the loss of a sequence as the
sum over its steps and of a batch as the mean over sequences, truncated BPTT, the readout's
loss and deltas.

Shapes: ``B`` sequences (or patterns), ``T`` time steps, ``N`` inputs, ``K`` outputs.
"""
from __future__ import annotations

import inspect
import math
from typing import Any

import numpy as np

from . import costs
from .validation import (MAX_PARAMETERS, ArgumentTypeError, as_float_array, check_choice, check_count, check_keys,
                         check_pattern_shape, check_same_leading, check_sequence_shape, positive_int, whole_number)

__all__ = ["Model", "SequenceModel", "INITS", "check_init", "check_sizes", "check_parameter_count", "uniform_init",
           "check_truncate", "check_params", "weight_matrix_shape", "as_sequences",
           "time_major", "batch_major", "readout_loss_and_delta", "sum_outer", "sum_rows", "flat_views", "is_packed",
           "check_step"]

#: The initial-weight schemes every model offers.
INITS = ("synaptic", "xavier")


# -- initial weights -------------------------------------------------------------------------------
def check_init(init: str) -> str:
    """``init`` if it is one of :data:`INITS`, else a ``ValueError`` (``TypeError`` for a non-string) naming the choices."""
    return check_choice(init, INITS, "init")


def check_sizes(sizes: dict[str, Any], model: str) -> dict[str, int]:
    """The layer sizes of a model, each a whole number 1 … :data:`~nnteach.validation.MAX_PARAMETERS`."""
    return {name: positive_int(n, name, maximum=MAX_PARAMETERS) for name, n in sizes.items()}


def check_parameter_count(shapes: dict[str, tuple[int, ...]], model: str) -> dict[str, tuple[int, ...]]:
    """``shapes`` if their sizes add up to at most :data:`~nnteach.validation.MAX_PARAMETERS`, else a
    ``ValueError`` before anything is allocated."""
    check_count(sum(int(np.prod(s, dtype=object)) for s in shapes.values()), model, MAX_PARAMETERS, "parameters")
    return shapes


def uniform_init(rng: np.random.Generator, init: str, shape: tuple, fan_in: int, fan_out: int) -> np.ndarray:
    """Initial weights of ``shape``: ``"synaptic"`` U[−0.1, 0.1) (as Synaptic); ``"xavier"``
    U[±sqrt(6 / (fan_in + fan_out))] (Glorot & Bengio 2010: the signal keeps its size from layer to layer)."""
    limit = 0.1 if init == "synaptic" else float(np.sqrt(6.0 / (fan_in + fan_out)))
    return rng.uniform(-limit, limit, size=shape)


# -- one flat buffer, many named views ---------------------------------------------------------------
def flat_views(flat: np.ndarray, layout) -> dict[str, np.ndarray]:
    """Named C-contiguous views into consecutive pieces of ``flat``: ``layout`` is ``[(name, shape), …]``."""
    views, start = {}, 0
    for name, shape in layout:
        n = math.prod(shape)
        views[name] = flat[start:start + n].reshape(shape)
        start += n
    return views


def is_packed(params: dict[str, np.ndarray], flat: np.ndarray, layout) -> bool:
    """True if ``params`` holds, name by name in the order of ``layout``, exactly the views of
    :func:`flat_views` (same names, shapes and places in ``flat``)."""
    if len(params) != len(layout):
        return False
    address, start = flat.__array_interface__["data"][0], 0
    for (name, shape), (key, v) in zip(layout, params.items()):
        if key != name or not isinstance(v, np.ndarray) or v.base is not flat or v.shape != shape \
                or not v.flags.c_contiguous or v.__array_interface__["data"][0] != address + 8 * start:
            return False
        start += v.size
    return True


# -- the base of every model ---------------------------------------------------------------------
class Model:
    """Base of the matrix-level models: ``copy``, ``n_parameters``, ``from_config``.

    A subclass sets ``params`` (and whatever ``config()`` reports) and calls :meth:`flat_params` once in
    its constructor (the names, shapes and order of ``params`` become the model's), defines ``forward``,
    ``config``, ``loss_and_grads`` (checked) and ``loss_and_grads_unchecked`` (the backward pass),
    and may define ``_bind()`` to cache things derived from its configuration (called again
    by :meth:`copy`) and :meth:`fast_step` (the trainer's kernel).  ``size_names`` names the config
    entries that the constructor takes positionally (e.g. ``("N", "H", "K")``).
    """

    params: dict[str, np.ndarray]
    size_names: tuple[str, ...] = ()

    def _bind(self) -> None:
        """Cache what the model derives from its configuration (default: nothing)."""

    def config(self) -> dict[str, Any]:  # pragma: no cover - defined by each model
        """The constructor arguments (for saving)."""
        raise NotImplementedError

    @classmethod
    def config_names(cls) -> tuple[str, ...]:
        """The keyword arguments of the constructor (the entries a config may have besides the sizes)."""
        return tuple(name for name, p in inspect.signature(cls.__init__).parameters.items()
                     if name != "self" and name not in cls.size_names
                     and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))

    @classmethod
    def check_config(cls, config: Any) -> dict[str, Any]:
        """``config`` as a new dict if it has the sizes and only entries the constructor takes, else a
        ``ValueError`` naming what is missing or unknown."""
        return check_keys(config, f"the config of {cls.__name__}", cls.size_names, cls.config_names())

    @classmethod
    def param_shapes(cls, config: dict[str, Any]) -> dict[str, tuple[int, ...]]:  # pragma: no cover - per model
        """The names and shapes of the parameters of a model built from ``config``, computed without
        building it (the sizes are checked, and the total against ``MAX_PARAMETERS``)."""
        raise NotImplementedError

    @classmethod
    def from_config(cls, config: dict[str, Any]):
        """Rebuild an (untrained) model from :meth:`config`: the sizes positionally, the rest as keywords.

        Entries missing from ``config`` take the constructor's defaults; an unknown entry is a ``ValueError``.
        """
        config = cls.check_config(config)
        sizes = [config.pop(name) for name in cls.size_names]
        return cls(*sizes, **config)

    def copy(self):
        """An independent deep copy (same configuration and weights, its own buffer)."""
        new = type(self).__new__(type(self))
        new.__dict__.update(self.__dict__)
        new.params = {k: np.array(v, dtype=float) for k, v in self.params.items()}
        new._pack()
        new._bind()
        return new

    # -- one buffer for all parameters (the trainer's fast path) -----------------------------------
    def _pack(self) -> None:
        """Make every array of ``params`` a view into one new flat buffer, in the model's order of names
        (recorded the first time: the constructor's order), and copy the current values into it."""
        layout = self.__dict__.get("_layout")
        if layout is None:
            layout = self._layout = tuple((k, np.shape(v)) for k, v in self.params.items())
        flat = np.empty(sum(math.prod(shape) for _, shape in layout))
        views = flat_views(flat, layout)
        for name, view in views.items():
            view[...] = self.params[name]
        self.params.clear()               # the same dict object: a learner's reference to it stays live
        self.params.update(views)
        self._flat = flat

    def flat_params(self) -> np.ndarray:
        """The one float64 buffer of which every array of :attr:`params` is a view (in the order of the names).

        If an array of ``params`` was replaced or the dict changed, the buffer is rebuilt first: the
        current values are copied into it and ``params`` holds views again (the replaced arrays are
        no longer the live ones).  Raises ``ValueError`` if a name is missing or unknown or a shape is
        not the model's.
        """
        if "_layout" not in self.__dict__:           # the constructor's call: its names, shapes and order
            self._pack()
        flat = self.__dict__.get("_flat")
        if flat is None or not is_packed(self.params, flat, self._layout):
            expected = dict(self._layout)
            names = set(self.params)
            if names != set(expected):
                raise ValueError(f"{type(self).__name__}.params must hold exactly the arrays {sorted(expected)}; "
                                 f"got {sorted(names)}")
            for name, shape in expected.items():
                got = np.shape(self.params[name])
                if got != shape:
                    raise ValueError(f"{type(self).__name__}.params[{name!r}] has shape {got}; expected {shape}")
            self._pack()
        return self._flat

    def fast_step(self, cost: str, batch: int, online: bool = False):
        """The trainer's fast kernel for batches of ``batch`` examples, or None (then :func:`nnteach.train`
        runs its readable steps).  See :mod:`nnteach._fast_train` for what a kernel does."""
        return None

    @property
    def n_parameters(self) -> int:
        """The number of trainable numbers (the sizes of all parameter arrays)."""
        return int(sum(p.size for p in self.params.values()))

    def loss_and_grads_unchecked(self, X: np.ndarray, T: np.ndarray, cost: str
                                 ) -> tuple[float, dict[str, np.ndarray]]:  # pragma: no cover - per model
        """``loss_and_grads`` without the argument checks: ``X`` and ``T`` are float64 arrays of
        valid shapes and ``cost`` a valid name.  Returns fresh gradient arrays (the trainer scales
        them in place)."""
        raise NotImplementedError


# -- what the sequence models share ---------------------------------------------------------------
def check_truncate(truncate) -> int | None:
    """``None`` (full BPTT) or a whole number ``h >= 0`` of steps (``TypeError`` for another type,
    ``ValueError`` for a negative number)."""
    if truncate is None:
        return None
    if isinstance(truncate, (bool, np.bool_)) or not isinstance(truncate, (int, np.integer)):
        raise ArgumentTypeError(f"truncate must be None (full BPTT) or a whole number h >= 0 of steps; "
                                f"got {type(truncate).__name__} {truncate!r}")
    return whole_number(truncate, "truncate (a number h >= 0 of steps, or None for full BPTT)", 0)


def check_params(params: Any, shapes: dict[str, tuple[int, ...]], what: str = "params") -> None:
    """``params`` holds finite float arrays of exactly ``shapes`` (the readable functions' check of their
    ``params`` argument: a missing name, another type or another shape is a clear error)."""
    if not isinstance(params, dict):
        raise ArgumentTypeError(f"{what} must be a dict of arrays with the names {', '.join(shapes)}; got "
                                f"{type(params).__name__}")
    missing = [name for name in shapes if name not in params]
    if missing:
        raise ValueError(f"{what} lacks {', '.join(map(repr, missing))}; expected the names {', '.join(shapes)}")
    for name, shape in shapes.items():
        a = as_float_array(params[name], f"{what}[{name!r}]")
        if a.shape != tuple(shape):
            raise ValueError(f"{what}[{name!r}] has shape {a.shape}; expected {tuple(shape)}")


def weight_matrix_shape(params: Any, name: str, what: str = "params") -> tuple[int, int]:
    """The shape ``(rows, columns)`` of the matrix ``params[name]`` (checked), which fixes the sizes of the others."""
    if not isinstance(params, dict) or name not in params:
        raise (ValueError if isinstance(params, dict) else ArgumentTypeError)(
            f"{what} must be a dict of arrays holding {name!r}; got {type(params).__name__}"
            + (f" with the names {sorted(params)}" if isinstance(params, dict) else ""))
    W = as_float_array(params[name], f"{what}[{name!r}]")
    if W.ndim != 2 or 0 in W.shape:
        raise ValueError(f"{what}[{name!r}] has shape {W.shape}; expected a matrix (rows, columns)")
    return W.shape


def check_step(x, target, n: int, k: int, cost: str, output_activation: str) -> tuple[np.ndarray, np.ndarray]:
    """Checked float64 input ``(n,)`` or ``(B, n)`` of one time step and its target ``(k,)`` or ``(B, k)``."""
    x = as_float_array(x, "x")
    target = as_float_array(target, "target")
    check_pattern_shape(x, n, "x")
    check_same_leading(x, target, k, "x", "target")
    costs.check_for_outputs(cost, output_activation)
    return x, target


def as_sequences(X, n: int, what: str = "X") -> np.ndarray:
    """Checked float64 array of one sequence ``(T, n)`` or a batch ``(B, T, n)``."""
    X = as_float_array(X, what)
    check_sequence_shape(X, n, what)
    return X


def time_major(X: np.ndarray) -> np.ndarray:
    """``(T, N) -> (T, 1, N)`` or ``(B, T, N) -> (T, B, N)`` (contiguous)."""
    if X.ndim == 2:
        return X[:, None, :]
    return np.ascontiguousarray(X.transpose(1, 0, 2))


def batch_major(A: np.ndarray, single: bool) -> np.ndarray:
    """Undo :func:`time_major`: ``(T, B, ·) -> (B, T, ·)``, or ``(T, ·)`` for one sequence."""
    return A[:, 0] if single else A.transpose(1, 0, 2)


def readout_loss_and_delta(P: np.ndarray, Tt: np.ndarray, cost: str, out_act) -> tuple[float, np.ndarray]:
    """Summed cost of outputs ``P`` against targets ``Tt`` and the output deltas ``δo = −∂L/∂z``.

    Any shapes (the same for both).  MSE: ``δo = (t − p) f_out'(z)`` (Eq. 5.2a); cross-entropy with
    logistic outputs: ``δo = t − p`` (Eq. 5.3).
    """
    E = Tt - P
    if cost == "mse":
        return 0.5 * float(np.vdot(E, E)), E * out_act.df_from_y(P)
    return float(np.sum(costs.cross_entropy(P, Tt, check=False))), E


def sum_outer(d: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``Σ_b d_b v_bᵀ`` over the rows of a batch, or ``d vᵀ`` for one sequence: ``(M,) × (N,) -> (M, N)``.

    The gradient of a weight matrix from the deltas ``d`` of the units it feeds and the values ``v``
    it carries (used by the readable step functions, which take one sequence or a batch).
    """
    return np.atleast_2d(d).T @ np.atleast_2d(v)


def sum_rows(d: np.ndarray) -> np.ndarray:
    """``Σ_b d_b`` over the rows of a batch, or ``d`` itself for one sequence (a bias gradient)."""
    return np.atleast_2d(d).sum(axis=0)


class SequenceModel(Model):
    """Base of the sequence models: the checked ``loss_and_grads`` over sequences.

    A subclass sets ``N``, ``K``, ``output_activation``, ``truncate`` and ``params``, and defines
    ``loss_and_grads_unchecked(X, T, cost, truncate)`` (its BPTT) and
    ``step_loss_and_grads(x, target, state, cost)`` (one time step of online training: the step's loss and
    its gradient with the carried state treated as given, i.e. BPTT truncated to the step).
    """

    N: int
    K: int
    output_activation: str
    truncate: int | None

    def loss_and_grads(self, X: np.ndarray, T: np.ndarray, cost: str = "mse",
                       truncate: int | None | str = "model") -> tuple[float, dict[str, np.ndarray]]:
        """Loss and ``∂L/∂θ`` by BPTT for one sequence or a batch of sequences.

        Args:
            X: inputs ``(T, N)`` or ``(B, T, N)``.
            T: targets ``(T, K)`` or ``(B, T, K)``.
            cost: ``"mse"`` or ``"cross_entropy"`` (needs logistic outputs).
            truncate: ``None`` = full BPTT, ``h >= 0`` = BPTT(h); default: the model's ``truncate``.

        Returns:
            ``(loss, grads)``: the loss of a sequence is the sum of its per-step costs, a batch
            takes the mean over sequences; ``grads`` has the keys and shapes of :attr:`params`.
        """
        X = as_sequences(X, self.N)
        T = as_float_array(T, "T")
        check_same_leading(X, T, self.K)
        costs.check_for_outputs(cost, self.output_activation)
        costs.check_targets(T, cost)
        h = self.truncate if isinstance(truncate, str) and truncate == "model" else check_truncate(truncate)
        return self.loss_and_grads_unchecked(X, T, cost, h)

    def loss_and_grads_unchecked(self, X: np.ndarray, T: np.ndarray, cost: str, truncate: int | None | str = "model"
                                 ) -> tuple[float, dict[str, np.ndarray]]:  # pragma: no cover - per model
        """:meth:`loss_and_grads` without the argument checks (``truncate="model"``: the model's own)."""
        raise NotImplementedError
