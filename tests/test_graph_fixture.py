"""math.md §9.2: one LSTM-g memory block over two steps, reproduced to 6 decimals through design.md §8's names."""
import pytest

from nnteach import graph

# The printed table of math.md §9.2: unit -> (s, y, δP, δG, δ) at steps 1 and 2.
UNITS = {
    1: {"ig": (0.600000, 0.645656, 0.0, -0.014225, -0.014225),
        "fg": (0.800000, 0.689974, 0.0, 0.0, 0.0),
        "cell": (0.516525, 0.626335, -0.077721, 0.0, -0.077721),
        "og": (0.200000, 0.549834, 0.0, -0.093633, -0.093633),
        "out": (0.013256, 0.503314, None, None, -0.503314)},
    2: {"ig": (-0.200000, 0.450166, 0.0, -0.014199, -0.014199),
        "fg": (1.400000, 0.802184, 0.0, 0.007837, 0.007837),
        "cell": (0.144248, 0.536000, 0.095610, 0.0, 0.095610),
        "og": (0.600000, 0.645656, 0.0, 0.073015, 0.073015),
        "out": (0.015286, 0.503821, None, None, 0.496179)},
}

# G = Δw/α: (receiving unit, sending unit) -> (step 1, step 2); "1" is the bias.
UPDATES = {
    ("ig", "x0"): (-0.014225, 0.014038), ("ig", "x1"): (0.0, -0.014199), ("ig", "1"): (-0.014225, -0.000161),
    ("fg", "x0"): (0.0, 0.0), ("fg", "x1"): (0.0, 0.007837), ("fg", "1"): (0.0, 0.007837),
    ("cell", "x0"): (-0.050181, 0.049520), ("cell", "x1"): (0.0, 0.043040), ("cell", "1"): (-0.077721, 0.172307),
    ("og", "x0"): (-0.093633, 0.0), ("og", "x1"): (0.0, 0.073015), ("og", "1"): (-0.093633, 0.073015),
    ("out", "cell"): (-0.173331, 0.171713), ("out", "1"): (-0.503314, 0.496179),
}

# Traces: (receiving, sending) -> e_ji; (receiving, sending, gated unit k) -> e^k_ji.
TRACES_AFTER_1 = {("cell", "x0"): 0.645656, ("out", "cell"): 0.344380,
                  ("ig", "x0", "cell"): 0.183027, ("ig", "1", "cell"): 0.183027,
                  ("og", "x0", "out"): 0.186034, ("og", "1", "out"): 0.186034,
                  ("fg", "x0", "cell"): 0.0, ("fg", "1", "cell"): 0.0}
TRACES_AFTER_2 = {("cell", "x0"): 0.517935, ("cell", "x1"): 0.450166, ("cell", "1"): 1.802184,
                  ("out", "cell"): 0.346072,
                  ("ig", "x0", "cell"): 0.146822, ("ig", "x1", "cell"): -0.148510, ("ig", "1", "cell"): -0.001688,
                  ("fg", "x1", "cell"): 0.081965, ("fg", "1", "cell"): 0.081965,
                  ("og", "x1", "out"): 0.147154, ("og", "1", "out"): 0.147154}


def build_block():
    """The network of §9.2 from units, connections and gates (design.md §8)."""
    x0, x1 = graph.Unit(name="x0"), graph.Unit(name="x1")
    ig = graph.Unit("logistic", bias=0.1, name="ig")
    fg = graph.Unit("logistic", bias=1.0, name="fg")
    cell = graph.Unit("logistic", bias=0.0, name="cell")
    og = graph.Unit("logistic", bias=-0.1, name="og")
    out = graph.Unit("logistic", bias=0.0, name="out")
    out.bias = -0.4                                   # the bias is settable, like a weight
    for gate, (w0, w1) in ((ig, (0.5, -0.3)), (fg, (-0.2, 0.4)), (og, (0.3, 0.7))):
        x0.project(gate, weight=w0)
        x1.project(gate, weight=w1)
    ig.gate(x0.project(cell, weight=0.8))
    ig.gate(x1.project(cell, weight=-0.6))
    fg.gate(cell.project(cell))                       # self-connection, weight 1
    og.gate(cell.project(out, weight=1.2))
    net = graph.Network(input=graph.Layer.from_units([x0, x1], name="x"), hidden=[ig, fg, cell, og], output=out)
    return net, {u.name: u for u in net.units}


def connection(units, to, frm):
    return units[to].connection_from(graph.ONE if frm == "1" else units[frm])


