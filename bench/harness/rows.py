"""What a row of the results is: variants (who was measured), their samples, ratios and targets.

A *row* is one question ("online steps per second of Perceptron(64, 128, 10)"); its *variants* are
the contenders (nnteach, Synaptic, a plain-numpy floor, PyTorch, nnteach.graph …), each with its
samples; its *ratios* compare two variants' medians, and may carry a target from issue #12.  A
variant that cannot run here (a peer not installed, code that does not exist yet) stays in the row
with the reason, so the table always has the same shape.
"""
from __future__ import annotations

import math
import operator
from dataclasses import dataclass, field

from .measure import Summary, summarize

__all__ = ["NotAvailable", "Variant", "Ratio", "Row", "fmt_value", "fmt_ratio"]


class NotAvailable(Exception):
    """Raised by a variant that cannot run here; the message says why (shown in the table)."""


@dataclass
class Variant:
    """One contender of a row.

    Attributes:
        key: short name used by the row's ratios (``"nnteach"``, ``"synaptic"``, ``"floor"`` …).
        label: what exactly was measured, for the table.
        samples: one number per sample, in the row's unit.
        detail: extra facts for the table (e.g. "solved 10/10, median 50 epochs").
        missing: why the variant did not run (``None`` if it ran).
        records: raw per-sample records for the JSON file.
    """

    key: str
    label: str
    samples: list[float] = field(default_factory=list)
    detail: str = ""
    missing: str | None = None
    records: list[dict] = field(default_factory=list)

    @property
    def summary(self) -> Summary | None:
        return summarize([s for s in self.samples if s is not None and math.isfinite(s)])


_OPS = {"<=": operator.le, ">=": operator.ge}


@dataclass
class Ratio:
    """``median(numerator) / median(denominator)``, with an optional target such as ``"<= 0.4"``.

    Without a denominator it is the numerator's median itself, held against an absolute target
    (e.g. a notebook's seconds against ``"<= 30"``).
    """

    numerator: str
    denominator: str | None
    target: str | None = None
    label: str = ""

    def value(self, row: "Row") -> float | None:
        a = row.variant(self.numerator)
        if a is None or a.summary is None:
            return None
        if self.denominator is None:
            return a.summary.median
        b = row.variant(self.denominator)
        if b is None or b.summary is None or b.summary.median == 0:
            return None
        return a.summary.median / b.summary.median

    def verdict(self, row: "Row") -> str:
        """``"✓"``/``"✗"`` against the target, ``"–"`` without a target, ``"n/a"`` if not measured."""
        v = self.value(row)
        if self.target is None:
            return "–"
        if v is None:
            return "n/a"
        op, number = self.target.split()
        return "✓" if _OPS[op](v, float(number)) else "✗"


@dataclass
class Row:
    """One row of the results table (see the module docstring).

    ``higher_is_better`` only decides how the unit reads ("steps/s" vs "ms"); ratios are always
    ``numerator / denominator`` as the issue states them.
    """

    id: str
    title: str
    section: str
    unit: str
    variants: list[Variant] = field(default_factory=list)
    ratios: list[Ratio] = field(default_factory=list)
    note: str = ""
    short: str = ""              # the row's name in the summary table (default: its title)
    seconds: float = 0.0
    load_before: tuple | None = None
    load_after: tuple | None = None

    def variant(self, key: str) -> Variant | None:
        for v in self.variants:
            if v.key == key:
                return v
        return None

    def to_json(self) -> dict:
        return {
            "id": self.id, "title": self.title, "section": self.section, "unit": self.unit, "note": self.note,
            "seconds": round(self.seconds, 3), "load_before": self.load_before, "load_after": self.load_after,
            "variants": [{"key": v.key, "label": v.label, "samples": v.samples, "detail": v.detail,
                          "missing": v.missing, "records": v.records,
                          "median": v.summary.median if v.summary else None} for v in self.variants],
            "ratios": [{"numerator": r.numerator, "denominator": r.denominator, "target": r.target,
                        "label": r.label, "value": r.value(self), "verdict": r.verdict(self)} for r in self.ratios],
        }


def fmt_value(x: float, unit: str) -> str:
    """A number in a unit, rounded for reading: ``9.8 k`` (steps/s), ``2.9`` (ms), ``0.951`` (score)."""
    if unit == "score":
        return f"{x:.3f}"
    if unit == "steps/s":
        for scale, suffix in ((1e6, " M"), (1e3, " k")):
            if abs(x) >= scale:
                return f"{x / scale:.3g}{suffix}"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def fmt_ratio(x: float | None) -> str:
    if x is None:
        return "n/a"
    return f"{x:.3g}×"
