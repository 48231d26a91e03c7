"""nnteach's own hooks that the rows time directly, found under their current or former names.

The trainer's inner step is a model's unchecked loss-and-gradients method: ``loss_and_grads_unchecked``
(its documented name after the package's restructure) or ``_loss_and_grads`` (before it).  Rows that
time "what train calls per update" use :func:`unchecked`, so they survive the rename.
"""
from __future__ import annotations

from typing import Callable

__all__ = ["unchecked"]


def unchecked(model) -> Callable:
    """``model``'s unchecked ``(X, T, cost) -> (loss, grads)``, as ``nnteach.train`` finds it."""
    for name in ("loss_and_grads_unchecked", "_loss_and_grads"):
        found = getattr(model, name, None)
        if callable(found):
            return found
    return model.loss_and_grads
