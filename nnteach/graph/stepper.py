"""A step-through of LSTM-g: every state, trace, responsibility and update of a few steps, as numbers.

:func:`worked_block` builds math.md §9.2's memory block; :func:`record_steps` runs any network over a
few steps and keeps, per step, a :class:`StepRecord` of every unit (``s, y, f', δP, δG, δ``) and every
trainable connection (``w, g, e, e^k, Δw/α``), which prints as a table.  A notebook can page through the
records (or an explorer can draw them) to watch the extended traces carry a write forward in time.
"""
from __future__ import annotations

from dataclasses import dataclass


from ..validation import ArgumentTypeError, as_float_array, check_number, describe
from .layer import Layer
from .network import Network
from .unit import Unit

__all__ = ["worked_block", "WORKED_INPUTS", "WORKED_TARGETS", "QUIET_INPUTS", "QUIET_TARGETS", "StepRecord",
           "record_steps", "TraceTerms", "ExtendedTerms", "trace_terms"]

#: math.md §9.2: the inputs ``x = (x0, x1)`` and the targets of the two steps.
WORKED_INPUTS = ((1.0, 0.0), (0.0, 1.0))
WORKED_TARGETS = ((0.0,), (1.0,))
#: §9.2's two steps, then two quiet steps (``x = (0, 0)``, target 0) to watch the traces fade with the
#: forget gate (notebook 10's trace explorer).
QUIET_INPUTS = WORKED_INPUTS + ((0.0, 0.0), (0.0, 0.0))
QUIET_TARGETS = WORKED_TARGETS + ((0.0,), (0.0,))


def worked_block(mode: str = "paper") -> Network:
    """math.md §9.2's network: inputs x0, x1; input gate ig, forget gate fg, a cell, output gate og; one
    output; every unit logistic; the cell's inputs gated by ig, its self-connection by fg, its output
    connection by og."""
    x0, x1 = Unit(name="x0"), Unit(name="x1")
    ig, fg, cell = Unit(bias=0.1, name="ig"), Unit(bias=1.0, name="fg"), Unit(bias=0.0, name="cell")
    og, out = Unit(bias=-0.1, name="og"), Unit(bias=-0.4, name="out")
    for gate, (w0, w1) in ((ig, (0.5, -0.3)), (fg, (-0.2, 0.4)), (og, (0.3, 0.7))):
        x0.project(gate, w0)
        x1.project(gate, w1)
    ig.gate(x0.project(cell, 0.8))
    ig.gate(x1.project(cell, -0.6))
    fg.gate(cell.project(cell))
    og.gate(cell.project(out, 1.2))
    return Network(input=Layer.from_units([x0, x1], name="x"), hidden=[ig, fg, cell, og], output=out, mode=mode)


