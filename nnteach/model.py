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

:class:`SequenceModel` adds what the sequence models (:class:`~nnteach.RNN`,
:class:`~nnteach.LSTM`) share: inputs ``(T, N)`` or ``(B, T, N)``, the loss of a sequence as the
sum over its steps and of a batch as the mean over sequences, truncated BPTT, the readout's
loss and deltas.

Shapes: ``B`` sequences (or patterns), ``T`` time steps, ``N`` inputs, ``K`` outputs.
"""
from __future__ import annotations

import inspect
from typing import Any

import numpy as np

from . import costs
from .validation import (MAX_PARAMETERS, ArgumentTypeError, as_float_array, check_choice, check_count, check_keys,
                         check_same_leading, check_sequence_shape, positive_int, whole_number)

__all__ = ["Model", "SequenceModel", "INITS", "check_init", "check_sizes", "check_parameter_count", "uniform_init",
           "check_truncate", "check_params", "weight_matrix_shape", "as_sequences",
           "time_major", "batch_major", "readout_loss_and_delta", "sum_outer", "sum_rows"]

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


# -- the base of every model ---------------------------------------------------------------------
class Model:
    """Base of the matrix-level models: ``copy``, ``n_parameters``, ``from_config``.

    A subclass sets ``params`` (and whatever ``config()`` reports), defines ``forward``,
    ``config``, ``loss_and_grads`` (checked) and ``loss_and_grads_unchecked`` (the backward pass),
    and may define ``_bind()`` to cache things derived from its configuration (called again
    by :meth:`copy`).  ``size_names`` names the config entries that the constructor takes
    positionally (e.g. ``("N", "H", "K")``).
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
        """An independent deep copy (same configuration and weights)."""
        new = type(self).__new__(type(self))
        new.__dict__.update(self.__dict__)
        new.params = {k: v.copy() for k, v in self.params.items()}
        new._bind()
        return new

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
    ``loss_and_grads_unchecked(X, T, cost, truncate)`` (its BPTT).
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
