"""Neuron explorer (notebook 01): one logistic neuron with two inputs, over the input plane.

Sliders for ``w1``, ``w2`` and ``b`` and a dropdown of the target gate.  The picture shows

* the output ``y = σ(w1 x1 + w2 x2 + b)`` as shading over the plane ``(x1, x2)``;
* the **decision line** ``w1 x1 + w2 x2 + b = 0``, where ``s = 0`` and ``y = 0.5``;
* the four logic patterns ``(0,0), (0,1), (1,0), (1,1)`` with the neuron's output at each
  (filled dot: the target is 1, open dot: 0; ✓ right, ✗ wrong),
  and a bar chart of the outputs with the target gate's truth table as ◆ markers.

Colours are colour-blind safe and mean one thing each: the output ``y`` is shaded from white
(0) to purple (1); right and wrong are told by the marks ✓ and ✗, not by colour.

The summary line reads, for example,
``w1=1.00, w2=1.00, b=-1.50: outputs 0.18 0.38 0.38 0.62 → AND ✓ (4/4 right)``.

An output counts as 1 when ``s > 0`` (``y > 0.5``), as 0 when ``s < 0``; exactly on the
line (``s = 0``, ``y = 0.5``) it is undecided and never right.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..datasets.gates import GATES, INPUTS, gate_of
from ..formatting import term
from ..neuron import decision_line, neuron_outputs
from .explorer import Control, Explorer

__all__ = ["NeuronExplorer", "NeuronResult", "OUTPUT_CMAP", "RIGHT", "WRONG"]

_GRID = np.linspace(-0.5, 1.5, 81)
_RANGE = (-0.5, 1.5)

#: The marks for a pattern the neuron gets right / wrong (shape, not colour: colour-blind safe).
RIGHT, WRONG = "✓", "✗"
_PURPLE = "#5e3c99"


def _output_cmap():
    from matplotlib.colors import LinearSegmentedColormap
    return LinearSegmentedColormap.from_list("nnteach_output", ["#ffffff", "#cbc3e3", _PURPLE])


#: The colour map of an output ``y`` in [0, 1]: white for 0, purple for 1 (one hue, colour-blind safe).
OUTPUT_CMAP = _output_cmap()


@dataclass
class NeuronResult:
    """What the neuron explorer shows (all numbers; no matplotlib).

    Attributes:
        w1, w2, b, target: the controls.
        s, y: states and outputs at the four patterns ``(0,0), (0,1), (1,0), (1,1)``, shape (4,).
        targets: the target gate's truth table, shape (4,).
        right: which of the four patterns are on the correct side of 0.5, shape (4,) bool.
        n_right: how many are.
        computes: the gate the neuron computes (by the signs of ``s``), or None.
        grid_y: outputs over the plane, shape (81, 81), rows along x2, columns along x1.
        line: two points ``((x1a, x2a), (x1b, x2b))`` of the decision line ``s = 0``, or None
            if ``w1 = w2 = 0`` (no line: the output is the same everywhere).
    """

    w1: float
    w2: float
    b: float
    target: str
    s: np.ndarray
    y: np.ndarray
    targets: np.ndarray
    right: np.ndarray
    n_right: int
    computes: str | None
    grid_y: np.ndarray
    line: tuple | None

    @property
    def solved(self) -> bool:
        return self.n_right == 4


class NeuronExplorer(Explorer):
    """One logistic neuron ``y = σ(w1 x1 + w2 x2 + b)`` over the input plane (notebook 01).

    Controls: ``w1``, ``w2``, ``b`` (each in [−20, 20], so every example of notebook 01 fits, e.g.
    ``w = 10, 10, b = −15``) and ``target`` (AND, OR, NAND, NOR, XOR).
    ``NeuronExplorer(w1=…, w2=…, b=…, target="AND").show()`` draws a static figure;
    ``.widget()`` gives the live sliders.
    """

    controls = (
        Control("w1", 1.0, -20.0, 20.0, 0.1, "w1"),
        Control("w2", 1.0, -20.0, 20.0, 0.1, "w2"),
        Control("b", -0.5, -20.0, 20.0, 0.1, "b (bias)"),
        Control("target", "AND", options=tuple(GATES), description="target gate", kind="dropdown"),
    )
    figsize = (7.6, 3.4)

    def compute(self, w1: float, w2: float, b: float, target: str) -> NeuronResult:
        w1, w2, b = float(w1), float(w2), float(b)
        s, y = neuron_outputs(w1, w2, b, INPUTS)
        targets = np.array(GATES[target], dtype=float)
        right = np.where(targets == 1, s > 0, s < 0)
        X1, X2 = np.meshgrid(_GRID, _GRID)
        _, grid_y = neuron_outputs(w1, w2, b, np.stack([X1, X2], axis=-1))
        return NeuronResult(w1, w2, b, target, s, y, targets, right, int(right.sum()), gate_of(s), grid_y,
                            decision_line(w1, w2, b, *_RANGE))

    def summary(self, r: NeuronResult) -> str:
        outs = " ".join(f"{v:.2f}" for v in r.y)
        head = f"w1={r.w1:.2f}, w2={r.w2:.2f}, b={r.b:.2f}: outputs {outs}"
        if r.solved:
            return f"{head} → {r.target} ✓ (4/4 right)"
        does = f"; computes {r.computes}" if r.computes else ""
        if r.computes is None and np.any(r.s == 0):
            does = "; a pattern sits on the line (y = 0.50): undecided"
        return f"{head} → {r.target} ✗ ({r.n_right}/4 right{does})"

    def draw(self, r: NeuronResult, fig) -> None:
        if not fig.axes:
            self._setup(fig)
        a = self._artists
        a["image"].set_data(r.grid_y)
        if r.line is None:
            a["line"].set_data([], [])
        else:
            (xa, ya), (xb, yb) = r.line
            a["line"].set_data([xa, xb], [ya, yb])
        a["points"].set_facecolors(["white" if t == 0 else "black" for t in r.targets])
        for text, v, ok in zip(a["texts"], r.y, r.right):
            text.set_text(f"{v:.2f} {RIGHT if ok else WRONG}")
        for bar, v in zip(a["bars"], r.y):
            bar.set_height(v)
        a["target_marks"].set_ydata(r.targets)
        for text, v, t, ok in zip(a["bar_marks"], r.y, r.targets, r.right):
            text.set_position((text.get_position()[0], max(v, t) + 0.06))
            text.set_text(RIGHT if ok else WRONG)
        a["plane"].set_title(f"y = σ({r.w1:.1f}·x1 {term(r.w2)}·x2 {term(r.b)})", fontsize=10)
        a["bar_ax"].set_title(f"the 4 outputs and the {r.target} targets", fontsize=10)
        self._legend(r.line is not None)

    def _legend(self, with_line: bool) -> None:
        """The plane's legend; the line's entry only when a line is drawn (not for w1 = w2 = 0)."""
        from matplotlib.lines import Line2D
        a = self._artists
        dot = dict(ls="none", marker="o", ms=7, markeredgecolor="black")
        handles = ([a["line"]] if with_line else []) + [
            Line2D([], [], markerfacecolor="black", label="target 1", **dot),
            Line2D([], [], markerfacecolor="white", label="target 0", **dot)]
        a["legend"] = a["plane"].legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.16),
                                        ncol=3, fontsize=9, frameon=False, handlelength=1.5, columnspacing=1.0)

    def animated_artists(self) -> list:
        """Everything a control changes (redrawn over a cached background for speed)."""
        if self.fig is None or not self.fig.axes:
            return []
        a = self._artists
        return [a["image"], *a["plane"].spines.values(), a["line"], a["points"], *a["texts"], a["legend"], *a["bars"],
                a["target_marks"], *a["bar_marks"], a["plane"].title, a["bar_ax"].title]

    def _setup(self, fig) -> None:
        ax, bx = fig.subplots(1, 2, width_ratios=[1.25, 1])
        image = ax.imshow(np.zeros((len(_GRID), len(_GRID))), origin="lower", extent=(*_RANGE, *_RANGE),
                          cmap=OUTPUT_CMAP, vmin=0.0, vmax=1.0, interpolation="bilinear", aspect="equal")
        fig.colorbar(image, ax=ax, shrink=0.8, label="output y (white 0, purple 1)")
        (line,) = ax.plot([], [], color="black", lw=2, label="the line s = 0 (y = 0.5)")
        points = ax.scatter(INPUTS[:, 0], INPUTS[:, 1], s=80, facecolors="white", edgecolors="black",
                            linewidths=1.8, zorder=3)
        texts = [ax.text(x1 + 0.08, x2 + 0.08, "", fontsize=9, zorder=4,
                         bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))
                 for x1, x2 in INPUTS]
        ax.set_xlim(*_RANGE)
        ax.set_ylim(*_RANGE)
        ax.set_xlabel("x1")
        ax.set_ylabel("x2")
        labels = ["0,0", "0,1", "1,0", "1,1"]
        bars = bx.bar(range(4), [0, 0, 0, 0], width=0.6, color="#b7aad6", edgecolor=_PURPLE, label="output y")
        (target_marks,) = bx.plot(range(4), [0, 0, 0, 0], ls="none", marker="D", ms=8, color="black",
                                  markeredgecolor="white", markeredgewidth=1.0, zorder=4, clip_on=False,
                                  label="target")
        bar_marks = [bx.text(k, 0.0, "", ha="center", va="bottom", fontsize=11, zorder=4) for k in range(4)]
        bx.axhline(0.5, color="grey", lw=1, ls="--", label="y = 0.5")
        bx.set_xticks(range(4), labels)
        bx.set_xlabel("pattern (x1, x2)")
        bx.set_ylabel("y")
        bx.set_ylim(-0.08, 1.5)
        bx.set_yticks([0, 0.5, 1])
        bx.legend(loc="upper center", ncol=3, fontsize=9, frameon=False, handlelength=1.5, columnspacing=1.0)
        self._artists = dict(plane=ax, bar_ax=bx, image=image, line=line, points=points, texts=texts,
                             bars=bars, target_marks=target_marks, bar_marks=bar_marks)
        self._legend(True)
