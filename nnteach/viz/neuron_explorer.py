"""Neuron explorer (notebook 01): one logistic neuron with two inputs, over the input plane.

Sliders for ``w1``, ``w2`` and ``b`` and a dropdown of the target gate.  The picture shows

* the output ``y = σ(w1 x1 + w2 x2 + b)`` as shading over the plane ``(x1, x2)``;
* the **decision line** ``w1 x1 + w2 x2 + b = 0``, where ``s = 0`` and ``y = 0.5``;
* the four logic patterns ``(0,0), (0,1), (1,0), (1,1)`` with the neuron's output at each,
  and a bar chart of the outputs against the target gate's truth table.

The summary line reads, for example,
``w1=1.00, w2=1.00, b=-1.50: outputs 0.18 0.38 0.38 0.62 → AND ✓ (4/4 right)``.

An output counts as 1 when ``s > 0`` (``y > 0.5``), as 0 when ``s < 0``; exactly on the
line (``s = 0``, ``y = 0.5``) it is undecided and never right.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import activations
from ..datasets.gates import GATES, INPUTS
from ._explorer import Control, Explorer

__all__ = ["NeuronExplorer", "NeuronResult", "neuron_outputs", "gate_of"]

_GRID = np.linspace(-0.5, 1.5, 81)
_RANGE = (-0.5, 1.5)


def neuron_outputs(w1: float, w2: float, b: float, X: np.ndarray = INPUTS) -> tuple[np.ndarray, np.ndarray]:
    """States and outputs of the logistic neuron for the rows of ``X`` ``(B, 2)``.

    ``s = w1 x1 + w2 x2 + b · 1`` (Eq. 1.1, the bias as the weight of an always-1 input) and
    ``y = σ(s)`` (Eq. 1.2).  Returns ``(s (B,), y (B,))``.
    """
    X = np.asarray(X, dtype=float)
    s = w1 * X[..., 0] + w2 * X[..., 1] + b * 1.0
    return s, activations.logistic(s)


def gate_of(s: np.ndarray) -> str | None:
    """The name of the gate whose truth table the four states' signs give, or None.

    ``s > 0`` reads as 1 and ``s < 0`` as 0; a state of exactly 0 is undecided (None).
    Patterns in the order ``(0,0), (0,1), (1,0), (1,1)``.
    """
    s = np.asarray(s, dtype=float)
    if np.any(s == 0):
        return None
    bits = tuple(int(v > 0) for v in s)
    for name, table in GATES.items():
        if bits == tuple(table):
            return name
    return _OTHER_FUNCTIONS.get(bits)


#: The other truth tables a single neuron can compute (patterns (0,0), (0,1), (1,0), (1,1)).
_OTHER_FUNCTIONS: dict[tuple[int, ...], str] = {
    (0, 0, 0, 0): "always 0", (1, 1, 1, 1): "always 1",
    (0, 0, 1, 1): "x1", (0, 1, 0, 1): "x2", (1, 1, 0, 0): "NOT x1", (1, 0, 1, 0): "NOT x2",
    (0, 0, 1, 0): "x1 AND NOT x2", (0, 1, 0, 0): "x2 AND NOT x1",
    (1, 0, 1, 1): "x1 OR NOT x2", (1, 1, 0, 1): "x2 OR NOT x1",
}


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


def decision_line(w1: float, w2: float, b: float, lo: float = -0.5, hi: float = 1.5) -> tuple | None:
    """Two points of the decision line ``w1 x1 + w2 x2 + b = 0`` (Eq. 1.4) across ``[lo, hi]²``.

    None if ``w1 = w2 = 0`` (then the state is the same everywhere: no line).
    """
    if w1 == 0 and w2 == 0:
        return None
    if abs(w2) >= abs(w1):            # solve for x2: a line that is more horizontal
        x1 = np.array([lo - 1, hi + 1])
        x2 = -(w1 * x1 + b) / w2
    else:                             # solve for x1
        x2 = np.array([lo - 1, hi + 1])
        x1 = -(w2 * x2 + b) / w1
    return (float(x1[0]), float(x2[0])), (float(x1[1]), float(x2[1]))


def _signed(v: float) -> str:
    """``+ 1.0`` or ``− 1.5``: a term of a sum, written with its sign."""
    return f"{'−' if v < 0 else '+'} {abs(v):.1f}"


class NeuronExplorer(Explorer):
    """One logistic neuron ``y = σ(w1 x1 + w2 x2 + b)`` over the input plane (notebook 01).

    Controls: ``w1``, ``w2``, ``b`` (each in [−10, 10]) and ``target`` (AND, OR, NAND, NOR, XOR).
    ``NeuronExplorer(w1=…, w2=…, b=…, target="AND").show()`` draws a static figure;
    ``.widget()`` gives the live sliders.
    """

    controls = (
        Control("w1", 1.0, -10.0, 10.0, 0.1, "w1"),
        Control("w2", 1.0, -10.0, 10.0, 0.1, "w2"),
        Control("b", -0.5, -10.0, 10.0, 0.1, "b (bias)"),
        Control("target", "AND", options=tuple(GATES), description="target gate", kind="dropdown"),
    )
    figsize = (7.6, 3.4)

    def compute(self, w1: float, w2: float, b: float, target: str) -> NeuronResult:
        w1, w2, b = float(w1), float(w2), float(b)
        s, y = neuron_outputs(w1, w2, b)
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
        colours = ["#2ca02c" if ok else "#d62728" for ok in r.right]
        a["points"].set_edgecolors(colours)
        a["points"].set_facecolors(["white" if t == 0 else "black" for t in r.targets])
        for text, v in zip(a["texts"], r.y):
            text.set_text(f"{v:.2f}")
        for bar, v, ok in zip(a["bars"], r.y, r.right):
            bar.set_height(v)
            bar.set_color("#2ca02c" if ok else "#d62728")
        for mark, t in zip(a["target_marks"], r.targets):
            mark.set_ydata([t, t])
        a["plane"].set_title(f"y = σ({r.w1:.1f}·x1 {_signed(r.w2)}·x2 {_signed(r.b)})", fontsize=10)
        a["bar_ax"].set_title(f"outputs vs {r.target} (—)", fontsize=10)

    def animated_artists(self) -> list:
        """Everything a control changes (redrawn over a cached background for speed)."""
        if self.fig is None or not self.fig.axes:
            return []
        a = self._artists
        return [a["image"], *a["plane"].spines.values(), a["line"], a["points"], *a["texts"], a["legend"], *a["bars"],
                *a["target_marks"], a["plane"].title, a["bar_ax"].title]

    def _setup(self, fig) -> None:
        ax, bx = fig.subplots(1, 2, width_ratios=[1.25, 1])
        image = ax.imshow(np.zeros((len(_GRID), len(_GRID))), origin="lower", extent=(*_RANGE, *_RANGE),
                          cmap="RdBu_r", vmin=0.0, vmax=1.0, interpolation="bilinear", aspect="equal")
        fig.colorbar(image, ax=ax, shrink=0.8, label="output y")
        (line,) = ax.plot([], [], color="black", lw=2, label="s = 0 (y = 0.5)")
        points = ax.scatter(INPUTS[:, 0], INPUTS[:, 1], s=90, facecolors="white", edgecolors="black",
                            linewidths=2.5, zorder=3)
        texts = [ax.text(x1 + 0.07, x2 + 0.07, "", fontsize=9, zorder=4,
                         bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))
                 for x1, x2 in INPUTS]
        ax.set_xlim(*_RANGE)
        ax.set_ylim(*_RANGE)
        ax.set_xlabel("x1")
        ax.set_ylabel("x2")
        legend = ax.legend(loc="upper left", fontsize=8, framealpha=0.8)
        labels = ["0,0", "0,1", "1,0", "1,1"]
        bars = bx.bar(range(4), [0, 0, 0, 0], width=0.6)
        target_marks = [bx.plot([k - 0.4, k + 0.4], [0, 0], color="black", lw=2.5)[0] for k in range(4)]
        bx.axhline(0.5, color="grey", lw=1, ls="--")
        bx.set_xticks(range(4), labels)
        bx.set_xlabel("pattern (x1, x2)")
        bx.set_ylabel("y")
        bx.set_ylim(0, 1.05)
        self._artists = dict(plane=ax, bar_ax=bx, image=image, line=line, points=points, texts=texts, legend=legend,
                             bars=bars, target_marks=target_marks)
