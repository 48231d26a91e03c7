"""The gate explorer of notebook 08: numbers, presets, drawing, summary, widget, blitting."""
import math

import numpy as np
import pytest

from nnteach import gating
from nnteach.viz import GateExplorer
from model_helpers import loop_cell
from viz_helpers import blit_matches_full


def test_controls_and_their_ranges():
    names = [c.name for c in GateExplorer.controls]
    assert names == ["scenario", "input_gate", "forget_gate", "output_gate", "noise"]
    scenario = GateExplorer.controls[0]
    assert scenario.options == tuple(gating.SCENARIOS)
    for c in GateExplorer.controls[1:4]:
        assert (c.min, c.max) == (0.0, 1.0) and c.step == 0.01
    assert (GateExplorer.controls[4].min, GateExplorer.controls[4].max) == (0.0, 0.5)
    with pytest.raises(ValueError, match="outside its range"):
        GateExplorer(input_gate=1.2)
    with pytest.raises(ValueError, match="remember everything"):
        GateExplorer(scenario="remember everything")


def test_compute_equals_an_independent_loop():
    e = GateExplorer(scenario="forget on cue", input_gate=0.05, forget_gate=0.98, output_gate=0.1, noise=0.2)
    r = e.result
    sc = r.scenario
    z = np.random.default_rng(8).standard_normal(sc.T)
    x = 0.2 * z
    x[4], x[24] = 0.8, -0.5
    i = np.full(sc.T, 0.05)
    i[[4, 24]] = 1.0
    f = np.full(sc.T, 0.98)
    f[19] = 0.0
    o = np.full(sc.T, 0.1)
    o[34] = 1.0
    s, y = (np.array(v) for v in loop_cell(x, i, f, o))
    np.testing.assert_allclose(r.trace.s, s, atol=1e-13)
    np.testing.assert_allclose(r.trace.y, y, atol=1e-13)
    assert r.kept == pytest.approx(0.98 ** 10, rel=1e-12)
    expected = [math.prod(f[k:35]) for k in range(36)]
    np.testing.assert_allclose(r.factors, expected, rtol=1e-12)


def test_choosing_a_scenario_sets_its_slider_values_unless_given():
    e = GateExplorer()
    assert e.state["scenario"] == "noisy input shut out" and e.state["noise"] == 0.3
    e.set(input_gate=0.4)
    e.set(scenario="continual stream")
    assert {k: e.state[k] for k in ("input_gate", "forget_gate", "output_gate", "noise")} == \
        gating.SCENARIOS["continual stream"].rest
    e.set(scenario="store and hold", forget_gate=0.9)
    assert e.state["forget_gate"] == 0.9 and e.state["output_gate"] == 1.0 and e.state["noise"] == 0.0
    e.set(forget_gate=0.5)                   # the same scenario again: nothing else moves
    assert e.state["output_gate"] == 1.0
    assert GateExplorer(scenario="read on cue", noise=0.1).state["noise"] == 0.1


def test_summaries_name_what_the_cell_holds_and_shows():
    text = GateExplorer().text
    assert text == ("noisy input shut out: should hold 0.8000 at t = 35, holds 0.8000; read y(35) = 0.8000, "
                    "|y| at most 0.0000 elsewhere; error factor ∂s(35)/∂s(5) = 1.0000")
    r = GateExplorer(scenario="continual stream", forget_gate=0.9).result
    assert GateExplorer(scenario="continual stream", forget_gate=0.9).text == (
        f"continual stream: s(200) = {r.held:.4f}, largest |s| {np.abs(r.trace.s).max():.4f}; "
        f"error factor ∂s(200)/∂s(0) = {0.9 ** 200:.4f}".replace("-", "−"))
    hold = GateExplorer(scenario="store and hold").text
    assert "output y(40) = 0.8000" in hold and "∂s(40)/∂s(5) = 1.0000" in hold
    leaky = GateExplorer(scenario="read on cue", output_gate=0.25).text
    assert "y(20) = 0.8000, y(35) = 0.8000" in leaky and "|y| at most 0.2000 elsewhere" in leaky
    assert "−0.5000" in GateExplorer(scenario="forget on cue").text


def test_drawing_shows_the_result_and_updates_in_place():
    e = GateExplorer()
    e.png()
    axes = list(e.fig.axes)
    a = e._artists
    np.testing.assert_allclose(a["s"].get_ydata(), e.result.trace.s)
    np.testing.assert_allclose(a["gates"].get_array(), np.vstack([e.result.trace.i, e.result.trace.f,
                                                                  e.result.trace.o]))
    e.set(forget_gate=0.9)
    e.png()
    assert list(e.fig.axes) == axes, "the same axes, updated"
    np.testing.assert_allclose(a["s"].get_ydata(), e.result.trace.s)
    np.testing.assert_allclose(a["factor"].get_ydata(), e.result.factors)
    assert a["factor_text"].get_text() == f"∂s(35)/∂s(5) = {0.9 ** 30:.4f}"
    e.set(scenario="continual stream")
    e.png()
    assert e._axes[0].get_xlim() == (-0.5, 200.5), "step 0 shown: the error factor is read back to s(0)"
    assert a["factor_mark"].get_xdata()[0] == 0
    assert not a["clean"].get_visible(), "no 'should hold' line without a value to hold"
    labels = [text.get_text() for text in e._axes[0].get_legend().get_texts()]
    assert labels == ["noise"], "no 'value to store' in the legend when nothing is stored"
    e.set(scenario="read on cue")
    e.png()
    assert e._axes[0].get_xlim() == (0.5, e.result.scenario.T + 0.5)
    assert [text.get_text() for text in e._axes[0].get_legend().get_texts()] == ["noise", "value to store"]
    assert e._axes[2].get_ylim()[1] >= np.abs(e.result.trace.s).max()


@pytest.mark.parametrize("state", [dict(input_gate=0.3), dict(forget_gate=0.8), dict(noise=0.5),
                                   dict(scenario="forget on cue")])
def test_blitted_png_matches_a_full_redraw(state):
    assert blit_matches_full(GateExplorer(), **state)


def test_show_prints_the_summary(capsys):
    GateExplorer(scenario="read on cue").show()
    assert capsys.readouterr().out.strip() == GateExplorer(scenario="read on cue").text


def test_widget_sliders_and_dropdown():
    e = GateExplorer()
    e.widget()
    sliders, image, label = e._ui
    before = image.value
    sliders["input_gate"].value = 0.2
    assert image.value != before and "holds 0.8000" not in label.value
    sliders["scenario"].value = "continual stream"
    assert sliders["input_gate"].value == 1.0 and sliders["noise"].value == 0.3
    assert "continual stream: s(200)" in label.value


def test_gate_explorer_sliders_are_wide_enough_for_their_long_labels():
    # "forget gate between resets" took all but 27 px of ipywidgets' 300 px slider: the track is now
    # widened by about 7 px per character beyond 13, and short labels keep the default width
    from nnteach.viz import GateExplorer
    from nnteach.viz.explorer import slider_width
    assert slider_width("noise") == slider_width("self-weight w") == "300px"
    assert slider_width("forget gate between resets") == "391px"
    box = GateExplorer().widget()
    sliders = [c for row in box.children if hasattr(row, "children") for c in row.children
               if type(c).__name__ == "FloatSlider"]
    widths = {s.description: s.layout.width for s in sliders}
    assert widths["forget gate between resets"] == "391px" and widths["noise"] == "300px"
    assert all(row.layout.flex_flow == "row wrap" for row in box.children[:2])
