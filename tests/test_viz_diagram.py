"""The reusable network diagram: layout, widths and colours from weights, labels, in-place updates."""
import numpy as np
import pytest
from matplotlib.figure import Figure

from nnteach import Perceptron
from nnteach.viz import draw_network, network_weights
from nnteach.viz.network_diagram import NEGATIVE, POSITIVE, forward_labels

W1 = np.array([[0.5, -0.4], [0.3, 0.8]])
B1 = np.array([0.1, -0.2])
W2 = np.array([[0.7, -0.6]])
B2 = np.array([0.05])


def new_ax():
    return Figure(figsize=(5, 3.4), dpi=80).add_subplot()


def test_one_line_per_weight_and_bias():
    d = draw_network(new_ax(), [W1, W2], [B1, B2])
    assert d.sizes == (2, 2, 1)
    assert len(d.edges) == 2 * 2 + 2 + 2 * 1 + 1
    assert (1, 0, "b") in d.edges and (2, 0, 1) in d.edges


def test_without_biases_no_bias_units():
    d = draw_network(new_ax(), [W1, W2])
    assert len(d.edges) == 6 and (0, "b") not in d.positions


def test_width_grows_with_abs_weight_and_colour_gives_sign():
    d = draw_network(new_ax(), [W1, W2], [B1, B2])
    assert d.edges[(2, 0, 0)].get_linewidth() > d.edges[(1, 0, 0)].get_linewidth()   # |0.7| > |0.5|
    assert d.edges[(1, 1, 1)].get_linewidth() == pytest.approx(d.max_width)          # 0.8 is the largest
    assert d.edges[(1, 0, 0)].get_color() == POSITIVE
    assert d.edges[(1, 0, 1)].get_color() == NEGATIVE


def test_edge_label_keys_are_to_from():
    d = draw_network(new_ax(), [W1, W2], [B1, B2], edge_labels="weights")
    assert d.edge_texts[(1, 0, 1)].get_text() == "-0.40"     # w_{h1 x2} = W1[0, 1]
    assert d.edge_texts[(1, 1, 0)].get_text() == "0.30"      # w_{h2 x1} = W1[1, 0]
    assert d.edge_texts[(2, 0, "b")].get_text() == "0.05"


def test_accepts_a_perceptron_and_a_params_dict():
    net = Perceptron(2, 3, 1, seed=1)
    d1 = draw_network(new_ax(), net)
    d2 = draw_network(new_ax(), net.params)
    assert d1.sizes == d2.sizes == (2, 3, 1)


def test_update_changes_artists_in_place():
    ax = new_ax()
    d = draw_network(ax, [W1, W2], [B1, B2], edge_labels={(1, 0, 0): "a"})
    line = d.edges[(1, 0, 0)]
    d.update([-W1, W2], [B1, B2], edge_labels={(1, 0, 0): "b"}, unit_labels={(2, 0): "y=0.5"})
    assert d.edges[(1, 0, 0)] is line and line.get_color() == NEGATIVE
    assert d.edge_texts[(1, 0, 0)].get_text() == "b"
    assert d.unit_texts[(2, 0)].get_text() == "y=0.5"
    d.update([W1, W2], [B1, B2])
    assert not d.edge_texts[(1, 0, 0)].get_visible() and not d.unit_texts[(2, 0)].get_visible()


def test_forward_labels_are_the_worked_example():
    labels, values = forward_labels([W1, W2], [B1, B2], [0.8, 0.2])
    assert labels[(1, 0)] == "s=0.4200\ny=0.6035"            # math.md §9.1
    assert labels[(1, 1)] == "s=0.2000\ny=0.5498"
    assert labels[(2, 0)] == "s=0.1425\ny=0.5356"
    net = Perceptron(2, 2, 1)
    net.params.update(W1=W1, b1=B1, W2=W2, b2=B2)
    assert values[(2, 0)] == pytest.approx(float(net.forward(np.array([0.8, 0.2]))[0]))


def test_shape_mismatches_are_clear_errors():
    with pytest.raises(ValueError, match="to × from"):
        network_weights([W1, np.ones((1, 3))])
    with pytest.raises(ValueError, match="bias 1"):
        network_weights([W1, W2], [np.ones(3), B2])
    d = draw_network(new_ax(), [W1, W2], [B1, B2])
    with pytest.raises(ValueError, match="drawn for layer sizes"):
        d.update([np.ones((3, 2)), np.ones((1, 3))], [np.ones(3), B2])
    with pytest.raises(ValueError, match="x has shape"):
        forward_labels([W1, W2], [B1, B2], [1.0, 2.0, 3.0])


