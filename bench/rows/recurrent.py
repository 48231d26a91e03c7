"""Recurrent rows: online LSTM steps per second, and one BPTT training step against PyTorch.

*Online, one update per step* (Synaptic's way of training, LSTM-g): for each time step, activate and
update the weights at once.  nnteach's path is ``train(model, data, online=True)`` (:func:`nnteach_online`):
the stream is one sequence, the state is carried from step to step, and every step's gradient is BPTT
truncated to that step.  Two proxies stay as context: ``train`` on one-step sequences (the state not
carried) and the model's unchecked BPTT of one step with a dict update.  ``online_step`` of
bench/bench_lstm_g_speed.py plugs in the vectorised LSTM-g layer of ``nnteach.graph`` (Synaptic's own
algorithm), once with numba's kernels, held to the row's target too, and once in its numpy-only form
(``fast=False``), reported (see bench/README.md, "Rows from other scripts").
"""
from __future__ import annotations

import numpy as np

from harness.hooks import unchecked
from harness.plugins import external
from harness.rows import NotAvailable, Ratio, Row
from harness.speed import measure_speed, python_sampler, synaptic_sampler
from peers import torch_lstm

import nnteach
from nnteach.datasets import synaptic_demo_recall

__all__ = ["ROWS", "nnteach_online"]

SECTION = "Recurrent"
RATE = 0.1


