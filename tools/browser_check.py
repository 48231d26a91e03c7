#!/usr/bin/env python3
"""Run the course notebooks in a real browser: JupyterLab + headless Chromium + playwright.

    python tools/browser_check.py notebooks --out shots/
    python tools/browser_check.py notebooks --out shots/ --port 8899 --chromium /usr/bin/chromium

For every ``*.ipynb`` in the folder this opens the notebook in JupyterLab, runs all cells
and then reports

* error outputs (except in cells tagged ``raises-exception``) and cells left unexecuted;
* widget failures: error widgets, "Error displaying widget" and similar messages, widgets
  stuck at "Loading widget...", widgets drawn as their text/plain fallback (no widget
  extension), tracebacks inside widget outputs, errors raised by widget callbacks in the
  kernel, and widget/model errors in the browser console;
* for each explorer (a displayed widget that contains a slider and an image): its first
  slider is moved with the keyboard and its image must change; an explorer with a button named
  **Start** (or **Play**) is started — its image must change — and paused — then it must stop
  changing.

One full-page screenshot per notebook goes to ``--out``.  The exit status is 1 if any
notebook has a problem.  See ``docs/browser-check.md``.

Nothing outside a temporary folder is written: the notebooks are served from a copy,
JupyterLab's runtime/settings/workspace/config folders, IPython's and matplotlib's folders
and Chromium's ``$HOME`` all live in that folder.  The server and its kernels are shut
down at the end, also when the check fails or is interrupted.

Needs jupyterlab, ipywidgets and playwright (pip) and a chromium binary (Debian package
``chromium``).  Never run ``playwright install``: the system chromium is used.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

# -- configuration --------------------------------------------------------------------------

#: Flags for a quiet headless Chromium in a container (no sandbox as root, no network chatter).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-quic",
]

#: JupyterLab user settings: no news/update toast over the screenshot, every cell kept in
#: the DOM (no virtual scrolling), and no autosave into the served copy.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}

#: Cells with one of these tags are allowed (expected) to show an error.
EXPECTED_ERROR_TAGS = {"raises-exception", "nbval-raises-exception"}

#: Text that ipywidgets or JupyterLab shows in place of a widget that failed.
WIDGET_FAILURE_TEXT = [
    "Error displaying widget", "Could not find model", "Failed to load model class",
    "Failed to load view class", "Failed to create view", "Could not create a view",
]

VIEWPORT = {"width": 1280, "height": 1000}
MAX_SHOT_HEIGHT = 16000     # px; Chromium cannot draw much taller pages in one piece
SLIDER_PRESSES = 3          # key presses on each explorer's first slider
WIDGET_LOAD_GRACE_S = 10    # how long "Loading widget..." may stay before it counts as stuck
IMAGE_CHANGE_WAIT_S = 10    # how long to wait for an explorer's image to change
START_NAMES = ("Start", "Play")   # a button with one of these names starts an explorer that runs by itself
PAUSE_NAMES = ("Pause", "Stop")   # ... and one of these pauses it (else Start is pressed again)
PAUSE_SETTLE_MS = 1500      # after Pause: time for timer ticks already on their way to land
PAUSE_WATCH_MS = 2500       # then the image must stay the same this long

# -- JavaScript evaluated in the JupyterLab page ---------------------------------------------
# `window.jupyterapp` exists because the server runs with --LabApp.expose_app_in_browser.

JS_APP_READY = """async () => {
  await jupyterapp.restored;
  jupyterapp.shell.collapseLeft();   // no file browser: a wider notebook in the screenshots
}"""

JS_OPEN = """async (path) => {
  await jupyterapp.commands.execute('docmanager:open', {path, factory: 'Notebook'});
}"""

JS_NOTEBOOK_READY = """(path) => {
  const p = jupyterapp.shell.currentWidget;
  return !!(p && p.content && p.sessionContext && p.context && p.context.isReady
            && p.context.path === path && p.sessionContext.session && p.sessionContext.session.kernel);
}"""

# Close the notebook without a "save changes?" dialog; return its session id.
JS_CLOSE = """() => {
  const p = jupyterapp.shell.currentWidget;
  const s = p.sessionContext.session;
  const id = s ? s.id : null;
  p.context.model.dirty = false;
  p.dispose();
  return id;
}"""

# Record every iopub error/stderr message of the kernel that is NOT the reply to running a
# cell: those come from widget callbacks (comm messages) and are shown nowhere in the page.
JS_RUN_ALL = """async () => {
  const panel = jupyterapp.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  window.__bcKernelErrors = [];
  panel.sessionContext.iopubMessage.connect((_, msg) => {
    const parent = (msg.parent_header || {}).msg_type;
    if (parent === 'execute_request') return;
    const t = msg.header.msg_type, c = msg.content || {};
    if (t === 'error') window.__bcKernelErrors.push(`${c.ename}: ${c.evalue}`);
    if (t === 'stream' && c.name === 'stderr' && /Traceback|Error\\b/.test(c.text))
      window.__bcKernelErrors.push(c.text.trim().split('\\n').pop());
  });
  // not awaited to the end: a cell that never finishes must run into the Python-side timeout
  window.__bcRunning = true;
  const done = jupyterapp.commands.execute('notebook:run-all-cells')
      .finally(() => { window.__bcRunning = false; });
  await Promise.race([done, new Promise(resolve => setTimeout(resolve, 1000))]);
}"""

JS_BUSY = """() => {
  const panel = jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const pending = panel.content.widgets.some(c => c.model.type === 'code' &&
      (c.node.querySelector('.jp-InputPrompt') || {}).textContent.includes('*'));
  return !kernel || kernel.status !== 'idle' || pending || !!window.__bcRunning;
}"""

JS_CELLS = """() => {
  const WIDGET = 'application/vnd.jupyter.widget-view+json';
  const lastLine = t => t.trim().split('\\n').pop().slice(0, 200);
  return jupyterapp.shell.currentWidget.content.widgets.map((cell, index) => {
    if (cell.model.type !== 'code') return null;
    const outputs = cell.model.outputs.toJSON();
    const plain = [...cell.node.querySelectorAll('.jp-OutputArea-output[data-mime-type="text/plain"]')]
        .map(n => n.innerText);
    return {
      index, count: cell.model.executionCount, tags: cell.model.getMetadata('tags') || [],
      errors: outputs.filter(o => o.output_type === 'error').map(o => `${o.ename}: ${o.evalue}`),
      // tracebacks printed inside a widget (an Output widget, e.g. an interact callback that raised)
      widgetTracebacks: [...cell.node.querySelectorAll('.jupyter-widgets .jp-OutputArea-output')]
          .filter(n => n.getAttribute('data-mime-type') === 'application/vnd.jupyter.stderr'
                       || n.querySelector('.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'))
          .map(n => n.innerText).filter(t => /Traceback|Error\\b/.test(t)).map(lastLine),
      // a widget output drawn as its text/plain fallback: the widget renderer is missing
      plainWidgets: outputs.filter(o => o.data && o.data[WIDGET] && o.data['text/plain'])
          .map(o => String(o.data['text/plain']).slice(0, 40))
          .filter(t => plain.some(p => p.startsWith(t))).length,
    };
  }).filter(x => x);
}"""

JS_PAGE_STATE = """() => {
  const nb = jupyterapp.shell.currentWidget.content.node;
  return {text: nb.innerText,
          errorWidgets: nb.querySelectorAll('.jupyter-widgets-error-widget').length,
          kernelErrors: window.__bcKernelErrors || []};
}"""

# Explorers: top-level widget views (not nested in another widget) holding a slider and an
# image (an <img>, or a <canvas> for ipympl).  Each one gets a data attribute so that
# playwright can address it afterwards.
JS_FIND_EXPLORERS = """() => {
  const cells = jupyterapp.shell.currentWidget.content.widgets;
  const found = [];
  const mark = (el, index) => {
    el.setAttribute('data-bc-explorer', String(found.length));
    found.push({cell: index, label: (el.querySelector('.widget-label') || {}).innerText || ''});
  };
  const hasSlider = el => !!el.querySelector('[role=slider]');
  const hasImage = el => !!el.querySelector('img, canvas');
  cells.forEach((cell, index) => {
    if (cell.model.type !== 'code') return;
    const roots = [...cell.node.querySelectorAll('.jp-OutputArea-output .jupyter-widgets')]
        .filter(el => !el.parentElement.closest('.jupyter-widgets'));
    const whole = roots.filter(el => hasSlider(el) && hasImage(el));
    whole.forEach(el => mark(el, index));
    // controls and picture displayed as separate widgets of one cell (interactive_output):
    // the cell's output area is then the explorer
    const rest = roots.filter(el => !whole.includes(el));
    if (rest.some(hasSlider) && rest.some(hasImage))
      mark(cell.node.querySelector('.jp-Cell-outputArea') || cell.node, index);
  });
  return found;
}"""

# The pictures inside one explorer: <img> sources, or pixels of a <canvas> (ipympl figures).
JS_IMAGES = """(root) => [...root.querySelectorAll('img, canvas')]
    .map(e => e.tagName === 'IMG' ? e.src : e.toDataURL())"""

JS_SCROLL_TOP = """() => {
  const scroller = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');
  if (scroller) scroller.scrollTop = 0;
}"""

# Height of the whole notebook, for a screenshot that shows all of it.
JS_CONTENT_HEIGHT = """() => {
  const cells = document.querySelectorAll('.jp-NotebookPanel .jp-Cell');
  const scroller = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');
  const last = cells[cells.length - 1];
  return last ? last.getBoundingClientRect().bottom + (scroller ? scroller.scrollTop : 0) : 800;
}"""


# -- finding the tools -----------------------------------------------------------------------

class MissingTool(RuntimeError):
    """playwright, jupyterlab or a chromium binary is not available."""


def find_chromium(explicit: str | None = None) -> str:
    """The chromium binary: ``explicit``, else ``$NNTEACH_CHROMIUM``, else ``/usr/bin/chromium``,
    else ``chromium`` on PATH.  Raises :class:`MissingTool` when none is found."""
    for source, value in (("--chromium", explicit), ("NNTEACH_CHROMIUM", os.environ.get("NNTEACH_CHROMIUM"))):
        if value:
            path = shutil.which(value)
            if not path:
                raise MissingTool(f"{source}={value!r} is not an executable file")
            return path
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    path = shutil.which("chromium")
    if path:
        return path
    raise MissingTool("no chromium binary: set NNTEACH_CHROMIUM, or install Debian's 'chromium' "
                      "(/usr/bin/chromium); do not use 'playwright install'")


def check_tools(chromium: str | None = None) -> str:
    """Check that everything the browser check needs is importable; return the chromium path."""
    for module in ("playwright.sync_api", "jupyterlab", "ipywidgets"):
        try:
            __import__(module)
        except ImportError as exc:
            raise MissingTool(f"python package {module.split('.')[0]!r} is not installed ({exc})") from None
    return find_chromium(chromium)


# -- the JupyterLab server -------------------------------------------------------------------

def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


class LabServer:
    """JupyterLab on 127.0.0.1 serving ``root_dir``, with every folder it writes kept in ``tmp``.

    Use as a context manager; leaving it (normally or by an exception) shuts the kernels down
    through the REST API, stops the server with SIGTERM (SIGKILL after 20 s) and finally
    kills, by PID, any kernel process of this server that is still alive.
    """

    def __init__(self, root_dir: Path, tmp: Path, port: int | None = None, start_timeout: float = 60):
        self.root_dir, self.tmp, self.start_timeout = Path(root_dir), Path(tmp), start_timeout
        if port is not None and not port_is_free(port):
            raise RuntimeError(f"port {port} on 127.0.0.1 is already in use; pick another with --port, "
                               "or leave --port out to use a free one")
        self.port = port if port is not None else free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.tmp / "jupyterlab.log"
        self.proc: subprocess.Popen | None = None
        self._children: set[int] = set()

    def __enter__(self) -> "LabServer":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "".join(self.log_path.read_text(errors="replace").splitlines(True)[-lines:])
        except OSError:
            return ""

    def start(self) -> None:
        settings = self.tmp / "lab-settings"
        for name, values in LAB_SETTINGS.items():
            f = settings / f"{name}.jupyterlab-settings"
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(json.dumps(values))
        for d in ("runtime", "config", "data", "ipython", "matplotlib", "workspaces"):
            (self.tmp / d).mkdir(exist_ok=True)
        # jupyter_lsp is not needed here, and it would run `npm prefix -g` (which logs to ~/.npm)
        (self.tmp / "config" / "jupyter_server_config.json").write_text(
            json.dumps({"ServerApp": {"jpserver_extensions": {"jupyter_lsp": False}},
                        "NotebookNotary": {"db_file": ":memory:"}}))
        cmd = [
            sys.executable, "-m", "jupyterlab", "--no-browser",
            "--ip=127.0.0.1", f"--port={self.port}", "--ServerApp.port_retries=0",
            "--IdentityProvider.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
            f"--ServerApp.root_dir={self.root_dir}",
            "--LabApp.expose_app_in_browser=True", "--LabApp.extension_manager=readonly",
            "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={self.tmp / 'workspaces'}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")  # JupyterLab refuses to start as root otherwise
        from jupyter_core.paths import jupyter_data_dir
        env = dict(os.environ,
                   JUPYTER_RUNTIME_DIR=str(self.tmp / "runtime"),
                   JUPYTER_CONFIG_DIR=str(self.tmp / "config"),   # ignore the user's config, write none
                   # the server writes its data (notebook secret, ...) into tmp; the user's data dir
                   # stays on the search path, read-only, for extensions and kernels installed there
                   JUPYTER_DATA_DIR=str(self.tmp / "data"),
                   JUPYTER_PATH=os.pathsep.join(filter(None, [jupyter_data_dir(), os.environ.get("JUPYTER_PATH")])),
                   IPYTHONDIR=str(self.tmp / "ipython"),
                   MPLCONFIGDIR=str(self.tmp / "matplotlib"),
                   PYTHONUNBUFFERED="1")
        env.pop("MPLBACKEND", None)  # the notebooks choose their own backend (%matplotlib inline)
        self._log = open(self.log_path, "w")
        # a session of its own: a Ctrl-C in the terminal reaches only this script, which then
        # shuts the server down in order (instead of the server asking on stdin whether to stop)
        self.proc = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT, env=env,
                                     cwd=self.root_dir, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.stop()
                raise RuntimeError(f"JupyterLab exited with code {self.proc.returncode} on start "
                                   f"(port {self.port}); its log ends:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/status", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer on {self.url} within {self.start_timeout:.0f} s; "
                           f"its log ends:\n{self.log_tail()}")

    def _api(self, path: str, method: str = "GET"):
        req = urllib.request.Request(f"{self.url}{path}", method=method)
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
        return json.loads(body) if body else None

    def _kernel_pids(self) -> set[int]:
        """PIDs of this server's kernels: its child processes whose command line names a
        connection file in our temporary runtime folder (so a reused PID never matches)."""
        if self.proc is None or not Path("/proc").is_dir():
            return set()
        pids = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
                if parent == self.proc.pid and str(self.tmp / "runtime") in \
                        (stat.parent / "cmdline").read_bytes().decode(errors="replace"):
                    pids.add(int(stat.parent.name))
            except (OSError, ValueError, IndexError):
                continue
        return pids

    def shutdown_kernels(self) -> None:
        """Shut every kernel of this server down (REST API); errors are ignored."""
        try:
            for kernel in self._api("/api/kernels") or []:
                self._api(f"/api/kernels/{kernel['id']}", "DELETE")
        except (OSError, ValueError):
            pass

    def stop(self) -> None:
        if self.proc is None:
            return
        self._children = self._kernel_pids()
        if self.proc.poll() is None:
            self.shutdown_kernels()
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        time.sleep(0.5)
        for pid in self._children:  # a kernel that outlived its server: ours, ended by PID
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
                if str(self.tmp / "runtime") in cmdline:  # still that kernel, not a reused PID
                    os.kill(pid, signal.SIGKILL)
            except (OSError, ProcessLookupError, PermissionError):
                pass
        self._children.clear()
        self._log.close()


# -- checking one notebook -------------------------------------------------------------------

@dataclass
class NotebookResult:
    """What the check found for one notebook."""

    name: str
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    screenshot: Path | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    def report(self) -> str:
        head = (f"{'ok  ' if self.ok else 'FAIL'} {self.name} ({self.seconds:.1f} s)"
                f"{': ' + '; '.join(self.notes) if self.notes else ''}"
                f"{'  screenshot: ' + str(self.screenshot) if self.screenshot else ''}")
        return "\n".join([head] + [f"     - {p}" for p in self.problems])


def _wait_idle(page, timeout_s: float) -> bool:
    """Wait until the kernel is idle and no cell shows ``[*]``, seen twice 0.3 s apart."""
    deadline, quiet = time.monotonic() + timeout_s, 0
    while time.monotonic() < deadline:
        quiet = 0 if page.evaluate(JS_BUSY) else quiet + 1
        if quiet >= 2:
            return True
        page.wait_for_timeout(300)
    return False


def _output_problems(page, result: NotebookResult, seen: set[str]) -> None:
    """Add the error and widget problems visible now (each message once)."""
    found = []
    deadline = time.monotonic() + WIDGET_LOAD_GRACE_S
    while time.monotonic() < deadline and "Loading widget..." in page.evaluate(JS_PAGE_STATE)["text"]:
        page.wait_for_timeout(250)
    state = page.evaluate(JS_PAGE_STATE)
    if "Loading widget..." in state["text"]:
        found.append(f"widget stuck at 'Loading widget...' after {WIDGET_LOAD_GRACE_S} s")
    found += [f"widget failed to render: '{t}'" for t in WIDGET_FAILURE_TEXT if t in state["text"]]
    if state["errorWidgets"]:
        found.append(f"{state['errorWidgets']} error widget(s) shown")
    found += [f"widget callback raised in the kernel: {e}" for e in state["kernelErrors"]]
    for cell in page.evaluate(JS_CELLS):
        where = f"cell {cell['index']}"
        if cell["errors"] and not EXPECTED_ERROR_TAGS & set(cell["tags"]):
            found += [f"{where}: error output {e} (tag the cell 'raises-exception' if expected)"
                      for e in cell["errors"]]
        found += [f"{where}: traceback inside a widget output: {t}" for t in cell["widgetTracebacks"]]
        if cell["plainWidgets"]:
            found.append(f"{where}: widget shown as plain text (widget extension missing?)")
        if cell["count"] is None:
            found.append(f"{where}: not executed (run-all stopped at an error above, or ran out of time)")
    for message in found:
        if message not in seen:
            seen.add(message)
            result.problems.append(message)


def _console_problems(lines: list[str]) -> list[str]:
    """Browser-console errors about widgets, models or comms, each once (with a count)."""
    counts: dict[str, int] = {}
    for line in lines:
        if any(word in line.lower() for word in ("widget", "model", "comm")):
            first = line.splitlines()[0][:200] if line else ""
            counts[first] = counts.get(first, 0) + 1
    return [f"browser console: {text}" + (f" (x{n})" if n > 1 else "") for text, n in counts.items()]


def _slider_value(handle) -> str | None:
    """The slider's value as text.  ``aria-valuetext`` is exact; ``aria-valuenow`` is rounded
    (to one decimal for a FloatSlider), so a 0.01 step would look like no move at all."""
    text = handle.get_attribute("aria-valuetext") or handle.get_attribute("aria-valuenow")
    try:
        return f"{float(text):.6g}"
    except (TypeError, ValueError):
        return text


def _move_explorer_slider(page, index: int, info: dict, timeout_s: float, image_wait_s: float,
                          result: NotebookResult) -> None:
    """Move the first slider of explorer ``index`` by keyboard; its image must change."""
    root = page.locator(f"[data-bc-explorer='{index}']")
    handle = root.locator("[role=slider]").first
    name = f"explorer {index + 1} (cell {info['cell']}{', ' + info['label'] if info['label'] else ''})"
    handle.scroll_into_view_if_needed()
    before_value = _slider_value(handle)
    try:
        at_max = float(before_value) >= float(handle.get_attribute("aria-valuemax"))
    except (TypeError, ValueError):
        at_max = False
    key = "ArrowLeft" if at_max else "ArrowRight"
    before_images = root.evaluate(JS_IMAGES)
    handle.focus()
    for _ in range(SLIDER_PRESSES):
        page.keyboard.press(key)
        page.wait_for_timeout(80)
    _wait_idle(page, timeout_s)
    after_value = _slider_value(handle)
    changed, deadline = False, time.monotonic() + image_wait_s
    while not changed and time.monotonic() < deadline:
        changed = root.evaluate(JS_IMAGES) != before_images
        if not changed:
            page.wait_for_timeout(200)
    _wait_idle(page, timeout_s)  # let the last redraw land before errors are read and the screenshot
    result.notes.append(f"{name}: slider {before_value} -> {after_value}, image changed: {changed}")
    if after_value == before_value:
        result.problems.append(f"{name}: the slider did not move with the keyboard ({key})")
    elif not changed:
        result.problems.append(f"{name}: the slider moved ({before_value} -> {after_value}) "
                               "but the explorer's image did not change")


def _button(root, names: tuple[str, ...]):
    """The first button of ``root`` whose accessible name is one of ``names`` (exactly), or None."""
    for name in names:
        button = root.get_by_role("button", name=name, exact=True)
        if button.count():
            return button.first
    return None


def _images_change(root, before, wait_s: float, page) -> bool:
    """True as soon as the images of ``root`` differ from ``before``; False after ``wait_s`` seconds."""
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if root.evaluate(JS_IMAGES) != before:
            return True
        page.wait_for_timeout(200)
    return False


def _start_and_pause(page, index: int, info: dict, timeout_s: float, image_wait_s: float,
                     result: NotebookResult) -> None:
    """An explorer that runs by itself (a Start or Play button, e.g. a training dashboard): press Start,
    its image must change; press Pause, its image must then stop changing."""
    root = page.locator(f"[data-bc-explorer='{index}']")
    start = _button(root, START_NAMES)
    if start is None:
        return
    name = f"explorer {index + 1} (cell {info['cell']})"
    pause = _button(root, PAUSE_NAMES) or start
    start.scroll_into_view_if_needed()
    before = root.evaluate(JS_IMAGES)
    start.click()
    runs = _images_change(root, before, image_wait_s, page)
    pause.click()
    page.wait_for_timeout(PAUSE_SETTLE_MS)
    _wait_idle(page, timeout_s)
    still = root.evaluate(JS_IMAGES)
    page.wait_for_timeout(PAUSE_WATCH_MS)
    _wait_idle(page, timeout_s)
    stopped = root.evaluate(JS_IMAGES) == still
    result.notes.append(f"{name}: Start -> image changed: {runs}; Pause -> image still: {stopped}")
    if not runs:
        result.problems.append(f"{name}: pressed {START_NAMES[0]} but the explorer's image did not change "
                               f"within {image_wait_s:.0f} s")
    if not stopped:
        result.problems.append(f"{name}: pressed Pause but the explorer's image kept changing")


def _delete_session(base_url: str, session_id: str) -> None:
    """Shut a notebook's kernel down through the REST API (run in a thread: nobody waits)."""
    try:
        req = urllib.request.Request(f"{base_url}/api/sessions/{session_id}", method="DELETE")
        urllib.request.urlopen(req, timeout=30).close()
    except OSError:
        pass


