"""The package's structure: floors, private names, tables of contents, and references that resolve.

* viz draws only: no exercise check needs matplotlib or ipywidgets (checked with them made unimportable);
* no module imports a private (``_name``) name of another module, or reaches into one with ``obj._name``;
* every ``__init__.py`` is an explicit table of contents;
* every "math.md §N" in the package names a section of the shipped ``nnteach/math.md``, every
  "Eq. (N.k)" an equation of notebook NN, and nothing cites files that are not in the package.
"""
import ast
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "nnteach"
MODULES = sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def names_defined_in(tree: ast.AST) -> set[str]:
    """Every name a module defines itself: functions, classes, assigned names and attributes, arguments."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return names


# -- private names -------------------------------------------------------------------------------
def private_name_uses(path: Path) -> list[str]:
    """``from m import _x`` of any module, and ``obj._x`` where ``_x`` is not this module's own name.

    A private *module* of the same package (``from . import _lstm_kernel``: a fast kernel behind a
    readable public twin) may be imported: its name is the package's, not another module's.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = names_defined_in(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                sibling = path.parent / f"{alias.name}.py"
                if private(alias.name) and not (node.level == 1 and node.module is None and sibling.is_file()):
                    found.append(f"line {node.lineno}: from {'.' * node.level}{node.module or ''} import {alias.name}")
        elif isinstance(node, ast.Attribute) and private(node.attr) and node.attr not in own:
            owner = node.value.id if isinstance(node.value, ast.Name) else ast.unparse(node.value)
            found.append(f"line {node.lineno}: {owner}.{node.attr}")
    return sorted(found, key=lambda text: int(text.split()[1].rstrip(":")))


def test_the_scan_finds_private_imports_and_attribute_reaches(tmp_path):
    bad = tmp_path / "bad.py"
    (tmp_path / "_kernel.py").write_text("")
    bad.write_text("from .other import _helper\nimport other\nx = other._secret\nclass A:\n"
                   "    def f(self):\n        self._mine = 1\n        return self._mine\n"
                   "from . import _kernel\nfrom . import _missing\n")
    assert private_name_uses(bad) == ["line 1: from .other import _helper", "line 3: other._secret",
                                      "line 9: from . import _missing"]


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_no_module_uses_a_private_name_of_another_module(path):
    assert not private_name_uses(path), (f"{module_name(path)} uses private names of other modules "
                                         f"(make them public where they live): {private_name_uses(path)}")


# -- tables of contents --------------------------------------------------------------------------
@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("__init__.py")), ids=module_name)
def test_every_init_is_an_explicit_table_of_contents(path):
    text = path.read_text(encoding="utf-8")
    assert "pkgutil" not in text and "import_module" not in text, "no automatic exports"
    tree = ast.parse(text)
    imported = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                for alias in node.names}
    defined = names_defined_in(tree) | imported
    exported = next(ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)) \
        if "__all__" in text else []
    assert exported, f"{module_name(path)} needs an __all__"
    assert set(exported) <= defined, f"__all__ names what is not imported: {set(exported) - defined}"


# -- the checks need no drawing layer -----------------------------------------------------------------
def run_python(*parts: str) -> subprocess.CompletedProcess:
    code = "\n".join(textwrap.dedent(part) for part in parts)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)


def test_importing_the_checks_imports_no_matplotlib_or_ipywidgets():
    out = run_python("""
        import sys
        import nnteach.checks
        print(sorted(m for m in ("matplotlib", "ipywidgets") if m in sys.modules))
    """)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


BLOCK_DRAWING = """
    import importlib.abc, sys

    class NoDrawing(importlib.abc.MetaPathFinder):
        '''matplotlib and ipywidgets are not installed (as far as this process can tell).'''
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("matplotlib", "ipywidgets"):
                raise ModuleNotFoundError(f"No module named {name!r}")
            return None

    sys.meta_path.insert(0, NoDrawing())
"""


def test_the_blocker_makes_the_drawing_layer_unimportable():
    out = run_python(BLOCK_DRAWING, """
        try:
            import nnteach.viz
        except ModuleNotFoundError as exc:
            print("blocked:", exc)
    """)
    assert "blocked: No module named 'matplotlib" in out.stdout, out.stdout + out.stderr


