"""LSTM-g's exactness invariants (math.md §6.5, §8.2): exact where the table says exact, a mismatch above
1e-6 where it says approximate; feed-forward LSTM-g = backprop with cross-entropy; the vectorised layer
(numpy and compiled) = the unit graph."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nnteach
from nnteach import graph


def memory_block(peepholes=(), output_to_input_gate=False, cell_activation="logistic", n_out=2, seed=0):
    """One LSTM-g memory block (input, forget, output gate, one cell) with logistic outputs (math.md §6.5)."""
    x = graph.Layer(2, name="x")
    ig, fg, og = (graph.Layer(1, name=n) for n in ("ig", "fg", "og"))
    cell = graph.Layer(1, cell_activation, name="cell")
    out = graph.Layer(n_out, name="out")
    into_cell = x.project(cell)
    for gate in (ig, fg, og):
        x.project(gate)
    ig.gate(into_cell, "input")
    fg.gate(cell.project(cell), "one_to_one")
    og.gate(cell.project(out), "output")
    x.project(out)
    for name in peepholes:
        cell.project({"ig": ig, "fg": fg, "og": og}[name])
    if output_to_input_gate:
        out.project(ig)
    net = graph.Network(input=x, hidden=[ig, fg, cell, og], output=out)
    rng = np.random.default_rng(seed)
    for c in net.connections():                       # U(−1, 1), not ±0.1: small weights hide bugs (§8.1)
        if c.trainable:
            c.weight = rng.uniform(-1, 1)
    return net


def sequence(T, n_out=2, seed=1):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(T, 2)), rng.uniform(0.05, 0.95, size=(T, n_out))


def lstm_g_directions(net, X, Y):
    """Σ_t Δw/α over the sequence with frozen weights (rate 0), per trainable connection."""
    conns = [c for c in net.connections() if c.trainable]
    total = np.zeros(len(conns))
    net.clear()
    for x, y in zip(X, Y):
        net.activate(x)
        net.propagate(0.0, y)
        total += [c.update for c in conns]
    return total


def loss(net, X, Y):
    """L = Σ_t E(t), E = cross-entropy of the logistic outputs, from a fresh state."""
    net.clear()
    total = 0.0
    for x, y in zip(X, Y):
        p = net.activate(x)
        total -= float(np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))
    return total


def minus_gradient(net, X, Y, h=1e-5):
    """−∂L/∂w by central differences (math.md §8.1)."""
    conns = [c for c in net.connections() if c.trainable]
    g = np.zeros(len(conns))
    for k, c in enumerate(conns):
        w = c.weight
        c.weight = w + h
        up = loss(net, X, Y)
        c.weight = w - h
        down = loss(net, X, Y)
        c.weight = w
        g[k] = -(up - down) / (2 * h)
    return g


def mismatch(net, T):
    X, Y = sequence(T, n_out=len(net.output))
    G, g = lstm_g_directions(net, X, Y), minus_gradient(net, X, Y)
    return np.linalg.norm(G - g) / (np.linalg.norm(G) + np.linalg.norm(g))


@pytest.mark.parametrize("T", [2, 6])
@pytest.mark.parametrize("case, kwargs", [
    ("no peepholes", {}),
    ("output-gate peephole only", {"peepholes": ("og",)}),
    ("identity cell, no peepholes", {"cell_activation": "identity"}),
])
def test_exact_when_recurrence_runs_only_through_self_connections(case, kwargs, T):
    r = mismatch(memory_block(**kwargs), T)
    assert r < 1e-8, f"{case}, T={T}: LSTM-g should equal −∇L exactly (math.md §6.5), relative mismatch {r:.1e}"


def test_exact_for_any_topology_at_the_first_step():
    net = memory_block(peepholes=("ig", "fg", "og"), output_to_input_gate=True)
    r = mismatch(net, 1)
    assert r < 1e-8, f"T=1 from a zero state: LSTM-g should equal backprop, mismatch {r:.1e}"


@pytest.mark.parametrize("T", [2, 6])
@pytest.mark.parametrize("case, kwargs", [
    ("cell → input, forget and output gate peepholes", {"peepholes": ("ig", "fg", "og")}),
    ("output → input gate back-connection", {"output_to_input_gate": True}),
])
def test_approximate_when_a_unit_reads_a_later_unit(case, kwargs, T):
    r = mismatch(memory_block(**kwargs), T)
    assert r > 1e-6, f"{case}, T={T}: LSTM-g drops these paths (math.md §6.4), so it must differ; mismatch {r:.1e}"
    assert r < 0.05, f"{case}, T={T}: an approximation, not a wrong sign: mismatch {r:.1e}"


def test_feed_forward_graph_gives_perceptron_updates_with_cross_entropy():
    mlp = nnteach.Perceptron(2, 3, 2, seed=7)
    net = graph.Perceptron(2, 3, 2, seed=0)
    inputs, hidden, outputs = net.layers
    for layer, (W, b) in ((hidden, ("W1", "b1")), (outputs, ("W2", "b2"))):
        sources = inputs if layer is hidden else hidden
        for j, u in enumerate(layer):
            u.bias = mlp.params[b][j]
            for i, s in enumerate(sources):
                u.connection_from(s).weight = mlp.params[W][j, i]
    x, t = np.array([0.8, -0.3]), np.array([1.0, 0.0])
    y = net.activate(x)
    assert y == pytest.approx(mlp.forward(x), abs=1e-14)
    net.propagate(0.0, t)
    _, grads = mlp.loss_and_grads(x[None], t[None], "cross_entropy")
    for layer, (W, b) in ((hidden, ("W1", "b1")), (outputs, ("W2", "b2"))):
        sources = inputs if layer is hidden else hidden
        for j, u in enumerate(layer):
            assert u.bias_connection.update == pytest.approx(-grads[b][j], abs=1e-12), f"bias of {u.name}"
            for i, s in enumerate(sources):
                got = u.connection_from(s).update
                assert got == pytest.approx(-grads[W][j, i], abs=1e-12), f"{s.name} → {u.name}"


def test_unit_without_self_connection_has_eligibility_gain_times_input():
    net = memory_block()
    X, Y = sequence(3)
    for x in X:
        net.activate(x)
        og = net.unit("og")
        for c in og.incoming:
            assert c.eligibility == c.gain * c.from_unit.activation


def test_self_connected_identity_unit_with_constant_input_has_eligibility_t_times_input():
    x, u = graph.Unit(name="x"), graph.Unit("identity", bias=0.0, name="u")
    c = x.project(u, 0.5)
    u.project(u)
    net = graph.Network(input=x, output=u)
    for t in range(1, 6):
        net.activate([0.7])
        assert c.eligibility == pytest.approx(0.7 * t, abs=1e-14)
        assert u.bias_connection.eligibility == pytest.approx(t, abs=1e-14)
        assert u.state == pytest.approx(0.35 * t, abs=1e-14)   # the constant error carousel integrates


def test_forget_gate_learns_nothing_at_the_first_step():
    """A forget gate with zero previous cell state (t = 1) has δ = 0 and zero updates (math.md §8.2)."""
    net = memory_block(peepholes=("ig", "fg", "og"))
    X, Y = sequence(1)
    net.activate(X[0])
    net.propagate(0.0, Y[0])
    fg = net.unit("fg")
    assert fg.delta == 0.0
    assert all(c.update == 0.0 for c in fg.trainable_inputs())


def test_clear_really_starts_a_fresh_sequence():
    """Unlike Synaptic's clear() (its issue #309), cell states, activations and traces all go to zero."""
    net = graph.LSTM(2, 3, 1, seed=3)
    fresh = net.copy()
    X, Y = sequence(4, n_out=1)
    for x, y in zip(X, Y):
        net.activate(x)
        net.propagate(0.0, y)
    net.clear()
    assert all(u.state == 0.0 and u.activation == 0.0 and u.delta == 0.0 for u in net.units)
    assert all(c.eligibility == 0.0 and all(v == 0.0 for v in c.extended.values()) for c in net.connections())
    assert np.array_equal(net.activate(X[0]), fresh.activate(X[0]))


