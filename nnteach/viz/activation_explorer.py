"""Activation explorer (notebook 02): f and f' side by side, with a gain.

Controls: the activation (logistic, tanh, identity, ReLU), a **gain** ``g`` (the unit computes
``y = f(g·s)``) and a point ``s`` to read off.  The picture shows ``y = f(g s)`` on the left and
its slope ``dy/ds = g · f'(g s)`` on the right (the chain rule), marks where the slope is
largest, and shades the **saturation** zones where the slope is below 10 % of its largest value
(there a unit barely reacts to its input, and learning through it is slow).

The slope at the point is computed **from the output** ``y``, the way a neuron does it:
``f'(s) = y (1 − y)`` for logistic, ``1 − y²`` for tanh (Eqs. 2.2, 2.4).
"""
from __future__ import annotations

import math

from dataclasses import dataclass

import numpy as np

from .. import activations
from ..activations import saturation_edge
from ..validation import ArgumentTypeError, check_choice, check_number, describe
from .explorer import Control, Explorer

__all__ = ["ActivationExplorer", "ActivationResult", "show_activation_functions"]

_S = np.linspace(-6.0, 6.0, 241)
_FORMULA = {"logistic": "y(1−y)", "tanh": "(1−y²)", "identity": "1", "relu": "[y>0]"}
_LEGEND = {"logistic": "y(1−y)", "tanh": "1−y²", "identity": "1", "relu": "1 if y>0, else 0"}
_NAMES = {"logistic": "logistic σ", "tanh": "tanh", "identity": "identity", "relu": "ReLU"}


@dataclass
class ActivationResult:
    """What the activation explorer shows.

    Attributes:
        activation, gain, s0: the controls.
        s: the states drawn, shape (241,), from −6 to 6.
        y: ``f(g s)``, shape (241,).
        slope: ``dy/ds = g f'(g s)``, shape (241,), computed from ``y``.
        s_max, slope_max: where the slope is largest and its value there (for ReLU: the first
            ``s > 0``; identity: 0, its slope is the same everywhere).
        saturation: ``|s|`` beyond which the slope is < 10 % of ``slope_max`` (None if that is not
            a symmetric edge: identity, ReLU).
        y0, slope0: output and slope at the chosen point ``s0``.
        saturated: the intervals of ``s`` (within the drawn −6…6) where the slope is < 10 % of
            ``slope_max``: both tails for logistic/tanh, ``s < 0`` for ReLU, none for identity.
        steepest: the interval where the slope equals ``slope_max``: ``(0, 0)`` (one point) for
            logistic/tanh, ``(0, 6)`` for ReLU, ``(−6, 6)`` for identity.
    """

    activation: str
    gain: float
    s0: float
    s: np.ndarray
    y: np.ndarray
    slope: np.ndarray
    s_max: float
    slope_max: float
    saturation: float | None
    y0: float
    slope0: float
    saturated: tuple = ()
    steepest: tuple = (0.0, 0.0)


