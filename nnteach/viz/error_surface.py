"""The error as a curve over one weight and as a surface over two (notebook 04).

* :class:`ErrorCurveExplorer`: pick one weight of the worked example (the 2-2-1 network of
  notebook 03, math.md §9.1), slide it
  along ``E(w)``; see the point, the tangent with slope ``dE/dw``, the downhill arrow and
  where gradient steps ``w ← w − ε dE/dw`` (Eq. 4.4) land.
* :class:`ErrorSurfaceExplorer`: ``E(w1, w2)`` as contours with the current point and the
  downhill arrow ``−∇E`` (Eq. 4.5); move the point with two sliders.

The surfaces are plain objects with ``loss(w1, w2)`` and ``grad(w1, w2)`` (see
:func:`get_surface`); :mod:`nnteach.viz.descent_player` walks down the same ones.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import costs
from ..perceptron import Perceptron
from .explorer import Control, Explorer
from .backprop_stepper import WORKED_WEIGHTS, worked_example

__all__ = ["LinearNeuronSurface", "NetworkSurface", "SURFACES", "get_surface", "error_curve", "CurveResult",
           "ErrorCurveExplorer", "SurfaceResult", "ErrorSurfaceExplorer"]


def _sym(x: float, nd: int = 4) -> str:
    """A number with ``nd`` decimals and a typographic minus sign, e.g. ``−0.0697``.

    A value that rounds to zero prints without a sign (``0.0000``, never ``−0.0000``).
    """
    text = f"{x:.{nd}f}"
    if float(text) == 0.0:
        text = text.lstrip("-")
    return text.replace("-", "−")


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _num(x: float) -> str:
    """An error or slope value, in one format everywhere (a typographic minus, never ``−0``):

    4 decimals below 1 (``0.1078``, ``−0.0697``), 4 significant figures from 1 to 10 000 (``7.459``,
    ``960.6``, ``1895``), and a power of ten below 0.001 (``3.58×10⁻⁵``), so that a small error
    never prints as ``0.0000``, and from 10 000 on (``7.41×10¹²``), so that a huge one is readable.
    """
    x = float(x)
    if not np.isfinite(x):
        return "∞" if x > 0 else ("−∞" if x < 0 else "nan")
    if x == 0.0:
        return "0"
    if abs(x) < 9.9995e-4 or abs(x) >= 9999.5:
        mant, exp = f"{x:.2e}".split("e")
        text = f"{mant}×10{str(int(exp)).translate(_SUPERSCRIPT)}"
    elif abs(x) < 0.99995:
        text = f"{x:.4f}"
    else:
        digits = int(np.floor(np.log10(abs(x)))) + 1
        text = f"{x:.{max(4 - digits, 0)}f}"
    return text.replace("-", "−")


# -- one weight of the worked example ------------------------------------------------------
def _loss_of(net: Perceptron, x: np.ndarray, t: np.ndarray, cost: str) -> float:
    """``E`` of one pattern: ½ (t − y)² (Eq. 4.1) or the cross-entropy."""
    y = net._forward(x)[-1]
    return float(costs.cost(cost, y, t))


def error_curve(weight: str, w_values: np.ndarray, cost: str = "mse") -> np.ndarray:
    """``E(w)`` of the worked example (math.md §9.1) when only ``weight`` is set to each of ``w_values`` ``(n,) -> (n,)``."""
    if weight not in WORKED_WEIGHTS:
        raise ValueError(f"unknown weight {weight!r}; expected one of {', '.join(WORKED_WEIGHTS)}")
    costs.check_name(cost)
    net, x, t, _ = worked_example()
    key, idx, _ = WORKED_WEIGHTS[weight]
    out = np.empty(len(w_values))
    for k, w in enumerate(np.asarray(w_values, dtype=float)):
        net.params[key][idx] = w
        out[k] = _loss_of(net, x, t, cost)
    return out


def _loss_and_slope(weight: str, w: float, cost: str) -> tuple[float, float]:
    """``(E, dE/dw)`` with ``dE/dw`` from backpropagation (``Perceptron.loss_and_grads``)."""
    net, x, t, _ = worked_example()
    key, idx, _ = WORKED_WEIGHTS[weight]
    net.params[key][idx] = w
    E, grads = net.loss_and_grads(x, t, cost)
    return float(E), float(grads[key][idx])


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
    moves ``w`` to that weight's worked-example value.  The w axis shows [−4, 4], widened to
    hold every step taken.
    """

    controls = (
        Control("weight", "w_oh1", description="weight", options=tuple(WORKED_WEIGHTS)),
        Control("w", 0.7, -4.0, 4.0, 0.01, "value w"),
        Control("rate", 0.5, 0.1, 40.0, 0.1, "rate ε"),
        Control("steps", 1, 0, MAX_CURVE_STEPS, 1, "steps", kind="int"),
        Control("cost", "mse", description="cost", options=("mse", "cross_entropy")),
    )
    figsize = (7.0, 3.6)
    w_range = (-4.0, 4.0)

    def __init__(self, **state) -> None:
        if "weight" in state and "w" not in state and state["weight"] in WORKED_WEIGHTS:
            state["w"] = WORKED_WEIGHTS[state["weight"]][2]
        super().__init__(**state)

    def set(self, **state):
        """As :meth:`Explorer.set`; a new ``weight`` without a ``w`` starts at its worked-example value."""
        if "weight" in state and "w" not in state and state["weight"] != self.state["weight"]:
            state["w"] = WORKED_WEIGHTS[state["weight"]][2]
        return super().set(**state)

    def extra_controls(self) -> list:
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
        self._ui[0]["steps"].observe(label, names="value")
        label()
        return [w.HBox([more, reset])]

    @staticmethod
    @lru_cache(maxsize=64)
    def _grid(weight: str, cost: str, lo: float = -4.0, hi: float = 4.0) -> tuple[np.ndarray, np.ndarray]:
        w_grid = np.linspace(lo, hi, int(round(20 * (hi - lo))) + 1)
        return w_grid, error_curve(weight, w_grid, cost)

    def compute(self, weight: str, w: float, rate: float, steps: int, cost: str) -> CurveResult:
        E, slope = _loss_and_slope(weight, float(w), cost)
        path, path_E = [float(w)], [E]
        current, g = float(w), slope
        for _ in range(int(steps)):
            current = current - rate * g            # Eq. (4.4): one gradient step
            e, g = _loss_and_slope(weight, current, cost)
            path.append(current)
            path_E.append(e)
        # The w axis shows [−4, 4], widened (in whole units) to hold every step taken.
        lo = min(self.w_range[0], float(np.floor(min(path) - 0.5)))
        hi = max(self.w_range[1], float(np.ceil(max(path) + 0.5)))
        w_grid, E_grid = self._grid(weight, cost, lo, hi)
        return CurveResult(weight=weight, cost=cost, w=float(w), E=E, slope=slope, rate=float(rate),
                           steps=int(steps), w_grid=w_grid, E_grid=E_grid.copy(), path=np.array(path),
                           path_E=np.array(path_E))

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
        ax.legend(handles=handles, loc="upper right", fontsize=8)     # "after gradient steps" only when drawn
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
        """What moving ``w`` redraws (blitted over the cached curve, design.md §5)."""
        if self.fig is None or not hasattr(self, "_ax"):
            return []
        return [self._tangent, self._steps, self._point] + ([self._arrow] if self._arrow is not None else [])

    def background_key(self, r: CurveResult):
        return (r.weight, r.cost, tuple(self._ax.get_ylim()), tuple(self._ax.get_xlim()), r.steps > 0)

    def summary(self, r: CurveResult) -> str:
        head = f"{r.weight} = {_sym(r.w, 2)}, E = {_num(r.E)}, dE/dw = {_num(r.slope)}"
        if r.steps == 0:
            downhill = "larger" if r.slope < 0 else "smaller"
            return f"{head}: downhill is toward {downhill} w"
        what = "1 step" if r.steps == 1 else f"{r.steps} steps"
        tail = f" ({MAX_CURVE_STEPS} steps is the most this explorer takes)" if r.steps >= MAX_CURVE_STEPS else ""
        return (f"{head} → after {what} with ε = {r.rate:g}: {r.weight} = {_sym(r.path[-1])}, "
                f"E = {_num(r.path_E[-1])}{tail}")


