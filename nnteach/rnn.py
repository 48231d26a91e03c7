"""The Elman network at matrix level: ``RNN(N, H, K)`` trained by BPTT (math.md §3.2–3.3).

One time step (math.md §3.2), for a sequence ``x_1 … x_T``::

    a_t = W x_t + U h_{t-1} + b        h_t = f(a_t)        (f = tanh by default)
    z_t = V h_t + c                    p_t = f_out(z_t)    (f_out = logistic by default)

with ``h_0 = 0``.  The loss of one sequence is the sum of the per-step costs,
``L = Σ_t E_t``; a batch of sequences takes the mean over sequences (the model contract, :mod:`nnteach.model`).

Backpropagation through time (math.md §3.3), in the course's sign ``δ = −∂L/∂(·)``::

    δo_t = output delta (t − p for cross-entropy + logistic)
    δh_t = (V^T δo_t + U^T δh_{t+1}) ⊙ f'(a_t),        δh_{T+1} = 0
    G_W = Σ_t δh_t x_t^T,  G_U = Σ_t δh_t h_{t-1}^T,  G_b = Σ_t δh_t,
    G_V = Σ_t δo_t h_t^T,  G_c = Σ_t δo_t              (gradients ∂L/∂θ = −G)

Truncated BPTT(h) (Williams & Peng 1990): the error injected at step t travels back
at most h steps through ``U`` (h = 0: every step is backpropagated on its own,
h ≥ T − 1: full BPTT).

**Read the Elman network here**, in the step functions, one line per equation (forward
``(out, cache)``, backward ``(dout, cache)``, as the CS231n layers):

* :func:`rnn_step_forward` / :func:`rnn_step_backward` — one time step;
* :func:`rnn_forward` / :func:`rnn_backward` — a whole sequence, step after step (full BPTT);
* :func:`rnn_loss_and_grads` — with the readout and the cost: the model contract's numbers;
* :func:`rnn_step_loss_and_grads` — one time step of online training (``train(online=True)``).

:class:`RNN` computes the same numbers faster (the private ``nnteach/_rnn_kernel.py``: all steps'
input products at once, time-major arrays, truncated BPTT); the project's tests prove that both
agree to 1e-12.  Every
vector is a row, so the same step code runs one sequence (``x`` of shape ``(N,)``) or a batch
(``(B, N)``): math.md's ``W x_t`` is written ``x @ W.T``.  The backward functions take and return
gradients ``d· = ∂L/∂(·)``; each line is math.md's equation with ``δ`` replaced by ``d``.

Shapes: ``B`` sequences, ``T`` time steps, ``N`` inputs, ``H`` hidden units, ``K`` outputs.
Internally :class:`RNN`'s arrays are time-major, ``(T, B, ·)``, so every step reads one contiguous block.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _rnn_kernel as kernel
from . import activations, costs
from .model import (SequenceModel, as_sequences, batch_major, check_init, check_parameter_count, check_params,
                    check_sizes, check_step, check_truncate, readout_loss_and_delta, sum_outer, sum_rows, time_major,
                    uniform_init, weight_matrix_shape)
from .validation import as_float_array, check_same_leading, check_seed, whole_number

__all__ = ["RNN", "RNNRun", "rnn_step_forward", "rnn_step_backward", "rnn_forward", "rnn_backward",
           "rnn_loss_and_grads", "rnn_step_loss_and_grads"]


# -- the readable Elman network: one step ----------------------------------------------------------
def rnn_step_forward(x: np.ndarray, h_prev: np.ndarray, params: dict[str, np.ndarray], activation: str = "tanh"
                     ) -> tuple[np.ndarray, tuple]:
    """One step of the hidden layer, Eq. (7.3), math.md §3.2: ``a_t = W x_t + U h_{t-1} + b``, ``h_t = f(a_t)``.

    Args:
        x: the input ``x_t``, ``(N,)`` or ``(B, N)``.
        h_prev: the hidden activations ``h_{t-1}``, ``(H,)`` or ``(B, H)``.
        params: ``W (H, N)``, ``U (H, H)``, ``b (H,)`` (the RNN's ``params``; the readout is not used here).
        activation: the hidden activation f.

    Returns:
        ``(h, cache)``: ``h_t`` (shaped as ``h_prev``) and what :func:`rnn_step_backward` needs.
    """
    f = activations.get(activation)
    h = f.f(x @ params["W"].T + h_prev @ params["U"].T + params["b"])       # h_t = f(W x_t + U h_{t-1} + b)
    return h, (x, h_prev, h, params, f)


def rnn_step_backward(dh: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """The backward pass of one step, Eq. (7.4) and this step's share of (7.5), math.md §3.3.

    Args:
        dh: ``∂L/∂h_t``: from the readout at t (math.md's ``Vᵀ δo_t``) plus what step t+1 sends back
            (its ``dh_prev``, math.md's ``Uᵀ δh_{t+1}``).
        cache: from :func:`rnn_step_forward`.

    Returns:
        ``(dx, dh_prev, grads)``: ``∂L/∂x_t``, the part of ``∂L/∂h_{t-1}`` that comes through this
        step, and this step's share of ``∂L/∂W``, ``∂L/∂U``, ``∂L/∂b`` (summed over the batch).
    """
    x, h_prev, h, p, f = cache
    da = dh * f.df_from_y(h)                                  # da_t = dh_t ⊙ f'(a_t), f' from the output
    dx = da @ p["W"]                                          # ∂L/∂x_t = Wᵀ da_t
    dh_prev = da @ p["U"]                                     # to h_{t-1}: Uᵀ da_t
    grads = {"W": sum_outer(da, x),                           # ∂L/∂W = da_t x_tᵀ
             "U": sum_outer(da, h_prev),                      # ∂L/∂U = da_t h_{t-1}ᵀ
             "b": sum_rows(da)}                               # ∂L/∂b = da_t
    return dx, dh_prev, grads


# -- the readable Elman network: a whole sequence --------------------------------------------------------
def rnn_forward(X: np.ndarray, params: dict[str, np.ndarray], activation: str = "tanh"
                ) -> tuple[np.ndarray, list[tuple]]:
    """The hidden layer over a sequence, step after step from ``h_0 = 0``.

    ``X (T, N)`` or ``(B, T, N)``.  Returns ``(Hs, caches)``: the hidden activations ``(T, H)`` or
    ``(B, T, H)`` and one cache per step.
    """
    X = _checked(X, params, ("W", "U", "b"))
    h = np.zeros(X.shape[:-2] + (params["U"].shape[0],))
    hs, caches = [], []
    for t in range(X.shape[-2]):
        h, cache = rnn_step_forward(X[..., t, :], h, params, activation)
        hs.append(h)
        caches.append(cache)
    return np.stack(hs, axis=-2), caches


def rnn_backward(dHs: np.ndarray, caches: list[tuple]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Backpropagation through time over the steps of :func:`rnn_forward` (full BPTT, math.md §3.3).

    ``dHs``: ``∂L/∂h_t`` from above (the readout) for every step, ``(T, H)`` or ``(B, T, H)``.
    Returns ``(dX, grads)``: ``∂L/∂x_t`` for every step and ``∂L/∂W``, ``∂L/∂U``, ``∂L/∂b`` summed
    over the steps (and the batch).
    """
    dh_next = np.zeros_like(dHs[..., 0, :])                   # from step t+1: zero after the last step
    dxs, grads = [], {}
    for t in range(len(caches) - 1, -1, -1):
        dx, dh_next, g = rnn_step_backward(dHs[..., t, :] + dh_next, caches[t])
        dxs.append(dx)
        for k, v in g.items():
            grads[k] = grads[k] + v if k in grads else v
    return np.stack(dxs[::-1], axis=-2), grads


def rnn_loss_and_grads(X: np.ndarray, T: np.ndarray, params: dict[str, np.ndarray], cost: str = "mse",
                       activation: str = "tanh", output_activation: str = "logistic"
                       ) -> tuple[float, dict[str, np.ndarray]]:
    """Loss and ``∂L/∂θ`` of an Elman network with its readout ``p_t = f_out(V h_t + c)``, by full BPTT.

    The numbers of :meth:`RNN.loss_and_grads` (the model contract), written with the readable step
    functions: the loss of a sequence is the sum of its per-step costs, a batch takes the mean over
    sequences.  ``X (T, N)``, ``T (T, K)`` or ``X (B, T, N)``, ``T (B, T, K)``.
    """
    X = _checked(X, params, ("W", "U", "b", "V", "c"))
    T = as_float_array(T, "T")
    check_same_leading(X, T, params["V"].shape[0])
    f_out = activations.get(output_activation)
    B = X.shape[0] if X.ndim == 3 else 1
    Hs, caches = rnn_forward(X, params, activation)
    P = f_out.f(Hs @ params["V"].T + params["c"])             # p_t = f_out(V h_t + c)
    costs.check_targets(T, costs.check_name(cost))
    loss, delta_o = readout_loss_and_delta(P, T, costs.check_name(cost), f_out)   # δo_t = −∂L/∂z_t
    _, grads = rnn_backward(-delta_o @ params["V"], caches)   # ∂L/∂h_t from the readout: −Vᵀ δo_t
    K, H = params["V"].shape
    grads["V"] = -sum_outer(delta_o.reshape(-1, K), Hs.reshape(-1, H))   # ∂L/∂V = −Σ_t δo_t h_tᵀ
    grads["c"] = -delta_o.reshape(-1, K).sum(axis=0)                     # ∂L/∂c = −Σ_t δo_t
    return loss / B, {k: grads[k] / B for k in params}


def _checked(X, params: dict, names: tuple[str, ...]) -> np.ndarray:
    """The readable functions' arguments checked: ``params`` holds ``names`` with the shapes of an RNN whose
    ``W`` is ``(H, N)`` (and ``V`` ``(K, H)``); returns ``X`` as one sequence or a batch of ``N`` inputs."""
    H, N = weight_matrix_shape(params, "W")
    K = weight_matrix_shape(params, "V")[0] if "V" in names else 1
    check_params(params, {n: s for n, s in RNN._shapes(N, H, K).items() if n in names})
    return as_sequences(X, N)


def rnn_step_loss_and_grads(x: np.ndarray, target: np.ndarray, h_prev: np.ndarray, params: dict[str, np.ndarray],
                            cost: str = "mse", activation: str = "tanh", output_activation: str = "logistic") -> tuple:
    """One time step of online training: the step's loss ``E_t`` and its gradient, the state given.

    The gradient is BPTT truncated to this step (math.md §3.3, h = 0): ``h_{t-1}`` is treated as a
    constant, so the error of step t reaches ``W``, ``U``, ``b`` only through what they did at step t
    and never travels back through ``U`` to earlier steps.

    ``x (N,)`` or ``(B, N)``, ``target (K,)`` or ``(B, K)``, ``h_prev (H,)`` or ``(B, H)``.  Returns
    ``(loss, grads, h, p)``: the mean over the batch of ``E_t`` and of ``∂E_t/∂θ``, the new state ``h_t``
    and the outputs ``p_t``.
    """
    f_out = activations.get(output_activation)
    B = x.shape[0] if x.ndim == 2 else 1
    h, cache = rnn_step_forward(x, h_prev, params, activation)
    p = f_out.f(h @ params["V"].T + params["c"])              # p_t = f_out(V h_t + c)
    loss, delta_o = readout_loss_and_delta(p, target, costs.check_name(cost), f_out)
    _, _, grads = rnn_step_backward(-delta_o @ params["V"], cache)   # nothing comes from step t+1
    grads["V"] = -sum_outer(delta_o, h)
    grads["c"] = -sum_rows(delta_o)
    return loss / B, {k: grads[k] / B for k in params}, h, p


# -- the model -----------------------------------------------------------------------------------
@dataclass
class RNNRun:
    """Per-step internals of an Elman network (for plots).

    Attributes (shapes ``(T, ·)`` for one sequence, ``(B, T, ·)`` for a batch):
        a: hidden states (net inputs) ``a_t``, ``(…, H)``.
        h: hidden activations ``h_t = f(a_t)``, ``(…, H)``.
        outputs: network outputs ``p_t``, ``(…, K)``.
    """

    a: np.ndarray
    h: np.ndarray
    outputs: np.ndarray

    def __repr__(self) -> str:
        return f"RNNRun(h {self.h.shape}, outputs {self.outputs.shape})"


class RNN(SequenceModel):
    """An Elman network ``N → H (fed back to itself) → K``, math.md §3.2.

    Args:
        N, H, K: numbers of inputs, hidden units and outputs.
        seed: seed for ``numpy.random.default_rng``; the same seed gives the same weights.
        activation: hidden activation f (default ``"tanh"``).
        output_activation: output activation f_out (default ``"logistic"``).
        init: ``"synaptic"`` (default): every weight and bias uniform in [−0.1, 0.1), as Synaptic;
            ``"xavier"``: weights uniform in ±sqrt(6 / (fan_in + fan_out)), biases 0.
        truncate: ``None`` = full BPTT; a whole number ``h >= 0`` = truncated BPTT(h) (§3.3).

    Parameters (``model.params``, float64): ``W (H, N)``, ``U (H, H)``, ``b (H,)``,
    ``V (K, H)``, ``c (K,)``.

    Training it: :func:`nnteach.train`'s defaults (Synaptic's rate 0.2, online, MSE) suit small
    feed-forward nets, not sequences.  For an Elman network use cross-entropy, batches of a few
    sequences with momentum, gradient clipping, shuffling, Xavier initial weights and a *small* rate::

        rnn = RNN(6, 20, 2, seed=0, init="xavier")
        train(rnn, trials.data, cost="cross_entropy", batch_size=4, momentum=0.9, clip=5.0,
              shuffle=True, seed=0, rate=0.01, iterations=20, error=0, log=5)

    Measured on small recall (distracted sequence recall at Synaptic's demo size: 6 symbols, 10
    steps; 500 training trials, 20 epochs, held-out score on 1000 trials, seeds 0, 1, 2):
    ``RNN(6, 20, 2)`` scored 0.329, 0.273, 0.000 with train's defaults and 1.000, 1.000, 1.000 with
    the settings above (about 0.4 s a run).  The rate matters: 0.005–0.01 worked, 0.02 failed
    (0.23–0.33).  The repository's benchmark script ``sequence_settings.py`` re-measures these.
    """

    size_names = ("N", "H", "K")

    def __init__(self, N: int, H: int, K: int, seed: int | None = None, activation: str = "tanh",
                 output_activation: str = "logistic", init: str = "synaptic", truncate: int | None = None) -> None:
        sizes = check_sizes({"N (inputs)": N, "H (hidden units)": H, "K (outputs)": K}, "RNN")
        self.N, self.H, self.K = sizes.values()
        check_parameter_count(self._shapes(self.N, self.H, self.K), f"RNN({self.N}, {self.H}, {self.K})")
        self.activation = activations.get(activation).name
        self.output_activation = activations.get(output_activation).name
        self.init = check_init(init)
        self.truncate = check_truncate(truncate)
        self.seed = check_seed(seed)
        rng = np.random.default_rng(seed)
        N, H, K = self.N, self.H, self.K
        zero_bias = init == "xavier"
        self.params: dict[str, np.ndarray] = {
            "W": uniform_init(rng, init, (H, N), N, H),
            "U": uniform_init(rng, init, (H, H), H, H),
            "b": np.zeros(H) if zero_bias else uniform_init(rng, init, (H,), 1, H),
            "V": uniform_init(rng, init, (K, H), H, K),
            "c": np.zeros(K) if zero_bias else uniform_init(rng, init, (K,), 1, K),
        }
        self.flat_params()                  # every array of params a view of one buffer (model.py)
        self._bind()

    def _bind(self) -> None:
        self._f = activations.get(self.activation)
        self._f_out = activations.get(self.output_activation)

    @staticmethod
    def _shapes(N: int, H: int, K: int) -> dict[str, tuple[int, ...]]:
        return {"W": (H, N), "U": (H, H), "b": (H,), "V": (K, H), "c": (K,)}

    @classmethod
    def param_shapes(cls, config: dict) -> dict[str, tuple[int, ...]]:
        """``{"W": (H, N), "U": (H, H), "b": (H,), "V": (K, H), "c": (K,)}`` for a config, checked, without
        building the network."""
        config = cls.check_config(config)
        N, H, K = check_sizes({"N (inputs)": config["N"], "H (hidden units)": config["H"],
                               "K (outputs)": config["K"]}, "RNN").values()
        return check_parameter_count(cls._shapes(N, H, K), f"RNN({N}, {H}, {K})")

    # -- plumbing -----------------------------------------------------------------------------
    def config(self) -> dict:
        """The constructor arguments (for saving)."""
        return {"N": self.N, "H": self.H, "K": self.K, "seed": self.seed, "activation": self.activation,
                "output_activation": self.output_activation, "init": self.init, "truncate": self.truncate}


    def __repr__(self) -> str:
        bptt = "full BPTT" if self.truncate is None else f"BPTT({self.truncate})"
        return (f"RNN({self.N}, {self.H}, {self.K}, activation={self.activation!r}, "
                f"output_activation={self.output_activation!r}, {bptt}, {self.n_parameters} parameters)")

    # -- forward ------------------------------------------------------------------------------
    def _run(self, Xt: np.ndarray, h0: np.ndarray | None = None):
        """Forward pass over time-major inputs ``Xt (T, B, N)`` (the fast kernel's).  math.md §3.2.

        Returns ``A (T, B, H)`` states, ``Hs (T+1, B, H)`` activations with ``Hs[0] = h_0``,
        and outputs ``P (T, B, K)``.
        """
        return kernel.run(self.params, self._f, self._f_out, Xt, h0)

    def forward(self, X: np.ndarray) -> np.ndarray:
        """Outputs for one sequence ``(T, N) -> (T, K)`` or a batch ``(B, T, N) -> (B, T, K)``."""
        X = as_sequences(X, self.N)
        return batch_major(self._run(time_major(X))[2], X.ndim == 2)

    def run(self, X: np.ndarray, h0: np.ndarray | None = None) -> RNNRun:
        """Forward pass that keeps the per-step internals (for plots): see :class:`RNNRun`.

        ``h0`` is the hidden activation before the first step, ``(H,)`` or ``(B, H)``; default 0.
        """
        X = as_sequences(X, self.N)
        single = X.ndim == 2
        if h0 is not None:
            h0 = as_float_array(h0, "h0")
            expected = (self.H,) if single else (X.shape[0], self.H)
            if h0.shape not in (expected, (self.H,)):
                raise ValueError(f"h0 has shape {h0.shape}; expected {expected}")
        A, Hs, P = self._run(time_major(X), h0)
        return RNNRun(batch_major(A, single), batch_major(Hs[1:], single), batch_major(P, single))

    def hidden_jacobians(self, X: np.ndarray, t: int | None = None) -> np.ndarray:
        """``∂h_t/∂h_{t−q}`` for q = 0 … t over one sequence ``X (T, N)``, shape ``(t+1, H, H)``.

        The vector case of math.md §3.4, Eq. (7.7): ``∂h_t/∂h_{t−q} = ∏_{r=0}^{q−1} diag(f'(a_{t−r})) U``
        (q = t reaches the initial state h_0).  Its norm shows how an error fades (or grows)
        on its way back through q steps of activation feedback.  Default t = T.
        """
        X = as_sequences(X, self.N)
        if X.ndim != 2:
            raise ValueError(f"X has shape {X.shape}; expected one sequence of shape (T, {self.N})")
        T = X.shape[0]
        t = T if t is None else whole_number(t, f"t (a number of steps with 1 <= t <= {T})", None)
        if not 1 <= t <= T:
            raise ValueError(f"t must be a whole number of steps with 1 <= t <= {T}; got {t!r}")
        _, Hs, _ = self._run(time_major(X))
        Fp = self._f.df_from_y(Hs[1:, 0])             # f'(a_1) … f'(a_T), (T, H)
        U = self.params["U"]
        J = np.empty((t + 1, self.H, self.H))
        J[0] = np.eye(self.H)
        for q in range(t):                            # one more step back: × diag(f'(a_{t−q})) U
            J[q + 1] = J[q] @ (Fp[t - 1 - q][:, None] * U)
        return J

    # -- loss and gradients -------------------------------------------------------------------
    def loss_and_grads_unchecked(self, X: np.ndarray, Tg: np.ndarray, cost: str,
                                 truncate: int | None | str = "model") -> tuple[float, dict[str, np.ndarray]]:
        """BPTT (math.md §3.3) without input checks (the trainer's fast path), by the fast kernel."""
        if isinstance(truncate, str):
            truncate = self.truncate
        return kernel.loss_and_grads(self.params, self._f, self._f_out, X, Tg, cost, truncate)

    def step_loss_and_grads(self, x: np.ndarray, target: np.ndarray, state: tuple | None = None, cost: str = "mse"
                            ) -> tuple[float, dict[str, np.ndarray], tuple, np.ndarray]:
        """One time step of online training, by :func:`rnn_step_loss_and_grads` (BPTT truncated to the step).

        ``x (N,)`` or ``(B, N)``, ``target (K,)`` or ``(B, K)``; ``state`` = ``(h,)`` from the previous
        step (None: zeros).  Returns ``(loss, grads, state, outputs)``.
        """
        x, target = check_step(x, target, self.N, self.K, cost, self.output_activation)
        h_prev = np.zeros(x.shape[:-1] + (self.H,)) if state is None else state[0]
        loss, grads, h, p = rnn_step_loss_and_grads(x, target, h_prev, self.params, cost, self.activation,
                                                    self.output_activation)
        return loss, grads, (h,), p

    def fast_step(self, cost: str, batch: int, online: bool = False):
        """The trainer's fast kernel (the private ``nnteach/_rnn_kernel.py``), writing into one gradient
        buffer laid out like :meth:`~nnteach.model.Model.flat_params`: BPTT of ``batch`` sequences, or
        with ``online`` one time step of ``batch`` sequences side by side."""
        make = kernel.OnlineStep if online else kernel.Step
        return make(self.params, self.flat_params(), self._f, self._f_out, cost, batch, self.truncate)
