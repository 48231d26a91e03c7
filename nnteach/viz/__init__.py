"""Explorers: pure computation + matplotlib renderer + thin ipywidgets wrapper (design.md §5).

The only part of nnteach that imports matplotlib and ipywidgets (``import nnteach``
does not import this package, so it stays fast and needs no display).
One module per explorer; see each module's docstring.
"""
import importlib as _importlib
import pkgutil as _pkgutil

__all__: list[str] = []
# Every public submodule (one concept each) exports its names here, so that
# ``from nnteach.viz import X`` works whichever file X lives in.
for _info in sorted(_pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if not _info.name.startswith("_"):
        _module = _importlib.import_module(f"{__name__}.{_info.name}")
        for _name in getattr(_module, "__all__", []):
            globals()[_name] = getattr(_module, _name)
            __all__.append(_name)
