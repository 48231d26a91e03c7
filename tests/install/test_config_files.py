"""Configuration that cannot be run here, kept honest: Binder, launch links, extras.

repo2docker (Binder) needs a container engine, so CI checks its input instead: binder/ holds an
exact ``python=X.Y`` pin (the only form repo2docker reads) and the package's runtime dependencies
with pyproject.toml's ranges (plus nbgitpuller, for hub images), and every Binder link in the README and docs points at the
repository named in ``[project.urls]``.
"""
from __future__ import annotations

import os
import re
import urllib.parse

from infra_helpers import ROOT, pyproject, requirement_name


def spec(req: str) -> tuple[str, str]:
    m = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", req)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def binder_dependencies() -> list[str]:
    block = (ROOT / "binder" / "environment.yml").read_text().split("dependencies:", 1)[1]
    return [line[4:].strip() for line in block.splitlines() if line.startswith("  - ")]


def test_binder_pins_an_exact_supported_python():
    pins = [d for d in binder_dependencies() if d.startswith("python")]
    assert len(pins) == 1 and re.fullmatch(r"python=3\.\d+", pins[0]), \
        f"repo2docker reads only an exact python=X.Y pin, got {pins}"
    floor = re.fullmatch(r">=\s*3\.(\d+)", pyproject()["requires-python"]).group(1)
    assert int(pins[0].split(".")[1]) >= int(floor)


def test_binder_installs_the_runtime_dependencies_and_the_package():
    project = pyproject()
    wanted = dict(spec(r) for r in project["dependencies"] + project["optional-dependencies"]["lab"])
    wanted["nbgitpuller"] = dict(spec(r) for r in project["optional-dependencies"]["room"])["nbgitpuller"]
    have = dict(spec(d) for d in binder_dependencies() if not d.startswith("python") and d != "pip")
    assert have == wanted
    post_build = ROOT / "binder" / "postBuild"
    assert os.access(post_build, os.X_OK), "postBuild must be executable"
    assert re.search(r"pip install --no-deps (-e )?\.$", post_build.read_text(), re.M)


def test_every_binder_link_points_at_the_repository_and_the_readme_has_the_badge():
    repository = pyproject()["urls"]["Repository"].rstrip("/")
    owner, name = urllib.parse.urlparse(repository).path.strip("/").split("/")
    from nnteach import course
    first = course.first_notebook(course.edition_dir("learner")).name
    badge = f"https://mybinder.org/v2/gh/{owner}/{name}/main?labpath=notebooks%2F{first}"
    readme = (ROOT / "README.md").read_text()
    assert f"[![Binder](https://mybinder.org/badge_logo.svg)]({badge})" in readme
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for link in re.findall(r"https://mybinder\.org/v2/gh/([^/\s)]+/[^/\s)]+)/", path.read_text()):
            assert link == f"{owner}/{name}", f"{path.name}: Binder link to {link}, not {owner}/{name}"


def test_the_test_extra_holds_every_part_the_heavy_checks_need():
    extras = pyproject()["optional-dependencies"]
    test = {requirement_name(r): r for r in extras["test"]}
    for part in ("browser", "room", "site"):
        for req in extras[part]:
            assert test.get(requirement_name(req)) == req, f"[{part}] {req} must also be in [test], with the same range"


def test_urls_are_declared():
    urls = pyproject()["urls"]
    assert {"Homepage", "Repository", "Documentation", "Issues"} <= set(urls)
    assert all(u.startswith("https://") for u in urls.values())
