"""BPTT for the vectorised LSTM-g layer's network, and what LSTM-g drops (math.md §6.4–§6.5, §8.1)."""
import numpy as np
import pytest

from nnteach import gradcheck, graph
from nnteach.graph import bptt


def random_layer(N, M, K, peepholes, seed, input_to_output=True):
    layer = graph.VectorisedLSTM(N, M, K, peepholes=peepholes, input_to_output=input_to_output, seed=seed,
                                 fast=False)
    rng = np.random.default_rng(seed + 3)
    for p in layer.params.values():
        p[...] = rng.uniform(-1, 1, size=p.shape)
    for g in "ifo":
        layer.gate_weights[g] *= layer.gate_mask
    layer.out_weights *= layer.out_mask
    return layer


def sequence(layer, T, seed):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(T, layer.N)), rng.uniform(0.1, 0.9, size=(T, layer.K))


def existing(layer, name):
    """Which entries of params[name] are real weights (absent peepholes / direct weights are not)."""
    N, M = layer.N, layer.M
    if name[0] in "WbU" and name[-1] in "ifo":
        cols = {"W": slice(0, N), "b": N, "U": slice(N + 1, None)}[name[0]]
        return layer.gate_mask[:, cols] > 0
    if name in ("V", "Wk", "bk"):
        cols = {"V": slice(0, M), "Wk": slice(M, M + N), "bk": M + N}[name]
        return layer.out_mask[:, cols] > 0
    return np.ones(layer.params[name].shape, dtype=bool)


@pytest.mark.parametrize("peepholes", ["all_to_all", "one_to_one", None])
@pytest.mark.parametrize("input_to_output", [True, False])
def test_bptt_gradients_equal_central_differences(peepholes, input_to_output):
    layer = random_layer(3, 3, 2, peepholes, seed=4, input_to_output=input_to_output)
    X, T = sequence(layer, 5, seed=1)
    _, grads = bptt.bptt_gradients(layer, X, T)
    params = {name: p.copy() for name, p in layer.params.items()}   # contiguous copies to perturb

    def loss(p):
        for name, value in p.items():
            layer.params[name][...] = value
        return bptt.sequence_loss(layer.forward(X), T)

    numeric = gradcheck.numerical_gradient(loss, params)
    for name, g in grads.items():
        real = existing(layer, name)
        assert np.all(g[~real] == 0.0), f"{name}: absent weights get no gradient"
        r = gradcheck.relative_error(g[real], numeric[name][real])
        assert r < 1e-7, f"{name}: BPTT differs from central differences by {r:.1e}"


def test_the_loss_is_the_cross_entropy_whose_delta_is_t_minus_y():
    Y, T = np.array([[0.2, 0.9]]), np.array([[0.0, 1.0]])
    assert bptt.sequence_loss(Y, T) == pytest.approx(-np.log(0.8) - np.log(0.9))


@pytest.mark.parametrize("T", [2, 6])
@pytest.mark.parametrize("input_to_output", [True, False])
def test_lstm_g_is_exact_when_recurrence_runs_only_through_self_connections(T, input_to_output):
    """math.md §6.5 (b): no peepholes into the input and forget gates: Σ_t LSTM-g updates = BPTT exactly."""
    layer = random_layer(3, 3, 2, None, seed=2, input_to_output=input_to_output)
    X, Y = sequence(layer, T, seed=3)
    result = bptt.compare_with_bptt(layer, X, Y)
    assert result.overall < 1e-12, result.table()
    assert result.exact() == list(result.differences)


@pytest.mark.parametrize("peepholes", ["all_to_all", "one_to_one"])
def test_lstm_g_drops_the_paths_through_the_peepholes_into_input_and_forget_gates(peepholes):
    """math.md §6.4: the cells' peepholes into ig and fg carry last step's y_c; LSTM-g treats them as constants.
    So the weights upstream of the cells (gates and cell inputs) get approximate updates; the output gates'
    and outputs' weights (nothing recurrent downstream of them) stay exact."""
    layer = random_layer(3, 3, 2, peepholes, seed=5)
    X, Y = sequence(layer, 6, seed=6)
    result = bptt.compare_with_bptt(layer, X, Y)
    assert sorted(result.exact()) == sorted(["Wo", "bo", "Uo", "V", "Wk", "bk"]), result.table()
    for name in ("Wi", "bi", "Ui", "Wf", "bf", "Uf", "Wc", "bc"):
        assert result.differences[name] > 1e-6, f"{name} should be approximate (math.md §8.1 item 7)"


