"""Gradient checking by central differences (math.md §8.1).

Point it at any function of named arrays and at the gradients you computed::

    report = gradcheck.check(loss_fn, params, grads)     # loss_fn(params) -> float
    report = gradcheck.check_model(model, X, T, "mse")   # any model of the contract
    print(report)                                        # one line per parameter, with a verdict
    report.ok                                            # True if every parameter passed

``grads`` are ``∂L/∂θ`` (the descent direction is ``−grads``).  If you computed
them in the course's delta convention (``+δ y``, the *negative* gradient), the
report says the sign is reversed.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

from .validation import ArgumentTypeError, as_float_array, check_callable, check_number, describe

__all__ = ["numerical_gradient", "relative_error", "verdict", "check", "check_model", "GradCheckReport",
           "ParamCheck"]


def numerical_gradient(loss_fn: Callable[[dict], float], params: Mapping[str, np.ndarray],
                       h: float = 1e-5) -> dict[str, np.ndarray]:
    """``∂L/∂θ`` by central differences: ``(L(θ + h) − L(θ − h)) / 2h`` for every entry.  Eq. (4.3), (5.6).

    ``loss_fn(params)`` is called with the same dict whose arrays are perturbed in place
    (and restored exactly afterwards), so it may also read the arrays through a model.
    """
    loss_fn = check_callable(loss_fn, "loss_fn", "a function loss_fn(params) -> float")
    _check_params(params)
    h = check_number(h, "h (the finite-difference step)", low=0.0, low_open=True)
    out = {}
    for name, a in params.items():
        g = np.zeros_like(a)
        flat, gflat = a.reshape(-1), g.reshape(-1)
        for k in range(flat.size):
            old = flat[k]
            flat[k] = old + h
            up = _loss(loss_fn, params)
            flat[k] = old - h
            down = _loss(loss_fn, params)
            flat[k] = old
            gflat[k] = (up - down) / (2 * h)
        out[name] = g
    return out


def _check_params(params) -> None:
    """``params``: a dict of float64 numpy arrays (perturbed in place, then restored exactly)."""
    if not isinstance(params, Mapping):
        raise ArgumentTypeError(f"params must be a dict {{name: float64 array}}; got {describe(params)}")
    for name, a in params.items():
        if not isinstance(a, np.ndarray) or a.dtype != np.float64:
            raise ArgumentTypeError(f"params[{name!r}] must be a float64 numpy array to be perturbed in place; "
                                    f"got {describe(a)}. Make it one: np.asarray(..., dtype=float)")
        if not a.flags.writeable:
            raise ValueError(f"params[{name!r}] is read-only; gradcheck perturbs it in place")


def _loss(loss_fn, params) -> float:
    """``loss_fn(params)`` as a float, else a ``TypeError`` that says what it returned."""
    value = loss_fn(params)
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(-1)[0]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ArgumentTypeError(f"loss_fn(params) must return one number (the loss); got {describe(value)}")
    return float(value)


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """Norm-wise relative error ``‖a − b‖ / (‖a‖ + ‖b‖)`` (0 when both are 0).  Eq. (5.6)."""
    a = as_float_array(a, "a")
    b = as_float_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a has shape {a.shape} and b {b.shape}; they must have the same shape")
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def verdict(r: float, reversed_sign: bool = False, shape_ok: bool = True) -> str:
    """Plain-language meaning of a relative error ``r`` (thresholds of math.md §8.1)."""
    if not shape_ok:
        return "wrong shape: the gradient must have the parameter's shape"
    if reversed_sign:
        return "sign reversed: you returned −∂L/∂θ (δ·y); the gradient is its minus"
    if r < 1e-8:
        return "correct"
    if r < 1e-6:
        return "probably correct (small differences: try another h)"
    if r < 1e-2:
        return "close but wrong: a term is missing or a factor is off (e.g. f'(s))"
    return "wrong: check signs, transposes and which values you multiply"


@dataclass
class ParamCheck:
    """The check of one named parameter."""

    name: str
    relative_error: float
    max_abs_error: float
    verdict: str

    @property
    def ok(self) -> bool:
        return self.verdict.startswith(("correct", "probably correct"))


class GradCheckReport:
    """Per-parameter results of a gradient check; ``print`` it for a table, test ``.ok``."""

    def __init__(self, rows: list[ParamCheck], numeric: dict[str, np.ndarray]) -> None:
        self.rows = rows
        self.numeric = numeric

    @property
    def ok(self) -> bool:
        """True if every parameter's gradient agrees with central differences."""
        return all(r.ok for r in self.rows)

    @property
    def max_relative_error(self) -> float:
        return max((r.relative_error for r in self.rows), default=0.0)

    def __getitem__(self, name: str) -> ParamCheck:
        for r in self.rows:
            if r.name == name:
                return r
        raise KeyError(name)

    def __str__(self) -> str:
        width = max([len(r.name) for r in self.rows] + [9])
        lines = [f"{'parameter':<{width}}  rel. error  verdict"]
        for r in self.rows:
            lines.append(f"{r.name:<{width}}  {r.relative_error:10.2e}  {r.verdict}")
        lines.append("all correct" if self.ok else "some gradients are wrong (see the verdicts above)")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"GradCheckReport(ok={self.ok}, max relative error {self.max_relative_error:.2e}, "
                f"{len(self.rows)} parameters)")


