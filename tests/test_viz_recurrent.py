"""The explorers and figures of notebook 07: the fading-gradient explorer, the BPTT step-through, the plots."""
import numpy as np
import pytest

import nnteach
from nnteach.datasets import noisy_sine
from nnteach.fading import jacobian_norms, neuron_fading, sine_predictor
from nnteach.unrolled import bptt_trace, tiny_elman
from nnteach.viz import (BPTTStepper, FadingGradientExplorer, show_memory_reach, show_series, show_unrolled)
from viz_helpers import blit_matches_full


@pytest.fixture(scope="module")
def fading():
    return FadingGradientExplorer()


def test_fading_explorer_computes_the_neurons_factors(fading):
    r = fading.set(w=2.5, activation="tanh", feedback="activation", x=0.3)
    expected = neuron_fading(2.5, "tanh", "activation", 0.3, steps=50)
    assert np.array_equal(r.neuron.factors, expected.factors)
    fading.png()
    assert np.allclose(fading._curve.get_ydata(), np.clip(np.abs(expected.factors), 1e-50, 1e20))


def test_fading_explorer_marks_the_math_md_numbers_it_reaches(fading):
    r = fading.set(w=4.0, activation="logistic", feedback="activation", x=0.0)
    assert [(ref.q, ref.printed) for ref in r.references] == [(20, "4.7e-21")]
    assert "math.md §3.4: 4.7e-21 at q = 20" in fading.text
    r = fading.set(w=-1.0)                                  # |w| = 1: the 0.25^q bound, not the w = 1 run
    assert [ref.printed for ref in r.references] == ["9.5e-7", "9.1e-13"]
    r = fading.set(w=1.0)
    assert [ref.printed for ref in r.references] == ["9.5e-7", "9.1e-13", "1.3e-13"]
    assert "at most 0.25^10 = 9.5e-7" in fading.text
    assert fading.set(x=0.1).references == [] and fading.set(x=0.0, feedback="state").references == []
    fading.set(feedback="activation", activation="tanh", w=1.1)
    fading.png()
    assert fading._notes[0].get_visible() and "117" in fading._notes[0].get_text()
    assert not fading._notes[1].get_visible()


def test_fading_explorer_verdicts_and_summary(fading):
    assert fading.set(activation="tanh", w=1.1, x=0.0, feedback="activation").verdict == "explodes"
    assert fading.set(w=0.9).verdict == "fades"
    assert fading.set(activation="identity", w=1.0).verdict == "keeps about its size"
    assert 2 < 1.05 ** 50 < 100 and 0.01 < 0.95 ** 50 < 0.5        # the linear unit: w^q exactly
    assert fading.set(activation="identity", w=1.05).verdict == "grows"
    assert fading.set(activation="identity", w=0.95).verdict == "shrinks"
    fading.set(activation="logistic", w=1.0, feedback="activation", x=0.0)
    assert fading.text.startswith("logistic, activation feedback, w = 1.00, input x = 0.0: per step "
                                  "|∂s(k+1)/∂s(k)| from 0.2500 (k = 0) to 0.2247 (k = 49); |∂s(q)/∂s(0)| = "
                                  "3.88×10⁻⁷ at q = 10, 1.27×10⁻¹³ at q = 20")


def test_fading_explorer_right_panel_is_the_trained_networks_norms():
    net = sine_predictor()
    x = noisy_sine(length=50, seed=1)[0]
    e = FadingGradientExplorer()
    assert np.allclose(e.result.net_norms, jacobian_norms(net, x))
    other = nnteach.RNN(1, 3, 1, seed=0)
    e2 = FadingGradientExplorer(net=other, sequence=x[:10])
    assert len(e2.result.net_norms) == 11
    with pytest.raises(ValueError, match="sequence"):
        FadingGradientExplorer(net=other)


def test_fading_explorer_controls_and_blitting(fading):
    names = [c.name for c in FadingGradientExplorer.controls]
    assert names == ["w", "activation", "feedback", "x"]
    with pytest.raises(ValueError):
        fading.set(w=9.0)
    fading.set(w=1.0, activation="logistic", feedback="activation", x=0.0)
    assert blit_matches_full(fading, w=3.0)
    assert blit_matches_full(fading, activation="tanh", w=1.1)


