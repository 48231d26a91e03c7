"""Synaptic 1.1.4 as a peer: installed into bench/synaptic on first use, driven by driver.js.

``Synaptic()`` starts one ``node bench/synaptic/driver.js`` process for the whole run and talks to it
one JSON line at a time (see driver.js for the requests).  Data go through JSON files in a temporary
folder: the same arrays nnteach trains on.  If node or npm is missing, or the install fails, every
request raises :class:`~harness.rows.NotAvailable` with the reason, and the rows show it.
"""
from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from .rows import NotAvailable

__all__ = ["Synaptic", "VERSION"]

VERSION = "1.1.4"          # pinned exactly in bench/synaptic/package.json
HERE = Path(__file__).resolve().parents[1] / "synaptic"


def _installed_version() -> str | None:
    pkg = HERE / "node_modules" / "synaptic" / "package.json"
    try:
        return json.loads(pkg.read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def ensure_installed(log=print) -> None:
    """``npm install`` in bench/synaptic unless Synaptic 1.1.4 is already there."""
    if shutil.which("node") is None:
        raise NotAvailable("node is not installed")
    if _installed_version() == VERSION:
        return
    if shutil.which("npm") is None:
        raise NotAvailable("npm is not installed (needed once, to install Synaptic)")
    log(f"installing Synaptic {VERSION} into {HERE.name}/node_modules (npm, first use only) …")
    done = subprocess.run(["npm", "install", "--no-audit", "--no-fund"], cwd=HERE, capture_output=True,
                          text=True, timeout=600)
    if done.returncode != 0 or _installed_version() != VERSION:
        raise NotAvailable(f"npm install failed: {(done.stderr or done.stdout).strip()[-300:]}")


class Synaptic:
    """One node process running driver.js; :meth:`call` sends a request and returns the answer."""

    def __init__(self, log=print) -> None:
        self._proc = None
        self._tmp = None
        self._ids = itertools.count()
        self.error: str | None = None
        self.versions: dict = {}
        try:
            ensure_installed(log)
            self._proc = subprocess.Popen(["node", str(HERE / "driver.js")], cwd=HERE, stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, text=True, bufsize=1)
            self._tmp = tempfile.TemporaryDirectory(prefix="nnteach-bench-")
            self.versions = self.call("hello")
        except NotAvailable as e:
            self.error = str(e)
        except OSError as e:
            self.error = f"cannot start node: {e}"

    @property
    def available(self) -> bool:
        return self.error is None

    def call(self, op: str, **args) -> dict:
        if self._proc is None:
            raise NotAvailable(self.error or "Synaptic is not running")
        self._proc.stdin.write(json.dumps({"op": op, **args}) + "\n")
        self._proc.stdin.flush()
        line = self._proc.stdout.readline()
        if not line:
            raise NotAvailable(f"the Synaptic driver stopped (exit code {self._proc.poll()})")
        answer = json.loads(line)
        if not answer.pop("ok"):
            raise RuntimeError(f"Synaptic driver, {op}: {answer['error']}")
        return answer

    # -- helpers ---------------------------------------------------------------------------------
    def data(self, X, T) -> str:
        """Send inputs and targets (arrays, or lists of per-sequence arrays) to node; returns its id."""
        name = f"data{next(self._ids)}"
        path = Path(self._tmp.name) / f"{name}.json"
        listed = (lambda A: [np.asarray(a).tolist() for a in A]) if isinstance(X, list) else \
            (lambda A: np.asarray(A).tolist())
        path.write_text(json.dumps({"X": listed(X), "T": listed(T)}))
        self.call("data", id=name, path=str(path))
        return name

    def build(self, arch: str, sizes, seed: int) -> str:
        """A new ``Architect.Perceptron(*sizes)`` or ``Architect.LSTM(*sizes)`` (seeded); returns its id."""
        name = f"net{next(self._ids)}"
        self.call("build", id=name, arch=arch, sizes=list(sizes), seed=seed)
        return name

    def outputs(self, net: str, data: str) -> list[np.ndarray]:
        """The network's outputs on every sequence of ``data`` (learning off), one array per sequence."""
        path = Path(self._tmp.name) / f"outputs{next(self._ids)}.json"
        self.call("outputs", net=net, data=data, path=str(path))
        Y = json.loads(path.read_text())
        path.unlink()
        return [np.array(y, dtype=float) for y in Y]

    def close(self) -> None:
        if self._proc is not None:
            try:
                self._proc.stdin.write(json.dumps({"op": "quit"}) + "\n")
                self._proc.stdin.flush()
                self._proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self._proc.kill()
            self._proc = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None
