"""Synaptic's ``Architect`` networks as unit graphs, seeded (cazala/synaptic ``src/architectures``).

Each builder is a :class:`~nnteach.graph.Network` whose constructor takes the layer sizes positionally,
like Synaptic's, and ``seed=``: the same seed gives the same network.  Weights and biases you do not
set are uniform in [−0.1, 0.1), as Synaptic draws them (math.md §1), from
``numpy.random.default_rng(seed)``.

* :class:`Perceptron` — layers fully connected in a chain (math.md §2.1).
* :class:`LSTM` — Synaptic's LSTM with all its options (math.md §5.4).
* :class:`Liquid` — a pool of randomly connected and randomly gated units between an input and an
  output layer.
* :class:`AutoAssociator` — what Synaptic calls ``Hopfield``: *not* a Hopfield network.
"""
from __future__ import annotations

import numpy as np

from ..validation import ArgumentTypeError, as_float_array, check_bool, check_choice, describe, check_number, check_seed, positive_int, whole_number
from .layer import Layer
from .serial import MAX_CONNECTIONS, MAX_UNITS
from .network import Network

__all__ = ["Perceptron", "LSTM", "Liquid", "AutoAssociator"]


def _sizes(sizes, what: str, minimum: int = 3) -> tuple[int, ...]:
    if len(sizes) == 1 and isinstance(sizes[0], (list, tuple)):
        raise ArgumentTypeError(f"give the layer sizes one by one, {what}(2, 3, 1) (or {what}(*sizes)); "
                                f"got one {describe(sizes[0])}")
    if len(sizes) < minimum:
        raise ValueError(f"{what} needs at least {minimum} layer sizes (inputs, hidden…, outputs); got {sizes!r}")
    sizes = tuple(positive_int(n, f"layer size {k}", maximum=MAX_UNITS) for k, n in enumerate(sizes))
    if sum(sizes) > MAX_UNITS:
        raise ValueError(f"{what}{sizes} would have {sum(sizes):,} units; a graph network has at most {MAX_UNITS:,}")
    return sizes


class Perceptron(Network):
    """``Perceptron(n0, n1, …, nL, seed=None)``: every layer projects all-to-all to the next
    (Synaptic's ``Architect.Perceptron``; logistic units).

    Trained by LSTM-g it is plain backpropagation with cross-entropy outputs (math.md §6.5 (b)).
    """

    def __init__(self, *sizes: int, activation: str = "logistic", seed: int | None = None,
                 mode: str = "paper") -> None:
        sizes = _sizes(sizes, "Perceptron")
        rng = np.random.default_rng(check_seed(seed))
        layers = [Layer(sizes[0], name="in", rng=rng)]
        for k, n in enumerate(sizes[1:-1], start=1):
            layers.append(Layer(n, activation, name=f"h{k}" if len(sizes) > 3 else "h", rng=rng))
        layers.append(Layer(sizes[-1], activation, name="out", rng=rng))
        for a, b in zip(layers, layers[1:]):
            a.project(b, "all_to_all", rng=rng)
        super().__init__(input=layers[0], hidden=layers[1:-1], output=layers[-1], mode=mode)