def check(loss_fn: Callable[[dict], float], params: Mapping[str, np.ndarray],
          grads: Mapping[str, np.ndarray], h: float = 1e-5) -> GradCheckReport:
    """Compare ``grads`` (your ``∂L/∂θ``) with central differences of ``loss_fn``.

    Args:
        loss_fn: ``loss_fn(params) -> float``.
        params: the named float64 arrays θ (perturbed in place during the check, then restored).
        grads: your gradients, a dict with the same names and shapes.
        h: the finite-difference step (1e-5 suits float64 and O(1) parameters).

    Returns:
        a :class:`GradCheckReport`; pass means relative error < 1e-8 (math.md §8.1).
    """
    loss_fn = check_callable(loss_fn, "loss_fn", "a function loss_fn(params) -> float")
    _check_params(params)
    if not isinstance(grads, Mapping):
        raise ArgumentTypeError(f"grads must be a dict {{name: array}} with the names of params; got {describe(grads)}")
    missing = set(params) - set(grads)
    extra = set(grads) - set(params)
    if missing or extra:
        raise ValueError(f"grads must have the same names as params; missing {sorted(missing, key=str)}, "
                         f"unexpected {sorted(extra, key=str)}")
    grads = {name: as_float_array(grads[name], f"grads[{name!r}]") for name in params}
    numeric = numerical_gradient(loss_fn, params, h)
    rows = []
    for name in params:
        g = grads[name]
        n = numeric[name]
        if g.shape != n.shape:
            rows.append(ParamCheck(name, float("inf"), float("inf"), verdict(np.inf, shape_ok=False)))
            continue
        r = relative_error(g, n)
        flipped = r > 1e-2 and relative_error(-g, n) < 1e-6
        rows.append(ParamCheck(name, r, float(np.max(np.abs(g - n))) if g.size else 0.0, verdict(r, flipped)))
    return GradCheckReport(rows, numeric)


def check_model(model, X: np.ndarray, T: np.ndarray, cost: str = "mse", h: float = 1e-5) -> GradCheckReport:
    """Check ``model.loss_and_grads(X, T, cost)`` against central differences of its loss."""
    if not all(hasattr(model, name) for name in ("params", "loss_and_grads")):
        raise ArgumentTypeError(f"model must obey the model contract (params and loss_and_grads(X, T, cost)); "
                                f"got {describe(model)}")
    answer = model.loss_and_grads(X, T, cost)
    if not isinstance(answer, tuple) or len(answer) != 2:
        raise ArgumentTypeError(f"model.loss_and_grads(X, T, cost) must return a tuple (loss, grads); got {describe(answer)}")
    _, grads = answer
    return check(lambda p: model.loss_and_grads(X, T, cost)[0], model.params, grads, h)
