"""The feed-forward network at matrix level: ``Perceptron(n0, n1, …, nL)`` (math.md §2.3).

Every layer is fully connected to the next.  Weights are stored "to × from",
``Wl[j, i] = w_ji`` (Eq. 3.2), so a whole batch moves through layer ``l`` as
``S = Y_prev @ Wl.T + bl`` and ``Y = f(S)``.

Shapes (letters shared across the package): ``B`` patterns, ``n_l`` units in
layer ``l``, ``N = n0`` inputs, ``K = nL`` outputs.
"""
from __future__ import annotations

import numpy as np

from . import _perceptron_kernel as kernel
from . import activations, costs
from .model import Model, check_init, check_parameter_count, uniform_init
from .validation import (MAX_PARAMETERS, ArgumentTypeError, as_float_array, check_pattern_shape, check_same_leading,
                         check_seed, describe, positive_int)

__all__ = ["Perceptron", "forward_layers", "two_layer_forward"]


class Perceptron(Model):
    """A fully connected feed-forward network (Synaptic's ``Architect.Perceptron``).

    Args:
        *sizes: layer sizes ``n0, n1, …, nL`` (at least an input and an output layer).
        activation: activation of the hidden units (``"logistic"``, ``"tanh"``,
            ``"identity"``, ``"relu"``).
        output_activation: activation of the output units; defaults to ``activation``.
        seed: seed for ``numpy.random.default_rng``; the same seed gives the same weights.
        init: initial weights.  ``"synaptic"`` (default): every weight and bias uniform
            in [−0.1, 0.1), as Synaptic.  ``"xavier"``: weights uniform in ±sqrt(6 / (n_in + n_out)),
            biases 0, which breaks the symmetry of small networks faster.

    Parameters (``model.params``): ``W1 … WL`` with ``Wl`` of shape ``(n_l, n_{l-1})``,
    ``b1 … bL`` of shape ``(n_l,)``.
    """

    def __init__(self, *sizes: int, activation: str = "logistic", output_activation: str | None = None,
                 seed: int | None = None, init: str = "synaptic") -> None:
        self.sizes = tuple(self.check_sizes(sizes))
        check_parameter_count(self._shapes(self.sizes), self._name(self.sizes))
        self.activation = activations.get(activation).name
        self.output_activation = activations.get(activation if output_activation is None else output_activation).name
        self.init = check_init(init)
        self.seed = check_seed(seed)
        rng = np.random.default_rng(seed)
        self.params: dict[str, np.ndarray] = {}
        for l in range(1, len(self.sizes)):
            n_in, n_out = self.sizes[l - 1], self.sizes[l]
            self.params[f"W{l}"] = uniform_init(rng, init, (n_out, n_in), n_in, n_out)
            self.params[f"b{l}"] = uniform_init(rng, init, (n_out,), 1, n_out) if init == "synaptic" else np.zeros(n_out)
        self.flat_params()                  # every array of params a view of one buffer (model.py)
        self._bind()

    # -- sizes, without building anything ------------------------------------------
    @staticmethod
    def check_sizes(sizes) -> list[int]:
        """The layer sizes ``n0, …, nL`` as ints (at least two, each 1 … ``MAX_PARAMETERS``)."""
        if len(sizes) == 1 and isinstance(sizes[0], (list, tuple)):
            raise ArgumentTypeError(f"give the layer sizes one by one, Perceptron(2, 3, 1) (or Perceptron(*sizes)); "
                                    f"got one {describe(sizes[0])}")
        if len(sizes) < 2:
            raise ValueError(f"Perceptron needs at least two layer sizes (inputs, outputs); got {sizes!r}")
        return [positive_int(n, f"layer size {i}", maximum=MAX_PARAMETERS) for i, n in enumerate(sizes)]

    @staticmethod
    def _shapes(sizes: tuple[int, ...]) -> dict[str, tuple[int, ...]]:
        shapes: dict[str, tuple[int, ...]] = {}
        for l in range(1, len(sizes)):
            shapes[f"W{l}"], shapes[f"b{l}"] = (sizes[l], sizes[l - 1]), (sizes[l],)
        return shapes

    @staticmethod
    def _name(sizes) -> str:
        return f"Perceptron({', '.join(map(str, sizes))})"

    @classmethod
    def param_shapes(cls, config: dict) -> dict[str, tuple[int, ...]]:
        """``{"W1": (n1, n0), "b1": (n1,), …}`` for ``config["sizes"]``, checked, without building the network."""
        sizes = cls.check_config(config)["sizes"]
        if not isinstance(sizes, (list, tuple)):
            raise ArgumentTypeError(f"sizes must be a list of layer sizes; got {describe(sizes)}")
        sizes = cls.check_sizes(tuple(sizes))
        return check_parameter_count(cls._shapes(tuple(sizes)), cls._name(sizes))

    # -- plumbing -------------------------------------------------------------------
    def _bind(self) -> None:
        """Cache the layer functions (keeps per-step Python overhead low)."""
        L = self.n_layers
        self._f = [activations.get(self.activation if l < L else self.output_activation) for l in range(1, L + 1)]
        self._keys = [(f"W{l}", f"b{l}") for l in range(1, L + 1)]

    @property
    def n_layers(self) -> int:
        """Number of weight layers ``L`` (the input layer is not counted)."""
        return len(self.sizes) - 1

    @property
    def n_inputs(self) -> int:
        return self.sizes[0]

    @property
    def n_outputs(self) -> int:
        return self.sizes[-1]

    def config(self) -> dict:
        """The constructor arguments (for saving)."""
        return {"sizes": list(self.sizes), "activation": self.activation,
                "output_activation": self.output_activation, "seed": self.seed, "init": self.init}

    size_names = ("sizes",)

    @classmethod
    def from_config(cls, config: dict) -> "Perceptron":
        """Rebuild an (untrained) network from :meth:`config` (the layer sizes positionally)."""
        config = cls.check_config(config)
        sizes = config.pop("sizes")
        if not isinstance(sizes, (list, tuple)):
            raise ArgumentTypeError(f"sizes must be a list of layer sizes; got {describe(sizes)}")
        return cls(*sizes, **config)

    def __repr__(self) -> str:
        sizes = "-".join(map(str, self.sizes))
        return (f"Perceptron({sizes}, activation={self.activation!r}, "
                f"output_activation={self.output_activation!r}, {self.n_parameters} parameters)")

    # -- the model contract --------------------------------------------------------
    def forward(self, X: np.ndarray) -> np.ndarray:
        """Outputs for one pattern ``(N,) -> (K,)`` or a batch ``(B, N) -> (B, K)``.  Eq. (3.2), (3.3)."""
        X = as_float_array(X, "X")
        check_pattern_shape(X, self.n_inputs, "X")
        return self._forward(X)[-1]

    def forward_all(self, X: np.ndarray) -> list[np.ndarray]:
        """Activations of every layer ``[Y0 = X, Y1, …, YL]`` for one pattern or a batch."""
        X = as_float_array(X, "X")
        check_pattern_shape(X, self.n_inputs, "X")
        return self._forward(X)

    def _forward(self, X: np.ndarray) -> list[np.ndarray]:
        """``S_l = Y_{l-1} W_l^T + b_l``, ``Y_l = f(S_l)`` for l = 1..L.  Eq. (3.2), (3.3); math.md §2.3.

        One pattern ``(N,)`` runs as matrix-vector products ``W_l y + b_l``; a batch
        ``(B, N)`` as ``Y W_l^T + b_l`` (the same numbers, one row per pattern).
        """
        Ys = [X]
        p = self.params
        one = X.ndim == 1
        for (wk, bk), act in zip(self._keys, self._f):
            W = p[wk]
            S = (W @ Ys[-1] if one else Ys[-1] @ W.T) + p[bk]
            Ys.append(act.f(S))
        return Ys

    def loss_and_grads(self, X: np.ndarray, T: np.ndarray, cost: str = "mse") -> tuple[float, dict[str, np.ndarray]]:
        """Loss and ``∂E/∂θ`` for one pattern or a batch (mean over patterns).

        Args:
            X: inputs ``(N,)`` or ``(B, N)``.
            T: targets ``(K,)`` or ``(B, K)``, the same leading shape as ``X``.
            cost: ``"mse"`` or ``"cross_entropy"`` (cross-entropy needs logistic outputs).

        Returns:
            ``(loss, grads)``: the mean cost over the patterns, and a dict with the keys and
            shapes of :attr:`params`.  ``grads`` are ``∂E/∂θ`` (descend along ``−grads``);
            in the course's convention ``−grads["W1"][j, i] = Σ_p δ_j y_i / B`` (Eq. 5.5).
        """
        X = as_float_array(X, "X")
        T = as_float_array(T, "T")
        check_pattern_shape(X, self.n_inputs, "X")
        check_same_leading(X, T, self.n_outputs)
        costs.check_for_outputs(cost, self.output_activation)
        costs.check_targets(T, cost)
        return self.loss_and_grads_unchecked(X, T, cost)

    def loss_and_grads_unchecked(self, X: np.ndarray, T: np.ndarray, cost: str
                                 ) -> tuple[float, dict[str, np.ndarray]]:
        """Backpropagation by the delta rule, vectorised (math.md §2.3); no input checks (the trainer's fast path).

        Deltas are ``δ = −∂E/∂s`` (the course's sign); the returned gradients are their minus.
        """
        one = X.ndim == 1
        B = 1 if one else X.shape[0]
        Ys = self._forward(X)
        Y = Ys[-1]
        E = T - Y                                           # the injected error t − y
        if cost == "mse":
            loss = 0.5 * float(np.sum(E * E)) / B            # Eq. (4.1), (4.2): mean over patterns
            D = E * self._f[-1].df_from_y(Y)                 # output deltas, Eq. (5.2a)
        else:
            loss = float(np.sum(costs.cross_entropy(Y, T, check=False))) / B   # math.md §2.2
            D = E                                            # f' cancels, Eq. (5.3)
        grads: dict[str, np.ndarray] = {}
        p = self.params
        for l in range(self.n_layers, 0, -1):
            wk, bk = self._keys[l - 1]
            Yin = Ys[l - 1]
            # −∂E/∂w_ji = δ_j y_i (Eq. 5.5), summed over the batch and divided by B (the mean).
            if one:
                minus_D = -D
                grads[wk] = np.multiply.outer(minus_D, Yin)
                grads[bk] = minus_D
            else:
                grads[wk] = (D.T @ Yin) / -B
                grads[bk] = D.sum(axis=0) / -B
            if l > 1:
                # Hidden deltas: δ_j = f'(s_j) Σ_k δ_k w_kj, Eq. (5.4).
                W = p[wk]
                D = (W.T @ D if one else D @ W) * self._f[l - 2].df_from_y(Yin)
        return loss, grads

    def fast_step(self, cost: str, batch: int, online: bool = False) -> kernel.Step | None:
        """The trainer's fast kernel (the private ``nnteach/_perceptron_kernel.py``): the numbers of
        :meth:`loss_and_grads_unchecked`, written into one gradient buffer laid out like
        :meth:`~nnteach.model.Model.flat_params`.  None for ``online=True`` (patterns have no time steps:
        batch_size=1 is online)."""
        if online:
            return None
        return kernel.Step(self.params, [f.name for f in self._f], cost, batch)


