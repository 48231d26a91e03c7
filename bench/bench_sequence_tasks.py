"""Long-lag benchmarks for the recurrent core (issue: recurrent core).  Run from the repository root:

    python bench/bench_sequence_tasks.py                          # everything, seeds 0-4 (minutes)
    python bench/bench_sequence_tasks.py --task dsr --seeds 0 1   # a subset
    python bench/bench_sequence_tasks.py --task rnn-dsr rnn-dsr-units --rates sched 0.005 0.002 0.001
                                                                  # the Elman rate sweep (README)

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
                over a parameter-matched Elman net on 24-step recall once each gets its own rate.
* ``rnn-dsr-units`` — an Elman RNN with as many hidden units as the DSR LSTM has cells (H = 24,
                940 parameters), same data, budget and scorer; default rate 0.002, its best in the
                README's sweep (1 of 5 seeds; the LSTM 5 of 5).
* ``dsr-long``, ``rnn-dsr-units-long`` — the same two sizes, ``LSTM(10, 24, 4)`` (rate 0.005) and
                ``RNN(10, 24, 4)`` (rate 0.002), on 40-step recall (lags up to 38), same budget.
* ``dsr-demo``, ``rnn-dsr-demo`` — Synaptic's demo size (6 symbols, 10 steps, 2 outputs):
                ``LSTM(6, 8, 2)`` and ``RNN(6, 20, 2)`` (rate 0.005); seconds, for a notebook.

Each run has a budget: the held-out score is checked every ``check`` epochs and training stops when
it reaches 0.95, or at the epoch cap, or when ``--max-seconds`` have passed.  The table printed at the
end has, per seed and rate: whether the goal was reached, epochs, training sequences seen, wall time,
the held-out score and its parts.  Training data come from seed ``1000 + seed``, held-out data from a
fixed seed that no training set uses; the network's initial weights and the shuffling use ``seed``.

``--rates`` overrides each selected task's learning rate and runs every task with every rate given
(a number, or ``sched`` for the LSTM's 0.02/(1 + epoch/20)): a rate sweep with the same epoch cap,
time cap, data and scorer for every rate.

BLAS threads: unless ``OPENBLAS_NUM_THREADS`` or ``OMP_NUM_THREADS`` is set, the script (run as a
script, not when bench/run.py imports it) sets ``OPENBLAS_NUM_THREADS=1`` before numpy is imported (the
matrices are tiny; on a small shared machine extra BLAS threads only wait for each other — see the
one-thread rows of bench/RESULTS.md).  A different thread count can
change the order of floating-point sums and so, in these chaotic runs, the epoch counts.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

if __name__ == "__main__" and "OPENBLAS_NUM_THREADS" not in os.environ and "OMP_NUM_THREADS" not in os.environ:
    os.environ["OPENBLAS_NUM_THREADS"] = "1"      # run as a script only: bench/run.py imports it and sets its own
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


def parse_rate(text: str):
    """``--rates`` item: ``sched`` (the DSR LSTM's 0.02/(1 + epoch/20)) or a positive number."""
    if text == "sched":
        return decaying(0.02, 20)
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"a rate must be > 0 or 'sched'; got {text!r}")
    return value


def rate_name(rate) -> str:
    return rate.__name__ if callable(rate) else f"{rate:g}"


