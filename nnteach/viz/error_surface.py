"""The error as a curve over one weight and as a surface over two (notebook 04).

* :class:`ErrorCurveExplorer`: pick one weight of the worked example (the 2-2-1 network of
  notebook 03, math.md §9.1), slide it
  along ``E(w)``; see the point, the tangent with slope ``dE/dw``, the downhill arrow and
  where gradient steps ``w ← w − ε dE/dw`` (Eq. 4.4) land.
* :class:`ErrorSurfaceExplorer`: ``E(w1, w2)`` as contours with the current point and the
  downhill arrow ``−∇E`` (Eq. 4.5); move the point with two sliders.

The numbers drawn (the curve, its slope, the gradient steps, the surfaces and their gradients)
are computed by :mod:`nnteach.descent`; this module only draws them.
:mod:`nnteach.viz.descent_player` walks down the same surfaces.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..datasets.worked_example import WORKED_WEIGHTS
from ..descent import SURFACES, curve_steps, angle_to_minimum, error_curve, get_surface, surface_grid
from ..formatting import fixed, number
from .explorer import Control, Explorer

__all__ = ["CurveResult", "ErrorCurveExplorer", "SurfaceResult", "ErrorSurfaceExplorer", "draw_contours",
           "colorbar_ticks", "CMAP"]


#: Colours of the error-curve explorer (colour-blind safe: the current point is red, the tangent a dashed
#: orange line, the gradient steps blue squares; no red against green).
TANGENT_COLOUR, STEPS_COLOUR = "#e69f00", "#0072b2"

#: The most gradient steps the error-curve explorer takes (its steps slider's maximum).
MAX_CURVE_STEPS = 20


@dataclass
class CurveResult:
    """What the one-weight plot shows.

    ``path`` are the weights after 0, 1, …, ``steps`` gradient steps (``(steps + 1,)``) and
    ``path_E`` their errors.
    """

    weight: str
    cost: str
    w: float
    E: float
    slope: float               # dE/dw at w (backprop)
    rate: float
    steps: int
    w_grid: np.ndarray         # (n,)
    E_grid: np.ndarray         # (n,)
    path: np.ndarray           # (steps + 1,)
    path_E: np.ndarray         # (steps + 1,)


class ErrorCurveExplorer(Explorer):
    """Slide one weight of the worked example (the network of notebook 03) along its error curve ``E(w)``.

    Controls: ``weight`` (which of the nine weights and biases), ``w`` (its value; the
    others keep their worked-example values), ``rate`` ε, ``steps`` (how many gradient steps
    ``w ← w − ε dE/dw`` to take from ``w``, at most 20) and ``cost``.  Choosing another weight
    moves ``w`` to that weight's worked-example value.  The w axis shows [−4.5, 4.5], the slider's
    range with a margin (so it stays put wherever the slider is), widened in whole units only when a
    gradient step lands beyond ±4.
    """

    controls = (
        Control("weight", "w_oh1", description="weight", options=tuple(WORKED_WEIGHTS)),
        Control("w", 0.7, -4.0, 4.0, 0.01, "value w"),
        Control("rate", 0.5, 0.1, 40.0, 0.1, "rate ε"),
        Control("steps", 1, 0, MAX_CURVE_STEPS, 1, "steps", kind="int"),
        Control("cost", "mse", description="cost", options=("mse", "cross_entropy")),
    )
    figsize = (7.0, 3.6)
    w_range = (-4.5, 4.5)       # the w axis: the slider's [−4, 4] and a margin

    def __init__(self, **state) -> None:
        if "weight" in state and "w" not in state:
            state["w"] = WORKED_WEIGHTS[self.check_state({"weight": state["weight"]})["weight"]][2]
        super().__init__(**state)

    def set(self, **state):
        """As :meth:`Explorer.set`; a new ``weight`` without a ``w`` starts at its worked-example value."""
        if "weight" in state and "w" not in state:
            weight = self.check_state({"weight": state["weight"]})["weight"]
            if weight != self.state["weight"]:
                state["w"] = WORKED_WEIGHTS[weight][2]
        return super().set(**state)

    def extra_controls(self, sliders: dict) -> list:
        """Buttons: take one more step from the current point (up to 20), or start again with 0 steps."""
        import ipywidgets as w
        more = w.Button(description="one more step")
        reset = w.Button(description="reset steps")

        def one_more(_):
            self.set(steps=min(self.state["steps"] + 1, MAX_CURVE_STEPS))
            label()

        def label(*_):
            at_max = self.state["steps"] >= MAX_CURVE_STEPS
            more.description = f"{MAX_CURVE_STEPS} steps (max)" if at_max else "one more step"
            more.disabled = at_max

        more.on_click(one_more)
        reset.on_click(lambda _: (self.set(steps=0), label()))
        sliders["steps"].observe(label, names="value")
        label()
        return [w.HBox([more, reset])]

    @staticmethod
    @lru_cache(maxsize=64)
    def _grid(weight: str, cost: str, lo: float = -4.0, hi: float = 4.0) -> tuple[np.ndarray, np.ndarray]:
        w_grid = np.linspace(lo, hi, int(round(20 * (hi - lo))) + 1)
        return w_grid, error_curve(weight, w_grid, cost)

    def compute(self, weight: str, w: float, rate: float, steps: int, cost: str) -> CurveResult:
        path, path_E, slope = curve_steps(weight, float(w), rate, int(steps), cost)
        # The w axis shows [−4.5, 4.5]; it widens (in whole units, keeping the half-unit margin) only
        # when a step lands beyond ±4, never because the slider itself moves.
        lo = min(self.w_range[0], float(np.floor(path.min())) - 0.5)
        hi = max(self.w_range[1], float(np.ceil(path.max())) + 0.5)
        w_grid, E_grid = self._grid(weight, cost, lo, hi)
        return CurveResult(weight=weight, cost=cost, w=float(w), E=float(path_E[0]), slope=slope, rate=float(rate),
                           steps=int(steps), w_grid=w_grid, E_grid=E_grid.copy(), path=path, path_E=path_E)

    def draw(self, r: CurveResult, fig) -> None:
        if not fig.axes:
            ax = fig.add_subplot()
            (self._curve,) = ax.plot([], [], color="0.2", lw=2, label="E(w)")
            (self._tangent,) = ax.plot([], [], "--", color=TANGENT_COLOUR, lw=1.5, label="tangent, slope dE/dw")
            (self._steps,) = ax.plot([], [], "s--", color=STEPS_COLOUR, ms=5, lw=1, label="after gradient steps")
            (self._point,) = ax.plot([], [], "o", color="tab:red", ms=8, zorder=5, label="current w")
            self._arrow = None
            ax.set_xlabel("w")
            ax.set_ylabel("error E")
            self._ax = ax
        ax = self._ax
        ax.set_xlim(float(r.w_grid[0]), float(r.w_grid[-1]))
        handles = [self._curve, self._tangent] + ([self._steps] if r.steps > 0 else []) + [self._point]
        ax.legend(handles=handles, loc="upper right", fontsize=9)     # "after gradient steps" only when drawn
        self._curve.set_data(r.w_grid, r.E_grid)
        top = float(np.max(r.E_grid))
        ax.set_ylim(-0.05 * top, 1.12 * top)
        half = 0.8
        self._tangent.set_data([r.w - half, r.w + half], [r.E - half * r.slope, r.E + half * r.slope])
        self._point.set_data([r.w], [r.E])
        self._steps.set_data(r.path if r.steps > 0 else [], r.path_E if r.steps > 0 else [])
        if self._arrow is not None:
            self._arrow.remove()
        # Downhill is the direction of −dE/dw along the w axis.
        direction = -np.sign(r.slope) if r.slope != 0 else 0.0
        self._arrow = ax.annotate("", xy=(r.w + 0.6 * direction, r.E), xytext=(r.w, r.E),
                                  arrowprops=dict(arrowstyle="-|>", color="tab:red", lw=2))
        ax.set_title(f"E({r.weight}) with the other weights fixed ({'MSE' if r.cost == 'mse' else 'cross-entropy'})",
                     fontsize=10)

    def animated_artists(self) -> list:
        """What moving ``w`` redraws (blitted over the cached curve)."""
        if self.fig is None or not hasattr(self, "_ax"):
            return []
        return [self._tangent, self._steps, self._point] + ([self._arrow] if self._arrow is not None else [])

    def background_key(self, r: CurveResult):
        return (r.weight, r.cost, tuple(self._ax.get_ylim()), tuple(self._ax.get_xlim()), r.steps > 0)

    def summary(self, r: CurveResult) -> str:
        head = f"{r.weight} = {fixed(r.w, 2)}, E = {number(r.E)}, dE/dw = {number(r.slope)}"
        if r.steps == 0:
            downhill = "larger" if r.slope < 0 else "smaller"
            return f"{head}: downhill is toward {downhill} w"
        what = "1 step" if r.steps == 1 else f"{r.steps} steps"
        tail = f" ({MAX_CURVE_STEPS} steps is the most this explorer takes)" if r.steps >= MAX_CURVE_STEPS else ""
        return (f"{head} → after {what} with ε = {r.rate:g}: {r.weight} = {fixed(r.path[-1])}, "
                f"E = {number(r.path_E[-1])}{tail}")


#: The colours of the error maps: dark purple is low error, yellow is high (viridis).
CMAP = "viridis"


def colorbar_ticks(lo: float, hi: float) -> list[float]:
    """Round tick values (1, 2, 5 times a power of ten) for the colour bar of :func:`draw_contours`.

    The contour levels are denser near the valley floor (the bar shows them evenly spaced), so a
    tick is kept only where it does not crowd the tick above it.
    """
    if hi <= lo:
        return [float(lo)]
    nice = [m * 10.0 ** e for e in range(int(np.floor(np.log10(max(lo, 1e-12)))) - 1, int(np.ceil(np.log10(hi))) + 1)
            for m in (1.0, 2.0, 5.0)]
    nice = [float(f"{v:.1g}") for v in nice if lo < v <= hi]

    def where(v: float) -> float:          # position on the bar (levels are lo + (hi − lo) u²)
        return float(np.sqrt((v - lo) / (hi - lo)))

    ticks: list[float] = []
    for v in sorted(nice, reverse=True):
        if not ticks or where(ticks[-1]) - where(v) >= 0.12:
            ticks.append(v)
    return sorted(ticks)


def draw_contours(ax, name: str, colorbar: bool = True, cax=None) -> None:
    """Filled contours of a surface (levels denser near the valley floor) and a colour bar for E.

    Dark purple is low error, yellow high; the colour bar has round ticks.  It goes into ``cax`` if
    given (an axes of the figure's layout), else just right of ``ax`` (an inset, so the layout of the
    figure does not change); drawing again replaces it.  A surface with a known ``minimum`` gets it
    marked (a white ×).
    """
    W1, W2, E = surface_grid(name)
    s = get_surface(name)
    lo, hi = max(float(E.min()), 1e-4), float(E.max())
    levels = lo + (hi - lo) * np.linspace(0.0, 1.0, 16) ** 2     # denser near the valley floor
    filled = ax.contourf(W1, W2, E, levels=levels, cmap=CMAP, alpha=0.85, extend="both")
    ax.contour(W1, W2, E, levels=levels, colors="0.25", linewidths=0.5, alpha=0.5)
    old = getattr(ax, "_nn_colorbar_ax", None)
    if old is not None:
        try:
            old.remove()
        except (KeyError, ValueError, AttributeError):
            pass
        ax._nn_colorbar_ax = None
    if colorbar:
        inset = cax is None
        if inset:
            cax = ax.inset_axes([1.03, 0.0, 0.045, 1.0])
        else:
            cax.cla()
        bar = ax.figure.colorbar(filled, cax=cax)
        bar.set_ticks(colorbar_ticks(lo, hi))
        bar.ax.set_yticklabels([f"{v:g}" for v in bar.get_ticks()])
        bar.set_label("error E (dark = low)", fontsize=9)
        bar.ax.tick_params(labelsize=9)
        ax._nn_colorbar_ax = cax if inset else None
    if getattr(s, "minimum", None) is not None:
        ax.plot([s.minimum[0]], [s.minimum[1]], "x", color="white", ms=8, mew=2, zorder=4)
    ax.set_xlim(s.extent[0], s.extent[1])
    ax.set_ylim(s.extent[2], s.extent[3])
    ax.set_xlabel(s.labels[0])
    ax.set_ylabel(s.labels[1])
    ax.set_aspect("equal")


@dataclass
class SurfaceResult:
    """The point on a two-weight surface, its error and gradient."""

    surface: str
    w1: float
    w2: float
    E: float
    grad: np.ndarray           # (2,) ∇E = (∂E/∂w1, ∂E/∂w2)
    view: str = "contours"     # how it is drawn: "contours" or "3-D"

    @property
    def downhill(self) -> np.ndarray:
        """``−∇E``: the direction of steepest descent ``(2,)``."""
        return -self.grad


class StartsAtSurfaceStart:
    """Mixin for explorers with a ``surface`` and a point ``(w1, w2)``: choosing a surface without
    giving a point puts the point at that surface's start point."""

    def __init__(self, **state) -> None:
        if "surface" in state and "w1" not in state and "w2" not in state:
            state["w1"], state["w2"] = get_surface(self.check_state({"surface": state["surface"]})["surface"]).start
        super().__init__(**state)

    def set(self, **state):
        """As :meth:`Explorer.set`; a new ``surface`` without a point starts at its start point."""
        if "surface" in state and "w1" not in state:
            surface = self.check_state({"surface": state["surface"]})["surface"]
            if surface != self.state["surface"]:
                state["w1"], state["w2"] = get_surface(surface).start
        return super().set(**state)


