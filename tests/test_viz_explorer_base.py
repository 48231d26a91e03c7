"""The explorer base's figures on screen: legible size, HiDPI sharpness, compact and fast PNGs (issue #8)."""
import base64
import io

import numpy as np
from PIL import Image

from nnteach.viz import CSS_DPI, PIXEL_RATIO, HelloExplorer, new_figure
from nnteach.viz.explorer import _ShownFigure, figure_png


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def test_a_static_figure_is_shown_at_its_css_size_with_twice_the_pixels():
    ex = HelloExplorer()                                 # figsize 5 × 3 inches
    data, meta = _ShownFigure(ex.figure())._repr_mimebundle_()
    assert meta["image/png"] == {"width": 5 * CSS_DPI, "height": 3 * CSS_DPI}      # 500 × 300 CSS pixels …
    image = pixels(base64.b64decode(data["image/png"]))
    assert image.shape[:2] == (3 * CSS_DPI * PIXEL_RATIO, 5 * CSS_DPI * PIXEL_RATIO)   # … drawn at 1000 × 600
    assert data["text/plain"] == "<Figure size 1000x600 with 1 Axes>"


def test_the_live_image_has_the_same_css_size_and_resolution():
    ex = HelloExplorer()
    box = ex.widget()
    image = box.children[-2]
    assert image.layout.width == f"{5 * CSS_DPI}px"
    assert pixels(image.value).shape[:2] == (3 * CSS_DPI * PIXEL_RATIO, 5 * CSS_DPI * PIXEL_RATIO)
    assert pixels(ex.png()).shape == pixels(image.value).shape


def test_the_compact_png_keeps_white_and_looks_like_the_full_colour_one():
    ex = HelloExplorer(w=2.0)
    compact = pixels(figure_png(ex.figure()))
    full = pixels(ex._full_png(ex.fig))
    assert compact.shape == full.shape
    white = np.all(full == 255, axis=2)
    assert white.mean() > 0.5 and np.all(compact[white] == 255), "the background stays pure white"
    assert np.abs(compact.astype(float) - full).mean() < 0.5
    assert len(figure_png(ex.fig)) < 0.6 * len(ex._full_png(ex.fig))


def test_the_fast_png_encoder_is_lossless():
    fig = new_figure((2.0, 1.0))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], color="tab:orange")
    ax.set_title("a title")
    canvas = HelloExplorer._agg_canvas(fig)
    canvas.draw()
    expected = np.asarray(canvas.buffer_rgba())[..., :3]
    assert np.array_equal(pixels(HelloExplorer._encode_png(canvas)), expected)


def test_show_can_leave_the_summary_out(capsys, monkeypatch):
    # notebook 09's exercise 09.1 shows a heat map whose summary line names the target steps and the
    # gate that opens: show(summary=False) draws the figure alone
    import nnteach.viz.explorer as explorer
    shown = []
    monkeypatch.setattr(explorer, "display_figure", shown.append)
    hello = HelloExplorer()
    hello.show()
    assert capsys.readouterr().out.strip() == hello.text and len(shown) == 1
    hello.show(summary=False)
    assert capsys.readouterr().out == "" and len(shown) == 2
