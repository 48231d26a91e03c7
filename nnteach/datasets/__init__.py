"""Data sets for the course: generated on the spot, seeded, never downloaded.

Every generator returns numpy arrays ``(X, T)`` with examples along the first
axis, ready for :func:`nnteach.train`.  The same seed gives the same numbers.

* :func:`logic_gate` — AND, OR, NAND, NOR, XOR truth tables (math.md §7.1).
* :func:`two_moons`, :func:`two_spirals` — noisy 2-D two-class problems.
"""
from .gates import GATES, logic_gate, xor
from .planar import two_moons, two_spirals

__all__ = ["GATES", "logic_gate", "xor", "two_moons", "two_spirals"]
