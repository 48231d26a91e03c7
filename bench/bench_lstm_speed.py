"""Speed of one LSTM training step: nnteach (numpy, float64) against PyTorch on the CPU.

Run: ``python bench/bench_lstm_speed.py [--repeats 200]``.

One step = forward pass over a batch of sequences, the loss (logistic readout +
cross-entropy summed over steps and outputs, mean over sequences), full BPTT, and a
plain SGD update of every parameter.  Sizes: N=8 inputs, M=32 cells, K=8 outputs,
T=50 steps, B=32 sequences.  Reported: the median over many repetitions.

* nnteach ``LSTM`` with and without peepholes (float64).
* ``torch.nn.LSTM`` + ``torch.nn.Linear`` readout + sigmoid / binary cross-entropy +
  ``torch.optim.SGD`` (no peepholes in torch: compare it with nnteach's
  ``peepholes=False``), in float32 (torch's default) and float64.

PyTorch is only needed for this benchmark, never by the package.  If it is missing the
script says so and exits with status 0.  (Install it with ``pip install torch``.)
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nnteach import LSTM  # noqa: E402

N, M, K, T, B = 8, 32, 8, 50, 32
RATE = 0.1


def make_data(seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(B, T, N))
    Y = (rng.uniform(size=(B, T, K)) < 0.5).astype(float)
    return X, Y


def median_time(step, repeats: int, warmup: int = 5) -> float:
    for _ in range(warmup):
        step()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def nnteach_step_time(peepholes: bool, repeats: int) -> float:
    X, Y = make_data()
    model = LSTM(N, M, K, peepholes=peepholes, seed=0)
    params = model.params

    def step():
        _, grads = model._loss_and_grads(X, Y, "cross_entropy")   # what nnteach.train calls
        for k, p in params.items():
            g = grads[k]
            g *= RATE
            p -= g

    return median_time(step, repeats)


def torch_step_time(torch, dtype, repeats: int) -> float:
    X, Y = make_data()
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(N, M, batch_first=True).to(dtype)
    readout = torch.nn.Linear(M, K).to(dtype)
    opt = torch.optim.SGD(list(lstm.parameters()) + list(readout.parameters()), lr=RATE)
    x = torch.tensor(X, dtype=dtype)
    y = torch.tensor(Y, dtype=dtype)

    def step():
        opt.zero_grad()
        h, _ = lstm(x)
        p = torch.sigmoid(readout(h))
        loss = torch.nn.functional.binary_cross_entropy(p, y, reduction="sum") / B
        loss.backward()
        opt.step()

    return median_time(step, repeats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200, help="timed repetitions per variant")
    args = parser.parse_args()
    print(f"one training step, N={N} M={M} K={K} T={T} B={B}; median of {args.repeats} repetitions")
    nn_peep = nnteach_step_time(True, args.repeats)
    nn_plain = nnteach_step_time(False, args.repeats)
    print(f"nnteach LSTM float64, peepholes=True : {nn_peep * 1e3:7.2f} ms")
    print(f"nnteach LSTM float64, peepholes=False: {nn_plain * 1e3:7.2f} ms")
    try:
        import torch
    except ImportError:
        print("PyTorch is not installed: skipping the comparison (pip install torch to run it).")
        return
    print(f"torch {torch.__version__}, {torch.get_num_threads()} intra-op threads")
    t32 = torch_step_time(torch, torch.float32, args.repeats)
    t64 = torch_step_time(torch, torch.float64, args.repeats)
    print(f"torch nn.LSTM float32 (no peepholes)  : {t32 * 1e3:7.2f} ms")
    print(f"torch nn.LSTM float64 (no peepholes)  : {t64 * 1e3:7.2f} ms")
    print(f"ratio nnteach(no peepholes) / torch float32: {nn_plain / t32:.2f}  (target <= 1.5)")
    print(f"ratio nnteach(no peepholes) / torch float64: {nn_plain / t64:.2f}")
    print(f"ratio nnteach(peepholes)    / torch float32: {nn_peep / t32:.2f}")


if __name__ == "__main__":
    main()
