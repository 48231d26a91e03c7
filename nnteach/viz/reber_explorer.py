"""A trained network's predictions, drawn on the embedded Reber grammar's automaton (notebook 10).

The numbers come from :mod:`nnteach.automaton` (numpy only): the automaton's layout and, for a string,
the network's outputs at every step.  :class:`ReberExplorer` shows one step of one string:

* left: the automaton (the frame ``B``, then ``T`` or ``P`` into one of the two copies of the Reber
  graph, the closing ``T`` or ``P``, the final ``E``); the arcs read so far in black, the state reached
  in purple, and on each arc leaving it the network's output for that arc's letter (trained on the legal
  successors, an output near 1 says "may come next"; trained on the actual next letter, an output
  estimates the chance that the letter comes next);
* right: all seven outputs as bars, the legal successors in blue (✓), the others in grey; the symbol
  that actually comes next marked ▲.
"""
from __future__ import annotations

import numpy as np

from ..automaton import AutomatonLayout, Prediction, automaton_layout, predictions_along, state_name
from ..datasets.reber import SYMBOLS, accepts
from ..formatting import fixed
from .explorer import Control, Explorer
from .graph_diagram import GATE

__all__ = ["ReberExplorer", "ReberView", "EXAMPLE_STRINGS"]

#: Strings of the embedded grammar the explorer offers by default: both branches, short and long, with loops.
EXAMPLE_STRINGS = ("BTBPVPXVVETE", "BPBTSSXXTVVEPE", "BTBTXSETE", "BPBPTTVPSEPE", "BTBTSSSXXVPXTTVVETE")

_LEGAL = "#0072B2"      # blue: legal successors
_ILLEGAL = "#bbbbbb"    # grey: every other symbol
_ARC = "#c8c8c8"        # arcs not walked


def _prediction_position(arc: dict) -> tuple[float, float, str]:
    """Where an arc's prediction box goes, and how it is aligned there: left of a loop; for any other arc,
    past its middle, on the side away from the arc's letter (so that the two boxes of a state's two arcs do
    not meet), its near edge beside the arc so that the box never covers the letter."""
    (x0, y0), (x1, y1), (lx, ly) = arc["start"], arc["end"], arc["label"]
    if arc["loop"]:
        return (x0 - 0.3, ly, "right")
    px, py = x0 + 0.55 * (x1 - x0), y0 + 0.55 * (y1 - y0)
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    nx, ny = lx - mx, ly - my                    # from the arc to its letter
    norm = (nx * nx + ny * ny) ** 0.5 or 1.0
    ux, uy = -nx / norm, -ny / norm              # away from the letter
    ha = "center" if abs(ux) < 0.5 else "left" if ux > 0 else "right"
    if ha == "center":                           # below or above a level arc: short of its end, clear of "end"
        px, py = x0 + 0.4 * (x1 - x0), y0 + 0.4 * (y1 - y0)
    away = 0.3 if ha == "center" else 0.15
    return (px + away * ux, py + away * uy, ha)


class ReberView:
    """What the explorer shows: a string, a step of it, and the network's prediction there."""

    def __init__(self, string: str, step: int, predictions: list[Prediction]) -> None:
        self.string = string
        self.step = step
        self.predictions = predictions

    @property
    def now(self) -> Prediction:
        return self.predictions[self.step - 1]

    @property
    def steps(self) -> int:
        return len(self.predictions)


