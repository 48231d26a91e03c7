"""nnteach.gradcheck: verdicts a learner can act on (math.md §8.1)."""
import numpy as np
import pytest

from nnteach import Perceptron, gradcheck


def quadratic(params):
    """L = Σ a² + 3 Σ a·b: dL/da = 2a + 3b, dL/db = 3a."""
    a, b = params["a"], params["b"]
    return float(np.sum(a ** 2) + 3 * np.sum(a * b))


def make():
    rng = np.random.default_rng(0)
    return {"a": rng.normal(size=(2, 3)), "b": rng.normal(size=(2, 3))}


def test_numerical_gradient_of_a_known_function():
    p = make()
    g = gradcheck.numerical_gradient(quadratic, p)
    assert np.allclose(g["a"], 2 * p["a"] + 3 * p["b"], atol=1e-8)
    assert np.allclose(g["b"], 3 * p["a"], atol=1e-8)


def test_parameters_are_restored_exactly():
    p = make()
    before = {k: v.copy() for k, v in p.items()}
    gradcheck.numerical_gradient(quadratic, p)
    assert all(np.array_equal(before[k], p[k]) for k in p)


def test_correct_gradients_pass():
    p = make()
    report = gradcheck.check(quadratic, p, {"a": 2 * p["a"] + 3 * p["b"], "b": 3 * p["a"]})
    assert report.ok and report["a"].verdict == "correct" and report.max_relative_error < 1e-8
    assert "all correct" in str(report)


def test_missing_term_is_reported_as_close_but_wrong():
    p = make()
    grads = {"a": 2 * p["a"] + 3 * p["b"], "b": 3 * p["a"]}
    grads["a"][0, 0] *= 1.001
    report = gradcheck.check(quadratic, p, grads)
    assert not report.ok and report["a"].verdict.startswith("close but wrong") and report["b"].ok


def test_reversed_sign_is_named():
    p = make()
    report = gradcheck.check(quadratic, p, {"a": -(2 * p["a"] + 3 * p["b"]), "b": 3 * p["a"]})
    assert report["a"].verdict.startswith("sign reversed") and report["b"].ok and not report.ok


def test_transposed_or_wrong_gradient_is_wrong():
    p = make()
    report = gradcheck.check(quadratic, p, {"a": 2 * p["a"], "b": np.ones((3, 2))})
    assert report["a"].verdict.startswith("wrong") and report["b"].verdict.startswith("wrong shape")


def test_mismatched_names_raise():
    with pytest.raises(ValueError, match="missing"):
        gradcheck.check(quadratic, make(), {"a": np.zeros((2, 3))})


def test_check_model_on_a_perceptron():
    net = Perceptron(3, 4, 2, seed=0)
    X = np.random.default_rng(1).normal(size=(5, 3))
    T = np.random.default_rng(2).uniform(size=(5, 2))
    report = gradcheck.check_model(net, X, T, "cross_entropy")
    assert report.ok and [r.name for r in report.rows] == ["W1", "b1", "W2", "b2"]


def test_relative_error_is_norm_wise():
    assert gradcheck.relative_error(np.array([1.0, 0.0]), np.array([1.0, 0.0])) == 0.0
    assert gradcheck.relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert gradcheck.relative_error(np.array([1.0]), np.array([-1.0])) == 1.0
