"""Feed-forward benchmarks (issue: foundation).  Run: ``python bench/bench_feedforward.py``.

Prints, as medians over 10 seeds:
  1. XOR time-to-solve for a 2-3-1 network (all four patterns on the right side of 0.5 and
     reported error, the mean of (t - y)^2, <= 0.005) with nnteach's best documented settings
     (README "Fast XOR"), plus Synaptic's own settings for comparison;
  2. online training steps per second (one forward pass + one weight update per pattern)
     through ``nnteach.train`` for Perceptron(2,3,1) and Perceptron(64,128,10).

Reference (Synaptic 1.1.4, node 20, this kind of machine): XOR solved 10/10, median about
1288 epochs in about 13 ms; about 5.1 M steps/s at 2-3-1 and about 370 steps/s at 64-128-10.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nnteach import Perceptron, train  # noqa: E402
from nnteach.datasets import logic_gate  # noqa: E402

BEST = dict(cost="cross_entropy", batch_size=None, rate=2.0, momentum=0.9)   # documented in README
SYNAPTIC = dict(cost="mse", batch_size=1, rate=0.2, shuffle=True)            # Synaptic's Trainer.XOR


def xor_time_to_solve(settings: dict, init: str, seeds=range(10)):
    X, T = logic_gate("XOR")
    rows = []
    for seed in seeds:
        net = Perceptron(2, 3, 1, seed=seed, init=init)
        t0 = time.perf_counter()
        result = train(net, (X, T), iterations=100_000, error=0.005, seed=seed, **settings)
        elapsed = time.perf_counter() - t0
        solved = result.reached_target and bool(np.all((net.forward(X) > 0.5) == (T > 0.5)))
        rows.append((solved, result.epochs, elapsed))
    return rows


def steps_per_second(sizes, seeds=range(10), patterns=1000, epochs=3):
    rates = []
    for seed in seeds:
        rng = np.random.default_rng(seed)
        X = rng.uniform(-1, 1, size=(patterns, sizes[0]))
        T = rng.uniform(0, 1, size=(patterns, sizes[-1]))
        net = Perceptron(*sizes, seed=seed)
        t0 = time.perf_counter()
        train(net, (X, T), rate=0.1, iterations=epochs, error=0.0, batch_size=1)
        rates.append(patterns * epochs / (time.perf_counter() - t0))
    return statistics.median(rates)


def main() -> None:
    for label, settings, init in [("best (CE, full batch, rate 2, momentum 0.9, xavier init)", BEST, "xavier"),
                                  ("Synaptic's settings (MSE, online, rate 0.2, shuffle)", SYNAPTIC, "synaptic")]:
        rows = xor_time_to_solve(settings, init)
        solved = sum(r[0] for r in rows)
        print(f"XOR 2-3-1, {label}: solved {solved}/10, median {statistics.median(r[1] for r in rows):.0f} epochs, "
              f"median {statistics.median(r[2] for r in rows) * 1e3:.1f} ms")
    for sizes, synaptic in [((2, 3, 1), 5.1e6), ((64, 128, 10), 370.0)]:
        rate = steps_per_second(sizes)
        print(f"online steps/s Perceptron{sizes}: {rate:,.0f} ({rate / synaptic:.2f}x Synaptic's {synaptic:,.0f})")


if __name__ == "__main__":
    main()
