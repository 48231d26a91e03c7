#!/usr/bin/env python3
"""A room of simulated learners on a real JupyterHub, on this machine (docs/instructors.md).

    python tools/room_check.py --learners 10                       # the CI check (notebook 00)
    python tools/room_check.py --learners 20 --notebook 05_backpropagation.ipynb
    python tools/room_check.py --learners 3 --keep                 # leave the hub running; Ctrl-C stops it

What it does, all on 127.0.0.1 and free ports, inside one temporary folder:

1. Makes a git repository of the **learner edition** (as an instructor would: the files of
   ``nnteach start --no-lab``, committed on branch ``main``).
2. Starts JupyterHub with configurable-http-proxy (npm), the DummyAuthenticator (any name,
   any password) and the SimpleLocalProcessSpawner (every learner's server is a local process
   with its own home folder under the temporary folder).
3. Every learner at once, in parallel: logs in through the hub's login form with the nbgitpuller
   link as ``next`` (the link an instructor hands out), which spawns their server and lands on
   nbgitpuller's page; pulls the course as that page does; opens the notebook through the
   contents API; starts a kernel (a session); runs every code cell in order over the kernel's
   websocket, as JupyterLab does; an error in a cell not tagged ``raises-exception`` fails.
4. While every kernel is still alive, measures the memory of each learner: the single-user
   server plus its kernel (RSS, and USS = memory that is the learner's alone).
5. Stops the hub, which stops every learner's server and the proxy; kills any process of the
   room still alive by its PID; deletes the temporary folder.

Prints a report; exit status 1 if any learner failed.  Needs ``pip install -e ".[room]"``
(jupyterhub, nbgitpuller, psutil, jupyterlab) and ``configurable-http-proxy`` on PATH
(``npm install -g configurable-http-proxy``) or given with ``--proxy``.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BRANCH = "main"
COURSE_FOLDER = "nnteach-course"   # the repository's name, so the folder nbgitpuller makes in each home


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_proxy(explicit: str | None = None) -> str | None:
    """configurable-http-proxy: --proxy, $NNTEACH_CHP, or on PATH."""
    for candidate in (explicit, os.environ.get("NNTEACH_CHP"), shutil.which("configurable-http-proxy")):
        if candidate and Path(candidate).exists():
            return str(candidate)
    return None


def nbgitpuller_link(hub_url: str, repo: str, notebook: str, branch: str = BRANCH, targetpath: str | None = None) -> str:
    """The link an instructor hands out: log in, pull ``repo`` into the home folder, open ``notebook`` in JupyterLab."""
    folder = targetpath or repo.rstrip("/").split("/")[-1]
    query = {"repo": repo, "branch": branch, "urlpath": f"lab/tree/{folder}/{notebook}"}
    if targetpath:
        query["targetpath"] = targetpath
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{urllib.parse.urlencode(query)}"


# -- the course repository -------------------------------------------------------------------

def make_course_repository(where: Path, source: Path | None = None) -> Path:
    """A git repository (branch main) holding the learner edition; returns its folder."""
    from nnteach import course

    src = source or course.edition_dir("learner")
    repo = where / COURSE_FOLDER
    repo.mkdir(parents=True)
    for rel in course.course_files(src):
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src / rel, repo / rel)
    env = {**os.environ, "GIT_AUTHOR_NAME": "instructor", "GIT_AUTHOR_EMAIL": "instructor@example.invalid",
           "GIT_COMMITTER_NAME": "instructor", "GIT_COMMITTER_EMAIL": "instructor@example.invalid"}
    for cmd in (["git", "init", "-q", "-b", BRANCH], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "learner edition"]):
        subprocess.run(cmd, cwd=repo, env=env, check=True, capture_output=True)
    return repo


# -- the hub -----------------------------------------------------------------------------------

@dataclass
class Hub:
    root: Path
    url: str
    token: str
    process: subprocess.Popen
    log: Path
    pids: set[int] = field(default_factory=set)   # every process of the room seen so far

    def api(self, method: str, path: str, **kwargs):
        import requests
        r = requests.request(method, f"{self.url}/hub/api{path}", timeout=120,
                             headers={"Authorization": f"token {self.token}"}, **kwargs)
        r.raise_for_status()
        return r.json() if r.content else None

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""


HUB_CONFIG = """\
# Written by tools/room_check.py: a throw-away hub on 127.0.0.1 for simulated learners.
c = get_config()  # noqa
c.JupyterHub.bind_url = "http://127.0.0.1:{proxy_port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = "sqlite:///{root}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{root}/jupyterhub_cookie_secret"
c.JupyterHub.cleanup_servers = True   # stopping the hub stops every learner's server
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{root}/home/{{username}}"
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [{python!r}, "-m", "jupyterhub.singleuser"]
c.Spawner.args = {spawner_args!r}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
c.JupyterHub.tornado_settings = {{"slow_spawn_timeout": 300}}
c.JupyterHub.services = [{{"name": "room-check", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "room-check", "services": ["room-check"],
                            "scopes": ["admin:users", "admin:servers", "tokens", "read:users"]}}]
