"""train(): options, stopping, divergence, reproducibility."""
import numpy as np
import pytest

from nnteach import Perceptron, TrainingDiverged, train
from nnteach.datasets import logic_gate, two_moons
from nnteach.train import evaluate_error

XOR = logic_gate("XOR")


def all_four_right(net):
    X, T = XOR
    return bool(np.all((net.forward(X) > 0.5) == (T > 0.5)))


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_xor_is_learned_from_several_seeds(seed):
    net = Perceptron(2, 3, 1, seed=seed, init="xavier")
    result = train(net, XOR, cost="cross_entropy", batch_size=None, rate=2.0, momentum=0.9,
                   iterations=5000, error=0.005)
    assert result.stopped == "error" and result.error <= 0.005
    assert all_four_right(net)


def test_xor_online_with_synaptic_settings():
    net = Perceptron(2, 3, 1, seed=0)
    result = train(net, XOR, rate=0.5, iterations=20000, error=0.01, shuffle=True, seed=0, cost="cross_entropy")
    assert result.reached_target and all_four_right(net)


def test_same_seed_same_numbers():
    runs = []
    for _ in range(2):
        net = Perceptron(2, 3, 1, seed=7)
        result = train(net, XOR, rate=0.5, iterations=50, error=0, shuffle=True, seed=3)
        runs.append((result.history, {k: v.copy() for k, v in net.params.items()}))
    assert runs[0][0] == runs[1][0]
    for k in runs[0][1]:
        assert np.array_equal(runs[0][1][k], runs[1][1][k])


def test_shuffle_seed_changes_the_path():
    histories = []
    for seed in (1, 2):
        net = Perceptron(2, 3, 1, seed=7)
        histories.append(train(net, XOR, rate=0.5, iterations=30, error=0, shuffle=True, seed=seed).history)
    assert histories[0] != histories[1]


def test_reported_error_is_mean_squared_error_without_the_half():
    net = Perceptron(2, 3, 1, seed=0)
    result = train(net, XOR, rate=0.1, iterations=3, error=0)
    X, T = XOR
    assert result.error == pytest.approx(float(np.mean((T - net.forward(X)) ** 2)))
    assert len(result.history) == result.epochs == 3 and result.stopped == "iterations"


def test_one_online_epoch_is_the_delta_rule_pattern_by_pattern():
    X, T = XOR
    net = Perceptron(2, 2, 1, seed=3)
    manual = net.copy()
    train(net, (X, T), rate=0.3, iterations=1, error=0)
    for x, t in zip(X, T):
        _, g = manual.loss_and_grads(x, t)
        for k, p in manual.params.items():
            p -= 0.3 * g[k]
    for k in net.params:
        assert np.allclose(net.params[k], manual.params[k], atol=1e-15)


def test_full_batch_step_uses_the_mean_gradient_and_momentum():
    X, T = XOR
    net = Perceptron(2, 2, 1, seed=3)
    manual = net.copy()
    velocity = {k: np.zeros_like(v) for k, v in manual.params.items()}
    train(net, (X, T), rate=0.3, momentum=0.9, batch_size=None, iterations=2, error=0)
    for _ in range(2):
        _, g = manual.loss_and_grads(X, T)
        for k, p in manual.params.items():
            velocity[k] = 0.9 * velocity[k] - 0.3 * g[k]
            p += velocity[k]
    for k in net.params:
        assert np.allclose(net.params[k], manual.params[k], atol=1e-15)


def test_rate_as_list_and_function():
    seen = []
    net = Perceptron(2, 2, 1, seed=0)
    train(net, XOR, rate=[0.3, 0.2, 0.1], iterations=6, error=0,
          callback=lambda info: seen.append(info["rate"]))
    assert seen == [0.3, 0.3, 0.2, 0.2, 0.1, 0.1]
    seen.clear()
    train(net, XOR, rate=lambda epoch: 1.0 / (epoch + 1), iterations=3, error=0,
          callback=lambda info: seen.append(info["rate"]))
    assert seen == [1.0, 0.5, pytest.approx(1 / 3)]
    seen.clear()
    train(net, XOR, rate=lambda epoch, err: 0.1 if err < 10 else 1.0, iterations=2, error=0,
          callback=lambda info: seen.append(info["rate"]))
    assert seen == [0.1, 0.1]


