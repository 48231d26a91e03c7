"""Static figures of notebook 07 (recurrent networks): values over time, and how far back a network remembers.

* :func:`show_series` — a few sequences over the time steps in one plot (a neuron's activations, a
  series and its predictions, …);
* :func:`show_memory_reach` — held-out accuracy against the delay of a memory task, with the level of guessing.

The numbers are handed in (computed by the models and :mod:`nnteach.scoring`-style code in the notebook);
this module only draws them.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .explorer import display_figure
from .training_plots import CURVE_STYLES

__all__ = ["show_series", "show_memory_reach"]


def show_series(series: dict[str, Sequence[float]], *, xlabel: str = "time step t", ylabel: str = "",
                log: bool = False, title: str | None = None, start: int = 1, markers: bool = True,
                figsize: tuple[float, float] = (7.0, 3.4), dpi: int = 100) -> None:
    """Draw a few sequences against the time step (value ``k`` at ``t = start + k``).  Returns None.

    A log-scale plot (``log=True``) draws the absolute values.
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
    ax = fig.add_subplot()
    for k, (label, values) in enumerate(series.items()):
        v = np.asarray(values, dtype=float)
        colour, style = CURVE_STYLES[k % len(CURVE_STYLES)]
        t = np.arange(start, start + len(v))
        y = np.maximum(np.abs(v), 1e-300) if log else v
        ax.plot(t, y, style, color=colour, lw=1.5, marker="o" if markers else None, ms=3, label=label)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, which="major", alpha=0.3)
    if title:
        ax.set_title(title, fontsize=10)
    # Above the axes, not inside: a legend inside covered the first steps of the curves.
    fig.legend(loc="outside upper center", ncols=min(len(series), 3), fontsize=8, frameon=False)
    display_figure(fig)


def show_memory_reach(delays: Sequence[int], accuracies: Sequence[float], chance: float = 0.5,
                      title: str | None = None, dpi: int = 100) -> None:
    """A bar per delay: the held-out accuracy of a network trained to recall its input ``delay`` steps
    back, with the level of guessing marked.  Prints one line.  Returns None."""
    from matplotlib.figure import Figure

    d = np.asarray(delays, dtype=int)
    a = np.asarray(accuracies, dtype=float)
    if d.shape != a.shape:
        raise ValueError(f"delays and accuracies must have the same length; got {d.shape} and {a.shape}")
    fig = Figure(figsize=(6.5, 3.2), dpi=dpi, layout="constrained")
    ax = fig.add_subplot()
    colours = ["#0072B2" if v > chance + 0.1 else "#E37B00" for v in a]
    ax.bar(d, 100 * a, color=colours, edgecolor="black", lw=0.6)
    ax.axhline(100 * chance, color="black", ls="--", lw=1.0)
    ax.text(d.max() + 0.45, 100 * chance + 2, "guessing", ha="right", va="bottom", fontsize=8)
    ax.set_ylim(0, 105)
    ax.set_xticks(d)
    ax.set_xlabel("delay k: the target is the input of k steps before")
    ax.set_ylabel("held-out accuracy (%)")
    if title:
        ax.set_title(title, fontsize=10)
    display_figure(fig)
    print("held-out accuracy by delay: " + ", ".join(f"k = {k}: {100 * v:.0f}%" for k, v in zip(d, a)))
