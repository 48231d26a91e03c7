"""Synaptic 1.1.4's version of LSTM-g, defects included (math.md §6.7): ``Network(..., mode="synaptic")``
(or ``"synaptic_object"``).

This module mirrors cazala/synaptic ``src/Neuron.js`` (``activate`` and ``propagate``) on nnteach's
units, so that a learner can put Synaptic's numbers next to the paper's and see where, and by how
much, they part.  Each departure from :mod:`nnteach.graph.unit` is marked with its item of math.md §6.7:

1. Traces are computed *inside* each unit's activation, from whatever is stored at that moment.
   A forget gate is activated before its cell, so the cell's ``previous_state`` is then
   ``s_k(t−2)`` where Eq. (18) needs ``s_k(t−1)``; the gated self-connection also sits among the
   gated inputs, adding a spurious ``w_kk y_k``; and, through Synaptic's ``Neuron`` objects, the decay
   uses ``g_kk(t−1)`` (its compiled networks, the default, happen to use ``g_kk(t)`` here: the two
   paths of Synaptic give different numbers from the third step on; ``mode="synaptic"`` follows the
   compiled path, ``mode="synaptic_object"`` the objects, and tests prove both against Synaptic).
2. For the same reason an input gate's extended traces decay with the forget gate's previous value.
3. ``P_j`` and ``G_j`` include upstream units (a cell's peepholes to its own gates); their
   responsibilities are stale values from the previous ``propagate``.
4. Each unit updates its incoming weights as soon as it has its δ, so upstream units back-propagate
   through weights already changed in this step.
5. The bias moves by ``α δ_j`` instead of through a bias trace.
6. Output deltas are ``t − y`` (as in the paper's Eq. 10; Synaptic uses it whatever its cost).

:func:`compare_modes` measures the difference on a network and a sequence: per group of connections, how far
Synaptic's updates are from the paper's, and how often their sign is wrong.

Not reproduced: Synaptic's ``rate || 0.1`` (a rate of 0 becomes 0.1 there; here 0 changes nothing),
its ``clear()`` that keeps states (here ``clear()`` always starts afresh), and its gains that are 1
until a gater's first activation (here a gain is always the gater's latest activation, 0 after
``clear()``; this matters only at the first step of a network whose gater is activated after the
unit it gates, which none of Synaptic's LSTM networks has).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .unit import Unit

__all__ = ["gated_units", "influence_on", "activate", "propagate", "ModeComparison", "compare_modes"]


def gated_units(j: Unit) -> list[Unit]:
    """Synaptic's ``trace.extended`` keys: *every* unit ``j`` gates a connection into, upstream or
    downstream, even ``j`` itself (math.md §6.7 item 3)."""
    units: list[Unit] = []
    for c in j.gated:
        if c.to_unit not in units:
            units.append(c.to_unit)
    return units


def influence_on(j: Unit, k: Unit) -> float:
    """Synaptic's ``influence``: ``[j gates k's self-connection] · old_k + Σ w · y_from`` over every
    connection into ``k`` that ``j`` gates, *the self-connection included*, with the values stored now
    (math.md §6.7 item 1)."""
    b = k.previous_state if (k.self_connection is not None and k.self_connection.gater is j) else 0.0
    for c in j.gated:
        if c.to_unit is k:
            b += c.weight * c.from_unit.activation          # for k's self-connection: w_kk · y_k
    return b


def _stored_self_decay(k: Unit, j: Unit, j_before: float, object_path: bool) -> float:
    """``g_kk w_kk`` with the gain stored now: last step's if ``k``'s self-gater has not been activated
    yet in this step (items 1–2).  On Synaptic's object path ``j`` itself updates its gains only after
    its traces, so there ``j``'s own previous activation is used when ``j`` gates ``k``'s
    self-connection."""
    c = k.self_connection
    if c is None:
        return 0.0
    gain = j_before if (object_path and c.gater is j) else c.gain
    return gain * c.weight


def activate(j: Unit, *, object_path: bool = False) -> None:
    """``Neuron.activate`` for a non-input unit: Eqs. (15)–(16), then its traces at once (items 1–2).

    ``object_path``: Synaptic's ``Neuron.activate`` (``setOptimize(false)``) instead of the compiled
    network Synaptic builds by default; the two differ in when a gater's gains change (see
    :func:`_stored_self_decay`), so Synaptic's two paths give different numbers from the third step."""
    j_before = j.activation
    j.compute_state()
    j.compute_activation()
    gated = gated_units(j)
    influence = {k: influence_on(j, k) for k in gated}      # before the gated units have activated
    decay = j.self_decay()
    for c in j.incoming:                                     # Synaptic has no bias trace (item 5)
        c.eligibility = decay * c.eligibility + c.used_gain * c.used_input
        c.extended = {k: _stored_self_decay(k, j, j_before, object_path) * c.extended.get(k, 0.0)
                      + j.derivative * c.eligibility * influence[k] for k in gated}


