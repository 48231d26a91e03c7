"""The first explorer of the course (notebook 00): one slider that redraws one curve.

It proves that widgets work in your Jupyter: move the weight and the curve
``y = σ(w·x)`` (a neuron with one input ``x`` and no bias) gets steeper or flatter.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..activations import logistic
from .explorer import Control, Explorer

__all__ = ["HelloExplorer"]


@dataclass
class HelloResult:
    """The numbers the plot shows: the curve ``y(x) = σ(w x)`` and its slope at ``x = 0``."""

    w: float
    x: np.ndarray          # (201,) inputs on the horizontal axis
    y: np.ndarray          # (201,) activations σ(w x)
    slope_at_0: float      # dy/dx at x = 0, which is w · σ'(0) = w / 4


class HelloExplorer(Explorer):
    """One slider (the weight ``w``) and the curve ``y = σ(w·x)`` of a one-input neuron."""

    controls = (Control("w", 1.0, -4.0, 4.0, 0.25, "weight w"),)
    figsize = (5.0, 3.0)

    def compute(self, w: float) -> HelloResult:
        x = np.linspace(-6.0, 6.0, 201)
        return HelloResult(w=float(w), x=x, y=logistic(w * x), slope_at_0=float(w) * 0.25)

    def draw(self, r: HelloResult, fig) -> None:
        if not fig.axes:
            ax = fig.add_subplot()
            (self._line,) = ax.plot(r.x, r.y, color="tab:blue", lw=2)
            ax.axhline(0.5, color="0.8", lw=1, zorder=0)
            ax.axvline(0.0, color="0.8", lw=1, zorder=0)
            ax.set_xlim(r.x[0], r.x[-1])
            ax.set_ylim(-0.05, 1.05)
            ax.set_xlabel("input x")
            ax.set_ylabel("output y = σ(w·x)")
        self._line.set_ydata(r.y)
        fig.axes[0].set_title(f"w = {r.w:.2f}")

    def animated_artists(self) -> list:
        """Only the curve and the title change when ``w`` moves (a fast, blitted redraw)."""
        return [self._line, self.fig.axes[0].title] if self.fig is not None and self.fig.axes else []

    def summary(self, r: HelloResult) -> str:
        return f"w = {r.w:.2f}: slope at x = 0 is {r.slope_at_0:.4f}, y(x = 2) = {float(logistic(2 * r.w)):.4f}"
