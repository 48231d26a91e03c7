"""Which ``train`` settings suit the sequence models: the numbers the docstrings of RNN, LSTM and train cite.

Run from the repository root (about a minute on a quiet 2-core machine)::

    python bench/sequence_settings.py

The task is small recall, Synaptic's demo size of distracted sequence recall (math.md §7.2;
:func:`nnteach.datasets.synaptic_demo_recall`: 6 symbols, 10 steps, 2 outputs): 500 training
trials, 20 epochs, then the held-out score of :func:`nnteach.scoring.recall_score` on 1000 other
trials (the fraction answered fully correctly at both prompts), for seeds 0, 1, 2.  Each model is
trained twice: with ``train``'s defaults (Synaptic's: rate 0.2, online, MSE) and with the settings
the docstrings recommend for sequences (cross-entropy, batches of 4, momentum 0.9, gradient clipping,
shuffling; a small rate, smaller for the Elman network; Xavier initial weights, and for the LSTM
a forget-gate bias of 1).  The scores do not depend on the machine; the seconds do.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

if __name__ == "__main__" and "OPENBLAS_NUM_THREADS" not in os.environ and "OMP_NUM_THREADS" not in os.environ:
    os.environ["OPENBLAS_NUM_THREADS"] = "1"      # tiny matrices: one BLAS thread is fastest
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nnteach import LSTM, RNN, train  # noqa: E402
from nnteach.datasets import synaptic_demo_recall  # noqa: E402
from nnteach.scoring import recall_score  # noqa: E402

SEQUENCES = dict(cost="cross_entropy", batch_size=4, momentum=0.9, clip=5.0, shuffle=True)

#: (name, model factory, train options): defaults against the recommended settings.
RUNS = [
    ("LSTM(6, 8, 2), train's defaults", lambda seed: LSTM(6, 8, 2, seed=seed), {}),
    ("LSTM(6, 8, 2), sequence settings, rate 0.05",
     lambda seed: LSTM(6, 8, 2, seed=seed, init="xavier", forget_bias=1.0), dict(SEQUENCES, rate=0.05)),
    ("RNN(6, 20, 2), train's defaults", lambda seed: RNN(6, 20, 2, seed=seed), {}),
    ("RNN(6, 20, 2), sequence settings, rate 0.01",
     lambda seed: RNN(6, 20, 2, seed=seed, init="xavier"), dict(SEQUENCES, rate=0.01)),
]


def main(seeds=(0, 1, 2), epochs: int = 20) -> None:
    train_set = synaptic_demo_recall(500, seed=1000)
    held_out = synaptic_demo_recall(1000, seed=7)
    print(f"small recall (6 symbols, 10 steps): 500 training trials, {epochs} epochs; "
          f"held-out score on 1000 trials, seeds {', '.join(map(str, seeds))}")
    print("| model and settings | held-out scores | seconds per run |")
    print("|---|---|---|")
    for name, make, options in RUNS:
        scores, seconds = [], []
        for seed in seeds:
            model = make(seed)
            start = time.perf_counter()
            train(model, train_set.data, iterations=epochs, error=0, seed=seed, **options)
            seconds.append(time.perf_counter() - start)
            scores.append(recall_score(model, held_out).score)
        print(f"| {name} | {' '.join(f'{s:.3f}' for s in scores)} | {sum(seconds) / len(seconds):.1f} |", flush=True)


if __name__ == "__main__":
    main()
