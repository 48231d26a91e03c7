"""Helpers for the heavy infrastructure checks (tests/install, tests/room, tests/site).

Each of those checks needs something a developer may not have (Node's configurable-http-proxy,
other Pythons, the package index).  ``require`` skips with the reason locally, but fails under
``NNTEACH_CI=1`` (set by ``.ci/run``), so CI can never skip them silently.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("NNTEACH_CI") == "1"


def require(condition: object, reason: str) -> None:
    """Skip (locally) or fail (under NNTEACH_CI=1) unless ``condition`` holds."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (NNTEACH_CI=1: this check may not be skipped)", pytrace=False)
    pytest.skip(reason)


def pyproject() -> dict:
    """The [project] table of pyproject.toml."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        tomllib = pytest.importorskip("tomli")
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def requirement_name(req: str) -> str:
    return re.match(r"\s*([A-Za-z0-9_.\-]+)", req).group(1).lower().replace("_", "-")


def floor_pins(requirements: list[str]) -> list[str]:
    """``name>=X`` -> ``name==X`` for each requirement: the oldest versions a range allows."""
    pins = []
    for req in requirements:
        m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*>=\s*([0-9][0-9.]*)\s*", req)
        if not m:
            raise ValueError(f"requirement {req!r} is not of the form name>=X: give it a lower bound")
        pins.append(f"{m.group(1)}=={m.group(2)}")
    return pins


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", path.parent.parent.name)[:3])


def installed_pythons() -> dict[str, Path]:
    """CPython interpreters on this machine by "X.Y": pyenv's versions, then pythonX.Y on PATH."""
    found: dict[str, Path] = {}
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    for exe in sorted(pyenv_root.glob("versions/3.*/bin/python3"), key=_version_key):
        m = re.fullmatch(r"(3\.\d+)\.\d+", exe.parent.parent.name)
        if m:
            found[m.group(1)] = exe  # the newest patch release wins (sorted ascending)
    for minor in range(8, 20):
        name = f"3.{minor}"
        exe = shutil.which(f"python{name}")
        if name not in found and exe:
            found[name] = Path(exe)
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_pip_env(**extra: str) -> dict[str, str]:
    """The environment without this machine's pip settings (PIP_*), plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") and k != "VIRTUAL_ENV"}
    env.update(extra)
    return env


def run(cmd: list, *, timeout: float, **kwargs) -> subprocess.CompletedProcess:
    """Run ``cmd``; on failure show its output in the test report."""
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=timeout, **kwargs)
    if result.returncode != 0:
        tail = (result.stdout[-4000:] + "\n" + result.stderr[-4000:]).strip()
        pytest.fail(f"command failed ({result.returncode}): {' '.join(map(str, cmd))}\n{tail}", pytrace=False)
    return result


def make_venv(python: Path | str, where: Path, timeout: float = 120) -> Path:
    """A fresh virtual environment made by ``python``; returns its interpreter."""
    run([python, "-m", "venv", where], timeout=timeout)
    return where / "bin" / "python"


class Stopwatch:
    """Named wall-clock times, for the numbers a check reports."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self._t = time.perf_counter()

    def lap(self, name: str) -> float:
        now = time.perf_counter()
        self.times[name] = now - self._t
        self._t = now
        return self.times[name]

    def __str__(self) -> str:
        return ", ".join(f"{k} {v:.1f} s" for k, v in self.times.items())


def this_python_is(major_minor: str) -> bool:
    return f"{sys.version_info[0]}.{sys.version_info[1]}" == major_minor


# -- shared by the version checks (tests/install/test_oldest_versions.py, test_newest_python.py) --
#: The unit tests: everything in tests/ except the browser check and these heavy checks.
UNIT_TESTS = ["-m", "not browser and not infra", "-p", "no:cacheprovider", "tests"]


def unit_test_requirements(project: dict) -> list[str]:
    """The `test` extra without the parts that only the heavy checks need (browser, room, site)."""
    extras = project["optional-dependencies"]
    heavy = {requirement_name(r) for e in ("browser", "room", "site") for r in extras[e]}
    return [r for r in extras["test"] if requirement_name(r) not in heavy]


def isolated_env(tmp: Path) -> dict[str, str]:
    """Kernels and Jupyter of the venv see only their own settings (no user kernelspec shadows python3)."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "MPLBACKEND")}
    for var, sub in (("JUPYTER_DATA_DIR", "data"), ("JUPYTER_CONFIG_DIR", "config"),
                     ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")):
        env[var] = str(tmp / "jupyter" / sub)
    env["JUPYTER_PATH"] = ""
    env["OPENBLAS_NUM_THREADS"] = "1"   # two pytest workers on two cores
    return env


def installed_versions(python: Path, env: dict) -> dict[str, str]:
    out = run([python, "-m", "pip", "list", "--format=freeze"], timeout=120, env=env).stdout
    return {requirement_name(line): line.split("==")[1] for line in out.splitlines() if "==" in line}


def version_tuple(text: str) -> tuple[int, ...]:
    """"1.24" -> (1, 24, 0), so that a floor and the release pip installed compare equal."""
    return (tuple(int(x) for x in re.findall(r"\d+", text)) + (0, 0, 0))[:3]
