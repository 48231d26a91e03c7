"""One Synaptic-style LSTM layer trained by LSTM-g, in matrix form (math.md §6.6).

:class:`VectorisedLSTM` computes exactly what the unit graph of ``graph.LSTM(N, M, K)`` computes (one
block layer; peepholes all-to-all, one-to-one or none; input → output on or off), with matrices
instead of loops over units: a test proves the two equal to 1e-12 on the same weights.

**Read the equations here**, in three functions, one line per equation of math.md §6.6:

* :func:`lstm_g_forward` — one step forward and the traces (``layer.activate``);
* :func:`lstm_g_updates` — the responsibilities and ``Δw/α`` of every weight for a target;
* :func:`lstm_g_propagate` — the updates applied (``layer.propagate``).

:class:`VectorisedLSTM` runs the same equations in a faster form: numba's compiled loops when numba is
installed (``pip install nnteach[fast]``), else a fused numpy form (stacked gate matrices, arrays
updated in place, few numpy calls).  Both are private modules; the project's tests prove both equal to
the three functions above (to 1e-12).

Shapes: ``N`` inputs, ``M`` cells (one per block), ``K`` outputs.  A gate reads ``u = [x, 1, ȳ_c]``
(inputs, the bias's constant 1, the cells' activations as its peepholes), so each gate has one weight
matrix ``[W | b | U]`` of shape ``(M, N + 1 + M)``; ``params`` holds live views of its parts.

Forward, with ``ȳ_c = y_c(t−1)``, ``s̄ = s_c(t−1)`` (input and forget gates are activated before the
cells, so their peepholes see ``ȳ_c``; output gates after, so they see ``y_c(t)``)::

    ι = σ(W_i x + b_i + U_i ȳ_c)        φ = σ(W_f x + b_f + U_f ȳ_c)        a = W_c x
    s_c = φ ⊙ s̄ + ι ⊙ a + b_c            y_c = σ(s_c)                         (the cell bias is ungated)
    ω = σ(W_o x + b_o + U_o y_c)         y = σ(V (ω ⊙ y_c) + W_k x + b_k)

Traces (row ``m`` decays by ``φ_m``, the gain of cell ``m``'s self-connection)::

    E_c ← φ E_c + ι xᵀ,   e_bc ← φ e_bc + 1                      (eligibility of the cells' inputs)
    X_i ← φ X_i + (σ'(ι) ⊙ a) uᵀ,   X_f ← φ X_f + (σ'(φ) ⊙ s̄) uᵀ    (extended traces of the gates)

Errors and updates (``α`` the rate)::

    δ_k = t − y     δ_o = σ'(ω) ⊙ y_c ⊙ Vᵀδ_k     δ_c = σ'(y_c) ⊙ (ω ⊙ Vᵀδ_k + U_oᵀ δ_o)
    [V | W_k | b_k] += α δ_k [ω ⊙ y_c, x, 1]ᵀ      [W_o | b_o | U_o] += α δ_o [x, 1, y_c]ᵀ
    W_c += α δ_c ⊙_row E_c,  b_c += α δ_c ⊙ e_bc,  [W_i|b_i|U_i] += α δ_c ⊙_row X_i,  same for f.

Memory: the traces are ``M·N + M + 2·M·(N + 1 + M)`` numbers, whatever the length of the sequence
(:meth:`VectorisedLSTM.trace_size`).
"""
from __future__ import annotations

import importlib.util

import numpy as np

from ..activations import logistic
from ..validation import (MAX_PARAMETERS, as_float_array, check_bool, check_choice, check_count, check_keys,
                          check_number, check_seed, positive_int)

__all__ = ["VectorisedLSTM", "fast_available", "lstm_g_forward", "lstm_g_updates", "lstm_g_propagate"]

PEEPHOLES = ("all_to_all", "one_to_one", None)


def fast_available() -> bool:
    """True if numba is installed, so ``VectorisedLSTM(..., fast=True)`` can run compiled loops."""
    return importlib.util.find_spec("numba") is not None


def _sigma_prime(y: np.ndarray) -> np.ndarray:
    """σ'(s) from the output y = σ(s): y (1 − y)."""
    return y * (1.0 - y)


