"""Sequence-task rows: time to solve and held-out score, nnteach against Synaptic on the same data.

Two tasks of math.md §7.2–7.3, each with the training set, held-out set and scorer of
bench/bench_sequence_tasks.py (the one place their nnteach settings live):

* ``dsr-demo`` — Synaptic's demo-size distracted sequence recall (6 symbols, 10 steps);
* ``erg`` — the embedded Reber grammar with all seven symbols and the standard frame, trained on the
  legal-successor sets.

Synaptic trains online on the very same sequences (driver.js ``train``), each from a fresh state, in
the same order every epoch; after every epoch its outputs on the held-out set (learning off) come back
to Python and are scored by the same ``nnteach.scoring`` function.  "Solved" = held-out score ≥ 0.95.
Time to solve counts training only (both sides' held-out checks are left out) and runs stop unsolved
at the time cap.  Row functions of nnteach.graph's LSTM-g plug in through ``sequence_learner`` of
bench/bench_lstm_g_speed.py (bench/README.md).
"""
from __future__ import annotations

import statistics
import time

import numpy as np

import bench_sequence_tasks as tasks
from harness.measure import blas_threads
from harness.plugins import external
from harness.rows import NotAvailable, Ratio, Row, Variant

__all__ = ["ROWS", "Recorded"]

SECTION = "Sequence tasks"

#: Synaptic's side of each task: its documented settings where it has them.
SYNAPTIC = {
    # Synaptic's DSR demo page: LSTM(6, 4, 2) (hidden = 0.8 × 6), rate 0.17, Trainer.DSR, which
    # propagates only at the steps it got wrong (math.md §7.2).
    "dsr-demo": dict(sizes=(6, 4, 2), rate=0.17, propagate="when_wrong"),
    # Trainer.ERG's rate 0.1.  Its rule "learn only when argmax is wrong" needs one-hot targets, and
    # these are legal-successor sets, so it learns at every step.  Size: see the row's note.
    "erg": dict(sizes=(7, 8, 7), rate=0.1, propagate="always"),
}


class Recorded:
    """A stand-in model for the scorers: ``forward`` returns outputs recorded elsewhere (Synaptic's, or
    a plug-in's), looked up by the input sequence.  Learning is off by construction."""

    def __init__(self, xs: list[np.ndarray], ys: list[np.ndarray]) -> None:
        self._table = {np.ascontiguousarray(x, dtype=float).tobytes(): y for x, y in zip(xs, ys)}

    def forward(self, X: np.ndarray) -> np.ndarray:
        return np.stack([self._table[np.ascontiguousarray(x, dtype=float).tobytes()] for x in X])


