"""The training dashboard and the static figures of notebook 06."""
import numpy as np
import pytest

import nnteach
from nnteach.session import TrainingSession
from nnteach.viz import TrainingDashboard, show_cost_comparison, show_learning_curves
from viz_helpers import blit_matches_full


def test_dashboard_shows_the_numbers_of_its_session():
    d = TrainingDashboard(epochs=30)
    r, s = d.result, d.session
    assert r.epoch == s.epoch == 30
    assert np.array_equal(r.history, s.history) and np.array_equal(r.heldout_history, s.heldout_history)
    assert np.array_equal(r.grid, s.grid()) and r.best_epoch == s.best_epoch
    independent = TrainingSession()
    independent.step(30)
    assert np.array_equal(r.history, independent.history)      # the dashboard's run is the session's default run


def test_summary_line():
    d = TrainingDashboard(epochs=1000)
    assert d.text == ("moons, 2-30-1, ε = 0.5, μ = 0, batch 10, cross_entropy: epoch 1000: training error 1.50×10⁻⁴ "
                      "(100% right), held-out error 0.1421 (84% right); lowest held-out error 0.0808 at epoch 244")


def test_knobs_apply_from_the_next_epoch_and_structure_resets():
    d = TrainingDashboard(epochs=10)
    d.set(rate=0.2, momentum=0.5, batch_size="all", cost="mse")
    s = d.session
    assert d.result.epoch == 10 and (s.rate, s.momentum, s.batch_size, s.cost) == (0.2, 0.5, None, "mse")
    assert d.result.batch_size == "all"
    d.advance(5)
    assert d.result.epoch == 15
    d.set(hidden=4)
    assert d.session is not s and d.result.epoch == 0 and d.result.hidden == 4
    assert d.session.rate == 0.2 and d.session.batch_size is None      # the knobs carry over to the new network
    d.set(data="spirals")
    assert d.result.data == "spirals" and d.session.n_train == 150


def test_advance_and_reset():
    d = TrainingDashboard()
    first = d.result.grid.copy()
    assert d.advance().epoch == d.epochs_per_tick
    assert not np.array_equal(first, d.result.grid)
    assert d.reset().epoch == 0 and np.array_equal(first, d.result.grid)


def test_controls_and_their_ranges():
    names = [c.name for c in TrainingDashboard.controls]
    assert names == ["rate", "momentum", "batch_size", "hidden", "data", "cost"]
    with pytest.raises(ValueError):
        TrainingDashboard(momentum=1.0)
    with pytest.raises(ValueError):
        TrainingDashboard(batch_size=3)


def test_widget_buttons_step_start_tick_and_pause():
    d = TrainingDashboard()
    box = d.widget()
    sliders, image, label = d._ui
    buttons = {b.description: b for b in box.children[2].children if hasattr(b, "on_click")}
    assert list(buttons) == ["Start", "Pause", "Step", "Reset"]
    assert d._play.layout.display == "none" and not d._play.playing
    before = image.value
    buttons["Step"].click()
    assert d.result.epoch == d.epochs_per_tick and image.value != before and d._progress.value == d.epochs_per_tick
    assert f"epoch {d.epochs_per_tick}:" in label.value
    buttons["Start"].click()
    assert d._play.playing
    d._last_tick = 0.0
    d._play.value += 1                      # a tick of the browser's timer
    assert d.result.epoch == 2 * d.epochs_per_tick
    d._play.value += 1                      # arrives right after the last one: a backlog, skipped
    assert d.result.epoch == 2 * d.epochs_per_tick
    buttons["Pause"].click()
    assert not d._play.playing
    d._last_tick = 0.0
    d._play.value += 1                      # a tick after Pause changes nothing
    assert d.result.epoch == 2 * d.epochs_per_tick
    buttons["Reset"].click()
    assert d.result.epoch == 0 and d._progress.value == 0


