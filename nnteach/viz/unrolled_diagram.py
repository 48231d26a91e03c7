"""The Elman network unrolled in time, and the BPTT step-through (notebook 07).

The positions come from :func:`nnteach.unrolled.layout` and the numbers from
:func:`nnteach.unrolled.bptt_trace` (numpy only); this module draws them.

* :func:`draw_unrolled` draws an :class:`~nnteach.unrolled.UnrolledDrawing` into an Axes, with optional
  text in and under each box and highlighted arrows;
* :func:`show_unrolled` shows the folded network and its unrolled copies as a static figure;
* :class:`BPTTStepper` steps through one forward and one backward pass of the tiny network of
  :func:`nnteach.unrolled.tiny_elman`: the activations appear copy by copy (steps 1 … T), then the
  deltas flow back (steps T+1 … 2T) and the gradients add up.

Colours: forward numbers and arrows blue, deltas orange (as :mod:`~nnteach.viz.network_diagram`).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..formatting import fixed
from ..unrolled import ROWS, BPTTTrace, UnrolledDrawing, bptt_trace, layout, tiny_elman
from .explorer import Control, Explorer, display_figure
from .network_diagram import NEGATIVE, POSITIVE

__all__ = ["draw_unrolled", "restyle_unrolled", "show_unrolled", "BPTTStepper", "BPTTView"]

FILL = {"input": "#f0f0f0", "hidden": "#ffffff", "initial": "#f7f7f7", "output": "#e8f1fa"}
BOX_W, BOX_H = 0.72, 0.46
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _label(name: str) -> str:
    """``"h_2"`` → ``"h₂"``."""
    letter, _, t = name.partition("_")
    return letter + t.translate(_SUB)


def _style_arrow(handle: dict, mode: str | None) -> None:
    """Plain grey, bold blue (``"forward"``) or bold orange and reversed (``"back"``: a delta flowing back)."""
    colour = {"forward": POSITIVE, "back": NEGATIVE}.get(mode, "0.55")
    start, end = (handle["end"], handle["start"]) if mode == "back" else (handle["start"], handle["end"])
    handle["patch"].set_positions(start, end)
    handle["patch"].set_color(colour)
    handle["patch"].set_linewidth(2.4 if mode else 1.0)


def draw_unrolled(ax, drawing: UnrolledDrawing, inside: dict[str, str] | None = None,
                  below: dict[str, str] | None = None, highlight: dict[tuple[str, int], str] | None = None,
                  fontsize: float = 8) -> dict:
    """Draw the boxes and arrows of ``drawing`` into ``ax``; return the artists that can change.

    Args:
        inside: text to write in a box, by box name (default: the box's name, e.g. ``h₂``).
        below: text (orange: deltas) to write under a box, by name.
        highlight: arrows to draw bold, ``{(weight, t): "forward" | "back"}``; ``"back"`` draws the
            arrow reversed and orange (a delta flowing back along it).

    Returns:
        ``{"arrows": {(weight, t): {"patch", "label", "start", "end"}}, "inside": {name: Text},
        "below": {name: Text}}`` (every hidden copy gets a "below" text, empty if not given), to update
        with :func:`restyle_unrolled` and ``Text.set_text``.
    """
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    inside, below, highlight = inside or {}, below or {}, highlight or {}
    handles: dict = {"arrows": {}, "inside": {}, "below": {}}
    for a in drawing.arrows:
        x0, y0 = a["start"]
        x1, y1 = a["end"]
        if a["loop"]:                                     # the folded network's U: a loop on h
            ax.add_patch(FancyArrowPatch((x0 + BOX_W / 2, y0 + 0.08), (x0 + BOX_W / 2, y0 - 0.08),
                                         connectionstyle="arc3,rad=-2.2", arrowstyle="-|>", mutation_scale=10,
                                         lw=1.2, color="0.35"))
            ax.text(x0 + BOX_W / 2 + 0.33, y0, "U", fontsize=fontsize, va="center", color="0.25")
            continue
        vertical = abs(x1 - x0) < 1e-9
        if vertical:
            start, end = (x0, y0 + BOX_H / 2), (x1, y1 - BOX_H / 2)
        else:
            start, end = (x0 + BOX_W / 2, y0), (x1 - BOX_W / 2, y1)
        patch = ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=11, lw=1.0, color="0.55",
                                             shrinkA=1, shrinkB=1, zorder=2))
        mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
        label = ax.text(mx + (0.06 if vertical else 0.0), my + (0.0 if vertical else 0.06), a["weight"],
                        fontsize=fontsize - 1, color="0.45", ha="left" if vertical else "center",
                        va="center" if vertical else "bottom", zorder=3)
        handle = {"patch": patch, "label": label, "start": start, "end": end}
        _style_arrow(handle, highlight.get((a["weight"], a["t"])))
        if a["t"] is not None:
            handles["arrows"][(a["weight"], a["t"])] = handle
    for b in drawing.boxes:
        x, y = b["x"], b["y"]
        ax.add_patch(FancyBboxPatch((x - BOX_W / 2, y - BOX_H / 2), BOX_W, BOX_H, boxstyle="round,pad=0.02",
                                    facecolor=FILL[b["kind"]], edgecolor="black", lw=1.0, zorder=4))
        handles["inside"][b["name"]] = ax.text(x, y, inside.get(b["name"], _label(b["name"])), ha="center",
                                               va="center", fontsize=fontsize, zorder=5)
        if b["kind"] == "hidden" and b["t"] is not None:
            handles["below"][b["name"]] = ax.text(
                x, y - BOX_H / 2 - 0.06, below.get(b["name"], ""), ha="center", va="top", fontsize=fontsize - 0.5,
                color=NEGATIVE, zorder=5, bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none"))
            handles["below"][b["name"]].set_visible(b["name"] in below)
    top = ROWS["output"] + BOX_H / 2 + 0.08
    for t in range(drawing.T + 1):
        ax.text(t, top, f"t = {t}", ha="center", va="bottom", fontsize=fontsize, color="0.3")
    if drawing.folded_x is not None:
        fx = drawing.folded_x
        ax.text(fx, top, "the network", ha="center", va="bottom", fontsize=fontsize, color="0.3")
        ax.text(-0.62, ROWS["hidden"], "=", ha="center", va="center", fontsize=fontsize + 8, color="0.3")
    xmin, xmax, ymin, ymax = drawing.extent()
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    ax.axis("off")
    return handles


def restyle_unrolled(handles: dict, inside: dict[str, str], below: dict[str, str],
                     highlight: dict[tuple[str, int], str]) -> None:
    """Update a drawing made by :func:`draw_unrolled` in place: box texts, delta texts (hidden when not
    given) and arrow highlights (every arrow not in ``highlight`` back to plain)."""
    for name, text in inside.items():
        handles["inside"][name].set_text(text)
    for name, t in handles["below"].items():
        t.set_text(below.get(name, ""))
        t.set_visible(name in below)
    for key, handle in handles["arrows"].items():
        _style_arrow(handle, highlight.get(key))


def show_unrolled(T: int = 4, dpi: int = 100) -> None:
    """The Elman network as built (left) and unrolled over ``T`` steps (right); prints a one-line summary."""
    from matplotlib.figure import Figure

    d = layout(T, folded=True)
    xmin, xmax, ymin, ymax = d.extent()
    width = 1.25 * (xmax - xmin)
    fig = Figure(figsize=(width, width * (ymax - ymin) / (xmax - xmin)), dpi=dpi, layout="constrained")
    draw_unrolled(fig.add_subplot(), d, fontsize=9)
    display_figure(fig)
    print(repr(d))


# -- the BPTT step-through -------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _trace() -> BPTTTrace:
    params, x, targets = tiny_elman()
    return bptt_trace(params, x, targets)


@dataclass
class BPTTView:
    """What the step-through shows at one step (numbers only).

    Attributes:
        step: 0 … 2T: 0 nothing yet, 1 … T the forward pass up to ``t = step``, T+1 … 2T the backward
            pass down to ``t = 2T + 1 − step``.
        trace: the whole forward and backward pass (:func:`nnteach.unrolled.bptt_trace`).
        t: the time step being computed (None at step 0).
        phase: ``"start"``, ``"forward"`` or ``"backward"``.
    """

    step: int
    trace: BPTTTrace
    t: int | None
    phase: str

    @property
    def backward_steps(self):
        """The backward steps done so far (t = T first)."""
        return self.trace.steps[:max(0, self.step - self.trace.T)]


def _vec(v) -> str:
    return "(" + ", ".join(fixed(float(a), 2) for a in np.ravel(v)) + ")"


def _vec4(v) -> str:
    return "(" + ", ".join(fixed(float(a), 4) for a in np.ravel(v)) + ")"


class BPTTStepper(Explorer):
    """Step through one forward and one backward pass of an Elman network over 4 steps (notebook 07).

    The network is :func:`nnteach.unrolled.tiny_elman` (1 input, 2 tanh hidden units, 1 logistic output,
    squared error); the one control is ``step``: 1–4 run the forward pass copy by copy, 5–8 backpropagate
    through time from ``t = 4`` down to ``t = 1``, adding each copy's share to the gradients.
    """

    controls = (Control("step", 8, 0, 8, 1, "step", kind="int"),)
    figsize = (10.0, 4.4)

    def compute(self, step: int) -> BPTTView:
        tr = _trace()
        step = int(step)
        T = tr.T
        if step == 0:
            return BPTTView(step, tr, None, "start")
        if step <= T:
            return BPTTView(step, tr, step, "forward")
        return BPTTView(step, tr, 2 * T + 1 - step, "backward")

    def draw(self, r: BPTTView, fig) -> None:
        tr = r.trace
        T = tr.T
        if not fig.axes:
            self._ax, self._tx = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3.3, 1.0]})
            self._tx.axis("off")
            self._handles = draw_unrolled(self._ax, layout(T, folded=False), fontsize=8)
            self._gtext = self._tx.text(0.0, 1.0, "", va="top", ha="left", fontsize=8.5, family="monospace",
                                        transform=self._tx.transAxes)
            self._ax.set_title(" ", fontsize=10)
        shown = T if r.phase == "backward" else (r.step if r.phase == "forward" else 0)
        inside = {"h_0": "h₀\n(0, 0)"}
        for t in range(1, T + 1):
            sub = str(t).translate(_SUB)
            inside[f"x_{t}"] = f"x{sub} = {tr.x[t - 1, 0]:g}"
            if t <= shown:
                inside[f"h_{t}"] = f"h{sub}\n{_vec(tr.h[t])}"
                inside[f"p_{t}"] = f"p{sub} = {tr.p[t - 1, 0]:.2f}\ntarget {tr.targets[t - 1, 0]:g}"
            else:
                inside[f"h_{t}"] = f"h{sub}"
                inside[f"p_{t}"] = f"p{sub}\ntarget {tr.targets[t - 1, 0]:g}"
        below = {f"h_{s.t}": f"δa = {_vec(s.delta_a)}" for s in r.backward_steps}
        highlight = {}
        if r.phase == "forward":
            highlight = {("W", r.t): "forward", ("U", r.t): "forward", ("V", r.t): "forward"}
        elif r.phase == "backward":
            highlight = {("V", r.t): "back"}
            if r.t < T:
                highlight[("U", r.t + 1)] = "back"
        restyle_unrolled(self._handles, inside, below, highlight)
        titles = {"start": "step 0: nothing computed yet",
                  "forward": f"step {r.step}: forward pass, t = {r.t}",
                  "backward": f"step {r.step}: backward pass, t = {r.t}"}
        self._ax.set_title(titles[r.phase], fontsize=10)
        done = r.backward_steps
        if done:
            G = done[-1].G
            lines = ["gradients so far,", "G = −∂L/∂θ = Σ over the", "steps done:", "",
                     f"G_W = {_vec(G['W'])}", "G_U =", f"  {_vec(G['U'][0])}", f"  {_vec(G['U'][1])}",
                     f"G_b = {_vec(G['b'])}"]
            if len(done) == T:
                lines += ["", f"all {T} steps: the full", "BPTT gradient (equal to", "rnn_backward's)"]
        else:
            lines = ["gradients: none yet", "(the backward pass", f"starts at step {T + 1})"]
        self._gtext.set_text("\n".join(lines))

    def animated_artists(self) -> list:
        """What a step changes: the hidden and output boxes' texts, the deltas, the arrows, the gradients, the
        title (blitted over the boxes, the inputs and the weight letters)."""
        if self.fig is None or not hasattr(self, "_handles"):
            return []
        h = self._handles
        arrows = [handle["patch"] for handle in h["arrows"].values()]
        texts = [text for name, text in h["inside"].items() if name[0] in "hp" and name != "h_0"]
        return arrows + texts + list(h["below"].values()) + [self._gtext, self._ax.title]

    def summary(self, r: BPTTView) -> str:
        tr = r.trace
        if r.phase == "start":
            return (f"step 0/{2 * tr.T}: nothing computed yet — steps 1–{tr.T} run the forward pass, "
                    f"steps {tr.T + 1}–{2 * tr.T} the backward pass")
        t = r.t
        if r.phase == "forward":
            return (f"step {r.step}/{2 * tr.T}, forward, t = {t}: a_{t} = W x_{t} + U h_{t - 1} + b = "
                    f"{_vec4(tr.a[t - 1])}, h_{t} = tanh(a_{t}) = {_vec4(tr.h[t])}, p_{t} = σ(V h_{t} + c) = "
                    f"{tr.p[t - 1, 0]:.4f} (target {tr.targets[t - 1, 0]:g})")
        s = r.backward_steps[-1]
        future = (f"Uᵀ δa_{t + 1} = {_vec4(s.from_future)}" if t < tr.T
                  else f"nothing from t = {tr.T + 1} (the last copy has no next one)")
        return (f"step {r.step}/{2 * tr.T}, backward, t = {t}: δh_{t} = Vᵀ δo_{t} {_vec4(s.from_output)} + {future} "
                f"= {_vec4(s.delta_h)}; δa_{t} = δh_{t} ⊙ f'(a_{t}) = {_vec4(s.delta_a)}; "
                f"G_U so far = {_vec4(s.G['U'])}")
