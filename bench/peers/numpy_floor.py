"""The plain-numpy floor of each feed-forward row: the same math as nnteach, written by hand.

Each floor starts from a copy of an nnteach ``Perceptron``'s weights and does exactly what
``nnteach.train`` does for that row (same cost, same deltas, same update), in as few numpy calls as
plain readable numpy needs and without any checks, options or bookkeeping.  It shows what numpy
itself costs, so that the distance between nnteach and the floor is nnteach's own overhead.
Logistic units throughout (math.md §2.3): ``y = 1 / (1 + exp(−s))``, ``f'(s) = y (1 − y)``.

The best plain numpy we know at these sizes, measured: every array allocated once; every operation a
ufunc or product called with ``out=`` (an augmented assignment ``a *= b`` costs more per call);
constants as 0-d arrays (a Python number is converted on every call); an outer product ``d yᵀ`` as
the BLAS product ``np.dot(d[:, None], y[None, :])`` (twice as fast as ``np.multiply.outer`` for
128 × 64); sums over a batch as ``np.dot(ones, D)``; the rate folded into the deltas.
"""
from __future__ import annotations

import numpy as np

__all__ = ["OnlineFloor", "BatchFloor", "GemmFloor", "xor_full_batch"]


def _logistic(s: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-s))


HALF, ONE = np.array(0.5), np.array(1.0)
mul, add, sub, dot, tanh = np.multiply, np.add, np.subtract, np.dot, np.tanh


def _logistic_inplace(a: np.ndarray) -> None:
    """``a ← σ(a)`` without temporaries: σ(s) = ½ + ½ tanh(s/2)."""
    mul(a, HALF, out=a)
    tanh(a, out=a)
    mul(a, HALF, out=a)
    add(a, HALF, out=a)


def _weights(net) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    p = net.params
    if net.n_layers != 2:
        raise ValueError("the floors are written for one hidden layer")
    return p["W1"].copy(), p["b1"].copy(), p["W2"].copy(), p["b2"].copy()


class OnlineFloor:
    """Online descent of ½ Σ (t − y)² (nnteach's default cost), one pattern per update.

    ``step()`` takes the next pattern of ``X (P, N)``, ``T (P, K)`` (wrapping around).  Every array is
    allocated once and every operation writes in place: 28 numpy calls a step.
    """

    def __init__(self, net, X: np.ndarray, T: np.ndarray, rate: float) -> None:
        self.W1, self.b1, self.W2, self.b2 = _weights(net)
        self.X, self.T, self.rate, self.k = X, T, np.array(rate), 0
        n1, n2 = self.b1.size, self.b2.size
        self.y1, self.y2, self.d1, self.d2 = np.empty(n1), np.empty(n2), np.empty(n1), np.empty(n2)
        self.f1, self.f2 = np.empty(n1), np.empty(n2)             # f'(s) = y (1 − y)
        self.G1, self.G2 = np.empty_like(self.W1), np.empty_like(self.W2)
        self.d1_col, self.d2_col, self.y1_row = self.d1[:, None], self.d2[:, None], self.y1[None, :]

    def step(self) -> None:
        x, t = self.X[self.k], self.T[self.k]
        self.k = (self.k + 1) % len(self.X)
        W1, b1, W2, b2, y1, y2, d1, d2 = self.W1, self.b1, self.W2, self.b2, self.y1, self.y2, self.d1, self.d2
        dot(W1, x, out=y1)                                # forward, Eq. (3.2), (3.3)
        add(y1, b1, out=y1)
        _logistic_inplace(y1)
        dot(W2, y1, out=y2)
        add(y2, b2, out=y2)
        _logistic_inplace(y2)
        sub(t, y2, out=d2)                                # output deltas (MSE): (t − y) f'(s), Eq. (5.2a)
        sub(ONE, y2, out=self.f2)
        mul(self.f2, y2, out=self.f2)
        mul(d2, self.f2, out=d2)
        dot(d2, W2, out=d1)                               # hidden deltas: f'(s) Σ δ w, Eq. (5.4)
        sub(ONE, y1, out=self.f1)
        mul(self.f1, y1, out=self.f1)
        mul(d1, self.f1, out=d1)
        mul(d2, self.rate, out=d2)                        # updates ε δ y, Eq. (5.5)
        mul(d1, self.rate, out=d1)
        dot(self.d2_col, self.y1_row, out=self.G2)        # the outer product δ yᵀ, by BLAS
        add(W2, self.G2, out=W2)
        add(b2, d2, out=b2)
        dot(self.d1_col, x[None, :], out=self.G1)
        add(W1, self.G1, out=W1)
        add(b1, d1, out=b1)