def random_lstm(N, M, K, peepholes, input_to_output, seed):
    net = graph.LSTM(N, M, K, peepholes=peepholes, input_to_output=input_to_output, seed=seed)
    rng = np.random.default_rng(seed + 1)
    for c in net.connections():
        if c.trainable:
            c.weight = rng.uniform(-1, 1)
    return net


@settings(max_examples=12, deadline=None)
@given(N=st.integers(1, 4), M=st.integers(1, 4), K=st.integers(1, 3),
       peepholes=st.sampled_from(["all_to_all", "one_to_one", None]), input_to_output=st.booleans(),
       seed=st.integers(0, 10_000))
def test_vectorised_layer_equals_the_unit_graph(N, M, K, peepholes, input_to_output, seed):
    net = random_lstm(N, M, K, peepholes, input_to_output, seed)
    layers = [graph.VectorisedLSTM.from_network(net, fast=False)]
    if graph.fast_available():
        layers.append(graph.VectorisedLSTM.from_network(net, fast=True))
    rng = np.random.default_rng(seed)
    for step in range(5):
        x, t = rng.normal(size=N), rng.uniform(size=K)
        y = net.activate(x)
        for layer in layers:
            assert np.abs(layer.activate(x) - y).max() < 1e-12, f"outputs differ at step {step} ({layer!r})"
        net.propagate(0.4, t)
        for layer in layers:
            layer.propagate(0.4, t)
    ours = graph.VectorisedLSTM.from_network(net, fast=False).params
    for layer in layers:
        for name, value in ours.items():
            assert np.abs(layer.params[name] - value).max() < 1e-12, f"{name} differs after training ({layer!r})"


def test_vectorised_deltas_are_the_unit_graphs():
    net = random_lstm(3, 2, 2, "all_to_all", True, 5)
    layer = graph.VectorisedLSTM.from_network(net, fast=False)
    x, t = np.array([0.5, -1.0, 0.2]), np.array([1.0, 0.0])
    net.activate(x), layer.activate(x)
    net.propagate(0.0, t), layer.propagate(0.0, t)
    _, _, cells, og = net.hidden
    assert layer.delta_cell == pytest.approx(cells.deltas, abs=1e-14)
    assert layer.delta_output_gate == pytest.approx(og.deltas, abs=1e-14)
    assert layer.delta_output == pytest.approx(net.output.deltas, abs=1e-14)


def test_vectorised_to_network_and_back_keeps_the_weights():
    layer = graph.VectorisedLSTM(3, 4, 2, peepholes="one_to_one", seed=2)
    again = graph.VectorisedLSTM.from_network(layer.to_network())
    assert set(again.params) == set(layer.params)
    for name in layer.params:
        assert np.array_equal(again.params[name], layer.params[name]), name