def test_every_exercise_check_of_notebooks_00_to_05_runs_without_matplotlib():
    """Right answers (from the solution cells, computed by hand here) pass, placeholders get feedback,
    every hint is available: all with matplotlib and ipywidgets unimportable."""
    out = run_python(BLOCK_DRAWING, """
        import math
        import numpy as np
        from nnteach import checks
        from nnteach.checks import feedback

        sig = lambda s: 1.0 / (1.0 + math.exp(-s))
        y_h1, y_h2 = sig(0.5 * 0.8 - 0.4 * 0.2 + 0.1), sig(0.3 * 0.8 + 0.8 * 0.2 - 0.2)
        E = lambda w: 0.5 * (1 - sig(w * y_h1 - 0.6 * y_h2 + 0.05)) ** 2
        y_o = sig(0.7 * y_h1 - 0.6 * y_h2 + 0.05)
        d_o = (1 - y_o) * y_o * (1 - y_o)
        yh = [sig(-0.3), sig(0.6)]
        so = 0.7 * yh[0] - 0.6 * yh[1] + 0.05

        def backward(p, x, t):
            yh_, yo_ = checks.tiny_forward(p, x)
            do = (t - yo_) * yo_ * (1 - yo_)
            dh = yh_ * (1 - yh_) * (p["W2"].T @ do)
            return {"W2": -np.outer(do, yh_), "b2": -do, "W1": -np.outer(dh, x), "b1": -dh}

        right = [
            checks.check_warmup(0.42),
            checks.check_state_and_activation(1.5, sig(1.5)),
            checks.check_nand_weights(-10, -10, 15),
            checks.check_derivatives(lambda y: y * (1 - y), lambda y: 1 - y ** 2),
            checks.check_steepest(1.5, 0.5),
            checks.check_forward_pass([-0.3, 0.6], yh, so, sig(so)),
            checks.check_xor_weights([[5, 5], [-5, -5]], [-2.5, 7.5], [[5, 5]], [-7.5]),
            checks.check_numeric_slope((E(0.7 + 1e-4) - E(0.7 - 1e-4)) / 2e-4),
            checks.check_analytic_slope(-(1 - y_o) * y_o * (1 - y_o) * y_h1),
            checks.check_rates(0.9, 2.5),
            checks.check_output_delta(d_o),
            checks.check_hidden_delta(y_h1 * (1 - y_h1) * d_o * 0.7),
            checks.check_weight_update(np.array([0.7, -0.6]) + 0.5 * d_o * np.array([y_h1, y_h2])),
            checks.check_backward(backward),
        ]
        placeholders = [
            checks.check_warmup(...), checks.check_state_and_activation(..., ...),
            checks.check_nand_weights(..., ..., ...), checks.check_derivatives(..., ...),
            checks.check_steepest(..., ...), checks.check_forward_pass(..., ..., ..., ...),
            checks.check_xor_weights(..., ..., ..., ...), checks.check_numeric_slope(...),
            checks.check_analytic_slope(...), checks.check_rates(..., ...), checks.check_output_delta(...),
            checks.check_hidden_delta(...), checks.check_weight_update(...), checks.check_backward(lambda p, x, t: ...),
        ]
        hints = [feedback.next_hint(k) for k in ("00.1", "01.1", "01.2", "02.1", "02.2", "03.1", "03.2", "04.1",
                                                   "04.2", "04.3", "05.1a", "05.1b", "05.2", "05.3")]
        print("right", [bool(f) for f in right].count(True), len(right))
        print("placeholders", [isinstance(f, checks.Feedback) and not f for f in placeholders].count(True),
              len(placeholders))
        print("hints", sum(h.startswith("Hint 1/") for h in hints), len(hints))
        print("drawing", sorted(m for m in sys.modules if m.split(".")[0] in ("matplotlib", "ipywidgets")))
        for f in right:
            if not f:
                print("FAILED", f)
    """)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["right 14 14", "placeholders 14 14", "hints 14 14", "drawing []"], out.stdout


