"""The one-weight error curve and the two-weight error surface (notebook 04).

Expected values come from math.md §9.1 (literal numbers) or from plain forward passes and
central differences written here, never from the explorers' own output.
"""
import math

import numpy as np
import pytest

from nnteach.descent import SURFACES, LinearNeuronSurface, error_curve, get_surface
from nnteach.viz.error_surface import ErrorCurveExplorer, ErrorSurfaceExplorer
from viz_helpers import blit_matches_full


def sig(s):
    return 1.0 / (1.0 + math.exp(-s))


def E_91(w_oh1=0.7, w_oh2=-0.6, b_o=0.05, w_h1x1=0.5, cost="mse"):
    """The §9.1 network's error, written out by hand."""
    y_h1 = sig(w_h1x1 * 0.8 - 0.4 * 0.2 + 0.1)
    y_h2 = sig(0.3 * 0.8 + 0.8 * 0.2 - 0.2)
    y = sig(w_oh1 * y_h1 + w_oh2 * y_h2 + b_o)
    return 0.5 * (1 - y) ** 2 if cost == "mse" else -math.log(y)


def central(f, w, h=1e-6):
    return (f(w + h) - f(w - h)) / (2 * h)


def test_default_summary_has_the_worked_example_numbers():
    ex = ErrorCurveExplorer()
    E_after = E_91(w_oh1=0.7349136)
    assert ex.text == (f"w_oh1 = 0.70, E = 0.1078, dE/dw = −0.0697 → after 1 step with ε = 0.5: w_oh1 = 0.7349, "
                       f"E = {E_after:.4f}")


def test_slope_is_the_central_difference_of_the_curve():
    ex = ErrorCurveExplorer()
    for w in (-2.0, 0.3, 1.7):
        r = ex.set(w=w)
        assert r.slope == pytest.approx(central(lambda v: E_91(w_oh1=v), w), abs=1e-8)
        assert r.E == pytest.approx(E_91(w_oh1=w), abs=1e-12)


def test_moving_the_slider_changes_the_summary():
    ex = ErrorCurveExplorer()
    before = ex.text
    ex.set(w=-1.5)
    assert ex.text != before
    assert ex.text.startswith("w_oh1 = −1.50")
    assert f"E = {E_91(w_oh1=-1.5):.4f}" in ex.text


def test_choosing_another_weight_starts_at_its_worked_example_value():
    ex = ErrorCurveExplorer()
    r = ex.set(weight="b_o")
    assert r.w == 0.05
    assert r.slope == pytest.approx(-0.1155, abs=5e-5)          # math.md §9.1 (a): gradient of b_o
    r = ex.set(weight="w_h1x1")
    assert r.slope == pytest.approx(central(lambda v: E_91(w_h1x1=v), 0.5), abs=1e-8)


def test_cross_entropy_slope_matches_section_9_1_b():
    r = ErrorCurveExplorer(cost="cross_entropy").result
    assert r.E == pytest.approx(0.6244, abs=5e-5)
    assert r.slope == pytest.approx(-0.2803, abs=5e-5)


def test_gradient_steps_follow_w_minus_rate_times_slope():
    ex = ErrorCurveExplorer()
    r = ex.set(steps=4, rate=3.0)
    w, expected = 0.7, [0.7]
    for _ in range(4):
        w = w - 3.0 * central(lambda v: E_91(w_oh1=v), w)
        expected.append(w)
    assert np.allclose(r.path, expected, atol=1e-7)
    assert "after 4 steps with ε = 3:" in ex.text
    assert f"w_oh1 = {expected[-1]:.4f}" in ex.text


def test_zero_steps_says_which_way_is_downhill():
    ex = ErrorCurveExplorer(steps=0)
    assert ex.text.endswith("downhill is toward larger w")      # dE/dw < 0
    r = ex.set(weight="w_h2x1")          # math.md §9.1 (a): δ_h2 y_x1 = −0.0137, so dE/dw = +0.0137 > 0
    assert r.slope == pytest.approx(0.0137, abs=5e-5)
    assert ex.text.endswith("downhill is toward smaller w")


def test_curve_figure_draws_point_and_tangent():
    ex = ErrorCurveExplorer()
    png = ex.png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    (x0, x1), (y0, y1) = ex._tangent.get_data()
    assert (y1 - y0) / (x1 - x0) == pytest.approx(ex.result.slope)
    ex.set(w=1.0)
    ex.png()
    assert ex._point.get_data()[0][0] == 1.0


def test_unknown_weight_is_a_clear_error():
    with pytest.raises(ValueError, match="not a choice"):
        ErrorCurveExplorer(weight="w_xyz")
    with pytest.raises(ValueError, match="unknown weight"):
        error_curve("w_xyz", np.zeros(2))


# -- the two-weight surface --------------------------------------------------------------


def test_network_surface_at_the_worked_example_point():
    r = ErrorSurfaceExplorer(surface="worked example (w_oh1, w_oh2)").result
    assert (r.w1, r.w2) == (0.7, -0.6)
    assert r.E == pytest.approx(0.1078, abs=5e-5)
    assert np.allclose(r.grad, [-0.0697, -0.0635], atol=5e-5)      # math.md §9.1 (a)
    assert r.E == pytest.approx(E_91(), abs=1e-12)


