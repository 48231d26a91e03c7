"""Exercise checks of notebook 08: right answers pass, each named mistake is named, malformed answers get a ✗.

The gate sequences are built here with plain lists from the exercise's statement (write at t = 3, read at
t = 23 of 25 steps; cue at t = 15, A at t = 3, B at t = 18, read at t = 28 of 30 steps).
"""
import math

import numpy as np
import pytest

from nnteach.checks import check_forget_cue, check_storing_cell, Feedback
from nnteach.checks.feedback import next_hint

T = 25


def at(steps, value=1.0, rest=0.0, n=T):
    return [value if k + 1 in steps else rest for k in range(n)]


WRITE, FORGET, READ = at([3]), 1.0, at([23])


def says(feedback, *words):
    text = str(feedback)
    return all(w in text for w in words)


# -- 08.1 ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("answer", [
    (WRITE, FORGET, READ),
    (np.array(WRITE), [1.0] * T, np.array(READ)),
    ([bool(v) for v in WRITE], True, [bool(v) for v in READ]),      # booleans are 0/1
    ([[v] for v in WRITE], [FORGET], np.array(READ)[None, :]),      # any nesting holding 25 values
    (np.where(np.array(WRITE) > 0, 0.995, 0.0), 1.0, READ),         # nearly open is open enough
])
def test_storing_cell_right_answers(answer):
    fb = check_storing_cell(*answer)
    assert fb, str(fb)
    assert says(fb, "s(23) = ", "y(23) = ", "∂s(23)/∂s(3) = ∏ f = ")


def test_storing_cell_success_reports_the_numbers():
    fb = check_storing_cell(WRITE, FORGET, READ)
    assert says(fb, "s(23) = 0.8000, y(23) = 0.8000, |y| ≤ 0.0000 elsewhere", "= 1.0000")


def test_nothing_written():
    fb = check_storing_cell(0.0, 1.0, READ)
    assert not fb and says(fb, "nothing is written", "t = 3")


def test_partly_written():
    fb = check_storing_cell(at([3], 0.5), 1.0, READ)
    assert not fb and says(fb, "only part of the value is written", "i(3) = 0.5000", "0.4000")


@pytest.mark.parametrize("step", [2, 4])
def test_input_gate_off_by_one(step):
    fb = check_storing_cell(at([step]), 1.0, READ)
    assert not fb and says(fb, "off by one step", f"opens at t = {step}", "index 2")
    assert "noise gets in" not in str(fb), "the off-by-one step is named once, not also as noise"


def test_input_gate_open_all_the_time_lets_noise_in():
    fb = check_storing_cell(1.0, 1.0, READ)
    assert not fb and says(fb, "noise gets in", "shut it (0) except at t = 3")


def test_input_gate_slightly_open_lets_noise_in():
    fb = check_storing_cell(at([3], rest=0.2), 1.0, READ)
    assert not fb and says(fb, "noise gets in", "i up to 0.2000")


def test_forget_gate_below_one_decays_the_value_by_the_product():
    fb = check_storing_cell(WRITE, 0.95, READ)
    assert not fb and says(fb, "the value decays", f"0.9500^20 = {0.95 ** 20:.4f}", f"{0.8 * 0.95 ** 20:.4f}")
    uneven = at([10, 11], value=0.9, rest=1.0)
    fb = check_storing_cell(WRITE, uneven, READ)
    assert says(fb, "the value decays", f"∏ f = {0.81:.4f}")


def test_forget_gate_reset_erases_the_value():
    fb = check_storing_cell(WRITE, at([12], value=0.0, rest=1.0), READ)
    assert not fb and says(fb, "resets the cell at t = 12", "erased")


def test_output_gate_shut_at_the_read():
    fb = check_storing_cell(WRITE, FORGET, 0.0)
    assert not fb and says(fb, "not read out", "t = 23", "y(23) = 0.0000")


def test_output_gate_open_all_the_time_disturbs():
    fb = check_storing_cell(WRITE, FORGET, 1.0)
    assert not fb and says(fb, "disturbs the output when nobody asked", "|y| = 0.8000")


def test_output_gate_off_by_one():
    fb = check_storing_cell(WRITE, FORGET, at([24]))
    assert not fb and says(fb, "off by one step", "output gate opens at t = 24", "index 22")


def test_several_mistakes_are_all_named():
    fb = check_storing_cell(1.0, 0.9, 1.0)
    assert not fb and says(fb, "noise gets in", "decays", "disturbs")


def test_small_leaks_that_add_up_are_not_passed():
    """No single rule fires (f^20 = 0.976 keeps more than 0.975, o(23) = 0.985 is nearly open), but together
    y(23) = 0.985 · 0.8 · 0.9988^20 = 0.7693 is more than 0.02 from 0.8."""
    fb = check_storing_cell(WRITE, 0.9988, at([23], value=0.985))
    assert not fb and says(fb, "close, but", "y(23) = 0.7693")


