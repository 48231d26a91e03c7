"""mode="synaptic" reproduces Synaptic 1.1.4 number for number (fixtures made by Synaptic itself, see
tests/fixtures/synaptic/README.md); the builders wire networks exactly as Synaptic's Architect does;
Synaptic's toJSON() networks load."""
import json
from pathlib import Path

import numpy as np
import pytest

from nnteach import graph

FIXTURES = Path(__file__).parent / "fixtures" / "synaptic"
CASES = ["perceptron_2_3_1", "lstm_2_2_1", "lstm_3_2_2_options", "lstm_2_2_2_1_stacked"]
PATH_OF_MODE = {"synaptic": "compiled_path", "synaptic_object": "object_path"}


def load(name):
    return json.loads((FIXTURES / f"{name}.json").read_text())


def run(data, mode):
    """Replay the fixture's steps on the network Synaptic exported; per step: outputs, weights, biases."""
    net = graph.from_synaptic_json(data["initial"], mode=mode)
    conns = [net.units[c["to"]].connection_from(net.units[c["from"]]) for c in data["initial"]["connections"]]
    steps = []
    for x, t in zip(data["inputs"], data["targets"]):
        y = net.activate(x)
        net.propagate(data["rate"], t)
        steps.append((y, np.array([c.weight for c in conns]), np.array([u.bias for u in net.units])))
    return net, steps


def largest_difference(data, mode, path):
    _, steps = run(data, mode)
    n_in = sum(1 for n in data["initial"]["neurons"] if n["layer"] == "input")
    worst = 0.0
    for (y, w, b), ref in zip(steps, data[path]):
        worst = max(worst, np.abs(y - ref["output"]).max(), np.abs(w - ref["weights"]).max(),
                    np.abs(b[n_in:] - np.array(ref["biases"])[n_in:]).max())
    return worst


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("mode", ["synaptic", "synaptic_object"])
def test_synaptic_modes_reproduce_synaptic_outputs_weights_and_biases(name, mode):
    worst = largest_difference(load(name), mode, PATH_OF_MODE[mode])
    assert worst < 1e-12, f"{name}, mode={mode}: differs from Synaptic's {PATH_OF_MODE[mode]} by {worst:.2e}"


@pytest.mark.parametrize("name", ["lstm_2_2_1", "lstm_3_2_2_options"])
def test_synaptics_two_paths_disagree_with_each_other(name):
    """Synaptic's Neuron objects and its compiled networks part from the third step on (gain timing)."""
    data = load(name)
    assert largest_difference(data, "synaptic", "object_path") > 1e-6
    assert largest_difference(data, "synaptic_object", "compiled_path") > 1e-6


@pytest.mark.parametrize("name", CASES[1:])
def test_the_paper_rule_departs_from_synaptic_on_lstm_networks(name):
    worst = largest_difference(load(name), "paper", "compiled_path")
    assert worst > 1e-4, f"{name}: the paper's rule should differ visibly from Synaptic's; differs by {worst:.2e}"


def test_object_path_units_and_traces_match_step_by_step():
    """States, activations, responsibilities (after propagate) and every trace (after activate)."""
    data = load("lstm_3_2_2_options")
    net = graph.from_synaptic_json(data["initial"], mode="synaptic_object")
    units = net.units
    for x, t, ref in zip(data["inputs"], data["targets"], data["object_path"]):
        net.activate(x)
        for i, j, e, ext in ref["traces_after_activate"]:
            c = units[j].connection_from(units[i])
            assert c.eligibility == pytest.approx(e, abs=1e-12), f"e_{j},{i}"
            for k, v in ext.items():
                assert c.extended[units[int(k)]] == pytest.approx(v, abs=1e-12), f"e^{k}_{j},{i}"
        net.propagate(data["rate"], t)
        for u, (s, old, y, bias, delta, d_p, d_g) in zip(units, ref["units_after_propagate"]):
            if u.is_input:
                continue
            assert (u.state, u.previous_state, u.activation) == pytest.approx((s, old, y), abs=1e-12), u.name
            assert u.delta == pytest.approx(delta, abs=1e-12), f"δ of {u.name}"
            assert u.delta_projected == pytest.approx(d_p, abs=1e-12), f"δP of {u.name}"
            if not u.is_output:                       # Synaptic never writes error.gated of outputs
                assert u.delta_gated == pytest.approx(d_g, abs=1e-12), f"δG of {u.name}"


def test_forget_gate_trace_example_of_math_6_7():
    """math.md §6.7 item 1: Synaptic's e^cell_fg,x is −0.071760, +0.105836; the exact one −0.037477, −0.080921."""
    ref = load("forget_gate_trace")["steps"]

    def block(mode):
        x, fg, cell = graph.Unit(name="x"), graph.Unit(bias=0.1, name="fg"), graph.Unit(bias=-0.2, name="cell")
        to_fg = x.project(fg, 0.3)
        x.project(cell, 0.5)
        fg.gate(cell.project(cell))
        return graph.Network(input=x, hidden=[fg], output=cell, mode=mode), to_fg, cell

    for mode, want in (("synaptic_object", [r["extended_fg_x_cell"] for r in ref]),
                       ("paper", [0.0, -0.037477, -0.080921])):
        net, to_fg, cell = block(mode)
        got = []
        for r in ref:
            net.activate([r["x"]])
            assert cell.state == pytest.approx(r["cell_state"], abs=1e-12)
            got.append(to_fg.extended[cell])
        assert got == pytest.approx(want, abs=5e-7), f"mode={mode}: {got}"
    assert [r["extended_fg_x_cell"] for r in ref][1:] == pytest.approx([-0.071760, 0.105836], abs=5e-7)


