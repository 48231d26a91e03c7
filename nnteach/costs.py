"""Cost (error) functions and their gradients (math.md §2.2).

For one pattern with targets ``t`` and outputs ``y`` (both of shape ``(K,)``):

* ``mse``:            E = ½ Σ_o (t_o − y_o)²                         Eq. (4.1)
* ``cross_entropy``:  E = −Σ_o [t_o ln y_o + (1 − t_o) ln(1 − y_o)]   math.md §2.2

Both functions accept arrays of any leading shape ``(..., K)`` and return the
cost of each pattern (the sum over the last axis).  ``cross_entropy`` clips
``y`` to ``[1e-12, 1 − 1e-12]`` so that an output of exactly 0 or 1 gives a
large but finite cost instead of ``inf``/``nan``.

The output deltas, in the course's sign convention ``δ = −∂E/∂s`` (Eq. 5.2,
5.2a, 5.3): for MSE ``δ_o = (t_o − y_o) f'(s_o)``; for cross-entropy with logistic
outputs the ``f'`` cancels and ``δ_o = t_o − y_o``.
"""
from __future__ import annotations

import numpy as np

from . import activations

__all__ = ["names", "check_name", "check_for_outputs", "mse", "mse_grad", "cross_entropy", "cross_entropy_grad",
           "cost", "output_delta"]

EPS = 1e-12  # clip for logarithms: keeps the cross-entropy finite at y = 0 or 1
_NAMES = ("mse", "cross_entropy")


def names() -> list[str]:
    """The valid cost names."""
    return list(_NAMES)


def check_name(name: str) -> str:
    """Return ``name`` if it is a valid cost, else raise a ``ValueError`` listing the choices."""
    if name not in _NAMES:
        raise ValueError(f"unknown cost {name!r}; expected one of {', '.join(map(repr, _NAMES))}")
    return name


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
    d = np.asarray(t, dtype=float) - np.asarray(y, dtype=float)
    return 0.5 * np.sum(d * d, axis=-1)


def mse_grad(y: np.ndarray, t: np.ndarray) -> np.ndarray:
    """∂E/∂y for MSE: ``y − t``.  Shape ``(..., K)``."""
    return np.asarray(y, dtype=float) - np.asarray(t, dtype=float)


def cross_entropy(y: np.ndarray, t: np.ndarray) -> np.ndarray:
    """E = −Σ_o [t ln y + (1 − t) ln(1 − y)] per pattern.  math.md §2.2.  ``(..., K) -> (...)``.

    Outputs must lie in [0, 1] (logistic units); they are clipped to
    ``[1e-12, 1 − 1e-12]`` so the cost stays finite.
    """
    y = np.clip(np.asarray(y, dtype=float), EPS, 1.0 - EPS)
    t = np.asarray(t, dtype=float)
    return -np.sum(t * np.log(y) + (1.0 - t) * np.log1p(-y), axis=-1)


def cross_entropy_grad(y: np.ndarray, t: np.ndarray) -> np.ndarray:
    """∂E/∂y for cross-entropy: ``(y − t) / (y (1 − y))`` (clipped like the cost)."""
    y = np.clip(np.asarray(y, dtype=float), EPS, 1.0 - EPS)
    return (y - np.asarray(t, dtype=float)) / (y * (1.0 - y))


def cost(name: str, y: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The cost ``name`` of each pattern: ``(..., K) -> (...)``."""
    return mse(y, t) if check_name(name) == "mse" else cross_entropy(y, t)


def output_delta(name: str, y: np.ndarray, t: np.ndarray, activation: str = "logistic") -> np.ndarray:
    """Output deltas ``δ_o = −∂E/∂s_o`` for outputs ``y = f(s)``.  Shape ``(..., K)``.

    * MSE: ``δ = (t − y) f'(s)``, Eq. (5.2a).
    * cross-entropy with logistic outputs: ``δ = t − y`` (``f'`` cancels), Eq. (5.3).
    * cross-entropy with any other output function: ``δ = −∂E/∂y · f'(s)``.
    """
    y = np.asarray(y, dtype=float)
    t = np.asarray(t, dtype=float)
    act = activations.get(activation)
    if check_name(name) == "mse":
        return (t - y) * act.df_from_y(y)
    if act.name == "logistic":
        return t - y
    return -cross_entropy_grad(y, t) * act.df_from_y(y)
