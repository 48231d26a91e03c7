"""Units and connections: the neuron-level LSTM-g, one equation per method (math.md §6.1–§6.3).

Read this module beside math.md §6.  A :class:`Unit` is Synaptic's ``Neuron`` done right:

* **Forward** (the network calls these for every unit, in its fixed activation order):
  :meth:`Unit.compute_state` is Eq. (15), :meth:`Unit.compute_activation` Eq. (16).  While it
  computes its state, a unit *remembers the values that entered it* (each connection's gain and
  input, its own previous state), because the traces of Eqs. (17)–(18) must use exactly those
  (math.md §6.2, "exact-math rule").
* **Traces** (after the whole forward sweep of the step): :meth:`Unit.update_traces` is Eqs. (17)
  and (18); :meth:`Unit.influence_on` is the "big parenthesis" ``B_kj`` of Eq. (18).
* **Errors** (in reverse activation order): :meth:`Unit.compute_delta` is Eq. (10) for an output
  unit, Eqs. (21)–(23) for the others.
* **Learning**: :meth:`Unit.update_weights` is Eq. (24) (Eq. (13) for an output unit).

Notation (math.md §0): ``j`` receives, ``i`` sends, ``k`` is a unit that ``j`` gates.  ``w_ji`` is
:attr:`Connection.weight` of the connection ``i → j``; its gain ``g_ji`` (Eq. 14) is the latest
activation of its gater, or 1 if it has none.  Deltas use the sign convention ``δ = −∂E/∂s``, so
every update has a plus sign: ``w ← w + α δ e``.

A unit's bias is a connection from :data:`ONE`, a unit that is always 1, with traces of its own
(math.md §6.7 item 5): ``unit.bias`` reads and sets that connection's weight.

Sets (Eqs. 19–20), for a unit ``j`` in a network: ``P_j`` = the units downstream of ``j`` (activated
after it) that ``j`` projects to; ``G_j`` = the units downstream of ``j`` into which ``j`` gates at
least one connection (possibly their self-connection).  "Downstream" needs the activation order,
which a :class:`~nnteach.graph.Network` gives every unit as :attr:`Unit.order`.
"""
from __future__ import annotations


import numpy as np

from .. import activations
from ..validation import ArgumentTypeError, check_number, check_seed, describe

__all__ = ["Unit", "Connection", "ONE", "HLIM", "unit_activation", "seed", "random_weight"]


# --- activation functions: nnteach's four, and Synaptic's hard limit -------------------------------

def _hlim(s):
    return (np.asarray(s, dtype=float) > 0).astype(float)


def _hlim_pseudo_derivative(y):
    return np.ones_like(np.asarray(y, dtype=float))


#: Synaptic's ``HLIM``: a step, 1 for s > 0, else 0.  Its "derivative" is 1 everywhere: a
#: straight-through pseudo-gradient, *not* the derivative of a step (which is 0 almost everywhere),
#: so that error can pass through the unit at all (math.md §1).
HLIM = activations.Activation("hlim", _hlim, _hlim_pseudo_derivative, "{0, 1}")


def unit_activation(name: str | activations.Activation) -> activations.Activation:
    """The activation of a graph unit by name: ``"logistic"``, ``"tanh"``, ``"identity"``, ``"relu"``
    or ``"hlim"`` (Synaptic's hard limit, see :data:`HLIM`)."""
    if isinstance(name, str) and name.lower() == "hlim":
        return HLIM
    if not isinstance(name, (str, activations.Activation)):
        raise ArgumentTypeError(f"activation must be one of {', '.join(map(repr, activations.names() + ['hlim']))}; "
                                f"got {describe(name)}")
    try:
        return activations.get(name)
    except ValueError:
        raise ValueError(f"unknown activation {name!r}; expected one of "
                         f"{', '.join(map(repr, activations.names() + ['hlim']))}") from None


# --- reproducible random weights ------------------------------------------------------------------

_generator = [np.random.default_rng(0)]


def seed(value: int | None) -> None:
    """Reset the generator that draws the weights you do not give (``weight=None``, ``bias=None``).

    Like Synaptic, such weights are uniform in [−0.1, 0.1); unlike Synaptic, the draws are
    reproducible: the generator starts from seed 0 when nnteach is imported, and ``seed(n)``
    restarts it.  The architecture builders take their own ``seed=`` and do not use it.
    """
    _generator[0] = np.random.default_rng(check_seed(value))


