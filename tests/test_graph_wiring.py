"""Building unit graphs: projections, gatings, bad wiring and bad arguments (clear errors), builders
(seeded), printing, saving and loading."""
import numpy as np
import pytest

import nnteach
from nnteach import graph


# --- projections and gatings ---------------------------------------------------------------------

def test_layer_projections_make_the_connections_their_names_say():
    a, b = graph.Layer(3, name="a"), graph.Layer(2, name="b")
    assert len(a.project(b, "all_to_all")) == 6
    c = graph.Layer(3, name="c")
    lc = a.project(c, "one_to_one", weight=0.25)
    assert [(x.from_unit, x.to_unit) for x in lc.connections] == list(zip(a.units, c.units))
    assert lc.weights() == pytest.approx(0.25 * np.eye(3))
    d = graph.Layer(3, name="d")
    assert len(d.project(d, "all_to_else")) == 6 and all(u.self_connection is None for u in d)
    e = graph.Layer(2, name="e")
    assert len(e.project(e, "all_to_all")) == 4 and all(u.self_connection is not None for u in e)
    f = graph.Layer(2, name="f")
    f.project(f)                                     # Synaptic's default onto itself: one-to-one
    assert all(u.self_connection.weight == 1.0 for u in f)


def test_input_output_and_one_to_one_gating():
    src, dst = graph.Layer(2, name="src"), graph.Layer(3, name="dst")
    lc = src.project(dst)
    graph.Layer(3, name="g_in").gate(lc, "input")
    assert all(c.gater is not None and c.gater.name == f"g_in[{dst.units.index(c.to_unit)}]" for c in lc.connections)
    lc2 = dst.project(graph.Layer(1, name="sink"))
    g_out = graph.Layer(3, name="g_out")
    g_out.gate(lc2, "output")
    assert [c.gater for c in lc2.connections] == g_out.units
    cells = graph.Layer(2, name="cells")
    selfs = cells.project(cells, "one_to_one")
    forget = graph.Layer(2, name="forget")
    forget.gate(selfs, "one_to_one")
    assert [u.self_connection.gater for u in cells] == forget.units
    assert "gated (one_to_one) by forget" in repr(selfs)


