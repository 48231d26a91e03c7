"""The LSTM's fast kernel (private): the forward pass and BPTT of math.md §5.3, fused for speed.

:class:`nnteach.LSTM` runs on these functions.  Their readable twin is in :mod:`nnteach.lstm`
(:func:`~nnteach.lstm.lstm_step_forward`, :func:`~nnteach.lstm.lstm_step_backward`, one line per
equation): read that one.  The project's tests prove that both compute the same
outputs and gradients (to 1e-12).

Speed: the four gate matrices are stacked once per call (the parameters stay separate
named arrays); internally a batch is stored one column per sequence, like the column
vectors of math.md §5.3, so one step is one matrix product ``[R_z; R_i; R_f; R_o] y⁻`` whose gate
blocks are contiguous; the input projections (and biases) of all steps are one product;
the parts of the backward pass that do not depend on the recursion are computed for all
steps at once, so one step of BPTT is one matrix product and a few element-wise products.
``σ(a) = ½ + ½ tanh(a/2)``: the gate rows of the stacked matrices are halved once, so one
``tanh`` call serves z, i and f.  The large arrays of :func:`loss_and_grads` are kept in
a ``work`` dict (the model's) and reused by the next call of the same shape.

Shapes: ``B`` sequences, ``T`` steps, ``N`` inputs, ``M`` cells, ``K`` outputs.
"""
from __future__ import annotations

import numpy as np

from .model import flat_views, readout_loss_and_delta

__all__ = ["PARTS", "scratch", "stacked", "columns", "run", "rows", "loss_and_grads", "Step", "OnlineStep"]

PARTS = ("z", "i", "f", "o")     # the block input and the three gates, in the order of the stacked matrices


def scratch(work: dict | None, name: str, shape: tuple) -> np.ndarray:
    """An array of ``shape`` kept in ``work`` and reused by the next call of the same shape (fresh large
    arrays cost page faults that are slower than the arithmetic done in them); a new one if ``work`` is None."""
    if work is None:
        return np.empty(shape)
    a = work.get(name)
    if a is None or a.shape != shape:
        a = work[name] = np.empty(shape)
    return a


# Every array is "column per sequence", as the column vectors of math.md §5.3: a step's inputs are
# ``x^t (N, B)``, its cell states ``c^t (M, B)``, so that one step is ``W x + R y⁻`` with the four
# gates stacked into one matrix (4M rows) and every gate's rows are one contiguous block.
# Arrays over time are ``(T, ·, B)``.


def stacked(params: dict[str, np.ndarray], peepholes: bool):
    """The four gates' weights stacked once per call, gate rows halved (σ(a) = ½ + ½ tanh(a/2)).

    Returns ``WBh (4M, N+1)`` = ``[W_z; W_i; W_f; W_o]`` with the biases as the last column
    (the inputs get a constant 1), ``Rh (4M, M)`` = ``[R_z; R_i; R_f; R_o]`` (the rows of
    i, f, o halved), and the halved peepholes ``(2, M, 1)`` for i, f and ``(M, 1)`` for o
    (``None`` without peepholes).
    """
    p = params
    M = p["Rz"].shape[0]
    half = np.repeat([1.0, 0.5, 0.5, 0.5], M)[:, None]
    WBh = np.concatenate([np.concatenate([p["W" + g], p["b" + g][:, None]], axis=1) for g in PARTS]) * half
    Rh = np.concatenate([p["R" + g] for g in PARTS]) * half
    if peepholes:
        return WBh, Rh, 0.5 * np.stack([p["pi"], p["pf"]])[:, :, None], 0.5 * p["po"][:, None]
    return WBh, Rh, None, None


