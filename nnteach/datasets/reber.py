"""The Reber grammar and the embedded Reber grammar (math.md §7.3).

The Reber grammar is a small finite automaton (states 0–6; each branching arc has probability ½)::

    0 -B-> 1
    1 -T-> 2      1 -P-> 3
    2 -S-> 2      2 -X-> 4
    3 -T-> 3      3 -V-> 5
    4 -X-> 3      4 -S-> 6
    5 -P-> 4      5 -V-> 6
    6 -E-> end

Examples: ``BTSSXXTVVE``, ``BPVVE``; the shortest strings have 5 symbols, the mean length is 8.
The *embedded* grammar wraps a Reber string in a frame: ``BT<reber>TE`` or ``BP<reber>PE``.  Its
long-range part is the penultimate symbol, which must repeat the second one (mean lag 9 steps).

Encoding: one-hot over all seven symbols in :data:`SYMBOLS` = ``B T P S X V E`` (none is left
out).  For a string of ``n`` symbols a network reads symbols ``0 … n−2`` and, at each step,
predicts the next one, so a string gives ``n − 1`` steps.  Because the automaton is deterministic
(no state has two arcs with the same letter), every prefix leads to one state, and the *legal
successors* at each step are the letters on that state's arcs (:func:`legal_successors`).

``synaptic_compat=True`` reproduces the frame of Synaptic's ``Trainer.ERG`` (verified in math.md
§7.3): it is mirrored, ``BP<reber>TE`` / ``BT<reber>PE``.  Synaptic's other defect, a symbol table
without V (V encoded as all zeros), is deliberately *not* reproduced: nnteach always encodes all
seven symbols.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..validation import ArgumentTypeError, check_bool, check_seed, describe, positive_int

__all__ = ["SYMBOLS", "REBER_ARCS", "automaton", "states", "reber_string", "reber_strings", "accepts",
           "legal_successors", "multi_hot", "encode", "ReberData", "reber_data"]

#: The seven symbols, in the order of the input and output units.
SYMBOLS = "BTPSXVE"
_INDEX = {s: k for k, s in enumerate(SYMBOLS)}

#: The Reber automaton: state -> {letter: next state}; ``None`` is the end (math.md §7.3).
REBER_ARCS: dict[int, dict[str, int | None]] = {
    0: {"B": 1},
    1: {"T": 2, "P": 3},
    2: {"S": 2, "X": 4},
    3: {"T": 3, "V": 5},
    4: {"X": 3, "S": 6},
    5: {"P": 4, "V": 6},
    6: {"E": None},
}


def _embedded_arcs(synaptic_compat: bool) -> dict:
    """The embedded automaton.  States: ``"start"``, ``"frame"`` (after B), ``(branch, s)`` inside
    the Reber string entered by ``branch`` (s = Reber state), ``("close", branch)`` after the inner
    E, ``"last"`` before the final E."""
    arcs: dict = {"start": {"B": "frame"}, "frame": {"T": ("T", 0), "P": ("P", 0)}, "last": {"E": None}}
    for branch in "TP":
        closing = {"T": "P", "P": "T"}[branch] if synaptic_compat else branch
        for s, out in REBER_ARCS.items():
            arcs[(branch, s)] = {c: (("close", branch) if nxt is None else (branch, nxt)) for c, nxt in out.items()}
        arcs[("close", branch)] = {closing: "last"}
    return arcs


_EMBEDDED_ARCS = {False: _embedded_arcs(False), True: _embedded_arcs(True)}


def _automaton(embedded: bool, synaptic_compat: bool) -> tuple[dict, object]:
    embedded, synaptic_compat = check_bool(embedded, "embedded"), check_bool(synaptic_compat, "synaptic_compat")
    if synaptic_compat and not embedded:
        raise ValueError("synaptic_compat only changes the embedded grammar's frame; use it with embedded=True")
    if embedded:
        return _EMBEDDED_ARCS[bool(synaptic_compat)], "start"
    return REBER_ARCS, 0


def automaton(*, embedded: bool = False, synaptic_compat: bool = False) -> tuple[dict, object]:
    """The automaton as ``(arcs, start)``: ``arcs[state] = {letter: next state}`` (``None`` is the end).

    The plain grammar's states are 0–6 (:data:`REBER_ARCS`).  The embedded grammar's states are
    ``"start"``, ``"frame"`` (after the first B), ``(branch, s)`` inside the Reber string entered by
    ``branch`` (``"T"`` or ``"P"``, s = Reber state), ``("close", branch)`` after the inner E, and ``"last"``
    before the final E.
    """
    arcs, start = _automaton(embedded, synaptic_compat)
    return {state: dict(out) for state, out in arcs.items()}, start


def states(string: str, *, embedded: bool = False, synaptic_compat: bool = False) -> list:
    """The automaton's states before each symbol of ``string`` and after its last one (``None``: the end).

    Raises:
        ValueError: if the automaton does not accept ``string``.
    """
    if not accepts(string, embedded=embedded, synaptic_compat=synaptic_compat):
        raise ValueError(f"{string!r} is not a string of the {'embedded ' if embedded else ''}Reber grammar")
    arcs, start = _automaton(embedded, synaptic_compat)
    return _states(string, arcs, start)


def _walk(arcs: dict, state, rng: np.random.Generator) -> str:
    out = []
    while state is not None:
        letters = sorted(arcs[state])          # sorted: reproducible order whatever the dict order
        c = letters[rng.integers(len(letters))] if len(letters) > 1 else letters[0]
        out.append(c)
        state = arcs[state][c]
    return "".join(out)


def reber_string(rng: np.random.Generator, *, embedded: bool = False, synaptic_compat: bool = False) -> str:
    """One random string of the (embedded) Reber grammar, drawn with ``rng`` (a numpy Generator)."""
    if not isinstance(rng, np.random.Generator):
        raise ArgumentTypeError(f"rng must be a numpy Generator (np.random.default_rng(seed)); got {describe(rng)}")
    arcs, start = _automaton(embedded, synaptic_compat)
    return _walk(arcs, start, rng)


def reber_strings(n: int, *, embedded: bool = False, synaptic_compat: bool = False,
                  seed: int | None = None) -> list[str]:
    """``n`` random strings of the Reber grammar (or of the embedded grammar with ``embedded=True``)."""
    n = positive_int(n, "n", maximum=1_000_000)
    rng = np.random.default_rng(check_seed(seed))
    return [reber_string(rng, embedded=embedded, synaptic_compat=synaptic_compat) for _ in range(n)]


def _states(string: str, arcs: dict, start) -> list | None:
    """The automaton states before each symbol and after the last; None if a symbol is illegal."""
    states = [start]
    for c in string:
        state = states[-1]
        if state is None or c not in arcs[state]:
            return None
        states.append(arcs[state][c])
    return states


def accepts(string: str, *, embedded: bool = False, synaptic_compat: bool = False) -> bool:
    """True if the automaton reads the whole ``string`` and ends in its final state."""
    if not isinstance(string, str):
        raise ArgumentTypeError(f"string must be a str of the symbols {SYMBOLS}; got {describe(string)}")
    arcs, start = _automaton(embedded, synaptic_compat)
    states = _states(string, arcs, start)
    return states is not None and states[-1] is None


def legal_successors(string: str, *, embedded: bool = False, synaptic_compat: bool = False) -> list[str]:
    """The legal next symbols after each of the first ``n − 1`` prefixes of a legal string.

    Entry ``t`` holds the letters allowed after ``string[:t+1]`` (sorted in :data:`SYMBOLS` order), so
    it is the set a network that has read symbols ``0 … t`` may predict; ``string[t+1]`` is always in it.

    Raises:
        ValueError: if the automaton does not accept ``string``.
    """
    if not accepts(string, embedded=embedded, synaptic_compat=synaptic_compat):
        raise ValueError(f"{string!r} is not a string of the {'embedded ' if embedded else ''}Reber grammar")
    arcs, start = _automaton(embedded, synaptic_compat)
    states = _states(string, arcs, start)
    return ["".join(c for c in SYMBOLS if c in arcs[s]) for s in states[1:-1]]


def _one_hot(letters: str) -> np.ndarray:
    v = np.zeros((len(letters), len(SYMBOLS)))
    for k, c in enumerate(letters):
        if c not in _INDEX:
            raise ValueError(f"unknown symbol {c!r}; expected one of {SYMBOLS}")
        v[k, _INDEX[c]] = 1.0
    return v


def encode(string: str) -> tuple[np.ndarray, np.ndarray]:
    """Inputs and next-symbol targets of one string: ``x (n−1, 7)`` one-hot of symbols ``0 … n−2``
    and ``t (n−1, 7)`` one-hot of symbols ``1 … n−1`` (units in :data:`SYMBOLS` order)."""
    if not isinstance(string, str):
        raise ArgumentTypeError(f"string must be a str of at least 2 symbols from {SYMBOLS}; got {describe(string)}")
    if len(string) < 2:
        raise ValueError(f"string must be a str of at least 2 symbols from {SYMBOLS}; got {string!r}")
    onehot = _one_hot(string)
    return onehot[:-1], onehot[1:]


def multi_hot(sets: list[str]) -> np.ndarray:
    """Sets of symbols, one per step (e.g. the legal successors), as rows of 0/1 ``(len(sets), 7)``."""
    if isinstance(sets, str) or not isinstance(sets, (list, tuple)):
        raise ArgumentTypeError(f"sets must be a list of strings of symbols from {SYMBOLS}; got {describe(sets)}")
    v = np.zeros((len(sets), len(SYMBOLS)))
    for k, letters in enumerate(sets):
        if not isinstance(letters, str):
            raise ArgumentTypeError(f"sets[{k}] must be a string of symbols from {SYMBOLS}; got {describe(letters)}")
        for c in letters:
            if c not in _INDEX:
                raise ValueError(f"unknown symbol {c!r} in sets[{k}]; expected symbols from {SYMBOLS}")
            v[k, _INDEX[c]] = 1.0
    return v


@dataclass(frozen=True, repr=False, eq=False)
class ReberData:
    """Strings of the (embedded) Reber grammar, encoded.  String ``k`` has ``n_k`` symbols and gives
    ``T_k = n_k − 1`` steps.

    Attributes:
        strings: the strings.
        pairs: list of ``(x (T_k, 7), t (T_k, 7))``: inputs and training targets, ready for
            :func:`nnteach.train` (variable lengths are fine there).  ``t`` is the one-hot next symbol
            (``targets="next"``) or the multi-hot legal successors (``targets="legal"``).
        legal: list of ``(T_k, 7)`` multi-hot masks of the legal successors, from the automaton.
        embedded: whether the strings are embedded-grammar strings.
    """

    strings: list[str]
    pairs: list[tuple[np.ndarray, np.ndarray]]
    legal: list[np.ndarray]
    embedded: bool

    def __len__(self) -> int:
        return len(self.strings)

    def __repr__(self) -> str:
        lengths = [len(s) for s in self.strings]
        kind = "embedded Reber" if self.embedded else "Reber"
        return (f"ReberData({len(self)} {kind} strings, lengths {min(lengths)}–{max(lengths)}, "
                f"mean {np.mean(lengths):.2f})")

    def padded(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Zero-padded arrays ``X (B, Tmax, 7)``, ``T (B, Tmax, 7)``, ``legal (B, Tmax, 7)`` and
        ``mask (B, Tmax)`` (True at real steps).  Only for scoring or inspection: a network reading the
        padding would be trained on made-up steps, so train on :attr:`pairs`."""
        B, Tmax = len(self.pairs), max(len(x) for x, _ in self.pairs)
        X, T, legal = (np.zeros((B, Tmax, len(SYMBOLS))) for _ in range(3))
        mask = np.zeros((B, Tmax), dtype=bool)
        for b, ((x, t), g) in enumerate(zip(self.pairs, self.legal)):
            n = len(x)
            X[b, :n], T[b, :n], legal[b, :n], mask[b, :n] = x, t, g, True
        return X, T, legal, mask


