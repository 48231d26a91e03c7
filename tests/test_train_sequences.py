"""Training the recurrent models through nnteach.train on a small sequence task made here:
echo the input bit delayed by two steps (t_k = x_{k−2}, 0 for the first two steps)."""
import numpy as np
import pytest

from nnteach import LSTM, RNN, TrainingDiverged, train
from nnteach.train import evaluate_error


def echo(B, T=12, delay=2, seed=0):
    """Random bit sequences ``(B, T, 1)`` and the same bits ``delay`` steps later."""
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 2, size=(B, T, 1)).astype(float)
    Y = np.zeros_like(X)
    Y[:, delay:] = X[:, :-delay]
    return X, Y


def accuracy(model, X, Y):
    return float(np.mean((model.forward(X) > 0.5) == (Y > 0.5)))


@pytest.mark.parametrize("make, rate", [(lambda: LSTM(1, 8, 1, seed=0), 0.3),
                                        (lambda: LSTM(1, 8, 1, peepholes=False, seed=1), 0.3),
                                        (lambda: RNN(1, 8, 1, seed=0), 0.3)])
def test_minibatch_training_learns_to_echo_with_a_delay_of_two(make, rate):
    model = make()
    X, Y = echo(64)
    before = evaluate_error(model, X, Y)
    result = train(model, (X, Y), rate=rate, iterations=300, error=0.01, cost="cross_entropy",
                   batch_size=16, seed=0)
    assert before > 0.2, "an untrained model is at chance (about 0.25)"
    assert result.error < 0.02 and result.error < before / 10, result
    Xn, Yn = echo(64, seed=99)
    assert accuracy(model, Xn, Yn) > 0.95, "the delay must be learned, not the training set"


def test_full_batch_with_momentum_reduces_the_error():
    model = LSTM(1, 6, 1, seed=2)
    X, Y = echo(32, seed=3)
    before = evaluate_error(model, X, Y)
    result = train(model, (X, Y), rate=0.3, momentum=0.5, iterations=100, error=0.0, cost="cross_entropy",
                   batch_size=None)
    assert result.epochs == 100 and len(result.history) == 100
    assert result.error < 0.1 * before


def test_online_training_on_single_sequences_reduces_the_error():
    model = RNN(1, 6, 1, seed=4)
    X, Y = echo(16, seed=5)
    before = evaluate_error(model, X, Y)
    result = train(model, (X, Y), rate=0.1, iterations=20, error=0.0, cost="cross_entropy", batch_size=1,
                   shuffle=True, seed=1)
    assert result.error < 0.5 * before


def test_ragged_sequences_of_different_lengths_train():
    model = LSTM(1, 6, 1, seed=6)
    data = []
    for k, T in enumerate([8, 10, 12, 9, 11, 7] * 2):
        X, Y = echo(1, T=T, seed=10 + k)
        data.append((X[0], Y[0]))
    before = evaluate_error(model, [x for x, _ in data], [t for _, t in data])
    result = train(model, data, rate=0.3, iterations=40, error=0.0, cost="cross_entropy", batch_size=2, seed=0)
    assert result.error < 0.5 * before


def test_truncated_bptt_long_enough_for_the_delay_still_learns():
    model = LSTM(1, 8, 1, seed=0, truncate=3)
    X, Y = echo(64)
    result = train(model, (X, Y), rate=0.3, iterations=300, error=0.01, cost="cross_entropy", batch_size=16)
    assert result.error < 0.02, result


def test_clip_bounds_each_update():
    """With clip, every gradient array has norm <= clip, so one update moves each array by
    at most rate · clip; without it the same step moves further."""
    X, Y = echo(8, seed=7)
    rate, clip = 0.5, 1e-3
    clipped, free = LSTM(1, 4, 1, seed=8), LSTM(1, 4, 1, seed=8)
    start = {k: v.copy() for k, v in clipped.params.items()}
    train(clipped, (X, Y), rate=rate, iterations=1, error=0.0, cost="mse", batch_size=None, clip=clip)
    train(free, (X, Y), rate=rate, iterations=1, error=0.0, cost="mse", batch_size=None)
    moved_clipped = {k: np.linalg.norm(clipped.params[k] - start[k]) for k in start}
    moved_free = {k: np.linalg.norm(free.params[k] - start[k]) for k in start}
    assert all(m <= rate * clip * (1 + 1e-9) for m in moved_clipped.values()), moved_clipped
    assert max(moved_free.values()) > 10 * rate * clip


@pytest.mark.parametrize("make", [lambda: RNN(1, 4, 1, seed=0, output_activation="identity"),
                                  lambda: LSTM(1, 4, 1, seed=0, output_activation="identity")])
def test_a_diverging_run_raises_and_leaves_finite_weights(make):
    model = make()
    X, Y = echo(8, seed=9)
    Y = Y * 1e3
    with pytest.raises(TrainingDiverged, match="smaller rate"):
        train(model, (X, Y), rate=1e12, iterations=50, error=0.0, cost="mse", batch_size=None)
    assert all(np.all(np.isfinite(p)) for p in model.params.values())
    assert np.all(np.isfinite(model.forward(X)))


def test_bad_sequence_data_is_refused_before_training():
    model = LSTM(2, 3, 1, seed=0)
    X, Y = echo(4)
    start = {k: v.copy() for k, v in model.params.items()}
    with pytest.raises(ValueError, match=r"\(T, 2\)"):
        train(model, (X, Y), iterations=1)
    assert all(np.array_equal(start[k], model.params[k]) for k in start)
