"""The worked example of the course: a 2-2-1 logistic network, one pattern, one update (math.md §9.1).

Notebook 03 runs its forward pass by hand, notebook 04 draws its error, notebook 05 steps through
its backward pass; the explorers draw it and the checks of notebooks 03–05 compare answers with it.
Every number of it is computed **once, here**, by plain arithmetic, one unit at a time, in the
course's notation.  No model code is used, so that a bug in a model cannot hide a wrong answer;
the tests prove that :class:`~nnteach.Perceptron` and :class:`~nnteach.NeuronNetwork` give the
same numbers.

The network (units ``x1, x2`` → ``h1, h2`` → ``o``, all logistic), input ``x = (0.8, 0.2)``,
target ``t = 1``, learning rate ``ε = 0.5``; the steps are those of notebooks 04 and 05::

    s_j = Σ_i w_ji y_i + b_j,   y_j = σ(s_j)                       forward pass, Eq. (5.1)
    E = ½ (t − y_o)²  or  −[t ln y_o + (1 − t) ln(1 − y_o)]         error, Eq. (4.1) / math.md §2.2
    δ_o = (t − y_o) f'(s_o)  or  t − y_o                            output delta, Eq. (5.2a) / (5.3)
    δ_h = f'(s_h) δ_o w_oh                                          hidden deltas, Eq. (5.4)
    Δw_ji = ε δ_j y_i  (Δb_j = ε δ_j)                               weight changes, Eq. (5.5)

with ``f'(s) = y (1 − y)``.  Sign convention: ``δ = −∂E/∂s``, so ``Δw = +ε δ y`` and the gradient
a model returns is ``∂E/∂w = −δ y`` (:attr:`WorkedPass.gradient`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import costs
from ..validation import ArgumentTypeError, as_float_array, check_number, describe

__all__ = ["WORKED_WEIGHTS", "ENDS", "X", "TARGET", "RATE", "worked_example", "worked_params", "params_of",
           "forward", "error", "error_with", "WorkedPass", "worked_pass"]

#: The weights of the network, by name, and where each lives in ``Perceptron.params``: ``(key, index, value)``.
WORKED_WEIGHTS: dict[str, tuple[str, tuple[int, ...], float]] = {
    "w_h1x1": ("W1", (0, 0), 0.5),
    "w_h1x2": ("W1", (0, 1), -0.4),
    "b_h1": ("b1", (0,), 0.1),
    "w_h2x1": ("W1", (1, 0), 0.3),
    "w_h2x2": ("W1", (1, 1), 0.8),
    "b_h2": ("b1", (1,), -0.2),
    "w_oh1": ("W2", (0, 0), 0.7),
    "w_oh2": ("W2", (0, 1), -0.6),
    "b_o": ("b2", (0,), 0.05),
}

#: For each weight: (receiving unit j, sending unit i); a bias has no sender (its input is always 1).
ENDS: dict[str, tuple[str, str | None]] = {
    "w_h1x1": ("h1", "x1"), "w_h1x2": ("h1", "x2"), "b_h1": ("h1", None),
    "w_h2x1": ("h2", "x1"), "w_h2x2": ("h2", "x2"), "b_h2": ("h2", None),
    "w_oh1": ("o", "h1"), "w_oh2": ("o", "h2"), "b_o": ("o", None),
}

X = (0.8, 0.2)      #: the input pattern (x1, x2)
TARGET = 1.0        #: the target t of the output unit
RATE = 0.5          #: the learning rate ε

_LAYERS = (("h1", "h2"), ("o",))     # the units that compute, in activation order


def params_of(weights: dict[str, float]) -> dict[str, np.ndarray]:
    """Named weights (as :data:`WORKED_WEIGHTS`) as ``Perceptron(2, 2, 1).params`` arrays:
    ``W1 (2, 2)``, ``b1 (2,)``, ``W2 (1, 2)``, ``b2 (1,)``."""
    weights = _weights(weights)
    params = {"W1": np.zeros((2, 2)), "b1": np.zeros(2), "W2": np.zeros((1, 2)), "b2": np.zeros(1)}
    for name, (key, index, _) in WORKED_WEIGHTS.items():
        params[key][index] = weights[name]
    return params


def _weights(weights) -> dict[str, float]:
    """``weights`` checked: a dict with a number for every name of :data:`WORKED_WEIGHTS`."""
    if not isinstance(weights, dict):
        raise ArgumentTypeError(f"weights must be a dict {{name: number}} with the names {', '.join(WORKED_WEIGHTS)}; "
                                f"got {describe(weights)}")
    missing = [name for name in WORKED_WEIGHTS if name not in weights]
    if missing:
        raise ValueError(f"weights lacks {', '.join(missing)}; expected a number for each of {', '.join(WORKED_WEIGHTS)}")
    return {name: check_number(weights[name], f"weights[{name!r}]") for name in WORKED_WEIGHTS}


def worked_params() -> dict[str, np.ndarray]:
    """The worked example's weights as ``Perceptron(2, 2, 1).params`` arrays (a fresh copy each call)."""
    return params_of({name: value for name, (_, _, value) in WORKED_WEIGHTS.items()})


