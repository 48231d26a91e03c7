"""Save a model's configuration and parameters to JSON, and load it back exactly.

The file is plain JSON (``{"format": "nnteach-model", "version": 1, "class": …,
"config": …, "params": …}``).  Python writes every float64 with enough digits to
be read back bit for bit, so a round trip gives identical outputs.  Loading
never runs code from the file (no pickle, no eval): the class name is looked up
in a fixed table of nnteach models, and every value is checked before use.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["save", "load", "to_dict", "from_dict", "MODEL_CLASSES"]

FORMAT = "nnteach-model"
VERSION = 1
MAX_BYTES = 200 * 1024 * 1024   # refuse absurdly large files before parsing them


def _model_classes() -> dict[str, type]:
    """The classes a file may name (a fixed table: nothing else can be instantiated)."""
    from .perceptron import Perceptron
    classes: dict[str, type] = {"Perceptron": Perceptron}
    try:  # recurrent models, when present
        from .rnn import RNN
        classes["RNN"] = RNN
    except ImportError:
        pass
    try:
        from .lstm import LSTM
        classes["LSTM"] = LSTM
    except ImportError:
        pass
    try:  # graph networks (saved as their wiring and weights) and the vectorised LSTM-g layer
        from .graph import Network, VectorisedLSTM
        classes["graph.Network"] = Network
        classes["graph.VectorisedLSTM"] = VectorisedLSTM
    except ImportError:
        pass
    return classes


def _class_key(model) -> str:
    """The name a file gives ``model``'s class (a graph builder such as ``graph.LSTM`` saves as its
    ``graph.Network``: wiring and weights)."""
    for key, cls in _model_classes().items():
        if type(model) is cls:
            return key
    from .graph import Network
    return "graph.Network" if isinstance(model, Network) else type(model).__name__


MODEL_CLASSES = _model_classes


def to_dict(model) -> dict[str, Any]:
    """The JSON-ready description of ``model``: class, configuration and parameters."""
    name = _class_key(model)
    if name not in _model_classes() or not hasattr(model, "config"):
        raise ValueError(f"cannot save a {type(model).__name__}; expected one of {', '.join(_model_classes())}")
    return {"format": FORMAT, "version": VERSION, "class": name, "config": model.config(),
            "params": {k: {"shape": list(v.shape), "values": v.reshape(-1).tolist()}
                       for k, v in getattr(model, "params", {}).items()}}


def save(model, path: str | Path) -> Path:
    """Write ``model`` to ``path`` as JSON; returns the path."""
    path = Path(path)
    path.write_text(json.dumps(to_dict(model), allow_nan=False), encoding="utf-8")
    return path


def _bad(path, what: str) -> ValueError:
    return ValueError(f"{path}: not a valid nnteach model file: {what}")


def from_dict(data: Any, source: str = "model data"):
    """Rebuild a model from :func:`to_dict` output, checking everything first."""
    if not isinstance(data, dict):
        raise _bad(source, f"expected a JSON object at the top level, got {type(data).__name__}")
    if data.get("format") != FORMAT:
        raise _bad(source, f"'format' must be {FORMAT!r}, got {data.get('format')!r}")
    if data.get("version") != VERSION:
        raise _bad(source, f"unsupported version {data.get('version')!r}; this nnteach reads version {VERSION}")
    classes = _model_classes()
    cls_name = data.get("class")
    if not isinstance(cls_name, str) or cls_name not in classes:
        raise _bad(source, f"unknown model class {cls_name!r}; expected one of {', '.join(classes)}")
    config = data.get("config")
    if not isinstance(config, dict):
        raise _bad(source, "'config' must be an object")
    try:
        model = classes[cls_name].from_config(config)
    except (TypeError, ValueError, KeyError) as exc:
        raise _bad(source, f"bad config for {cls_name}: {exc}") from None
    params = data.get("params")
    expected = getattr(model, "params", {})       # a graph network keeps its weights in its config
    if not isinstance(params, dict) or set(params) != set(expected):
        got = sorted(params) if isinstance(params, dict) else type(params).__name__
        raise _bad(source, f"'params' must name exactly {sorted(expected)}; got {got}")
    for name, target in expected.items():
        entry = params[name]
        if not isinstance(entry, dict) or not isinstance(entry.get("values"), list):
            raise _bad(source, f"params[{name!r}] must be an object with 'shape' and 'values'")
        if entry.get("shape") != list(target.shape):
            raise _bad(source, f"params[{name!r}] has shape {entry.get('shape')}; expected {list(target.shape)}")
        values = entry["values"]
        if len(values) != target.size or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in values):
            raise _bad(source, f"params[{name!r}] must hold {target.size} finite numbers")
        target[...] = np.array(values, dtype=float).reshape(target.shape)
    return model


def load(path: str | Path):
    """Read a model written by :func:`save`.

    Raises:
        ValueError: the file is not valid JSON, or not an nnteach model file, or its
            configuration or parameters do not fit (the message says which).
    """
    path = Path(path)
    if path.stat().st_size > MAX_BYTES:
        raise _bad(path, f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    try:
        data = json.loads(path.read_text(encoding="utf-8"),
                          parse_constant=lambda c: (_ for _ in ()).throw(_bad(path, f"{c} is not allowed")))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise _bad(path, f"cannot parse JSON ({exc})") from None
    return from_dict(data, str(path))
