"""Notebook 09's claims over many seeds: an LSTM solves notebook-sized recall, the Elman RNN of the same
size does not; and what the peepholes change.  Run from the repository root:

    python bench/bench_notebook09.py                      # the notebook's settings, seeds 0-9 (a few minutes)
    python bench/bench_notebook09.py --seeds 0 1 2        # fewer seeds
    python bench/bench_notebook09.py --only lstm rnn      # some of the models
    python bench/bench_notebook09.py --search             # the search that chose the settings (long)
    python bench/bench_notebook09.py --only rnn --rates 0.001 0.002 0.005 0.01 --epochs 45
                                                          # any model with other rates, a longer budget

The task (math.md §7.2) is Synaptic's demo alphabet — targets 2 and 4, distractors 3 and 5, prompts 0
and 1, so 6 inputs and 2 outputs — with longer trials (``LENGTH`` steps, so lags up to ``LENGTH − 2``).
Every run trains with ``nnteach.train`` exactly as notebook 09 does (cross-entropy, batch 4,
momentum 0.9, gradient clip 5, shuffled, ``init="xavier"``), checks the held-out score (1000 trials of a
seed no training set uses, ``nnteach.scoring.recall_score``, learning off) after every epoch, and stops at
``GOAL`` or at the epoch cap.  Training data and initial weights come from the run's seed, as in the
notebook (the notebook uses seed ``NOTEBOOK_SEED``).

Models (the notebook's settings in ``MODELS``):

* ``lstm``        — ``LSTM(6, 8, 2)`` with peepholes, ``forget_bias=1.0``, at its rate;
* ``lstm-nopeep`` — the same without peepholes, from the same initial weights (the peephole LSTM's
                    peepholes start at 0, so both start as the same function) and the same data;
* ``rnn``         — the Elman ``RNN(6, 8, 2)``: as many hidden units as the LSTM has cells, at the
                    rate that suited it best in the search;
* ``rnn-params``  — an Elman ``RNN(6, 19, 2)`` with about as many parameters as the LSTM (534 against 522),
                    at its best rate in the search (the honest second comparison).

BLAS threads: as bench_sequence_tasks.py, the script sets ``OPENBLAS_NUM_THREADS=1`` when run as a script
(unless it is set): the matrices are tiny.  Epoch counts of these chaotic runs can depend on it.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

if __name__ == "__main__" and "OPENBLAS_NUM_THREADS" not in os.environ and "OMP_NUM_THREADS" not in os.environ:
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nnteach import LSTM, RNN, train  # noqa: E402
from nnteach.datasets import distracted_recall  # noqa: E402
from nnteach.scoring import recall_score  # noqa: E402

# -- the settings of notebook 09 (keep in sync with tools/notebook_sources/09_lstm.py) -----------------
ALPHABET = dict(targets=(2, 4), distractors=(3, 5), prompts=(0, 1))
LENGTH = 20
TRAIN_TRIALS = 1000
HELD_OUT_TRIALS = 1000
HELD_OUT_SEED = 999_999
NOTEBOOK_SEED = 1
EPOCHS = 15
GOAL = 0.95
TRAINING = dict(cost="cross_entropy", batch_size=4, momentum=0.9, clip=5.0, shuffle=True)

def lstm(seed: int, size: int = 8, forget_bias: float = 1.0, peepholes: bool = True) -> LSTM:
    """The notebook's LSTM; without peepholes it starts from the peephole LSTM's initial weights (its
    peepholes start at 0 with init="xavier", so both compute the same function until training moves them)."""
    net = LSTM(6, size, 2, seed=seed, init="xavier", forget_bias=forget_bias)
    if peepholes:
        return net
    plain = LSTM(6, size, 2, peepholes=False, seed=seed, init="xavier", forget_bias=forget_bias)
    for name in plain.params:
        plain.params[name][...] = net.params[name]
    return plain


MODELS = {
    "lstm": dict(make=lambda seed, **kw: lstm(seed, **kw), rate=0.01),
    "lstm-nopeep": dict(make=lambda seed, **kw: lstm(seed, peepholes=False, **kw), rate=0.01),
    "rnn": dict(make=lambda seed, **kw: RNN(6, kw.get("size", 8), 2, seed=seed, init="xavier"), rate=0.005),
    "rnn-params": dict(make=lambda seed, **kw: RNN(6, kw.get("size", 19), 2, seed=seed, init="xavier"),
                       rate=0.005),
}


@dataclass
class Run:
    model: str
    label: str
    seed: int
    solved_at: int | None     # first epoch with a held-out score >= GOAL (None: not within the cap)
    epochs: int
    score: float              # held-out score when training stopped
    best: float               # best held-out score seen at a check
    seconds: float            # training time without the held-out checks
    scores: list


def rate_name(rate) -> str:
    return getattr(rate, "__name__", None) or f"{rate:g}"


def decaying(rate0: float, every: float):
    """The learning rate ``rate0 / (1 + epoch / every)``."""
    def rate(epoch: int) -> float:
        return rate0 / (1.0 + epoch / every)
    rate.__name__ = f"{rate0:g}/(1+epoch/{every:g})"
    return rate


def trials(n: int, seed: int, length: int = LENGTH):
    return distracted_recall(n, length=length, seed=seed, **ALPHABET)


def run(model: str, seed: int, *, rate: float | None = None, epochs: int = EPOCHS, length: int = LENGTH,
        train_trials: int = TRAIN_TRIALS, goal: float | None = GOAL, held_out=None, **kw) -> Run:
    """Train one model from one seed as notebook 09 does; held-out score after every epoch."""
    cfg = MODELS[model]
    rate = cfg["rate"] if rate is None else rate
    net = cfg["make"](seed, **kw)
    data = trials(train_trials, seed, length)
    held_out = trials(HELD_OUT_TRIALS, HELD_OUT_SEED, length) if held_out is None else held_out
    scores: list[float] = []
    spent = {"checks": 0.0}

    def check(info) -> bool:
        t0 = time.perf_counter()
        scores.append(recall_score(info["model"], held_out).score)
        spent["checks"] += time.perf_counter() - t0
        return goal is not None and scores[-1] >= goal

    t0 = time.perf_counter()
    result = train(net, data.data, rate=rate, iterations=epochs, error=0, seed=seed, callback=check, **TRAINING)
    seconds = time.perf_counter() - t0 - spent["checks"]
    solved_at = next((k + 1 for k, s in enumerate(scores) if s >= GOAL), None)
    sizes = ", ".join(str(v) for k, v in net.config().items() if k in ("N", "M", "H", "K"))
    extra = "" if getattr(net, "peepholes", True) else " without peepholes"
    label = f"{type(net).__name__}({sizes}){extra}, rate {rate_name(rate)}"
    return Run(model, label, seed, solved_at, result.epochs, scores[-1], max(scores), seconds, scores)


def summarize(runs: list[Run]) -> str:
    solved = [r for r in runs if r.solved_at is not None]
    epochs = sorted(r.solved_at for r in solved)
    mean_s = sum(r.seconds for r in runs) / len(runs)
    text = (f"{runs[0].model} ({runs[0].label}): goal {GOAL} reached on {len(solved)} of {len(runs)} seeds"
            + (f" (epochs {', '.join(map(str, epochs))})" if epochs else "")
            + f"; final held-out scores {', '.join(f'{r.score:.3f}' for r in runs)}; "
              f"mean training time {mean_s:.1f} s")
    return text


def print_runs(runs: list[Run]) -> None:
    print("| model | seed | goal reached at epoch | epochs run | held-out score | best | training s | "
          "score after each epoch |")
    print("|---|---|---|---|---|---|---|---|")
    for r in runs:
        print(f"| {r.label} | {r.seed} | {r.solved_at or '—'} | {r.epochs} | {r.score:.3f} | {r.best:.3f} | "
              f"{r.seconds:.1f} | {' '.join(f'{s:.2f}' for s in r.scores)} |")


# -- the search that chose the settings (bench/README.md) ---------------------------------------------------
SEARCH = [
    # (model, size, rates, lengths, forget_bias)
    ("lstm", 8, (0.01, 0.02, 0.03), (20, 25), 1.0),
    ("lstm", 8, (0.02,), (20,), 2.0),
    ("rnn", 8, (0.001, 0.002, 0.005, 0.01, 0.02), (20, 25), None),
    ("rnn-params", 19, (0.001, 0.002, 0.005, 0.01), (20,), None),
]


def search(seeds: list[int], epochs: int) -> None:
    for model, size, rates, lengths, fb in SEARCH:
        for length in lengths:
            held_out = trials(HELD_OUT_TRIALS, HELD_OUT_SEED, length)
            for rate in rates:
                kw = {"size": size} if fb is None else {"size": size, "forget_bias": fb}
                runs = [run(model, s, rate=rate, epochs=epochs, length=length, held_out=held_out, **kw)
                        for s in seeds]
                extra = "" if fb is None else f", forget_bias {fb:g}"
                print(f"length {length}{extra}: {summarize(runs)}", flush=True)


def main(argv: list[str] | None = None) -> list[Run]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=list(MODELS), default=list(MODELS))
    parser.add_argument("--seeds", nargs="+", type=int, default=list(range(10)))
    parser.add_argument("--epochs", type=int, default=EPOCHS, help=f"epoch cap (default {EPOCHS}, the notebook's)")
    parser.add_argument("--rates", nargs="+", type=float, default=None,
                        help="run each selected model with each of these rates instead of its own")
    parser.add_argument("--no-stop", action="store_true", help="train to the cap even after the goal")
    parser.add_argument("--search", action="store_true", help="the search of bench/README.md (long)")
    args = parser.parse_args(argv)
    if args.search:
        search(args.seeds, args.epochs)
        return []
    held_out = trials(HELD_OUT_TRIALS, HELD_OUT_SEED)
    everything, summaries = [], []
    for model in args.only:
        for rate in args.rates or [MODELS[model]["rate"]]:
            runs = []
            for seed in args.seeds:
                r = run(model, seed, rate=rate, epochs=args.epochs, held_out=held_out,
                        goal=None if args.no_stop else GOAL)
                runs.append(r)
                print(f"{r.label} seed {seed}: {'reached' if r.solved_at else 'NOT reached'} {GOAL} "
                      f"{'at epoch ' + str(r.solved_at) if r.solved_at else ''}; held-out {r.score:.3f} after "
                      f"{r.epochs} epochs ({r.seconds:.1f} s)", flush=True)
            everything += runs
            summaries.append(summarize(runs))
    print()
    print_runs(everything)
    print()
    for s in summaries:
        print(s)
    return everything


if __name__ == "__main__":
    main()