class Checker:
    """Check notebooks one after another in one browser page.

    JupyterLab is loaded once per page and each notebook is opened, run, checked and closed
    in it (loading JupyterLab anew costs seconds per notebook).  After a check that went wrong
    in an unexpected way the page is closed, and the next notebook gets a fresh one.

    ``timeout_s`` bounds the run of all cells of one notebook; ``image_wait_s`` is how long an
    explorer's image may take to change after its slider moved.  Screenshots go to
    ``out_dir`` (None: no screenshots).
    """

    def __init__(self, browser, base_url: str, out_dir: Path | None = None, timeout_s: float = 120,
                 image_wait_s: float = IMAGE_CHANGE_WAIT_S):
        self.browser, self.base_url, self.timeout_s, self.image_wait_s = browser, base_url, timeout_s, image_wait_s
        self.out_dir = Path(out_dir) if out_dir is not None else None
        self.page = None
        self._console: list[str] = []

    def _open_page(self):
        if self.page is not None and not self.page.is_closed():
            return self.page
        page = self.browser.new_page(viewport=VIEWPORT)
        page.on("console", lambda m: self._console.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self._console.append(str(e)))
        # a workspace of its own, so that no document of an earlier session is restored into it
        workspace = f"check-{os.getpid()}-{int(time.time() * 1000)}"
        page.goto(f"{self.base_url}/lab/workspaces/{workspace}")
        page.wait_for_function("() => window.jupyterapp && jupyterapp.shell", timeout=60_000)
        page.evaluate(JS_APP_READY)
        self.page = page
        return page

    def prestart(self, path: str) -> None:
        """Start the kernel of notebook ``path`` now, in the background (REST API).

        JupyterLab connects a notebook it opens to the running session of the same path, so
        the kernel of the next notebook starts while the current one is being checked.
        """
        body = json.dumps({"path": path, "name": Path(path).name, "type": "notebook",
                           "kernel": {"name": "python3"}}).encode()

        def post():
            try:
                req = urllib.request.Request(f"{self.base_url}/api/sessions", data=body, method="POST",
                                             headers={"Content-Type": "application/json"})
                urllib.request.urlopen(req, timeout=60).close()
            except OSError:
                pass  # JupyterLab starts the kernel itself when the notebook opens
        threading.Thread(target=post, daemon=True).start()

    def close(self) -> None:
        if self.page is not None and not self.page.is_closed():
            self.page.close()
        self.page = None

    def check(self, path: str, image_wait_s: float | None = None, then: str | None = None) -> NotebookResult:
        """Open ``path`` (relative to the server root), run all cells and check it.

        ``then``: the notebook to be checked next, whose kernel is started as soon as this
        notebook has run.  Never raises for a problem in the notebook: a timeout or a crash
        becomes a problem line.
        """
        image_wait_s = self.image_wait_s if image_wait_s is None else image_wait_s
        t0 = time.monotonic()
        result = NotebookResult(name=path)
        page, healthy = None, False
        try:
            page = self._open_page()
            page.set_viewport_size(VIEWPORT)
            self._console.clear()
            page.evaluate(JS_OPEN, path)
            page.wait_for_function(JS_NOTEBOOK_READY, arg=path, timeout=60_000)
            page.evaluate(JS_RUN_ALL)
            if not _wait_idle(page, self.timeout_s):
                result.problems.append(f"the kernel was still busy after {self.timeout_s:.0f} s")
            if then:
                self.prestart(then)
            seen: set[str] = set()
            _output_problems(page, result, seen)
            explorers = page.evaluate(JS_FIND_EXPLORERS)
            if not explorers:
                result.notes.append("no explorer (slider + image)")
            for i, info in enumerate(explorers):
                _move_explorer_slider(page, i, info, self.timeout_s, image_wait_s, result)
                _start_and_pause(page, i, info, self.timeout_s, image_wait_s, result)
            if explorers:
                _output_problems(page, result, seen)  # callbacks that raised while the sliders moved
            result.problems += _console_problems(self._console)
            if self.out_dir is not None:
                height = int(page.evaluate(JS_CONTENT_HEIGHT)) + 60
                if height > MAX_SHOT_HEIGHT:
                    result.notes.append(f"the screenshot shows the first {MAX_SHOT_HEIGHT} of {height} px")
                page.set_viewport_size({"width": VIEWPORT["width"],
                                        "height": min(max(height, VIEWPORT["height"]), MAX_SHOT_HEIGHT)})
                page.evaluate(JS_SCROLL_TOP)
                page.wait_for_timeout(400)
                self.out_dir.mkdir(parents=True, exist_ok=True)
                result.screenshot = self.out_dir / f"{Path(path).stem}.png"
                page.screenshot(path=str(result.screenshot))
            healthy = True
        except Exception as exc:  # a timeout or a page crash fails this notebook only
            result.problems.append(f"the check itself failed: {type(exc).__name__}: "
                                   f"{str(exc).splitlines()[0][:300]}")
        finally:
            try:  # close the notebook; its kernel is shut down without waiting for it
                session_id = page.evaluate(JS_CLOSE) if page is not None and healthy else None
                if session_id:
                    threading.Thread(target=_delete_session, args=(self.base_url, session_id),
                                     daemon=True).start()
            except Exception:
                healthy = False
            if not healthy:
                self.close()  # the server shuts every kernel down at the end anyway
            result.seconds = time.monotonic() - t0
        return result


