"""How the harness measures: samples, their summary, interleaving, BLAS threads, the machine.

Every number in bench/RESULTS.md is the median [min–max] of several *samples*.  A sample is one
measurement of one variant (one seed's time-to-solve, or the steps per second of one timed chunk of
about ``chunk`` seconds).  The variants of one row take turns sample by sample (A, B, C, A, B, C, …;
harness.speed), so that other work on a shared machine slows them alike.
"""
from __future__ import annotations

import contextlib
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Callable, Iterator

__all__ = ["Summary", "summarize", "steps_per_second", "blas_threads", "machine", "load"]


@dataclass(frozen=True)
class Summary:
    """Median, min and max of some samples (and how many there were)."""

    median: float
    low: float
    high: float
    n: int

    def text(self, fmt: Callable[[float], str]) -> str:
        if self.n == 1:
            return fmt(self.median)
        return f"{fmt(self.median)} [{fmt(self.low)}–{fmt(self.high)}]"


def summarize(samples: list[float]) -> Summary | None:
    if not samples:
        return None
    return Summary(statistics.median(samples), min(samples), max(samples), len(samples))


def steps_per_second(step: Callable[[], object], seconds: float, per_call: int = 1) -> float:
    """Call ``step()`` (which does ``per_call`` steps) until ``seconds`` have passed; steps per second."""
    calls = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        step()
        calls += 1
        now = time.perf_counter()
        if now >= deadline:
            return calls * per_call / (now - start)


@contextlib.contextmanager
def blas_threads(n: int | None) -> Iterator[None]:
    """numpy's BLAS limited to ``n`` threads inside the block (``None``: its default, untouched).

    Uses threadpoolctl, which switches the thread pool of the BLAS library numpy loaded, in this
    process, without restarting it.
    """
    if n is None:
        yield
        return
    from threadpoolctl import threadpool_limits
    with threadpool_limits(limits=n, user_api="blas"):
        yield


def load() -> tuple[float, float, float]:
    """The machine's load average over 1, 5 and 15 minutes."""
    return os.getloadavg()


def _command_output(args: list[str]) -> str | None:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=30, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def machine(root) -> dict:
    """Versions and the machine: what a reader needs to judge or repeat the numbers."""
    import numpy as np
    info = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "processor": _cpu_name(),
        "node": _command_output(["node", "--version"]),
        "commit": _command_output(["git", "-C", str(root), "rev-parse", "--short", "HEAD"]),
        "dirty": bool(_command_output(["git", "-C", str(root), "status", "--porcelain", "--", "nnteach", "bench", ":!bench/RESULTS.md"])),
        "env": {k: os.environ[k] for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
                if k in os.environ},
    }
    try:
        from threadpoolctl import threadpool_info
        info["blas"] = [f"{p['internal_api']} {p.get('version')} ({p['num_threads']} threads by default)"
                        for p in threadpool_info() if p["user_api"] == "blas"]
    except ImportError:
        info["blas"] = ["threadpoolctl not installed"]
    try:
        import torch
        info["torch"] = f"{torch.__version__} ({torch.get_num_threads()} threads by default)"
    except ImportError:
        info["torch"] = None
    info["python_executable"] = os.path.basename(sys.executable)
    return info


def _cpu_name() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"
