"""The Elman network unrolled in time, and backpropagation through time step by step (notebook 07).

Unrolled, an Elman network (math.md §3.2) is a deep feed-forward network with one copy of the hidden
layer per time step, every copy using the same weights ``W`` (input → hidden), ``U`` (hidden at t−1 →
hidden at t) and ``V`` (hidden → output)::

    x_1      x_2      x_3               a_t = W x_t + U h_{t−1} + b,   h_t = f(a_t)       Eq. (7.3)
     |W       |W       |W               p_t = f_out(V h_t + c)
    h_0 -U-> h_1 -U-> h_2 -U-> h_3
              |V       |V       |V
             p_1      p_2      p_3

* :func:`layout` — where to draw it: boxes and arrows as numbers (``nnteach.viz`` draws them);
* :func:`bptt_trace` — one forward pass and the backward pass of BPTT (math.md §3.3), one step at a
  time, with :func:`nnteach.rnn.rnn_step_forward` and :func:`nnteach.rnn.rnn_step_backward`, keeping
  every number: the deltas arriving at each copy from its output and from the future, and the
  gradients as they add up;
* :func:`tiny_elman` — the tiny network of the notebook's step-through (1 input, 2 hidden units,
  1 output, 4 steps).

Deltas here are the course's ``δ = −∂L/∂(·)`` (notebook 05); the step functions carry
``d = ∂L/∂(·) = −δ`` (so that their results are gradients, as ``loss_and_grads`` returns them).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import activations, costs
from .model import readout_loss_and_delta
from .rnn import rnn_step_backward, rnn_step_forward
from .validation import as_float_array, positive_int

__all__ = ["UnrolledDrawing", "layout", "BPTTStep", "BPTTTrace", "bptt_trace", "tiny_elman"]

ROWS = {"input": 0.0, "hidden": 1.25, "output": 2.4}    # the y of each layer in a drawing


# -- where to draw the unrolled network ----------------------------------------------------------
@dataclass
class UnrolledDrawing:
    """Numbers for a drawing of an Elman network unrolled over ``T`` steps.

    Attributes:
        T: the number of steps.
        boxes: one dict per layer copy: ``name`` (``"x_1"``, ``"h_0"``, …), ``kind`` (``"input"``,
            ``"hidden"``, ``"output"``; ``"initial"`` for ``h_0``), ``t``, ``x``, ``y``; the folded network
            (``folded=True``) adds ``"x"``, ``"h"``, ``"p"`` with ``t = None``.
        arrows: one dict per arrow: ``weight`` (``"W"``, ``"U"``, ``"V"``), ``t`` (the step it feeds;
            None in the folded network), ``start``, ``end`` (x, y); ``loop`` is True for the folded
            network's ``U``, drawn as a loop on ``h``.
        folded_x: where the folded network is drawn (None without it).
    """

    T: int
    boxes: list[dict] = field(default_factory=list)
    arrows: list[dict] = field(default_factory=list)
    folded_x: float | None = None

    def box(self, name: str) -> dict:
        """The box called ``name`` (``"h_2"``, ``"x_1"``, …)."""
        for b in self.boxes:
            if b["name"] == name:
                return b
        raise KeyError(f"no box {name!r} in this drawing")

    def extent(self) -> tuple[float, float, float, float]:
        """``(xmin, xmax, ymin, ymax)`` around every box, with a margin."""
        xs = [b["x"] for b in self.boxes]
        return min(xs) - 0.7, max(xs) + 0.7, ROWS["input"] - 0.5, ROWS["output"] + 0.6

    def __repr__(self) -> str:
        kinds = {k: sum(a["weight"] == k for a in self.arrows if a["t"] is not None) for k in "WUV"}
        return (f"UnrolledDrawing(T={self.T}: {sum(b['t'] is not None for b in self.boxes)} layer copies, "
                f"{kinds['W']}×W, {kinds['U']}×U, {kinds['V']}×V — the same W, U, V in every step)")


def layout(T: int = 4, folded: bool = True) -> UnrolledDrawing:
    """The unrolled Elman network over ``T`` steps: step ``t`` in column ``x = t``, inputs at the bottom,
    hidden layers in the middle (``h_0`` in column 0), outputs on top; with ``folded``, the network as
    it is built (one hidden layer feeding back to itself) to the left of it."""
    T = positive_int(T, "T")
    d = UnrolledDrawing(T=T)
    if folded:
        fx = -1.8
        d.folded_x = fx
        for name, kind in (("x", "input"), ("h", "hidden"), ("p", "output")):
            d.boxes.append({"name": name, "kind": kind, "t": None, "x": fx, "y": ROWS[kind]})
        d.arrows += [
            {"weight": "W", "t": None, "start": (fx, ROWS["input"]), "end": (fx, ROWS["hidden"]), "loop": False},
            {"weight": "U", "t": None, "start": (fx, ROWS["hidden"]), "end": (fx, ROWS["hidden"]), "loop": True},
            {"weight": "V", "t": None, "start": (fx, ROWS["hidden"]), "end": (fx, ROWS["output"]), "loop": False},
        ]
    d.boxes.append({"name": "h_0", "kind": "initial", "t": 0, "x": 0.0, "y": ROWS["hidden"]})
    for t in range(1, T + 1):
        x = float(t)
        for kind, letter in (("input", "x"), ("hidden", "h"), ("output", "p")):
            d.boxes.append({"name": f"{letter}_{t}", "kind": kind, "t": t, "x": x, "y": ROWS[kind]})
        d.arrows += [
            {"weight": "W", "t": t, "start": (x, ROWS["input"]), "end": (x, ROWS["hidden"]), "loop": False},
            {"weight": "U", "t": t, "start": (x - 1.0, ROWS["hidden"]), "end": (x, ROWS["hidden"]), "loop": False},
            {"weight": "V", "t": t, "start": (x, ROWS["hidden"]), "end": (x, ROWS["output"]), "loop": False},
        ]
    return d


# -- backpropagation through time, one step at a time -------------------------------------------
@dataclass
class BPTTStep:
    """One step of the backward pass, at time ``t`` (course sign: ``δ = −∂L/∂(·)``).

    Attributes:
        t: the step (``T``, ``T − 1``, …, 1 in the order they are processed).
        from_output: ``Vᵀ δo_t``, what the output of step t sends back to ``h_t``, ``(H,)``.
        from_future: ``Uᵀ δa_{t+1}``, what step t+1 sent back to ``h_t`` (0 at ``t = T``), ``(H,)``.
        delta_h: their sum, the delta arriving at ``h_t``, ``(H,)``.
        delta_a: ``δa_t = δh_t ⊙ f'(a_t)``, the delta of the hidden units' states (math.md §3.3's ``δh_t``), ``(H,)``.
        to_past: ``Uᵀ δa_t``, sent on to ``h_{t−1}``, ``(H,)``.
        G: ``G = −∂L/∂θ`` for ``W``, ``U``, ``b`` summed over the steps processed so far (this one included).
    """

    t: int
    from_output: np.ndarray
    from_future: np.ndarray
    delta_h: np.ndarray
    delta_a: np.ndarray
    to_past: np.ndarray
    G: dict[str, np.ndarray]


@dataclass
class BPTTTrace:
    """A forward pass and the backward pass of BPTT over one sequence, every number kept.

    Attributes:
        params: ``W (H, N)``, ``U (H, H)``, ``b (H,)``, ``V (K, H)``, ``c (K,)``.
        x, targets: the sequence ``(T, N)`` and its targets ``(T, K)``.
        h: hidden activations ``(T + 1, H)``, ``h[0] = h_0 = 0``.
        a: hidden states ``(T, H)`` (``a[t − 1]`` is ``a_t``).
        p: outputs ``(T, K)``.
        loss: ``L = Σ_t E_t``.
        delta_o: output deltas ``δo_t = −∂L/∂z_t``, ``(T, K)``.
        steps: the backward steps, in the order processed (t = T first).
        G: ``−∂L/∂θ`` of every parameter (``V`` and ``c`` from the outputs, the rest from the steps).
        cost, activation, output_activation: the functions used.
    """

    params: dict[str, np.ndarray]
    x: np.ndarray
    targets: np.ndarray
    h: np.ndarray
    a: np.ndarray
    p: np.ndarray
    loss: float
    delta_o: np.ndarray
    steps: list[BPTTStep]
    G: dict[str, np.ndarray]
    cost: str
    activation: str
    output_activation: str

    @property
    def T(self) -> int:
        return len(self.x)

    @property
    def grads(self) -> dict[str, np.ndarray]:
        """``∂L/∂θ = −G`` (what ``RNN.loss_and_grads`` returns for one sequence)."""
        return {k: -v for k, v in self.G.items()}

    def __repr__(self) -> str:
        return f"BPTTTrace(T={self.T}, H={self.h.shape[1]}, loss {self.loss:.4f})"


def bptt_trace(params: dict[str, np.ndarray], x, targets, cost: str = "mse", activation: str = "tanh",
               output_activation: str = "logistic") -> BPTTTrace:
    """Run an Elman network over one sequence and backpropagate through time, step by step.

    The forward pass is :func:`~nnteach.rnn.rnn_step_forward` for t = 1 … T (Eq. 7.3); the backward pass
    is :func:`~nnteach.rnn.rnn_step_backward` for t = T … 1 (Eq. 7.4, 7.5; math.md §3.3), fed with what
    the output of step t and step t+1 send back.  ``x (T, N)``, ``targets (T, K)``.
    """
    x = as_float_array(x, "x")
    targets = as_float_array(targets, "targets")
    costs.check_name(cost)
    T = len(x)
    H = params["U"].shape[0]
    f_out = activations.get(output_activation)
    hs, caches = [np.zeros(H)], []
    for t in range(T):
        h, cache = rnn_step_forward(x[t], hs[-1], params, activation)             # Eq. (7.3)
        hs.append(h)
        caches.append(cache)
    h_all = np.array(hs)
    p = f_out.f(h_all[1:] @ params["V"].T + params["c"])
    loss, delta_o = readout_loss_and_delta(p, targets, cost, f_out)             # δo_t = −∂L/∂z_t
    f = activations.get(activation)
    steps: list[BPTTStep] = []
    G = {"W": np.zeros_like(params["W"]), "U": np.zeros_like(params["U"]), "b": np.zeros_like(params["b"])}
    from_future = np.zeros(H)
    for t in range(T, 0, -1):
        from_output = delta_o[t - 1] @ params["V"]                                # Vᵀ δo_t
        delta_h = from_output + from_future                                      # Eq. (7.4)
        _, dh_prev, g = rnn_step_backward(-delta_h, caches[t - 1])               # d = −δ
        delta_a = delta_h * f.df_from_y(h_all[t])
        for k in G:
            G[k] = G[k] - g[k]                                                   # Eq. (7.5): G += δa_t (·)ᵀ
        steps.append(BPTTStep(t=t, from_output=from_output, from_future=from_future, delta_h=delta_h,
                              delta_a=delta_a, to_past=-dh_prev, G={k: v.copy() for k, v in G.items()}))
        from_future = -dh_prev
    G["V"] = delta_o.T @ h_all[1:]                                               # Σ_t δo_t h_tᵀ
    G["c"] = delta_o.sum(axis=0)
    states = np.array([xt @ params["W"].T + h_prev @ params["U"].T + params["b"]     # a_t, for the record
                       for xt, h_prev in zip(x, h_all[:-1])])
    return BPTTTrace(params={k: v.copy() for k, v in params.items()}, x=x, targets=targets, h=h_all, a=states,
                     p=p, loss=float(loss), delta_o=delta_o, steps=steps, G=G, cost=cost, activation=activation,
                     output_activation=output_activation)


def tiny_elman() -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """The tiny Elman network of notebook 07's step-through: ``(params, x, targets)``.

    1 input, 2 tanh hidden units, 1 logistic output, 4 steps.  The task is a delayed echo: the input is
    ``(1, 0, 0, 0)`` and the target ``(0, 1, 0, 0)``, "say at step 2 what you saw at step 1".  The weights are
    round numbers, so that a learner can follow them.
    """
    params = {"W": np.array([[1.0], [-0.5]]),
              "U": np.array([[0.5, -1.0], [0.8, 0.4]]),
              "b": np.array([0.0, 0.1]),
              "V": np.array([[-1.0, 1.5]]),
              "c": np.array([-0.5])}
    x = np.array([[1.0], [0.0], [0.0], [0.0]])
    targets = np.array([[0.0], [1.0], [0.0], [0.0]])
    return params, x, targets
