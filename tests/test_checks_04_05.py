"""Exercise checks of notebooks 04 and 05: the right answer passes, each named mistake is named.

Right answers and mistakes are computed here from the worked example (math.md §9.1) by hand (plain floats), not
taken from the checks.
"""
import math

import numpy as np
import pytest

from nnteach.checks import (check_analytic_slope, check_backward, check_hidden_delta, check_numeric_slope,
                            check_output_delta, check_rates, check_weight_update)
from nnteach.checks.feedback import next_hint


def sig(s):
    return 1.0 / (1.0 + math.exp(-s))


Y_H1, Y_H2 = sig(0.42), sig(0.2)
S_O = 0.7 * Y_H1 - 0.6 * Y_H2 + 0.05
Y_O = sig(S_O)
FP_O, FP_H1 = Y_O * (1 - Y_O), Y_H1 * (1 - Y_H1)
D_O = (1 - Y_O) * FP_O
SLOPE = -D_O * Y_H1


def E(w):
    return 0.5 * (1 - sig(w * Y_H1 - 0.6 * Y_H2 + 0.05)) ** 2


def says(feedback, *words):
    text = str(feedback)
    return all(w in text for w in words)


# -- 04.1 numeric slope ---------------------------------------------------------------------------
def test_numeric_slope_right_answer_and_rounded_answer():
    h = 1e-4
    assert check_numeric_slope((E(0.7 + h) - E(0.7 - h)) / (2 * h))
    assert check_numeric_slope(-0.0697)


def test_numeric_slope_mistakes():
    h = 1e-4
    assert says(check_numeric_slope((E(0.7 - h) - E(0.7 + h)) / (2 * h)), "sign is reversed")
    assert says(check_numeric_slope((E(0.7 + h) - E(0.7 - h)) / h), "divide by 2h")
    assert says(check_numeric_slope(E(0.7)), "the error E itself")
    assert not check_numeric_slope(0.5)


def test_numeric_slope_bracket_mistakes_are_named():
    for h in (1e-4, 1e-3):
        fb = check_numeric_slope(E(0.7 + h) - E(0.7 - h) / (2 * h))        # missing brackets: ≈ −539
        assert says(fb, "brackets", "only E(w − h) was divided")
        fb = check_numeric_slope((E(0.7 + h) - E(0.7 - h)) / 2 * h)        # / 2 * h: ≈ −7e-10
        assert says(fb, "multiplied", "/ (2 * h)") and "0.0000" not in str(fb)
        assert says(check_numeric_slope(E(0.7 + h) - E(0.7 - h)), "forgot to divide by 2h")


def test_rounded_too_early_says_so():
    from nnteach.checks.feedback import ROUNDED
    assert says(check_numeric_slope(-0.07), ROUNDED)
    assert says(check_analytic_slope(-0.07), ROUNDED)
    assert says(check_output_delta(0.116), ROUNDED) and says(check_output_delta(0.12), ROUNDED)
    assert says(check_hidden_delta(0.019), ROUNDED)
    assert says(check_weight_update((0.73, -0.57)), ROUNDED)
    assert check_numeric_slope(-0.0697) and check_output_delta(0.1155) and check_weight_update((0.7349, -0.5682))
    assert not says(check_numeric_slope(-0.06), ROUNDED)                # wrong, not rounded


def test_malformed_answers_give_feedback_not_tracebacks():
    def E_of(w):
        return w
    cases = [(check_numeric_slope, (E_of,), "the function 'E_of'"),
             (check_numeric_slope, ("-0.0697",), "leave out the quotes"),
             (check_analytic_slope, ([1.0, 2.0],), "one number"),
             (check_output_delta, ("x",), "not the text 'x'"),
             (check_hidden_delta, ({"a": 1},), "must be a number"),
             (check_weight_update, ("0.7349, -0.5682",), "leave out the quotes"),
             (check_weight_update, (None,), "replace the ..."),
             (check_rates, ("fast", 2.5), "`converging` must be a number, not the text 'fast'"),
             (check_rates, (0.9, [2.5, 3.0]), "`diverging` must be one number"),
             (check_rates, (0.9, 0), "must be a number > 0")]
    for check, args, words in cases:
        fb = check(*args)
        assert not fb and words in fb.message, (check.__name__, args, fb.message)


