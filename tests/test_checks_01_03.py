"""Exercise checks of notebooks 01-03: the right answer passes, each named mistake gets its own message.

Expected values are computed here from the exercise data (never copied from the check's output).
"""
import math

import numpy as np
import pytest

from nnteach.datasets.gates import gate_name
from nnteach.checks import (EXERCISE_01_1, EXERCISE_02_2, EXERCISE_03_1, check_derivatives, check_forward_pass,
                            check_nand_weights, check_state_and_activation, check_steepest, check_xor_weights, next_hint)


def sigma(s):
    return 1.0 / (1.0 + np.exp(-np.asarray(s, dtype=float)))


# -- 01.1: s and y by hand -------------------------------------------------------------------
(W1_, W2_), B_, (X1_, X2_) = EXERCISE_01_1["w"], EXERCISE_01_1["b"], EXERCISE_01_1["x"]
S = W1_ * X1_ + W2_ * X2_ + B_


def test_01_1_right_answer_even_rounded():
    fb = check_state_and_activation(round(S, 4), round(float(sigma(S)), 4))
    assert fb.ok and f"{float(sigma(S)):.4f}" in fb.message


@pytest.mark.parametrize("s, y, phrase", [
    (S - B_, sigma(S - B_), "forgot the bias"),
    (S, S, "used s instead of f(s)"),
    (S, math.tanh(S), "tanh"),
    (S, 1 / (1 + math.exp(S)), "e^(+s)"),
    (W1_ * X1_ - W2_ * X2_ + B_, 0.9, "sign of w2"),
    (W1_ * X2_ + W2_ * X1_ + B_, 0.5, "w1 goes with x1"),
])
def test_01_1_named_mistakes(s, y, phrase):
    fb = check_state_and_activation(s, float(y))
    assert not fb.ok and phrase in fb.message, fb.message


@pytest.mark.parametrize("s, y", [(float(sigma(S)), S), (round(float(sigma(S)), 4), S), (round(float(sigma(S)), 2), S)])
def test_01_1_swapped_s_and_y_is_named(s, y):
    fb = check_state_and_activation(s, y)                                  # e.g. (0.8176, 1.5)
    assert not fb.ok and "swapped s and y" in fb.message and "is not w1·x1" not in fb.message, fb.message


def test_01_1_rounded_too_early_says_rounded():
    fb = check_state_and_activation(S, round(float(sigma(S)), 2))          # y = 0.82 for 0.8176
    assert not fb.ok and "rounded too much" in fb.message and "is not σ(s)" not in fb.message, fb.message


@pytest.mark.parametrize("s, y, phrase", [
    ([S, S], 0.5, "one number"),
    (S, "0.8", "leave out the quotes"),
    (sigma, 0.5, "the function"),
    (S, ..., "fill in y"),
    (np.ones((2, 2)), 0.5, "one number"),
])
def test_01_1_malformed_answers_give_feedback_not_tracebacks(s, y, phrase):
    fb = check_state_and_activation(s, y)
    assert not fb.ok and phrase in fb.message and fb.exercise == "01.1", fb.message


def test_01_1_placeholder_and_nonsense_are_handled():
    assert "fill in" in check_state_and_activation(..., ...).message
    assert "fill in" in check_state_and_activation(None, 0.5).message
    assert "must be a number" in check_state_and_activation("one", 0.5).message
    assert "one number" in check_state_and_activation([1, 2], 0.5).message


# -- 01.2: NAND --------------------------------------------------------------------------------
@pytest.mark.parametrize("w1, w2, b", [(-1, -1, 1.5), (-10, -10, 15), (-2, -3, 4)])
def test_01_2_nand_weights_pass(w1, w2, b):
    assert check_nand_weights(w1, w2, b).ok


def test_01_2_and_weights_are_named_and():
    fb = check_nand_weights(1, 1, -1.5)
    assert not fb.ok and "compute AND, not NAND" in fb.message and "flip the signs" in fb.message


def test_01_2_or_weights_are_named_or():
    fb = check_nand_weights(1, 1, -0.5)
    assert not fb.ok and "compute OR, not NAND" in fb.message


