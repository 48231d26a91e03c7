"""A network of layers, activated in a fixed order and trained online by LSTM-g (math.md §6).

One time step is ``y = net.activate(x)`` then, if there is a target, ``net.propagate(rate, target)``:

1. **activate** — clamp the input units; for every other unit in activation order (input layer,
   hidden layers in order, output layer), Eqs. (15)–(16); then, after the sweep, every unit's
   traces, Eqs. (17)–(18), from the values that entered the states (math.md §6.2).
2. **propagate** — responsibilities in reverse order, Eqs. (10), (21)–(23); then every weight update,
   Eq. (24), computed from the weights of this step and applied together (``rate`` 0: nothing moves,
   but every δ and ``connection.update`` can still be read).

``mode="synaptic"`` reproduces Synaptic 1.1.4's version of the same steps, defects included
(math.md §6.7; see :mod:`nnteach.graph.synaptic_rule`), so the two can be compared number by number.
"""
from __future__ import annotations


import numpy as np

from ..validation import ArgumentTypeError, as_float_array, check_number, describe
from . import synaptic_rule
from .layer import Layer
from .unit import Connection, Unit

__all__ = ["Network", "MODES"]

MODES = ("paper", "synaptic", "synaptic_object")


def _as_layer(part, name: str) -> Layer:
    if isinstance(part, Layer):
        return part
    if isinstance(part, Unit):
        return Layer.from_units([part], name=part.name)
    if isinstance(part, (list, tuple)) and part and all(isinstance(u, Unit) for u in part):
        return Layer.from_units(list(part), name=name)
    raise TypeError(f"{name} must be a Layer, a Unit or a list of Units; got {type(part).__name__}")


