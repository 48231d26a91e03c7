"""Save a model's configuration and parameters to JSON, and load it back exactly.

The file is plain JSON (``{"format": "nnteach-model", "version": 1, "class": …,
"config": …, "params": …}``).  Python writes every float64 with enough digits to
be read back bit for bit, so a round trip gives identical outputs.  Loading
never runs code from the file (no pickle, no eval): the class name is looked up
in a fixed table of nnteach models, and every value is checked before use.

Loading is bounded (see :mod:`nnteach.jsonfile`): at most ``MAX_BYTES`` (16 MiB) are read, from an
ordinary file only, and nothing is allocated before the file's configuration has been checked
against its parameters:

1. the JSON is read and parsed with bounded memory;
2. the top level (format, version, class) is checked;
3. the configuration's sizes are checked (whole numbers in a sane range: no bools, no floats, no
   401-digit integers) and the parameter shapes they imply are computed **without building the
   model** (:meth:`param_shapes`), at most :data:`~nnteach.validation.MAX_PARAMETERS` in all;
4. the file's parameters must have exactly those names and shapes, and hold that many finite
   numbers — so the model is never bigger than what the file actually contains;
5. only then is the model built and filled.

Every malformed file is a ``ValueError`` ("…: not a valid nnteach model file: …") that says what was
wrong; a missing file is a :class:`~nnteach.jsonfile.MissingFileError` (a ``FileNotFoundError`` that is
also a ``ValueError``).

Saving refuses a model whose file could not be loaded back (more than ``MAX_BYTES``, or NaN/infinite
weights), and stores numpy scalars in a configuration (``seed=np.int64(2)``) as plain numbers.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from .jsonfile import MAX_BYTES, read_json, write_json
from .validation import ArgumentTypeError, describe

__all__ = ["save", "load", "to_dict", "from_dict", "MODEL_CLASSES", "MAX_BYTES", "MAX_SAVED_PARAMETERS"]

FORMAT = "nnteach-model"
VERSION = 1

#: The most parameters a saved model may have: a file holds at most ``jsonfile.MAX_FILE_NUMBERS``
#: (1 000 000) numbers, and the rest is room for the sizes and shapes.  At full precision the 16 MiB cap
#: binds first (about 750 000 parameters); this bounds models whose weights are written short.
MAX_SAVED_PARAMETERS = 900_000


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


def _plain(value: Any, where: str) -> Any:
    """``value`` with numpy scalars turned into plain Python numbers (JSON-ready), else a ``TypeError``
    naming the entry that JSON cannot store."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, dict):
        return {str(k): _plain(v, f"{where}[{k!r}]") for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v, f"{where}[{k}]") for k, v in enumerate(value)]
    raise ArgumentTypeError(f"cannot save {where}: a JSON file stores numbers, text, True/False, None, lists and "
                            f"dicts; got {describe(value)}")


def to_dict(model) -> dict[str, Any]:
    """The JSON-ready description of ``model``: class, configuration and parameters."""
    name = _class_key(model)
    if name not in _model_classes() or not hasattr(model, "config"):
        raise ArgumentTypeError(f"cannot save a {type(model).__name__}; expected one of "
                                f"{', '.join(_model_classes())}")
    params = getattr(model, "params", {})
    count = sum(int(v.size) for v in params.values())
    if count > MAX_SAVED_PARAMETERS:
        raise ValueError(f"cannot save a model of {count:,} parameters: an nnteach file holds at most "
                         f"{MAX_SAVED_PARAMETERS:,} (so that loading it stays bounded)")
    for k, v in params.items():
        if not np.all(np.isfinite(v)):
            raise ValueError(f"cannot save the model: params[{k!r}] holds NaN or infinite values "
                             "(JSON has no NaN; a file with them could not be loaded)")
    return {"format": FORMAT, "version": VERSION, "class": name, "config": _plain(model.config(), "config"),
            "params": {k: {"shape": list(v.shape), "values": np.asarray(v, dtype=float).reshape(-1).tolist()}
                       for k, v in params.items()}}


