"""The course website (tools/build_site.py, docs/site/): built from the stored outputs, never executed.

Builds the site into a temporary folder and checks: a page per notebook of the learner edition,
each listed on the index, each showing every figure its notebook stores (image/png outputs, as
image files), each with its Binder and JupyterHub (nbgitpuller) launch links for that notebook,
derived from ``[project.urls] Repository``; the instructors' and references pages; and no Sphinx
warning at all.
"""
from __future__ import annotations

import html
import importlib.util
import os
import re
import subprocess
import sys
import urllib.parse

import nbformat
import pytest

from infra_helpers import ROOT, pyproject, require, Stopwatch

pytestmark = pytest.mark.infra


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    for module in ("sphinx", "myst_nb"):
        require(importlib.util.find_spec(module), f"{module} is not installed: pip install -e \".[site]\"")
    out = tmp_path_factory.mktemp("site") / "html"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NNTEACH_SITE_")}
    clock = Stopwatch()
    result = subprocess.run([sys.executable, ROOT / "tools" / "build_site.py", out], capture_output=True, text=True,
                            timeout=600, env=env)
    clock.lap("build")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out, (out.parent / "sphinx-warnings.txt").read_text(), clock


def learner_notebooks():
    from nnteach import course
    return sorted(course.edition_dir("learner").glob("*.ipynb"))


def test_the_build_has_no_warnings(site, record_property):
    out, warnings, clock = site
    assert warnings.strip() == "", warnings
    pages = len(list(out.rglob("*.html")))
    record_property("measured", f"{pages} HTML pages, {len(list((out / '_images').glob('*')))} images; {clock}")


def test_every_notebook_has_a_page_listed_on_the_index(site):
    out, _, _ = site
    index = (out / "index.html").read_text()
    for nb in learner_notebooks():
        assert (out / "notebooks" / f"{nb.stem}.html").is_file(), nb.name
        assert f'href="notebooks/{nb.stem}.html"' in index, f"{nb.stem} missing from the index"
    for page in ("instructors", "references", "math"):
        assert (out / f"{page}.html").is_file()
        assert f'href="{page}.html"' in index


def test_each_notebook_page_shows_its_stored_figures(site):
    out, _, _ = site
    for path in learner_notebooks():
        nb = nbformat.read(path, as_version=4)
        figures = sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
        page = (out / "notebooks" / f"{path.stem}.html").read_text()
        images = re.findall(r'<img [^>]*src="\.\./(_images/[^"]+\.png)"', page)
        assert len(images) >= figures, f"{path.name}: {figures} stored figures, {len(images)} images on the page"
        assert all((out / image).is_file() and (out / image).stat().st_size > 1000 for image in images), path.name


def test_each_notebook_page_has_binder_and_jupyterhub_launch_links(site):
    out, _, _ = site
    repository = pyproject()["urls"]["Repository"].rstrip("/")
    owner, name = urllib.parse.urlparse(repository).path.strip("/").split("/")
    for path in learner_notebooks():
        page = html.unescape((out / "notebooks" / f"{path.stem}.html").read_text())
        binder = f"https://mybinder.org/v2/gh/{owner}/{name}/main?labpath=notebooks%2F{path.name}"
        assert f'href="{binder}"' in page, path.name
        hub = re.search(r'data-hub-path="([^"]+)"', page)
        assert hub, path.name
        pull = urllib.parse.urlparse(hub.group(1))
        query = urllib.parse.parse_qs(pull.query)
        assert pull.path == "/hub/user-redirect/git-pull"
        assert query == {"repo": [repository], "branch": ["main"], "urlpath": [f"lab/tree/{name}/notebooks/{path.name}"]}
