"""One online LSTM-g step (activate + propagate) of LSTM(6, 7, 2): nnteach against Synaptic, side by side.

Issue #10's target: ``graph.VectorisedLSTM`` at least 3× as fast as Synaptic 1.1.4's compiled network
(``Architect.LSTM(6, 7, 2)``, Synaptic's default path), measured in the same run on the same data.

Both sides step through the same 1000 random (one-hot input, 0/1 target) pairs at rate 0.1.  Node runs
as a child process that waits for commands, so the measurements interleave: after a warm-up of
``--warmup`` seconds on each side, every round times ``--steps`` steps of Synaptic, then of nnteach's
compiled kernels (numba), then of its numpy form; the medians over ``--rounds`` rounds are reported.

Needs node and Synaptic: ``cd bench/synaptic && npm install`` (once).  Run::

    python bench/bench_lstm_g_speed.py                  # defaults: 3 s warm-up, 15 rounds of 20000 steps
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from nnteach import graph

HERE = Path(__file__).resolve().parent
SIZES = (6, 7, 2)


def make_data(n: int = 1000, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    inputs = np.eye(SIZES[0])[rng.integers(0, SIZES[0], n)]
    targets = rng.integers(0, 2, size=(n, SIZES[2])).astype(float)
    return {"sizes": list(SIZES), "rate": 0.1, "inputs": inputs.tolist(), "targets": targets.tolist()}


class PythonSide:
    def __init__(self, data: dict, fast: bool) -> None:
        self.layer = graph.VectorisedLSTM(*SIZES, seed=0, fast=fast)
        self.X, self.T, self.rate = np.array(data["inputs"]), np.array(data["targets"]), data["rate"]
        self.k = 0

    def run(self, steps: int) -> None:
        layer, X, T, rate, n = self.layer, self.X, self.T, self.rate, len(self.X)
        k = self.k
        for _ in range(steps):
            layer.activate(X[k])
            layer.propagate(rate, T[k])
            k = (k + 1) % n
        self.k = k

    def warmup(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self.run(1000)

    def round(self, steps: int) -> float:
        t0 = time.perf_counter_ns()
        self.run(steps)
        return (time.perf_counter_ns() - t0) / steps


class NodeSide:
    def __init__(self, data_path: Path) -> None:
        self.proc = subprocess.Popen(["node", str(HERE / "synaptic" / "lstm_g_speed.js"), str(data_path)],
                                     cwd=HERE / "synaptic", stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, line: str) -> dict:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def warmup(self, seconds: float) -> None:
        self.ask(f"warmup {seconds}")

    def round(self, steps: int) -> float:
        return self.ask(f"round {steps}")["ns_per_step"]

    def close(self) -> None:
        self.proc.stdin.write("quit\n")
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--warmup", type=float, default=3.0, help="seconds of warm-up per side")
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--steps", type=int, default=20_000, help="steps per timed round")
    args = ap.parse_args()
    if shutil.which("node") is None or not (HERE / "synaptic" / "node_modules" / "synaptic").exists():
        raise SystemExit("needs node and Synaptic: cd bench/synaptic && npm install")
    data = make_data()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "data.json"
        path.write_text(json.dumps(data))
        sides = {"Synaptic 1.1.4 compiled": NodeSide(path)}
        if graph.fast_available():
            sides["nnteach VectorisedLSTM (compiled)"] = PythonSide(data, fast=True)
        sides["nnteach VectorisedLSTM (numpy)"] = PythonSide(data, fast=False)
        for side in sides.values():
            side.warmup(args.warmup)
        times: dict[str, list[float]] = {name: [] for name in sides}
        for _ in range(args.rounds):
            for name, side in sides.items():
                times[name].append(side.round(args.steps))
        sides["Synaptic 1.1.4 compiled"].close()
    synaptic = statistics.median(times["Synaptic 1.1.4 compiled"])
    print(f"One online step (activate + propagate) of LSTM(6, 7, 2); medians of {args.rounds} interleaved "
          f"rounds of {args.steps} steps after {args.warmup} s of warm-up each\n")
    print("| implementation | µs per step (median) | min–max | Synaptic / this |")
    print("|---|---|---|---|")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"| {name} | {med / 1000:.2f} | {min(ts) / 1000:.2f}–{max(ts) / 1000:.2f} | {synaptic / med:.1f}× |")


if __name__ == "__main__":
    main()