@pytest.mark.parametrize("bad, words", [
    ((..., 1.0, READ), ["fill in input_gate"]),
    ((WRITE, "1", READ), ["forget_gate must be a number", "quotes"]),
    ((WRITE, FORGET, [1.0] * 24), ["output_gate must be one number or 25 values", "24"]),
    ((WRITE, 1.5, READ), ["forget_gate is 1.5000 at t = 1", "between 0 (shut) and 1 (open)"]),
    ((at([3], value=-1.0), FORGET, READ), ["input_gate is -1.0000 at t = 3"]),
    ((WRITE, float("nan"), READ), ["nan"]),
    ((lambda t: t, FORGET, READ), ["function"]),
    ((WRITE, FORGET, {"t": 23}), ["output_gate must be a number"]),
])
def test_storing_cell_malformed_answers(bad, words):
    fb = check_storing_cell(*bad)
    assert isinstance(fb, Feedback) and not fb
    assert says(fb, *words), str(fb)


# -- 08.2 ---------------------------------------------------------------------------------------------
def sigma(s):
    return 1 / (1 + math.exp(-s))


@pytest.mark.parametrize("w, b", [(-12, 6), (-10, 5), (-20, 10), ([-12.0], np.array(6.0))])
def test_forget_cue_right_answers(w, b):
    fb = check_forget_cue(w, b)
    assert fb, str(fb)


def test_forget_cue_success_reports_the_numbers():
    fb = check_forget_cue(-12, 6)
    assert says(fb, f"σ(b) = {sigma(6):.4f}", f"A keeps {sigma(6) ** 11:.4f}", f"B {sigma(6) ** 10:.4f}",
                f"σ(w + b) = {sigma(-6):.4f}")


def test_forget_cue_bias_not_positive_forgets_all_the_time():
    fb = check_forget_cue(-12, 0)
    assert not fb and says(fb, "σ(b) = 0.5000", "forgets all the time", "b must be large and positive")


def test_forget_cue_loss_per_step_never_reads_a_whole_100_percent():
    assert says(check_forget_cue(-12, 0), "loses 50 % of its value")
    assert says(check_forget_cue(-12, -6), f"loses {100 * (1 - sigma(-6)):.4g} % of its value")   # 99.75, not 100
    assert says(check_forget_cue(6, -12), "loses more than 99.99 % of its value")


def test_forget_cue_bias_too_small_decays_before_the_cue():
    fb = check_forget_cue(-12, 2)
    assert not fb and says(fb, f"σ(b) = {sigma(2):.4f}", f"^11 = {sigma(2) ** 11:.4f}", "b ≥ 4.65")
    assert check_forget_cue(-12, 4.65) and not check_forget_cue(-12, 4.64)     # the stated bound is the bound


def test_forget_cue_weight_not_negative():
    fb = check_forget_cue(3, 6)
    assert not fb and says(fb, "w = 3.0000 is not negative", "must be negative")


def test_forget_cue_weight_too_weak_lets_a_survive():
    fb = check_forget_cue(-8, 6)
    assert not fb and says(fb, f"σ(w + b) = σ(-2.0000) = {sigma(-2):.4f}", f"{100 * sigma(-2):.1f} % of A survives",
                           "w + b ≤ −4.6")


def test_forget_cue_swapped_weight_and_bias():
    fb = check_forget_cue(6, -12)
    assert not fb and says(fb, "forgets all the time", "not negative")


@pytest.mark.parametrize("bad, words", [((..., 6), ["fill in w"]), ((-12, "6"), ["b must be a number"]),
                                        (([-12, 6], 6), ["w must be one number"]),
                                        ((-12, float("inf")), ["inf"])])
def test_forget_cue_malformed_answers(bad, words):
    fb = check_forget_cue(*bad)
    assert isinstance(fb, Feedback) and not fb and says(fb, *words), str(fb)


def test_hints_are_graded_and_end_at_the_solutions_edition():
    for ex in ("08.1", "08.2"):
        hints = [next_hint(ex, reset=(k == 0)) for k in range(3)]
        assert [h.split(":")[0] for h in hints] == ["Hint 1/3", "Hint 2/3", "Hint 3/3"]
        assert "solutions/08_memory_cells_and_gates.ipynb" in hints[-1]


def test_hint_08_2_states_the_bound_on_w_the_right_way_round():
    # it said "w is negative and larger than b" (w < 0 < b: larger in size only); the bound it now
    # gives, w ≤ −4.6 − b with b ≥ 4.65, is enough for the check
    second = [next_hint("08.2", reset=(k == 0)) for k in range(2)][-1]
    assert "larger than b." not in second and "w ≤ −4.6 − b" in second
    assert check_forget_cue(-4.7 - 5.0, 5.0)
