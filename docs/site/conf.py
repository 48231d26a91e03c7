"""Sphinx configuration of the course website (built by tools/build_site.py).

Sphinx with MyST-NB reads the learner edition's notebooks with their stored outputs and never
executes them (``nb_execution_mode = "off"``): the pages show exactly what CI checked.  Every
notebook page gets launch links (Binder, and a JupyterHub via nbgitpuller) derived from
``[project.urls] Repository`` in pyproject.toml.
"""
import os
import re
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

_project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
REPOSITORY = _project["urls"]["Repository"].rstrip("/")
BRANCH = os.environ.get("NNTEACH_SITE_BRANCH", "main")
#: The JupyterHub the "JupyterHub" links open; empty: the reader types their hub's address on the page.
HUB_URL = os.environ.get("NNTEACH_SITE_HUB", "").rstrip("/")

project = "Neural Networks 101, hands-on"
author = "The nnteach authors"
release = _project["version"]
extensions = ["myst_nb"]
nb_execution_mode = "off"                   # never run a notebook: show the stored, CI-checked outputs
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
suppress_warnings = ["mystnb.unknown_mime_type"]  # widget views: their static figure is a separate output
html_theme = "alabaster"
html_title = project
html_static_path = ["_static"]
html_css_files = ["launch.css"]
html_js_files = ["launch.js"]
templates_path = ["_templates"]
html_theme_options = {"description": "from one neuron to LSTM, by computing, seeing and moving every part",
                      "fixed_sidebar": True, "page_width": "1100px", "sidebar_width": "230px"}
html_sidebars = {"**": ["about.html", "navigation.html", "searchbox.html"]}
html_copy_source = False
html_show_sourcelink = False


def launch_links(pagename: str) -> dict:
    """Binder and nbgitpuller links of a notebook page (``notebooks/NN_name``); {} for other pages."""
    if not re.fullmatch(r"notebooks/[^/]+", pagename):
        return {}
    path = f"{pagename}.ipynb"
    parts = urllib.parse.urlparse(REPOSITORY).path.strip("/").split("/")
    binder = f"https://mybinder.org/v2/gh/{parts[0]}/{parts[1]}/{BRANCH}?labpath={urllib.parse.quote(path, safe='')}"
    query = urllib.parse.urlencode({"repo": REPOSITORY, "branch": BRANCH, "urlpath": f"lab/tree/{parts[1]}/{path}"})
    hub_path = f"/hub/user-redirect/git-pull?{query}"
    return {"binder": binder, "hub_path": hub_path, "hub": f"{HUB_URL}{hub_path}" if HUB_URL else "",
            "notebook": f"{REPOSITORY}/blob/{BRANCH}/{path}"}


def _add_launch_links(app, pagename, templatename, context, doctree):
    context["launch_links"] = launch_links(pagename)


def setup(app):
    app.connect("html-page-context", _add_launch_links)
