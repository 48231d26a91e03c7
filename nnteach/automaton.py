"""The embedded Reber grammar as a graph to draw, and a network's predictions along a string (numbers only).

Notebook 10 draws the automaton of the embedded Reber grammar (math.md §7.3) and writes on it what a
trained network predicts: after reading the first symbols of a string, the automaton is in one state,
whose outgoing arcs are the legal next symbols; the network's output for each symbol says whether (trained on
the legal successors) or how likely (trained on the actual next symbol) this symbol comes next.  This module computes the picture's numbers; :class:`nnteach.viz.ReberExplorer`
draws them.

* :func:`automaton_layout` — the states and arcs with positions: the frame ``B`` then ``T`` or ``P``, the
  same Reber graph inside each branch (the ``T`` branch on top), the closing ``T`` or ``P``, the final ``E``;
* :func:`predictions_along` — a model's outputs at every step of a string, with the state reached, the
  legal successors and whether the prediction is legal by :func:`nnteach.scoring.reber_score`'s set rule.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .datasets.reber import SYMBOLS, automaton, encode, legal_successors, states

__all__ = ["AutomatonLayout", "automaton_layout", "Prediction", "predictions_along", "state_name"]

#: Where each state of the inner Reber graph sits in its branch (x, y), states 0–6 (math.md §7.3).
_INNER = {0: (2.0, 0.0), 1: (3.0, 0.0), 2: (4.0, 0.75), 3: (4.0, -0.75), 4: (5.0, 0.75), 5: (5.0, -0.75),
          6: (6.0, 0.0)}
#: Vertical offset of the two branches: the T branch above, the P branch below.
_BRANCH_Y = {"T": 1.9, "P": -1.9}


def state_name(state) -> str:
    """A short readable name of an embedded-grammar state: ``start``, ``frame``, ``T3``, ``close T``, ``last``,
    ``end``."""
    if state is None:
        return "end"
    if isinstance(state, tuple):
        return f"close {state[1]}" if state[0] == "close" else f"{state[0]}{state[1]}"
    return str(state)


def _position(state) -> tuple[float, float]:
    if state == "start":
        return (0.0, 0.0)
    if state == "frame":
        return (1.0, 0.0)
    if state == "last":
        return (8.0, 0.0)
    if state is None:
        return (9.0, 0.0)
    if state[0] == "close":
        return (7.0, _BRANCH_Y[state[1]])
    x, y = _INNER[state[1]]
    return (x, y + _BRANCH_Y[state[0]])


@dataclass(frozen=True)
class AutomatonLayout:
    """Positions of the embedded Reber automaton.

    Attributes:
        states: ``{state: (x, y)}`` for every state (``None`` is the end).
        arcs: one dict per arc: ``from``, ``to`` (states), ``letter``, ``start``, ``end`` ((x, y)),
            ``loop`` (True for a self-loop; drawn above its state in the T branch's top row, else below),
            ``label`` ((x, y) where the letter is written).
    """

    states: dict
    arcs: list

    def arcs_from(self, state) -> list[dict]:
        """The arcs leaving ``state`` (the legal next symbols there)."""
        return [a for a in self.arcs if a["from"] == state]

    def extent(self) -> tuple[float, float, float, float]:
        xs = [p[0] for p in self.states.values()]
        ys = [p[1] for p in self.states.values()]
        return min(xs) - 0.5, max(xs) + 0.5, min(ys) - 0.9, max(ys) + 0.9


def automaton_layout() -> AutomatonLayout:
    """The :class:`AutomatonLayout` of the embedded grammar (standard frame, math.md §7.3)."""
    arcs_of, start = automaton(embedded=True)
    positions = {state: _position(state) for state in arcs_of}
    positions[None] = _position(None)
    arcs = []
    for state, out in arcs_of.items():
        for letter, target in sorted(out.items()):
            a, b = np.array(positions[state]), np.array(positions[target])
            loop = state == target
            if loop:
                up = a[1] >= _BRANCH_Y.get(state[0], 0.0) if isinstance(state, tuple) else True
                label = a + np.array([0.0, 0.62 if up else -0.62])
            else:
                d = b - a
                normal = np.array([-d[1], d[0]]) / np.hypot(*d)
                label = (a + b) / 2 + 0.17 * (normal if normal[1] >= 0 else -normal)
            arcs.append({"from": state, "to": target, "letter": letter, "start": tuple(map(float, a)),
                         "end": tuple(map(float, b)),
                         "loop": loop, "label": tuple(float(v) for v in label)})
    return AutomatonLayout(states=positions, arcs=arcs)


@dataclass(frozen=True)
class Prediction:
    """What a model predicts after reading the first ``step`` symbols of a string.

    Attributes:
        step: 1 … len(string) − 1 (symbols ``0 … step − 1`` have been read).
        read: those symbols.   next: the symbol that actually comes next.
        state: the automaton's state after reading them (its outgoing arcs are the legal successors).
        outputs: ``(7,)`` the model's outputs, in :data:`~nnteach.datasets.REBER_SYMBOLS` order.
        legal: the legal successors (letters).
        ok: every legal successor's output above every illegal one's (the set rule of ``reber_score``).
        walked: the arcs read so far, ``(from state, to state, letter)`` each.
    """

    step: int
    read: str
    next: str
    state: object
    outputs: np.ndarray
    legal: str
    ok: bool
    walked: tuple

    def output(self, letter: str) -> float:
        """The model's output for ``letter``."""
        return float(self.outputs[SYMBOLS.index(letter)])


def predictions_along(model, string: str) -> list[Prediction]:
    """The model's outputs at every step of ``string`` (an embedded-grammar string), learning off.

    ``model`` is anything with ``forward(x (T, 7)) -> (T, 7)`` (e.g. a trained ``graph.VectorisedLSTM``).
    """
    x, _ = encode(string)
    Y = np.asarray(model.forward(x), dtype=float)
    if Y.shape != x.shape:
        raise ValueError(f"model.forward gave shape {Y.shape}; expected {x.shape} (7 outputs per step)")
    legal = legal_successors(string, embedded=True)
    path = states(string, embedded=True)
    out = []
    for t, (y, letters) in enumerate(zip(Y, legal)):
        is_legal = np.array([c in letters for c in SYMBOLS])
        ok = bool(y[is_legal].min() > y[~is_legal].max()) if (~is_legal).any() else True
        walked = tuple((path[k], path[k + 1], string[k]) for k in range(t + 1))
        out.append(Prediction(step=t + 1, read=string[:t + 1], next=string[t + 1], state=path[t + 1], outputs=y,
                              legal=letters, ok=ok, walked=walked))
    return out