def test_01_2_negative_bias_is_pointed_out():
    fb = check_nand_weights(-1, -1, -0.5)
    assert not fb.ok and "b must be positive" in fb.message


def test_01_2_bias_too_large_names_the_failing_pattern():
    fb = check_nand_weights(-1, -1, 3)
    assert not fb.ok and "always 1" in fb.message and "(1,1)" in fb.message


def test_01_2_pattern_on_the_line_is_undecided():
    fb = check_nand_weights(-1, -1, 1)
    assert not fb.ok and "undecided" in fb.message


def test_01_2_weak_weights_pass_with_a_tip():
    fb = check_nand_weights(-0.2, -0.2, 0.3)
    assert fb.ok and "tip" in fb.message


def test_01_2_placeholder():
    assert "fill in" in check_nand_weights(..., ..., ...).message


@pytest.mark.parametrize("w1, w2, b, phrase", [
    ([-1, -1], -1, 1.5, "one number"),
    ("-1", -1, 1.5, "leave out the quotes"),
    (-1, -1, abs, "the function"),
    (-1, ..., 1.5, "fill in w2"),
])
def test_01_2_malformed_answers_give_feedback_not_tracebacks(w1, w2, b, phrase):
    fb = check_nand_weights(w1, w2, b)
    assert not fb.ok and phrase in fb.message and fb.exercise == "01.2", fb.message


# -- 02.1: f' from y ---------------------------------------------------------------------------
def right_logistic(y):
    return y * (1 - y)


def right_tanh(y):
    return 1 - y ** 2


def test_02_1_right_functions_pass():
    assert check_derivatives(right_logistic, right_tanh).ok


def test_02_1_functions_are_also_tested_on_an_array():
    """The exercise promises "a number or a numpy array": number-only code gets a clear message."""
    fb = check_derivatives(lambda y: math.fsum([y, -y * y]), right_tanh)
    assert not fb.ok and "works for one number" in fb.message and "numpy array" in fb.message, fb.message
    fb = check_derivatives(right_logistic, lambda y: 1 - math.pow(y, 2))
    assert not fb.ok and "tanh_df works for one number" in fb.message, fb.message

    def branchy(y):
        if y < 2:
            return y * (1 - y)
        return 0.0
    fb = check_derivatives(branchy, right_tanh)
    assert not fb.ok and "works for one number" in fb.message and "no `if`" in fb.message, fb.message

    def collapses(y):                           # right for one number, one number for a whole array
        return float(np.sum(y * (1 - y))) if np.ndim(y) else y * (1 - y)
    fb = check_derivatives(collapses, right_tanh)
    assert not fb.ok and "one slope per value" in fb.message, fb.message


def test_02_1_list_result_is_named():
    fb = check_derivatives(lambda y: [y * (1 - y)], right_tanh)
    assert not fb.ok and "not a list" in fb.message and "float() argument" not in fb.message, fb.message
    fb = check_derivatives(right_logistic, lambda y: [1 - y ** 2])
    assert not fb.ok and "tanh_df" in fb.message and "not a list" in fb.message, fb.message


def test_02_1_rounded_results_say_rounded_not_a_right_value():
    fb = check_derivatives(lambda y: np.round(y * (1 - y), 2), right_tanh)     # 0.05 for 0.0475, …
    assert not fb.ok and "rounded too much" in fb.message, fb.message
    assert "yours gives 0.2500" not in fb.message and "should be" not in fb.message


def test_02_1_wrong_value_names_a_point_that_actually_fails():
    fb = check_derivatives(lambda y: 0.25 + 0 * y, right_tanh)      # right only at y = 0.5
    assert not fb.ok and "logistic_df(0.05) should be 0.0475; yours gives 0.2500" in fb.message, fb.message
    fb = check_derivatives(right_logistic, lambda y: 1 - y ** 2 + (y > 0.5))          # wrong only at y = 0.8
    assert not fb.ok and "tanh_df(0.8) should be 0.3600; yours gives 1.3600" in fb.message, fb.message


