"""Moving weights between the unit graph of ``graph.LSTM(N, M, K)`` and :class:`VectorisedLSTM`.

The vectorised layer's ``params`` name the weights of the unit graph (math.md §6.6):
``Wi[m, n]`` is the weight of ``in[n] → ig[m]``, ``Ui[m, m']`` of ``cell[m'] → ig[m]``, ``bi[m]`` the bias
of ``ig[m]`` (the same for ``f`` and ``o``); ``Wc``, ``bc`` the cells' inputs and biases; ``V[k, m]`` the
weight of ``cell[m] → out[k]``, ``Wk[k, n]`` of ``in[n] → out[k]``, ``bk`` the outputs' biases.
"""
from __future__ import annotations

import numpy as np

__all__ = ["lstm_weights_from_network", "network_from_lstm_weights"]


def _fail(what: str) -> ValueError:
    return ValueError(f"not a one-block-layer graph.LSTM network: {what}")


def _peephole_kind(gates, cells) -> str | None:
    M = len(cells)
    present = np.array([[any(c.from_unit is cell for c in g.incoming) for cell in cells] for g in gates])
    if present.all():
        return "all_to_all"
    if not present.any():
        return None
    if (present == np.eye(M, dtype=bool)).all():
        return "one_to_one"
    raise _fail("peepholes from cells to gates are neither all-to-all, one-to-one nor absent")


def lstm_weights_from_network(net) -> dict:
    """``{"N", "M", "K", "peepholes", "input_to_output", "params"}`` read from ``net``.

    Raises:
        ValueError: ``net`` is not wired as ``graph.LSTM(N, M, K)`` with one block layer and no recurrent
            options (the message says what differs).
    """
    from .network import Network
    if not isinstance(net, Network):
        raise TypeError(f"net must be a graph Network built like graph.LSTM(N, M, K); got {type(net).__name__}")
    if len(net.hidden) != 4:
        raise _fail(f"expected 4 hidden layers (input gates, forget gates, cells, output gates); got {len(net.hidden)}")
    ig, fg, cells, og = (layer.units for layer in net.hidden)
    inputs, outputs = net.input.units, net.output.units
    N, M, K = len(inputs), len(cells), len(outputs)
    if not (len(ig) == len(fg) == len(og) == M):
        raise _fail("the four block layers must have the same size")
    for u in ig + fg + cells + og + outputs:
        if u.f.name != "logistic":
            raise _fail(f"unit {u.name} is {u.f.name}; every unit must be logistic")
    peepholes = {name: _peephole_kind(g, cells) for name, g in (("i", ig), ("f", fg), ("o", og))}
    if len(set(peepholes.values())) != 1:
        raise _fail(f"the three gate layers have different peepholes: {peepholes}")
    kind = peepholes["i"]
    direct = [any(c.from_unit is x for c in outputs[0].incoming) for x in inputs]
    if any(direct) and not all(direct):
        raise _fail("input → output connections must be all-to-all or absent")
    input_to_output = all(direct)
    p: dict[str, np.ndarray] = {}

    def weight(to_unit, from_unit, gater=None) -> float:
        try:
            c = to_unit.connection_from(from_unit)
        except ValueError:
            raise _fail(f"{getattr(from_unit, 'name', from_unit)} → {to_unit.name} is missing") from None
        if c.gater is not gater:
            want = gater.name if gater is not None else "no gater"
            have = c.gater.name if c.gater is not None else "no gater"
            raise _fail(f"{c!r} should have {want}, has {have}")
        return c.weight

    from .unit import ONE
    for name, gates in (("i", ig), ("f", fg), ("o", og)):
        p[f"W{name}"] = np.array([[weight(g, x) for x in inputs] for g in gates])
        p[f"b{name}"] = np.array([weight(g, ONE) for g in gates])
        if kind is not None:
            p[f"U{name}"] = np.array([[weight(g, c) if (kind == "all_to_all" or m == mm) else 0.0
                                      for mm, c in enumerate(cells)] for m, g in enumerate(gates)])
        expected = N + (M if kind == "all_to_all" else 1 if kind == "one_to_one" else 0)
        for g in gates:
            if len(g.incoming) != expected or g.self_connection is not None:
                raise _fail(f"gate {g.name} has {len(g.incoming)} incoming connections; expected {expected} "
                            "and no self-connection")
    p["Wc"] = np.array([[weight(c, x, gater=ig[m]) for x in inputs] for m, c in enumerate(cells)])
    p["bc"] = np.array([weight(c, ONE) for c in cells])
    for m, c in enumerate(cells):
        if len(c.incoming) != N:
            raise _fail(f"cell {c.name} has {len(c.incoming)} incoming connections; expected {N}")
        sc = c.self_connection
        if sc is None or sc.weight != 1.0 or sc.gater is not fg[m]:
            raise _fail(f"cell {c.name} needs a self-connection of weight 1 gated by {fg[m].name}")
    p["V"] = np.array([[weight(k, c, gater=og[m]) for m, c in enumerate(cells)] for k in outputs])
    if input_to_output:
        p["Wk"] = np.array([[weight(k, x) for x in inputs] for k in outputs])
    p["bk"] = np.array([weight(k, ONE) for k in outputs])
    for k in outputs:
        expected = M + (N if input_to_output else 0)
        if len(k.incoming) != expected or k.self_connection is not None:
            raise _fail(f"output {k.name} has {len(k.incoming)} incoming connections; expected {expected}")
    return {"N": N, "M": M, "K": K, "peepholes": kind, "input_to_output": input_to_output, "params": p}


def network_from_lstm_weights(N: int, M: int, K: int, peepholes, input_to_output: bool, params: dict,
                              mode: str = "paper"):
    """``graph.LSTM(N, M, K, peepholes=…, input_to_output=…)`` with the weights in ``params``."""
    from .architectures import LSTM
    from .unit import ONE
    net = LSTM(N, M, K, peepholes=peepholes, input_to_output=input_to_output, seed=0, mode=mode)
    ig, fg, cells, og = (layer.units for layer in net.hidden)
    inputs, outputs = net.input.units, net.output.units
    for name, gates in (("i", ig), ("f", fg), ("o", og)):
        for m, g in enumerate(gates):
            for n, x in enumerate(inputs):
                g.connection_from(x).weight = float(params[f"W{name}"][m, n])
            g.bias = float(params[f"b{name}"][m])
            for mm, c in enumerate(cells):
                if peepholes == "all_to_all" or (peepholes == "one_to_one" and m == mm):
                    g.connection_from(c).weight = float(params[f"U{name}"][m, mm])
    for m, c in enumerate(cells):
        for n, x in enumerate(inputs):
            c.connection_from(x).weight = float(params["Wc"][m, n])
        c.connection_from(ONE).weight = float(params["bc"][m])
    for k, o in enumerate(outputs):
        for m, c in enumerate(cells):
            o.connection_from(c).weight = float(params["V"][k, m])
        if input_to_output:
            for n, x in enumerate(inputs):
                o.connection_from(x).weight = float(params["Wk"][k, n])
        o.bias = float(params["bk"][k])
    return net