def _split(data) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Training data as two lists of per-sequence arrays (from ``(X, T)`` arrays or ``(x, t)`` pairs)."""
    if isinstance(data, tuple):
        return list(data[0]), list(data[1])
    return [x for x, _ in data], [t for _, t in data]


def _held_out_inputs(held_out) -> list[np.ndarray]:
    return list(held_out.X) if hasattr(held_out, "X") else [x for x, _ in held_out.pairs]


def _epoch_loop(train_epoch, outputs, held_out, scorer, cap: float, max_epochs: int) -> dict:
    """Train epoch by epoch; after each, score the held-out outputs; stop at 0.95, the cap or max_epochs."""
    xs_held = _held_out_inputs(held_out)
    trained = 0.0
    for epoch in range(1, max_epochs + 1):
        t0 = time.perf_counter()
        train_epoch()
        trained += time.perf_counter() - t0
        score = scorer(Recorded(xs_held, outputs(xs_held)), held_out)
        if score.score >= tasks.GOAL or trained > cap:
            break
    return {"epochs": epoch, "train_seconds": trained, "score": score.score, "solved": score.score >= tasks.GOAL,
            "parts": score.parts}


def _synaptic_run(ctx, task: str, seed: int, cap: float) -> dict:
    cfg = SYNAPTIC[task]
    size = tasks.TASKS[task]["train_size"]
    data, held_out, scorer = tasks.make_data(task, seed, size)
    syn = ctx.synaptic
    net = syn.build("LSTM", cfg["sizes"], seed=seed)
    xs, ts = _split(data)
    train_id = syn.data(xs, ts)
    held_xs = _held_out_inputs(held_out)
    held_id = syn.data(held_xs, [np.zeros((len(x), cfg["sizes"][2])) for x in held_xs])

    def train_epoch():
        syn.call("train", net=net, data=train_id, rate=cfg["rate"], propagate=cfg["propagate"])

    def outputs(_xs):
        return syn.outputs(net, held_id)

    return _epoch_loop(train_epoch, outputs, held_out, scorer, cap, max_epochs=10_000)


def _graph_run(ctx, task: str, seed: int, cap: float) -> dict:
    learner = external("bench_lstm_g_speed", "sequence_learner")(task, seed)
    data, held_out, scorer = tasks.make_data(task, seed, tasks.TASKS[task]["train_size"])
    xs, ts = _split(data)
    with blas_threads(1):
        result = _epoch_loop(lambda: learner.train_epoch(xs, ts), learner.outputs, held_out, scorer, cap,
                             max_epochs=10_000)
    if getattr(learner, "label", None):
        result["label"] = f"nnteach.graph: {learner.label} (bench/bench_lstm_g_speed.py)"
    return result


def _nnteach_run(ctx, task: str, seed: int, cap: float) -> dict:
    with blas_threads(1):                        # README's advice for small recurrent models
        r = tasks.run(task, seed, cap, verbose=False)
    return {"epochs": r.epochs, "train_seconds": r.train_seconds, "score": r.score, "solved": r.solved,
            "stopped": r.stopped}


def task_rows(ctx, task: str, seeds: int, note: str) -> list[Row]:
    """Two rows for ``task``: time to solve (solved runs) and final held-out score (every run)."""
    cap = ctx.settings.task_cap
    cfg = tasks.TASKS[task]
    N, K = (6, 2) if task == "dsr-demo" else (7, 7)
    nn_model = cfg["model"](0)
    syn = SYNAPTIC[task]
    sizes = ", ".join(map(str, syn["sizes"]))
    contenders = [
        ("nnteach", f"nnteach `{type(nn_model).__name__}({nn_model.N}, {getattr(nn_model, 'M', '?')}, {nn_model.K})`, "
                    f"`train` batch {cfg['batch_size']}, momentum {cfg['momentum']}, "
                    f"rate {tasks.rate_name(cfg['rate'])} (bench_sequence_tasks.py)", _nnteach_run),
        ("synaptic", f"Synaptic `LSTM({sizes})`, online, rate {syn['rate']}, learns "
                     f"{'at wrong steps only' if syn['propagate'] == 'when_wrong' else 'at every step'}",
         _synaptic_run),
        ("graph", "nnteach.graph LSTM-g layer (bench/bench_lstm_g_speed.py)", _graph_run),
    ]
    time_row = Row(f"{task}-time", f"{task}: time to solve (held-out ≥ 0.95), training only", SECTION, "s",
                   ratios=[Ratio("nnteach", "synaptic", None), Ratio("graph", "synaptic", None)], note=note)
    score_row = Row(f"{task}-score", f"{task}: held-out score at the end of training, learning off", SECTION,
                    "score", ratios=[Ratio("nnteach", "synaptic", None)])
    for key, label, run in contenders:
        tv, sv = Variant(key, label), Variant(key, label)
        time_row.variants.append(tv)
        score_row.variants.append(sv)
        try:
            for seed in range(seeds):
                r = run(ctx, task, seed, cap)
                if "label" in r:
                    tv.label = sv.label = r.pop("label")
                ctx.log(f"  {task} {key} seed {seed}: {'solved' if r['solved'] else 'not solved'}, held-out "
                        f"{r['score']:.3f} after {r['epochs']} epochs, {r['train_seconds']:.1f} s of training")
                record = {"seed": seed, **{k: v for k, v in r.items() if k != "parts"}}
                tv.records.append(record)
                sv.records.append(record)
                sv.samples.append(r["score"])
                if r["solved"]:
                    tv.samples.append(r["train_seconds"])
        except NotAvailable as e:
            tv.missing = sv.missing = str(e)
            continue
        solved = [r for r in tv.records if r["solved"]]
        if tv.records and not solved:
            tv.missing = f"did not solve within {cap:g} s on any of {len(tv.records)} seeds"
        if tv.records:
            epochs = statistics.median(r["epochs"] for r in solved) if solved else None
            tv.detail = f"solved {len(solved)}/{len(tv.records)}" + \
                (f", median {epochs:.0f} epochs of {cfg['train_size']} sequences" if solved else "") + \
                (f"; the others stopped unsolved (cap {cap:g} s of training)" if len(solved) < len(tv.records) else "")
            sv.detail = f"{len(solved)}/{len(sv.records)} runs reached 0.95"
    time_row.note += (f" nnteach (and nnteach.graph) at one BLAS thread, as README advises for small recurrent "
                      f"models. {seeds} seed{'s' if seeds > 1 else ''}; the held-out score is checked after every "
                      f"epoch and a run stops at 0.95 or at the first check after {cap:g} s of training.")
    return [time_row, score_row]


ROWS = {
    "dsr-demo": lambda ctx: task_rows(
        ctx, "dsr-demo", ctx.settings.dsr_seeds,
        "Synaptic's demo-size distracted sequence recall: 1000 training trials per epoch, 1000 held-out "
        "trials scored by `nnteach.scoring.recall_score`. Each side uses its own documented settings."),
    "erg": lambda ctx: task_rows(
        ctx, "erg", ctx.settings.erg_seeds,
        "Embedded Reber grammar (standard frame, seven symbols), 1000 training strings per epoch with "
        "legal-successor targets, 1000 held-out strings scored by `nnteach.scoring.reber_score`. "
        "Synaptic documents no network size for this task. It runs LSTM(7, 8, 7): in a probe (seed 0, "
        "60 s cap) LSTM(7, 4, 7) had not solved it after 122 epochs (held-out 0.14, at rate 0.1 and 0.3), "
        "LSTM(7, 8, 7) solved it in 4 epochs; at 16 blocks, nnteach's size, each of its epochs takes "
        "about three times longer."),
}
