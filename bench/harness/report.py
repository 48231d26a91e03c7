"""The results as text: the console table, bench/RESULTS.md, the raw JSON, the README summary."""
from __future__ import annotations

import json
import re
from pathlib import Path

from .rows import Row, fmt_ratio, fmt_value

__all__ = ["summary_table", "row_details", "results_markdown", "write_json", "update_readme", "WHO"]

#: How the variant keys read in the summary.
WHO = {
    "nnteach": "nnteach", "synaptic": "Synaptic 1.1.4", "floor": "numpy floor", "gemm": "bare GEMMs",
    "torch64": "PyTorch float64", "torch32": "PyTorch float32", "torch": "PyTorch", "graph": "nnteach.graph",
    "graph-numpy": "nnteach.graph, numpy only",
    "torch64-1t": "PyTorch float64, 1 thread", "torch32-1t": "PyTorch float32, 1 thread", "python": "python alone",
    "nnteach-lg": "nnteach loss and gradients + update",
}


def _value(row: Row, key: str | None) -> str:
    if key is None:
        return "—"
    v = row.variant(key)
    if v is None:
        return "—"
    if v.summary is None:
        if v.records and v.missing:          # it ran, and has nothing to show: say why
            return v.missing
        return "not available" if v.missing else "no samples"
    unit = "" if row.unit == "score" else f" {row.unit}"
    return v.summary.text(lambda x: fmt_value(x, row.unit)) + unit


def summary_lines(rows: list[Row]) -> list[str]:
    lines = ["| row | nnteach | peer | ratio | target | |", "|---|---|---|---|---|---|"]
    for row in rows:
        for r in row.ratios:
            if r.target is None and r is not row.ratios[0] and not (r.label and r.value(row) is not None):
                continue                     # unlabelled or unmeasured secondary ratios: in the details only
            peer = "—" if r.denominator is None else f"{WHO.get(r.denominator, r.denominator)}: " \
                                                     f"{_value(row, r.denominator)}"
            num = _value(row, r.numerator)
            if r.numerator != "nnteach":
                num = f"{WHO.get(r.numerator, r.numerator)}: {num}"
            ratio = "—" if r.denominator is None else fmt_ratio(r.value(row))
            target = "report" if r.target is None else r.target.replace("<=", "≤").replace(">=", "≥") + \
                ("×" if r.denominator else f" {row.unit}")
            title = (row.short or row.title) + (f" ({r.label})" if r.label else "")
            lines.append(f"| {title} | {num} | {peer} | {ratio} | {target} | {r.verdict(row)} |")
    return lines


def summary_table(rows: list[Row]) -> str:
    return "\n".join(summary_lines(rows))


def row_details(row: Row) -> list[str]:
    lines = [f"#### {row.title}", "", f"`{row.id}` — median [min–max] in {row.unit}; "
             f"took {row.seconds:.0f} s, load {_load(row.load_before)} → {_load(row.load_after)}.", "",
             "| variant | median [min–max] | n | detail |", "|---|---|---|---|"]
    for v in row.variants:
        if v.summary is None:
            shown = "not solved" if v.records else "not available"
            lines.append(f"| {v.label} | {shown} | 0 | {'; '.join(x for x in (v.detail, v.missing) if x) or 'no samples'} |")
        else:
            s = v.summary
            extra = "; ".join(x for x in (v.detail, f"stopped early: {v.missing}" if v.missing else "") if x)
            lines.append(f"| {v.label} | {s.text(lambda x: fmt_value(x, row.unit))} | {s.n} | {extra} |")
    if row.ratios:
        parts = []
        for r in row.ratios:
            if r.denominator is None:
                if r.target:
                    parts.append(f"{r.numerator}: target {r.target} {row.unit} {r.verdict(row)}")
            else:
                t = f", target {r.target} {r.verdict(row)}" if r.target else ""
                parts.append(f"{r.numerator} / {r.denominator} = {fmt_ratio(r.value(row))}{t}")
        if parts:
            lines += ["", "Ratios of medians: " + "; ".join(parts) + "."]
    if row.note:
        lines += ["", row.note]
    lines.append("")
    return lines


