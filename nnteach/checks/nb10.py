"""Checks for the exercises of notebook 10 (LSTM-g).

* 10.1a :func:`check_eligibility_trace`: the eligibility trace of ``cell ← x0`` after a third step of
  math.md §9.2's memory block, Eq. (10.4).
* 10.1b :func:`check_extended_trace`: the extended trace ``e^cell`` of ``ig ← x0`` after the same step,
  Eq. (10.6).
* 10.2 :func:`check_dropped_paths`: which of the paths in :data:`PATHS` LSTM-g drops (math.md §6.4).

The reference numbers come from :func:`block_numbers`, the block's forward pass and traces written here
with plain floats (no model code), so that a bug in :mod:`nnteach.graph` cannot hide a wrong answer.
"""
from __future__ import annotations

import math
import re

from ..formatting import plain
from .feedback import ROUNDED, AnswerError, Feedback, as_number, checker, is_rounded, near, register_hints, \
    solutions_note

__all__ = ["EXERCISE_10_1", "block_numbers", "check_eligibility_trace", "check_extended_trace", "PATHS",
           "check_dropped_paths"]

SOLUTION = solutions_note("10_lstm_g")    # ends the last hint of every exercise

#: Exercise 10.1: math.md §9.2's block runs its two steps, then a third with this input.
EXERCISE_10_1 = {"inputs": ((1.0, 0.0), (0.0, 1.0), (1.0, 1.0))}

#: math.md §9.2's weights: gates ← (x0, x1, bias); the cell's inputs (gated by ig); the output's weights.
_W = {"ig": (0.5, -0.3, 0.1), "fg": (-0.2, 0.4, 1.0), "og": (0.3, 0.7, -0.1), "cell": (0.8, -0.6, 0.0),
      "out": (1.2, -0.4)}


def _sigma(s: float) -> float:
    return 1.0 / (1.0 + math.exp(-s))


def block_numbers(inputs=EXERCISE_10_1["inputs"]) -> list[dict[str, float]]:
    """math.md §9.2's block over ``inputs``, with plain floats: per step the gates, the cell, and the traces
    the exercises ask for (``e`` of ``cell ← x0``, ``e^cell`` of ``ig ← x0``), plus the values a wrong answer
    may have used.  Eqs. (10.1)–(10.6)."""
    steps, s_cell, e_cx0, ek_igx0 = [], 0.0, 0.0, 0.0
    for x0, x1 in inputs:
        gate = {g: _sigma(w[0] * x0 + w[1] * x1 + w[2]) for g, w in _W.items() if g in ("ig", "fg", "og")}
        a = _W["cell"][0] * x0 + _W["cell"][1] * x1                         # what the input gate lets in
        s_prev = s_cell
        s_cell = gate["fg"] * s_prev + gate["ig"] * a + _W["cell"][2]         # Eq. (10.1), self weight 1
        B = _W["cell"][0] * x0 + _W["cell"][1] * x1                         # ig gates both inputs of the cell
        df_ig = gate["ig"] * (1 - gate["ig"])
        e_prev, ek_prev = e_cx0, ek_igx0
        e_cx0 = gate["fg"] * e_prev + gate["ig"] * x0                       # Eq. (10.4)
        ek_igx0 = gate["fg"] * ek_prev + df_ig * x0 * B                     # Eq. (10.6); e_ig,x0 = x0
        steps.append({"x0": x0, "x1": x1, "ig": gate["ig"], "fg": gate["fg"], "og": gate["og"], "s_cell": s_cell,
                      "s_cell_prev": s_prev, "B": B, "df_ig": df_ig, "e_prev": e_prev, "e": e_cx0,
                      "ek_prev": ek_prev, "ek": ek_igx0, "s_ig": math.log(gate["ig"] / (1 - gate["ig"]))})
    return steps


