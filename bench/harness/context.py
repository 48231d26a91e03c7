"""What every row function receives: the run's settings, the Synaptic peer, a logger."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .synaptic import Synaptic

__all__ = ["Settings", "QUICK", "FULL", "Context"]


@dataclass(frozen=True)
class Settings:
    """How much to measure.  ``--quick`` trades samples for time; the rows and methods stay the same."""

    name: str
    repeats: int            # samples per speed variant (interleaved)
    chunk: float            # seconds per speed sample
    warmup: float           # seconds of untimed Synaptic warm-up before its first speed sample
    xor_seeds: int          # seeds of the XOR time-to-solve row
    dsr_seeds: int          # seeds of the demo-size recall task
    erg_seeds: int          # seeds of the embedded Reber grammar task
    task_cap: float         # seconds of training after which a sequence-task run stops unsolved
    import_repeats: int     # `import nnteach` in a fresh interpreter, this many times
    notebooks: bool         # run every notebook in a fresh kernel
    test_suite: bool        # run the whole test command


QUICK = Settings("quick", repeats=5, chunk=0.25, warmup=1.0, xor_seeds=5, dsr_seeds=2, erg_seeds=1,
                 task_cap=25.0, import_repeats=3, notebooks=True, test_suite=False)
FULL = Settings("full", repeats=15, chunk=0.5, warmup=3.0, xor_seeds=10, dsr_seeds=5, erg_seeds=3,
                task_cap=60.0, import_repeats=7, notebooks=True, test_suite=True)


@dataclass
class Context:
    settings: Settings
    root: Path
    log: callable = print
    _synaptic: Synaptic | None = field(default=None, repr=False)

    @property
    def synaptic(self) -> Synaptic:
        """The Synaptic peer, started on first use (its install too)."""
        if self._synaptic is None:
            self._synaptic = Synaptic(log=self.log)
        return self._synaptic

    def close(self) -> None:
        if self._synaptic is not None:
            self._synaptic.close()
