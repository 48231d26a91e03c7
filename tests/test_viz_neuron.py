"""The neuron explorer of notebook 01: numbers checked against nnteach.Neuron, figure drawn without a browser."""
import numpy as np
import pytest

from nnteach import Neuron
from nnteach.datasets import logic_gate
from nnteach.viz import NeuronExplorer
from nnteach.datasets.gates import gate_of
from nnteach.neuron import decision_line


def neuron_outputs(w1, w2, b):
    """The four outputs computed independently, one pattern at a time, by nnteach.Neuron."""
    X, _ = logic_gate("AND")
    n = Neuron(2, "logistic", weights=[w1, w2], bias=b)
    return np.array([n.activate(x) for x in X])


def test_outputs_match_a_neuron():
    ex = NeuronExplorer(w1=2.3, w2=-1.7, b=0.4)
    np.testing.assert_allclose(ex.result.y, neuron_outputs(2.3, -1.7, 0.4), rtol=0, atol=1e-12)


def test_set_moves_the_outputs_and_the_summary():
    ex = NeuronExplorer(w1=1.0, w2=1.0, b=-1.5, target="AND")
    before = ex.text
    ex.set(b=-0.5)
    np.testing.assert_allclose(ex.result.y, neuron_outputs(1.0, 1.0, -0.5), atol=1e-12)
    assert ex.text != before
    assert ex.result.computes == "OR"


def test_summary_reports_solved_gate_with_outputs():
    ex = NeuronExplorer(w1=1.0, w2=1.0, b=-1.5, target="AND")
    y = neuron_outputs(1.0, 1.0, -1.5)
    expected_outputs = " ".join(f"{v:.2f}" for v in y)
    assert ex.text == f"w1=1.00, w2=1.00, b=-1.50: outputs {expected_outputs} → AND ✓ (4/4 right)"


def test_wrong_target_counts_and_names_what_it_computes():
    ex = NeuronExplorer(w1=1.0, w2=1.0, b=-1.5, target="NAND")
    assert ex.result.n_right == 0
    assert "NAND ✗ (0/4 right; computes AND)" in ex.text
    ex.set(target="OR")                 # AND and OR agree on (0,0) and (1,1) only
    assert ex.result.n_right == 2


@pytest.mark.parametrize("gate, w1, w2, b", [("AND", 1, 1, -1.5), ("OR", 1, 1, -0.5), ("NAND", -1, -1, 1.5),
                                             ("NOR", -1, -1, 0.5)])
def test_known_weights_solve_their_gate(gate, w1, w2, b):
    ex = NeuronExplorer(w1=w1, w2=w2, b=b, target=gate)
    assert ex.result.solved, ex.text
    _, T = logic_gate(gate)
    assert np.array_equal(ex.result.y > 0.5, T[:, 0] == 1)


def test_xor_is_never_solved_by_one_neuron_on_a_coarse_grid():
    ex = NeuronExplorer(target="XOR")
    for w1 in np.arange(-4, 4.1, 1.0):
        for w2 in np.arange(-4, 4.1, 1.0):
            for b in np.arange(-4, 4.1, 0.5):
                ex.set(w1=float(w1), w2=float(w2), b=float(b))
                assert ex.result.n_right <= 3


def test_decision_line_is_where_the_state_is_zero():
    ex = NeuronExplorer(w1=2.0, w2=-0.5, b=0.3)
    (xa, ya), (xb, yb) = ex.result.line
    for x1, x2 in [(xa, ya), (xb, yb), ((xa + xb) / 2, (ya + yb) / 2)]:
        assert abs(2.0 * x1 - 0.5 * x2 + 0.3) < 1e-9


def test_decision_line_moves_with_the_bias():
    ex = NeuronExplorer(w1=0.0, w2=1.0, b=-0.5)
    assert ex.result.line[0][1] == pytest.approx(0.5)     # horizontal line x2 = 0.5
    ex.set(b=-1.2)
    assert ex.result.line[0][1] == pytest.approx(1.2)


def test_no_line_when_both_weights_are_zero():
    assert decision_line(0.0, 0.0, 1.0) is None
    ex = NeuronExplorer(w1=0.0, w2=0.0, b=1.0)
    assert ex.result.computes == "always 1"
    ex.png()                                               # draws without a line


def test_pattern_on_the_line_is_undecided():
    ex = NeuronExplorer(w1=1.0, w2=0.0, b=-1.0, target="AND")
    assert gate_of(ex.result.s) is None
    assert "undecided" in ex.text


