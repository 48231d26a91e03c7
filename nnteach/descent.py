"""Error curves, error surfaces and gradient-descent paths: the numbers notebook 04 draws (pure numpy).

* :func:`error_curve` — ``E(w)`` of the worked example (math.md §9.1) over one of its weights, and
  :func:`loss_and_slope` / :func:`curve_steps` — the error, its slope ``dE/dw`` (backpropagation)
  and gradient steps ``w ← w − ε dE/dw`` (Eq. 4.4) along that curve;
* two-weight surfaces with ``loss(w1, w2)`` and ``grad(w1, w2)``: :class:`LinearNeuronSurface` (a
  tilted bowl) and :class:`NetworkSurface` (the worked example over two of its weights), looked up
  by name with :func:`get_surface`;
* :func:`descent_path` — gradient descent ``w ← w − ε ∇E(w)`` (Eq. 4.5) on a surface, and its
  outcome (:class:`DescentPath`): converges, diverges or neither, one definition for the descent
  player of :mod:`nnteach.viz` and for check 04.3.

On the linear-neuron bowl (curvatures 1 and 0.25) the four regimes are: ``ε = 0.1`` too small
(crawls), ``ε = 0.9`` good, ``ε = 1.8`` too large (zig-zags across the valley but still converges),
``ε = 2.5`` divergent (``ε > 2 / λ_max = 2``, Eq. 4.6).  "Converges" means E reaches the surface's
tolerance within the 40 steps; "diverges" means E climbs above 10 × its start value within the
40 steps, and "diverged at step k" names the first step where it does (the walk stops there: one
threshold, 10 ×, for the outcome and for the end of the walk).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import costs
from .datasets.worked_example import WORKED_WEIGHTS, worked_example
from .formatting import number
from .validation import (ArgumentTypeError, as_float_array, check_count, check_number,
                         describe, positive_int, whole_number)

__all__ = ["error_curve", "loss_and_slope", "curve_steps", "LinearNeuronSurface", "NetworkSurface", "SURFACES",
           "get_surface", "surface_grid", "angle_to_minimum", "DescentPath", "descent_path", "MAX_STEPS",
           "DIVERGE_FACTOR"]

#: The number of steps of a descent run (the descent player's and check 04.3's).
MAX_STEPS = 40

#: "Diverged at step k": the first step at which E is more than this many times its start value
#: (the walk stops at that step).
DIVERGE_FACTOR = 10.0


# -- one weight of the worked example ------------------------------------------------------
def _check_weight(weight: str) -> tuple[str, tuple[int, ...]]:
    if not isinstance(weight, str):
        raise ArgumentTypeError(f"weight must be one of {', '.join(WORKED_WEIGHTS)}; got {describe(weight)}")
    if weight not in WORKED_WEIGHTS:
        raise ValueError(f"unknown weight {weight!r}; expected one of {', '.join(WORKED_WEIGHTS)}")
    key, index, _ = WORKED_WEIGHTS[weight]
    return key, index


def error_curve(weight: str, w_values: np.ndarray, cost: str = "mse") -> np.ndarray:
    """``E(w)`` of the worked example (math.md §9.1) when only ``weight`` is set to each of ``w_values``.

    Shapes ``(n,) -> (n,)``; ``E`` is ½ (t − y)² (Eq. 4.1) or the cross-entropy (math.md §2.2).
    """
    key, index = _check_weight(weight)
    costs.check_name(cost)
    w_values = as_float_array(w_values, "w_values")
    if w_values.ndim != 1:
        raise ValueError(f"w_values has shape {w_values.shape}; expected (n,), the weights to evaluate")
    check_count(w_values.size, "error_curve's w_values", 1_000_000)
    net, x, t, _ = worked_example()
    out = np.empty(len(w_values))
    for k, w in enumerate(w_values):
        net.params[key][index] = w
        out[k] = float(costs.cost(cost, net.forward(x), t))
    return out


def loss_and_slope(weight: str, w: float, cost: str = "mse") -> tuple[float, float]:
    """``(E, dE/dw)`` of the worked example with ``weight`` set to ``w``; the slope by backpropagation
    (``Perceptron.loss_and_grads``)."""
    key, index = _check_weight(weight)
    w = check_number(w, "w")
    net, x, t, _ = worked_example()
    net.params[key][index] = w
    E, grads = net.loss_and_grads(x, t, cost)
    return float(E), float(grads[key][index])


def curve_steps(weight: str, w: float, rate: float, steps: int, cost: str = "mse"
                ) -> tuple[np.ndarray, np.ndarray, float]:
    """Gradient steps ``w ← w − ε dE/dw`` (Eq. 4.4) along the error curve of one weight.

    Returns ``(path (steps + 1,), path_E (steps + 1,), slope)``: the weights after 0, 1, …, ``steps``
    steps, their errors, and the slope ``dE/dw`` at the start ``w``.
    """
    w = check_number(w, "w")
    rate = check_number(rate, "rate", low=0.0, low_open=True)
    steps = whole_number(steps, "steps", 0, 100_000)
    E, slope = loss_and_slope(weight, w, cost)
    path, path_E = [w], [E]
    current, g = w, slope
    for _ in range(steps):
        current = current - rate * g            # Eq. (4.4): one gradient step
        e, g = loss_and_slope(weight, current, cost)
        path.append(current)
        path_E.append(e)
    return np.array(path), np.array(path_E), slope


# -- surfaces over two weights --------------------------------------------------------------
class LinearNeuronSurface:
    """``E(w1, w2)`` of a linear neuron ``y = w1 x1 + w2 x2`` on four patterns: a tilted bowl.

    ``E = (1/P) Σ_p ½ (t_p − y_p)²`` (Eq. 4.2) with the patterns of :attr:`X` ``(4, 2)`` and
    targets ``t = X @ w_star`` ``(4,)``, so the minimum is ``E = 0`` at ``w_star``.  The surface is
    a quadratic with curvature matrix ``H = XᵀX / P`` (eigenvalues 1 and 0.25): gradient descent
    converges for ``ε < 2 / λ_max = 2`` and diverges above (Eq. 4.6).
    """

    name = "linear neuron"
    labels = ("w1", "w2")
    extent = (-3.0, 3.0, -3.0, 3.0)
    start = (-2.0, -2.0)
    minimum = (1.0, 0.5)        # where E = 0 (w_star), marked on the contour map
    tolerance = 1e-3            # "converged" means E ≤ this (the minimum is 0)
    loss_range = (1e-10, 1e3)   # the loss axis of the descent player (fixed: it shows nothing of unplayed steps)

    def __init__(self) -> None:
        angle = np.deg2rad(30.0)
        R = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
        base = np.array([[1.0, 0.5], [1.0, -0.5], [-1.0, 0.5], [-1.0, -0.5]])   # mean x xᵀ = diag(1, 0.25)
        self.X = base @ R.T
        self.w_star = np.array([1.0, 0.5])
        self.t = self.X @ self.w_star

    def loss(self, w1, w2) -> np.ndarray:
        """``E`` at every point of the broadcast arrays ``w1``, ``w2`` (same shape out)."""
        w1, w2 = np.broadcast_arrays(np.asarray(w1, dtype=float), np.asarray(w2, dtype=float))
        y = w1[..., None] * self.X[:, 0] + w2[..., None] * self.X[:, 1]
        return 0.5 * np.mean((self.t - y) ** 2, axis=-1)

    def grad(self, w1: float, w2: float) -> np.ndarray:
        """``∇E = (∂E/∂w1, ∂E/∂w2) = −(1/P) Σ_p (t_p − y_p) x_p``  ``(2,)``."""
        y = self.X @ np.array([w1, w2], dtype=float)
        return -(self.t - y) @ self.X / len(self.t)


class NetworkSurface:
    """``E`` of the worked example (math.md §9.1, one pattern) as a function of two of its weights.

    The other seven weights keep their worked-example values.  ``loss`` runs the forward pass,
    ``grad`` uses backpropagation (``Perceptron.loss_and_grads``).
    """

    extent = (-3.0, 3.0, -3.0, 3.0)
    tolerance = 0.01
    loss_range = (1e-4, 1.0)    # the loss axis of the descent player (fixed: it shows nothing of unplayed steps)

    def __init__(self, w1: str = "w_oh1", w2: str = "w_oh2", cost: str = "mse") -> None:
        self._where = [_check_weight(w) for w in (w1, w2)]
        self.cost = costs.check_name(cost)
        self.labels = (w1, w2)
        self.name = f"worked example ({w1}, {w2})"
        self.start = (WORKED_WEIGHTS[w1][2], WORKED_WEIGHTS[w2][2])
        self.net, self.x, self.t, _ = worked_example()

    def _set(self, a: float, b: float) -> None:
        for (key, index), value in zip(self._where, (a, b)):
            self.net.params[key][index] = value

    def loss(self, w1, w2) -> np.ndarray:
        """``E`` at every point of the broadcast arrays ``w1``, ``w2`` (same shape out)."""
        w1, w2 = np.broadcast_arrays(np.asarray(w1, dtype=float), np.asarray(w2, dtype=float))
        out = np.empty(w1.shape)
        for k in np.ndindex(w1.shape):
            self._set(w1[k], w2[k])
            out[k] = float(costs.cost(self.cost, self.net.forward(self.x), self.t))
        return out

    def grad(self, w1: float, w2: float) -> np.ndarray:
        """``∇E`` at ``(w1, w2)`` by backpropagation, ``(2,)``."""
        self._set(w1, w2)
        _, grads = self.net.loss_and_grads(self.x, self.t, self.cost)
        return np.array([grads[key][index] for key, index in self._where])


#: The surfaces the explorers offer, by name ("worked example" is the 2-2-1 network of notebook 03).
SURFACES = ("linear neuron", "worked example (w_oh1, w_oh2)", "worked example (w_h1x1, w_oh1)")

#: Earlier names of the surfaces, still accepted by :func:`get_surface`.
ALIASES = {"§9.1 net (w_oh1, w_oh2)": SURFACES[1], "§9.1 net (w_h1x1, w_oh1)": SURFACES[2]}


def get_surface(name: str):
    """The surface called ``name`` (one of :data:`SURFACES`); the same object on every call."""
    if not isinstance(name, str):
        raise ArgumentTypeError(f"surface must be one of {', '.join(map(repr, SURFACES))}; got {describe(name)}")
    return _surface_named(name)


@lru_cache(maxsize=None)
def _surface_named(name: str):
    name = ALIASES.get(name, name)
    if name == "linear neuron":
        return LinearNeuronSurface()
    if name == SURFACES[1]:
        return _network_surface("w_oh1", "w_oh2")
    if name == SURFACES[2]:
        return _network_surface("w_h1x1", "w_oh1")
    raise ValueError(f"unknown surface {name!r}; expected one of {', '.join(map(repr, SURFACES))}")


@lru_cache(maxsize=None)
def _network_surface(w1: str, w2: str) -> NetworkSurface:
    return NetworkSurface(w1, w2)


def surface_grid(name: str, n: int = 61) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(W1, W2, E)`` on an ``n × n`` grid over the surface's extent (cached: it never changes)."""
    get_surface(name)
    return _grid(name, positive_int(n, "n (grid points per side)", maximum=2_000))


