"""Slider-update time of every explorer (the goal: "well under 100 ms").

Run: ``python bench/bench_explorers.py [NAME …]``.  For each explorer of the notebooks it moves the
first numeric slider back and forth (``explorer.set(...)``, exactly what a slider callback does)
and renders the PNG the live widget shows, and prints the median and the 90th percentile over
40 updates, in wall time and CPU time.  The training dashboard (notebook 06) also gets a row for
one tick of its timer: ``advance()`` (20 epochs) and the PNG.  Explorers that cache their images
per state (the backprop stepper, the trace explorer) are also measured with the cache off ("first visit"): what a state
costs the first time it is shown.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import nnteach.viz as viz  # noqa: E402

EXPLORERS = ["HelloExplorer", "NeuronExplorer", "ActivationExplorer", "XorExplorer", "ErrorCurveExplorer",
             "ErrorSurfaceExplorer", "DescentPlayer", "BackpropStepper", "TrainingReplay", "TrainingDashboard",
             "BPTTStepper", "FadingGradientExplorer", "GateExplorer", "GateHeatmap", "TraceExplorer",
             "ReberExplorer"]


def heatmap():
    """Notebook 09's heat map at the notebook's size: LSTM(6, 8, 2) over 1000 recall trials of 20 steps.
    The network is untrained (a slider update costs the same for any weights)."""
    from nnteach import LSTM
    from nnteach.datasets import distracted_recall
    trials = distracted_recall(1000, length=20, targets=(2, 4), distractors=(3, 5), prompts=(0, 1), seed=999_999)
    nets = {"with peepholes": LSTM(6, 8, 2, seed=1, init="xavier"),
            "without peepholes": LSTM(6, 8, 2, peepholes=False, seed=1, init="xavier")}
    return viz.GateHeatmap(nets, trials)


def _reber_explorer():
    from nnteach import graph
    # The slider's cost does not depend on the weights: an untrained layer of notebook 10's size will do.
    return viz.ReberExplorer(graph.VectorisedLSTM(7, 16, 7, seed=0, fast=False), string=viz.EXAMPLE_STRINGS[4])


#: Explorers that need arguments to be made.
FACTORIES = {"GateHeatmap": heatmap, "ReberExplorer": _reber_explorer}
#: Explorers that cache their PNG per state: measured again with the cache off.
CACHED = ("BackpropStepper", "TraceExplorer")


def first_slider(explorer):
    for c in explorer.controls:
        if c.options is None and c.min is not None:
            return c
    raise ValueError(f"{type(explorer).__name__} has no slider")


def measure(name: str, n: int = 40, cache: bool = True) -> tuple[str, float, float, float]:
    explorer = FACTORIES[name]() if name in FACTORIES else getattr(viz, name)()
    explorer.png()                                  # first draw: the layout is made once
    c = first_slider(explorer)
    lo = c.min if c.kind != "int" else int(c.min)
    hi = c.max if c.kind != "int" else int(c.max)
    values = [lo + (hi - lo) * k / (n - 1) for k in range(n)]
    if c.kind == "int":
        values = [int(round(v)) for v in values]
    walls, cpus = [], []
    for v in values:
        if not cache:
            explorer.__dict__.pop("_png_cache", None)
        w0, c0 = time.perf_counter(), time.process_time()
        explorer.set(**{c.name: v})
        explorer.png()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    walls.sort()
    return c.name, statistics.median(walls) * 1e3, walls[int(0.9 * (n - 1))] * 1e3, statistics.median(cpus) * 1e3


def measure_ticks(n: int = 40) -> tuple[str, float, float, float]:
    """The training dashboard's timer tick: train ``epochs_per_tick`` epochs and render the PNG."""
    dashboard = viz.TrainingDashboard()
    dashboard.png()
    walls, cpus = [], []
    for _ in range(n):
        w0, c0 = time.perf_counter(), time.process_time()
        dashboard.advance()
        dashboard.png()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    walls.sort()
    return "tick", statistics.median(walls) * 1e3, walls[int(0.9 * (n - 1))] * 1e3, statistics.median(cpus) * 1e3


def main() -> None:
    print(f"{'explorer':22s} {'slider':8s} {'median ms':>10s} {'p90 ms':>8s} {'CPU ms':>8s}")
    for name in sys.argv[1:] or EXPLORERS:
        control, med, p90, cpu = measure(name)
        print(f"{name:22s} {control:8s} {med:10.1f} {p90:8.1f} {cpu:8.1f}")
        if name in CACHED:
            control, med, p90, cpu = measure(name, cache=False)
            print(f"{name + ' (first visit)':22s} {control:8s} {med:10.1f} {p90:8.1f} {cpu:8.1f}")
    if "TrainingDashboard" in (sys.argv[1:] or EXPLORERS):
        control, med, p90, cpu = measure_ticks()
        print(f"{'TrainingDashboard':22s} {control:8s} {med:10.1f} {p90:8.1f} {cpu:8.1f}")


if __name__ == "__main__":
    main()