register_hints("10.1a", [
    "An eligibility trace remembers how much the weight has moved the cell's state so far. Each step, the "
    "old trace is kept as much as the self-connection keeps the state, and the new input is added as it "
    "entered the state: through its gate.",
    "Eq. (10.4): e(3) = g_cc(3)·w_cc·e(2) + g(3)·x0(3), where g_cc(3) = fg(3) (the forget gate gates the "
    "self-connection, w_cc = 1) and g(3) = ig(3) (the input gate gates cell ← x0).",
    "e(3) = fg(3)·e(2) + ig(3)·x0(3) = fg3 * e2 + ig3 * 1, with the numbers printed above the exercise. " + SOLUTION,
])
register_hints("10.1b", [
    "The extended trace e^cell of ig ← x0 follows the weight's effect on the *cell* through the gain ig controls: "
    "the old value decays with the cell's self-connection, the new part is f'_ig times ig's own eligibility "
    "trace times how much the cell's state moves per unit of ig (B).",
    "Eq. (10.6): e^cell(3) = fg(3)·e^cell(2) + f'_ig(3)·e_ig,x0(3)·B(3), with f'_ig = ig(1 − ig) from ig's output, "
    "e_ig,x0(3) = x0(3) = 1 (ig has no self-connection) and B(3) = w_cell,x0·x0(3) + w_cell,x1·x1(3), "
    "this step's inputs of the connections ig gates.",
    "e^cell(3) = fg3 * ek2 + ig3 * (1 - ig3) * 1 * (0.8 * 1 + (-0.6) * 1). " + SOLUTION,
])
register_hints("10.2", [
    "LSTM-g carries a weight's effect forward in time only along self-connections (a unit's own state), and "
    "within a step only from units activated earlier to units activated later.",
    "Look for paths that go from one step to the next through anything other than the cell's self-connection: "
    "a peephole from the cell into a gate activated *before* it (the input and forget gates see y_cell(t−1)) "
    "is such a path.",
    "Three paths run through last step's cell activation into this step's input or forget gates: those are "
    "dropped; answer with their letters, e.g. dropped = \"dgh\" (if those were the three). " + SOLUTION,
])


def _trace_mistakes(n: dict, p: dict, kind: str) -> list[tuple[float, str]]:
    """Wrong values of the trace at step 3 (``n``) and what to say; ``p`` is step 2."""
    if kind == "e":
        return [
            (n["fg"] * n["e_prev"] + n["x0"], "you forgot the gain: cell ← x0 is gated by the input gate, so the new "
                                              "part is g·x0 = ig(3)·x0(3), not x0 alone"),
            (n["e_prev"] + n["ig"] * n["x0"], "you forgot the decay: the old trace is multiplied by the self-"
                                              "connection's gain g_cc(3)·w_cc = fg(3) before the new part is added"),
            (p["fg"] * n["e_prev"] + n["ig"] * n["x0"], "you used the wrong step's forget gate: the decay is this "
                                                        "step's gain, fg(3), not fg(2)"),
            (n["fg"] * n["e_prev"] + p["ig"] * n["x0"], "you used the wrong step's input gate: the gain is ig(3), the "
                                                        "input gate's value at the step the input entered the cell"),
            (n["ig"] * n["x0"], "you left out the old trace: e(3) = fg(3)·e(2) + ig(3)·x0(3); the trace accumulates"),
            (n["fg"] * n["e_prev"], "you left out this step's input: x0(3) = 1 enters the cell through ig(3)"),
            (n["ig"] * (n["fg"] * n["e_prev"] + n["x0"]), "the gain multiplies only the new input, not the old trace: "
                                                          "e(3) = fg(3)·e(2) + ig(3)·x0(3)"),
            (n["fg"] * n["e_prev"] + n["ig"] * _W["cell"][0] * n["x0"],
             "the trace leaves out the connection's own weight: it is ∂s_cell/∂w_cell,x0, so the new part is "
             "ig(3)·x0(3), not ig(3)·w·x0(3)"),
            (n["s_cell"], "that is the cell's state s_cell(3); the trace is how much w_cell,x0 moved it: "
                          "e(3) = fg(3)·e(2) + ig(3)·x0(3), without the weights"),
        ]
    return [
        (n["fg"] * n["ek_prev"] + n["x0"] * n["B"], "f' is missing: the new part is f'_ig(3)·e_ig,x0(3)·B(3), with "
                                                    "f'_ig = ig(1 − ig)"),
        (n["ek_prev"] + n["df_ig"] * n["x0"] * n["B"], "you forgot the decay: the old extended trace is multiplied by "
                                                       "the cell's self-connection gain fg(3)"),
        (p["fg"] * n["ek_prev"] + n["df_ig"] * n["x0"] * n["B"], "you used the wrong step's forget gate: the decay is "
                                                                 "fg(3), not fg(2)"),
        (n["fg"] * n["ek_prev"] + n["df_ig"] * n["x0"] * p["B"], "you used the wrong step's inputs in B: B(3) = "
                                                                 "w_cell,x0·x0(3) + w_cell,x1·x1(3), this step's x"),
        (n["fg"] * n["ek_prev"] + n["df_ig"] * n["x0"] * _W["cell"][0] * n["x0"],
         "B sums over every connection ig gates: B(3) = w_cell,x0·x0(3) + w_cell,x1·x1(3) = 0.8 − 0.6, not only "
         "the x0 connection"),
        (n["fg"] * n["ek_prev"] + n["df_ig"] * n["x0"] * (n["B"] + n["s_cell_prev"]),
         "B of the input gate has no w_cc·s_cell(t−1) term: ig does not gate the self-connection (that term belongs "
         "to the forget gate's B)"),
        (n["fg"] * n["ek_prev"] + n["ig"] * n["x0"] * n["B"],
         "you used the gate's value ig(3) where its slope belongs: the new part is f'_ig(3)·e_ig,x0(3)·B(3), with "
         "f'_ig = ig(1 − ig)"),
        (n["fg"] * n["ek_prev"] + n["s_ig"] * (1 - n["s_ig"]) * n["x0"] * n["B"],
         "f' must be computed from ig's output: f'_ig = ig(1 − ig), not s(1 − s) of its state"),
        (n["df_ig"] * n["x0"] * n["B"], "you left out the old extended trace: e^cell(3) = fg(3)·e^cell(2) + …; it "
                                        "carries step 1's write forward"),
        (n["fg"] * n["ek_prev"], "you left out this step's new part f'_ig(3)·e_ig,x0(3)·B(3) (x0(3) = 1, so it is "
                                 "not 0 now)"),
    ]