def _busy(info: dict) -> list[str]:
    """A warning when other work kept the machine busy: threads then wait for each other."""
    worst = max(info["load_before"][0], info["load_after"][0])
    if worst < 0.5 * info["cpus"]:
        return []
    return [f"**The machine was busy** (load average up to {worst:.1f} on {info['cpus']} CPUs): rows with several "
            "threads (default BLAS threads, PyTorch's default) suffer most, as their threads wait for each "
            "other; repeat on a quiet machine before drawing conclusions from them.", ""]


def _load(load) -> str:
    return "?" if not load else f"{load[0]:.2f}"


def results_markdown(rows: list[Row], info: dict, command: str, wall: float) -> str:
    sections: dict[str, list[Row]] = {}
    for row in rows:
        sections.setdefault(row.section, []).append(row)
    met = sum(r.verdict(row) == "✓" for row in rows for r in row.ratios)
    missed = sum(r.verdict(row) == "✗" for row in rows for r in row.ratios)
    unknown = sum(r.verdict(row) == "n/a" for row in rows for r in row.ratios)
    out = [
        "# Benchmark results", "",
        f"Written by `{command}` (bench/run.py; do not edit by hand) on {info['date']}, "
        f"**{info['mode']} run**, in {wall / 60:.1f} min.", "",
        "<!-- summary:start -->",
        f"From a **{info['mode']} run** on {info['date']}. "
        f"Targets (issue #12; notebooks: ≤ 30 s each): **{met} met, {missed} missed**" + (f", {unknown} not measured" if unknown else "")
        + f". Machine: {info['cpus']} CPUs ({info['processor']}), load average {_load(info['load_before'])} "
        f"before, {_load(info['load_after'])} after (other work shares this machine). "
        f"Python {info['python']}, numpy {info['numpy']}, node {info['node'] or 'absent'}, "
        f"Synaptic {info.get('synaptic') or 'absent'}, torch {info['torch'] or 'absent'}; "
        f"nnteach at {info['commit']}{' (modified)' if info['dirty'] else ''}.", "",
        *_busy(info), *summary_lines(rows), "",
        "Ratios are nnteach over the peer, of medians; \"median [min–max]\" is over seeds or interleaved "
        "samples (see each row). ✓/✗ against the target, – where the issue asks only for a report.",
        "<!-- summary:end -->", "",
        "BLAS: " + "; ".join(info.get("blas", [])) + ". Environment: " +
        (", ".join(f"{k}={v}" for k, v in info["env"].items()) or "no thread variables set") + ".", "",
    ]
    for name, section_rows in sections.items():
        out += [f"## {name}", ""]
        for row in section_rows:
            out += row_details(row)
    return "\n".join(out).rstrip() + "\n"


def write_json(path: Path, rows: list[Row], info: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"machine": info, "rows": [r.to_json() for r in rows]}, indent=1, default=str))


def update_readme(readme: Path, results_md: str) -> bool:
    """Copy the summary block of RESULTS.md into README.md between the same markers, if it has them."""
    text = readme.read_text()
    block = re.search(r"<!-- summary:start -->.*?<!-- summary:end -->", results_md, re.S)
    pattern = re.compile(r"<!-- bench-summary:start -->.*?<!-- bench-summary:end -->", re.S)
    if block is None or not pattern.search(text):
        return False
    inner = block.group(0).replace("<!-- summary:start -->", "").replace("<!-- summary:end -->", "").strip()
    new = pattern.sub(lambda m: "<!-- bench-summary:start -->\n" + inner + "\n<!-- bench-summary:end -->", text)
    readme.write_text(new)
    return True
