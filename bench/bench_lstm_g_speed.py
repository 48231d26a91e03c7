"""One online LSTM-g step (activate + propagate) of LSTM(6, 7, 2): nnteach against Synaptic, side by side.

Issue #10's target: ``graph.VectorisedLSTM`` at least 3× as fast as Synaptic 1.1.4's compiled network
(``Architect.LSTM(6, 7, 2)``, Synaptic's default path), measured in the same run on the same data.

Both sides step through the same 1000 random (one-hot input, 0/1 target) pairs at rate 0.1.  Node runs
as a child process that waits for commands, so the measurements interleave: after a warm-up of
``--warmup`` seconds on each side, every round times ``--steps`` steps of Synaptic, then of nnteach's
compiled kernels (numba), then of its numpy form; the medians over ``--rounds`` rounds are reported.

Needs node and Synaptic: ``cd bench/synaptic && npm install`` (once).  Run::

    python bench/bench_lstm_g_speed.py                  # defaults: 3 s warm-up, 15 rounds of 20000 steps

Three nnteach rows: the compiled kernels (numba, when installed), the fused numpy form that runs
without numba (what ``fast=False`` uses), and the readable functions ``lstm_g_forward`` /
``lstm_g_propagate`` that the fast forms are tested against (``--no-readable`` leaves them out).

The benchmark harness (bench/run.py, bench/README.md "Rows from other scripts") imports two functions
from here: :func:`online_step` (the ``lstm-online-*`` rows) and :func:`sequence_learner` (the
``dsr-demo`` and ``erg`` rows).
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
from nnteach.graph.vectorised import lstm_g_forward, lstm_g_propagate

HERE = Path(__file__).resolve().parent
SIZES = (6, 7, 2)


def make_data(n: int = 1000, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    inputs = np.eye(SIZES[0])[rng.integers(0, SIZES[0], n)]
    targets = rng.integers(0, 2, size=(n, SIZES[2])).astype(float)
    return {"sizes": list(SIZES), "rate": 0.1, "inputs": inputs.tolist(), "targets": targets.tolist()}


# -- the harness's plug-ins (bench/README.md, "Rows from other scripts") ---------------------------------

def online_step(N: int, M: int, K: int, X, Y, *, rate: float, seed: int, fast: bool | None = None):
    """``step()``: one online LSTM-g step of ``graph.VectorisedLSTM(N, M, K, fast=fast)`` (``activate`` the
    next input of the stream ``X (S, N)``, ``propagate`` its target ``Y (S, K)`` at ``rate``; the state is
    carried, the stream wraps around).  ``fast=None``: the layer's fastest form (numba's kernels when
    installed); ``True``: numba's kernels (a ``ValueError`` without numba); ``False``: the fused numpy form."""
    layer, k = graph.VectorisedLSTM(N, M, K, seed=seed, fast=fast), [0]
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)

    def step() -> None:
        i = k[0]
        k[0] = (i + 1) % len(X)
        layer.activate(X[i])
        layer.propagate(rate, Y[i])
    return step


class _Learner:
    """Online LSTM-g over whole sequences, as the harness's sequence rows want it (bench/README.md)."""

    def __init__(self, sizes: tuple[int, int, int], rate: float, seed: int, when_wrong: bool) -> None:
        self.layer, self.rate, self.when_wrong = graph.VectorisedLSTM(*sizes, seed=seed), rate, when_wrong
        learns = "at wrong steps only" if when_wrong else "at every step"
        self.label = f"`VectorisedLSTM{sizes}`, LSTM-g online, rate {rate}, learns {learns}"

    def train_epoch(self, xs, ts) -> None:
        """One pass over the training sequences, each from a fresh state; one update per step (or only at the
        steps where some output is on the wrong side of 0.5, as Synaptic's DSR trainer)."""
        layer, rate = self.layer, self.rate
        for x, t in zip(xs, ts):
            layer.clear()
            for xi, ti in zip(x, t):
                y = layer.activate(xi)
                if not self.when_wrong or np.any((y > 0.5) != (ti > 0.5)):
                    layer.propagate(rate, ti)

    def outputs(self, xs) -> list[np.ndarray]:
        """The outputs ``(L, K)`` of each sequence, learning off."""
        return [self.layer.forward(x) for x in xs]


#: Each task's settings.  Recall: Synaptic's demo settings (LSTM(6, 4, 2), rate 0.17, learning only at wrong
#: steps), so the row compares the same network trained by the same rule.  Grammar: Synaptic's ``Trainer.ERG``
#: rate 0.1, learning at every step, but 16 blocks, nnteach's size for this task, not the harness's Synaptic
#: LSTM(7, 8, 7): checked on the harness's data (legal-successor targets), LSTM-g with 8 blocks stayed at a
#: held-out 0.47-0.53 for 200 epochs on seeds 0-2 (seeds 3, 4 solved it in 8 and 10 epochs), while 16 blocks
#: solved seeds 0-4 in 4-10 epochs.
LEARNERS = {"dsr-demo": ((6, 4, 2), 0.17, True), "erg": ((7, 16, 7), 0.1, False)}


def sequence_learner(task: str, seed: int) -> _Learner:
    """A fresh learner for ``task`` (``"dsr-demo"`` or ``"erg"``), its weights seeded by ``seed``."""
    if task not in LEARNERS:
        raise ValueError(f"task must be one of {', '.join(map(repr, LEARNERS))}; got {task!r}")
    sizes, rate, when_wrong = LEARNERS[task]
    return _Learner(sizes, rate, seed, when_wrong)


# -- the script: nnteach against Synaptic, one step of LSTM(6, 7, 2) ---------------------------------------

class PythonSide:
    def __init__(self, data: dict, fast: bool, readable: bool = False) -> None:
        self.layer = graph.VectorisedLSTM(*SIZES, seed=0, fast=fast)
        self.X, self.T, self.rate = np.array(data["inputs"]), np.array(data["targets"]), data["rate"]
        self.k = 0
        self.readable = readable

    def run(self, steps: int) -> None:
        layer, X, T, rate, n = self.layer, self.X, self.T, self.rate, len(self.X)
        k = self.k
        if self.readable:
            for _ in range(steps):
                lstm_g_forward(layer, X[k])
                lstm_g_propagate(layer, rate, T[k])
                k = (k + 1) % n
        else:
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
    ap.add_argument("--no-readable", action="store_true", help="leave out the readable functions' row")
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
        sides["nnteach VectorisedLSTM (fused numpy, no numba)"] = PythonSide(data, fast=False)
        if not args.no_readable:
            sides["nnteach lstm_g_forward + lstm_g_propagate (readable)"] = PythonSide(data, fast=False,
                                                                                      readable=True)
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