@pytest.mark.parametrize("make, message", [
    (lambda: graph.Layer(2).project(graph.Layer(3), "one_to_one"), "same size"),
    (lambda: graph.Layer(2).project(graph.Layer(3), "some_to_some"), "how must be one of"),
    (lambda: graph.Layer(3).gate(graph.Layer(2).project(graph.Layer(2)), "input"), "as many gaters as receiving"),
    (lambda: graph.Layer(3).gate(graph.Layer(2).project(graph.Layer(3)), "output"), "as many gaters as sending"),
    (lambda: graph.Layer(3).gate(graph.Layer(2).project(graph.Layer(2)), "one_to_one"), "one gater per connection"),
    (lambda: graph.Layer(2).gate(graph.Layer(2).project(graph.Layer(2)), "sideways"), "how must be one of"),
])
def test_bad_layer_wiring_says_what_was_wrong(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_gating_a_connection_twice_is_a_value_error():
    a, b, g1, g2 = (graph.Unit(name=n) for n in "abgh")
    c = a.project(b)
    g1.gate(c)
    with pytest.raises(ValueError, match="already gated by g"):
        g2.gate(c)
    src, dst = graph.Layer(2), graph.Layer(2)
    lc = src.project(dst)
    graph.Layer(2).gate(lc, "input")
    gater = graph.Layer(2, name="late")
    with pytest.raises(ValueError, match="already gated"):
        gater.gate(lc, "output")
    assert gater.units[0].gated == []                # nothing was changed by the failed call


def test_projecting_twice_or_into_an_input_is_a_value_error():
    a, b = graph.Unit(name="a"), graph.Unit(name="b")
    a.project(b)
    with pytest.raises(ValueError, match="already projects to b"):
        a.project(b)
    a.project(a)
    with pytest.raises(ValueError, match="already self-connected"):
        a.project(a)
    inp, hid, out = graph.Layer(2, name="in"), graph.Layer(2, name="hid"), graph.Layer(1, name="out")
    inp.project(hid)
    hid.project(out)
    graph.Network(input=inp, hidden=[hid], output=out)
    with pytest.raises(ValueError, match="input layer"):
        hid.project(inp)
    with pytest.raises(ValueError, match="input unit"):
        hid.units[0].project(inp.units[0])


def test_network_rejects_wiring_that_reaches_outside_or_into_inputs():
    a, b, stranger = graph.Unit(name="a"), graph.Unit(name="b"), graph.Unit(name="stranger")
    a.project(b)
    stranger.project(b)
    with pytest.raises(ValueError, match="stranger, which is not in this network"):
        graph.Network(input=a, output=b)
    x, y = graph.Unit(name="x"), graph.Unit(name="y")
    y.project(x)
    with pytest.raises(ValueError, match="input unit x receives connections"):
        graph.Network(input=x, output=y)
    u = graph.Unit(name="u")
    with pytest.raises(ValueError, match="appears twice"):
        graph.Network(input=u, output=u)


@pytest.mark.parametrize("call, error, message", [
    (lambda: graph.Unit("softmax"), ValueError, "unknown activation 'softmax'.*'hlim'"),
    (lambda: graph.Unit(bias="one"), TypeError, "bias must be a number"),
    (lambda: graph.Unit(bias=float("nan")), ValueError, "finite"),
    (lambda: graph.Unit().project("b"), TypeError, "only project to a Unit"),
    (lambda: graph.Unit().gate("c"), TypeError, "only gate a Connection"),
    (lambda: graph.Layer(0), ValueError, "size must be a whole number"),
    (lambda: graph.LSTM(2, 1), ValueError, "at least 3 layer sizes"),
    (lambda: graph.LSTM(2, 2, 1, peepholes="some"), ValueError, "peepholes must be"),
    (lambda: graph.LSTM(2, 2, 1, hidden_to_hidden="yes"), TypeError, "hidden_to_hidden must be True or False"),
    (lambda: graph.Liquid(2, 3, 1, 2, 5, seed=0), ValueError, "cannot gate 5 connections"),
    (lambda: graph.Network(input=graph.Layer(1), output=graph.Layer(1), mode="fast"), ValueError, "mode must be"),
    (lambda: graph.VectorisedLSTM(2, 2, 1, peepholes="full"), ValueError, "peepholes must be"),
])
def test_bad_arguments_name_what_was_expected(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_activate_and_propagate_check_their_arguments():
    net = graph.Perceptron(2, 2, 1, seed=0)
    with pytest.raises(ValueError, match=r"x has shape \(3,\); expected \(2,\)"):
        net.activate([1, 2, 3])
    with pytest.raises(ValueError, match="NaN"):
        net.activate([1, float("nan")])
    net.activate([1, 0])
    with pytest.raises(ValueError, match=r"target has shape \(2,\); expected \(1,\)"):
        net.propagate(0.1, [1, 0])
    with pytest.raises(ValueError, match="rate must be a finite number >= 0"):
        net.propagate(-0.1, [1])
    with pytest.raises(ValueError, match="rate must be a finite number >= 0"):
        net.propagate(float("inf"), [1])
    with pytest.raises(TypeError, match="rate must be a number"):
        net.propagate("fast", [1])
    layer = graph.VectorisedLSTM(2, 2, 1, seed=0, fast=False)
    with pytest.raises(ValueError, match=r"x has shape"):
        layer.activate([1.0])
    layer.activate([1.0, 0.0])
    with pytest.raises(ValueError, match="rate must be"):
        layer.propagate(-1, [0.0])


# --- units, activations, bias ---------------------------------------------------------------------

def test_hard_limit_is_a_step_with_a_straight_through_derivative():
    u = graph.Unit("hlim", bias=0.0, name="h")
    x = graph.Unit(name="x")
    x.project(u, 1.0)
    net = graph.Network(input=x, output=u)
    assert net.activate([0.3])[0] == 1.0 and u.derivative == 1.0
    assert net.activate([-0.3])[0] == 0.0 and u.derivative == 1.0
    assert net.activate([0.0])[0] == 0.0                 # step(0) = 0, as Synaptic's x > 0 ? 1 : 0


def test_bias_is_a_connection_from_the_always_one_unit():
    u = graph.Unit(bias=0.3, name="u")
    assert u.bias_connection.from_unit is graph.ONE and u.bias_connection.weight == 0.3
    u.bias = -0.5
    assert u.bias_connection.weight == -0.5 and u.connection_from(graph.ONE) is u.bias_connection


def test_weights_you_do_not_give_are_small_and_reproducible():
    graph.seed(3)
    a = [graph.Unit().bias for _ in range(50)]
    graph.seed(3)
    b = [graph.Unit().bias for _ in range(50)]
    assert a == b and all(-0.1 <= w < 0.1 for w in a)


@pytest.mark.parametrize("build", [
    lambda s: graph.Perceptron(2, 3, 1, seed=s),
    lambda s: graph.LSTM(3, 2, 2, hidden_to_hidden=True, output_to_gates=True, seed=s),
    lambda s: graph.Liquid(2, 5, 1, 8, 3, seed=s),
    lambda s: graph.AutoAssociator(4, seed=s),
])
def test_builders_are_seeded(build):
    w = lambda net: [c.weight for c in net.connections()]  # noqa: E731
    assert w(build(1)) == w(build(1))
    assert w(build(1)) != w(build(2))


def test_liquid_gates_distinct_pool_connections():
    net = graph.Liquid(2, 6, 2, 20, 6, seed=4)
    pool = net.hidden[0]
    gated = [c for u in pool for c in u.gated]
    assert len(gated) == 6 and len({id(c) for c in gated}) == 6
    assert all(c.gater in pool.units for c in gated)
    assert net.activate([0.5, -0.5]).shape == (2,)


def test_auto_associator_learns_to_recall_its_patterns():
    net = graph.AutoAssociator(6, seed=0)
    patterns = np.array([[1, 0, 1, 0, 1, 0], [0, 1, 1, 0, 0, 1]], dtype=float)
    net.learn(patterns, epochs=300)
    for p in patterns:
        assert np.array_equal(net.feed(p), p)
    # one layer fed all-to-all from the input, no self-connections, no symmetric recurrent weights
    assert len(net.hidden) == 0 and all(len(u.incoming) == 6 and u.self_connection is None for u in net.output)


# --- printing -----------------------------------------------------------------------------------------

def test_reprs_say_something_useful():
    net = graph.LSTM(2, 1, 1, seed=0)
    net.activate([1.0, 0.0])
    cell = net.unit("cell")
    assert repr(cell).startswith("<logistic Unit cell: s=") and "δ=" in repr(cell)
    assert "gated by fg" in repr(cell.self_connection)
    assert "gated by ig" in repr(cell.connection_from(net.unit("in[0]")))
    assert "e^cell=" in repr(net.unit("ig").connection_from(net.unit("in[0]")))
    assert repr(net).startswith("<Network 2-1-1-1-1-1") and "mode='paper'" in repr(net)
    assert "trainable weights" in net.summary()
    assert cell.describe().count("\n") >= 3
    assert "input Layer 'in'" in repr(net.input)


def test_forward_runs_sequences_with_learning_off():
    net = graph.LSTM(2, 2, 1, seed=1)
    before = [c.weight for c in net.connections()]
    X = np.random.default_rng(0).normal(size=(3, 4, 2))
    Y = net.forward(X)
    assert Y.shape == (3, 4, 1) and [c.weight for c in net.connections()] == before
    assert np.array_equal(net.forward(X[1]), Y[1])


# --- saving -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["paper", "synaptic"])
def test_graph_networks_round_trip_through_nnteach_save_and_load(tmp_path, mode):
    net = graph.LSTM(3, 2, 2, peepholes="one_to_one", output_to_gates=True, seed=9, mode=mode)
    g = graph.Unit(name="extra-gate")
    net2 = graph.Network(input=graph.Layer(1, name="x"), hidden=[g], output=graph.Unit(name="o"))
    g.gate(net2.output.units[0].bias_connection)         # even a gated bias survives the trip
    for model in (net, net2):
        path = nnteach.save(model, tmp_path / "net.json")
        again = nnteach.load(path)
        assert type(again) is graph.Network and again.mode == model.mode
        x = np.linspace(-1, 1, model.n_inputs)
        assert np.array_equal(again.activate(x), model.activate(x))
        weights = lambda n: {(c.from_unit.name, c.to_unit.name, c.gater.name if c.gater else None): c.weight  # noqa: E731
                             for c in n.connections()}
        assert weights(again) == weights(model)


def test_vectorised_layer_round_trips(tmp_path):
    layer = graph.VectorisedLSTM(3, 2, 2, input_to_output=False, seed=4)
    again = nnteach.load(nnteach.save(layer, tmp_path / "layer.json"))
    x = np.array([0.2, 0.4, -0.1])
    assert np.array_equal(again.activate(x), layer.activate(x))


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["config"].update(layers="nope"), "'layers' must be a list"),
    (lambda d: d["config"]["connections"].append({"from": 0, "to": 99, "weight": 1.0, "gater": None}), "unit index"),
    (lambda d: d["config"]["connections"].append({"from": 3, "to": 0, "weight": 1.0, "gater": None}), "input unit"),
    (lambda d: d["config"]["connections"][0].update(weight="x"), "weight must be a finite number"),
    (lambda d: d["config"]["layers"][1]["units"][0].update(activation="softmax"), "unknown activation"),
    (lambda d: d["config"].update(mode="fast"), "'mode' must be one of"),
    (lambda d: d["config"]["connections"].append(dict(d["config"]["connections"][0])), "repeats"),
])
def test_a_bad_graph_file_is_a_clear_value_error(tmp_path, edit, message):
    import json
    path = nnteach.save(graph.Perceptron(2, 2, 1, seed=0), tmp_path / "net.json")
    data = json.loads(path.read_text())
    edit(data)
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match=message):
        nnteach.load(path)


@pytest.mark.parametrize("fast", [False, True])
def test_vectorised_layer_rejects_non_finite_inputs_and_targets(fast):
    if fast and not graph.fast_available():
        pytest.skip("numba is not installed")
    layer = graph.VectorisedLSTM(2, 2, 1, seed=0, fast=fast)
    with pytest.raises(ValueError, match="x contains NaN"):
        layer.activate([1.0, float("nan")])
    assert np.all(layer.cell_state == 0.0), "a rejected input changes nothing"
    layer.activate([1.0, 0.0])
    with pytest.raises(ValueError, match="target contains NaN"):
        layer.propagate(0.1, [float("inf")])
