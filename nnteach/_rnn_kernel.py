"""The Elman network's fast kernel (private): the forward pass and BPTT of math.md §3.2–3.3, and one
online step.

:class:`nnteach.RNN` runs on these functions.  Their readable twin is in :mod:`nnteach.rnn`
(:func:`~nnteach.rnn.rnn_step_forward`, :func:`~nnteach.rnn.rnn_step_backward`,
:func:`~nnteach.rnn.rnn_step_loss_and_grads`, one line per equation): read that one.  The project's
tests prove that both compute the same outputs and gradients (to 1e-12).

Speed: arrays are time-major ``(T, B, ·)`` so every step reads one contiguous block; the input
projections of all steps are one product; the trainer's kernels (:class:`Step`, :class:`OnlineStep`)
write into one gradient buffer laid out like the model's flat parameter buffer.

Shapes: ``B`` sequences, ``T`` steps, ``N`` inputs, ``H`` hidden units, ``K`` outputs.
"""
from __future__ import annotations

import numpy as np

from .model import flat_views, readout_loss_and_delta, time_major

__all__ = ["run", "loss_and_grads", "squared_errors", "Step", "OnlineStep"]


def run(params: dict[str, np.ndarray], f, f_out, Xt: np.ndarray, h0: np.ndarray | None = None):
    """Forward pass over time-major inputs ``Xt (T, B, N)``.  math.md §3.2.

    Returns ``A (T, B, H)`` states, ``Hs (T+1, B, H)`` activations with ``Hs[0] = h_0``,
    and outputs ``P (T, B, K)``.
    """
    p = params
    T, B, N = Xt.shape
    H = p["U"].shape[0]
    # input projections of all time steps at once: W x_t + b
    A = (Xt.reshape(T * B, N) @ p["W"].T + p["b"]).reshape(T, B, H)
    Hs = np.empty((T + 1, B, H))
    Hs[0] = 0.0 if h0 is None else h0
    UT = p["U"].T
    for t in range(T):
        A[t] += Hs[t] @ UT                     # a_t = W x_t + b + U h_{t-1}
        Hs[t + 1] = f.f(A[t])                  # h_t = f(a_t)
    P = f_out.f(Hs[1:] @ p["V"].T + p["c"])    # p_t = f_out(V h_t + c)
    return A, Hs, P


def loss_and_grads(params: dict[str, np.ndarray], f, f_out, X: np.ndarray, Tg: np.ndarray, cost: str,
                   truncate: int | None, out: dict[str, np.ndarray] | None = None, scale: float = 1.0,
                   errors: np.ndarray | None = None) -> tuple[float, dict[str, np.ndarray]]:
    """BPTT (math.md §3.3), full or truncated to ``truncate`` steps; no input checks.

    With ``out`` (arrays named like ``params``) ``scale · ∂L/∂θ`` is written into them and returned;
    with ``errors`` (shaped like ``Tg``) ``t − p`` is written into it.
    """
    p = params
    Xt, Tt = time_major(X), time_major(Tg)
    T, B, N = Xt.shape
    H, K = p["U"].shape[0], p["V"].shape[0]
    A, Hs, P = run(p, f, f_out, Xt)
    loss, Do = readout_loss_and_delta(P, Tt, cost, f_out)
    if errors is not None:
        E = errors[:, None, :] if errors.ndim == 2 else errors.transpose(1, 0, 2)
        np.subtract(Tt, P, out=E)                # t − p, in the layout of the targets
    Dh_in = Do @ p["V"]                         # V^T δo_t for every step, (T, B, H)
    Fp = f.df_from_y(Hs[1:])                     # f'(a_t), (T, B, H)
    U = p["U"]
    Dh = np.empty_like(Fp)                       # δh_t (summed over injection times)
    if truncate is None or truncate >= T - 1:
        d = np.zeros((B, H))
        for t in range(T - 1, -1, -1):
            d = (Dh_in[t] + d @ U) * Fp[t]       # δh_t = (V^T δo_t + U^T δh_{t+1}) ⊙ f'(a_t)
            Dh[t] = d
    else:
        # BPTT(h): keep the deltas apart by age (steps since the error was injected) and
        # drop those older than h.  d[k] holds the part injected k steps later than t.
        d = np.zeros((truncate + 1, B, H))
        for t in range(T - 1, -1, -1):
            back = d[:-1] @ U                    # one more step back for every age ≤ h − 1
            d[1:] = back * Fp[t]
            d[0] = Dh_in[t] * Fp[t]
            Dh[t] = d.sum(axis=0)
    s = -scale / B                                # ∂L/∂θ = −G, mean over sequences (times scale)
    X2 = Xt.reshape(T * B, N)
    D2 = Dh.reshape(T * B, H)
    Do2 = Do.reshape(T * B, K)
    H2 = Hs[1:].reshape(T * B, H)
    grads = {
        "W": (D2.T @ X2) * s,
        "U": (D2.T @ Hs[:-1].reshape(T * B, H)) * s,
        "b": D2.sum(axis=0) * s,
        "V": (Do2.T @ H2) * s,
        "c": Do2.sum(axis=0) * s,
    }
    if out is not None:
        for k, g in grads.items():
            out[k][...] = g
        grads = out
    return loss / B, grads


def squared_errors(params: dict[str, np.ndarray], f, f_out, X: np.ndarray, Tg: np.ndarray) -> float:
    """``Σ (t − p)²`` over the sequences ``X (B, T, N)``, ``Tg (B, T, K)`` with the current weights."""
    E = run(params, f, f_out, time_major(X))[2] - time_major(Tg)
    return float(np.vdot(E, E))


