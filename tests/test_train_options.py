"""train's options for speed and for Synaptic's habits: online sequence training (one update per time
step, the state carried), the error seen during the epoch, and one BLAS thread for small models."""
import numpy as np
import pytest

import nnteach
from nnteach import LSTM, RNN, Perceptron, train
from nnteach.train import evaluate_error

XOR = (np.array([[0.0, 0], [0, 1], [1, 0], [1, 1]]), np.array([[0.0], [1], [1], [0]]))


def running_or(B, T=10, seed=0):
    """Sparse random bits; the target is 1 from the first 1 of the sequence on (it needs a memory)."""
    rng = np.random.default_rng(seed)
    X = (rng.uniform(size=(B, T, 1)) < 0.12).astype(float)
    return X, np.maximum.accumulate(X, axis=1)


def accuracy(model, X, Y):
    return float(np.mean((model.forward(X) > 0.5) == (Y > 0.5)))


# -- online training of sequence models -----------------------------------------------------------------
@pytest.mark.parametrize("make", [lambda: LSTM(1, 4, 1, seed=0), lambda: RNN(1, 4, 1, seed=0)], ids=["lstm", "rnn"])
def test_online_training_learns_a_task_that_needs_the_carried_state(make):
    model = make()
    X, Y = running_or(16)
    result = train(model, (X, Y), rate=0.5, iterations=15, error=0.0, cost="cross_entropy", online=True)
    Xn, Yn = running_or(200, seed=99)
    assert result.error < 0.01 and accuracy(model, Xn, Yn) > 0.99, result


def test_without_the_carried_state_the_same_task_is_not_learned():
    """The same data cut into one-step sequences (the state starts from zero at every step) cannot be
    learned: the output must remember an earlier 1."""
    model = LSTM(1, 4, 1, seed=0)
    X, Y = running_or(32)
    steps = (X.reshape(-1, 1, 1), Y.reshape(-1, 1, 1))
    train(model, steps, rate=0.5, iterations=10, error=0.0, cost="cross_entropy", online=True)
    Xn, Yn = running_or(200, seed=99)
    assert accuracy(model, Xn, Yn) < 0.8


def test_online_training_is_one_readable_update_per_time_step_with_the_state_carried():
    """train(online=True) equals this loop written out: step_loss_and_grads from the carried state, then
    θ ← θ − ε ∂E^t/∂θ, for every step of every sequence, each sequence from the zero state."""
    X, Y = running_or(3, T=5, seed=1)
    model, manual = LSTM(1, 3, 1, seed=2), LSTM(1, 3, 1, seed=2)
    train(model, (X, Y), rate=0.4, iterations=2, error=0.0, online=True)
    for _ in range(2):
        for x_seq, t_seq in zip(X, Y):
            state = None
            for x, t in zip(x_seq, t_seq):
                _, grads, state, _ = manual.step_loss_and_grads(x, t, state)
                for k, p in manual.params.items():
                    p -= 0.4 * grads[k]
    for k in model.params:
        np.testing.assert_allclose(model.params[k], manual.params[k], rtol=0, atol=1e-12, err_msg=k)


@pytest.mark.parametrize("kwargs, message", [
    (dict(model=Perceptron(2, 2, 1), online=True), "sequence model"),
    (dict(online=True, batch_size=2), "batch_size must be 1"),
    (dict(online="yes"), "online must be True or False"),
    (dict(error_on="train"), "error_on must be one of 'data', 'seen'"),
])
def test_bad_online_options_are_refused_before_training(kwargs, message):
    model = kwargs.pop("model", LSTM(1, 2, 1, seed=0))
    before = {k: v.copy() for k, v in model.params.items()}
    data = XOR if isinstance(model, Perceptron) else running_or(4)
    with pytest.raises(ValueError, match=message):
        train(model, data, iterations=2, **kwargs)
    assert all(np.array_equal(before[k], model.params[k]) for k in before)