# -- surfaces over two weights --------------------------------------------------------------
class LinearNeuronSurface:
    """``E(w1, w2)`` of a linear neuron ``y = w1 x1 + w2 x2`` on four patterns: a tilted bowl.

    ``E = (1/P) Σ_p ½ (t_p − y_p)²`` (Eq. 4.2) with the patterns of :attr:`X` ``(4, 2)`` and
    targets ``t = X @ w_star`` ``(4,)``, so the minimum is ``E = 0`` at ``w_star``.  The surface is
    a quadratic with curvature matrix ``H = XᵀX / P`` (eigenvalues 1 and 0.25): gradient descent
    converges for ``ε < 2 / λ_max = 2`` and diverges above.
    """

    name = "linear neuron"
    labels = ("w1", "w2")
    extent = (-3.0, 3.0, -3.0, 3.0)
    start = (-2.0, -2.0)
    minimum = (1.0, 0.5)        # where E = 0 (w_star), marked on the contour map
    tolerance = 1e-3            # "converged" means E ≤ this (the minimum is 0)
    loss_range = (1e-10, 1e4)   # the loss axis of the descent player (fixed, so that it can blit)

    def __init__(self) -> None:
        angle = np.deg2rad(30.0)
        R = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
        base = np.array([[1.0, 0.5], [1.0, -0.5], [-1.0, 0.5], [-1.0, -0.5]])   # mean x xᵀ = diag(1, 0.25)
        self.X = base @ R.T
        self.w_star = np.array([1.0, 0.5])
        self.t = self.X @ self.w_star

    def loss(self, w1, w2) -> np.ndarray:
        """``E`` at every point of the broadcast arrays ``w1``, ``w2`` (same shape out)."""
        w1, w2 = np.broadcast_arrays(np.asarray(w1, dtype=float), np.asarray(w2, dtype=float))
        y = w1[..., None] * self.X[:, 0] + w2[..., None] * self.X[:, 1]
        return 0.5 * np.mean((self.t - y) ** 2, axis=-1)

    def grad(self, w1: float, w2: float) -> np.ndarray:
        """``∇E = (∂E/∂w1, ∂E/∂w2) = −(1/P) Σ_p (t_p − y_p) x_p``  ``(2,)``."""
        y = self.X @ np.array([w1, w2], dtype=float)
        return -(self.t - y) @ self.X / len(self.t)