def worked_example():
    """The network of math.md §9.1 as a model: ``(net, x (2,), t (1,), rate)``, a fresh copy each call.

    ``net`` is a :class:`~nnteach.Perceptron` ``(2, 2, 1)`` holding :data:`WORKED_WEIGHTS`.
    """
    from ..perceptron import Perceptron

    net = Perceptron(2, 2, 1)
    for key, value in worked_params().items():
        net.params[key][...] = value
    return net, np.array(X), np.array([TARGET]), RATE


def _sigma(s: float) -> float:
    """The logistic function σ(s) = 1 / (1 + e^(−s)), Eq. (1.3)."""
    return 1.0 / (1.0 + math.exp(-s))


def forward(weights: dict[str, float], x: tuple[float, float] = X) -> tuple[dict[str, float], dict[str, float]]:
    """The forward pass, unit by unit: ``s_j = Σ_i w_ji y_i + b_j``, ``y_j = σ(s_j)`` (Eq. 5.1).

    Returns ``(s, y)``: the states of ``h1, h2, o`` and the activations of ``x1, x2, h1, h2, o``.
    """
    weights = _weights(weights)
    x = as_float_array(x, "x")
    if x.shape != (2,):
        raise ValueError(f"x has shape {x.shape}; expected (2,), the inputs (x1, x2)")
    y = {"x1": float(x[0]), "x2": float(x[1])}
    s: dict[str, float] = {}
    for layer in _LAYERS:
        for j in layer:
            s[j] = 0.0
            for name, (to, frm) in ENDS.items():
                if to == j:
                    s[j] += weights[name] * (y[frm] if frm is not None else 1.0)
            y[j] = _sigma(s[j])
    return s, y


def error(y_o: float, t: float = TARGET, cost: str = "mse") -> float:
    """The error of the output: ½ (t − y_o)² (Eq. 4.1) or −[t ln y_o + (1 − t) ln(1 − y_o)] (math.md §2.2)."""
    y_o, t = check_number(y_o, "y_o"), check_number(t, "t")
    if costs.check_name(cost) == "mse":
        return 0.5 * (t - y_o) ** 2
    if not 0.0 < y_o < 1.0 or not 0.0 <= t <= 1.0:
        raise ValueError(f"the cross-entropy needs an output 0 < y_o < 1 and a target 0 <= t <= 1; got y_o={y_o!r}, t={t!r}")
    return -(t * math.log(y_o) + (1.0 - t) * math.log(1.0 - y_o))


def error_with(weight: str, value: float, cost: str = "mse") -> float:
    """The error ``E`` of the worked example when only ``weight`` is set to ``value``."""
    if not isinstance(weight, str):
        raise ArgumentTypeError(f"weight must be one of {', '.join(WORKED_WEIGHTS)}; got {describe(weight)}")
    if weight not in WORKED_WEIGHTS:
        raise ValueError(f"unknown weight {weight!r}; expected one of {', '.join(WORKED_WEIGHTS)}")
    weights = {name: v for name, (_, _, v) in WORKED_WEIGHTS.items()}
    weights[weight] = check_number(value, "value")
    _, y = forward(weights)
    return error(y["o"], TARGET, cost)