def forward_layers(weights: list[np.ndarray], biases: list[np.ndarray], x: np.ndarray, activation: str = "logistic"
                   ) -> list[tuple[np.ndarray, np.ndarray]]:
    """The forward pass of one pattern, layer by layer: ``s_l = W_l y_{l-1} + b_l``, ``y_l = f(s_l)`` (Eq. 3.1).

    ``weights[l - 1]`` has shape ``(n_l, n_{l-1})`` ("to × from"), ``biases[l - 1]`` ``(n_l,)``, ``x``
    ``(n_0,)``; every layer uses ``activation``.  Returns ``[(s_1, y_1), …, (s_L, y_L)]``.
    """
    f = activations.get(activation).f
    if not isinstance(weights, (list, tuple)) or not isinstance(biases, (list, tuple)):
        raise ArgumentTypeError(f"weights and biases must be lists of arrays, one per layer; got "
                                f"{describe(weights)} and {describe(biases)}")
    if len(weights) != len(biases):
        raise ValueError(f"got {len(weights)} weight matrices and {len(biases)} bias vectors; expected one of each per layer")
    weights = [as_float_array(W, f"weights[{l}]") for l, W in enumerate(weights)]
    biases = [as_float_array(b, f"biases[{l}]") for l, b in enumerate(biases)]
    y = as_float_array(x, "x")
    for l, (W, b) in enumerate(zip(weights, biases)):
        n_in = y.shape[0] if l == 0 else weights[l - 1].shape[0]
        if W.ndim != 2 or W.shape[1] != n_in or b.shape != (W.shape[0],) or (l == 0 and y.ndim != 1):
            raise ValueError(f"layer {l + 1}: weights[{l}] {W.shape} and biases[{l}] {b.shape} do not fit an input of "
                             f"{n_in} values; expected (n_{l + 1}, {n_in}) and (n_{l + 1},) (\"to × from\")")
    layers = []
    for W, b in zip(weights, biases):
        s = W @ y + b
        y = f(s)
        layers.append((s, y))
    return layers


