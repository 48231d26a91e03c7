"""Error curves, error surfaces and gradient-descent paths (nnteach.descent, notebook 04).

Expected values come from math.md §9.1 (literal numbers), from plain forward passes and central
differences written here, or from the closed form of gradient descent on the linear-neuron bowl,
``w_k − w* = (I − ε H)^k (w_0 − w*)`` with ``H = XᵀX / P``, and the eigenvalue rule (diverges iff
ε λ_max > 2) computed here; never from the module's own output.
"""
import math
import warnings

import numpy as np
import pytest

from nnteach.checks import check_rates
from nnteach.descent import (DIVERGE_FACTOR, MAX_STEPS, SURFACES, LinearNeuronSurface, curve_steps, descent_path,
                             error_curve, get_surface, loss_and_slope)


def sig(s):
    return 1.0 / (1.0 + math.exp(-s))


def E_91(w_oh1=0.7, w_oh2=-0.6, b_o=0.05, w_h1x1=0.5, cost="mse"):
    """The §9.1 network's error, written out by hand."""
    y_h1 = sig(w_h1x1 * 0.8 - 0.4 * 0.2 + 0.1)
    y_h2 = sig(0.3 * 0.8 + 0.8 * 0.2 - 0.2)
    y = sig(w_oh1 * y_h1 + w_oh2 * y_h2 + b_o)
    return 0.5 * (1 - y) ** 2 if cost == "mse" else -math.log(y)


def central(f, w, h=1e-6):
    return (f(w + h) - f(w - h)) / (2 * h)


@pytest.fixture
def bowl():
    return LinearNeuronSurface()


def closed_form(bowl, start, rate, k):
    H = bowl.X.T @ bowl.X / len(bowl.X)
    M = np.linalg.matrix_power(np.eye(2) - rate * H, k)
    return bowl.w_star + M @ (np.asarray(start) - bowl.w_star)


def test_curve_values_match_a_hand_written_forward_pass():
    ws = np.array([-3.0, 0.0, 0.7, 2.5])
    expected = [E_91(w_oh1=w) for w in ws]
    assert np.allclose(error_curve("w_oh1", ws), expected, atol=1e-12)
    assert np.allclose(error_curve("w_oh1", ws, "cross_entropy"), [E_91(w_oh1=w, cost="ce") for w in ws])


def test_linear_bowl_has_curvatures_one_and_a_quarter_and_its_minimum_at_w_star():
    s = LinearNeuronSurface()
    H = s.X.T @ s.X / len(s.X)
    assert np.allclose(np.sort(np.linalg.eigvalsh(H)), [0.25, 1.0])
    assert s.loss(*s.w_star) == pytest.approx(0.0, abs=1e-15)


@pytest.mark.parametrize("name", SURFACES)
def test_surface_gradients_equal_central_differences(name):
    s = get_surface(name)
    for w1, w2 in [(-1.3, 0.4), (0.7, -0.6), (2.0, 1.1)]:
        g = s.grad(w1, w2)
        num = [central(lambda v: float(s.loss(v, w2)), w1), central(lambda v: float(s.loss(w1, v)), w2)]
        assert np.allclose(g, num, atol=1e-7), name


@pytest.mark.parametrize("rate", [0.1, 0.9, 1.8])
def test_path_equals_the_closed_form_on_the_bowl(bowl, rate):
    run = descent_path(bowl, (-2.0, -2.0), rate, 25)
    for k in (0, 1, 7, 25):
        assert np.allclose(run.path[k], closed_form(bowl, (-2.0, -2.0), rate, k), atol=1e-12)
    assert np.allclose(run.E, bowl.loss(run.path[:, 0], run.path[:, 1]))


@pytest.mark.parametrize("rate, verdict", [(0.1, "too slow"), (0.9, "converges"), (1.8, "zig-zags"),
                                           (2.5, "diverges")])
def test_the_four_regimes(bowl, rate, verdict):
    assert descent_path(bowl, bowl.start, rate).verdict == verdict


