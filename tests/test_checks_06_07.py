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


def _independent_spirals_run(rate):
    """The run the 06.1 check describes, built here from train() with the documented settings."""
    import nnteach
    from nnteach.datasets import two_spirals
    X, T = two_spirals(n=150, noise=0.05, turns=1.5, seed=0)
    net = nnteach.Perceptron(2, 16, 16, 1, activation="tanh", output_activation="logistic", seed=1, init="xavier")
    return nnteach.train(net, (X, T), rate=rate, iterations=300, error=0.02, batch_size=10, cost="cross_entropy",
                         shuffle=True, seed=1)


def test_the_solution_schedule_solves_the_spirals():
    rate = lambda epoch: 2.0 * 0.99 ** epoch
    result = _independent_spirals_run(rate)
    assert result.stopped == "error" and result.error <= 0.02
    fb = check_schedule(rate)
    assert fb and says(fb, "solved", f"at epoch {result.epochs}", "(function)")
    fb = check_schedule([1.5, 0.7])
    assert fb and says(fb, "(list)")


@pytest.mark.parametrize("rate, outcome, words", [
    (0.05, "too slow", "larger rates get there sooner"),
    (0.01, "plateaued", "a larger rate early on can jump off it"),
    (20.0, "diverged", "the units saturate"),
])
def test_constant_rates_that_fail_say_what_happened(rate, outcome, words):
    fb = check_schedule(rate)
    assert not fb and fb.details["verdict"].outcome == outcome and says(fb, words, "(constant rate)")


def test_a_rate_a_little_too_large_is_refused_as_overshooting():
    """Between 'solves' and 'saturates' a run is chaotic: rounding decides between its two failures (the
    unstable curve of describe_run, tested above on a made-up history, or saturation), never a pass."""
    fb = check_schedule(3.0)
    assert not fb and fb.details["verdict"].outcome in ("unstable", "diverged")


@pytest.mark.parametrize("rate, outcomes", [
    (0.2, ("too slow",)), (0.4, ("too slow",)),           # the hint: 0.4 and less are too slow
    (0.7, ("unstable",)),                                 # from 0.5 the error spikes up now and then
    (2.2, ("unstable",)), (2.6, ("unstable",)),           # from about 1.9 the steps overshoot for good
    (5.0, ("diverged",)), (10.0, ("diverged",)),          # from about 3.5 the units saturate
])
def test_the_bands_of_constant_rates_the_hint_describes(rate, outcomes):
    """Hint 2 of 06.1 names bands of constant rates; a rate well inside each band does what it says.
    The outcome is read here from an independent train() run with describe_run's documented rules."""
    result = _independent_spirals_run(rate)
    h = np.asarray(result.history)
    if h[-1] >= 0.45:
        seen = "diverged"
    elif np.max(h[-100:] - np.minimum.accumulate(h)[-100:]) > 0.05:
        seen = "unstable"
    else:
        seen = "too slow" if (h[210] - h[-1]) / h[210] > 0.01 else "plateaued"
    assert result.epochs == 300 and seen in outcomes
    assert check_schedule(rate).details["verdict"].outcome == seen


def test_some_constant_rates_between_1_and_1_8_solve():
    """Hint 2 and the solution say so: constant rates in 1 … 1.8 solve now and then (luck decides which)."""
    solved = [r for r in (1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8) if _independent_spirals_run(r).stopped == "error"]
    assert 2 <= len(solved) < 9, solved


def test_a_constant_rate_that_solves_is_accepted_and_a_schedule_suggested():
    fb = check_schedule(1.0)
    assert fb and says(fb, "A constant rate can do it; does a schedule")


def test_the_run_is_the_documented_one():
    """The check's run: SPIRALS as documented, and an independent train() with the same settings agrees."""
    rate = lambda epoch: 2.0 * 0.99 ** epoch
    result = _independent_spirals_run(rate)
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
    (lambda a, b, c: 1.0, "a function of 3 required arguments"),
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


def test_hint_06_2_names_the_equation_where_f_prime_cancels():
    # notebook 06 shows the cancellation in Eq. (6.5); (5.3) is only the cross-entropy's definition
    first = next_hint("06.2", reset=True)
    assert "Eq. (6.5)" in first and "(5.3)" not in first


# -- 07.1 the error factor after q steps --------------------------------------------------------------
def _exercise_07_1():
    """The neuron of 07.1 by a plain loop: s(t) = 1.5 σ(s(t−1)) + x(t) from s(0) = 0."""
    s = [0.0]
    for x in (0.5, -1.0, 2.0, 0.0):
        s.append(1.5 * sig(s[-1]) + x)
    y = [sig(v) for v in s]
    return s, y, [v * (1 - v) for v in y]


S7, Y7, FP7 = _exercise_07_1()
W7 = 1.5
RIGHT_7_1 = (W7 * FP7[3]) * (W7 * FP7[2]) * (W7 * FP7[1])


def test_error_factor_right_answer_and_the_package_agree():
    from nnteach.checks import exercise_neuron
    from nnteach.checks.nb07 import check_error_factor
    neuron, trace = exercise_neuron()
    assert np.allclose(trace.s, S7[1:]) and trace.error_factors(4)[3] == pytest.approx(RIGHT_7_1, rel=1e-12)
    fb = check_error_factor(RIGHT_7_1)
    assert fb and says(fb, "= 0.0078", "keeps 0.8% of its size three steps back")


