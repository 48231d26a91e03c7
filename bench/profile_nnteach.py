"""Where nnteach's time goes in the rows of bench/run.py: a per-step breakdown, and what limits each row.

    python bench/profile_nnteach.py            # every part, about two minutes
    python bench/profile_nnteach.py lstm       # one part: xor, lstm, online, batch, tiny, bptt, threads

Each line times one piece of nnteach's step on its own (the best of several repeats, so other work on
the machine inflates it least) and the pieces are listed beside the whole step, so that the difference
is the glue between them.  "lines" counts the Python lines of nnteach one step executes (in the kernels
nearly every line is one numpy call): at these
sizes a numpy call costs about half a microsecond whatever it computes, so the count is the cost.
The pieces are train's fast path as :func:`nnteach.train` runs it: the model's kernel
(``model.fast_step``, the private ``nnteach/_*_kernel.py``) and the update of the one parameter buffer
(``model.flat_params()``).

``bptt`` times the matrix products of one BPTT step alone, in float64 and in float32: the part of the
step that no numpy code can avoid, against PyTorch's whole step.  ``threads`` measures the size rule of
``nnteach/_blas.py`` (one BLAS thread below ``ONE_THREAD_BELOW`` multiply-adds per step).
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
from nnteach.train import check_options, evaluate_error  # noqa: E402
from peers.numpy_floor import BatchFloor, GemmFloor, OnlineFloor  # noqa: E402


def per_call(fn, number: int, repeat: int = 7, median: bool = False) -> float:
    """Best (or median) time of one call of ``fn`` in µs."""
    times = timeit.repeat(fn, number=number, repeat=repeat)
    return (statistics.median(times) if median else min(times)) / number * 1e6


PACKAGE = str(Path(nnteach.__file__).parent)


def lines_executed(fn, per: int = 1) -> float:
    """Python lines of the nnteach package executed by ``fn``, divided by ``per`` (in the kernels nearly
    every line is one numpy call)."""
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
    return count[0] / per


def show(title: str, rows: list[tuple[str, float]], calls: float | None = None, per: str = "step") -> None:
    print(f"\n{title}" + (f"  ({calls:.0f} lines of nnteach per {per})" if calls else ""))
    for name, us in rows:
        print(f"  {name:<66} {us:9.1f} µs")


def _threads(n):
    from threadpoolctl import threadpool_limits
    return threadpool_limits(limits=n, user_api="blas")


def op_cost() -> float:
    a = np.zeros(7)
    return per_call(lambda: np.multiply(a, a, out=a), 100_000)


# -- the rows ---------------------------------------------------------------------------------------------
def cpu_per_call(fn, number: int, repeat: int = 5) -> float:
    """Best CPU time (``time.process_time``) of one call of ``fn`` in µs: what the process itself spent,
    less sensitive than the wall clock to other work on a shared machine."""
    import time
    return per_call_timer(fn, number, repeat, time.process_time)


def per_call_timer(fn, number: int, repeat: int, timer) -> float:
    return min(timeit.repeat(fn, number=number, repeat=repeat, timer=timer)) / number * 1e6


def line_costs(function, run, repeats: int = 40) -> list[tuple[int, float, int, str]] | None:
    """The cost of each line of ``function`` while ``run()`` runs: ``(line, ns per execution, executions,
    source)``, the best of ``repeats`` runs line by line (line_profiler; None if it is not installed).
    Each line's time includes line_profiler's own few tens of ns."""
    try:
        from line_profiler import LineProfiler
    except ImportError:
        return None
    import inspect
    best: dict[int, tuple[float, int]] = {}
    for _ in range(repeats):
        lp = LineProfiler(function)
        lp.runcall(run)
        stats = lp.get_stats()
        for entries in stats.timings.values():
            for line, hits, total in entries:
                ns = total * stats.unit * 1e9 / hits
                if line not in best or ns < best[line][0]:
                    best[line] = (ns, hits)
    source, first = inspect.getsourcelines(function)
    return [(line, ns, hits, source[line - first].strip()) for line, (ns, hits) in sorted(best.items())]


def line_overhead() -> float:
    """What line_profiler adds to each line: the best ns per line of a loop of trivial lines under it."""
    def trivial(n):
        for _ in range(n):
            a = 1
            a = 2
            a = 3
        return a
    costs = line_costs(trivial, lambda: trivial(200))
    return min(ns for _, ns, hits, text in costs if text.startswith("a = ")) if costs else 0.0


def lstm_online() -> None:
    """LSTM(6, 7, 2), train(online=True) over a stream of 2000 steps: the row lstm-online-6-7-2."""
    from nnteach import _lstm_kernel
    trials = synaptic_demo_recall(200, seed=0)
    X, Y = trials.X.reshape(1, -1, 6), trials.T.reshape(1, -1, 2)
    S = X.shape[1]
    m = nnteach.LSTM(6, 7, 2, seed=0)
    run = lambda: nnteach.train(m, (X, Y), rate=0.1, iterations=1, error=0, online=True, cost="cross_entropy",
                                error_on="seen")
    flat = m.flat_params()
    kernel = m.fast_step("cross_entropy", 1, online=True)
    E = np.empty(Y.shape[1:])
    steps = lambda: kernel.steps(X[0], Y[0], 0.1, E)                  # the loop train runs: steps + updates
    checks = lambda: check_options(m, (X, Y), rate=0.1, iterations=1, error=0, online=True, cost="cross_entropy",
                                   error_on="seen")
    whole, whole_cpu = per_call(run, 1, 7) / S, cpu_per_call(run, 1, 7) / S
    loop, loop_cpu = per_call(steps, 1, 7) / S, cpu_per_call(steps, 1, 7) / S
    check = cpu_per_call(checks, 20) / S
    show(f"LSTM(6, 7, 2) online: train(online=True, error_on='seen') over {S} steps, per step", [
        ("train, per step (whole), wall clock", whole),
        ("train, per step (whole), CPU time of the process", whole_cpu),
        ("  kernel.steps, the loop over the steps: forward, backward, update (CPU)", loop_cpu),
        (f"    of which the update: one operation on the buffer of {flat.size} parameters",
         per_call(lambda: np.subtract(flat, kernel.grads, out=flat), 5000)),
        (f"  train's checks (check_options, on the first time step), once per call / {S}", check),
        ("  train's own glue (the epoch, the snapshot, the kernel's set-up) (CPU)", whole_cpu - loop_cpu - check),
        ("kernel.steps, wall clock", loop),
        ("one numpy call on 7 numbers, for scale", op_cost()),
    ], lines_executed(run, S))
    costs = line_costs(_lstm_kernel.OnlineStep.steps, lambda: kernel.steps(X[0, :200], Y[0, :200], 0.1, E[:200]))
    if costs is None:
        print("  (pip install line_profiler for the cost of each numpy call of the step)")
        return
    body = [c for c in costs if c[2] >= 200 and not c[3].startswith(("for ", "if ", "else"))]
    print(f"\n  one step, line by line (kernel.steps; the best of 40 runs of 200 steps, line by line; "
          f"{len(body)} lines, {sum(c[1] for c in body) / 1000:.1f} µs,\n  each with line_profiler's own time, "
          f"about {line_overhead():.0f} ns a line):")
    for line, ns, _, text in body:
        print(f"    {ns:6.0f} ns  {text[:100]}")
    print("    (with lines not timed: the branches on the options and the loop itself)")


def ff_online(threads: int | None) -> None:
    rng = np.random.default_rng(0)
    X, T = rng.uniform(-1, 1, size=(1000, 64)), rng.uniform(0, 1, size=(1000, 10))
    net = nnteach.Perceptron(64, 128, 10, seed=0)
    flat = net.flat_params()
    kernel = net.fast_step("mse", 1)
    e = np.empty(10)
    floor = OnlineFloor(net, X, T, 0.1)
    run = lambda: nnteach.train(net, (X, T), rate=0.1, iterations=3, error=0, batch_size=1, error_on="seen")
    with _threads(threads) if threads else _nothing():
        whole = per_call(run, 1, 7) / 3000
        typical = per_call(run, 1, 7, median=True) / 3000
        k = per_call(lambda: kernel(X[0], T[0], 0.1, e), 2000)
        upd = per_call(lambda: np.subtract(flat, kernel.grads, out=flat), 2000)
        ev = per_call(lambda: evaluate_error(net, X, T), 20) / 1000
        fl = per_call(floor.step, 2000)
    show(f"Perceptron(64, 128, 10) online, train(batch_size=1, error_on='seen'), "
         f"{'default BLAS threads (train holds them to one)' if threads is None else f'{threads} BLAS thread'}", [
        ("train, per step (whole)", whole),
        ("train, per step, median of 7", typical),
        ("  the kernel: forward, deltas, gradients into one buffer", k),
        (f"  update: one operation on the buffer of {flat.size} parameters", upd),
        ("  train's own glue (the rest)", whole - k - upd),
        ("  (error_on='data' would add: the error over all data after each epoch, per step)", ev),
        ("numpy floor step (bench/peers/numpy_floor.py)", fl),
    ], lines_executed(lambda: nnteach.train(net, (X, T), rate=0.1, iterations=1, error=0, error_on="seen"), 1000))


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
    flat = net.flat_params()
    kernel = net.fast_step("mse", B)
    E = np.empty((B, 10))
    epochs = 40
    with _threads(1):
        seen = per_call(lambda: nnteach.train(net, (X, T), rate=0.1, iterations=epochs, error=0, batch_size=B,
                                              error_on="seen"), 1, 5) / (16 * epochs)
        data = per_call(lambda: nnteach.train(net, (X, T), rate=0.1, iterations=epochs, error=0, batch_size=B),
                        1, 5) / (16 * epochs)
        k = per_call(lambda: kernel(X[:B], T[:B], 0.1, E), 500)
        upd = per_call(lambda: np.subtract(flat, kernel.grads, out=flat), 2000)
        ev = per_call(lambda: evaluate_error(net, X, T), 50) / 16
        fl = per_call(BatchFloor(net, X, T, 0.1, B).step, 500)
        gemm = per_call(GemmFloor(net, X, B).step, 500)
    show(f"Perceptron(64, 128, 10), batch 64, one BLAS thread, train(batch_size=64) for {epochs} epochs", [
        ("train(error_on='seen'), per step (whole)", seen),
        ("  the kernel: forward, deltas, gradients into one buffer", k),
        (f"  update: one operation on the buffer of {flat.size} parameters", upd),
        ("  train's own glue (the rest)", seen - k - upd),
        ("train(error_on='data'), the default, per step (whole)", data),
        ("  the error over all 1024 patterns after each epoch, per step", ev),
        ("numpy floor step", fl),
        ("the five bare GEMMs", gemm),
    ], lines_executed(lambda: nnteach.train(net, (X, T), rate=0.1, iterations=1, error=0, batch_size=B,
                                         error_on="seen"), 16))


def ff_tiny() -> None:
    """Perceptron(2, 3, 1) online: why numpy cannot come near Synaptic here."""
    rng = np.random.default_rng(0)
    X, T = rng.uniform(-1, 1, size=(1000, 2)), rng.uniform(0, 1, size=(1000, 1))
    net = nnteach.Perceptron(2, 3, 1, seed=0)
    flat = net.flat_params()
    kernel = net.fast_step("mse", 1)
    e = np.empty(1)
    run = lambda: nnteach.train(net, (X, T), rate=0.1, iterations=3, error=0, batch_size=1, error_on="seen")
    whole = per_call(run, 1, 5) / 3000
    k = per_call(lambda: kernel(X[0], T[0], 0.1, e), 5000)
    upd = per_call(lambda: np.subtract(flat, kernel.grads, out=flat), 5000)
    fl = per_call(OnlineFloor(net, X, T, 0.1).step, 5000)
    calls = lines_executed(lambda: nnteach.train(net, (X[:300], T[:300]), rate=0.1, iterations=1, error=0,
                                                 error_on="seen"), 300)
    show("Perceptron(2, 3, 1) online, train(batch_size=1, error_on='seen')", [
        ("train, per step (whole)", whole),
        ("  the kernel", k),
        (f"  update: one operation on the buffer of {flat.size} parameters", upd),
        ("  train's own glue (the rest)", whole - k - upd),
        ("numpy floor step (28 numpy calls)", fl),
        ("one numpy call on 7 numbers", op_cost()),
        (f"so {calls:.0f} lines, nearly each one numpy call, cost at least", calls * op_cost()),
    ], calls)
    print("  Synaptic runs the same step as one JIT-compiled JavaScript function of about 30 scalar statements "
          "(0.2 µs); each numpy call alone costs more than that.")


def xor() -> None:
    """XOR 2-3-1 at the best documented settings: about 50 full-batch epochs of 4 patterns."""
    from nnteach.datasets import logic_gate
    X, T = logic_gate("XOR")
    settings = dict(cost="cross_entropy", batch_size=None, rate=2.0, momentum=0.9, iterations=100_000, error=0.005)
    epochs = nnteach.train(nnteach.Perceptron(2, 3, 1, seed=0, init="xavier"), (X, T), **settings).epochs
    solve = lambda: nnteach.train(nnteach.Perceptron(2, 3, 1, seed=0, init="xavier"), (X, T), **settings)
    net = nnteach.Perceptron(2, 3, 1, seed=0, init="xavier")
    flat = net.flat_params()
    kernel = net.fast_step("cross_entropy", 4)
    E = np.empty((4, 1))
    v = np.zeros_like(flat)

    def momentum_update():
        np.multiply(v, 0.9, out=v)
        np.subtract(v, kernel.grads, out=v)
        np.add(flat, v, out=flat)
    n = 5000
    show(f"XOR 2-3-1, best settings: one solve = {epochs} epochs (seed 0)", [
        ("whole solve, train(), a new Perceptron each time", per_call(solve, 20)),
        ("  a new Perceptron(2, 3, 1)", per_call(lambda: nnteach.Perceptron(2, 3, 1, seed=0, init="xavier"), 200)),
        ("  per epoch: the kernel (forward, deltas, gradients)", per_call(lambda: kernel(X, T, 0.1, E), n)),
        ("  per epoch: momentum update, 3 operations on the buffer", per_call(momentum_update, n)),
        ("  per epoch: evaluate_error (the reported error on the data)", per_call(lambda: evaluate_error(net, X, T),
                                                                                  n)),
        ("  per epoch: snapshot copy of the weights", per_call(lambda: {k: a.copy() for k, a in net.params.items()},
                                                               n)),
    ], lines_executed(solve, epochs), per="epoch")


def bptt() -> None:
    """One BPTT step N=8 M=32 K=8 T=50 B=32 (the row lstm-bptt): the step, its matrix products alone in
    float64 and in float32, and PyTorch's whole step."""
    N, M, K, T, B = 8, 32, 8, 50, 32
    rng = np.random.default_rng(0)
    X = rng.normal(size=(B, T, N))
    Y = (rng.uniform(size=(B, T, K)) < 0.5).astype(float)
    rows = []
    with _threads(1):
        for peepholes in (False, True):
            m = nnteach.LSTM(N, M, K, peepholes=peepholes, seed=0)
            flat = m.flat_params()
            kernel = m.fast_step("cross_entropy", B)
            E = np.empty(Y.shape)

            def step():
                kernel(X, Y, 0.1, E)
                np.subtract(flat, kernel.grads, out=flat)
            rows.append((f"nnteach step (kernel + update), {'with' if peepholes else 'no'} peepholes",
                         per_call(step, 10, 5)))
        for dtype in (np.float64, np.float32):
            RWB = rng.normal(size=(4 * M, M + N + 1)).astype(dtype)
            Z = rng.normal(size=(T + 1, M + N + 1, B)).astype(dtype)
            G = np.empty((T, 4 * M, B), dtype)
            RT = rng.normal(size=(M, 4 * M)).astype(dtype)
            rec = np.empty((M, B), dtype)
            V = rng.normal(size=(K, M)).astype(dtype)

            rng_out = rng.normal(size=(T, K, B)).astype(dtype)

            def products():
                for t in range(T):                                  # forward: [R | W | b] [y; x; 1]
                    np.matmul(RWB, Z[t], out=G[t])
                np.matmul(V, Z[1:, :M])                             # readout
                np.matmul(V.T, rng_out)                             # its deltas back to y
                for t in range(T):                                  # backward: Σ R_*ᵀ δ*
                    np.matmul(RT, G[t], out=rec)
                np.matmul(G, Z[:-1].transpose(0, 2, 1)).sum(axis=0)  # gradients of R, W, b
                np.matmul(rng_out, Z[1:, :M].transpose(0, 2, 1)).sum(axis=0)   # gradient of V
            rows.append((f"  its matrix products alone, {np.dtype(dtype).name}", per_call(products, 10, 5)))
    try:
        from peers import torch_lstm
        t = torch_lstm.torch()
        default = t.get_num_threads()
        for dtype in ("float64", "float32"):
            step = torch_lstm.bptt_step(X, Y, M, 0.1, dtype)
            for threads in (1, default):
                t.set_num_threads(threads)
                rows.append((f"PyTorch nn.LSTM step, {dtype}, {threads} thread(s)", per_call(step, 10, 5)))
        t.set_num_threads(default)
    except Exception as e:  # noqa: BLE001 - torch is optional
        print(f"  (PyTorch: {e})")
    show("LSTM BPTT step N=8 M=32 K=8 T=50 B=32, one BLAS thread for numpy", rows)
    print("  float32 halves the bytes and doubles the numbers per SIMD instruction: its products alone take about\n"
          "  half the float64 ones; nnteach computes in float64 (the model contract).")


