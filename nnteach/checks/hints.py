"""``nnteach.checks.hint(exercise)``: graded hints for every exercise."""
from ._base import hint, next_hint

__all__ = ["hint", "next_hint"]