"""


def start_hub(root: Path, proxy: str, timeout: float = 120) -> Hub:
    token = secrets.token_hex(32)
    proxy_port, hub_port, api_port = free_port(), free_port(), free_port()
    spawner_args = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    config = root / "jupyterhub_config.py"
    config.write_text(HUB_CONFIG.format(proxy_port=proxy_port, hub_port=hub_port, proxy_api_port=api_port,
                                        proxy=proxy, root=root, python=sys.executable, token=token,
                                        spawner_args=spawner_args))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON", "MPL"))}
    env["JUPYTER_CONFIG_DIR"] = str(root / "jupyter-config")  # no personal Jupyter config leaks in
    log = root / "jupyterhub.log"
    process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=root, env=env,
                               stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    hub = Hub(root, f"http://127.0.0.1:{proxy_port}", token, process, log, {process.pid})
    import requests
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterHub exited with {process.returncode}:\n{hub.log_tail()}")
        try:
            if requests.get(f"{hub.url}/hub/api/", timeout=5).ok:
                remember_processes(hub)
                return hub
        except requests.RequestException:
            pass
        time.sleep(0.5)
    stop_hub(hub)
    raise RuntimeError(f"JupyterHub did not answer within {timeout:.0f} s:\n{hub.log_tail()}")


def remember_processes(hub: Hub) -> None:
    import psutil
    try:
        hub.pids.update(p.pid for p in psutil.Process(hub.process.pid).children(recursive=True))
    except psutil.NoSuchProcess:
        pass


def stop_hub(hub: Hub) -> None:
    """Stop the hub, which stops every learner's server (all at once) and the proxy it started;
    then kill anything of the room still alive, by PID."""
    import psutil
    remember_processes(hub)
    if hub.process.poll() is None:
        hub.process.send_signal(signal.SIGTERM)
        try:
            hub.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            hub.process.kill()
            hub.process.wait(timeout=10)
    for pid in sorted(hub.pids):
        try:
            p = psutil.Process(pid)
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                p.kill()
        except psutil.NoSuchProcess:
            pass


# -- one learner ---------------------------------------------------------------------------------

@dataclass
class LearnerResult:
    name: str
    ok: bool = False
    message: str = ""
    cells: int = 0
    times: dict[str, float] = field(default_factory=dict)


def _decode(frame: str | bytes) -> dict:
    """A kernel message from the websocket: JSON text, or (messages with buffers, e.g. a widget's
    PNG) jupyter_server's binary frame: a count n, n offsets (uint32, big-endian), the JSON, the buffers."""
    if isinstance(frame, str):
        return json.loads(frame)
    n = int.from_bytes(frame[:4], "big")
    offsets = [int.from_bytes(frame[4 + 4 * i:8 + 4 * i], "big") for i in range(n)] + [len(frame)]
    return json.loads(frame[offsets[0]:offsets[1]].decode("utf-8"))


