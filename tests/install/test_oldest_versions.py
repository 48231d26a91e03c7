"""Honest version ranges, oldest end: the oldest versions pyproject.toml allows really work.

A fresh virtual environment on the oldest supported Python (``requires-python``) with every runtime
dependency, the ``lab`` extra and the unit-test tools pinned to the lower bound of their range
(``numpy>=1.24`` -> ``numpy==1.24``).  The unit tests run, every notebook of ``notebooks/`` runs top to
bottom in a fresh kernel (outputs are not compared: digits and reprs may differ across versions), and
JupyterLab sees the widget extension.  The Pythons come from pyenv (``~/.pyenv/versions/3.X.*``) or
``python3.X`` on PATH.  (The newest end is tests/install/test_newest_python.py: a file of its own, so
that pytest-xdist runs the two heavy checks on different workers.)
"""
from __future__ import annotations

import re

import pytest

from infra_helpers import (ROOT, UNIT_TESTS, floor_pins, installed_pythons, installed_versions, isolated_env,
                           make_venv, pyproject, require, requirement_name, run, unit_test_requirements,
                           version_tuple, Stopwatch)

pytestmark = pytest.mark.infra

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
