"""Graph networks as plain dictionaries: for ``nnteach.save``/``load``, and Synaptic's ``toJSON()`` format.

* :func:`network_to_dict` / :func:`network_from_dict` — nnteach's own description (layers, units,
  connections, gaters, weights; not the state), what :func:`nnteach.save` writes for a graph network.
* :func:`from_synaptic_json` — a network exported by Synaptic 1.1.4's ``Network.toJSON()``;
  :func:`to_synaptic_json` writes one that Synaptic's ``Network.fromJSON()`` reads.

Both readers follow :mod:`nnteach.saving`'s rules: JSON only, read with bounded memory from ordinary
files only (:mod:`nnteach.jsonfile`), nothing is ever executed, every count and index is checked before
anything is built (at most :data:`MAX_UNITS` units and :data:`MAX_CONNECTIONS` connections), and a bad
file is a ``ValueError`` that says what was wrong.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..jsonfile import MAX_BYTES, read_json
from ..validation import ArgumentTypeError, check_choice, describe
from .layer import Layer
from .network import MODES, Network
from .unit import Unit, unit_activation

__all__ = ["network_to_dict", "network_from_dict", "from_synaptic_json", "to_synaptic_json",
           "MAX_UNITS", "MAX_CONNECTIONS"]

#: The largest graph a file may describe: far beyond the course's networks (Synaptic's LSTM(7, 16, 7) has
#: 81 units and about 1 500 connections); each built connection is a Python object of about a kilobyte.
MAX_UNITS = 20_000
MAX_CONNECTIONS = 200_000
SYNAPTIC_SQUASH = {"LOGISTIC": "logistic", "TANH": "tanh", "IDENTITY": "identity", "HLIM": "hlim", "RELU": "relu"}


def _bad(source: str, what: str) -> ValueError:
    return ValueError(f"{source}: {what}")


def _number(v: Any, source: str, what: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not abs(v) < float("inf"):
        raise _bad(source, f"{what} must be a finite number; got {describe(v)}")
    return float(v)


def _index(v: Any, n: int, source: str, what: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v < n:
        raise _bad(source, f"{what} must be a unit index from 0 to {n - 1}; got {describe(v)}")
    return v


# --- nnteach's own format ---------------------------------------------------------------------------

def network_to_dict(net: Network) -> dict:
    """The wiring and weights of ``net`` as JSON-ready data (units numbered in activation order)."""
    if not isinstance(net, Network):
        raise ArgumentTypeError(f"net must be a graph Network; got {describe(net)}")
    index = {id(u): k for k, u in enumerate(net.units)}
    layers = [{"name": layer.name, "role": layer.role,
               "units": [{"name": u.name, "activation": u.f.name, "bias": u.bias,
                          "bias_gater": index[id(u.bias_connection.gater)] if u.bias_connection.gater else None}
                         for u in layer.units]} for layer in net.layers]
    connections = []
    for u in net.units:                 # by receiving unit, so each unit sums its inputs in the same order
        for c in u.incoming + ([u.self_connection] if u.self_connection is not None else []):
            connections.append({"from": index[id(c.from_unit)], "to": index[id(c.to_unit)], "weight": c.weight,
                                "gater": index[id(c.gater)] if c.gater is not None else None})
    return {"mode": net.mode, "layers": layers, "connections": connections}


def network_from_dict(data: Any, source: str = "graph network data") -> Network:
    """Rebuild a :class:`Network` from :func:`network_to_dict` output, checking everything first."""
    if not isinstance(data, dict):
        raise _bad(source, f"expected an object, got {describe(data)}")
    mode = data.get("mode", "paper")
    if not isinstance(mode, str) or mode not in MODES:
        raise _bad(source, f"'mode' must be one of {MODES}; got {describe(mode)}")
    layers, conns = data.get("layers"), data.get("connections")
    if not isinstance(layers, list) or len(layers) < 2:
        raise _bad(source, "'layers' must be a list of at least 2 layers (input, …, output)")
    if not isinstance(conns, list):
        raise _bad(source, "'connections' must be a list")
    n_units = 0
    for k, layer in enumerate(layers):
        if not isinstance(layer, dict) or not isinstance(layer.get("units"), list) or not layer["units"]:
            raise _bad(source, f"layers[{k}] must be an object with a non-empty 'units' list")
        n_units += len(layer["units"])
        if n_units > MAX_UNITS:
            raise _bad(source, f"more than {MAX_UNITS} units")
    if len(conns) > MAX_CONNECTIONS:
        raise _bad(source, f"more than {MAX_CONNECTIONS} connections")
    specs = []
    for k, layer in enumerate(layers):
        for m, u in enumerate(layer["units"]):
            where = f"layers[{k}].units[{m}]"
            if not isinstance(u, dict) or not isinstance(u.get("name"), str):
                raise _bad(source, f"{where} must be an object with a 'name' (text)")
            try:
                unit_activation(u.get("activation"))
                if not isinstance(u.get("activation"), str):
                    raise ArgumentTypeError(f"activation must be a name; got {describe(u.get('activation'))}")
            except (ValueError, TypeError) as exc:
                raise _bad(source, f"{where}: {exc}") from None
            _number(u.get("bias"), source, f"{where}.bias")
            if u.get("bias_gater") is not None:
                _index(u["bias_gater"], n_units, source, f"{where}.bias_gater")
            specs.append(u)
    n_inputs = len(layers[0]["units"])
    seen = set()
    for k, c in enumerate(conns):
        if not isinstance(c, dict):
            raise _bad(source, f"connections[{k}] must be an object")
        a = _index(c.get("from"), n_units, source, f"connections[{k}].from")
        b = _index(c.get("to"), n_units, source, f"connections[{k}].to")
        _number(c.get("weight"), source, f"connections[{k}].weight")
        if c.get("gater") is not None:
            _index(c["gater"], n_units, source, f"connections[{k}].gater")
        if b < n_inputs:
            raise _bad(source, f"connections[{k}] goes into input unit {b}; nothing may project into the input layer")
        if (a, b) in seen:
            raise _bad(source, f"connections[{k}] repeats the connection {a} → {b}")
        seen.add((a, b))
    units = [Unit(s["activation"], bias=s["bias"], name=s["name"]) for s in specs]
    built, start = [], 0
    for k, layer in enumerate(layers):
        size = len(layer["units"])
        name = layer.get("name", f"layer{k}")
        if not isinstance(name, str):
            raise _bad(source, f"layers[{k}].name must be text; got {describe(name)}")
        built.append(Layer.from_units(units[start:start + size], name=name))
        start += size
    for c in conns:
        made = units[c["from"]].project(units[c["to"]], float(c["weight"]))
        if c.get("gater") is not None:
            units[c["gater"]].gate(made)
    for u, s in zip(units, specs):
        if s.get("bias_gater") is not None:
            units[s["bias_gater"]].gate(u.bias_connection)
    return Network(input=built[0], hidden=built[1:-1], output=built[-1], mode=mode)


# --- Synaptic's toJSON() format ---------------------------------------------------------------------

def _read(source) -> tuple[Any, str]:
    if isinstance(source, dict):
        return source, "Synaptic JSON data"
    if not isinstance(source, (str, Path)):
        raise ArgumentTypeError(f"source must be a path or the dict that Synaptic's toJSON() returned; "
                                f"got {describe(source)}")
    return read_json(source, "source", kind="Synaptic JSON file", max_bytes=MAX_BYTES), str(source)


def from_synaptic_json(source, *, mode: str = "paper") -> Network:
    """A network exported by Synaptic's ``Network.toJSON()`` (a file path, or the dict itself).

    Units keep Synaptic's order (input, hidden layers by index, output) and are named ``in[k]``,
    ``h{layer}[k]`` and ``out[k]``; weights, biases, self-connections, gaters and activation functions are
    read; the state is not (the network starts a fresh sequence).  ``mode`` as for :class:`Network`.

    Raises:
        TypeError: ``source`` is neither a path nor a dict; ``mode`` is not a name.
        ValueError: not valid JSON, or not what ``toJSON()`` writes (the message says what is wrong); an
            unknown ``mode``.
    """
    check_choice(mode, MODES, "mode")
    data, where = _read(source)
    if not isinstance(data, dict) or not isinstance(data.get("neurons"), list) or \
            not isinstance(data.get("connections"), list):
        raise _bad(where, "expected Synaptic's toJSON() output: an object with 'neurons' and 'connections' lists")
    neurons, conns = data["neurons"], data["connections"]
    if not neurons or len(neurons) > MAX_UNITS:
        raise _bad(where, f"'neurons' must hold 1 to {MAX_UNITS} neurons; got {len(neurons)}")
    if len(conns) > MAX_CONNECTIONS:
        raise _bad(where, f"more than {MAX_CONNECTIONS} connections")
    groups: dict[Any, list[int]] = {}
    for k, n in enumerate(neurons):
        if not isinstance(n, dict):
            raise _bad(where, f"neurons[{k}] must be an object")
        layer = n.get("layer")
        if not (layer in ("input", "output") if isinstance(layer, str) and not layer.isdigit() else
                (isinstance(layer, int) and not isinstance(layer, bool) and 0 <= layer < MAX_UNITS)
                or (isinstance(layer, str) and len(layer) <= 6 and layer.isascii() and layer.isdigit())):
            raise _bad(where, f"neurons[{k}].layer must be 'input', 'output' or a hidden layer number; "
                              f"got {describe(layer)}")
        squash = n.get("squash")
        if not isinstance(squash, str) or squash not in SYNAPTIC_SQUASH:
            raise _bad(where, f"neurons[{k}].squash must be one of {', '.join(SYNAPTIC_SQUASH)}; got "
                              f"{describe(squash)} (a custom function cannot be read)")
        if layer != "input":
            _number(n.get("bias"), where, f"neurons[{k}].bias")
        key = layer if layer in ("input", "output") else int(layer)
        groups.setdefault(key, []).append(k)
    if "input" not in groups or "output" not in groups:
        raise _bad(where, "the network needs input and output neurons")
    inputs = set(groups["input"])
    seen = set()
    for k, c in enumerate(conns):
        if not isinstance(c, dict):
            raise _bad(where, f"connections[{k}] must be an object")
        a = _index(c.get("from"), len(neurons), where, f"connections[{k}].from")
        b = _index(c.get("to"), len(neurons), where, f"connections[{k}].to")
        _number(c.get("weight"), where, f"connections[{k}].weight")
        if c.get("gater") is not None:
            _index(c["gater"], len(neurons), where, f"connections[{k}].gater")
        if b in inputs:
            raise _bad(where, f"connections[{k}] goes into input neuron {b}")
        if (a, b) in seen:
            raise _bad(where, f"connections[{k}] repeats the connection {a} → {b}")
        seen.add((a, b))
    units: dict[int, Unit] = {}
    layers = []
    for key in ["input"] + sorted(g for g in groups if isinstance(g, int)) + ["output"]:
        label = "in" if key == "input" else "out" if key == "output" else f"h{key}"
        members = []
        for m, k in enumerate(groups[key]):
            n = neurons[k]
            units[k] = Unit(SYNAPTIC_SQUASH[n["squash"]], bias=0.0 if key == "input" else float(n["bias"]),
                            name=f"{label}[{m}]")
            members.append(units[k])
        layers.append(Layer.from_units(members, name=label))
    for c in conns:
        made = units[c["from"]].project(units[c["to"]], float(c["weight"]))
        if c.get("gater") is not None:
            units[c["gater"]].gate(made)
    return Network(input=layers[0], hidden=layers[1:-1], output=layers[-1], mode=mode)


def to_synaptic_json(net: Network) -> dict:
    """``net`` in the format of Synaptic's ``toJSON()``, which its ``Network.fromJSON()`` reads.

    Raises:
        TypeError: ``net`` is not a graph Network.
        ValueError: a gated bias (Synaptic's biases cannot be gated) or an activation Synaptic lacks.
    """
    if not isinstance(net, Network):
        raise ArgumentTypeError(f"net must be a graph Network; got {describe(net)}")
    index = {id(u): k for k, u in enumerate(net.units)}
    names = {v: k for k, v in SYNAPTIC_SQUASH.items()}
    neurons, connections = [], []
    for h, layer in enumerate(net.layers):
        role = "input" if layer.role == "input" else "output" if layer.role == "output" else h - 1
        for u in layer.units:
            if u.bias_connection.gater is not None:
                raise ValueError(f"unit {u.name} has a gated bias; Synaptic cannot represent it")
            if u.f.name not in names:
                raise ValueError(f"unit {u.name} uses {u.f.name!r}, which Synaptic lacks")
            neurons.append({"trace": {"elegibility": {}, "extended": {}}, "state": 0, "old": 0, "activation": 0,
                            "bias": 0 if u.is_input else u.bias, "layer": role, "squash": names[u.f.name]})
    for u in net.units:
        for c in u.outgoing + ([u.self_connection] if u.self_connection is not None else []):
            connections.append({"from": index[id(c.from_unit)], "to": index[id(c.to_unit)], "weight": c.weight,
                                "gater": index[id(c.gater)] if c.gater is not None else None})
    return {"neurons": neurons, "connections": connections}

