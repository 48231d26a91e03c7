"""Truth tables of the two-input logic gates (math.md §7.1)."""
from __future__ import annotations

import numpy as np

from ..validation import ArgumentTypeError, as_float_array, describe

__all__ = ["GATES", "INPUTS", "FUNCTION_NAMES", "logic_gate", "xor", "gate_name", "gate_of"]

#: Inputs of every gate, in this order: (0,0), (0,1), (1,0), (1,1).
INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])

#: The output column of each gate, for :data:`INPUTS` in order.
GATES: dict[str, tuple[int, int, int, int]] = {
    "AND": (0, 0, 0, 1),
    "OR": (0, 1, 1, 1),
    "NAND": (1, 1, 1, 0),
    "NOR": (1, 0, 0, 0),
    "XOR": (0, 1, 1, 0),
}


#: The name of every two-input truth table (outputs for :data:`INPUTS` in order): the gates of
#: :data:`GATES` and the other eleven (XNOR is the one a single neuron cannot compute either).
FUNCTION_NAMES: dict[tuple[int, int, int, int], str] = {
    **{table: name for name, table in GATES.items()},
    (0, 0, 0, 0): "always 0", (1, 1, 1, 1): "always 1",
    (0, 0, 1, 1): "x1", (0, 1, 0, 1): "x2", (1, 1, 0, 0): "NOT x1", (1, 0, 1, 0): "NOT x2",
    (0, 0, 1, 0): "x1 AND NOT x2", (0, 1, 0, 0): "x2 AND NOT x1",
    (1, 0, 1, 1): "x1 OR NOT x2", (1, 1, 0, 1): "x2 OR NOT x1",
    (1, 0, 0, 1): "XNOR (1 when both inputs are equal)",
}


def gate_name(bits) -> str:
    """The name of a two-input truth table, e.g. ``gate_name((0, 0, 0, 1)) == "AND"``.

    ``bits`` are the outputs 0/1 for the patterns (0,0), (0,1), (1,0), (1,1), in that order.
    """
    b = as_float_array(bits, "bits")
    if b.shape != (4,) or not np.all((b == 0) | (b == 1)):
        raise ValueError(f"bits must be four outputs 0/1 for the patterns (0,0), (0,1), (1,0), (1,1); "
                         f"got {describe(bits)}")
    return FUNCTION_NAMES[tuple(int(v) for v in b)]


def gate_of(s) -> str | None:
    """The gate a unit computes, from its four states ``s`` (patterns in :data:`INPUTS` order).

    ``s > 0`` reads as 1 (``y > 0.5``) and ``s < 0`` as 0; if any state is exactly 0 the unit is
    undecided there and the answer is None.
    """
    s = as_float_array(s, "s")
    if s.shape != (4,):
        raise ValueError(f"s has shape {s.shape}; expected (4,), the unit's states for the four patterns")
    if np.any(s == 0):
        return None
    return gate_name(s > 0)


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The truth table of gate ``name`` as ``(X (4, 2), T (4, 1))``.

    Raises:
        ValueError: for an unknown gate; the message lists the valid names.
    """
    if not isinstance(name, str):
        raise ArgumentTypeError(f"name must be one of {', '.join(map(repr, GATES))}; got {describe(name)}")
    key = name.upper()
    if key not in GATES:
        raise ValueError(f"unknown logic gate {name!r}; expected one of {', '.join(map(repr, GATES))}")
    return INPUTS.copy(), np.array(GATES[key], dtype=float).reshape(4, 1)


def xor() -> tuple[np.ndarray, np.ndarray]:
    """The XOR truth table ``(X (4, 2), T (4, 1))``: the problem one neuron cannot solve."""
    return logic_gate("XOR")
