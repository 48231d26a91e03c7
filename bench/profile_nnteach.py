"""Where nnteach's time goes in the rows of bench/run.py that miss their targets: a per-step breakdown.

    python bench/profile_nnteach.py            # every part, about a minute
    python bench/profile_nnteach.py lstm       # one part: xor, lstm, online, batch, tiny

Each line times one piece of nnteach's step on its own (the best of several repeats, so other work on
the machine inflates it least) and the pieces are listed beside the whole step, so that the difference
is the glue between them.  "lines" counts the Python lines of nnteach that one step executes (each
does one numpy operation or more): at these sizes a numpy call costs about a microsecond whatever it
computes, so the line count is the cost.  Measures the package as it is; a fast path should make
these lines shorter.
"""
from __future__ import annotations

import statistics
import sys
import timeit
from pathlib import Path

import numpy as np

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]

import nnteach  # noqa: E402
from nnteach.datasets import synaptic_demo_recall  # noqa: E402
from harness.hooks import unchecked  # noqa: E402
from peers.numpy_floor import BatchFloor, GemmFloor, OnlineFloor  # noqa: E402

TRAIN = sys.modules["nnteach.train"]          # the module (nnteach.train is also the function)
PACKAGE = str(Path(nnteach.__file__).parent)


def per_call(fn, number: int, repeat: int = 7, median: bool = False) -> float:
    """Best (or median) time of one call of ``fn`` in µs; NaN if a private piece it names is gone (the
    package's internals move: this script profiles them as they were when it was written; after the
    restructure, point the NaN lines at the new private kernels)."""
    try:
        times = timeit.repeat(fn, number=number, repeat=repeat)
    except (AttributeError, KeyError, TypeError):
        return float("nan")
    return (statistics.median(times) if median else min(times)) / number * 1e6


def lines_executed(fn) -> int:
    """Python lines of the nnteach package executed by one call of ``fn``."""
    count = [0]

    def tracer(frame, event, arg):
        if not frame.f_code.co_filename.startswith(PACKAGE):
            return None
        if event == "line":
            count[0] += 1
        return tracer

    sys.settrace(tracer)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count[0]


def show(title: str, rows: list[tuple[str, float]], lines: int | None = None, per: str = "step") -> None:
    print(f"\n{title}" + (f"  ({lines} lines of nnteach per {per})" if lines else ""))
    for name, us in rows:
        print(f"  {name:<58} {us:8.1f} µs")


def update(params: dict, grads: dict, rate: float = 1e-12) -> None:
    """train's update without momentum: one in-place scale and one subtraction per parameter array."""
    for k, p in params.items():
        g = grads[k]
        g *= rate
        p -= g