def threads() -> None:
    """The size rule of nnteach/_blas.py: train's steps per second at one BLAS thread and at the default,
    for models and batches of several sizes (train's own rule switched off)."""
    import nnteach._blas as blas
    print("\nBLAS threads: train steps/s at 1 thread vs the default (ratio > 1: one thread is faster)")
    print(f"  {'model':<22}{'batch':>6}{'work/step':>12}{'1 thread':>12}{'default':>12}{'ratio':>8}")
    saved = blas.ONE_THREAD_BELOW
    blas.ONE_THREAD_BELOW = 0                                      # train leaves the threads alone
    try:
        rng = np.random.default_rng(0)
        for sizes, batch in [((64, 128, 10), 1), ((64, 128, 10), 64), ((256, 512, 10), 1), ((256, 512, 10), 16),
                             ((256, 512, 10), 64), ((784, 512, 10), 32), ((784, 512, 10), 128)]:
            n = 1024
            X, T = rng.uniform(-1, 1, size=(n, sizes[0])), rng.uniform(0, 1, size=(n, sizes[-1]))
            net = nnteach.Perceptron(*sizes, seed=0)
            run = lambda: nnteach.train(net, (X, T), rate=0.01, iterations=1, error=0, batch_size=batch,
                                        error_on="seen")
            rate = {}
            for label in ("1", "default", "1", "default"):
                with _threads(1) if label == "1" else _nothing():
                    rate[label] = max(rate.get(label, 0), n / (per_call(run, 1, 3) / 1e6))
            work = net.n_parameters * batch
            print(f"  {'-'.join(map(str, sizes)):<22}{batch:>6}{work:>12,}{rate['1']:>12,.0f}{rate['default']:>12,.0f}"
                  f"{rate['1'] / rate['default']:>8.2f}")
    finally:
        blas.ONE_THREAD_BELOW = saved
    print(f"  train holds BLAS to one thread below {saved:,} multiply-adds per step (parameters × batch).")


PARTS = {"xor": [xor], "lstm": [lstm_online], "online": [lambda: ff_online(1), lambda: ff_online(None)],
         "batch": [ff_batch], "tiny": [ff_tiny], "bptt": [bptt], "threads": [threads]}

if __name__ == "__main__":
    import os
    chosen = sys.argv[1:] or list(PARTS)
    print(f"numpy {np.__version__}; load average {os.getloadavg()[0]:.2f}; best of several repeats")
    for name in chosen:
        for part in PARTS[name]:
            part()
