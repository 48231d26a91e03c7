"""The readable Elman network (step functions, math.md §3.2–3.3) and RNN's batched BPTT agree.

The readable forms are gradient-checked against central differences on their own; then the model
must give the same outputs and every gradient, for one sequence and a batch, to 1e-12.
"""
import numpy as np
import pytest

from nnteach import RNN, gradcheck
from nnteach.rnn import rnn_backward, rnn_forward, rnn_loss_and_grads, rnn_step_backward, rnn_step_forward

TOL = dict(rtol=1e-12, atol=1e-12)


def random_model(seed, **kw):
    """Weights ~ U(−1, 1) (math.md §8.1: the ±0.1 init hides bugs)."""
    model = RNN(3, 4, 2, seed=seed, **kw)
    rng = np.random.default_rng(seed + 100)
    for p in model.params.values():
        p[...] = rng.uniform(-1, 1, size=p.shape)
    return model


def random_data(shape, K, seed):
    rng = np.random.default_rng(seed)
    return rng.normal(size=shape), rng.uniform(0.1, 0.9, size=shape[:-1] + (K,))


@pytest.mark.parametrize("activation", ["tanh", "logistic"])
@pytest.mark.parametrize("batch", [(), (3,)])
def test_step_backward_is_the_gradient_of_the_step(activation, batch):
    """For L = Σ a ⊙ h_t, rnn_step_backward(a) gives ∂L/∂ of the inputs, h_{t-1} and W, U, b."""
    params = {k: v for k, v in random_model(1).params.items() if k in ("W", "U", "b")}
    rng = np.random.default_rng(2)
    values = {"x": rng.normal(size=batch + (3,)), "h_prev": rng.normal(size=batch + (4,))}
    a = rng.normal(size=batch + (4,))

    def loss(_):
        return float(np.sum(a * rnn_step_forward(values["x"], values["h_prev"], params, activation)[0]))

    dx, dh_prev, grads = rnn_step_backward(a, rnn_step_forward(values["x"], values["h_prev"], params, activation)[1])
    report = gradcheck.check(loss, params, grads)
    assert report.ok, str(report)
    for name, mine in (("x", dx), ("h_prev", dh_prev)):
        numeric = gradcheck.numerical_gradient(loss, {name: values[name]})[name]
        assert gradcheck.relative_error(mine, numeric) < 1e-8, name


@pytest.mark.parametrize("cost", ["mse", "cross_entropy"])
def test_sequence_loss_and_grads_match_central_differences(cost):
    model = random_model(3)
    X, T = random_data((2, 6, 3), 2, seed=4)
    _, grads = rnn_loss_and_grads(X, T, model.params, cost)
    report = gradcheck.check(lambda p: rnn_loss_and_grads(X, T, p, cost)[0], model.params, grads)
    assert report.ok, str(report)


def test_backward_returns_the_input_gradients_of_the_whole_sequence():
    params = {k: v for k, v in random_model(5).params.items() if k in ("W", "U", "b")}
    X = np.random.default_rng(6).normal(size=(5, 3))
    a = np.random.default_rng(7).normal(size=(5, 4))
    dX, _ = rnn_backward(a, rnn_forward(X, params)[1])
    numeric = gradcheck.numerical_gradient(lambda p: float(np.sum(a * rnn_forward(p["X"], params)[0])), {"X": X})
    assert gradcheck.relative_error(dX, numeric["X"]) < 1e-8


@pytest.mark.parametrize("shape", [(7, 3), (4, 7, 3)], ids=["one sequence", "a batch"])
@pytest.mark.parametrize("cost", ["mse", "cross_entropy"])
@pytest.mark.parametrize("activation", ["tanh", "logistic"])
def test_outputs_loss_and_every_gradient_equal_the_model(shape, cost, activation):
    model = random_model(8, activation=activation)
    X, T = random_data(shape, 2, seed=9)
    Hs, _ = rnn_forward(X, model.params, activation)
    np.testing.assert_allclose(Hs, model.run(X).h, **TOL)
    loss, grads = rnn_loss_and_grads(X, T, model.params, cost, activation)
    fast_loss, fast = model.loss_and_grads(X, T, cost)
    assert loss == pytest.approx(fast_loss, rel=1e-12, abs=1e-12)
    assert list(grads) == list(fast) == ["W", "U", "b", "V", "c"]
    for k in grads:
        np.testing.assert_allclose(grads[k], fast[k], **TOL, err_msg=k)


def test_one_step_by_hand():
    params = {"W": np.array([[0.5]]), "U": np.array([[-1.0]]), "b": np.array([0.1])}
    h, _ = rnn_step_forward(np.array([2.0]), np.array([0.3]), params)
    assert h[0] == pytest.approx(np.tanh(0.5 * 2.0 - 1.0 * 0.3 + 0.1), abs=1e-15)