def test_divergence_threshold_is_two_over_the_largest_curvature(bowl):
    lam = np.linalg.eigvalsh(bowl.X.T @ bowl.X / len(bowl.X)).max()
    assert descent_path(bowl, bowl.start, 0.99 * 2 / lam, 200).diverged_at is None
    assert descent_path(bowl, bowl.start, 1.01 * 2 / lam, 200).diverged_at is not None


def test_divergence_stops_early_without_warnings(bowl):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = descent_path(bowl, bowl.start, 3.0)
        huge = descent_path(get_surface("worked example (w_oh1, w_oh2)"), (0.7, -0.6), 3.0)
    assert run.stopped and len(run.path) - 1 < MAX_STEPS
    k = run.diverged_at                                        # the first step above 10 × E_0 …
    assert run.E[k] > DIVERGE_FACTOR * run.E[0] >= run.E[:k].max()
    assert len(run.E) - 1 == k                                 # … is where the walk stops: one threshold
    assert np.all(np.isfinite(huge.E))


def test_converged_at_is_the_first_step_below_tolerance(bowl):
    run = descent_path(bowl, bowl.start, 0.9)
    k = run.converged_at
    assert run.E[k] <= 1e-3 < run.E[k - 1]


def test_bad_rate_is_a_clear_error(bowl):
    with pytest.raises(ValueError, match="rate must be a number > 0"):
        descent_path(bowl, (0, 0), 0.0)


def test_rate_two_does_not_diverge_and_is_not_called_converging(bowl):
    run = descent_path(bowl, bowl.start, 2.0)
    assert run.describe().startswith("does not diverge, but zig-zags without settling")
    assert "converges" not in str(check_rates(0.9, 2.0))


def test_diverged_at_means_the_first_step_above_ten_times_the_start(bowl):
    for rate in (2.05, 2.2, 2.5, 3.0):
        run = descent_path(bowl, bowl.start, rate)
        k = run.diverged_at
        assert run.E[k] > 10 * run.E[0] and np.all(run.E[:k] <= 10 * run.E[0]), rate


def test_loss_and_slope_are_the_error_and_the_central_difference_of_one_weight():
    for weight, kwarg, w in (("w_oh1", "w_oh1", 1.3), ("b_o", "b_o", -0.4), ("w_h1x1", "w_h1x1", 2.0)):
        E, slope = loss_and_slope(weight, w)
        assert E == pytest.approx(E_91(**{kwarg: w}), abs=1e-12)
        assert slope == pytest.approx(central(lambda v: E_91(**{kwarg: v}), w), abs=1e-8)


def test_curve_steps_are_w_minus_rate_times_the_slope_where_each_step_starts():
    path, path_E, slope = curve_steps("w_oh1", 0.7, 3.0, 4)
    w, expected = 0.7, [0.7]
    for _ in range(4):
        w = w - 3.0 * central(lambda v: E_91(w_oh1=v), w)
        expected.append(w)
    assert np.allclose(path, expected, atol=1e-7)
    assert np.allclose(path_E, [E_91(w_oh1=v) for v in path], atol=1e-12)
    assert slope == pytest.approx(-0.0697, abs=5e-5)                 # math.md §9.1 (a)
    assert len(curve_steps("w_oh1", 0.7, 3.0, 0)[0]) == 1


def test_the_output_saturated_on_the_wrong_side_of_notebook_04():
    """Notebook 04 §6 (and notebook 06, which refers back to it): b_o = −4, t = 1, 20 steps of ε = 0.5."""
    from nnteach.descent import curve_steps, loss_and_slope
    E, slope = loss_and_slope("b_o", -4.0)
    assert f"{E:.4f}" == "0.4805" and f"{slope:.4f}" == "-0.0189"
    path, path_E, _ = curve_steps("b_o", -4.0, 0.5, 20)
    assert f"{path[-1]:.2f}" == "-3.79" and f"{path_E[-1]:.4f}" == "0.4762"
    E_ce, slope_ce = loss_and_slope("b_o", -4.0, "cross_entropy")
    assert abs(slope_ce) > 50 * abs(slope), "cross-entropy cancels the tiny f'(s_o): the rescue of notebook 06"
    path, path_E, _ = curve_steps("b_o", 0.05, 40.0, 20)       # saturated on the right side: harmless
    assert f"{path_E[-1]:.2e}" == "3.24e-05"
