"""Checks for the exercises of notebook 08 (memory cells and gates).

* 08.1 :func:`check_storing_cell`: gate values (numbers or sequences) that make the cell of Eq. (8.4)
  store the 0.8 arriving at ``t = 3`` for 20 steps and show it only at ``t = 23``
  (:data:`nnteach.gating.STORE_TASK`).  The check runs the cell and names what went wrong: nothing
  (or only part) written, off by one step, noise let in, the value decaying or erased, the output
  gate shut at the read or open when nobody asked.
* 08.2 :func:`check_forget_cue`: the weight ``w`` and bias ``b`` of a logistic forget gate
  ``f(t) = σ(w c(t) + b)`` (Eq. 8.6) that keeps a value until a cue, then forgets it
  (:data:`nnteach.gating.FORGET_TASK`).
"""
from __future__ import annotations

import math

import numpy as np

from ..activations import logistic
from ..formatting import plain
from ..gating import FORGET_TASK, STORE_TASK, forget_gate_from_cue
from ..recurrent import MemoryCell
from .feedback import AnswerError, Feedback, as_array, as_number, checker, register_hints, solutions_note

__all__ = ["check_storing_cell", "check_forget_cue", "STORE_TOLERANCE"]

SOLUTION = solutions_note("08_memory_cells_and_gates")

#: How far the stored value and the outputs may be from ideal in exercise 08.1.
STORE_TOLERANCE = 0.02
#: Exercise 08.2: keep at least this much of A until the cue, and of B until the read …
KEEP = 0.9
#: … and let at most this much of A survive the cue.
LEFT = 0.01

register_hints("08.1", [
    "Think of each gate as a switch over time: which steps must the input gate let through, when must the "
    "cell remember, and when may the output show the value? `t` holds the steps 1 … 25, so `t == 3` is "
    "True only at step 3.",
    "The input gate is 1 only at t = 3 (0 elsewhere, or the noise gets in), the forget gate is 1 at every "
    "step (any value below 1 makes the cell leak), the output gate is 1 only at t = 23. "
    "Arrays count from 0: step t is index t − 1.",
    "input_gate = np.where(t == 3, 1.0, 0.0); forget_gate = 1.0; output_gate = np.where(t == 23, 1.0, 0.0). "
    + SOLUTION,
])
register_hints("08.2", [
    "Between cues c(t) = 0, so f = σ(b): b alone decides how well the cell remembers. At the cue c = 1, "
    "so f = σ(w + b): w must pull that down to (almost) 0.",
    "Keeping 90 % of A over the 11 steps from t = 4 to t = 14 needs σ(b)^11 ≥ 0.9, that is σ(b) ≥ 0.9905 "
    "(b ≥ 4.65). Letting at most 1 % through at the cue needs σ(w + b) ≤ 0.01, that is w + b ≤ −4.6: "
    "w is negative and larger in size than b: w ≤ −4.6 − b.",
    "For example b = 6 (σ(6) = 0.9975) and w = −12 (σ(−6) = 0.0025). " + SOLUTION,
])


# -- 08.1 -------------------------------------------------------------------------------------------
def _gate(answer, name: str, T: int) -> np.ndarray:
    """A learner's gate: one number (the same at every step) or T values in [0, 1]."""
    a = as_array(answer, name)
    if a.size == 1:
        a = np.full(T, float(a.reshape(-1)[0]))
    elif a.size != T:
        raise AnswerError(f"{name} must be one number or {T} values, one per step t = 1 … {T}; "
                          f"you gave {a.size} values with shape {a.shape}")
    a = a.reshape(T)
    bad = np.flatnonzero((a < 0) | (a > 1))
    if bad.size:
        k = int(bad[0])
        raise AnswerError(f"{name} is {plain(float(a[k]))} at t = {k + 1}: a gate is a logistic unit, its value "
                          "lies between 0 (shut) and 1 (open)")
    return a


def _steps(mask: np.ndarray) -> str:
    """``"t = 4 … 23"`` or ``"t = 5, 9"``: the steps where ``mask`` is True (1-based), briefly."""
    ts = np.flatnonzero(mask) + 1
    if ts.size == 0:
        return "no step"
    if ts.size > 2 and np.all(np.diff(ts) == 1):
        return f"t = {ts[0]} … {ts[-1]}"
    shown = ", ".join(map(str, ts[:4])) + (", …" if ts.size > 4 else "")
    return f"t = {shown}"


def _open_instead(g: np.ndarray, cue: int) -> int | None:
    """If the gate is shut at the cue but fully open at exactly one neighbour step, that step (1-based)."""
    if g[cue - 1] >= 0.5:
        return None
    open_steps = np.flatnonzero(g >= 0.5) + 1
    if open_steps.size == 1 and abs(int(open_steps[0]) - cue) == 1:
        return int(open_steps[0])
    return None