def reber_data(n: int = 256, *, embedded: bool = True, targets: str = "next",
               synaptic_compat: bool = False, seed: int | None = None) -> ReberData:
    """``n`` random strings of the embedded (default) or plain Reber grammar, encoded (math.md §7.3).

    Args:
        n: number of strings.
        embedded: the embedded grammar ``BT<reber>TE`` / ``BP<reber>PE`` (True) or the plain grammar.
        targets: ``"next"`` — the one-hot next symbol (the *sample target*; a logistic output then
            learns the probability of each successor); ``"legal"`` — the multi-hot set of legal
            successors (the *set target* of Hochreiter & Schmidhuber 1997).
        synaptic_compat: use Synaptic's mirrored frame (embedded only).
        seed: seed for ``numpy.random.default_rng``.
    """
    if not isinstance(targets, str) or targets not in ("next", "legal"):
        raise (ValueError if isinstance(targets, str) else ArgumentTypeError)(
            f"targets must be 'next' (one-hot next symbol) or 'legal' (multi-hot legal successors); "
            f"got {describe(targets)}")
    strings = reber_strings(n, embedded=embedded, synaptic_compat=synaptic_compat, seed=seed)
    pairs, legal = [], []
    for s in strings:
        x, t = encode(s)
        g = multi_hot(legal_successors(s, embedded=embedded, synaptic_compat=synaptic_compat))
        pairs.append((x, g.copy() if targets == "legal" else t))
        legal.append(g)
    return ReberData(strings=strings, pairs=pairs, legal=legal, embedded=embedded)