def columns(X: np.ndarray, work: dict | None = None) -> np.ndarray:
    """Inputs ``(T, N)`` or ``(B, T, N)`` as columns with a constant 1 below: ``(T, N+1, B)``."""
    Xs = X[None] if X.ndim == 2 else X
    B, T, N = Xs.shape
    X1 = scratch(work, "X1", (T, N + 1, B))
    X1[:, :N] = Xs.transpose(1, 2, 0)
    X1[:, N] = 1.0
    return X1


def run(params: dict[str, np.ndarray], peepholes: bool, f_out, X1: np.ndarray, y0=None, c0=None,
        work: dict | None = None):
    """Forward pass (math.md §5.3) over inputs ``X1 (T, N+1, B)`` (see :func:`columns`).

    Returns ``G (T, 4, M, B)``: the values z, i, f, o of every step; ``C (T+1, M, B)`` cell
    states with ``C[0] = c^0``; ``HC (T, M, B)`` = h(c^t); ``Y (T+1, M, B)`` block outputs
    with ``Y[0] = y^0``; and the readout ``P (T, K, B)``.  ``y0``, ``c0``: ``(M, B)`` or
    ``(M, 1)``.  With ``work`` (a dict) the arrays are scratch arrays kept in it and reused by the
    next call (for the trainer's path, where none of them is returned).
    """
    T, _, B = X1.shape
    M = params["Rz"].shape[0]
    WBh, Rh, pif, po = stacked(params, peepholes)
    G = scratch(work, "G", (T, 4 * M, B))
    np.matmul(WBh, X1, out=G)                       # W x^t + b of all steps at once
    G4 = G.reshape(T, 4, M, B)
    C = scratch(work, "C", (T + 1, M, B))
    Y = scratch(work, "Y", (T + 1, M, B))
    HC = scratch(work, "HC", (T, M, B))
    C[0] = 0.0 if c0 is None else c0
    Y[0] = 0.0 if y0 is None else y0
    tanh, multiply, matmul = np.tanh, np.multiply, np.matmul
    rec = np.empty((4 * M, B))
    rec4 = rec.reshape(4, M, B)
    tmp = np.empty((M, B))
    tmp2 = np.empty((2, M, B))
    for t in range(T):
        g = G4[t]                                   # (4, M, B): pre-activations, then values
        c_prev = C[t]
        matmul(Rh, Y[t], out=rec)
        g += rec4                                   # + R y^{t-1}
        if pif is None:
            tanh(g, out=g)                          # z = tanh(z̄); tanh(ī/2), tanh(f̄/2), tanh(ō/2)
            s = g[1:]
        else:
            multiply(c_prev, pif, out=tmp2)
            g[1:3] += tmp2                          # + p_i ⊙ c^{t-1}, p_f ⊙ c^{t-1}
            tanh(g[:3], out=g[:3])                  # z = tanh(z̄); tanh(ī/2), tanh(f̄/2)
            s = g[1:3]
        s *= 0.5
        s += 0.5                                    # i = σ(ī), f = σ(f̄) (and o without peepholes)
        c = C[t + 1]
        multiply(g[0], g[1], out=c)                 # c^t = z ⊙ i
        multiply(c_prev, g[2], out=tmp)
        c += tmp                                    #       + c^{t-1} ⊙ f
        if pif is not None:
            go = g[3]
            multiply(c, po, out=tmp)
            go += tmp                               # ō += p_o ⊙ c^t  (the NEW cell state)
            tanh(go, out=go)
            go *= 0.5
            go += 0.5                               # o = σ(ō)
        hc = HC[t]
        tanh(c, out=hc)                             # h(c^t)
        multiply(hc, g[3], out=Y[t + 1])            # y^t = h(c^t) ⊙ o
    P = f_out.f(params["V"] @ Y[1:] + params["c"][:, None])   # readout, (T, K, B)
    return G4, C, HC, Y, P


def rows(A: np.ndarray, single: bool) -> np.ndarray:
    """``(T, ·, B)`` back to ``(B, T, ·)``, or ``(T, ·)`` for one sequence."""
    return A[:, :, 0].copy() if single else np.ascontiguousarray(A.transpose(2, 0, 1))