def test_at_the_first_step_lstm_g_is_exact_for_any_topology():
    """math.md §6.5 (a)."""
    layer = random_layer(3, 3, 2, "all_to_all", seed=8)
    X, Y = sequence(layer, 1, seed=9)
    assert bptt.compare_with_bptt(layer, X, Y).overall < 1e-12


def test_lstm_g_gradients_leave_the_layer_unchanged():
    layer = random_layer(2, 2, 1, "all_to_all", seed=1)
    before = {n: p.copy() for n, p in layer.params.items()}
    state = layer.cell_state.copy()
    bptt.lstm_g_gradients(layer, *sequence(layer, 4, seed=1))
    bptt.bptt_gradients(layer, *sequence(layer, 4, seed=1))
    assert all(np.array_equal(layer.params[n], before[n]) for n in before)
    assert np.array_equal(layer.cell_state, state)


def test_train_bptt_takes_one_gradient_step_per_sequence():
    layer = random_layer(2, 2, 1, "all_to_all", seed=1)
    X, Y = sequence(layer, 4, seed=2)
    outputs_before = layer.forward(X)
    _, grads = bptt.bptt_gradients(layer, X, Y)
    expected = {n: layer.params[n] - 0.3 * grads[n] for n in grads}
    result = bptt.train_bptt(layer, [(X, Y)], rate=0.3)
    assert (result.sequences, result.steps, result.epochs) == (1, 4, 1)
    for n, value in expected.items():
        assert np.allclose(layer.params[n], value, atol=1e-15), n
    assert result.errors[0] == pytest.approx(np.mean((Y - outputs_before) ** 2)), "the error before the update"


def test_train_bptt_lowers_the_loss_of_a_sequence():
    layer = random_layer(2, 3, 1, "all_to_all", seed=3)
    X, Y = sequence(layer, 5, seed=4)
    before = bptt.sequence_loss(layer.forward(X), Y)
    bptt.train_bptt(layer, [(X, Y)], rate=0.05, epochs=20)
    assert bptt.sequence_loss(layer.forward(X), Y) < before


def test_memory_bptt_grows_with_the_sequence_lstm_g_does_not():
    layer = graph.VectorisedLSTM(7, 16, 7, seed=0)
    short, long = bptt.memory_per_sequence(layer, 5), bptt.memory_per_sequence(layer, 50)
    assert short.per_step == 7 + 6 * 16 + 7                  # x, ι, φ, a, s̄, y_c, ω and y at each step
    assert (short.bptt, long.bptt) == (5 * 110, 50 * 110)
    assert short.lstm_g == long.lstm_g == layer.trace_size() == 896
    assert short.rtrl == (4 * 16 + 7) * layer.n_parameters()


@pytest.mark.parametrize("call, error, message", [
    (lambda layer: bptt.bptt_gradients(layer, np.zeros((3, 2)), np.zeros((3, 1))), ValueError, "X and T must be"),
    (lambda layer: bptt.bptt_gradients(layer, np.zeros((3, 3)), np.zeros((2, 1))), ValueError, "X and T must be"),
    (lambda layer: bptt.bptt_gradients(layer, np.full((1, 3), np.nan), np.zeros((1, 1))), ValueError, "finite"),
    (lambda layer: bptt.bptt_gradients("net", np.zeros((1, 3)), np.zeros((1, 1))), TypeError, "VectorisedLSTM"),
    (lambda layer: bptt.train_bptt(layer, [], rate=0.1), ValueError, "non-empty"),
    (lambda layer: bptt.train_bptt(layer, [(np.zeros((1, 3)), np.zeros((1, 1)))], rate=-1), ValueError, "rate"),
    (lambda layer: bptt.memory_per_sequence(layer, 0), ValueError, "steps"),
])
def test_bad_arguments_are_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call(graph.VectorisedLSTM(3, 2, 1, seed=0))