# -- the readable LSTM-g layer: one line per equation of math.md §6.6 ---------------------------------

def lstm_g_forward(layer: "VectorisedLSTM", x: np.ndarray) -> np.ndarray:
    """One step forward and the traces, Eqs. (15)–(18) in matrix form (math.md §6.6).

    Args:
        layer: the :class:`VectorisedLSTM` (its state, traces and weights; the state and traces are
            updated in place).
        x: ``(N,)`` the inputs of this step (not checked: :meth:`VectorisedLSTM.activate` checks them).

    Returns:
        ``(K,)`` the outputs ``y``.
    """
    Gi, Gf, Go = layer.gate_weights["i"], layer.gate_weights["f"], layer.gate_weights["o"]
    s_bar = layer.cell_state.copy()                                   # s_c(t−1)
    u = np.concatenate([x, [1.0], layer.cell_activation])            # [x, 1, ȳ_c]
    iota = logistic(Gi @ u)                                           # input gates
    phi = logistic(Gf @ u)                                            # forget gates
    a = layer.Wc @ x                                                  # what the input gates let in
    s = phi * s_bar + iota * a + layer.bc                             # cells' states (Eq. 15)
    y_c = logistic(s)                                                 # cells' activations (Eq. 16)
    u_o = np.concatenate([x, [1.0], y_c])                             # [x, 1, y_c]
    omega = logistic(Go @ u_o)                                        # output gates
    r = np.concatenate([omega * y_c, x, [1.0]])                       # [ω ⊙ y_c, x, 1]
    y = logistic(layer.out_weights @ r)                               # outputs
    tr = layer.traces                                                 # traces, Eqs. (17)-(18)
    decay = phi[:, None]                                              # row m decays by φ_m
    tr["Ec"][...] = decay * tr["Ec"] + iota[:, None] * x              # ι xᵀ
    tr["ebc"][...] = phi * tr["ebc"] + 1.0                            # the cell bias is ungated
    tr["Xi"][...] = decay * tr["Xi"] + (_sigma_prime(iota) * a)[:, None] * u      # (σ'(ι) ⊙ a) uᵀ
    tr["Xf"][...] = decay * tr["Xf"] + (_sigma_prime(phi) * s_bar)[:, None] * u   # (σ'(φ) ⊙ s̄) uᵀ
    for name, value in (("u", u), ("u_o", u_o), ("r", r), ("input_gate", iota), ("forget_gate", phi),
                        ("cell_input", a), ("previous_cell_state", s_bar), ("cell_state", s),
                        ("cell_activation", y_c), ("output_gate", omega), ("output", y)):
        getattr(layer, name)[...] = value                             # the layer keeps this step's values
    return y


def lstm_g_updates(layer: "VectorisedLSTM", target: np.ndarray) -> dict[str, np.ndarray]:
    """The responsibilities and ``Δw/α`` of every weight for ``target`` at this step (math.md §6.6).

    Eq. (10) for the outputs, δ^G of the output gates (they gate the cells' connections to the outputs),
    δ^P of the cells, Eqs. (13) and (24) for the updates.  The deltas are stored in the layer
    (``delta_output``, ``delta_output_gate``, ``delta_cell``); nothing else changes.

    Returns:
        ``{name: Δw/α}`` with the keys and shapes of ``layer.params`` (0 where a weight does not exist).
    """
    N, M = layer.N, layer.M
    V, Uo = layer.out_weights[:, :M], layer.gate_weights["o"][:, N + 1:]
    omega, y_c, tr = layer.output_gate, layer.cell_activation, layer.traces
    d_k = target - layer.output                                       # Eq. (10)
    back = V.T @ d_k                                                  # Σ_k δ_k w_kc
    d_o = _sigma_prime(omega) * y_c * back                            # output gates: δ^G
    d_c = _sigma_prime(y_c) * (omega * back + Uo.T @ d_o)             # cells: δ^P, Eq. (21)
    layer.delta_output[...], layer.delta_output_gate[...], layer.delta_cell[...] = d_k, d_o, d_c
    out = np.outer(d_k, layer.r) * layer.out_mask                     # Eq. (13): [V | W_k | b_k]
    gates = {"o": np.outer(d_o, layer.u_o),                           # δ^G_o [x, 1, y_c]ᵀ
             "i": d_c[:, None] * tr["Xi"],                            # Eq. (24): δ_k e^k, row by row
             "f": d_c[:, None] * tr["Xf"]}
    G = {"Wc": d_c[:, None] * tr["Ec"], "bc": d_c * tr["ebc"]}        # Eq. (24): δ^P e
    for g, update in gates.items():
        update = update * layer.gate_mask
        G[f"W{g}"], G[f"b{g}"] = update[:, :N], update[:, N]
        if layer.peepholes is not None:
            G[f"U{g}"] = update[:, N + 1:]
    G["V"], G["bk"] = out[:, :M], out[:, M + N]
    if layer.input_to_output:
        G["Wk"] = out[:, M:M + N]
    return G


