"""The shape every explorer has, and the plumbing they share.

An explorer is a subclass of :class:`Explorer` with

1. ``compute(**state) -> result``: pure numbers (no matplotlib), testable on its own;
2. ``draw(result, fig)``: a renderer that draws ``result`` into a matplotlib Figure
   (creating the axes on the first call, updating the artists in place afterwards);
3. ``summary(result) -> str``: the one-line text a learner reads (and nbval compares).

The base class turns these into:

* :meth:`Explorer.show` — the static default figure plus its summary (for GitHub, nbviewer,
  PDF and the compared notebook cells);
* :meth:`Explorer.widget` — the live version: ipywidgets controls, the figure as an image,
  the summary line; moving a control recomputes, redraws in place and updates the image;
* :meth:`Explorer.set` — change control values from code (what the tests and the browser
  check do), exactly as moving the sliders would;
* :meth:`Explorer.check_state` — every value given for a control is checked here, once for every
  explorer: its **type first** (a number for a slider, a whole number for an int slider, one of the
  choices' kind for a dropdown: ``TypeError`` naming the control and its range or choices), then its
  value (``ValueError``: outside the range, not a choice, NaN).

Sizes on screen (HiDPI): a figure of ``figsize`` inches is shown at ``CSS_DPI`` (100) CSS pixels per
inch, e.g. 8 × 3.6 inches as 800 × 360 pixels, which fits a laptop's JupyterLab at the default zoom
and makes a 9-point label about 12.5 pixels tall.  It is drawn with ``PIXEL_RATIO`` (2) device
pixels per CSS pixel (``Explorer.dpi`` = 200, the figure's own dpi), so that it is sharp on HiDPI
screens; the static figure (:func:`display_figure`) and the live widget's image both carry that
double resolution and are displayed at the CSS size.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..validation import ArgumentTypeError, describe

__all__ = ["Control", "Explorer", "display_figure", "new_figure", "figure_png", "CSS_DPI", "PIXEL_RATIO"]

#: A figure is shown at this many CSS pixels per inch of its ``figsize`` (its size on screen).
CSS_DPI = 100

#: … and drawn with this many device pixels per CSS pixel: sharp on HiDPI ("retina") screens.
PIXEL_RATIO = 2


@dataclass
class Control:
    """One control of an explorer: a float/int slider, a dropdown or a button."""

    name: str
    default: Any
    min: float | None = None
    max: float | None = None
    step: float | None = None
    description: str = ""
    options: tuple | None = None     # a dropdown when given
    kind: str = "float"              # "float", "int", "dropdown"


class Explorer:
    """Base class: subclasses define ``controls``, ``compute``, ``draw`` and ``summary``."""

    controls: tuple[Control, ...] = ()
    figsize: tuple[float, float] = (8.0, 3.6)
    dpi: int = CSS_DPI * PIXEL_RATIO     # the figure's dpi: drawn at 2 device pixels per CSS pixel

    def __init__(self, **state: Any) -> None:
        self.state = {c.name: c.default for c in self.controls}
        self.state.update(self.check_state(state))
        self.result = self.compute(**self.state)
        self.fig = None
        self._ui = None

    # -- to be defined by each explorer ------------------------------------------------
    def compute(self, **state: Any) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def draw(self, result: Any, fig) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def summary(self, result: Any) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- shared behaviour -------------------------------------------------------------
    def check_state(self, state: dict) -> dict:
        """``state`` checked against the controls (types first, then values), as a new dict of plain values.

        Raises:
            TypeError: a value of the wrong kind (text or a list for a slider, a float for an int slider,
                a list or a number for a dropdown of names, a bool for a number); the message names the
                control and its range or choices.
            ValueError: an unknown control, a value outside the range, NaN, or not one of the choices.
        """
        names = {c.name: c for c in self.controls}
        checked = {}
        for key, value in state.items():
            if key not in names:
                raise ValueError(f"{type(self).__name__} has no control {key!r}; "
                                 f"expected one of {', '.join(names)}")
            checked[key] = _check_control(names[key], value)
        return checked

    def set(self, **state: Any) -> Any:
        """Change controls (as the sliders would), recompute, redraw; returns the new result."""
        self.state.update(self.check_state(state))
        self.result = self.compute(**self.state)
        if self.fig is not None:
            self.draw(self.result, self.fig)
            self._drawn = self.result
        if self._ui is not None:
            self._sync_ui()
        return self.result

    @property
    def text(self) -> str:
        """The summary line of the current state."""
        return self.summary(self.result)

    def figure(self):
        """Draw the current state into a new (or the existing) Figure and return it."""
        if self.fig is None:
            self.fig = new_figure(self.figsize, dpi=self.dpi)
            self.draw(self.result, self.fig)
            self._drawn = self.result
            # Lay the figure out once, then keep that layout: constrained layout moves equal-aspect
            # axes a little on every redraw, which would make the picture jitter as a slider moves.
            self.fig.draw_without_rendering()
            self.fig.set_layout_engine("none")
        if getattr(self, "_drawn", None) is not self.result:     # set() may have drawn it already
            self.draw(self.result, self.fig)
            self._drawn = self.result
        return self.fig

    def png(self) -> bytes:
        """The current figure as PNG bytes (what the live widget shows).

        If the subclass names its changing artists in :meth:`animated_artists`, only those are
        redrawn over a cached background (blitting), which keeps a slider update fast; the
        background is redrawn when :meth:`background_key` changes.
        """
        fig = self.figure()
        animated = self.animated_artists()
        if not animated:
            return self._full_png(fig)
        return self._blit_png(fig, animated)

    @staticmethod
    def _agg_canvas(fig):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        return fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)

    @staticmethod
    def _encode_png(canvas) -> bytes:
        """The canvas's pixels as a PNG, fast: rows unfiltered, zlib level 1 (about 20 ms for a
        1800 × 800 image, half of what Pillow takes; a slider update must stay well under 100 ms)."""
        import struct
        import zlib

        import numpy as np
        rgb = np.asarray(canvas.buffer_rgba())[..., :3]
        h, w, _ = rgb.shape
        rows = np.zeros((h, 3 * w + 1), dtype=np.uint8)          # each row: filter type 0 ("none"), then RGB
        rows[:, 1:] = rgb.reshape(h, 3 * w)

        def chunk(tag: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)) + chunk(b"IEND", b""))

    def _full_png(self, fig) -> bytes:
        """Render the whole figure once (``savefig`` would lay it out and draw it twice)."""
        canvas = self._agg_canvas(fig)
        canvas.draw()
        return self._encode_png(canvas)

    def animated_artists(self) -> list:
        """The artists that change when a control moves (default: none, so the whole figure is redrawn).

        Optional: an explorer that lists them here gets fast blitted PNGs in :meth:`png`.
        """
        return []

    def background_key(self, result: Any) -> Any:
        """A value that changes whenever anything *outside* :meth:`animated_artists` changes
        (e.g. axis limits); the cached background is redrawn then.  Default: never."""
        return None

    def _blit_png(self, fig, animated: list) -> bytes:
        canvas = self._agg_canvas(fig)
        animated = sorted(animated, key=lambda a: a.get_zorder())
        key = self.background_key(self.result)
        if getattr(self, "_background", None) is None or key != self._background_key:
            for a in animated:
                a.set_animated(True)          # leave them out of the background
            try:
                canvas.draw()
            finally:
                for a in animated:
                    a.set_animated(False)     # a plain savefig (show()) draws everything
            self._background = canvas.copy_from_bbox(fig.bbox)
            self._background_key = key
        canvas.restore_region(self._background)
        renderer = canvas.get_renderer()
        for a in animated:
            if a.get_visible():
                a.draw(renderer)
        return self._encode_png(canvas)

    def show(self, summary: bool = True) -> None:
        """Display the current state as a static figure, then print its summary (``summary=False``:
        the figure alone, e.g. under an exercise whose answer the summary would give away).  Returns None."""
        display_figure(self.figure())
        if summary:
            print(self.text)

    def widget(self):
        """The live explorer: controls, the figure as an image and the summary line."""
        import ipywidgets as w
        sliders = {}
        for c in self.controls:
            desc = c.description or c.name
            style = {"description_width": "initial"}
            if c.options is not None:
                sliders[c.name] = w.Dropdown(options=list(c.options), value=self.state[c.name],
                                             description=desc, style=style)
            elif c.kind == "int":
                sliders[c.name] = w.IntSlider(value=self.state[c.name], min=c.min, max=c.max, step=c.step or 1,
                                              description=desc, style=style, continuous_update=True,
                                              layout=w.Layout(width=slider_width(desc)))
            else:
                sliders[c.name] = w.FloatSlider(value=self.state[c.name], min=c.min, max=c.max, step=c.step,
                                                description=desc, style=style, continuous_update=True,
                                                readout_format=".2f", layout=w.Layout(width=slider_width(desc)))
        # Show the live image at the static figure's CSS size (a VBox would stretch it to the full width);
        # it has PIXEL_RATIO times as many pixels, so it is sharp on HiDPI screens.
        px = f"{int(round(self.figsize[0] * CSS_DPI))}px"
        # The first image is stored with the notebook (widget state): the compact PNG of figure_png.
        # Slider updates use png(), fast (blitted, lightly compressed).
        image = w.Image(value=figure_png(self.figure()), format="png", layout=w.Layout(width=px, max_width="100%"))
        label = w.HTML(value=_html(self.text))
        self._ui = (sliders, image, label)

        def on_change(change, name=None):
            self.set(**{name: change["new"]})

        for name, s in sliders.items():
            s.observe(lambda change, name=name: on_change(change, name), names="value")
        extra = self.extra_controls(sliders)
        controls = list(sliders.values())
        # three controls a row; a row too wide for the notebook (long slider labels) wraps
        rows = [w.HBox(controls[k:k + 3], layout=w.Layout(flex_flow="row wrap")) for k in range(0, len(controls), 3)]
        box = w.VBox([*rows, *extra, image, label])
        return box

    def extra_controls(self, sliders: dict) -> list:
        """Buttons and the like that a subclass adds under the sliders (default: none).

        ``sliders`` maps each control's name to its ipywidgets control (to link or observe them).
        """
        return []

    def _sync_ui(self) -> None:
        if getattr(self, "_syncing", False):
            return
        self._syncing = True
        try:
            sliders, image, label = self._ui
            for name, s in sliders.items():
                if s.value != self.state[name]:
                    s.value = self.state[name]   # set() from code: move the slider too
            image.value = self.png()
            label.value = _html(self.text)
        finally:
            self._syncing = False

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.text})"


#: A slider's width (label, track and readout) when its label is short; ipywidgets' default.
SLIDER_WIDTH_PX = 300
#: Labels up to this many characters leave the track about 120 px of those 300.
SHORT_LABEL_CHARS = 13


def slider_width(description: str) -> str:
    """The CSS width of a slider whose label is ``description``: 300 px, plus about 7 px for every
    character beyond 13, so that a long label does not squeeze the track (the gate explorer's
    "forget gate between resets" left it 27 px of 300)."""
    extra = max(0, len(description) - SHORT_LABEL_CHARS)
    return f"{SLIDER_WIDTH_PX + 7 * extra}px"


def _check_control(c: Control, value: Any) -> Any:
    """One control's value: its kind first, then its range or choices (see :meth:`Explorer.check_state`)."""
    if c.options is not None:
        choices = ", ".join(map(repr, c.options))
        number = (int, float, np.integer, np.floating)
        names = any(isinstance(o, str) for o in c.options)           # a dropdown may mix both kinds,
        numbers = any(isinstance(o, number) for o in c.options)       # e.g. batch sizes 1, 5, … and 'all'
        kind_ok = (names and isinstance(value, str)) or (numbers and isinstance(value, number))
        if isinstance(value, (bool, np.bool_)) or not kind_ok:
            raise ArgumentTypeError(f"{c.name} must be one of {choices}; got {describe(value)}")
        for option in c.options:
            if option == value:
                return option
        raise ValueError(f"{c.name}={value!r} is not a choice; expected one of {choices}")
    span = f" from {c.min:g} to {c.max:g}" if c.min is not None and c.max is not None else ""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if c.kind == "int":
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
            raise ArgumentTypeError(f"{c.name} must be a whole number{span}; got {describe(value)}")
        value = int(value)
    else:
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise ArgumentTypeError(f"{c.name} must be a number{span}; got {describe(value)}")
        value = float(value)
    if c.min is not None and c.max is not None and not (c.min <= value <= c.max):   # NaN is outside too
        raise ValueError(f"{c.name}={value!r} is outside its range [{c.min}, {c.max}]")
    if value != value:
        raise ValueError(f"{c.name}={value!r} is not a number; expected a finite number")
    return value