class ReberExplorer(Explorer):
    """Step along a string of the embedded Reber grammar and see what the network predicts.

    Args:
        model: a trained network with ``forward(x (T, 7)) -> (T, 7)`` (outputs in ``B T P S X V E`` order).
        strings: the strings to choose from (default :data:`EXAMPLE_STRINGS`).
        **state: ``step`` (1 … the longest string's steps; beyond a string's end its last step is shown)
            and ``string``.
    """

    figsize = (11.0, 4.6)

    def __init__(self, model, strings=EXAMPLE_STRINGS, **state) -> None:
        strings = tuple(strings)
        if not strings or not all(isinstance(s, str) for s in strings):
            raise ValueError("strings must be a non-empty list of embedded-grammar strings")
        for s in strings:
            if not accepts(s, embedded=True):
                raise ValueError(f"{s!r} is not a string of the embedded Reber grammar")
        self.model = model
        self._cache: dict[str, list[Prediction]] = {}
        longest = max(len(s) for s in strings) - 1
        self.controls = (Control("step", min(4, longest), 1, longest, 1, "step (symbols read)", kind="int"),
                         Control("string", strings[0], description="string", options=strings))
        self.layout = automaton_layout()
        super().__init__(**state)

    def compute(self, step: int, string: str) -> ReberView:
        if string not in self._cache:
            self._cache[string] = predictions_along(self.model, string)
        predictions = self._cache[string]
        return ReberView(string, min(int(step), len(predictions)), predictions)

    def extra_controls(self, sliders: dict) -> list:
        """No extra widgets; the step slider is kept within the chosen string: moved beyond its last step
        (or left there by a shorter string) it goes back to that step, so that it never reads 18 while the
        figure says "step 11 of 11".  Its range stays that of the longest string (the browser's slider
        keeps its first range for the arrow keys when ``max`` grows later)."""
        step, string = sliders["step"], sliders["string"]

        def fit(_=None) -> None:
            if step.value > self.result.steps:
                step.value = self.result.steps

        step.observe(fit, names="value")
        string.observe(fit, names="value")
        return []

    # -- drawing ---------------------------------------------------------------------------------------
    def draw(self, v: ReberView, fig) -> None:
        if not fig.axes:
            self._make(fig, self.layout)
        p = v.now
        walked = set(p.walked)
        for key, line in self._arc_lines.items():
            line.set_color("black" if key in walked else _ARC)
            line.set_linewidth(2.2 if key in walked else 1.2)
        self._here.center = self.layout.states[p.state]
        out_arcs = self.layout.arcs_from(p.state)
        for k, text in enumerate(self._arc_texts):
            if k < len(out_arcs):
                a = out_arcs[k]
                x, y, ha = _prediction_position(a)
                text.set_position((x, y))
                text.set_horizontalalignment(ha)
                text.set_text(f"{a['letter']}: {fixed(p.output(a['letter']), 2)}")
                text.set_visible(True)
            else:
                text.set_visible(False)
        self._title.set_text(f"string {v.string}, step {p.step} of {v.steps}: read {p.read},\nnow in state "
                             f"{state_name(p.state)}; legal next: {' or '.join(p.legal)}")
        for bar, letter, mark in zip(self._bars, SYMBOLS, self._marks):
            bar.set_height(p.output(letter))
            legal = letter in p.legal
            bar.set_color(_LEGAL if legal else _ILLEGAL)
            mark.set_text("✓" if legal else "")
        self._next.set_xdata([SYMBOLS.index(p.next)])
        self._verdict.set_text(("✓ legal outputs above all others" if p.ok else
                                "✗ an illegal output is as high as a legal one"))

    def _make(self, fig, layout: AutomatonLayout) -> None:
        from matplotlib.patches import Arc, Circle, FancyArrowPatch

        ax, bx = fig.subplots(1, 2, gridspec_kw={"width_ratios": [2.6, 1.0]})
        self._arc_lines = {}
        for a in layout.arcs:
            key = (a["from"], a["to"], a["letter"])
            if a["loop"]:
                x, y = a["start"]
                up = a["label"][1] > y
                centre = (x, y + (0.32 if up else -0.32))
                patch = Arc(centre, 0.36, 0.36, theta1=-50 if up else 130, theta2=230 if up else 410, lw=1.2,
                            color=_ARC, zorder=1)
            else:
                patch = FancyArrowPatch(a["start"], a["end"], arrowstyle="-|>", mutation_scale=9, lw=1.2, color=_ARC,
                                        shrinkA=7, shrinkB=7, zorder=1)
            ax.add_patch(patch)
            self._arc_lines[key] = patch
            lx, ly = a["label"]
            if a["loop"]:                         # clear of the loop's arc at this font size
                ly += 0.1 if ly > a["start"][1] else -0.1
            ax.text(lx, ly, a["letter"], fontsize=10, ha="center", va="center", weight="bold", zorder=3)
        for state, (x, y) in layout.states.items():
            ax.add_patch(Circle((x, y), 0.13, facecolor="white", edgecolor="#555555", lw=0.9, zorder=2))
        for state, text in (("start", "start"), (None, "end")):
            x, y = layout.states[state]
            ax.text(x, y - 0.6, text, fontsize=9, ha="center", va="top", color="#555555")
        for branch, y in (("T", 1.9), ("P", -1.9)):
            ax.text(1.6, y + (0.9 if y > 0 else -0.9), f"after B{branch}:\na Reber string,\nthen {branch}E",
                    fontsize=9, ha="center", va="center", color="#555555")
        self._here = Circle(layout.states["start"], 0.17, facecolor=GATE, edgecolor=GATE, alpha=0.85, zorder=4)
        ax.add_patch(self._here)
        self._arc_texts = [ax.text(0, 0, "", fontsize=9.5, ha="center", va="center", color=GATE, weight="bold", zorder=5,
                                   bbox=dict(boxstyle="round,pad=0.15", fc="white", ec=GATE, lw=0.6))
                           for _ in range(3)]
        x0, x1, y0, y1 = layout.extent()
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0 - 0.4, y1 + 0.4)
        ax.set_aspect("equal")
        ax.axis("off")
        self._title = ax.set_title("", fontsize=10.5, loc="left")
        positions = np.arange(len(SYMBOLS))
        self._bars = list(bx.bar(positions, np.zeros(len(SYMBOLS)), color=_ILLEGAL, width=0.7))
        bx.set_xticks(positions, list(SYMBOLS))
        bx.set_ylim(0, 1.18)
        bx.set_ylabel("the network's output for each letter", fontsize=9.5)
        bx.tick_params(labelsize=9.5)
        self._marks = [bx.text(k, 1.02, "", ha="center", va="bottom", fontsize=10, color=_LEGAL) for k in positions]
        (self._next,) = bx.plot([0], [-0.07], "^", color="black", ms=7, clip_on=False, zorder=5)
        self._verdict = bx.set_title("", fontsize=9.5, loc="left")
        bx.text(0.0, -0.13, "blue ✓: legal successors; ▲: what comes next", transform=bx.transAxes, fontsize=9,
                color="#555555", va="top")

    def animated_artists(self) -> list:
        if self.fig is None or not hasattr(self, "_title"):
            return []
        return [*self._arc_lines.values(), self._here, *self._arc_texts, self._title, *self._bars, *self._marks,
                self._next, self._verdict]

    def summary(self, v: ReberView) -> str:
        p = v.now
        outs = ", ".join(f"{c} {fixed(p.output(c), 2)}" for c in p.legal)
        return (f"{v.string}, step {p.step} of {v.steps}: after {p.read} the legal next symbols are "
                f"{' or '.join(p.legal)}; the network's outputs for them: {outs} (next comes {p.next}); "
                f"{'✓ every legal output above every illegal one' if p.ok else '✗ an illegal output is as high'}")