def test_deeper_network_gets_layer_names():
    d = draw_network(new_ax(), [np.ones((3, 2)), np.ones((2, 3)), np.ones((1, 2))])
    assert d.name_texts[(1, 0)].get_text() == "h¹₁" and d.name_texts[(3, 0)].get_text() == "o"
    assert len(d.artists()) >= len(d.edges) + sum(d.sizes)


def _dist_to_edge(d, key, p):
    end, start = d._segment(key)
    v = start - end
    u = np.clip(np.dot(p - end, v) / np.dot(v, v), 0, 1)
    return float(np.hypot(*(p - (end + u * v))))


@pytest.mark.parametrize("weights, biases", [([W1, W2], [B1, B2]), ([[[0.5, -0.4]]], [[0.1]]),
                                             ([np.ones((2, 2)), np.ones((1, 2))], [np.ones(2), np.ones(1)])])
def test_edge_labels_sit_on_their_own_line_apart_from_the_others(weights, biases):
    d = draw_network(new_ax(), weights, biases, edge_labels="weights")
    w, h = d.label_box
    pos = {k: np.array(d.edge_texts[k].get_position()) for k in d.edges}
    for key, p in pos.items():
        assert _dist_to_edge(d, key, p) < 1e-9                               # on its own line
        others = [_dist_to_edge(d, k, p) for k in d.edges if k != key]
        assert min(others) > 0.05, key                                       # no other line through its centre
        for k2, q in pos.items():                                            # boxes do not overlap
            assert k2 == key or abs(p[0] - q[0]) >= w or abs(p[1] - q[1]) >= h, (key, k2)


def test_bias_labels_of_one_layer_are_apart():
    d = draw_network(new_ax(), [W1, W2], [B1, B2], edge_labels="weights")
    p, q = (np.array(d.edge_texts[(1, j, "b")].get_position()) for j in range(2))
    assert np.hypot(*(p - q)) > 0.5


def test_sign_colours_are_a_colour_blind_safe_blue_orange_pair():
    from matplotlib.colors import to_rgb
    pos, neg = to_rgb(POSITIVE), to_rgb(NEGATIVE)
    assert pos[2] > pos[0] and neg[0] > neg[2] and neg[1] > 0.35           # blue, and orange rather than red


def test_bias_label_pos_moves_only_the_bias_labels_towards_the_always_1_unit():
    base = draw_network(new_ax(), [W1, W2], [B1, B2], edge_labels="weights")
    moved = draw_network(new_ax(), [W1, W2], [B1, B2], edge_labels="weights", bias_label_pos=0.7)
    for key in base.edges:
        if key[2] != "b":
            continue
        end, start = moved._segment(key)
        p_base = np.array(base.edge_texts[key].get_position())
        p_moved = np.array(moved.edge_texts[key].get_position())
        assert np.hypot(*(p_moved - start)) < np.hypot(*(p_base - start)), key     # nearer the "1" unit
        assert _dist_to_edge(moved, key, p_moved) < 1e-9                            # still on its own line
    default = draw_network(new_ax(), [W1, W2], [B1, B2], edge_labels="weights", bias_label_pos=None)
    assert default.label_positions == base.label_positions                          # default unchanged


def test_crossing_lines_of_a_2_2_1_network_keep_their_labels_apart_as_the_xor_explorer_draws_them():
    d = draw_network(new_ax(), [np.array([[5.0, 5.0], [5.0, 5.0]]), np.array([[5.0, -5.0]])],
                     [np.array([-2.5, -7.5]), np.array([-2.5])], edge_labels="weights",
                     edge_label_pos=0.22, bias_label_pos=0.7)
    w, h = d.label_box
    into_h1 = [np.array(d.edge_texts[k].get_position()) for k in [(1, 0, 0), (1, 0, 1), (1, 0, "b")]]
    for i, p in enumerate(into_h1):                       # the three labels into h1 do not bunch up
        for q in into_h1[i + 1:]:
            assert abs(p[0] - q[0]) >= w or abs(p[1] - q[1]) >= 1.5 * h
    p, q = (np.array(d.edge_texts[k].get_position()) for k in [(1, 0, 1), (1, 1, 0)])   # x2→h1, x1→h2
    assert np.hypot(*(p - q)) > w