@pytest.mark.parametrize("answer, words", [
    (W7 ** 3, "you left out f'"),
    ((W7 * 0.25) ** 3, "you used f'(0) = 0.25"),
    (W7 ** 2 * FP7[3] * FP7[2], "two factors, for q − 1 = 2 steps"),
    (W7 ** 2 * FP7[2] * FP7[1], "two factors, for q − 1 = 2 steps"),
    (W7 ** 4 * FP7[3] * FP7[2] * FP7[1] * FP7[0], "four factors, for q + 1 steps"),
    (W7 ** 3 * FP7[4] * FP7[3] * FP7[2], "one step late"),
    (FP7[3] * FP7[2] * FP7[1], "you left out the self-weight w"),
    (W7 ** 3 * S7[3] * (1 - S7[3]) * S7[2] * (1 - S7[2]) * S7[1] * (1 - S7[1]), "not from the state"),
    (W7 ** 3 * Y7[3] * Y7[2] * Y7[1], "you multiplied by the activations y"),
    (W7 * (FP7[3] + FP7[2] + FP7[1]), "you added the factors"),
    (-RIGHT_7_1, "the sign is reversed"),
    (-(W7 ** 3), "mind the sign"),
    (0.008, ROUNDED),
    (0.5, "is not w f'(s(3)) · w f'(s(2)) · w f'(s(1))"),
])
def test_error_factor_mistakes_are_named(answer, words):
    from nnteach.checks.nb07 import check_error_factor
    fb = check_error_factor(answer)
    assert not fb and words in fb.message, fb.message


def test_error_factor_malformed():
    from nnteach.checks.nb07 import check_error_factor
    for answer, words in ((..., "replace the ..."), ("0.0078", "leave out the quotes"), ([0.1, 0.2], "one number"),
                          (float("nan"), "nan or inf"), (sig, "the function 'sig'"), (True, "not True")):
        fb = check_error_factor(answer)
        assert not fb and words in fb.message, fb.message


# -- 07.2 when it explodes --------------------------------------------------------------------------
def test_explosion_right_answer():
    from nnteach.checks.nb07 import check_explosion
    assert 1.1 ** 48 < 100 < 1.1 ** 49
    fb = check_explosion(4, 49)
    assert fb and says(fb, "1.1^48 = 97.0 < 100 < 1.1^49 = 106.7")
    assert check_explosion(4.0, 49.0) and check_explosion(1 / 0.25, np.int64(49))


@pytest.mark.parametrize("w, q, words", [
    (1, 49, "w_threshold = 1 forgets the slope"),
    (0.25, 49, "is f'(0) itself"),
    (2, 49, "at 0 is 0.25 (not 0.5)"),
    (16, 49, "not w·f'(0)²"),
    (-4, 49, "asks for the positive weight"),
    (5, 49, "the threshold is lower"),
    (3, 49, "the error still fades"),
    (0, 49, "w_threshold = 0"),
    (4, 48, "one step short"),
    (4, math.log(100) / math.log(1.1), "not a whole number of steps"),
    (4, 48.5, "not a whole number of steps"),
    (4, 49.0000001, "not a whole number of steps"),
    (4, 12.5, "not a whole number of steps"),
    (4, 1e308, "passed 100 long before"),
    (4, 50, "passed 100 one step earlier"),
    (4, 91, "linear"),
    (4, 21, "mixes logarithms"),
    (4, 7, "find the first whole q"),
])
def test_explosion_mistakes_are_named(w, q, words):
    from nnteach.checks.nb07 import check_explosion
    fb = check_explosion(w, q)
    assert not fb and words in fb.message, fb.message
    if w == 4:
        assert fb.message.startswith("w_threshold is right; ")
    elif q == 49:
        assert fb.message.startswith("q_100 is right; ")


def test_explosion_both_wrong_and_malformed():
    from nnteach.checks.nb07 import check_explosion
    fb = check_explosion(1, 48)
    assert says(fb, "forgets the slope", "; q_100 = 48 is one step short")
    for args, words in (((..., 49), "fill in w_threshold"), ((4, ...), "fill in q_100"), (("4", 49), "quotes"),
                        ((4, [48, 49]), "one number"), ((4, float("inf")), "nan or inf"),
                        ((4, True), "q_100 must be a number, not True"), ((False, 49), "not False")):
        fb = check_explosion(*args)
        assert not fb and words in fb.message, fb.message


def test_hint_07_1_code_runs_in_the_exercise_cell():
    # the last hint's line is meant to be typed into the exercise cell: every name it uses must exist
    # there (it used a bare w, which the notebook never defines: NameError)
    import re

    from nnteach.checks import check_error_factor, exercise_neuron
    last = [next_hint("07.1", reset=(k == 0)) for k in range(3)][-1]
    code = re.search(r"(factor = .*?\)\)),", last).group(1)
    neuron, trace = exercise_neuron()
    s = np.concatenate([[0.0], trace.s])
    namespace = {"np": np, "neuron": neuron, "trace07": trace, "s": s, "y": 1 / (1 + np.exp(-s))}
    exec(code, namespace)
    assert check_error_factor(namespace["factor"])


def test_hints_of_07_are_graded_and_end_with_the_solutions_edition():
    for ex in ("07.1", "07.2"):
        hints = [next_hint(ex, reset=(k == 0)) for k in range(3)]
        assert hints[0].startswith("Hint 1/3") and "solutions/07_recurrent_networks.ipynb" in hints[-1]
