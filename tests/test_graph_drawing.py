"""Drawing data of a unit graph (numbers, no matplotlib), its renderer, and the step-through records."""
import sys
import subprocess

import pytest

from nnteach import graph


def test_layout_places_layers_in_columns_in_activation_order():
    net = graph.LSTM(2, 3, 1, seed=0)
    d = graph.layout(net)
    assert [layer["name"] for layer in d.layers] == ["in", "ig", "fg", "cell", "og", "out"]
    assert [u["x"] for u in d.units] == [float(k) for k, layer in enumerate(net.layers) for _ in layer]
    assert len(d.units) == len(net.units) and len(d.connections) == len(
        [c for c in net.connections() if not c.is_bias])


def test_arrow_kinds_follow_the_activation_order():
    net = graph.LSTM(2, 2, 1, seed=0)
    d = graph.layout(net)
    kinds = {}
    for c in d.connections:
        kinds.setdefault(c["kind"], []).append((d.units[c["from"]]["layer"], d.units[c["to"]]["layer"]))
    assert set(kinds["self"]) == {("cell", "cell")}
    assert set(kinds["back"]) == {("cell", "ig"), ("cell", "fg")}     # peepholes into earlier gates
    assert ("cell", "og") in kinds["forward"] and ("in", "out") in kinds["forward"]


def test_every_gate_arrow_ends_on_the_connection_it_gates():
    net = graph.LSTM(2, 2, 1, seed=0)
    d = graph.layout(net)
    n_gated = sum(1 for c in net.connections() if c.gater is not None)
    assert len(d.gates) == n_gated
    for g in d.gates:
        c = d.connections[g["connection"]]
        assert g["end"] == c["middle"] and c["gater"] == g["gater"]
        assert d.units[g["gater"]]["layer"] in ("ig", "fg", "og")


def test_layout_needs_no_matplotlib():
    code = ("import sys; from nnteach import graph; graph.layout(graph.LSTM(2, 2, 1, seed=0)); "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"


def test_draw_graph_draws_the_layout(monkeypatch):
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure
    from nnteach.viz import draw_graph
    net = graph.Liquid(2, 4, 1, 6, 2, seed=1)
    fig = Figure()
    d = draw_graph(fig.add_subplot(), net, activations=True)
    ax = fig.axes[0]
    assert len(ax.patches) >= len(d.units) + len(d.connections) + len(d.gates)
    assert any(t.get_text() == d.units[0]["name"] for t in ax.texts)


def test_step_records_hold_the_worked_example():
    records = graph.record_steps(graph.worked_block(), graph.WORKED_INPUTS, graph.WORKED_TARGETS)
    assert [r.step for r in records] == [1, 2]
    assert records[1].units["fg"]["delta_gated"] == pytest.approx(0.007837, abs=5e-7)
    assert records[1].connections["x0 → ig"]["extended"]["cell"] == pytest.approx(0.146822, abs=5e-7)
    assert records[1].connections["1 → cell"]["e"] == pytest.approx(1.802184, abs=5e-7)
    text = str(records[1])
    assert "e^cell=0.146822" in text and "0.496179" in text


def test_record_steps_checks_shapes():
    with pytest.raises(ValueError, match="same T"):
        graph.record_steps(graph.worked_block(), [[1, 0]], [[0], [1]])


def test_layout_takes_positions_by_unit_name():
    d = graph.layout(graph.worked_block(), graph.BLOCK_POSITIONS)
    assert {u["name"]: (u["x"], u["y"]) for u in d.units} == graph.BLOCK_POSITIONS
    assert d.layers == [] and "layers" not in repr(d)
    assert {c["kind"] for c in d.connections} == {"forward", "self"}
    with pytest.raises(ValueError, match="no \\(x, y\\) for og"):
        graph.layout(graph.worked_block(), {k: v for k, v in graph.BLOCK_POSITIONS.items() if k != "og"})


def test_step_records_keep_the_terms_of_the_traces():
    records = graph.record_steps(graph.worked_block(), graph.QUIET_INPUTS, graph.QUIET_TARGETS)
    assert len(records) == 4 and records[2].x == (0.0, 0.0)
    cell = records[1].units["cell"]
    assert cell["decay"] == pytest.approx(records[1].units["fg"]["y"])          # g_cc w_cc = fg(2) · 1
    assert records[1].units["ig"]["influence"] == {"cell": pytest.approx(-0.6)}  # 0.8 x0 − 0.6 x1 at x = (0, 1)
    assert records[1].units["fg"]["influence"]["cell"] == pytest.approx(0.516525, abs=5e-7)   # s_cell(1)
    assert records[1].connections["x1 → cell"]["input"] == 1.0


def test_trace_terms_read_the_previous_step_and_check_their_arguments():
    records = graph.record_steps(graph.worked_block(), graph.WORKED_INPUTS, graph.WORKED_TARGETS)
    t = graph.trace_terms(records, "x0 → cell", 2)
    assert t.previous == pytest.approx(0.645656, abs=5e-7) and t.e == pytest.approx(0.517935, abs=5e-7)
    assert graph.trace_terms(records, "x0 → cell", 1).previous == 0.0
    with pytest.raises(ValueError, match="step must be between 1 and 2"):
        graph.trace_terms(records, "x0 → cell", 3)
    with pytest.raises(ValueError, match="no trainable connection 'cell → cell'"):
        graph.trace_terms(records, "cell → cell", 1)
