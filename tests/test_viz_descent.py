"""The gradient-descent player (notebook 04).

On the linear-neuron bowl gradient descent has a closed form,
``w_k − w* = (I − ε H)^k (w_0 − w*)`` with ``H = XᵀX / P``; the tests compare against it and
against the eigenvalue rule (diverges iff ε λ_max > 2) computed here.
"""
import numpy as np
import pytest

from nnteach.checks import check_rates
from nnteach.descent import DIVERGE_FACTOR, MAX_STEPS, LinearNeuronSurface, descent_path
from nnteach.viz.descent_player import DescentPlayer
from viz_helpers import blit_matches_full


@pytest.fixture
def bowl():
    return LinearNeuronSurface()


def closed_form(bowl, start, rate, k):
    H = bowl.X.T @ bowl.X / len(bowl.X)
    M = np.linalg.matrix_power(np.eye(2) - rate * H, k)
    return bowl.w_star + M @ (np.asarray(start) - bowl.w_star)


def test_slowly_growing_error_does_not_count_as_diverging(bowl):
    # One definition everywhere: "diverges" = E climbs above 10× its start within the 40 steps.
    run = descent_path(bowl, bowl.start, 2.01, MAX_STEPS)     # |1 − 2.01·1| = 1.01: grows, slowly
    assert len(run.path) == MAX_STEPS + 1 and not run.stopped
    assert run.E[0] < run.E[-1] < DIVERGE_FACTOR * run.E[0]
    assert run.diverged_at is None and run.growing             # growing, but not yet 10 × E_0 …
    assert run.outcome == "does not diverge"                   # … so it does not count as diverging
    assert run.describe() == ("does not diverge within 40 steps: E grows from 7.459 to 16.41 (2.2× its start), "
                              "but not above 10× its start")
    assert "diverges slowly" not in DescentPlayer(rate=2.01).text


def test_the_same_definition_in_the_player_legend_and_the_describe():
    p = DescentPlayer(rate=2.5, step=0)
    assert "diverged: E climbs above 10× its start within 40 steps" in p.text
    p.set(step=MAX_STEPS)
    assert "diverges: at step 3 E is more than 10× its start value" in p.text


def test_player_summary_reports_divergence_with_its_step():
    p = DescentPlayer(rate=2.5)
    run = p.result.run
    assert f"diverges: at step {run.diverged_at} E is more than 10× its start value (7.459 → " in p.text
    assert "(7.459 → 84.33); the walk stops there" in p.text   # one threshold: it stops where it diverges
    assert len(run.E) - 1 == run.diverged_at == 3
    assert p.result.step == len(run.path) - 1                 # the slider is clipped to the run


def test_player_step_slider_moves_along_the_path(bowl):
    p = DescentPlayer(rate=0.9)
    for k in (0, 3, 10):
        r = p.set(step=k)
        assert np.allclose(r.w, closed_form(bowl, bowl.start, 0.9, k))
        assert f"step {k}," in p.text
        if k < 8:                                              # no spoiler before step 8
            assert "converges" not in p.text and "play on to see the outcome" in p.text
    p.set(step=8)
    assert p.text.endswith("converges: E ≤ 0.001 at step 8")
    p.png()
    assert p._ax.get_title() == "ε = 0.90: converges"


def test_player_rate_slider_changes_the_verdict():
    p = DescentPlayer(rate=0.1)
    assert "too slow" in p.text
    p.set(rate=1.8)
    assert "zig-zags across the valley but converges: E ≤ 0.001 at step 20" in p.text
    p.set(rate=2.5)
    assert "diverges" in p.text


def test_player_start_point_and_surface():
    p = DescentPlayer(surface="worked example (w_oh1, w_oh2)", rate=1.0)
    assert "not yet E ≤ 0.01" in p.text                       # this surface's tolerance is stated
    assert np.allclose(p.result.run.path[0], [0.7, -0.6])
    first = p.result.run.path[1]
    assert np.allclose(first, [0.7 + 0.0697, -0.6 + 0.0635], atol=5e-5)   # ε = 1 step, math.md §9.1 (a)
    p.set(w1=1.0, w2=1.0)
    assert "start (1.00, 1.00)" in p.text


def test_player_draws_path_up_to_the_current_step():
    p = DescentPlayer(rate=0.9, step=5)
    assert p.png()[:4] == b"\x89PNG"
    assert len(p.fig.axes) == 3                                # map, its colour bar, the loss curve
    assert len(p._path_line.get_data()[0]) == 6
    p.set(step=2)
    p.png()
    assert len(p._path_line.get_data()[0]) == 3
    p.set(rate=2.8)
    p.png()                                                    # a diverging run draws too


def test_widget_step_slider_and_reset_button_update_image_and_label():
    import ipywidgets as w
    p = DescentPlayer(rate=0.9, step=0)
    box = p.widget()
    sliders, image, label = p._ui
    before = image.value
    sliders["step"].value = 5
    assert "step 5," in label.value and image.value != before
    play = [c for row in box.children if isinstance(row, w.HBox) for c in row.children if isinstance(c, w.Play)]
    reset = [c for row in box.children if isinstance(row, w.HBox) for c in row.children if isinstance(c, w.Button)]
    assert len(play) == 1 and play[0].max == MAX_STEPS
    reset[0].click()
    assert p.state["step"] == 0 and sliders["step"].value == 0 and "step 0," in label.value


def test_blitted_png_matches_a_full_redraw():
    assert blit_matches_full(DescentPlayer(step=3), step=12, rate=1.7)