class Step:
    """BPTT of a batch of ``B`` sequences written into one gradient buffer: ``step(X, T, scale, errors)``
    fills :attr:`grads` (laid out like the flat parameter buffer) with ``scale · ∂L/∂θ`` and ``errors``
    (shaped like ``T``) with ``t − p``."""

    def __init__(self, params: dict[str, np.ndarray], flat: np.ndarray, f, f_out, cost: str, B: int,
                 truncate: int | None) -> None:
        self.params, self.f, self.f_out, self.cost, self.truncate = params, f, f_out, cost, truncate
        self.grads = np.empty(flat.size)
        self.views = flat_views(self.grads, [(k, v.shape) for k, v in params.items()])

    def __call__(self, X: np.ndarray, T: np.ndarray, scale: float, errors: np.ndarray) -> None:
        loss_and_grads(self.params, self.f, self.f_out, X, T, self.cost, self.truncate, self.views, scale, errors)

    def squared_errors(self, X: np.ndarray, T: np.ndarray) -> float:
        """``Σ (t − p)²`` over the sequences ``X (B, T, N)`` with the current weights."""
        return squared_errors(self.params, self.f, self.f_out, X, T)


class OnlineStep:
    """One time step of online training of one sequence, with the state carried from step to step.

    The numbers of :func:`nnteach.rnn.rnn_step_loss_and_grads` (BPTT truncated to the step).
    ``reset()`` zeroes the state; ``step(x, t, scale, errors)`` with ``x (N,)``, ``t`` and ``errors (K,)``
    fills :attr:`grads` with ``scale · ∂E_t/∂θ`` and ``errors`` with ``t − p``, and carries ``h_t`` to
    the next step; ``steps(X, T, scale, errors, update)`` does so for every step of ``X (L, N)`` and
    calls ``update()`` after each (``None``: ``θ ← θ − grads`` on the flat buffer).  Arrays are
    allocated once; every operation runs on a contiguous vector.
    """

    def __init__(self, params: dict[str, np.ndarray], flat: np.ndarray, f, f_out, cost: str, B: int = 1,
                 truncate: int | None = None) -> None:
        if B != 1:
            raise ValueError(f"the online kernel steps one sequence at a time; got a batch of {B}")
        p = params
        H = p["U"].shape[0]
        K = p["V"].shape[0]
        self.params, self.flat = p, flat
        self.W, self.U, self.b, self.V, self.c = p["W"], p["U"], p["b"], p["V"], p["c"]
        self.grads = np.empty(flat.size)
        g = flat_views(self.grads, [(k, v.shape) for k, v in p.items()])
        self.gW, self.gU, self.gb, self.gV, self.gc = g["W"], g["U"], g["b"], g["V"], g["c"]
        self.f, self.f_out, self.mse = f, f_out, cost == "mse"
        e = np.empty
        self.h = [e((1, H)), e((1, H))]       # this step's and the previous step's h, as rows
        self.tmp, self.dh, self.fp = e(H), e(H), e(H)
        self.p, self.dp, self.fpo = e(K), e(K), e(K)
        self.dh_col, self.dp_col = self.dh.reshape(H, 1), self.dp.reshape(K, 1)
        self.minus_scale = np.array(0.0)
        self.reset()

    def squared_errors(self, X: np.ndarray, T: np.ndarray) -> float:
        """``Σ (t − p)²`` over the sequences ``X (B, T, N)`` with the current weights, each from ``h_0 = 0``."""
        return squared_errors(self.params, self.f, self.f_out, X, T)

    def reset(self) -> None:
        """Zero state (the start of a sequence): ``h_0 = 0``."""
        self.h[1][...] = 0.0

    def __call__(self, x: np.ndarray, t: np.ndarray, scale: float, errors: np.ndarray) -> None:
        mul, add, sub, dot = np.multiply, np.add, np.subtract, np.dot
        h_row, h_prev_row = self.h
        h, h_prev = h_row[0], h_prev_row[0]
        dot(self.W, x, out=h)
        dot(self.U, h_prev, out=self.tmp)
        add(h, self.tmp, out=h)
        add(h, self.b, out=h)
        h[...] = self.f.f(h)                           # h_t = f(W x_t + U h_{t-1} + b)
        p = self.p
        dot(self.V, h, out=p)
        add(p, self.c, out=p)
        p[...] = self.f_out.f(p)                       # p_t = f_out(V h_t + c)
        sub(t, p, out=errors)                          # t − p
        dp, ms = self.dp, self.minus_scale
        ms[...] = -scale
        mul(errors, ms, out=dp)                        # ∂E/∂z = −(t − p) (cross-entropy)
        if self.mse:
            mul(dp, self.f_out.df_from_y(p), out=dp)   # MSE: −(t − p) f_out'
        dot(self.dp_col, h_row, out=self.gV)
        np.copyto(self.gc, dp)
        dh = self.dh
        dot(dp, self.V, out=dh)
        mul(dh, self.f.df_from_y(h), out=dh)           # da_t = Vᵀ dp ⊙ f'(a_t)
        dot(self.dh_col, x.reshape(1, -1), out=self.gW)
        dot(self.dh_col, h_prev_row, out=self.gU)
        np.copyto(self.gb, dh)
        self.h.reverse()                               # carry h_t to the next step

    def steps(self, X: np.ndarray, T: np.ndarray, scale: float, errors: np.ndarray, update=None) -> None:
        """Every step of one sequence ``X (L, N)``, ``T``, ``errors (L, K)``, ``update()`` after each."""
        flat, grads = self.flat, self.grads
        for x, t, e in zip(X, T, errors):
            self(x, t, scale, e)
            if update is None:
                np.subtract(flat, grads, out=flat)             # θ ← θ − scale · ∂E_t/∂θ
            else:
                update()
