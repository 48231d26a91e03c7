"""XOR hidden-unit explorer (notebook 03): shape the regions of a 2-2-1 network by hand.

Nine sliders, the weights of a 2-2-1 logistic network (``W1 (2, 2)``, ``b1 (2,)``,
``W2 (1, 2)``, ``b2 (1,)``, stored "to × from" as :class:`nnteach.Perceptron` does).  The picture:

1. **hidden units**: each hidden unit cuts the input plane with its own line
   ``w_h1 x1 + w_h2 x2 + b_h = 0``; the side where it is on (``y_h > 0.5``) is hatched and
   outlined (h1 green, sparse thick hatching ``//``, solid line; h2 reddish purple, dense thin hatching
   the other way, dashed line), with a legend; where both are on, the hatches cross instead of mixing
   into a muddy colour, and the different densities keep each readable;
2. **output**: ``y_o`` over the plane (white 0, purple 1) and at the four XOR patterns
   (✓ right, ✗ wrong);
3. **network diagram**: the weights as line widths (blue positive, orange negative), each value
   written near the unit it goes into and the biases near their always-1 unit, so the labels of the
   crossing lines x1→h2 and x2→h1 stay apart.

All colours are from the colour-blind-safe Okabe-Ito palette, and every colour difference is
doubled by a shape (hatch direction, line style, ✓/✗).

The summary gives the four outputs, whether XOR is solved, and what each hidden unit computes.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..datasets.gates import GATES, INPUTS, gate_of
from ..neuron import decision_line
from ..perceptron import two_layer_forward
from .explorer import Control, Explorer
from .network_diagram import draw_network
from .neuron_explorer import OUTPUT_CMAP, RIGHT, WRONG

__all__ = ["XorExplorer", "XorResult", "XOR_SOLUTION"]

_GRID = np.linspace(-0.5, 1.5, 81)
_RANGE = (-0.5, 1.5)
_H_COLOURS = ("#009E73", "#CC79A7")          # h1 bluish green, h2 reddish purple (Okabe-Ito)
_H_HATCHES = ("//", "\\\\\\")           # h1 sparse, h2 dense: both stay readable where they overlap
_H_HATCH_WIDTHS = (1.8, 0.9)
_H_STYLES = ("-", "--")

#: One hand-picked solution: h1 = OR, h2 = AND, output = h1 AND NOT h2.
XOR_SOLUTION = dict(w_h1x1=5.0, w_h1x2=5.0, b_h1=-2.5, w_h2x1=5.0, w_h2x2=5.0, b_h2=-7.5,
                    w_oh1=5.0, w_oh2=-5.0, b_o=-2.5)


@dataclass
class XorResult:
    """What the XOR explorer shows.

    Attributes:
        W1 (2, 2), b1 (2,), W2 (1, 2), b2 (1,): the weights, as a Perceptron stores them.
        s_h, y_h: hidden states and activations at the four patterns, shape (4, 2).
        s_o, y_o: output state and activation at the four patterns, shape (4,).
        right: which patterns are on the correct side of 0.5 for XOR, shape (4,) bool.
        n_right: how many.
        hidden_gates: what each hidden unit computes on the four patterns (a gate name or None).
        lines: the two hidden units' lines ``s_h = 0`` as point pairs (None when a unit has no line).
        grid_h: hidden activations over the plane, shape (81, 81, 2).
        grid_y: output over the plane, shape (81, 81).
    """

    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray
    s_h: np.ndarray
    y_h: np.ndarray
    s_o: np.ndarray
    y_o: np.ndarray
    right: np.ndarray
    n_right: int
    hidden_gates: tuple
    lines: tuple
    grid_h: np.ndarray
    grid_y: np.ndarray

    @property
    def solved(self) -> bool:
        return self.n_right == 4

    @property
    def params(self) -> dict[str, np.ndarray]:
        """The weights as a ``Perceptron(2, 2, 1).params`` dict."""
        return {"W1": self.W1, "b1": self.b1, "W2": self.W2, "b2": self.b2}


class XorExplorer(Explorer):
    """A 2-2-1 logistic network whose nine weights are sliders (notebook 03).

    Control names (``w_ji`` = weight to ``j`` from ``i``): ``w_h1x1, w_h1x2, b_h1`` (hidden unit 1),
    ``w_h2x1, w_h2x2, b_h2`` (hidden unit 2), ``w_oh1, w_oh2, b_o`` (output), each in [−10, 10].
    The default has both hidden units drawing the *same* line, so XOR is not solved yet.
    """

    controls = (
        Control("w_h1x1", 5.0, -10.0, 10.0, 0.5, "w h1←x1"),
        Control("w_h1x2", 5.0, -10.0, 10.0, 0.5, "w h1←x2"),
        Control("b_h1", -2.5, -10.0, 10.0, 0.5, "b h1"),
        Control("w_h2x1", 5.0, -10.0, 10.0, 0.5, "w h2←x1"),
        Control("w_h2x2", 5.0, -10.0, 10.0, 0.5, "w h2←x2"),
        Control("b_h2", -2.5, -10.0, 10.0, 0.5, "b h2"),
        Control("w_oh1", 5.0, -10.0, 10.0, 0.5, "w o←h1"),
        Control("w_oh2", -5.0, -10.0, 10.0, 0.5, "w o←h2"),
        Control("b_o", -2.5, -10.0, 10.0, 0.5, "b o"),
    )
    figsize = (10.8, 4.0)

    def compute(self, w_h1x1: float, w_h1x2: float, b_h1: float, w_h2x1: float, w_h2x2: float, b_h2: float,
                w_oh1: float, w_oh2: float, b_o: float) -> XorResult:
        W1 = np.array([[w_h1x1, w_h1x2], [w_h2x1, w_h2x2]], dtype=float)
        b1 = np.array([b_h1, b_h2], dtype=float)
        W2 = np.array([[w_oh1, w_oh2]], dtype=float)
        b2 = np.array([b_o], dtype=float)
        s_h, y_h, s_o, y_o = two_layer_forward(W1, b1, W2, b2, INPUTS)
        targets = np.array(GATES["XOR"])
        right = np.where(targets == 1, s_o > 0, s_o < 0)
        X1, X2 = np.meshgrid(_GRID, _GRID)
        _, grid_h, _, grid_y = two_layer_forward(W1, b1, W2, b2, np.stack([X1, X2], axis=-1))
        hidden_gates = tuple(gate_of(s_h[:, k]) for k in range(2))
        lines = tuple(decision_line(W1[k, 0], W1[k, 1], b1[k], *_RANGE) for k in range(2))
        return XorResult(W1, b1, W2, b2, s_h, y_h, s_o, y_o, right, int(right.sum()), hidden_gates, lines,
                         grid_h, grid_y)

    def summary(self, r: XorResult) -> str:
        outs = " ".join(f"{v:.2f}" for v in r.y_o)
        mark = "✓ XOR solved" if r.solved else f"✗ not XOR yet ({r.n_right}/4 right)"
        gates = ", ".join(f"h{k + 1} = {g or 'undecided'}" for k, g in enumerate(r.hidden_gates))
        return f"outputs {outs} → {mark}; {gates}"

    def draw(self, r: XorResult, fig) -> None:
        from matplotlib.colors import to_rgba
        if not fig.axes:
            self._setup(fig, r)
        a = self._artists
        for cs in a["regions"]:
            cs.remove()
        X1, X2 = np.meshgrid(_GRID, _GRID)
        a["regions"] = []
        for k, (colour, hatch, hw) in enumerate(zip(_H_COLOURS, _H_HATCHES, _H_HATCH_WIDTHS)):  # where each is on
            h = r.grid_h[..., k]
            if h.max() <= 0.5:
                continue
            cs = a["hidden_ax"].contourf(X1, X2, h, levels=[0.5, 1.0], colors=[to_rgba(colour, 0.07)],
                                         hatches=[hatch], zorder=1)
            cs.set_edgecolor(colour)
            cs.set_linewidth(0.0)
            cs.set_hatch_linewidth(hw)
            a["regions"].append(cs)
        for line, pts in zip(a["hidden_lines"], r.lines):
            if pts is None:
                line.set_data([], [])
            else:
                line.set_data([pts[0][0], pts[1][0]], [pts[0][1], pts[1][1]])
        a["out_image"].set_data(r.grid_y)
        for text, v, ok in zip(a["texts"], r.y_o, r.right):
            text.set_text(f"{v:.2f} {RIGHT if ok else WRONG}")
        a["out_ax"].set_title("output y_o: " + ("XOR ✓" if r.solved else f"{r.n_right}/4 right"), fontsize=10)
        a["diagram"].update(r.params, edge_labels="weights", weight_format="{:.1f}")

    def animated_artists(self) -> list:
        if self.fig is None or not self.fig.axes:
            return []
        a = self._artists
        d = a["diagram"]
        return [a["hidden_bg"], *a["regions"], *a["hidden_ax"].spines.values(), *a["hidden_lines"],
                a["hidden_points"], a["hidden_legend"],
                a["out_image"], *a["out_ax"].spines.values(), a["points"], *a["texts"], a["out_ax"].title,
                *d.changing_artists()]

    def _setup(self, fig, r: XorResult) -> None:
        from matplotlib.colors import to_rgba
        from matplotlib.patches import Patch, Rectangle
        hx, ox, dx = fig.subplots(1, 3, width_ratios=[1, 1.2, 1.75])
        hidden_bg = hx.add_patch(Rectangle((_RANGE[0], _RANGE[0]), _RANGE[1] - _RANGE[0], _RANGE[1] - _RANGE[0],
                                           facecolor="white", edgecolor="none", zorder=0))
        hidden_lines = [hx.plot([], [], color=c, lw=2.5, ls=ls, zorder=2)[0]
                        for c, ls in zip(_H_COLOURS, _H_STYLES)]
        handles = [Patch(facecolor=to_rgba(c, 0.07), edgecolor=c, hatch=h, lw=1.5, ls=ls,
                         label=f"h{k + 1} on (y > 0.5)")
                   for k, (c, h, ls) in enumerate(zip(_H_COLOURS, _H_HATCHES, _H_STYLES))]
        for handle, hw in zip(handles, _H_HATCH_WIDTHS):
            handle.set_hatch_linewidth(hw)
        hidden_legend = hx.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2,
                                  fontsize=9, frameon=False, handlelength=2.2, handleheight=1.2)
        targets = np.array(GATES["XOR"])
        for ax in (hx, ox):
            ax.set_xlim(*_RANGE)
            ax.set_ylim(*_RANGE)
            ax.set_aspect("equal")
            ax.set_xlabel("x1")
            ax.set_ylabel("x2")
        hidden_points = hx.scatter(INPUTS[:, 0], INPUTS[:, 1], s=50, edgecolors="black", zorder=3,
                                   c=["white" if t == 0 else "black" for t in targets])
        hx.set_title("hidden units: where each is on", fontsize=10)
        out_image = ox.imshow(np.zeros((len(_GRID), len(_GRID))), origin="lower", extent=(*_RANGE, *_RANGE),
                              cmap=OUTPUT_CMAP, vmin=0.0, vmax=1.0, interpolation="bilinear", aspect="equal")
        fig.colorbar(out_image, ax=ox, shrink=0.8, label="y_o")
        points = ox.scatter(INPUTS[:, 0], INPUTS[:, 1], s=70, linewidths=1.8, zorder=3,
                            facecolors=["white" if t == 0 else "black" for t in targets], edgecolors="black")
        texts = [ox.text(x1 + 0.08, x2 + 0.08, "", fontsize=9, zorder=4,
                         bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))
                 for x1, x2 in INPUTS]
        diagram = draw_network(dx, r.params, edge_labels="weights", max_weight=10.0, weight_format="{:.1f}",
                               edge_label_pos=0.22, bias_label_pos=0.7)   # apart where x1→h2 crosses x2→h1
        dx.set_title("the network (line width = |w|)", fontsize=10)
        self._artists = dict(hidden_ax=hx, out_ax=ox, hidden_bg=hidden_bg, regions=[], hidden_lines=hidden_lines,
                             hidden_points=hidden_points, hidden_legend=hidden_legend, out_image=out_image,
                             points=points, texts=texts, diagram=diagram)