def test_every_exercise_check_of_notebooks_06_and_07_runs_without_matplotlib():
    """The checks of 06 and 07 (06.1 trains a network) with matplotlib and ipywidgets unimportable: right
    answers pass, placeholders get feedback, every hint is there."""
    out = run_python(BLOCK_DRAWING, """
        import math
        from nnteach import checks
        from nnteach.checks import feedback

        sig = lambda s: 1.0 / (1.0 + math.exp(-s))
        y_o = sig(0.7 * sig(0.42) - 0.6 * sig(0.2) - 4.0)
        s, y = [0.0], []
        for x in (0.5, -1.0, 2.0, 0.0):
            s.append(1.5 * sig(s[-1]) + x)
        fp = [sig(v) * (1 - sig(v)) for v in s]
        right = [
            checks.check_schedule(lambda epoch: 2.0 * 0.99 ** epoch),
            checks.check_cross_entropy_delta((1 - y_o) * y_o * (1 - y_o), 1 - y_o),
            checks.check_error_factor(1.5 ** 3 * fp[3] * fp[2] * fp[1]),
            checks.check_explosion(4, 49),
        ]
        placeholders = [checks.check_schedule(...), checks.check_cross_entropy_delta(..., ...),
                        checks.check_error_factor(...), checks.check_explosion(..., ...)]
        hints = [feedback.next_hint(k) for k in ("06.1", "06.2", "07.1", "07.2")]
        print("right", [bool(f) for f in right].count(True), len(right))
        print("placeholders", [isinstance(f, checks.Feedback) and not f for f in placeholders].count(True),
              len(placeholders))
        print("hints", sum(h.startswith("Hint 1/") for h in hints), len(hints))
        print("drawing", sorted(m for m in sys.modules if m.split(".")[0] in ("matplotlib", "ipywidgets")))
    """)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["right 4 4", "placeholders 4 4", "hints 4 4", "drawing []"], out.stdout


# -- references that resolve ---------------------------------------------------------------------
MATH_MD = PACKAGE / "math.md"


def math_sections() -> set[str]:
    heads = re.findall(r"^#{2,3} (\d+(?:\.\d+)?)[. ]", MATH_MD.read_text(encoding="utf-8"), re.M)
    return set(heads)


def notebook_equations() -> set[str]:
    text = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "tools" / "notebook_sources").glob("[0-9]*.py"))
    return set(re.findall(r"\\tag\{(\d+\.\d+[a-z]?)\}", text))


def package_texts():
    for path in MODULES:
        yield module_name(path), path.read_text(encoding="utf-8")


def test_math_md_ships_inside_the_package():
    assert MATH_MD.is_file() and {"2.3", "5.3", "9.1"} <= math_sections()
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "math.md" in data["nnteach"], "pyproject.toml must declare nnteach/math.md as package data"
    import nnteach
    assert nnteach.math_reference() == MATH_MD


def test_every_section_the_package_cites_exists_in_math_md():
    sections = math_sections()
    missing = [(name, ref) for name, text in package_texts()
               for ref in re.findall(r"§(\d+(?:\.\d+)?)", text) if ref not in sections]
    assert not missing, f"sections cited but not in nnteach/math.md: {missing}"


def test_every_notebook_equation_the_package_cites_exists_in_the_notebooks():
    equations = notebook_equations()
    assert {"1.1", "4.4", "5.2a"} <= equations
    cited = []
    for name, text in package_texts():
        for group in re.findall(r"Eqs?\.\s*\(?((?:\d+\.\d+[a-z]?(?:\)?\s*(?:,|/|–|and|or)\s*\(?)?)+)", text):
            cited += [(name, ref) for ref in re.findall(r"\d+\.\d+[a-z]?", group)]
    assert len(cited) > 50
    missing = [(name, ref) for name, ref in cited if ref not in equations]
    assert not missing, f"equations cited but not in any notebook: {missing}"


@pytest.mark.parametrize("other", ["design.md", "course.md", "docs/", "tests/", "tools/", "bench/", "/work/"])
def test_nothing_in_the_package_cites_a_file_that_is_not_shipped(other):
    """The installed package holds the modules and math.md only; notebooks are cited by number and name."""
    assert not [name for name, text in package_texts() if other in text]
