"""Backpropagation, one step at a time, on the worked example (notebook 05).

The network is the 2-2-1 logistic net of notebooks 03–05 (math.md §9.1): input
``x = (0.8, 0.2)``, target ``t = 1``, learning rate ``ε = 0.5``.  :func:`backprop_steps`
runs one forward and one backward pass **neuron by neuron** (with :class:`~nnteach.Neuron`)
and keeps every number; :class:`BackpropStepper` reveals them in seven steps, 0 … 6, on a
network diagram (equation numbers of notebooks 04 and 05):

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
from dataclasses import dataclass, field

import numpy as np

from ..neuron import NeuronNetwork
from ..perceptron import Perceptron
from .explorer import Control, Explorer

__all__ = ["worked_example", "WORKED_WEIGHTS", "BackpropResult", "backprop_steps", "BackpropStepper",
           "STEP_NAMES"]

#: The weights of the math.md §9.1 network, by name, and where each lives in ``Perceptron.params``.
WORKED_WEIGHTS: dict[str, tuple[str, tuple[int, ...], float]] = {
    "w_h1x1": ("W1", (0, 0), 0.5),
    "w_h1x2": ("W1", (0, 1), -0.4),
    "b_h1": ("b1", (0,), 0.1),
    "w_h2x1": ("W1", (1, 0), 0.3),
    "w_h2x2": ("W1", (1, 1), 0.8),
    "b_h2": ("b1", (1,), -0.2),
    "w_oh1": ("W2", (0, 0), 0.7),
    "w_oh2": ("W2", (0, 1), -0.6),
    "b_o": ("b2", (0,), 0.05),
}

#: For each weight: (receiving unit j, sending unit i); a bias has no sender (its input is always 1).
_ENDS: dict[str, tuple[str, str | None]] = {
    "w_h1x1": ("h1", "x1"), "w_h1x2": ("h1", "x2"), "b_h1": ("h1", None),
    "w_h2x1": ("h2", "x1"), "w_h2x2": ("h2", "x2"), "b_h2": ("h2", None),
    "w_oh1": ("o", "h1"), "w_oh2": ("o", "h2"), "b_o": ("o", None),
}

#: The step's equation under the diagram is wrapped to lines of at most this many characters.
FOOTER_WIDTH = 105

STEP_NAMES = ("inputs", "hidden states", "output", "output delta", "hidden deltas", "weight changes Δw",
              "updated weights, new forward pass")


def worked_example() -> tuple[Perceptron, np.ndarray, np.ndarray, float]:
    """The math.md §9.1 network: ``(net, x (2,), t (1,), rate)``, a fresh copy each call."""
    net = Perceptron(2, 2, 1)
    for key, index, value in WORKED_WEIGHTS.values():
        net.params[key][index] = value
    return net, np.array([0.8, 0.2]), np.array([1.0]), 0.5


def _sym(x: float, nd: int = 4) -> str:
    """A number with a typographic minus sign, e.g. ``−0.0172`` (never ``−0.0000``)."""
    text = f"{x:.{nd}f}"
    if float(text) == 0.0:
        text = text.lstrip("-")
    return text.replace("-", "−")


@dataclass
class BackpropResult:
    """Every number of one forward and backward pass of the worked example (math.md §9.1).

    Units are named ``x1, x2`` (inputs), ``h1, h2`` (hidden), ``o`` (output).
    Weights are named as in :data:`WORKED_WEIGHTS`.
    """

    step: int
    cost: str
    rate: float
    x: dict[str, float]
    t: float
    s: dict[str, float]                  # states of h1, h2, o
    y: dict[str, float]                  # activations of x1, x2, h1, h2, o
    fprime: dict[str, float]             # f'(s) = y (1 − y) of h1, h2, o
    E: float                             # error before the update
    delta: dict[str, float]              # δ of o, h1, h2
    w: dict[str, float]                  # weights before the update
    dw: dict[str, float]                 # Δw = ε δ_j y_i (and Δb = ε δ_j)
    w_new: dict[str, float]              # weights after the update
    y_new: float                         # output after the update
    E_new: float                         # error after the update
    s_after: dict[str, float] = field(default_factory=dict)    # states of h1, h2, o with the new weights
    y_after: dict[str, float] = field(default_factory=dict)    # activations of h1, h2, o with the new weights
    grads: dict[str, np.ndarray] = field(repr=False, default_factory=dict)   # ∂E/∂θ, Perceptron names


def backprop_steps(cost: str = "mse", rate: float = 0.5, step: int = 6) -> BackpropResult:
    """One forward and backward pass of the §9.1 network with :class:`~nnteach.Neuron` objects.

    Args:
        cost: ``"mse"`` (math.md §9.1 (a)) or ``"cross_entropy"`` (§9.1 (b)).
        rate: the learning rate ε.
        step: which step of :data:`STEP_NAMES` is shown (only stored; all numbers are computed).
    """
    if cost not in ("mse", "cross_entropy"):
        raise ValueError(f"cost must be 'mse' or 'cross_entropy'; got {cost!r}")
    if not 0 <= step < len(STEP_NAMES):
        raise ValueError(f"step must be 0 … {len(STEP_NAMES) - 1}; got {step!r}")
    net, x, t, _ = worked_example()
    neurons = NeuronNetwork.from_perceptron(net)
    (h1, h2), (o,) = neurons.layers
    y_o = neurons.activate(x)[0]
    neurons.backpropagate(t, cost)                  # δ_o from t − y, then δ_h = f' Σ δ_k w_kj
    E = 0.5 * (t[0] - y_o) ** 2 if cost == "mse" else -(t[0] * np.log(y_o) + (1 - t[0]) * np.log(1 - y_o))
    w = {name: float(net.params[k][idx]) for name, (k, idx, _) in WORKED_WEIGHTS.items()}
    y = {"x1": float(x[0]), "x2": float(x[1]), "h1": h1.y, "h2": h2.y, "o": o.y}
    delta = {"o": o.delta, "h1": h1.delta, "h2": h2.delta}
    # Δw_ji = ε δ_j y_i: the receiving unit's delta times the sending unit's activation.
    dw = {}
    for name, (j, i) in _ENDS.items():
        dw[name] = rate * delta[j] * (y[i] if i is not None else 1.0)
    s = {"h1": h1.s, "h2": h2.s, "o": o.s}
    fprime = {"h1": h1.derivative, "h2": h2.derivative, "o": o.derivative}
    grads = neurons.gradients()
    neurons.update(rate)
    w_new = {name: w[name] + dw[name] for name in w}
    y_new = neurons.activate(x)[0]
    E_new = 0.5 * (t[0] - y_new) ** 2 if cost == "mse" else -np.log(y_new)
    s_after = {"h1": h1.s, "h2": h2.s, "o": o.s}
    y_after = {"h1": h1.y, "h2": h2.y, "o": o.y}
    return BackpropResult(step=int(step), cost=cost, rate=float(rate), x={"x1": float(x[0]), "x2": float(x[1])},
                          t=float(t[0]), s=s, y=y, fprime=fprime, E=float(E),
                          delta=delta, w=w, dw=dw, w_new=w_new, y_new=float(y_new), E_new=float(E_new),
                          grads=grads, s_after=s_after, y_after=y_after)


#: Keys of the network diagram (:mod:`nnteach.viz.network_diagram`): units ``(layer, j)``, weights ``(layer, j, i)``.
_UNIT_KEYS = {"x1": (0, 0), "x2": (0, 1), "h1": (1, 0), "h2": (1, 1), "o": (2, 0)}
_EDGE_KEYS = {"w_h1x1": (1, 0, 0), "w_h1x2": (1, 0, 1), "b_h1": (1, 0, "b"),
              "w_h2x1": (1, 1, 0), "w_h2x2": (1, 1, 1), "b_h2": (1, 1, "b"),
              "w_oh1": (2, 0, 0), "w_oh2": (2, 0, 1), "b_o": (2, 0, "b")}


_LABEL_AT = {(1, 0, 0): 0.5, (1, 1, 1): 0.5, (1, 0, 1): 0.34, (1, 1, 0): 0.3, (1, 0, "b"): 0.35,
             (1, 1, "b"): 0.2, (2, 0, 0): 0.5, (2, 0, 1): 0.5, (2, 0, "b"): 0.3}


def _params_of(weights: dict[str, float]) -> dict[str, np.ndarray]:
    """Named weights (as :data:`WORKED_WEIGHTS`) back to ``Perceptron.params`` arrays."""
    params = {"W1": np.zeros((2, 2)), "b1": np.zeros(2), "W2": np.zeros((1, 2)), "b2": np.zeros(1)}
    for name, (key, idx, _) in WORKED_WEIGHTS.items():
        params[key][idx] = weights[name]
    return params


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

    def compute(self, step: int, cost: str) -> BackpropResult:
        return backprop_steps(cost=cost, rate=0.5, step=int(step))

    # -- rendering --------------------------------------------------------------------
    def labels(self, r: BackpropResult) -> tuple[dict, dict]:
        """The texts on the diagram at ``r.step``: ``(unit_labels, edge_labels)`` keyed as the diagram."""
        k = r.step
        units: dict = {}
        for unit in ("x1", "x2"):
            units[_UNIT_KEYS[unit]] = f"y={r.y[unit]:.1f}"
        for unit in ("h1", "h2", "o"):
            lines = []
            if k >= 6:
                # Step 6: the forward pass again, with the new weights (f' and δ belong to the old pass).
                units[_UNIT_KEYS[unit]] = f"new pass:\ns={_sym(r.s_after[unit])}\ny={_sym(r.y_after[unit])}"
                continue
            if k >= (1 if unit[0] == "h" else 2):
                lines += [f"s={_sym(r.s[unit])}", f"y={_sym(r.y[unit])}", f"f'={_sym(r.fprime[unit])}"]
            if k >= (3 if unit == "o" else 4):
                lines.append(f"δ={_sym(r.delta[unit])}")
            if lines:
                units[_UNIT_KEYS[unit]] = "\n".join(lines)
        edges: dict = {}
        for name, key in _EDGE_KEYS.items():
            if k < 5:
                text = _sym(r.w[name], 2)
            elif k == 5:
                text = f"{_sym(r.w[name], 2)}\nΔw={_sym(r.dw[name])}"
            else:
                text = f"{_sym(r.w_new[name])}\n(was {_sym(r.w[name], 2)})"
            edges[key] = text
        return units, edges

    def draw(self, r: BackpropResult, fig) -> None:
        from .network_diagram import draw_network

        if not fig.axes:
            ax = fig.add_subplot()
            self._diagram = draw_network(ax, _params_of(r.w), max_weight=1.0, edge_label_pos=0.35)
            self._title = ax.set_title("", fontsize=10, loc="left")
            # The step's equation under the diagram, in the axes (so that the layout leaves room for it).
            self._footer = ax.text(0.02, -0.01, "\n", fontsize=9, ha="left", va="top", transform=ax.transAxes)
            self._target = ax.text(1.0, 1.0, "", transform=ax.transAxes, ha="right", va="top", fontsize=9)
        units, edges = self.labels(r)
        shown = r.w_new if r.step >= 6 else r.w
        self._diagram.update(_params_of(shown), unit_labels=units, edge_labels=edges)
        for key, text in self._diagram.edge_texts.items():
            # Where along each line its label sits (fraction of the way from the sender), so that the
            # labels of the crossing lines and of the bias lines do not overlap.
            f = _LABEL_AT.get(key, 0.5)
            (x0, y0), (x1, y1) = self._diagram.positions[(key[0] - 1, key[2])], self._diagram.positions[key[:2]]
            text.set_position((x0 + f * (x1 - x0), y0 + f * (y1 - y0)))
        if r.step >= 6:
            error = f"\nerror before the step {_sym(r.E)}\nerror after the step {_sym(r.E_new)}"
            same = self.coincidences(r)
            if same:
                error += f"\n({', '.join(same)} = {_sym(r.E)} too:\na coincidence)"
        else:
            error = f"\nerror E = {_sym(r.E)}" if r.step >= 2 else ""
        self._target.set_text(f"target t = {r.t:.0f}" + error)
        self._title.set_text(f"step {r.step} (of steps 0–{len(STEP_NAMES) - 1}): {STEP_NAMES[r.step]}   "
                             f"(cost: {'MSE' if r.cost == 'mse' else 'cross-entropy'}, ε = {r.rate:g})")
        footer = textwrap.fill(self._equation(r), width=FOOTER_WIDTH)
        self._footer.set_text(footer + "\n" * max(0, 1 - footer.count("\n")))    # always two lines tall

    def animated_artists(self) -> list:
        """Lines and texts of the diagram plus the title lines: all a step changes (blitted, design.md §5)."""
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
    def coincidences(r: BackpropResult) -> list[str]:
        """The new weights that print (4 decimals) as the error before the step, e.g. ``["b_o"]``: the
        updated b_o = 0.05 + ε δ_o is 0.1078, like E, by chance; step 6 says so, lest it look meaningful."""
        return [name for name, value in r.w_new.items() if _sym(value) == _sym(r.E)]

    @staticmethod
    def _equation(r: BackpropResult) -> str:
        """The equation of the current step with its numbers (also the summary's main part)."""
        k = r.step
        if k == 0:
            return "inputs x₁ = 0.8, x₂ = 0.2, target t = 1; the weights are on the connections"
        if k == 1:
            return (f"s_h1 = 0.5·0.8 − 0.4·0.2 + 0.1 = {_sym(r.s['h1'])}, y_h1 = σ(s_h1) = {_sym(r.y['h1'])}; "
                    f"s_h2 = {_sym(r.s['h2'])}, y_h2 = {_sym(r.y['h2'])}")
        if k == 2:
            name = "½(t − y_o)²" if r.cost == "mse" else "−ln y_o"
            return f"s_o = {_sym(r.s['o'])}, y_o = {_sym(r.y['o'])}, E = {name} = {_sym(r.E)}"
        if k == 3:
            if r.cost == "mse":
                return (f"δ_o = (t − y_o)·f'(s_o) = ({r.t:.0f} − {_sym(r.y['o'])})·{_sym(r.fprime['o'])} "
                        f"= {_sym(r.delta['o'])}")
            return f"δ_o = t − y_o = {r.t:.0f} − {_sym(r.y['o'])} = {_sym(r.delta['o'])}  (f' cancels)"
        if k == 4:
            return (f"δ_h1 = f'(s_h1)·δ_o·w_oh1 = {_sym(r.fprime['h1'])}·{_sym(r.delta['o'])}·{_sym(r.w['w_oh1'], 1)}"
                    f" = {_sym(r.delta['h1'])}; δ_h2 = {_sym(r.delta['h2'])}")
        if k == 5:
            return (f"Δw_oh1 = ε·δ_o·y_h1 = {r.rate:g}·{_sym(r.delta['o'])}·{_sym(r.y['h1'])} = {_sym(r.dw['w_oh1'])}; "
                    f"Δw_h1x1 = ε·δ_h1·x₁ = {_sym(r.dw['w_h1x1'])}")
        return (f"new weights w_oh1 = {_sym(r.w_new['w_oh1'])}, w_oh2 = {_sym(r.w_new['w_oh2'])} (all nine on the "
                f"lines); the forward pass with them gives y_o = {_sym(r.y_new)}: "
                f"the error falls from {_sym(r.E)} to {_sym(r.E_new)}")

    def summary(self, r: BackpropResult) -> str:
        return f"step {r.step} ({STEP_NAMES[r.step]}): {self._equation(r)}"