class ActivationExplorer(Explorer):
    """``y = f(gain · s)`` and its slope for logistic, tanh, identity and ReLU (notebook 02).

    Controls: ``activation`` (dropdown), ``gain`` in [0.2, 5], ``s`` (the point read off) in [−6, 6].
    """

    controls = (
        Control("activation", "logistic", options=("logistic", "tanh", "identity", "relu"),
                description="f", kind="dropdown"),
        Control("gain", 1.0, 0.2, 5.0, 0.1, "gain g"),
        Control("s", 2.0, -6.0, 6.0, 0.1, "point s"),
    )
    figsize = (8.0, 3.3)

    def compute(self, activation: str, gain: float, s: float) -> ActivationResult:
        act = activations.get(activation)
        gain, s0 = float(gain), float(s)
        y = act.f(gain * _S)
        slope = gain * act.df_from_y(y)                  # chain rule, Eq. (2.7): d f(g s)/ds = g f'(g s)
        y0 = float(act.f(gain * s0))
        slope0 = float(gain * act.df_from_y(y0))
        if activation in ("logistic", "tanh"):
            s_max = 0.0
            slope_max = float(gain * act.df_from_y(act.f(0.0)))
        elif activation == "identity":
            s_max, slope_max = 0.0, gain
        else:  # relu: slope g for every s > 0
            s_max, slope_max = float(_S[_S > 0][0]), gain
        edge = saturation_edge(activation, gain)
        lo, hi = float(_S[0]), float(_S[-1])
        if edge is not None:
            saturated = ((lo, -edge), (edge, hi)) if edge < hi else ()
            steepest = (0.0, 0.0)
        elif activation == "relu":
            saturated, steepest = ((lo, 0.0),), (0.0, hi)          # slope 0 on the left: saturated by definition
        else:
            saturated, steepest = (), (lo, hi)
        return ActivationResult(activation, gain, s0, _S, y, slope, s_max, slope_max, edge, y0, slope0,
                                saturated, steepest)

    def summary(self, r: ActivationResult) -> str:
        head = (f"{r.activation}, gain {r.gain:.2f}: at s={r.s0:.2f} y={r.y0:.4f}, "
                f"slope g·{_FORMULA[r.activation]}={r.slope0:.4f}")
        if r.activation in ("logistic", "tanh"):
            return (f"{head}; largest slope {r.slope_max:.4f} at s=0; "
                    f"saturated (slope < 10% of max) for |s| > {r.saturation:.2f}")
        if r.activation == "identity":
            return f"{head}; the same slope everywhere: no saturation"
        return (f"{head}; largest slope {r.slope_max:.4f} for all s > 0; saturated (slope 0) for s < 0: "
                f"a 'dead' side")

    @staticmethod
    def _scale(r: ActivationResult) -> float:
        """The gain rounded up to a power of 2: the axes are sized for it, so they stay put while
        the gain moves within one doubling (the slope is seen to grow) and a slider update only
        redraws the curves; they rescale when the gain crosses 0.25, 0.5, 1, 2, 4."""
        return 2.0 ** math.ceil(math.log2(r.gain) - 1e-9)

    def background_key(self, r: ActivationResult):
        return (r.activation, self._scale(r))    # the axis limits depend on these

    def draw(self, r: ActivationResult, fig) -> None:
        if not fig.axes:
            self._setup(fig)
        a = self._artists
        a["f"].set_ydata(r.y)
        a["df"].set_ydata(r.slope)
        a["pt_f"].set_data([r.s0], [r.y0])
        a["pt_df"].set_data([r.s0], [r.slope0])
        lo, hi = r.steepest
        if lo == hi:                                   # one steepest point: a star
            a["max"].set_data([lo], [r.slope_max])
            a["max_span"].set_data([], [])
        else:                                          # steepest over a whole range: a thick band along it
            a["max"].set_data([], [])
            a["max_span"].set_data([lo, hi], [r.slope_max, r.slope_max])
        scale = self._scale(r)
        reach = 6.0 * scale                           # |f(g·s)| ≤ 6 g on the plotted s range, for the linear ones
        lo_y, hi_y = {"logistic": (-0.05, 1.05), "tanh": (-1.1, 1.1),
                      "identity": (-1.05 * reach, 1.05 * reach), "relu": (-0.525, 1.05 * reach)}[r.activation]
        a["ax_f"].set_ylim(lo_y, hi_y)
        peak = r.slope_max / r.gain * scale           # the peak slope at the axis' gain
        a["ax_df"].set_ylim(-0.05 * peak, 1.3 * peak)
        zones = list(r.saturated)
        for k, patch in enumerate(a["sat"]):          # patches: 2 per axes (left, right zone)
            z = zones[k % 2] if k % 2 < len(zones) else None
            patch.set_visible(z is not None)
            if z is not None:
                patch.set_x(z[0])
                patch.set_width(z[1] - z[0])
        self._legends(bool(zones), lo == hi)
        name = _NAMES[r.activation]
        a["ax_f"].set_title(f"y = {name}({r.gain:.1f}·s)", fontsize=10)
        a["ax_df"].set_title(f"slope dy/ds = {r.gain:.1f}·f'({r.gain:.1f}·s) = {r.gain:.1f}·{_FORMULA[r.activation]}",
                             fontsize=10)

    def _legends(self, saturated: bool, star: bool) -> None:
        """Legends that list only what is drawn: the band if there is one, a star or a range."""
        a = self._artists
        if saturated:
            a["ax_f"].legend(handles=[a["sat"][0]], loc="upper left", fontsize=9)
        elif a["ax_f"].get_legend() is not None:
            a["ax_f"].get_legend().remove()
        handles = [a["pt_df"], a["max"] if star else a["max_span"]] + ([a["sat"][2]] if saturated else [])
        # bell-shaped slopes leave the upper right free; flat ones (ReLU, identity) the lower right
        a["ax_df"].legend(handles=handles, loc="upper right" if star else "lower right", fontsize=9)

    def animated_artists(self) -> list:
        if self.fig is None or not self.fig.axes:
            return []
        a = self._artists
        legends = [lg for lg in (a["ax_f"].get_legend(), a["ax_df"].get_legend()) if lg is not None]
        return [*a["sat"], a["f"], a["df"], a["pt_f"], a["pt_df"], a["max"], a["max_span"], a["ax_f"].title,
                a["ax_df"].title, *legends]

    def _setup(self, fig) -> None:
        ax, bx = fig.subplots(1, 2)
        sat = []
        for axis in (ax, bx):
            for _ in range(2):
                patch = axis.axvspan(-6, -5, color="#f0c0c0", alpha=0.5, lw=0)
                sat.append(patch)
        sat[0].set_label("saturated: slope < 10% of max")
        sat[2].set_label("saturated")
        (f_line,) = ax.plot(_S, np.zeros_like(_S), color="#1f77b4", lw=2)
        (df_line,) = bx.plot(_S, np.zeros_like(_S), color="#ff7f0e", lw=2)
        (pt_f,) = ax.plot([], [], "o", color="black", ms=6, zorder=4)
        (pt_df,) = bx.plot([], [], "o", color="black", ms=6, zorder=4, label="your point s")
        (mx,) = bx.plot([], [], "*", color="#009E73", ms=13, zorder=5, label="largest slope")
        (span,) = bx.plot([], [], "-", color="#009E73", lw=7, alpha=0.45, zorder=3, solid_capstyle="butt",
                          label="largest slope (all along)")
        for axis, label in ((ax, "y"), (bx, "dy/ds")):
            axis.axhline(0, color="grey", lw=0.8)
            axis.axvline(0, color="grey", lw=0.8)
            axis.set_xlim(-6, 6)
            axis.set_xlabel("s")
            axis.set_ylabel(label)
        self._artists = dict(ax_f=ax, ax_df=bx, f=f_line, df=df_line, pt_f=pt_f, pt_df=pt_df, max=mx,
                             max_span=span, sat=sat)
        self._legends(True, True)


