"""The Perceptron's fast kernel (private): the delta rule of math.md §2.3 written into one gradient buffer.

:func:`nnteach.train` runs on it for every :class:`~nnteach.Perceptron`.  Its readable twin is
:meth:`nnteach.Perceptron.loss_and_grads_unchecked` (the layer-by-layer loop of Eq. 5.2–5.5): read that
one.  The project's tests prove that both give the same gradients (to 1e-12).

Speed: every array is allocated once per batch size and every operation writes in place; the
gradient arrays are views into one flat buffer laid out like the model's parameters, so the trainer
moves every parameter with one operation; the factor ``−scale / B`` (the rate and the mean over the
batch) multiplies the output deltas once, and so every delta and gradient after them.  Patterns are
rows: a batch ``(B, n)``, one pattern ``(1, n)``.
"""
from __future__ import annotations

import numpy as np

from .model import flat_views

__all__ = ["Step", "IN_PLACE", "SLOPE"]

add, subtract, multiply, dot, tanh = np.add, np.subtract, np.multiply, np.dot, np.tanh


def _logistic(S: np.ndarray) -> None:
    multiply(S, 0.5, out=S)          # σ(s) = ½ + ½ tanh(s/2), as activations.logistic
    tanh(S, out=S)
    multiply(S, 0.5, out=S)
    add(S, 0.5, out=S)


def _tanh(S: np.ndarray) -> None:
    tanh(S, out=S)


def _relu(S: np.ndarray) -> None:
    np.maximum(S, 0.0, out=S)


def _identity(S: np.ndarray) -> None:
    pass


def _logistic_slope(Y: np.ndarray, F: np.ndarray) -> None:
    subtract(1.0, Y, out=F)          # y (1 − y), Eq. (2.2)
    multiply(F, Y, out=F)


def _tanh_slope(Y: np.ndarray, F: np.ndarray) -> None:
    multiply(Y, Y, out=F)            # 1 − y², Eq. (2.4)
    subtract(1.0, F, out=F)


def _relu_slope(Y: np.ndarray, F: np.ndarray) -> None:
    np.greater(Y, 0.0, out=F)        # 1 where y > 0, else 0


#: ``f(S)`` computed in place, by activation name.
IN_PLACE = {"logistic": _logistic, "tanh": _tanh, "relu": _relu, "identity": _identity}
#: ``f'`` from the output ``Y`` into ``F``, by activation name (None: the slope is 1).
SLOPE = {"logistic": _logistic_slope, "tanh": _tanh_slope, "relu": _relu_slope, "identity": None}


class Step:
    """``scale · ∂E/∂θ`` of a batch of ``B`` patterns, written into :attr:`grads`; ``t − y`` into ``errors``.

    Args:
        params: the model's parameters (views of its flat buffer, in its order): ``W1 b1 … WL bL``.
        activations: the activation name of each layer ``1 … L``.
        cost: ``"mse"`` or ``"cross_entropy"``.
        B: the number of patterns per call.

    Calling ``step(X, T, scale, errors)`` with ``X (B, n0)``, ``T (B, nL)`` and ``errors (B, nL)`` fills
    :attr:`grads` (a flat buffer laid out like the parameters) with ``scale`` times the mean gradient over
    the batch, exactly what :meth:`~nnteach.Perceptron.loss_and_grads_unchecked` returns times ``scale``.
    """

    def __init__(self, params: dict[str, np.ndarray], activations: list[str], cost: str, B: int) -> None:
        L = len(activations)
        self.B, self.L, self.mse = B, L, cost == "mse"
        self.W = [params[f"W{l}"] for l in range(1, L + 1)]
        self.b = [params[f"b{l}"] for l in range(1, L + 1)]
        self.grads = np.empty(sum(W.size + b.size for W, b in zip(self.W, self.b)))
        views = flat_views(self.grads, [(k, v.shape) for k, v in params.items()])
        self.gW = [views[f"W{l}"] for l in range(1, L + 1)]
        self.gb = [views[f"b{l}"] for l in range(1, L + 1)]
        sizes = [W.shape[0] for W in self.W]
        self.Y = [np.empty((B, n)) for n in sizes]          # S_l, then Y_l = f(S_l) in place
        self.D = [np.empty((B, n)) for n in sizes]          # scaled deltas of every layer
        self.F = [np.empty((B, n)) for n in sizes]          # f'(s) of every layer
        self.f = [IN_PLACE[a] for a in activations]
        self.slope = [SLOPE[a] for a in activations]
        self.ones = np.ones(B)                              # Σ over the batch as one product

    def __call__(self, X: np.ndarray, T: np.ndarray, scale: float, errors: np.ndarray) -> None:
        Y, D, F = self.Y, self.D, self.F
        y = X
        for l in range(self.L):                              # forward, Eq. (3.2), (3.3)
            dot(y, self.W[l].T, out=Y[l])
            add(Y[l], self.b[l], out=Y[l])
            self.f[l](Y[l])
            y = Y[l]
        c = -scale / self.B                                  # ∂E/∂θ = −Σ δ y / B, times scale
        subtract(T, y, out=errors)                           # t − y
        d = D[-1]
        slope = self.slope[-1]
        if self.mse and slope is not None:                   # δ = (t − y) f'(s), Eq. (5.2a)
            slope(y, F[-1])
            multiply(errors, F[-1], out=d)
            multiply(d, c, out=d)
        else:                                                # cross-entropy: δ = t − y, Eq. (5.3)
            multiply(errors, c, out=d)
        for l in range(self.L - 1, -1, -1):
            y_in = Y[l - 1] if l else X
            dot(D[l].T, y_in, out=self.gW[l])                # −ε ∂E/∂w_ji ∝ δ_j y_i, Eq. (5.5)
            dot(self.ones, D[l], out=self.gb[l])
            if l:
                dot(D[l], self.W[l], out=D[l - 1])           # δ_j = f'(s_j) Σ_k δ_k w_kj, Eq. (5.4)
                slope = self.slope[l - 1]
                if slope is not None:
                    slope(Y[l - 1], F[l - 1])
                    multiply(D[l - 1], F[l - 1], out=D[l - 1])
