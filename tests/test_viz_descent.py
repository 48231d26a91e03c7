"""The gradient-descent player (notebook 04).

On the linear-neuron bowl gradient descent has a closed form,
``w_k − w* = (I − ε H)^k (w_0 − w*)`` with ``H = XᵀX / P``; the tests compare against it and
against the eigenvalue rule (diverges iff ε λ_max > 2) computed here.
"""
import warnings

import numpy as np
import pytest

from nnteach.viz.descent_player import MAX_STEPS, DescentPlayer, descent_path
from nnteach.viz.error_surface import LinearNeuronSurface, get_surface


@pytest.fixture
def bowl():
    return LinearNeuronSurface()


def closed_form(bowl, start, rate, k):
    H = bowl.X.T @ bowl.X / len(bowl.X)
    M = np.linalg.matrix_power(np.eye(2) - rate * H, k)
    return bowl.w_star + M @ (np.asarray(start) - bowl.w_star)


@pytest.mark.parametrize("rate", [0.1, 0.9, 1.8])
def test_path_equals_the_closed_form_on_the_bowl(bowl, rate):
    run = descent_path(bowl, (-2.0, -2.0), rate, 25)
    for k in (0, 1, 7, 25):
        assert np.allclose(run.path[k], closed_form(bowl, (-2.0, -2.0), rate, k), atol=1e-12)
    assert np.allclose(run.E, bowl.loss(run.path[:, 0], run.path[:, 1]))


@pytest.mark.parametrize("rate, verdict", [(0.1, "too slow"), (0.9, "converges"), (1.8, "zig-zags"),
                                           (2.5, "diverges")])
def test_the_four_regimes(bowl, rate, verdict):
    assert descent_path(bowl, bowl.start, rate).verdict == verdict


def test_divergence_threshold_is_two_over_the_largest_curvature(bowl):
    lam = np.linalg.eigvalsh(bowl.X.T @ bowl.X / len(bowl.X)).max()
    assert descent_path(bowl, bowl.start, 0.99 * 2 / lam, 200).diverged_at is None
    assert descent_path(bowl, bowl.start, 1.01 * 2 / lam, 200).diverged_at is not None


def test_divergence_stops_early_without_warnings(bowl):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = descent_path(bowl, bowl.start, 3.0)
        huge = descent_path(get_surface("§9.1 net (w_oh1, w_oh2)"), (0.7, -0.6), 3.0)
    assert run.diverged_at == len(run.path) - 1 < MAX_STEPS
    assert run.E[-1] > 100 * run.E[0]
    assert np.all(np.isfinite(huge.E))


def test_slowly_growing_error_counts_as_diverging(bowl):
    run = descent_path(bowl, bowl.start, 2.05, MAX_STEPS)     # |1 − 2.05·1| = 1.05: grows, never explodes in 40
    assert len(run.path) == MAX_STEPS + 1
    assert run.E[-1] > run.E[0]
    assert run.verdict == "diverges"
    assert np.all(run.E[run.diverged_at:] > run.E[0])


def test_converged_at_is_the_first_step_below_tolerance(bowl):
    run = descent_path(bowl, bowl.start, 0.9)
    k = run.converged_at
    assert run.E[k] <= 1e-3 < run.E[k - 1]


def test_player_summary_reports_divergence_with_its_step():
    p = DescentPlayer(rate=2.5)
    run = p.result.run
    assert f"diverged at step {run.diverged_at}" in p.text
    assert p.result.step == run.diverged_at                    # the slider is clipped to the run


def test_player_step_slider_moves_along_the_path(bowl):
    p = DescentPlayer(rate=0.9)
    for k in (0, 3, 10):
        r = p.set(step=k)
        assert np.allclose(r.w, closed_form(bowl, bowl.start, 0.9, k))
        assert f"step {k}," in p.text
    assert p.text.endswith("converges: E ≤ 0.001 at step 8")


def test_player_rate_slider_changes_the_verdict():
    p = DescentPlayer(rate=0.1)
    assert "too slow" in p.text
    p.set(rate=1.8)
    assert "zig-zags across the valley but reaches" in p.text
    p.set(rate=2.5)
    assert "diverged" in p.text


def test_player_start_point_and_surface():
    p = DescentPlayer(surface="§9.1 net (w_oh1, w_oh2)", rate=1.0)
    assert np.allclose(p.result.run.path[0], [0.7, -0.6])
    first = p.result.run.path[1]
    assert np.allclose(first, [0.7 + 0.0697, -0.6 + 0.0635], atol=5e-5)   # ε = 1 step, math.md §9.1 (a)
    p.set(w1=1.0, w2=1.0)
    assert "start (1.00, 1.00)" in p.text


def test_player_draws_path_up_to_the_current_step():
    p = DescentPlayer(rate=0.9, step=5)
    assert p.png()[:4] == b"\x89PNG"
    assert len(p.fig.axes) == 2
    assert len(p._path_line.get_data()[0]) == 6
    p.set(step=2)
    p.png()
    assert len(p._path_line.get_data()[0]) == 3
    p.set(rate=2.8)
    p.png()                                                    # a diverging run draws too


def test_bad_rate_is_a_clear_error(bowl):
    with pytest.raises(ValueError, match="rate must be a number > 0"):
        descent_path(bowl, (0, 0), 0.0)
    with pytest.raises(ValueError, match="outside its range"):
        DescentPlayer(rate=5.0)


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


def _blit_matches_full(ex, **state):
    import io

    from PIL import Image
    ex.png()
    ex.set(**state)
    fast = np.asarray(Image.open(io.BytesIO(ex.png())).convert("RGB"), dtype=float)
    buf = io.BytesIO()
    ex.fig.savefig(buf, format="png", dpi=ex.dpi)
    full = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"), dtype=float)
    return fast.shape == full.shape and np.mean(np.abs(fast - full)) < 1.0


def test_blitted_png_matches_a_full_redraw():
    assert _blit_matches_full(DescentPlayer(step=3), step=12, rate=1.7)