def _html(text: str) -> str:
    import html
    return f"<code>{html.escape(text)}</code>"


def new_figure(figsize: tuple[float, float], dpi: float = CSS_DPI * PIXEL_RATIO, layout: str | None = "constrained"):
    """A (non-pyplot) Figure of ``figsize`` inches, drawn at ``dpi`` (default: 2 device pixels per CSS pixel)."""
    from matplotlib.figure import Figure
    return Figure(figsize=figsize, dpi=dpi, layout=layout)


def figure_png(fig) -> bytes:
    """The whole figure as a PNG at its own dpi, compressed for storing in a notebook.

    The pixels are reduced to a palette of at most 256 colours by median cut (plots have few; no
    dithering; white stays white; a mean error below 0.2 in 255 per channel), which makes the PNG
    two to three times smaller than full colour at no visible cost, and takes under 0.1 s.
    """
    from PIL import Image
    import numpy as np
    canvas = Explorer._agg_canvas(fig)
    canvas.draw()
    rgb = Image.fromarray(np.ascontiguousarray(np.asarray(canvas.buffer_rgba())[..., :3]))
    small = rgb.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buf = io.BytesIO()
    small.save(buf, format="png")
    return buf.getvalue()


class _ShownFigure:
    """A figure as IPython shows it here: a PNG at the figure's dpi, displayed at its CSS size
    (``figsize × CSS_DPI`` pixels), and its usual text ``<Figure size … with … Axes>``."""

    def __init__(self, fig) -> None:
        self.fig = fig

    def _repr_mimebundle_(self, include=None, exclude=None):
        import base64
        width, height = (float(v) * CSS_DPI for v in self.fig.get_size_inches())
        data = {"image/png": base64.b64encode(figure_png(self.fig)).decode("ascii"), "text/plain": repr(self.fig)}
        return data, {"image/png": {"width": int(round(width)), "height": int(round(height))}}


def display_figure(fig) -> None:
    """Show a (non-pyplot) Figure: in IPython as a sharp PNG at its CSS size (see :data:`CSS_DPI`,
    :data:`PIXEL_RATIO`), else through pyplot."""
    if _in_ipython():
        from IPython.display import display
        display(_ShownFigure(fig))
    else:  # pragma: no cover - plain Python
        import matplotlib.pyplot as plt
        plt.show()


def _in_ipython() -> bool:
    try:
        from IPython import get_ipython
        return get_ipython() is not None
    except ImportError:
        return False
