"""Where to draw a unit graph: positions, arrows and gate arrows as numbers (numpy only).

The teaching equivalent of Synaptic's ``toDot``: :func:`layout` turns a network into a
:class:`GraphDrawing` — one column per layer in activation order (inputs left), units spread
vertically — with three kinds of arrows:

* **connections** ``i → j``: ``"forward"`` (to a unit activated later: it reads this step's value),
  ``"back"`` (to a unit activated earlier, or across a layer backwards: it reads last step's value;
  drawn bent so it does not hide the forward arrows), ``"self"`` (a loop on the unit);
* **gates**: from the gater to the *middle of the connection it gates* (a loop's top for a
  self-connection, a bias's short stub for a gated bias), so a second-order connection looks like one;
* **biases** are not arrows (every non-input unit has one); their values are in ``units``.

``nnteach.viz.draw_graph`` draws a :class:`GraphDrawing` with matplotlib; nothing here imports it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..validation import ArgumentTypeError, describe

__all__ = ["GraphDrawing", "layout", "BLOCK_POSITIONS"]


@dataclass
class GraphDrawing:
    """Numbers for a drawing of a unit graph (coordinates in layer columns: x = 0, 1, …).

    Attributes:
        units: one dict per unit in activation order: ``name, layer, x, y, role, activation`` (its ``y``),
            ``bias``.
        connections: one dict per connection: ``from, to`` (unit indices), ``start, end`` (x, y),
            ``kind`` (``"forward"``, ``"back"``, ``"self"``), ``weight``, ``gater`` (unit index or
            None), ``middle`` (the point a gate arrow points at), ``bend`` (0 for a straight arrow, else
            the signed curvature of a bent one).
        gates: one dict per gated connection: ``gater``, ``connection`` (index into ``connections``,
            or None for a gated bias), ``start`` (the gater), ``end`` (the connection's middle).
        layers: one dict per layer: ``name, role, x, size``.
    """

    units: list[dict] = field(default_factory=list)
    connections: list[dict] = field(default_factory=list)
    gates: list[dict] = field(default_factory=list)
    layers: list[dict] = field(default_factory=list)

    def extent(self) -> tuple[float, float, float, float]:
        """``(xmin, xmax, ymin, ymax)`` covering every unit, with a margin of one unit spacing."""
        xs = np.array([u["x"] for u in self.units])
        ys = np.array([u["y"] for u in self.units])
        return float(xs.min() - 0.6), float(xs.max() + 0.6), float(ys.min() - 0.9), float(ys.max() + 0.9)

    def __repr__(self) -> str:
        kinds = {k: sum(c["kind"] == k for c in self.connections) for k in ("forward", "back", "self")}
        layers = f"{len(self.layers)} layers, " if self.layers else ""
        return (f"GraphDrawing({layers}{len(self.units)} units, {kinds['forward']} forward, "
                f"{kinds['back']} back and {kinds['self']} self-connections, {len(self.gates)} gates)")


#: Positions for the units of math.md §9.2's memory block (``layout(net, BLOCK_POSITIONS)``): the inputs on
#: the left, the input gate between them and the cell (it gates both inputs' connections to the cell), the
#: forget gate above the cell's self-connection, the output gate below the cell's connection to the output.
BLOCK_POSITIONS = {"x0": (0.0, 1.0), "x1": (0.0, -1.0), "ig": (1.0, 0.0), "fg": (2.5, 1.8), "cell": (2.5, 0.0),
                   "og": (3.8, -1.3), "out": (5.0, 0.0)}


def layout(net, positions: dict[str, tuple[float, float]] | None = None) -> GraphDrawing:
    """The :class:`GraphDrawing` of a :class:`~nnteach.graph.Network` (its current weights and activations).

    ``positions``: ``{unit name: (x, y)}`` for every unit, to place them yourself (e.g.
    :data:`BLOCK_POSITIONS`); by default one column per layer.  With ``positions`` a connection to a unit
    activated earlier is still a bent "back" arrow.
    """
    from .network import Network
    if not isinstance(net, Network):
        raise ArgumentTypeError(f"net must be a graph Network (layout draws one); got {describe(net)}")
    if positions is not None:
        missing = [u.name for u in net.units if u.name not in positions]
        if missing:
            raise ValueError(f"positions has no (x, y) for {', '.join(missing)}")
    drawing = GraphDrawing()
    index: dict[int, int] = {}
    tallest = max(len(layer) for layer in net.layers)
    for x, layer in enumerate(net.layers):
        drawing.layers.append({"name": layer.name, "role": layer.role, "x": float(x), "size": len(layer)})
        n = len(layer)
        for k, u in enumerate(layer.units):
            index[id(u)] = len(drawing.units)
            y = (n - 1) / 2.0 - k if n > 1 else 0.0          # centred; first unit on top
            y *= max(1.0, tallest / max(n, 1) * 0.6) if n < tallest else 1.0
            ux, uy = (float(x), float(y)) if positions is None else map(float, positions[u.name])
            drawing.units.append({"name": u.name, "layer": layer.name, "x": ux, "y": uy,
                                  "role": layer.role, "activation": u.activation, "bias": u.bias})
    if positions is not None:
        drawing.layers = []                                  # no columns to name
    where = {i: np.array([u["x"], u["y"]]) for i, u in enumerate(drawing.units)}
    position_of_connection: dict[int, int] = {}
    for u in net.units:
        conns = u.incoming + ([u.self_connection] if u.self_connection is not None else [])
        for c in conns:
            i, j = index[id(c.from_unit)], index[id(c.to_unit)]
            a, b = where[i], where[j]
            if i == j:
                kind, bend, middle = "self", 0.0, a + np.array([0.0, 0.38])   # top of the loop
            else:
                kind = "forward" if j > i and (positions is not None or b[0] >= a[0]) else "back"
                bend = 0.0 if (kind == "forward" and (positions is not None or b[0] > a[0])) else 0.35
                chord = b - a
                # the middle of matplotlib's "arc3" curve of curvature `bend` (a quadratic Bézier whose
                # control point sits bend·|chord| off the chord, on the side of (dy, −dx))
                middle = (a + b) / 2 + bend / 2 * np.array([chord[1], -chord[0]])
            position_of_connection[id(c)] = len(drawing.connections)
            drawing.connections.append({"from": i, "to": j, "start": tuple(a), "end": tuple(b), "kind": kind,
                                        "weight": c.weight, "bend": bend,
                                        "gater": index[id(c.gater)] if c.gater is not None else None,
                                        "middle": tuple(middle)})
    for u in net.units:
        for c in u.gated:
            g = index[id(u)]
            if c.is_bias:
                j = index[id(c.to_unit)]
                end, k = tuple(where[j] + np.array([-0.25, -0.3])), None
            else:
                k = position_of_connection[id(c)]
                end = drawing.connections[k]["middle"]
            drawing.gates.append({"gater": g, "connection": k, "start": tuple(where[g]), "end": end})
    return drawing