@pytest.mark.parametrize("logistic_df, tanh_df, phrase", [
    (right_tanh, right_tanh, "your f'(s) for logistic is 1 − y² (that's tanh)"),
    (right_logistic, right_logistic, "your f'(s) for tanh is y(1 − y)"),
    (lambda y: sigma(y) * (1 - sigma(y)), right_tanh, "through σ again"),
    (lambda y: 1 - y, right_tanh, "the factor y is missing"),
    (right_logistic, lambda y: 1 - np.tanh(y) ** 2, "through tanh again"),
    (right_logistic, lambda y: 1 - y, "square y"),
    (right_logistic, lambda y: (1 - y) ** 2, "only y is squared"),
    (right_logistic, lambda y: 1 + y ** 2, "1 + y²"),
    (lambda y: y, right_tanh, "logistic_df(0.05) should be 0.0475"),
    (right_logistic, lambda y: 2 * y, "tanh_df(-0.9) should be 0.1900"),
])
def test_02_1_named_mistakes(logistic_df, tanh_df, phrase):
    fb = check_derivatives(logistic_df, tanh_df)
    assert not fb.ok and phrase in fb.message, fb.message


def test_02_1_placeholder_errors_and_non_functions():
    def todo(y):
        return ...
    assert "fill in logistic_df" in check_derivatives(todo, todo).message
    assert "fill in tanh_df" in check_derivatives(right_logistic, todo).message
    assert "fill in logistic_df" in check_derivatives(None, right_tanh).message
    assert "must be a function" in check_derivatives(0.25, right_tanh).message
    assert "must be a function" in check_derivatives(right_logistic, "1 - y**2").message


def test_02_1_forgotten_return_is_named():
    def logistic_df(y):
        y * (1 - y)                     # no return: the function returns None
    fb = check_derivatives(logistic_df, right_tanh)
    assert not fb.ok and "returned None" in fb.message and "forget `return`" in fb.message, fb.message
    assert "logistic_df" in fb.message
    fb = check_derivatives(right_logistic, lambda y: None)
    assert not fb.ok and "returned None" in fb.message and "tanh_df" in fb.message


def test_02_1_function_returning_text_is_named():
    fb = check_derivatives(lambda y: "y*(1-y)", right_tanh)
    assert not fb.ok and "returned the text" in fb.message

    def broken(y):
        return undefined_name * y  # noqa: F821
    assert "raised NameError" in check_derivatives(broken, right_tanh).message


# -- 02.2: steepest point ----------------------------------------------------------------------
W, B = EXERCISE_02_2["w"], EXERCISE_02_2["b"]
X_STAR = -B / W


def numeric_slope(x, h=1e-6):
    return float((sigma(W * (x + h) + B) - sigma(W * (x - h) + B)) / (2 * h))


def test_02_2_right_answer_matches_the_steepest_numeric_slope():
    xs = np.linspace(-2, 5, 7001)
    slopes = np.array([numeric_slope(x) for x in xs])
    x_best = xs[np.argmax(slopes)]
    assert x_best == pytest.approx(X_STAR, abs=1e-3)
    assert check_steepest(x_best, round(slopes.max(), 4)).ok


@pytest.mark.parametrize("x, slope, phrase", [
    (X_STAR, 0.25, "chain-rule factor"),
    (X_STAR, 0.125, "multiplies"),
    (X_STAR, 1.0, "tanh"),
    (X_STAR, W, "you left out σ'(0) = "),
    (X_STAR, -0.5, "negative"),
    (X_STAR, -0.25, "negative"),
    (X_STAR, 0.3, "w · σ'(s)"),
    (-X_STAR, 0.5, "check the sign"),
    (-B, 0.5, "divide by the weight"),
    (0.0, 0.5, "where the *state*"),
    (1.0, 0.5, "the state is s = -1.00"),
])
def test_02_2_named_mistakes(x, slope, phrase):
    fb = check_steepest(x, slope)
    assert not fb.ok and phrase in fb.message, fb.message


