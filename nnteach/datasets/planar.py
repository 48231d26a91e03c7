"""Noisy two-class problems in the plane: two moons and two spirals."""
from __future__ import annotations

import numpy as np

from ..validation import MAX_NUMBERS, check_number, check_seed, positive_int

__all__ = ["two_moons", "two_spirals"]


def _check_noise(noise: float) -> float:
    return check_number(noise, "noise (the standard deviation)", low=0.0)


def _shuffled(X: np.ndarray, T: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    order = rng.permutation(len(X))
    return X[order], T[order]


def two_moons(n: int = 200, noise: float = 0.1, seed: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles, one per class.

    Args:
        n: number of points (class 0 gets ``n // 2``, class 1 the rest).
        noise: standard deviation of the Gaussian noise added to each coordinate.
        seed: seed for ``numpy.random.default_rng``.

    Returns:
        ``X`` of shape ``(n, 2)`` (coordinates roughly in [−1.2, 2.2] × [−0.7, 1.2]) and
        ``T`` of shape ``(n, 1)`` with 0 for the upper moon and 1 for the lower one.
    """
    n = positive_int(n, "n", maximum=MAX_NUMBERS // 2)
    noise = _check_noise(noise)
    rng = np.random.default_rng(check_seed(seed))
    n0 = n // 2
    n1 = n - n0
    a0 = rng.uniform(0, np.pi, n0)
    a1 = rng.uniform(0, np.pi, n1)
    upper = np.column_stack([np.cos(a0), np.sin(a0)])
    lower = np.column_stack([1.0 - np.cos(a1), 0.5 - np.sin(a1)])
    X = np.vstack([upper, lower]) + rng.normal(0.0, noise, size=(n, 2))
    T = np.concatenate([np.zeros(n0), np.ones(n1)]).reshape(n, 1)
    return _shuffled(X, T, rng)


def two_spirals(n: int = 200, noise: float = 0.1, turns: float = 1.5,
                seed: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two intertwined spirals, one per class: a classic hard problem for a small network.

    Args:
        n: number of points (class 0 gets ``n // 2``, class 1 the rest).
        noise: standard deviation of the Gaussian noise added to each coordinate.
        turns: how many times each spiral winds around the centre.
        seed: seed for ``numpy.random.default_rng``.

    Returns:
        ``X`` of shape ``(n, 2)`` (coordinates roughly in [−1, 1]) and ``T`` of shape ``(n, 1)``.
    """
    n = positive_int(n, "n", maximum=MAX_NUMBERS // 2)
    noise = _check_noise(noise)
    turns = check_number(turns, "turns", low=0.0, high=100.0, low_open=True, high_open=True)
    rng = np.random.default_rng(check_seed(seed))
    n0 = n // 2
    parts = []
    for k, m in ((0, n0), (1, n - n0)):
        r = np.sqrt(rng.uniform(0.0, 1.0, m))           # even density along the arm
        angle = 2 * np.pi * turns * r + k * np.pi          # the second arm is the first turned by 180°
        parts.append(np.column_stack([r * np.cos(angle), r * np.sin(angle)]))
    X = np.vstack(parts) + rng.normal(0.0, noise, size=(n, 2))
    T = np.concatenate([np.zeros(n0), np.ones(n - n0)]).reshape(n, 1)
    return _shuffled(X, T, rng)