def test_fading_widget_slider_updates_image_and_label():
    e = FadingGradientExplorer()
    e.widget()
    sliders, image, label = e._ui
    before = image.value
    sliders["w"].value = 2.0
    assert image.value != before and "w = 2.00" in label.value


def test_bptt_stepper_steps():
    tr = bptt_trace(*tiny_elman())
    s = BPTTStepper(step=0)
    assert s.result.phase == "start" and s.text.startswith("step 0/8: nothing computed yet")
    r = s.set(step=2)
    assert r.phase == "forward" and r.t == 2 and r.backward_steps == []
    assert f"h_2 = tanh(a_2) = ({tr.h[2][0]:.4f}, {tr.h[2][1]:.4f})" in s.text
    r = s.set(step=6)
    assert r.phase == "backward" and r.t == 3 and [b.t for b in r.backward_steps] == [4, 3]
    assert "δa_3 = δh_3 ⊙ f'(a_3) = (0.0236, −0.2140)" in s.text
    s.set(step=5)
    assert "nothing from t = 5 (the last copy has no next one)" in s.text
    r = s.set(step=8)
    assert np.allclose(r.backward_steps[-1].G["U"], tr.G["U"])


def test_bptt_stepper_draws_every_step():
    s = BPTTStepper(step=0)
    for k in range(9):
        s.set(step=k)
        assert s.png()[:4] == b"\x89PNG"
    texts = [t.get_text() for t in s._tx.texts]
    assert any("G_U =" in t and "all 4 steps" in t for t in texts)
    assert s._ax.get_title() == "step 8: backward pass, t = 1"


def test_bptt_widget():
    s = BPTTStepper(step=0)
    s.widget()
    sliders, image, label = s._ui
    before = image.value
    sliders["step"].value = 3
    assert image.value != before and "forward, t = 3" in label.value


def test_static_figures_print_their_lines(capsys):
    show_unrolled(T=3)
    assert "T=3: 10 layer copies" in capsys.readouterr().out
    show_series({"a": [1.0, 0.1, 0.01]}, log=True, ylabel="y")
    show_memory_reach([1, 2, 3], [1.0, 0.9, 0.5])
    assert capsys.readouterr().out.strip() == "held-out accuracy by delay: k = 1: 100%, k = 2: 90%, k = 3: 50%"
    with pytest.raises(ValueError, match="same length"):
        show_memory_reach([1, 2], [1.0])


def test_the_fading_explorer_says_where_a_curve_leaves_its_log_axis():
    """Points beyond the axis are drawn at its edge; a note names the first such q and the true end value."""
    from nnteach.viz.fading_explorer import YLIM, FadingGradientExplorer, off_scale_note
    q = np.arange(51)
    grows = 8.0 ** q                                       # the identity with w = 8: 8^q
    first = int(np.ceil(np.log(YLIM[1]) / np.log(8.0)))    # 8^22 = 7.4e19 < 1e20 < 8^23
    assert off_scale_note(grows) == f"↑ off the scale from q = {first} (q = 50: 1.43×10⁴⁵)"
    assert first == 23
    assert off_scale_note(0.5 ** q) == ""
    assert off_scale_note(1e-3 ** q).startswith("↓ off the scale from q = 17 ")
    explorer = FadingGradientExplorer(w=8.0, activation="identity")
    explorer.png()
    assert explorer._off_scale.get_text().startswith("↑ off the scale from q = 23")
    explorer.set(w=1.0, activation="logistic")
    explorer.png()
    assert explorer._off_scale.get_text() == ""


def test_show_series_puts_its_legend_above_the_axes_not_over_the_curves(monkeypatch):
    import nnteach.viz.sequence_plots as plots
    figures = []
    monkeypatch.setattr(plots, "display_figure", figures.append)
    show_series({"target": np.sin(np.arange(30) / 3), "prediction": np.cos(np.arange(30) / 3)})
    fig, = figures
    ax, = fig.axes
    assert ax.get_legend() is None and len(fig.legends) == 1
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["target", "prediction"]
    fig.canvas.draw()
    legend, axes = fig.legends[0].get_window_extent(), ax.get_window_extent()
    assert legend.y0 >= axes.y1 - 1, "the legend sits above the plotting area"
