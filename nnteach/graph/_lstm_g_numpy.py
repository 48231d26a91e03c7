"""The fused numpy form of :class:`nnteach.graph.VectorisedLSTM`'s step (private).

The equations of math.md §6.6, computed with as few numpy calls as possible; read the readable twin
instead, :func:`nnteach.graph.vectorised.lstm_g_forward` and :func:`~nnteach.graph.vectorised.lstm_g_updates`
(one line per equation).  The project's tests prove the two equal (to 1e-12).

Why it is faster: for a small layer a step costs numpy *calls* (about a microsecond each), not
arithmetic.  So: the input and forget gates are one matrix product (their ``[W | b | U]`` are stacked,
``(2M, N + 1 + M)``) and one in-place logistic; the cells' eligibility traces and the gates' extended
traces are one ``(3M, N + 1 + M)`` array (the layer keeps them so), decayed and added to at once; every intermediate goes into an array made once (``out=``), and
views of the layer's arrays are made once, in :class:`Workspace`.
"""
from __future__ import annotations

import math

import numpy as np

__all__ = ["Workspace", "activate", "propagate"]


class Workspace:
    """Views of a layer's arrays, and scratch arrays, made once (the layer's arrays are shared, not copied)."""

    def __init__(self, gates, Wc, bc, out_weights, gate_mask, out_mask, gate_values, a_and_s_bar, s, y_c, omega, y,
                 u, u_o, r, traces, ebc, d_k, d_o, d_c) -> None:
        _, M, P = gates.shape
        N, K = P - 1 - M, y.shape[0]
        # weights
        self.G_if, self.G_if3 = gates[:2].reshape(2 * M, P), gates[:2]     # views: ig and fg stacked
        self.Go, self.Uo = gates[2], gates[2][:, N + 1:]
        self.Wc, self.bc, self.Gk, self.V = Wc, bc, out_weights, out_weights[:, :M]
        self.gate_mask = None if gate_mask.all() else gate_mask             # None: every weight exists
        self.out_mask = None if out_mask.all() else out_mask
        # state (the layer's arrays) and views of them
        self.z_if, self.gate_values = gate_values.reshape(2 * M), gate_values
        self.iota, self.phi = gate_values[0], gate_values[1]
        self.iota_col, self.phi_col = self.iota[:, None], self.phi[:, None]
        self.a_and_s_bar, self.a, self.s_bar = a_and_s_bar, a_and_s_bar[0], a_and_s_bar[1]
        self.s, self.y_c, self.omega, self.y = s, y_c, omega, y
        self.u, self.u_x, self.u_y = u, u[:N], u[N + 1:]
        self.u_o, self.uo_x, self.uo_y = u_o, u_o[:N], u_o[N + 1:]
        self.r, self.r_oy, self.r_x = r, r[:M], r[M:M + N]
        # traces: [E_c | …] (the first N columns are E_c), X_i, X_f stacked (3, M, P); the cells' bias trace
        self.Ec, self.ebc, self.X, self.T3 = traces[0][:, :N], ebc, traces[1:], traces.reshape(3 * M, P)
        self.d_k, self.d_o, self.d_c = d_k, d_o, d_c
        # scratch
        self.tmp, self.back = np.empty(M), np.empty(M)
        self.coef = np.empty((3, M))                         # [ι ; σ'(ι) ⊙ a ; σ'(φ) ⊙ s̄]
        self.coef_col, self.coef_gates = self.coef.reshape(3 * M, 1), self.coef[1:]
        self.phi3 = np.empty((3, M))
        self.phi3_col = self.phi3.reshape(3 * M, 1)
        self.tmp_mn, self.tmp_3mp, self.tmp_3 = np.empty((M, N)), np.empty((3 * M, P)), np.empty((2, M, P))
        self.tmp_mp, self.tmp_k = np.empty((M, P)), np.empty((K, M + N + 1))
        self.rd_k, self.rd_o, self.rd_c = np.empty(K), np.empty(M), np.empty(M)
        self.rd_k_col, self.rd_o_col, self.rd_c_col = self.rd_k[:, None], self.rd_o[:, None], self.rd_c[:, None]
        self.rd_c_3 = self.rd_c[None, :, None]


def _finite(v: np.ndarray) -> bool:
    return all(map(math.isfinite, v.tolist()))          # for a few numbers faster than np.isfinite(v).all()


def _logistic_in_place(z: np.ndarray) -> None:
    """σ(z) = ½ + ½ tanh(z/2), written over z (the same formula as ``nnteach.activations.logistic``)."""
    z *= 0.5
    np.tanh(z, out=z)
    z *= 0.5
    z += 0.5


