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
named arrays), the input projections of all steps are one matrix product, and the
parts of the backward pass that do not depend on the recursion are computed for all
steps at once, so that one step of BPTT is one matrix product and a few products.
``σ(a) = ½ + ½ tanh(a/2)``: the gate rows of the stacked matrices are halved once, so one
``tanh`` call serves z, i and f.

Shapes: ``B`` sequences, ``T`` steps, ``N`` inputs, ``M`` cells, ``K`` outputs.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import activations
from ._checks import as_float_array, check_same_leading, positive_int
from .rnn import (as_sequences, batch_major, check_cost, check_init, check_truncate, readout_loss_and_delta,
                  time_major, uniform_init)

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


class LSTM:
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
        self._work: dict[str, np.ndarray] = {}     # scratch arrays of _loss_and_grads, reused

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

    @classmethod
    def from_config(cls, config: dict) -> "LSTM":
        """Rebuild an (untrained) network from :meth:`config`."""
        return cls(config["N"], config["M"], config["K"], peepholes=config.get("peepholes", True),
                   seed=config.get("seed"), output_activation=config.get("output_activation", "logistic"),
                   init=config.get("init", "synaptic"), forget_bias=config.get("forget_bias"),
                   truncate=config.get("truncate"))

    def copy(self) -> "LSTM":
        """An independent deep copy."""
        new = LSTM.__new__(LSTM)
        new.__dict__.update(self.__dict__)
        new.params = {k: v.copy() for k, v in self.params.items()}
        new._bind()
        return new

    @property
    def n_parameters(self) -> int:
        return int(sum(p.size for p in self.params.values()))

    def __repr__(self) -> str:
        bptt = "full BPTT" if self.truncate is None else f"BPTT({self.truncate})"
        return (f"LSTM({self.N}, {self.M}, {self.K}, peepholes={self.peepholes}, "
                f"output_activation={self.output_activation!r}, {bptt}, {self.n_parameters} parameters)")

    # -- forward ------------------------------------------------------------------------------
    def _stacked(self):
        """The four gates' weights stacked once per call, gate rows halved (σ(a) = ½ + ½ tanh(a/2)).

        Returns ``Wh (4, N, M)`` with ``Wh[k] = W_k^T``, ``bh (4, 1, M)``, ``Rh (4, M, M)`` with
        ``Rh[k] = R_k^T`` (transposed for row-per-example products; halved for the gates
        i, f, o), and the halved peepholes ``(2, 1, M)`` for i, f and ``(M,)`` for o
        (``None`` without peepholes).
        """
        p = self.params
        half = np.array([1.0, 0.5, 0.5, 0.5]).reshape(4, 1, 1)
        Wh = np.stack([p["W" + g].T for g in GATES]) * half
        bh = np.stack([p["b" + g] for g in GATES])[:, None, :] * half
        Rh = np.stack([p["R" + g].T for g in GATES]) * half
        if self.peepholes:
            return Wh, bh, Rh, 0.5 * np.stack([p["pi"], p["pf"]])[:, None, :], 0.5 * p["po"]
        return Wh, bh, Rh, None, None

    def _run(self, Xt: np.ndarray, y0=None, c0=None, scratch: bool = False):
        """Forward pass (math.md §5.3) over time-major inputs ``Xt (T, B, N)``.

        Returns ``G (4, T, B, M)``: the gate values z, i, f, o of every step (each gate of a
        step is one contiguous block); ``C (T+1, B, M)`` cell states with ``C[0] = c^0``;
        ``HC (T, B, M)`` = h(c^t); ``Y (T+1, B, M)`` block outputs with ``Y[0] = y^0``; and
        the readout ``P (T, B, K)``.  With ``scratch`` the arrays are the model's reused
        scratch arrays (for the trainer's path, where nothing of them is returned).
        """
        T, B, N = Xt.shape
        M = self.M
        new = self._scratch if scratch else (lambda name, shape: np.empty(shape))
        Wh, bh, Rh, pif, po = self._stacked()
        G = new("G", (4, T, B, M))
        G4 = G.reshape(4, T * B, M)
        np.matmul(Xt.reshape(T * B, N), Wh, out=G4)    # input part of every pre-activation,
        G4 += bh                                        # all steps at once (halved for the gates)
        C = new("C", (T + 1, B, M))
        Y = new("Y", (T + 1, B, M))
        HC = new("HC", (T, B, M))
        C[0] = 0.0 if c0 is None else c0
        Y[0] = 0.0 if y0 is None else y0
        tanh, multiply, matmul = np.tanh, np.multiply, np.matmul
        rec = np.empty((4, B, M))
        tmp = np.empty((B, M))
        tmp2 = np.empty((2, B, M))
        for t in range(T):
            g = G[:, t]                                 # (4, B, M): pre-activations, then values
            c_prev = C[t]
            matmul(Y[t], Rh, out=rec)
            g += rec                                    # + R y^{t-1}
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
        P = self._f_out.f(Y[1:] @ p["V"].T + p["c"])
        return G, C, HC, Y, P

    def forward(self, X: np.ndarray) -> np.ndarray:
        """Outputs for one sequence ``(T, N) -> (T, K)`` or a batch ``(B, T, N) -> (B, T, K)``."""
        X = as_sequences(X, self.N)
        return batch_major(self._run(time_major(X))[4], X.ndim == 2)

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
            init.append(v)
        G, C, HC, Y, P = self._run(time_major(X), *init)
        bm = lambda A: batch_major(np.ascontiguousarray(A), single)  # noqa: E731
        return LSTMRun(z=bm(G[0]), i=bm(G[1]), f=bm(G[2]), c=bm(C[1:]), o=bm(G[3]),
                       y=bm(Y[1:]), outputs=batch_major(P, single))

    # -- loss and gradients -------------------------------------------------------------------
    def loss_and_grads(self, X: np.ndarray, T: np.ndarray, cost: str = "mse",
                       truncate: int | None | str = "model") -> tuple[float, dict[str, np.ndarray]]:
        """Loss and ``∂L/∂θ`` by BPTT for one sequence or a batch of sequences (math.md §5.3).

        Args:
            X: inputs ``(T, N)`` or ``(B, T, N)``.
            T: targets ``(T, K)`` or ``(B, T, K)``.
            cost: ``"mse"`` or ``"cross_entropy"`` (needs logistic outputs).
            truncate: ``None`` = full BPTT, ``h >= 0`` = BPTT(h); default: the model's ``truncate``.

        Returns:
            ``(loss, grads)``: the loss of a sequence is the sum of its per-step costs, a batch
            takes the mean over sequences; ``grads`` has the keys and shapes of :attr:`params`.
        """
        X = as_sequences(X, self.N)
        T = as_float_array(T, "T")
        check_same_leading(X, T, self.K)
        check_cost(cost, self.output_activation)
        h = self.truncate if isinstance(truncate, str) and truncate == "model" else check_truncate(truncate)
        return self._loss_and_grads(X, T, cost, h)

    def _loss_and_grads(self, X: np.ndarray, Tg: np.ndarray, cost: str,
                        truncate: int | None | str = "model") -> tuple[float, dict[str, np.ndarray]]:
        """BPTT of math.md §5.3 without input checks (the trainer's fast path).

        Deltas are the course's ``δ = −∂L/∂(pre-activation)``; the gradients returned are
        ``−Σ δ · input / B``.
        """
        if isinstance(truncate, str):
            truncate = self.truncate
        p = self.params
        M = self.M
        Xt, Tt = time_major(X), time_major(Tg)
        T, B, N = Xt.shape
        G, C, HC, Y, P = self._run(Xt, scratch=True)
        loss, Do = readout_loss_and_delta(P, Tt, cost, self._f_out)
        Dy_in = Do @ p["V"]                                    # Δ^t = V^T δo^t, (T, B, M)

        # Local derivatives of all steps at once (they do not depend on the recursion).
        z, i, f, o = G                                         # (T, B, M) each
        C_prev = C[:-1]
        work = self._scratch
        tmp = work("tmp", z.shape)
        A_o = work("A_o", z.shape)
        np.multiply(o, o - 1.0, out=tmp)
        np.multiply(tmp, HC, out=A_o)
        A_o *= -1.0                                            # ∂y/∂ō = h(c) σ'(ō) = h(c) o (1 − o)
        A_c = work("A_c", z.shape)
        np.multiply(HC, HC, out=tmp)
        np.subtract(o, np.multiply(o, tmp, out=tmp), out=A_c)  # ∂y/∂c = o h'(c) = o (1 − h²)
        Azif = work("Azif", (3,) + z.shape)
        np.multiply(z, z, out=tmp)
        np.subtract(i, np.multiply(i, tmp, out=tmp), out=Azif[0])       # ∂c/∂z̄ = i g'(z̄) = i (1 − z²)
        np.subtract(i, np.multiply(i, i, out=tmp), out=Azif[1])
        Azif[1] *= z                                                    # ∂c/∂ī = z σ'(ī) = z i (1 − i)
        np.subtract(f, np.multiply(f, f, out=tmp), out=Azif[2])
        Azif[2] *= C_prev                                               # ∂c/∂f̄ = c^{t-1} σ'(f̄)
        Kc = work("Kc", z.shape)                               # ∂c^t/∂c^{t-1}, all direct paths:
        Kc[...] = f                                            # through the forget gate,
        if self.peepholes:
            pi, pf, po = p["pi"], p["pf"], p["po"]
            A_c += np.multiply(A_o, po, out=tmp)               # ... (and y through p_o into ō)
            Kc += np.multiply(Azif[1], pi, out=tmp)            # ... through p_i into ī,
            Kc += np.multiply(Azif[2], pf, out=tmp)            # ... through p_f into f̄
        R = np.stack([p["R" + g] for g in GATES])              # (4, M, M): δy gets Σ_k δ_k R_k (rows)
        dG = work("dG", (4, T, B, M))                          # δz̄, δī, δf̄, δō of every step
        multiply, matmul = np.multiply, np.matmul
        if truncate is None or truncate >= T - 1:
            dy = np.empty((B, M))
            dc = np.empty((B, M))
            carry = np.zeros((B, M))                           # δc^{t+1} ∂c^{t+1}/∂c^t
            rec = np.zeros((B, M))                             # Σ R_*^T δ*̄^{t+1}
            rec4 = np.empty((4, B, M))
            for t in range(T - 1, -1, -1):
                np.add(Dy_in[t], rec, out=dy)                  # δy^t
                d = dG[:, t]
                multiply(dy, A_o[t], out=d[3])                 # δō^t
                multiply(dy, A_c[t], out=dc)
                dc += carry                                    # δc^t
                multiply(dc, Azif[:, t], out=d[:3])            # δz̄^t, δī^t, δf̄^t
                multiply(dc, Kc[t], out=carry)
                matmul(d, R, out=rec4)
                np.add.reduce(rec4, axis=0, out=rec)
        else:
            # BPTT(h): deltas kept apart by age (steps since injection); older than h are dropped.
            H = truncate + 1
            dy = np.zeros((H, B, M))
            carry = np.zeros((H, B, M))
            rec = np.zeros((H, B, M))
            for t in range(T - 1, -1, -1):
                dy[1:] = rec[:-1]
                dy[0] = Dy_in[t]
                cin = np.concatenate([np.zeros((1, B, M)), carry[:-1]])
                do = dy * A_o[t]                               # (H, B, M)
                dc = dy * A_c[t] + cin
                dzif = dc[:, None] * Azif[:, t]                # (H, 3, B, M)
                dG[:3, t] = dzif.sum(axis=0)
                dG[3, t] = do.sum(axis=0)
                carry = dc * Kc[t]
                rec = (np.concatenate([dzif, do[:, None]], axis=1) @ R).sum(axis=1)

        s = -1.0 / B                                           # ∂L/∂θ = −G, mean over sequences
        dGk = dG.reshape(4, T * B, M).transpose(0, 2, 1)       # (4, M, T·B)
        X1 = work("X1", (T * B, N + 1))                        # [x^t, 1]: G_W* and G_b* in one product
        X1[:, :N] = Xt.reshape(T * B, N)
        X1[:, N] = 1.0
        gWb = (dGk @ X1) * s                                   # G_W* = Σ_t δ*̄^t x^{t T}, G_b* = Σ_t δ*̄^t
        gW, gb = gWb[:, :, :N], gWb[:, :, N]
        gR = (dGk @ Y[:-1].reshape(T * B, M)) * s              # G_R* = Σ_t δ*̄^t y^{t-1 T}
        grads: dict[str, np.ndarray] = {}
        for k, g in enumerate(GATES):
            grads["W" + g] = gW[k]
        for k, g in enumerate(GATES):
            grads["R" + g] = gR[k]
        for k, g in enumerate(GATES):
            grads["b" + g] = gb[k]
        if self.peepholes:
            grads["pi"] = np.einsum("tbm,tbm->m", C_prev, dG[1]) * s    # Σ c^{t-1} δī^t
            grads["pf"] = np.einsum("tbm,tbm->m", C_prev, dG[2]) * s    # Σ c^{t-1} δf̄^t
            grads["po"] = np.einsum("tbm,tbm->m", C[1:], dG[3]) * s     # Σ c^t δō^t
        Do2 = Do.reshape(T * B, self.K)
        grads["V"] = (Do2.T @ Y[1:].reshape(T * B, M)) * s
        grads["c"] = Do2.sum(axis=0) * s
        return loss / B, grads