@lru_cache(maxsize=None)
def _grid(name: str, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    s = get_surface(name)
    a, b, c, d = s.extent
    W1, W2 = np.meshgrid(np.linspace(a, b, n), np.linspace(c, d, n))
    return W1, W2, s.loss(W1, W2)


def angle_to_minimum(surface: str, w1: float, w2: float, downhill: np.ndarray) -> float | None:
    """The angle in degrees between the direction ``downhill`` (−∇E) at ``(w1, w2)`` and the straight
    line to the surface's minimum (None if the minimum is unknown, or either direction is zero)."""
    m = getattr(get_surface(surface), "minimum", None)
    w1, w2 = check_number(w1, "w1"), check_number(w2, "w2")
    to_min = None if m is None else np.array(m) - np.array([w1, w2])
    d = as_float_array(downhill, "downhill")
    if d.shape != (2,):
        raise ValueError(f"downhill has shape {d.shape}; expected (2,), a direction (d1, d2)")
    if to_min is None or not np.any(to_min) or not np.any(d):
        return None
    cos = float(d @ to_min / (np.linalg.norm(d) * np.linalg.norm(to_min)))
    return float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))


# -- gradient descent on a surface -----------------------------------------------------------
@dataclass
class DescentPath:
    """A gradient-descent run.

    The outcome, in the course's words (:attr:`outcome`):

    * **converges**: E reaches the surface's ``tolerance`` (E ≤ 0.001 on the bowl) within the steps;
      ``converged_at`` is that step;
    * **diverges**: within the steps E climbs above :data:`DIVERGE_FACTOR` (10) times its start
      value; ``diverged_at`` is the first step at which it does;
    * **does not diverge** (but does not converge within the steps either): too slow, or
      zig-zagging without settling (ε = 2/λ_max exactly), or growing too slowly to pass 10 × its
      start within the steps (ε just above 2/λ_max, e.g. 2.01 on the bowl).

    Attributes:
        rate: the learning rate ε.
        path: the points ``(n + 1, 2)`` after 0 … n steps (n < steps if the walk was stopped).
        E: their errors ``(n + 1,)``.
        diverged_at: the first step with E > 10 × E_0 (``None`` if none).
        converged_at: the first step with ``E ≤ tolerance`` (``None`` if never).
        zigzag: True if most consecutive steps point in opposite directions (overshooting).
        tolerance: "converged" means E ≤ this.
        stopped: True if the walk was stopped early: at the step where it diverged.
    """

    rate: float
    path: np.ndarray
    E: np.ndarray
    diverged_at: int | None
    converged_at: int | None
    zigzag: bool
    tolerance: float
    stopped: bool = False

    @property
    def growing(self) -> bool:
        """True if the error ends above its start value (and did not converge); it need not diverge."""
        return self.converged_at is None and (self.diverged_at is not None or bool(self.E[-1] > self.E[0]))

    @property
    def outcome(self) -> str:
        """``"converges"``, ``"diverges"`` or ``"does not diverge"`` (neither within the steps)."""
        if self.converged_at is not None:
            return "converges"
        if self.diverged_at is not None:
            return "diverges"
        return "does not diverge"

    @property
    def decided_at(self) -> int:
        """The step at which the outcome shows: when E reaches the tolerance or 10 × E_0, else the last step."""
        if self.converged_at is not None:
            return self.converged_at
        if self.diverged_at is not None:
            return self.diverged_at
        return len(self.E) - 1

    @property
    def verdict(self) -> str:
        """A finer label: ``"diverges"``, ``"zig-zags"`` (overshoots; it may still converge),
        ``"converges"`` or ``"too slow"``."""
        if self.outcome == "diverges":
            return "diverges"
        if self.zigzag:
            return "zig-zags"
        if self.converged_at is not None:
            return "converges"
        return "too slow"

    def describe(self) -> str:
        """The outcome in words, with its numbers (what the player and check 04.3 say)."""
        n = len(self.E) - 1
        tol = f"E ≤ {self.tolerance:g}"
        if self.outcome == "converges":
            how = "zig-zags across the valley but converges" if self.zigzag else "converges"
            return f"{how}: {tol} at step {self.converged_at}"
        if self.outcome == "diverges":
            text = (f"diverges: at step {self.diverged_at} E is more than {DIVERGE_FACTOR:g}× its start value "
                    f"({number(self.E[0])} → {number(self.E[self.diverged_at])})")
            if self.stopped:
                text += "; the walk stops there"
            return text
        if self.growing:
            return (f"does not diverge within {n} steps: E grows from {number(self.E[0])} to {number(self.E[-1])} "
                    f"({self.E[-1] / self.E[0]:.1f}× its start), but not above {DIVERGE_FACTOR:g}× its start")
        if self.zigzag:
            return (f"does not diverge, but zig-zags without settling: E = {number(self.E[-1])} after {n} steps, "
                    f"not yet {tol}")
        return (f"does not diverge, but too slow: E = {number(self.E[-1])} after {n} steps "
                f"(from {number(self.E[0])}), not yet {tol}")