def lstm_g_propagate(layer: "VectorisedLSTM", rate: float, target: np.ndarray) -> None:
    """Learn from ``target`` at this step: ``w ← w + α Δw/α`` for every weight (:func:`lstm_g_updates`)."""
    G = lstm_g_updates(layer, target)
    if rate:
        for name, update in G.items():
            layer.params[name] += rate * update


# -- the layer --------------------------------------------------------------------------------------------

class VectorisedLSTM:
    """A Synaptic LSTM with one block layer, ``LSTM(N, M, K)``, trained online by LSTM-g (math.md §6.6).

    Args:
        n_inputs, n_cells, n_outputs: ``N``, ``M``, ``K``.
        peepholes: ``"all_to_all"`` (Synaptic's default), ``"one_to_one"`` or ``None``.
        input_to_output: direct input → output weights (Synaptic's default True).
        seed: weights and biases uniform in [−0.1, 0.1) from ``default_rng(seed)``, gate biases 1 (as
            Synaptic); the same seed gives the same layer.
        fast: run numba's compiled loops (True; needs numba) or the fused numpy form (False);
            ``None``: compiled when numba is installed.  Both compute the same numbers (to ~1e-13).

    Attributes:
        params: live arrays ``Wi bi Ui Wf bf Uf Wc bc Wo bo Uo V Wk bk`` (``U*`` only with peepholes,
            ``Wk`` only with ``input_to_output``); ``W*[m, n]`` is the weight to unit m from input n.
        traces: ``Ec (M, N)``, ``ebc (M,)``, ``Xi``, ``Xf`` ``(M, N + 1 + M)``.
        After ``activate``: ``input_gate``, ``forget_gate``, ``cell_state``, ``cell_activation``,
        ``output_gate``, ``output``.  After ``propagate``: ``delta_output (K,)``,
        ``delta_output_gate (M,)``, ``delta_cell (M,)``.  All these arrays are updated in place at
        every step: copy one to keep a step's values.
    """

    def __init__(self, n_inputs: int, n_cells: int, n_outputs: int, *, peepholes: str | None = "all_to_all",
                 input_to_output: bool = True, seed: int | None = None, fast: bool | None = None) -> None:
        shapes = self.param_shapes({"n_inputs": n_inputs, "n_cells": n_cells, "n_outputs": n_outputs,
                                    "peepholes": peepholes, "input_to_output": input_to_output})
        (M, N), K = shapes["Wc"], shapes["V"][0]
        self.N, self.M, self.K = N, M, K
        self.peepholes, self.input_to_output = peepholes, bool(input_to_output)
        self.seed = check_seed(seed)
        rng = np.random.default_rng(seed)
        P = N + 1 + M
        draw = lambda *shape: rng.uniform(-0.1, 0.1, size=shape)  # noqa: E731
        # The three gates' [W | b | U] stacked in one array (the fast forms read ig and fg at once).
        self._gates = np.empty((3, M, P))
        self.gate_weights = {g: self._gates[k] for k, g in enumerate("ifo")}
        for g in "ifo":                                              # drawn in this order (reproducible)
            self.gate_weights[g][...] = draw(M, P)
            self.gate_weights[g][:, N] = 1.0                         # gate biases start at 1 (Synaptic)
        self.Wc, self.bc = draw(M, N), draw(M)
        self.out_weights = draw(K, M + N + 1)                        # [V | Wk | bk]
        # which entries exist (the others stay 0): peepholes and the direct input → output weights
        self.gate_mask = np.ones((M, P))
        self.gate_mask[:, N + 1:] = {"all_to_all": 1.0, "one_to_one": np.eye(M), None: 0.0}[peepholes]
        self.out_mask = np.ones((K, M + N + 1))
        self.out_mask[:, M:M + N] = 1.0 if input_to_output else 0.0
        self._gates *= self.gate_mask
        self.out_weights *= self.out_mask
        self._bind()
        self._allocate()
        self.fast = fast_available() if fast is None else check_bool(fast, "fast (True, False or None)")

    def _bind(self) -> None:
        """``params``: named live views into the packed weight matrices."""
        N, M = self.N, self.M
        p: dict[str, np.ndarray] = {}
        for g in "ifo":
            G = self.gate_weights[g]
            p[f"W{g}"], p[f"b{g}"] = G[:, :N], G[:, N]
            if self.peepholes is not None:
                p[f"U{g}"] = G[:, N + 1:]
            if g == "f":
                p["Wc"], p["bc"] = self.Wc, self.bc
        p["V"] = self.out_weights[:, :M]
        if self.input_to_output:
            p["Wk"] = self.out_weights[:, M:M + N]
        p["bk"] = self.out_weights[:, M + N]
        self.params = p

    def _allocate(self) -> None:
        """The state, traces and deltas: arrays made once and updated in place by every form."""
        N, M, K = self.N, self.M, self.K
        P = N + 1 + M
        self._gate_values = np.zeros((2, M))           # ι and φ, one array (the fast forms fill both at once)
        self.input_gate, self.forget_gate = self._gate_values[0], self._gate_values[1]
        self._a_and_s_bar = np.zeros((2, M))           # a and s̄ side by side (they scale Xi and Xf)
        self.cell_input, self.previous_cell_state = self._a_and_s_bar[0], self._a_and_s_bar[1]
        self.output_gate, self.cell_state, self.cell_activation = np.zeros(M), np.zeros(M), np.zeros(M)
        self.output = np.zeros(K)
        self.u = np.zeros(P)                           # [x, 1, ȳ_c] the input and forget gates read
        self.u_o = np.zeros(P)                         # [x, 1, y_c] the output gates read
        self.r = np.zeros(M + N + 1)                   # [ω ⊙ y_c, x, 1] the outputs read
        # Ec, Xi and Xf in one array (the fused form decays and adds to all three at once; Ec is the first
        # N columns of the first block, the fused form's other columns there are never read)
        self._traces = np.zeros((3, M, P))
        self.traces = {"Ec": self._traces[0][:, :N], "ebc": np.zeros(M), "Xi": self._traces[1],
                       "Xf": self._traces[2]}
        self.delta_output, self.delta_output_gate, self.delta_cell = np.zeros(K), np.zeros(M), np.zeros(M)
        self._state_arrays = [self._gate_values, self._a_and_s_bar, self.output_gate, self.cell_state,
                              self.cell_activation, self.output, self.u, self.u_o, self.r, self._traces,
                              self.traces["ebc"], self.delta_output, self.delta_output_gate,
                              self.delta_cell]
        self.clear()

    @property
    def fast(self) -> bool:
        """True: numba's compiled loops run the steps; False: the fused numpy form."""
        return self._fast

    @fast.setter
    def fast(self, value: bool) -> None:
        if value and not fast_available():
            raise ValueError("fast=True needs numba (pip install nnteach[fast]); use fast=False or fast=None")
        self._fast = bool(value)
        if self._fast:
            from . import _lstm_g_kernels as engine
            gi, gf, go = self.gate_weights["i"], self.gate_weights["f"], self.gate_weights["o"]
            tr = self.traces
            self._forward_arrays = (gi, gf, go, self.Wc, self.bc, self.out_weights, self.u, self.u_o, self.r,
                                    self.input_gate, self.forget_gate, self.output_gate, self.cell_input,
                                    self.cell_state, self.previous_cell_state, self.cell_activation, self.output,
                                    tr["Ec"], tr["ebc"], tr["Xi"], tr["Xf"])
            self._learn_arrays = (gi, gf, go, self.Wc, self.bc, self.out_weights, self.gate_mask, self.out_mask,
                                  self.u, self.u_o, self.r, self.output_gate, self.cell_activation, self.output,
                                  tr["Ec"], tr["ebc"], tr["Xi"], tr["Xf"], self.delta_output,
                                  self.delta_output_gate, self.delta_cell)
        else:
            from . import _lstm_g_numpy as engine
            work = engine.Workspace(self._gates, self.Wc, self.bc, self.out_weights, self.gate_mask, self.out_mask,
                                    self._gate_values, self._a_and_s_bar, self.cell_state, self.cell_activation,
                                    self.output_gate, self.output, self.u, self.u_o, self.r, self._traces,
                                    self.traces["ebc"], self.delta_output, self.delta_output_gate,
                                    self.delta_cell)
            self._forward_arrays = self._learn_arrays = (work,)
        self._engine = engine

    # -- state -------------------------------------------------------------------------------------

    def clear(self) -> None:
        """Start a fresh sequence: activations, states and traces to zero; weights kept."""
        for a in self._state_arrays:
            a[...] = 0.0
        N, M = self.N, self.M
        self.u[N] = self.u_o[N] = self.r[M + N] = 1.0

    def trace_size(self) -> int:
        """How many numbers the traces hold (the same after any number of steps: LSTM-g's memory)."""
        return int(sum(t.size for t in self.traces.values()))

    # -- one time step -----------------------------------------------------------------------------

    def activate(self, x) -> np.ndarray:
        """One step forward and the traces; ``x (N,)`` → outputs ``(K,)`` (a copy).

        Computes :func:`lstm_g_forward` (read that) in a fast form (see :attr:`fast`)."""
        x = self._check_shape(x, self.N, "x")
        if not self._engine.activate(x, *self._forward_arrays):       # checks finiteness first (cheaper)
            raise ValueError("x contains NaN or infinite values; expected finite numbers")
        return self.output.copy()

    def propagate(self, rate: float, target) -> None:
        """Responsibilities and weight updates for ``target (K,)`` at this step (rate 0: nothing moves).

        Computes :func:`lstm_g_propagate` (read that, and :func:`lstm_g_updates`) in a fast form."""
        rate = self._check_rate(rate)
        target = self._check_shape(target, self.K, "target")
        if not self._engine.propagate(rate, target, *self._learn_arrays):
            raise ValueError("target contains NaN or infinite values; expected finite numbers")

    # -- sequences ---------------------------------------------------------------------------------

    def forward(self, X) -> np.ndarray:
        """Outputs for ``(T, N)`` or ``(B, T, N)``, learning off; each sequence starts fresh."""
        X = as_float_array(X, "X")
        if X.ndim not in (2, 3) or X.shape[-1] != self.N or 0 in X.shape:
            raise ValueError(f"X has shape {X.shape}; expected one sequence (T, {self.N}) or a batch of "
                             f"sequences (B, T, {self.N})")
        batch = X if X.ndim == 3 else X[None]
        Y = np.empty(batch.shape[:2] + (self.K,))
        step, arrays = self._engine.activate, self._forward_arrays
        for b, seq in enumerate(batch):
            self.clear()
            for t, x in enumerate(seq):                 # X was checked (finite) above
                step(np.ascontiguousarray(x), *arrays)
                Y[b, t] = self.output
        return Y if X.ndim == 3 else Y[0]

    # -- conversions -------------------------------------------------------------------------------

    def config(self) -> dict:
        return {"n_inputs": self.N, "n_cells": self.M, "n_outputs": self.K, "peepholes": self.peepholes,
                "input_to_output": self.input_to_output, "seed": self.seed}

    CONFIG_NAMES = ("n_inputs", "n_cells", "n_outputs", "peepholes", "input_to_output", "seed")

    @classmethod
    def param_shapes(cls, config: dict) -> dict[str, tuple[int, ...]]:
        """The names and shapes of :attr:`params` for a config, checked, without building the layer."""
        config = check_keys(config, "the config of VectorisedLSTM", cls.CONFIG_NAMES[:3], cls.CONFIG_NAMES[3:])
        N, M, K = (positive_int(config[name], name, maximum=MAX_PARAMETERS) for name in cls.CONFIG_NAMES[:3])
        peepholes = config.get("peepholes", "all_to_all")
        if peepholes is not None:
            check_choice(peepholes, PEEPHOLES[:2] + (None,), "peepholes")
        input_to_output = check_bool(config.get("input_to_output", True), "input_to_output")
        shapes: dict[str, tuple[int, ...]] = {}
        for g in "ifo":
            shapes[f"W{g}"], shapes[f"b{g}"] = (M, N), (M,)
            if peepholes is not None:
                shapes[f"U{g}"] = (M, M)
            if g == "f":
                shapes["Wc"], shapes["bc"] = (M, N), (M,)
        shapes["V"] = (K, M)
        if input_to_output:
            shapes["Wk"] = (K, N)
        shapes["bk"] = (K,)
        # the packed matrices hold every gate's [W | b | U] and [V | Wk | bk] whatever the options
        check_count(3 * M * (N + 1 + M) + M * (N + 1) + K * (M + N + 1), f"VectorisedLSTM({N}, {M}, {K})",
                    MAX_PARAMETERS, "parameters")
        return shapes

    @classmethod
    def from_config(cls, config: dict) -> "VectorisedLSTM":
        """Rebuild an (untrained) layer from :meth:`config` (checked; an unknown entry is a ``ValueError``)."""
        config = check_keys(config, "the config of VectorisedLSTM", cls.CONFIG_NAMES[:3], cls.CONFIG_NAMES[3:])
        return cls(config["n_inputs"], config["n_cells"], config["n_outputs"],
                   peepholes=config.get("peepholes", "all_to_all"), input_to_output=config.get("input_to_output", True),
                   seed=config.get("seed"))

    def copy(self) -> "VectorisedLSTM":
        """An independent copy with the same weights and a fresh state."""
        other = VectorisedLSTM.from_config(self.config())
        other.fast = self.fast
        for name, value in self.params.items():
            other.params[name][...] = value
        return other

    @classmethod
    def from_network(cls, net, *, fast: bool | None = None) -> "VectorisedLSTM":
        """The same weights as ``net``, a unit graph built by ``graph.LSTM(N, M, K, …)`` with one block
        layer and no recurrent options (or loaded from such a network).

        Raises:
            ValueError: the network does not have that wiring (the message names what differs).
        """
        from .lstm_wiring import lstm_weights_from_network
        found = lstm_weights_from_network(net)
        layer = cls(found["N"], found["M"], found["K"], peepholes=found["peepholes"],
                    input_to_output=found["input_to_output"], fast=fast)
        for name, value in found["params"].items():
            layer.params[name][...] = value
        return layer

    def to_network(self, mode: str = "paper"):
        """The unit graph ``graph.LSTM(N, M, K, …)`` with these weights (a fresh state)."""
        from .lstm_wiring import network_from_lstm_weights
        return network_from_lstm_weights(self.N, self.M, self.K, self.peepholes, self.input_to_output,
                                         self.params, mode=mode)

    # -- checks and printing -----------------------------------------------------------------------

    @staticmethod
    def _check_shape(v, n: int, what: str) -> np.ndarray:
        """``v`` as a float array of shape ``(n,)`` (types checked; the compiled kernel checks finiteness)."""
        if isinstance(v, np.ndarray) and v.dtype == np.float64:
            a = v
        else:
            try:
                a = as_float_array(v, what)
            except ValueError as exc:
                if "NaN" not in str(exc):
                    raise
                a = np.asarray(v, dtype=float)         # non-finite: the kernel says so
        if a.shape != (n,):
            raise ValueError(f"{what} has shape {a.shape}; expected ({n},)")
        return a

    @staticmethod
    def _check_rate(rate) -> float:
        return check_number(rate, "rate", low=0.0)

    def n_parameters(self) -> int:
        return int(sum(m.sum() for m in (self.gate_mask,) * 3) + self.Wc.size + self.bc.size + self.out_mask.sum())

    def __repr__(self) -> str:
        options = f"peepholes={self.peepholes!r}, input_to_output={self.input_to_output}"
        return (f"<VectorisedLSTM {self.N}-{self.M}-{self.K} ({options}; {self.n_parameters()} weights, "
                f"{'compiled' if self.fast else 'numpy'})>")