def check_notebook(browser, base_url: str, path: str, out_dir: Path | None = None, timeout_s: float = 120,
                   image_wait_s: float = IMAGE_CHANGE_WAIT_S) -> NotebookResult:
    """Check one notebook in a page of its own (see :class:`Checker`)."""
    checker = Checker(browser, base_url, out_dir, timeout_s, image_wait_s)
    try:
        return checker.check(path)
    finally:
        checker.close()


# -- the whole run ---------------------------------------------------------------------------

def launch_browser(playwright, chromium: str, tmp: Path):
    """Headless chromium with ``HOME`` in ``tmp`` (its crash reports and dconf stay there)."""
    home = tmp / "chromium-home"
    home.mkdir(exist_ok=True)
    env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_CACHE_HOME=str(home / ".cache"))
    return playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS, env=env)


def copy_notebooks(src: Path, dst: Path) -> list[str]:
    """Copy ``src/*.ipynb`` to ``dst``; return the sorted file names."""
    dst.mkdir(parents=True, exist_ok=True)
    names = sorted(p.name for p in Path(src).glob("*.ipynb"))
    for name in names:
        shutil.copy2(Path(src) / name, dst / name)
    return names


def run(notebook_dir: Path, out_dir: Path, port: int | None = None, chromium: str | None = None,
        timeout_s: float = 120, echo=print) -> list[NotebookResult]:
    """Check every notebook of ``notebook_dir`` in one server and one browser; return the results."""
    from playwright.sync_api import sync_playwright
    chromium = check_tools(chromium)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="nnteach-browser-") as tmpname:
        tmp = Path(tmpname)
        names = copy_notebooks(notebook_dir, tmp / "root")
        if not names:
            raise RuntimeError(f"no *.ipynb in {notebook_dir}")
        t0 = time.monotonic()
        with LabServer(tmp / "root", tmp, port) as lab:
            echo(f"JupyterLab (pid {lab.proc.pid}) on {lab.url}, up after {time.monotonic() - t0:.1f} s")
            with sync_playwright() as pw:
                browser = launch_browser(pw, chromium, tmp)
                checker = Checker(browser, lab.url, out_dir, timeout_s)
                try:
                    for name, then in zip(names, names[1:] + [None]):
                        results.append(checker.check(name, then=then))
                        echo(results[-1].report())
                finally:
                    checker.close()
                    browser.close()
    return results


