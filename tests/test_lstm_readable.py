"""The readable LSTM (step functions, math.md §5.3 line by line) and the fast kernel behind LSTM agree.

The readable forms are gradient-checked against central differences on their own; then the model
(fused kernel, nnteach/_lstm_kernel.py) must give the same outputs, gate values and every gradient,
peepholes included, with and without peepholes, for one sequence and a batch, to 1e-12.
"""
import numpy as np
import pytest

from nnteach import LSTM, gradcheck
from nnteach.lstm import (PARTS, lstm_backward, lstm_forward, lstm_loss_and_grads, lstm_step_backward,
                          lstm_step_forward)

TOL = dict(rtol=1e-12, atol=1e-12)


def random_model(N, M, K, seed, peepholes=True, **kw):
    """Weights ~ U(−1, 1) (math.md §8.1: the ±0.1 init hides bugs)."""
    model = LSTM(N, M, K, peepholes=peepholes, seed=seed, **kw)
    rng = np.random.default_rng(seed + 100)
    for p in model.params.values():
        p[...] = rng.uniform(-1, 1, size=p.shape)
    return model


def random_data(shape, K, seed):
    rng = np.random.default_rng(seed)
    return rng.normal(size=shape), rng.uniform(0.1, 0.9, size=shape[:-1] + (K,))


# -- the readable forms against central differences ---------------------------------------------------
@pytest.mark.parametrize("peepholes", [True, False])
@pytest.mark.parametrize("batch", [(), (3,)])
def test_step_backward_is_the_gradient_of_the_step(peepholes, batch):
    """For L = Σ a ⊙ y^t + Σ b ⊙ c^t, lstm_step_backward(a, b) gives ∂L/∂ of every input and parameter."""
    model = random_model(3, 4, 2, seed=1, peepholes=peepholes)
    params = {k: v for k, v in model.params.items() if k not in ("V", "c")}
    rng = np.random.default_rng(2)
    values = {"x": rng.normal(size=batch + (3,)), "y_prev": rng.normal(size=batch + (4,)),
              "c_prev": rng.normal(size=batch + (4,))}
    a, b = rng.normal(size=batch + (4,)), rng.normal(size=batch + (4,))

    def loss(_):
        y, c, _ = lstm_step_forward(values["x"], values["y_prev"], values["c_prev"], params, peepholes)
        return float(np.sum(a * y) + np.sum(b * c))

    _, _, cache = lstm_step_forward(values["x"], values["y_prev"], values["c_prev"], params, peepholes)
    dx, dy_prev, dc_prev, grads = lstm_step_backward(a, b, cache)
    report = gradcheck.check(loss, params, grads)
    assert report.ok, str(report)
    for name, mine in (("x", dx), ("y_prev", dy_prev), ("c_prev", dc_prev)):
        numeric = gradcheck.numerical_gradient(loss, {name: values[name]})[name]
        assert gradcheck.relative_error(mine, numeric) < 1e-8, name


@pytest.mark.parametrize("peepholes", [True, False])
@pytest.mark.parametrize("cost", ["mse", "cross_entropy"])
def test_sequence_loss_and_grads_match_central_differences(peepholes, cost):
    model = random_model(3, 4, 2, seed=3, peepholes=peepholes)
    X, T = random_data((2, 5, 3), 2, seed=4)
    params = model.params
    _, grads = lstm_loss_and_grads(X, T, params, peepholes, cost)
    report = gradcheck.check(lambda p: lstm_loss_and_grads(X, T, p, peepholes, cost)[0], params, grads)
    assert report.ok, str(report)


def test_backward_returns_the_input_gradients_of_the_whole_sequence():
    model = random_model(2, 3, 1, seed=5)
    params = {k: v for k, v in model.params.items() if k not in ("V", "c")}
    X = np.random.default_rng(6).normal(size=(4, 2))
    a = np.random.default_rng(7).normal(size=(4, 3))

    def loss(p):
        return float(np.sum(a * lstm_forward(p["X"], params)[0]))

    dX, _ = lstm_backward(a, lstm_forward(X, params)[1])
    numeric = gradcheck.numerical_gradient(loss, {"X": X})["X"]
    assert gradcheck.relative_error(dX, numeric) < 1e-8


