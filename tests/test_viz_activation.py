"""The activation explorer of notebook 02: f, f' with a gain, the steepest point and saturation."""
import numpy as np
import pytest

from nnteach import activations
from nnteach.viz import ActivationExplorer
from nnteach.activations import saturation_edge


def numeric_slope(f, s, h=1e-5):
    return (f(s + h) - f(s - h)) / (2 * h)


@pytest.mark.parametrize("name", ["logistic", "tanh", "identity"])
@pytest.mark.parametrize("gain", [0.5, 1.0, 2.5])
def test_slope_is_the_derivative_of_f_of_gain_s(name, gain):
    ex = ActivationExplorer(activation=name, gain=gain)
    r = ex.result
    f = activations.get(name).f
    np.testing.assert_allclose(r.y, f(gain * r.s), atol=1e-12)
    np.testing.assert_allclose(r.slope, numeric_slope(lambda s: f(gain * s), r.s), atol=1e-6)


def test_relu_slope_is_gain_on_the_right_and_zero_on_the_left():
    r = ActivationExplorer(activation="relu", gain=2.0).result
    assert np.all(r.slope[r.s > 0] == 2.0) and np.all(r.slope[r.s < 0] == 0.0)
    assert r.s_max > 0 and r.slope_max == 2.0


def test_point_reading_uses_the_output():
    ex = ActivationExplorer(activation="logistic", gain=1.0, s=2.0)
    y = 1 / (1 + np.exp(-2.0))
    assert ex.result.y0 == pytest.approx(y)
    assert ex.result.slope0 == pytest.approx(y * (1 - y))
    assert f"y={y:.4f}" in ex.text and f"{y * (1 - y):.4f}" in ex.text


@pytest.mark.parametrize("name, peak", [("logistic", 0.25), ("tanh", 1.0)])
def test_largest_slope_is_at_zero_and_scales_with_gain(name, peak):
    ex = ActivationExplorer(activation=name, gain=1.0)
    assert ex.result.s_max == 0.0 and ex.result.slope_max == pytest.approx(peak)
    assert ex.result.slope.max() == pytest.approx(peak)
    ex.set(gain=3.0)
    assert ex.result.slope_max == pytest.approx(3 * peak)
    assert f"largest slope {3 * peak:.4f} at s=0" in ex.text


@pytest.mark.parametrize("name", ["logistic", "tanh"])
@pytest.mark.parametrize("gain", [0.5, 1.0, 2.0])
def test_saturation_edge_is_where_the_slope_falls_to_ten_percent(name, gain):
    edge = saturation_edge(name, gain)
    f = activations.get(name).f
    peak = numeric_slope(lambda s: f(gain * s), 0.0)
    assert numeric_slope(lambda s: f(gain * s), edge) == pytest.approx(0.1 * peak, rel=1e-5)
    assert numeric_slope(lambda s: f(gain * s), 1.1 * edge) < 0.1 * peak


def test_higher_gain_saturates_sooner_and_summary_says_so():
    ex = ActivationExplorer(activation="tanh", gain=1.0)
    edge1 = ex.result.saturation
    ex.set(gain=2.0)
    assert ex.result.saturation == pytest.approx(edge1 / 2)
    assert f"|s| > {edge1 / 2:.2f}" in ex.text


def test_identity_never_saturates_and_relu_is_saturated_on_its_left():
    ident = ActivationExplorer(activation="identity").result
    assert ident.saturation is None and ident.saturated == ()
    assert "no saturation" in ActivationExplorer(activation="identity").text
    relu = ActivationExplorer(activation="relu")
    assert relu.result.saturated == ((-6.0, 0.0),)            # slope 0 < 10 % of the largest slope
    assert "dead" in relu.text and "saturated" in relu.text


def _shown(ex):
    a = ex._artists
    bands = [(p.get_x(), p.get_x() + p.get_width()) for p in a["sat"][2:] if p.get_visible()]
    labels_f = [t.get_text() for t in a["ax_f"].get_legend().get_texts()] if a["ax_f"].get_legend() else []
    labels_df = [t.get_text() for t in a["ax_df"].get_legend().get_texts()]
    return a, bands, labels_f, labels_df


def test_relu_view_draws_its_saturated_band_and_largest_slope_where_it_is():
    ex = ActivationExplorer(activation="relu", gain=1.0)
    ex.figure()
    a, bands, labels_f, labels_df = _shown(ex)
    assert bands == [pytest.approx((-6.0, 0.0))] and any("saturated" in t for t in labels_f)
    assert len(a["max"].get_xdata()) == 0                      # no star at s = 0, where ReLU's slope is 0
    xs, ys = a["max_span"].get_data()
    assert min(xs) >= 0 and max(xs) == 6.0 and set(ys) == {1.0}
    assert "largest slope (all along)" in labels_df