def test_surface_sliders_move_the_point_and_the_summary():
    ex = ErrorSurfaceExplorer()
    before = ex.text
    r = ex.set(w1=1.0, w2=0.5)
    assert ex.text != before
    assert r.E == pytest.approx(0.0, abs=1e-12)                     # the bowl's minimum
    r = ex.set(w1=-1.0, w2=2.0)
    s = LinearNeuronSurface()
    y = s.X @ np.array([-1.0, 2.0])
    assert r.E == pytest.approx(0.5 * np.mean((s.t - y) ** 2))
    assert np.allclose(r.downhill, np.mean((s.t - y)[:, None] * s.X, axis=0))
    assert "w = (−1.00, 2.00)" in ex.text


def test_surface_figure_draws_and_follows_the_surface_choice():
    ex = ErrorSurfaceExplorer()
    assert ex.png()[:4] == b"\x89PNG"
    ex.set(surface="worked example (w_h1x1, w_oh1)")
    assert (ex.state["w1"], ex.state["w2"]) == (0.5, 0.7)
    ex.png()
    assert ex._ax.get_xlabel() == "w_h1x1"
    assert tuple(ex._point.get_data()[0]) == (0.5,)


def test_widget_one_more_step_button_and_weight_dropdown():
    import ipywidgets as w
    ex = ErrorCurveExplorer(steps=0)
    box = ex.widget()
    sliders, image, label = ex._ui
    more, reset = [c for row in box.children if isinstance(row, w.HBox) for c in row.children
                   if isinstance(c, w.Button)]
    more.click()
    assert ex.state["steps"] == 1 and sliders["steps"].value == 1 and "w_oh1 = 0.7349" in label.value
    sliders["weight"].value = "b_o"
    assert sliders["w"].value == pytest.approx(0.05) and label.value.startswith("<code>b_o = 0.05")
    reset.click()
    assert ex.state["steps"] == 0


def test_constructing_with_a_weight_starts_at_its_worked_example_value():
    assert ErrorCurveExplorer(weight="b_o").result.w == 0.05
    assert ErrorCurveExplorer(weight="b_o", w=1.0).result.w == 1.0


def test_three_d_view_shows_the_same_point_and_a_downhill_path():
    ex = ErrorSurfaceExplorer()
    text = ex.text
    ex.png()
    ex.set(view="3-D")
    assert ex.png()[:4] == b"\x89PNG"
    assert ex._ax.name == "3d" and ex.text == text
    x, y, z = ex._point.get_data_3d()
    assert (x[0], y[0]) == (-2.0, -2.0) and z[0] == pytest.approx(ex.result.E)
    px, py, pz = ex._arrow.get_data_3d()
    assert pz[-1] < pz[0]                                   # the path goes downhill
    d = np.array([px[-1] - px[0], py[-1] - py[0]])
    assert np.allclose(d / np.linalg.norm(d), ex.result.downhill / np.linalg.norm(ex.result.downhill))
    ex.set(view="contours")
    ex.png()
    assert ex._ax.name != "3d"


def test_blitted_pngs_match_a_full_redraw():
    assert blit_matches_full(ErrorCurveExplorer(), w=-1.0, steps=3)
    assert blit_matches_full(ErrorSurfaceExplorer(), w1=1.5, w2=-0.5)
    assert blit_matches_full(ErrorSurfaceExplorer(view="3-D"), w1=1.5, w2=-0.5)


# -- what a learner reads: no math.md section numbers, one number format, no "−0.0000" -------------------
def test_labels_and_titles_never_show_section_numbers():
    assert not any("§" in name for name in SURFACES)
    assert get_surface("§9.1 net (w_oh1, w_oh2)") is get_surface("worked example (w_oh1, w_oh2)")   # old name
    for name in SURFACES:
        ex = ErrorSurfaceExplorer(surface=name)
        ex.png()
        assert "§" not in ex.text and "§" not in ex._ax.get_title() and "math.md" not in ex.text


def test_tiny_gradients_print_without_a_minus_zero():
    ex = ErrorSurfaceExplorer(w1=1.0, w2=0.5)          # the bowl's minimum: ∇E = 0 up to rounding
    assert "−0.0000" not in ex.text and "−0 " not in ex.text and "−0," not in ex.text


def test_large_rate_on_b_o_widens_the_axis_and_prints_small_errors():
    ex = ErrorCurveExplorer(weight="b_o", rate=40.0, steps=20)
    r = ex.result
    assert r.path.max() > 4.0                                 # the first step leaves [−4, 4] …
    assert r.w_grid[-1] >= r.path.max() and r.w_grid[0] <= -4.0   # … and the axis follows it
    ex.png()
    assert ex._ax.get_xlim()[1] >= r.path.max()
    assert "E = 0.0000" not in ex.text and "×10⁻⁵" in ex.text  # E ≈ 3.2e-5, 4 significant figures
    assert "20 steps is the most" in ex.text


