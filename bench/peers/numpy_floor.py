"""The plain-numpy floor of each feed-forward row: the same math as nnteach, written by hand.

Each floor starts from a copy of an nnteach ``Perceptron``'s weights and does exactly what
``nnteach.train`` does for that row (same cost, same deltas, same update), in as few numpy calls as
plain readable numpy needs and without any checks, options or bookkeeping.  It shows what numpy
itself costs, so that the distance between nnteach and the floor is nnteach's own overhead.
Logistic units throughout (math.md §2.3): ``y = 1 / (1 + exp(−s))``, ``f'(s) = y (1 − y)``.
"""
from __future__ import annotations

import numpy as np

__all__ = ["OnlineFloor", "BatchFloor", "GemmFloor", "xor_full_batch"]


def _logistic(s: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-s))


def _logistic_inplace(a: np.ndarray) -> None:
    """``a ← σ(a)`` without temporaries: σ(s) = ½ + ½ tanh(s/2)."""
    a *= 0.5
    np.tanh(a, out=a)
    a *= 0.5
    a += 0.5


def _weights(net) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    p = net.params
    if net.n_layers != 2:
        raise ValueError("the floors are written for one hidden layer")
    return p["W1"].copy(), p["b1"].copy(), p["W2"].copy(), p["b2"].copy()


class OnlineFloor:
    """Online descent of ½ Σ (t − y)² (nnteach's default cost), one pattern per update.

    ``step()`` takes the next pattern of ``X (P, N)``, ``T (P, K)`` (wrapping around).  Every array is
    allocated once and every operation writes in place: about 25 numpy calls a step.
    """

    def __init__(self, net, X: np.ndarray, T: np.ndarray, rate: float) -> None:
        self.W1, self.b1, self.W2, self.b2 = _weights(net)
        self.X, self.T, self.rate, self.k = X, T, rate, 0
        n1, n2 = self.b1.size, self.b2.size
        self.y1, self.y2, self.d1, self.d2 = np.empty(n1), np.empty(n2), np.empty(n1), np.empty(n2)
        self.f1, self.f2 = np.empty(n1), np.empty(n2)             # f'(s) = y (1 − y)
        self.G1, self.G2 = np.empty_like(self.W1), np.empty_like(self.W2)

    def step(self) -> None:
        x, t = self.X[self.k], self.T[self.k]
        self.k = (self.k + 1) % len(self.X)
        W1, b1, W2, b2, y1, y2, d1, d2 = self.W1, self.b1, self.W2, self.b2, self.y1, self.y2, self.d1, self.d2
        np.matmul(W1, x, out=y1)                          # forward, Eq. (3.2), (3.3)
        y1 += b1
        _logistic_inplace(y1)
        np.matmul(W2, y1, out=y2)
        y2 += b2
        _logistic_inplace(y2)
        np.subtract(t, y2, out=d2)                        # output deltas (MSE): (t − y) f'(s), Eq. (5.2a)
        np.subtract(1.0, y2, out=self.f2)
        self.f2 *= y2
        d2 *= self.f2
        np.matmul(d2, W2, out=d1)                         # hidden deltas: f'(s) Σ δ w, Eq. (5.4)
        np.subtract(1.0, y1, out=self.f1)
        self.f1 *= y1
        d1 *= self.f1
        d2 *= self.rate                                   # updates ε δ y, Eq. (5.5)
        d1 *= self.rate
        np.multiply.outer(d2, y1, out=self.G2)
        W2 += self.G2
        b2 += d2
        np.multiply.outer(d1, x, out=self.G1)
        W1 += self.G1
        b1 += d1


class BatchFloor:
    """One update per batch of ``B`` patterns (the mean gradient), MSE; the batches of ``X`` in turn.
    Arrays allocated once, operations in place, as :class:`OnlineFloor`."""

    def __init__(self, net, X: np.ndarray, T: np.ndarray, rate: float, batch: int) -> None:
        self.W1, self.b1, self.W2, self.b2 = _weights(net)
        self.X, self.T, self.rate, self.B, self.k = X, T, rate, batch, 0
        n1, n2 = self.b1.size, self.b2.size
        self.Y1, self.Y2, self.D1, self.D2 = (np.empty((batch, n)) for n in (n1, n2, n1, n2))
        self.F1, self.F2 = np.empty((batch, n1)), np.empty((batch, n2))
        self.G1, self.G2 = np.empty_like(self.W1), np.empty_like(self.W2)

    def step(self) -> None:
        X, T = self.X[self.k:self.k + self.B], self.T[self.k:self.k + self.B]
        self.k = (self.k + self.B) % len(self.X)
        Y1, Y2, D1, D2 = self.Y1, self.Y2, self.D1, self.D2
        np.matmul(X, self.W1.T, out=Y1)
        Y1 += self.b1
        _logistic_inplace(Y1)
        np.matmul(Y1, self.W2.T, out=Y2)
        Y2 += self.b2
        _logistic_inplace(Y2)
        np.subtract(T, Y2, out=D2)
        np.subtract(1.0, Y2, out=self.F2)
        self.F2 *= Y2
        D2 *= self.F2
        np.matmul(D2, self.W2, out=D1)
        np.subtract(1.0, Y1, out=self.F1)
        self.F1 *= Y1
        D1 *= self.F1
        eps = self.rate / self.B                          # mean over the batch
        D2 *= eps
        D1 *= eps
        np.matmul(D2.T, Y1, out=self.G2)
        self.W2 += self.G2
        self.b2 += D2.sum(axis=0)
        np.matmul(D1.T, X, out=self.G1)
        self.W1 += self.G1
        self.b1 += D1.sum(axis=0)


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
