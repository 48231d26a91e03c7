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


_LABEL_AT = {(1, 0, 0): 0.5, (1, 1, 1): 0.5, (1, 0, 1): 0.34, (1, 1, 0): 0.3, (1, 0, "b"): 0.35,
             (1, 1, "b"): 0.2, (2, 0, 0): 0.5, (2, 0, 1): 0.5, (2, 0, "b"): 0.3}


class BackpropStepper(Explorer):
    """Step through one forward and one backward pass of the worked example (notebook 05).

    Controls: ``step`` (0 inputs … 6 updated weights, see :data:`STEP_NAMES`) and ``cost``
    (``"mse"`` = §9.1 (a), ``"cross_entropy"`` = §9.1 (b)).  Every ``s``, ``y``, ``δ`` and ``Δw``
    revealed so far is written on the diagram (drawn with
    :func:`nnteach.viz.network_diagram.draw_network`); the summary line states the current
    step's equation with its numbers.
    """

    controls = (
        Control("step", 0, 0, len(STEP_NAMES) - 1, 1, "step", kind="int"),
        Control("cost", "mse", description="cost", options=("mse", "cross_entropy")),
    )
    figsize = (9.0, 5.0)

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

    def draw(self, v: StepperResult, fig) -> None:
        from .network_diagram import draw_network

        r = v.numbers
        if not fig.axes:
            ax = fig.add_subplot()
            self._diagram = draw_network(ax, params_of(r.w), max_weight=1.0, edge_label_pos=0.35)
            self._title = ax.set_title("", fontsize=10, loc="left")
            # The step's equation under the diagram, in the axes (so that the layout leaves room for it).
            self._footer = ax.text(0.02, -0.01, "\n", fontsize=9, ha="left", va="top", transform=ax.transAxes)
            self._target = ax.text(1.0, 1.0, "", transform=ax.transAxes, ha="right", va="top", fontsize=9)
        units, edges = self.labels(v)
        shown = r.w_new if v.step >= 6 else r.w
        self._diagram.update(params_of(shown), unit_labels=units, edge_labels=edges)
        for key, text in self._diagram.edge_texts.items():
            # Where along each line its label sits (fraction of the way from the sender), so that the
            # labels of the crossing lines and of the bias lines do not overlap.
            f = _LABEL_AT.get(key, 0.5)
            (x0, y0), (x1, y1) = self._diagram.positions[(key[0] - 1, key[2])], self._diagram.positions[key[:2]]
            text.set_position((x0 + f * (x1 - x0), y0 + f * (y1 - y0)))
        if v.step >= 6:
            error = f"\nerror before the step {fixed(r.E)}\nerror after the step {fixed(r.E_new)}"
            same = self.coincidences(v)
            if same:
                error += f"\n({', '.join(same)} = {fixed(r.E)} too:\na coincidence)"
        else:
            error = f"\nerror E = {fixed(r.E)}" if v.step >= 2 else ""
        self._target.set_text(f"target t = {r.t:.0f}" + error)
        self._title.set_text(f"step {v.step} (of steps 0–{len(STEP_NAMES) - 1}): {STEP_NAMES[v.step]}   "
                             f"(cost: {'MSE' if r.cost == 'mse' else 'cross-entropy'}, ε = {r.rate:g})")
        footer = textwrap.fill(self._equation(v), width=FOOTER_WIDTH)
        self._footer.set_text(footer + "\n" * max(0, 1 - footer.count("\n")))    # always two lines tall

    def animated_artists(self) -> list:
        """Lines and texts of the diagram plus the title lines: all a step changes (blitted)."""
        if self.fig is None or not hasattr(self, "_diagram"):
            return []
        return self._diagram.changing_artists() + [self._title, self._footer, self._target]

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