class LSTM(Network):
    """Synaptic's ``Architect.LSTM(nIn, blocks…, nOut, options)`` as a unit graph (math.md §5.4).

    For every size ``M`` among the hidden sizes, four layers of ``M`` logistic units, activated in this
    order: input gates ``ig``, forget gates ``fg``, memory cells ``cell``, output gates ``og`` (gate
    biases start at 1).  Connections:

    * input → cells (all-to-all), gated by the input gate of the receiving cell;
    * input → each gate layer (all-to-all);
    * each cell → itself (weight 1, fixed), gated by its forget gate;
    * cells → output layer (all-to-all), gated by the output gate of the sending cell;
    * peepholes cells → ig, fg, og (``peepholes="all_to_all"`` or ``"one_to_one"``; ``None``: none);
    * a stacked block layer reads the previous *cells* (not gated by their output gates) into its cells
      (gated by its input gates) and gates, as Synaptic does;
    * options: ``hidden_to_hidden`` (cells → other cells of the layer), ``output_to_hidden`` (output
      layer → cells), ``output_to_gates`` (output layer → ig, og, fg), ``input_to_output`` (input →
      output, on by default).

    Connections from units activated later in the step (peepholes into ig and fg, the three recurrent
    options) carry last step's activations; LSTM-g treats them as constants, which makes its updates
    an approximation of the gradient there (math.md §6.4–§6.5).

    Args:
        *sizes: ``n_inputs, M1, [M2, …], n_outputs``.
        peepholes, hidden_to_hidden, output_to_hidden, output_to_gates, input_to_output: Synaptic's
            options (defaults as Synaptic).
        seed: the same seed gives the same network.
        mode: ``"paper"`` or ``"synaptic"`` (see :class:`~nnteach.graph.Network`).

    Attributes:
        blocks: one dict per block layer: ``{"input_gate", "forget_gate", "cell", "output_gate"}``.
    """

    def __init__(self, *sizes: int, peepholes: str | None = "all_to_all", hidden_to_hidden: bool = False,
                 output_to_hidden: bool = False, output_to_gates: bool = False, input_to_output: bool = True,
                 seed: int | None = None, mode: str = "paper") -> None:
        sizes = _sizes(sizes, "LSTM")
        if peepholes is not None:
            check_choice(peepholes, ("all_to_all", "one_to_one", None), "peepholes")
        for flag, name in ((hidden_to_hidden, "hidden_to_hidden"), (output_to_hidden, "output_to_hidden"),
                           (output_to_gates, "output_to_gates"), (input_to_output, "input_to_output")):
            check_bool(flag, name)
        self.options = dict(peepholes=peepholes, hidden_to_hidden=hidden_to_hidden,
                            output_to_hidden=output_to_hidden, output_to_gates=output_to_gates,
                            input_to_output=input_to_output)
        rng = np.random.default_rng(check_seed(seed))
        stacked = len(sizes) > 3
        inputs = Layer(sizes[0], name="in", rng=rng)
        outputs = Layer(sizes[-1], name="out", rng=rng)
        hidden: list[Layer] = []
        self.blocks: list[dict[str, Layer]] = []
        previous = None
        for b, m in enumerate(sizes[1:-1], start=1):
            tag = str(b) if stacked else ""
            ig = Layer(m, bias=1.0, name=f"ig{tag}", rng=rng)
            fg = Layer(m, bias=1.0, name=f"fg{tag}", rng=rng)
            cell = Layer(m, name=f"cell{tag}", rng=rng)
            og = Layer(m, bias=1.0, name=f"og{tag}", rng=rng)
            hidden += [ig, fg, cell, og]
            self.blocks.append({"input_gate": ig, "forget_gate": fg, "cell": cell, "output_gate": og})
            into_cells = inputs.project(cell, "all_to_all", rng=rng)
            for gate in (ig, fg, og):
                inputs.project(gate, "all_to_all", rng=rng)
            from_previous = None
            if previous is not None:
                from_previous = previous.project(cell, "all_to_all", rng=rng)
                for gate in (ig, fg, og):
                    previous.project(gate, "all_to_all", rng=rng)
            to_outputs = cell.project(outputs, "all_to_all", rng=rng)
            self_connections = cell.project(cell, "one_to_one")
            if hidden_to_hidden:
                cell.project(cell, "all_to_else", rng=rng)
            if output_to_hidden:
                outputs.project(cell, "all_to_all", rng=rng)
            if output_to_gates:
                for gate in (ig, og, fg):
                    outputs.project(gate, "all_to_all", rng=rng)
            if peepholes is not None:
                for gate in (ig, fg, og):
                    cell.project(gate, peepholes, rng=rng)
            ig.gate(into_cells, "input")
            fg.gate(self_connections, "one_to_one")
            og.gate(to_outputs, "output")
            if from_previous is not None:
                ig.gate(from_previous, "input")
            previous = cell
        if input_to_output:
            inputs.project(outputs, "all_to_all", rng=rng)
        super().__init__(input=inputs, hidden=hidden, output=outputs, mode=mode)


