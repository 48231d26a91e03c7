"""Feed-forward rows: XOR time-to-solve, online steps per second, a batch step against the GEMM floor.

Peers: Synaptic 1.1.4 (``Architect.Perceptron``, ``network.activate`` + ``network.propagate``, its
Trainer for XOR) on the same patterns, and the plain-numpy floor of each row (bench/peers/numpy_floor.py).
"""
from __future__ import annotations

import statistics

import numpy as np

from harness.hooks import unchecked
from harness.rows import NotAvailable, Ratio, Row, Variant
from harness.speed import measure_speed, python_sampler, synaptic_sampler, timed
from peers.numpy_floor import BatchFloor, GemmFloor, OnlineFloor, xor_full_batch

import nnteach
from nnteach.datasets import logic_gate

__all__ = ["ROWS"]

SECTION = "Feed-forward"

#: The best documented XOR settings (README "Fast XOR").
XOR_BEST = dict(cost="cross_entropy", batch_size=None, rate=2.0, momentum=0.9)
#: Synaptic's own algorithm in nnteach's words: its output delta is always t − y (the cross-entropy's,
#: math.md §2.2), online, rate 0.2, shuffled every epoch.
XOR_SYNAPTIC_ALGORITHM = dict(cost="cross_entropy", batch_size=1, rate=0.2, shuffle=True)
ONLINE_RATE = 0.1
PATTERNS = 1000
#: The speed rows train with Synaptic's reported error: the mean (t − y)² of the patterns as they were seen
#: during the epoch (free; Synaptic's side computes none at all).  train's default, error_on="data", adds
#: a forward pass over the whole data set per epoch; the batch row shows that too.
SEEN = dict(error_on="seen")


def _xor_solved(net, X, T) -> bool:
    return bool(np.all((net.forward(X) > 0.5) == (T > 0.5)))


def xor_row(ctx) -> Row:
    """XOR 2-3-1: time to solve (every output on the right side of 0.5 and reported error ≤ 0.005).

    The contenders take turns seed by seed; each is warmed up first with a seed outside the range."""
    row = Row("xor", "XOR 2-3-1 time-to-solve: nnteach's best documented settings vs Synaptic's trainer.XOR()",
              SECTION, "ms", ratios=[Ratio("nnteach", "synaptic", "<= 0.4")], short="XOR 2-3-1 time-to-solve")
    X, T = logic_gate("XOR")

    def nnteach_run(settings):
        def run(seed: int) -> dict:
            net = nnteach.Perceptron(2, 3, 1, seed=seed, init="xavier")
            result, secs = timed(lambda: nnteach.train(net, (X, T), iterations=100_000, error=0.005, seed=seed,
                                                       **settings))
            return {"ms": secs * 1e3, "epochs": result.epochs,
                    "solved": result.reached_target and _xor_solved(net, X, T)}
        return run

    def floor_run(seed: int) -> dict:
        net = nnteach.Perceptron(2, 3, 1, seed=seed, init="xavier")
        (epochs, err), secs = timed(lambda: xor_full_batch(net, X, T, rate=2.0, momentum=0.9, error=0.005,
                                                           iterations=100_000))
        return {"ms": secs * 1e3, "epochs": epochs, "solved": err <= 0.005}

    def synaptic_run(seed: int, warmup: float = 0.0) -> dict:
        r = ctx.synaptic.call("xor", seed=seed, warmup=warmup)
        solved = r["error"] <= 0.005 and all((y > 0.5) == bool(t) for y, t in zip(r["outputs"], T[:, 0]))
        return {"ms": r["seconds"] * 1e3, "epochs": r["iterations"], "solved": solved}

    contenders = {
        "nnteach": ("nnteach `train`: cross-entropy, full batch, rate 2, momentum 0.9, xavier init",
                    nnteach_run(XOR_BEST)),
        "floor": ("plain-numpy floor of the same full-batch descent, same initial weights", floor_run),
        "nnteach-synalg": ("nnteach `train` with Synaptic's algorithm: δ = t − y, online, rate 0.2, shuffled",
                           nnteach_run(XOR_SYNAPTIC_ALGORITHM)),
        "synaptic": ("Synaptic `Trainer.XOR()` defaults on `Perceptron(2, 3, 1)`: rate 0.2, online, shuffled; "
                     "time includes its compile", synaptic_run),
    }
    runs = {}
    for key, (label, run) in contenders.items():
        row.variants.append(Variant(key, label))
        try:
            run(10_000, ctx.settings.warmup) if key == "synaptic" else run(10_000)     # warm-up, not recorded
            runs[key] = run
        except NotAvailable as e:
            row.variant(key).missing = str(e)
    seeds = range(ctx.settings.xor_seeds)
    for seed in seeds:
        for key, run in runs.items():
            r = run(seed)
            v = row.variant(key)
            v.samples.append(r["ms"])
            v.records.append({"seed": seed, **r})
    for v in row.variants:
        if v.records:
            solved = sum(r["solved"] for r in v.records)
            epochs = statistics.median(r["epochs"] for r in v.records)
            v.detail = f"solved {solved}/{len(v.records)}, median {epochs:.0f} epochs"
    floor, best = row.variant("floor"), row.variant("nnteach")
    same = [f["epochs"] == b["epochs"] for f, b in zip(floor.records, best.records)]
    floor.detail += f"; same epochs as nnteach on {sum(same)}/{len(same)} seeds"
    row.note = (f"{len(seeds)} seeds, the contenders in turns seed by seed, each warmed up first (Synaptic for "
                f"{ctx.settings.warmup:g} s); Synaptic's weights seeded through Math.random.")
    return row


