"""Backpropagation, one step at a time, on the worked example (notebook 05).

The network is the 2-2-1 logistic net of notebooks 03–05 (math.md §9.1): input
``x = (0.8, 0.2)``, target ``t = 1``, learning rate ``ε = 0.5``.  Its numbers, one forward and
one backward pass unit by unit, come from :func:`nnteach.datasets.worked_example.worked_pass`;
:class:`BackpropStepper` reveals them in seven steps, 0 … 6, on a network diagram (equation
numbers of notebooks 04 and 05):

0. inputs ``x_i`` (and the weights ``w_ji``)
1. hidden states and activations ``s_h = Σ_i w_hi x_i + b_h``, ``y_h = f(s_h)``          Eq. (5.1)
2. the output ``s_o``, ``y_o`` and the error ``E``                                       Eq. (5.1), (4.1) / (5.3)
3. the output delta ``δ_o = (t − y_o) f'(s_o)`` (MSE) or ``t − y_o`` (cross-entropy)      Eq. (5.2a) / (5.3)
4. the hidden deltas ``δ_h = f'(s_h) δ_o w_oh``                                          Eq. (5.4)
5. the weight changes ``Δw_ji = ε δ_j y_i`` (``Δb_j = ε δ_j``)                            Eq. (5.5)
6. the updated weights ``w_ji + Δw_ji``, and the forward pass again with them: new ``s``, ``y``, ``E``

Sign convention: ``δ = −∂E/∂s``, so ``Δw = +ε δ y``; ``Perceptron.loss_and_grads``
returns ``∂E/∂w = −δ y`` (the tests check both agree).
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass

import numpy as np

from ..datasets.worked_example import WorkedPass, params_of, worked_pass
from ..formatting import fixed
from .explorer import Control, Explorer

__all__ = ["BackpropStepper", "StepperResult", "STEP_NAMES"]

#: The step's equation under the diagram is wrapped to lines of at most this many characters.
FOOTER_WIDTH = 105

STEP_NAMES = ("inputs", "hidden states", "output", "output delta", "hidden deltas", "weight changes Δw",
              "updated weights, new forward pass")


@dataclass(frozen=True)
class StepperResult:
    """What the stepper shows: the step (0 … 6, see :data:`STEP_NAMES`) and every number of the pass."""

    step: int
    numbers: WorkedPass


#: Keys of the network diagram (:mod:`nnteach.viz.network_diagram`): units ``(layer, j)``, weights ``(layer, j, i)``.
_UNIT_KEYS = {"x1": (0, 0), "x2": (0, 1), "h1": (1, 0), "h2": (1, 1), "o": (2, 0)}
_EDGE_KEYS = {"w_h1x1": (1, 0, 0), "w_h1x2": (1, 0, 1), "b_h1": (1, 0, "b"),
              "w_h2x1": (1, 1, 0), "w_h2x2": (1, 1, 1), "b_h2": (1, 1, "b"),
              "w_oh1": (2, 0, 0), "w_oh2": (2, 0, 1), "b_o": (2, 0, "b")}

#: The diagram's spacing (between columns, between rows): wide, so that every label has room.
SPACING = (2.6, 1.5)

#: Where along each line its label sits (fraction of the way from the sender): the labels of the two
#: crossing lines near their senders, on either side of the crossing; the bias labels apart; the output
#: lines' labels nearer the hidden units, leaving room for the flow arrows at the output.
_LABEL_AT = {(1, 0, 0): 0.4, (1, 1, 1): 0.4, (1, 0, 1): 0.3, (1, 1, 0): 0.3, (1, 0, "b"): 0.16,
             (1, 1, "b"): 0.62, (2, 0, 0): 0.38, (2, 0, 1): 0.38, (2, 0, "b"): 0.42}

#: Where each unit's numbers go: an anchor relative to the unit's centre (data units) and the text's
#: alignment.  Inputs to the left; h1 and o above; h2 below and to the right (the free spaces
#: between the lines).  The δ, in the colour of the backward flow, is the block's last line.
_UNIT_TEXT_AT = {(0, 0): ((-0.36, 0.0), "right", "center"), (0, 1): ((-0.36, 0.0), "right", "center"),
                 (1, 0): ((0.0, 0.32), "center", "bottom"), (1, 1): ((0.34, -0.28), "left", "top"),
                 (2, 0): ((0.0, 0.32), "center", "bottom")}

#: Colours of the flows: the forward pass (grey) and the deltas flowing backward (Okabe-Ito reddish
#: purple, told apart from the blue and orange weights also by colour-blind readers).
FORWARD_COLOUR, BACKWARD_COLOUR = "0.4", "#CC79A7"

#: Font sizes in points (at 100 CSS pixels per inch, a 10-point label is about 14 pixels tall).
UNIT_FONT, EDGE_FONT, NAME_FONT, TEXT_FONT = 10.5, 10.0, 13.0, 10.5

#: The lines that carry a flow arrow in each step, and which way: forward into the units the step
#: computes (steps 1, 2); backward, δ_o from the output to the hidden units (step 4) and the hidden
#: deltas from the hidden units toward the inputs (step 5).  The arrows of earlier backward steps
#: stay, thin.
_LAYER1 = ("w_h1x1", "w_h1x2", "b_h1", "w_h2x1", "w_h2x2", "b_h2")
FLOWS = {1: ("forward", _LAYER1), 2: ("forward", ("w_oh1", "w_oh2", "b_o")), 4: ("backward", ("w_oh1", "w_oh2")),
         5: ("backward", _LAYER1)}

#: A flow arrow runs beside its line, this far from it, over this stretch of it measured from the
#: receiving unit's centre (data units): near the unit it flows into (forward) or out of (backward).
ARROW_SIDE, ARROW_FROM, ARROW_TO = 0.1, 0.42, 1.05


class BackpropStepper(Explorer):
    """Step through one forward and one backward pass of the worked example (notebook 05).

    Controls: ``step`` (0 inputs … 6 updated weights, see :data:`STEP_NAMES`) and ``cost``
    (``"mse"`` = §9.1 (a), ``"cross_entropy"`` = §9.1 (b)).  Every ``s``, ``y``, ``δ`` and ``Δw``
    revealed so far is written on the diagram (drawn with
    :func:`nnteach.viz.network_diagram.draw_network`); the summary line states the current
    step's equation with its numbers.

    The flow is drawn with arrows beside the lines: grey arrows point forward along the lines a
    forward step uses (steps 1 and 2); in the backward steps purple arrows point *backward*: the
    injected error ``t − y_o`` enters the output from its target (step 3), ``δ_o`` travels back along
    ``w_oh1`` and ``w_oh2`` to the hidden units (step 4), and the hidden deltas back along the first
    layer's lines toward the inputs (step 5).  The arrows of the current step are bold, those of
    earlier backward steps stay, thin; every δ is written in the same purple.
    """

    controls = (
        Control("step", 0, 0, len(STEP_NAMES) - 1, 1, "step", kind="int"),
        Control("cost", "mse", description="cost", options=("mse", "cross_entropy")),
    )
    figsize = (9.0, 5.4)

    def compute(self, step: int, cost: str) -> StepperResult:
        return StepperResult(step=int(step), numbers=worked_pass(cost=cost, rate=0.5))

    # -- rendering --------------------------------------------------------------------
    def labels(self, v: StepperResult) -> tuple[dict, dict]:
        """The texts on the diagram at ``v.step``: ``(unit_labels, edge_labels)`` keyed as the diagram."""
        r = v.numbers
        k = v.step
        units: dict = {}
        for unit in ("x1", "x2"):
            units[_UNIT_KEYS[unit]] = f"y={r.y[unit]:.1f}"
        for unit in ("h1", "h2", "o"):
            lines = []
            if k >= 6:
                # Step 6: the forward pass again, with the new weights (f' and δ belong to the old pass).
                units[_UNIT_KEYS[unit]] = f"new pass:\ns={fixed(r.s_after[unit])}\ny={fixed(r.y_after[unit])}"
                continue
            if k >= (1 if unit[0] == "h" else 2):
                lines += [f"s={fixed(r.s[unit])}", f"y={fixed(r.y[unit])}", f"f'={fixed(r.fprime[unit])}"]
            if k >= (3 if unit == "o" else 4):
                lines.append(f"δ={fixed(r.delta[unit])}")
            if lines:
                units[_UNIT_KEYS[unit]] = "\n".join(lines)
        edges: dict = {}
        for name, key in _EDGE_KEYS.items():
            if k < 5:
                text = fixed(r.w[name], 2)
            elif k == 5:
                text = f"{fixed(r.w[name], 2)}\nΔw={fixed(r.dw[name])}"
            else:
                text = f"{fixed(r.w_new[name])}\n(was {fixed(r.w[name], 2)})"
            edges[key] = text
        return units, edges

    def flows(self, step: int) -> dict[str, tuple[str, bool]]:
        """The flow arrows at ``step``: ``{weight name: (direction, bold)}``; direction is
        ``"forward"`` or ``"backward"``, bold for the lines the step itself uses (see :data:`FLOWS`)."""
        out: dict[str, tuple[str, bool]] = {}
        if step >= 6:
            return out
        for k, (direction, names) in FLOWS.items():
            if k == step or (direction == "backward" and k < step):
                for name in names:
                    out[name] = (direction, k == step)
        return out

    def draw(self, v: StepperResult, fig) -> None:
        r = v.numbers
        if not fig.axes:
            self._setup(fig, r)
        units, edges = self.labels(v)
        shown = r.w_new if v.step >= 6 else r.w
        self._diagram.update(params_of(shown), edge_labels=edges)
        for key, text in self._diagram.edge_texts.items():
            # Where along each line its label sits (fraction of the way from the sender), so that the
            # labels of the crossing lines and of the bias lines keep apart and off the other lines.
            f = _LABEL_AT.get(key, 0.5)
            (x0, y0), (x1, y1) = self._diagram.positions[(key[0] - 1, key[2])], self._diagram.positions[key[:2]]
            text.set_position((x0 + f * (x1 - x0), y0 + f * (y1 - y0)))
            text.set_fontsize(EDGE_FONT)
        for key, (numbers, delta) in self._unit_texts.items():
            lines = units.get(key, "").split("\n") if key in units else []
            forward = [ln for ln in lines if not ln.startswith("δ")]
            backward = [ln for ln in lines if ln.startswith("δ")]
            numbers.set_text("\n".join(forward))
            delta.set_text(backward[0] if backward else "")
            # The δ is the block's last line: above the unit it sits under the other numbers, which move up.
            _, ha, va = _UNIT_TEXT_AT[key]
            line = UNIT_FONT * 1.13       # one line of the block, in points
            if va == "bottom":
                numbers.xyann = (0.0, line if backward else 0.0)
            else:
                delta.xyann = (0.0, -line * len(forward))
        flows = self.flows(v.step)
        for name, arrow in self._arrows.items():
            self._style_arrow(arrow, name, *flows.get(name, (None, False)))
        injected = 3 <= v.step < 6
        self._injected.set_visible(injected)
        self._injected.set_linewidth(3.0 if v.step == 3 else 1.4)
        self._injected.set_mutation_scale(18 if v.step == 3 else 11)
        self._injected_text.set_text(f"t − y_o = {fixed(r.t - r.y['o'])}" if v.step == 3 else "")
        if v.step >= 6:
            error = f"error before the step {fixed(r.E)}\nerror after the step {fixed(r.E_new)}"
            same = self.coincidences(v)
            if same:
                error += f"\n({', '.join(same)} = {fixed(r.E)} too:\na coincidence)"
        else:
            error = f"error E = {fixed(r.E)}" if v.step >= 2 else ""
        self._target.set_text(error)
        self._title.set_text(f"step {v.step} (of steps 0–{len(STEP_NAMES) - 1}): {STEP_NAMES[v.step]}   "
                             f"(cost: {'MSE' if r.cost == 'mse' else 'cross-entropy'}, ε = {r.rate:g})")
        footer = textwrap.fill(self._equation(v), width=FOOTER_WIDTH)
        self._footer.set_text(footer + "\n" * max(0, 1 - footer.count("\n")))    # always two lines tall

    def _setup(self, fig, r: WorkedPass) -> None:
        """The axes, the diagram, the texts and the flow arrows (made once; the steps change them)."""
        from matplotlib.patches import FancyArrowPatch

        from .network_diagram import draw_network

        ax = fig.add_subplot()
        self._diagram = d = draw_network(ax, params_of(r.w), max_weight=1.0, spacing=SPACING)
        for text in d.name_texts.values():
            if text.get_text() != "1":
                text.set_fontsize(NAME_FONT)
        # The title and the step's equation under the diagram, in the axes (so that the layout leaves room
        # for them), with a margin on either side.
        self._title = ax.set_title("", fontsize=TEXT_FONT + 0.5, loc="left", x=0.03)
        self._footer = ax.text(0.03, -0.01, "\n", fontsize=TEXT_FONT, ha="left", va="top", transform=ax.transAxes)
        self._target = ax.text(0.97, 0.0, "", transform=ax.transAxes, ha="right", va="bottom", fontsize=TEXT_FONT,
                               linespacing=1.2)
        # Each unit's numbers (black) and its δ (purple, bold), beside the unit, clear of the lines.
        self._unit_texts = {}
        box = dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.9)
        for key, ((dx, dy), ha, va) in _UNIT_TEXT_AT.items():
            x, y = d.positions[key]
            common = dict(xy=(x + dx, y + dy), xytext=(0.0, 0.0), textcoords="offset points", ha=ha, va=va,
                          fontsize=UNIT_FONT, linespacing=1.1, zorder=6, annotation_clip=False)
            numbers = ax.annotate("", bbox=box, **common)
            delta = ax.annotate("", color=BACKWARD_COLOUR, fontweight="bold", **common)
            self._unit_texts[key] = (numbers, delta)
        # One flow arrow beside each line (shown in the steps that use the line).
        self._arrows = {}
        for name in _EDGE_KEYS:
            arrow = FancyArrowPatch((0, 0), (1, 1), arrowstyle="-|>", mutation_scale=14, lw=2, zorder=2,
                                    shrinkA=0, shrinkB=0)
            ax.add_patch(arrow)
            self._arrows[name] = arrow
        # The target beside the output, and the injected error t − y_o flowing from it into o (step 3 on).
        ox, oy = d.positions[(2, 0)]
        tx = ox + 1.5
        ax.text(tx, oy, "target\nt = 1", ha="left", va="center", fontsize=UNIT_FONT, linespacing=1.1,
                bbox=dict(boxstyle="round,pad=0.3", fc="white", ec=BACKWARD_COLOUR, lw=1.2))
        self._injected = FancyArrowPatch((tx - 0.08, oy), (ox + d.radius + 0.1, oy), arrowstyle="-|>",
                                         mutation_scale=18, lw=3, color=BACKWARD_COLOUR, zorder=2)
        ax.add_patch(self._injected)
        self._injected_text = ax.text((tx + ox + d.radius) / 2, oy - 0.3, "", ha="center", va="top",
                                      fontsize=UNIT_FONT - 0.5, color=BACKWARD_COLOUR, fontweight="bold")
        xs = [p[0] for p in d.positions.values()]
        ys = [p[1] for p in d.positions.values()]
        ax.set_xlim(min(xs) - 1.05, tx + 0.95)
        ax.set_ylim(min(ys) - 0.3, max(ys) + 1.3)

    def arrow_ends(self, name: str, direction: str) -> tuple[tuple[float, float], tuple[float, float]]:
        """``(tail, head)`` of the flow arrow of weight ``name`` (data coordinates): beside the line, near
        its receiving unit, pointing into that unit (``"forward"``) or away from it, back toward the
        sender (``"backward"``)."""
        d = self._diagram
        key = _EDGE_KEYS[name]
        (x0, y0), (x1, y1) = d.positions[(key[0] - 1, key[2])], d.positions[key[:2]]
        length = float(np.hypot(x1 - x0, y1 - y0))
        ux, uy = (x0 - x1) / length, (y0 - y1) / length      # from the receiving unit back to the sender
        side = ARROW_SIDE if direction == "forward" else -ARROW_SIDE
        nx, ny = -uy * side, ux * side
        reach = min(ARROW_TO, 0.6 * length)
        near = (x1 + ARROW_FROM * ux + nx, y1 + ARROW_FROM * uy + ny)
        far = (x1 + reach * ux + nx, y1 + reach * uy + ny)
        return (far, near) if direction == "forward" else (near, far)

    def _style_arrow(self, arrow, name: str, direction: str | None, bold: bool = False) -> None:
        """Show ``arrow`` for weight ``name`` pointing ``direction`` (:meth:`arrow_ends`); None hides it."""
        if direction is None:
            arrow.set_visible(False)
            return
        arrow.set_positions(*self.arrow_ends(name, direction))
        arrow.set_color(FORWARD_COLOUR if direction == "forward" else BACKWARD_COLOUR)
        arrow.set_linewidth(2.6 if bold else 1.2)
        arrow.set_mutation_scale(16 if bold else 10)
        arrow.set_visible(True)

    def animated_artists(self) -> list:
        """Lines and texts of the diagram plus the title lines: all a step changes (blitted)."""
        if self.fig is None or not hasattr(self, "_diagram"):
            return []
        texts = [t for pair in self._unit_texts.values() for t in pair]
        return (self._diagram.changing_artists() + list(self._arrows.values())
                + [self._injected, self._injected_text, *texts, self._title, self._footer, self._target])

    def png(self) -> bytes:
        """As :meth:`Explorer.png`, cached per (step, cost): there are only 14 states."""
        cache = self.__dict__.setdefault("_png_cache", {})
        key = (self.state["step"], self.state["cost"])
        if key not in cache:
            cache[key] = super().png()
        return cache[key]

    @staticmethod
    def coincidences(v: StepperResult) -> list[str]:
        """The new weights that print (4 decimals) as the error before the step, e.g. ``["b_o"]``: the
        updated b_o = 0.05 + ε δ_o is 0.1078, like E, by chance; step 6 says so, lest it look meaningful."""
        r = v.numbers
        return [name for name, value in r.w_new.items() if fixed(value) == fixed(r.E)]

    @staticmethod
    def _equation(v: StepperResult) -> str:
        """The equation of the current step with its numbers (also the summary's main part)."""
        r = v.numbers
        k = v.step
        if k == 0:
            return "inputs x₁ = 0.8, x₂ = 0.2, target t = 1; the weights are on the connections"
        if k == 1:
            return (f"s_h1 = 0.5·0.8 − 0.4·0.2 + 0.1 = {fixed(r.s['h1'])}, y_h1 = σ(s_h1) = {fixed(r.y['h1'])}; "
                    f"s_h2 = {fixed(r.s['h2'])}, y_h2 = {fixed(r.y['h2'])}")
        if k == 2:
            name = "½(t − y_o)²" if r.cost == "mse" else "−ln y_o"
            return f"s_o = {fixed(r.s['o'])}, y_o = {fixed(r.y['o'])}, E = {name} = {fixed(r.E)}"
        if k == 3:
            if r.cost == "mse":
                return (f"δ_o = (t − y_o)·f'(s_o) = ({r.t:.0f} − {fixed(r.y['o'])})·{fixed(r.fprime['o'])} "
                        f"= {fixed(r.delta['o'])}")
            return f"δ_o = t − y_o = {r.t:.0f} − {fixed(r.y['o'])} = {fixed(r.delta['o'])}  (f' cancels)"
        if k == 4:
            return (f"δ_h1 = f'(s_h1)·δ_o·w_oh1 = {fixed(r.fprime['h1'])}·{fixed(r.delta['o'])}·{fixed(r.w['w_oh1'], 1)}"
                    f" = {fixed(r.delta['h1'])}; δ_h2 = {fixed(r.delta['h2'])}")
        if k == 5:
            return (f"Δw_oh1 = ε·δ_o·y_h1 = {r.rate:g}·{fixed(r.delta['o'])}·{fixed(r.y['h1'])} = {fixed(r.dw['w_oh1'])}; "
                    f"Δw_h1x1 = ε·δ_h1·x₁ = {fixed(r.dw['w_h1x1'])}")
        return (f"new weights w_oh1 = {fixed(r.w_new['w_oh1'])}, w_oh2 = {fixed(r.w_new['w_oh2'])} (all nine on the "
                f"lines); the forward pass with them gives y_o = {fixed(r.y_new)}: "
                f"the error falls from {fixed(r.E)} to {fixed(r.E_new)}")

    def summary(self, v: StepperResult) -> str:
        return f"step {v.step} ({STEP_NAMES[v.step]}): {self._equation(v)}"
