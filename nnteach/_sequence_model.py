"""What the matrix-level sequence models share (private): input checks, initial weights, the
readout's loss and deltas, and the checked ``loss_and_grads`` of the model contract (design.md §3).

:class:`~nnteach.rnn.RNN` and :class:`~nnteach.lstm.LSTM` subclass :class:`SequenceModel` and
implement ``_loss_and_grads`` (their BPTT); everything else here is the same for both.
"""
from __future__ import annotations

import numpy as np

from . import costs
from .validation import as_float_array, check_same_leading, check_sequence_shape

INITS = ("synaptic", "xavier")


def check_truncate(truncate) -> int | None:
    """``None`` (full BPTT) or a whole number ``h >= 0`` of steps, else ``ValueError``."""
    if truncate is None:
        return None
    if isinstance(truncate, bool) or not isinstance(truncate, (int, np.integer)) or truncate < 0:
        raise ValueError(f"truncate must be None (full BPTT) or a whole number h >= 0 of steps; got {truncate!r}")
    return int(truncate)


def check_init(init: str) -> str:
    if init not in INITS:
        raise ValueError(f"unknown init {init!r}; expected one of {', '.join(map(repr, INITS))}")
    return init


def uniform_init(rng: np.random.Generator, init: str, shape: tuple, fan_in: int, fan_out: int) -> np.ndarray:
    """Initial weights: ``"synaptic"`` U[−0.1, 0.1); ``"xavier"`` U[±sqrt(6 / (fan_in + fan_out))]."""
    limit = 0.1 if init == "synaptic" else float(np.sqrt(6.0 / (fan_in + fan_out)))
    return rng.uniform(-limit, limit, size=shape)


def as_sequences(X, n: int, what: str = "X") -> np.ndarray:
    """Checked float64 array of one sequence ``(T, n)`` or a batch ``(B, T, n)``."""
    X = as_float_array(X, what)
    check_sequence_shape(X, n, what)
    return X


def time_major(X: np.ndarray) -> np.ndarray:
    """``(T, N) -> (T, 1, N)`` or ``(B, T, N) -> (T, B, N)`` (contiguous)."""
    if X.ndim == 2:
        return X[:, None, :]
    return np.ascontiguousarray(X.transpose(1, 0, 2))


def batch_major(A: np.ndarray, single: bool) -> np.ndarray:
    """Undo :func:`time_major`: ``(T, B, ·) -> (B, T, ·)``, or ``(T, ·)`` for one sequence."""
    return A[:, 0] if single else A.transpose(1, 0, 2)


def check_cost(cost: str, output_activation: str) -> None:
    costs.check_name(cost)
    if cost == "cross_entropy" and output_activation != "logistic":
        raise ValueError("cost 'cross_entropy' needs outputs in (0, 1): use output_activation='logistic' "
                         f"(this network has {output_activation!r} outputs) or cost='mse'")


def readout_loss_and_delta(P: np.ndarray, Tt: np.ndarray, cost: str, out_act) -> tuple[float, np.ndarray]:
    """Summed cost of outputs ``P`` against targets ``Tt`` and the output deltas ``δo = −∂L/∂z``.

    Shapes ``(T, B, K)``.  MSE: ``δo = (t − p) f_out'(z)`` (Eq. 5.2a); cross-entropy with
    logistic outputs: ``δo = t − p`` (Eq. 5.3).
    """
    E = Tt - P
    if cost == "mse":
        return 0.5 * float(np.vdot(E, E)), E * out_act.df_from_y(P)
    return float(np.sum(costs.cross_entropy(P, Tt))), E


class SequenceModel:
    """Base of the sequence models: ``copy``, ``n_parameters`` and the checked ``loss_and_grads``.

    A subclass sets ``N``, ``K``, ``output_activation``, ``truncate`` and ``params``, and defines
    ``_bind()`` (cached functions) and ``_loss_and_grads(X, T, cost, truncate)`` (its BPTT).
    """

    N: int
    K: int
    output_activation: str
    truncate: int | None
    params: dict[str, np.ndarray]

    def _bind(self) -> None:  # pragma: no cover - defined by each model
        raise NotImplementedError

    def copy(self):
        """An independent deep copy (same configuration and weights)."""
        new = type(self).__new__(type(self))
        new.__dict__.update(self.__dict__)
        new.params = {k: v.copy() for k, v in self.params.items()}
        new._bind()
        return new

    @property
    def n_parameters(self) -> int:
        return int(sum(p.size for p in self.params.values()))

    def loss_and_grads(self, X: np.ndarray, T: np.ndarray, cost: str = "mse",
                       truncate: int | None | str = "model") -> tuple[float, dict[str, np.ndarray]]:
        """Loss and ``∂L/∂θ`` by BPTT for one sequence or a batch of sequences.

        Args:
            X: inputs ``(T, N)`` or ``(B, T, N)``.
            T: targets ``(T, K)`` or ``(B, T, K)``.
            cost: ``"mse"`` or ``"cross_entropy"`` (needs logistic outputs).
            truncate: ``None`` = full BPTT, ``h >= 0`` = BPTT(h); default: the model's ``truncate``.

        Returns:
            ``(loss, grads)``: the loss of a sequence is the sum of its per-step costs, a batch
            takes the mean over sequences; ``grads`` has the keys and shapes of :attr:`params`.
        """
        X = as_sequences(X, self.N)
        T = as_float_array(T, "T")
        check_same_leading(X, T, self.K)
        check_cost(cost, self.output_activation)
        h = self.truncate if isinstance(truncate, str) and truncate == "model" else check_truncate(truncate)
        return self._loss_and_grads(X, T, cost, h)

    def _loss_and_grads(self, X: np.ndarray, Tg: np.ndarray, cost: str,
                        truncate: int | None | str = "model") -> tuple[float, dict[str, np.ndarray]]:
        raise NotImplementedError  # pragma: no cover - defined by each model
