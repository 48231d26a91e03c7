"""Static figures of notebook 06 (training in practice): learning curves side by side, and the two costs.

* :func:`show_learning_curves` — several error curves (``TrainResult.history`` lists) in one plot,
  and, given the updates each run makes per epoch, the same curves against the number of updates:
  online, mini-batch and batch training compared on the same examples seen.
* :func:`show_cost_comparison` — the error ``E`` and the output delta ``δ_o`` of one logistic output
  against its state ``s_o``, for MSE (Eq. 4.1, 5.2a) and cross-entropy (Eq. 5.3): where ``f'`` is
  tiny, MSE's delta vanishes and cross-entropy's does not.

The numbers are computed by :mod:`nnteach.costs` and :mod:`nnteach.activations` (or handed in);
this module only draws them and prints a one-line summary per curve or point.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .. import activations, costs
from ..formatting import number
from .explorer import display_figure

__all__ = ["show_learning_curves", "show_cost_comparison", "CURVE_STYLES"]

#: Colour-blind-safe colours (Okabe–Ito) and line styles, one per curve, in order.
CURVE_STYLES = (("#0072B2", "-"), ("#E37B00", "--"), ("#7B3294", "-."), ("#000000", ":"), ("#56B4E9", "-"),
                ("#CC79A7", "--"))


def show_learning_curves(curves: dict[str, Sequence[float]], *, updates_per_epoch: dict[str, int] | None = None,
                         ylabel: str = "reported error: mean of (t − y)²", xlabel: str = "epoch",
                         log: bool = True, title: str | None = None, report: str = "lowest", dpi: int = 100) -> None:
    """Draw several learning curves in one axes; print one line per curve.  Returns None.

    Args:
        curves: ``{label: values}``, the value after each epoch (e.g. ``TrainResult.history``);
            value ``k`` is drawn at x = k + 1.
        updates_per_epoch: ``{label: updates}``: adds a second panel with the same curves against the
            number of weight updates (log scale), and the update counts to the printed lines.
        ylabel, xlabel, title: axis labels and title; ``log``: a log-scale y axis.
        report: what the printed lines add to each curve's last value: its ``"lowest"`` or ``"highest"``
            value (and where), or nothing (``"last"``).
    """
    if report not in ("lowest", "highest", "last"):
        raise ValueError(f"report must be 'lowest', 'highest' or 'last'; got {report!r}")
    from matplotlib.figure import Figure

    panels = 2 if updates_per_epoch else 1
    fig = Figure(figsize=(5.0 * panels + 0.6, 3.6), dpi=dpi, layout="constrained")
    axes = fig.subplots(1, panels, squeeze=False)[0]
    lines = []
    for k, (label, values) in enumerate(curves.items()):
        v = np.asarray(values, dtype=float)
        colour, style = CURVE_STYLES[k % len(CURVE_STYLES)]
        x = np.arange(1, len(v) + 1)
        axes[0].plot(x, v, style, color=colour, lw=1.6, label=label)
        text = f"{label}: {len(v)} {xlabel}s"
        if updates_per_epoch:
            u = int(updates_per_epoch[label])
            axes[1].plot(x * u, v, style, color=colour, lw=1.6, label=label)
            text += f", {len(v) * u} updates"
        text += f"; last {number(v[-1])}"
        if report != "last":
            best = int(np.argmin(v) if report == "lowest" else np.argmax(v))
            text += f", {report} {number(v[best])} (at {xlabel} {best + 1})"
        lines.append(text)
    for ax, xl in zip(axes, (xlabel, "weight updates (log scale)")):
        if log:
            ax.set_yscale("log")
        ax.set_xlabel(xl)
        ax.set_ylabel(ylabel)
        ax.grid(True, which="major", alpha=0.3)
        ax.legend(fontsize=8)
    if panels == 2:
        axes[1].set_xscale("log")
        axes[0].set_title(f"against {xlabel}s (the same examples seen)", fontsize=10)
        axes[1].set_title("against weight updates", fontsize=10)
    if title:
        fig.suptitle(title, fontsize=11)
    display_figure(fig)
    print("\n".join(lines))


def show_cost_comparison(t: float = 1.0, s_mark: float | None = None, dpi: int = 100) -> None:
    """The error and the output delta of a logistic output unit against its state ``s_o``, for both costs.

    MSE: ``E = ½ (t − y)²`` (Eq. 4.1), ``δ_o = (t − y) f'(s_o)`` (Eq. 5.2a); cross-entropy:
    ``E = −[t ln y + (1 − t) ln(1 − y)]``, ``δ_o = t − y`` (Eq. 5.3), with ``y = σ(s_o)``.  ``s_mark``
    marks one state (and prints its numbers).  Returns None.
    """
    from matplotlib.figure import Figure

    s = np.linspace(-8.0, 8.0, 401)
    y = activations.logistic(s)
    T = np.full((len(s), 1), float(t))
    Y = y[:, None]
    E = {"MSE": costs.mse(Y, T), "cross-entropy": costs.cross_entropy(Y, T)}
    D = {"MSE": costs.output_delta("mse", Y, T)[:, 0], "cross-entropy": costs.output_delta("cross_entropy", Y, T)[:, 0]}
    fig = Figure(figsize=(10.0, 3.6), dpi=dpi, layout="constrained")
    ax, bx = fig.subplots(1, 2)
    for k, name in enumerate(E):
        colour, style = CURVE_STYLES[k]
        ax.plot(s, E[name], style, color=colour, lw=1.8, label=name)
        bx.plot(s, D[name], style, color=colour, lw=1.8, label=name)
    ax.set_title(f"the error $E$ of one output (target $t$ = {t:g})", fontsize=10)
    ax.set_ylabel("error $E$")
    bx.set_title(rf"its delta $\delta_o = -\partial E/\partial s_o$ (target $t$ = {t:g})", fontsize=10)
    bx.set_ylabel(r"output delta $\delta_o$")
    ax.set_ylim(0, 5)
    for a in (ax, bx):
        a.set_xlabel(r"state of the output unit $s_o$   ($y_o = \sigma(s_o)$)")
        a.axvline(0, color="0.8", lw=0.8)
        a.grid(True, alpha=0.3)
        a.legend(fontsize=8)
    line = None
    if s_mark is not None:
        ym = float(activations.logistic(s_mark))
        Tm, Ym = np.array([[float(t)]]), np.array([[ym]])
        em = {"MSE": float(costs.mse(Ym, Tm)[0]), "cross-entropy": float(costs.cross_entropy(Ym, Tm)[0])}
        dm = {"MSE": float(costs.output_delta("mse", Ym, Tm)[0, 0]),
              "cross-entropy": float(costs.output_delta("cross_entropy", Ym, Tm)[0, 0])}
        for k, name in enumerate(E):
            colour = CURVE_STYLES[k][0]
            ax.plot([s_mark], [min(em[name], 5)], "o", color=colour, mec="black", ms=7, zorder=5)
            bx.plot([s_mark], [dm[name]], "o", color=colour, mec="black", ms=7, zorder=5)
            # the label on the roomier side of its mark (to the left of s_o ≈ −4 it crossed the panel's
            # edge), MSE above and cross-entropy below its mark, on a white box over the curves
            right = s_mark < 0
            bx.annotate(f"{name}: {dm[name]:.4f}", (s_mark, dm[name]), xytext=(8 if right else -8, -18 if k else 10),
                        textcoords="offset points", fontsize=8, color=colour, ha="left" if right else "right",
                        bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.85))
        line = (f"at s_o = {s_mark:.4f} (y_o = {ym:.4f}, f'(s_o) = {ym * (1 - ym):.4f}): "
                f"MSE E = {number(em['MSE'])}, δ_o = {number(dm['MSE'])}; "
                f"cross-entropy E = {number(em['cross-entropy'])}, δ_o = {number(dm['cross-entropy'])}")
    display_figure(fig)
    if line:
        print(line)