# -- one classification for the player and check 04.3 -------------------------------------------------
@pytest.mark.parametrize("rate, outcome", [(0.1, "does not diverge"), (0.9, "converges"), (1.8, "converges"),
                                           (1.89, "converges"), (1.9, "does not diverge"),
                                           (2.0, "does not diverge"), (2.01, "does not diverge"),
                                           (2.02, "does not diverge"), (2.03, "diverges"), (2.2, "diverges"),
                                           (2.5, "diverges")])
def test_player_and_check_use_one_classification(bowl, rate, outcome):
    run = descent_path(bowl, bowl.start, rate)
    assert run.outcome == outcome
    text = DescentPlayer(rate=rate).text
    assert run.describe() in text and text.split(" — ")[1].startswith(outcome.split()[0]) or "zig-zags" in text
    as_converging = check_rates(rate, 2.5)
    as_diverging = check_rates(0.9, rate)
    assert bool(as_converging) == (outcome == "converges")
    assert bool(as_diverging) == (outcome == "diverges")
    if outcome != "converges":
        assert run.describe() in as_converging.message
    if outcome != "diverges":
        assert run.describe() in as_diverging.message


def test_player_reveals_the_outcome_only_once_played():
    p = DescentPlayer(rate=2.5, step=0)
    assert "diverges" not in p.text
    p.png()
    assert p._ax.get_title() == "ε = 2.50"
    p.set(step=p.result.run.diverged_at)
    assert "diverges" in p.text
    p = DescentPlayer(rate=0.1, step=39)                       # "too slow" shows only at the last step
    assert "too slow" not in p.text
    p.set(step=MAX_STEPS)
    assert "too slow" in p.text


# -- the figure: where the path leaves the map, a loss axis that fits the run, a clear layout ----------
def test_the_path_leaving_the_map_is_marked_with_its_step():
    p = DescentPlayer(rate=2.5)
    k, edge = p.off_plot(p.result)
    assert k == 1                                              # the first step already jumps off the map
    assert np.isclose(edge[0], 3.0) and -3.0 <= edge[1] <= 3.0   # on the right edge of the map
    p.png()
    assert p._off.get_visible() and p._off.get_text() == "off the plot\nat step 1"
    p.set(step=0)
    assert p.off_plot(p.result) is None
    p.png()
    assert not p._off.get_visible()
    q = DescentPlayer(rate=0.9)
    assert q.off_plot(q.result) is None
    q.png()
    assert not q._off.get_visible()
    z = DescentPlayer(rate=1.8)                                # its first step leaves the map, then returns
    assert z.off_plot(z.result) is None                        # back on the map at step 40: no marker
    k, edge = z.off_plot(z.set(step=1))                        # while the point shown is off the map
    assert k == 1 and np.isclose(edge[0], 3.0)


def test_the_loss_axis_is_fixed_per_surface_and_holds_every_run():
    """The axis must not depend on the run (it would hint at the steps not yet played)."""
    p = DescentPlayer(rate=0.1, step=0)
    p.figure()
    axes = set()
    for rate in (0.1, 0.9, 1.8, 2.5, 3.0):
        for step in (0, 5, MAX_STEPS):
            p.set(rate=rate, step=step)
            p.figure()
            axes.add(p._bx.get_ylim())
            assert p.result.run.E.max() < p._bx.get_ylim()[1]
    assert axes == {(1e-10, 1e3)}
    p.set(surface="worked example (w_oh1, w_oh2)", rate=3.0)
    p.figure()
    assert p._bx.get_ylim() == (1e-4, 1.0)


@pytest.mark.parametrize("rate", [0.1, 0.9, 1.8, 2.5])
def test_the_player_draws_nothing_unplayed(rate):
    """Issue #8: at step 0 the player drew the whole 40-step loss curve in grey, scaled to the run."""
    p = DescentPlayer(rate=rate, step=0)
    p.figure()
    for step in (0, 1, 4, 20):
        p.set(step=step)
        p.figure()
        k = p.result.step
        run = p.result.run
        for line in p._bx.get_lines():                       # the loss panel: nothing beyond step k
            x = np.asarray(line.get_xdata(), dtype=float)
            assert x.size == 0 or x.max() <= k, (line, x)
        for line in p._ax.get_lines()[1:]:                   # the map (after the minimum ×): the path to step k
            x = np.asarray(line.get_xdata(), dtype=float)
            assert x.size <= k + 1
            assert all(np.any(np.isclose(v, run.path[:k + 1, 0])) for v in x)
        assert np.asarray(p._E_line.get_xdata()).tolist() == list(range(k + 1))
        if k < run.decided_at:
            assert run.verdict not in p._ax.get_title() and "play on" in p.text


def test_at_step_zero_every_rate_draws_the_same_loss_panel():
    images = []
    for rate in (0.1, 2.5):
        p = DescentPlayer(rate=rate, step=0)
        p.figure()
        images.append((p._bx.get_ylim(), p._E_line.get_xdata().tolist(), p._E_line.get_ydata().tolist()))
    assert images[0] == images[1]


def test_the_colour_bar_label_keeps_clear_of_the_loss_axis_label():
    p = DescentPlayer(rate=0.9)
    p.png()
    renderer = p.fig.canvas.get_renderer()
    bar_label = p._cax.yaxis.label.get_window_extent(renderer)
    loss_label = p._bx.yaxis.label.get_window_extent(renderer)
    assert bar_label.x1 + 5 < loss_label.x0


def test_blitted_png_matches_a_full_redraw_when_the_rate_diverges():
    assert blit_matches_full(DescentPlayer(step=3), step=12, rate=2.5)


def test_a_rate_outside_the_slider_is_a_clear_error():
    with pytest.raises(ValueError, match="outside its range"):
        DescentPlayer(rate=5.0)