def save(model, path: str | Path) -> Path:
    """Write ``model`` to ``path`` as JSON; returns the path.

    Raises:
        TypeError: ``model`` is not an nnteach model, or ``path`` is not a path.
        ValueError: the model holds NaN/infinite weights, or is too big for a file :func:`load` reads back
            (more than ``MAX_BYTES``, or more than ``MAX_SAVED_PARAMETERS`` parameters); ``path`` is a folder.
        MissingFileError: the folder ``path`` should be in does not exist.
    """
    return write_json(path, to_dict(model), "path", max_bytes=MAX_BYTES)


def _bad(path, what: str) -> ValueError:
    return ValueError(f"{path}: not a valid nnteach model file: {what}")


def from_dict(data: Any, source: str = "model data"):
    """Rebuild a model from :func:`to_dict` output, checking everything before building anything."""
    if not isinstance(data, dict):
        raise _bad(source, f"expected a JSON object at the top level, got {describe(data)}")
    if data.get("format") != FORMAT or not isinstance(data.get("format"), str):
        raise _bad(source, f"'format' must be {FORMAT!r}, got {describe(data.get('format'))}")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version != VERSION:
        raise _bad(source, f"unsupported version {describe(version)}; this nnteach reads version {VERSION}")
    classes = _model_classes()
    cls_name = data.get("class")
    if not isinstance(cls_name, str) or cls_name not in classes:
        raise _bad(source, f"unknown model class {describe(cls_name)}; expected one of {', '.join(classes)}")
    config = data.get("config")
    if not isinstance(config, dict):
        raise _bad(source, f"'config' must be an object, got {describe(config)}")
    cls = classes[cls_name]
    try:                                 # the sizes, checked, and the shapes they imply: nothing built yet
        expected = cls.param_shapes(config) if hasattr(cls, "param_shapes") else {}
    except (TypeError, ValueError) as exc:
        raise _bad(source, f"bad config for {cls_name}: {exc}") from None
    params = data.get("params")
    if not isinstance(params, dict) or set(params) != set(expected):
        got = sorted(params) if isinstance(params, dict) else describe(params)
        raise _bad(source, f"'params' must name exactly {sorted(expected)}; got {got}")
    for name, shape in expected.items():
        _check_entry(params[name], name, shape, source)
    try:
        model = cls.from_config(config)
    except (TypeError, ValueError) as exc:
        raise _bad(source, f"bad config for {cls_name}: {exc}") from None
    for name, target in getattr(model, "params", {}).items():
        target[...] = np.array(params[name]["values"], dtype=float).reshape(target.shape)
    return model


def _check_entry(entry: Any, name: str, shape: tuple[int, ...], source: str) -> None:
    """One parameter of the file: ``{"shape": [...], "values": [...]}`` of exactly ``shape`` and finite numbers."""
    if not isinstance(entry, dict) or "shape" not in entry or not isinstance(entry.get("values"), list):
        raise _bad(source, f"params[{name!r}] must be an object with 'shape' and 'values' (a list of numbers)")
    declared = entry["shape"]
    if not isinstance(declared, list) or declared != list(shape) or \
            any(isinstance(n, bool) or not isinstance(n, int) for n in declared):
        raise _bad(source, f"params[{name!r}] has shape {describe(declared)}; expected {list(shape)}")
    values = entry["values"]
    size = math.prod(shape)
    if len(values) != size:
        raise _bad(source, f"params[{name!r}] must hold {size} finite numbers; got {len(values)} values")
    for k, v in enumerate(values):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise _bad(source, f"params[{name!r}] must hold {size} finite numbers; values[{k}] is {describe(v)}")


def load(path: str | Path):
    """Read a model written by :func:`save` (bounded and checked: see the module docstring).

    Raises:
        TypeError: ``path`` is not a path.
        ValueError: the file is not an ordinary file, is larger than ``MAX_BYTES``, is not valid JSON, or
            not an nnteach model file, or its configuration or parameters do not fit (the message says which).
        MissingFileError: there is no such file (also a ``ValueError``).
    """
    data = read_json(path, "path", kind="nnteach model file", max_bytes=MAX_BYTES)
    return from_dict(data, str(path))
