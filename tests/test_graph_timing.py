"""The timing task (Synaptic's Trainer.timingTask, generated correctly) and its held-out scorer."""
import numpy as np
import pytest

from nnteach import graph
from nnteach.datasets import timing_task
from nnteach.scoring import timing_score


class Oracle:
    """Reads each pulse's duration and outputs 0.5 for exactly n + 1 steps (``extra`` steps more)."""

    def __init__(self, max_duration=20, extra=0):
        self.max_duration, self.extra = max_duration, extra

    def forward(self, X):
        Y = np.zeros(X.shape[:-1] + (1,))
        for b, seq in enumerate(X):
            left = 0
            for t, (pulse, duration) in enumerate(seq):
                if pulse == 1.0:
                    left = int(round(duration * self.max_duration)) + 1 + self.extra
                Y[b, t, 0] = 0.5 if left > 0 else 0.0
                left -= 1
        return Y


def test_the_same_seed_gives_the_same_stream():
    a, b = timing_task(500, seed=3), timing_task(500, seed=3)
    assert np.array_equal(a.X, b.X) and np.array_equal(a.T, b.T)
    assert not np.array_equal(a.X, timing_task(500, seed=4).X)


def test_each_pulse_asks_for_n_plus_one_steps_and_pulses_never_overlap():
    task = timing_task(3000, seed=1)
    assert np.all(task.starts[1:] == task.ends[:-1]), "each pulse follows the previous episode"
    assert np.all(task.ends - task.starts >= task.durations + 2), "at least one quiet step after a window"
    for s, n, e in zip(task.starts, task.durations, task.ends):
        if e > len(task):
            continue
        assert task.X[s, 0] == 1.0 and task.X[s + 1:e, 0].sum() == 0.0
        assert np.all(task.X[s:e, 1] == n / 20), "the duration is announced and held until the next pulse"
        assert np.all(task.T[s:s + n + 1, 0] == 0.5) and np.all(task.T[s + n + 1:e, 0] == 0.0)


def test_durations_are_uniform_including_the_ends():
    """Synaptic's round(20·random()) makes 0 and 20 half as likely; here every duration is equally likely."""
    d = timing_task(400_000, seed=0).durations
    counts = np.bincount(d, minlength=21)
    expected = len(d) / 21
    assert np.all(np.abs(counts - expected) < 5 * np.sqrt(expected)), counts


def test_an_exact_timer_scores_one_and_a_late_timer_scores_zero():
    task = timing_task(2000, seed=2)
    perfect = timing_score(Oracle(), task)
    assert perfect.score == 1.0 and perfect.step_accuracy == 1.0 and perfect.parts["mse"] == 0.0
    late = timing_score(Oracle(extra=1), task)
    assert late.score == 0.0 and late.parts["pulse steps"] == 1.0 and late.parts["quiet steps"] < 1.0
    assert perfect.n == int(task.complete.sum())


def test_a_graph_network_is_scored_with_learning_off():
    net = graph.LSTM(2, 3, 1, seed=0)
    before = [c.weight for c in net.connections()]
    result = timing_score(net, timing_task(300, seed=5))
    assert 0.0 <= result.score <= 1.0 and [c.weight for c in net.connections()] == before


@pytest.mark.parametrize("call, message", [
    (lambda: timing_task(0), "steps must be a whole number"),
    (lambda: timing_task(100, min_gap=30), "min_gap must be"),
    (lambda: timing_score(Oracle(), "stream"), "TimingTask"),
    (lambda: timing_score(Oracle(), timing_task(50, seed=0), tolerance=0.6), "tolerance"),
])
def test_bad_arguments_are_value_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_train_online_lowers_the_error_on_a_memory_task():
    """A one-cell LSTM-g learns to repeat the first input at the last step (a tiny delayed recall)."""
    rng = np.random.default_rng(0)
    pairs = []
    for _ in range(40):
        bit = float(rng.integers(2))
        x = np.zeros((4, 2)); x[0] = (bit, 1 - bit)
        t = np.zeros((4, 1)); t[-1] = bit
        pairs.append((x, t))
    layer = graph.VectorisedLSTM(2, 2, 1, seed=1)
    result = graph.train_online(layer, pairs, rate=0.3, epochs=30, shuffle=True, seed=0)
    assert result.epochs == 30 and result.steps == 30 * 40 * 4
    assert result.errors[-1] < 0.5 * result.errors[0], str(result)
    with pytest.raises(ValueError, match="non-empty list"):
        graph.train_online(layer, [])
    with pytest.raises(TypeError, match="no activate"):
        graph.train_online(object(), pairs)
