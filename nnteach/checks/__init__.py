"""Exercise checks: one function per exercise that says specifically what is wrong.

Each check compares a learner's answer with the right one, prints specific feedback
("your δ is missing the factor f'(s)"), offers graded hints on request and names the
solution cell.  One module per notebook.
"""
import importlib as _importlib
import pkgutil as _pkgutil

__all__: list[str] = []
# Every public submodule (one concept each) exports its names here, so that
# ``from nnteach.checks import X`` works whichever file X lives in.
for _info in sorted(_pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if not _info.name.startswith("_"):
        _module = _importlib.import_module(f"{__name__}.{_info.name}")
        for _name in getattr(_module, "__all__", []):
            globals()[_name] = getattr(_module, _name)
            __all__.append(_name)
