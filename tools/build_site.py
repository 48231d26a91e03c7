#!/usr/bin/env python3
"""Build the course website: the learner edition as static pages, from the stored outputs.

    python tools/build_site.py OUT_DIR                 # HTML into OUT_DIR (open OUT_DIR/index.html)
    NNTEACH_SITE_HUB=https://hub.example.edu python tools/build_site.py OUT_DIR   # JupyterHub links to that hub

Sphinx + MyST-NB (configuration in docs/site/conf.py) read a staging copy of the learner edition
(``notebooks/``), docs/instructors.md, docs/references.md and the package's math.md; no notebook is executed.  Warnings
go to OUT_DIR/../sphinx-warnings.txt as well as the terminal.  Needs ``pip install -e ".[site]"``.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONF_DIR = ROOT / "docs" / "site"
PAGES = [ROOT / "docs" / "instructors.md", ROOT / "docs" / "references.md", ROOT / "nnteach" / "math.md"]


def repository_url() -> str:
    """The repository's address, from ``[project.urls] Repository`` in pyproject.toml."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"].rstrip("/")


def link_solutions_to_repository(text: str, repository: str) -> str:
    """The website shows the learner edition only: its links to the solutions edition
    (``../solutions/NN_name.ipynb``) point to the repository's copy instead."""
    return text.replace("](../solutions/", f"]({repository}/blob/main/solutions/")


def stage(source: Path) -> None:
    """Lay out the Sphinx source folder: index, the learner edition, the instructors' pages."""
    from nnteach import course

    shutil.copyfile(CONF_DIR / "index.md", source / "index.md")
    edition = course.edition_dir("learner")
    (source / "notebooks").mkdir()
    repository = repository_url()
    for notebook in sorted(edition.glob("*.ipynb")):
        text = notebook.read_text(encoding="utf-8")
        (source / "notebooks" / notebook.name).write_text(link_solutions_to_repository(text, repository),
                                                          encoding="utf-8")
    for page in PAGES:
        shutil.copyfile(page, source / page.name)


def build(out: Path, warnings_file: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="nnteach-site-") as tmp:
        source = Path(tmp) / "src"
        source.mkdir()
        stage(source)
        cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-c", str(CONF_DIR), "-d", str(Path(tmp) / "doctrees"),
               "-w", str(warnings_file), str(source), str(out)]
        return subprocess.call(cmd)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="output folder for the HTML")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    warnings_file = args.out.resolve().parent / "sphinx-warnings.txt"
    code = build(args.out.resolve(), warnings_file)
    if code == 0:
        print(f"website: {args.out / 'index.html'}")
    return code


if __name__ == "__main__":
    sys.exit(main())
