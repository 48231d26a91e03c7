"""Activation functions and their derivatives (math.md §1; notebooks 01–02).

Equation numbers (N.k) refer to the notebooks: (N.k) is equation k of notebook NN.

Every function works element-wise on numpy arrays of any shape.  The
derivatives are written **in terms of the output** ``y = f(s)`` where that is
possible, because that is what a neuron keeps after it has fired: for the
logistic function ``f'(s) = y (1 - y)``, for tanh ``f'(s) = 1 - y**2``.

Look an activation up by name with :func:`get`::

    >>> act = get("logistic")
    >>> y = act.f(0.0)           # 0.5
    >>> act.df_from_y(y)         # 0.25, Eq. (2.2)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .validation import ArgumentTypeError, check_choice, check_number, describe

__all__ = ["Activation", "get", "names", "logistic", "tanh", "identity", "relu",
           "logistic_derivative", "tanh_derivative", "identity_derivative", "relu_derivative",
           "SATURATION_FRACTION", "saturation_edge"]


def logistic(s: np.ndarray | float) -> np.ndarray:
    """Logistic function ``σ(s) = 1 / (1 + e^(-s))``, range (0, 1).  Eq. (1.3), (2.1).

    Computed as ``½ + ½ tanh(s/2)``, which is exactly σ and never overflows
    (no warning for |s| = 1000, unlike a naive ``1 / (1 + exp(-s))``).
    """
    # σ(s) = ½ + ½ tanh(s/2): the same function, one ufunc call, and tanh never overflows.
    y = np.tanh(0.5 * np.asarray(s, dtype=float))
    y *= 0.5
    y += 0.5
    return y


def logistic_derivative(y: np.ndarray | float) -> np.ndarray:
    """σ'(s) written from the output ``y = σ(s)``: ``y (1 - y)``.  Eq. (2.2)."""
    y = np.asarray(y, dtype=float)
    return y * (1.0 - y)


def tanh(s: np.ndarray | float) -> np.ndarray:
    """Hyperbolic tangent, range (-1, 1); equals ``2 σ(2s) - 1``.  Eq. (2.3)."""
    return np.tanh(np.asarray(s, dtype=float))


def tanh_derivative(y: np.ndarray | float) -> np.ndarray:
    """tanh'(s) written from the output ``y = tanh(s)``: ``1 - y²``.  Eq. (2.4)."""
    y = np.asarray(y, dtype=float)
    return 1.0 - y * y


def identity(s: np.ndarray | float) -> np.ndarray:
    """Identity ``f(s) = s`` (linear unit).  Eq. (2.5)."""
    return np.array(s, dtype=float)


def identity_derivative(y: np.ndarray | float) -> np.ndarray:
    """Derivative of the identity: 1 everywhere."""
    return np.ones_like(np.asarray(y, dtype=float))


def relu(s: np.ndarray | float) -> np.ndarray:
    """Rectified linear unit ``max(0, s)`` (a modern aside).  Eq. (2.6)."""
    return np.maximum(np.asarray(s, dtype=float), 0.0)


def relu_derivative(y: np.ndarray | float) -> np.ndarray:
    """ReLU'(s) from the output: 1 where ``y > 0``, else 0 (0 at the kink, as Synaptic)."""
    return (np.asarray(y, dtype=float) > 0).astype(float)


@dataclass(frozen=True)
class Activation:
    """An activation function together with its derivative.

    Attributes:
        name: the name it is looked up by.
        f: ``s -> y``.
        df_from_y: ``y -> f'(s)``, the derivative written from the output.
        range: the interval of outputs, as text (for plots and messages).
    """

    name: str
    f: Callable[[np.ndarray], np.ndarray]
    df_from_y: Callable[[np.ndarray], np.ndarray]
    range: str

    def df(self, s: np.ndarray | float) -> np.ndarray:
        """f'(s) from the state ``s`` (computes ``y = f(s)`` first)."""
        return self.df_from_y(self.f(s))

    def __repr__(self) -> str:
        return f"Activation({self.name!r}, range {self.range})"


_ACTIVATIONS: dict[str, Activation] = {
    "logistic": Activation("logistic", logistic, logistic_derivative, "(0, 1)"),
    "tanh": Activation("tanh", tanh, tanh_derivative, "(-1, 1)"),
    "identity": Activation("identity", identity, identity_derivative, "(-inf, inf)"),
    "relu": Activation("relu", relu, relu_derivative, "[0, inf)"),
}


def names() -> list[str]:
    """The valid activation names."""
    return list(_ACTIVATIONS)


def get(name: str | Activation) -> Activation:
    """Look an activation up by name (``"logistic"``, ``"tanh"``, ``"identity"``, ``"relu"``).

    Raises:
        ValueError: for an unknown name; the message lists the valid names (``TypeError`` for a non-string).
    """
    if isinstance(name, Activation):
        return name
    if not isinstance(name, str):
        raise ArgumentTypeError(f"activation must be one of {', '.join(map(repr, names()))}; got {describe(name)}")
    if name.lower() not in _ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; expected one of {', '.join(map(repr, names()))}")
    return _ACTIVATIONS[name.lower()]


#: A unit counts as saturated where its slope is below this fraction of the largest slope.
SATURATION_FRACTION = 0.1


def saturation_edge(activation: str, gain: float, fraction: float = SATURATION_FRACTION) -> float | None:
    """The ``|s|`` beyond which ``g f'(g s)`` is below ``fraction`` of its maximum.

    Exact, from the output: logistic ``y(1 − y) = fraction/4`` gives
    ``y = (1 + sqrt(1 − fraction)) / 2`` and ``s = ln(y / (1 − y)) / g``; tanh
    ``1 − y² = fraction`` gives ``s = atanh(sqrt(1 − fraction)) / g``.  None for identity and
    ReLU (their slope never fades; ReLU's is simply 0 for every ``s < 0``).
    """
    activation = check_choice(activation, names(), "activation")
    gain = check_number(gain, "gain", low=0.0, low_open=True)
    fraction = check_number(fraction, "fraction", low=0.0, high=1.0, low_open=True, high_open=True)
    if activation == "logistic":
        y = 0.5 * (1.0 + np.sqrt(1.0 - fraction))
        return float(np.log(y / (1.0 - y)) / gain)
    if activation == "tanh":
        return float(np.arctanh(np.sqrt(1.0 - fraction)) / gain)
    return None
