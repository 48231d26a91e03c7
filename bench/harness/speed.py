"""Speed rows: each variant is a *sampler* (a function returning steps per second), timed in turns.

A row function lists its variants as ``(key, label, make)``, where ``make()`` builds the model and
returns the sampler, or raises :class:`NotAvailable`.  :func:`measure_speed` builds them all, warms
each up once, then takes ``repeats`` samples of each in turn (interleaved) and stores them in the
row's unit.  A variant that fails while being measured keeps its samples so far and the reason.
"""
from __future__ import annotations

import time
import traceback
from typing import Callable

from .measure import blas_threads, steps_per_second
from .rows import NotAvailable, Row, Variant

__all__ = ["python_sampler", "synaptic_sampler", "measure_speed", "UNITS"]

#: Converters from steps per second to a row's unit.
UNITS: dict[str, Callable[[float], float]] = {
    "steps/s": lambda r: r,
    "µs/step": lambda r: 1e6 / r,
    "ms/step": lambda r: 1e3 / r,
}


def python_sampler(step: Callable[[], object], chunk: float, per_call: int = 1,
                   threads: int | None = None) -> Callable[[], float]:
    """A sampler that calls ``step()`` (``per_call`` steps each) for ``chunk`` seconds with numpy's BLAS
    held to ``threads`` threads (``None``: default)."""
    if threads is not None:
        try:
            import threadpoolctl  # noqa: F401
        except ImportError:
            raise NotAvailable("threadpoolctl is not installed (pip install -e '.[bench]')") from None

    def sample() -> float:
        with blas_threads(threads):
            return steps_per_second(step, chunk, per_call)
    return sample


def synaptic_sampler(ctx, net: str, data: str, rate: float) -> Callable[[], float]:
    """A sampler of Synaptic's online steps per second (measured inside node); the first call warms up
    for ``ctx.settings.warmup`` seconds before it measures."""
    first = [True]

    def sample() -> float:
        warmup = ctx.settings.warmup if first[0] else 0.0
        first[0] = False
        answer = ctx.synaptic.call("online", net=net, data=data, rate=rate, seconds=ctx.settings.chunk,
                                   warmup=warmup)
        return answer["steps_per_s"]
    return sample


def measure_speed(ctx, row: Row, variants: list[tuple[str, str, Callable[[], Callable[[], float]]]]) -> None:
    """Build, warm up and sample every variant in turn; fill ``row.variants`` (see the module doc)."""
    convert = UNITS[row.unit]
    samplers: dict[str, Callable[[], float]] = {}
    for key, label, make in variants:
        v = Variant(key, label)
        row.variants.append(v)
        try:
            samplers[key] = make()
        except NotAvailable as e:
            v.missing = str(e)
    rates: dict[str, list[float]] = {key: [] for key in samplers}

    def take(key: str, keep: bool) -> None:
        try:
            r = samplers[key]()
            if keep:
                rates[key].append(r)
        except NotAvailable as e:
            row.variant(key).missing = str(e)
            del samplers[key]
        except Exception as e:  # a bug in one variant must not lose the others' numbers
            row.variant(key).missing = f"failed: {type(e).__name__}: {e}"
            ctx.log(traceback.format_exc())
            del samplers[key]

    for key in list(samplers):
        take(key, keep=False)                        # warm-up, not recorded
    for _ in range(ctx.settings.repeats):
        for key in list(samplers):
            take(key, keep=True)
    for key, rs in rates.items():
        v = row.variant(key)
        v.samples = [convert(r) for r in rs]
        v.records = [{"steps_per_s": r} for r in rs]
    row.note = (row.note + " " if row.note else "") + \
        f"{ctx.settings.repeats} interleaved samples of {ctx.settings.chunk:g} s per variant."


def timed(fn: Callable[[], object]) -> tuple[object, float]:
    """``fn()`` and its wall time in seconds."""
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0
