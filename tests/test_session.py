"""The training session behind notebook 06's dashboard: it trains exactly as nnteach.train does."""
import numpy as np
import pytest

import nnteach
from nnteach.datasets import two_moons, two_spirals
from nnteach.session import DATASETS, TrainingSession


def fresh_net(hidden=30, seed=1):
    return nnteach.Perceptron(2, hidden, 1, activation="tanh", output_activation="logistic", seed=seed, init="xavier")


def test_data_is_split_into_disjoint_training_and_heldout_sets():
    s = TrainingSession()
    X, T = two_moons(n=440, noise=0.3, seed=1)
    assert s.X.shape == (40, 2) and s.X_heldout.shape == (400, 2)
    assert np.array_equal(np.vstack([s.X, s.X_heldout]), X) and np.array_equal(np.vstack([s.T, s.T_heldout]), T)
    spirals = TrainingSession(data="spirals", hidden=4)
    Xs, _ = two_spirals(n=550, noise=0.05, turns=1.5, seed=1)
    assert np.array_equal(spirals.X, Xs[:150]) and DATASETS["spirals"]["n_train"] == 150


def test_steps_in_pieces_train_as_train_does():
    """The same numbers as train (to rounding: train runs nnteach's models through its fast path, which
    equals the public steps to 1e-12, tests/test_fast_paths.py)."""
    s = TrainingSession(rate=0.5, batch_size=10, momentum=0.5)
    assert s.step(7) == 7 and s.step(13) == 13
    net = fresh_net()
    result = nnteach.train(net, (s.X, s.T), rate=0.5, iterations=20, error=0.0, batch_size=10, momentum=0.5,
                           cost="cross_entropy", shuffle=True, seed=1)
    for k, v in net.params.items():
        assert np.allclose(v, s.net.params[k], rtol=1e-12, atol=1e-14), k
    assert np.allclose(s.history, result.history, rtol=1e-12, atol=1e-15)


def test_a_rate_changed_between_steps_is_a_schedule():
    s = TrainingSession(rate=0.5)
    s.step(5)
    s.configure(rate=0.1)
    s.step(5)
    net = fresh_net()
    nnteach.train(net, (s.X, s.T), rate=lambda epoch: 0.5 if epoch < 5 else 0.1, iterations=10, error=0.0,
                  batch_size=10, cost="cross_entropy", shuffle=True, seed=1)
    for k, v in net.params.items():
        assert np.allclose(v, s.net.params[k], rtol=0, atol=1e-14), k


def test_heldout_error_is_the_reported_error_on_the_heldout_set():
    s = TrainingSession()
    s.step(3)
    y = s.net.forward(s.X_heldout)
    assert s.heldout_history[-1] == pytest.approx(float(np.mean((s.T_heldout - y) ** 2)), abs=1e-15)
    assert s.heldout_error == s.heldout_history[-1] and s.error == s.history[-1]
    assert len(s.history) == len(s.heldout_history) == s.epoch == 3


def test_the_default_run_overfits_held_out_error_turns_up():
    """Notebook 06, section 7: the held-out error is lowest near epoch 244 and higher at 1500; training error falls."""
    s = TrainingSession()
    s.step(1500)
    best = s.best_epoch
    assert 200 < best < 300 and best == 1 + int(np.argmin(s.heldout_history))
    assert s.heldout_error > 1.5 * s.heldout_history[best - 1]
    assert s.error < s.history[best - 1] / 100
    assert s.accuracy() == 1.0 and s.accuracy(heldout=True) < 0.9


def test_reset_starts_the_same_run_again():
    s = TrainingSession(hidden=5)
    first = {k: v.copy() for k, v in s.net.params.items()}
    s.step(10)
    history = list(s.history)
    s.reset()
    assert s.epoch == 0 and s.history == [] and s.heldout_history == []
    for k, v in first.items():
        assert np.array_equal(v, s.net.params[k])
    s.step(10)
    assert s.history == history


def test_max_epochs_ends_the_run():
    s = TrainingSession(hidden=3, max_epochs=12)
    assert s.step(10) == 10 and not s.finished
    assert s.step(10) == 2 and s.finished and s.epoch == 12
    assert s.step(5) == 0


def test_bad_options_raise_and_change_nothing():
    s = TrainingSession(hidden=3)
    for bad in (dict(rate=-1.0), dict(momentum=1.5), dict(batch_size=0), dict(cost="hinge")):
        with pytest.raises(ValueError):
            s.configure(**bad)
    assert (s.rate, s.momentum, s.batch_size, s.cost) == (0.5, 0.0, 10, "cross_entropy")
    with pytest.raises(ValueError, match="unknown data"):
        TrainingSession(data="circles")
    with pytest.raises(ValueError, match="epochs"):
        s.step(0)


def test_a_diverging_run_stops_and_keeps_its_last_good_weights():
    s = TrainingSession(rate=1e306, activation="identity", hidden=3)
    before = {k: v.copy() for k, v in s.net.params.items()}
    assert s.step(5) == 0 and s.finished and "diverged" in s.diverged
    for k, v in before.items():
        assert np.array_equal(v, s.net.params[k])


def test_momentum_can_be_switched_on_and_off():
    s = TrainingSession(hidden=3)
    s.configure(momentum=0.9)
    assert s._velocity is not None and set(s._velocity) == set(s.net.params)
    s.step(2)
    s.configure(momentum=0.0)
    assert s._velocity is None
    s.configure(batch_size=None)
    assert s.batch_size is None and s._options.batch_size == 40


def test_grid_is_the_output_over_the_extent():
    s = TrainingSession(hidden=4)
    s.step(2)
    g = s.grid(11)
    a, b, c, d = s.extent
    assert g.shape == (11, 11)
    assert g[0, 0] == pytest.approx(s.net.forward(np.array([a, c]))[0])
    assert g[-1, 0] == pytest.approx(s.net.forward(np.array([a, d]))[0])     # row = x2
    assert g[0, -1] == pytest.approx(s.net.forward(np.array([b, c]))[0])
    allX = np.vstack([s.X, s.X_heldout])
    assert a < allX[:, 0].min() and allX[:, 0].max() < b and c < allX[:, 1].min() and allX[:, 1].max() < d
