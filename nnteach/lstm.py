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

Speed: the four gate matrices are stacked once per call (the parameters stay separate
named arrays); internally a batch is stored one column per sequence, like the column
vectors above, so one step is one matrix product ``[R_z; R_i; R_f; R_o] y⁻`` whose gate
blocks are contiguous; the input projections (and biases) of all steps are one product;
the parts of the backward pass that do not depend on the recursion are computed for all
steps at once, so one step of BPTT is one matrix product and a few element-wise products.
``σ(a) = ½ + ½ tanh(a/2)``: the gate rows of the stacked matrices are halved once, so one
``tanh`` call serves z, i and f.  The large arrays of :meth:`LSTM.loss_and_grads` are kept
on the model and reused by the next call of the same shape.

Shapes: ``B`` sequences, ``T`` steps, ``N`` inputs, ``M`` cells, ``K`` outputs.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import activations
from .validation import as_float_array, positive_int
from .model import SequenceModel, as_sequences, check_init, check_truncate, readout_loss_and_delta, uniform_init

__all__ = ["LSTM", "LSTMRun"]

GATES = ("z", "i", "f", "o")


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
    """

    size_names = ("N", "M", "K")

    def __init__(self, N: int, M: int, K: int, peepholes: bool = True, seed: int | None = None,
                 output_activation: str = "logistic", init: str = "synaptic", forget_bias: float | None = None,
                 truncate: int | None = None) -> None:
        self.N, self.M, self.K = (positive_int(N, "N (inputs)"), positive_int(M, "M (memory cells)"),
                                  positive_int(K, "K (outputs)"))
        if not isinstance(peepholes, (bool, np.bool_)):
            raise ValueError(f"peepholes must be True or False; got {peepholes!r}")
        self.peepholes = bool(peepholes)
        self.output_activation = activations.get(output_activation).name
        self.init = check_init(init)
        self.truncate = check_truncate(truncate)
        if forget_bias is not None:
            forget_bias = float(forget_bias)
            if not np.isfinite(forget_bias):
                raise ValueError(f"forget_bias must be a finite number or None; got {forget_bias!r}")
        self.forget_bias = forget_bias
        self.seed = seed
        rng = np.random.default_rng(seed)
        N, M, K = self.N, self.M, self.K
        small = init == "synaptic"
        p: dict[str, np.ndarray] = {}
        for g in GATES:
            p["W" + g] = uniform_init(rng, init, (M, N), N + M, M)
        for g in GATES:
            p["R" + g] = uniform_init(rng, init, (M, M), N + M, M)
        for g in GATES:
            p["b" + g] = uniform_init(rng, init, (M,), 1, M) if small else np.zeros(M)
        if self.peepholes:
            for g in ("i", "f", "o"):
                p["p" + g] = uniform_init(rng, init, (M,), 1, M) if small else np.zeros(M)
        p["V"] = uniform_init(rng, init, (K, M), M, K)
        p["c"] = uniform_init(rng, init, (K,), 1, K) if small else np.zeros(K)
        if forget_bias is not None:
            p["bf"][...] = forget_bias
        self.params = p
        self._bind()

    def _bind(self) -> None:
        self._f_out = activations.get(self.output_activation)
        self._work: dict[str, np.ndarray] = {}     # scratch arrays of loss_and_grads_unchecked, reused

    def _scratch(self, name: str, shape: tuple) -> np.ndarray:
        """A scratch array reused between calls of the same shape (fresh large arrays cost page
        faults that are slower than the arithmetic done in them).  Never returned to the caller."""
        a = self._work.get(name)
        if a is None or a.shape != shape:
            a = self._work[name] = np.empty(shape)
        return a

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
    # Internally every array is "column per sequence", as the column vectors of math.md §5.3:
    # a step's inputs are ``x^t (N, B)``, its cell states ``c^t (M, B)``, so that one step is
    # ``W x + R y⁻`` with the four gates stacked into one matrix (4M rows) and every gate's
    # rows are one contiguous block.  Arrays over time are ``(T, ·, B)``.

    def _stacked(self):
        """The four gates' weights stacked once per call, gate rows halved (σ(a) = ½ + ½ tanh(a/2)).

        Returns ``WBh (4M, N+1)`` = ``[W_z; W_i; W_f; W_o]`` with the biases as the last column
        (the inputs get a constant 1), ``Rh (4M, M)`` = ``[R_z; R_i; R_f; R_o]`` (the rows of
        i, f, o halved), and the halved peepholes ``(2, M, 1)`` for i, f and ``(M, 1)`` for o
        (``None`` without peepholes).
        """
        p = self.params
        half = np.repeat([1.0, 0.5, 0.5, 0.5], self.M)[:, None]
        WBh = np.concatenate([np.concatenate([p["W" + g], p["b" + g][:, None]], axis=1) for g in GATES]) * half
        Rh = np.concatenate([p["R" + g] for g in GATES]) * half
        if self.peepholes:
            return WBh, Rh, 0.5 * np.stack([p["pi"], p["pf"]])[:, :, None], 0.5 * p["po"][:, None]
        return WBh, Rh, None, None

    def _columns(self, X: np.ndarray, scratch: bool = False) -> np.ndarray:
        """Inputs ``(T, N)`` or ``(B, T, N)`` as columns with a constant 1 below: ``(T, N+1, B)``."""
        Xs = X[None] if X.ndim == 2 else X
        B, T, N = Xs.shape
        X1 = self._scratch("X1", (T, N + 1, B)) if scratch else np.empty((T, N + 1, B))
        X1[:, :N] = Xs.transpose(1, 2, 0)
        X1[:, N] = 1.0
        return X1

    def _run(self, X1: np.ndarray, y0=None, c0=None, scratch: bool = False):
        """Forward pass (math.md §5.3) over inputs ``X1 (T, N+1, B)`` (see :meth:`_columns`).

        Returns ``G (T, 4, M, B)``: the values z, i, f, o of every step; ``C (T+1, M, B)`` cell
        states with ``C[0] = c^0``; ``HC (T, M, B)`` = h(c^t); ``Y (T+1, M, B)`` block outputs
        with ``Y[0] = y^0``; and the readout ``P (T, K, B)``.  ``y0``, ``c0``: ``(M, B)`` or
        ``(M, 1)``.  With ``scratch`` the arrays are the model's reused scratch arrays (for the
        trainer's path, where none of them is returned).
        """
        T, _, B = X1.shape
        M = self.M
        new = self._scratch if scratch else (lambda name, shape: np.empty(shape))
        WBh, Rh, pif, po = self._stacked()
        G = new("G", (T, 4 * M, B))
        np.matmul(WBh, X1, out=G)                       # W x^t + b of all steps at once
        G4 = G.reshape(T, 4, M, B)
        C = new("C", (T + 1, M, B))
        Y = new("Y", (T + 1, M, B))
        HC = new("HC", (T, M, B))
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
        p = self.params
        P = self._f_out.f(p["V"] @ Y[1:] + p["c"][:, None])   # readout, (T, K, B)
        return G4, C, HC, Y, P

    @staticmethod
    def _rows(A: np.ndarray, single: bool) -> np.ndarray:
        """``(T, ·, B)`` back to ``(B, T, ·)``, or ``(T, ·)`` for one sequence."""
        return A[:, :, 0].copy() if single else np.ascontiguousarray(A.transpose(2, 0, 1))

    def forward(self, X: np.ndarray) -> np.ndarray:
        """Outputs for one sequence ``(T, N) -> (T, K)`` or a batch ``(B, T, N) -> (B, T, K)``."""
        X = as_sequences(X, self.N)
        return self._rows(self._run(self._columns(X))[4], X.ndim == 2)

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
        G, C, HC, Y, P = self._run(self._columns(X), *init)
        rows = self._rows
        return LSTMRun(z=rows(G[:, 0], single), i=rows(G[:, 1], single), f=rows(G[:, 2], single),
                       c=rows(C[1:], single), o=rows(G[:, 3], single), y=rows(Y[1:], single),
                       outputs=rows(P, single))

    # -- loss and gradients -------------------------------------------------------------------
    def loss_and_grads_unchecked(self, X: np.ndarray, Tg: np.ndarray, cost: str,
                        truncate: int | None | str = "model") -> tuple[float, dict[str, np.ndarray]]:
        """BPTT of math.md §5.3 without input checks (the trainer's fast path).

        Deltas are the course's ``δ = −∂L/∂(pre-activation)``; the gradients returned are
        ``−Σ δ · input / B``.
        """
        if isinstance(truncate, str):
            truncate = self.truncate
        p = self.params
        M = self.M
        X1 = self._columns(X, scratch=True)                   # (T, N+1, B)
        Tc = Tg[:, :, None] if Tg.ndim == 2 else Tg.transpose(1, 2, 0)   # targets (T, K, B)
        T, _, B = X1.shape
        G, C, HC, Y, P = self._run(X1, scratch=True)
        loss, Do = readout_loss_and_delta(P, Tc, cost, self._f_out)
        Dy_in = p["V"].T @ Do                                  # Δ^t = V^T δo^t, (T, M, B)

        # Local derivatives of all steps at once (they do not depend on the recursion).
        z, i, f, o = (G[:, k] for k in range(4))               # (T, M, B) each
        C_prev = C[:-1]
        work = self._scratch
        tmp = work("tmp", z.shape)
        A_o = work("A_o", z.shape)
        np.subtract(o, np.multiply(o, o, out=tmp), out=tmp)
        np.multiply(tmp, HC, out=A_o)                          # ∂y/∂ō = h(c) σ'(ō) = h(c) o (1 − o)
        A_c = work("A_c", z.shape)
        np.multiply(HC, HC, out=tmp)
        np.subtract(o, np.multiply(o, tmp, out=tmp), out=A_c)  # ∂y/∂c = o h'(c) = o (1 − h²)
        Azif = work("Azif", (T, 3, M, B))
        np.multiply(z, z, out=tmp)
        np.subtract(i, np.multiply(i, tmp, out=tmp), out=Azif[:, 0])    # ∂c/∂z̄ = i g'(z̄) = i (1 − z²)
        np.subtract(i, np.multiply(i, i, out=tmp), out=Azif[:, 1])
        Azif[:, 1] *= z                                                 # ∂c/∂ī = z σ'(ī) = z i (1 − i)
        np.subtract(f, np.multiply(f, f, out=tmp), out=Azif[:, 2])
        Azif[:, 2] *= C_prev                                            # ∂c/∂f̄ = c^{t-1} σ'(f̄)
        Kc = f                                                 # ∂c^t/∂c^{t-1}: through the forget gate
        if self.peepholes:
            pi, pf, po = p["pi"][:, None], p["pf"][:, None], p["po"][:, None]
            A_c += np.multiply(A_o, po, out=tmp)               # (and y through p_o into ō)
            Kc = work("Kc", z.shape)                           # ∂c^t/∂c^{t-1}, all direct paths:
            np.add(f, np.multiply(Azif[:, 1], pi, out=tmp), out=Kc)   # the forget gate, p_i into ī,
            Kc += np.multiply(Azif[:, 2], pf, out=tmp)                # and p_f into f̄
        RT = np.concatenate([p["R" + g] for g in GATES]).T     # (M, 4M): δy gets Σ_k R_k^T δ_k
        dG = work("dG", (T, 4 * M, B))                         # δz̄, δī, δf̄, δō of every step
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

        s = -1.0 / B                                           # ∂L/∂θ = −G, mean over sequences
        gWb = np.matmul(dG, X1.transpose(0, 2, 1)).sum(axis=0) * s     # G_W* = Σ_t δ*̄^t x^{t T}, G_b*
        gR = np.matmul(dG, Y[:-1].transpose(0, 2, 1)).sum(axis=0) * s  # G_R* = Σ_t δ*̄^t y^{t-1 T}
        grads: dict[str, np.ndarray] = {}
        rows = [slice(k * M, (k + 1) * M) for k in range(4)]
        for k, g in enumerate(GATES):
            grads["W" + g] = gWb[rows[k], :-1]
        for k, g in enumerate(GATES):
            grads["R" + g] = gR[rows[k]]
        for k, g in enumerate(GATES):
            grads["b" + g] = gWb[rows[k], -1]
        if self.peepholes:
            grads["pi"] = np.einsum("tmb,tmb->m", C_prev, dG4[:, 1]) * s    # Σ c^{t-1} δī^t
            grads["pf"] = np.einsum("tmb,tmb->m", C_prev, dG4[:, 2]) * s    # Σ c^{t-1} δf̄^t
            grads["po"] = np.einsum("tmb,tmb->m", C[1:], dG4[:, 3]) * s     # Σ c^t δō^t
        grads["V"] = np.matmul(Do, Y[1:].transpose(0, 2, 1)).sum(axis=0) * s   # Σ_t δo^t y^{t T}
        grads["c"] = Do.sum(axis=(0, 2)) * s
        return loss / B, grads
