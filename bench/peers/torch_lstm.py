"""PyTorch, the peer a learner would pick for recurrent networks: an LSTM training step on the CPU.

PyTorch is optional and only ever used here (``pip install torch==2.13.0``, a CPU build); without it
every function raises :class:`~harness.rows.NotAvailable` and the rows say "torch not installed".
torch's ``nn.LSTM`` has no peepholes: compare it with nnteach's ``LSTM(…, peepholes=False)``.
"""
from __future__ import annotations

import numpy as np

from harness.rows import NotAvailable

__all__ = ["torch", "bptt_step", "online_step"]


def torch():
    """The ``torch`` module, or :class:`NotAvailable`."""
    try:
        import torch as t
    except ImportError:
        raise NotAvailable("torch not installed (pip install torch==2.13.0, CPU build)") from None
    return t


def bptt_step(X: np.ndarray, Y: np.ndarray, M: int, rate: float, dtype: str):
    """One full-BPTT training step on the batch ``X (B, T, N)``, ``Y (B, T, K)``: ``nn.LSTM`` (M cells) +
    ``nn.Linear`` readout + sigmoid, binary cross-entropy summed over steps and outputs and averaged over
    sequences (nnteach's loss), backward, ``optim.SGD``.  Returns ``step()``."""
    t = torch()
    dt = getattr(t, dtype)
    t.manual_seed(0)
    B, T, N = X.shape
    lstm = t.nn.LSTM(N, M, batch_first=True).to(dt)
    readout = t.nn.Linear(M, Y.shape[2]).to(dt)
    opt = t.optim.SGD(list(lstm.parameters()) + list(readout.parameters()), lr=rate)
    x, y = t.tensor(X, dtype=dt), t.tensor(Y, dtype=dt)

    def step() -> None:
        opt.zero_grad()
        h, _ = lstm(x)
        p = t.sigmoid(readout(h))
        loss = t.nn.functional.binary_cross_entropy(p, y, reduction="sum") / B
        loss.backward()
        opt.step()

    return step


def online_step(X: np.ndarray, Y: np.ndarray, M: int, rate: float, dtype: str = "float32"):
    """One online update per time step over the stream ``X (S, N)``, ``Y (S, K)`` (wrapping around):
    ``nn.LSTMCell`` carries its state from step to step (detached, so the gradient of each step is
    that step's alone), ``nn.Linear`` + sigmoid readout, binary cross-entropy, ``optim.SGD``.
    Returns ``step()``."""
    t = torch()
    dt = getattr(t, dtype)
    t.manual_seed(0)
    cell = t.nn.LSTMCell(X.shape[1], M).to(dt)
    readout = t.nn.Linear(M, Y.shape[1]).to(dt)
    opt = t.optim.SGD(list(cell.parameters()) + list(readout.parameters()), lr=rate)
    xs, ys = t.tensor(X, dtype=dt)[:, None, :], t.tensor(Y, dtype=dt)[:, None, :]
    state = {"h": t.zeros(1, M, dtype=dt), "c": t.zeros(1, M, dtype=dt), "k": 0}
    bce = t.nn.functional.binary_cross_entropy

    def step() -> None:
        k = state["k"]
        state["k"] = (k + 1) % len(xs)
        opt.zero_grad()
        h, c = cell(xs[k], (state["h"].detach(), state["c"].detach()))
        loss = bce(t.sigmoid(readout(h)), ys[k], reduction="sum")
        loss.backward()
        opt.step()
        state["h"], state["c"] = h, c

    return step
