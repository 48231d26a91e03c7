"""Activation functions: values, derivatives from the output, invariants of math.md §8.2."""
import warnings

import numpy as np
import pytest

from nnteach import activations

S = np.linspace(-6, 6, 61)
SMOOTH = ["logistic", "tanh", "identity"]


def central_difference(f, s, h=1e-6):
    return (f(s + h) - f(s - h)) / (2 * h)


@pytest.mark.parametrize("name", SMOOTH)
def test_derivative_from_output_matches_finite_difference(name):
    act = activations.get(name)
    numeric = central_difference(act.f, S)
    assert np.allclose(act.df_from_y(act.f(S)), numeric, atol=1e-8), f"{name}: f'(s) written from y is wrong"


def test_relu_derivative_matches_finite_difference_away_from_the_kink():
    act = activations.get("relu")
    s = S[np.abs(S) > 1e-3]
    assert np.allclose(act.df_from_y(act.f(s)), central_difference(act.f, s), atol=1e-8)
    assert act.df_from_y(act.f(0.0)) == 0.0, "ReLU'(0) is 0 by convention (as Synaptic)"


def test_values_at_zero_math_md_8_2():
    lg, th, idn = (activations.get(n) for n in ("logistic", "tanh", "identity"))
    assert lg.f(0.0) == 0.5
    assert lg.df(0.0) == 0.25
    assert th.df(0.0) == 1.0
    assert idn.df(3.7) == 1.0


def test_logistic_slope_never_exceeds_a_quarter():
    y = activations.logistic(np.linspace(-50, 50, 1001))
    assert np.all(activations.logistic_derivative(y) <= 0.25)


def test_tanh_is_a_stretched_logistic():
    assert np.allclose(activations.tanh(S), 2 * activations.logistic(2 * S) - 1, atol=1e-14)


def test_logistic_matches_the_textbook_formula():
    assert np.allclose(activations.logistic(S), 1 / (1 + np.exp(-S)), rtol=1e-14, atol=0)


def test_no_overflow_warning_for_large_states():
    s = np.array([-1000.0, -700.0, 700.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in activations.names():
            y = activations.get(name).f(s)
            assert np.all(np.isfinite(y))
    assert np.allclose(activations.logistic(s), [0, 0, 1, 1])


def test_ranges():
    y = activations.logistic(S)
    assert np.all((y > 0) & (y < 1))
    y = activations.tanh(S)
    assert np.all((y > -1) & (y < 1))
    assert np.all(activations.relu(S) >= 0)


def test_unknown_name_lists_the_valid_names():
    with pytest.raises(ValueError) as err:
        activations.get("sigmoidal")
    for name in ("logistic", "tanh", "identity", "relu"):
        assert name in str(err.value)


def test_lookup_is_case_insensitive_and_returns_the_same_object():
    assert activations.get("TanH") is activations.get("tanh")