@checker("08.1")
def check_storing_cell(input_gate, forget_gate, output_gate) -> Feedback:
    """Exercise 08.1: gate values that store the 0.8 of ``t = 3`` until ``t = 23`` and show it only then.

    Each gate is a number (the same at every step) or 25 values, one per step ``t = 1 … 25``.  The
    cell of Eq. (8.4) with identity squashing, ``s(t) = f s(t−1) + i x(t)``, ``y = o s``, runs over
    the input of :data:`nnteach.gating.STORE_TASK`; it passes when ``s(23)`` and ``y(23)`` are within
    :data:`STORE_TOLERANCE` of 0.8 and ``|y|`` stays below it at every other step.
    """
    ex = "08.1"
    task = STORE_TASK
    T, write, read = task.T, task.write[0], task.read[0]
    i = _gate(input_gate, "input_gate", T)
    f = _gate(forget_gate, "forget_gate", T)
    o = _gate(output_gate, "output_gate", T)
    x = task.inputs()
    value = task.values[write]
    tr = MemoryCell().run(x, input_gate=i, forget_gate=f, output_gate=o)
    s_read, y_read = float(tr.s[read - 1]), float(tr.y[read - 1])
    others = np.ones(T, dtype=bool)
    others[read - 1] = False
    leak_at = np.abs(tr.y) * others
    leak = float(leak_at.max())
    kept = float(np.prod(f[write:read]))                 # f(t) for t = write+1 … read: ∏ f, math.md §4
    # what the other steps' inputs (noise) add to s(read): Σ_{k ≠ write} i(k) x(k) ∏_{r=k+1}^{read} f(r)
    carry = np.array([np.prod(f[k:read]) for k in range(1, read + 1)])       # ∏_{r=k+1}^{read} f(r), k = 1 … read
    let_in = i[:read] * x[:read] * carry
    noise_in = float(let_in.sum() - let_in[write - 1])
    noise_steps = (i[:read] > 0.05) & (np.arange(1, read + 1) != write)
    moved = _open_instead(i, write)
    if moved is not None and moved <= read:     # that step's noise is the off-by-one's doing: named once
        noise_steps[moved - 1] = False
        noise_in -= float(let_in[moved - 1])

    problems = []
    if moved is not None:
        problems.append(f"off by one step: your input gate opens at t = {moved} (array index {moved - 1}), but "
                        f"{value} arrives at t = {write}, which is index {write - 1} (step t is index t − 1; "
                        f"`np.where(t == {write}, 1.0, 0.0)` avoids the counting)")
    elif i[write - 1] < 0.02:
        problems.append(f"nothing is written: the input gate is shut (i = {plain(i[write - 1])}) at t = {write}, "
                        f"when {value} arrives")
    elif i[write - 1] < 1 - STORE_TOLERANCE:
        problems.append(f"only part of the value is written: i({write}) = {plain(i[write - 1])}, so the cell gets "
                        f"{plain(i[write - 1] * value)} instead of {value}; open the input gate fully (1) at "
                        f"t = {write}")
    if abs(noise_in) > STORE_TOLERANCE or (noise_steps.any() and i[noise_steps].max() > 0.1):
        k = np.flatnonzero(noise_steps)
        top = float(i[k].max()) if k.size else 0.0
        problems.append(f"noise gets in: your input gate is open at other steps too (i up to {plain(top)} at "
                        f"{_steps(noise_steps)}), which adds {plain(noise_in)} of noise to the state by t = {read}; "
                        f"shut it (0) except at t = {write}")
    if kept < 1 - STORE_TOLERANCE / value:
        between = f[write:read]
        resets = np.flatnonzero(between < 0.5)
        if resets.size:
            step = write + 1 + int(resets[0])
            problems.append(f"your forget gate resets the cell at t = {step} (f = {plain(f[step - 1])}): the stored "
                            f"value is erased before it is read at t = {read}; keep f = 1 while the cell remembers")
        else:
            n = read - write
            same = np.allclose(between, between[0])
            how = (f"{plain(between[0])}^{n} = {kept:.4f}" if same else f"∏ f = {kept:.4f}")
            problems.append(f"the value decays: your forget gate is below 1 between t = {write + 1} and t = {read} "
                            f"(f = {plain(float(between.min()))} at the lowest), so the cell keeps only {how} of "
                            f"it over the {n} steps, {value} → {plain(kept * value)}; keep f = 1 while it remembers")
    moved = _open_instead(o, read)
    if moved is not None:
        problems.append(f"off by one step: your output gate opens at t = {moved} (array index {moved - 1}), but "
                        f"the read is at t = {read}, index {read - 1}")
    elif o[read - 1] < 1 - STORE_TOLERANCE:
        problems.append(f"the value is not read out: the output gate is {plain(o[read - 1])} at the read step "
                        f"t = {read}, so y({read}) = {plain(y_read)}; open it fully (1) at t = {read}")
    if leak > STORE_TOLERANCE and moved is None:
        k = int(np.argmax(leak_at))
        disturbing = (np.abs(tr.y) > STORE_TOLERANCE) & others
        problems.append(f"the stored value disturbs the output when nobody asked: |y| = {plain(leak)} at t = {k + 1} "
                        f"(the output gate is {plain(o[k])} there; |y| > {STORE_TOLERANCE} at {_steps(disturbing)}); "
                        f"shut the output gate (0) except at t = {read}")
    ok = (not problems and abs(s_read - value) <= STORE_TOLERANCE and abs(y_read - value) <= STORE_TOLERANCE
          and leak <= STORE_TOLERANCE)
    details = {"trace": tr, "s_read": s_read, "y_read": y_read, "leak": leak, "kept": kept, "noise_in": noise_in}
    if ok:
        return Feedback(True, f"the cell keeps {value} from t = {write} to t = {read} and shows it only when asked: "
                              f"s({read}) = {s_read:.4f}, y({read}) = {y_read:.4f}, |y| ≤ {leak:.4f} elsewhere; "
                              f"error factor ∂s({read})/∂s({write}) = ∏ f = {kept:.4f}", ex, details)
    if not problems:    # within no single rule, but not good enough overall (several small leaks together)
        problems.append(f"close, but s({read}) = {plain(s_read)} and y({read}) = {plain(y_read)} should both be "
                        f"{value} (within {STORE_TOLERANCE}), with |y| ≤ {STORE_TOLERANCE} elsewhere (now "
                        f"{plain(leak)})")
    return Feedback(False, "; ".join(problems), ex, details)


