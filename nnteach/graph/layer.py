"""Layers of units, and how layers connect and gate each other (Synaptic's ``Layer``, math.md §5.4).

A :class:`Layer` is a list of :class:`~nnteach.graph.Unit` activated in order.  ``L.project(L2, how)``
connects every unit pair a rule names and returns a :class:`LayerConnection` that lists the unit
connections it made; ``G.gate(lc, how)`` lets the units of ``G`` gate them:

==================  ==========================================================================
project ``how``     connections made
==================  ==========================================================================
``"all_to_all"``    every unit of ``L`` to every unit of ``L2`` (onto itself: including each
                    unit's self-connection, as Synaptic)
``"all_to_else"``   the same without a unit's connection to itself
``"one_to_one"``    unit ``k`` of ``L`` to unit ``k`` of ``L2`` (sizes must match; onto itself:
                    the self-connections)
==================  ==========================================================================

==================  ==========================================================================
gate ``how``        which gater unit gates which connection
==================  ==========================================================================
``"input"``         gater ``k`` gates every connection of ``lc`` *into* unit ``k`` of the
                    receiving layer (LSTM input gates)
``"output"``        gater ``k`` gates every connection of ``lc`` *from* unit ``k`` of the sending
                    layer (LSTM output gates)
``"one_to_one"``    gater ``k`` gates the ``k``-th connection of ``lc`` (LSTM forget gates on the
                    cells' self-connections)
==================  ==========================================================================
"""
from __future__ import annotations


import numpy as np

from ..validation import ArgumentTypeError, check_number, describe, positive_int
from .unit import Connection, Unit

__all__ = ["Layer", "LayerConnection", "PROJECTIONS", "GATINGS"]

PROJECTIONS = ("all_to_all", "all_to_else", "one_to_one")
GATINGS = ("input", "output", "one_to_one")


def _choice(value, allowed: tuple[str, ...], what: str) -> str:
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{what} must be one of {', '.join(map(repr, allowed))}; got {describe(value)}")
    if value.lower().replace(" ", "_") not in allowed:
        raise ValueError(f"{what} must be one of {', '.join(map(repr, allowed))}; got {value!r}")
    return value.lower().replace(" ", "_")


class LayerConnection:
    """The unit connections one ``Layer.project`` call made.

    Attributes:
        from_layer, to_layer: the two layers.
        how: ``"all_to_all"``, ``"all_to_else"`` or ``"one_to_one"``.
        connections: the unit :class:`~nnteach.graph.Connection` objects, in the order made
            (sending unit outer, receiving unit inner, as Synaptic).
        gated_by: ``(layer, how)`` for every ``Layer.gate`` call on it.
    """

    def __init__(self, from_layer: "Layer", to_layer: "Layer", how: str, connections: list[Connection]) -> None:
        self.from_layer = from_layer
        self.to_layer = to_layer
        self.how = how
        self.connections = connections
        self.gated_by: list[tuple[Layer, str]] = []

    def __len__(self) -> int:
        return len(self.connections)

    def weights(self) -> np.ndarray:
        """The weights as a ``(len(to_layer), len(from_layer))`` array, ``W[j, i] = w_ji`` (0 where no
        connection); self-connections included."""
        W = np.zeros((len(self.to_layer), len(self.from_layer)))
        to_index = {id(u): j for j, u in enumerate(self.to_layer.units)}
        from_index = {id(u): i for i, u in enumerate(self.from_layer.units)}
        for c in self.connections:
            W[to_index[id(c.to_unit)], from_index[id(c.from_unit)]] = c.weight
        return W

    def __repr__(self) -> str:
        gates = "".join(f", gated ({how}) by {layer.name}" for layer, how in self.gated_by)
        return (f"<LayerConnection {self.from_layer.name} → {self.to_layer.name} ({self.how}, "
                f"{len(self.connections)} connections{gates})>")