class NetworkSurface:
    """``E`` of the worked example (math.md §9.1, one pattern) as a function of two of its weights.

    The other seven weights keep their worked-example values.  ``loss`` runs the forward pass,
    ``grad`` uses backpropagation (``Perceptron.loss_and_grads``).
    """

    extent = (-3.0, 3.0, -3.0, 3.0)
    tolerance = 0.01
    loss_range = (1e-3, 1.0)

    def __init__(self, w1: str = "w_oh1", w2: str = "w_oh2", cost: str = "mse") -> None:
        for w in (w1, w2):
            if w not in WORKED_WEIGHTS:
                raise ValueError(f"unknown weight {w!r}; expected one of {', '.join(WORKED_WEIGHTS)}")
        self.cost = costs.check_name(cost)
        self.labels = (w1, w2)
        self.name = f"worked example ({w1}, {w2})"
        self.start = (WORKED_WEIGHTS[w1][2], WORKED_WEIGHTS[w2][2])
        self.net, self.x, self.t, _ = worked_example()
        self._where = [WORKED_WEIGHTS[w][:2] for w in (w1, w2)]

    def _set(self, a: float, b: float) -> None:
        for (key, idx), value in zip(self._where, (a, b)):
            self.net.params[key][idx] = value

    def loss(self, w1, w2) -> np.ndarray:
        w1, w2 = np.broadcast_arrays(np.asarray(w1, dtype=float), np.asarray(w2, dtype=float))
        out = np.empty(w1.shape)
        for k in np.ndindex(w1.shape):
            self._set(w1[k], w2[k])
            out[k] = _loss_of(self.net, self.x, self.t, self.cost)
        return out

    def grad(self, w1: float, w2: float) -> np.ndarray:
        self._set(w1, w2)
        _, grads = self.net.loss_and_grads(self.x, self.t, self.cost)
        return np.array([grads[key][idx] for key, idx in self._where])


