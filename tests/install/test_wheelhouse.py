"""Offline: the course installs from a wheelhouse with no package index (docs/instructors.md, "Offline").

1. Online, as an instructor does before the workshop: ``pip wheel --wheel-dir WHEELHOUSE ".[lab]"``
   (the nnteach wheel, with both editions of the course inside, plus every dependency).
2. Offline: a fresh virtual environment, ``pip install --no-index --find-links WHEELHOUSE
   "nnteach[lab]"`` with this machine's pip configuration switched off and, where the system
   allows it (root on Linux: ``unshare -n``), inside a network namespace that has no network at all.
3. Still offline: ``nnteach start --no-lab`` copies exactly the learner edition, ``nnteach
   solutions`` the solutions edition, and the first notebook runs top to bottom in a kernel.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from infra_helpers import ROOT, Stopwatch, clean_pip_env, make_venv, require, run

pytestmark = pytest.mark.infra


def no_network_prefix() -> list[str]:
    """A command prefix that runs a command with no network but loopback (kernels talk over
    127.0.0.1): ``unshare -n`` plus ``ip link set lo up``, where the system allows it; else ``[]``."""
    unshare, ip = shutil.which("unshare"), shutil.which("ip")
    if not (unshare and ip):
        return []
    prefix = [unshare, "-n", "sh", "-c", f'{ip} link set lo up && exec "$@"', "sh"]
    return prefix if subprocess.run([*prefix, "true"], capture_output=True).returncode == 0 else []


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.ipynb"))}


def test_the_course_installs_and_runs_from_a_wheelhouse_without_the_index(tmp_path, record_property):
    clock = Stopwatch()
    wheelhouse = tmp_path / "wheelhouse"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--wheel-dir", wheelhouse, f"{ROOT}[lab]"],
                           capture_output=True, text=True, timeout=900, cwd=tmp_path)
    require(built.returncode == 0, f"could not build the wheelhouse (is the package index reachable?): "
                                   f"{built.stderr.strip()[-1500:]}")
    clock.lap("pip wheel")
    wheels = sorted(wheelhouse.glob("*.whl"))
    size_mb = sum(w.stat().st_size for w in wheels) / 1e6

    offline = no_network_prefix()
    env = clean_pip_env(PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1", PIP_INDEX_URL="http://127.0.0.1:9/no-index")
    env.update(JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"), JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "jupyter-runtime"), IPYTHONDIR=str(tmp_path / "ipython"),
               JUPYTER_PATH="")
    python = make_venv(sys.executable, tmp_path / "venv")
    bin_dir = python.parent
    run([*offline, python, "-m", "pip", "install", "-q", "--no-index", "--find-links", wheelhouse, "nnteach[lab]"],
        timeout=600, env=env, cwd=tmp_path)
    clock.lap("offline install")

    out = run([*offline, bin_dir / "nnteach", "--version"], timeout=60, env=env, cwd=tmp_path).stdout
    assert out.startswith("nnteach ")
    run([*offline, bin_dir / "nnteach", "start", "--no-lab", tmp_path / "course"], timeout=120, env=env, cwd=tmp_path)
    assert digests(tmp_path / "course") == digests(ROOT / "notebooks"), "the wheel must carry the learner edition"
    if any((ROOT / "solutions").glob("*.ipynb")):
        run([*offline, bin_dir / "nnteach", "solutions", tmp_path / "sol"], timeout=120, env=env, cwd=tmp_path)
        assert digests(tmp_path / "sol") == digests(ROOT / "solutions"), "the wheel must carry the solutions edition"
    run([*offline, python, "-m", "jupyterlab", "--version"], timeout=120, env=env, cwd=tmp_path)

    first = sorted((tmp_path / "course").glob("*.ipynb"))[0]
    (tmp_path / "first").mkdir()
    shutil.copy(first, tmp_path / "first")
    run([*offline, python, ROOT / "tests" / "install" / "run_notebooks.py", tmp_path / "first"],
        timeout=300, env=env, cwd=tmp_path)
    clock.lap("course checks")
    how = "in a network namespace without network (unshare -n)" if offline else "with --no-index (no unshare here)"
    record_property("measured", f"{len(wheels)} wheels, {size_mb:.0f} MB; installed {how}; {clock}")