# Settings found by a small search (see bench/README.md).  Loss: cross-entropy, summed over the
# steps of a sequence, mean over the batch; plain gradient descent with momentum and per-array
# gradient-norm clipping.
TASKS = {
    "dsr": dict(model=lambda seed: LSTM(10, 24, 4, seed=seed, init="xavier", forget_bias=1.0),
                train_size=2000, rate=decaying(0.02, 20), batch_size=4, momentum=0.9, clip=5.0, epochs=60,
                check=2, data="dsr"),
    "erg": dict(model=lambda seed: LSTM(7, 16, 7, seed=seed, init="xavier", forget_bias=1.0),
                train_size=1000, rate=0.05, batch_size=4, momentum=0.9, clip=5.0, epochs=30, check=1,
                data="erg"),
    # H = 52 matches the DSR LSTM's size in parameters: 3 488 against 3 532.  First with exactly the
    # LSTM's settings, then with the rate that suits the Elman network (found by a search, README).
    "rnn-dsr": dict(model=lambda seed: RNN(10, 52, 4, seed=seed, init="xavier"),
                    train_size=2000, rate=decaying(0.02, 20), batch_size=4, momentum=0.9, clip=5.0, epochs=60,
                    check=2, data="dsr"),
    "rnn-dsr-tuned": dict(model=lambda seed: RNN(10, 52, 4, seed=seed, init="xavier"),
                          train_size=2000, rate=0.002, batch_size=4, momentum=0.9, clip=5.0, epochs=60, check=2,
                          data="dsr"),
    # H = 24: as many hidden units as the LSTM has cells (940 parameters): the usual "same size".
    "rnn-dsr-units": dict(model=lambda seed: RNN(10, 24, 4, seed=seed, init="xavier"),
                          train_size=2000, rate=0.002, batch_size=4, momentum=0.9, clip=5.0, epochs=60, check=2,
                          data="dsr"),
    # 40-step recall (lags up to 38), otherwise the full-size task and the same budget; each model at
    # its best full-size rate (the LSTM's constant 0.005 also solved 24 steps 5/5 and did better than
    # the schedule at 48 steps, README; 0.002 is the 24-unit Elman net's best in the sweep).
    "dsr-long": dict(model=lambda seed: LSTM(10, 24, 4, seed=seed, init="xavier", forget_bias=1.0),
                     train_size=2000, rate=0.005, batch_size=4, momentum=0.9, clip=5.0, epochs=60,
                     check=2, data="dsr", length=40),
    "rnn-dsr-units-long": dict(model=lambda seed: RNN(10, 24, 4, seed=seed, init="xavier"),
                               train_size=2000, rate=0.002, batch_size=4, momentum=0.9, clip=5.0, epochs=60,
                               check=2, data="dsr", length=40),
    # Synaptic's demo size (6 symbols, 10 steps): what a 30-second notebook can show.
    "dsr-demo": dict(model=lambda seed: LSTM(6, 8, 2, seed=seed, init="xavier", forget_bias=1.0),
                     train_size=1000, rate=decaying(0.05, 20), batch_size=4, momentum=0.9, clip=5.0, epochs=40,
                     check=1, data="dsr-demo"),
    # H = 20: 582 parameters against the demo LSTM's 522.
    "rnn-dsr-demo": dict(model=lambda seed: RNN(6, 20, 2, seed=seed, init="xavier"),
                         train_size=1000, rate=0.005, batch_size=4, momentum=0.9, clip=5.0, epochs=40, check=1,
                         data="dsr-demo"),
}


@dataclass
class Row:
    task: str
    rate: str
    seed: int
    solved: bool
    epochs: int
    sequences: int
    seconds: float
    score: float
    train_seconds: float    # wall time without the held-out checks (what train itself took)
    detail: str
    stopped: str            # "goal", "epoch cap" or "time cap"


def make_data(task: str, seed: int, size: int):
    """Training data (list of pairs or arrays), held-out data and the scorer for ``task``."""
    kind = TASKS[task]["data"]
    if kind == "dsr":
        length = TASKS[task].get("length", 24)
        train_set = distracted_recall(size, length=length, seed=1000 + seed)
        held_out = distracted_recall(1000, length=length, seed=HELD_OUT_SEED)
        return train_set.data, held_out, recall_score
    if kind == "dsr-demo":
        train_set = synaptic_demo_recall(size, seed=1000 + seed)
        held_out = synaptic_demo_recall(1000, seed=HELD_OUT_SEED)
        return train_set.data, held_out, recall_score
    assert kind == "erg", task
    train_set = reber_data(size, embedded=True, targets="legal", seed=1000 + seed)
    held_out = reber_data(1000, embedded=True, seed=HELD_OUT_SEED)
    return train_set.pairs, held_out, reber_score


