"""The backprop step-through shows the numbers of math.md §9.1 step by step (notebook 05)."""
import pytest

from nnteach.viz.backprop_stepper import STEP_NAMES, BackpropStepper
from viz_helpers import blit_matches_full

def test_each_step_states_its_equation_with_numbers():
    ex = BackpropStepper()
    expected = {0: ["x₁ = 0.8", "t = 1"], 1: ["0.4200", "0.6035", "0.2000", "0.5498"], 2: ["0.5356", "0.1078"],
                3: ["(1 − 0.5356)·0.2487 = 0.1155"], 4: ["0.2393·0.1155·0.7 = 0.0193", "−0.0172"],
                5: ["0.5·0.1155·0.6035 = 0.0349"], 6: ["0.7349", "−0.5682", "y_o = 0.5606",
                                                         "the error falls from 0.1078 to 0.0965"]}
    for k, parts in expected.items():
        ex.set(step=k)
        assert ex.text.startswith(f"step {k} ({STEP_NAMES[k]})")
        for p in parts:
            assert p in ex.text, (k, p)


def test_cost_choice_switches_to_the_cross_entropy_delta():
    ex = BackpropStepper(step=3)
    ex.set(cost="cross_entropy")
    assert "δ_o = t − y_o = 1 − 0.5356 = 0.4644" in ex.text
    ex.set(step=6)
    assert "0.8401" in ex.text


def test_diagram_reveals_numbers_step_by_step():
    ex = BackpropStepper()
    units, edges = ex.labels(ex.set(step=0))
    assert not any("δ" in v for v in units.values()) and not any("Δw" in v for v in edges.values())
    units, _ = ex.labels(ex.set(step=3))
    assert "δ=0.1155" in units[(2, 0)] and (1, 0) in units and "δ" not in units[(1, 0)]
    units, edges = ex.labels(ex.set(step=4))
    assert "δ=0.0193" in units[(1, 0)] and "δ=−0.0172" in units[(1, 1)]
    _, edges = ex.labels(ex.set(step=5))
    assert "Δw=0.0349" in edges[(2, 0, 0)]
    _, edges = ex.labels(ex.set(step=6))
    assert edges[(2, 0, 0)].startswith("0.7349")


def test_figure_draws_with_the_shared_network_diagram():
    ex = BackpropStepper(step=5)
    assert ex.png()[:4] == b"\x89PNG"
    assert ex._diagram.sizes == (2, 2, 1)
    assert ex._diagram.edge_texts[(2, 0, 0)].get_text().endswith("Δw=0.0349")
    ex.set(step=6)
    ex.png()
    assert ex._diagram.edges[(2, 0, 0)].get_linewidth() > 0


def test_bad_arguments_are_clear_errors():
    with pytest.raises(ValueError, match="cost"):
        BackpropStepper(cost="hinge")
    with pytest.raises(ValueError, match="step"):
        BackpropStepper(step=7)


def test_widget_step_slider_updates_label():
    ex = BackpropStepper()
    ex.widget()
    sliders, image, label = ex._ui
    before = image.value
    sliders["step"].value = 3
    assert "step 3 (output delta)" in label.value and "= 0.1155" in label.value and image.value != before
    sliders["cost"].value = "cross_entropy"
    assert "0.4644" in label.value



def test_blitted_png_matches_a_full_redraw():
    assert blit_matches_full(BackpropStepper(), step=6, cost="cross_entropy")


def test_step_six_shows_the_new_forward_pass_not_the_old_numbers():
    ex = BackpropStepper(step=6)
    r = ex.result
    units, _ = ex.labels(r)
    assert "δ" not in units[(2, 0)] and "f'" not in units[(2, 0)]          # old f' and δ are gone …
    assert units[(2, 0)].startswith("new pass:") and "y=0.5606" in units[(2, 0)]   # … the new pass is shown
    ex.png()
    assert "error before the step 0.1078" in ex._target.get_text()
    assert "error after the step 0.0965" in ex._target.get_text()
    assert "b_o" not in ex.text                    # no two unrelated 0.1078s (b_o's new value and the old E)
    assert ex._title.get_text().startswith("step 6 (of steps 0–6)")


