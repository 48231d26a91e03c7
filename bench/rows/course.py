"""The course itself: ``import nnteach``, every notebook in a fresh kernel, the whole test command.

What a learner or a maintainer waits for.  Each is run as they would run it, in a fresh process: the
import in a new interpreter (against a bare interpreter's start-up), each notebook top to bottom in a
new Jupyter kernel (nbclient, as tools/build_notebooks.py runs them), the test command of README.md
(``python -m pytest -m 'not infra'``) in the repository.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from harness.rows import NotAvailable, Ratio, Row, Variant

__all__ = ["ROWS"]

SECTION = "The course"
NOTEBOOK_LIMIT = 30.0           # seconds per notebook in a fresh kernel (the course's limit)


def _wall(args: list[str], cwd: Path, env: dict | None = None, timeout: float = 900) -> tuple[float, str]:
    t0 = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited {done.returncode}: {(done.stderr or done.stdout)[-500:]}")
    return elapsed, done.stdout + done.stderr


def import_row(ctx) -> Row:
    row = Row("import", "`import nnteach` in a fresh interpreter", SECTION, "ms",
              ratios=[Ratio("nnteach", "python", None, "import / bare start-up")])
    env = {**os.environ, "PYTHONPATH": str(ctx.root)}
    variants = {"nnteach": Variant("nnteach", "python -c 'import nnteach' (wall time)"),
                "python": Variant("python", "python -c 'pass' (the interpreter's own start-up)")}
    code = {"nnteach": "import nnteach", "python": "pass"}
    for _ in range(ctx.settings.import_repeats):          # interleaved
        for key, v in variants.items():
            secs, _ = _wall([sys.executable, "-c", code[key]], ctx.root, env)
            v.samples.append(secs * 1e3)
    row.variants += variants.values()
    row.note = f"{ctx.settings.import_repeats} runs of each, in turns."
    return row


def notebook_rows(ctx) -> list[Row]:
    if not ctx.settings.notebooks:
        return []
    try:
        import nbformat
        from nbclient import NotebookClient
    except ImportError:
        raise NotAvailable("nbclient is not installed (pip install -e '.[bench]')") from None
    rows = []
    for path in sorted((ctx.root / "notebooks").glob("*.ipynb")):
        row = Row(f"notebook-{path.stem[:2]}", f"notebook {path.stem} in a fresh kernel", SECTION, "s",
                  short=f"notebook {path.stem[:2]}, fresh kernel",
                  ratios=[Ratio("nnteach", None, f"<= {NOTEBOOK_LIMIT:g}")])
        v = Variant("nnteach", "nbclient, top to bottom, fresh python3 kernel")
        row.variants.append(v)
        nb = nbformat.read(path, as_version=4)
        env_backend = os.environ.pop("MPLBACKEND", None)    # as tools/build_notebooks.py runs them
        try:
            t0 = time.perf_counter()
            NotebookClient(nb, timeout=600, kernel_name="python3",
                           resources={"metadata": {"path": str(path.parent)}}).execute()
            v.samples.append(time.perf_counter() - t0)
        except Exception as e:  # a failing notebook is a result too
            v.missing = f"failed: {type(e).__name__}: {str(e)[:200]}"
        finally:
            if env_backend is not None:
                os.environ["MPLBACKEND"] = env_backend
        rows.append(row)
    return rows


def test_suite_row(ctx) -> Row:
    # The infrastructure checks (JupyterHub room, wheelhouse, oldest and newest versions, website) build
    # virtual environments and servers for minutes; CI times them itself (its terminal summary), so this
    # row leaves them out and says so.
    row = Row("test-suite", "the test command without its infrastructure checks, `python -m pytest -m 'not infra'` "
              "(2 workers, as configured: unit tests, strict nbval over both editions, the browser check)", SECTION, "s",
              short="`python -m pytest -m 'not infra'`",
              ratios=[Ratio("nnteach", None, None)])
    v = Variant("nnteach", "python -m pytest -m 'not infra' in the repository (its pyproject settings: -n 2, nbval)")
    row.variants.append(v)
    if not ctx.settings.test_suite:
        v.missing = "skipped in --quick runs"
        return row
    try:
        secs, out = _wall([sys.executable, "-m", "pytest", "-q", "-m", "not infra"], ctx.root)
    except RuntimeError as e:
        v.missing = str(e)[:300]
        return row
    v.samples.append(secs)
    counts = re.findall(r"(\d+) (passed|failed|skipped|xfailed|errors?)", out)
    v.detail = ", ".join(f"{n} {what}" for n, what in counts)
    return row


ROWS = {
    "import": import_row,
    "notebooks": notebook_rows,
    "test-suite": test_suite_row,
}
