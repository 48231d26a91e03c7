"""Gate explorer (notebook 08): one memory cell, its three gates, and what they let through.

Controls: a **scenario** (an input stream and a plan of cues: write, forget, read; see
:mod:`nnteach.gating`) and the value each gate **rests** at between its cues — the input gate between
writes, the forget gate between resets, the output gate between reads — plus the level of the noise
in the input.  Choosing a scenario sets the sliders to its ideal values; move them to see what a
leaky gate does.

The picture, on one time axis ``t = 1 … T``:

1. the input ``x(t)`` (the values worth storing in black, the noise in grey);
2. the three gates as a strip, white for 0 (shut) to purple for 1 (open);
3. the cell state ``s(t)``, the output ``y(t) = o(t) s(t)``, and (dashed) what the cell should hold;
4. the error factor ``∂s(t_ref)/∂s(k)``: how much of an error injected at the read step
   ``t_ref`` reaches step ``k`` — the product of the forget gate's values in between (math.md §4),
   which is also how much of a value stored at ``k`` is left at ``t_ref``.

Cue steps are marked on every panel: write (blue, dashed), forget (orange, dotted), read (purple,
dash-dot).  The numbers come from :func:`nnteach.gating.run_scenario`; this module only draws them.
"""
from __future__ import annotations

import numpy as np

from ..formatting import fixed
from ..gating import SCENARIOS, ScenarioRun, get_scenario, run_scenario
from .explorer import Control, Explorer
from .neuron_explorer import OUTPUT_CMAP

__all__ = ["GateExplorer"]

#: Colour-blind-safe colours (Okabe–Ito): one per cue kind.
CUE_STYLE = {"write": ("#0072B2", "--"), "forget": ("#E69F00", ":"), "read": ("#5e3c99", "-.")}
_LADDER = (0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 50.0, 100.0, 200.0, 500.0)


def _limits(values: np.ndarray) -> tuple[float, float]:
    """Axis limits from a ladder of round numbers (so that they change seldom as a slider moves)."""
    top = float(np.max(np.abs(values))) * 1.1 if values.size else 1.0
    L = next((v for v in _LADDER if v >= top), _LADDER[-1])
    lo = -L if float(np.min(values)) < -0.1 * L else -0.15 * L
    hi = L if float(np.max(values)) > 0.1 * L else 0.15 * L
    return lo, hi