def test_module_docstring_uses_the_notebook_equation_numbers():
    import nnteach.viz.backprop_stepper as m
    doc = m.__doc__
    assert "(2." not in doc and all(f"(5.{k}" in doc for k in (1, 2, 3, 4, 5))


# -- second learner review -------------------------------------------------------------------------------
def test_step_six_caption_is_wrapped_and_inside_the_figure():
    s = BackpropStepper(step=6)
    s.png()
    renderer = s.fig.canvas.get_renderer()
    box = s._footer.get_window_extent(renderer)
    width = s.fig.bbox.width
    assert box.x0 > 0.03 * width and box.x1 < 0.97 * width      # margins on both sides, nothing cut off
    lines = s._footer.get_text().split("\n")
    assert len(lines) == 2 and lines[-1].endswith("0.1078 to 0.0965")
    # the caption stays below the diagram's lowest boxes (the bias inputs "1")
    lowest = min(t.get_window_extent(renderer).y0 for t in s.fig.axes[0].texts if t is not s._footer)
    assert box.y1 <= lowest + 1


def test_step_six_weight_labels_keep_clear_of_the_input_circles():
    s = BackpropStepper(step=6)
    s.png()
    renderer = s.fig.canvas.get_renderer()
    for key in ((1, 0, 1), (1, 1, 0)):
        label = s._diagram.edge_texts[key].get_window_extent(renderer)
        sender = s.fig.axes[0].transData.transform(s._diagram.positions[(0, key[2])])
        # the label box does not cover the point 30 px right of the sender's centre (its circle's edge)
        assert not label.contains(sender[0] + 30, sender[1]), key
    assert "−0.3981" in s._diagram.edge_texts[(1, 0, 1)].get_text()


def test_step_six_calls_the_equal_bias_and_error_a_coincidence():
    s = BackpropStepper(step=6)
    assert s.coincidences(s.result) == ["b_o"]                # b_o = 0.05 + 0.5 δ_o = 0.1078 = E
    s.png()
    assert "(b_o = 0.1078 too:\na coincidence)" in s._target.get_text()
    ce = BackpropStepper(step=6, cost="cross_entropy")
    assert ce.coincidences(ce.result) == []
    ce.png()
    assert "coincidence" not in ce._target.get_text()


# -- issue #8, item 7: legible labels, off the lines; the backward pass flows backward -------------------
def _arrow_ends(ex, name, direction):
    """(tail, head) of the flow arrow beside the line of weight ``name``, checked against the drawn arrow."""
    import numpy as np
    tail, head = ex.arrow_ends(name, direction)
    from matplotlib.path import Path
    path = ex._arrows[name].get_path()                      # the arrow as drawn (data coordinates)
    drawn = path.vertices if path.codes is None else path.vertices[path.codes != Path.CLOSEPOLY]
    a, b = np.asarray(tail), np.asarray(head)
    u = np.clip((drawn - a) @ (b - a) / ((b - a) @ (b - a)), 0, 1)
    assert np.max(np.hypot(*(drawn - (a + u[:, None] * (b - a))).T)) < 0.15, "the arrow is drawn from tail to head"
    assert np.max(u) > 0.85 and np.min(u) < 0.05          # from the tail to (about) the head
    return tail, head


def _distance_to(ex, point, unit):
    import numpy as np
    return float(np.hypot(*(np.asarray(point) - np.asarray(ex._diagram.positions[unit]))))


def test_the_flow_arrows_point_forward_in_the_forward_steps_and_backward_in_the_backward_steps():
    from nnteach.viz.backprop_stepper import _EDGE_KEYS
    ex = BackpropStepper()
    ex.figure()
    for step in range(7):
        ex.set(step=step)
        flows = ex.flows(step)
        for name, arrow in ex._arrows.items():
            assert arrow.get_visible() == (name in flows), (step, name)
        for name, (direction, bold) in flows.items():
            key = _EDGE_KEYS[name]
            receiver, sender = key[:2], (key[0] - 1, key[2])
            tail, head = _arrow_ends(ex, name, direction)
            if direction == "forward":                 # into the unit the step computes
                assert _distance_to(ex, head, receiver) < _distance_to(ex, tail, receiver), (step, name)
            else:                                      # away from it, back toward the sender (the inputs' side)
                assert _distance_to(ex, head, sender) < _distance_to(ex, tail, sender), (step, name)
                assert head[0] < tail[0], "backward arrows point from the output side toward the inputs"
        assert ex._injected.get_visible() == (3 <= step <= 5)


