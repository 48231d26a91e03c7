"""Speed of one LSTM training step: nnteach (numpy, float64) against PyTorch on the CPU.

Run: ``python bench/bench_lstm_speed.py [--repeats 100]``.

One step = forward pass over a batch of sequences, the loss (logistic readout +
cross-entropy summed over steps and outputs, mean over sequences), full BPTT, and a
plain SGD update of every parameter.  Sizes: N=8 inputs, M=32 cells, K=8 outputs,
T=50 steps, B=32 sequences.  Reported: the median and the best of many repetitions.

* nnteach ``LSTM`` with and without peepholes (float64).
* ``torch.nn.LSTM`` + ``torch.nn.Linear`` readout + sigmoid / binary cross-entropy +
  ``torch.optim.SGD`` (no peepholes in torch: compare it with nnteach's
  ``peepholes=False``), in float32 (torch's default) and float64.

PyTorch is only needed for this benchmark, never by the package.  If it is missing the
script says so and exits with status 0.  (Install a CPU build of PyTorch to run it.)

BLAS threads: unless ``OPENBLAS_NUM_THREADS`` (or ``OMP_NUM_THREADS``) is already set, this
script sets ``OPENBLAS_NUM_THREADS=1`` before importing numpy.  The matrices of one step are
small (32 x 128), and on a small machine shared with other work a multi-threaded BLAS waits
for descheduled threads: measured here, the median step then took up to 3x longer.  Set the
variable yourself to measure another setting.  torch is timed with its own default thread
count (printed), then again with one thread.

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
        _, grads = model.loss_and_grads_unchecked(X, Y, "cross_entropy")   # what nnteach.train calls
        for k, p in params.items():
            g = grads[k]
            g *= RATE
            p -= g

    return step


def torch_step(torch, dtype):
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

    return step


def report(steps: dict, repeats: int) -> tuple[dict, dict]:
    """Time ``steps`` interleaved; print and return the median and best time of each."""
    times = interleaved_times(steps, repeats)
    med = {k: statistics.median(v) for k, v in times.items()}
    best = {k: min(v) for k, v in times.items()}
    for name in steps:
        print(f"  {name:<40}: median {med[name] * 1e3:7.2f} ms   best {best[name] * 1e3:7.2f} ms")
    return med, best


def ratio(med: dict, best: dict, a: str, b: str, note: str = "") -> None:
    print(f"  ratio {a} / {b}: median {med[a] / med[b]:.2f}, best {best[a] / best[b]:.2f}{note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=100, help="timed repetitions per variant")
    args = parser.parse_args()
    print(f"one training step, N={N} M={M} K={K} T={T} B={B}; {args.repeats} interleaved repetitions")
    print(f"numpy {np.__version__}; OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}; {os.cpu_count()} CPUs")
    peep, plain = "nnteach peepholes=True", "nnteach peepholes=False"
    steps = {peep: nnteach_step(True), plain: nnteach_step(False)}
    try:
        import torch
    except ImportError:
        print("PyTorch is not installed: timing nnteach only (pip install torch to compare).")
        report(steps, args.repeats)
        return
    threads = torch.get_num_threads()
    t32, t64 = "torch float32", "torch float64"
    print(f"torch {torch.__version__} (nn.LSTM, no peepholes), {threads} intra-op threads (its default):")
    steps[t32] = torch_step(torch, torch.float32)
    steps[t64] = torch_step(torch, torch.float64)
    med, best = report(steps, args.repeats)
    ratio(med, best, plain, t32, "   (target <= 1.5)")
    ratio(med, best, plain, t64)
    ratio(med, best, peep, t32)
    if threads != 1:
        torch.set_num_threads(1)
        print("torch with 1 intra-op thread (as nnteach's BLAS here):")
        med, best = report({plain: steps[plain], t32: torch_step(torch, torch.float32)}, args.repeats)
        ratio(med, best, plain, t32)


if __name__ == "__main__":
    main()