def test_legend_lists_the_steps_only_when_they_are_drawn():
    ex = ErrorCurveExplorer(steps=0)
    ex.png()
    assert "after gradient steps" not in [t.get_text() for t in ex._ax.get_legend().get_texts()]
    ex.set(steps=2)
    ex.png()
    assert "after gradient steps" in [t.get_text() for t in ex._ax.get_legend().get_texts()]


def test_contour_maps_have_a_colour_bar_with_low_dark():
    from nnteach.viz.error_surface import CMAP
    ex = ErrorSurfaceExplorer()
    ex.png()
    bars = [a for a in ex._ax.child_axes if "error E" in a.get_ylabel()]
    assert len(bars) == 1 and CMAP == "viridis"
    ex.set(surface=SURFACES[1])
    ex.png()
    assert len([a for a in ex._ax.child_axes if "error E" in a.get_ylabel()]) == 1   # replaced, not added


def test_one_more_step_button_stops_at_twenty_and_says_so():
    import ipywidgets as w
    ex = ErrorCurveExplorer(steps=19)
    box = ex.widget()
    more = [c for row in box.children if isinstance(row, w.HBox) for c in row.children if isinstance(c, w.Button)][0]
    more.click()
    assert ex.state["steps"] == 20 and more.disabled and "max" in more.description
    assert "20 steps is the most" in ex.text


# -- second learner review -------------------------------------------------------------------------------


def test_colour_bar_ticks_are_round_values():
    from matplotlib import colormaps

    from nnteach.viz.error_surface import CMAP, colorbar_ticks
    for name in SURFACES:
        ex = ErrorSurfaceExplorer(surface=name)
        ex.png()
        (bar,) = [a for a in ex._ax.child_axes if "error E" in a.get_ylabel()]
        ticks = [t for t in bar.get_yticks() if bar.get_ylim()[0] <= t <= bar.get_ylim()[1]]
        assert len(ticks) >= 3, name
        for t in ticks:                                        # one significant figure: 0.05, 2, 5, 10
            assert float(f"{t:.1g}") == pytest.approx(t), (name, t)
            assert str(t / 10 ** math.floor(math.log10(t)))[0] in "125", (name, t)
    assert colorbar_ticks(1e-4, 13.7) == [0.05, 0.5, 2.0, 5.0, 10.0]
    # The words in the notebook ("dark purple is low") match the colour map's lowest colour.
    r, g, b, _ = colormaps[CMAP](0.0)
    assert r > g and b > g and max(r, g, b) < 0.6                  # dark purple


def test_contour_map_marks_the_minimum_and_a_dotted_line_to_it():
    ex = ErrorSurfaceExplorer(w1=-1.5, w2=2.0)
    ex.png()
    xs, ys = ex._to_min.get_data()
    assert np.allclose(xs, [-1.5, 1.0]) and np.allclose(ys, [2.0, 0.5]) and ex._to_min.get_linestyle() == ":"
    assert ex._to_min in ex.animated_artists()
    # From here −∇E and the way to the minimum are clearly apart (from (−2, −2) only about 7°).
    assert ex.angle_to_minimum(ex.result) == pytest.approx(36.7, abs=0.1)
    assert "−∇E is 37° away from the straight line to the minimum" in ex.text
    assert ex.angle_to_minimum(ErrorSurfaceExplorer(w1=-2.0, w2=-2.0).result) == pytest.approx(7.3, abs=0.1)
    ex.set(surface=SURFACES[1])                              # no known minimum: no line
    ex.png()
    assert ex._to_min is None and "away from the straight line" not in ex.text
    assert blit_matches_full(ErrorSurfaceExplorer(w1=-1.5, w2=2.0), w1=0.5, w2=-1.0)


def test_curve_explorer_uses_colour_blind_safe_colours():
    from matplotlib.colors import to_hex
    ex = ErrorCurveExplorer(steps=3)
    ex.png()
    colours = {to_hex(ex._point.get_color()), to_hex(ex._steps.get_color()), to_hex(ex._tangent.get_color())}
    assert to_hex("tab:green") not in colours                 # no red against green (notebook 01)
    assert to_hex(ex._steps.get_color()) == "#0072b2" and ex._tangent.get_linestyle() == "--"


def test_the_w_axis_does_not_jump_as_the_slider_moves_to_its_ends():
    """Issue #8: the axis jumped from [−4, 4] to [−4, 5] when the slider neared its end."""
    ex = ErrorCurveExplorer(weight="w_oh1", steps=0)
    ex.figure()
    limits = set()
    for w in np.linspace(-4.0, 4.0, 33):
        ex.set(w=float(w))
        limits.add(ex._ax.get_xlim())
    assert limits == {(-4.5, 4.5)}
    ex.set(w=-4.0, steps=1, rate=0.5)                         # a step that stays within ±4: no change
    assert ex._ax.get_xlim() == (-4.5, 4.5)
    ex.set(w=4.0)                                             # a step beyond 4 widens it, in whole units
    assert ex.result.path.max() > 4.0 and ex._ax.get_xlim() == (-4.5, 5.5)
