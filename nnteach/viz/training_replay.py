"""Replay the training of an XOR network: scrub the decision boundary across epochs (notebook 05).

:func:`nnteach.recording.record_training` trains a seeded ``Perceptron(2, hidden, 1)`` on XOR
with :func:`nnteach.train` and keeps a copy of the weights every ``every`` epochs, plus the weights
before training.  :class:`TrainingReplay` shows
the network's output over the input plane at a chosen epoch (white 0 … purple 1, the colours
of notebooks 01 and 03, with a colour bar; the decision boundary is where ``y = 0.5``; the patterns
marked as in notebooks 01 and 03: filled dot target 1, open dot target 0, the output with ✓ or ✗)
beside the error curve with a marker at that epoch.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..datasets import xor
from ..recording import Recording, record_training
from .explorer import Control, Explorer
from .neuron_explorer import OUTPUT_CMAP, RIGHT, WRONG

__all__ = ["TrainingReplay", "ReplayResult", "MARGIN"]

#: An output counts as *clearly* right when it is on the right side of 0.5 by at least this much.
MARGIN = 0.1


@dataclass
class ReplayResult:
    """What the replay shows at one epoch."""

    epoch: int
    error: float
    outputs: np.ndarray        # (4,) outputs for the XOR patterns (0,0), (0,1), (1,0), (1,1)
    targets: np.ndarray        # (4,)
    grid: np.ndarray           # (n, n) output over the input plane
    extent: tuple[float, float, float, float]
    recording: Recording

    @property
    def correct(self) -> int:
        """How many of the four patterns are on the right side of 0.5 (however narrowly)."""
        return int(np.sum(np.abs(self.outputs - self.targets) < 0.5))

    @property
    def clearly_correct(self) -> int:
        """How many are on the right side of 0.5 by at least :data:`MARGIN` (0.49 for t = 0 is not)."""
        return int(np.sum(np.abs(self.outputs - self.targets) <= 0.5 - MARGIN))


class TrainingReplay(Explorer):
    """Scrub a recorded XOR training run: decision boundary and error curve at an epoch.

    Controls: ``epoch`` (0 … iterations, in steps of the recording interval) and ``seed``
    (the network's initial weights; some seeds of the 2-2-1 net get stuck).
    """

    iterations = 1500
    every = 25
    controls = (
        Control("epoch", 1500, 0, 1500, 25, "epoch", kind="int"),
        Control("seed", 3, description="seed", options=(0, 1, 2, 3, 4)),
    )
    figsize = (9.0, 3.8)
    extent = (-0.25, 1.25, -0.25, 1.25)

    def compute(self, epoch: int, seed: int) -> ReplayResult:
        rec = record_training(hidden=2, seed=int(seed), rate=0.5, iterations=self.iterations, every=self.every)
        net = rec.network(int(epoch))
        X, T = xor()
        a, b, c, d = self.extent
        g1, g2 = np.meshgrid(np.linspace(a, b, 61), np.linspace(c, d, 61))
        grid = net.forward(np.column_stack([g1.ravel(), g2.ravel()]))[:, 0].reshape(g1.shape)
        return ReplayResult(epoch=int(epoch), error=rec.error_at(int(epoch)), outputs=net.forward(X)[:, 0],
                            targets=T[:, 0], grid=grid, extent=self.extent, recording=rec)

    def draw(self, r: ReplayResult, fig) -> None:
        if not fig.axes:
            ax, bx = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.0, 1.4]})
            # The output colours of notebooks 01 and 03: white for 0, purple for 1 (colour-blind safe).
            self._image = ax.imshow(r.grid, origin="lower", extent=r.extent, cmap=OUTPUT_CMAP, vmin=0, vmax=1,
                                    interpolation="bilinear")
            fig.colorbar(self._image, ax=ax, shrink=0.8, label="output y (white 0, purple 1)")
            engine = fig.get_layout_engine()
            if engine is not None and hasattr(engine, "set") and "wspace" in engine.get():
                engine.set(wspace=0.12)        # a gap between the colour-bar label and the error axis
            X, T = xor()
            # The markers of notebooks 01 and 03: a filled dot for target 1, an open dot for target 0, and
            # each pattern's output with ✓ (on the right side of 0.5) or ✗.  Drawn after (over) the output
            # image, which a blit redraws.
            self._dots = ax.scatter(X[:, 0], X[:, 1], s=80, linewidths=1.8, zorder=3, edgecolors="black",
                                    facecolors=["black" if t == 1 else "white" for t in T[:, 0]])
            inward = [(0.06 if x[0] < 0.5 else -0.06, 0.06 if x[1] < 0.5 else -0.06) for x in X]   # off the edges
            self._marks = [ax.text(x[0] + dx, x[1] + dy, "", fontsize=9, zorder=4, ha="left" if dx > 0 else "right",
                                   va="bottom" if dy > 0 else "top",
                                   bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))
                           for x, (dx, dy) in zip(X, inward)]
            self._points = [self._dots, *self._marks]
            from matplotlib.lines import Line2D
            dot = dict(ls="none", marker="o", ms=7, markeredgecolor="black")
            ax.legend(handles=[Line2D([], [], markerfacecolor="black", label="target 1", **dot),
                               Line2D([], [], markerfacecolor="white", label="target 0", **dot)],
                      loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=9, frameon=False)
            ax.set_xlabel("x1")
            ax.set_ylabel("x2")
            self._contour = None
            (self._curve,) = bx.plot([], [], color="0.3", lw=1.2)
            self._vline = bx.axvline(0, color="tab:red", lw=1)
            (self._marker,) = bx.plot([], [], "o", color="tab:red", ms=7)
            bx.set_yscale("log")
            bx.set_xlabel("epoch")
            bx.set_ylabel("reported error: mean of (t − y)²")
            bx.grid(True, alpha=0.3)
            self._ax, self._bx = ax, bx
            self._curve_seed = None
        ax, bx = self._ax, self._bx
        self._image.set_data(r.grid)
        if self._contour is not None:
            self._contour.remove()
        self._contour = ax.contour(r.grid, levels=[0.5], colors="black", linewidths=1.5, extent=r.extent,
                                   origin="lower") if r.grid.min() < 0.5 < r.grid.max() else None
        for text, y, t in zip(self._marks, r.outputs, r.targets):
            text.set_text(f"{y:.2f} {RIGHT if abs(y - t) < 0.5 else WRONG}")
        ax.set_title(f"output y at epoch {r.epoch} (line: y = 0.5)", fontsize=10)
        rec = r.recording
        if self._curve_seed != rec.config["seed"]:
            errors = np.concatenate([[rec.initial_error], rec.history])
            self._curve.set_data(np.arange(len(errors)), errors)
            bx.set_xlim(-0.02 * len(errors), 1.02 * len(errors))
            bx.set_ylim(float(errors.min()) / 2, float(errors.max()) * 2)
            self._curve_seed = rec.config["seed"]
        self._vline.set_xdata([r.epoch, r.epoch])
        self._marker.set_data([r.epoch], [r.error])
        bx.set_title(f"seed {rec.config['seed']}: reported error {r.error:.4f} at epoch {r.epoch}", fontsize=10)

    def animated_artists(self) -> list:
        """What scrubbing redraws (blitted over the cached axes and error curve)."""
        if self.fig is None or not hasattr(self, "_ax"):
            return []
        arts = [self._image] + ([self._contour] if self._contour is not None else []) + self._points
        return arts + [self._vline, self._marker, self._ax.title, self._bx.title]

    def background_key(self, r: ReplayResult):
        return r.recording.config["seed"]

    def summary(self, r: ReplayResult) -> str:
        ys = ", ".join(f"{y:.2f}" for y in r.outputs)
        ts = ", ".join(f"{t:.0f}" for t in r.targets)
        return (f"epoch {r.epoch}/{self.iterations} (seed {r.recording.config['seed']}): reported error "
                f"{r.error:.4f}; outputs for (0,0), (0,1), (1,0), (1,1) = ({ys}), targets ({ts}): "
                f"{r.clearly_correct}/4 clearly right (on the right side of 0.5 by at least {MARGIN:g}), "
                f"{r.correct}/4 on the right side at all")