def test_identity_view_has_no_band_and_no_saturated_legend():
    ex = ActivationExplorer(activation="logistic")
    ex.png()
    ex.set(activation="identity")
    ex.png()
    a, bands, labels_f, labels_df = _shown(ex)
    assert bands == [] and labels_f == [] and not any("saturated" in t for t in labels_df)
    xs, _ = a["max_span"].get_data()
    assert (min(xs), max(xs)) == (-6.0, 6.0)


def test_logistic_view_keeps_the_star_at_zero_and_both_bands():
    ex = ActivationExplorer(activation="logistic", gain=1.0)
    ex.figure()
    a, bands, labels_f, _ = _shown(ex)
    assert list(a["max"].get_xdata()) == [0.0] and len(a["max_span"].get_xdata()) == 0
    edge = saturation_edge("logistic", 1.0)
    assert bands == [pytest.approx((-6.0, -edge)), pytest.approx((edge, 6.0))] and labels_f


def test_overview_figure_keeps_identity_and_relu_apart_and_legend_outside(monkeypatch):
    from nnteach.viz import explorer as _explorer, activation_explorer
    figs = []
    monkeypatch.setattr(_explorer, "display_figure", figs.append)
    activation_explorer.show_activation_functions()
    fig = figs[0]
    assert all(ax.get_legend() is None for ax in fig.axes) and len(fig.legends) == 1   # no legend over a curve
    lines = {ln.get_label().split("  (")[0]: ln for ln in fig.legends[0].legend_handles}
    relu, ident = lines["ReLU"], lines["identity"]
    assert relu.get_linewidth() > 2 * ident.get_linewidth() and relu.get_color() != ident.get_color()


def test_figure_draws_for_every_activation_and_changes():
    ex = ActivationExplorer()
    pngs = set()
    for name in ["logistic", "tanh", "identity", "relu"]:
        ex.set(activation=name)
        pngs.add(ex.png())
    assert len(pngs) == 4
    assert len(ex.fig.axes) == 2


def test_unknown_activation_is_a_clear_error():
    with pytest.raises(ValueError, match="activation"):
        ActivationExplorer(activation="softplus")


def test_blitted_png_matches_a_full_redraw_after_switching_activation():
    import io

    from PIL import Image
    ex = ActivationExplorer()
    ex.png()
    ex.set(activation="tanh", gain=2.0, s=-1.0)
    fast = np.asarray(Image.open(io.BytesIO(ex.png())).convert("RGB"), dtype=float)
    buf = io.BytesIO()
    ex.fig.savefig(buf, format="png", dpi=ex.dpi)
    full = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"), dtype=float)
    assert fast.shape == full.shape and np.mean(np.abs(fast - full)) < 1.0


def test_green_means_only_largest_slope_in_notebook_02(monkeypatch):
    """The overview's ReLU band must not share its colour with the explorer's 'largest slope' marks."""
    from matplotlib.colors import to_rgb

    from nnteach.viz import explorer as _explorer, activation_explorer
    figs = []
    monkeypatch.setattr(_explorer, "display_figure", figs.append)
    activation_explorer.show_activation_functions()
    relu = {ln.get_label().split("  (")[0]: ln for ln in figs[0].legends[0].legend_handles}["ReLU"]
    ex = ActivationExplorer()
    ex.figure()
    largest = {to_rgb(ex._artists["max"].get_color()), to_rgb(ex._artists["max_span"].get_color())}
    assert to_rgb(relu.get_color()) not in largest


def test_slope_axis_stays_put_within_a_doubling_of_the_gain_and_rescales_across():
    ex = ActivationExplorer(activation="logistic", gain=1.2)
    ex.png()
    top = ex._artists["ax_df"].get_ylim()[1]
    ex.set(gain=1.9)
    assert ex._artists["ax_df"].get_ylim()[1] == top, "the learner should see the slope grow on a fixed axis"
    assert max(ex.result.slope) <= top
    ex.set(gain=2.5)
    assert ex._artists["ax_df"].get_ylim()[1] == 2 * top


def test_gain_update_blits_like_a_full_redraw():
    from viz_helpers import blit_matches_full
    assert blit_matches_full(ActivationExplorer(activation="tanh", gain=1.2), gain=1.7)
    assert blit_matches_full(ActivationExplorer(activation="relu", gain=1.2), gain=3.0)
