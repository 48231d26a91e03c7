"""The XOR hidden-unit explorer of notebook 03: numbers checked against nnteach.Perceptron."""
import numpy as np
import pytest

from nnteach import Perceptron
from nnteach.datasets import xor
from nnteach.viz import XOR_SOLUTION, XorExplorer


def perceptron_from(state):
    """A Perceptron(2, 2, 1) holding the explorer's weights (independent forward pass)."""
    net = Perceptron(2, 2, 1)
    net.params["W1"][...] = [[state["w_h1x1"], state["w_h1x2"]], [state["w_h2x1"], state["w_h2x2"]]]
    net.params["b1"][...] = [state["b_h1"], state["b_h2"]]
    net.params["W2"][...] = [[state["w_oh1"], state["w_oh2"]]]
    net.params["b2"][...] = [state["b_o"]]
    return net


def test_outputs_match_a_perceptron():
    ex = XorExplorer(w_h1x1=3.0, w_h2x2=-4.5, b_o=1.5)
    X, _ = xor()
    Y0, Y1, Y2 = perceptron_from(ex.state).forward_all(X)
    np.testing.assert_allclose(ex.result.y_h, Y1, atol=1e-12)
    np.testing.assert_allclose(ex.result.y_o, Y2[:, 0], atol=1e-12)


def test_default_is_not_solved_because_both_hidden_units_are_the_same():
    ex = XorExplorer()
    assert not ex.result.solved
    assert ex.result.hidden_gates == ("OR", "OR")
    assert "✗ not XOR yet" in ex.text


def test_moving_one_bias_solves_xor_and_the_summary_follows():
    ex = XorExplorer()
    ex.set(b_h2=-7.5)
    X, T = xor()
    y = perceptron_from(ex.state).forward(X)[:, 0]
    assert np.array_equal(y > 0.5, T[:, 0] == 1)
    assert ex.result.solved and ex.result.hidden_gates == ("OR", "AND")
    outs = " ".join(f"{v:.2f}" for v in y)
    assert ex.text == f"outputs {outs} → ✓ XOR solved; h1 = OR, h2 = AND"


def test_the_published_solution_solves_xor():
    assert XorExplorer(**XOR_SOLUTION).result.solved


def test_hidden_lines_are_where_each_hidden_state_is_zero():
    ex = XorExplorer(w_h1x1=2.0, w_h1x2=3.0, b_h1=-1.0, w_h2x1=-1.0, w_h2x2=0.5, b_h2=0.25)
    W1, b1 = ex.result.W1, ex.result.b1
    for k, line in enumerate(ex.result.lines):
        for x1, x2 in line:
            assert abs(W1[k, 0] * x1 + W1[k, 1] * x2 + b1[k]) < 1e-9


def test_params_have_perceptron_shapes():
    p = XorExplorer().result.params
    net = Perceptron(2, 2, 1)
    assert {k: v.shape for k, v in p.items()} == {k: v.shape for k, v in net.params.items()}


def test_figure_has_three_panels_and_changes_with_the_weights():
    ex = XorExplorer()
    a = ex.png()
    assert len(ex.fig.axes) == 4          # hidden, output, its colour bar, diagram
    ex.set(w_oh2=5.0)
    b = ex.png()
    assert a != b
    lw = ex._artists["diagram"].edges[(2, 0, 1)].get_linewidth()
    ex.set(w_oh2=0.5)
    assert ex._artists["diagram"].edges[(2, 0, 1)].get_linewidth() < lw


def test_static_and_blitted_pictures_agree():
    """The fast (blitted) PNG must show what a full redraw shows."""
    import io

    from PIL import Image
    ex = XorExplorer(**XOR_SOLUTION)
    ex.png()
    ex.set(w_oh1=2.0)
    fast = np.asarray(Image.open(io.BytesIO(ex.png())).convert("RGB"), dtype=float)
    buf = io.BytesIO()
    ex.fig.savefig(buf, format="png", dpi=ex.dpi)
    full = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"), dtype=float)
    assert fast.shape == full.shape
    assert np.mean(np.abs(fast - full)) < 1.0


def test_out_of_range_weight_is_a_clear_error():
    with pytest.raises(ValueError, match="w_oh1"):
        XorExplorer(w_oh1=20.0)


def test_hidden_regions_are_hatched_outlined_and_have_a_legend():
    ex = XorExplorer(**XOR_SOLUTION)
    ex.figure()
    a = ex._artists
    hatches = [cs.hatches[0] for cs in a["regions"]]
    assert len(hatches) == 2 and hatches[0] != hatches[1]                  # overlap shows as cross-hatching
    assert [ln.get_linestyle() for ln in a["hidden_lines"]] == ["-", "--"]  # told apart without colour too
    labels = [t.get_text() for t in a["hidden_legend"].get_texts()]
    assert labels[0].startswith("h1 on") and labels[1].startswith("h2 on")


def test_regions_follow_the_sliders_and_vanish_when_a_unit_is_never_on():
    ex = XorExplorer()
    ex.png()
    ex.set(b_h2=-10.0, w_h2x1=-5.0, w_h2x2=-5.0)                 # h2 is off everywhere on the plane
    ex.png()
    assert len(ex._artists["regions"]) == 1
    assert all(cs.axes is ex._artists["hidden_ax"] for cs in ex._artists["regions"])


def test_output_patterns_marked_right_or_wrong_by_shape():
    from nnteach.viz.neuron_explorer import RIGHT, WRONG
    ex = XorExplorer()                                             # not solved: right at (0,0), (1,1) only
    ex.figure()
    marks = [t.get_text()[-1] for t in ex._artists["texts"]]
    assert marks == [RIGHT if ok else WRONG for ok in ex.result.right] and WRONG in marks


def test_overlapping_hidden_regions_stay_readable():
    """Both hatches visible where h1 and h2 overlap: different densities, widths and outlines, and a legend."""
    ex = XorExplorer(**XOR_SOLUTION)
    ex.figure()
    a = ex._artists
    (h1, h2) = a["regions"]
    assert len(h2.hatches[0]) > len(h1.hatches[0])                          # h2 denser
    assert h1.get_hatch_linewidth() > h2.get_hatch_linewidth()             # h1 thicker, so it does not hide h2
    assert tuple(h1.get_edgecolor()[0][:3]) != tuple(h2.get_edgecolor()[0][:3])
    handles = a["hidden_legend"].legend_handles
    assert [hd.get_hatch() for hd in handles] == [h1.hatches[0], h2.hatches[0]]


def test_network_panel_is_the_widest_and_its_crossing_labels_apart():
    ex = XorExplorer(**XOR_SOLUTION)
    fig = ex.figure()
    a = ex._artists
    widths = {name: a[name].get_position().width for name in ("hidden_ax", "out_ax")}
    d = a["diagram"]
    assert d.ax.get_position().width > max(widths.values())
    w, h = d.label_box
    p, q = (np.array(d.edge_texts[k].get_position()) for k in [(1, 0, 1), (1, 1, 0)])   # x2→h1, x1→h2
    b = np.array(d.edge_texts[(1, 0, "b")].get_position())
    assert np.hypot(*(p - q)) > w and np.hypot(*(p - b)) > w
    assert 10 <= fig.get_figwidth() <= 11     # wide, yet it fits a laptop's JupyterLab at 100 CSS px per inch