def random_weight(rng: np.random.Generator | None = None) -> float:
    """One weight uniform in [−0.1, 0.1), drawn from ``rng`` or from the generator of :func:`seed`."""
    return float((rng if rng is not None else _generator[0]).uniform(-0.1, 0.1))


def _weight(value, what: str) -> float:
    return check_number(value, what)


# --- the always-1 unit of the biases --------------------------------------------------------------

class _AlwaysOne:
    """The unit every bias comes from: its activation is always 1 (math.md §0)."""

    name = "1"
    activation = 1.0
    state = 1.0
    order = -1

    def __repr__(self) -> str:
        return "ONE"


#: The always-1 unit: ``unit.bias_connection.from_unit is ONE``.
ONE = _AlwaysOne()


# --- connections ----------------------------------------------------------------------------------

class Connection:
    """A weighted connection ``i → j`` (``from_unit → to_unit``), optionally gated (math.md §6.1).

    Attributes:
        from_unit, to_unit: the sending unit ``i`` and the receiving unit ``j``.
        weight: ``w_ji`` (settable).  A self-connection's weight is fixed: LSTM-g never trains it.
        gater: the :class:`Unit` that gates it, or ``None``.
        eligibility: ``e_ji``, Eq. (17): how much ``s_j`` moved per unit change of ``w_ji``, along
            ``j``'s self-connection only (math.md §6.4).
        extended: ``{k: e^k_ji}``, Eq. (18): one extended trace for each unit ``k`` in ``G_j``
            (each unit downstream of ``j`` that ``j`` gates).
        update: ``Δw_ji / α`` of the last ``propagate`` (math.md §6.5's ``G_ji``): the weight moved by
            ``rate × update``.  Kept even when the rate is 0, so the update can be inspected.
        used_gain, used_input: the gain ``g_ji(t)`` and the input ``y_i`` that entered ``s_j(t)``
            at the last step (what Eqs. 17–18 use).
    """

    def __init__(self, from_unit, to_unit: "Unit", weight: float) -> None:
        self.from_unit = from_unit
        self.to_unit = to_unit
        self._weight = _weight(weight, "weight")
        self.gater: Unit | None = None
        self.eligibility = 0.0
        self.extended: dict[Unit, float] = {}
        self.update = 0.0
        self.used_gain = 1.0
        self.used_input = 0.0

    @property
    def weight(self) -> float:
        """``w_ji`` (settable; anything but a number is refused at the assignment)."""
        return self._weight

    @weight.setter
    def weight(self, value: float) -> None:
        # Learning assigns plain floats (fast); a learner's value is checked: a number, finite.
        self._weight = value if type(value) is float else _weight(value, "weight")

    @property
    def gain(self) -> float:
        """``g_ji``, Eq. (14): the gater's latest activation, or 1 if the connection is not gated."""
        return 1.0 if self.gater is None else self.gater.activation

    @property
    def is_self_connection(self) -> bool:
        return self.from_unit is self.to_unit

    @property
    def is_bias(self) -> bool:
        return self.from_unit is ONE

    @property
    def trainable(self) -> bool:
        """Self-connections are fixed (math.md §6.1); every other connection, biases included, learns."""
        return not self.is_self_connection

    def remember_inputs(self) -> None:
        """Keep the gain and input that enter ``s_j(t)`` now, for the traces (math.md §6.2)."""
        self.used_gain = self.gain
        self.used_input = self.to_unit.state if self.is_self_connection else self.from_unit.activation

    def clear(self) -> None:
        """Forget the sequence: traces, remembered inputs and the last update to zero (weight kept)."""
        self.eligibility = 0.0
        self.extended = {k: 0.0 for k in self.extended}
        self.update = 0.0
        self.used_gain = 1.0
        self.used_input = 0.0

    def __repr__(self) -> str:
        gate = f", gated by {self.gater.name}" if self.gater is not None else ""
        kind = "self-connection " if self.is_self_connection else "bias " if self.is_bias else ""
        traces = "" if self.is_self_connection else f", e={self.eligibility:.4f}"
        if self.extended:
            traces += ", " + ", ".join(f"e^{k.name}={v:.4f}" for k, v in self.extended.items())
        return f"<{kind}Connection {self.from_unit.name} → {self.to_unit.name}: w={self.weight:.4f}{gate}{traces}>"


