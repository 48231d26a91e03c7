"""Honest version ranges, newest end: the unit tests on the newest CPython on this machine, with the
newest releases (the oldest end is tests/install/test_oldest_versions.py).
"""
from __future__ import annotations

import sys

import pytest

from infra_helpers import (ROOT, UNIT_TESTS, installed_pythons, installed_versions, isolated_env,
                           make_venv, pyproject, require, run, unit_test_requirements,
                           version_tuple, Stopwatch)

pytestmark = pytest.mark.infra

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
