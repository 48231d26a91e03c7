"""Draw a feed-forward network: units as circles, weights as lines (reusable renderer).

Units are circles in columns (one column per layer, inputs on the left).  Every weight
``w_ji`` is a line from unit ``i`` to unit ``j`` whose **width** grows with ``|w_ji|``
and whose **colour** gives its sign (blue positive, orange negative: a pair that colour-blind
readers tell apart too).  The bias of a unit
is drawn as it is in the course: a weight from a small square unit labelled ``1`` that
is always on.  Optional text goes inside the units (their names), above the units
(e.g. ``s`` and ``y``) and on the lines (e.g. the weight, or ``Δw``).

Two entry points:

* :func:`draw_network` draws into a matplotlib Axes you already have and returns a
  :class:`NetworkDiagram` whose :meth:`NetworkDiagram.update` changes widths, colours
  and texts **in place** (fast enough for a slider).  Explorers use this.
* :func:`show_network` shows a whole network as a static figure, optionally with the
  forward pass of one pattern written on it (``s`` and ``y`` of every unit).

Weights are given the way :class:`nnteach.Perceptron` stores them, "to × from":
``weights[l - 1]`` has shape ``(n_l, n_{l-1})`` and ``weights[l - 1][j, i] = w_ji``
(math.md §2.3).  A model with ``params`` (``W1, b1, W2, b2, …``) or such a dict works too.

Keys used for labels:

* a unit is ``(layer, j)``: layer 0 is the input layer, ``j`` counts from 0;
* a weight is ``(layer, j, i)``: the line into unit ``j`` of ``layer`` from unit ``i`` of
  ``layer - 1``; the bias line into that unit is ``(layer, j, "b")``.
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from ..validation import ArgumentTypeError, as_float_array, describe

__all__ = ["NetworkDiagram", "draw_network", "show_network", "network_weights"]

POSITIVE = "#0072B2"   # blue:   w > 0 (Okabe-Ito blue)
NEGATIVE = "#E37B00"   # orange: w < 0 (a darker Okabe-Ito orange; blue/orange stays distinct for colour-blind eyes)
ZERO = "#bbbbbb"

#: The size of the texts on the lines and above the units, in points (12.5 CSS pixels at 100 per inch).
LABEL_FONT = 9.0


def network_weights(net: Any, biases: Sequence[np.ndarray] | None = None
                    ) -> tuple[list[np.ndarray], list[np.ndarray] | None]:
    """Normalise the ways a network can be given into ``(weights, biases)`` lists.

    Args:
        net: a model with ``params`` (``Perceptron``), a params dict ``{"W1": …, "b1": …}``,
            or a sequence of weight matrices ``W_l`` of shape ``(n_l, n_{l-1})``.
        biases: bias vectors ``b_l`` of shape ``(n_l,)`` when ``net`` is a sequence of matrices.

    Returns:
        ``(weights, biases)`` as float arrays (``biases`` is None if none were given).

    Raises:
        ValueError: if a shape does not chain from one layer to the next.
    """
    if hasattr(net, "params"):
        net = net.params
    if isinstance(net, Mapping):
        L = sum(1 for k in net if isinstance(k, str) and k.startswith("W") and k[1:].isdigit())
        if L == 0:
            raise ValueError("a params dict needs weight matrices named W1, W2, …")
        if any(f"W{l}" not in net for l in range(1, L + 1)):
            raise ValueError(f"a params dict needs weight matrices named W1 … W{L} without gaps; got {sorted(net)}")
        weights = [net[f"W{l}"] for l in range(1, L + 1)]
        biases = [net[f"b{l}"] for l in range(1, L + 1)] if all(f"b{l}" in net for l in range(1, L + 1)) else None
    elif isinstance(net, (list, tuple)):
        weights = list(net)
    else:
        raise ArgumentTypeError(f"net must be a model with params (a Perceptron), a params dict {{'W1': …, 'b1': …}} "
                                f"or a list of weight matrices; got {describe(net)}")
    weights = [as_float_array(W, f"weight matrix {l}") for l, W in enumerate(weights, start=1)]
    for l, W in enumerate(weights, start=1):
        if W.ndim > 2 or W.size == 0:
            raise ValueError(f"weight matrix {l} has shape {W.shape}; expected (n_{l}, n_{l - 1}), stored 'to × from'")
    weights = [np.atleast_2d(W) for W in weights]
    if not weights:
        raise ValueError("a network needs at least one weight matrix")
    for l in range(1, len(weights)):
        if weights[l].shape[1] != weights[l - 1].shape[0]:
            raise ValueError(f"weight matrix {l + 1} has shape {weights[l].shape}; expected "
                             f"({weights[l].shape[0]}, {weights[l - 1].shape[0]}): stored 'to × from', "
                             f"its columns must match the {weights[l - 1].shape[0]} units of layer {l}")
    if biases is not None:
        if not isinstance(biases, (list, tuple)):
            raise ArgumentTypeError(f"biases must be a list of bias vectors, one per weight matrix; got {describe(biases)}")
        biases = [as_float_array(b, f"bias {l}").reshape(-1) for l, b in enumerate(biases, start=1)]
        if len(biases) != len(weights):
            raise ValueError(f"got {len(biases)} bias vectors for {len(weights)} weight matrices")
        for l, (W, b) in enumerate(zip(weights, biases), start=1):
            if b.shape != (W.shape[0],):
                raise ValueError(f"bias {l} has shape {b.shape}; expected ({W.shape[0]},), one per unit of layer {l}")
    return weights, biases


_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _default_names(sizes: Sequence[int]) -> list[list[str]]:
    """``x₁ x₂ …`` for inputs, ``h₁ …`` for hidden units (``h¹₁ …`` if several layers), ``o`` for outputs.

    Plain Unicode, not mathtext: it renders several times faster, which matters for sliders.
    """
    L = len(sizes) - 1
    names = []
    for l, n in enumerate(sizes):
        if l == 0:
            prefix = "x"
        elif l == L:
            prefix = "o"
        else:
            prefix = "h" if L == 2 else "h" + str(l).translate(_SUP)
        if l == L and n == 1:
            names.append(["o"])
        else:
            names.append([prefix + str(j + 1).translate(_SUB) for j in range(n)])
    return names


class NetworkDiagram:
    """A drawn network whose weights and texts can be changed in place.

    Create it with :func:`draw_network`.  Attributes (for tests and for other explorers):

    * ``sizes``: units per layer ``(n0, n1, …, nL)``;
    * ``positions[(layer, j)]``: the ``(x, y)`` centre of every unit (``(layer, "b")`` for the bias unit);
    * ``edges[(layer, j, i)]``: the ``Line2D`` of every weight (``i = "b"`` for a bias);
    * ``edge_texts``, ``unit_texts``: the ``Text`` artists of the labels, by the same keys;
    * ``unit_patches``, ``name_texts``: the circles (squares for bias units) and the names inside them.

    :meth:`artists` lists them all, e.g. for an explorer that blits (``animated_artists``).
    """

    radius = 0.22
    column_spacing = 1.8
    row_spacing = 1.3
    min_width = 0.6
    max_width = 6.0

    def __init__(self, ax, weights: list[np.ndarray], biases: list[np.ndarray] | None, *,
                 unit_names: Sequence[Sequence[str]] | None, show_bias: bool, max_weight: float | None,
                 edge_label_pos: float, bias_label_pos: float | None = None,
                 spacing: tuple[float, float] | None = None) -> None:
        from matplotlib.patches import Circle, Rectangle

        self.ax = ax
        if spacing is not None:
            self.column_spacing, self.row_spacing = (float(v) for v in spacing)
        self.sizes = (weights[0].shape[1],) + tuple(W.shape[0] for W in weights)
        self.show_bias = show_bias and biases is not None
        self.max_weight = max_weight
        self.edge_label_pos = edge_label_pos
        self.bias_label_pos = edge_label_pos if bias_label_pos is None else bias_label_pos
        names = unit_names if unit_names is not None else _default_names(self.sizes)
        if len(names) != len(self.sizes) or any(len(nm) != n for nm, n in zip(names, self.sizes)):
            raise ValueError(f"unit_names must give one name per unit, layer by layer, for sizes {self.sizes}")
        top = max(self.sizes)
        dx, dy = self.column_spacing, self.row_spacing
        self.positions: dict[tuple, tuple[float, float]] = {}
        for l, n in enumerate(self.sizes):
            for j in range(n):
                self.positions[(l, j)] = (l * dx, ((n - 1) / 2.0 - j) * dy)
        low = -(top - 1) / 2.0 * dy
        if self.show_bias:
            for l in range(len(self.sizes) - 1):
                self.positions[(l, "b")] = (l * dx + 0.35 * dx, low - 0.9 * dy)
        self.edges: dict[tuple, Any] = {}
        self.edge_texts: dict[tuple, Any] = {}
        self.unit_texts: dict[tuple, Any] = {}
        self.unit_patches: dict[tuple, Any] = {}
        self.name_texts: dict[tuple, Any] = {}
        for l in range(1, len(self.sizes)):
            for j in range(self.sizes[l]):
                sources = list(range(self.sizes[l - 1])) + (["b"] if self.show_bias else [])
                for i in sources:
                    (x0, y0), (x1, y1) = self.positions[(l - 1, i)], self.positions[(l, j)]
                    # Lines stop at the units' rims, so the units never need redrawing when a weight changes.
                    length = float(np.hypot(x1 - x0, y1 - y0))
                    ux, uy = (x1 - x0) / length, (y1 - y0) / length
                    start = (0.16 if i == "b" else self.radius) + 0.02
                    end = self.radius + 0.02
                    (line,) = ax.plot([x0 + start * ux, x1 - end * ux], [y0 + start * uy, y1 - end * uy], color=ZERO,
                                      lw=1.0, zorder=1, solid_capstyle="butt")
                    self.edges[(l, j, i)] = line
        r = self.radius
        for (l, j), (x, y) in self.positions.items():
            if j == "b":
                patch = Rectangle((x - 0.11, y - 0.11), 0.22, 0.22, facecolor="#f2f2f2", edgecolor="#555555",
                                  lw=1.0, zorder=3)
                ax.add_patch(patch)
                self.name_texts[(l, j)] = ax.text(x, y, "1", ha="center", va="center", fontsize=9, zorder=4)
            else:
                patch = Circle((x, y), r, facecolor="white", edgecolor="#333333", lw=1.2, zorder=3)
                ax.add_patch(patch)
                self.name_texts[(l, j)] = ax.text(x, y, names[l][j], ha="center", va="center", fontsize=11,
                                                  zorder=4)
            self.unit_patches[(l, j)] = patch
        L = len(self.sizes) - 1
        self.label_positions = self._place_edge_labels()
        ax.set_xlim(-0.45, L * dx + 0.45)
        ax.set_ylim(low - (1.1 * dy if self.show_bias else 0.5), -low + 0.75)
        ax.set_aspect("equal", adjustable="box")
        ax.axis("off")

    #: The box an edge label needs, in data units (a 5-character weight at :data:`LABEL_FONT` in the
    #: smallest panel the course draws a diagram in), used to keep labels apart.
    label_box = (0.55, 0.24)

    def _segment(self, key: tuple) -> tuple[np.ndarray, np.ndarray]:
        """The drawn part of edge ``key``: (receiving end, sending end) as points."""
        xs, ys = self.edges[key].get_data()
        return np.array([xs[1], ys[1]], dtype=float), np.array([xs[0], ys[0]], dtype=float)

    def _place_edge_labels(self) -> dict[tuple, tuple[float, float]]:
        """Where each edge's label goes: on its own line, as near the receiving unit as allows.

        Greedy: each label takes the point of its line (searched from ``edge_label_pos`` of the way
        back from the receiving unit) whose box overlaps no unit, no label placed before, and that
        no *other* line crosses; so a label is never nearer to another line than to its own, and
        crossing lines keep their labels apart.  Bias edges are placed first (they are the longest).
        """
        w, h = self.label_box
        segs = {key: self._segment(key) for key in self.edges}
        units = [np.array(p) for p in self.positions.values()]
        placed: list[np.ndarray] = []
        out: dict[tuple, tuple[float, float]] = {}
        ts = np.arange(0.12, 0.9, 0.02)

        def seg_dist(p, a, b):
            d = b - a
            u = float(np.clip(np.dot(p - a, d) / max(np.dot(d, d), 1e-12), 0.0, 1.0))
            return float(np.hypot(*(p - (a + u * d))))

        def box_hit(p, a, b):
            """True if the segment a-b passes through the label box centred at p (sampled)."""
            for u in np.linspace(0.0, 1.0, 60):
                q = a + u * (b - a)
                if abs(q[0] - p[0]) < w / 2 and abs(q[1] - p[1]) < h / 2:
                    return True
            return False

        order = sorted(self.edges, key=lambda k: (k[2] != "b", k[0], k[1], str(k[2])))
        for key in order:
            end, start = segs[key]
            pref = self.bias_label_pos if key[2] == "b" else self.edge_label_pos
            best, best_cost = None, None
            for t in ts:
                p = end + t * (start - end)
                cost = abs(t - pref)
                if any(np.hypot(*(p - c)) < self.radius + 0.5 * h + 0.02 for c in units):
                    cost += 100.0
                # the "s=…/y=…" texts that may be written above each unit
                cost += 20.0 * sum(abs(p[0] - c[0]) < 0.35 + w / 2 and c[1] + self.radius - h / 2 < p[1]
                                   < c[1] + self.radius + 0.42 + h / 2 for c in units)
                cost += 50.0 * sum(abs(p[0] - q[0]) < w and abs(p[1] - q[1]) < h for q in placed)
                for other, (a, b) in segs.items():
                    if other != key and box_hit(p, a, b):
                        cost += 10.0 + 5.0 * max(0.0, 0.5 * h - seg_dist(p, a, b))
                if best_cost is None or cost < best_cost:
                    best, best_cost = p, cost
            placed.append(best)
            out[key] = (float(best[0]), float(best[1]))
        return out

    def changing_artists(self) -> list:
        """The artists :meth:`update` changes apart from unit shading: lines and texts, lowest first.

        The lines end at the units' rims, so an explorer that blits (``animated_artists``) and does
        not shade units by value can redraw only these; with ``unit_values`` use :meth:`artists`.
        """
        arts = [*self.edges.values(), *self.edge_texts.values(), *self.unit_texts.values()]
        return sorted(arts, key=lambda a: a.get_zorder())

    def artists(self) -> list:
        """Every artist of the diagram, lowest first (e.g. for an explorer's ``animated_artists``)."""
        arts = [*self.edges.values(), *self.unit_patches.values(), *self.name_texts.values(),
                *self.edge_texts.values(), *self.unit_texts.values()]
        return sorted(arts, key=lambda a: a.get_zorder())

    def _style(self, w: float, scale: float) -> tuple[float, str]:
        width = self.min_width + (self.max_width - self.min_width) * min(abs(w) / scale, 1.0)
        colour = POSITIVE if w > 0 else NEGATIVE if w < 0 else ZERO
        return width, colour

    def update(self, weights: Any, biases: Sequence[np.ndarray] | None = None, *,
               unit_labels: Mapping[tuple, str] | None = None,
               edge_labels: Mapping[tuple, str] | str | None = None,
               unit_values: Mapping[tuple, float] | None = None, weight_format: str = "{:.2f}") -> None:
        """Redraw with new weights and texts, changing the existing artists in place.

        Args:
            weights: as for :func:`draw_network` (same layer sizes as when drawn).
            biases: bias vectors ``(n_l,)`` per layer (needed if the bias lines are shown).
            unit_labels: ``{(layer, j): text}`` written above each unit (e.g. ``"s=0.42\\ny=0.60"``);
                units not named keep no text.
            edge_labels: ``{(layer, j, i): text}`` written on the lines (``i = "b"`` for a bias),
                or ``"weights"`` to write every weight's value with two decimals.
            unit_values: ``{(layer, j): value in [0, 1]}`` shades a unit's face (0 white, 1 dark).
            weight_format: how ``edge_labels="weights"`` writes a weight.
        """
        weights, biases = network_weights(weights, biases)
        sizes = (weights[0].shape[1],) + tuple(W.shape[0] for W in weights)
        if sizes != self.sizes:
            raise ValueError(f"the diagram was drawn for layer sizes {self.sizes}; got weights for {sizes}")
        values = [abs(float(v)) for W in weights for v in W.ravel()]
        if self.show_bias and biases is not None:
            values += [abs(float(v)) for b in biases for v in b]
        scale = self.max_weight or max(max(values, default=0.0), 1e-12)
        if edge_labels == "weights":
            edge_labels = {}
            for l, W in enumerate(weights, start=1):
                for (j, i), w in np.ndenumerate(W):
                    edge_labels[(l, j, i)] = weight_format.format(w)
                if self.show_bias and biases is not None:
                    for j, b in enumerate(biases[l - 1]):
                        edge_labels[(l, j, "b")] = weight_format.format(b)
        edge_labels = edge_labels or {}
        for (l, j, i), line in self.edges.items():
            if i == "b":
                w = float(biases[l - 1][j]) if biases is not None else 0.0
            else:
                w = float(weights[l - 1][j, i])
            width, colour = self._style(w, scale)
            line.set_linewidth(width)
            line.set_color(colour)
            self._set_edge_text((l, j, i), edge_labels.get((l, j, i)))
        unit_labels = unit_labels or {}
        for key in list(self.unit_texts) + [k for k in unit_labels if k not in self.unit_texts]:
            self._set_unit_text(key, unit_labels.get(key))
        if unit_values is not None:
            from matplotlib import cm
            for key, v in unit_values.items():
                self.unit_patches[key].set_facecolor(cm.Greys(0.05 + 0.6 * float(np.clip(v, 0, 1))))

    def _set_edge_text(self, key: tuple, text: str | None) -> None:
        art = self.edge_texts.get(key)
        if text is None:
            if art is not None:
                art.set_visible(False)
            return
        if art is None:
            x, y = self.label_positions[key]
            art = self.ax.text(x, y, text, ha="center", va="center", fontsize=LABEL_FONT, zorder=5,
                               bbox=dict(boxstyle="round,pad=0.12", fc="white", ec="#999999", lw=0.4,
                                         alpha=0.95))
            self.edge_texts[key] = art
        art.set_text(text)
        art.set_visible(True)

    def unit_label_place(self, key: tuple) -> tuple[tuple[float, float], str, str]:
        """Where the text of unit ``key`` goes, off the lines: ``((x, y), ha, va)``.

        An input's text goes to its left (no line leaves that way); the lowest unit of a hidden layer
        of two or more has its text below it, to the right (between its outgoing line and the bias
        line of the next layer: above it the lines from the inputs cross); every other unit's text
        goes above it.
        """
        x, y = self.positions[key]
        layer, j = key
        r = self.radius
        if layer == 0:
            return (x - r - 0.08, y), "right", "center"
        if 0 < layer < len(self.sizes) - 1 and self.sizes[layer] >= 2 and j == self.sizes[layer] - 1:
            return (x + 0.45 * r, y - r - 0.06), "left", "top"
        return (x, y + r + 0.06), "center", "bottom"

    def _set_unit_text(self, key: tuple, text: str | None) -> None:
        art = self.unit_texts.get(key)
        if text is None:
            if art is not None:
                art.set_visible(False)
            return
        if art is None:
            (x, y), ha, va = self.unit_label_place(key)
            art = self.ax.text(x, y, text, ha=ha, va=va, fontsize=LABEL_FONT, zorder=5, linespacing=1.1,
                               bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.9))
            self.unit_texts[key] = art
        art.set_text(text)
        art.set_visible(True)


