"""Execute every notebook of a folder top to bottom in a fresh kernel, without comparing outputs.

    python tests/install/run_notebooks.py FOLDER [--timeout 300]

Used by test_oldest_versions.py inside a virtual environment at the oldest versions the
project allows.  A cell tagged ``raises-exception`` may raise; any other error fails.  Prints
one line per notebook and exits 1 if any notebook failed.
"""
import argparse
import sys
import tempfile
import time
from pathlib import Path

import nbclient
import nbformat


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--timeout", type=int, default=300)
    args = parser.parse_args()
    failed = 0
    notebooks = sorted(args.folder.glob("*.ipynb"))
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        with tempfile.TemporaryDirectory() as work:
            try:
                nbclient.NotebookClient(nb, timeout=args.timeout, kernel_name="python3",
                                        resources={"metadata": {"path": work}}).execute()
                status = "ok"
            except Exception as error:  # CellExecutionError, timeouts, dead kernels
                failed += 1
                status = f"FAILED: {type(error).__name__}: {str(error)[-1500:]}"
        print(f"{path.name}: {time.perf_counter() - start:.1f} s {status}", flush=True)
    print(f"{len(notebooks) - failed} of {len(notebooks)} notebooks ran without error")
    return 1 if failed or not notebooks else 0


if __name__ == "__main__":
    sys.exit(main())