def check_traces(units, table, step):
    for key, want in table.items():
        c = connection(units, key[0], key[1])
        got = c.eligibility if len(key) == 2 else c.extended[units[key[2]]]
        name = f"e_{key[0]},{key[1]}" if len(key) == 2 else f"e^{key[2]}_{key[0]},{key[1]}"
        assert got == pytest.approx(want, abs=5e-7), f"step {step}: {name} = {got:.6f}, §9.2 says {want:.6f}"


@pytest.fixture
def stepped():
    """Both steps with rate 0, recording what each step shows."""
    net, units = build_block()
    record = {}
    for step, (x, target) in ((1, ((1.0, 0.0), 0.0)), (2, ((0.0, 1.0), 1.0))):
        y = net.activate(x)
        net.propagate(0.0, [target])
        record[step] = {
            "y": y.copy(),
            "units": {n: (u.state, u.activation, u.delta_projected, u.delta_gated, u.delta) for n, u in units.items()},
            "updates": {k: connection(units, *k).update for k in UPDATES},
            "traces": {k: (connection(units, k[0], k[1]).eligibility if len(k) == 2 else
                           connection(units, k[0], k[1]).extended[units[k[2]]])
                       for k in (TRACES_AFTER_1 if step == 1 else TRACES_AFTER_2)},
        }
    return net, units, record


@pytest.mark.parametrize("step", [1, 2])
def test_states_activations_and_responsibilities_match_the_table(stepped, step):
    _, _, record = stepped
    for name, want in UNITS[step].items():
        got = record[step]["units"][name]
        for label, g, w in zip(("s", "y", "δP", "δG", "δ"), got, want):
            if w is not None:
                assert g == pytest.approx(w, abs=5e-7), f"step {step}, {name}: {label} = {g:.6f}, §9.2 says {w:.6f}"


@pytest.mark.parametrize("step", [1, 2])
def test_updates_match_the_table(stepped, step):
    _, _, record = stepped
    for key, want in UPDATES.items():
        got = record[step]["updates"][key]
        assert got == pytest.approx(want[step - 1], abs=5e-7), \
            f"step {step}: Δw/α of {key[1]} → {key[0]} = {got:.6f}, §9.2 says {want[step - 1]:.6f}"


def test_traces_match_the_table_after_each_step(stepped):
    _, units, record = stepped
    for step, table in ((1, TRACES_AFTER_1), (2, TRACES_AFTER_2)):
        for key, want in table.items():
            assert record[step]["traces"][key] == pytest.approx(want, abs=5e-7), f"step {step}: trace {key}"


def test_traces_read_through_the_design_names_after_step_two(stepped):
    _, units, _ = stepped
    check_traces(units, TRACES_AFTER_2, 2)


def test_activate_returns_the_output_activation(stepped):
    _, _, record = stepped
    assert record[1]["y"].shape == (1,) and record[1]["y"].dtype.name == "float64"
    assert record[1]["y"][0] == pytest.approx(0.503314, abs=5e-7)
    assert record[2]["y"][0] == pytest.approx(0.503821, abs=5e-7)


def test_rate_zero_changes_no_weight(stepped):
    net, units, _ = stepped
    fresh, _ = build_block()
    assert [c.weight for c in net.connections()] == [c.weight for c in fresh.connections()]


def test_gater_and_layer_connection_names():
    net, units = build_block()
    assert units["cell"].connection_from(units["x0"]).gater is units["ig"]
    assert units["cell"].self_connection.gater is units["fg"]
    assert units["out"].connection_from(units["cell"]).gater is units["og"]
    assert units["ig"].connection_from(units["x0"]).gater is None
    L1, L2 = graph.Layer(2, name="a"), graph.Layer(3, name="b")
    lc = L1.project(L2, "all_to_all", weight=0.5)
    assert len(lc.connections) == 6 and all(c.weight == 0.5 for c in lc.connections)


def test_the_write_at_step_one_moves_ig_x0_at_step_two(stepped):
    """§9.2's teaching point: x0(2) = 0, yet ig ← x0 learns at step 2 through its extended trace."""
    _, _, record = stepped
    assert abs(record[2]["updates"][("ig", "x0")]) > 0.01


def test_a_positive_rate_moves_each_weight_by_rate_times_update():
    net, units = build_block()
    net.activate((1.0, 0.0))
    before = {k: connection(units, *k).weight for k in UPDATES}
    net.propagate(0.5, [0.0])
    for key, (g1, _) in UPDATES.items():
        assert connection(units, *key).weight == pytest.approx(before[key] + 0.5 * g1, abs=5e-7), key