def lstm_online() -> None:
    """LSTM(6, 7, 2), one update per step, through train on one-step sequences (the row's proxy)."""
    trials = synaptic_demo_recall(200, seed=0)
    X, Y = trials.X.reshape(-1, 1, 6), trials.T.reshape(-1, 1, 2)
    m = nnteach.LSTM(6, 7, 2, seed=0)
    x, y = X[5], Y[5]
    lag = unchecked(m)
    _, grads = lag(x, y, "cross_entropy")
    try:                                          # private pieces as of the profile's writing
        X1 = m._columns(x, scratch=True)
        P = m._run(X1, scratch=True)[4]
        readout = sys.modules["nnteach._sequence_model"].readout_loss_and_delta
    except (AttributeError, KeyError):
        X1 = P = readout = None
    n = 2000
    whole = per_call(lambda: nnteach.train(m, (X, Y), rate=0.1, iterations=1, error=0, batch_size=1,
                                           cost="cross_entropy"), 1, 5) / len(X)
    lg = per_call(lambda: lag(x, y, "cross_entropy"), n)
    run = per_call(lambda: m._run(X1, scratch=True), n)
    stacked = per_call(lambda: m._stacked(), n)
    loss = per_call(lambda: readout(P, y[:, :, None], "cross_entropy", m._f_out), n)
    upd = per_call(lambda: update(m.params, grads), n)
    show("LSTM(6, 7, 2) online proxy: train(batch_size=1) on one-step sequences, default threads", [
        ("train, per step (whole)", whole),
        ("  unchecked loss and gradients (one step of BPTT, fresh gradient dict)", lg),
        ("    _run: forward", run),
        ("      _stacked: the 4 gate matrices re-stacked (every call)", stacked),
        ("    readout_loss_and_delta (cross-entropy, clip, delta)", loss),
        ("    backward + 17 gradient arrays (the rest of it)", lg - run - loss),
        (f"  update: {len(m.params)} arrays x (g *= eps; p -= g)", upd),
        ("  train's own glue (the rest)", whole - lg - upd),
    ], lines_executed(lambda: nnteach.train(m, (X[:50], Y[:50]), rate=0.1, iterations=1, error=0, batch_size=1,
                                            cost="cross_entropy")) // 50)
    a = np.zeros(7)
    print(f"  for scale: one numpy call on 7 elements, np.multiply(a, a, out=a): "
          f"{per_call(lambda: np.multiply(a, a, out=a), 100_000):.2f} µs")


def _threads(n):
    from threadpoolctl import threadpool_limits
    return threadpool_limits(limits=n, user_api="blas")


def ff_online(threads: int | None) -> None:
    rng = np.random.default_rng(0)
    X, T = rng.uniform(-1, 1, size=(1000, 64)), rng.uniform(0, 1, size=(1000, 10))
    net = nnteach.Perceptron(64, 128, 10, seed=0)
    x, t = X[0], T[0]
    lag = unchecked(net)
    _, grads = lag(x, t, "mse")
    floor = OnlineFloor(net, X, T, 0.1)
    with _threads(threads) if threads else _nothing():
        run = lambda: nnteach.train(net, (X, T), rate=0.1, iterations=3, error=0, batch_size=1)
        whole = per_call(run, 1, 7) / 3000
        typical = per_call(run, 1, 7, median=True) / 3000
        lg = per_call(lambda: lag(x, t, "mse"), 2000)
        fwd = per_call(lambda: net._forward(x), 2000)
        upd = per_call(lambda: update(net.params, grads), 2000)
        ev = per_call(lambda: TRAIN.evaluate_error(net, X, T), 20) / 1000
        fl = per_call(floor.step, 2000)
    show(f"Perceptron(64, 128, 10) online, train(batch_size=1), "
         f"{'default BLAS threads' if threads is None else f'{threads} BLAS thread'}", [
        ("train, per step (whole)", whole),
        ("train, per step, median of 7 (BLAS threads waiting show here)", typical),
        ("  unchecked loss and gradients", lg),
        ("    _forward", fwd),
        ("  update: 4 arrays", upd),
        ("  evaluate_error after each epoch, per step", ev),
        ("  train's own glue (the rest)", whole - lg - upd - ev),
        ("numpy floor step (bench/peers/numpy_floor.py)", fl),
    ], lines_executed(lambda: nnteach.train(net, (X[:50], T[:50]), rate=0.1, iterations=1, error=0,
                                            batch_size=1)) // 50)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def ff_batch() -> None:
    B = 64
    rng = np.random.default_rng(0)
    X, T = rng.uniform(-1, 1, size=(16 * B, 64)), rng.uniform(0, 1, size=(16 * B, 10))
    net = nnteach.Perceptron(64, 128, 10, seed=0)
    Xb, Tb = X[:B], T[:B]
    lag = unchecked(net)
    _, grads = lag(Xb, Tb, "mse")
    idx = np.arange(B)
    epochs = 40
    with _threads(1):
        whole = per_call(lambda: nnteach.train(net, (X, T), rate=0.1, iterations=epochs, error=0, batch_size=B),
                         1, 5) / (16 * epochs)
        setup = per_call(lambda: (TRAIN._check_model_accepts(net, X, T, "mse", False),
                                  TRAIN.evaluate_error(net, X, T)), 20) / (16 * epochs)
        gather = per_call(lambda: (X[idx], T[idx]), 2000)
        lg = per_call(lambda: lag(Xb, Tb, "mse"), 500)
        fwd = per_call(lambda: net._forward(Xb), 500)
        upd = per_call(lambda: update(net.params, grads), 2000)
        ev = per_call(lambda: TRAIN.evaluate_error(net, X, T), 50) / 16
        fl = per_call(BatchFloor(net, X, T, 0.1, B).step, 500)
        gemm = per_call(GemmFloor(net, X, B).step, 500)
    show(f"Perceptron(64, 128, 10), batch 64, one BLAS thread, train(batch_size=64) for {epochs} epochs", [
        ("train, per step (whole)", whole),
        (f"  set-up of each train call (a checked loss_and_grads and the error on all data) / {16 * epochs}", setup),
        ("  the batch gathered by fancy indexing, X[idx], T[idx]", gather),
        ("  unchecked loss and gradients", lg),
        ("    _forward", fwd),
        ("  update: 4 arrays", upd),
        ("  evaluate_error over all 1024 patterns after each epoch, per step", ev),
        ("  train's own glue (the rest)", whole - setup - gather - lg - upd - ev),
        ("numpy floor step", fl),
        ("the five bare GEMMs", gemm),
    ])


def ff_tiny() -> None:
    rng = np.random.default_rng(0)
    X, T = rng.uniform(-1, 1, size=(1000, 2)), rng.uniform(0, 1, size=(1000, 1))
    net = nnteach.Perceptron(2, 3, 1, seed=0)
    whole = per_call(lambda: nnteach.train(net, (X, T), rate=0.1, iterations=3, error=0, batch_size=1), 1, 5) / 3000
    lag = unchecked(net)
    lg = per_call(lambda: lag(X[0], T[0], "mse"), 5000)
    fl = per_call(OnlineFloor(net, X, T, 0.1).step, 5000)
    show("Perceptron(2, 3, 1) online", [("train, per step (whole)", whole), ("  unchecked loss and gradients", lg),
                                        ("numpy floor step (about 25 numpy calls)", fl)],
         lines_executed(lambda: nnteach.train(net, (X[:50], T[:50]), rate=0.1, iterations=1, error=0,
                                              batch_size=1)) // 50)


def xor() -> None:
    """XOR 2-3-1 at the best documented settings: about 50 full-batch epochs of 4 patterns."""
    from nnteach.datasets import logic_gate
    X, T = logic_gate("XOR")
    settings = dict(cost="cross_entropy", batch_size=None, rate=2.0, momentum=0.9, iterations=100_000, error=0.005)
    epochs = nnteach.train(nnteach.Perceptron(2, 3, 1, seed=0, init="xavier"), (X, T), **settings).epochs
    whole = per_call(lambda: nnteach.train(nnteach.Perceptron(2, 3, 1, seed=0, init="xavier"), (X, T), **settings),
                     20)
    net = nnteach.Perceptron(2, 3, 1, seed=0, init="xavier")
    lag = unchecked(net)
    _, grads = lag(X, T, "cross_entropy")
    velocity = {k: np.zeros_like(v) for k, v in net.params.items()}

    def momentum_update():
        for k, p in net.params.items():
            v = velocity[k]
            v *= 0.9
            v -= 1e-12 * grads[k]
            p += v
    n = 5000
    show(f"XOR 2-3-1, best settings: one solve = {epochs} epochs (seed 0)", [
        ("whole solve, train()", whole),
        ("  set-up (checks, first error, Perceptron built outside)", per_call(
            lambda: (TRAIN._check_model_accepts(net, X, T, "cross_entropy", False),
                     TRAIN.evaluate_error(net, X, T)), n)),
        ("  per epoch: unchecked loss and gradients x 1", per_call(lambda: lag(X, T, "cross_entropy"), n)),
        ("  per epoch: momentum update, 4 arrays x 3 operations", per_call(momentum_update, n)),
        ("  per epoch: evaluate_error (the reported error)", per_call(lambda: TRAIN.evaluate_error(net, X, T), n)),
        ("  per epoch: snapshot copy of the weights", per_call(lambda: {k: v.copy() for k, v in net.params.items()},
                                                               n)),
        ("  per epoch: finite check of every weight array", per_call(
            lambda: all(np.isfinite(p).all() for p in net.params.values()), n)),
    ], lines_executed(lambda: nnteach.train(nnteach.Perceptron(2, 3, 1, seed=0, init="xavier"), (X, T),
                                            **settings)) // epochs, per="epoch")


PARTS = {"xor": [xor], "lstm": [lstm_online], "online": [lambda: ff_online(1), lambda: ff_online(None)],
         "batch": [ff_batch], "tiny": [ff_tiny]}

if __name__ == "__main__":
    import os
    chosen = sys.argv[1:] or list(PARTS)
    print(f"numpy {np.__version__}; load average {os.getloadavg()[0]:.2f}; best of several repeats")
    for name in chosen:
        for part in PARTS[name]:
            part()
