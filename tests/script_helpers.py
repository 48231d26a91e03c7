"""Loading the project's scripts in tests (not a test module): ``tools/`` and ``bench/`` are not packages."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def load_script(relative: str) -> ModuleType:
    """The script ``ROOT / relative`` (e.g. ``"tools/build_notebooks.py"``) as a module, loaded once per
    session and registered as ``nnteach_<folder>_<stem>``."""
    path = ROOT / relative
    name = f"nnteach_{path.parent.name}_{path.stem}"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]