@dataclass(frozen=True)
class WorkedPass:
    """Every number of one forward pass, backward pass and update of the worked example.

    Units are named ``x1, x2`` (inputs), ``h1, h2`` (hidden), ``o`` (output); weights as in
    :data:`WORKED_WEIGHTS`.  Attributes:

        cost, rate: ``"mse"`` (math.md §9.1 (a)) or ``"cross_entropy"`` (§9.1 (b)); the learning rate ε.
        x, t: the input pattern ``{"x1", "x2"}`` and the target.
        w: the weights before the update.
        s, y: states of ``h1, h2, o``; activations of ``x1, x2, h1, h2, o``.
        fprime: ``f'(s) = y (1 − y)`` of ``h1, h2, o``.
        E: the error before the update.
        delta: ``δ`` of ``o, h1, h2``.
        dw: the weight changes ``Δw_ji = ε δ_j y_i`` (``Δb_j = ε δ_j``).
        w_new: the weights after the update.
        s_after, y_after: the forward pass again, with the new weights (``h1, h2, o``).
        E_new: the error after the update.
    """

    cost: str
    rate: float
    x: dict[str, float]
    t: float
    w: dict[str, float]
    s: dict[str, float]
    y: dict[str, float]
    fprime: dict[str, float]
    E: float
    delta: dict[str, float]
    dw: dict[str, float]
    w_new: dict[str, float]
    s_after: dict[str, float]
    y_after: dict[str, float]
    E_new: float

    @property
    def y_new(self) -> float:
        """The output after the update."""
        return self.y_after["o"]

    @property
    def gradient(self) -> dict[str, float]:
        """``∂E/∂w = −δ_j y_i`` of every weight (the minus of ``Δw / ε``), by name."""
        return {name: -self.delta[j] * (self.y[i] if i is not None else 1.0) for name, (j, i) in ENDS.items()}

    @property
    def grads(self) -> dict[str, np.ndarray]:
        """:attr:`gradient` with the names and shapes of ``Perceptron.params`` (what ``loss_and_grads`` returns)."""
        return params_of(self.gradient)


def worked_pass(cost: str = "mse", rate: float = RATE) -> WorkedPass:
    """One forward pass, backward pass and delta-rule update of the worked example (math.md §9.1).

    Args:
        cost: ``"mse"`` (§9.1 (a)) or ``"cross_entropy"`` (§9.1 (b)).
        rate: the learning rate ε.
    """
    if not isinstance(cost, str):
        raise ArgumentTypeError(f"cost must be 'mse' or 'cross_entropy'; got {describe(cost)}")
    if cost not in ("mse", "cross_entropy"):
        raise ValueError(f"cost must be 'mse' or 'cross_entropy'; got {cost!r}")
    rate = check_number(rate, "rate", low=0.0)
    t = TARGET
    w = {name: value for name, (_, _, value) in WORKED_WEIGHTS.items()}
    s, y = forward(w)
    fprime = {j: y[j] * (1.0 - y[j]) for j in ("h1", "h2", "o")}            # f'(s) from the output, Eq. (2.2)
    E = error(y["o"], t, cost)
    if cost == "mse":
        delta = {"o": (t - y["o"]) * fprime["o"]}                            # Eq. (5.2a)
    else:
        delta = {"o": t - y["o"]}                                            # f' cancels, Eq. (5.3)
    for h in ("h1", "h2"):
        delta[h] = fprime[h] * delta["o"] * w["w_o" + h]                     # Eq. (5.4)
    dw = {name: rate * delta[j] * (y[i] if i is not None else 1.0)          # Eq. (5.5)
          for name, (j, i) in ENDS.items()}
    w_new = {name: w[name] + dw[name] for name in w}
    s_after, y_after = forward(w_new)
    return WorkedPass(cost=cost, rate=float(rate), x={"x1": X[0], "x2": X[1]}, t=t, w=w, s=s, y=y,
                      fprime=fprime, E=E, delta=delta, dw=dw, w_new=w_new,
                      s_after=s_after, y_after={j: y_after[j] for j in ("h1", "h2", "o")},
                      E_new=error(y_after["o"], t, cost))