def _floor_agrees(sizes, X, T, batch: int) -> str:
    """Check that the floor does nnteach's work: three updates from the same weights, same weights after."""
    net = nnteach.Perceptron(*sizes, seed=0)
    if batch == 1:
        floor = OnlineFloor(net, X, T, ONLINE_RATE)
    else:
        floor = BatchFloor(net, X, T, ONLINE_RATE, batch)
    for _ in range(3):
        floor.step()
    nnteach.train(net, (X[:3 * batch], T[:3 * batch]), rate=ONLINE_RATE, iterations=1, error=0.0, batch_size=batch)
    p = net.params
    diff = max(float(np.max(np.abs(a - p[k]))) for a, k in zip((floor.W1, floor.b1, floor.W2, floor.b2),
                                                               ("W1", "b1", "W2", "b2")))
    return f"after 3 updates its weights equal nnteach's within {diff:.1e}"


def _online_data(sizes, seed: int = 0):
    rng = np.random.default_rng(seed)
    return rng.uniform(-1, 1, size=(PATTERNS, sizes[0])), rng.uniform(0, 1, size=(PATTERNS, sizes[-1]))


def online_row(ctx, sizes: tuple, threads: int | None, row_id: str, target: str | None, note: str = "") -> Row:
    """Online steps per second (one forward pass and one weight update per pattern), MSE, rate 0.1."""
    where = "default BLAS threads" if threads is None else f"{threads} BLAS thread"
    name = "Perceptron(" + ", ".join(map(str, sizes)) + ")"
    row = Row(row_id, f"online steps/s {name}, {where}", SECTION, "steps/s",
              ratios=[Ratio("nnteach", "synaptic", target), Ratio("nnteach", "floor", None)], note=note,
              short=f"online steps/s {'-'.join(map(str, sizes))}, {where}")
    X, T = _online_data(sizes)
    epochs = 3

    def nnteach_variant():
        net = nnteach.Perceptron(*sizes, seed=0)
        step = lambda: nnteach.train(net, (X, T), rate=ONLINE_RATE, iterations=epochs, error=0.0, batch_size=1,
                                     **SEEN)
        return python_sampler(step, ctx.settings.chunk, per_call=PATTERNS * epochs, threads=threads)

    def floor_variant():
        floor = OnlineFloor(nnteach.Perceptron(*sizes, seed=0), X, T, ONLINE_RATE)
        return python_sampler(floor.step, ctx.settings.chunk, threads=threads)

    def synaptic_variant():
        syn = ctx.synaptic
        return synaptic_sampler(ctx, syn.build("Perceptron", sizes, seed=0), syn.data(X, T), ONLINE_RATE)

    measure_speed(ctx, row, [
        ("nnteach", f"nnteach `train(batch_size=1, error_on=\"seen\")`, {epochs} epochs of {PATTERNS} patterns per "
                    "call", nnteach_variant),
        ("floor", "plain-numpy online step (same math, no checks)", floor_variant),
        ("synaptic", "Synaptic `activate` + `propagate` (compiled network)", synaptic_variant),
    ])
    row.variant("floor").detail = _floor_agrees(sizes, X, T, 1)
    return row