@pytest.mark.parametrize("x, slope, phrase", [
    (X_STAR + 0.004, 0.5, "rounded too much"),
    (X_STAR, 0.497, "rounded too much"),
    ([1.5, 1.5], 0.5, "one number"),
    (X_STAR, "0.5", "leave out the quotes"),
    (X_STAR, numeric_slope, "the function"),
    (..., 0.5, "fill in x"),
])
def test_02_2_rounded_and_malformed_answers(x, slope, phrase):
    fb = check_steepest(x, slope)
    assert not fb.ok and phrase in fb.message and fb.exercise == "02.2", fb.message


# -- 03.1: forward pass ------------------------------------------------------------------------
P = {k: np.array(v, dtype=float) for k, v in EXERCISE_03_1.items()}


def forward(x=P["x"]):
    s_h = np.array([sum(P["W1"][j, i] * x[i] for i in range(2)) + P["b1"][j] for j in range(2)])
    y_h = sigma(s_h)
    s_o = sum(P["W2"][0, j] * y_h[j] for j in range(2)) + P["b2"][0]
    return s_h, y_h, s_o, float(sigma(s_o))


def test_03_1_uses_the_worked_example_weights():
    assert np.array_equal(P["W1"], [[0.5, -0.4], [0.3, 0.8]]) and np.array_equal(P["b2"], [0.05])


def test_03_1_right_answer_and_rounded_answer_pass():
    s_h, y_h, s_o, y_o = forward()
    assert check_forward_pass(s_h, y_h, s_o, y_o).ok
    assert check_forward_pass(np.round(s_h, 4), np.round(y_h, 4), round(s_o, 4), round(y_o, 4)).ok
    assert check_forward_pass(list(s_h), tuple(y_h), [s_o], np.array([y_o])).ok


def test_03_1_named_mistakes():
    s_h, y_h, s_o, y_o = forward()
    x, W1, b1, W2, b2 = P["x"], P["W1"], P["b1"], P["W2"], P["b2"]
    cases = [
        ((W1.T @ x + b1, y_h, s_o, y_o), "transposed"),
        ((W1 @ x, y_h, s_o, y_o), "forgot the bias"),
        ((s_h, s_h, s_o, y_o), "used s instead of f(s)"),
        ((s_h, np.tanh(s_h), s_o, y_o), "tanh"),
        ((s_h, y_h, (W2 @ s_h + b2)[0], y_o), "hidden *states*"),
        ((s_h, y_h, (W2 @ y_h)[0], y_o), "output unit's bias"),
        ((s_h, y_h, s_o, s_o), "y_o equals s_o"),
    ]
    for answer, phrase in cases:
        fb = check_forward_pass(*answer)
        assert not fb.ok and phrase in fb.message, (phrase, fb.message)


def test_03_1_section_2_input_is_named():
    s_h, y_h, s_o, y_o = forward(np.array([0.8, 0.2]))
    fb = check_forward_pass(s_h, y_h, s_o, y_o)
    assert not fb.ok and "x = (0.8, 0.2)" in fb.message and "new input x = (0, 1)" in fb.message, fb.message
    assert "is off" not in fb.message


def test_03_1_elementwise_product_is_named():
    s_h, y_h, s_o, y_o = forward()
    x, W1, b1 = P["x"], P["W1"], P["b1"]
    for wrong in (W1 * x + b1, W1 * x, (W1 * x).sum(axis=0) + b1, np.diag(W1) * x + b1):
        fb = check_forward_pass(wrong, y_h, s_o, y_o)
        assert not fb.ok and "element by element" in fb.message and "W1 @ x" in fb.message, fb.message
        assert "is off" not in fb.message


def test_03_1_wrong_sizes_and_placeholder():
    s_h, y_h, s_o, y_o = forward()
    assert "2 values" in check_forward_pass([1.0], y_h, s_o, y_o).message
    assert "fill in" in check_forward_pass(..., ..., ..., ...).message
    assert "1 value" in check_forward_pass(s_h, y_h, [s_o, s_o], y_o).message
    assert "leave out the quotes" in check_forward_pass(s_h, "0.4, 0.6", s_o, y_o).message
    assert "the function" in check_forward_pass(s_h, y_h, s_o, sigma).message
    assert "fill in y_o" in check_forward_pass(s_h, y_h, s_o, ...).message