def _raise_on_sigterm(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")  # so the server is stopped by the finally blocks


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 epilog="Exit status: 0 all notebooks ok, 1 a notebook failed, "
                                        "2 the check could not run.")
    ap.add_argument("notebook_dir", type=Path, help="folder with the *.ipynb files")
    ap.add_argument("--out", type=Path, required=True, help="folder for the screenshots (one PNG per notebook)")
    ap.add_argument("--port", type=int, default=None, help="port on 127.0.0.1 (default: a free one)")
    ap.add_argument("--chromium", default=None,
                    help="chromium binary (default: $NNTEACH_CHROMIUM, /usr/bin/chromium, chromium on PATH)")
    ap.add_argument("--timeout", type=float, default=120, help="seconds allowed for running one notebook")
    args = ap.parse_args(argv)
    signal.signal(signal.SIGTERM, _raise_on_sigterm)
    t0 = time.monotonic()
    try:
        results = run(args.notebook_dir, args.out, args.port, args.chromium, args.timeout)
    except (MissingTool, RuntimeError) as exc:
        print(f"browser check could not run: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("browser check interrupted; JupyterLab and its kernels were shut down", file=sys.stderr)
        return 130
    failed = [r.name for r in results if not r.ok]
    print(f"{len(results)} notebook(s), {len(failed)} failed{': ' + ', '.join(failed) if failed else ''}; "
          f"{time.monotonic() - t0:.1f} s in all; screenshots in {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
