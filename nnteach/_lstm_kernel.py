"""The LSTM's fast kernel (private): the forward pass and BPTT of math.md §5.3, fused for speed.

:class:`nnteach.LSTM` runs on these functions.  Their readable twin is in :mod:`nnteach.lstm`
(:func:`~nnteach.lstm.lstm_step_forward`, :func:`~nnteach.lstm.lstm_step_backward`, one line per
equation): read that one.  The project's tests prove that both compute the same
outputs and gradients (to 1e-12).

Speed: the four gates' weights are stacked once per call into one matrix ``[R | W | b]`` (the
parameters stay separate named arrays); internally a batch is stored one column per sequence,
like the column vectors of math.md §5.3, and the previous output, the input and a constant 1 of
each step are one column block ``[y^{t-1}; x^t; 1]``, so one step is one matrix product whose gate
blocks are contiguous, and the gradients of ``R``, ``W`` and ``b`` are one product over all steps;
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

__all__ = ["PARTS", "scratch", "stacked", "columns", "run", "rows", "loss_and_grads", "squared_errors", "Step",
           "OnlineStep"]

PARTS = ("z", "i", "f", "o")     # the block input and the three gates, in the order of the stacked matrices


#: At most this many bytes of scratch arrays are kept in one ``work`` dict between calls: what a model
#: holds after training is bounded (a long stream's arrays are made fresh at each call instead).
SCRATCH_KEPT_BYTES = 64 * 2 ** 20


def scratch(work: dict | None, name: str, shape: tuple) -> np.ndarray:
    """An array of ``shape`` kept in ``work`` and reused by the next call of the same shape (fresh arrays
    cost page faults, slower than the arithmetic done in them on small problems); a new one if ``work``
    is None, or if keeping it would take ``work`` past :data:`SCRATCH_KEPT_BYTES`."""
    if work is None:
        return np.empty(shape)
    a = work.get(name)
    if a is not None and a.shape == shape:
        return a
    work.pop(name, None)
    a = np.empty(shape)
    if a.nbytes + sum(v.nbytes for v in work.values()) <= SCRATCH_KEPT_BYTES:
        work[name] = a
    return a


# Every array is "column per sequence", as the column vectors of math.md §5.3: a step's inputs are
# ``x^t (N, B)``, its cell states ``c^t (M, B)``, so that one step is ``W x + R y⁻`` with the four
# gates stacked into one matrix (4M rows) and every gate's rows are one contiguous block.
# Arrays over time are ``(T, ·, B)``.


def stacked(params: dict[str, np.ndarray], peepholes: bool):
    """The four gates' weights stacked once per call, gate rows halved (σ(a) = ½ + ½ tanh(a/2)).

    Returns ``RWBh (4M, M+N+1)``: the rows ``[R_z | W_z | b_z]``, ``[R_i | W_i | b_i]``, … (the biases
    as the last column: the inputs get a constant 1), the rows of i, f, o halved; and the halved
    peepholes ``(2, M, 1)`` for i, f and ``(M, 1)`` for o (``None`` without peepholes).
    """
    p = params
    M = p["Rz"].shape[0]
    half = np.repeat([1.0, 0.5, 0.5, 0.5], M)[:, None]
    RWBh = np.concatenate([np.concatenate([p["R" + g], p["W" + g], p["b" + g][:, None]], axis=1)
                           for g in PARTS]) * half
    if peepholes:
        return RWBh, 0.5 * np.stack([p["pi"], p["pf"]])[:, :, None], 0.5 * p["po"][:, None]
    return RWBh, None, None


def columns(X: np.ndarray, M: int, work: dict | None = None) -> np.ndarray:
    """Inputs ``(T, N)`` or ``(B, T, N)`` as the column blocks ``Z (T+1, M+N+1, B)``: ``Z[t]`` is
    ``[y^{t-1}; x^t; 1]`` (:func:`run` writes the block outputs ``y`` into the first ``M`` rows)."""
    Xs = X[None] if X.ndim == 2 else X
    B, T, N = Xs.shape
    Z = scratch(work, "Z", (T + 1, M + N + 1, B))
    Z[:T, M:M + N] = Xs.transpose(1, 2, 0)
    Z[T, M:M + N] = 0.0
    Z[:, M + N] = 1.0
    return Z


def run(params: dict[str, np.ndarray], peepholes: bool, f_out, Z: np.ndarray, y0=None, c0=None,
        work: dict | None = None):
    """Forward pass (math.md §5.3) over the column blocks ``Z (T+1, M+N+1, B)`` (see :func:`columns`).

    Returns ``G (T, 4, M, B)``: the values z, i, f, o of every step; ``C (T+1, M, B)`` cell
    states with ``C[0] = c^0``; ``HC (T, M, B)`` = h(c^t); ``Y (T+1, M, B)`` block outputs
    with ``Y[0] = y^0`` (a view of ``Z``); and the readout ``P (T, K, B)``.  ``y0``, ``c0``: ``(M, B)``
    or ``(M, 1)``.  With ``work`` (a dict) the arrays are scratch arrays kept in it and reused by the
    next call (for the trainer's path, where none of them is returned).
    """
    T, B = Z.shape[0] - 1, Z.shape[2]
    M = params["Rz"].shape[0]
    RWBh, pif, po = stacked(params, peepholes)
    G = scratch(work, "G", (T, 4 * M, B))
    G4 = G.reshape(T, 4, M, B)
    C = scratch(work, "C", (T + 1, M, B))
    Y = Z[:, :M]                                    # y^{t-1} is the top of the column block of step t
    HC = scratch(work, "HC", (T, M, B))
    C[0] = 0.0 if c0 is None else c0
    Y[0] = 0.0 if y0 is None else y0
    tanh, multiply, matmul = np.tanh, np.multiply, np.matmul
    tmp = np.empty((M, B))
    tmp2 = np.empty((2, M, B))
    for t in range(T):
        g = G4[t]                                   # (4, M, B): pre-activations, then values
        c_prev = C[t]
        matmul(RWBh, Z[t], out=G[t])                # R y^{t-1} + W x^t + b, one product
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
    Z = columns(X, M, work)                 # (T+1, M+N+1, B)
    Tc = Tg[:, :, None] if Tg.ndim == 2 else Tg.transpose(1, 2, 0)   # targets (T, K, B)
    T, B = Z.shape[0] - 1, Z.shape[2]
    G, C, HC, Y, P = run(params, peepholes, f_out, Z, work=work)
    if out is None:
        loss, Do = readout_loss_and_delta(P, Tc, cost, f_out)
        if errors is not None:
            np.subtract(Tc, P, out=errors[:, :, None] if errors.ndim == 2 else errors.transpose(1, 2, 0))
    else:                                                  # the trainer's call: δo only, no loss
        loss = float("nan")
        Do = scratch(work, "Do", P.shape)
        np.subtract(Tc, P, out=Do)                         # δo = t − p (cross-entropy)
        if errors is not None:
            np.copyto(errors[:, :, None] if errors.ndim == 2 else errors.transpose(1, 2, 0), Do)
        if cost == "mse":
            Do *= f_out.df_from_y(P)                       # MSE: δo = (t − p) f_out'
    Dy_in = np.matmul(p["V"].T, Do, out=scratch(work, "Dy_in", (T, M, B)))   # Δ^t = V^T δo^t

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
    gZ = np.matmul(dG, Z[:-1].transpose(0, 2, 1)).sum(axis=0) * s   # Σ_t δ*̄^t [y^{t-1}; x^t; 1]ᵀ:
    grads: dict[str, np.ndarray] = {}                                # G_R*, G_W*, G_b* side by side
    rows = [slice(k * M, (k + 1) * M) for k in range(4)]
    for k, g in enumerate(PARTS):
        grads["W" + g] = gZ[rows[k], M:-1]
    for k, g in enumerate(PARTS):
        grads["R" + g] = gZ[rows[k], :M]
    for k, g in enumerate(PARTS):
        grads["b" + g] = gZ[rows[k], -1]
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


def squared_errors(params: dict[str, np.ndarray], peepholes: bool, f_out, X: np.ndarray, Tg: np.ndarray,
                   work: dict, chunk: int = 256) -> float:
    """``Σ (t − p)²`` over the sequences ``X (B, T, N)``, ``Tg (B, T, K)`` with the current weights: the forward
    pass in chunks of at most ``chunk`` sequences (the scratch arrays kept in ``work``)."""
    M = params["Rz"].shape[0]
    total = 0.0
    for start in range(0, len(X), chunk):
        P = run(params, peepholes, f_out, columns(X[start:start + chunk], M, work), work=work)[4]   # (T, K, B)
        E = P - Tg[start:start + chunk].transpose(1, 2, 0)
        total += float(np.vdot(E, E))
    return total


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
                 B: int, truncate: int | None, work: dict[str, np.ndarray] | None = None) -> None:
        self.params, self.peepholes, self.f_out, self.cost, self.truncate = params, peepholes, f_out, cost, truncate
        self.grads = np.empty(flat.size)
        self.views = flat_views(self.grads, [(k, v.shape) for k, v in params.items()])
        self.work: dict[str, np.ndarray] = {} if work is None else work    # scratch, reused if given

    def __call__(self, X: np.ndarray, T: np.ndarray, scale: float, errors: np.ndarray) -> None:
        loss_and_grads(self.params, self.peepholes, self.f_out, X, T, self.cost, self.truncate, self.work,
                       self.views, scale, errors)

    def squared_errors(self, X: np.ndarray, T: np.ndarray) -> float:
        """``Σ (t − p)²`` over the sequences ``X (B, T, N)`` with the current weights (:func:`squared_errors`)."""
        return squared_errors(self.params, self.peepholes, self.f_out, X, T, self.work)


class OnlineStep:
    """Online training of one sequence: one time step at a time, the state carried from step to step.

    The numbers of :func:`nnteach.lstm.lstm_step_loss_and_grads` (BPTT truncated to the step: the
    state of the previous step is a constant).  ``reset()`` zeroes the state.  ``steps(X, T, scale,
    errors, update)`` runs the steps of ``X (L, N)`` from the carried state; after each step :attr:`grads`
    (laid out like the flat parameter buffer) holds ``scale · ∂E^t/∂θ`` and ``update()`` is called
    (``update=None``: ``θ ← θ − grads`` on the flat buffer, plain descent); ``errors (L, K)`` gets
    ``t − p`` of every step.  Calling the kernel, ``kernel(x, t, scale, errors)`` with ``x (N,)``, ``t``
    and ``errors (K,)``, is one step without an update.

    Speed: at these sizes a step costs numpy *calls* (about 0.2 µs each on a contiguous vector, two to
    three times that on a strided or broadcast operand, 0.4 µs for a product), so the step is written as
    few calls on contiguous vectors:

    * the gate weights are views of the flat buffer (``Wz … Wo`` are consecutive there, so
      ``[W_z; W_i; W_f; W_o]`` is one ``(4M, N)`` view; likewise ``R``, ``b`` and the peepholes
      ``[p_i, p_f, p_o]``), never rebuilt;
    * the values of a step live in one work vector ``F = [h(c), z, i, f, o, c⁻, c⁻, c]`` (the gates in
      the order of the weights, the previous cell state twice), so that the backward pass takes every
      local derivative at once: the squares of ``[h(c), z, i, f, o]`` in one call, then
      ``[1 − h(c)², 1 − z², σ'(ī), σ'(f̄), σ'(ō)]`` in two, times their partners ``[o, i, z, c⁻, h(c)]``
      (gathered from ``F`` by one fancy index) in one; the peepholes' gradients are
      ``[c⁻, c⁻, c] ⊙ [dī, df̄, dō]``, one call;
    * every array is made once; constants are arrays (a Python number is converted on every call);
      the loop over the steps runs here, with everything bound to local names once per sequence.

    With peepholes and a logistic readout, 49 numpy calls per step (the update included), 38 without
    peepholes; the repository's benchmark script ``profile_nnteach.py lstm`` times each of them.
    """

    def __init__(self, params: dict[str, np.ndarray], flat: np.ndarray, peepholes: bool, f_out, cost: str,
                 B: int = 1, truncate: int | None = None) -> None:
        if B != 1:
            raise ValueError(f"the online kernel steps one sequence at a time; got a batch of {B}")
        p = params
        M, N = p["Wz"].shape
        K = p["V"].shape[0]
        self.M, self.peepholes, self.flat = M, peepholes, flat
        self.params, self.f_out_activation, self.work = params, f_out, {}
        self.f_out, self.mse = f_out.name, cost == "mse" and f_out.name != "identity"
        # the weights and their gradients: stacked views of the two flat buffers
        self.grads = np.empty(flat.size)
        g = flat_views(self.grads, [(k, v.shape) for k, v in p.items()])
        self.W4, self.gW4 = _block(flat, p["Wz"], (4 * M, N)), _block(self.grads, g["Wz"], (4 * M, N))
        self.R4, self.gR4 = _block(flat, p["Rz"], (4 * M, M)), _block(self.grads, g["Rz"], (4 * M, M))
        self.b4, self.gb4 = _block(flat, p["bz"], (4 * M,)), _block(self.grads, g["bz"], (4 * M,))
        if peepholes:
            self.P3, self.gP3 = _block(flat, p["pi"], (3 * M,)), _block(self.grads, g["pi"], (3 * M,))
        self.V, self.c_out, self.gV, self.gc = p["V"], p["c"], g["V"], g["c"]
        # the work vector F = [h(c), z, i, f, o, c⁻, c⁻, c] (M each) and its parts
        e = np.empty
        F = self.F = e(8 * M)
        self.values = F[:5 * M]                             # h(c), z, i, f, o: their squares at once
        self.a = F[M:5 * M]                                 # pre-activations z̄ ī f̄ ō, then z i f o
        self.CCC = F[5 * M:]                                # c⁻, c⁻, c
        self.c_prev2 = F[5 * M:7 * M].reshape(2, M)         # c⁻ twice (the carry writes both)
        self.partners = np.r_[4 * M:5 * M, 2 * M:3 * M, M:2 * M, 5 * M:6 * M, :M]   # o, i, z, c⁻, h(c) in F
        self.half_zif = np.repeat([1.0, 0.5, 0.5, 0.5], M)[:3 * M if peepholes else 4 * M]   # z̄ kept, gates halved
        self.sq, self.L, self.Q = e(5 * M), e(5 * M), e(5 * M)
        self.d = e(4 * M)                                   # deltas of z̄, ī, f̄, ō (scaled)
        self.dc3 = e((3, M))                                # dc, for z̄, ī, f̄
        self.tmp4, self.tmp2, self.tmp = e(4 * M), e(2 * M), e(M)
        self.y_row, self.y_prev_row = e((1, M)), e((1, M))
        self.dy, self.p, self.fp = e(M), e(K), e(K)
        self.half, self.one, self.minus_scale = np.array(0.5), np.array(1.0), np.array(0.0)
        self.reset()

    def squared_errors(self, X: np.ndarray, T: np.ndarray) -> float:
        """``Σ (t − p)²`` over the sequences ``X (B, T, N)`` with the current weights, each from the zero
        state (:func:`squared_errors`)."""
        return squared_errors(self.params, self.peepholes, self.f_out_activation, X, T, self.work)

    def reset(self) -> None:
        """Zero state (the start of a sequence): ``y^0 = c^0 = 0``."""
        self.y_prev_row[...] = 0.0
        self.c_prev2[...] = 0.0

    def __call__(self, x: np.ndarray, t: np.ndarray, scale: float, errors: np.ndarray) -> None:
        """One step, ``x (N,)``, ``t`` and ``errors (K,)``, without an update."""
        self.steps(x[None], t[None], scale, errors[None], _keep)

    def steps(self, X: np.ndarray, T: np.ndarray, scale: float, errors: np.ndarray, update=None) -> None:
        M, peepholes, mse, f_out = self.M, self.peepholes, self.mse, self.f_out
        logistic = f_out == "logistic"
        mul, add, sub, dot, tanh = np.multiply, np.add, np.subtract, np.dot, np.tanh
        half, one, ms = self.half, self.one, self.minus_scale
        ms[...] = -scale
        W4, R4, b4, V, c_out = self.W4, self.R4, self.b4, self.V, self.c_out
        grads, flat, gW4, gR4, gb4, gV, dp = self.grads, self.flat, self.gW4, self.gR4, self.gb4, self.gV, self.gc
        dp_col = dp.reshape(-1, 1)
        F, a, values, CCC, c_prev2, partners = self.F, self.a, self.values, self.CCC, self.c_prev2, self.partners
        hc, z, i, f, o, c_prev, c = (F[k * M:(k + 1) * M] for k in (0, 1, 2, 3, 4, 5, 7))
        i_f = F[2 * M:4 * M]
        act, half_zif = a[:3 * M] if peepholes else a, self.half_zif    # o waits for the new c with peepholes
        gates = F[2 * M:4 * M] if peepholes else F[2 * M:5 * M]      # i, f (and o without peepholes)
        if peepholes:
            P2, po, gP3 = self.P3[:2 * M], self.P3[2 * M:], self.gP3
            c_prev_twice = F[5 * M:7 * M]
        sq, L, Q, d, dc3 = self.sq, self.L, self.Q, self.d, self.dc3
        sq_hz, L_hz, sq_gates, L_gates = sq[:2 * M], L[:2 * M], sq[2 * M:], L[2 * M:]
        L_c, L_zif, L_o = L[:M], L[M:4 * M], L[4 * M:]
        dc, dc_rest, dc_all = dc3[0], dc3[1:], dc3.reshape(-1)
        d_zif, d_o, d_ifo, d_col = d[:3 * M], d[3 * M:], d[M:], d.reshape(-1, 1)
        values_gates = F[2 * M:5 * M]
        tmp4, tmp2, tmp, fp, p, dy = self.tmp4, self.tmp2, self.tmp, self.fp, self.p, self.dy
        y_row, y_prev_row = self.y_row, self.y_prev_row
        y, y_prev = y_row[0], y_prev_row[0]
        for k in range(len(X)):
            x, t, err = X[k], T[k], errors[k]
            # forward, math.md §5.3
            dot(W4, x, a)                                    # W x
            dot(R4, y_prev, tmp4)
            add(a, tmp4, a)                                  # + R y^{t-1}
            add(a, b4, a)                                    # + b
            if peepholes:
                mul(P2, c_prev_twice, tmp2)
                add(i_f, tmp2, i_f)                          # ī += p_i ⊙ c^{t-1}, f̄ += p_f ⊙ c^{t-1}
            mul(act, half_zif, act)                          # σ(a) = ½ + ½ tanh(a/2): halve the gates
            tanh(act, act)                                   # z = tanh(z̄), and the gates' tanh(a/2)
            mul(gates, half, gates)
            add(gates, half, gates)                          # i, f (and o without peepholes)
            mul(z, i, c)
            mul(c_prev, f, tmp)
            add(c, tmp, c)                                   # c = z ⊙ i + c^{t-1} ⊙ f
            if peepholes:
                mul(po, c, tmp)
                add(o, tmp, o)                               # ō += p_o ⊙ c (the new cell state)
                mul(o, half, o)
                tanh(o, o)
                mul(o, half, o)
                add(o, half, o)                              # o = σ(ō)
            tanh(c, hc)
            mul(hc, o, y)                                    # y = h(c) ⊙ o
            dot(V, y, p)
            add(p, c_out, p)
            if logistic:
                mul(p, half, p)
                tanh(p, p)
                mul(p, half, p)
                add(p, half, p)                              # p = σ(V y + c)
            else:
                _f_out_in_place(f_out, p, half)              # p = f_out(V y + c)
            sub(t, p, err)                                   # t − p
            # backward through this step only; every delta is ∂(scale · E^t)/∂(·)
            mul(err, ms, dp)                                 # ∂E/∂(V y + c) = −(t − p) (cross-entropy),
            if mse:                                          # written straight into ∂/∂c
                _slope(f_out, p, fp, one)
                mul(dp, fp, dp)                              # MSE: −(t − p) f_out'
            dot(dp_col, y_row, gV)                           # ∂/∂V = dp yᵀ
            dot(dp, V, dy)                                   # dy = Vᵀ dp
            mul(values, values, sq)                          # h(c)², z², i², f², o²
            sub(one, sq_hz, L_hz)                            # 1 − h(c)², 1 − z²
            sub(values_gates, sq_gates, L_gates)             # σ'(ī) = i (1 − i), σ'(f̄), σ'(ō)
            Q[...] = F[partners]                             # o, i, z, c^{t-1}, h(c)
            mul(L, Q, L)                                     # ∂y/∂c = o h'(c), ∂c/∂z̄ = i g'(z̄), ∂c/∂ī = z σ'(ī),
            #                                                  ∂c/∂f̄ = c^{t-1} σ'(f̄), ∂y/∂ō = h(c) σ'(ō)
            mul(dy, L_o, d_o)                                # dō = dy ⊙ h(c) ⊙ σ'(ō)
            mul(dy, L_c, dc)                                 # dc = dy ⊙ o ⊙ h'(c)
            if peepholes:
                mul(po, d_o, tmp)
                add(dc, tmp, dc)                             #      + p_o ⊙ dō
            dc_rest[...] = dc
            mul(dc_all, L_zif, d_zif)                        # dz̄, dī, df̄ = dc ⊙ ∂c/∂(z̄, ī, f̄)
            dot(d_col, X[k:k + 1], gW4)                      # ∂/∂W_* = d*̄ xᵀ
            dot(d_col, y_prev_row, gR4)                      # ∂/∂R_* = d*̄ y^{t-1}ᵀ
            gb4[...] = d                                     # ∂/∂b_* = d*̄
            if peepholes:
                mul(CCC, d_ifo, gP3)                         # ∂/∂p_i, p_f, p_o = c^{t-1} ⊙ dī, c^{t-1} ⊙ df̄, c ⊙ dō
            y_prev[...] = y                                  # carry the state to the next step
            c_prev2[...] = c
            if update is None:
                sub(flat, grads, flat)                       # θ ← θ − scale · ∂E^t/∂θ, every parameter at once
            else:
                update()


def _keep() -> None:
    """The update of a step that updates nothing."""


def _f_out_in_place(name: str, p: np.ndarray, half) -> None:
    if name == "logistic":
        np.multiply(p, half, out=p)
        np.tanh(p, out=p)
        np.multiply(p, half, out=p)
        np.add(p, half, out=p)
    elif name == "tanh":
        np.tanh(p, out=p)
    elif name == "relu":
        np.maximum(p, 0.0, out=p)


def _slope(name: str, p: np.ndarray, out: np.ndarray, one) -> None:
    """``f_out'`` from the output ``p`` into ``out`` (not called for the identity)."""
    if name == "logistic":
        np.subtract(one, p, out=out)
        np.multiply(out, p, out=out)
    elif name == "tanh":
        np.multiply(p, p, out=out)
        np.subtract(one, out, out=out)
    else:
        np.greater(p, 0.0, out=out)
