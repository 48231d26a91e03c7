"""``nnteach.checks.hint(exercise)``: graded hints for every exercise."""
from ._base import hint

__all__ = ["hint"]
