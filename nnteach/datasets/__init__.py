"""Data sets for the course: generated on the spot, seeded, never downloaded.

Every generator returns numpy arrays ``(X, T)`` with examples along the first
axis, ready for :func:`nnteach.train`.  The same seed gives the same numbers.

Table of contents:

* :func:`logic_gate` — AND, OR, NAND, NOR, XOR truth tables (math.md §7.1), and the names of all
  sixteen two-input truth tables (:func:`gate_name`).
* :func:`worked_example`, :func:`worked_pass` — the course's worked example (math.md §9.1): the 2-2-1
  network, its input and target, and every number of one forward pass, backward pass and update.
* :func:`two_moons`, :func:`two_spirals` — noisy 2-D two-class problems.
* :func:`distracted_recall`, :func:`synaptic_demo_recall`, :func:`noisy_sine`, :func:`delayed_echo` —
  sequence tasks ``(B, T, N)`` (math.md §7.2).
* :func:`reber_data`, :func:`reber_strings`, :func:`accepts`, :func:`legal_successors`, :func:`automaton`,
  :func:`states` — the (embedded)
  Reber grammar (math.md §7.3); variable-length strings as a list of ``(x, t)`` pairs.
* :func:`timing_task` — the timing task of Synaptic's ``Trainer.timingTask``, generated correctly
  (a stream ``(L, 2) -> (L, 1)``).
"""
from .gates import GATES, INPUTS, gate_name, gate_of, logic_gate, xor
from .worked_example import WORKED_WEIGHTS, WorkedPass, worked_example, worked_pass
from .planar import two_moons, two_spirals
from .reber import (SYMBOLS as REBER_SYMBOLS, ReberData, accepts, automaton, legal_successors, reber_data,
                    reber_strings, states)
from .sequences import RecallTrials, delayed_echo, distracted_recall, noisy_sine, synaptic_demo_recall
from .timing import TimingTask, timing_task

__all__ = ["GATES", "INPUTS", "gate_name", "gate_of", "logic_gate", "xor",
           "WORKED_WEIGHTS", "WorkedPass", "worked_example", "worked_pass",
           "two_moons", "two_spirals",
           "REBER_SYMBOLS", "ReberData", "accepts", "automaton", "states", "legal_successors", "reber_data",
           "reber_strings",
           "RecallTrials", "distracted_recall", "noisy_sine", "synaptic_demo_recall", "delayed_echo",
           "TimingTask", "timing_task"]