class Network:
    """Layers of units activated in a fixed order: input, hidden layers in order, output.

    Args:
        input: the input layer (its units are clamped to ``x``).  A Unit or a list of Units is
            wrapped into a layer.
        hidden: the hidden layers, in activation order.
        output: the output layer (its activations are returned, its units get the targets).
        mode: ``"paper"`` (default): LSTM-g with the paper's exact semantics (math.md §6.1–§6.3);
            ``"synaptic"``: Synaptic 1.1.4's rule, defects included (math.md §6.7), as its compiled
            networks (its default) compute it; ``"synaptic_object"``: the same through Synaptic's
            ``Neuron`` objects (``setOptimize(false)``), which differs from its compiled path in when a
            gate's new value reaches its extended traces.

    Raises:
        ValueError: a unit appears twice; a connection or gater reaches outside the network; a
            connection goes into an input unit.

    Attributes:
        units: every unit in activation order.  layers: every layer in activation order.
    """

    def __init__(self, input, hidden=(), output=None, *, mode: str = "paper") -> None:
        if output is None:
            raise ValueError("a Network needs an output layer: Network(input=..., hidden=[...], output=...)")
        if isinstance(hidden, (Layer, Unit)):
            hidden = [hidden]
        self.input = _as_layer(input, "input")
        self.hidden = [_as_layer(h, f"hidden{k}") for k, h in enumerate(hidden)]
        self.output = _as_layer(output, "output")
        self.mode = self._check_mode(mode)
        self.layers = [self.input] + self.hidden + [self.output]
        self.units: list[Unit] = [u for layer in self.layers for u in layer.units]
        self._check_wiring()
        for layer, role in zip(self.layers, ["input"] + ["hidden"] * len(self.hidden) + ["output"]):
            layer.role = role
        for k, u in enumerate(self.units):
            u.order = k
            u.is_input = k < len(self.input)
            u.is_output = k >= len(self.units) - len(self.output)
        self.clear()

    @staticmethod
    def _check_mode(mode) -> str:
        if not isinstance(mode, str):
            raise ArgumentTypeError(f"mode must be one of {', '.join(map(repr, MODES))}; got {describe(mode)}")
        if mode not in MODES:
            raise ValueError(f"mode must be 'paper' (LSTM-g's exact equations), 'synaptic' (Synaptic 1.1.4's "
                             f"rule, defects included, as its compiled networks run it) or 'synaptic_object' "
                             f"(the same through its Neuron objects); got {mode!r}")
        return mode

    def _check_wiring(self) -> None:
        seen: set[int] = set()
        for layer in self.layers:
            for u in layer.units:
                if id(u) in seen:
                    raise ValueError(f"unit {u.name} appears twice in the network (layers must not share units)")
                seen.add(id(u))
        inputs = {id(u) for u in self.input.units}
        for u in self.units:
            conns = u.incoming + u.outgoing + u.gated + ([u.self_connection] if u.self_connection else [])
            for c in conns:
                for end in (c.from_unit, c.to_unit, c.gater):
                    if isinstance(end, Unit) and id(end) not in seen:
                        raise ValueError(f"{c!r} involves unit {end.name}, which is not in this network")
            if id(u) in inputs and (u.incoming or u.self_connection is not None):
                raise ValueError(f"input unit {u.name} receives connections; an input unit is clamped to "
                                 "the input, so nothing may project into the input layer")

    # -- sizes and parts -----------------------------------------------------------------------------

    @property
    def n_inputs(self) -> int:
        return len(self.input)

    @property
    def n_outputs(self) -> int:
        return len(self.output)

    def connections(self) -> list[Connection]:
        """Every connection of the network: for each unit in order, its self-connection (if any), its
        incoming connections and its bias."""
        out: list[Connection] = []
        for u in self.units:
            if u.is_input:
                continue
            if u.self_connection is not None:
                out.append(u.self_connection)
            out.extend(u.trainable_inputs())
        return out

    def unit(self, name: str) -> Unit:
        """The unit called ``name``."""
        for u in self.units:
            if u.name == name:
                return u
        raise ValueError(f"no unit called {name!r}; the units are {', '.join(u.name for u in self.units)}")

    # -- one time step -----------------------------------------------------------------------------

    def activate(self, x) -> np.ndarray:
        """One time step forward: clamp ``x (N,)``, activate every unit in order, update the traces.

        Returns:
            ``(K,)`` float64: the output layer's activations.
        """
        x = as_float_array(x, "x")
        if x.shape != (self.n_inputs,):
            raise ValueError(f"x has shape {x.shape}; expected ({self.n_inputs},), one value per input unit")
        for u, value in zip(self.input.units, x):
            u.clamp(value)
        rest = self.units[self.n_inputs:]
        if self.mode != "paper":
            for u in rest:
                synaptic_rule.activate(u, object_path=self.mode == "synaptic_object")
        else:
            for u in rest:
                u.compute_state()                 # Eq. (15)
                u.compute_activation()            # Eq. (16)
            for u in rest:
                u.update_traces()                 # Eqs. (17)-(18), after the sweep (math.md §6.2)
        return self.output.activations

    def propagate(self, rate: float, target) -> None:
        """Learn from ``target (K,)`` at this step: responsibilities, traces' credit, weight updates.

        Args:
            rate: the learning rate α ≥ 0 (0: nothing changes, but every ``δ`` and
                ``connection.update`` is computed and can be inspected).
            target: ``(K,)`` the wanted outputs; output deltas are ``t − y`` (Eq. 10).
        """
        rate = self._check_rate(rate)
        target = as_float_array(target, "target")
        if target.shape != (self.n_outputs,):
            raise ValueError(f"target has shape {target.shape}; expected ({self.n_outputs},), one value per "
                             "output unit")
        rest = self.units[self.n_inputs:]
        n_hidden = len(rest) - self.n_outputs
        targets = [None] * n_hidden + list(target)
        if self.mode != "paper":
            for u, t in zip(reversed(rest), reversed(targets)):
                synaptic_rule.propagate(u, rate, t)
            return
        for u, t in zip(reversed(rest), reversed(targets)):
            u.compute_delta(t)                    # Eq. (10) or (21)-(23), downstream first
        for u in rest:
            u.compute_updates()                   # Eq. (24), all from this step's weights
        if rate:
            for u in rest:
                u.apply_updates(rate)

    @staticmethod
    def _check_rate(rate) -> float:
        return check_number(rate, "rate", low=0.0)

    def clear(self) -> None:
        """Start a fresh sequence: every state, activation, δ and trace to zero; the weights are kept.

        (Synaptic's ``clear()`` keeps the states, so its next sequence starts from the old cell
        states: its issue #309.  This one really starts afresh.)"""
        for u in self.units:
            u.clear()

    # -- sequences, learning off ----------------------------------------------------------------------

    def forward(self, X) -> np.ndarray:
        """Outputs for a sequence ``(T, N)`` or a batch of sequences ``(B, T, N)``, learning off.

        Each sequence starts from a fresh state (``clear()``), so the network's current state is lost.
        Returns ``(T, K)`` or ``(B, T, K)``.
        """
        X = as_float_array(X, "X")
        if X.ndim not in (2, 3) or X.shape[-1] != self.n_inputs or 0 in X.shape:
            raise ValueError(f"X has shape {X.shape}; expected one sequence (T, {self.n_inputs}) or a batch "
                             f"of sequences (B, T, {self.n_inputs})")
        batch = X if X.ndim == 3 else X[None]
        Y = np.empty(batch.shape[:2] + (self.n_outputs,))
        for b, seq in enumerate(batch):
            self.clear()
            for t, x in enumerate(seq):
                Y[b, t] = self.activate(x)
        return Y if X.ndim == 3 else Y[0]

    # -- copies and printing ---------------------------------------------------------------------------

    def config(self) -> dict:
        """The wiring and weights as JSON-ready data (what :func:`nnteach.save` writes)."""
        from .serial import network_to_dict
        return network_to_dict(self)

    @classmethod
    def from_config(cls, config: dict) -> "Network":
        """Rebuild a network from :meth:`config` (checked first; a ``ValueError`` says what is wrong)."""
        from .serial import network_from_dict
        return network_from_dict(config)

    def copy(self) -> "Network":
        """An independent deep copy (same wiring, weights, mode; a fresh state)."""
        from .serial import network_from_dict, network_to_dict
        return network_from_dict(network_to_dict(self))

    def n_parameters(self) -> int:
        """Number of trainable weights (biases included, self-connections excluded)."""
        return sum(1 for c in self.connections() if c.trainable)

    def summary(self) -> str:
        """One line per layer, then the counts."""
        lines = [repr(self)]
        for layer in self.layers:
            lines.append(f"  {layer.role:6s} {layer.name}: {len(layer)} {layer.units[0].f.name} units")
        n_gated = sum(1 for c in self.connections() if c.gater is not None)
        n_self = sum(1 for c in self.connections() if c.is_self_connection)
        lines.append(f"  {self.n_parameters()} trainable weights, {n_self} self-connections, {n_gated} gated connections")
        return "\n".join(lines)

    def __repr__(self) -> str:
        sizes = "-".join(str(len(layer)) for layer in self.layers)
        return f"<Network {sizes} ({len(self.units)} units, {self.n_parameters()} weights, mode={self.mode!r})>"