def propagate(j: Unit, rate: float, target: float | None) -> None:
    """``Neuron.propagate``: this unit's δ from the values stored now, then its weights at once."""
    if target is not None:
        j.delta = j.delta_projected = float(target) - j.activation             # item 6
        j.delta_gated = 0.0
    else:
        projected = sum(c.to_unit.delta * c.gain * c.weight for c in j.outgoing)          # item 3
        gated = sum(k.delta * influence_on(j, k) for k in gated_units(j))                 # items 1, 3
        j.delta_projected = j.derivative * projected
        j.delta_gated = j.derivative * gated
        j.delta = j.delta_projected + j.delta_gated
    for c in j.incoming:
        c.update = j.delta_projected * c.eligibility + sum(k.delta * e for k, e in c.extended.items())
        c.weight += rate * c.update                                                        # item 4
    j.bias_connection.update = j.delta                                                     # item 5
    j.bias_connection.weight += rate * j.delta


@dataclass(frozen=True)
class ModeComparison:
    """Synaptic's updates against the paper's on the same network and data, weights frozen (``rate`` 0).

    Attributes:
        rows: one dict per group of connections (``group``: the receiving layer, and ``"bias"`` for the
            biases; ``connections``: how many; ``paper``: mean ``|Δw/α|`` by the paper's rule;
            ``relative``: ``‖synaptic − paper‖ / ‖paper‖`` over the group and all steps; ``sign_flips``:
            the fraction of the (connection, step) updates, nonzero in the paper, whose sign Synaptic gets
            wrong).
        steps: how many steps were compared.
    """

    rows: list
    steps: int

    def row(self, group: str) -> dict:
        for r in self.rows:
            if r["group"] == group:
                return r
        raise KeyError(group)

    def table(self) -> str:
        lines = [f"{'connections into':>18} {'n':>4} {'mean |Δw/α| (paper)':>20} {'Synaptic off by':>16} "
                 f"{'signs flipped':>14}"]
        for r in self.rows:
            off = "0 (exact)" if r["relative"] < 1e-12 else f"{100 * r['relative']:.1f} %"
            lines.append(f"{r['group']:>18} {r['connections']:>4} {r['paper']:>20.2e} {off:>16} "
                         f"{100 * r['sign_flips']:>13.0f} %")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.table()


def compare_modes(build, X, T) -> ModeComparison:
    """Run the same network with the paper's rule and with Synaptic's (``mode="synaptic"``) over one sequence
    ``X (T, N)``, ``T (T, K)`` at rate 0, and compare every connection's update ``Δw/α`` step by step.

    Args:
        build: ``build(mode) -> Network``, called once per mode; it must build the same network (same
            wiring and weights) whatever the mode, e.g. ``lambda mode: graph.LSTM(7, 4, 7, seed=0, mode=mode)``.
        X, T: the sequence and its targets.

    Rate 0 keeps the weights equal, so the differences come from Synaptic's traces and responsibilities
    (math.md §6.7 items 1–3 and 5), not from its in-place updates (item 4).
    """
    X, T = np.asarray(X, dtype=float), np.asarray(T, dtype=float)
    updates = {}
    for mode in ("paper", "synaptic"):
        net = build(mode)
        if net.mode != mode:
            raise ValueError(f"build({mode!r}) returned a network with mode={net.mode!r}")
        net.clear()
        per_step = []
        for x, t in zip(X, T):
            net.activate(x)
            net.propagate(0.0, t)
            per_step.append([c.update for c in net.connections() if c.trainable])
        updates[mode] = np.array(per_step)
        groups = [(c.to_unit.name.split("[")[0], c.is_bias) for c in net.connections() if c.trainable]
    if updates["paper"].shape != updates["synaptic"].shape:
        raise ValueError("build(mode) must build the same network for both modes")
    rows = []
    for key in dict.fromkeys(groups):
        cols = [k for k, g in enumerate(groups) if g == key]
        P, S = updates["paper"][:, cols], updates["synaptic"][:, cols]
        nonzero = P != 0
        rows.append({"group": key[0] + (" bias" if key[1] else ""), "connections": len(cols),
                     "paper": float(np.abs(P).mean()),
                     "relative": float(np.linalg.norm(S - P) / np.linalg.norm(P)) if np.any(nonzero) else 0.0,
                     "sign_flips": float(np.mean(np.sign(S[nonzero]) != np.sign(P[nonzero]))) if np.any(nonzero)
                     else 0.0})
    return ModeComparison(rows=rows, steps=len(X))