def test_messages_never_print_minus_zero():
    for v in (-1e-9, -4e-5):
        for check in (check_numeric_slope, check_analytic_slope, check_output_delta, check_hidden_delta):
            assert "-0.0000" not in str(check(v)) and "−0.0000" not in str(check(v))


def test_placeholders_are_handled():
    for check in (check_numeric_slope, check_analytic_slope, check_output_delta, check_hidden_delta,
                  check_weight_update):
        fb = check(...)
        assert not fb and "replace the ..." in fb.message
    assert "replace the ..." in check_rates(..., 2.5).message
    assert "pass your function" in check_backward(...).message


# -- 04.2 analytic slope --------------------------------------------------------------------------
def test_analytic_slope_right_and_mistakes():
    assert check_analytic_slope(SLOPE)
    assert says(check_analytic_slope(-SLOPE), "sign is reversed")
    assert says(check_analytic_slope(-(1 - Y_O) * Y_H1), "missing the factor f'(s_o)")
    assert says(check_analytic_slope(-(1 - Y_O) * FP_O * 0.8), "input x1 instead of the hidden activation")
    assert says(check_analytic_slope(-(1 - Y_O) * FP_O), "left out y_h1")
    assert says(check_analytic_slope(-(1 - Y_O) * S_O * (1 - S_O) * Y_H1),
                "f' must be computed from the output y_o, not the state s_o")
    assert says(check_analytic_slope(-2 * (1 - Y_O) * FP_O * Y_H1), "½ cancels the 2")
    assert says(check_analytic_slope(-(1 - Y_O) * FP_O * Y_H2), "you used y_h2")
    assert says(check_analytic_slope(-(1 - Y_O) * FP_O * 0.7), "weight w_oh1 = 0.7")
    assert says(check_analytic_slope((1 - Y_O) * FP_O * Y_H2), "you used y_h2", "mind the sign")


# -- 04.3 rates -------------------------------------------------------------------------------------
def test_rates_right_answer():
    fb = check_rates(0.9, 2.5)
    assert fb and "ε = 0.9 converges: E ≤ 0.001 at step 8" in fb.message
    assert "ε = 2.5 diverges: at step 3 E is more than 10× its start value" in fb.message


def test_rates_one_definition_of_diverging():
    # "diverges" = E climbs above 10× its start within the 40 steps, as in the notebook and the player.
    fb = check_rates(0.9, 2.01)
    assert not fb and says(fb, "ε = 2.01 does not diverge within 40 steps", "(2.2× its start)",
                           "not above 10× its start", "pick one that diverges within the 40 steps",
                           "would diverge eventually")
    assert "diverges slowly" not in fb.message
    assert check_rates(0.9, 2.03)


def test_rates_huge_numbers_in_the_power_of_ten_format():
    fb = check_rates(0.9, 1e6)
    assert fb and "7.41×10¹²" in fb.message and "7407285971611" not in fb.message


def test_rates_named_mistakes():
    assert says(check_rates(0.9, 1.5), "ε = 1.5 zig-zags across the valley but converges",
                "for `diverging` pick one that diverges")
    assert says(check_rates(0.9, 2.0), "ε = 2 does not diverge", "for `diverging` pick one that diverges")
    assert "converges" not in check_rates(0.9, 2.0).message.split(";")[0].replace("ε = 0.9", "")
    assert says(check_rates(2.5, 2.5), "ε = 2.5 diverges", "pick a smaller rate")
    assert says(check_rates(0.01, 2.5), "too slow", "pick a larger rate")
    assert says(check_rates(1.95, 2.5), "zig-zags without settling", "pick a smaller rate")
    assert says(check_rates(1.9, 2.5), "does not diverge", "not yet E ≤ 0.001")
    assert says(check_rates(-1, 2.5), "must be a number > 0")