# -- readable == fast kernel ----------------------------------------------------------------------------
@pytest.mark.parametrize("peepholes", [True, False])
@pytest.mark.parametrize("shape", [(6, 3), (4, 6, 3)], ids=["one sequence", "a batch"])
def test_forward_of_the_readable_steps_equals_the_kernel(peepholes, shape):
    model = random_model(3, 5, 2, seed=8, peepholes=peepholes)
    X, _ = random_data(shape, 2, seed=9)
    Y, caches = lstm_forward(X, model.params, peepholes)
    run = model.run(X)
    np.testing.assert_allclose(Y, run.y, **TOL)
    for k, name in enumerate(("z", "i", "f")):
        np.testing.assert_allclose(np.stack([c[3 + k] for c in caches], axis=-2), getattr(run, name), **TOL,
                                   err_msg=name)
    np.testing.assert_allclose(np.stack([c[6] for c in caches], axis=-2), run.c, **TOL)
    np.testing.assert_allclose(np.stack([c[7] for c in caches], axis=-2), run.o, **TOL)
    P = 1 / (1 + np.exp(-(Y @ model.params["V"].T + model.params["c"])))
    np.testing.assert_allclose(P, model.forward(X), **TOL)


@pytest.mark.parametrize("peepholes", [True, False])
@pytest.mark.parametrize("shape", [(6, 3), (4, 6, 3)], ids=["one sequence", "a batch"])
@pytest.mark.parametrize("cost", ["mse", "cross_entropy"])
def test_loss_and_every_gradient_of_the_readable_steps_equal_the_kernel(peepholes, shape, cost):
    model = random_model(3, 5, 2, seed=10, peepholes=peepholes)
    X, T = random_data(shape, 2, seed=11)
    loss, grads = lstm_loss_and_grads(X, T, model.params, peepholes, cost)
    fast_loss, fast = model.loss_and_grads(X, T, cost)
    assert loss == pytest.approx(fast_loss, rel=1e-12, abs=1e-12)
    assert list(grads) == list(fast) == list(model.params)
    expected = {f"{w}{g}" for w in "WRb" for g in PARTS} | {"V", "c"} | ({"pi", "pf", "po"} if peepholes else set())
    assert set(grads) == expected
    for k in grads:
        np.testing.assert_allclose(grads[k], fast[k], **TOL, err_msg=k)


def test_identity_readout_and_forget_bias_agree_too():
    model = random_model(2, 3, 2, seed=12, output_activation="identity")
    X, T = random_data((3, 5, 2), 2, seed=13)
    loss, grads = lstm_loss_and_grads(X, T, model.params, True, "mse", "identity")
    fast_loss, fast = model.loss_and_grads(X, T, "mse")
    assert loss == pytest.approx(fast_loss, rel=1e-12)
    for k in grads:
        np.testing.assert_allclose(grads[k], fast[k], **TOL, err_msg=k)


def test_one_step_reads_as_the_equations_on_a_hand_example():
    """M = 1, N = 1, every weight 0.5, no peepholes: the step by hand (math.md §5.3)."""
    params = {f"{w}{g}": np.full((1, 1), 0.5) for w in "WR" for g in PARTS} | \
        {f"b{g}": np.full(1, 0.5) for g in PARTS}
    y, c, _ = lstm_step_forward(np.array([1.0]), np.array([0.0]), np.array([0.2]), params, peepholes=False)
    s = 1 / (1 + np.exp(-1.0))                   # every gate: σ(0.5·1 + 0.5·0 + 0.5) = σ(1)
    z = np.tanh(1.0)
    assert c[0] == pytest.approx(z * s + 0.2 * s, abs=1e-15)
    assert y[0] == pytest.approx(np.tanh(z * s + 0.2 * s) * s, abs=1e-15)
