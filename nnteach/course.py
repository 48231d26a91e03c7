"""The course itself: where its two editions are, and copying one into a folder the learner owns.

The **learner edition** (notebooks without solution code) and the **solutions edition** ship
inside the installed package, under ``nnteach/editions/learner`` and
``nnteach/editions/solutions`` (``setup.py`` copies them there when the wheel is built, from
the repository's ``notebooks/`` and ``solutions/``).  In a development install
(``pip install -e .``) those folders do not exist and the repository's own folders are used.

Copying never destroys a learner's work.  Next to the copied files a small manifest,
``.nnteach-course.json``, records the checksum of every file as it was written.  On a
later copy (a second ``nnteach start``, or a newer version of the course):

* a file that is missing is written;
* a file that equals the course's file is left alone;
* a file the learner has not touched since it was copied (its checksum is the one in the
  manifest) is updated to the course's new version;
* a file the learner has changed (edited or even just run: outputs change too) is **kept**
  and reported, unless ``replace=True``: then it is first renamed to
  ``NAME.backup-YYYYmmdd-HHMMSS.ipynb`` beside the new copy, so nothing is ever lost.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from .validation import check_bool, check_choice, check_path

#: The editions, and the repository folder each is built from.
EDITIONS = {"learner": "notebooks", "solutions": "solutions"}

#: Name of the manifest written beside a copy of the course.
MANIFEST = ".nnteach-course.json"

_PACKAGE_DIR = Path(__file__).resolve().parent
_SKIPPED_PARTS = {".ipynb_checkpoints", "__pycache__"}


class NotAFolderError(NotADirectoryError, ValueError):
    """The destination (or a folder above it) is a file.  Also a ``ValueError``, like every bad argument."""


def edition_dir(edition: str = "learner") -> Path:
    """The folder that holds ``edition`` ("learner" or "solutions") in this installation.

    The copy inside the package (a wheel install) comes first; in a development install the
    repository's folder (``notebooks/`` or ``solutions/``) is used.  Raises ``FileNotFoundError``
    naming both places when neither holds a notebook.
    """
    check_choice(edition, sorted(EDITIONS), "edition")
    packaged = _PACKAGE_DIR / "editions" / edition
    repository = _PACKAGE_DIR.parent / EDITIONS[edition]
    for candidate in (packaged, repository):
        if candidate.is_dir() and any(candidate.glob("*.ipynb")):
            return candidate
    raise FileNotFoundError(f"this installation of nnteach has no {edition} edition "
                            f"(looked in {packaged} and {repository})")


def course_files(source: Path) -> list[Path]:
    """Every file of an edition folder, relative to it, sorted (hidden files and checkpoints left out)."""
    files = []
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if path.is_file() and not any(p.startswith(".") or p in _SKIPPED_PARTS for p in rel.parts):
            files.append(rel)
    return files


def first_notebook(folder: Path) -> Path | None:
    """The notebook a learner starts with: the first ``*.ipynb`` of ``folder`` in name order."""
    notebooks = sorted(folder.glob("*.ipynb"))
    return notebooks[0] if notebooks else None


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class CopyReport:
    """What a copy did (or, for ``dry_run``, would do); every path is relative to the destination."""
    destination: Path
    written: list[Path] = field(default_factory=list)     # new files
    updated: list[Path] = field(default_factory=list)     # untouched by the learner, replaced by the new version
    unchanged: list[Path] = field(default_factory=list)   # already equal to the course's file
    kept: list[Path] = field(default_factory=list)        # changed by the learner, left as they are
    replaced: dict[Path, Path] = field(default_factory=dict)  # changed by the learner -> their backup

    def summary(self) -> str:
        """A few lines for the terminal."""
        lines = [f"course folder: {self.destination}"]
        for label, items in (("new", self.written), ("updated", self.updated),
                             ("already up to date", self.unchanged)):
            if items:
                lines.append(f"  {label}: {len(items)} file(s)")
        for path in self.kept:
            lines.append(f"  kept your changed {path} (the course's version was not copied over it)")
        for path, backup in self.replaced.items():
            lines.append(f"  replaced your changed {path}; your version is kept as {backup}")
        return "\n".join(lines)


def copy_edition(destination: str | Path, edition: str = "learner", *, replace: bool = False,
                 dry_run: bool = False, source: str | Path | None = None) -> CopyReport:
    """Copy ``edition`` of the course into ``destination`` without destroying a learner's work.

    ``replace`` replaces files the learner changed, after renaming each to a backup beside it.
    ``dry_run`` only reports.  ``source`` overrides the edition's folder (default ``edition_dir(edition)``).
    See the module docstring for the rules.
    """
    check_choice(edition, sorted(EDITIONS), "edition")
    replace, dry_run = check_bool(replace, "replace"), check_bool(dry_run, "dry_run")
    src = check_path(source, "source") if source is not None else edition_dir(edition)
    if not src.is_dir():
        raise ValueError(f"source {src} is not a folder of the course's notebooks")
    dest = check_path(destination, "destination").expanduser().resolve()
    if dest.exists() and not dest.is_dir():
        raise NotAFolderError(f"destination must be a folder, got the file {dest}")
    above = next((p for p in dest.parents if p.exists()), None)
    if above is not None and not above.is_dir():
        raise NotAFolderError(f"destination {dest} cannot be made: {above} is a file, not a folder")
    if dest == src.resolve():
        raise ValueError(f"destination {dest} is the course's own folder: choose another folder")
    if src.resolve() in dest.parents:
        raise ValueError(f"destination {dest} is inside the course's own folder {src.resolve()}: choose another folder")
    manifest_path = dest / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text())["files"]
    except (OSError, ValueError, KeyError, TypeError):
        manifest = {}
    report = CopyReport(dest)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    plan = []
    for rel in course_files(src):
        target = dest / rel
        new_digest = _digest(src / rel)
        if not target.exists():
            report.written.append(rel)
            plan.append((rel, new_digest, None))
            continue
        have = _digest(target)
        if have == new_digest:
            report.unchanged.append(rel)
            manifest[rel.as_posix()] = new_digest
        elif manifest.get(rel.as_posix()) == have:
            report.updated.append(rel)
            plan.append((rel, new_digest, None))
        elif replace:
            backup = rel.with_name(f"{rel.stem}.backup-{stamp}{rel.suffix}")
            report.replaced[rel] = backup
            plan.append((rel, new_digest, backup))
        else:
            report.kept.append(rel)
    if dry_run:
        return report
    for rel, digest, backup in plan:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if backup is not None:
            target.rename(dest / backup)
        shutil.copyfile(src / rel, target)
        manifest[rel.as_posix()] = digest
    dest.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps({"edition": edition, "files": manifest}, indent=1, sort_keys=True) + "\n")
    return report
