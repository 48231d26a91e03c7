"""The ``nnteach`` command: copy the course into a folder you own and open it in JupyterLab.

    nnteach start [DIR]          copy the learner edition into DIR (default ./nnteach-course), open JupyterLab there
    nnteach start DIR --no-lab   only copy
    nnteach solutions DIR        copy the solutions edition into DIR (for instructors)
    nnteach --version

A notebook you have changed is never overwritten without asking (see ``nnteach.course``).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from . import course

DEFAULT_FOLDER = "nnteach-course"


def _version() -> str:
    try:
        from importlib.metadata import version
        return version("nnteach")
    except Exception:  # not installed as a distribution (a bare source checkout)
        from . import __version__
        return __version__


def _confirm(question: str) -> bool:
    """Ask a yes/no question on a terminal; anything but y/yes (or no terminal at all) is no."""
    if not sys.stdin or not sys.stdin.isatty():
        return False
    try:
        return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")
    except EOFError:
        return False


def _copy(edition: str, folder: str, force: bool) -> course.CopyReport:
    preview = course.copy_edition(folder, edition, dry_run=True)
    replace = force
    if preview.kept and not force:
        print("These files in", preview.destination, "differ from the course's version "
              "(you have edited or run them):")
        for path in preview.kept:
            print("   ", path)
        replace = _confirm("Replace them with the course's version? Yours are kept as *.backup-<date> files.")
        if not replace:
            print("Keeping your versions (use --force to replace them; yours are then kept as backups).")
    report = course.copy_edition(folder, edition, replace=replace)
    print(report.summary())
    return report


def lab_command(folder: Path, notebook: Path | None, as_root: bool) -> list[str]:
    """The command that opens JupyterLab in ``folder`` on ``notebook``."""
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={folder}"]
    if as_root:
        cmd.append("--allow-root")
    if notebook is not None:
        cmd.append(str(notebook.relative_to(folder)))
    return cmd


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def start(args: argparse.Namespace) -> int:
    try:
        report = _copy("learner", args.folder, args.force)
    except (OSError, ValueError) as error:       # a bad folder, a missing edition, no permission, …
        print(f"nnteach start: {error}", file=sys.stderr)
        return 1
    folder = report.destination
    if args.no_lab:
        print(f"Open it with:  cd {folder} && jupyter lab")
        return 0
    try:
        import jupyterlab  # noqa: F401  (only to say clearly when it is missing)
    except ImportError:
        print("JupyterLab is not installed here. Install it with  pip install \"nnteach[lab]\"  "
              f"and run  nnteach start {args.folder}  again (your files are kept), or open {folder} "
              "in any Jupyter you have.", file=sys.stderr)
        return 1
    as_root = _is_root()
    if as_root:
        print("Running as root (as in many containers): JupyterLab is started with --allow-root. "
              "On a shared machine, run it as an ordinary user instead.")
    cmd = lab_command(folder, course.first_notebook(folder), as_root)
    print("Starting JupyterLab (stop it with Ctrl-C, twice):", " ".join(cmd[2:]))
    try:
        return subprocess.call(cmd, cwd=folder)
    except KeyboardInterrupt:
        return 0


def solutions(args: argparse.Namespace) -> int:
    try:
        _copy("solutions", args.folder, args.force)
    except (OSError, ValueError) as error:
        print(f"nnteach solutions: {error}", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nnteach", description="Neural Networks 101, hands-on: the course, in a folder you own.",
        epilog="A notebook you changed is never overwritten without asking; --force replaces it and keeps "
               "yours as NAME.backup-<date>.ipynb.")
    parser.add_argument("--version", action="version", version=f"nnteach {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("start", help="copy the learner edition into a folder and open JupyterLab there")
    p.add_argument("folder", nargs="?", default=DEFAULT_FOLDER,
                   help=f"where the course goes (default ./{DEFAULT_FOLDER}); created if needed")
    p.add_argument("--no-lab", action="store_true", help="only copy; do not start JupyterLab")
    p.add_argument("--force", action="store_true", help="replace notebooks you changed (yours are kept as backups)")
    p.set_defaults(run=start)
    p = sub.add_parser("solutions", help="copy the solutions edition into a folder (for instructors)")
    p.add_argument("folder", help="where the solutions go; created if needed")
    p.add_argument("--force", action="store_true", help="replace notebooks you changed (yours are kept as backups)")
    p.set_defaults(run=solutions)
    return parser


def main(argv: list[str] | None = None) -> int:
    if argv is not None and (isinstance(argv, str) or not all(isinstance(a, str) for a in argv)):
        raise TypeError(f"argv must be a list of strings, e.g. main(['start', 'my-course']); got {argv!r:.80}")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