# --- units ----------------------------------------------------------------------------------------

class Unit:
    """One unit (neuron) of the graph, with its state, activation, bias and traces.

    Args:
        activation: its activation function ``f_j``: ``"logistic"`` (default, as Synaptic),
            ``"tanh"``, ``"identity"``, ``"relu"`` or ``"hlim"`` (see :data:`HLIM`).
        bias: the weight of its connection from :data:`ONE`; ``None`` draws it uniform in
            [−0.1, 0.1) (see :func:`seed`).
        name: a label for printing and drawing.
        rng: the generator for a random bias (default: the one of :func:`seed`).

    Attributes (all floats, inspectable after every step):
        state: ``s_j(t)``, Eq. (15).     activation: ``y_j(t) = f_j(s_j(t))``, Eq. (16).
        derivative: ``f'_j(s_j(t))``.    previous_state: ``s_j(t−1)`` (Synaptic's ``old``).
        delta: ``δ_j``, Eq. (10) or (23).  delta_projected: ``δ^P_j``, Eq. (21).
        delta_gated: ``δ^G_j``, Eq. (22).
        incoming: the connections into it (not its self-connection, not its bias).
        outgoing: the connections it projects.   gated: the connections it gates.
        self_connection: its self-connection, or ``None``.   bias_connection: its bias.
        order: its position in the network's activation order (``None`` outside a network).
    """

    created = 0          #: units made so far (names unnamed units u1, u2, … in a reproducible order)

    def __init__(self, activation: str = "logistic", bias: float | None = None, name: str | None = None,
                 *, rng: np.random.Generator | None = None) -> None:
        self.f = unit_activation(activation)
        Unit.created += 1
        self.name = str(name) if name is not None else f"u{Unit.created}"
        self.state = 0.0
        self.activation = 0.0
        self.derivative = 0.0
        self.previous_state = 0.0
        self.delta = 0.0
        self.delta_projected = 0.0
        self.delta_gated = 0.0
        self.incoming: list[Connection] = []
        self.outgoing: list[Connection] = []
        self.gated: list[Connection] = []
        self.self_connection: Connection | None = None
        self.bias_connection = Connection(ONE, self, random_weight(rng) if bias is None else _weight(bias, "bias"))
        self.order: int | None = None
        self.is_input = False
        self.is_output = False

    # -- wiring ------------------------------------------------------------------------------------

    @property
    def bias(self) -> float:
        """The bias: the weight of the connection from the always-1 unit (settable)."""
        return self.bias_connection.weight

    @bias.setter
    def bias(self, value: float) -> None:
        self.bias_connection.weight = _weight(value, "bias")

    def project(self, other: "Unit", weight: float | None = None, *,
                rng: np.random.Generator | None = None) -> Connection:
        """Connect this unit to ``other``; returns the new :class:`Connection` ``self → other``.

        ``weight=None`` draws it uniform in [−0.1, 0.1) (see :func:`seed`).  ``a.project(a)`` makes
        ``a``'s self-connection, of weight 1 unless given; LSTM-g keeps it fixed.

        Raises:
            TypeError: ``other`` is not a Unit.
            ValueError: the connection exists already (set its ``weight`` instead).
        """
        if not isinstance(other, Unit):
            raise TypeError(f"a unit can only project to a Unit; got {type(other).__name__}")
        if other is self:
            if self.self_connection is not None:
                raise ValueError(f"unit {self.name} is already self-connected; set "
                                 f"{self.name}.self_connection.weight instead")
            self.self_connection = Connection(self, self, 1.0 if weight is None else weight)
            return self.self_connection
        existing = self.connection_to(other)
        if existing is not None:
            raise ValueError(f"unit {self.name} already projects to {other.name} ({existing!r}); "
                             "set its weight instead of connecting twice")
        if other.is_input:
            raise ValueError(f"cannot project into {other.name}: it is an input unit (inputs are clamped)")
        c = Connection(self, other, random_weight(rng) if weight is None else weight)
        self.outgoing.append(c)
        other.incoming.append(c)
        return c

    def gate(self, connection: Connection) -> Connection:
        """Make this unit the gater of ``connection``: its gain becomes this unit's latest activation.

        Raises:
            TypeError: ``connection`` is not a Connection.
            ValueError: it is gated already (a connection has at most one gain).
        """
        if not isinstance(connection, Connection):
            raise TypeError(f"a unit can only gate a Connection; got {type(connection).__name__}")
        if connection.gater is not None:
            raise ValueError(f"{connection!r} is already gated by {connection.gater.name}; "
                             "a connection has one gater")
        connection.gater = self
        self.gated.append(connection)
        return connection

    def connection_from(self, other) -> Connection:
        """The connection ``other → self`` (``ONE`` for the bias, ``self`` for the self-connection)."""
        if other is ONE:
            return self.bias_connection
        if other is self and self.self_connection is not None:
            return self.self_connection
        for c in self.incoming:
            if c.from_unit is other:
                return c
        raise ValueError(f"{getattr(other, 'name', other)} does not project to {self.name}")

    def connection_to(self, other: "Unit") -> Connection | None:
        """The connection ``self → other``, or ``None``."""
        for c in self.outgoing:
            if c.to_unit is other:
                return c
        return None

    def trainable_inputs(self) -> list[Connection]:
        """The connections whose weights LSTM-g trains: every incoming connection and the bias."""
        return self.incoming + [self.bias_connection]

    def downstream(self, other: "Unit") -> bool:
        """True if ``other`` is activated after this unit in the network ("k > j", math.md §6.1)."""
        return self.order is not None and other.order is not None and other.order > self.order

    def projected_units(self) -> list["Unit"]:
        """``P_j``, Eq. (19): the downstream units this unit projects to."""
        return [c.to_unit for c in self.outgoing if self.downstream(c.to_unit)]

    def gated_units(self) -> list["Unit"]:
        """``G_j``, Eq. (20): the downstream units into which this unit gates a connection.

        An output unit gets no gating credit (Eq. 13), so its ``G_j`` is empty."""
        if self.is_output:
            return []
        units: list[Unit] = []
        for c in self.gated:
            if self.downstream(c.to_unit) and c.to_unit not in units:
                units.append(c.to_unit)
        return units

    # -- forward: Eqs. (15)-(16) -----------------------------------------------------------------------

    def clamp(self, x: float) -> float:
        """An input unit takes the input as its activation (no state computation)."""
        self.previous_state = self.state
        self.state = self.activation = float(x)
        self.derivative = 0.0
        return self.activation

    def compute_state(self) -> float:
        """Eq. (15): ``s_j(t) = g_jj w_jj s_j(t−1) + Σ_i g_ji w_ji y_i`` (the bias is one of the ``i``).

        Each ``y_i`` is the sender's latest activation: of this step if it was activated earlier in
        the order, of the previous step otherwise.  The values used are remembered for the traces.
        """
        self.previous_state = self.state
        s = 0.0
        if self.self_connection is not None:
            c = self.self_connection
            c.remember_inputs()                       # g_jj(t) and s_j(t−1)
            s += c.used_gain * c.weight * c.used_input
        for c in self.trainable_inputs():
            c.remember_inputs()                       # g_ji(t) and y_i
            s += c.used_gain * c.weight * c.used_input
        self.state = s
        return s

    def compute_activation(self) -> float:
        """Eq. (16): ``y_j = f_j(s_j)``, and ``f'_j(s_j)`` written from ``y_j`` (math.md §1)."""
        self.activation = float(self.f.f(self.state))
        self.derivative = float(self.f.df_from_y(self.activation))
        return self.activation

    # -- traces: Eqs. (17)-(18) ----------------------------------------------------------------------

    def self_decay(self) -> float:
        """``g_jj(t) w_jj``: how much of last step's state (and traces) this step keeps; 0 without a
        self-connection.  Uses the gain that entered ``s_j(t)``."""
        c = self.self_connection
        return 0.0 if c is None else c.used_gain * c.weight

    def influence_on(self, k: "Unit") -> float:
        """``B_kj``, the big parenthesis of Eq. (18): how much ``s_k(t)`` moves per unit of this unit's
        activation, through the gains it controls::

            B_kj = [j gates k's self-connection] w_kk s_k(t−1) + Σ_{a: j gates a → k} w_ka y_a

        with the values that entered ``s_k(t)`` (math.md §6.2).
        """
        b = 0.0
        if k.self_connection is not None and k.self_connection.gater is self:
            b += k.self_connection.weight * k.self_connection.used_input      # w_kk s_k(t−1)
        for c in k.trainable_inputs():
            if c.gater is self:
                b += c.weight * c.used_input                                  # w_ka y_a
        return b

    def update_traces(self) -> None:
        """Eqs. (17) and (18) for every trainable connection ``i → j`` into this unit::

            e_ji(t)   = g_jj(t) w_jj e_ji(t−1)   + g_ji(t) y_i                      (17)
            e^k_ji(t) = g_kk(t) w_kk e^k_ji(t−1) + f'_j(s_j(t)) e_ji(t) B_kj(t)     (18)

        Called after the whole forward sweep, so that every ``g_kk(t)`` is known.
        """
        decay = self.self_decay()
        gated = self.gated_units()
        influence = {k: self.influence_on(k) for k in gated}
        for c in self.trainable_inputs():
            c.eligibility = decay * c.eligibility + c.used_gain * c.used_input                      # (17)
            c.extended = {k: k.self_decay() * c.extended.get(k, 0.0)
                          + self.derivative * c.eligibility * influence[k] for k in gated}           # (18)

    # -- errors: Eqs. (10), (21)-(23) ------------------------------------------------------------------

    def compute_delta(self, target: float | None = None) -> float:
        """The responsibility ``δ_j`` (needs the deltas of all downstream units first).

        Output unit (``target`` given), Eq. (10): ``δ_j = t_j − y_j`` (the delta of cross-entropy with a
        logistic output, math.md §2.2).  Otherwise::

            δ^P_j = f'_j Σ_{k ∈ P_j} δ_k g_kj w_kj      (21)   projected: through its connections
            δ^G_j = f'_j Σ_{k ∈ G_j} δ_k B_kj           (22)   gated: through the gains it controls
            δ_j   = δ^P_j + δ^G_j                       (23)
        """
        if target is not None:
            self.delta = self.delta_projected = float(target) - self.activation      # (10)
            self.delta_gated = 0.0
            return self.delta
        projected = sum(c.to_unit.delta * c.used_gain * c.weight
                        for c in self.outgoing if self.downstream(c.to_unit))
        gated = sum(k.delta * self.influence_on(k) for k in self.gated_units())
        self.delta_projected = self.derivative * projected                           # (21)
        self.delta_gated = self.derivative * gated                                   # (22)
        self.delta = self.delta_projected + self.delta_gated                        # (23)
        return self.delta

    # -- learning: Eqs. (13), (24) -----------------------------------------------------------------------

    def compute_updates(self) -> None:
        """Eq. (24): ``Δw_ji / α = δ^P_j e_ji + Σ_{k ∈ G_j} δ_k e^k_ji`` for every trainable input
        (for an output unit ``G_j`` is empty and this is Eq. (13), ``δ_j e_ji``).

        Not ``δ_j e_ji``: the gating part of the credit goes through the extended traces, because this
        unit's effect on ``s_k`` accumulates along ``k``'s self-connection (math.md §6.3)."""
        for c in self.trainable_inputs():
            c.update = self.delta_projected * c.eligibility + sum(k.delta * e for k, e in c.extended.items())

    def apply_updates(self, rate: float) -> None:
        """``w_ji ← w_ji + α · update`` for every trainable input (the bias included)."""
        for c in self.trainable_inputs():
            c.weight += rate * c.update

    # -- housekeeping ----------------------------------------------------------------------------------

    def clear(self) -> None:
        """Start a fresh sequence: state, activation, deltas and all traces to zero; weights kept."""
        self.state = self.activation = self.derivative = self.previous_state = 0.0
        self.delta = self.delta_projected = self.delta_gated = 0.0
        for c in self.trainable_inputs():
            c.clear()
        if self.self_connection is not None:
            self.self_connection.clear()

    def describe(self) -> str:
        """A few lines: state, activation, responsibilities and every trainable input with its traces."""
        lines = [repr(self)]
        for c in ([self.self_connection] if self.self_connection else []) + self.trainable_inputs():
            lines.append(f"  {c!r}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        role = " input" if self.is_input else " output" if self.is_output else ""
        return (f"<{self.f.name}{role} Unit {self.name}: s={self.state:.4f}, y={self.activation:.4f}, "
                f"bias={self.bias:.4f}, δ={self.delta:.4f} (δP={self.delta_projected:.4f}, "
                f"δG={self.delta_gated:.4f})>")
