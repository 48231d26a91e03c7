"""The vanilla LSTM with peepholes at matrix level: ``LSTM(N, M, K)`` (math.md §5.3, Greff et al. 2017).

One step for ``M`` memory cells (one cell per block), ``g = h = tanh``, ``σ`` logistic::

    z̄ = Wz x + Rz y⁻ + bz              z = g(z̄)            block input
    ī = Wi x + Ri y⁻ + pi ⊙ c⁻ + bi     i = σ(ī)            input gate  (peeps at c^{t-1})
    f̄ = Wf x + Rf y⁻ + pf ⊙ c⁻ + bf     f = σ(f̄)            forget gate (peeps at c^{t-1})
    c = z ⊙ i + c⁻ ⊙ f                                      cell state (the CEC)
    ō = Wo x + Ro y⁻ + po ⊙ c + bo      o = σ(ō)            output gate (peeps at the NEW c^t)
    y = h(c) ⊙ o                                            block output
    p = f_out(V y + c_out)                                  readout (logistic by default)

(``⁻`` marks the previous step; ``y^0 = c^0 = 0``.)  The loss of a sequence is the sum
of its per-step costs; a batch takes the mean over sequences.  Gradients are full BPTT
(math.md §5.3, backward pass), or truncated BPTT(h): the error injected at step t
travels back at most h steps, through every recurrent path (R, peepholes and the cell).

**Read the LSTM here**, in the step functions, one line per equation of math.md §5.3, in the style
of the CS231n layers (a forward function returns ``(out, cache)``, its backward takes the cache):

* :func:`lstm_step_forward` / :func:`lstm_step_backward` — one time step;
* :func:`lstm_forward` / :func:`lstm_backward` — a whole sequence, step after step (BPTT);
* :func:`lstm_loss_and_grads` — with the readout and the cost: the model contract's numbers;
* :func:`lstm_step_loss_and_grads` — one time step of online training (``train(online=True)``).

:class:`LSTM` computes the same numbers with a fused fast kernel (the private module
``nnteach/_lstm_kernel.py``: stacked gate matrices, scratch arrays, all steps' input products at
once); the project's tests prove that both agree to 1e-12.

Rows and columns: math.md writes one sequence with column vectors, ``W_z x``.  Here every vector is
a row, so that the same code runs one sequence (``x`` of shape ``(N,)``) or a batch of them (``x``
of shape ``(B, N)``, one row per sequence): ``W_z x`` is written ``x @ Wz.T``.

Sign convention: math.md's backward pass uses the course's deltas ``δ = −∂L/∂(·)``.  The backward
functions here take and return the gradients themselves, ``d· = ∂L/∂(·)`` (as the model contract
does); every equation of the backward pass is linear in the deltas, so each line below is math.md's
equation with ``δ`` replaced by ``d``, and the parameter gradients are ``∂L/∂θ = −G_θ``.

Shapes: ``B`` sequences, ``T`` steps, ``N`` inputs, ``M`` cells, ``K`` outputs.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _lstm_kernel as kernel
from . import activations, costs
from .activations import logistic as sigma
from .model import (SequenceModel, as_sequences, check_init, check_parameter_count, check_params, check_sizes,
                    check_step, check_truncate, readout_loss_and_delta, sum_outer, sum_rows, uniform_init,
                    weight_matrix_shape)
from .validation import as_float_array, check_bool, check_number, check_same_leading, check_seed

__all__ = ["LSTM", "LSTMRun", "PARTS", "lstm_step_forward", "lstm_step_backward", "lstm_forward", "lstm_backward",
           "lstm_loss_and_grads", "lstm_step_loss_and_grads"]

#: The block input and the three gates: parameter names are "W", "R", "b" followed by one of them.
PARTS = kernel.PARTS


# -- the readable LSTM: one step ---------------------------------------------------------------------
def _peepholes(params: dict[str, np.ndarray], peepholes: bool) -> tuple:
    """``(p_i, p_f, p_o)``, or zeros when the LSTM has no peepholes (then they drop out of every equation)."""
    if peepholes:
        return params["pi"], params["pf"], params["po"]
    zero = np.zeros_like(params["bz"])
    return zero, zero, zero


def lstm_step_forward(x: np.ndarray, y_prev: np.ndarray, c_prev: np.ndarray, params: dict[str, np.ndarray],
                      peepholes: bool = True) -> tuple[np.ndarray, np.ndarray, tuple]:
    """One step of the LSTM layer, math.md §5.3, one line per equation: Eqs. (9.1)–(9.6).

    Args:
        x: the input ``x^t``, ``(N,)`` or ``(B, N)``.
        y_prev, c_prev: the block output ``y^{t-1}`` and cell state ``c^{t-1}``, ``(M,)`` or ``(B, M)``.
        params: ``Wz Wi Wf Wo (M, N)``, ``Rz Ri Rf Ro (M, M)``, ``bz bi bf bo (M,)`` and, with
            peepholes, ``pi pf po (M,)`` (the LSTM's ``params``; the readout is not used here).
        peepholes: whether the gates peep at the cell state.

    Returns:
        ``(y, c, cache)``: the block output ``y^t`` and cell state ``c^t`` (shaped as ``y_prev``),
        and what :func:`lstm_step_backward` needs.
    """
    p = params
    pi, pf, po = _peepholes(p, peepholes)
    z = np.tanh(x @ p["Wz"].T + y_prev @ p["Rz"].T + p["bz"])                  # (9.1) z = g(z̄), block input
    i = sigma(x @ p["Wi"].T + y_prev @ p["Ri"].T + pi * c_prev + p["bi"])       # (9.2) i = σ(ī), peeps at c^{t-1}
    f = sigma(x @ p["Wf"].T + y_prev @ p["Rf"].T + pf * c_prev + p["bf"])       # (9.3) f = σ(f̄), peeps at c^{t-1}
    c = z * i + c_prev * f                                                     # (9.4) c = z ⊙ i + c^{t-1} ⊙ f, the CEC
    o = sigma(x @ p["Wo"].T + y_prev @ p["Ro"].T + po * c + p["bo"])            # (9.5) o = σ(ō), peeps at the NEW c^t
    y = np.tanh(c) * o                                                         # (9.6) y = h(c) ⊙ o, block output
    cache = (x, y_prev, c_prev, z, i, f, c, o, p, peepholes)
    return y, c, cache


def lstm_step_backward(dy: np.ndarray, dc: np.ndarray, cache: tuple
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """The backward pass of one step, math.md §5.3 (backward pass), one line per equation.

    Args:
        dy: ``∂L/∂y^t``: all that reaches the block output, from the readout at t (math.md's Δ^t) and
            from step t+1 (the ``dy_prev`` of step t+1's backward pass, through the ``R`` matrices).
        dc: the part of ``∂L/∂c^t`` that comes through step t+1 (its ``dc_prev``: through ``f^{t+1}``
            and the peepholes ``p_i``, ``p_f``); zero at the last step.
        cache: from :func:`lstm_step_forward`.

    Returns:
        ``(dx, dy_prev, dc_prev, grads)``: ``∂L/∂x^t``; the parts of ``∂L/∂y^{t-1}`` and ``∂L/∂c^{t-1}``
        that come through this step; and this step's share of ``∂L/∂θ`` for every gate parameter
        (summed over the batch).
    """
    x, y_prev, c_prev, z, i, f, c, o, p, peepholes = cache
    pi, pf, po = _peepholes(p, peepholes)
    h = np.tanh(c)
    do = dy * h * o * (1 - o)                                     # dō = dy ⊙ h(c) ⊙ σ'(ō)
    dc = dy * o * (1 - h ** 2) + po * do + dc                     # dc = dy ⊙ o ⊙ h'(c) + p_o ⊙ dō + (from t+1)
    df = dc * c_prev * f * (1 - f)                                # df̄ = dc ⊙ c^{t-1} ⊙ σ'(f̄)
    di = dc * z * i * (1 - i)                                     # dī = dc ⊙ z ⊙ σ'(ī)
    dz = dc * i * (1 - z ** 2)                                    # dz̄ = dc ⊙ i ⊙ g'(z̄)
    d = {"z": dz, "i": di, "f": df, "o": do}
    dx = sum(d[g] @ p["W" + g] for g in PARTS)                    # dx = Σ_* W_*ᵀ d*̄
    dy_prev = sum(d[g] @ p["R" + g] for g in PARTS)               # to y^{t-1}: Σ_* R_*ᵀ d*̄
    dc_prev = dc * f + pi * di + pf * df                          # to c^{t-1}: through f and the peepholes
    grads = {}
    for g in PARTS:
        grads["W" + g] = sum_outer(d[g], x)                      # ∂L/∂W_* = d*̄ xᵀ
        grads["R" + g] = sum_outer(d[g], y_prev)                 # ∂L/∂R_* = d*̄ y^{t-1}ᵀ
        grads["b" + g] = sum_rows(d[g])                          # ∂L/∂b_* = d*̄
    if peepholes:
        grads["pi"] = sum_rows(c_prev * di)                      # ∂L/∂p_i = c^{t-1} ⊙ dī
        grads["pf"] = sum_rows(c_prev * df)                      # ∂L/∂p_f = c^{t-1} ⊙ df̄
        grads["po"] = sum_rows(c * do)                           # ∂L/∂p_o = c^t ⊙ dō
    return dx, dy_prev, dc_prev, grads


# -- the readable LSTM: a whole sequence ----------------------------------------------------------------
def lstm_forward(X: np.ndarray, params: dict[str, np.ndarray], peepholes: bool = True
                 ) -> tuple[np.ndarray, list[tuple]]:
    """The LSTM layer over a sequence, step after step from ``y^0 = c^0 = 0``.

    Args:
        X: one sequence ``(T, N)`` or a batch ``(B, T, N)``.
        params, peepholes: as :func:`lstm_step_forward`.

    Returns:
        ``(Y, caches)``: the block outputs ``(T, M)`` or ``(B, T, M)`` and one cache per step.
    """
    X = _checked(X, params, peepholes, readout=False)
    M = params["Rz"].shape[0]
    y = np.zeros(X.shape[:-2] + (M,))
    c = np.zeros(X.shape[:-2] + (M,))
    ys, caches = [], []
    for t in range(X.shape[-2]):
        y, c, cache = lstm_step_forward(X[..., t, :], y, c, params, peepholes)
        ys.append(y)
        caches.append(cache)
    return np.stack(ys, axis=-2), caches


def lstm_backward(dY: np.ndarray, caches: list[tuple]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Backpropagation through time over the steps of :func:`lstm_forward` (full BPTT).

    Args:
        dY: ``∂L/∂y^t`` from above (the readout) for every step, ``(T, M)`` or ``(B, T, M)``.
        caches: from :func:`lstm_forward`.

    Returns:
        ``(dX, grads)``: ``∂L/∂x^t`` for every step (shaped as the inputs) and ``∂L/∂θ`` for every
        gate parameter, summed over the steps (and the batch).
    """
    dy_next = np.zeros_like(dY[..., 0, :])          # the parts of ∂L/∂y^t and ∂L/∂c^t that come from
    dc_next = np.zeros_like(dY[..., 0, :])          # step t+1: zero after the last step
    dxs, grads = [], {}
    for t in range(len(caches) - 1, -1, -1):
        dx, dy_next, dc_next, g = lstm_step_backward(dY[..., t, :] + dy_next, dc_next, caches[t])
        dxs.append(dx)
        for k, v in g.items():
            grads[k] = grads[k] + v if k in grads else v
    return np.stack(dxs[::-1], axis=-2), grads


def lstm_loss_and_grads(X: np.ndarray, T: np.ndarray, params: dict[str, np.ndarray], peepholes: bool = True,
                        cost: str = "mse", output_activation: str = "logistic"
                        ) -> tuple[float, dict[str, np.ndarray]]:
    """Loss and ``∂L/∂θ`` of an LSTM with its readout ``p = f_out(V y + c)``, by full BPTT.

    The numbers of :meth:`LSTM.loss_and_grads` (the model contract), written with the readable step
    functions: the loss of a sequence is the sum of its per-step costs, a batch takes the mean
    over sequences.  ``X (T, N)``, ``T (T, K)`` or ``X (B, T, N)``, ``T (B, T, K)``; ``params`` with
    the names of :attr:`LSTM.params`.
    """
    X = _checked(X, params, peepholes, readout=True)
    T = as_float_array(T, "T")
    check_same_leading(X, T, params["V"].shape[0])
    f_out = activations.get(output_activation)
    B = X.shape[0] if X.ndim == 3 else 1
    Y, caches = lstm_forward(X, params, peepholes)
    P = f_out.f(Y @ params["V"].T + params["c"])                  # readout p^t = f_out(V y^t + c)
    costs.check_targets(T, costs.check_name(cost))
    loss, delta_o = readout_loss_and_delta(P, T, costs.check_name(cost), f_out)   # δo = −∂L/∂(V y + c)
    dY = -delta_o @ params["V"]                                   # ∂L/∂y^t = −Vᵀ δo^t (math.md's Δ^t, negated)
    _, grads = lstm_backward(dY, caches)
    grads["V"] = -sum_outer(delta_o.reshape(-1, delta_o.shape[-1]), Y.reshape(-1, Y.shape[-1]))
    grads["c"] = -delta_o.reshape(-1, delta_o.shape[-1]).sum(axis=0)
    return loss / B, {k: grads[k] / B for k in params}


def _checked(X, params: dict, peepholes: bool, readout: bool) -> np.ndarray:
    """The readable functions' arguments checked: ``params`` holds the arrays of an LSTM whose ``Wz`` is
    ``(M, N)`` (with the readout ``V (K, M)``, ``c (K,)`` if ``readout``); returns ``X`` as sequences."""
    peepholes = check_bool(peepholes, "peepholes")
    M, N = weight_matrix_shape(params, "Wz")
    K = weight_matrix_shape(params, "V")[0] if readout else 1
    check_params(params, {n: s for n, s in LSTM._shapes(N, M, K, peepholes).items() if readout or n not in ("V", "c")})
    return as_sequences(X, N)


def lstm_step_loss_and_grads(x: np.ndarray, target: np.ndarray, y_prev: np.ndarray, c_prev: np.ndarray,
                             params: dict[str, np.ndarray], peepholes: bool = True, cost: str = "mse",
                             output_activation: str = "logistic") -> tuple:
    """One time step of online training: the step's loss ``E^t`` and its gradient, the state given.

    The gradient is BPTT truncated to this step (math.md §3.3, h = 0): ``y^{t-1}`` and ``c^{t-1}`` are
    treated as constants, so the error of step t reaches the weights only through what they did
    at step t.  It drops every path back in time, the cell's own carousel included: a weight that
    wrote into the cell at an earlier step learns nothing from a later error.  (LSTM-g keeps that
    path online: its eligibility traces follow every cell's self-connection without limit, exactly
    when the recurrence runs only through self-connections, math.md §6.4–6.5; see
    :class:`nnteach.graph.VectorisedLSTM`.)

    Args:
        x: the input ``x^t``, ``(N,)`` or ``(B, N)``; target: ``(K,)`` or ``(B, K)``.
        y_prev, c_prev: the state carried from the previous step, ``(M,)`` or ``(B, M)``.
        params, peepholes, cost, output_activation: as :func:`lstm_loss_and_grads`.

    Returns:
        ``(loss, grads, y, c, p)``: the mean over the batch of ``E^t`` and of ``∂E^t/∂θ`` (every
        parameter), the new state ``y^t``, ``c^t`` and the outputs ``p^t``.
    """
    f_out = activations.get(output_activation)
    B = x.shape[0] if x.ndim == 2 else 1
    y, c, cache = lstm_step_forward(x, y_prev, c_prev, params, peepholes)
    p = f_out.f(y @ params["V"].T + params["c"])                  # readout p^t = f_out(V y^t + c)
    loss, delta_o = readout_loss_and_delta(p, target, costs.check_name(cost), f_out)
    _, _, _, grads = lstm_step_backward(-delta_o @ params["V"], np.zeros_like(c), cache)   # nothing from t+1
    grads["V"] = -sum_outer(delta_o, y)
    grads["c"] = -sum_rows(delta_o)
    return loss / B, {k: grads[k] / B for k in params}, y, c, p


# -- the model ---------------------------------------------------------------------------------------
@dataclass
class LSTMRun:
    """Per-step internals of an LSTM (for plots and heat maps).

    Every array has shape ``(T, M)`` for one sequence, ``(B, T, M)`` for a batch, except
    ``outputs`` (``(T, K)`` / ``(B, T, K)``):

        z: block input, i: input gate, f: forget gate, c: cell state,
        o: output gate, y: block output ``h(c) ⊙ o``, outputs: readout ``p``.
    """

    z: np.ndarray
    i: np.ndarray
    f: np.ndarray
    c: np.ndarray
    o: np.ndarray
    y: np.ndarray
    outputs: np.ndarray

    def __repr__(self) -> str:
        return f"LSTMRun(z, i, f, c, o, y {self.y.shape}, outputs {self.outputs.shape})"

    def mean_at(self, steps: np.ndarray) -> dict[str, np.ndarray]:
        """The mean of each internal over the chosen steps, per cell (for reading a heat map in numbers).

        Args:
            steps: a bool mask of the steps to average over, shaped as the runs' leading axes
                (``(T,)`` for one sequence, ``(B, T)`` for a batch).

        Returns:
            ``{"z", "i", "f", "c", "o", "y"}`` → the means over those steps (and sequences), ``(M,)`` each.
        """
        steps = np.asarray(steps, dtype=bool)
        if steps.shape != self.i.shape[:-1]:
            raise ValueError(f"steps has shape {steps.shape}; expected a bool mask of shape {self.i.shape[:-1]} "
                             "(one entry per step)")
        if not steps.any():
            raise ValueError("steps selects no step; expected at least one True")
        return {k: getattr(self, k)[steps].mean(axis=0) for k in ("z", "i", "f", "c", "o", "y")}


class LSTM(SequenceModel):
    """A layer of ``M`` LSTM blocks with a logistic readout, math.md §5.3 exactly.

    Args:
        N, M, K: numbers of inputs, memory cells (blocks of one cell) and outputs.
        peepholes: with peephole weights ``pi, pf, po`` (default True).
        seed: seed for ``numpy.random.default_rng``; the same seed gives the same weights.
        output_activation: readout activation (default ``"logistic"``).
        init: ``"synaptic"`` (default): every weight, bias and peephole uniform in [−0.1, 0.1),
            as Synaptic; ``"xavier"``: weights uniform in ±sqrt(6 / (fan_in + fan_out)) with
            fan_in = N + M for the gates, biases and peepholes 0.
        forget_bias: if given, every forget-gate bias ``bf`` starts at this value (e.g. 1.0:
            the cells remember by default at the start of training, Gers et al. 2000).
        truncate: ``None`` = full BPTT; a whole number ``h >= 0`` = truncated BPTT(h).

    Parameters (``model.params``, float64): ``Wz Wi Wf Wo (M, N)``, ``Rz Ri Rf Ro (M, M)``,
    ``bz bi bf bo (M,)``, ``pi pf po (M,)`` (only with peepholes), ``V (K, M)``, ``c (K,)``.

    Training it: :func:`nnteach.train`'s defaults (Synaptic's rate 0.2, online, MSE) suit small
    feed-forward nets, not sequences.  For an LSTM use cross-entropy, batches of a few sequences with
    momentum, gradient clipping, shuffling and a small rate; Xavier initial weights and a forget-gate
    bias of 1 help it start::

        lstm = LSTM(6, 8, 2, seed=0, init="xavier", forget_bias=1.0)
        train(lstm, trials.data, cost="cross_entropy", batch_size=4, momentum=0.9, clip=5.0,
              shuffle=True, seed=0, rate=0.05, iterations=20, error=0, log=5)

    Measured on small recall (distracted sequence recall at Synaptic's demo size: 6 symbols, 10
    steps; 500 training trials, 20 epochs, held-out score on 1000 trials, seeds 0, 1, 2):
    ``LSTM(6, 8, 2)`` scored 0.761, 0.761, 0.744 with train's defaults (it never answers the second
    prompt; about 3.6 s a run, online) and 1.000, 1.000, 1.000 with the settings above (about 0.8 s).
    For the full-size task (10 symbols, 24 steps) a rate of 0.005 suits ``LSTM(10, 24, 4)``.  The
    repository's benchmark script ``sequence_settings.py`` re-measures the small-recall numbers.
    """

    size_names = ("N", "M", "K")

    def __init__(self, N: int, M: int, K: int, peepholes: bool = True, seed: int | None = None,
                 output_activation: str = "logistic", init: str = "synaptic", forget_bias: float | None = None,
                 truncate: int | None = None) -> None:
        sizes = check_sizes({"N (inputs)": N, "M (memory cells)": M, "K (outputs)": K}, "LSTM")
        self.N, self.M, self.K = sizes.values()
        self.peepholes = check_bool(peepholes, "peepholes")
        check_parameter_count(self._shapes(self.N, self.M, self.K, self.peepholes), f"LSTM({self.N}, {self.M}, {self.K})")
        self.output_activation = activations.get(output_activation).name
        self.init = check_init(init)
        self.truncate = check_truncate(truncate)
        if forget_bias is not None:
            forget_bias = check_number(forget_bias, "forget_bias (a number, or None)")
        self.forget_bias = forget_bias
        self.seed = check_seed(seed)
        rng = np.random.default_rng(seed)
        N, M, K = self.N, self.M, self.K
        small = init == "synaptic"
        p: dict[str, np.ndarray] = {}
        for g in PARTS:
            p["W" + g] = uniform_init(rng, init, (M, N), N + M, M)
        for g in PARTS:
            p["R" + g] = uniform_init(rng, init, (M, M), N + M, M)
        for g in PARTS:
            p["b" + g] = uniform_init(rng, init, (M,), 1, M) if small else np.zeros(M)
        if self.peepholes:
            for g in ("i", "f", "o"):
                p["p" + g] = uniform_init(rng, init, (M,), 1, M) if small else np.zeros(M)
        p["V"] = uniform_init(rng, init, (K, M), M, K)
        p["c"] = uniform_init(rng, init, (K,), 1, K) if small else np.zeros(K)
        if forget_bias is not None:
            p["bf"][...] = forget_bias
        self.params = p
        self.flat_params()                  # every array of params a view of one buffer (model.py)
        self._bind()

    def _bind(self) -> None:
        self._f_out = activations.get(self.output_activation)
        self._work: dict[str, np.ndarray] = {}     # the kernel's scratch arrays, reused between calls
        self._step_work: dict[int, dict[str, np.ndarray]] = {}   # the trainer's, per batch size (two kept)

    @staticmethod
    def _shapes(N: int, M: int, K: int, peepholes: bool) -> dict[str, tuple[int, ...]]:
        shapes = {"W" + g: (M, N) for g in PARTS}
        shapes.update({"R" + g: (M, M) for g in PARTS})
        shapes.update({"b" + g: (M,) for g in PARTS})
        if peepholes:
            shapes.update({"p" + g: (M,) for g in ("i", "f", "o")})
        shapes.update({"V": (K, M), "c": (K,)})
        return shapes

    @classmethod
    def param_shapes(cls, config: dict) -> dict[str, tuple[int, ...]]:
        """The names and shapes of :attr:`params` for a config, checked, without building the network."""
        config = cls.check_config(config)
        N, M, K = check_sizes({"N (inputs)": config["N"], "M (memory cells)": config["M"],
                               "K (outputs)": config["K"]}, "LSTM").values()
        peepholes = check_bool(config.get("peepholes", True), "peepholes")
        return check_parameter_count(cls._shapes(N, M, K, peepholes), f"LSTM({N}, {M}, {K})")

    # -- plumbing -----------------------------------------------------------------------------
    def config(self) -> dict:
        """The constructor arguments (for saving)."""
        return {"N": self.N, "M": self.M, "K": self.K, "peepholes": self.peepholes, "seed": self.seed,
                "output_activation": self.output_activation, "init": self.init,
                "forget_bias": self.forget_bias, "truncate": self.truncate}

    def __repr__(self) -> str:
        bptt = "full BPTT" if self.truncate is None else f"BPTT({self.truncate})"
        return (f"LSTM({self.N}, {self.M}, {self.K}, peepholes={self.peepholes}, "
                f"output_activation={self.output_activation!r}, {bptt}, {self.n_parameters} parameters)")

    # -- forward ------------------------------------------------------------------------------
    def forward(self, X: np.ndarray) -> np.ndarray:
        """Outputs for one sequence ``(T, N) -> (T, K)`` or a batch ``(B, T, N) -> (B, T, K)``."""
        X = as_sequences(X, self.N)
        P = kernel.run(self.params, self.peepholes, self._f_out, kernel.columns(X, self.M))[4]
        return kernel.rows(P, X.ndim == 2)

    def run(self, X: np.ndarray, y0: np.ndarray | None = None, c0: np.ndarray | None = None) -> LSTMRun:
        """Forward pass that keeps z, i, f, c, o, y of every step: see :class:`LSTMRun`.

        ``y0``, ``c0``: block output and cell state before the first step, ``(M,)`` or
        ``(B, M)``; default 0.
        """
        X = as_sequences(X, self.N)
        single = X.ndim == 2
        expected = (self.M,) if single else (X.shape[0], self.M)
        init = []
        for name, v in (("y0", y0), ("c0", c0)):
            if v is not None:
                v = as_float_array(v, name)
                if v.shape not in (expected, (self.M,)):
                    raise ValueError(f"{name} has shape {v.shape}; expected {expected}")
                v = v[:, None] if v.ndim == 1 else v.T
            init.append(v)
        G, C, HC, Y, P = kernel.run(self.params, self.peepholes, self._f_out, kernel.columns(X, self.M), *init)
        rows = kernel.rows
        return LSTMRun(z=rows(G[:, 0], single), i=rows(G[:, 1], single), f=rows(G[:, 2], single),
                       c=rows(C[1:], single), o=rows(G[:, 3], single), y=rows(Y[1:], single),
                       outputs=rows(P, single))

    # -- loss and gradients -------------------------------------------------------------------
    def step_loss_and_grads(self, x: np.ndarray, target: np.ndarray, state: tuple | None = None, cost: str = "mse"
                            ) -> tuple[float, dict[str, np.ndarray], tuple, np.ndarray]:
        """One time step of online training, by :func:`lstm_step_loss_and_grads` (BPTT truncated to the step).

        ``x (N,)`` or ``(B, N)``, ``target (K,)`` or ``(B, K)``; ``state`` = ``(y, c)`` from the previous
        step (None: zeros).  Returns ``(loss, grads, state, outputs)``: the new state to pass to the next step.
        """
        x, target = check_step(x, target, self.N, self.K, cost, self.output_activation)
        if state is None:
            state = (np.zeros(x.shape[:-1] + (self.M,)), np.zeros(x.shape[:-1] + (self.M,)))
        loss, grads, y, c, p = lstm_step_loss_and_grads(x, target, *state, self.params, self.peepholes, cost,
                                                        self.output_activation)
        return loss, grads, (y, c), p

    def fast_step(self, cost: str, batch: int, online: bool = False):
        """The trainer's fast kernel (the private ``nnteach/_lstm_kernel.py``), writing into one gradient
        buffer laid out like :meth:`~nnteach.model.Model.flat_params`: BPTT of ``batch`` sequences
        (the numbers of :meth:`loss_and_grads_unchecked`), or with ``online`` one time step of
        ``batch`` sequences side by side (the numbers of :meth:`step_loss_and_grads`)."""
        if online:
            return kernel.OnlineStep(self.params, self.flat_params(), self.peepholes, self._f_out, cost, batch,
                                     self.truncate)
        # The scratch arrays outlive one call of train (fresh ones cost page faults at every call): one set
        # per batch size, for the two sizes used last (a data set's batches and its last, smaller one).
        work = self._step_work.pop(batch, None)
        if work is None:
            work = {}
            while len(self._step_work) >= 2:
                self._step_work.pop(next(iter(self._step_work)))
        self._step_work[batch] = work
        return kernel.Step(self.params, self.flat_params(), self.peepholes, self._f_out, cost, batch, self.truncate,
                           work)

    def loss_and_grads_unchecked(self, X: np.ndarray, T: np.ndarray, cost: str,
                                 truncate: int | None | str = "model") -> tuple[float, dict[str, np.ndarray]]:
        """BPTT of math.md §5.3 without input checks (the trainer's fast path), by the fast kernel.

        The same numbers as :func:`lstm_loss_and_grads` (for full BPTT); ``truncate="model"``: the
        model's own ``truncate``.
        """
        if isinstance(truncate, str):
            truncate = self.truncate
        return kernel.loss_and_grads(self.params, self.peepholes, self._f_out, X, T, cost, truncate, self._work)
