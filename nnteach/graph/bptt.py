"""Backpropagation through time for the network of a :class:`VectorisedLSTM`: what LSTM-g drops, measured.

LSTM-g (math.md §6.2–§6.4) learns online: after every step it updates the weights from traces it carries
forward, and it keeps only some of the paths by which a weight moves the error.  BPTT (math.md §3.3)
keeps them all: it stores the whole sequence, then sends the errors backwards through time along every
path.  This module computes both for the *same* network (the forward pass of math.md §6.6, the same
weights, the same loss: cross-entropy of the logistic outputs, summed over the steps), so that the
difference is only the paths:

* :func:`bptt_gradients` — the exact gradient ``∂L/∂θ`` of a sequence's loss, by BPTT;
* :func:`lstm_g_gradients` — LSTM-g's per-step updates summed over the same sequence, weights frozen,
  as a gradient (``−Σ_t Δw/α``);
* :func:`compare_with_bptt` — the two side by side, weight group by weight group (math.md §6.5): equal
  (to rounding) where LSTM-g keeps every path, different where a path runs through a connection
  from a unit activated later in the step — the peepholes from the cells into the input and forget
  gates, which carry last step's ``y_c``;
* :func:`train_bptt` — training by BPTT, one update per sequence, for comparison with LSTM-g's online
  updates (:func:`nnteach.graph.train_online`);
* :func:`memory_per_sequence` — how many numbers each method must keep: BPTT's grow with the length of
  the sequence, LSTM-g's traces do not; full RTRL would keep ``∂s_k/∂w`` for every unit and weight.

Sign convention: the gradients here are ``∂L/∂θ`` (the model contract's ``grads``); LSTM-g's updates are
``Δw/α = −∂E(t)/∂w`` (approximately), hence the minus in :func:`lstm_g_gradients`.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from ..activations import logistic
from ..validation import positive_int, positive_number
from .training import OnlineResult
from .vectorised import VectorisedLSTM, lstm_g_forward, lstm_g_updates

__all__ = ["bptt_gradients", "lstm_g_gradients", "compare_with_bptt", "GradientComparison", "train_bptt",
           "memory_per_sequence", "Memory", "sequence_loss"]

#: The weight groups of a VectorisedLSTM, in the order the comparison prints them.
GROUPS = ("Wi", "bi", "Ui", "Wf", "bf", "Uf", "Wc", "bc", "Wo", "bo", "Uo", "V", "Wk", "bk")


def _check_sequence(layer: VectorisedLSTM, X, T) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(layer, VectorisedLSTM):
        raise TypeError(f"layer must be a graph.VectorisedLSTM; got {type(layer).__name__}")
    X, T = np.asarray(X, dtype=float), np.asarray(T, dtype=float)
    if X.ndim != 2 or X.shape[1] != layer.N or T.shape != (len(X), layer.K) or len(X) == 0:
        raise ValueError(f"X and T must be one sequence (T, {layer.N}) and its targets (T, {layer.K}); "
                         f"got {X.shape} and {T.shape}")
    if not (np.all(np.isfinite(X)) and np.all(np.isfinite(T))):
        raise ValueError("X and T must be finite numbers")
    return X, T


def sequence_loss(Y: np.ndarray, T: np.ndarray) -> float:
    """``L = Σ_t Σ_k −[t ln y + (1 − t) ln(1 − y)]``: the cross-entropy whose output delta is ``t − y``
    (LSTM-g's Eq. (10)), summed over steps and outputs."""
    Y = np.clip(Y, 1e-300, 1.0 - 1e-16)
    return float(-np.sum(T * np.log(Y) + (1.0 - T) * np.log1p(-Y)))


def _forward(layer: VectorisedLSTM, X: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """math.md §6.6's forward pass from a fresh state; returns what BPTT must keep, each step's values as
    one row of an array ``(T, ·)`` (``ι, φ, a, s̄, y_c, ω``; the inputs ``X`` and outputs ``Y`` too)."""
    M, T = layer.M, len(X)
    Gi, Gf, Go = layer.gate_weights["i"], layer.gate_weights["f"], layer.gate_weights["o"]
    kept = {name: np.empty((T, M)) for name in ("iota", "phi", "a", "s_bar", "y_c", "omega")}
    Y = np.empty((T, layer.K))
    y_c, s = np.zeros(M), np.zeros(M)
    for t, x in enumerate(X):
        u = np.concatenate([x, [1.0], y_c])                            # [x, 1, ȳ_c]
        iota, phi, a = logistic(Gi @ u), logistic(Gf @ u), layer.Wc @ x
        s_bar = s
        s = phi * s_bar + iota * a + layer.bc
        y_c = logistic(s)
        omega = logistic(Go @ np.concatenate([x, [1.0], y_c]))
        Y[t] = logistic(layer.out_weights @ np.concatenate([omega * y_c, x, [1.0]]))
        for name, value in (("iota", iota), ("phi", phi), ("a", a), ("s_bar", s_bar), ("y_c", y_c),
                            ("omega", omega)):
            kept[name][t] = value
    kept["x"] = X
    return kept, Y


def bptt_gradients(layer: VectorisedLSTM, X, T) -> tuple[float, dict[str, np.ndarray]]:
    """The exact gradient of the sequence's loss (:func:`sequence_loss`) by backpropagation through time.

    Args:
        layer: the network (its weights; its own state is not used or changed: a fresh state is used).
        X, T: one sequence ``(T, N)`` and its targets ``(T, K)``.

    Returns:
        ``(L, grads)``: ``grads`` has the keys and shapes of ``layer.params`` (``∂L/∂θ``; 0 where a weight
        does not exist).

    The backward pass, with ``δ = −∂L/∂(·)`` as in the course (math.md §3.3, §5.3), from the last step to
    the first; ``δy_c`` and ``δs`` also receive what step ``t + 1`` sends back — through the forget-gated
    self-connection (``φ(t+1) δs(t+1)``) and through the peepholes into the next step's input and forget
    gates (``U_iᵀ δι(t+1) + U_fᵀ δφ(t+1)``), the path LSTM-g drops::

        δ_k = t − y          δh = Vᵀ δ_k                 δ_o = σ'(ω) ⊙ y_c ⊙ δh
        δy_c = ω ⊙ δh + U_oᵀ δ_o + [U_iᵀ δι + U_fᵀ δφ](t+1)
        δs = σ'(y_c) ⊙ δy_c + φ(t+1) ⊙ δs(t+1)
        δι = σ'(ι) ⊙ a ⊙ δs     δφ = σ'(φ) ⊙ s̄ ⊙ δs     δa = ι ⊙ δs
    """
    X, T = _check_sequence(layer, X, T)
    loss, grads, _ = _bptt(layer, X, T)
    return loss, grads


def _bptt(layer: VectorisedLSTM, X: np.ndarray, T: np.ndarray) -> tuple[float, dict[str, np.ndarray], np.ndarray]:
    """:func:`bptt_gradients` on checked arrays; also returns the outputs ``Y (T, K)``."""
    N, M, steps = layer.N, layer.M, len(X)
    Gi, Gf, Go = layer.gate_weights["i"], layer.gate_weights["f"], layer.gate_weights["o"]
    V = layer.out_weights[:, :M]
    kept, Y = _forward(layer, X)
    iota, phi, a, s_bar, y_c, omega = (kept[n] for n in ("iota", "phi", "a", "s_bar", "y_c", "omega"))
    D = {name: np.zeros((steps, M)) for name in ("o", "s", "i", "f")}      # each step's deltas, one row per step
    D_k = T - Y                                                             # Eq. (10), every step at once
    d_yc_next, d_s_next, phi_next = np.zeros(M), np.zeros(M), np.zeros(M)
    for t in range(steps - 1, -1, -1):                                      # backwards through time
        d_h = V.T @ D_k[t]
        d_o = omega[t] * (1 - omega[t]) * y_c[t] * d_h                      # output gates
        d_yc = omega[t] * d_h + Go[:, N + 1:].T @ d_o + d_yc_next           # + the peepholes of step t + 1
        d_s = y_c[t] * (1 - y_c[t]) * d_yc + phi_next * d_s_next            # + the self-connection of step t + 1
        d_i = iota[t] * (1 - iota[t]) * a[t] * d_s                          # input gates
        d_f = phi[t] * (1 - phi[t]) * s_bar[t] * d_s                        # forget gates
        D["o"][t], D["s"][t], D["i"][t], D["f"][t] = d_o, d_s, d_i, d_f
        d_yc_next = Gi[:, N + 1:].T @ d_i + Gf[:, N + 1:].T @ d_f           # what reaches y_c(t − 1)
        d_s_next, phi_next = d_s, phi[t]
    # Every gradient is Σ_t δ(t) · (what the weight multiplied at step t)ᵀ: one matrix product over the steps.
    ones = np.ones((steps, 1))
    y_c_prev = np.vstack([np.zeros((1, M)), y_c[:-1]])
    U, U_o = np.hstack([X, ones, y_c_prev]), np.hstack([X, ones, y_c])      # what the gates read
    R = np.hstack([omega * y_c, X, ones])                                   # what the outputs read
    G = {"i": D["i"].T @ U, "f": D["f"].T @ U, "o": D["o"].T @ U_o, "out": D_k.T @ R}
    grads = {"Wc": -(iota * D["s"]).T @ X, "bc": -D["s"].sum(axis=0)}        # the cell's input enters through ι
    for g in "ifo":
        full = -G[g] * layer.gate_mask
        grads[f"W{g}"], grads[f"b{g}"] = full[:, :N], full[:, N]
        if layer.peepholes is not None:
            grads[f"U{g}"] = full[:, N + 1:]
    out = -G["out"] * layer.out_mask
    grads["V"], grads["bk"] = out[:, :M], out[:, M + N]
    if layer.input_to_output:
        grads["Wk"] = out[:, M:M + N]
    return sequence_loss(Y, T), grads, Y


def lstm_g_gradients(layer: VectorisedLSTM, X, T) -> tuple[float, dict[str, np.ndarray]]:
    """LSTM-g's updates over one sequence with the weights frozen, as a gradient: ``−Σ_t Δw(t)/α``.

    Runs a copy of ``layer`` from a fresh state (``layer`` itself is not changed) through the readable
    :func:`~nnteach.graph.vectorised.lstm_g_forward` and :func:`~nnteach.graph.vectorised.lstm_g_updates`.
    Returns ``(L, grads)`` like :func:`bptt_gradients`.
    """
    X, T = _check_sequence(layer, X, T)
    work = layer.copy()
    total = {name: np.zeros_like(p) for name, p in work.params.items()}
    Y = np.empty((len(X), layer.K))
    for t, (x, target) in enumerate(zip(X, T)):
        Y[t] = lstm_g_forward(work, x)
        for name, update in lstm_g_updates(work, target).items():
            total[name] -= update
    return sequence_loss(Y, T), total


@dataclass(frozen=True)
class GradientComparison:
    """LSTM-g's summed updates against BPTT's gradient on one sequence, weights frozen.

    Attributes:
        differences: ``{name: ‖g_LSTM-g − g_BPTT‖ / (‖g_LSTM-g‖ + ‖g_BPTT‖)}`` per weight group.
        overall: the same over all weights together.
        lstm_g, bptt: the two gradients.   loss: the sequence's loss (the same for both).
    """

    differences: dict[str, float]
    overall: float
    lstm_g: dict[str, np.ndarray]
    bptt: dict[str, np.ndarray]
    loss: float

    def exact(self, tolerance: float = 1e-10) -> list[str]:
        """The weight groups where LSTM-g's updates are BPTT's gradient (to ``tolerance``)."""
        return [name for name, r in self.differences.items() if r <= tolerance]

    def table(self) -> str:
        """One line per weight group: its relative difference, and whether LSTM-g is exact there."""
        def shown(r: float) -> str:        # rounding noise (≈ 1e-16) is machine-dependent: not printed
            return "< 1e-10, exact" if r <= 1e-10 else f"{r:.1e}, approximate"

        lines = [f"{'weights':>8}  relative difference LSTM-g vs BPTT"]
        for name, r in self.differences.items():
            lines.append(f"{name:>8}  {shown(r)}")
        lines.append(f"{'all':>8}  {shown(self.overall)}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.table()


def _relative(a: np.ndarray, b: np.ndarray) -> float:
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def compare_with_bptt(layer: VectorisedLSTM, X, T) -> GradientComparison:
    """:func:`lstm_g_gradients` against :func:`bptt_gradients` on the sequence ``X``, ``T`` (math.md §6.5)."""
    loss, ours = lstm_g_gradients(layer, X, T)
    _, exact = bptt_gradients(layer, X, T)
    names = [n for n in GROUPS if n in exact]
    flat = lambda g: np.concatenate([g[n].ravel() for n in names])  # noqa: E731
    return GradientComparison(differences={n: _relative(ours[n], exact[n]) for n in names},
                              overall=_relative(flat(ours), flat(exact)), lstm_g=ours, bptt=exact, loss=loss)


def train_bptt(layer: VectorisedLSTM, sequences, *, rate: float = 0.1, epochs: int = 1) -> OnlineResult:
    """Train ``layer`` by BPTT: for each sequence its exact gradient, then one step ``θ ← θ − α ∂L/∂θ``.

    The counterpart of :func:`~nnteach.graph.train_online` (same arguments, same result): there LSTM-g
    updates the weights at every step while the sequence runs; here nothing can change until the whole
    sequence has been seen and stored.  The reported error is the mean of ``(t − y)²`` before each update.
    """
    pairs = [(np.asarray(x, dtype=float), np.asarray(t, dtype=float)) for x, t in sequences]
    if not pairs:
        raise ValueError("sequences must be a non-empty list of (x (T, N), t (T, K)) pairs")
    rate = positive_number(rate, "rate")
    epochs = positive_int(epochs, "epochs")
    result = OnlineResult(epochs=0, sequences=0, steps=0)
    start = time.perf_counter()
    for epoch in range(1, epochs + 1):
        total, count = 0.0, 0
        for x, t in pairs:
            x, t = _check_sequence(layer, x, t)
            _, grads, y = _bptt(layer, x, t)
            for name, g in grads.items():
                layer.params[name] -= rate * g
            total += float(np.sum((t - y) ** 2))
            result.sequences += 1
            result.steps += len(x)
            count += t.size
        result.epochs = epoch
        result.errors.append(total / count)
    result.seconds = time.perf_counter() - start
    return result


@dataclass(frozen=True)
class Memory:
    """How many numbers each way of learning keeps for one sequence of ``steps`` steps.

    Attributes:
        steps: the sequence's length.
        bptt: BPTT's stored forward values (``per_step`` of them at every step; they grow with the length).
        per_step: what BPTT stores at one step.
        lstm_g: LSTM-g's traces (the same at any length).
        rtrl: full real-time recurrent learning (Williams & Zipser 1989), ``∂s_k/∂w`` for every non-input
            unit ``k`` and every weight ``w`` (the same at any length, but the square of the network's size).
    """

    steps: int
    bptt: int
    per_step: int
    lstm_g: int
    rtrl: int


def memory_per_sequence(layer: VectorisedLSTM, steps: int) -> Memory:
    """Numbers kept to learn from a sequence of ``steps`` steps, counted from the arrays the two methods here
    really keep: BPTT's per-step values (``x, ι, φ, a, s̄, y_c, ω`` and the output ``y``) and LSTM-g's traces."""
    steps = int(steps)
    if steps < 1:
        raise ValueError(f"steps must be a whole number >= 1; got {steps!r}")
    kept, Y = _forward(layer, np.zeros((1, layer.N)))
    per_step = sum(a.shape[1] for a in kept.values()) + Y.shape[1]
    units = 4 * layer.M + layer.K                    # ig, fg, cell, og per block, and the outputs
    return Memory(steps=steps, bptt=steps * per_step, per_step=per_step, lstm_g=layer.trace_size(),
                  rtrl=units * layer.n_parameters())