def loss_and_grads(params: dict[str, np.ndarray], peepholes: bool, f_out, X: np.ndarray, Tg: np.ndarray,
                   cost: str, truncate: int | None, work: dict, out: dict[str, np.ndarray] | None = None,
                   scale: float = 1.0, errors: np.ndarray | None = None) -> tuple[float, dict[str, np.ndarray]]:
    """Loss and ``∂L/∂θ`` by BPTT of math.md §5.3 (full, or truncated to ``truncate`` steps); no input checks.

    Deltas are the course's ``δ = −∂L/∂(pre-activation)``; the gradients returned are
    ``−Σ δ · input / B``.  With ``out`` (arrays named like ``params``) ``scale · ∂L/∂θ`` is written into
    them and returned; with ``errors`` (shaped like ``Tg``) ``t − p`` is written into it.
    """
    p = params
    M = p["Rz"].shape[0]
    X1 = columns(X, work)                   # (T, N+1, B)
    Tc = Tg[:, :, None] if Tg.ndim == 2 else Tg.transpose(1, 2, 0)   # targets (T, K, B)
    T, _, B = X1.shape
    G, C, HC, Y, P = run(params, peepholes, f_out, X1, work=work)
    loss, Do = readout_loss_and_delta(P, Tc, cost, f_out)
    if errors is not None:
        E = errors[:, :, None] if errors.ndim == 2 else errors.transpose(1, 2, 0)
        np.subtract(Tc, P, out=E)                          # t − p, in the layout of the targets
    Dy_in = p["V"].T @ Do                                  # Δ^t = V^T δo^t, (T, M, B)

    # Local derivatives of all steps at once (they do not depend on the recursion).
    z, i, f, o = (G[:, k] for k in range(4))               # (T, M, B) each
    C_prev = C[:-1]
    tmp = scratch(work, "tmp", z.shape)
    A_o = scratch(work, "A_o", z.shape)
    np.subtract(o, np.multiply(o, o, out=tmp), out=tmp)
    np.multiply(tmp, HC, out=A_o)                          # ∂y/∂ō = h(c) σ'(ō) = h(c) o (1 − o)
    A_c = scratch(work, "A_c", z.shape)
    np.multiply(HC, HC, out=tmp)
    np.subtract(o, np.multiply(o, tmp, out=tmp), out=A_c)  # ∂y/∂c = o h'(c) = o (1 − h²)
    Azif = scratch(work, "Azif", (T, 3, M, B))
    np.multiply(z, z, out=tmp)
    np.subtract(i, np.multiply(i, tmp, out=tmp), out=Azif[:, 0])    # ∂c/∂z̄ = i g'(z̄) = i (1 − z²)
    np.subtract(i, np.multiply(i, i, out=tmp), out=Azif[:, 1])
    Azif[:, 1] *= z                                                 # ∂c/∂ī = z σ'(ī) = z i (1 − i)
    np.subtract(f, np.multiply(f, f, out=tmp), out=Azif[:, 2])
    Azif[:, 2] *= C_prev                                            # ∂c/∂f̄ = c^{t-1} σ'(f̄)
    Kc = f                                                 # ∂c^t/∂c^{t-1}: through the forget gate
    if peepholes:
        pi, pf, po = p["pi"][:, None], p["pf"][:, None], p["po"][:, None]
        A_c += np.multiply(A_o, po, out=tmp)               # (and y through p_o into ō)
        Kc = scratch(work, "Kc", z.shape)                           # ∂c^t/∂c^{t-1}, all direct paths:
        np.add(f, np.multiply(Azif[:, 1], pi, out=tmp), out=Kc)   # the forget gate, p_i into ī,
        Kc += np.multiply(Azif[:, 2], pf, out=tmp)                # and p_f into f̄
    RT = np.concatenate([p["R" + g] for g in PARTS]).T     # (M, 4M): δy gets Σ_k R_k^T δ_k
    dG = scratch(work, "dG", (T, 4 * M, B))                         # δz̄, δī, δf̄, δō of every step
    dG4 = dG.reshape(T, 4, M, B)
    multiply, matmul = np.multiply, np.matmul
    if truncate is None or truncate >= T - 1:
        dy = np.empty((M, B))
        dc = np.empty((M, B))
        carry = np.zeros((M, B))                           # δc^{t+1} ∂c^{t+1}/∂c^t
        rec = np.zeros((M, B))                             # Σ R_*^T δ*̄^{t+1}
        for t in range(T - 1, -1, -1):
            np.add(Dy_in[t], rec, out=dy)                  # δy^t
            d = dG4[t]
            multiply(dy, A_o[t], out=d[3])                 # δō^t
            multiply(dy, A_c[t], out=dc)
            dc += carry                                    # δc^t
            multiply(dc, Azif[t], out=d[:3])               # δz̄^t, δī^t, δf̄^t
            multiply(dc, Kc[t], out=carry)
            matmul(RT, dG[t], out=rec)
    else:
        # BPTT(h): deltas kept apart by age (steps since injection); older than h are dropped.
        H = truncate + 1
        dy = np.zeros((H, M, B))
        carry = np.zeros((H, M, B))
        rec = np.zeros((H, M, B))
        for t in range(T - 1, -1, -1):
            dy[1:] = rec[:-1]
            dy[0] = Dy_in[t]
            cin = np.concatenate([np.zeros((1, M, B)), carry[:-1]])
            do = dy * A_o[t]                               # (H, M, B)
            dc = dy * A_c[t] + cin
            dzif = dc[:, None] * Azif[t]                   # (H, 3, M, B)
            dG4[t, :3] = dzif.sum(axis=0)
            dG4[t, 3] = do.sum(axis=0)
            carry = dc * Kc[t]
            rec = RT @ np.concatenate([dzif, do[:, None]], axis=1).reshape(H, 4 * M, B)

    s = -scale / B                                         # ∂L/∂θ = −G, mean over sequences (times scale)
    gWb = np.matmul(dG, X1.transpose(0, 2, 1)).sum(axis=0) * s     # G_W* = Σ_t δ*̄^t x^{t T}, G_b*
    gR = np.matmul(dG, Y[:-1].transpose(0, 2, 1)).sum(axis=0) * s  # G_R* = Σ_t δ*̄^t y^{t-1 T}
    grads: dict[str, np.ndarray] = {}
    rows = [slice(k * M, (k + 1) * M) for k in range(4)]
    for k, g in enumerate(PARTS):
        grads["W" + g] = gWb[rows[k], :-1]
    for k, g in enumerate(PARTS):
        grads["R" + g] = gR[rows[k]]
    for k, g in enumerate(PARTS):
        grads["b" + g] = gWb[rows[k], -1]
    if peepholes:
        grads["pi"] = np.einsum("tmb,tmb->m", C_prev, dG4[:, 1]) * s    # Σ c^{t-1} δī^t
        grads["pf"] = np.einsum("tmb,tmb->m", C_prev, dG4[:, 2]) * s    # Σ c^{t-1} δf̄^t
        grads["po"] = np.einsum("tmb,tmb->m", C[1:], dG4[:, 3]) * s     # Σ c^t δō^t
    grads["V"] = np.matmul(Do, Y[1:].transpose(0, 2, 1)).sum(axis=0) * s   # Σ_t δo^t y^{t T}
    grads["c"] = Do.sum(axis=(0, 2)) * s
    if out is not None:
        for k, g in grads.items():
            out[k][...] = g
        grads = out
    return loss / B, grads