def test_callback_can_stop_training_and_runs_every_n_epochs():
    calls = []
    net = Perceptron(2, 2, 1, seed=0)
    result = train(net, XOR, rate=0.1, iterations=100, error=0, every=5,
                   callback=lambda info: calls.append(info["epoch"]) or info["epoch"] >= 15)
    assert calls == [5, 10, 15] and result.stopped == "callback" and result.epochs == 15


def test_synaptic_schedule_form():
    calls = []
    result = train(Perceptron(2, 2, 1, seed=0), XOR, rate=0.1, iterations=6, error=0,
                   schedule={"every": 3, "do": lambda info: calls.append(round(info["error"], 6))})
    assert len(calls) == 2 and calls[-1] == round(result.error, 6) and result.iterations == 6


def test_log_prints_progress(capsys):
    train(Perceptron(2, 2, 1, seed=0), XOR, rate=0.1, iterations=4, error=0, log=2)
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and out[0].startswith("epoch      2  error")


def test_progress_without_a_kernel_shows_a_tqdm_text_bar(capsys):
    train(Perceptron(2, 2, 1, seed=0), XOR, rate=0.1, iterations=3, error=0, progress=True)
    err = capsys.readouterr().err
    assert "training" in err and "3/3" in err and "error 0.2" in err, err


def test_log_lines_and_the_progress_bar_do_not_garble_each_other(capsys):
    train(Perceptron(2, 2, 1, seed=0), XOR, rate=0.1, iterations=4, error=0, progress=True, log=1)
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 4 and all(line.startswith("epoch ") and "training" not in line for line in lines), lines
    assert "4/4" in captured.err


def test_data_as_synaptic_dicts_and_pairs():
    X, T = XOR
    dicts = [{"input": list(x), "output": list(t)} for x, t in zip(X, T)]
    pairs = [(x, t) for x, t in zip(X, T)]
    results = []
    for data in (dicts, pairs, (X, T)):
        net = Perceptron(2, 2, 1, seed=5)
        results.append(train(net, data, rate=0.3, iterations=5, error=0).history)
    assert results[0] == results[1] == results[2]


def test_mini_batches_train_two_moons():
    X, T = two_moons(200, noise=0.1, seed=0)
    net = Perceptron(2, 8, 1, seed=0, init="xavier")
    result = train(net, (X, T), cost="cross_entropy", rate=0.5, momentum=0.9, batch_size=16, shuffle=True,
                   seed=0, iterations=200, error=0.02)
    accuracy = float(np.mean((net.forward(X) > 0.5) == (T > 0.5)))
    assert accuracy > 0.95, result


def test_divergence_stops_with_a_clear_error_and_a_usable_model():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 3)) * 10
    T = rng.normal(size=(20, 1)) * 10
    net = Perceptron(3, 4, 1, activation="identity", seed=0)
    with pytest.raises(TrainingDiverged, match="smaller rate"):
        train(net, (X, T), rate=5.0, iterations=1000, error=0)
    assert all(np.all(np.isfinite(p)) for p in net.params.values())
    assert np.all(np.isfinite(net.forward(X)))


def test_interrupt_in_the_callback_keeps_the_completed_epoch(monkeypatch):
    """Stop in epoch 3's callback: epoch 3 is complete, so its weights are kept and the result describes them."""
    net = Perceptron(2, 2, 1, seed=0)

    def interrupt(info):
        if info["epoch"] == 3:
            raise KeyboardInterrupt

    result = train(net, XOR, rate=0.1, iterations=10, error=0, callback=interrupt)
    assert result.stopped == "interrupted" and result.epochs == 3 and len(result.history) == 3
    assert result.error == result.history[-1] == pytest.approx(evaluate_error(net, *XOR), rel=1e-12)
    reference = Perceptron(2, 2, 1, seed=0)
    train(reference, XOR, rate=0.1, iterations=3, error=0)
    assert all(np.allclose(net.params[k], reference.params[k], rtol=1e-12, atol=1e-15) for k in net.params)


