"""Truth tables of the two-input logic gates (math.md §7.1)."""
from __future__ import annotations

import numpy as np

__all__ = ["GATES", "logic_gate", "xor"]

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


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The truth table of gate ``name`` as ``(X (4, 2), T (4, 1))``.

    Raises:
        ValueError: for an unknown gate; the message lists the valid names.
    """
    key = name.upper() if isinstance(name, str) else name
    if key not in GATES:
        raise ValueError(f"unknown logic gate {name!r}; expected one of {', '.join(map(repr, GATES))}")
    return INPUTS.copy(), np.array(GATES[key], dtype=float).reshape(4, 1)


def xor() -> tuple[np.ndarray, np.ndarray]:
    """The XOR truth table ``(X (4, 2), T (4, 1))``: the problem one neuron cannot solve."""
    return logic_gate("XOR")