class ErrorSurfaceExplorer(StartsAtSurfaceStart, Explorer):
    """``E(w1, w2)`` as contours (or in 3-D), with the current point and the downhill arrow ``−∇E``.

    Controls: ``surface`` (one of :data:`SURFACES`), ``w1``, ``w2`` and ``view``
    (``"contours"``: seen from above, the arrow is ``−∇E``; ``"3-D"``: the landscape, the arrow is
    the path a short way along ``−∇E``, drawn on the surface).
    """

    controls = (
        Control("surface", "linear neuron", description="surface", options=SURFACES),
        Control("w1", -2.0, -3.0, 3.0, 0.05, "w1"),
        Control("w2", -2.0, -3.0, 3.0, 0.05, "w2"),
        Control("view", "contours", description="view", options=("contours", "3-D")),
    )
    figsize = (5.2, 4.4)


    def compute(self, surface: str, w1: float, w2: float, view: str = "contours") -> SurfaceResult:
        s = get_surface(surface)
        return SurfaceResult(surface=surface, w1=float(w1), w2=float(w2), E=float(s.loss(w1, w2)),
                             grad=np.asarray(s.grad(float(w1), float(w2)), dtype=float), view=view)

    @staticmethod
    def _arrow_tip(r: SurfaceResult) -> tuple[np.ndarray, float]:
        """Unit direction of −∇E and the arrow length (grows with the slope, 0.3 … 1.5 units)."""
        d = r.downhill
        norm = float(np.hypot(*d))
        if norm == 0:
            return np.zeros(2), 0.0
        return d / norm, 0.3 + 1.2 * norm / (norm + 0.5)

    def draw(self, r: SurfaceResult, fig) -> None:
        want_3d = r.view == "3-D"
        if not fig.axes:
            self._ax = fig.add_subplot(projection="3d" if want_3d else None)
            self._drawn_key = None
        if self._drawn_key != (r.surface, r.view):
            if want_3d != (self._ax.name == "3d"):
                # Swap the axes for one of the other kind, where that kind sat before (or a default).
                places = self.__dict__.setdefault("_places", {})
                places[self._ax.name == "3d"] = self._ax.get_position()
                pos = places.get(want_3d, [0.02, 0.02, 0.9, 0.9] if want_3d else [0.14, 0.11, 0.8, 0.8])
                fig.delaxes(self._ax)
                self._ax = fig.add_axes(pos, projection="3d" if want_3d else None)
            ax = self._ax
            ax.cla()                  # keep the axes: clearing the figure would upset its layout
            if want_3d:
                W1, W2, E = surface_grid(r.surface)
                ax.plot_surface(W1, W2, E, cmap=CMAP, rstride=4, cstride=4, linewidth=0, alpha=0.75)
                s = get_surface(r.surface)
                ax.set_xlabel(s.labels[0])
                ax.set_ylabel(s.labels[1])
                ax.set_zlabel("E")
                ax.view_init(elev=30, azim=-60)
                ax.computed_zorder = False    # draw by zorder: the point and path stay on top of the surface
            else:
                draw_contours(ax, r.surface)
            self._point = None
            self._arrow = None
            self._to_min = None
            self._drawn_key = (r.surface, r.view)
        ax = self._ax
        for art in (self._point, self._arrow, self._to_min):
            if art is not None:
                art.remove()
        self._to_min = None
        direction, length = self._arrow_tip(r)
        if want_3d:
            s = get_surface(r.surface)
            steps = np.linspace(0.0, length, 12)
            path = np.array([r.w1, r.w2]) + steps[:, None] * direction
            (self._point,) = ax.plot([r.w1], [r.w2], [r.E], "o", color="tab:red", ms=8, zorder=10)
            (self._arrow,) = ax.plot(path[:, 0], path[:, 1], s.loss(path[:, 0], path[:, 1]), "-",
                                     color="tab:red", lw=3, zorder=10)
            ax.set_title(f"{r.surface}: E = {number(r.E)}, red path = downhill", fontsize=10)
        else:
            (self._point,) = ax.plot([r.w1], [r.w2], "o", color="tab:red", ms=8, zorder=5)
            tip = (r.w1 + length * direction[0], r.w2 + length * direction[1])
            self._arrow = ax.annotate("", xy=tip, xytext=(r.w1, r.w2),
                                      arrowprops=dict(arrowstyle="-|>", color="tab:red", lw=2))
            m = getattr(get_surface(r.surface), "minimum", None)
            if m is not None:
                # A dotted line from the point to the minimum (×): −∇E need not point there.
                (self._to_min,) = ax.plot([r.w1, m[0]], [r.w2, m[1]], ":", color="white", lw=1.8, zorder=4)
                ax.set_title(f"{r.surface}: E = {number(r.E)}, arrow = −∇E, dotted: to the minimum ×",
                             fontsize=9)
            else:
                ax.set_title(f"{r.surface}: E = {number(r.E)}, arrow = −∇E", fontsize=10)

    def animated_artists(self) -> list:
        """What moving the point redraws (blitted over the cached contours).

        The 3-D view is redrawn whole: a 3-D axes may shift by a few pixels between draws, so a
        cached background would not line up with a full redraw.
        """
        if self.fig is None or not hasattr(self, "_ax") or self._point is None or self.result.view == "3-D":
            return []
        return [self._point, self._arrow, self._ax.title] + ([self._to_min] if self._to_min is not None else [])

    def background_key(self, r: SurfaceResult):
        return (r.surface, r.view)

    def summary(self, r: SurfaceResult) -> str:
        g, d = r.grad, r.downhill
        text = (f"{r.surface}: w = ({fixed(r.w1, 2)}, {fixed(r.w2, 2)}), E = {number(r.E)}, "
                f"∇E = ({number(g[0])}, {number(g[1])}), downhill −∇E = ({number(d[0])}, {number(d[1])})")
        angle = self.angle_to_minimum(r)
        if angle is not None:
            text += f"; −∇E is {angle:.0f}° away from the straight line to the minimum"
        return text

    @staticmethod
    def angle_to_minimum(r: SurfaceResult) -> float | None:
        """The angle in degrees between −∇E and the direction to the surface's minimum (None if unknown)."""
        return angle_to_minimum(r.surface, r.w1, r.w2, r.downhill)
