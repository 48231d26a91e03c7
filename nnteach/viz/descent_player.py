"""Gradient descent, step by step, on a two-weight error surface (notebook 04).

:func:`descent_path` walks ``w ← w − ε ∇E(w)`` (Eq. 4.4) from a start point and
records every point and error; it stops early, without warnings, when the error
explodes (divergence).  :class:`DescentPlayer` shows the path on the contour plot
with the loss curve beside it; a step slider (with Play and Reset) moves along it.

On the linear-neuron bowl (:class:`~nnteach.viz.error_surface.LinearNeuronSurface`,
curvatures 1 and 0.25) the four regimes are: ``ε = 0.1`` too small (crawls),
``ε = 0.9`` good, ``ε = 1.8`` too large (zig-zags across the valley but still
converges), ``ε = 2.5`` divergent (``ε > 2 / λ_max = 2``).  "Converges" means E reaches
the surface's tolerance within the 40 steps; "diverges" means E climbs above 10 × its start
value within the 40 steps, and "diverged at step k" names the first step where it does (see
:class:`DescentPath`): one definition in the notebook, the player and check 04.3.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .explorer import Control, Explorer
from .error_surface import SURFACES, StartsAtSurfaceStart, _num, _sym, draw_contours, get_surface

__all__ = ["DescentPath", "descent_path", "DescentPlayer", "MAX_STEPS", "DIVERGE_FACTOR"]

#: The number of steps the player computes (and the step slider's maximum).
MAX_STEPS = 40


#: "Diverged at step k": the first step at which E is more than this many times its start value.
DIVERGE_FACTOR = 10.0


@dataclass
class DescentPath:
    """A gradient-descent run.

    The outcome, in the course's words (:attr:`outcome`):

    * **converges**: E reaches the surface's ``tolerance`` (E ≤ 0.001 on the bowl) within the steps;
      ``converged_at`` is that step;
    * **diverges**: within the steps E climbs above :data:`DIVERGE_FACTOR` (10) times its start
      value; ``diverged_at`` is the first step at which it does;
    * **does not diverge** (but does not converge within the steps either): too slow, or
      zig-zagging without settling (ε = 2/λ_max exactly), or growing too slowly to pass 10 × its
      start within the steps (ε just above 2/λ_max, e.g. 2.01 on the bowl).

    Attributes:
        rate: the learning rate ε.
        path: the points ``(n + 1, 2)`` after 0 … n steps (n < steps if the walk was stopped).
        E: their errors ``(n + 1,)``.
        diverged_at: the first step with E > 10 × E_0 (``None`` if none).
        converged_at: the first step with ``E ≤ tolerance`` (``None`` if never).
        zigzag: True if most consecutive steps point in opposite directions (overshooting).
        tolerance: "converged" means E ≤ this.
        stopped: True if the walk was stopped early because E exploded (above 100 × E_0).
    """

    rate: float
    path: np.ndarray
    E: np.ndarray
    diverged_at: int | None
    converged_at: int | None
    zigzag: bool
    tolerance: float
    stopped: bool = False

    @property
    def growing(self) -> bool:
        """True if the error ends above its start value (and did not converge); it need not diverge."""
        return self.converged_at is None and (self.diverged_at is not None or bool(self.E[-1] > self.E[0]))

    @property
    def outcome(self) -> str:
        """``"converges"``, ``"diverges"`` or ``"does not diverge"`` (neither within the steps)."""
        if self.converged_at is not None:
            return "converges"
        if self.diverged_at is not None:
            return "diverges"
        return "does not diverge"

    @property
    def decided_at(self) -> int:
        """The step at which the outcome shows: when E reaches the tolerance or 10 × E_0, else the last step."""
        if self.converged_at is not None:
            return self.converged_at
        if self.diverged_at is not None:
            return self.diverged_at
        return len(self.E) - 1

    @property
    def verdict(self) -> str:
        """A finer label: ``"diverges"``, ``"zig-zags"`` (overshoots; it may still converge),
        ``"converges"`` or ``"too slow"``."""
        if self.outcome == "diverges":
            return "diverges"
        if self.zigzag:
            return "zig-zags"
        if self.converged_at is not None:
            return "converges"
        return "too slow"

    def describe(self) -> str:
        """The outcome in words, with its numbers (what the player and check 04.3 say)."""
        n = len(self.E) - 1
        tol = f"E ≤ {self.tolerance:g}"
        if self.outcome == "converges":
            how = "zig-zags across the valley but converges" if self.zigzag else "converges"
            return f"{how}: {tol} at step {self.converged_at}"
        if self.outcome == "diverges":
            text = (f"diverges: at step {self.diverged_at} E is more than {DIVERGE_FACTOR:g}× its start value "
                    f"({_num(self.E[0])} → {_num(self.E[self.diverged_at])})")
            if self.stopped:
                text += f"; the walk is stopped at step {n}, E = {_num(self.E[-1])}"
            return text
        if self.growing:
            return (f"does not diverge within {n} steps: E grows from {_num(self.E[0])} to {_num(self.E[-1])} "
                    f"({self.E[-1] / self.E[0]:.1f}× its start), but not above {DIVERGE_FACTOR:g}× its start")
        if self.zigzag:
            return (f"does not diverge, but zig-zags without settling: E = {_num(self.E[-1])} after {n} steps, "
                    f"not yet {tol}")
        return (f"does not diverge, but too slow: E = {_num(self.E[-1])} after {n} steps (from {_num(self.E[0])}), "
                f"not yet {tol}")


def descent_path(surface, start: tuple[float, float], rate: float, steps: int = MAX_STEPS) -> DescentPath:
    """Gradient descent ``w_{k+1} = w_k − ε ∇E(w_k)`` (Eq. 4.4) on ``surface``.

    Args:
        surface: an object with ``loss(w1, w2)``, ``grad(w1, w2) -> (2,)`` and ``tolerance``
            (see :func:`nnteach.viz.error_surface.get_surface`), or a name of one.
        start: the starting point ``(w1, w2)``.
        rate: the learning rate ε > 0.
        steps: the maximum number of steps.

    ``diverged_at`` is the first step with ``E > 10 × E_0`` (:data:`DIVERGE_FACTOR`).  The walk
    is stopped (``stopped=True``, no warning) when the error explodes: it becomes non-finite or
    larger than ``100 × max(E_0, 0.01)``.  See :class:`DescentPath` for the outcomes.
    """
    if isinstance(surface, str):
        surface = get_surface(surface)
    if not (isinstance(rate, (int, float, np.floating)) and np.isfinite(rate) and rate > 0):
        raise ValueError(f"rate must be a number > 0; got {rate!r}")
    if steps < 0:
        raise ValueError(f"steps must be >= 0; got {steps!r}")
    w = np.array(start, dtype=float)
    if w.shape != (2,):
        raise ValueError(f"start must be a point (w1, w2); got shape {w.shape}")
    E0 = float(surface.loss(w[0], w[1]))
    limit = 100.0 * max(E0, 0.01)
    path, Es = [w.copy()], [E0]
    diverged_at = None
    stopped = False
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for k in range(1, int(steps) + 1):
            w = w - rate * np.asarray(surface.grad(w[0], w[1]), dtype=float)
            E = float(surface.loss(w[0], w[1])) if np.all(np.isfinite(w)) else float("inf")
            path.append(w.copy())
            Es.append(E)
            if diverged_at is None and (not np.isfinite(E) or E > DIVERGE_FACTOR * E0):
                diverged_at = k
            if not np.isfinite(E) or E > limit:
                stopped = True
                break
    path_a, E_a = np.array(path), np.array(Es)
    tol = float(surface.tolerance)
    below = np.nonzero(E_a <= tol)[0]
    converged_at = int(below[0]) if below.size and diverged_at is None else None
    # Overshooting: consecutive steps point in opposite directions (negative dot product).
    moves = np.diff(path_a, axis=0)
    last = len(moves) if converged_at is None else max(converged_at, 2)
    moves = moves[:last]
    dots = np.sum(moves[1:] * moves[:-1], axis=1) if len(moves) > 1 else np.zeros(0)
    zigzag = bool(dots.size >= 2 and np.mean(dots < 0) > 0.5)
    return DescentPath(rate=float(rate), path=path_a, E=E_a, diverged_at=diverged_at, converged_at=converged_at,
                       zigzag=zigzag, tolerance=tol, stopped=stopped)


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


    def extra_controls(self) -> list:
        """A Play button that runs the step slider, and Reset (back to step 0)."""
        import ipywidgets as w
        sliders = self._ui[0]
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
        """The loss axis: whole powers of ten around the whole run (so that it fits a diverging run too),
        never narrower than two decades and never below the surface's ``loss_range`` floor."""
        E = r.run.E[np.isfinite(r.run.E)]
        floor = get_surface(r.surface).loss_range[0]
        lo = max(floor, 10.0 ** np.floor(np.log10(max(float(E.min()) / 3.0, 1e-300))))      # room for the marker
        hi = 10.0 ** np.ceil(np.log10(max(3.0 * float(E.max()), lo * 100.0)))   # room for the marker
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
            (self._all_E,) = bx.plot([], [], "-", color="0.75", lw=1)
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
            self._off = ax.annotate("", xy=(0, 0), xytext=(0, 0), fontsize=8, ha="center", va="center",
                                    color="black", zorder=6,
                                    bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="tab:red", alpha=0.9),
                                    arrowprops=dict(arrowstyle="-|>", color="black", lw=1.5))
            self._drawn_surface = r.surface
        ax, bx = self._ax, self._bx
        bx.set_ylim(*self.loss_limits(r))      # the whole run fits (part of the cached background)
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
        steps = np.arange(len(run.E))
        E = np.maximum(run.E, 1e-12)
        finite = np.isfinite(E)
        self._all_E.set_data(steps[finite], E[finite])
        self._E_line.set_data(steps[:k + 1][finite[:k + 1]], E[:k + 1][finite[:k + 1]])
        self._E_now.set_data([k], [E[k]] if finite[k] else [np.nan])
        # The outcome only once the steps that show it are played (no spoiler for a Predict).
        ax.set_title(f"ε = {run.rate:.2f}: {run.verdict}" if r.revealed else f"ε = {run.rate:.2f}", fontsize=10)
        bx.set_title(f"step {k}: E = {_num(r.E)}", fontsize=10)

    def animated_artists(self) -> list:
        """What a step or rate change redraws (blitted over the cached contour plot, design.md §5)."""
        if self.fig is None or not hasattr(self, "_ax"):
            return []
        return [self._path_line, self._path_dots, self._start, self._now, self._off, self._all_E, self._E_line,
                self._E_now, self._ax.title, self._bx.title]

    def background_key(self, r: PlayerResult):
        return (r.surface, self.loss_limits(r))

    def summary(self, r: PlayerResult) -> str:
        run = r.run
        head = (f"ε = {run.rate:.2f}, start ({_sym(run.path[0, 0], 2)}, {_sym(run.path[0, 1], 2)}): "
                f"step {r.step}, w = ({_sym(r.w[0], 2)}, {_sym(r.w[1], 2)}), E = {_num(r.E)}")
        if r.revealed:
            return f"{head} — {run.describe()}"
        return (f"{head} — play on to see the outcome (converged: E ≤ {run.tolerance:g} within {MAX_STEPS} "
                f"steps; diverged: E climbs above {DIVERGE_FACTOR:g}× its start within {MAX_STEPS} steps)")
