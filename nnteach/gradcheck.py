"""Gradient checking by central differences (math.md §8.1).

Point it at any function of named arrays and at the gradients you computed::

    report = gradcheck.check(loss_fn, params, grads)     # loss_fn(params) -> float
    report = gradcheck.check_model(model, X, T, "mse")   # any model of the contract
    print(report)                                        # one line per parameter, with a verdict
    report.ok                                            # True if every parameter passed

``grads`` are ``∂L/∂θ`` (the descent direction is ``−grads``).  If you computed
them in the course's delta convention (``+δ y``, the *negative* gradient), the
report says the sign is reversed.

**How the verdict is reached: relative error, with a round-off floor.**  Two numbers decide it,
for each parameter array:

1. the norm-wise relative error ``r = ‖g − g_num‖ / (‖g‖ + ‖g_num‖)`` (Eq. 5.6; math.md §8.1,
   item 4).  In float64 with ``h = 1e-5``, a correct gradient of ordinary size gives
   ``r < 1e-8``; a missing term or a factor off gives ``r`` from about 1e-6 up; a wrong sign or
   a transpose gives ``r`` near 1;
2. the **round-off floor** of the central differences, ``ROUND_OFF_FACTOR · ε_mach · |L| / h``
   (``ε_mach ≈ 2.2e-16``; ``|L|`` the loss at θ).  Each evaluation of the loss is exact only to a
   few ``ε_mach · |L|``, and the difference quotient divides that error by ``2h``: no entry of
   ``g_num`` is more accurate than this, however small the gradient is.

A gradient is **correct** when ``r < 1e-8``, *or* when every entry of ``g − g_num`` lies within the
floor: then the two agree as closely as central differences can tell at all.  The second rule is for
tiny gradients.  In a freshly initialised LSTM (weights in ±0.1), ``|∂L/∂R_f|`` is about 3e-7, and
round-off alone (about 3e-12 at ``|L| ≈ 0.14``) gives it ``r ≈ 5e-6``, which the relative rule
alone would call "a term is missing".  Any other gradient gets its verdict from ``r``.

Why a floor rather than a second step size: on the package's models at ``h = 1e-5`` the error of
the central differences *is* round-off (it grows tenfold when ``h`` shrinks tenfold; the truncation
error, of order ``h²`` times the third derivative, is below 1e-12), and its size is known without
extra work.  Over every matrix-level model of the package at its default initialisation (several
shapes and activations, one pattern or sequence and a batch, both costs), the largest difference
measured was 1.5 ``ε_mach · |L| / h``, so the factor 10 leaves a margin of more than 6.  The floor
costs nothing and keeps the check deterministic, and it still catches every wrong gradient that
finite differences can resolve: a factor 2 on that 3e-7 gradient is an error 10⁴ times the floor.
A second step size would double the cost of every check and only estimate the same round-off.
The floor assumes that ``loss_fn`` has no large cancellations (its terms are not much larger than
``|L|``), as the costs of the course have none.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

from .validation import ArgumentTypeError, as_float_array, check_callable, check_number, describe

__all__ = ["numerical_gradient", "relative_error", "round_off", "verdict", "check", "check_model",
           "GradCheckReport", "ParamCheck", "ROUND_OFF_FACTOR", "CORRECT", "PROBABLY_CORRECT"]

#: The round-off floor is this many times ``ε_mach · |L| / h`` (see the module docstring).
ROUND_OFF_FACTOR = 10.0

#: A relative error below this is correct (math.md §8.1; for gradients of ordinary size).
CORRECT = 1e-8

#: A relative error below this (and not correct) is probably correct: small differences.
PROBABLY_CORRECT = 1e-6


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


def round_off(loss: float, h: float = 1e-5) -> float:
    """The round-off floor of central differences of a loss of size ``|loss|`` with step ``h``:
    ``ROUND_OFF_FACTOR · ε_mach · |loss| / h`` (no entry of a numerical gradient is more accurate)."""
    loss = check_number(loss, "loss")
    h = check_number(h, "h (the finite-difference step)", low=0.0, low_open=True)
    return ROUND_OFF_FACTOR * float(np.finfo(np.float64).eps) * abs(loss) / h


def verdict(r: float, reversed_sign: bool = False, shape_ok: bool = True, within_round_off: bool = False) -> str:
    """Plain-language meaning of a relative error ``r`` (thresholds of math.md §8.1).

    ``within_round_off``: every entry of the difference is within the round-off floor of the
    central differences (:func:`round_off`), so the gradient is correct whatever ``r`` is.
    """
    if not shape_ok:
        return "wrong shape: the gradient must have the parameter's shape"
    if reversed_sign:
        return "sign reversed: you returned −∂L/∂θ (δ·y); the gradient is its minus"
    if r < CORRECT:
        return "correct"
    if within_round_off:
        return "correct (a tiny gradient: equal to central differences within their round-off)"
    if r < PROBABLY_CORRECT:
        return "probably correct (small differences: try another h)"
    if r < 1e-2:
        return "close but wrong: a term is missing or a factor is off (e.g. f'(s))"
    return "wrong: check signs, transposes and which values you multiply"


@dataclass
class ParamCheck:
    """The check of one named parameter (``round_off``: the floor of the central differences)."""

    name: str
    relative_error: float
    max_abs_error: float
    verdict: str
    round_off: float = 0.0

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
        a :class:`GradCheckReport`.  A parameter passes when its relative error is below 1e-8
        (math.md §8.1), or when every entry of the difference is within the round-off of the
        central differences, ``10 ε_mach |L| / h`` (tiny gradients; see the module docstring).
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
    numeric = numerical_gradient(loss_fn, params, h)      # checks h and what loss_fn returns
    floor = round_off(loss_fn(params), h)
    rows = []
    for name in params:
        g = grads[name]
        n = numeric[name]
        if g.shape != n.shape:
            rows.append(ParamCheck(name, float("inf"), float("inf"), verdict(np.inf, shape_ok=False), floor))
            continue
        r = relative_error(g, n)
        worst = float(np.max(np.abs(g - n))) if g.size else 0.0
        within = worst <= floor
        # −g equals the numbers (relatively, or within round-off for a tiny gradient): a reversed sign.
        flipped = r > 1e-2 and not within and (relative_error(-g, n) < PROBABLY_CORRECT
                                               or float(np.max(np.abs(g + n))) <= floor)
        rows.append(ParamCheck(name, r, worst, verdict(r, flipped, within_round_off=within), floor))
    return GradCheckReport(rows, numeric)


def check_model(model, X: np.ndarray, T: np.ndarray, cost: str = "mse", h: float = 1e-5) -> GradCheckReport:
    """Check ``model.loss_and_grads(X, T, cost)`` against central differences of its loss.

    Any model of the contract (``Perceptron``, ``RNN``, ``LSTM``), with one pattern or a batch, one
    sequence or a batch of sequences.  A sequence model trained by truncated BPTT (``truncate`` shorter
    than the sequence) fails, as it should: a truncated gradient is not the gradient of the loss.
    """
    if not all(hasattr(model, name) for name in ("params", "loss_and_grads")):
        raise ArgumentTypeError(f"model must obey the model contract (params and loss_and_grads(X, T, cost)); "
                                f"got {describe(model)}")
    answer = model.loss_and_grads(X, T, cost)
    if not isinstance(answer, tuple) or len(answer) != 2:
        raise ArgumentTypeError(f"model.loss_and_grads(X, T, cost) must return a tuple (loss, grads); got {describe(answer)}")
    _, grads = answer
    return check(lambda p: model.loss_and_grads(X, T, cost)[0], model.params, grads, h)
