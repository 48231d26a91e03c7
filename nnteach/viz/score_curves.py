"""Learning curves side by side (notebook 09): training error and held-out score per epoch.

``show_error_and_score_curves({"LSTM": (errors, scores), "Elman RNN": (errors, scores)})`` draws, for each
network, the reported training error after every epoch (left; what :func:`nnteach.train` returns in
``result.history``) and the held-out score before training and after every epoch (right; e.g.
:func:`nnteach.scoring.recall_score`, learning switched off), with the goal and the score of guessing
as dashed lines.  A network that stopped early at the goal has a shorter curve.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from .explorer import display_figure

__all__ = ["error_and_score_figure", "show_error_and_score_curves"]

#: Colour-blind-safe colours and line styles, one per network, in order.
STYLES = (("#0072B2", "-"), ("#E69F00", "-"), ("#56B4E9", "--"), ("#009E73", "-."), ("#CC79A7", ":"))


def error_and_score_figure(curves: Mapping[str, tuple[Sequence[float], Sequence[float]]], goal: float = 0.95,
                           guess: float | None = None, score_label: str = "held-out score"):
    """The figure of :func:`show_error_and_score_curves` (a matplotlib Figure, not shown)."""
    from matplotlib.figure import Figure
    if not curves:
        raise ValueError("curves is empty; expected {name: (errors per epoch, scores per epoch)}")
    fig = Figure(figsize=(8.5, 3.5), layout="constrained")
    ax, bx = fig.subplots(1, 2)
    longest = 1
    for (name, (errors, scores)), (colour, style) in zip(curves.items(), STYLES * 4):
        errors, scores = np.asarray(errors, dtype=float), np.asarray(scores, dtype=float)
        ax.plot(np.arange(1, len(errors) + 1), errors, style, color=colour, lw=1.8, marker="o", ms=3, label=name)
        bx.plot(np.arange(len(scores)), scores, style, color=colour, lw=1.8, marker="o", ms=3, label=name)
        longest = max(longest, len(errors), len(scores) - 1)
    bx.axhline(goal, color="0.35", lw=1, ls="--")
    bx.text(0.02, goal, f"goal {goal:g}", transform=bx.get_yaxis_transform(), va="bottom", fontsize=8, color="0.35")
    if guess is not None:
        bx.axhline(guess, color="0.6", lw=1, ls=":")
        bx.text(0.02, guess, f"guessing {guess:g}", transform=bx.get_yaxis_transform(), va="bottom", fontsize=8,
                color="0.45")
    ax.set_xlabel("epoch")
    ax.set_ylabel("reported error: mean of (t − y)²")
    ax.set_title("training error", fontsize=10)
    bx.set_xlabel("epoch (0: before training)")
    bx.set_ylabel(score_label)
    bx.set_title(f"{score_label} (learning switched off)", fontsize=10)
    bx.set_ylim(-0.03, 1.03)
    for axis in (ax, bx):
        axis.set_xlim(-0.3, longest + 0.3)
        axis.grid(True, alpha=0.3)
        axis.tick_params(labelsize=8)
    fig.legend(*bx.get_legend_handles_labels(), loc="outside lower center", ncols=min(len(curves), 4), fontsize=8,
               frameon=False)                        # under the panels: never over a curve or the goal's label
    return fig


def show_error_and_score_curves(curves: Mapping[str, tuple[Sequence[float], Sequence[float]]], goal: float = 0.95,
                         guess: float | None = None, score_label: str = "held-out score") -> None:
    """Show training errors (left) and held-out scores (right) per epoch for several networks.  Returns None.

    Args:
        curves: ``{name: (errors, scores)}``: the reported error after each epoch (``result.history``) and
            the held-out score before training and after each epoch.
        goal: the score that counts as solved (a dashed line).
        guess: the score of guessing, if any (a dotted line).
        score_label: what the score is called on the axis.
    """
    display_figure(error_and_score_figure(curves, goal, guess, score_label))