@pytest.mark.parametrize("kwargs,message", [
    ({"rate": 0}, "rate"), ({"rate": -0.1}, "rate"), ({"rate": float("nan")}, "rate"), ({"rate": []}, "rate"),
    ({"rate": [0.1, 0]}, r"rate\[1\]"), ({"rate": lambda e: -1.0}, r"rate\(0\)"),
    ({"iterations": 0}, "iterations"), ({"batch_size": 0}, "batch_size"), ({"momentum": 1.0}, "momentum"),
    ({"error": -1}, "error"), ({"cost": "hinge"}, "'mse', 'cross_entropy'"), ({"clip": 0}, "clip"),
])
def test_bad_options_raise_value_errors(kwargs, message):
    net = Perceptron(2, 2, 1, seed=0)
    before = {k: v.copy() for k, v in net.params.items()}
    with pytest.raises(ValueError, match=message):
        train(net, XOR, **{"iterations": 5, **kwargs})
    assert all(np.array_equal(before[k], net.params[k]) for k in before), "no weight may change"


@pytest.mark.parametrize("data,message", [
    ((np.zeros((4, 3)), np.zeros((4, 1))), r"\(B, 2\)"),
    ((np.zeros((4, 2)), np.zeros((4, 2))), r"expected \(4, 1\)"),
    ((np.zeros((4, 2)), np.zeros((3, 1))), "same number"),
    ([{"in": [0, 0], "out": [0]}], "'input' and 'output'"),
    ([], "non-empty"),
    ((np.array([[0.0, np.nan]]), np.zeros((1, 1))), "NaN"),
])
def test_bad_data_raises_value_errors(data, message):
    with pytest.raises(ValueError, match=message):
        train(Perceptron(2, 2, 1, seed=0), data, iterations=2)


def test_works_for_any_model_that_obeys_the_contract():
    class Line:
        """y = a x + b, MSE only: a model written by a learner."""

        def __init__(self):
            self.params = {"a": np.zeros(1), "b": np.zeros(1)}

        def forward(self, X):
            return np.asarray(X) * self.params["a"] + self.params["b"]

        def loss_and_grads(self, X, T, cost="mse"):
            X, T = np.atleast_2d(X), np.atleast_2d(T)
            E = self.forward(X) - T
            return float(np.mean(0.5 * E ** 2)), {"a": np.mean(E * X, axis=0), "b": np.mean(E, axis=0)}

        def copy(self):
            raise NotImplementedError

    X = np.linspace(-1, 1, 21).reshape(-1, 1)
    T = 3 * X - 1
    model = Line()
    result = train(model, (X, T), rate=0.5, batch_size=None, iterations=2000, error=1e-10)
    assert result.reached_target
    assert model.params["a"][0] == pytest.approx(3, abs=1e-4) and model.params["b"][0] == pytest.approx(-1, abs=1e-4)


# -- the named steps of train ------------------------------------------------------------------------
def test_one_update_is_plain_descent_momentum_or_clipped_descent():
    from nnteach.train import one_update

    params = {"w": np.array([1.0, 2.0])}
    one_update(params, {"w": np.array([0.5, -1.0])}, rate=0.1)
    assert np.allclose(params["w"], [0.95, 2.1])                       # θ ← θ − ε g
    velocity = {"w": np.array([0.2, 0.0])}
    one_update(params, {"w": np.array([1.0, 1.0])}, rate=0.1, momentum=0.5, velocity=velocity)
    assert np.allclose(velocity["w"], [0.5 * 0.2 - 0.1, -0.1])          # v ← μ v − ε g
    assert np.allclose(params["w"], [0.95, 2.0])                        # θ ← θ + v
    one_update(params, {"w": np.array([3.0, 4.0])}, rate=1.0, clip=1.0)
    assert np.allclose(params["w"], [0.95 - 0.6, 2.0 - 0.8])            # the gradient scaled to norm 1


def test_check_options_normalises_the_options_before_training():
    from nnteach.train import check_options

    net = Perceptron(2, 2, 1, seed=0)
    options = check_options(net, XOR, batch_size=None, rate=[0.5, 0.1], iterations=10,
                            schedule={"every": 3, "do": print})
    assert options.batch_size == 4 and options.n == 4 and options.every == 3 and options.callback is print
    assert options.rate_of(0, 1.0) == 0.5 and options.rate_of(9, 1.0) == 0.1