# -- 05.1 deltas ------------------------------------------------------------------------------------
def test_output_delta_right_and_mistakes():
    assert check_output_delta(D_O) and check_output_delta(0.1155)
    assert says(check_output_delta(1 - Y_O), "missing the factor f'(s_o)")
    assert says(check_output_delta(0.5 * D_O), "that is ε·δ_o")
    assert says(check_output_delta(0.5 * (1 - Y_O) ** 2), "that is the error E")
    assert says(check_output_delta(D_O * Y_H1), "that is δ_o·y_h1")
    assert says(check_output_delta((1 - Y_O) * S_O * (1 - S_O)), "f' must be computed from the output y_o")
    assert says(check_output_delta(2 * D_O), "½ cancels the 2")
    assert check_output_delta(D_O).exercise == "05.1a"
    assert says(check_output_delta(-D_O), "sign is reversed")
    assert check_output_delta(1 - Y_O, cost="cross_entropy")
    assert says(check_output_delta(D_O, cost="cross_entropy"), "MSE delta")


def test_hidden_delta_right_and_mistakes():
    right = FP_H1 * D_O * 0.7
    assert check_hidden_delta(right) and check_hidden_delta(0.0193)
    assert says(check_hidden_delta(D_O * 0.7), "missing the factor f'(s_h1)")
    assert says(check_hidden_delta(FP_O * D_O * 0.7), "output's f'(s_o)")
    assert says(check_hidden_delta(FP_H1 * D_O), "forgot the weight w_oh1")
    assert says(check_hidden_delta(FP_H1 * D_O * -0.6), "weight of h2")
    assert says(check_hidden_delta(-right), "sign is reversed")
    assert says(check_hidden_delta(0.42 * 0.58 * D_O * 0.7), "f' must be computed from the activation y_h1")
    assert says(check_hidden_delta(Y_H2 * (1 - Y_H2) * D_O * -0.6), "that is δ_h2")
    assert check_hidden_delta(right).exercise == "05.1b"


# -- 05.2 update ------------------------------------------------------------------------------------
def test_weight_update_right_and_mistakes():
    w, y_h, x = np.array([0.7, -0.6]), np.array([Y_H1, Y_H2]), np.array([0.8, 0.2])
    assert check_weight_update(w + 0.5 * D_O * y_h)
    assert check_weight_update([0.7349, -0.5682])                       # math.md §9.1 (a)
    assert says(check_weight_update(w - 0.5 * D_O * y_h), "sign of the update is reversed")
    assert says(check_weight_update(w + 0.5 * D_O * x), "input x_i instead of the hidden activation y_i")
    assert says(check_weight_update(w + D_O * y_h), "forgot the learning rate")
    assert says(check_weight_update(w + 0.5 * (1 - Y_O) * y_h), "cross-entropy delta")
    assert says(check_weight_update([1, 2, 3]), "must hold 2 numbers")
    assert says(check_weight_update(w + 0.5 * D_O * y_h[::-1]), "you swapped them")
    assert says(check_weight_update((w + 0.5 * D_O * y_h)[::-1]), "wrong order")
    s_fp = (1 - Y_O) * S_O * (1 - S_O)
    assert says(check_weight_update(w + 0.5 * s_fp * y_h), "f' from the state s_o")
    assert says(check_weight_update(w + 0.25 * D_O * y_h), "ε appears twice")
    assert says(check_weight_update(w + 0.5 * D_O), "left out the activations")


# -- 05.3 backward + gradcheck --------------------------------------------------------------------
def make_backward(out_fprime=True, hidden_fprime=True, carried="y_h", sign=-1.0):
    def backward(params, x, t):
        y_h = 1 / (1 + np.exp(-(params["W1"] @ x + params["b1"])))
        y_o = 1 / (1 + np.exp(-(params["W2"] @ y_h + params["b2"])))
        d_o = (t - y_o) * (y_o * (1 - y_o) if out_fprime else 1.0)
        back = params["W2"].T @ d_o
        d_h = back * (y_h * (1 - y_h) if hidden_fprime else 1.0)
        c = y_h if carried == "y_h" else x
        return {"W1": sign * np.outer(d_h, x), "b1": sign * d_h, "W2": sign * np.outer(d_o, c), "b2": sign * d_o}
    return backward


def test_backward_right_answer_prints_per_parameter_verdicts():
    fb = check_backward(make_backward())
    assert fb
    for name in ("W1", "b1", "W2", "b2"):
        assert name in fb.message
    assert fb.message.count("correct") >= 4


