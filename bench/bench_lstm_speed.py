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

BLAS threads: unless ``OPENBLAS_NUM_THREADS`` (or ``OMP_NUM_THREADS``) is already set, this
script sets ``OPENBLAS_NUM_THREADS=1`` before importing numpy.  The matrices of one step are
small (32 x 128), and on a small machine shared with other work a multi-threaded BLAS waits
for descheduled threads: measured here, a step then took about 3x longer.  Set the variable
yourself to measure another setting.  torch keeps its own default thread count (printed),
and is also timed with one thread.

The variants take turns repetition by repetition, so background load slows them alike;
the median and the best time are printed (the best is the least disturbed by other work).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

if "OPENBLAS_NUM_THREADS" not in os.environ and "OMP_NUM_THREADS" not in os.environ:
    os.environ["OPENBLAS_NUM_THREADS"] = "1"   # before numpy is imported (see the docstring)

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nnteach import LSTM  # noqa: E402

N, M, K, T, B = 8, 32, 8, 50, 32
RATE = 0.1


def make_data(seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(B, T, N))
    Y = (rng.uniform(size=(B, T, K)) < 0.5).astype(float)
    return X, Y


def interleaved_times(steps: dict, repeats: int, warmup: int = 5) -> dict:
    """Time every step function ``repeats`` times, taking turns (A, B, C, A, B, C, …), so that
    a machine shared with other work slows every variant alike.  Returns the list of times."""
    for step in steps.values():
        for _ in range(warmup):
            step()
    times = {name: [] for name in steps}
    for _ in range(repeats):
        for name, step in steps.items():
            t0 = time.perf_counter()
            step()
            times[name].append(time.perf_counter() - t0)
    return times


def nnteach_step(peepholes: bool):
    X, Y = make_data()
    model = LSTM(N, M, K, peepholes=peepholes, seed=0)
    params = model.params

    def step():
        _, grads = model._loss_and_grads(X, Y, "cross_entropy")   # what nnteach.train calls
        for k, p in params.items():
            g = grads[k]
            g *= RATE
            p -= g

    return step


def torch_step(torch, dtype, threads: int | None = None):
    X, Y = make_data()
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(N, M, batch_first=True).to(dtype)
    readout = torch.nn.Linear(M, K).to(dtype)
    opt = torch.optim.SGD(list(lstm.parameters()) + list(readout.parameters()), lr=RATE)
    x = torch.tensor(X, dtype=dtype)
    y = torch.tensor(Y, dtype=dtype)

    def step():
        if threads is not None:
            before = torch.get_num_threads()
            torch.set_num_threads(threads)
        opt.zero_grad()
        h, _ = lstm(x)
        p = torch.sigmoid(readout(h))
        loss = torch.nn.functional.binary_cross_entropy(p, y, reduction="sum") / B
        loss.backward()
        opt.step()
        if threads is not None:
            torch.set_num_threads(before)

    return step


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=100, help="timed repetitions per variant")
    args = parser.parse_args()
    print(f"one training step, N={N} M={M} K={K} T={T} B={B}; {args.repeats} interleaved repetitions")
    print(f"numpy {np.__version__}; OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}; {os.cpu_count()} CPUs")
    steps = {"nnteach LSTM float64, peepholes=True": nnteach_step(True),
             "nnteach LSTM float64, peepholes=False": nnteach_step(False)}
    try:
        import torch
    except ImportError:
        torch = None
        print("PyTorch is not installed: timing nnteach only (pip install torch to compare).")
    if torch is not None:
        print(f"torch {torch.__version__}, {torch.get_num_threads()} intra-op threads")
        steps["torch nn.LSTM float32 (no peepholes)"] = torch_step(torch, torch.float32)
        steps["torch nn.LSTM float64 (no peepholes)"] = torch_step(torch, torch.float64)
        steps["torch nn.LSTM float32, 1 thread"] = torch_step(torch, torch.float32, threads=1)
    times = interleaved_times(steps, args.repeats)
    med = {k: statistics.median(v) for k, v in times.items()}
    best = {k: min(v) for k, v in times.items()}
    for name in steps:
        print(f"{name:<40}: median {med[name] * 1e3:7.2f} ms   best {best[name] * 1e3:7.2f} ms")
    if torch is None:
        return
    plain, peep = "nnteach LSTM float64, peepholes=False", "nnteach LSTM float64, peepholes=True"
    t32, t64 = "torch nn.LSTM float32 (no peepholes)", "torch nn.LSTM float64 (no peepholes)"
    print(f"ratio nnteach (no peepholes) / torch float32: median {med[plain] / med[t32]:.2f}, "
          f"best {best[plain] / best[t32]:.2f}   (target <= 1.5)")
    print(f"ratio nnteach (no peepholes) / torch float64: median {med[plain] / med[t64]:.2f}, "
          f"best {best[plain] / best[t64]:.2f}")
    print(f"ratio nnteach (peepholes)    / torch float32: median {med[peep] / med[t32]:.2f}, "
          f"best {best[peep] / best[t32]:.2f}")
    t1 = "torch nn.LSTM float32, 1 thread"
    print(f"ratio nnteach (no peepholes) / torch float32 1 thread: median {med[plain] / med[t1]:.2f}, "
          f"best {best[plain] / best[t1]:.2f}")


if __name__ == "__main__":
    main()