def _check_trace(answer, kind: str, what: str, ex: str) -> Feedback:
    v = as_number(answer, what)
    steps = block_numbers()
    p, n = steps[1], steps[2]
    right = n["e"] if kind == "e" else n["ek"]
    name = "e_cell,x0(3)" if kind == "e" else "e^cell_ig,x0(3)"
    if near(v, right):
        if kind == "e":
            return Feedback(True, f"{name} = fg(3)·e(2) + ig(3)·x0(3) = {n['fg']:.4f}·{n['e_prev']:.4f} + "
                                  f"{n['ig']:.4f}·1 = {right:.4f}", ex)
        return Feedback(True, f"{name} = fg(3)·e^cell(2) + f'_ig(3)·x0(3)·B(3) = {n['fg']:.4f}·{n['ek_prev']:.4f} + "
                              f"{n['df_ig']:.4f}·1·{n['B']:.4f} = {right:.4f}", ex)
    for value, message in _trace_mistakes(n, p, kind):
        if near(v, value):
            return Feedback(False, message, ex)
    if near(v, -right):
        return Feedback(False, "the sign is reversed: every factor here is as printed; check your minus signs", ex)
    if near(v, n["ek_prev"] if kind == "ek" else n["e_prev"]):
        return Feedback(False, "that is the trace after step 2; the exercise asks for it after step 3", ex)
    if is_rounded(v, right):
        return Feedback(False, ROUNDED, ex)
    return Feedback(False, f"{plain(v)} is not {name}; write down Eq. ({'10.4' if kind == 'e' else '10.6'}) with "
                           f"this step's numbers, term by term", ex)


@checker("10.1a")
def check_eligibility_trace(answer) -> Feedback:
    """Exercise 10.1a: ``e`` of ``cell ← x0`` after step 3 (inputs :data:`EXERCISE_10_1`), Eq. (10.4)."""
    return _check_trace(answer, "e", "my_e", "10.1a")


@checker("10.1b")
def check_extended_trace(answer) -> Feedback:
    """Exercise 10.1b: ``e^cell`` of ``ig ← x0`` after step 3 (inputs :data:`EXERCISE_10_1`), Eq. (10.6)."""
    return _check_trace(answer, "ek", "my_ek", "10.1b")