def test_the_timer_pauses_itself_at_the_end_of_the_run():
    d = TrainingDashboard(max_epochs=30)
    d.widget()
    d.start()
    for _ in range(3):
        d._last_tick = 0.0
        d._play.value += 1
    assert d.result.epoch == 30 and not d._play.playing and not d._running
    assert "epoch 30/30: finished" in d.fig.axes[1].get_title()


def test_a_slider_redraw_blits_like_a_full_redraw():
    d = TrainingDashboard(epochs=40)
    assert blit_matches_full(d, rate=1.5)
    d.advance(20)
    d.png()
    assert d._best_level.get_xdata()[1] == 60


def test_static_show_prints_the_summary(capsys):
    TrainingDashboard(epochs=5).show()
    assert "epoch 5: training error" in capsys.readouterr().out


def test_learning_curves_print_one_line_per_curve(capsys):
    show_learning_curves({"a": [0.5, 0.2, 0.3], "b": [0.4, 0.1]}, updates_per_epoch={"a": 10, "b": 1})
    out = capsys.readouterr().out.splitlines()
    assert out[-2:] == ["a: 3 epochs, 30 updates; last 0.3000, lowest 0.2000 (at epoch 2)",
                        "b: 2 epochs, 2 updates; last 0.1000, lowest 0.1000 (at epoch 2)"]
    show_learning_curves({"y": [0.1, 0.9, 0.8]}, xlabel="step", log=False, report="highest")
    assert capsys.readouterr().out.splitlines()[-1] == "y: 3 steps; last 0.8000, highest 0.9000 (at step 2)"
    with pytest.raises(ValueError, match="report"):
        show_learning_curves({"y": [1.0]}, report="best")


def test_cost_comparison_numbers_are_those_of_the_saturated_output(capsys):
    s = -3.9075
    y = 1 / (1 + np.exp(-s))
    show_cost_comparison(t=1.0, s_mark=s)
    line = capsys.readouterr().out.splitlines()[-1]
    assert f"y_o = {y:.4f}" in line and f"δ_o = {(1 - y) * y * (1 - y):.4f}" in line
    assert f"cross-entropy E = {-np.log(y):.3f}, δ_o = {1 - y:.4f}" in line
    assert nnteach.costs.output_delta("cross_entropy", np.array([y]), np.array([1.0]))[0] == pytest.approx(1 - y)


def test_other_data_is_laid_out_again_so_no_label_leaves_the_figure():
    # the spirals' tick labels ("−1.00") are wider than the moons' ("−1.5"): with the layout of the
    # moons kept, the x2 label was drawn 10 px left of the figure's edge
    d = TrainingDashboard()
    for data in ("moons", "spirals", "moons"):
        d.set(data=data)
        fig = d.figure()
        d.png()
        renderer = d._agg_canvas(fig).get_renderer()
        for axes in fig.axes:
            box = axes.get_tightbbox(renderer)
            assert box.x0 >= 0 and box.x1 <= fig.bbox.width, (data, box)


def test_cost_comparison_labels_of_the_marks_stay_inside_the_delta_panel(monkeypatch):
    # notebook 06 marks s_o ≈ −3.9: the cross-entropy label, set to the left of its mark, crossed the
    # panel's left edge
    import nnteach.viz.training_plots as tp
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    figures = []
    monkeypatch.setattr(tp, "display_figure", figures.append)
    for s_mark in (-3.9075, -6.0, 0.0, 3.0):
        show_cost_comparison(t=1.0, s_mark=s_mark)
        fig = figures[-1]
        renderer = FigureCanvasAgg(fig).get_renderer()
        panel = fig.axes[1]
        assert len(panel.texts) == 2
        for text in panel.texts:
            box = text.get_window_extent(renderer)
            assert panel.bbox.x0 <= box.x0 and box.x1 <= panel.bbox.x1, (s_mark, text.get_text())


def test_the_lowest_held_out_marker_is_drawn_whole_at_the_axis_edge():
    """At epoch 0 the marker sits on the y axis; it is not clipped to half a triangle."""
    from nnteach.viz import TrainingDashboard
    dashboard = TrainingDashboard(epochs=10)
    dashboard.png()
    assert dashboard._best.get_clip_on() is False
