"""Cost (error) functions and their gradients (math.md §2.2).

For one pattern with targets ``t`` and outputs ``y`` (both of shape ``(K,)``):

* ``mse``:            E = ½ Σ_o (t_o − y_o)²                         Eq. (4.1)
* ``cross_entropy``:  E = −Σ_o [t_o ln y_o + (1 − t_o) ln(1 − y_o)]   math.md §2.2

Both functions accept arrays of any leading shape ``(..., K)`` and return the
cost of each pattern (the sum over the last axis).  ``cross_entropy`` clips
``y`` to ``[1e-12, 1 − 1e-12]`` so that an output of exactly 0 or 1 gives a
large but finite cost instead of ``inf``/``nan``.

Cross-entropy targets must lie in [0, 1] (a probability, or a 0/1 label): for a target outside,
``t ln y + (1 − t) ln(1 − y)`` is no longer a cost with its minimum at ``y = t`` (it is unbounded
below), so every checked entry point (these functions, the models' ``loss_and_grads``, :func:`nnteach.train`)
refuses such targets with a ``ValueError`` that names the range (:func:`check_targets`).

The output deltas, in the course's sign convention ``δ = −∂E/∂s`` (Eq. 5.2,
5.2a, 5.3): for MSE ``δ_o = (t_o − y_o) f'(s_o)``; for cross-entropy with logistic
outputs the ``f'`` cancels and ``δ_o = t_o − y_o``.
"""
from __future__ import annotations

import numpy as np

from . import activations
from .validation import ArgumentTypeError, as_float_array, check_unit_interval, describe

__all__ = ["names", "check_name", "check_for_outputs", "check_targets", "mse", "mse_grad", "cross_entropy",
           "cross_entropy_grad", "cost", "output_delta"]

EPS = 1e-12  # clip for logarithms: keeps the cross-entropy finite at y = 0 or 1
_NAMES = ("mse", "cross_entropy")


def names() -> list[str]:
    """The valid cost names."""
    return list(_NAMES)


def check_name(name: str) -> str:
    """Return ``name`` if it is a valid cost, else raise a ``ValueError`` (a ``TypeError`` for a non-string)
    listing the choices."""
    if not isinstance(name, str):
        raise ArgumentTypeError(f"cost must be one of {', '.join(map(repr, _NAMES))}; got {describe(name)}")
    if name not in _NAMES:
        raise ValueError(f"unknown cost {name!r}; expected one of {', '.join(map(repr, _NAMES))}")
    return name


def check_targets(t: np.ndarray, name: str, what: str = "T (the targets)") -> None:
    """For ``name == "cross_entropy"``: every target in [0, 1], else a ``ValueError`` naming the range."""
    if name == "cross_entropy":
        check_unit_interval(np.asarray(t), what, " for cost 'cross_entropy' (a probability or a 0/1 label)")


def _pair(y, t) -> tuple[np.ndarray, np.ndarray]:
    """``y`` and ``t`` as float arrays of shapes that broadcast together (else a ``ValueError``)."""
    y, t = as_float_array(y, "y (the outputs)"), as_float_array(t, "t (the targets)")
    try:
        np.broadcast_shapes(y.shape, t.shape)
    except ValueError:
        raise ValueError(f"y (the outputs) has shape {y.shape} and t (the targets) {t.shape}; "
                         "they must have the same shape") from None
    return y, t


def check_for_outputs(name: str, output_activation: str) -> str:
    """``name`` if it is a valid cost for outputs of ``output_activation``, else a ``ValueError``.

    Cross-entropy needs outputs in (0, 1): logistic output units.
    """
    check_name(name)
    if name == "cross_entropy" and output_activation != "logistic":
        raise ValueError("cost 'cross_entropy' needs outputs in (0, 1): use output_activation='logistic' "
                         f"(this network has {output_activation!r} outputs) or cost='mse'")
    return name


def mse(y: np.ndarray, t: np.ndarray) -> np.ndarray:
    """E = ½ Σ_o (t_o − y_o)² per pattern.  Eq. (4.1).  Shapes ``(..., K) -> (...)``."""
    y, t = _pair(y, t)
    d = t - y
    return 0.5 * np.sum(d * d, axis=-1)


def mse_grad(y: np.ndarray, t: np.ndarray) -> np.ndarray:
    """∂E/∂y for MSE: ``y − t``.  Shape ``(..., K)``."""
    y, t = _pair(y, t)
    return y - t


def cross_entropy(y: np.ndarray, t: np.ndarray, *, check: bool = True) -> np.ndarray:
    """E = −Σ_o [t ln y + (1 − t) ln(1 − y)] per pattern.  math.md §2.2.  ``(..., K) -> (...)``.

    Outputs must lie in [0, 1] (logistic units); they are clipped to
    ``[1e-12, 1 − 1e-12]`` so the cost stays finite.  Targets must lie in [0, 1] (a ``ValueError``
    otherwise).  ``check=False`` skips the checks of both: the models' unchecked fast paths pass
    float arrays whose targets were checked once, by the checked entry point.
    """
    if check:
        y, t = _pair(y, t)
        check_targets(t, "cross_entropy", "t (the targets)")
    y = np.clip(y, EPS, 1.0 - EPS)
    return -np.sum(t * np.log(y) + (1.0 - t) * np.log1p(-y), axis=-1)


def cross_entropy_grad(y: np.ndarray, t: np.ndarray) -> np.ndarray:
    """∂E/∂y for cross-entropy: ``(y − t) / (y (1 − y))`` (clipped like the cost; targets in [0, 1])."""
    y, t = _pair(y, t)
    check_targets(t, "cross_entropy", "t (the targets)")
    y = np.clip(y, EPS, 1.0 - EPS)
    return (y - t) / (y * (1.0 - y))


def cost(name: str, y: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The cost ``name`` of each pattern: ``(..., K) -> (...)``."""
    return mse(y, t) if check_name(name) == "mse" else cross_entropy(y, t)


def output_delta(name: str, y: np.ndarray, t: np.ndarray, activation: str = "logistic") -> np.ndarray:
    """Output deltas ``δ_o = −∂E/∂s_o`` for outputs ``y = f(s)``.  Shape ``(..., K)``.

    * MSE: ``δ = (t − y) f'(s)``, Eq. (5.2a).
    * cross-entropy with logistic outputs: ``δ = t − y`` (``f'`` cancels), Eq. (5.3).
    * cross-entropy with any other output function: ``δ = −∂E/∂y · f'(s)``.
    """
    y, t = _pair(y, t)
    act = activations.get(activation)
    if check_name(name) == "mse":
        return (t - y) * act.df_from_y(y)
    check_targets(t, "cross_entropy", "t (the targets)")
    if act.name == "logistic":
        return t - y
    return -cross_entropy_grad(y, t) * act.df_from_y(y)
