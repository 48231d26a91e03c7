"""How an error fades (or grows) on its way back through time: the numbers of notebook 07 (math.md §3.4).

A change of a self-connected neuron's state at time 0 reaches time ``q`` multiplied by

    ∂s(q)/∂s(0) = ∏_{k=0}^{q−1} w f'(s(k))     activation feedback, s(t) = w y(t−1) + x(t)     Eq. (7.6)
    ∂s(q)/∂s(0) = w^q                            state feedback,      s(t) = w s(t−1) + x(t)

and an error injected at time ``q`` flows back to time 0 multiplied by the same product.  In an Elman
network the factor is the matrix ``∂h_t/∂h_{t−q} = ∏ diag(f'(a)) U`` (Eq. 7.7), whose size (its
largest singular value, the 2-norm) says how much of an error can survive ``q`` steps.

* :func:`neuron_fading` — the factors of one neuron over ``q = 0 … steps`` (the fading-gradient explorer);
* :func:`reference_numbers` — the numbers of math.md §3.4, computed;
* :func:`jacobian_norms` — ``‖∂h_t/∂h_{t−q}‖₂`` of an Elman network over a sequence (:meth:`nnteach.RNN.hidden_jacobians`);
* :func:`sine_predictor` — the Elman network of notebook 07 trained to predict a noisy sine (cached).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import activations
from .datasets import noisy_sine
from .recurrent import SelfConnectedNeuron
from .rnn import RNN
from .train import train
from .validation import positive_int

__all__ = ["FadingResult", "neuron_fading", "max_slope", "Reference", "reference_numbers", "jacobian_norms",
           "sine_predictor", "SINE_PREDICTOR"]


@dataclass
class FadingResult:
    """The error-flow factors of one self-connected neuron, for ``q = 0 … steps``.

    Attributes:
        w, activation, feedback, x: the neuron (``x`` is its constant input, every step).
        s: the states ``s(0) … s(steps)``, ``(steps + 1,)`` (``s(0) = 0``).
        step_factors: ``∂s(k+1)/∂s(k)``, ``(steps,)``: ``w f'(s(k))`` or ``w``.
        factors: ``∂s(q)/∂s(0)``, ``(steps + 1,)``, 1 at ``q = 0``.
        bound: the largest the factors can be whatever the states, ``(|w| max f')^q``, ``(steps + 1,)``.
    """

    w: float
    activation: str
    feedback: str
    x: float
    s: np.ndarray
    step_factors: np.ndarray
    factors: np.ndarray
    bound: np.ndarray

    @property
    def steps(self) -> int:
        return len(self.step_factors)

    def at(self, q: int) -> float:
        """``|∂s(q)/∂s(0)|``."""
        return float(abs(self.factors[q]))


def max_slope(activation: str) -> float:
    """``max f'``: 0.25 for the logistic function, 1 for tanh and the identity (math.md §1)."""
    return {"logistic": 0.25, "tanh": 1.0, "identity": 1.0, "relu": 1.0}[activations.get(activation).name]


def neuron_fading(w: float, activation: str = "logistic", feedback: str = "activation", x: float = 0.0,
                  steps: int = 50) -> FadingResult:
    """Run a :class:`~nnteach.recurrent.SelfConnectedNeuron` for ``steps`` steps from ``s(0) = 0`` with the
    constant input ``x`` and return ``∂s(q)/∂s(0)`` for every ``q`` (Eq. 7.6; math.md §3.4)."""
    steps = positive_int(steps, "steps")
    neuron = SelfConnectedNeuron(w, feedback, activation, w_in=1.0, s0=0.0)
    trace = neuron.run(np.full(steps, float(x)))
    a = trace.step_factors()                       # ∂s(k+1)/∂s(k), k = 0 … steps − 1
    factors = np.concatenate([[1.0], np.cumprod(a)])
    gamma = 1.0 if feedback == "state" else max_slope(activation)
    bound = (abs(float(w)) * gamma) ** np.arange(steps + 1)
    return FadingResult(w=float(w), activation=neuron.activation, feedback=feedback, x=float(x),
                        s=np.concatenate([[0.0], trace.s]), step_factors=a, factors=factors, bound=bound)


@dataclass(frozen=True)
class Reference:
    """One number of math.md §3.4: what it is, how it is computed here, and how math.md prints it."""

    what: str
    activation: str
    w: float
    q: int
    value: float
    printed: str          # as math.md §3.4 prints it, e.g. "1.3e-13"
    bound: bool = False   # True: the largest possible factor (|w| max f')^q, not a run of the neuron


def reference_numbers() -> list[Reference]:
    """The numbers of math.md §3.4, computed: the logistic bound ``0.25^q``; a logistic unit feeding back
    its activation from ``s(0) = 0`` with no input, ``w = 1, 4, 8`` over 20 steps; tanh at ``s = 0``, where
    ``f' = 1``, with ``w = 0.9`` and ``1.1`` over 50 steps; and the linear unit of weight 1 (a CEC)."""
    refs = [Reference("logistic, |w| = 1: at most 0.25^q", "logistic", 1.0, q, max_slope("logistic") ** q,
                      printed, bound=True) for q, printed in ((10, "9.5e-7"), (20, "9.1e-13"))]
    for w, printed in ((1.0, "1.3e-13"), (4.0, "4.7e-21"), (8.0, "1.8e-47")):
        refs.append(Reference(f"logistic, w = {w:g}, over 20 steps", "logistic", w, 20,
                              neuron_fading(w, "logistic", steps=20).at(20), printed))
    for w, printed in ((0.9, "5.2e-3"), (1.1, "117")):
        refs.append(Reference(f"tanh, w = {w:g} (|w f'| = {w:g}), over 50 steps", "tanh", w, 50,
                              neuron_fading(w, "tanh", steps=50).at(50), printed))
    refs.append(Reference("linear unit, w = 1 (a CEC), over 50 steps", "identity", 1.0, 50,
                          neuron_fading(1.0, "identity", steps=50).at(50), "1"))
    return refs


def jacobian_norms(net: RNN, x) -> np.ndarray:
    """``‖∂h_T/∂h_{T−q}‖₂`` for q = 0 … T over one sequence ``x (T, N)``: the largest factor by which an
    error at the last step can reach the hidden layer q steps earlier (Eq. 7.7; math.md §3.4)."""
    J = net.hidden_jacobians(x)
    return np.linalg.norm(J, ord=2, axis=(1, 2))


#: How :func:`sine_predictor` trains (notebook 07, section 4).
SINE_PREDICTOR = dict(hidden=8, seed=0, init="xavier", length=40, n_sequences=20, data_seed=0, rate=0.1,
                      momentum=0.9, iterations=400)


@lru_cache(maxsize=1)
def sine_predictor() -> RNN:
    """An ``RNN(1, 8, 1)`` trained to predict the next value of a noisy sine (:data:`SINE_PREDICTOR`):
    full-batch, MSE, momentum.  Cached: every call returns the same network (do not train it further)."""
    c = SINE_PREDICTOR
    X, T = noisy_sine(length=c["length"], n_sequences=c["n_sequences"], seed=c["data_seed"])
    net = RNN(1, c["hidden"], 1, seed=c["seed"], init=c["init"])
    train(net, (X, T), rate=c["rate"], momentum=c["momentum"], iterations=c["iterations"], error=0.0,
          batch_size=None, cost="mse")
    return net