def activate(x: np.ndarray, w: Workspace) -> bool:
    """One step forward and the traces, in place; False (and nothing changed) if ``x`` is not finite."""
    if not _finite(x):
        return False
    w.u_x[...] = x
    w.u_y[...] = w.y_c                                  # ȳ_c: last step's cell activations
    np.matmul(w.G_if, w.u, out=w.z_if)                  # input and forget gates at once
    _logistic_in_place(w.z_if)
    np.matmul(w.Wc, x, out=w.a)
    w.s_bar[...] = w.s
    np.multiply(w.phi, w.s_bar, out=w.s)                # cells: φ s̄ + ι a + b_c
    np.multiply(w.iota, w.a, out=w.tmp)
    w.s += w.tmp
    w.s += w.bc
    np.multiply(w.s, 0.5, out=w.y_c)                    # y_c = σ(s) = ½ + ½ tanh(s/2)
    np.tanh(w.y_c, out=w.y_c)
    w.y_c *= 0.5
    w.y_c += 0.5
    w.uo_x[...] = x
    w.uo_y[...] = w.y_c
    np.matmul(w.Go, w.u_o, out=w.omega)                 # output gates
    _logistic_in_place(w.omega)
    np.multiply(w.omega, w.y_c, out=w.r_oy)
    w.r_x[...] = x
    np.matmul(w.Gk, w.r, out=w.y)                       # outputs
    _logistic_in_place(w.y)
    w.ebc *= w.phi                                      # e_bc ← φ e_bc + 1
    w.ebc += 1.0
    w.coef[0] = w.iota                                  # coefficients [ι ; σ'(ι) ⊙ a ; σ'(φ) ⊙ s̄]
    np.subtract(1.0, w.gate_values, out=w.coef_gates)
    w.coef_gates *= w.gate_values
    w.coef_gates *= w.a_and_s_bar
    w.phi3[...] = w.phi                                 # [E_c ; X_i ; X_f] ← φ [E_c ; X_i ; X_f] + coef uᵀ
    w.T3 *= w.phi3_col                                  # (E_c's row gets ι uᵀ, whose first N columns are ι xᵀ)
    np.multiply(w.coef_col, w.u, out=w.tmp_3mp)
    w.T3 += w.tmp_3mp
    return True


def propagate(rate: float, t: np.ndarray, w: Workspace) -> bool:
    """Responsibilities and updates, in place; False (and nothing changed) if ``t`` is not finite."""
    if not _finite(t):
        return False
    np.subtract(t, w.y, out=w.d_k)                      # δ_k = t − y
    np.matmul(w.d_k, w.V, out=w.back)                   # Vᵀ δ_k
    np.subtract(1.0, w.omega, out=w.d_o)                # δ_o = σ'(ω) ⊙ y_c ⊙ Vᵀδ_k
    w.d_o *= w.omega
    w.d_o *= w.y_c
    w.d_o *= w.back
    np.matmul(w.d_o, w.Uo, out=w.d_c)                   # δ_c = σ'(y_c) ⊙ (ω ⊙ Vᵀδ_k + U_oᵀ δ_o)
    np.multiply(w.omega, w.back, out=w.tmp)
    w.d_c += w.tmp
    np.subtract(1.0, w.y_c, out=w.tmp)
    w.tmp *= w.y_c
    w.d_c *= w.tmp
    if rate == 0.0:
        return True
    np.multiply(w.d_k, rate, out=w.rd_k)                # [V | W_k | b_k] += α δ_k rᵀ
    np.multiply(w.rd_k_col, w.r, out=w.tmp_k)
    if w.out_mask is not None:
        w.tmp_k *= w.out_mask
    w.Gk += w.tmp_k
    np.multiply(w.d_o, rate, out=w.rd_o)                # [W_o | b_o | U_o] += α δ_o u_oᵀ
    np.multiply(w.rd_o_col, w.u_o, out=w.tmp_mp)
    if w.gate_mask is not None:
        w.tmp_mp *= w.gate_mask
    w.Go += w.tmp_mp
    np.multiply(w.d_c, rate, out=w.rd_c)                # W_c += α δ_c ⊙_row E_c,  b_c += α δ_c ⊙ e_bc
    np.multiply(w.rd_c_col, w.Ec, out=w.tmp_mn)
    w.Wc += w.tmp_mn
    np.multiply(w.rd_c, w.ebc, out=w.tmp)
    w.bc += w.tmp
    np.multiply(w.rd_c_3, w.X, out=w.tmp_3)             # [G_i ; G_f] += α δ_c ⊙_row [X_i ; X_f]
    if w.gate_mask is not None:
        w.tmp_3 *= w.gate_mask
    w.G_if3 += w.tmp_3
    return True