def _stream(N: int, K: int, steps: int = 2000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A stream of ``steps`` (input, target) pairs: Synaptic's demo recall trials one after another
    (6 one-hot inputs, 2 targets), or random one-hot inputs and 0/1 targets for other sizes."""
    if (N, K) == (6, 2):
        trials = synaptic_demo_recall(steps // 10, seed=seed)
        return trials.X.reshape(-1, N), trials.T.reshape(-1, K)
    rng = np.random.default_rng(seed)
    return np.eye(N)[rng.integers(0, N, steps)], (rng.uniform(size=(steps, K)) < 0.5).astype(float)


def nnteach_online(N: int, M: int, K: int, X: np.ndarray, Y: np.ndarray, seed: int = 0):
    """nnteach's own online path for its LSTM: ``train(online=True)`` over the stream ``X (S, N)``, ``Y (S, K)``
    as one sequence (one weight update per time step at rate ``RATE``, the state carried), cross-entropy
    (Synaptic's output delta t − y), with Synaptic's reported error (``error_on="seen"``).  Returns
    ``(run, S)``: ``run()`` does the S steps."""
    model = nnteach.LSTM(N, M, K, seed=seed)
    data = (X[None], Y[None])
    run = lambda: nnteach.train(model, data, rate=RATE, iterations=1, error=0.0, online=True, cost="cross_entropy",
                                error_on="seen")
    return run, len(X)


def online_row(ctx, N: int, M: int, K: int, target: str | None, row_id: str, note: str = "") -> Row:
    """Online steps per second of an LSTM(N, M, K): one time step forward and one weight update."""
    row = Row(row_id, f"online steps/s LSTM({N}, {M}, {K}), one update per step", SECTION, "steps/s",
              ratios=[Ratio("nnteach", "synaptic", target, "nnteach train(online=True), matrix LSTM"),
                      Ratio("graph", "synaptic", target, "nnteach.graph: LSTM-g, Synaptic's algorithm, numba"),
                      Ratio("graph-numpy", "synaptic", None, "nnteach.graph: LSTM-g, numpy only (fast=False)"),
                      Ratio("nnteach", "torch", None)], note=note,
              short=f"online steps/s LSTM({N}, {M}, {K})")
    X, Y = _stream(N, K)
    S = len(X)
    Xs, Ys = X[:, None, :], Y[:, None, :]                 # S one-step sequences

    def own():
        run, steps = nnteach_online(N, M, K, X, Y)
        return python_sampler(run, ctx.settings.chunk, per_call=steps)

    def proxy_train():
        model = nnteach.LSTM(N, M, K, seed=0)
        run = lambda: nnteach.train(model, (Xs, Ys), rate=RATE, iterations=1, error=0.0, batch_size=1,
                                    cost="cross_entropy")
        return python_sampler(run, ctx.settings.chunk, per_call=S)

    def proxy_step():
        model = nnteach.LSTM(N, M, K, seed=0)
        params, loss_and_grads, k = model.params, unchecked(model), [0]

        def step():
            i = k[0]
            k[0] = (i + 1) % S
            _, grads = loss_and_grads(Xs[i], Ys[i], "cross_entropy")   # the public hook: BPTT of one step
            for name, p in params.items():
                g = grads[name]
                g *= RATE
                p -= g
        return python_sampler(step, ctx.settings.chunk)

    def synaptic():
        syn = ctx.synaptic
        return synaptic_sampler(ctx, syn.build("LSTM", (N, M, K), seed=0), syn.data(X, Y), RATE)

    def torch():
        return python_sampler(torch_lstm.online_step(X, Y, M, RATE), ctx.settings.chunk)

    def graph(fast: bool):
        def make():
            online_step = external("bench_lstm_g_speed", "online_step")
            try:
                step = online_step(N, M, K, X, Y, rate=RATE, seed=0, fast=fast)
            except ValueError as e:                        # fast=True without numba
                raise NotAvailable(str(e)) from None
            return python_sampler(step, ctx.settings.chunk)
        return make

    # The best nnteach path present is the one the ratio uses ("nnteach"); the others stay as context.
    try:
        nnteach_online(N, M, K, X, Y)
        keys = ("nnteach", "nnteach-proxy", "nnteach-proxy-step")
    except NotAvailable:
        keys = ("nnteach-online", "nnteach", "nnteach-proxy-step")
        row.ratios[0].label = "nnteach: the train proxy"
    measure_speed(ctx, row, [
        (keys[0], f"nnteach `train(online=True, error_on=\"seen\")` over a stream of {S} steps: one update per "
                  "step, state carried", own),
        (keys[1], "proxy: nnteach `train(batch_size=1)` on one-step sequences (state not carried)", proxy_train),
        (keys[2], "proxy: nnteach's unchecked loss and gradients of one step + in-place update", proxy_step),
        ("synaptic", f"Synaptic `Architect.LSTM({N}, {M}, {K})` `activate` + `propagate`", synaptic),
        ("torch", "PyTorch `nn.LSTMCell` + `nn.Linear`, float32, state carried (detached), SGD", torch),
        ("graph", f"nnteach.graph `VectorisedLSTM({N}, {M}, {K}, fast=True)`: LSTM-g (Synaptic's algorithm: "
                  "eligibility traces, one update per step), numba's compiled kernels (bench/bench_lstm_g_speed.py)",
         graph(True)),
        ("graph-numpy", "the same layer with `fast=False`: its fused numpy form, no numba", graph(False)),
    ])
    return row


# -- one BPTT training step, N=8 M=32 K=8 T=50 B=32 -------------------------------------------------
BPTT = dict(N=8, M=32, K=8, T=50, B=32)


def bptt_row(ctx) -> Row:
    """One full-BPTT training step (forward, logistic readout + cross-entropy, BPTT, SGD update)."""
    N, M, K, T, B = (BPTT[k] for k in "NMKTB")
    row = Row("lstm-bptt", f"LSTM BPTT step N={N} M={M} K={K} T={T} B={B}, nnteach (one BLAS thread) vs "
              "PyTorch (its default threads)", SECTION, "ms/step",
              ratios=[Ratio("nnteach", "torch64", "<= 0.5", "vs float64"),
                      Ratio("nnteach", "torch32", "<= 1.0", "vs float32"),
                      Ratio("nnteach", "torch64-1t", None, "vs float64, one thread"),
                      Ratio("nnteach", "torch32-1t", None, "vs float32, one thread")],
              short=f"LSTM BPTT step N={N} M={M} K={K} T={T} B={B}, nnteach 1 thread",
              note="nnteach computes in float64 (the model contract), without peepholes like torch's nn.LSTM. "
                   "torch float64 is the like-for-like precision, float32 what a learner gets by default; float32 "
                   "matrix products take about 40 % of the float64 ones (bench/profile_nnteach.py bptt), and the "
                   "products are about a third of nnteach's step, the rest being element-wise numpy passes.")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(B, T, N))
    Y = (rng.uniform(size=(B, T, K)) < 0.5).astype(float)

    def nnteach_train(peepholes: bool, options: dict):
        def make():
            model = nnteach.LSTM(N, M, K, peepholes=peepholes, seed=0)
            run = lambda: nnteach.train(model, (X, Y), rate=RATE, iterations=5, error=0.0, batch_size=B,
                                        cost="cross_entropy", **options)
            return python_sampler(run, ctx.settings.chunk, per_call=5, threads=1)
        return make

    def nnteach_readable():
        model = nnteach.LSTM(N, M, K, peepholes=False, seed=0)
        params, loss_and_grads = model.params, unchecked(model)

        def step():
            _, grads = loss_and_grads(X, Y, "cross_entropy")          # the public hook, fresh gradient arrays
            for k, p in params.items():
                g = grads[k]
                g *= RATE
                p -= g
        return python_sampler(step, ctx.settings.chunk, threads=1)

    def torch_step(dtype: str, threads: int | None):
        def make():
            t = torch_lstm.torch()
            step = torch_lstm.bptt_step(X, Y, M, RATE, dtype)
            default = t.get_num_threads()

            def sample():
                if threads is not None:
                    t.set_num_threads(threads)
                try:
                    return python_sampler(step, ctx.settings.chunk)()
                finally:
                    t.set_num_threads(default)
            return sample
        return make

    measure_speed(ctx, row, [
        ("nnteach", "nnteach `LSTM(peepholes=False)`, `train(batch_size=32, error_on=\"seen\")`: one BPTT step and "
                    "one update per epoch", nnteach_train(False, dict(error_on="seen"))),
        ("nnteach-peep", "nnteach `LSTM` with peepholes, the same", nnteach_train(True, dict(error_on="seen"))),
        ("nnteach-data", "nnteach `train(batch_size=32)` with the default `error_on=\"data\"` (one more forward "
                         "pass per epoch), no peepholes", nnteach_train(False, {})),
        ("nnteach-lg", "nnteach's public `loss_and_grads_unchecked` (fresh arrays, the loss) + a dict update, no "
                       "peepholes", nnteach_readable),
        ("torch64", "PyTorch `nn.LSTM` + `nn.Linear`, float64, default threads", torch_step("float64", None)),
        ("torch32", "PyTorch, float32, default threads", torch_step("float32", None)),
        ("torch64-1t", "PyTorch, float64, one thread", torch_step("float64", 1)),
        ("torch32-1t", "PyTorch, float32, one thread", torch_step("float32", 1)),
    ])
    return row


ROWS = {
    "lstm-online-6-7-2": lambda ctx: online_row(ctx, 6, 7, 2, ">= 3", "lstm-online-6-7-2"),
    "lstm-online-6-4-2": lambda ctx: online_row(
        ctx, 6, 4, 2, None, "lstm-online-6-4-2",
        note="Synaptic's demo size (its DSR demo trains LSTM(6, 4, 2)). No target: reported because "
             "Synaptic's speed falls off a cliff between 5 and 6 memory blocks (measured here: LSTM(6, 5, 2) "
             "about 0.6 M steps/s, LSTM(6, 6, 2) about 30 k), presumably where its generated function grows "
             "too large for V8's optimising compiler."),
    "lstm-bptt": bptt_row,
}