@pytest.mark.parametrize("targets, message", [
    (lambda Y: Y[:, :-1], r"one target per time step: X has shape \(4, 10, 1\) and T \(4, 9, 1\)"),
    (lambda Y: np.concatenate([Y, Y], axis=2), r"T has shape \(4, 10, 2\); expected \(4, 10, 1\)"),
], ids=["steps", "outputs"])
def test_online_data_that_do_not_fit_the_model_are_refused_before_training(targets, message):
    """Online, train verifies the model's answers on the first time step only (not a BPTT of the whole
    first sequence), so it checks that the steps of X and T agree on its own."""
    model = LSTM(1, 2, 1, seed=0)
    before = model.flat_params().copy()
    X, Y = running_or(4)
    with pytest.raises(ValueError, match=message):
        train(model, (X, targets(Y)), iterations=2, online=True)
    np.testing.assert_array_equal(model.flat_params(), before)


# -- the reported error: on the data, or as seen ---------------------------------------------------------
def test_the_error_seen_is_synaptics_mean_of_the_squared_errors_before_each_update():
    X, T = XOR
    net, manual = Perceptron(2, 3, 1, seed=1), Perceptron(2, 3, 1, seed=1)
    result = train(net, XOR, rate=0.5, iterations=3, error=0.0, error_on="seen")
    expected = []
    for _ in range(3):
        squares = 0.0
        for x, t in zip(X, T):
            squares += float(np.sum((t - manual.forward(x)) ** 2))       # before this pattern's update
            _, grads = manual.loss_and_grads(x, t)
            for k, p in manual.params.items():
                p -= 0.5 * grads[k]
        expected.append(squares / T.size)
    np.testing.assert_allclose(result.history, expected, rtol=0, atol=1e-15)
    assert result.error_on == "seen" and result.error == result.history[-1]


def test_the_default_error_is_on_the_whole_data_after_the_epoch():
    net = Perceptron(2, 3, 1, seed=1)
    result = train(net, XOR, rate=0.5, iterations=3, error=0.0)
    assert result.error_on == "data" and result.error == pytest.approx(evaluate_error(net, *XOR), abs=1e-15)


def test_the_error_seen_stops_training_when_it_reaches_the_target():
    net = Perceptron(2, 3, 1, seed=0, init="xavier")
    result = train(net, XOR, rate=2.0, momentum=0.9, batch_size=None, cost="cross_entropy", iterations=5000,
                   error=0.005, error_on="seen")
    assert result.reached_target and result.error <= 0.005
    assert evaluate_error(net, *XOR) <= 0.005, "after one more update the data error is lower still"


# -- BLAS threads ------------------------------------------------------------------------------------------
def blas_threads():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    return [lib["num_threads"] for lib in threadpoolctl.threadpool_info() if lib["user_api"] == "blas"]


def test_a_small_model_trains_with_one_blas_thread_and_the_limit_ends_with_the_call():
    before = blas_threads()
    seen = []
    train(Perceptron(2, 3, 1, seed=0), XOR, rate=0.1, iterations=2, error=0.0,
          callback=lambda info: seen.append(blas_threads()))
    assert seen and all(threads == [1] * len(threads) for threads in seen)
    assert blas_threads() == before


def test_the_thread_limit_ends_also_when_training_fails():
    before = blas_threads()
    with pytest.raises(RuntimeError):
        train(Perceptron(2, 3, 1, seed=0), XOR, iterations=2, callback=lambda info: (_ for _ in ()).throw(
            RuntimeError("a failing callback")))
    assert blas_threads() == before


def test_a_big_model_keeps_the_default_threads(monkeypatch):
    monkeypatch.setattr(nnteach._blas, "ONE_THREAD_BELOW", 0)        # every model counts as big
    before = blas_threads()
    seen = []
    train(Perceptron(2, 3, 1, seed=0), XOR, rate=0.1, iterations=1, error=0.0,
          callback=lambda info: seen.append(blas_threads()))
    assert seen == [before]