def draw_network(ax, weights: Any, biases: Sequence[np.ndarray] | None = None, *,
                 unit_names: Sequence[Sequence[str]] | None = None,
                 unit_labels: Mapping[tuple, str] | None = None,
                 edge_labels: Mapping[tuple, str] | str | None = None,
                 unit_values: Mapping[tuple, float] | None = None,
                 show_bias: bool = True, max_weight: float | None = None,
                 edge_label_pos: float = 0.3, title: str | None = None,
                 weight_format: str = "{:.2f}", bias_label_pos: float | None = None,
                 spacing: tuple[float, float] | None = None) -> NetworkDiagram:
    """Draw a feed-forward network into ``ax`` and return the :class:`NetworkDiagram`.

    Args:
        ax: a matplotlib Axes (it is turned into a blank canvas: no ticks, equal aspect).
        weights: weight matrices ``W_l`` of shape ``(n_l, n_{l-1})`` with ``W_l[j, i] = w_ji``
            ("to × from", math.md §2.3); or a model with ``params``; or a params dict.
        biases: bias vectors ``b_l`` of shape ``(n_l,)``, drawn as weights from an always-1
            unit (only needed when ``weights`` is a list of matrices).
        unit_names: text inside the units, one list per layer (default ``x₁ x₂ / h₁ h₂ / o``).
        unit_labels: ``{(layer, j): text}`` above the units, e.g. ``{(1, 0): "s=0.42\\ny=0.60"}``.
        edge_labels: ``{(layer, j, i): text}`` on the weight lines (``i = "b"`` for the bias), or
            ``"weights"`` to write every weight with two decimals.
        unit_values: ``{(layer, j): value in [0, 1]}`` shades units by their activation.
        show_bias: draw the always-1 bias units and their lines (needs biases).
        max_weight: the |w| drawn with the thickest line (default: the largest |w| shown).
        edge_label_pos: where edge texts prefer to sit, as the fraction of the way back from the
            receiving unit; each label is then moved along its own line until no other line
            crosses it and no other label overlaps it (:meth:`NetworkDiagram._place_edge_labels`).
        title: an optional Axes title.
        weight_format: how ``edge_labels="weights"`` writes a weight (default two decimals).
        bias_label_pos: like ``edge_label_pos``, for the bias lines only (default: the same); e.g.
            0.7 keeps bias labels near their always-1 unit, away from the labels of the other
            lines that arrive at the receiving unit.
        spacing: ``(between columns, between rows)`` of units in data units (default
            ``(1.8, 1.3)``, :attr:`NetworkDiagram.column_spacing` and ``row_spacing``).

    Returns:
        The diagram; call ``diagram.update(new_weights, …)`` to redraw in place.
    """
    weights, biases = network_weights(weights, biases)
    diagram = NetworkDiagram(ax, weights, biases, unit_names=unit_names, show_bias=show_bias,
                             max_weight=max_weight, edge_label_pos=edge_label_pos, bias_label_pos=bias_label_pos,
                             spacing=spacing)
    diagram.update(weights, biases, unit_labels=unit_labels, edge_labels=edge_labels, unit_values=unit_values,
                   weight_format=weight_format)
    if title:
        ax.set_title(title, fontsize=10)
    return diagram