#: The surfaces the explorers offer, by name ("worked example" is the 2-2-1 network of notebook 03).
SURFACES = ("linear neuron", "worked example (w_oh1, w_oh2)", "worked example (w_h1x1, w_oh1)")

#: Earlier names of the surfaces, still accepted by :func:`get_surface`.
_ALIASES = {"§9.1 net (w_oh1, w_oh2)": SURFACES[1], "§9.1 net (w_h1x1, w_oh1)": SURFACES[2]}


@lru_cache(maxsize=None)
def get_surface(name: str):
    """The surface called ``name`` (one of :data:`SURFACES`); the same object on every call."""
    name = _ALIASES.get(name, name)
    if name == "linear neuron":
        return LinearNeuronSurface()
    if name == SURFACES[1]:
        return _network_surface("w_oh1", "w_oh2")
    if name == SURFACES[2]:
        return _network_surface("w_h1x1", "w_oh1")
    raise ValueError(f"unknown surface {name!r}; expected one of {', '.join(map(repr, SURFACES))}")


@lru_cache(maxsize=None)
def _network_surface(w1: str, w2: str) -> NetworkSurface:
    return NetworkSurface(w1, w2)


@lru_cache(maxsize=None)
def surface_grid(name: str, n: int = 61) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(W1, W2, E)`` on an ``n × n`` grid over the surface's extent (cached: it never changes)."""
    s = get_surface(name)
    a, b, c, d = s.extent
    W1, W2 = np.meshgrid(np.linspace(a, b, n), np.linspace(c, d, n))
    return W1, W2, s.loss(W1, W2)


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
        bar.set_label("error E (dark = low)", fontsize=8)
        bar.ax.tick_params(labelsize=7)
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
            state["w1"], state["w2"] = get_surface(state["surface"]).start
        super().__init__(**state)

    def set(self, **state):
        """As :meth:`Explorer.set`; a new ``surface`` without a point starts at its start point."""
        if "surface" in state and state["surface"] != self.state["surface"] and "w1" not in state:
            state["w1"], state["w2"] = get_surface(state["surface"]).start
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
            ax.set_title(f"{r.surface}: E = {_num(r.E)}, red path = downhill", fontsize=10)
        else:
            (self._point,) = ax.plot([r.w1], [r.w2], "o", color="tab:red", ms=8, zorder=5)
            tip = (r.w1 + length * direction[0], r.w2 + length * direction[1])
            self._arrow = ax.annotate("", xy=tip, xytext=(r.w1, r.w2),
                                      arrowprops=dict(arrowstyle="-|>", color="tab:red", lw=2))
            m = getattr(get_surface(r.surface), "minimum", None)
            if m is not None:
                # A dotted line from the point to the minimum (×): −∇E need not point there.
                (self._to_min,) = ax.plot([r.w1, m[0]], [r.w2, m[1]], ":", color="white", lw=1.8, zorder=4)
                ax.set_title(f"{r.surface}: E = {_num(r.E)}, arrow = −∇E, dotted: to the minimum ×",
                             fontsize=9)
            else:
                ax.set_title(f"{r.surface}: E = {_num(r.E)}, arrow = −∇E", fontsize=10)

    def animated_artists(self) -> list:
        """What moving the point redraws (blitted over the cached contours, design.md §5).

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
        text = (f"{r.surface}: w = ({_sym(r.w1, 2)}, {_sym(r.w2, 2)}), E = {_num(r.E)}, "
                f"∇E = ({_num(g[0])}, {_num(g[1])}), downhill −∇E = ({_num(d[0])}, {_num(d[1])})")
        angle = self.angle_to_minimum(r)
        if angle is not None:
            text += f"; −∇E is {angle:.0f}° away from the straight line to the minimum"
        return text

    @staticmethod
    def angle_to_minimum(r: SurfaceResult) -> float | None:
        """The angle in degrees between −∇E and the direction to the surface's minimum (None if unknown)."""
        m = getattr(get_surface(r.surface), "minimum", None)
        to_min = None if m is None else np.array(m) - np.array([r.w1, r.w2])
        d = r.downhill
        if to_min is None or not np.any(to_min) or not np.any(d):
            return None
        cos = float(d @ to_min / (np.linalg.norm(d) * np.linalg.norm(to_min)))
        return float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))