def test_each_backward_step_highlights_the_lines_its_deltas_travel_along():
    ex = BackpropStepper()
    assert ex.flows(3) == {}                                  # step 3: only the injected error, into o
    assert {n for n, (d, bold) in ex.flows(4).items() if bold} == {"w_oh1", "w_oh2"}          # δ_o → h1, h2
    step5 = ex.flows(5)
    assert {n for n, (d, bold) in step5.items() if bold} == {"w_h1x1", "w_h1x2", "b_h1", "w_h2x1", "w_h2x2",
                                                             "b_h2"}                        # δ_h → the inputs
    assert step5["w_oh1"] == ("backward", False), "the earlier step's arrows stay, thin"
    assert all(d == "forward" for d, _ in ex.flows(1).values()) and ex.flows(6) == {}
    ex.set(step=3)
    ex.figure()
    assert "t − y_o = 0.4644" in ex._injected_text.get_text()


def test_every_number_is_at_least_ten_points_and_the_deltas_wear_the_backward_colour():
    from nnteach.viz.backprop_stepper import BACKWARD_COLOUR
    ex = BackpropStepper(step=5)
    ex.figure()
    texts = [t for t in ex.fig.axes[0].texts if t.get_visible() and t.get_text().strip()]
    assert texts and min(t.get_fontsize() for t in texts if t.get_text() != "1") >= 10.0
    deltas = [d for _, d in ex._unit_texts.values() if d.get_text()]
    assert [d.get_text() for d in deltas] == ["δ=0.0193", "δ=−0.0172", "δ=0.1155"]
    assert all(d.get_color() == BACKWARD_COLOUR for d in deltas)


@pytest.mark.parametrize("cost", ["mse", "cross_entropy"])
def test_the_units_numbers_are_not_over_any_line(cost):
    """Issue #8: the stepper's labels were about 7 px tall and over the lines."""
    import numpy as np
    ex = BackpropStepper(cost=cost)
    ex.png()                                   # an Agg canvas, for the renderer
    ax = ex.fig.axes[0]
    for step in range(7):
        ex.set(step=step)
        ex.fig.draw_without_rendering()
        renderer = ex.fig.canvas.get_renderer()
        points = []
        for line in ex._diagram.edges.values():
            xs, ys = line.get_data()
            t = np.linspace(0, 1, 200)
            points.append(ax.transData.transform(np.column_stack([xs[0] + t * (xs[1] - xs[0]),
                                                                  ys[0] + t * (ys[1] - ys[0])])))
        points = np.concatenate(points)
        for numbers, delta in ex._unit_texts.values():
            for text in (numbers, delta):
                if not text.get_text():
                    continue
                box = text.get_window_extent(renderer)
                inside = ((points[:, 0] > box.x0 + 2) & (points[:, 0] < box.x1 - 2) &
                          (points[:, 1] > box.y0 + 2) & (points[:, 1] < box.y1 - 2))
                assert not inside.any(), (step, text.get_text())


def test_edge_labels_do_not_overlap_each_other_or_the_unit_numbers():
    ex = BackpropStepper()
    ex.png()                                   # an Agg canvas, for the renderer
    for step in (0, 5, 6):
        ex.set(step=step)
        ex.fig.draw_without_rendering()
        renderer = ex.fig.canvas.get_renderer()
        boxes = [t.get_window_extent(renderer) for t in ex._diagram.edge_texts.values() if t.get_visible()]
        boxes += [t.get_window_extent(renderer) for pair in ex._unit_texts.values() for t in pair if t.get_text()]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not a.overlaps(b), (step, a, b)