class Layer:
    """A list of units, activated in order (Synaptic's ``Layer``).

    Args:
        size: number of units.
        activation: activation of every unit (see :class:`~nnteach.graph.Unit`).
        bias: bias of every unit; ``None`` draws each uniform in [−0.1, 0.1).
        name: the layer's name; unit ``k`` is called ``f"{name}[{k}]"`` (or ``name`` for a single unit).
        rng: generator for random biases (default: the one of :func:`nnteach.graph.seed`).

    Attributes:
        units: the :class:`~nnteach.graph.Unit` objects, in activation order.
        role: ``"input"``, ``"hidden"`` or ``"output"`` once a network uses the layer, else ``None``.
    """

    def __init__(self, size: int, activation: str = "logistic", bias: float | None = None,
                 name: str = "layer", *, rng: np.random.Generator | None = None) -> None:
        size = positive_int(size, "size", maximum=20_000)
        self.name = str(name)
        self.units = [Unit(activation, bias, name=self.name if size == 1 else f"{self.name}[{k}]", rng=rng)
                      for k in range(size)]
        self.role: str | None = None

    @classmethod
    def from_units(cls, units: list[Unit], name: str = "layer") -> "Layer":
        """A layer made of existing units (in the order given)."""
        units = list(units)
        if not units or not all(isinstance(u, Unit) for u in units):
            raise TypeError("from_units needs a non-empty list of Unit objects")
        if len({id(u) for u in units}) != len(units):
            raise ValueError("from_units: a unit appears twice")
        layer = cls.__new__(cls)
        layer.name, layer.units, layer.role = str(name), units, None
        return layer

    def __len__(self) -> int:
        return len(self.units)

    def __iter__(self):
        return iter(self.units)

    def __getitem__(self, k: int) -> Unit:
        return self.units[k]

    # -- wiring ------------------------------------------------------------------------------------

    def project(self, other: "Layer", how: str | None = None, weight: float | None = None, *,
                rng: np.random.Generator | None = None) -> LayerConnection:
        """Connect this layer's units to ``other``'s; returns the :class:`LayerConnection`.

        Args:
            other: the receiving layer.
            how: ``"all_to_all"``, ``"all_to_else"`` or ``"one_to_one"`` (see the module docstring);
                default, as Synaptic: ``"one_to_one"`` onto itself, else ``"all_to_all"``.
            weight: one weight for every connection, or ``None`` to draw each uniform in [−0.1, 0.1)
                (self-connections get weight 1 unless a weight is given).
            rng: generator for the random weights.

        Raises:
            ValueError: unknown ``how``; ``"one_to_one"`` between layers of different sizes;
                ``other`` is a network's input layer; a connection exists already.
        """
        if not isinstance(other, Layer):
            raise TypeError(f"a layer can only project to a Layer; got {type(other).__name__}")
        how = ("one_to_one" if other is self else "all_to_all") if how is None else _choice(how, PROJECTIONS, "how")
        if weight is not None:
            weight = check_number(weight, "weight (a number, or None for random weights)")
        if other.role == "input":
            raise ValueError(f"cannot project into {other.name}: it is a network's input layer "
                             "(input units are clamped to the inputs)")
        if how == "one_to_one" and len(other) != len(self):
            raise ValueError(f"one_to_one needs layers of the same size; {self.name} has {len(self)} units, "
                             f"{other.name} has {len(other)}")
        if how == "one_to_one":
            pairs = list(zip(self.units, other.units))
        else:
            pairs = [(a, b) for a in self.units for b in other.units if not (how == "all_to_else" and a is b)]
        for a, b in pairs:                      # check everything before changing anything
            if (a is b and a.self_connection is not None) or (a is not b and a.connection_to(b) is not None):
                raise ValueError(f"{a.name} already projects to {b.name}; a layer projection makes new "
                                 "connections only")
        made = [a.project(b, weight, rng=rng) for a, b in pairs]
        return LayerConnection(self, other, how, made)

    def gate(self, connection: LayerConnection, how: str) -> LayerConnection:
        """Let this layer's units gate the connections of ``connection`` (see the module docstring).

        Raises:
            ValueError: unknown ``how``; the sizes do not fit (``"input"``: this layer and the receiving
                layer; ``"output"``: this layer and the sending layer; ``"one_to_one"``: this layer and
                the number of connections); a connection is already gated.
        """
        if not isinstance(connection, LayerConnection):
            raise TypeError(f"a layer gates a LayerConnection (what Layer.project returns); "
                            f"got {type(connection).__name__}")
        how = _choice(how, GATINGS, "how")
        if how == "input":
            if len(connection.to_layer) != len(self):
                raise ValueError(f"input gating needs as many gaters as receiving units: {self.name} has "
                                 f"{len(self)} units, {connection.to_layer.name} has {len(connection.to_layer)}")
            index = {id(u): k for k, u in enumerate(connection.to_layer.units)}
            plan = [(self.units[index[id(c.to_unit)]], c) for c in connection.connections]
        elif how == "output":
            if len(connection.from_layer) != len(self):
                raise ValueError(f"output gating needs as many gaters as sending units: {self.name} has "
                                 f"{len(self)} units, {connection.from_layer.name} has {len(connection.from_layer)}")
            index = {id(u): k for k, u in enumerate(connection.from_layer.units)}
            plan = [(self.units[index[id(c.from_unit)]], c) for c in connection.connections]
        else:
            if len(connection.connections) != len(self):
                raise ValueError(f"one_to_one gating needs one gater per connection: {self.name} has "
                                 f"{len(self)} units, the projection has {len(connection.connections)} connections")
            plan = list(zip(self.units, connection.connections))
        for _, c in plan:                        # check everything before changing anything
            if c.gater is not None:
                raise ValueError(f"{c!r} is already gated by {c.gater.name}; a connection has one gater")
        for gater, c in plan:
            gater.gate(c)
        connection.gated_by.append((self, how))
        return connection

    # -- reading -----------------------------------------------------------------------------------

    @property
    def states(self) -> np.ndarray:
        """``(len,)`` the units' states ``s``."""
        return np.array([u.state for u in self.units])

    @property
    def activations(self) -> np.ndarray:
        """``(len,)`` the units' activations ``y``."""
        return np.array([u.activation for u in self.units])

    @property
    def biases(self) -> np.ndarray:
        """``(len,)`` the units' biases."""
        return np.array([u.bias for u in self.units])

    @property
    def deltas(self) -> np.ndarray:
        """``(len,)`` the units' responsibilities ``δ``."""
        return np.array([u.delta for u in self.units])

    def __repr__(self) -> str:
        kinds = sorted({u.f.name for u in self.units})
        role = f" {self.role}" if self.role else ""
        return f"<{'/'.join(kinds)}{role} Layer {self.name!r}: {len(self)} units>"