def forward_labels(weights: list[np.ndarray], biases: list[np.ndarray], x: Sequence[float],
                   activation: str = "logistic") -> tuple[dict, dict]:
    """``s`` and ``y`` of every unit for one input pattern, as unit labels and shading values.

    The numbers come from :func:`nnteach.perceptron.forward_layers` (Eq. 3.1, math.md §2.1).
    Returns ``(unit_labels, unit_values)`` keyed ``(layer, j)``.
    """
    from ..perceptron import forward_layers

    y = as_float_array(x, "x")
    if y.shape != (weights[0].shape[1],):
        raise ValueError(f"x has shape {y.shape}; expected ({weights[0].shape[1]},), one value per input")
    labels = {(0, i): f"y={v:.4f}" for i, v in enumerate(y)}
    values = {(0, i): float(v) for i, v in enumerate(y)}
    for l, (s, y) in enumerate(forward_layers(weights, biases, y, activation), start=1):
        for j in range(len(s)):
            labels[(l, j)] = f"s={s[j]:.4f}\ny={y[j]:.4f}"
            values[(l, j)] = float(y[j])
    return labels, values


def show_network(net: Any, x: Sequence[float] | None = None, *, biases: Sequence[np.ndarray] | None = None,
                 activation: str | None = None, edge_labels: Mapping[tuple, str] | str | None = "weights",
                 unit_names: Sequence[Sequence[str]] | None = None, title: str | None = None,
                 figsize: tuple[float, float] = (6.0, 3.8), dpi: int | None = None) -> None:
    """Show a network as a static figure; with ``x``, write its forward pass on it.

    Args:
        net: a ``Perceptron``, a params dict, or a list of weight matrices ``(n_l, n_{l-1})``.
        x: one input pattern ``(n0,)``; every unit is then labelled with its state ``s`` and
            activation ``y`` (Eq. 3.1) and shaded by ``y``.
        biases: bias vectors when ``net`` is a list of matrices.
        activation: the units' activation for the labels (default: the model's, else logistic).
        edge_labels: ``"weights"`` (default) writes each weight on its line; a dict for custom
            texts; None for none.
        unit_names: text inside the units, one list per layer (default ``x₁ x₂ / h₁ h₂ / o``).
        title: an optional title.
        figsize: the figure size in inches (shown at 100 CSS pixels per inch); dpi: the resolution it
            is drawn at (default: the course's, 2 device pixels per CSS pixel, sharp on HiDPI screens).

    Returns None (the figure is displayed), so a notebook cell can end with it.
    """
    from .explorer import display_figure, new_figure
    act = activation or getattr(net, "activation", None) or "logistic"
    weights, biases = network_weights(net, biases)
    labels, values = (None, None)
    if x is not None:
        if biases is None:
            biases = [np.zeros(W.shape[0]) for W in weights]
        labels, values = forward_labels(weights, biases, x, act)
    fig = new_figure(figsize) if dpi is None else new_figure(figsize, dpi=dpi)
    ax = fig.add_subplot()
    draw_network(ax, weights, biases, unit_labels=labels, unit_values=values, edge_labels=edge_labels,
                 unit_names=unit_names, title=title)
    display_figure(fig)
