"""Honest version ranges: the oldest versions pyproject.toml allows, and the newest Python, really work.

* Oldest: a fresh virtual environment on the oldest supported Python (``requires-python``)
  with every runtime dependency, the ``lab`` extra and the unit-test tools pinned to the lower
  bound of their range (``numpy>=1.24`` -> ``numpy==1.24``).  The unit tests run, every notebook
  of ``notebooks/`` runs top to bottom in a fresh kernel (outputs are not compared: digits and
  reprs may differ across versions), and JupyterLab sees the widget extension.
* Newest: the unit tests on the newest CPython on this machine, with the newest releases.

The Pythons come from pyenv (``~/.pyenv/versions/3.X.*``) or ``python3.X`` on PATH.  Both checks
take a few minutes (pip's cache makes the installs quick after the first run).
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from infra_helpers import (ROOT, floor_pins, installed_pythons, make_venv, pyproject, require,
                           requirement_name, run, Stopwatch)

pytestmark = pytest.mark.infra

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


def test_oldest_allowed_versions_pass_the_unit_tests_and_run_every_notebook(tmp_path, record_property):
    project = pyproject()
    oldest = re.fullmatch(r">=\s*(3\.\d+)", project["requires-python"].strip()).group(1)
    pythons = installed_pythons()
    require(oldest in pythons, f"Python {oldest} (the oldest supported) is not installed: "
                               f"`pyenv install {oldest}` or put python{oldest} on PATH")
    clock = Stopwatch()
    env = isolated_env(tmp_path)
    python = make_venv(pythons[oldest], tmp_path / "venv")
    requirements = project["dependencies"] + project["optional-dependencies"]["lab"] + unit_test_requirements(project)
    pins = floor_pins(requirements)
    run([python, "-m", "pip", "install", "-q", "--prefer-binary", "-e", ROOT, *pins], timeout=900, env=env, cwd=tmp_path)
    clock.lap("install")
    have = installed_versions(python, env)
    for pin in pins:
        name, version = pin.split("==")
        assert version_tuple(have[requirement_name(name)]) == version_tuple(version), \
            f"{name}: pip installed {have[requirement_name(name)]}, not the floor {version}"

    tests = run([python, "-m", "pytest", "-q", "-o", "addopts=", "-n", "2", "--dist", "loadfile", "--tb=short",
                 "--disable-warnings", *UNIT_TESTS],
                timeout=1200, env=env, cwd=ROOT)
    clock.lap("unit tests")
    notebooks = run([python, ROOT / "tests" / "install" / "run_notebooks.py", ROOT / "notebooks"],
                    timeout=1200, env=env, cwd=tmp_path)
    clock.lap("notebooks")
    extensions = run([python, "-m", "jupyter", "labextension", "list"], timeout=120, env=env, cwd=tmp_path)
    listing = extensions.stdout + extensions.stderr
    assert re.search(r"@jupyter-widgets/jupyterlab-manager .*enabled.*OK", listing), listing

    floors = ", ".join(f"{n} {have[requirement_name(n)]}" for n in ("numpy", "matplotlib", "ipywidgets", "jupyterlab"))
    summary = tests.stdout.strip().splitlines()[-1]
    record_property("measured", f"Python {oldest} with {floors}: {summary}; "
                                f"{notebooks.stdout.strip().splitlines()[-1]}; {clock}")


def test_newest_python_passes_the_unit_tests(tmp_path, record_property):
    pythons = installed_pythons()
    newest = max(pythons, key=version_tuple, default=None)
    require(newest is not None and version_tuple(newest) > version_tuple(f"{sys.version_info[0]}.{sys.version_info[1]}"),
            f"no Python newer than this one ({sys.version.split()[0]}) is installed: `pyenv install 3.13`")
    clock = Stopwatch()
    env = isolated_env(tmp_path)
    python = make_venv(pythons[newest], tmp_path / "venv")
    requirements = unit_test_requirements(pyproject())
    run([python, "-m", "pip", "install", "-q", "--prefer-binary", "-e", ROOT, *requirements], timeout=900, env=env,
        cwd=tmp_path)
    clock.lap("install")
    tests = run([python, "-m", "pytest", "-q", "-o", "addopts=", "-n", "2", "--dist", "loadfile", "--tb=short",
                 "--disable-warnings", *UNIT_TESTS],
                timeout=1200, env=env, cwd=ROOT)
    clock.lap("unit tests")
    have = installed_versions(python, env)
    record_property("measured", f"Python {newest} with numpy {have['numpy']}, matplotlib {have['matplotlib']}: "
                                f"{tests.stdout.strip().splitlines()[-1]}; {clock}")
