"""Recurrent building blocks at the neuron level, small enough to follow by hand (notebooks 07–08).

* :class:`SelfConnectedNeuron`: one neuron that feeds back to itself, in either of the two
  ways of math.md §3.1 —

  - activation feedback (Elman):  ``s(t) = w y(t−1) + w_in x(t) + b``,  ``y = f(s)``
  - state feedback (Synaptic):    ``s(t) = w s(t−1) + w_in x(t) + b``,  ``y = f(s)``

  and the factor ``∂s(t)/∂s(t−q)`` by which an error fades or grows over q steps (§3.4).
* :class:`MemoryCell`: a cell whose state loops back through a forget-gated self-connection,
  written to through an input-gated connection and read through an output-gated one
  (gates are second-order, multiplicative connections, §5.1)::

      s(t) = f(t) · w_self · s(t−1) + i(t) · g(w_in · x(t) + b)
      y(t) = o(t) · h(s(t))

  Gate values can be given (numbers or sequences, e.g. from sliders) or computed from the
  inputs by a :class:`Gate`, ``σ(w · x(t) + b)``.
* :class:`ConstantErrorCarousel`: the ungated identity cell with ``w_self = 1`` (§4), whose
  error flow is exactly 1 over any number of steps.

Time runs ``t = 1 … T``; the input sequence ``x`` has ``x[k]`` = the input at ``t = k + 1``,
either one number per step ``(T,)`` or ``N`` numbers per step ``(T, N)``.  Every trace holds
arrays of length ``T`` for ``t = 1 … T``; the initial state ``s(0) = s0`` is kept apart.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import activations
from .validation import ArgumentTypeError, as_float_array, check_number, describe, positive_int, whole_number

__all__ = ["SelfConnectedNeuron", "NeuronTrace", "Gate", "MemoryCell", "ConstantErrorCarousel", "CellTrace",
           "error_factors"]

FEEDBACK = ("activation", "state")


# -- small helpers -----------------------------------------------------------------------------
def _inputs(x, w_in) -> tuple[np.ndarray, np.ndarray]:
    """Inputs as ``(T, N)`` and input weights as ``(N,)``; ``ValueError`` on a mismatch."""
    x = as_float_array(x, "x")
    w = as_float_array(w_in, "w_in")
    if x.ndim == 1:
        x = x[:, None]
    if x.ndim != 2 or x.shape[0] == 0:
        raise ValueError(f"x has shape {x.shape}; expected a sequence of shape (T,) or (T, N) with T >= 1")
    w = w.reshape(-1) if w.ndim <= 1 else w
    if w.shape not in ((1,), (x.shape[1],)):
        raise ValueError(f"w_in has shape {w.shape}; expected a number or shape ({x.shape[1]},) "
                         f"(one weight per input of x {x.shape})")
    return x, np.broadcast_to(w, (x.shape[1],))


def _number(value, what: str) -> float:
    return check_number(value, f"{what} (one number)")


def _factors_from_steps(a: np.ndarray, t: int | None) -> np.ndarray:
    """``F[q] = ∏_{k=t−q}^{t−1} a[k]`` for q = 0 … t, where ``a[k] = ∂s(k+1)/∂s(k)``."""
    T = len(a)
    t = T if t is None else whole_number(t, f"t (a number of steps with 1 <= t <= {T})", None)
    if not 1 <= t <= T:
        raise ValueError(f"t must be a whole number of steps with 1 <= t <= {T}; got {t!r}")
    return np.concatenate([[1.0], np.cumprod(a[:t][::-1])])


# -- one self-connected neuron -------------------------------------------------------------------
@dataclass
class NeuronTrace:
    """States and activations of a :class:`SelfConnectedNeuron` over ``t = 1 … T``.

    Attributes:
        x: the inputs ``(T, N)``.
        s: states ``s(t)``, ``(T,)``.
        y: activations ``y(t) = f(s(t))``, ``(T,)``.
        s0: the initial state ``s(0)``.
        neuron: the neuron that produced the trace.
    """

    x: np.ndarray
    s: np.ndarray
    y: np.ndarray
    s0: float
    neuron: "SelfConnectedNeuron" = field(repr=False)

    @property
    def t(self) -> np.ndarray:
        """The times ``1 … T`` (for plots)."""
        return np.arange(1, len(self.s) + 1)

    def step_factors(self) -> np.ndarray:
        """``a[k] = ∂s(k+1)/∂s(k)`` for k = 0 … T−1, ``(T,)``.

        Activation feedback: ``w f'(s(k))`` (the error passes through f' every step, math.md §3.4);
        state feedback: ``w`` (no f' in the loop, §3.1).
        """
        n = self.neuron
        if n.feedback == "state":
            return np.full(len(self.s), n.w)
        s_prev = np.concatenate([[self.s0], self.s[:-1]])
        return n.w * n._f.df(s_prev)

    def error_factors(self, t: int | None = None) -> np.ndarray:
        """``F[q] = ∂s(t)/∂s(t−q)`` for q = 0 … t (default t = T), Eq. (7.6), math.md §3.4.

        ``F[q] = ∏_{r=1}^{q} w f'(s(t−r))`` for activation feedback, ``w^q`` for state feedback
        (so exactly 1 for the state loop with w = 1: a constant error carousel).
        """
        return _factors_from_steps(self.step_factors(), t)


class SelfConnectedNeuron:
    """One neuron with a self-connection of weight ``w``: Eq. (7.1) or (7.2) (math.md §3.1, §3.4).

    Args:
        w: weight of the self-connection.
        feedback: ``"activation"``: ``s(t) = w y(t−1) + w_in·x(t) + b`` (Elman, the error fades by
            ``w f'`` per step); ``"state"``: ``s(t) = w s(t−1) + w_in·x(t) + b`` (Synaptic's
            self-connection; the error is scaled by ``w`` per step).
        activation: f (``"logistic"``, ``"tanh"``, ``"identity"``, ``"relu"``).
        w_in: input weight(s): a number, or one per input.
        bias: the bias b.
        s0: the initial state ``s(0)`` (``y(0) = f(s0)``).
    """

    def __init__(self, w: float = 1.0, feedback: str = "activation", activation: str = "logistic",
                 w_in: float | np.ndarray = 1.0, bias: float = 0.0, s0: float = 0.0) -> None:
        if not isinstance(feedback, str):
            raise ArgumentTypeError(f"feedback must be one of {', '.join(map(repr, FEEDBACK))}; got {describe(feedback)}")
        if feedback not in FEEDBACK:
            raise ValueError(f"unknown feedback {feedback!r}; expected one of {', '.join(map(repr, FEEDBACK))}")
        self.w = _number(w, "w")
        self.feedback = feedback
        self._f = activations.get(activation)
        self.activation = self._f.name
        self.w_in = as_float_array(w_in, "w_in")
        self.bias = _number(bias, "bias")
        self.s0 = _number(s0, "s0")

    def __repr__(self) -> str:
        loop = "w·y(t−1)" if self.feedback == "activation" else "w·s(t−1)"
        return (f"SelfConnectedNeuron(s(t) = {loop} + w_in·x(t) + b, w={self.w:g}, "
                f"activation={self.activation!r})")

    def step(self, s_prev: float, x_t: np.ndarray) -> float:
        """One step: the new state ``s(t)`` from ``s(t−1)`` and the input ``x(t)``."""
        back = self._f.f(s_prev) if self.feedback == "activation" else s_prev
        return float(self.w * back + np.sum(self.w_in * x_t) + self.bias)

    def run(self, x, s0: float | None = None) -> NeuronTrace:
        """Run over the inputs ``x`` (``(T,)`` or ``(T, N)``) from ``s(0) = s0`` (default: the neuron's)."""
        X, _ = _inputs(x, self.w_in)
        s_prev = self.s0 if s0 is None else _number(s0, "s0")
        start = s_prev
        s = np.empty(len(X))
        for k in range(len(X)):
            s_prev = s[k] = self.step(s_prev, X[k])
        return NeuronTrace(X, s, self._f.f(s), start, self)

    def error_factors(self, x, t: int | None = None) -> np.ndarray:
        """``∂s(t)/∂s(t−q)`` for q = 0 … t after running over ``x``: ``self.run(x).error_factors(t)``."""
        return self.run(x).error_factors(t)


def error_factors(w: float, steps: int | None, activation: str = "logistic", feedback: str = "activation",
                  x=None, s0: float = 0.0) -> np.ndarray:
    """The error-flow factors ``∂s(T)/∂s(T−q)``, q = 0 … T, of a self-connected neuron (§3.4).

    With no input ``x`` the neuron runs ``steps`` steps on zero input from ``s(0) = s0``
    (``steps``: a whole number 1 … 1 000 000; with ``x`` given, ``steps`` must be its length or None).
    Example (math.md §3.4): ``error_factors(1.0, 20)[-1]`` ≈ 1.3e-13 (logistic, activation feedback).
    """
    if x is None:
        x = np.zeros(positive_int(steps, "steps (a number of time steps)", maximum=1_000_000))
    elif steps is not None:
        n = len(as_float_array(x, "x"))
        if whole_number(steps, "steps (a number of time steps)", 1) != n:
            raise ValueError(f"steps is {steps}, but x holds {n} steps; give one of them (or both equal)")
    return SelfConnectedNeuron(w, feedback, activation, s0=s0).run(x).error_factors()


# -- gated memory cells ---------------------------------------------------------------------------
class Gate:
    """A gate computed from the inputs: ``value(t) = σ(w · x(t) + b)`` (a logistic unit, §5.1).

    Args:
        w: weight(s) from the inputs (a number or one per input).
        bias: the gate's bias (a large positive bias opens it, a large negative one shuts it).
    """

    def __init__(self, w: float | np.ndarray = 0.0, bias: float = 0.0) -> None:
        self.w = as_float_array(w, "gate weight w")
        self.bias = _number(bias, "gate bias")

    def values(self, X: np.ndarray) -> np.ndarray:
        """Gate values for the inputs ``X (T, N)``, shape ``(T,)``."""
        _, w = _inputs(X, self.w)
        return activations.logistic(X @ w + self.bias)

    def __repr__(self) -> str:
        return f"Gate(σ(w·x + b), w={self.w.tolist()}, bias={self.bias:g})"


def _gate_values(spec, X: np.ndarray, what: str) -> np.ndarray:
    """Gate spec -> values ``(T,)``: a number (constant), a sequence ``(T,)``, or a :class:`Gate`."""
    T = len(X)
    if isinstance(spec, Gate):
        return spec.values(X)
    v = as_float_array(spec, what)
    if v.ndim == 0:
        return np.full(T, float(v))
    if v.shape != (T,):
        raise ValueError(f"{what} has shape {v.shape}; expected a number, a Gate, or one value per "
                         f"step, shape ({T},)")
    return v.copy()


@dataclass
class CellTrace:
    """What a :class:`MemoryCell` did over ``t = 1 … T`` (arrays of shape ``(T,)``).

    Attributes:
        x: the inputs ``(T, N)``.
        i, f, o: input, forget and output gate values.
        u: the squashed cell input ``g(w_in · x(t) + b)``.
        s: cell states ``s(t)``.
        y: cell outputs ``y(t) = o(t) h(s(t))``.
        e: eligibility traces ``e(t) = ∂s(t)/∂w_in`` ``(T, N)``: ``e(t) = f(t) w_self e(t−1)
            + i(t) g'(·) x(t)`` (§4; ``t · x`` for the CEC with a constant input).
        s0: the initial state ``s(0)``.
        w_self: the weight of the self-connection.
    """

    x: np.ndarray
    i: np.ndarray
    f: np.ndarray
    o: np.ndarray
    u: np.ndarray
    s: np.ndarray
    y: np.ndarray
    e: np.ndarray
    s0: float
    w_self: float

    @property
    def t(self) -> np.ndarray:
        """The times ``1 … T`` (for plots)."""
        return np.arange(1, len(self.s) + 1)

    def step_factors(self) -> np.ndarray:
        """``a[k] = ∂s(k+1)/∂s(k) = f(k+1) · w_self`` for k = 0 … T−1."""
        return self.f * self.w_self

    def error_factors(self, t: int | None = None) -> np.ndarray:
        """``F[q] = ∂s(t)/∂s(t−q) = ∏_{r=0}^{q−1} f(t−r) · w_self`` for q = 0 … t, Eq. (8.5) (math.md §4).

        1 for every q in the ungated cell with ``w_self = 1`` (the constant error carousel).
        """
        return _factors_from_steps(self.step_factors(), t)

    def __repr__(self) -> str:
        return f"CellTrace(T={len(self.s)}, s(T)={self.s[-1]:.4f}, y(T)={self.y[-1]:.4f})"


class MemoryCell:
    """A memory cell with input, forget and output gates, Eq. (8.4) (math.md §4, §5.1)::

        s(t) = f(t) · w_self · s(t−1) + i(t) · g(w_in · x(t) + b)
        y(t) = o(t) · h(s(t))

    Each gate multiplies one connection (second order): the input gate the connection into
    the cell, the forget gate the self-connection, the output gate the connection out.

    Args:
        w_in: input weight(s), a number or one per input.
        bias: bias of the cell input.
        squash_in: g (default ``"identity"``, as the CEC of Hochreiter & Schmidhuber; LSTM uses tanh).
        squash_out: h (default ``"identity"``).
        input_gate, forget_gate, output_gate: default gate values: a number (constant; 1 = open,
            no gate), a sequence of one value per step, or a :class:`Gate` computed from the inputs.
        w_self: weight of the self-connection (1 for a CEC).
        s0: the initial state ``s(0)``.
    """

    def __init__(self, w_in: float | np.ndarray = 1.0, bias: float = 0.0, squash_in: str = "identity",
                 squash_out: str = "identity", input_gate=1.0, forget_gate=1.0, output_gate=1.0,
                 w_self: float = 1.0, s0: float = 0.0) -> None:
        self.w_in = as_float_array(w_in, "w_in")
        self.bias = _number(bias, "bias")
        self._g = activations.get(squash_in)
        self._h = activations.get(squash_out)
        self.gates = {"input_gate": input_gate, "forget_gate": forget_gate, "output_gate": output_gate}
        self.w_self = _number(w_self, "w_self")
        self.s0 = _number(s0, "s0")

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(s(t) = f·{self.w_self:g}·s(t−1) + i·{self._g.name}(w_in·x + b), "
                f"y = o·{self._h.name}(s))")

    def run(self, x, input_gate=None, forget_gate=None, output_gate=None, s0: float | None = None) -> CellTrace:
        """Run the cell over the inputs ``x`` (``(T,)`` or ``(T, N)``).

        The gate arguments override the cell's defaults for this run (a number, a sequence
        ``(T,)`` or a :class:`Gate`); ``s0`` overrides the initial state.
        """
        X, w = _inputs(x, self.w_in)
        given = {"input_gate": input_gate, "forget_gate": forget_gate, "output_gate": output_gate}
        i, f, o = (_gate_values(self.gates[k] if given[k] is None else given[k], X, k) for k in given)
        net = X @ w + self.bias
        u = self._g.f(net)                              # squashed cell input g(w_in·x + b)
        du = self._g.df_from_y(u)[:, None] * X          # ∂u/∂w_in, (T, N)
        s_prev = self.s0 if s0 is None else _number(s0, "s0")
        start = s_prev
        T = len(X)
        s = np.empty(T)
        e = np.empty_like(X)
        e_prev = np.zeros(X.shape[1])
        for k in range(T):
            s_prev = s[k] = f[k] * self.w_self * s_prev + i[k] * u[k]     # the gated CEC
            e_prev = e[k] = f[k] * self.w_self * e_prev + i[k] * du[k]    # eligibility, math.md §6.2 eq. (17)
        y = o * self._h.f(s)
        return CellTrace(X, i, f, o, u, s, y, e, start, self.w_self)


class ConstantErrorCarousel(MemoryCell):
    """The constant error carousel of Hochreiter & Schmidhuber, Eqs. (8.1) and (8.2) (math.md §4): an identity unit
    with a fixed self-connection of weight 1 and no gates, ``s(t) = s(t−1) + w_in·x(t) + b``,
    ``y = s``.  An error reaches any earlier step undiminished: ``∂s(t)/∂s(t−q) = 1``.
    """

    def __init__(self, w_in: float | np.ndarray = 1.0, bias: float = 0.0, s0: float = 0.0) -> None:
        super().__init__(w_in, bias, "identity", "identity", 1.0, 1.0, 1.0, 1.0, s0)

    def __repr__(self) -> str:
        return "ConstantErrorCarousel(s(t) = 1·s(t−1) + w_in·x(t) + b, y = s)"