class Liquid(Network):
    """Synaptic's ``Architect.Liquid(inputs, pool, outputs, connections, gates)``, seeded.

    A pool of ``pool`` logistic units with ``connections`` random connections among them (a unit
    drawn twice makes its self-connection; a pair drawn again is kept once) and ``gates`` random
    gatings (a random pool unit gates a random pool connection); then input → pool and pool → output,
    all-to-all.  Unlike Synaptic, a connection is never gated twice (Synaptic silently re-gates it and
    leaves the first gater believing it still gates it): each gating picks a connection not gated yet.
    """

    def __init__(self, inputs: int, pool: int, outputs: int, connections: int, gates: int, *,
                 seed: int | None = None, mode: str = "paper") -> None:
        inputs, pool, outputs = (positive_int(n, what, maximum=MAX_UNITS) for n, what in
                                 ((inputs, "inputs"), (pool, "pool"), (outputs, "outputs")))
        _sizes((inputs, pool, outputs), "Liquid")
        connections = whole_number(connections, "connections", 0, MAX_CONNECTIONS)
        gates = whole_number(gates, "gates", 0, MAX_CONNECTIONS)
        rng = np.random.default_rng(check_seed(seed))
        in_layer = Layer(inputs, name="in", rng=rng)
        pool_layer = Layer(pool, name="pool", rng=rng)
        out_layer = Layer(outputs, name="out", rng=rng)
        made = []
        for _ in range(int(connections)):
            a, b = pool_layer.units[rng.integers(pool)], pool_layer.units[rng.integers(pool)]
            exists = a.self_connection if a is b else a.connection_to(b)
            if exists is None:
                made.append(a.project(b, rng=rng))
        if gates > len(made):
            raise ValueError(f"cannot gate {gates} connections: the pool has only {len(made)} distinct "
                             "connections, and a connection has one gater")
        for _ in range(int(gates)):
            ungated = [c for c in made if c.gater is None]
            gater = pool_layer.units[rng.integers(pool)]
            gater.gate(ungated[rng.integers(len(ungated))])
        in_layer.project(pool_layer, "all_to_all", rng=rng)
        pool_layer.project(out_layer, "all_to_all", rng=rng)
        super().__init__(input=in_layer, hidden=[pool_layer], output=out_layer, mode=mode)


class AutoAssociator(Network):
    """What Synaptic calls ``Architect.Hopfield(size)``, under a name that says what it is.

    Synaptic's "Hopfield" network is one logistic layer fed all-to-all from the input and trained by
    back-propagation (rate 1) to reproduce its input: an **auto-associator**.  A Hopfield network
    (Hopfield 1982) is something else: symmetric weights, no self-connections, weights set by a
    Hebbian rule, and recall by letting binary units settle to an energy minimum over many updates.
    :meth:`learn` and :meth:`feed` do what Synaptic's ``learn`` and ``feed`` do.
    """

    def __init__(self, size: int, *, seed: int | None = None, mode: str = "paper") -> None:
        size = positive_int(size, "size", maximum=MAX_UNITS // 2)
        rng = np.random.default_rng(check_seed(seed))
        in_layer = Layer(size, name="in", rng=rng)
        out_layer = Layer(size, name="out", rng=rng)
        in_layer.project(out_layer, "all_to_all", rng=rng)
        super().__init__(input=in_layer, output=out_layer, mode=mode)

    def learn(self, patterns, *, rate: float = 1.0, epochs: int = 1000, error: float = 5e-5) -> int:
        """Train online to map each pattern to itself until the mean squared error ≤ ``error``
        (Synaptic: rate 1, error 0.00005); returns the number of epochs run."""
        P = as_float_array(patterns, "patterns")
        if P.ndim != 2 or P.shape[1] != self.n_inputs or len(P) == 0:
            raise ValueError(f"patterns has shape {P.shape}; expected (P, {self.n_inputs})")
        epochs = positive_int(epochs, "epochs")
        rate = check_number(rate, "rate", low=0.0)
        error = check_number(error, "error", low=0.0)
        for epoch in range(1, epochs + 1):
            mse = 0.0
            for p in P:
                y = self.activate(p)
                self.propagate(rate, p)
                mse += float(np.mean((p - y) ** 2))
            if mse / len(P) <= error:
                return epoch
        return epochs

    def feed(self, pattern) -> np.ndarray:
        """The stored pattern it recalls: the outputs for ``pattern`` thresholded at 0.5 (0/1)."""
        return (self.activate(pattern) > 0.5).astype(float)