def test_backward_named_mistakes():
    assert says(check_backward(make_backward(sign=+1.0)), "sign is reversed")
    assert says(check_backward(make_backward(out_fprime=False)), "output δ is missing the factor f'(s_o)")
    assert says(check_backward(make_backward(hidden_fprime=False)), "hidden δ is missing the factor f'(s_h)",
                "wrong: W1, b1")
    assert says(check_backward(make_backward(carried="x")), "input x_i instead of the hidden activation y_i")


def test_backward_broken_functions_do_not_crash():
    assert says(check_backward(lambda p, x, t: None), "returned nothing")
    assert says(check_backward(lambda p, x, t: 1 / 0), "raised ZeroDivisionError")
    assert says(check_backward(lambda p, x, t: {"W1": 0}), "keys W1, b1, W2, b2")
    bad_shape = lambda p, x, t: {k: np.zeros(3) for k in ("W1", "b1", "W2", "b2")}   # noqa: E731
    assert says(check_backward(bad_shape), "has shape (3,)")


def test_backward_more_named_mistakes():
    def variant(kind):
        def backward(params, x, t):
            g = make_backward()(params, x, t)
            y_h = 1 / (1 + np.exp(-(params["W1"] @ x + params["b1"])))
            d_h = -g["b1"]
            if kind == "transposed":
                g["W1"] = -np.outer(x, d_h)
            elif kind == "hidden for W1":
                g["W1"] = -np.outer(d_h, y_h)
            elif kind == "factor 2":
                g = {k: 2 * v for k, v in g.items()}
            elif kind == "no bias":
                g["b1"], g["b2"] = np.zeros(2), np.zeros(1)
            return g
        return backward
    assert says(check_backward(variant("transposed")), "W1 looks transposed", "outer(δ_h, x)", "to × from")
    assert says(check_backward(variant("hidden for W1")), "for W1 use the inputs x")
    assert says(check_backward(variant("factor 2")), "twice too large everywhere")
    fb = check_backward(variant("no bias"))
    assert says(fb, "bias gradients are zero (missing)", "missing: your gradient is all zeros")
    assert "sign reversed" not in fb.message


def test_backward_verdicts_say_dE_not_dL():
    fb = check_backward(make_backward(sign=+1.0))
    assert "∂E/∂θ" in fb.message and "∂L" not in fb.message
    assert not check_backward(None) and not check_backward("backward")


def test_backward_unrecognised_mistake_names_the_wrong_parameters():
    def off(params, x, t):
        g = make_backward()(params, x, t)
        g["b2"] = g["b2"] * 1.5
        return g
    assert says(check_backward(off), "gradients of b2 disagree")


@pytest.mark.parametrize("exercise", ["04.1", "04.2", "04.3", "05.1a", "05.1b", "05.2", "05.3"])
def test_hints_are_graded_and_end_at_the_solution(exercise):
    texts = [next_hint(exercise) for _ in range(4)]
    assert len(set(texts[:3])) == 3
    notebook = "04_error_and_gradient_descent" if exercise.startswith("04") else "05_backpropagation"
    assert f"solutions edition: solutions/{notebook}.ipynb" in texts[-1]


# -- second learner review -------------------------------------------------------------------------------
def test_numeric_slope_one_sided_difference_is_accepted_with_a_note():
    h = 1e-4
    forward = check_numeric_slope((E(0.7 + h) - E(0.7)) / h)
    assert forward and says(forward, "one-sided difference (E(w + h) − E(w))/h", "not Eq. (4.3)'s central one",
                            "less accurate")
    backward = check_numeric_slope((E(0.7) - E(0.7 - h)) / h)
    assert backward and says(backward, "one-sided difference (E(w) − E(w − h))/h")
    central = check_numeric_slope((E(0.7 + h) - E(0.7 - h)) / (2 * h))
    assert central and "one-sided" not in central.message


def test_analytic_slope_from_rounded_inputs_is_called_rounded():
    fb = check_analytic_slope(-(1 - 0.54) * 0.54 * (1 - 0.54) * 0.60)       # −0.0686: y_o, y_h1 to 2 decimals
    assert not fb and says(fb, "rounded too much")