@dataclass(frozen=True)
class StepRecord:
    """What one step computed.

    Attributes:
        step: 1, 2, …   x, target: the step's input and target.   output: the network's output.
        units: ``{name: {"s", "y", "df", "delta_projected", "delta_gated", "delta", "decay", "influence"}}``
            for non-input units: ``decay`` is ``g_jj w_jj`` (0 without a self-connection), ``influence``
            ``{k: B_kj}`` for the units ``k`` it gates (the big parenthesis of Eq. (18), math.md §6.2).
        connections: ``{"i → j": {"w", "gain", "input", "e", "extended": {k: e^k}, "update"}}`` for trainable
            connections (the bias is ``"1 → j"``); ``w`` is the weight used in this step, before its update;
            ``gain`` and ``input`` are the ``g_ji`` and ``y_i`` that entered ``s_j``.
    """

    step: int
    x: tuple
    target: tuple
    output: tuple
    units: dict
    connections: dict

    def table(self) -> str:
        """The record as two aligned text tables (units, then connections)."""
        lines = [f"step {self.step}: x = {self.x}, target = {self.target}, output = "
                 + ", ".join(f"{v:.6f}" for v in self.output),
                 f"{'unit':>8} {'s':>10} {'y':>10} {'δP':>10} {'δG':>10} {'δ':>10}"]
        for name, u in self.units.items():
            lines.append(f"{name:>8} {u['s']:10.6f} {u['y']:10.6f} {u['delta_projected']:10.6f} "
                         f"{u['delta_gated']:10.6f} {u['delta']:10.6f}")
        lines.append(f"{'connection':>14} {'w':>9} {'g':>9} {'e':>10} {'Δw/α':>10}  extended traces")
        for name, c in self.connections.items():
            ext = ", ".join(f"e^{k}={v:.6f}" for k, v in c["extended"].items())
            lines.append(f"{name:>14} {c['w']:9.4f} {c['gain']:9.4f} {c['e']:10.6f} {c['update']:10.6f}  {ext}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.table()


def record_steps(net: Network, inputs, targets, rate: float = 0.0, *, clear: bool = True) -> list[StepRecord]:
    """Run ``net`` over ``inputs`` (``(T, N)``) with ``targets`` (``(T, K)``), one :class:`StepRecord` per step.

    ``rate`` 0 (default) keeps the weights frozen, as in math.md §9.2; ``clear`` starts from a fresh state.
    """
    if not isinstance(net, Network):
        raise ArgumentTypeError(f"net must be a graph Network; got {describe(net)}")
    X, Y = as_float_array(inputs, "inputs"), as_float_array(targets, "targets")
    rate = check_number(rate, "rate", low=0.0)
    if X.ndim != 2 or Y.ndim != 2 or len(X) != len(Y):
        raise ValueError(f"inputs and targets must be (T, N) and (T, K) with the same T; got {X.shape} and {Y.shape}")
    if clear:
        net.clear()
    records = []
    for t, (x, y) in enumerate(zip(X, Y), start=1):
        out = net.activate(x)
        weights = {id(c): c.weight for c in net.connections()}
        net.propagate(rate, y)
        units = {u.name: {"s": u.state, "y": u.activation, "df": u.derivative, "delta_projected": u.delta_projected,
                          "delta_gated": u.delta_gated, "delta": u.delta, "decay": u.self_decay(),
                          "influence": {k.name: u.influence_on(k) for k in u.gated_units()}}
                 for u in net.units if not u.is_input}
        conns = {f"{c.from_unit.name} → {c.to_unit.name}": {
                     "w": weights[id(c)], "gain": c.used_gain, "input": c.used_input, "e": c.eligibility,
                     "extended": {k.name: v for k, v in c.extended.items()}, "update": c.update}
                 for c in net.connections() if c.trainable}
        records.append(StepRecord(step=t, x=tuple(map(float, x)), target=tuple(map(float, y)),
                                  output=tuple(map(float, out)), units=units,
                                  connections=conns))
    return records


@dataclass(frozen=True)
class ExtendedTerms:
    """The terms of one extended trace, Eq. (18): ``e^k(t) = decay_k · previous + df_j · e_ji(t) · B_kj``.

    Attributes:
        unit: ``k``, the unit that ``j`` gates.   decay: ``g_kk(t) w_kk``.   previous: ``e^k_ji(t−1)``.
        df: ``f'_j(s_j(t))``.   e: ``e_ji(t)``.   influence: ``B_kj(t)``.   value: ``e^k_ji(t)``.
        delta: ``δ_k`` of the step (what the update multiplies it by, Eq. (24)).
    """

    unit: str
    decay: float
    previous: float
    df: float
    e: float
    influence: float
    value: float
    delta: float


@dataclass(frozen=True)
class TraceTerms:
    """Every number in the traces and the update of one connection ``i → j`` at one step (Eqs. (17), (18), (24)).

    ``e(t) = decay · previous + gain · input`` (17);  ``update = delta_projected · e + Σ_k δ_k e^k`` (24).

    Attributes:
        connection: ``"i → j"``.   step: 1, 2, …   decay: ``g_jj(t) w_jj``.   previous: ``e_ji(t−1)``.
        gain: ``g_ji(t)``.   input: ``y_i`` as it entered ``s_j(t)``.   e: ``e_ji(t)``.
        extended: one :class:`ExtendedTerms` per unit ``j`` gates.   delta_projected: ``δ^P_j``.
        update: ``Δw_ji / α``.
    """

    connection: str
    step: int
    decay: float
    previous: float
    gain: float
    input: float
    e: float
    extended: tuple
    delta_projected: float
    update: float


def trace_terms(records: list[StepRecord], connection: str, step: int) -> TraceTerms:
    """The terms of Eqs. (17), (18) and (24) for ``connection`` (``"i → j"``) at ``step`` (1-based), read
    from :func:`record_steps`' records (the previous step's traces are the ones the equations carry forward)."""
    if not 1 <= step <= len(records):
        raise ValueError(f"step must be between 1 and {len(records)}; got {step!r}")
    now = records[step - 1]
    if connection not in now.connections:
        raise ValueError(f"no trainable connection {connection!r}; the connections are "
                         f"{', '.join(map(repr, now.connections))}")
    c = now.connections[connection]
    before = records[step - 2].connections[connection] if step > 1 else None
    j = connection.split(" → ")[1]
    unit = now.units[j]
    extended = tuple(ExtendedTerms(unit=k, decay=now.units[k]["decay"],
                                   previous=before["extended"].get(k, 0.0) if before else 0.0,
                                   df=unit["df"], e=c["e"], influence=unit["influence"][k], value=value,
                                   delta=now.units[k]["delta"])
                     for k, value in c["extended"].items())
    return TraceTerms(connection=connection, step=step, decay=unit["decay"], previous=before["e"] if before else 0.0,
                      gain=c["gain"], input=c["input"], e=c["e"], extended=extended,
                      delta_projected=unit["delta_projected"], update=c["update"])