def test_03_1_y_h_to_two_decimals_says_rounded():
    s_h, y_h, s_o, y_o = forward()
    fb = check_forward_pass(s_h, np.round(y_h, 2), s_o, y_o)
    assert not fb.ok and "rounded too much" in fb.message and "is not σ" not in fb.message, fb.message
    fb = check_forward_pass(s_h, y_h, s_o, y_o + 0.004)                  # e.g. 0.494 for 0.4901
    assert not fb.ok and "rounded too much" in fb.message, fb.message


# -- 03.2: XOR weights -------------------------------------------------------------------------
OR_NAND = ([[5, 5], [-5, -5]], [-2.5, 7.5], [[5, 5]], [-7.5])          # the exercise's answer
OR_AND = ([[5, 5], [5, 5]], [-2.5, -7.5], [[5, -5]], [-2.5])           # section 4's solution


def test_03_2_or_nand_solutions_pass_in_either_order():
    assert check_xor_weights(*OR_NAND).ok
    assert check_xor_weights([[20, 20], [-20, -20]], [-10, 30], [20, 20], -30).ok
    fb = check_xor_weights([[-5, -5], [5, 5]], [7.5, -2.5], [[5, 5]], [-7.5])            # h1 = NAND, h2 = OR
    assert fb.ok and "other order" in fb.message


def test_03_2_section_4_solution_is_not_accepted_and_is_named():
    fb = check_xor_weights(*OR_AND)
    assert not fb.ok and "section 4's solution" in fb.message and "NAND" in fb.message, fb.message
    fb = check_xor_weights([[5, 5], [5, 5]], [-7.5, -2.5], [[-5, 5]], [-2.5])           # AND, OR swapped
    assert not fb.ok and "section 4's solution" in fb.message


def test_03_2_other_xor_solutions_ask_for_or_and_nand():
    # h1 = x1 AND NOT x2, h2 = x2 AND NOT x1, output OR: XOR, but not the hidden layer asked for
    fb = check_xor_weights([[5, -5], [-5, 5]], [-2.5, -2.5], [[5, 5]], [-2.5])
    assert not fb.ok and "that is XOR, but with" in fb.message and "h1 = OR and h2 = NAND" in fb.message


def test_03_2_same_hidden_line_is_named():
    fb = check_xor_weights([[5, 5], [10, 10]], [-2.5, -5], [[5, -5]], [-2.5])
    assert not fb.ok and "same line" in fb.message and "OR and h2 a NAND" in fb.message


def test_03_2_or_nand_hidden_units_with_wrong_output_get_and_advice():
    fb = check_xor_weights(OR_NAND[0], OR_NAND[1], [[5, 5]], [-2.5])                      # output = OR
    assert not fb.ok and "hidden units are right" in fb.message and "computes always 1" in fb.message
    assert "make the output h1 AND h2" in fb.message and "AND unit is off" not in fb.message


def test_03_2_output_function_of_the_hidden_units_is_described_correctly():
    # h1 = OR, h2 = NAND with section 4's output unit (5, −5, −2.5): h1 AND NOT h2, which is x1 AND x2 overall
    fb = check_xor_weights(OR_NAND[0], OR_NAND[1], [[5, -5]], [-2.5])
    assert not fb.ok and "output unit computes h1 AND NOT h2" in fb.message, fb.message
    assert "network computes x1 AND x2" in fb.message and "make the output h1 AND h2" in fb.message
    assert "computes AND from them" not in fb.message


def test_03_2_or_nand_with_weak_hidden_units_asks_for_larger_weights():
    fb = check_xor_weights([[1, 1], [-1, -1]], [-0.5, 1.5], [[5, 5]], [-7.5])
    assert not fb.ok and "not close enough to 0 and 1" in fb.message and "larger" in fb.message, fb.message


