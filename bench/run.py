#!/usr/bin/env python3
"""nnteach's benchmark harness: every row of issue #12, side by side with its peers, in one run.

    python bench/run.py --quick          # about 3 minutes: fewer samples and seeds, no test suite
    python bench/run.py                  # the measurement of record (under 15 minutes)
    python bench/run.py --only xor lstm-bptt      # some rows (ids or section names; --list shows them)

Peers: Synaptic 1.1.4 under node (installed into bench/synaptic by npm on first use; it trains on the
very arrays nnteach trains on), PyTorch on the CPU where it fits (optional: ``pip install
torch==2.13.0``), and a plain-numpy floor for each feed-forward row.  Every row prints median
[min–max] over seeds or interleaved samples, the ratio to its peer and the target of issue #12, with
the machine's load before and after.  Written: bench/RESULTS.md (full runs; --quick writes
bench/results/RESULTS-quick.md, and --only/--skip bench/results/RESULTS-partial.md, unless --results
is given), raw records as JSON in
bench/results/, and the summary into README.md between its bench-summary markers (with RESULTS.md).

Nothing here is a test: pytest never collects bench/.  How each row is measured: bench/README.md.
"""
from __future__ import annotations

import argparse
import shlex
import sys
import time
import traceback
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]      # this checkout's nnteach; harness, peers, rows, other scripts

from harness.context import FULL, QUICK, Context  # noqa: E402
from harness.measure import load, machine  # noqa: E402
from harness.report import results_markdown, row_details, summary_table, update_readme, write_json  # noqa: E402
from harness.rows import Row, Variant  # noqa: E402
from rows import course, feedforward, recurrent, sequence_tasks  # noqa: E402

SECTIONS = {
    "feedforward": feedforward.ROWS,
    "recurrent": recurrent.ROWS,
    "sequence-tasks": sequence_tasks.ROWS,
    "course": course.ROWS,
}


def selected(only: list[str] | None, skip: list[str]) -> list[tuple[str, callable]]:
    chosen = []
    for section, rows in SECTIONS.items():
        for row_id, fn in rows.items():
            if only and row_id not in only and section not in only:
                continue
            if row_id in skip or section in skip:
                continue
            chosen.append((row_id, fn))
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer samples and seeds, no test suite (~3 min)")
    parser.add_argument("--only", nargs="+", metavar="ROW", help="only these row ids or sections")
    parser.add_argument("--skip", nargs="+", metavar="ROW", default=[], help="leave out these row ids or sections")
    parser.add_argument("--list", action="store_true", help="list the rows and exit")
    parser.add_argument("--results", type=Path, default=None,
                        help="where to write the markdown (default: bench/RESULTS.md for a full run, "
                             "bench/results/RESULTS-quick.md for --quick)")
    args = parser.parse_args(argv)
    if args.list:
        for section, rows in SECTIONS.items():
            print(f"{section}: {' '.join(rows)}")
        return 0
    known = {r for rows in SECTIONS.values() for r in rows} | set(SECTIONS)
    unknown = [name for name in (args.only or []) + args.skip if name not in known]
    if unknown:
        parser.error(f"unknown rows or sections {unknown}; --list shows them")

    settings = QUICK if args.quick else FULL
    ctx = Context(settings=settings, root=ROOT, log=lambda *a: print(*a, flush=True))
    words = sys.argv[1:] if argv is None else argv
    command = " ".join(["python bench/run.py", *map(shlex.quote, words)])
    info = machine(ROOT)
    info.update(mode=settings.name, load_before=load())
    print(f"nnteach benchmark, {settings.name} run, {info['date']}; {info['cpus']} CPUs, "
          f"load {info['load_before'][0]:.2f}; python {info['python']}, numpy {info['numpy']}, "
          f"node {info['node']}, torch {info['torch']}", flush=True)
    start = time.perf_counter()
    rows: list[Row] = []
    try:
        for row_id, fn in selected(args.only, args.skip):
            print(f"\n== {row_id}", flush=True)
            before, t0 = load(), time.perf_counter()
            try:
                made = fn(ctx)
            except Exception as e:   # one broken row must not lose the others
                traceback.print_exc()
                made = Row(row_id, row_id, "Failed rows", "",
                           [Variant("nnteach", row_id, missing=f"{type(e).__name__}: {e}")])
            for row in made if isinstance(made, list) else [made]:
                row.seconds, row.load_before, row.load_after = time.perf_counter() - t0, before, load()
                rows.append(row)
                print("\n".join(row_details(row)), flush=True)
    finally:
        ctx.close()
    wall = time.perf_counter() - start
    info.update(load_after=load(), synaptic=ctx._synaptic.versions.get("synaptic") if ctx._synaptic else None)

    print("\n" + summary_table(rows))
    print(f"\n{settings.name} run took {wall / 60:.1f} min; load {info['load_before'][0]:.2f} -> "
          f"{info['load_after'][0]:.2f}")
    stamp = time.strftime("%Y%m%d-%H%M%S")
    json_path = BENCH / "results" / f"{stamp}-{settings.name}.json"
    write_json(json_path, rows, info)
    partial = bool(args.only or args.skip)
    results = args.results or (BENCH / "results" / "RESULTS-partial.md" if partial else
                               BENCH / "results" / "RESULTS-quick.md" if args.quick else BENCH / "RESULTS.md")
    results.parent.mkdir(parents=True, exist_ok=True)
    text = results_markdown(rows, info, command, wall)
    results.write_text(text)
    print(f"wrote {json_path.relative_to(ROOT)} and {results.resolve().relative_to(ROOT)}")
    if results.resolve() == (BENCH / "RESULTS.md").resolve() and update_readme(ROOT / "README.md", text):
        print("updated the benchmark summary in README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
