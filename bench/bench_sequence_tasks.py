"""Long-lag benchmarks for the recurrent core (issue: recurrent core).  Run from the repository root:

    python bench/bench_sequence_tasks.py                          # everything, seeds 0-4 (minutes)
    python bench/bench_sequence_tasks.py --task dsr --seeds 0 1   # a subset

Tasks (math.md §7.2, §7.3), each trained with ``nnteach.train`` on batches of sequences and scored on
held-out data by ``nnteach.scoring`` (forward passes only, learning off):

* ``dsr``     — an LSTM on full-size distracted sequence recall (10 symbols, 24 steps, 4 outputs).
                Goal: >= 95 % of 1000 held-out trials fully correct (every output on the right side
                of 0.5 at both prompts).
* ``erg``     — an LSTM on the embedded Reber grammar, trained on set targets (the multi-hot legal
                successors, Hochreiter & Schmidhuber 1997).  Goal: >= 95 % of 1000 held-out strings
                with every prediction legal (all legal successors above all illegal symbols at every
                step, the long-range penultimate step included).
* ``rnn-dsr`` — an Elman RNN with as many parameters as the DSR LSTM (H = 52: 3 488 against 3 532),
                the same data and budget, and exactly the LSTM's training settings.
* ``rnn-dsr-tuned`` — the same Elman RNN with the rate that suits it (0.002): measured, it solves the
                full-size task too (bench/README.md), so this benchmark does NOT show an LSTM advantage
                on 24-step recall once each model gets its own rate.
* ``dsr-demo``, ``rnn-dsr-demo`` — Synaptic's demo size (6 symbols, 10 steps, 2 outputs):
                ``LSTM(6, 8, 2)`` and ``RNN(6, 20, 2)`` (rate 0.005); seconds, for a notebook.

Each run has a budget: the held-out score is checked every ``check`` epochs and training stops when
it reaches 0.95, or at the epoch cap, or when ``--max-seconds`` have passed.  The table printed at the
end has, per seed: whether the goal was reached, epochs, training sequences seen, wall time, the
held-out score and its parts.  Training data come from seed ``1000 + seed``, held-out data from a
fixed seed that no training set uses; the network's initial weights and the shuffling use ``seed``.

BLAS threads: unless ``OPENBLAS_NUM_THREADS`` or ``OMP_NUM_THREADS`` is set, the script sets
``OPENBLAS_NUM_THREADS=1`` before numpy is imported (the matrices are tiny; on a small shared machine
extra BLAS threads only wait for each other — see bench_lstm_speed.py).  A different thread count can
change the order of floating-point sums and so, in these chaotic runs, the epoch counts.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

if "OPENBLAS_NUM_THREADS" not in os.environ and "OMP_NUM_THREADS" not in os.environ:
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nnteach import train  # noqa: E402
from nnteach.datasets import distracted_recall, reber_data, synaptic_demo_recall  # noqa: E402
from nnteach.lstm import LSTM  # noqa: E402
from nnteach.rnn import RNN  # noqa: E402
from nnteach.scoring import recall_score, reber_score  # noqa: E402

GOAL = 0.95
HELD_OUT_SEED = 999_999



def decaying(rate0: float, halve_after: float):
    """Learning rate ``rate0 / (1 + epoch / halve_after)``: halved after ``halve_after`` epochs."""
    def rate(epoch: int) -> float:
        return rate0 / (1.0 + epoch / halve_after)
    rate.__name__ = f"{rate0:g}/(1+epoch/{halve_after:g})"
    return rate


# Settings found by a small search (see bench/README.md).  Loss: cross-entropy, summed over the
# steps of a sequence, mean over the batch; plain gradient descent with momentum and per-array
# gradient-norm clipping.
TASKS = {
    "dsr": dict(model=lambda seed: LSTM(10, 24, 4, seed=seed, init="xavier", forget_bias=1.0),
                train_size=2000, rate=decaying(0.02, 20), batch_size=4, momentum=0.9, clip=5.0, epochs=60,
                check=2),
    "erg": dict(model=lambda seed: LSTM(7, 16, 7, seed=seed, init="xavier", forget_bias=1.0),
                train_size=1000, rate=0.05, batch_size=4, momentum=0.9, clip=5.0, epochs=30, check=1),
    # H = 52 matches the DSR LSTM's size in parameters: 3 488 against 3 532.  First with exactly the
    # LSTM's settings, then with the rate that suits the Elman network (found by a search, README).
    "rnn-dsr": dict(model=lambda seed: RNN(10, 52, 4, seed=seed, init="xavier"),
                    train_size=2000, rate=decaying(0.02, 20), batch_size=4, momentum=0.9, clip=5.0, epochs=60,
                    check=2),
    "rnn-dsr-tuned": dict(model=lambda seed: RNN(10, 52, 4, seed=seed, init="xavier"),
                          train_size=2000, rate=0.002, batch_size=4, momentum=0.9, clip=5.0, epochs=60, check=2),
    # Synaptic's demo size (6 symbols, 10 steps): what a 30-second notebook can show.
    "dsr-demo": dict(model=lambda seed: LSTM(6, 8, 2, seed=seed, init="xavier", forget_bias=1.0),
                     train_size=1000, rate=decaying(0.05, 20), batch_size=4, momentum=0.9, clip=5.0, epochs=40,
                     check=1),
    # H = 20: 582 parameters against the demo LSTM's 522.
    "rnn-dsr-demo": dict(model=lambda seed: RNN(6, 20, 2, seed=seed, init="xavier"),
                         train_size=1000, rate=0.005, batch_size=4, momentum=0.9, clip=5.0, epochs=40, check=1),
}


@dataclass
class Row:
    task: str
    seed: int
    solved: bool
    epochs: int
    sequences: int
    seconds: float
    score: float
    detail: str


def make_data(task: str, seed: int, size: int):
    """Training data (list of pairs or arrays), held-out data and the scorer for ``task``."""
    if task.endswith("dsr") or task.endswith("dsr-tuned"):
        train_set = distracted_recall(size, seed=1000 + seed)
        held_out = distracted_recall(1000, seed=HELD_OUT_SEED)
        return train_set.data, held_out, recall_score
    if task.endswith("dsr-demo"):
        train_set = synaptic_demo_recall(size, seed=1000 + seed)
        held_out = synaptic_demo_recall(1000, seed=HELD_OUT_SEED)
        return train_set.data, held_out, recall_score
    assert task == "erg", task
    train_set = reber_data(size, embedded=True, targets="legal", seed=1000 + seed)
    held_out = reber_data(1000, embedded=True, seed=HELD_OUT_SEED)
    return train_set.pairs, held_out, reber_score


def run(task: str, seed: int, max_seconds: float, verbose: bool) -> Row:
    cfg = TASKS[task]
    net = cfg["model"](seed)
    data, held_out, scorer = make_data(task, seed, cfg["train_size"])
    start = time.perf_counter()
    last = {"score": None}

    def check(info) -> bool:
        s = scorer(info["model"], held_out)
        last["score"] = s
        if verbose:
            print(f"  {task} seed {seed} epoch {info['epoch']:3d}: held-out {s}  "
                  f"({time.perf_counter() - start:.0f} s)", flush=True)
        return s.score >= GOAL or time.perf_counter() - start > max_seconds

    result = train(net, data, rate=cfg["rate"], iterations=cfg["epochs"], error=0, cost="cross_entropy",
                   batch_size=cfg["batch_size"], momentum=cfg["momentum"], clip=cfg["clip"], shuffle=True,
                   seed=seed, callback=check, every=cfg["check"])
    seconds = time.perf_counter() - start
    final = scorer(net, held_out)                   # the model as it is now, whatever stopped training
    detail = ", ".join(f"{k} {v:.3f}" for k, v in final.parts.items())
    if scorer is recall_score:                      # how far from chance: argmax at both prompts
        detail += f"; argmax rule {recall_score(net, held_out, rule='argmax').score:.3f}"
    return Row(task=task, seed=seed, solved=final.score >= GOAL,
               epochs=result.epochs, sequences=result.epochs * cfg["train_size"], seconds=seconds,
               score=final.score, detail=detail)


def print_table(rows: list[Row]) -> None:
    print()
    print("| task | seed | goal reached | epochs | sequences seen | wall time (s) | held-out score | parts |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r.task} | {r.seed} | {'yes' if r.solved else 'no'} | {r.epochs} | {r.sequences:,} | "
              f"{r.seconds:.1f} | {r.score:.3f} | {r.detail} |")
    for task in dict.fromkeys(r.task for r in rows):
        mine = [r for r in rows if r.task == task]
        print(f"{task}: goal reached by {sum(r.solved for r in mine)} of {len(mine)} seeds")


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description="Long-lag benchmarks: an LSTM on distracted sequence recall "
                                     "(dsr) and the embedded Reber grammar (erg); an Elman RNN of the same "
                                     "size on recall (rnn-dsr, rnn-dsr-tuned); both on Synaptic's demo size.")
    parser.add_argument("--task", nargs="+", choices=list(TASKS), default=list(TASKS))
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2, 3, 4])
    parser.add_argument("--max-seconds", type=float, default=300.0,
                        help="stop a run at the next check after this many seconds (default 300)")
    parser.add_argument("--quiet", action="store_true",
                        help="no progress line at every check (the per-run summary and the table remain)")
    args = parser.parse_args(argv)
    rows = []
    for task in args.task:
        cfg = TASKS[task]
        rate = getattr(cfg["rate"], "__name__", cfg["rate"])
        print(f"{task}: {cfg['model'](0)!r}; {cfg['train_size']} training sequences per epoch, rate "
              f"{rate}, batch {cfg['batch_size']}, momentum {cfg['momentum']}, clip {cfg['clip']}, "
              f"cap {cfg['epochs']} epochs", flush=True)
        for seed in args.seeds:
            row = run(task, seed, args.max_seconds, verbose=not args.quiet)
            rows.append(row)
            print(f"{task} seed {seed}: {'reached' if row.solved else 'NOT reached'} {row.score:.3f} after "
                  f"{row.epochs} epochs ({row.sequences:,} sequences) in {row.seconds:.1f} s", flush=True)
    print_table(rows)
    return rows


if __name__ == "__main__":
    main()