def batch_row(ctx) -> Row:
    """Perceptron(64, 128, 10), batch 64, one BLAS thread: time per step against the bare GEMMs."""
    sizes, B, threads = (64, 128, 10), 64, 1
    row = Row("ff-batch64", "Perceptron(64, 128, 10) batch 64, one BLAS thread: per step through `train` vs the "
              "bare GEMM floor", SECTION, "µs/step",
              ratios=[Ratio("nnteach", "gemm", "<= 2.5", "train / GEMMs"),
                      Ratio("nnteach-data", "gemm", None, "train, error on the data / GEMMs"),
                      Ratio("nnteach-lg", "gemm", None, "loss_and_grads + update / GEMMs"),
                      Ratio("floor", "gemm", None, "numpy step / GEMMs")],
              short="64-128-10 batch 64, 1 thread, µs per step")
    rng = np.random.default_rng(0)
    X, T = rng.uniform(-1, 1, size=(16 * B, sizes[0])), rng.uniform(0, 1, size=(16 * B, sizes[-1]))
    epochs = 40                      # per train call, so that its set-up (checks, first error) is amortised

    def train_variant(options):
        def make():
            net = nnteach.Perceptron(*sizes, seed=0)
            step = lambda: nnteach.train(net, (X, T), rate=ONLINE_RATE, iterations=epochs, error=0.0, batch_size=B,
                                         **options)
            return python_sampler(step, ctx.settings.chunk, per_call=16 * epochs, threads=threads)
        return make

    def lg_variant():
        net = nnteach.Perceptron(*sizes, seed=0)
        params, loss_and_grads = net.params, unchecked(net)
        k = [0]

        def step():
            i = k[0]
            k[0] = (i + B) % len(X)
            _, grads = loss_and_grads(X[i:i + B], T[i:i + B], "mse")   # what train calls per batch
            for name, p in params.items():
                g = grads[name]
                g *= ONLINE_RATE
                p -= g
        return python_sampler(step, ctx.settings.chunk, threads=threads)

    def floor_variant():
        return python_sampler(BatchFloor(nnteach.Perceptron(*sizes, seed=0), X, T, ONLINE_RATE, B).step,
                              ctx.settings.chunk, threads=threads)

    def gemm_variant():
        return python_sampler(GemmFloor(nnteach.Perceptron(*sizes, seed=0), X, B).step, ctx.settings.chunk,
                              threads=threads)

    measure_speed(ctx, row, [
        ("nnteach", f"nnteach `train(batch_size=64, error_on=\"seen\")`, {epochs} epochs of 16 batches per call",
         train_variant(SEEN)),
        ("nnteach-data", "nnteach `train(batch_size=64)` with the default `error_on=\"data\"` (one more forward "
                         "pass over the 1024 patterns per epoch)", train_variant({})),
        ("nnteach-lg", "nnteach's public `loss_and_grads_unchecked` (the readable delta rule, fresh arrays) + a dict "
                       "update",
         lg_variant),
        ("floor", "plain-numpy batch step (same math, no checks)", floor_variant),
        ("gemm", "the five GEMMs of a step alone (`np.matmul` into preallocated arrays)", gemm_variant),
    ])
    row.variant("floor").detail = _floor_agrees(sizes, X, T, B)
    return row


ROWS = {
    "xor": xor_row,
    "ff-online-64-128-10": lambda ctx: online_row(ctx, (64, 128, 10), None, "ff-online-64-128-10", ">= 100"),
    "ff-online-64-128-10-1t": lambda ctx: online_row(ctx, (64, 128, 10), 1, "ff-online-64-128-10-1t", ">= 100"),
    "ff-batch64": batch_row,
    "ff-online-2-3-1": lambda ctx: online_row(
        ctx, (2, 3, 1), None, "ff-online-2-3-1", None,
        note="No target, and none numpy can meet: one online step is about 30 numpy calls on vectors of 1–3 "
             "numbers (the floor's 28), each costing about 0.5 µs whatever it computes, so a step costs at least "
             "15 µs; Synaptic runs the whole step as one JIT-compiled JavaScript function of scalar statements "
             "(about 0.2 µs). Only compiled code can close that gap (bench/profile_nnteach.py tiny)."),
}