def descent_path(surface, start: tuple[float, float], rate: float, steps: int = MAX_STEPS) -> DescentPath:
    """Gradient descent ``w_{k+1} = w_k − ε ∇E(w_k)`` (Eq. 4.5) on ``surface``.

    Args:
        surface: an object with ``loss(w1, w2)``, ``grad(w1, w2) -> (2,)`` and ``tolerance``
            (see :func:`get_surface`), or a name of one.
        start: the starting point ``(w1, w2)``.
        rate: the learning rate ε > 0.
        steps: the maximum number of steps.

    ``diverged_at`` is the first step with ``E > 10 × E_0`` (:data:`DIVERGE_FACTOR`) or a
    non-finite ``E``; the walk stops at that step (``stopped=True``, no warning).  See
    :class:`DescentPath` for the outcomes.
    """
    if isinstance(surface, str):
        surface = get_surface(surface)
    elif not all(hasattr(surface, name) for name in ("loss", "grad", "tolerance")):
        raise ArgumentTypeError(f"surface must be a surface's name ({', '.join(map(repr, SURFACES))}) or an object "
                                f"with loss, grad and tolerance; got {describe(surface)}")
    rate = check_number(rate, "rate")
    if rate <= 0:
        raise ValueError(f"rate must be a number > 0; got {rate!r}")
    steps = whole_number(steps, "steps", 0, 100_000)
    w = as_float_array(start, "start").copy()
    if w.shape != (2,):
        raise ValueError(f"start must be a point (w1, w2); got shape {w.shape}")
    E0 = float(surface.loss(w[0], w[1]))
    path, Es = [w.copy()], [E0]
    diverged_at = None
    stopped = False
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for k in range(1, int(steps) + 1):
            w = w - rate * np.asarray(surface.grad(w[0], w[1]), dtype=float)
            E = float(surface.loss(w[0], w[1])) if np.all(np.isfinite(w)) else float("inf")
            path.append(w.copy())
            Es.append(E)
            if not np.isfinite(E) or E > DIVERGE_FACTOR * E0:
                diverged_at = k
                stopped = True
                break
    path_a, E_a = np.array(path), np.array(Es)
    tol = float(surface.tolerance)
    below = np.nonzero(E_a <= tol)[0]
    converged_at = int(below[0]) if below.size and diverged_at is None else None
    # Overshooting: consecutive steps point in opposite directions (negative dot product).
    moves = np.diff(path_a, axis=0)
    last = len(moves) if converged_at is None else max(converged_at, 2)
    moves = moves[:last]
    dots = np.sum(moves[1:] * moves[:-1], axis=1) if len(moves) > 1 else np.zeros(0)
    zigzag = bool(dots.size >= 2 and np.mean(dots < 0) > 0.5)
    return DescentPath(rate=float(rate), path=path_a, E=E_a, diverged_at=diverged_at, converged_at=converged_at,
                       zigzag=zigzag, tolerance=tol, stopped=stopped)