def wiring(data):
    """Synaptic's wiring as a set of (from, to, gater) index triples, plus each neuron's layer."""
    return ({(c["from"], c["to"], c["gater"]) for c in data["connections"]},
            [n["layer"] for n in data["neurons"]])


@pytest.mark.parametrize("name, build", [
    ("perceptron_2_3_1", lambda: graph.Perceptron(2, 3, 1, seed=0)),
    ("lstm_2_2_1", lambda: graph.LSTM(2, 2, 1, seed=0)),
    ("lstm_3_2_2_options", lambda: graph.LSTM(3, 2, 2, peepholes="one_to_one", hidden_to_hidden=True,
                                              output_to_hidden=True, output_to_gates=True, seed=0)),
    ("lstm_2_2_2_1_stacked", lambda: graph.LSTM(2, 2, 2, 1, seed=0)),
])
def test_builders_wire_exactly_as_synaptics_architect(name, build):
    ours = graph.to_synaptic_json(build())
    theirs = load(name)["initial"]
    assert wiring(ours) == wiring(theirs)


def test_lstm_gate_biases_start_at_one_as_synaptic():
    net = graph.LSTM(2, 3, 1, seed=4)
    for block in net.blocks:
        for gate in ("input_gate", "forget_gate", "output_gate"):
            assert all(u.bias == 1.0 for u in block[gate])


def test_from_synaptic_json_reads_the_tojson_file():
    net = graph.from_synaptic_json(FIXTURES / "lstm_2_2_1.tojson.json")
    assert [len(layer) for layer in net.layers] == [2, 2, 2, 2, 2, 1]
    data = load("lstm_2_2_1")
    assert net.activate(data["inputs"][0]) == pytest.approx(data["compiled_path"][0]["output"], abs=1e-12)


def test_to_synaptic_json_round_trips():
    net = graph.LSTM(2, 3, 2, hidden_to_hidden=True, seed=5)
    again = graph.from_synaptic_json(graph.to_synaptic_json(net))
    x = np.array([0.3, -0.7])
    assert np.array_equal(net.activate(x), again.activate(x))


@pytest.mark.parametrize("bad, message", [
    ({"neurons": []}, "'neurons' and 'connections'"),
    ({"neurons": [], "connections": []}, "1 to"),
    ({"neurons": [{"layer": "input", "squash": "LOGISTIC", "bias": 0}], "connections": []}, "input and output"),
    ({"neurons": [{"layer": "input", "squash": "SOFTMAX"}], "connections": []}, "squash"),
    ({"neurons": [{"layer": "input", "squash": "LOGISTIC"}, {"layer": "output", "squash": "LOGISTIC", "bias": 0}],
      "connections": [{"from": 0, "to": 5, "weight": 1}]}, "unit index"),
    ({"neurons": [{"layer": "input", "squash": "LOGISTIC"}, {"layer": "output", "squash": "LOGISTIC", "bias": 0}],
      "connections": [{"from": 1, "to": 0, "weight": 1}]}, "input neuron"),
    ({"neurons": [{"layer": "input", "squash": "LOGISTIC"}, {"layer": "output", "squash": "LOGISTIC", "bias": "x"}],
      "connections": []}, "bias"),
    ({"neurons": [{"layer": "input", "squash": "LOGISTIC"}, {"layer": "output", "squash": "LOGISTIC", "bias": 0}],
      "connections": [{"from": 0, "to": 1, "weight": 1}, {"from": 0, "to": 1, "weight": 2}]}, "repeats"),
])
def test_bad_synaptic_json_is_a_clear_value_error(bad, message):
    with pytest.raises(ValueError, match=message):
        graph.from_synaptic_json(bad)


def test_a_file_that_is_not_json_is_a_value_error(tmp_path):
    p = tmp_path / "net.json"
    p.write_text("{not json")
    with pytest.raises(ValueError, match="cannot parse JSON"):
        graph.from_synaptic_json(p)


def test_compare_modes_finds_the_forget_gates_wrong_and_the_outputs_exact():
    rng = np.random.default_rng(0)
    X = np.eye(3)[rng.integers(0, 3, 8)]
    T = (rng.uniform(size=(8, 2)) < 0.5).astype(float)
    result = graph.synaptic_rule.compare_modes(lambda mode: graph.LSTM(3, 2, 2, seed=1, mode=mode), X, T)
    assert result.steps == 8
    groups = {r["group"]: r for r in result.rows}
    assert set(groups) == {"ig", "ig bias", "fg", "fg bias", "cell", "cell bias", "og", "og bias", "out", "out bias"}
    for exact in ("og", "og bias", "out", "out bias"):
        assert groups[exact]["relative"] < 1e-12, exact
    assert groups["fg"]["relative"] > 0.1 and groups["cell bias"]["relative"] > 0.1
    assert "0 (exact)" in result.table() and result.row("fg") is groups["fg"]


def test_compare_modes_needs_a_builder_that_honours_the_mode():
    with pytest.raises(ValueError, match="mode='paper'"):
        graph.synaptic_rule.compare_modes(lambda mode: graph.LSTM(2, 1, 1, seed=0), np.eye(2), np.zeros((2, 1)))
