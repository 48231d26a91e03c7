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
HALF, ONE = np.array(0.5), np.array(1.0)     # constants as arrays: a Python number is converted on every call
CHUNK = 1024                                  # rows per forward pass of squared_errors (bounds its memory)


def _logistic(S: np.ndarray) -> None:
    multiply(S, HALF, out=S)         # σ(s) = ½ + ½ tanh(s/2), as activations.logistic
    tanh(S, out=S)
    multiply(S, HALF, out=S)
    add(S, HALF, out=S)


def _tanh(S: np.ndarray) -> None:
    tanh(S, out=S)


def _relu(S: np.ndarray) -> None:
    np.maximum(S, 0.0, out=S)


def _identity(S: np.ndarray) -> None:
    pass


def _logistic_slope(Y: np.ndarray, F: np.ndarray) -> None:
    subtract(ONE, Y, out=F)          # y (1 − y), Eq. (2.2)
    multiply(F, Y, out=F)


def _tanh_slope(Y: np.ndarray, F: np.ndarray) -> None:
    multiply(Y, Y, out=F)            # 1 − y², Eq. (2.4)
    subtract(ONE, F, out=F)


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
    With ``B = 1`` the kernel takes one pattern: ``x (n0,)``, ``t`` and ``errors (nL,)``.
    """

    def __init__(self, params: dict[str, np.ndarray], activations: list[str], cost: str, B: int) -> None:
        L = len(activations)
        self.B, self.L, self.mse = B, L, cost == "mse"
        W = [params[f"W{l}"] for l in range(1, L + 1)]
        b = [params[f"b{l}"] for l in range(1, L + 1)]
        self.grads = np.empty(sum(w.size + v.size for w, v in zip(W, b)))
        views = flat_views(self.grads, [(k, v.shape) for k, v in params.items()])
        gW = [views[f"W{l}"] for l in range(1, L + 1)]
        gb = [views[f"b{l}"] for l in range(1, L + 1)]
        sizes = [w.shape[0] for w in W]
        one = B == 1
        Y = [np.empty(n) if one else np.empty((B, n)) for n in sizes]    # S_l, then Y_l = f(S_l) in place
        # deltas: one pattern's scaled deltas are its bias gradients, so they are written there directly
        D = gb if one else [np.empty((B, n)) for n in sizes]
        F = [np.empty_like(y) for y in Y]                                  # f'(s) of every layer
        self.out = Y[-1], D[-1], F[-1]
        self.f = [IN_PLACE[a] for a in activations]
        self.output_slope = SLOPE[activations[-1]] if self.mse else None
        self.forward_layers = list(zip(W, b, Y, self.f))
        # backward: (δ_l as a column (or the batch), the layer's inputs as a row (or the batch), ∂W_l, ∂b_l,
        # W_l, δ_{l−1}, Y_{l−1}, F_{l−1}, f'_{l−1}), last layer first
        self.backward_layers = []
        for l in range(L - 1, -1, -1):
            d_col = D[l].reshape(-1, 1) if one else D[l].T
            y_in = (Y[l - 1].reshape(1, -1) if one else Y[l - 1]) if l else None     # None: the input x
            below = (D[l - 1], Y[l - 1], F[l - 1], SLOPE[activations[l - 1]]) if l else None
            self.backward_layers.append((d_col, y_in, gW[l], gb[l], D[l], W[l], below))
        self.ones = np.ones(B)                                             # Σ over the batch as one product
        self.c = np.array(0.0)
        self.chunks: dict[int, list[np.ndarray]] = {}                      # arrays of squared_errors, by rows

    def squared_errors(self, X: np.ndarray, T: np.ndarray) -> float:
        """``Σ (t − y)²`` over the patterns ``X (n, n0)``, ``T (n, nL)`` with the current weights: the forward
        pass in chunks of at most :data:`CHUNK` rows, its arrays kept from call to call."""
        total = 0.0
        for start in range(0, len(X), CHUNK):
            y, t = X[start:start + CHUNK], T[start:start + CHUNK]
            arrays = self.chunks.get(len(y))
            if arrays is None:
                arrays = self.chunks[len(y)] = [np.empty((len(y), W.shape[0])) for W, *_ in self.forward_layers]
            for (W, b, _, f), Y in zip(self.forward_layers, arrays):
                dot(y, W.T, out=Y)
                add(Y, b, out=Y)
                f(Y)
                y = Y
            subtract(t, y, out=y)
            total += float(np.vdot(y, y))
        return total

    def __call__(self, X: np.ndarray, T: np.ndarray, scale: float, errors: np.ndarray) -> None:
        y = X
        for W, b, Y, f in self.forward_layers:              # forward, Eq. (3.2), (3.3)
            dot(y, W.T, out=Y)
            add(Y, b, out=Y)
            f(Y)
            y = Y
        c = self.c
        c[...] = -scale / self.B                             # ∂E/∂θ = −Σ δ y / B, times scale
        subtract(T, y, out=errors)                           # t − y
        _, d, F = self.out
        slope = self.output_slope
        if slope is not None:                                # MSE: δ = (t − y) f'(s), Eq. (5.2a)
            slope(y, F)
            multiply(errors, F, out=d)
            multiply(d, c, out=d)
        else:                                                # cross-entropy: δ = t − y, Eq. (5.3)
            multiply(errors, c, out=d)
        one = self.B == 1
        for d_col, y_in, gW, gb, D, W, below in self.backward_layers:
            if y_in is None:                                 # the first layer: its inputs are the patterns
                y_in = X.reshape(1, -1) if one else X
            dot(d_col, y_in, out=gW)                         # −ε ∂E/∂w_ji ∝ δ_j y_i, Eq. (5.5)
            if not one:
                dot(self.ones, D, out=gb)                    # (one pattern: δ is already in ∂b)
            if below is not None:
                D_below, Y_below, F_below, slope_below = below
                dot(D, W, out=D_below)                       # δ_j = f'(s_j) Σ_k δ_k w_kj, Eq. (5.4)
                if slope_below is not None:
                    slope_below(Y_below, F_below)
                    multiply(D_below, F_below, out=D_below)