def _execute_over_websocket(ws_url: str, token: str, cells: list[dict], timeout: float) -> list[str]:
    """Run ``cells`` in order over a kernel's websocket, as JupyterLab does; returns the error messages."""
    import websocket

    session = uuid.uuid4().hex
    ws = websocket.create_connection(f"{ws_url}?session_id={session}", header=[f"Authorization: token {token}"],
                                     timeout=timeout)

    def send(msg_type: str, content: dict, channel: str = "shell") -> str:
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({"header": {"msg_id": msg_id, "username": "learner", "session": session,
                                       "msg_type": msg_type, "version": "5.3",
                                       "date": datetime.now(timezone.utc).isoformat()},
                            "parent_header": {}, "metadata": {}, "content": content, "channel": channel,
                            "buffers": []}))
        return msg_id

    def wait(msg_id: str, errors: list[str] | None) -> None:
        replied = idle = False
        while not (replied and idle):
            msg = _decode(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind.endswith("_reply"):
                replied = True
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
            elif kind == "error" and errors is not None:
                errors.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")

    try:
        wait(send("kernel_info_request", {}), None)
        errors: list[str] = []
        for cell in cells:
            cell_errors: list[str] = []
            wait(send("execute_request", {"code": cell["source"], "silent": False, "store_history": True,
                                          "user_expressions": {}, "allow_stdin": False,
                                          "stop_on_error": True}), cell_errors)
            if cell_errors and "raises-exception" not in cell.get("metadata", {}).get("tags", []):
                errors.append(f"cell {cell.get('id', '?')}: {cell_errors[0]}")
                break   # as Run All does: stop at the first unexpected error
        return errors
    finally:
        ws.close()


def run_learner(hub: Hub, name: str, link: str, repo: str, notebook: str, timeout: float = 600) -> LearnerResult:
    """One learner: log in with the link, pull the course, open the notebook, run every cell."""
    import requests

    result = LearnerResult(name)
    t0 = last = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal last
        now = time.perf_counter()
        result.times[step] = now - last
        last = now

    try:
        s = requests.Session()
        s.get(f"{hub.url}/hub/login", timeout=60).raise_for_status()
        next_path = link[len(hub.url):]
        r = s.post(f"{hub.url}/hub/login?{urllib.parse.urlencode({'next': next_path})}", timeout=timeout,
                   data={"username": name, "password": "any", "_xsrf": s.cookies.get("_xsrf", "")})
        r.raise_for_status()
        if urllib.parse.urlparse(r.url).path.startswith("/hub/spawn-pending/"):
            # The spawn-pending page follows the spawn's progress events, then reloads itself.
            found = re.search(r'new EventSource\("([^"]+)"\)', r.text)
            if not found:
                raise RuntimeError("the spawn-pending page has no progress stream")
            progress = html.unescape(found.group(1))
            with s.get(urllib.parse.urljoin(hub.url, progress), stream=True, timeout=timeout) as events:
                events.raise_for_status()
                for line in events.iter_lines(decode_unicode=True):
                    if line and line.startswith("data:"):
                        event = json.loads(line[5:])
                        if event.get("failed"):
                            raise RuntimeError(f"the server did not start: {event.get('message')}")
                        if event.get("ready"):
                            break
            r = s.get(r.url, timeout=timeout)
            r.raise_for_status()
        if urllib.parse.urlparse(r.url).path != f"/user/{name}/git-pull":
            raise RuntimeError(f"the link ended at {r.url}, not at nbgitpuller's page")
        lap("login + spawn")
        query = urllib.parse.urlencode({"repo": repo, "branch": BRANCH, "targetpath": COURSE_FOLDER})
        with s.get(f"{hub.url}/user/{name}/git-pull/api?{query}", stream=True, timeout=timeout) as events:
            events.raise_for_status()
            phase = None
            for line in events.iter_lines(decode_unicode=True):
                if line and line.startswith("data:"):
                    event = json.loads(line[5:])
                    phase = event.get("phase")
                    if phase in ("finished", "error"):
                        break
        if phase != "finished":
            raise RuntimeError(f"nbgitpuller did not finish: {event.get('message', event)}")
        lap("nbgitpuller")

        token = hub.api("POST", f"/users/{name}/tokens", json={"note": "room check", "expires_in": 3600})["token"]
        headers = {"Authorization": f"token {token}"}
        server = f"{hub.url}/user/{name}/api"
        path = f"{COURSE_FOLDER}/{notebook}"
        r = requests.get(f"{server}/contents/{urllib.parse.quote(path)}", headers=headers, timeout=60)
        r.raise_for_status()
        cells = [c for c in r.json()["content"]["cells"] if c["cell_type"] == "code"]
        r = requests.post(f"{server}/sessions", headers=headers, timeout=timeout,
                          json={"path": path, "name": notebook, "type": "notebook", "kernel": {"name": "python3"}})
        r.raise_for_status()
        kernel = r.json()["kernel"]["id"]
        lap("open + kernel")
        ws_url = f"{hub.url.replace('http', 'ws', 1)}/user/{name}/api/kernels/{kernel}/channels"
        errors = _execute_over_websocket(ws_url, token, cells, timeout)
        lap("run all cells")
        result.cells = len(cells)
        result.ok = not errors
        result.message = "; ".join(errors)
    except Exception as error:  # report, never raise: the other learners go on
        result.message = f"{type(error).__name__}: {error}"
    result.times["total"] = time.perf_counter() - t0
    return result


# -- memory ----------------------------------------------------------------------------------------

def learner_memory(hub: Hub) -> dict[str, dict[str, float]]:
    """MB of RSS and USS per learner: their single-user server and all its children (the kernel)."""
    import psutil
    remember_processes(hub)
    usage: dict[str, dict[str, float]] = {}
    for child in psutil.Process(hub.process.pid).children():
        try:
            user = child.environ().get("JUPYTERHUB_USER")
            if not user:
                continue
            procs = [child, *child.children(recursive=True)]
            rss = sum(p.memory_info().rss for p in procs)
            uss = sum(p.memory_full_info().uss for p in procs)
            usage[user] = {"rss": rss / 2**20, "uss": uss / 2**20, "processes": len(procs)}
        except psutil.NoSuchProcess:
            continue
    return usage


def hub_memory(hub: Hub) -> float:
    """MB of RSS of the hub and the proxy (the fixed cost of a room)."""
    import psutil
    hub_proc = psutil.Process(hub.process.pid)
    procs = [hub_proc] + [c for c in hub_proc.children() if "JUPYTERHUB_USER" not in c.environ()]
    return sum(p.memory_info().rss for p in procs) / 2**20


# -- the room ----------------------------------------------------------------------------------

@dataclass
class RoomReport:
    learners: list[LearnerResult]
    memory: dict[str, dict[str, float]]
    hub_mb: float
    times: dict[str, float]
    link: str
    root: Path
    main: list[str]   # the learners on the main notebook (the memory figures are theirs)

    @property
    def ok(self) -> bool:
        return bool(self.learners) and all(r.ok for r in self.learners) and len(self.memory) == len(self.learners)

    def summary(self) -> str:
        rss = [m["rss"] for n, m in self.memory.items() if n in self.main] or [0.0]
        uss = [m["uss"] for n, m in self.memory.items() if n in self.main] or [0.0]
        totals = [r.times["total"] for r in self.learners]
        lines = [f"{sum(r.ok for r in self.learners)} of {len(self.learners)} learners ran their notebook without error "
                 f"({len(self.main)} on the same notebook at once)",
                 f"memory per learner (server + kernel): RSS mean {statistics.mean(rss):.0f} MB, max {max(rss):.0f} MB; "
                 f"USS mean {statistics.mean(uss):.0f} MB, max {max(uss):.0f} MB; hub + proxy {self.hub_mb:.0f} MB",
                 f"per learner, from the link to the last cell: median {statistics.median(totals):.1f} s, "
                 f"slowest {max(totals):.1f} s",
                 "wall time: " + ", ".join(f"{k} {v:.1f} s" for k, v in self.times.items())]
        for r in self.learners:
            if not r.ok:
                lines.append(f"  {r.name}: FAILED {r.message}")
        return "\n".join(lines)


def run_room(learners: int, notebook: str | None = None, proxy: str | None = None, keep: bool = False,
             source: Path | None = None, extra: dict[str, str] | None = None) -> RoomReport:
    """Start a hub, run ``learners`` simulated learners on ``notebook`` at once, measure, stop, clean up.

    ``source`` is the folder put into the course repository (default: the learner edition);
    ``extra`` maps more learner names to notebooks of their own (e.g. one broken on purpose).
    """
    proxy = find_proxy(proxy)
    if proxy is None:
        raise FileNotFoundError("configurable-http-proxy not found: npm install -g configurable-http-proxy, "
                                "or give --proxy / $NNTEACH_CHP")
    times: dict[str, float] = {}
    t = time.perf_counter()
    root = Path(tempfile.mkdtemp(prefix="nnteach-room-"))
    hub = None
    names = [f"learner{i:03d}" for i in range(1, learners + 1)] + list(extra or {})
    try:
        repo_dir = make_course_repository(root / "repos", source)
        notebook = notebook or sorted(p.name for p in repo_dir.glob("*.ipynb"))[0]
        repo_url = repo_dir.as_uri()
        times["course repository"] = time.perf_counter() - t
        t = time.perf_counter()
        hub = start_hub(root, proxy)
        times["hub start"] = time.perf_counter() - t
        link = nbgitpuller_link(hub.url, repo_url, notebook)
        t = time.perf_counter()
        stop_watch = threading.Event()

        def watch():  # keep track of every process of the room, for a clean stop
            while not stop_watch.wait(1.0):
                remember_processes(hub)
        threading.Thread(target=watch, daemon=True).start()
        with ThreadPoolExecutor(max_workers=len(names)) as pool:
            def one(name: str) -> LearnerResult:
                own = (extra or {}).get(name, notebook)
                return run_learner(hub, name, nbgitpuller_link(hub.url, repo_url, own), repo_url, own)
            results = list(pool.map(one, names))
        stop_watch.set()
        times["all learners"] = time.perf_counter() - t
        memory = learner_memory(hub)
        report = RoomReport(results, memory, hub_memory(hub), times, link, root, names[:learners])
        if keep:
            print(report.summary())
            print(f"\nThe hub is running at {hub.url} (any name, any password). The link learners get:\n{link}\n"
                  "Press Ctrl-C (or kill this process) to stop everything.", flush=True)
            try:
                while hub.process.poll() is None:
                    time.sleep(1)
            except KeyboardInterrupt:
                pass
        return report
    finally:
        t = time.perf_counter()
        if hub is not None:
            stop_hub(hub)
        shutil.rmtree(root, ignore_errors=True)
        times["stop + clean up"] = time.perf_counter() - t


def main() -> int:
    parser = argparse.ArgumentParser(description=textwrap.dedent(__doc__).split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--learners", type=int, default=10, help="simulated learners at once (default 10)")
    parser.add_argument("--notebook", help="notebook of the learner edition each runs (default: the first)")
    parser.add_argument("--proxy", help="path of configurable-http-proxy (default: $NNTEACH_CHP or PATH)")
    parser.add_argument("--keep", action="store_true", help="leave the hub running until Ctrl-C")
    parser.add_argument("--json", type=Path, help="also write the numbers to this JSON file")
    args = parser.parse_args()
    # Ctrl-C, and a plain `kill PID` too, stop the room cleanly (even when started in the background,
    # where a shell leaves SIGINT ignored).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    report = run_room(args.learners, args.notebook, args.proxy, args.keep)
    print(report.summary())
    if args.json:
        args.json.write_text(json.dumps({"memory_mb": report.memory, "hub_mb": report.hub_mb, "times_s": report.times,
                                         "learners": [r.__dict__ for r in report.learners]}, indent=1))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