class GateExplorer(Explorer):
    """A memory cell and its gates over time, for the scenarios of :mod:`nnteach.gating` (notebook 08).

    Controls: ``scenario`` (dropdown), ``input_gate``, ``forget_gate``, ``output_gate`` (the gates'
    values between cues, 0 … 1) and ``noise`` (0 … 0.5).  ``GateExplorer(scenario=name)`` and
    ``set(scenario=name)`` also set the four sliders to that scenario's own values, unless given.
    """

    controls = (
        Control("scenario", "noisy input shut out", options=tuple(SCENARIOS), description="scenario",
                kind="dropdown"),
        Control("input_gate", 0.0, 0.0, 1.0, 0.01, "input gate between writes"),
        Control("forget_gate", 1.0, 0.0, 1.0, 0.01, "forget gate between resets"),
        Control("output_gate", 0.0, 0.0, 1.0, 0.01, "output gate between reads"),
        Control("noise", 0.3, 0.0, 0.5, 0.05, "noise"),
    )
    figsize = (8.5, 6.4)

    def __init__(self, **state) -> None:
        if "scenario" in state:
            self.check_state({"scenario": state["scenario"]})         # its type first, then its name
            state = {**get_scenario(state["scenario"]).rest, **state}
        super().__init__(**state)

    def set(self, **state) -> ScenarioRun:
        """As :meth:`Explorer.set`; a new ``scenario`` brings its own slider values unless they are given."""
        if "scenario" in state:
            self.check_state({"scenario": state["scenario"]})
        if "scenario" in state and state["scenario"] != self.state["scenario"]:
            state = {**get_scenario(state["scenario"]).rest, **state}
        return super().set(**state)

    def compute(self, scenario: str, input_gate: float, forget_gate: float, output_gate: float,
                noise: float) -> ScenarioRun:
        return run_scenario(scenario, input_gate, forget_gate, output_gate, noise)

    # -- text -------------------------------------------------------------------------------------
    def summary(self, r: ScenarioRun) -> str:
        sc, t_ref = r.scenario, r.t_ref
        back = r.last_write or 0
        factor = f"error factor ∂s({t_ref})/∂s({back}) = {fixed(r.kept)}"
        if not sc.write:
            s = r.trace.s
            return (f"{sc.name}: s({t_ref}) = {fixed(r.held)}, largest |s| {fixed(float(np.max(np.abs(s))))}; "
                    f"{factor}")
        head = f"{sc.name}: should hold {fixed(r.target)} at t = {t_ref}, holds {fixed(r.held)}"
        if not sc.read:
            return f"{head}; output y({t_ref}) = {fixed(float(r.trace.y[-1]))}; {factor}"
        reads = ", ".join(f"y({t}) = {fixed(v)}" for t, v in zip(sc.read, r.read_outputs))
        return f"{head}; read {reads}, |y| at most {fixed(r.leak)} elsewhere; {factor}"

    # -- drawing ----------------------------------------------------------------------------------
    def background_key(self, r: ScenarioRun):
        return (r.scenario.name, _limits(r.x), self._state_limits(r))

    @staticmethod
    def _state_limits(r: ScenarioRun) -> tuple[float, float]:
        return _limits(np.concatenate([r.trace.s, r.trace.y, r.clean]))

    def draw(self, r: ScenarioRun, fig) -> None:
        if not fig.axes:
            self._setup(fig)
        key = self.background_key(r)
        if key != getattr(self, "_layout_key", None):
            self._layout(r)
            self._layout_key = key
        t = r.scenario.t
        a = self._artists
        xs = r.x.copy()
        valued = np.zeros(len(xs), dtype=bool)
        for step in r.scenario.values:
            valued[step - 1] = True
        a["noise"].set_data(t[~valued], xs[~valued])
        a["values"].set_data(t[valued], xs[valued])
        a["gates"].set_data(np.vstack([r.trace.i, r.trace.f, r.trace.o]))
        a["s"].set_data(t, r.trace.s)
        a["y"].set_data(t, r.trace.y)
        a["clean"].set_data(t, r.clean)
        k = np.arange(r.t_ref + 1)
        a["factor"].set_data(k, r.factors)
        back = r.last_write or 0
        a["factor_mark"].set_data([back], [r.kept])
        a["factor_text"].set_text(f"∂s({r.t_ref})/∂s({back}) = {fixed(r.kept)}")
        a["factor_text"].xy = (back, r.kept)

    def _setup(self, fig) -> None:
        ax_x, ax_g, ax_s, ax_e = fig.subplots(4, 1, sharex=True, height_ratios=[1.0, 0.6, 1.6, 1.0])
        (noise,) = ax_x.plot([], [], "o", color="0.6", ms=3, label="noise")
        (values,) = ax_x.plot([], [], "o", color="black", ms=6, label="value to store")
        ax_x.set_ylabel("input x")
        gates = ax_g.imshow(np.zeros((3, 2)), aspect="auto", cmap=OUTPUT_CMAP, vmin=0, vmax=1,
                            interpolation="nearest")
        ax_g.set_yticks([0, 1, 2], ["input i", "forget f", "output o"], fontsize=8)
        ax_g.set_ylabel("gates")
        separators = [ax_g.axhline(row, color="white", lw=2, zorder=3) for row in (0.5, 1.5)]
        steps = dict(drawstyle="steps-mid")
        (clean,) = ax_s.plot([], [], "--", color="0.55", lw=1.2, label="should hold", **steps)
        (s,) = ax_s.plot([], [], "-", color="black", lw=1.8, label="state s", **steps)
        (y,) = ax_s.plot([], [], "-", color="#CC79A7", lw=1.4, label="output y = o·s", **steps)
        ax_s.axhline(0, color="0.8", lw=0.8, zorder=0)
        ax_s.set_ylabel("cell")
        (factor,) = ax_e.plot([], [], "-", color="#0072B2", lw=1.8, **steps)
        (mark,) = ax_e.plot([], [], "o", color="#0072B2", ms=6)
        text = ax_e.annotate("", (0, 1), xytext=(6, -12), textcoords="offset points", fontsize=8,
                             color="#0072B2")
        ax_e.set_ylim(-0.05, 1.15)
        ax_e.set_ylabel("error factor")
        ax_e.set_xlabel("time step t")

        for axis in (ax_x, ax_g, ax_s, ax_e):
            axis.tick_params(labelsize=8)
        self._axes = (ax_x, ax_g, ax_s, ax_e)
        self._cue_lines: list = []
        self._artists = {"noise": noise, "values": values, "gates": gates, "s": s, "y": y, "clean": clean,
                         "factor": factor, "factor_mark": mark, "factor_text": text, "separators": separators}

    def _layout(self, r: ScenarioRun) -> None:
        """What changes only with the scenario or the axis ranges: limits, cue lines, the title."""
        ax_x, ax_g, ax_s, ax_e = self._axes
        sc = r.scenario
        for line in self._cue_lines:
            line.remove()
        self._cue_lines = []
        for kind, steps in (("write", sc.write), ("forget", sc.forget), ("read", sc.read)):
            colour, style = CUE_STYLE[kind]
            for step in steps:
                for axis in (ax_x, ax_s, ax_e):
                    self._cue_lines.append(axis.axvline(step, color=colour, ls=style, lw=1.1, zorder=0))
                self._cue_lines.append(ax_x.text(step, 1.02, kind, transform=ax_x.get_xaxis_transform(),
                                                 ha="center", va="bottom", fontsize=7, color=colour))
        # Without a write, the error factor is read back to the start state s(0): show step 0 too.
        ax_x.set_xlim(0.5 if sc.write else -0.5, sc.T + 0.5)
        ax_x.set_ylim(*_limits(r.x))
        ax_s.set_ylim(*self._state_limits(r))
        self._artists["gates"].set_extent((0.5, sc.T + 0.5, 2.5, -0.5))
        ax_x.set_title(f"{sc.name}: {sc.description}", fontsize=9, pad=14)
        t_ref = sc.reference_step
        ax_e.set_title(f"∂s({t_ref})/∂s(t): how much of an error injected at t = {t_ref} reaches step t "
                       f"(= ∏ f in between)", fontsize=8, loc="left")
        self._artists["clean"].set_visible(bool(sc.write))     # without writes there is nothing to hold
        inputs = [self._artists[k] for k in (("noise", "values") if sc.write else ("noise",))]
        ax_x.legend(handles=inputs, loc="upper right", fontsize=7, ncols=2)
        handles = [self._artists[k] for k in (("clean", "s", "y") if sc.write else ("s", "y"))]
        ax_s.legend(handles=handles, loc="lower left" if sc.write else "upper left", fontsize=7, ncols=3)

    def animated_artists(self) -> list:
        if self.fig is None or not self.fig.axes:
            return []
        a = self._artists
        return [a[k] for k in ("noise", "values", "gates", "clean", "s", "y", "factor", "factor_mark",
                               "factor_text")] + a["separators"]
