"""Exercise checks of notebooks 06 and 07: the right answer passes, each named mistake is named.

Right answers and mistakes are computed here by hand (plain floats), not taken from the checks.
"""
import math

import numpy as np
import pytest

from nnteach.checks import check_cross_entropy_delta, check_schedule
from nnteach.checks.feedback import ROUNDED, next_hint
from nnteach.checks.nb06 import SPIRALS, describe_run, spirals_run


def sig(s):
    return 1.0 / (1.0 + math.exp(-s))


def says(feedback, *words):
    text = str(feedback)
    return all(w in text for w in words)


# -- 06.1 a schedule for the spirals ------------------------------------------------------------------
def test_describe_run_names_each_outcome():
    flat = [0.25] * 5 + [0.19] * 295
    assert describe_run(flat[:40] + [0.015], 0.02, 300).outcome == "solved"
    assert describe_run(flat, 0.02, 300).outcome == "plateaued"
    assert describe_run(list(np.linspace(0.25, 0.15, 300)), 0.02, 300).outcome == "too slow"
    jumpy = list(np.linspace(0.25, 0.05, 250)) + [0.05, 0.2] * 25
    assert describe_run(jumpy, 0.02, 300).outcome == "unstable"
    assert describe_run([0.3] * 10 + [0.5] * 290, 0.02, 300).outcome == "diverged"
    v = describe_run([], 0.02, 300, diverged="training diverged at epoch 1: the loss became nan. More text")
    assert v.outcome == "diverged" and "the loss became nan —" in v.message and "More text" not in v.message


def test_the_solution_schedule_solves_the_spirals():
    fb = check_schedule(lambda epoch: 2.0 * 0.99 ** epoch)
    assert fb and says(fb, "solved", "at epoch 179", "(function)")
    fb = check_schedule([1.5, 0.7])
    assert fb and says(fb, "(list)")


@pytest.mark.parametrize("rate, outcome, words", [
    (0.05, "too slow", "larger rates get there sooner"),
    (0.01, "plateaued", "a larger rate early on can jump off it"),
    (3.0, "unstable", "the steps overshoot"),
    (20.0, "diverged", "the units saturate"),
])
def test_constant_rates_that_fail_say_what_happened(rate, outcome, words):
    fb = check_schedule(rate)
    assert not fb and fb.details["verdict"].outcome == outcome and says(fb, words, "(constant rate)")


def test_a_constant_rate_that_solves_is_accepted_and_a_schedule_suggested():
    fb = check_schedule(1.0)
    assert fb and says(fb, "A constant rate can do it; does a schedule")


def test_the_run_is_the_documented_one():
    """The check's run: SPIRALS as documented, and an independent train() with the same settings agrees."""
    import nnteach
    from nnteach.datasets import two_spirals
    X, T = two_spirals(n=150, noise=0.05, turns=1.5, seed=0)
    net = nnteach.Perceptron(2, 16, 16, 1, activation="tanh", output_activation="logistic", seed=1, init="xavier")
    rate = lambda epoch: 2.0 * 0.99 ** epoch
    result = nnteach.train(net, (X, T), rate=rate, iterations=300, error=0.02, batch_size=10, cost="cross_entropy",
                           shuffle=True, seed=1)
    assert SPIRALS["target"] == 0.02 and SPIRALS["iterations"] == 300
    assert np.allclose(spirals_run(rate).history, result.history)


def test_a_run_over_the_time_limit_is_stopped():
    v = spirals_run(0.5, time_limit=0.0)
    assert v.outcome == "too slow" and "took more than 0 s" in v.message and v.epochs == 1


@pytest.mark.parametrize("answer, words", [
    (..., "replace the ..."),
    ("0.5", "my_rate is the text '0.5'"),
    ([], "empty list"),
    ([1.0, "a"], "my_rate[1] is 'a'"),
    ([1.0, -1.0], "my_rate[1] = -1.0"),
    (-2, "must be a number > 0"),
    (0, "must be a number > 0"),
    (float("nan"), "nan or inf"),
    (True, "not True/False"),
    (lambda epoch: 1 / 0, "your rate function raised ZeroDivisionError"),
    (lambda epoch: -1, "train did not accept it: rate(0) must be a finite number > 0"),
    (lambda epoch: "fast", "train did not accept it"),
    (lambda a, b, c: 1.0, "raised TypeError"),
])
def test_malformed_schedules_get_feedback_not_tracebacks(answer, words):
    fb = check_schedule(answer)
    assert not fb and words in fb.message, fb.message