def test_analytic_slope_sigma_applied_twice_is_named():
    fp_twice = sig(Y_O) * (1 - sig(Y_O))                                   # "put y through σ again"
    fb = check_analytic_slope(-(1 - Y_O) * fp_twice * Y_H1)
    assert not fb and says(fb, "you put y_o through σ again", "y_o * (1 - y_o)")


def test_hidden_delta_with_h2_slope_is_named():
    fp_h2 = Y_H2 * (1 - Y_H2)
    fb = check_hidden_delta(fp_h2 * D_O * 0.7)
    assert not fb and says(fb, "you used h2's slope f'(s_h2)", "h1's own f'(s_h1)")


def test_backward_returning_the_placeholder_says_replace_the_dots():
    fb = check_backward(lambda params, x, t: ...)
    assert not fb and says(fb, "placeholder", "replace the ...") and "returned nothing" not in fb.message
    assert says(check_backward(lambda params, x, t: None), "returned nothing")


def test_backward_hints_get_strictly_stronger():
    hints = [next_hint("05.3", reset=(k == 0)) for k in range(3)]
    # the last hint holds everything the second one gives, plus the code itself
    for piece in ("outer", "W2", "y_o * (1 - y_o)", "delta_h", "return", "−δ·y", "solutions edition"):
        assert piece in hints[2], piece
    assert len(hints[2]) > len(hints[1]) > len(hints[0])
    next_hint("05.3", reset=True)


# -- issue #8, item 8: the mistakes that got a generic message ------------------------------------------
@pytest.mark.parametrize("weight, value", [("w_h1x1", 0.5), ("w_h1x2", -0.4), ("w_h2x2", 0.8), ("b_h1", 0.1)])
def test_hidden_delta_with_a_weight_into_a_hidden_unit_is_named(weight, value):
    fb = check_hidden_delta(FP_H1 * D_O * value)
    assert not fb and says(fb, f"you used {weight} = {value:g}", "out of h1 into o: w_oh1 = 0.7")


def test_hidden_delta_with_w_h1x1_also_names_the_learning_rate():
    fb = check_hidden_delta(0.0138)                   # the reviewer's answer: 0.2393 · 0.1155 · 0.5
    assert not fb and says(fb, "w_h1x1 = 0.5", "learning rate ε")


def test_hidden_delta_with_the_learning_rate_as_a_factor_is_named():
    fb = check_hidden_delta(FP_H1 * D_O * 0.7 * 0.5)
    assert not fb and says(fb, "includes the learning rate ε = 0.5")


def test_an_unrecognised_hidden_delta_says_what_it_should_be():
    fb = check_hidden_delta(0.05)
    assert not fb and says(fb, "f'(s_h1)·δ_o·w_oh1", "0.2393", "y_h1 = 0.6035")


def backward_variant(kind):
    def backward(params, x, t):
        s_h = params["W1"] @ x + params["b1"]
        y_h = 1 / (1 + np.exp(-s_h))
        s_o = params["W2"] @ y_h + params["b2"]
        y_o = 1 / (1 + np.exp(-s_o))
        f_o = s_o * (1 - s_o) if kind in ("output f' from s", "f' from s") else y_o * (1 - y_o)
        d_o = (t - y_o) * f_o
        f_h = {"hidden f' from s": s_h * (1 - s_h), "f' from s": s_h * (1 - s_h),
               "output f' in hidden": y_o * (1 - y_o)}.get(kind, y_h * (1 - y_h))
        d_h = f_h * d_o if kind == "no W2" else f_h * (params["W2"].T @ d_o)
        return {"W1": -np.outer(d_h, x), "b1": -d_h, "W2": -np.outer(d_o, y_h), "b2": -d_o}
    return backward


@pytest.mark.parametrize("kind, message", [
    ("no W2", "hidden δ is missing the weights W2"),
    ("hidden f' from s", "hidden δ computes f' from the state s_h"),
    ("output f' from s", "output δ computes f' from the state s_o"),
    ("f' from s", "deltas compute f' from the states s"),
    ("output f' in hidden", "hidden δ uses the output's slope f'(s_o)"),
])
def test_backward_hidden_delta_mistakes_are_named(kind, message):
    fb = check_backward(backward_variant(kind))
    assert not fb and says(fb, message) and "disagree with central differences" not in fb.message