def show_activation_functions(names: tuple[str, ...] = ("logistic", "tanh", "identity", "relu"),
                              s_range: float = 4.0) -> None:
    """Static figure: the activation functions ``f(s)`` side by side with their slopes ``f'(s)``.

    The slopes are computed from the outputs with ``df_from_y`` (Eqs. 2.2, 2.4), as a neuron does.
    Returns None (the figure is displayed), so a notebook cell can end with it.
    """
    from .explorer import display_figure, new_figure
    if isinstance(names, str) or not isinstance(names, (list, tuple)) or not names:
        raise ArgumentTypeError(f"names must be a non-empty tuple of activation names, e.g. ('logistic', 'tanh'); "
                                f"got {describe(names)}")
    names = tuple(check_choice(n, tuple(_NAMES), f"names[{k}]") for k, n in enumerate(names))
    s_range = check_number(s_range, "s_range", low=0.0, high=1000.0, low_open=True)
    s = np.linspace(-s_range, s_range, 401)
    fig = new_figure((8.0, 3.7))
    ax, bx = fig.subplots(1, 2)
    # Okabe-Ito colours (colour-blind safe).  ReLU and identity coincide for s > 0 in both panels, so
    # ReLU is a wide yellow band and identity a thin dashed line on top of it: both stay visible.
    # (Green is kept for one meaning in notebook 02: the largest slope in ActivationExplorer.)
    styles = {"logistic": dict(color="#0072B2", lw=2, ls="-"),
              "tanh": dict(color="#D55E00", lw=2, ls="-"),
              "relu": dict(color="#F0E442", lw=7, ls="-", alpha=0.9, solid_capstyle="butt"),
              "identity": dict(color="#333333", lw=1.6, ls=(0, (4, 2)))}
    handles = []
    for name in sorted(names, key=lambda n: n != "relu"):          # the wide ReLU band first, underneath
        act = activations.get(name)
        y = act.f(s)
        style = styles.get(name, dict(lw=2))
        (line,) = ax.plot(s, y, label=f"{_NAMES[name]}  (slope {_LEGEND[name]})", **style)
        bx.plot(s, act.df_from_y(y), **style)
        handles.append(line)
    handles.sort(key=lambda h: [_NAMES[n] for n in names].index(h.get_label().split("  (")[0]))
    for axis, title in ((ax, "f(s)"), (bx, "slope f'(s), written from y")):
        axis.axhline(0, color="grey", lw=0.8)
        axis.axvline(0, color="grey", lw=0.8)
        axis.set_xlabel("s")
        axis.set_title(title, fontsize=10)
    if "relu" in names and "identity" in names:
        ax.annotate("ReLU = identity\nfor s > 0", xy=(1.3, 1.3), xytext=(-3.8, 1.5), fontsize=9,
                    arrowprops=dict(arrowstyle="-", color="grey", lw=0.8))
        bx.annotate("ReLU = identity = 1\nfor s > 0", xy=(3.0, 1.0), xytext=(1.2, 1.12), fontsize=9)
    ax.set_ylim(-1.5, 2.0)
    bx.set_ylim(-0.1, 1.3)
    fig.legend(handles=handles, loc="outside lower center", ncol=len(handles), fontsize=9, frameon=False,
               handlelength=2.5)
    display_figure(fig)
