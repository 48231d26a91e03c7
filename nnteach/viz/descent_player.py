"""The gradient-descent player (notebook 04): a descent path on the contour plot, the loss curve beside it.

The path and its outcome are computed by :func:`nnteach.descent.descent_path` (``w ← w − ε ∇E(w)``,
Eq. 4.5; one definition of "converges" and "diverges" for the notebook, the player and check 04.3,
see :class:`nnteach.descent.DescentPath`).  :class:`DescentPlayer` draws it; a step slider (with
Play and Reset) moves along it.  Nothing of the steps not yet played is drawn or hinted at: the path
and the loss curve end at the step shown, the loss axis is fixed per surface (not scaled to the run),
and the outcome is named once the steps that decide it are played.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..descent import DIVERGE_FACTOR, MAX_STEPS, SURFACES, DescentPath, descent_path, get_surface
from ..formatting import fixed, number
from .error_surface import StartsAtSurfaceStart, draw_contours
from .explorer import Control, Explorer

__all__ = ["DescentPlayer", "PlayerResult"]


@dataclass
class PlayerResult:
    """A descent run and the step being shown."""

    surface: str
    run: DescentPath
    step: int              # the step shown (clipped to the run's length)

    @property
    def w(self) -> np.ndarray:
        return self.run.path[self.step]

    @property
    def E(self) -> float:
        return float(self.run.E[self.step])

    @property
    def revealed(self) -> bool:
        """True once the step shown has reached the step where the outcome shows."""
        return self.step >= self.run.decided_at


class DescentPlayer(StartsAtSurfaceStart, Explorer):
    """Watch gradient descent walk down a surface; the loss curve beside it.

    Controls: ``surface``, ``rate`` ε, start point ``w1``, ``w2`` and ``step`` (which step of
    the run is shown; the widget adds Play, and Reset back to step 0).
    """

    controls = (
        Control("surface", "linear neuron", description="surface", options=SURFACES),
        Control("rate", 0.9, 0.01, 3.0, 0.01, "rate ε"),
        Control("w1", -2.0, -3.0, 3.0, 0.05, "start w1"),
        Control("w2", -2.0, -3.0, 3.0, 0.05, "start w2"),
        Control("step", MAX_STEPS, 0, MAX_STEPS, 1, "step", kind="int"),
    )
    figsize = (9.0, 4.0)


    def extra_controls(self, sliders: dict) -> list:
        """A Play button that runs the step slider, and Reset (back to step 0)."""
        import ipywidgets as w
        play = w.Play(value=self.state["step"], min=0, max=MAX_STEPS, step=1, interval=250, description="play")
        w.jslink((play, "value"), (sliders["step"], "value"))
        reset = w.Button(description="reset")
        reset.on_click(lambda _: self.set(step=0))
        return [w.HBox([play, reset])]

    def compute(self, surface: str, rate: float, w1: float, w2: float, step: int) -> PlayerResult:
        run = descent_path(get_surface(surface), (w1, w2), rate, MAX_STEPS)
        return PlayerResult(surface=surface, run=run, step=min(int(step), len(run.path) - 1))

    @staticmethod
    def loss_limits(r: PlayerResult) -> tuple[float, float]:
        """The loss axis: the surface's fixed ``loss_range`` (the same for every rate, start and step, so
        that it tells nothing about the steps not yet played, and runs can be compared).  Errors below
        it are drawn on its bottom edge."""
        lo, hi = get_surface(r.surface).loss_range
        return float(lo), float(hi)

    @staticmethod
    def off_plot(r: PlayerResult) -> tuple[int, np.ndarray] | None:
        """``(k, point)`` while the point shown lies outside the map: the first step k whose point left
        it, and where the path crossed the map's edge on its way there; None while the point is on the map."""
        a, b, c, d = get_surface(r.surface).extent
        path = r.run.path[:r.step + 1]
        outside = ~((path[:, 0] >= a) & (path[:, 0] <= b) & (path[:, 1] >= c) & (path[:, 1] <= d))
        if not outside[-1] or outside[0]:
            return None
        k = int(np.argmax(outside))
        p, q = path[k - 1], path[k]
        # The largest fraction f of the segment p → q that stays inside the box.
        f = 1.0
        for lo, hi, i in ((a, b, 0), (c, d, 1)):
            step = q[i] - p[i]
            if step > 0 and q[i] > hi:
                f = min(f, (hi - p[i]) / step)
            elif step < 0 and q[i] < lo:
                f = min(f, (lo - p[i]) / step)
        return k, p + f * (q - p)

    def draw(self, r: PlayerResult, fig) -> None:
        if not fig.axes:
            # The colour bar gets a column of its own, so that its label keeps clear of the loss plot.
            ax, cax, bx = fig.subplots(1, 3, gridspec_kw={"width_ratios": [1.0, 0.05, 1.1]})
            engine = fig.get_layout_engine()
            if engine is not None and hasattr(engine, "set") and "wspace" in engine.get():
                engine.set(wspace=0.12)        # a gap between the colour-bar label and the loss axis
            (self._E_line,) = bx.plot([], [], "o-", color="tab:red", ms=3, lw=1.2)
            (self._E_now,) = bx.plot([], [], "o", color="white", mec="tab:red", mew=2, ms=9, zorder=5)
            bx.set_yscale("log")
            bx.set_xlim(-1, MAX_STEPS + 1)
            bx.set_xlabel("step")
            bx.set_ylabel("error E (log scale)")
            bx.grid(True, which="major", alpha=0.3)
            self._ax, self._cax, self._bx = ax, cax, bx
            self._drawn_surface = None
        if self._drawn_surface != r.surface:
            # (Re)draw the contours; the axes stay (clearing the figure would upset its layout).
            ax = self._ax
            ax.cla()
            draw_contours(ax, r.surface, cax=self._cax)
            (self._path_line,) = ax.plot([], [], "-", color="tab:red", lw=1.2)
            (self._path_dots,) = ax.plot([], [], "o", color="tab:red", ms=3)
            (self._start,) = ax.plot([], [], "s", color="black", ms=6)
            (self._now,) = ax.plot([], [], "o", color="white", mec="tab:red", mew=2, ms=9, zorder=5)
            self._off = ax.annotate("", xy=(0, 0), xytext=(0, 0), fontsize=9, ha="center", va="center",
                                    color="black", zorder=6,
                                    bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="tab:red", alpha=0.9),
                                    arrowprops=dict(arrowstyle="-|>", color="black", lw=1.5))
            self._drawn_surface = r.surface
        ax, bx = self._ax, self._bx
        lo, hi = self.loss_limits(r)
        bx.set_ylim(lo, hi)                    # fixed per surface (part of the cached background)
        run, k = r.run, r.step
        self._start.set_data([run.path[0, 0]], [run.path[0, 1]])
        self._path_line.set_data(run.path[:k + 1, 0], run.path[:k + 1, 1])
        self._path_dots.set_data(run.path[:k + 1, 0], run.path[:k + 1, 1])
        self._now.set_data([run.path[k, 0]], [run.path[k, 1]])
        off = self.off_plot(r)
        if off is None:
            self._off.set_visible(False)
        else:
            # Mark where the path leaves the map: an arrow to the edge, labelled with the step.
            j, edge = off
            a, b, c, d = get_surface(r.surface).extent
            centre = np.array([(a + b) / 2, (c + d) / 2])
            self._off.xy = tuple(edge)
            inward = (centre - edge) / max(float(np.hypot(*(centre - edge))), 1e-9)
            below = -0.8 if edge[1] > centre[1] else 0.8        # beside the path, not on it
            self._off.set_position((edge[0] + 1.2 * inward[0], edge[1] + 1.2 * inward[1] + below))
            self._off.set_text(f"off the plot\nat step {j}")
            self._off.set_visible(True)
        # Only the steps played so far (0 … k); errors below the axis sit on its bottom edge.
        steps = np.arange(k + 1)
        E = np.maximum(run.E[:k + 1], lo)
        finite = np.isfinite(E)
        self._E_line.set_data(steps[finite], E[finite])
        self._E_now.set_data([k], [E[k]] if finite[k] else [np.nan])
        # The outcome only once the steps that show it are played (no spoiler for a Predict).
        ax.set_title(f"ε = {run.rate:.2f}: {run.verdict}" if r.revealed else f"ε = {run.rate:.2f}", fontsize=10)
        bx.set_title(f"step {k}: E = {number(r.E)}", fontsize=10)

    def animated_artists(self) -> list:
        """What a step or rate change redraws (blitted over the cached contour plot)."""
        if self.fig is None or not hasattr(self, "_ax"):
            return []
        return [self._path_line, self._path_dots, self._start, self._now, self._off, self._E_line,
                self._E_now, self._ax.title, self._bx.title]

    def background_key(self, r: PlayerResult):
        return (r.surface, self.loss_limits(r))

    def summary(self, r: PlayerResult) -> str:
        run = r.run
        head = (f"ε = {run.rate:.2f}, start ({fixed(run.path[0, 0], 2)}, {fixed(run.path[0, 1], 2)}): "
                f"step {r.step}, w = ({fixed(r.w[0], 2)}, {fixed(r.w[1], 2)}), E = {number(r.E)}")
        if r.revealed:
            return f"{head} — {run.describe()}"
        return (f"{head} — play on to see the outcome (converged: E ≤ {run.tolerance:g} within {MAX_STEPS} "
                f"steps; diverged: E climbs above {DIVERGE_FACTOR:g}× its start within {MAX_STEPS} steps)")