#: Exercise 10.2: paths by which a weight of ``graph.LSTM(N, M, K)`` (peepholes all-to-all) moves a later
#: error, each ``(description, kept, why)``.  LSTM-g keeps a path only if it runs back in time along a
#: self-connection and, within a step, from earlier- to later-activated units (math.md §6.4).
PATHS = {
    "a": ("w(cell ← x) → s_cell(t−1) → the cell's self-connection → s_cell(t) → y_cell(t) → output(t)", True,
          "it runs back in time only along the cell's self-connection: the eligibility trace (10.4) follows it"),
    "b": ("w(ig ← x) → ig(t−1) → gain of x → cell at t−1 → s_cell(t−1) → self-connection → s_cell(t)", True,
          "ig gates a connection into the cell, and the cell keeps its state along its self-connection: the extended "
          "trace e^cell (10.6) follows it"),
    "c": ("w(fg ← x) → fg(t) → gain of the cell's self-connection → s_cell(t) → output(t)", True,
          "fg gates the cell's self-connection, a downstream unit in the same step: the extended trace follows it "
          "(with B = w_cc·s_cell(t−1))"),
    "d": ("w(cell ← x) → s_cell(t−1) → y_cell(t−1) → peephole cell → ig → ig(t) → s_cell(t)", False,
          "the peephole into the input gate carries last step's y_cell (ig is activated before the cell), and "
          "LSTM-g treats inputs from later-activated units as constants"),
    "e": ("w(cell ← x) → s_cell(t) → y_cell(t) → peephole cell → og → og(t) → output(t)", True,
          "og is activated after the cell in the same step, so the cell's δ^P includes it (10.8): kept"),
    "f": ("w(og ← x) → og(t) → gain of cell → out → output(t)", True,
          "og gates a connection into the output in the same step: its δ^G (10.9) carries it"),
    "g": ("w(fg ← x) → fg(t−1) → s_cell(t−1) → y_cell(t−1) → peephole cell → fg → fg(t) → s_cell(t)", False,
          "it goes from step t−1 to step t through the peephole into the forget gate (last step's y_cell), not "
          "along a self-connection"),
    "h": ("w(cell_1 ← x) → y_cell_1(t−1) → peephole cell_1 → ig_2 → ig_2(t) → s_cell_2(t) (another block)", False,
          "it crosses from one cell's past into another block's input gate: a cross-unit path back in time, which "
          "LSTM-g drops"),
}
_DROPPED = {k for k, (_, kept, _) in PATHS.items() if not kept}


def _letters(answer) -> set[str]:
    if answer is None or answer is ...:
        raise AnswerError("fill in the letters of the dropped paths first (replace the ...), e.g. dropped = \"ab\"")
    if isinstance(answer, str):
        items = re.findall(r"[A-Za-z]", answer)
    else:
        try:
            items = list(answer)
        except TypeError:
            raise AnswerError(f"give the letters of the dropped paths as a text or a set, e.g. \"ab\" or "
                              f"{{'a', 'b'}}; got {answer!r}") from None
        if not all(isinstance(k, str) for k in items):
            raise AnswerError(f"give letters, e.g. {{'a', 'b'}}; got {answer!r}")
        items = [c for k in items for c in re.findall(r"[A-Za-z]", k)]
    letters = {c.lower() for c in items}
    unknown = sorted(letters - set(PATHS))
    if unknown:
        raise AnswerError(f"there is no path {', '.join(unknown)}; the paths are {', '.join(PATHS)}")
    return letters


@checker("10.2")
def check_dropped_paths(dropped) -> Feedback:
    """Exercise 10.2: the letters of :data:`PATHS` that LSTM-g drops (math.md §6.4).  Each letter given
    wrongly gets its reason; the dropped paths not given are counted, not named (naming them, with their
    reasons, would hand over the answer at the first try: the hints lead there step by step)."""
    ex = "10.2"
    letters = _letters(dropped)
    if letters == _DROPPED:
        return Feedback(True, f"LSTM-g drops {', '.join(sorted(_DROPPED))}: every path from one step to the next "
                              "that does not run along a self-connection", ex)
    wrong = [f"({k}) is kept: {PATHS[k][2]}" for k in sorted(letters - _DROPPED)]
    right = sorted(letters & _DROPPED)
    missed = len(_DROPPED - letters)
    look = ("look for paths from one step to the next that do not run along a self-connection")
    if not letters:
        return Feedback(False, f"LSTM-g does drop some of them: {look}", ex)
    parts = []
    if right:
        parts.append(f"{', '.join(f'({k})' for k in right)} {'is' if len(right) == 1 else 'are'} right: dropped")
    parts += wrong
    if missed:
        parts.append(f"{missed} more path{'s are' if missed > 1 else ' is'} dropped: {look}")
    return Feedback(False, "; ".join(parts), ex)