"""Every course notebook of the learner edition (notebooks/, what the README opens), run in a real
JupyterLab in headless Chromium (docs/browser-check.md).

One JupyterLab server and one browser serve the whole module (module-scoped fixture); with
``--dist loadfile`` all tests of this file run on the same xdist worker.  Each notebook is one
test: all cells run, no error output (except cells tagged ``raises-exception``), no widget
error, and the first slider of each explorer changes its image.  A notebook broken on purpose
checks that the check itself still catches those problems.

Screenshots go to a temporary folder, or to ``$NNTEACH_SHOTS`` when it is set.  Without
playwright or a chromium binary the tests are skipped, unless ``NNTEACH_REQUIRE_BROWSER=1``
(as in CI): then they fail.  Chromium is ``$NNTEACH_CHROMIUM``, else ``/usr/bin/chromium``,
else ``chromium`` on PATH.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from script_helpers import load_script

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(p.name for p in NOTEBOOK_DIR.glob("*.ipynb"))
COURSE, SELFTEST = "course", "selftest"   # folders inside the served temporary root
BROKEN = "broken_on_purpose.ipynb"


def _load_browser_check():
    """tools/ is not a package: load tools/browser_check.py by path."""
    return load_script("tools/browser_check.py")


bc = _load_browser_check()




def _write_broken_notebook(path: Path) -> None:
    """A notebook with one instance of each problem the check must report (and one it must not)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    def code(src, *tags):
        cell = new_code_cell(src)
        if tags:
            cell.metadata["tags"] = list(tags)
        return cell

    nb = new_notebook(cells=[
        new_markdown_cell("# Broken on purpose (browser-check self-test)"),
        code("%matplotlib inline\n"
             "import io\n"
             "import ipywidgets as widgets\n"
             "import matplotlib\n"
             "from matplotlib.figure import Figure\n\n"
             "def png(w):\n"
             "    fig = Figure(figsize=(3, 2), dpi=60)\n"
             "    fig.add_subplot().plot([-3, 3], [w, w])\n"
             "    buf = io.BytesIO(); fig.savefig(buf, format='png'); return buf.getvalue()\n\n"
             "def explorer(on_move):\n"
             "    slider = widgets.FloatSlider(value=0.0, min=-3.0, max=3.0, step=0.1, description='w')\n"
             "    image = widgets.Image(value=png(0.0), format='png')\n"
             "    slider.observe(lambda change: on_move(change['new'], image), names='value')\n"
             "    return widgets.VBox([slider, image])\n\n"
             "def runner(start_works=True, pause_works=True):\n"
             "    # an explorer that runs by itself: Start and Pause drive a (hidden) Play timer\n"
             "    box = explorer(lambda w, image: setattr(image, 'value', png(w)))\n"
             "    image, state = box.children[1], {'w': 0.0}\n"
             "    play = widgets.Play(value=0, max=10**6, interval=150, layout=widgets.Layout(display='none'))\n"
             "    def tick(change):\n"
             "        state['w'] += 0.1\n"
             "        image.value = png(state['w'])\n"
             "    play.observe(tick, names='value')\n"
             "    start, pause = widgets.Button(description='Start'), widgets.Button(description='Pause')\n"
             "    start.on_click(lambda _: setattr(play, 'playing', True) if start_works else None)\n"
             "    pause.on_click(lambda _: setattr(play, 'playing', False) if pause_works else None)\n"
             "    return widgets.VBox([*box.children, widgets.HBox([start, pause]), play])"),
        code("1 / 0  # expected: must NOT be reported", "raises-exception"),
        code("def redraw(w, image):\n    image.value = png(w)\n\n"
             "display(explorer(redraw))  # fine: must NOT be reported"),
        code("explorer(lambda w, image: None)  # the slider changes nothing"),
        code("def redraw_then_fail(w, image):\n    image.value = png(w)\n    raise ValueError('callback broke')\n\n"
             "explorer(redraw_then_fail)"),
        code("@widgets.interact(x=widgets.IntSlider(value=1, min=0, max=3))\n"
             "def reciprocal(x):\n    print(1 / (x - 1))"),
        code("runner(start_works=False)  # Start changes nothing"),
        code("runner(pause_works=False)  # Pause does not stop it"),
        code("undefined_name  # an error nobody expected"),
        code("print('never runs')"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def checker(tmp_path_factory):
    """One JupyterLab (serving a temporary copy of notebooks/) and one headless chromium page."""
    try:
        chromium, missing = bc.check_tools(), None
    except bc.MissingTool as exc:
        chromium, missing = None, str(exc)
    if missing and os.environ.get("NNTEACH_REQUIRE_BROWSER") == "1":
        pytest.fail(f"NNTEACH_REQUIRE_BROWSER=1 but the browser check cannot run: {missing}", pytrace=False)
    if missing:
        pytest.skip(f"browser check skipped: {missing} (NNTEACH_REQUIRE_BROWSER=1 turns this into a failure)")
    from playwright.sync_api import sync_playwright

    shots = Path(os.environ["NNTEACH_SHOTS"]) if os.environ.get("NNTEACH_SHOTS") \
        else tmp_path_factory.mktemp("browser-shots")
    shots.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nnteach-browser-") as tmpname:
        tmp = Path(tmpname)
        bc.copy_notebooks(NOTEBOOK_DIR, tmp / "root" / COURSE)
        _write_broken_notebook(tmp / "root" / SELFTEST / BROKEN)
        with bc.LabServer(tmp / "root", tmp) as server, sync_playwright() as pw:
            browser = bc.launch_browser(pw, chromium, tmp)
            check = bc.Checker(browser, server.url, shots, timeout_s=120)
            try:
                yield check
            finally:
                check.close()
                browser.close()


def test_the_browser_runs_the_learner_edition_the_readme_opens():
    """notebooks/ is the learner edition (no solution cells): what a learner who follows the README opens."""
    import nbformat

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "jupyter lab notebooks/00_start_here.ipynb" in readme
    assert NOTEBOOKS and NOTEBOOK_DIR == ROOT / "notebooks"
    for name in NOTEBOOKS:
        cells = nbformat.read(NOTEBOOK_DIR / name, as_version=4).cells
        assert not any("solution" in c.metadata.get("tags", []) for c in cells), name


@pytest.mark.parametrize("name", NOTEBOOKS or [pytest.param(None, marks=pytest.mark.skip(
    reason="notebooks/ holds no notebook yet"))])
def test_notebook_runs_cleanly_in_jupyterlab(checker, name):
    later = NOTEBOOKS[NOTEBOOKS.index(name) + 1:]
    then = f"{COURSE}/{later[0]}" if later else f"{SELFTEST}/{BROKEN}"  # its kernel starts early
    result = checker.check(f"{COURSE}/{name}", then=then)
    print(result.report())
    if not result.ok:
        pytest.fail(result.report(), pytrace=False)


def test_browser_check_catches_a_broken_notebook(checker):
    result = checker.check(f"{SELFTEST}/{BROKEN}", image_wait_s=3)
    report = result.report()
    print(report)
    expected = {
        "untagged error": "error output NameError",
        "cells after it": "not executed",
        "slider that changes nothing": "but the explorer's image did not change",
        "widget callback that raises": "widget callback raised in the kernel: ValueError: callback broke",
        "traceback in a widget output": "traceback inside a widget output: ZeroDivisionError",
        "a Start that changes nothing": "pressed Start but the explorer's image did not change",
        "a Pause that does not stop": "pressed Pause but the explorer's image kept changing",
    }
    missing = [what for what, text in expected.items() if not any(text in p for p in result.problems)]
    assert not missing, f"the browser check missed: {', '.join(missing)}\n{report}"
    # the expected error (tagged raises-exception, cell 2) and the working explorer (cell 3) pass
    assert not [p for p in result.problems if p.startswith(("cell 2:", "explorer 1 "))], report
    assert len(result.problems) == len(expected), f"unexpected extra problems:\n{report}"