# -- 06.2 the cross-entropy delta ---------------------------------------------------------------------
Y_H1, Y_H2 = sig(0.42), sig(0.2)
S_O = 0.7 * Y_H1 - 0.6 * Y_H2 - 4.0
Y_O = sig(S_O)
FP = Y_O * (1 - Y_O)
D_MSE, D_CE = (1 - Y_O) * FP, 1 - Y_O


def test_cross_entropy_delta_right_answer():
    fb = check_cross_entropy_delta(D_MSE, D_CE)
    assert fb and says(fb, "0.0189 under MSE, 0.9803 under cross-entropy", "52 times larger")
    assert check_cross_entropy_delta(0.0189, 0.9803)


@pytest.mark.parametrize("mse, ce, words", [
    (D_CE, D_MSE, "swapped"),
    (-D_MSE, D_CE, "sign of delta_mse is reversed"),
    (1 - Y_O, D_CE, "delta_mse is missing the factor f'(s_o)"),
    ((1 - Y_O) * 0.25, D_CE, "f'(0) = 0.25"),
    ((1 - Y_O) * S_O * (1 - S_O), D_CE, "computes f' from the state s_o"),
    (2 * D_MSE, D_CE, "twice too large"),
    (Y_O * FP, D_CE, "uses y_o where the injected error"),
    (FP, D_CE, "f'(s_o) alone"),
    (0.5 * (1 - Y_O) ** 2, D_CE, "that is the MSE error"),
    (0.019, D_CE, "delta_mse: right idea, but the numbers are rounded"),
    (0.5, D_CE, "delta_mse = 0.5000 is not"),
    (D_MSE, -D_CE, "sign of delta_ce is reversed"),
    (D_MSE, D_MSE, "delta_ce still has the factor f'(s_o)"),
    (D_MSE, (1 - Y_O) / FP, "delta_ce divides by f'(s_o)"),
    (D_MSE, -math.log(Y_O), "the cross-entropy error E = −ln y_o"),
    (D_MSE, Y_O, "delta_ce is y_o"),
    (D_MSE, (1 - Y_O) * 0.25, "there is no f' at all"),
    (D_MSE, 0.98, None),
    (D_MSE, 0.9, "delta_ce = 0.9000 is not t − y_o"),
])
def test_cross_entropy_delta_mistakes_are_named(mse, ce, words):
    fb = check_cross_entropy_delta(mse, ce)
    if words is None:                    # 0.98 is t − y_o to the precision the check accepts
        assert fb
        return
    assert not fb and words in fb.message, fb.message
    if mse == D_MSE:
        assert fb.message.startswith("delta_mse is right; ")
    elif ce == D_CE:
        assert fb.message.startswith("delta_ce is right; ")


def test_cross_entropy_delta_both_wrong_names_both():
    fb = check_cross_entropy_delta((1 - Y_O) * 0.25, D_MSE)
    assert says(fb, "delta_mse uses f'(0) = 0.25", "; delta_ce still has the factor")
    assert not fb.message.startswith(("delta_mse is right", "delta_ce is right"))


def test_cross_entropy_delta_malformed_answers():
    cases = [((..., D_CE), "fill in delta_mse"), ((D_MSE, ...), "fill in delta_ce"),
             (("0.0189", D_CE), "leave out the quotes"), ((D_MSE, [0.9, 0.1]), "must be one number"),
             ((D_MSE, float("inf")), "nan or inf"), ((print, D_CE), "the function 'print'")]
    for args, words in cases:
        fb = check_cross_entropy_delta(*args)
        assert not fb and words in fb.message, (args, fb.message)
    assert ROUNDED.split(":")[0].replace("right idea, but your", "") in str(check_cross_entropy_delta(0.019, D_CE))


def test_hints_of_06_are_graded_and_end_with_the_solutions_edition():
    for ex in ("06.1", "06.2"):
        hints = [next_hint(ex, reset=(k == 0)) for k in range(3)]
        assert hints[0].startswith("Hint 1/3") and "solutions/06_training_in_practice.ipynb" in hints[-1]