def test_grid_is_the_neuron_over_the_plane():
    ex = NeuronExplorer(w1=3.0, w2=-2.0, b=0.5)
    grid = np.linspace(-0.5, 1.5, 81)
    n = Neuron(2, weights=[3.0, -2.0], bias=0.5)
    assert ex.result.grid_y[10, 70] == pytest.approx(n.activate([grid[70], grid[10]]))


def test_figure_draws_and_updates_in_place():
    ex = NeuronExplorer()
    png1 = ex.png()
    assert png1[:8] == b"\x89PNG\r\n\x1a\n"
    fig = ex.fig
    n_axes = len(fig.axes)
    ex.set(w1=-3.0)
    png2 = ex.png()
    assert ex.fig is fig and len(fig.axes) == n_axes
    assert png1 != png2


def test_bad_controls_raise_clear_errors():
    with pytest.raises(ValueError, match="target"):
        NeuronExplorer(target="XNOR")
    with pytest.raises(ValueError, match="range"):
        NeuronExplorer().set(w1=50.0)


def test_widget_builds_and_follows_set():
    ex = NeuronExplorer()
    ex.widget()
    sliders, image, label = ex._ui
    ex.set(w2=-2.0)
    assert sliders["w2"].value == -2.0
    assert "w2=-2.00" in label.value
    sliders["b"].value = 1.0                                # moving the slider recomputes
    assert ex.state["b"] == 1.0 and "b=1.00" in ex.text


def test_blitted_png_matches_a_full_redraw():
    import io

    from PIL import Image
    ex = NeuronExplorer()
    ex.png()
    ex.set(w1=-2.0, b=0.7, target="NOR")
    fast = np.asarray(Image.open(io.BytesIO(ex.png())).convert("RGB"), dtype=float)
    buf = io.BytesIO()
    ex.fig.savefig(buf, format="png", dpi=ex.dpi)
    full = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"), dtype=float)
    assert fast.shape == full.shape and np.mean(np.abs(fast - full)) < 1.0


@pytest.mark.parametrize("w1, w2, b", [(10.0, 10.0, -15.0), (-10.0, -10.0, 15.0), (-4.0, -4.0, 6.0),
                                       (1.0, 1.0, -1.5), (20.0, -20.0, 20.0)])
def test_every_value_the_notebook_suggests_fits_the_sliders(w1, w2, b):
    ex = NeuronExplorer()
    ex.set(w1=w1, w2=w2, b=b)                               # the text's w = 10, 10, b = -15; hint 01.2's -10, -10, 15
    assert ex.state == {"w1": w1, "w2": w2, "b": b, "target": "AND"}


def test_targets_are_visible_markers_even_at_zero_and_titles_are_plain_words():
    ex = NeuronExplorer(w1=1.0, w2=1.0, b=-1.5, target="AND")
    ex.figure()
    a = ex._artists
    marks = a["target_marks"]
    assert list(marks.get_ydata()) == [0, 0, 0, 1] and marks.get_marker() == "D" and not marks.get_clip_on()
    assert a["bar_ax"].get_ylim()[0] < 0                    # a target of 0 is not drawn on the axis line
    assert "target" in [t.get_text() for t in a["bar_ax"].get_legend().get_texts()]
    title = a["bar_ax"].get_title()
    assert "AND" in title and "(—)" not in title and "vs" not in title


def test_line_legend_entry_only_when_a_line_is_drawn():
    ex = NeuronExplorer(w1=1.0, w2=1.0, b=-1.5)
    ex.figure()
    labels = [t.get_text() for t in ex._artists["legend"].get_texts()]
    assert any("s = 0" in t for t in labels)
    ex.set(w1=0.0, w2=0.0)
    labels = [t.get_text() for t in ex._artists["legend"].get_texts()]
    assert not any("s = 0" in t for t in labels) and "target 1" in labels


def test_right_and_wrong_are_marks_not_red_and_green():
    from nnteach.viz.neuron_explorer import RIGHT, WRONG
    ex = NeuronExplorer(w1=1.0, w2=1.0, b=-0.5, target="XOR")     # right at 3 patterns, wrong at (1,1)
    ex.figure()
    a = ex._artists
    assert [t.get_text()[-1] for t in a["texts"]] == [RIGHT, RIGHT, RIGHT, WRONG]
    assert [t.get_text() for t in a["bar_marks"]] == [RIGHT, RIGHT, RIGHT, WRONG]
    assert len({tuple(b.get_facecolor()) for b in a["bars"]}) == 1          # bars are not coloured by right/wrong
    assert "RdBu" not in a["image"].get_cmap().name
