"""The model contract (nnteach.model) for every sequence model: RNN, LSTM with and without peepholes.

Model-specific behaviour (equations, BPTT(h), internals) is tested in test_rnn.py and test_lstm.py.
"""
import numpy as np
import pytest

import nnteach
from nnteach import LSTM, RNN, costs

MODELS = {
    "RNN": lambda seed, **kw: RNN(3, 4, 2, seed=seed, **kw),
    "LSTM": lambda seed, **kw: LSTM(3, 4, 2, seed=seed, **kw),
    "LSTM-no-peepholes": lambda seed, **kw: LSTM(3, 4, 2, peepholes=False, seed=seed, **kw),
}


@pytest.fixture(params=list(MODELS))
def make(request):
    return MODELS[request.param]


def random_model(make, seed, **kw):
    """Weights ~ U(−1, 1) (math.md §8.1: the ±0.1 init hides bugs)."""
    model = make(seed, **kw)
    rng = np.random.default_rng(seed + 100)
    for p in model.params.values():
        p[...] = rng.uniform(-1, 1, size=p.shape)
    return model


def random_data(shape, seed, K=2):
    rng = np.random.default_rng(seed)
    return rng.normal(size=shape), rng.uniform(0.1, 0.9, size=shape[:-1] + (K,))


def test_loss_of_a_sequence_is_the_sum_over_steps_and_a_batch_the_mean(make):
    model = random_model(make, 7)
    X, T = random_data((3, 4, 3), 8)
    for cost in ("mse", "cross_entropy"):
        per_seq = [np.sum(costs.cost(cost, model.forward(X[b]), T[b])) for b in range(3)]
        assert model.loss_and_grads(X[1], T[1], cost)[0] == pytest.approx(per_seq[1], rel=1e-12)
        assert model.loss_and_grads(X, T, cost)[0] == pytest.approx(np.mean(per_seq), rel=1e-12)


def test_batch_gradient_is_the_mean_of_per_sequence_gradients(make):
    model = random_model(make, 9)
    X, T = random_data((5, 6, 3), 10)
    _, g = model.loss_and_grads(X, T, "cross_entropy")
    singles = [model.loss_and_grads(X[b], T[b], "cross_entropy")[1] for b in range(5)]
    for k in model.params:
        np.testing.assert_allclose(g[k], np.mean([s[k] for s in singles], axis=0), rtol=1e-11, atol=1e-15,
                                   err_msg=k)


def test_fast_path_equals_checked_path(make):
    model = random_model(make, 11)
    X, T = random_data((2, 5, 3), 12)
    l1, g1 = model.loss_and_grads(X, T, "mse")
    l2, g2 = model.loss_and_grads_unchecked(X, T, "mse")
    assert l1 == l2 and list(g1) == list(model.params) and all(np.array_equal(g1[k], g2[k]) for k in g1)


def test_copy_is_independent(make):
    model = make(0)
    twin = model.copy()
    for p in twin.params.values():
        p += 1.0
    assert all(not np.array_equal(model.params[k], twin.params[k]) for k in model.params)
    assert twin.config() == model.config() and type(twin) is type(model)


def test_same_seed_same_params_and_different_seed_different_params(make):
    a, b, c = make(5), make(5), make(6)
    assert all(np.array_equal(a.params[k], b.params[k]) for k in a.params)
    assert all(not np.array_equal(a.params[k], c.params[k]) for k in a.params if a.params[k].size > 1)


def test_save_and_load_round_trip_gives_identical_outputs(make, tmp_path):
    model = random_model(make, 21, truncate=2)
    X, _ = random_data((2, 5, 3), 22)
    loaded = nnteach.load(nnteach.save(model, tmp_path / "model.json"))
    assert type(loaded) is type(model) and loaded.config() == model.config()
    assert np.array_equal(loaded.forward(X), model.forward(X))


@pytest.mark.parametrize("bad", [np.zeros(3), np.zeros((4, 2)), np.zeros((2, 4, 2)), np.zeros((1, 2, 4, 3)),
                                 np.zeros((0, 3))])
def test_wrong_input_shapes_raise_value_errors_naming_the_expected_shape(make, bad):
    with pytest.raises(ValueError, match=r"expected one sequence of shape \(T, 3\)"):
        make(0).forward(bad)
