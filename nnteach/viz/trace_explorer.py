"""Step through LSTM-g's traces on one memory block (notebook 10).

The block is math.md §9.2's (:func:`nnteach.graph.worked_block`): inputs x0, x1; input gate ig, forget
gate fg, a cell, output gate og; one output.  Its two steps, ``x = (1, 0)`` then ``x = (0, 1)``, and then
two quiet steps ``x = (0, 0)`` (:data:`nnteach.graph.QUIET_INPUTS`), run with the weights frozen; every
number comes from :func:`nnteach.graph.record_steps` and :func:`nnteach.graph.trace_terms` (numpy only).

:class:`TraceExplorer` shows, at a time step,

* left: the block, each unit with its state and activation (Eqs. (10.1)–(10.2)) and, from the stage
  "responsibilities" on, its δ^P, δ^G and δ (Eqs. (10.7)–(10.9)); the chosen connection highlighted;
* right, top: the chosen connection over the four steps — its input ``y_i``, its eligibility trace ``e``
  (Eq. (10.4)), its extended traces ``e^k`` (Eq. (10.6)) and its update ``Δw/α`` (Eq. (10.10));
* right, bottom: those equations with this step's numbers.

The point to find: at step 2, ``x0 = 0`` so ``e_{ig,x0} = 0``, yet ``ig ← x0`` gets an update, because the
extended trace ``e^cell_{ig,x0}`` still holds step 1's write into the cell.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from ..formatting import fixed
from ..graph import (BLOCK_POSITIONS, QUIET_INPUTS, QUIET_TARGETS, StepRecord, TraceTerms, layout, record_steps,
                     trace_terms, worked_block)
from .explorer import Control, Explorer
from .graph_diagram import GATE, draw_graph

__all__ = ["TraceExplorer", "TraceView", "STAGES", "CONNECTIONS"]

#: What the diagram and the equations reveal, one stage after the other.
STAGES = ("forward: s, y", "+ traces: e, e^k", "+ responsibilities: δ", "+ updates: Δw/α")
#: The block's trainable connections, as ``record_steps`` names them (``1 → j`` is j's bias).
CONNECTIONS = ("x0 → ig", "x1 → ig", "1 → ig", "x0 → fg", "x1 → fg", "1 → fg", "x0 → cell", "x1 → cell", "1 → cell",
               "x0 → og", "x1 → og", "1 → og", "cell → out", "1 → out")

#: Where each unit's numbers are written, relative to the unit: (dx, dy, horizontal alignment, vertical alignment).
_LABEL_AT = {"x0": (0.0, -0.22, "center", "top"), "x1": (0.0, -0.22, "center", "top"),
             "ig": (-0.05, -0.24, "center", "top"), "fg": (0.22, 0.0, "left", "center"),
             "cell": (0.2, 0.16, "left", "bottom"), "og": (0.22, -0.05, "left", "center"),
             "out": (0.0, -0.24, "center", "top")}
_TRACE = "#0072B2"                       # e (blue)
_EXTENDED = "#E37B00"                    # e^k (orange)
_UPDATE = "#222222"                      # Δw/α (black)
_INPUT = "#999999"                       # y_i (grey)


@functools.lru_cache(maxsize=1)
def _records() -> tuple[StepRecord, ...]:
    return tuple(record_steps(worked_block(), QUIET_INPUTS, QUIET_TARGETS))


@dataclass(frozen=True)
class TraceView:
    """What the explorer shows: the step, the stage, the chosen connection, and the numbers.

    Attributes:
        step: 1 … 4.   stage: 0 … 3 (index into :data:`STAGES`).   connection: ``"i → j"``.
        records: the four steps' :class:`~nnteach.graph.StepRecord`.
        terms: :class:`~nnteach.graph.TraceTerms` of the connection at every step (``terms[step − 1]`` now).
    """

    step: int
    stage: int
    connection: str
    records: tuple
    terms: tuple

    @property
    def now(self) -> TraceTerms:
        return self.terms[self.step - 1]

    @property
    def record(self) -> StepRecord:
        return self.records[self.step - 1]


def _factor(x: float) -> str:
    """A number as a factor of a product: negative ones in brackets, ``(−0.6000)``."""
    return f"({fixed(x)})" if fixed(x).startswith("−") else fixed(x)


def _unit_label(name: str, record: StepRecord, stage: int) -> str:
    if name in ("x0", "x1"):
        return f"{name} = {record.x[int(name[1])]:g}"
    u = record.units[name]
    lines = [name, f"s {fixed(u['s'])}", f"y {fixed(u['y'])}"]
    if stage >= 2:
        if name == "out":
            lines.append(f"δ = t − y = {fixed(u['delta'])}")
        else:
            lines += [f"δP {fixed(u['delta_projected'])}", f"δG {fixed(u['delta_gated'])}"]
    return "\n".join(lines)


def _equations(v: TraceView) -> list[str]:
    """The lines of the equation panel (more lines at later stages)."""
    t, r = v.now, v.record
    i, j = v.connection.split(" → ")
    y_i = "1 (the bias)" if i == "1" else f"y_{i}"
    lines = [f"step {v.step}: x = ({r.x[0]:g}, {r.x[1]:g}), target {r.target[0]:g}, output {fixed(r.output[0])};  "
             f"{v.connection}: w = {fixed(r.connections[v.connection]['w'])}, input {y_i}"]
    if v.stage >= 1:
        lines.append(f"(10.4)  e = g_jj w_jj e(t−1) + g y_i = {_factor(t.decay)} · {_factor(t.previous)} + "
                     f"{_factor(t.gain)} · {_factor(t.input)} = {fixed(t.e)}")
        for x in t.extended:
            lines.append(f"(10.6)  e^{x.unit} = g_kk w_kk e^{x.unit}(t−1) + f'_{j} e B_{x.unit},{j} = "
                         f"{_factor(x.decay)} · {_factor(x.previous)} + {_factor(x.df)} · {_factor(x.e)} · "
                         f"{_factor(x.influence)} = {fixed(x.value)}")
        if not t.extended:
            lines.append(f"        ({j} gates nothing downstream: no extended traces)")
    if v.stage >= 2:
        deltas = "   ".join(f"δ_{x.unit} = {fixed(x.delta)}" for x in t.extended)
        lines.append(f"(10.7–10.9)  δP_{j} = {fixed(t.delta_projected)}" + (f"   {deltas}" if deltas else ""))
    if v.stage >= 3:
        parts = " + ".join([f"{_factor(t.delta_projected)} · {_factor(t.e)}"]
                           + [f"{_factor(x.delta)} · {_factor(x.value)}" for x in t.extended])
        name = " + ".join(["δP e"] + [f"δ_{x.unit} e^{x.unit}" for x in t.extended])
        lines.append(f"(10.10)  Δw/α = {name} = {parts} = {fixed(t.update)}")
        if t.e == 0.0 and t.update != 0.0:
            lines.append(f"   → {y_i} is 0 now and e = 0, yet Δw ≠ 0: the extended trace remembers an earlier write")
    return lines


class TraceExplorer(Explorer):
    """LSTM-g's traces on math.md §9.2's memory block, step by step (notebook 10).

    Controls: ``step`` (1 … 4: §9.2's two steps, then two quiet steps), ``stage`` (what is revealed, see
    :data:`STAGES`) and ``connection`` (whose traces to follow, see :data:`CONNECTIONS`).
    """

    controls = (
        Control("step", 2, 1, len(QUIET_INPUTS), 1, "time step t", kind="int"),
        Control("stage", STAGES[-1], description="show", options=STAGES),
        Control("connection", "x0 → ig", description="connection", options=CONNECTIONS),
    )
    figsize = (10.5, 7.0)

    def compute(self, step: int, stage: str, connection: str) -> TraceView:
        records = _records()
        terms = tuple(trace_terms(list(records), connection, t) for t in range(1, len(records) + 1))
        return TraceView(step=int(step), stage=STAGES.index(stage), connection=connection, records=records,
                         terms=terms)

    # -- drawing ---------------------------------------------------------------------------------------
    def draw(self, v: TraceView, fig) -> None:
        if not fig.axes:
            self._make(fig)
        r = v.record
        for name, text in self._unit_texts.items():
            text.set_text(_unit_label(name, r, v.stage))
        c = self._connection_ends[v.connection]
        self._highlight.set_data([c[0][0], c[1][0]], [c[0][1], c[1][1]])
        t = v.now
        label = []
        if v.stage >= 1:
            label.append(f"e = {fixed(t.e)}")
            label += [f"e^{x.unit} = {fixed(x.value)}" for x in t.extended]
        if v.stage >= 3:
            label.append(f"Δw/α = {fixed(t.update)}")
        self._connection_text.set_text("\n".join([f"chosen: {v.connection}"] + label))
        self._set_timeline(v)
        self._marker.set_xdata([v.step, v.step])
        lines = _equations(v)
        for k, text in enumerate(self._equation_texts):
            text.set_text(lines[k] if k < len(lines) else "")
        self._title.set_text(f"LSTM-g on one memory block (math.md §9.2), step {v.step}: {STAGES[v.stage]}")

    def _make(self, fig) -> None:
        grid = fig.add_gridspec(2, 2, width_ratios=[1.25, 1.0], height_ratios=[2.7, 1.0])
        ax = fig.add_subplot(grid[0, 0])
        net = worked_block()
        drawing = layout(net, BLOCK_POSITIONS)
        draw_graph(ax, drawing, names=False)
        ax.set_xlim(-0.6, 5.6)
        ax.set_ylim(-2.3, 2.5)
        self._title = ax.set_title("", fontsize=10.5, loc="left")
        self._unit_texts = {}
        for u in drawing.units:
            dx, dy, ha, va = _LABEL_AT[u["name"]]
            self._unit_texts[u["name"]] = ax.text(u["x"] + dx, u["y"] + dy, "", fontsize=9, ha=ha, va=va,
                                                  zorder=7, linespacing=1.15,
                                                  bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none",
                                                            alpha=0.85))
        names = [u["name"] for u in drawing.units]
        self._connection_ends = {}
        for c in drawing.connections:
            key = f"{names[c['from']]} → {names[c['to']]}"
            self._connection_ends[key] = (c["start"], c["end"], c["middle"])
        for u in drawing.units:                   # a bias: a short stub below-left of its unit
            if u["role"] != "input":
                x, y = u["x"], u["y"]
                self._connection_ends[f"1 → {u['name']}"] = ((x - 0.45, y - 0.45), (x, y), (x - 0.3, y - 0.3))
        (self._highlight,) = ax.plot([], [], color="#f0c000", lw=9, alpha=0.45, solid_capstyle="round", zorder=0.5)
        self._connection_text = ax.text(0.01, 0.99, "", fontsize=9.5, ha="left", va="top", zorder=8,
                                        transform=ax.transAxes,
                                        bbox=dict(boxstyle="round,pad=0.3", fc="#fff7cc", ec="#c9a400", lw=0.6))
        ax.text(0.01, 0.01, "lines: blue w > 0, orange w < 0\npurple arrows: gates (gain = the gater's y)\n"
                "yellow: the chosen connection", fontsize=9, color="#555555", va="bottom", transform=ax.transAxes)
        bx = fig.add_subplot(grid[0, 1])
        steps = list(range(1, len(QUIET_INPUTS) + 1))
        (self._input_line,) = bx.plot(steps, [0] * len(steps), "s--", color=_INPUT, lw=1.2, ms=4, label="input y_i")
        (self._e_line,) = bx.plot(steps, [0] * len(steps), "o-", color=_TRACE, lw=2, ms=5, label="e (10.4)")
        self._ext_lines = [bx.plot(steps, [0] * len(steps), "D-", color=_EXTENDED, lw=2, ms=5, label="e^k (10.6)")[0]]
        (self._update_line,) = bx.plot(steps, [0] * len(steps), "^:", color=_UPDATE, lw=1.5, ms=6,
                                       label="Δw/α (10.10)")
        bx.axhline(0.0, color="#cccccc", lw=0.8, zorder=0)
        self._marker = bx.axvline(1, color=GATE, lw=6, alpha=0.18)
        bx.set_xticks(steps, [f"{s}\n({QUIET_INPUTS[s - 1][0]:g}, {QUIET_INPUTS[s - 1][1]:g})" for s in steps])
        bx.set_xlabel("time step t (input x)", fontsize=9.5)
        bx.tick_params(labelsize=9)
        bx.set_xlim(0.6, len(steps) + 0.4)
        self._timeline_title = bx.set_title("", fontsize=10.5, loc="left")
        bx.legend(fontsize=9, loc="upper right", ncol=2, frameon=False)
        self._bx = bx
        cx = fig.add_subplot(grid[1, :])
        cx.axis("off")
        self._equation_texts = [cx.text(0.0, 1.0 - 0.16 * k, "", fontsize=9.5, ha="left", va="top",
                                        transform=cx.transAxes) for k in range(7)]
        self._timeline_for = None

    def _set_timeline(self, v: TraceView) -> None:
        if self._timeline_for == v.connection:
            return
        self._timeline_for = v.connection
        inputs = [t.input for t in v.terms]
        es = [t.e for t in v.terms]
        updates = [t.update for t in v.terms]
        self._input_line.set_ydata(inputs)
        self._e_line.set_ydata(es)
        self._update_line.set_ydata(updates)
        ext = [[x.value for x in t.extended] for t in v.terms]
        has_ext = bool(v.terms[0].extended)
        self._ext_lines[0].set_ydata([row[0] if row else 0.0 for row in ext])
        self._ext_lines[0].set_visible(has_ext)
        self._ext_lines[0].set_label(f"e^{v.terms[0].extended[0].unit} (10.6)" if has_ext else "_none")
        values = inputs + es + updates + [x for row in ext for x in row] + [0.0]
        lo, hi = min(values), max(values)
        pad = 0.08 * (hi - lo or 1.0)
        self._bx.set_ylim(lo - pad, hi + pad)
        self._bx.legend(fontsize=9, loc="best", ncol=2, frameon=False)
        self._timeline_title.set_text(f"{v.connection} over time")

    def animated_artists(self) -> list:
        if self.fig is None or not hasattr(self, "_title"):
            return []
        return [*self._unit_texts.values(), self._highlight, self._connection_text, self._marker, self._title,
                *self._equation_texts]

    def background_key(self, v: TraceView):
        return v.connection

    def png(self) -> bytes:
        """As :meth:`Explorer.png`, cached per state (4 steps × 4 stages × 14 connections): a state seen once
        comes back at once; a new one is a blitted redraw (most of its time is drawing the text's glyphs)."""
        cache = self.__dict__.setdefault("_png_cache", {})
        key = (self.state["step"], self.state["stage"], self.state["connection"])
        if key not in cache:
            cache[key] = super().png()
        return cache[key]

    def summary(self, v: TraceView) -> str:
        t, r = v.now, v.record
        ext = "".join(f", e^{x.unit} = {fixed(x.value)}" for x in t.extended)
        return (f"step {v.step} of {len(v.records)} (x = ({r.x[0]:g}, {r.x[1]:g}), target {r.target[0]:g}), "
                f"{v.connection}: input {fixed(t.input)}, e = {fixed(t.e)}{ext}, Δw/α = {fixed(t.update)}")
