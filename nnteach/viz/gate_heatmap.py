"""Gate heat map (notebook 09): what a trained LSTM's gates do over one distracted-recall trial.

``GateHeatmap({"name": lstm, …}, trials)`` shows, for the trial chosen with the slider and the network
chosen in the dropdown, one heat map per internal of Eqs. (9.1)–(9.6), time along the x axis and the
memory cells down the y axis:

* the input gate ``i``, the forget gate ``f`` and the output gate ``o`` (white 0 = shut, purple 1 = open);
* the cell state ``c`` (orange negative, purple positive);
* and below them the network's two outputs against the answers asked for at the prompts.

The symbol of each step is written above the maps; the steps with a target are framed in blue, the
prompts in purple.  The summary line says what the trial asked and whether the network answered, and,
for each gate, how much more it opens at the targets than at the distractors (the largest difference
over the cells).  The numbers come from :meth:`nnteach.lstm.LSTM.run` and
:meth:`nnteach.lstm.LSTMRun.mean_at`; this module only draws them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..datasets.sequences import RecallTrials
from ..formatting import fixed
from ..scoring import recall_steps_ok
from .explorer import Control, Explorer
from .neuron_explorer import OUTPUT_CMAP

__all__ = ["GateHeatmap", "HeatmapResult", "GATE_NAMES"]

#: The internals drawn, in order, with their names.
GATE_NAMES = {"i": "input gate i", "f": "forget gate f", "o": "output gate o", "c": "cell state c"}
TARGET_COLOUR, PROMPT_COLOUR = "#0072B2", "#5e3c99"
_LADDER = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 15.0, 20.0, 30.0, 50.0)


@dataclass
class HeatmapResult:
    """What the heat map shows (numbers only).

    Attributes:
        network, trial: the controls.
        symbols: ``(L,)`` the symbol at each step; kinds: ``(L,)`` "target", "distractor" or "prompt".
        i, f, o, c: ``(L, M)`` the gates and the cell state at each step (Eqs. 9.2–9.5).
        outputs, targets: ``(L, K)`` the network's outputs and the answers asked for.
        answered: ``(P,)`` bool, whether each prompt was answered right (every output on the right side of 0.5).
        target_steps, prompt_steps: the 1-based steps of the targets and of the prompts.
        opening: for each gate ``"i"``, ``"f"``, ``"o"``: ``(M,)`` its mean at the target steps minus its mean
            at the distractor steps of this trial, per cell (how much more it opens at a target).
        c_limit: the colour scale of the cell state, ``±c_limit``: a round number above 99 % of the network's
            ``|c|`` over all the trials in every cell but the one that reaches furthest (one scale per network,
            so that trials compare; rarer values, and a runaway cell such as one that counts the steps,
            saturate instead of washing out the others).
    """

    network: str
    trial: int
    symbols: np.ndarray
    kinds: np.ndarray
    i: np.ndarray
    f: np.ndarray
    o: np.ndarray
    c: np.ndarray
    outputs: np.ndarray
    targets: np.ndarray
    answered: np.ndarray
    target_steps: tuple
    prompt_steps: tuple
    opening: dict
    c_limit: float = 1.0

    def strongest(self, gate: str) -> tuple[float, int]:
        """The largest opening of ``gate`` at the targets over the cells, and its cell (1-based)."""
        m = int(np.argmax(self.opening[gate]))
        return float(self.opening[gate][m]), m + 1


def _limit(values) -> float:
    values = np.asarray(values, dtype=float)
    top = float(np.max(np.abs(values))) if values.size else 1.0
    return next((v for v in _LADDER if v >= top), _LADDER[-1])


def _cell_scale(c: np.ndarray) -> float:
    """The 99th percentile of ``|c|`` per cell over every trial and step, the second largest over the cells (the
    largest when there is one cell): one cell that runs away does not set the scale for all of them."""
    per_cell = np.sort(np.percentile(np.abs(c).reshape(-1, c.shape[-1]), 99, axis=0))
    return float(per_cell[-2] if per_cell.size > 1 else per_cell[-1])


class GateHeatmap(Explorer):
    """Heat maps of a trained LSTM's gates and cells over one recall trial (notebook 09).

    Args:
        networks: ``{name: LSTM}``, the trained networks to choose from (the first is shown first).
        trials: the trials to choose from (e.g. held-out :class:`~nnteach.datasets.RecallTrials`).
        **state: ``trial`` (index into ``trials``) and ``network`` (a name of ``networks``).
    """

    figsize = (8.5, 7.0)

    def __init__(self, networks: dict, trials: RecallTrials, **state) -> None:
        if not isinstance(networks, dict) or not networks:
            raise ValueError("networks must be a dict {name: LSTM} with at least one trained LSTM")
        for name, net in networks.items():
            if not hasattr(net, "run") or not hasattr(net, "peepholes"):
                raise ValueError(f"networks[{name!r}] is {type(net).__name__}; expected an nnteach.LSTM")
        if not isinstance(trials, RecallTrials):
            raise ValueError(f"trials must be RecallTrials (from distracted_recall); got {type(trials).__name__}")
        self.networks = dict(networks)
        self.trials = trials
        self._kinds = trials.step_kinds()
        self._c_limits: dict[str, float] = {}
        self.controls = (
            Control("trial", 0, 0, len(trials) - 1, 1, "trial", kind="int"),
            Control("network", next(iter(networks)), options=tuple(networks), description="network",
                    kind="dropdown"),
        )
        super().__init__(**state)

    def compute(self, trial: int, network: str) -> HeatmapResult:
        tr, k = self.trials, int(trial)
        run = self.networks[network].run(tr.X[k])
        kinds = self._kinds[k]
        at_targets, at_distractors = run.mean_at(kinds == "target"), run.mean_at(kinds == "distractor")
        opening = {g: at_targets[g] - at_distractors[g] for g in ("i", "f", "o")}
        ok = recall_steps_ok(run.outputs, tr.T[k])
        if network not in self._c_limits:
            self._c_limits[network] = _limit(_cell_scale(self.networks[network].run(tr.X).c))
        return HeatmapResult(network=network, trial=k, symbols=tr.symbols[k], kinds=kinds, i=run.i, f=run.f,
                             o=run.o, c=run.c, outputs=run.outputs, targets=tr.T[k], answered=ok[tr.mask[k]],
                             target_steps=tuple(int(p) + 1 for p in tr.positions[k]),
                             prompt_steps=tuple(int(t) + 1 for t in np.flatnonzero(tr.mask[k])), opening=opening,
                             c_limit=self._c_limits[network])

    def summary(self, r: HeatmapResult) -> str:
        targets = ", ".join(f"{r.symbols[t - 1]} at t = {t}" for t in r.target_steps)
        answers = ", ".join(f"t = {t} {'✓' if ok else '✗'}" for t, ok in zip(r.prompt_steps, r.answered))
        openings = ", ".join(f"{GATE_NAMES[g].split(' ')[0]} {fixed(r.strongest(g)[0], 2)} (cell {r.strongest(g)[1]})"
                             for g in ("i", "f", "o"))
        return (f"trial {r.trial}, {r.network}: targets {targets}; prompts {answers}; "
                f"largest opening at the targets vs distractors: {openings}")

    # -- drawing ----------------------------------------------------------------------------------
    def background_key(self, r: HeatmapResult):
        return (r.network, r.c_limit, r.c.shape)

    def draw(self, r: HeatmapResult, fig) -> None:
        if not fig.axes:
            self._setup(fig, r)
        if self.background_key(r) != getattr(self, "_key", None):
            self._key = self.background_key(r)
            self._images["c"].set_clim(-r.c_limit, r.c_limit)
            self._axes[0].set_title(f"{r.network}: gates and cells over one trial", fontsize=10, pad=16)
        for g, image in self._images.items():
            image.set_data(getattr(r, g).T)
        for step, text in enumerate(self._labels, start=1):
            kind = r.kinds[step - 1]
            text.set_text(str(r.symbols[step - 1]))
            text.set_color(TARGET_COLOUR if kind == "target" else PROMPT_COLOUR if kind == "prompt" else "0.45")
            text.set_fontweight("bold" if kind != "distractor" else "normal")
        steps = list(r.target_steps) + list(r.prompt_steps)
        for frames in self._frames:
            for patch, step in zip(frames, steps):
                patch.set_x(step - 0.5)
        L = len(r.symbols)
        t = np.arange(1, L + 1)
        for k, line in enumerate(self._out_lines):
            line.set_data(t, r.outputs[:, k])
        asked = [(p, int(np.argmax(r.targets[p - 1]))) for p in r.prompt_steps]
        for marker, text, (p, k), ok in zip(self._asked, self._asked_text, asked, r.answered):
            marker.set_data([p], [1.0])
            marker.set_color(self._out_lines[k].get_color())          # the colour of the output asked for
            text.set_position((p, 1.14))
            text.set_text("✓" if ok else "✗")

    def _setup(self, fig, r: HeatmapResult) -> None:
        L, M = r.i.shape
        K = r.outputs.shape[1]
        axes = fig.subplots(5, 1, sharex=True, height_ratios=[1, 1, 1, 1, 0.9])
        extent = (0.5, L + 0.5, M + 0.5, 0.5)
        self._images = {}
        for ax, g in zip(axes, ("i", "f", "o", "c")):
            if g == "c":
                image = ax.imshow(np.zeros((M, L)), aspect="auto", cmap="PuOr", vmin=-1, vmax=1, extent=extent,
                                  interpolation="nearest")
            else:
                image = ax.imshow(np.zeros((M, L)), aspect="auto", cmap=OUTPUT_CMAP, vmin=0, vmax=1, extent=extent,
                                  interpolation="nearest")
            self._images[g] = image
            ax.set_ylabel(GATE_NAMES[g].replace(" ", "\n", 1), fontsize=8)
            ax.set_yticks(range(1, M + 1) if M <= 10 else range(1, M + 1, max(1, M // 8)))
            ax.tick_params(labelsize=7)
        fig.colorbar(self._images["i"], ax=list(axes[:3]), shrink=0.8, pad=0.01, label="gate (0 shut, 1 open)")
        fig.colorbar(self._images["c"], ax=[axes[3]], pad=0.01, label="cell state")
        fig.colorbar(self._images["i"], ax=[axes[4]], pad=0.01).ax.set_visible(False)     # keep the x axes aligned
        # the symbol of each step, above the top map
        self._labels = [axes[0].text(step, 1.02, "", transform=axes[0].get_xaxis_transform(), ha="center",
                                     va="bottom", fontsize=7) for step in range(1, L + 1)]
        P = len(r.prompt_steps)
        self._frames = []
        for ax in axes[:4]:
            frames = []
            for k in range(len(r.target_steps) + P):
                colour = TARGET_COLOUR if k < len(r.target_steps) else PROMPT_COLOUR
                frames.append(ax.add_patch(_frame(ax, colour, M)))
            self._frames.append(frames)
        out = axes[4]
        colours = ("#0072B2", "#E69F00", "#009E73", "#CC79A7")
        self._out_lines = [out.plot([], [], "-o", ms=2.5, lw=1.2, color=colours[k % 4],
                                    label=f"output for {self.trials.targets[k]}")[0] for k in range(K)]
        self._asked = [out.plot([], [], "v", color=PROMPT_COLOUR, ms=7, mec="black", mew=0.6,
                                label="asked for (its colour)" if k == 0 else None)[0] for k in range(P)]
        self._asked_text = [out.text(0, 1.14, "", ha="center", va="bottom", fontsize=8, color="black")
                            for _ in range(P)]
        out.axhline(0.5, color="0.7", lw=0.8, ls="--")
        out.set_ylim(-0.05, 1.5)
        out.set_xticks(range(1, L + 1, 1 if L <= 30 else 5))
        out.set_yticks([0, 0.5, 1])
        out.set_ylabel("outputs", fontsize=8)
        out.set_xlabel("time step t (symbol above the maps: targets blue, prompts purple)", fontsize=8)
        out.legend(loc="center left", fontsize=7, ncols=K + 1)
        out.tick_params(labelsize=7)
        out.set_xlim(0.5, L + 0.5)
        self._axes = list(axes)

    def animated_artists(self) -> list:
        if self.fig is None or not self.fig.axes:
            return []
        return (list(self._images.values()) + self._labels + [p for frames in self._frames for p in frames]
                + self._out_lines + self._asked + self._asked_text)


def _frame(ax, colour: str, M: int):
    from matplotlib.patches import Rectangle
    return Rectangle((0.5, 0.5), 1.0, M, fill=False, edgecolor=colour, lw=1.6, zorder=3)
