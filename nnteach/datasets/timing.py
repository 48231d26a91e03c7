"""The timing task of Synaptic's ``Trainer.timingTask``, with a correct generator (math.md §7, §11).

A network with 2 inputs and 1 output watches a stream.  Now and then a **pulse** arrives: input 0 is 1
for one step, and input 1 announces a duration ``n/n_max`` (and keeps that value until the next pulse).
The output must then be 0.5 for exactly ``n + 1`` steps, starting at the pulse, and 0 until the next
pulse: the network has to *time* an interval it is told only at its start.

Synaptic's generator (cazala/synaptic ``src/Trainer.js``, read, not copied) has these defects, all fixed
here:

* pulses overlap: the gap after a pulse window is drawn from 0…20 and the next pulse starts on the
  gap's last step, so a gap of 0 puts the next pulse *on* the last step of the previous window
  (overwriting its duration) and a gap of ``g`` leaves only ``g − 1`` quiet steps;
* durations and gaps are ``round(20·random())``, so 0 and 20 come half as often as the other values;
* the test set's size reads the *training* option (``testSamples = options.trainSamples || 1000``);
* the test set is the continuation of the training stream, scored with whatever state training left.

Here durations are uniform integers in ``0 … max_duration`` and gaps (quiet steps between a pulse
window and the next pulse) uniform in ``min_gap … max_gap``; pulses never overlap; a held-out stream is
simply another seed, scored from a fresh state with learning off (:func:`nnteach.scoring.timing_score`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..validation import MAX_NUMBERS, check_seed, positive_int, whole_number

__all__ = ["TimingTask", "timing_task"]


@dataclass(frozen=True, eq=False)
class TimingTask:
    """One stream of the timing task.

    Attributes:
        X: ``(L, 2)`` inputs: pulse flag, announced duration ``n / max_duration``.
        T: ``(L, 1)`` targets: 0.5 during each pulse window, else 0.
        starts: ``(P,)`` the step of each pulse.   durations: ``(P,)`` each pulse's ``n``.
        ends: ``(P,)`` one past the last step of each *episode* (the pulse window and its quiet gap);
            an episode cut by the end of the stream has ``ends > L`` and is not scored.
        max_duration: ``n_max``.
    """

    X: np.ndarray
    T: np.ndarray
    starts: np.ndarray
    durations: np.ndarray
    ends: np.ndarray
    max_duration: int

    def __len__(self) -> int:
        return len(self.X)

    @property
    def complete(self) -> np.ndarray:
        """``(P,)`` bool: which episodes lie wholly inside the stream."""
        return self.ends <= len(self.X)

    def __repr__(self) -> str:
        return (f"TimingTask({len(self)} steps, {int(self.complete.sum())} complete pulses, "
                f"durations 0–{self.max_duration})")


def timing_task(steps: int = 8000, *, max_duration: int = 20, min_gap: int = 1, max_gap: int = 20,
                seed: int | None = None) -> TimingTask:
    """A seeded stream of the timing task (see the module docstring).

    Args:
        steps: length ``L`` of the stream (Synaptic trains on 7000 steps and tests on 1000).
        max_duration: the largest ``n`` (Synaptic: 20); a pulse asks for ``n + 1`` steps of 0.5.
        min_gap, max_gap: range of the quiet steps between a pulse window and the next pulse.
        seed: seed for ``numpy.random.default_rng``; the same seed gives the same stream.
    """
    steps = positive_int(steps, "steps", maximum=MAX_NUMBERS // 3)
    max_duration = positive_int(max_duration, "max_duration", maximum=steps)
    max_gap = positive_int(max_gap, "max_gap", maximum=steps)
    min_gap = whole_number(min_gap, f"min_gap (from 0 to max_gap={max_gap})", None)
    if not 0 <= min_gap <= max_gap:
        raise ValueError(f"min_gap must be a whole number from 0 to max_gap={max_gap}; got {min_gap!r}")
    rng = np.random.default_rng(check_seed(seed))
    X, T = np.zeros((steps, 2)), np.zeros((steps, 1))
    starts, durations, ends = [], [], []
    t = 0
    while t < steps:
        n = int(rng.integers(0, max_duration + 1))
        gap = int(rng.integers(min_gap, max_gap + 1))
        end = t + n + 1 + gap
        X[t, 0] = 1.0
        X[t:end, 1] = n / max_duration
        T[t:t + n + 1, 0] = 0.5
        starts.append(t), durations.append(n), ends.append(end)
        t = end
    return TimingTask(X=X, T=T, starts=np.array(starts), durations=np.array(durations), ends=np.array(ends),
                      max_duration=max_duration)
