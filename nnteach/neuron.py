"""One neuron, and a network built from neurons, written as plain loops (math.md §1, §2.2).

This is the course text's level of detail: a neuron has weights ``w_ji``, a
bias (the weight from an input that is always 1), a state
``s_j = Σ_i w_ji y_i`` (Eq. 1.1) and an activation ``y_j = f(s_j)``.  Nothing
here is vectorised, so a learner can follow every multiplication.  The
matrix-level :class:`~nnteach.perceptron.Perceptron` computes the same numbers;
the project's tests prove it.

Sign convention: ``δ_j = −∂E/∂s_j``, so every update is written with a plus
sign, ``Δw_ji = +ε δ_j y_i``.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from . import activations, costs
from .validation import (ArgumentTypeError, as_float_array, check_number, check_seed, describe, positive_int,
                         positive_number)

__all__ = ["Neuron", "NeuronNetwork", "NotReadyError", "neuron_outputs", "decision_line"]


class NotReadyError(RuntimeError, ValueError):
    """A step called before the step it needs (``update`` before a delta, a delta before ``activate``).
    A ``RuntimeError``, and also a ``ValueError`` like every other misuse."""


class Neuron:
    """A single neuron with ``n_inputs`` weighted inputs and a bias.

    Args:
        n_inputs: number of inputs ``y_i`` (not counting the bias input).
        activation: name of ``f`` (``"logistic"``, ``"tanh"``, ``"identity"``, ``"relu"``).
        weights: initial weights ``w_ji``; default uniform in [−0.1, 0.1) (Synaptic).
        bias: initial bias ``b_j`` (the weight from the always-1 input); default as weights.
        seed: seed for the default initial values.

    After :meth:`activate` the neuron remembers ``inputs``, ``s`` (state),
    ``y`` (activation) and ``derivative`` (``f'(s)``, written from ``y``).
    """

    def __init__(self, n_inputs: int, activation: str = "logistic", weights: Sequence[float] | None = None,
                 bias: float | None = None, seed: int | None = None) -> None:
        n_inputs = positive_int(n_inputs, "n_inputs", maximum=1_000_000)
        self.f = activations.get(activation)
        rng = np.random.default_rng(check_seed(seed))
        if weights is None:
            weights = rng.uniform(-0.1, 0.1, size=n_inputs)
        weights = as_float_array(weights, "weights")
        if weights.shape != (n_inputs,):
            raise ValueError(f"weights has shape {weights.shape}; expected ({n_inputs},), one per input")
        self.weights: list[float] = [float(w) for w in weights]
        if bias is None:
            bias = rng.uniform(-0.1, 0.1)
        self.bias: float = check_number(bias, "bias (one number)")
        self.inputs: list[float] | None = None
        self.s: float | None = None
        self.y: float | None = None
        self.derivative: float | None = None
        self.delta: float | None = None

    @property
    def activation(self) -> str:
        """The name of the activation function ``f``."""
        return self.f.name

    def _check_inputs(self, x: Sequence[float]) -> list[float]:
        a = as_float_array(x, "x")
        if a.shape != (len(self.weights),):
            raise ValueError(f"x has shape {a.shape}; expected ({len(self.weights)},), one value per input")
        return [float(v) for v in a]

    def state(self, x: Sequence[float]) -> float:
        """``s_j = Σ_i w_ji y_i + b_j · 1``.  Eq. (1.1): the bias is the weight from an input that is always 1."""
        x = self._check_inputs(x)
        s = self.bias * 1.0
        for w, y_i in zip(self.weights, x):
            s += w * y_i
        return s

    def activate(self, x: Sequence[float]) -> float:
        """Fire: compute and remember the state ``s`` (1.1), the activation ``y = f(s)`` (1.2) and ``f'(s)``."""
        self.inputs = self._check_inputs(x)
        self.s = self.state(self.inputs)
        self.y = float(self.f.f(self.s))
        self.derivative = float(self.f.df_from_y(self.y))
        return self.y

    def output_delta(self, target: float, cost: str = "mse") -> float:
        """δ of an output neuron from the injected error ``t − y``.  Eq. (5.2a) / (5.3).

        MSE: ``δ = (t − y) f'(s)``.  Cross-entropy with a logistic neuron: ``δ = t − y``.
        """
        self._require_activated()
        t = check_number(target, "target (one number)")
        self.delta = float(costs.output_delta(cost, self.y, t, self.activation))
        return self.delta

    def hidden_delta(self, downstream: Sequence[tuple[float, float]]) -> float:
        """δ of a hidden neuron: ``δ_j = f'(s_j) Σ_k δ_k w_kj``.  Eq. (5.4).

        Args:
            downstream: pairs ``(δ_k, w_kj)`` for every neuron ``k`` this neuron feeds.
        """
        self._require_activated()
        if isinstance(downstream, (str, dict)) or not hasattr(downstream, "__iter__"):
            raise ArgumentTypeError(f"downstream must be a list of pairs (δ_k, w_kj); got {describe(downstream)}")
        total = 0.0
        for k, pair in enumerate(downstream):
            if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                raise ArgumentTypeError(f"downstream[{k}] must be a pair (δ_k, w_kj) of numbers; got {describe(pair)}")
            delta_k = check_number(pair[0], f"downstream[{k}][0] (δ_k)")
            w_kj = check_number(pair[1], f"downstream[{k}][1] (w_kj)")
            total += delta_k * w_kj
        self.delta = self.derivative * total
        return self.delta

    def gradients(self) -> tuple[list[float], float]:
        """``(−∂E/∂w_ji for each input, −∂E/∂b_j) = (δ_j y_i, δ_j)``.  Eq. (5.5)."""
        if self.delta is None:
            raise NotReadyError("compute a delta first (output_delta or hidden_delta)")
        return [self.delta * y_i for y_i in self.inputs], self.delta

    def update(self, rate: float) -> None:
        """The delta rule: ``w_ji ← w_ji + ε δ_j y_i`` and ``b_j ← b_j + ε δ_j``.  Eq. (5.5)."""
        rate = positive_number(rate, "rate")
        gw, gb = self.gradients()
        for i in range(len(self.weights)):
            self.weights[i] += rate * gw[i]
        self.bias += rate * gb

    def learn(self, x: Sequence[float], target: float, rate: float, cost: str = "mse") -> float:
        """One training step of a lone (output) neuron: activate, output delta, update.  Returns δ."""
        self.activate(x)
        delta = self.output_delta(target, cost)
        self.update(rate)
        return delta

    def _require_activated(self) -> None:
        if self.y is None:
            raise NotReadyError("activate the neuron first: neuron.activate(x)")

    def __repr__(self) -> str:
        w = ", ".join(f"{v:.4f}" for v in self.weights)
        text = f"Neuron({self.activation}, w=[{w}], b={self.bias:.4f}"
        if self.s is not None:
            text += f", s={self.s:.4f}, y={self.y:.4f}"
        if self.delta is not None:
            text += f", δ={self.delta:.4f}"
        return text + ")"


class NeuronNetwork:
    """Layers of :class:`Neuron` objects, each layer fully connected to the next.

    The same network as :class:`~nnteach.perceptron.Perceptron`, one neuron at a time.
    ``layers[l - 1][j]`` is unit ``j`` of layer ``l``; its ``weights[i]`` equals the
    Perceptron's ``W{l}[j, i]`` and its ``bias`` equals ``b{l}[j]``.
    """

    def __init__(self, layers: list[list[Neuron]]) -> None:
        if not isinstance(layers, (list, tuple)):
            raise ArgumentTypeError(f"layers must be a list of layers, each a list of Neuron objects; "
                                    f"got {describe(layers)}")
        if not layers:
            raise ValueError("layers must hold at least one layer (a non-empty list of Neuron objects)")
        for l, layer in enumerate(layers):
            if not isinstance(layer, (list, tuple)) or not all(isinstance(n, Neuron) for n in layer):
                raise ArgumentTypeError(f"layers[{l}] must be a list of Neuron objects; got {describe(layer)}")
            if not layer:
                raise ValueError(f"layers[{l}] is empty; every layer needs at least one Neuron")
            sizes = {len(n.weights) for n in layer}
            if len(sizes) != 1:
                raise ValueError(f"the neurons of layers[{l}] have different numbers of inputs {sorted(sizes)}; "
                                 "they all read the same layer below")
            if l > 0 and sizes != {len(layers[l - 1])}:
                raise ValueError(f"the neurons of layers[{l}] have {sizes.pop()} inputs, but layers[{l - 1}] has "
                                 f"{len(layers[l - 1])} neurons: each neuron reads every neuron of the layer below")
        self.layers = [list(layer) for layer in layers]

    @classmethod
    def from_perceptron(cls, net) -> "NeuronNetwork":
        """Copy the weights of a :class:`Perceptron` into neurons."""
        from .perceptron import Perceptron
        if not isinstance(net, Perceptron):
            raise ArgumentTypeError(f"net must be a Perceptron; got {describe(net)}")
        layers = []
        for l in range(1, net.n_layers + 1):
            W, b = net.params[f"W{l}"], net.params[f"b{l}"]
            act = net.activation if l < net.n_layers else net.output_activation
            layers.append([Neuron(W.shape[1], act, weights=W[j], bias=b[j]) for j in range(W.shape[0])])
        return cls(layers)

    def activate(self, x: Sequence[float]) -> list[float]:
        """Forward pass, layer by layer, neuron by neuron.  Eq. (3.1)."""
        x = as_float_array(x, "x")
        n = len(self.layers[0][0].weights)
        if x.shape != (n,):
            raise ValueError(f"x has shape {x.shape}; expected ({n},), one value per input")
        y = [float(v) for v in x]
        for layer in self.layers:
            y = [neuron.activate(y) for neuron in layer]
        return y

    def _targets(self, targets) -> list[float]:
        """One target per output neuron, as floats (else a clear error); the network must have fired."""
        t = as_float_array(targets, "targets")
        if t.shape != (len(self.layers[-1]),):
            raise ValueError(f"targets has shape {t.shape}; expected ({len(self.layers[-1])},), one target per "
                             "output neuron")
        for neuron in self.layers[-1]:
            neuron._require_activated()
        return [float(v) for v in t]

    def backpropagate(self, targets: Sequence[float], cost: str = "mse") -> None:
        """Deltas of every neuron: output layer from ``t − y``, then each hidden layer backwards."""
        targets = self._targets(targets)
        costs.check_name(cost)
        for neuron, t in zip(self.layers[-1], targets):
            neuron.output_delta(t, cost)
        for l in range(len(self.layers) - 2, -1, -1):
            for j, neuron in enumerate(self.layers[l]):
                downstream = [(k.delta, k.weights[j]) for k in self.layers[l + 1]]
                neuron.hidden_delta(downstream)

    def gradients(self) -> dict[str, np.ndarray]:
        """``∂E/∂θ`` with the Perceptron's names and shapes (note: the minus of ``δ y``)."""
        out = {}
        for l, layer in enumerate(self.layers, start=1):
            gw, gb = zip(*(n.gradients() for n in layer))
            out[f"W{l}"] = -np.array(gw, dtype=float)
            out[f"b{l}"] = -np.array(gb, dtype=float)
        return out

    def update(self, rate: float) -> None:
        """Apply the delta rule to every neuron (textbook order: all deltas first, then updates)."""
        for layer in self.layers:
            for neuron in layer:
                neuron.update(rate)

    def propagate(self, rate: float, targets: Sequence[float]) -> None:
        """Synaptic's ``network.propagate(rate, target)``, reproduced for comparison (math.md §2.2, §9.1 c).

        Two differences from the textbook rule (:meth:`backpropagate` then :meth:`update`):
        output deltas are always ``t − y`` (the cross-entropy delta, whatever the cost), and each
        layer updates its incoming weights *immediately*, so the layer below computes its deltas
        through the already-updated weights (an O(ε²) difference).
        """
        rate = positive_number(rate, "rate")
        targets = self._targets(targets)
        for neuron, t in zip(self.layers[-1], targets):
            neuron.delta = t - neuron.y
            neuron.update(rate)
        for l in range(len(self.layers) - 2, -1, -1):
            for j, neuron in enumerate(self.layers[l]):
                neuron.hidden_delta([(k.delta, k.weights[j]) for k in self.layers[l + 1]])
                neuron.update(rate)

    def __repr__(self) -> str:
        sizes = [len(self.layers[0][0].weights)] + [len(layer) for layer in self.layers]
        return f"NeuronNetwork({'-'.join(map(str, sizes))})"


# -- a logistic neuron with two inputs, over the input plane (notebook 01) -------------------------
def neuron_outputs(w1: float, w2: float, b: float, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """States and outputs of a logistic neuron with two inputs for the rows of ``X`` ``(B, 2)`` (or ``(..., 2)``).

    ``s = w1 x1 + w2 x2 + b · 1`` (Eq. 1.1, the bias as the weight of an always-1 input) and
    ``y = σ(s)`` (Eq. 1.2), for all patterns at once.  Returns ``(s (B,), y (B,))``.
    """
    w1, w2, b = (check_number(v, name) for v, name in ((w1, "w1"), (w2, "w2"), (b, "b")))
    X = as_float_array(X, "X")
    if X.ndim == 0 or X.shape[-1] != 2:
        raise ValueError(f"X has shape {X.shape}; expected (B, 2) (or (..., 2)): two inputs per pattern")
    s = w1 * X[..., 0] + w2 * X[..., 1] + b * 1.0
    return s, activations.logistic(s)


def decision_line(w1: float, w2: float, b: float, lo: float = -0.5, hi: float = 1.5) -> tuple | None:
    """Two points of the decision line ``w1 x1 + w2 x2 + b = 0`` (Eq. 1.4) across ``[lo, hi]²``.

    None if ``w1 = w2 = 0`` (then the state is the same everywhere: no line).
    """
    w1, w2, b, lo, hi = (check_number(v, name) for v, name in ((w1, "w1"), (w2, "w2"), (b, "b"), (lo, "lo"), (hi, "hi")))
    if w1 == 0 and w2 == 0:
        return None
    if abs(w2) >= abs(w1):            # solve for x2: a line that is more horizontal
        x1 = np.array([lo - 1, hi + 1])
        x2 = -(w1 * x1 + b) / w2
    else:                             # solve for x1
        x2 = np.array([lo - 1, hi + 1])
        x1 = -(w2 * x2 + b) / w1
    return (float(x1[0]), float(x2[0])), (float(x1[1]), float(x2[1]))
