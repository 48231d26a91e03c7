"""Costs and their gradients (math.md §2.2)."""
import warnings

import numpy as np
import pytest

from nnteach import costs

RNG = np.random.default_rng(0)


@pytest.mark.parametrize("name,grad", [("mse", costs.mse_grad), ("cross_entropy", costs.cross_entropy_grad)])
def test_gradient_matches_central_differences(name, grad):
    y = RNG.uniform(0.05, 0.95, size=5)
    t = RNG.uniform(0, 1, size=5)
    h = 1e-6
    numeric = np.array([(costs.cost(name, y + h * e, t) - costs.cost(name, y - h * e, t)) / (2 * h)
                        for e in np.eye(5)])
    assert np.allclose(grad(y, t), numeric, rtol=1e-6, atol=1e-9)


def test_mse_is_half_the_squared_error_per_pattern():
    y = np.array([[0.2, 0.9], [0.5, 0.5]])
    t = np.array([[0.0, 1.0], [1.0, 0.0]])
    assert np.allclose(costs.mse(y, t), [0.5 * (0.04 + 0.01), 0.5 * (0.25 + 0.25)])


def test_cross_entropy_of_a_perfect_and_a_fifty_fifty_output():
    assert costs.cross_entropy(np.array([1.0, 0.0]), np.array([1.0, 0.0])) == pytest.approx(0.0, abs=1e-10)
    assert costs.cross_entropy(np.array([0.5]), np.array([1.0])) == pytest.approx(np.log(2))


def test_cross_entropy_is_finite_when_an_output_is_exactly_wrong():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        e = costs.cross_entropy(np.array([0.0, 1.0]), np.array([1.0, 0.0]))
        g = costs.cross_entropy_grad(np.array([0.0, 1.0]), np.array([1.0, 0.0]))
    assert np.isfinite(e) and e > 40
    assert np.all(np.isfinite(g))


@pytest.mark.parametrize("s", [-1000.0, 1000.0])
def test_saturated_logistic_outputs_give_finite_costs(s):
    from nnteach.activations import logistic
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = logistic(np.array([s]))
        for name in costs.names():
            assert np.isfinite(costs.cost(name, y, np.array([0.5])))


def test_cross_entropy_delta_with_logistic_outputs_is_t_minus_y_math_md_8_2():
    from nnteach.activations import logistic
    s = RNG.normal(size=4)
    t = np.array([0.0, 1.0, 1.0, 0.0])
    y = logistic(s)
    delta = costs.output_delta("cross_entropy", y, t, "logistic")
    assert np.allclose(delta, t - y)
    h = 1e-6
    numeric = -np.array([(costs.cross_entropy(logistic(s + h * e), t) - costs.cross_entropy(logistic(s - h * e), t))
                         / (2 * h) for e in np.eye(4)])
    assert np.allclose(delta, numeric, atol=1e-8), "δ must equal −∂E/∂s"


def test_mse_delta_is_error_times_slope():
    y = np.array([0.3, 0.8])
    t = np.array([1.0, 0.0])
    assert np.allclose(costs.output_delta("mse", y, t, "logistic"), (t - y) * y * (1 - y))
    assert np.allclose(costs.output_delta("mse", y, t, "identity"), t - y)


def test_unknown_cost_lists_the_choices():
    with pytest.raises(ValueError, match="'mse', 'cross_entropy'"):
        costs.cost("hinge", np.zeros(1), np.zeros(1))