def test_03_2_transposed_w1_is_named():
    fb = check_xor_weights(np.array(OR_NAND[0]).T, *OR_NAND[1:])           # [[5, −5], [5, −5]]
    assert not fb.ok and "W1 looks transposed" in fb.message and "to × from" in fb.message, fb.message


def test_03_2_advice_after_a_sentence_starts_with_a_capital():
    fb = check_xor_weights([[5, 5], [0, 5]], [-2.5, 10], [[5, 5]], [-7.5])               # h2 always 1
    assert not fb.ok and "h2 = always 1. Make h2 a NAND" in fb.message, fb.message
    assert ". make" not in fb.message


def test_03_2_xnor_output_is_named_as_a_gate_not_bits():
    fb = check_xor_weights(OR_NAND[0], OR_NAND[1], [[-5, -5]], [7.5])
    assert not fb.ok and "computes XNOR" in fb.message and "1001" not in fb.message, fb.message


def test_03_2_or_and_hidden_units_with_wrong_output_are_sent_to_nand():
    fb = check_xor_weights(OR_AND[0], OR_AND[1], [[5, 5]], [-2.5])
    assert not fb.ok and "section 4's" in fb.message and "h2 = NAND" in fb.message
    assert "Try one hidden unit as OR and one as AND" not in fb.message


def test_03_2_one_wrong_hidden_unit_is_named():
    fb = check_xor_weights([[5, 5], [5, 5]], [-2.5, 7.5], [[5, 5]], [-7.5])               # h2 always on
    assert not fb.ok and "Make h2 a NAND" in fb.message, fb.message


def test_03_2_constant_hidden_unit_is_named():
    fb = check_xor_weights([[5, 5], [0, 0]], [-2.5, 1.0], [[5, -5]], [-2.5])
    assert not fb.ok and "h2 has no weights" in fb.message


def test_03_2_shapes_are_explained():
    fb = check_xor_weights([[5, 5, 5], [5, 5, 5]], [0, 0], [[1, 1]], [0])
    assert not fb.ok and "to × from" in fb.message
    assert "fill in" in check_xor_weights(None, None, None, None).message
    assert "leave out the quotes" in check_xor_weights("[[5, 5], [-5, -5]]", *OR_NAND[1:]).message
    assert "the function" in check_xor_weights(*OR_NAND[:3], print).message
    assert "fill in b1" in check_xor_weights(OR_NAND[0], ..., *OR_NAND[2:]).message
    assert "shape (2,)" in check_xor_weights(OR_NAND[0], [1, 2, 3], *OR_NAND[2:]).message


def test_03_2_checks_agree_with_a_perceptron():
    from nnteach import Perceptron
    from nnteach.datasets import xor
    rng = np.random.default_rng(3)
    X, T = xor()
    for _ in range(50):
        W1, b1, W2, b2 = rng.normal(0, 6, (2, 2)), rng.normal(0, 6, 2), rng.normal(0, 6, (1, 2)), rng.normal(0, 6, 1)
        net = Perceptron(2, 2, 1)
        net.params.update(W1=W1, b1=b1, W2=W2, b2=b2)
        solved = bool(np.all((net.forward(X) > 0.5) == (T == 1)))
        hidden = {gate_name((X @ W1[k] + b1[k] > 0).astype(int)) for k in range(2)}
        assert check_xor_weights(W1, b1, W2, b2).ok == (solved and hidden == {"OR", "NAND"})


# -- hints -------------------------------------------------------------------------------------
@pytest.mark.parametrize("exercise", ["01.1", "01.2", "02.1", "02.2", "03.1", "03.2"])
def test_hints_get_stronger_and_the_last_names_the_solution(exercise):
    texts = [next_hint(exercise, reset=(k == 0)) for k in range(3)]     # from the first hint
    assert len(set(texts)) == 3
    assert "solution" in texts[-1]


def test_03_2_hints_lead_to_or_and_nand_not_section_4():
    texts = [next_hint("03.2", reset=(k == 0)) for k in range(3)]
    assert all("NAND" in h for h in texts[1:])
    assert "5, 5], [5, 5]" not in texts[2] and "−5, −5" in texts[2]