# -- 08.2 -------------------------------------------------------------------------------------------
def _percent(share: float) -> str:
    """``"50 %"``, ``"99.75 %"``, ``"more than 99.99 %"``: a share that never rounds up to a whole 100 %."""
    if share > 0.9999:
        return "more than 99.99 %"
    return f"{100 * share:.4g} %"


@checker("08.2")
def check_forget_cue(w, b) -> Feedback:
    """Exercise 08.2: ``w`` and ``b`` of the forget gate ``f(t) = σ(w c(t) + b)`` (Eq. 8.6).

    On :data:`nnteach.gating.FORGET_TASK` (A = 0.8 written at ``t = 3``, cue at ``t = 15``, B = −0.5
    written at ``t = 18``, read at ``t = 28``) the cell must keep at least :data:`KEEP` of A until
    the cue and of B until the read, and let at most :data:`LEFT` of A survive the cue.
    """
    ex = "08.2"
    w = as_number(w, "w")
    b = as_number(b, "b")
    task = FORGET_TASK
    (t_a, t_b), cue, read = task.write, task.forget[0], task.read[0]
    B = task.values[t_b]
    rest, at_cue = float(logistic(b)), float(logistic(w + b))
    n_before, n_after = cue - 1 - t_a, read - t_b             # steps A must survive before the cue, B before the read
    keep_a, keep_b = rest ** n_before, rest ** n_after
    f = forget_gate_from_cue(w, b, task)
    i, _, o = task.gates()
    tr = MemoryCell().run(task.inputs(), input_gate=i, forget_gate=f, output_gate=o)
    left_of_a = float(np.prod(f[t_a:read]))                  # share of A in s(read)
    details = {"trace": tr, "rest": rest, "at_cue": at_cue, "keep_a": keep_a, "keep_b": keep_b, "left_of_a": left_of_a}
    problems = []
    if b <= 0:
        problems.append(f"b = {plain(b)} makes the forget gate rest at σ(b) = {rest:.4f}: the cell loses "
                        f"{_percent(1 - rest)} of its value every step, it forgets all the time, not on cue "
                        f"(A keeps {rest:.4f}^{n_before} = {plain(keep_a)} of itself until the cue); b must be large "
                        "and positive")
    elif keep_a < KEEP or keep_b < KEEP:
        need = KEEP ** (1 / n_before)
        b_min = math.ceil(100 * math.log(need / (1 - need))) / 100
        problems.append(f"between cues the forget gate rests at σ(b) = {rest:.4f}, not close enough to 1: over the "
                        f"{n_before} steps from t = {t_a + 1} to t = {cue - 1} A decays to {rest:.4f}^{n_before} = "
                        f"{keep_a:.4f} of itself (at least {KEEP} is asked: σ(b) ≥ {need:.4f}, b ≥ {b_min:.2f})")
    if w >= 0:
        problems.append(f"w = {plain(w)} is not negative: at the cue f = σ(w + b) = {at_cue:.4f} is not smaller than "
                        f"at rest; the cue must pull the forget gate down to 0, so w must be negative")
    elif at_cue > LEFT:
        problems.append(f"at the cue f = σ(w + b) = σ({plain(w + b)}) = {at_cue:.4f}: {100 * at_cue:.1f} % of A "
                        f"survives the reset and mixes with B (s({read}) = {plain(float(tr.s[read - 1]))} instead of "
                        f"{B}); at most {LEFT:g} is asked: make w + b ≤ −4.6 (σ(−4.6) = 0.01)")
    if problems:
        return Feedback(False, "; ".join(problems), ex, details)
    return Feedback(True, f"f rests at σ(b) = {rest:.4f} (A keeps {keep_a:.4f} of itself until the cue, B "
                          f"{keep_b:.4f} until the read) and drops to σ(w + b) = {at_cue:.4f} at the cue: "
                          f"s({read}) = {float(tr.s[read - 1]):.4f}, with {left_of_a:.4f} of A left", ex, details)
