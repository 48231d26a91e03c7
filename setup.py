"""Build hook: put both editions of the course into the wheel (all metadata is in pyproject.toml).

The learner edition (``notebooks/``) and the solutions edition (``solutions/``) are copied into
the built package as ``nnteach/editions/learner`` and ``nnteach/editions/solutions``, so that
``pip install nnteach`` brings the course and ``nnteach start`` can copy it.  The repository
keeps one copy of each notebook: nothing is copied into the source tree, and an editable
install (``pip install -e .``) skips this step (``nnteach.course`` then reads the repository's
folders).
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
EDITIONS = {"learner": "notebooks", "solutions": "solutions"}


class BuildPyWithCourse(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for edition, folder in EDITIONS.items():
            source = ROOT / folder
            notebooks = sorted(source.glob("*.ipynb"))
            if not notebooks:
                if edition == "learner":
                    raise SystemExit(f"cannot build nnteach: {source} holds no notebooks")
                print(f"warning: {source} holds no notebooks; the wheel has no {edition} edition")
                continue
            target = Path(self.build_lib) / "nnteach" / "editions" / edition
            if target.exists():
                shutil.rmtree(target)
            target.mkdir(parents=True)
            for path in notebooks:
                shutil.copyfile(path, target / path.name)


setup(cmdclass={"build_py": BuildPyWithCourse})
