"""The first explorer (notebook 00): driven without a browser."""
import numpy as np
import pytest

from nnteach.viz import HelloExplorer


def test_moving_the_weight_changes_curve_and_summary():
    ex = HelloExplorer(w=1.0)
    before = ex.text
    ex.set(w=-2.0)
    assert ex.text != before and ex.text.startswith("w = -2.00")
    assert ex.result.slope_at_0 == pytest.approx(-2.0 / 4)
    x = ex.result.x
    assert np.allclose(ex.result.y, 1 / (1 + np.exp(2.0 * x)))
    assert "y(x = 2) = 0.0180" in ex.text          # σ(−4) = 0.0180


def test_widget_slider_drives_the_image_and_label():
    ex = HelloExplorer(w=1.0)
    box = ex.widget()
    slider = box.children[0].children[0]
    image, label = box.children[-2], box.children[-1]
    png, html = image.value, label.value
    slider.value = 3.0
    assert ex.state["w"] == 3.0 and image.value != png and label.value != html and "w = 3.00" in label.value


def test_out_of_range_and_unknown_controls_are_rejected():
    with pytest.raises(ValueError, match="outside its range"):
        HelloExplorer(w=10.0)
    with pytest.raises(ValueError, match="no control 'v'"):
        HelloExplorer().set(v=1.0)


def test_blitted_update_looks_like_a_full_redraw():
    from viz_helpers import blit_matches_full
    assert blit_matches_full(HelloExplorer(w=1.0), w=-3.0)
