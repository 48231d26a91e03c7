"""The fading-gradient explorer (notebook 07): how much of an error survives q steps back through time.

Left: one self-connected neuron (:func:`nnteach.fading.neuron_fading`): ``|∂s(q)/∂s(0)|`` against ``q``
on a log scale, for a self-weight ``w``, an activation (logistic, tanh, or the linear unit) and the kind
of feedback (activation, as Elman; state, as Synaptic), with a constant input ``x`` that moves the
neuron's operating point.  A dashed line is the most the product can be, ``(|w| max f')^q``; when the
controls match a case of math.md §3.4, its number is marked where the curve reaches it.

Right: the same measured in a trained Elman network, ``‖∂h_T/∂h_{T−q}‖₂`` (:func:`nnteach.fading.jacobian_norms`,
from :meth:`nnteach.RNN.hidden_jacobians`), for the network and sequence given (default: notebook 07's
sine predictor, :func:`nnteach.fading.sine_predictor`, on a held-out noisy sine).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..datasets import noisy_sine
from ..fading import FadingResult, Reference, jacobian_norms, neuron_fading, reference_numbers, sine_predictor
from ..formatting import number
from .explorer import Control, Explorer
from .network_diagram import NEGATIVE, POSITIVE

__all__ = ["FadingGradientExplorer", "FadingView", "STEPS", "off_scale_note"]

STEPS = 50                      #: the q axis runs 0 … STEPS
YLIM = (1e-50, 1e20)            #: the log axis (values beyond are drawn at its edge)


@dataclass
class FadingView:
    """What the explorer shows: the neuron's factors, the math.md numbers reached, the trained net's norms."""

    neuron: FadingResult
    references: list[Reference]        # the math.md §3.4 numbers that these controls reach
    net_norms: np.ndarray              # (T + 1,) ‖∂h_T/∂h_{T−q}‖₂ of the trained network

    @property
    def verdict(self) -> str:
        """What is left at q = 50: ``"fades"`` (below 0.01), ``"shrinks"`` (below 0.5), ``"explodes"``
        (above 100), ``"grows"`` (above 2), otherwise ``"keeps about its size"``."""
        end = self.neuron.at(STEPS)
        if end < 1e-2:
            return "fades"
        if end > 1e2:
            return "explodes"
        if end < 0.5:
            return "shrinks"
        if end > 2:
            return "grows"
        return "keeps about its size"


def off_scale_note(factors: np.ndarray, ylim: tuple[float, float] = YLIM) -> str:
    """A note for the points that the log axis cannot show (drawn at its edge), or ``""``: where the
    curve leaves the axis and how far it goes, e.g. ``"↑ off the scale from q = 23 (q = 50: 1.4e+45)"``."""
    f = np.abs(np.asarray(factors, dtype=float))
    lo, hi = ylim
    notes = []
    for name, beyond in (("↑", f > hi), ("↓", f < lo)):
        if beyond.any():
            q = int(np.argmax(beyond))
            notes.append(f"{name} off the scale from q = {q} (q = {len(f) - 1}: {number(f[-1])})")
    return "\n".join(notes)


class FadingGradientExplorer(Explorer):
    """Sliders for a self-connected neuron → ``|∂s(q)/∂s(0)|`` against ``q`` (log scale), beside the same
    measured in a trained Elman network.

    Args:
        net: an :class:`~nnteach.RNN` (default: :func:`nnteach.fading.sine_predictor`).
        sequence: one input sequence ``(T, N)`` for it (default: a held-out noisy sine of 50 steps).
        **state: the controls ``w``, ``activation``, ``feedback``, ``x``.
    """

    controls = (
        Control("w", 1.0, -8.0, 8.0, 0.05, "self-weight w"),
        Control("activation", "logistic", description="activation", options=("logistic", "tanh", "identity")),
        Control("feedback", "activation", description="feedback", options=("activation", "state")),
        Control("x", 0.0, -4.0, 4.0, 0.1, "input x"),
    )
    figsize = (10.0, 4.0)

    def __init__(self, net=None, sequence=None, **state) -> None:
        if net is None:
            net = sine_predictor()
            sequence = noisy_sine(length=STEPS, seed=1)[0] if sequence is None else sequence
        if sequence is None:
            raise ValueError("give the sequence to measure the network on: FadingGradientExplorer(net, sequence)")
        self._net_norms = jacobian_norms(net, sequence)
        self._references = reference_numbers()
        super().__init__(**state)

    def compute(self, w: float, activation: str, feedback: str, x: float) -> FadingView:
        n = neuron_fading(w, activation, feedback, x, steps=STEPS)
        reached = [r for r in self._references
                   if r.activation == activation and feedback == "activation" and abs(x) < 1e-9
                   and (abs(abs(w) - r.w) < 1e-9 if r.bound else abs(w - r.w) < 1e-9)]
        return FadingView(neuron=n, references=reached, net_norms=self._net_norms)

    def draw(self, r: FadingView, fig) -> None:
        if not fig.axes:
            ax, bx = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.35, 1.0]})
            q = np.arange(STEPS + 1)
            (self._curve,) = ax.semilogy(q, np.ones_like(q, dtype=float), "o-", color=POSITIVE, ms=2.5, lw=1.4,
                                         label="|∂s(q)/∂s(0)| of the neuron")
            (self._bound,) = ax.semilogy(q, np.ones_like(q, dtype=float), "--", color="0.45", lw=1.0,
                                         label="largest possible: (|w|·max f')^q")
            ax.axhline(1.0, color="0.75", lw=0.8)
            (self._marks,) = ax.semilogy([], [], "*", color=NEGATIVE, ms=12, mec="black", mew=0.6,
                                         label="a number of math.md §3.4")
            self._notes = [ax.annotate("", (0, 1), xytext=(0, 0), textcoords="offset points", fontsize=7.5,
                                       color="black", bbox=dict(boxstyle="round,pad=0.15", fc="white", ec=NEGATIVE,
                                                                alpha=0.9)) for _ in range(3)]
            self._off_scale = ax.text(0.99, 0.86, "", transform=ax.transAxes, ha="right", va="center", fontsize=8.5,
                                      color=POSITIVE, bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="0.7",
                                                                alpha=0.9))
            ax.set_ylim(*YLIM)
            ax.set_xlim(-1, STEPS + 1)
            ax.set_xlabel("q: steps back in time")
            ax.set_ylabel("error factor (log scale)")
            ax.grid(True, which="major", alpha=0.3)
            ax.legend(loc="lower left", fontsize=7.5)
            norms = r.net_norms
            qq = np.arange(len(norms))
            bx.semilogy(qq, np.maximum(norms, 1e-300), "o-", color=NEGATIVE, ms=2.5, lw=1.4)
            bx.axhline(1.0, color="0.75", lw=0.8)
            bx.set_xlabel("q: steps back in time")
            bx.set_ylabel("‖∂h(T)/∂h(T−q)‖₂ (log scale)")
            bx.set_title("an Elman network trained on the noisy sine", fontsize=10)
            bx.grid(True, which="major", alpha=0.3)
            self._ax, self._bx = ax, bx
        n = r.neuron
        lo, hi = YLIM
        self._curve.set_ydata(np.clip(np.abs(n.factors), lo, hi))
        self._bound.set_ydata(np.clip(n.bound, lo, hi))
        self._bound.set_visible(n.feedback == "activation" and n.activation != "identity")
        note = off_scale_note(n.factors, YLIM)
        self._off_scale.set_text(note)
        self._off_scale.set_y(0.45 if note.startswith("↓") else 0.86)      # clear of the pinned curve, the legend
        self._marks.set_data([ref.q for ref in r.references], [np.clip(ref.value, lo, hi) for ref in r.references])
        for k, note in enumerate(self._notes):
            if k < len(r.references):
                ref = r.references[k]
                note.xy = (ref.q, float(np.clip(ref.value, lo, hi)))
                head = f"at most 0.25^{ref.q} = " if ref.bound else f"q = {ref.q}: "
                note.set_text(f"{head}{number(ref.value)}\n(math.md §3.4: {ref.printed})")
                note.set_position((-95 if ref.q > 30 else 8, 14 if k % 2 == 0 else -30))
                note.set_visible(True)
            else:
                note.set_visible(False)
        kind = "s(t) = w·y(t−1) + x" if n.feedback == "activation" else "s(t) = w·s(t−1) + x"
        self._ax.set_title(f"{n.activation}, {kind}, w = {n.w:.2f}, x = {n.x:.1f}: {r.verdict}", fontsize=10)

    def animated_artists(self) -> list:
        """What a slider move redraws (blitted over the cached axes and the trained network's curve)."""
        if self.fig is None or not hasattr(self, "_ax"):
            return []
        return [self._curve, self._bound, self._marks, *self._notes, self._off_scale, self._ax.title,
                self._ax.get_legend()]

    def summary(self, r: FadingView) -> str:
        n = r.neuron
        per_step = np.abs(n.step_factors)
        text = (f"{n.activation}, {n.feedback} feedback, w = {n.w:.2f}, input x = {n.x:.1f}: per step |∂s(k+1)/∂s(k)| "
                f"from {number(per_step[0])} (k = 0) to {number(per_step[-1])} (k = {STEPS - 1}); "
                f"|∂s(q)/∂s(0)| = {number(n.at(10))} at q = 10, {number(n.at(20))} at q = 20, "
                f"{number(n.at(STEPS))} at q = {STEPS}: {r.verdict}")
        if r.references:
            text += "; math.md §3.4: " + ", ".join(
                f"at most 0.25^{ref.q} = {ref.printed}" if ref.bound else f"{ref.printed} at q = {ref.q}"
                for ref in r.references)
        return text
