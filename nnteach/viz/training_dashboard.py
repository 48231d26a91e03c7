"""The live training dashboard (notebook 06): watch a network learn, and overfit, while you turn the knobs.

The numbers come from :class:`nnteach.session.TrainingSession` (a network, a training set and a
held-out set, trained a few epochs at a time with the named steps of :func:`nnteach.train`).
:class:`TrainingDashboard` draws them:

* left: the network's output over the input plane (white 0 … purple 1, the colours of notebooks
  01–05) with its decision boundary ``y = 0.5``; the training points large (● target 1,
  □ target 0), the held-out points small and faint;
* right: the reported error on the training set (blue) and on the held-out set (orange) after
  every epoch, on a log scale, with the epoch of the lowest held-out error marked.

Controls: ``rate``, ``momentum`` and ``batch_size``, ``cost`` apply from the next epoch (turn them
while it trains); ``hidden`` and ``data`` build a new network (a reset).  The live widget adds
**Start**, **Pause**, **Step** and **Reset** and a progress bar.  Start runs an ``ipywidgets.Play``
timer in the browser (no thread in the kernel): every tick trains :attr:`TrainingDashboard.epochs_per_tick`
epochs and redraws.  ``TrainingDashboard(epochs=1000).show()`` is the static picture after 1000 epochs.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from ..formatting import number
from ..session import DATASETS, TrainingSession
from .explorer import Control, Explorer
from .network_diagram import NEGATIVE, POSITIVE
from .neuron_explorer import OUTPUT_CMAP

__all__ = ["TrainingDashboard", "DashboardResult", "BATCH_SIZES"]

#: The batch sizes the dashboard offers; ``"all"`` is the whole training set (batch training).
BATCH_SIZES = (1, 5, 10, 20, "all")


@dataclass
class DashboardResult:
    """A snapshot of the session (numbers only)."""

    epoch: int
    max_epochs: int
    history: np.ndarray              # (epoch,) reported training error after each epoch
    heldout_history: np.ndarray      # (epoch,) reported held-out error after each epoch
    initial_error: float
    initial_heldout_error: float
    best_epoch: int
    grid: np.ndarray                 # (n, n) output over the plane
    extent: tuple[float, float, float, float]
    accuracy: float
    heldout_accuracy: float
    diverged: str | None
    data: str
    hidden: int
    rate: float
    momentum: float
    batch_size: int | str
    cost: str

    @property
    def error(self) -> float:
        return float(self.history[-1]) if self.epoch else self.initial_error

    @property
    def heldout_error(self) -> float:
        return float(self.heldout_history[-1]) if self.epoch else self.initial_heldout_error

    @property
    def best_heldout_error(self) -> float:
        errors = np.concatenate([[self.initial_heldout_error], self.heldout_history])
        return float(errors[self.best_epoch])


class TrainingDashboard(Explorer):
    """A live training run: decision boundary and training/held-out error curves (notebook 06).

    Args:
        epochs: train this many epochs right away (the static picture of a run).
        seed, max_epochs: passed to :class:`~nnteach.session.TrainingSession`.
        **state: the controls (``rate``, ``momentum``, ``batch_size``, ``hidden``, ``data``, ``cost``).
    """

    controls = (
        Control("rate", 0.5, 0.01, 5.0, 0.01, "rate ε"),
        Control("momentum", 0.0, 0.0, 0.99, 0.01, "momentum μ"),
        Control("batch_size", 10, description="batch size", options=BATCH_SIZES),
        Control("hidden", 30, 1, 60, 1, "hidden units", kind="int"),
        Control("data", "moons", description="data", options=tuple(DATASETS)),
        Control("cost", "cross_entropy", description="cost", options=("cross_entropy", "mse")),
    )
    figsize = (9.5, 4.0)
    epochs_per_tick = 20        #: epochs trained per tick of the live widget's timer
    interval_ms = 200           #: the timer's interval

    def __init__(self, epochs: int = 0, seed: int = 1, max_epochs: int = 2000, **state) -> None:
        self._session: TrainingSession | None = None
        self._seed, self._max_epochs = seed, max_epochs
        self._running = False
        self._play = None
        self._progress = None
        self._last_tick = 0.0
        super().__init__(**state)
        if epochs:
            self.advance(epochs)

    @property
    def session(self) -> TrainingSession:
        """The :class:`~nnteach.session.TrainingSession` being shown."""
        return self._session

    # -- numbers ------------------------------------------------------------------------------------
    def compute(self, rate: float, momentum: float, batch_size, hidden: int, data: str, cost: str) -> DashboardResult:
        """Apply the controls to the session (a new one if ``hidden`` or ``data`` changed) and take a snapshot."""
        bs = None if batch_size == "all" else int(batch_size)
        s = self._session
        if s is None or s.hidden != int(hidden) or s.data != data:
            self._session = TrainingSession(data=data, hidden=int(hidden), rate=float(rate), momentum=float(momentum),
                                            batch_size=bs, cost=cost, seed=self._seed, max_epochs=self._max_epochs)
        elif (s.rate, s.momentum, s.batch_size, s.cost) != (rate, momentum, bs, cost):
            s.configure(rate=float(rate), momentum=float(momentum), batch_size=bs, cost=cost)
        return self._snapshot()

    def _snapshot(self) -> DashboardResult:
        s = self._session
        return DashboardResult(
            epoch=s.epoch, max_epochs=s.max_epochs, history=np.array(s.history), heldout_history=np.array(s.heldout_history),
            initial_error=s.initial_error, initial_heldout_error=s.initial_heldout_error, best_epoch=s.best_epoch,
            grid=s.grid(), extent=s.extent, accuracy=s.accuracy(), heldout_accuracy=s.accuracy(heldout=True),
            diverged=s.diverged, data=s.data, hidden=s.hidden, rate=float(s.rate), momentum=float(s.momentum),
            batch_size="all" if s.batch_size is None else s.batch_size, cost=s.cost)

    # -- running ------------------------------------------------------------------------------------
    def advance(self, epochs: int | None = None) -> DashboardResult:
        """Train ``epochs`` more epochs (default :attr:`epochs_per_tick`), then redraw; returns the new result."""
        self._session.step(self.epochs_per_tick if epochs is None else epochs)
        return self.set()

    def reset(self) -> DashboardResult:
        """Fresh initial weights (the same seed), no history; the controls stay as they are."""
        self._session.reset()
        return self.set()

    def set(self, **state) -> DashboardResult:
        """Change controls (as the widgets would) and redraw, as :meth:`Explorer.set`; also moves the progress bar."""
        result = super().set(**state)
        if self._progress is not None:
            self._progress.max = result.max_epochs
            self._progress.value = result.epoch
        return result

    def start(self) -> None:
        """Start the live widget's timer (what the Start button does)."""
        self._running = True
        if self._play is not None:
            self._play.playing = True

    def pause(self) -> None:
        """Stop the live widget's timer (what the Pause button does)."""
        self._running = False
        if self._play is not None:
            self._play.playing = False

    def _tick(self, change) -> None:
        """One tick of the browser's timer: train a few epochs and redraw.  A tick that arrives right
        after the last one finished is skipped: it waited in the queue while the kernel was busy, and
        skipping it lets Pause take effect at once."""
        if not self._running:
            return
        now = time.perf_counter()
        if now - self._last_tick < 0.25 * self.interval_ms / 1000:
            return
        if self._session.finished:
            self.pause()
            return
        self.advance()
        self._last_tick = time.perf_counter()
        if self._session.finished:
            self.pause()

    def extra_controls(self, sliders: dict) -> list:
        """Start, Pause, Step, Reset, a progress bar, and the (hidden) timer that drives Start."""
        import ipywidgets as w
        buttons = {name: w.Button(description=name, tooltip=tip, layout=w.Layout(width="90px"))
                   for name, tip in (("Start", "train, redrawing every few epochs"), ("Pause", "stop training"),
                                     ("Step", f"train {self.epochs_per_tick} epochs"),
                                     ("Reset", "fresh initial weights, no history"))}
        self._play = w.Play(value=0, min=0, max=10 ** 9, step=1, interval=self.interval_ms, show_repeat=False,
                            layout=w.Layout(display="none"))
        self._play.observe(self._tick, names="value")
        self._progress = w.IntProgress(value=self.result.epoch, min=0, max=self.result.max_epochs,
                                       description="epoch", layout=w.Layout(width="320px"))
        buttons["Start"].on_click(lambda _: self.start())
        buttons["Pause"].on_click(lambda _: self.pause())
        buttons["Step"].on_click(lambda _: (self.pause(), self.advance()))
        buttons["Reset"].on_click(lambda _: (self.pause(), self.reset()))
        return [w.HBox([*buttons.values(), self._progress]), self._play]

    # -- drawing ------------------------------------------------------------------------------------
    def draw(self, r: DashboardResult, fig) -> None:
        if not fig.axes:
            ax, bx = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.0, 1.25]})
            self._ax, self._bx = ax, bx
            (self._train_line,) = bx.plot([], [], color=POSITIVE, lw=1.5, label="training set")
            (self._heldout_line,) = bx.plot([], [], color=NEGATIVE, lw=1.5, label="held-out set")
            (self._best,) = bx.plot([], [], "v", color=NEGATIVE, ms=8, mec="black", mew=0.8,
                                    label="lowest held-out error", clip_on=False)   # whole, also at epoch 0
            (self._best_level,) = bx.plot([], [], ":", color=NEGATIVE, lw=1.2)     # how far it has risen since
            bx.set_yscale("log")
            bx.set_ylim(1e-5, 1.0)
            bx.set_xlabel("epoch")
            bx.set_ylabel("reported error: mean of (t − y)²")
            bx.grid(True, which="major", alpha=0.3)
            bx.legend(loc="lower left", fontsize=8)
            self._image = None
            self._contour = None
            self._drawn_data = None
        ax, bx = self._ax, self._bx
        if self._drawn_data != (r.data, r.extent, r.max_epochs):
            s = self._session
            ax.cla()
            self._image = ax.imshow(r.grid, origin="lower", extent=r.extent, cmap=OUTPUT_CMAP, vmin=0, vmax=1,
                                    interpolation="bilinear", aspect="auto")
            ho1, ho0 = s.T_heldout[:, 0] > 0.5, s.T_heldout[:, 0] < 0.5
            tr1, tr0 = s.T[:, 0] > 0.5, s.T[:, 0] < 0.5
            self._points = [
                ax.scatter(*s.X_heldout[ho1].T, s=7, marker="o", color="0.2", edgecolor="white", lw=0.4,
                           alpha=0.6),
                ax.scatter(*s.X_heldout[ho0].T, s=7, marker="s", facecolor="none", edgecolor="0.45", alpha=0.6,
                           lw=0.6),
                ax.scatter(*s.X[tr1].T, s=30, marker="o", color="black", lw=0, label="training, t = 1"),
                ax.scatter(*s.X[tr0].T, s=30, marker="s", facecolor="white", edgecolor="black", lw=1.2,
                           label="training, t = 0"),
            ]
            ax.legend(handles=self._points[2:] + [self._points[0]], labels=["training, t = 1", "training, t = 0",
                                                                             "held-out (small)"],
                      loc="lower left", fontsize=7, framealpha=0.85)
            ax.set_xlim(r.extent[0], r.extent[1])
            ax.set_ylim(r.extent[2], r.extent[3])
            ax.set_xlabel("x1")
            ax.set_ylabel("x2")
            self._contour = None
            bx.set_xlim(0, r.max_epochs)
            relayout = self._drawn_data is not None     # the first layout is made by figure()
            self._drawn_data = (r.data, r.extent, r.max_epochs)
        else:
            relayout = False
        self._image.set_data(r.grid)
        if self._contour is not None:
            self._contour.remove()
        self._contour = ax.contour(r.grid, levels=[0.5], colors="black", linewidths=1.5, extent=r.extent,
                                   origin="lower") if r.grid.min() < 0.5 < r.grid.max() else None
        ax.set_title(f"output y after epoch {r.epoch} (line: y = 0.5)", fontsize=10)
        epochs = np.arange(0, r.epoch + 1)
        floor = 1e-5          # the axis' lower edge: a training error of 0 is drawn there
        self._train_line.set_data(epochs, np.maximum(np.concatenate([[r.initial_error], r.history]), floor))
        self._heldout_line.set_data(epochs, np.maximum(np.concatenate([[r.initial_heldout_error],
                                                                       r.heldout_history]), floor))
        self._best.set_data([r.best_epoch], [max(r.best_heldout_error, floor)])
        self._best_level.set_data([r.best_epoch, max(r.epoch, r.best_epoch)], [max(r.best_heldout_error, floor)] * 2)
        state = "diverged" if r.diverged else ("finished" if r.epoch >= r.max_epochs else "")
        bx.set_title(f"epoch {r.epoch}/{r.max_epochs}{': ' + state if state else ''} · ε = {r.rate:g}, "
                     f"μ = {r.momentum:g}, batch {r.batch_size}", fontsize=10)
        if relayout:
            # other data, other tick labels (the spirals' "−1.00" is wider than the moons' "−1.5"): lay
            # the figure out again, once, or the x2 label is pushed off its left edge
            fig.set_layout_engine("constrained")
            fig.draw_without_rendering()
            fig.set_layout_engine("none")

    def animated_artists(self) -> list:
        """What a tick redraws (blitted over the cached axes)."""
        if self.fig is None or not hasattr(self, "_ax") or self._image is None:
            return []
        arts = [self._image] + ([self._contour] if self._contour is not None else []) + self._points
        # the legends too: a blit draws the image and the curves over the background, legends included
        return arts + [self._train_line, self._heldout_line, self._best, self._best_level, self._ax.title,
                       self._bx.title, self._ax.get_legend(), self._bx.get_legend()]

    def background_key(self, r: DashboardResult):
        return (r.data, r.extent, r.max_epochs)

    def summary(self, r: DashboardResult) -> str:
        head = (f"{r.data}, 2-{r.hidden}-1, ε = {r.rate:g}, μ = {r.momentum:g}, batch {r.batch_size}, {r.cost}: "
                f"epoch {r.epoch}: training error {number(r.error)} ({100 * r.accuracy:.0f}% right), "
                f"held-out error {number(r.heldout_error)} ({100 * r.heldout_accuracy:.0f}% right); "
                f"lowest held-out error {number(r.best_heldout_error)} at epoch {r.best_epoch}")
        if r.diverged:
            head += f" — stopped: {r.diverged}"
        return head