def two_layer_forward(W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray, X: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Forward pass of an ``N-H-1`` logistic network (the 2-2-1 nets of notebook 03) for inputs of any leading shape.

    ``s_h = W1 x + b1``, ``y_h = σ(s_h)``, ``s_o = W2 y_h + b2``, ``y_o = σ(s_o)`` (Eq. 3.1–3.2),
    written for inputs ``X (..., N)`` as ``X @ W1.T + b1``; the weights as a ``Perceptron(N, H, 1)``
    stores them: ``W1 (H, N)``, ``b1 (H,)``, ``W2 (1, H)``, ``b2 (1,)``.

    Returns ``(s_h (..., H), y_h (..., H), s_o (...,), y_o (...,))``.
    """
    X, W1, b1 = as_float_array(X, "X"), as_float_array(W1, "W1"), as_float_array(b1, "b1")
    W2, b2 = as_float_array(W2, "W2"), as_float_array(b2, "b2")
    if W1.ndim != 2 or X.ndim == 0 or X.shape[-1] != W1.shape[1] or b1.shape != (W1.shape[0],) or \
            W2.shape != (1, W1.shape[0]) or b2.shape != (1,):
        raise ValueError(f"two_layer_forward needs W1 (H, N), b1 (H,), W2 (1, H), b2 (1,) and X (..., N); got "
                         f"W1 {W1.shape}, b1 {b1.shape}, W2 {W2.shape}, b2 {b2.shape}, X {X.shape}")
    s_h = X @ W1.T + b1
    y_h = activations.logistic(s_h)
    s_o = (y_h @ W2.T + b2)[..., 0]
    return s_h, y_h, s_o, activations.logistic(s_o)