def _block(flat: np.ndarray, first: np.ndarray, shape: tuple) -> np.ndarray:
    """The view of ``flat`` of ``shape`` that starts where the view ``first`` starts (consecutive
    parameter arrays of the flat buffer read as one stacked array, e.g. Wz, Wi, Wf, Wo as ``(4M, N)``)."""
    start = (first.__array_interface__["data"][0] - flat.__array_interface__["data"][0]) // flat.itemsize
    n = int(np.prod(shape))
    if first.base is not flat or not 0 <= start <= flat.size - n:      # pragma: no cover - flat_params guarantees it
        raise ValueError("the parameters are not views of the model's flat buffer")
    return flat[start:start + n].reshape(shape)


class Step:
    """BPTT of a batch of ``B`` sequences (:func:`loss_and_grads`) written into one gradient buffer.

    ``step(X, T, scale, errors)``: ``X (B, T, N)`` (or ``(T, N)`` for one), ``T`` and ``errors`` shaped
    like the targets; fills :attr:`grads` (laid out like the flat parameter buffer) with ``scale · ∂L/∂θ``
    and ``errors`` with ``t − p``.
    """

    def __init__(self, params: dict[str, np.ndarray], flat: np.ndarray, peepholes: bool, f_out, cost: str,
                 B: int, truncate: int | None) -> None:
        self.params, self.peepholes, self.f_out, self.cost, self.truncate = params, peepholes, f_out, cost, truncate
        self.grads = np.empty(flat.size)
        self.views = flat_views(self.grads, [(k, v.shape) for k, v in params.items()])
        self.work: dict[str, np.ndarray] = {}

    def __call__(self, X: np.ndarray, T: np.ndarray, scale: float, errors: np.ndarray) -> None:
        loss_and_grads(self.params, self.peepholes, self.f_out, X, T, self.cost, self.truncate, self.work,
                       self.views, scale, errors)