def run(task: str, seed: int, max_seconds: float, verbose: bool, rate=None) -> Row:
    cfg = TASKS[task]
    rate = cfg["rate"] if rate is None else rate
    net = cfg["model"](seed)
    data, held_out, scorer = make_data(task, seed, cfg["train_size"])
    start = time.perf_counter()
    last = {"score": None, "timed_out": False, "checks": 0.0}

    def check(info) -> bool:
        t0 = time.perf_counter()
        s = scorer(info["model"], held_out)
        last["score"] = s
        if verbose:
            print(f"  {task} rate {rate_name(rate)} seed {seed} epoch {info['epoch']:3d}: held-out {s}  "
                  f"({time.perf_counter() - start:.0f} s)", flush=True)
        last["checks"] += time.perf_counter() - t0
        last["timed_out"] = time.perf_counter() - start - last["checks"] > max_seconds
        return s.score >= GOAL or last["timed_out"]

    result = train(net, data, rate=rate, iterations=cfg["epochs"], error=0, cost="cross_entropy",
                   batch_size=cfg["batch_size"], momentum=cfg["momentum"], clip=cfg["clip"], shuffle=True,
                   seed=seed, callback=check, every=cfg["check"])
    seconds = time.perf_counter() - start
    final = scorer(net, held_out)                   # the model as it is now, whatever stopped training
    detail = ", ".join(f"{k} {v:.3f}" for k, v in final.parts.items())
    if scorer is recall_score:                      # how far from chance: argmax at both prompts
        detail += f"; argmax rule {recall_score(net, held_out, rule='argmax').score:.3f}"
    solved = final.score >= GOAL
    stopped = "goal" if solved else "time cap" if last["timed_out"] else "epoch cap"
    return Row(task=task, rate=rate_name(rate), seed=seed, solved=solved,
               epochs=result.epochs, sequences=result.epochs * cfg["train_size"], seconds=seconds,
               score=final.score, train_seconds=seconds - last["checks"], detail=detail, stopped=stopped)


def print_table(rows: list[Row]) -> None:
    print()
    print("| task | rate | seed | goal reached | epochs | sequences seen | wall time (s) | held-out score "
          "| parts |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        reached = "yes" if r.solved else "no (time cap)" if r.stopped == "time cap" else "no"
        print(f"| {r.task} | {r.rate} | {r.seed} | {reached} | {r.epochs} | {r.sequences:,} | "
              f"{r.seconds:.1f} | {r.score:.3f} | {r.detail} |")
    for key in dict.fromkeys((r.task, r.rate) for r in rows):
        mine = [r for r in rows if (r.task, r.rate) == key]
        print(f"{key[0]}, rate {key[1]}: goal reached by {sum(r.solved for r in mine)} of {len(mine)} "
              f"seeds; best held-out score {max(r.score for r in mine):.3f}")


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description="Long-lag benchmarks: an LSTM on distracted sequence recall "
                                     "(dsr) and the embedded Reber grammar (erg); an Elman RNN of the same "
                                     "size on recall (rnn-dsr, rnn-dsr-tuned, rnn-dsr-units); both on "
                                     "Synaptic's demo size and on 40-step recall.")
    parser.add_argument("--task", nargs="+", choices=list(TASKS), default=list(TASKS))
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2, 3, 4])
    parser.add_argument("--max-seconds", type=float, default=300.0,
                        help="stop a run at the next check after this many seconds of training, held-out "
                             "checks not counted (default 300)")
    parser.add_argument("--rates", nargs="+", type=parse_rate, default=None, metavar="RATE",
                        help="run every selected task with each of these learning rates instead of its own "
                             "(a number, or 'sched' for 0.02/(1+epoch/20))")
    parser.add_argument("--quiet", action="store_true",
                        help="no progress line at every check (the per-run summary and the table remain)")
    args = parser.parse_args(argv)
    rows = []
    for task in args.task:
        cfg = TASKS[task]
        for rate in args.rates or [cfg["rate"]]:
            print(f"{task}: {cfg['model'](0)!r}; {cfg['train_size']} training sequences per epoch, rate "
                  f"{rate_name(rate)}, batch {cfg['batch_size']}, momentum {cfg['momentum']}, "
                  f"clip {cfg['clip']}, cap {cfg['epochs']} epochs or {args.max_seconds:g} s", flush=True)
            for seed in args.seeds:
                row = run(task, seed, args.max_seconds, verbose=not args.quiet, rate=rate)
                rows.append(row)
                print(f"{task} rate {row.rate} seed {seed}: {'reached' if row.solved else 'NOT reached'} "
                      f"{row.score:.3f} after "
                      f"{row.epochs} epochs ({row.sequences:,} sequences) in {row.seconds:.1f} s "
                      f"(stopped: {row.stopped})", flush=True)
    print_table(rows)
    return rows


if __name__ == "__main__":
    main()
