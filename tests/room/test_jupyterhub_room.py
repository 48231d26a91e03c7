"""A room of learners on a real JupyterHub (tools/room_check.py, docs/instructors.md).

JupyterHub with configurable-http-proxy, the DummyAuthenticator and local single-user servers on
127.0.0.1; the learner edition handed out with an nbgitpuller link from a local git repository;
10 simulated learners at once log in with the link, pull the course, open the first notebook and
run every cell through the Jupyter server's API.  All must succeed.  One more learner runs a
notebook broken on purpose, so the check is seen to catch an error (and to let a cell tagged
``raises-exception`` raise).  Memory per learner and wall times go into the terminal summary.

Needs the `room` extra and configurable-http-proxy (npm) on PATH or in $NNTEACH_CHP: skipped
without them, failed under NNTEACH_CI=1.
"""
from __future__ import annotations

import importlib.util
import shutil

import nbformat
import psutil
import pytest

from infra_helpers import require
from script_helpers import load_script

pytestmark = pytest.mark.infra
LEARNERS = 10
BROKEN = "zz_broken_on_purpose.ipynb"


def load_room_check():
    return load_script("tools/room_check.py")


def write_broken_notebook(path):
    def code(source, *tags):
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata["tags"] = list(tags)
        return cell
    nb = nbformat.v4.new_notebook(cells=[code("x = 1"), code("1 / 0  # expected", "raises-exception"),
                                         code("print(undefined_name)"), code("y = 2  # never reached")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


def test_ten_learners_at_once_run_a_notebook_on_jupyterhub(tmp_path, record_property):
    for module in ("jupyterhub", "nbgitpuller", "websocket", "requests"):
        require(importlib.util.find_spec(module), f"{module} is not installed: pip install -e \".[room]\"")
    room = load_room_check()
    require(room.find_proxy(), "configurable-http-proxy not found: `npm install -g configurable-http-proxy` "
                               "or set NNTEACH_CHP to its path")
    require(shutil.which("git"), "git is not installed")
    from nnteach import course

    source = tmp_path / "course"
    learner_edition = course.edition_dir("learner")
    for rel in course.course_files(learner_edition):
        (source / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(learner_edition / rel, source / rel)
    write_broken_notebook(source / BROKEN)
    first = course.first_notebook(learner_edition).name

    report = room.run_room(LEARNERS, first, source=source, extra={"selfcheck": BROKEN})

    learners = [r for r in report.learners if r.name != "selfcheck"]
    assert len(learners) == LEARNERS
    failed = [f"{r.name}: {r.message}" for r in learners if not r.ok]
    assert not failed, "\n".join(failed) + "\n" + report.summary()
    assert all(r.cells > 0 for r in learners)
    selfcheck, = [r for r in report.learners if r.name == "selfcheck"]
    assert not selfcheck.ok and "NameError" in selfcheck.message and "ZeroDivisionError" not in selfcheck.message
    assert sorted(report.memory) == sorted(r.name for r in report.learners)
    assert all(m["rss"] > 0 and m["processes"] >= 2 for m in report.memory.values()), "a server and its kernel"

    assert not report.root.exists(), "the room's temporary folder must be deleted"
    left = []
    for p in psutil.process_iter(["pid", "cmdline", "cwd"]):
        try:
            if str(report.root) in " ".join(p.info["cmdline"] or []) + (p.info["cwd"] or ""):
                left.append(p.info["pid"])
        except (psutil.Error, TypeError):
            continue
    assert not left, f"processes of the room still running: {left}"
    record_property("measured", " | ".join(report.summary().splitlines()))