class OnlineStep:
    """One time step of online training of ``B`` sequences side by side, with the state carried.

    The numbers of :func:`nnteach.lstm.lstm_step_loss_and_grads` (BPTT truncated to the step: the
    state of the previous step is a constant), rows ``(B, ·)``.  ``reset()`` zeroes the state;
    ``step(x, t, scale, errors)`` with ``x (B, N)``, ``t`` and ``errors (B, K)`` runs one step from the
    carried state, fills :attr:`grads` (laid out like the flat parameter buffer) with
    ``scale · ∂E^t/∂θ`` (the mean over the batch) and ``errors`` with ``t − p``, and carries the new state.

    Speed: the gate weights are read as stacked views of the flat buffer (``Wz … Wo`` are consecutive
    there, so ``[W_z; W_i; W_f; W_o]`` is one ``(4M, N)`` view, never rebuilt), every array is allocated
    once, the scale and the mean over the batch multiply the output deltas once, and every step is
    about 55 numpy operations on small arrays.
    """

    def __init__(self, params: dict[str, np.ndarray], flat: np.ndarray, peepholes: bool, f_out, cost: str,
                 B: int, truncate: int | None = None) -> None:
        p = params
        M, N = p["Wz"].shape
        K = p["V"].shape[0]
        self.M, self.B, self.peepholes = M, B, peepholes
        self.W4 = _block(flat, p["Wz"], (4 * M, N))         # [W_z; W_i; W_f; W_o]
        self.R4 = _block(flat, p["Rz"], (4 * M, M))         # [R_z; R_i; R_f; R_o]
        self.b4 = _block(flat, p["bz"], (4 * M,))
        self.P3 = _block(flat, p["pi"], (3, M)) if peepholes else None   # p_i, p_f, p_o
        self.V, self.c = p["V"], p["c"]
        self.grads = np.empty(flat.size)
        g = flat_views(self.grads, [(k, v.shape) for k, v in p.items()])
        gflat = self.grads
        self.gW4 = _block(gflat, g["Wz"], (4 * M, N))
        self.gR4 = _block(gflat, g["Rz"], (4 * M, M))
        self.gb4 = _block(gflat, g["bz"], (4 * M,))
        self.gP3 = _block(gflat, g["pi"], (3, M)) if peepholes else None
        self.gV, self.gc = g["V"], g["c"]
        self.f_out, self.mse = f_out.name, cost == "mse"
        e = np.empty
        self.A = e((B, 4, M))               # pre-activations, then values z, i, f, o
        self.A2 = self.A.reshape(B, 4 * M)
        self.tmp4 = e((B, 4 * M))
        self.S = e((B, 4, M))               # scratch for derivatives
        self.D = e((B, 4, M))               # deltas of z̄, ī, f̄, ō (scaled)
        self.D2 = self.D.reshape(B, 4 * M)
        self.y = [e((B, M)), e((B, M))]     # this step's and the previous step's block output
        self.c_ = [e((B, M)), e((B, M))]    # and cell state
        self.hc, self.tmp, self.dy, self.dc = e((B, M)), e((B, M)), e((B, M)), e((B, M))
        self.tmp2 = e((B, 2, M))
        self.p, self.dp, self.fp = e((B, K)), e((B, K)), e((B, K))
        self.ones = np.ones(B)
        self.reset()

    def reset(self) -> None:
        """Zero state (the start of a sequence): ``y^0 = c^0 = 0``."""
        self.y[1][...] = 0.0
        self.c_[1][...] = 0.0

    def __call__(self, x: np.ndarray, t: np.ndarray, scale: float, errors: np.ndarray) -> None:
        mul, add, sub, dot, tanh = np.multiply, np.add, np.subtract, np.dot, np.tanh
        M, A, A2, S, D = self.M, self.A, self.A2, self.S, self.D
        y, y_prev = self.y
        c, c_prev = self.c_
        hc, tmp = self.hc, self.tmp
        # forward, math.md §5.3
        dot(x, self.W4.T, out=A2)                            # W x
        dot(y_prev, self.R4.T, out=self.tmp4)
        add(A2, self.tmp4, out=A2)                           # + R y^{t-1}
        add(A2, self.b4, out=A2)                             # + b
        if self.peepholes:
            mul(c_prev[:, None, :], self.P3[:2], out=self.tmp2)
            add(A[:, 1:3], self.tmp2, out=A[:, 1:3])         # ī += p_i ⊙ c^{t-1}, f̄ += p_f ⊙ c^{t-1}
            gates = A[:, :3]
        else:
            gates = A
        mul(gates[:, 1:], 0.5, out=gates[:, 1:])             # σ(a) = ½ + ½ tanh(a/2)
        tanh(gates, out=gates)                               # z = tanh(z̄), and the gates' tanh(a/2)
        mul(gates[:, 1:], 0.5, out=gates[:, 1:])
        add(gates[:, 1:], 0.5, out=gates[:, 1:])             # i, f (and o without peepholes)
        z, i, f, o = A[:, 0], A[:, 1], A[:, 2], A[:, 3]
        mul(z, i, out=c)
        mul(c_prev, f, out=tmp)
        add(c, tmp, out=c)                                   # c = z ⊙ i + c^{t-1} ⊙ f
        if self.peepholes:
            mul(self.P3[2], c, out=tmp)
            add(o, tmp, out=o)                               # ō += p_o ⊙ c (the new cell state)
            mul(o, 0.5, out=o)
            tanh(o, out=o)
            mul(o, 0.5, out=o)
            add(o, 0.5, out=o)                               # o = σ(ō)
        tanh(c, out=hc)
        mul(hc, o, out=y)                                    # y = h(c) ⊙ o
        p = self.p
        dot(y, self.V.T, out=p)
        add(p, self.c, out=p)
        _f_out_in_place(self.f_out, p)                       # p = f_out(V y + c)
        sub(t, p, out=errors)                                # t − p
        # backward through this step only; all deltas are ∂(scale · mean E^t)/∂(·)
        dp = self.dp
        mul(errors, -scale / self.B, out=dp)                 # ∂E/∂(V y + c) = −(t − p) (cross-entropy)
        if self.mse and self.f_out != "identity":
            _slope(self.f_out, p, self.fp)
            mul(dp, self.fp, out=dp)                         # MSE: −(t − p) f_out'
        dot(dp.T, y, out=self.gV)
        dot(self.ones, dp, out=self.gc)
        dy = self.dy
        dot(dp, self.V, out=dy)                              # dy = Vᵀ dp
        do, dc = D[:, 3], self.dc
        sub(o, mul(o, o, out=do), out=do)
        mul(do, hc, out=do)
        mul(do, dy, out=do)                                  # dō = dy ⊙ h(c) ⊙ o (1 − o)
        mul(hc, hc, out=dc)
        sub(o, mul(o, dc, out=dc), out=dc)
        mul(dc, dy, out=dc)                                  # dc = dy ⊙ o ⊙ (1 − h(c)²)
        if self.peepholes:
            add(dc, mul(self.P3[2], do, out=tmp), out=dc)    #      + p_o ⊙ dō
        zif = A[:, :3]
        mul(zif, zif, out=S[:, :3])
        sub(zif[:, 1:], S[:, 1:3], out=S[:, 1:3])           # i (1 − i), f (1 − f)
        sub(1.0, S[:, 0], out=S[:, 0])                       # 1 − z²
        mul(S[:, 0], i, out=S[:, 0])                         # ∂c/∂z̄ = i (1 − z²)
        mul(S[:, 1], z, out=S[:, 1])                         # ∂c/∂ī = z i (1 − i)
        mul(S[:, 2], c_prev, out=S[:, 2])                    # ∂c/∂f̄ = c^{t-1} f (1 − f)
        mul(dc[:, None, :], S[:, :3], out=D[:, :3])          # dz̄, dī, df̄
        D2 = self.D2
        dot(D2.T, x, out=self.gW4)                           # ∂/∂W_* = d*̄ xᵀ
        dot(D2.T, y_prev, out=self.gR4)                      # ∂/∂R_* = d*̄ y^{t-1}ᵀ
        dot(self.ones, D2, out=self.gb4)                     # ∂/∂b_* = d*̄
        if self.peepholes:
            gP = self.gP3
            if self.B == 1:
                mul(c_prev[0], D[0, 1:3], out=gP[:2])        # ∂/∂p_i = c^{t-1} ⊙ dī, ∂/∂p_f = c^{t-1} ⊙ df̄
                mul(c[0], do[0], out=gP[2])                  # ∂/∂p_o = c ⊙ dō
            else:
                mul(c_prev[:, None, :], D[:, 1:3], out=self.tmp2)
                dot(self.ones, self.tmp2.reshape(self.B, 2 * M), out=gP[:2].reshape(2 * M))
                mul(c, do, out=tmp)
                dot(self.ones, tmp, out=gP[2])
        self.y.reverse()                                     # carry the state: this step's y, c become the
        self.c_.reverse()                                    # previous ones of the next step


def _f_out_in_place(name: str, p: np.ndarray) -> None:
    if name == "logistic":
        np.multiply(p, 0.5, out=p)
        np.tanh(p, out=p)
        np.multiply(p, 0.5, out=p)
        np.add(p, 0.5, out=p)
    elif name == "tanh":
        np.tanh(p, out=p)
    elif name == "relu":
        np.maximum(p, 0.0, out=p)


def _slope(name: str, p: np.ndarray, out: np.ndarray) -> None:
    """``f_out'`` from the output ``p`` into ``out`` (not called for the identity)."""
    if name == "logistic":
        np.subtract(1.0, p, out=out)
        np.multiply(out, p, out=out)
    elif name == "tanh":
        np.multiply(p, p, out=out)
        np.subtract(1.0, out, out=out)
    else:
        np.greater(p, 0.0, out=out)