class BatchFloor:
    """One update per batch of ``B`` patterns (the mean gradient), MSE; the batches of ``X`` in turn.
    Arrays allocated once, operations in place, as :class:`OnlineFloor`."""

    def __init__(self, net, X: np.ndarray, T: np.ndarray, rate: float, batch: int) -> None:
        self.W1, self.b1, self.W2, self.b2 = _weights(net)
        self.X, self.T, self.B, self.k = X, T, batch, 0
        self.eps = np.array(rate / batch)                 # the rate, and the mean over the batch
        n1, n2 = self.b1.size, self.b2.size
        self.Y1, self.Y2, self.D1, self.D2 = (np.empty((batch, n)) for n in (n1, n2, n1, n2))
        self.F1, self.F2 = np.empty((batch, n1)), np.empty((batch, n2))
        self.G1, self.G2 = np.empty_like(self.W1), np.empty_like(self.W2)
        self.g1, self.g2 = np.empty_like(self.b1), np.empty_like(self.b2)
        self.ones = np.ones(batch)

    def step(self) -> None:
        X, T = self.X[self.k:self.k + self.B], self.T[self.k:self.k + self.B]
        self.k = (self.k + self.B) % len(self.X)
        Y1, Y2, D1, D2 = self.Y1, self.Y2, self.D1, self.D2
        dot(X, self.W1.T, out=Y1)
        add(Y1, self.b1, out=Y1)
        _logistic_inplace(Y1)
        dot(Y1, self.W2.T, out=Y2)
        add(Y2, self.b2, out=Y2)
        _logistic_inplace(Y2)
        sub(T, Y2, out=D2)
        sub(ONE, Y2, out=self.F2)
        mul(self.F2, Y2, out=self.F2)
        mul(D2, self.F2, out=D2)
        mul(D2, self.eps, out=D2)                         # ε / B folded into the deltas
        dot(D2, self.W2, out=D1)
        sub(ONE, Y1, out=self.F1)
        mul(self.F1, Y1, out=self.F1)
        mul(D1, self.F1, out=D1)
        dot(D2.T, Y1, out=self.G2)
        add(self.W2, self.G2, out=self.W2)
        dot(self.ones, D2, out=self.g2)                   # Σ over the batch, by BLAS
        add(self.b2, self.g2, out=self.b2)
        dot(D1.T, X, out=self.G1)
        add(self.W1, self.G1, out=self.W1)
        dot(self.ones, D1, out=self.g1)
        add(self.b1, self.g1, out=self.b1)


class GemmFloor:
    """The bare matrix products of one batch step and nothing else: the floor below any numpy code.

    Forward ``X W1ᵀ``, ``Y1 W2ᵀ``; backward ``D2 W2``; gradients ``D2ᵀ Y1``, ``D1ᵀ X``: five GEMMs into
    preallocated arrays (the element-wise work, activations, deltas and updates, is left out).
    """

    def __init__(self, net, X: np.ndarray, batch: int) -> None:
        W1, _, W2, _ = _weights(net)
        self.W1, self.W2, self.X = W1, W2, X[:batch].copy()
        n1, n2 = W1.shape[0], W2.shape[0]
        self.Y1, self.Y2 = np.empty((batch, n1)), np.empty((batch, n2))
        self.D1, self.D2 = np.full((batch, n1), 0.01), np.full((batch, n2), 0.01)
        self.G1, self.G2 = np.empty_like(W1), np.empty_like(W2)

    def step(self) -> None:
        np.matmul(self.X, self.W1.T, out=self.Y1)
        np.matmul(self.Y1, self.W2.T, out=self.Y2)
        np.matmul(self.D2, self.W2, out=self.D1)
        np.matmul(self.D2.T, self.Y1, out=self.G2)
        np.matmul(self.D1.T, self.X, out=self.G1)


def xor_full_batch(net, X: np.ndarray, T: np.ndarray, *, rate: float, momentum: float, error: float,
                   iterations: int) -> tuple[int, float]:
    """XOR by full-batch descent of the cross-entropy with momentum, as ``nnteach.train`` with
    ``cost="cross_entropy", batch_size=None`` does (math.md §2.2, §2.4): δ_out = t − y, the mean
    gradient, ``v ← μ v + ε G``, ``W ← W + v``; stop when the mean of (t − y)² is ≤ ``error``.

    Starts from ``net``'s weights (not changed).  Returns ``(epochs, reported error)``: with the same
    starting weights the epochs equal nnteach's, which checks that the floor does the same work.
    """
    W1, b1, W2, b2 = _weights(net)
    params = [W1, b1, W2, b2]
    velocity = [np.zeros_like(p) for p in params]
    B = len(X)
    for epoch in range(1, iterations + 1):
        Y1 = _logistic(X @ W1.T + b1)
        Y2 = _logistic(Y1 @ W2.T + b2)
        D2 = T - Y2                                      # cross-entropy: f' cancels, Eq. (5.3)
        D1 = (D2 @ W2) * Y1 * (1.0 - Y1)
        grads = [D1.T @ X / B, D1.sum(axis=0) / B, D2.T @ Y1 / B, D2.sum(axis=0) / B]
        for p, v, g in zip(params, velocity, grads):
            v *= momentum
            v += rate * g
            p += v
        Y = _logistic(_logistic(X @ W1.T + b1) @ W2.T + b2)
        reported = float(np.mean((T - Y) ** 2))
        if reported <= error:
            return epoch, reported
    return iterations, reported
