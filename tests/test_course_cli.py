"""nnteach.course and the `nnteach` command: the course copied into a learner's folder, their work never lost.

The editions here are small fixture folders (the real ones are checked from a built wheel in
tests/install/test_wheelhouse.py); JupyterLab is never started (its launch is mocked).
"""
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from nnteach import cli, course

ROOT = Path(__file__).resolve().parents[1]


def write_notebook(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)]), path)


@pytest.fixture
def editions(tmp_path, monkeypatch):
    """learner/ and solutions/ fixture editions, used in place of the installed ones."""
    roots = {e: tmp_path / "src" / e for e in course.EDITIONS}
    for edition, root in roots.items():
        write_notebook(root / "00_start_here.ipynb", f"start ({edition})")
        write_notebook(root / "01_the_neuron.ipynb", f"neuron ({edition})")
    (roots["learner"] / ".ipynb_checkpoints").mkdir()
    write_notebook(roots["learner"] / ".ipynb_checkpoints" / "00_start_here-checkpoint.ipynb", "junk")
    monkeypatch.setattr(course, "edition_dir", lambda edition="learner": roots[edition])
    return roots


def run(capsys, *argv):
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def test_start_copies_the_learner_edition_and_a_second_start_changes_nothing(editions, tmp_path, capsys):
    dest = tmp_path / "mine"
    code, out = run(capsys, "start", str(dest), "--no-lab")
    assert code == 0
    assert sorted(p.name for p in dest.glob("*.ipynb")) == ["00_start_here.ipynb", "01_the_neuron.ipynb"]
    assert not (dest / ".ipynb_checkpoints").exists()
    assert (dest / "00_start_here.ipynb").read_bytes() == (editions["learner"] / "00_start_here.ipynb").read_bytes()
    assert "new: 2 file(s)" in out and f"cd {dest}" in out
    assert json.loads((dest / course.MANIFEST).read_text())["edition"] == "learner"
    code, out = run(capsys, "start", str(dest), "--no-lab")
    assert code == 0 and "already up to date: 2 file(s)" in out and "new:" not in out


def test_a_changed_notebook_is_kept_and_named(editions, tmp_path, capsys):
    dest = tmp_path / "mine"
    cli.main(["start", str(dest), "--no-lab"])
    write_notebook(dest / "01_the_neuron.ipynb", "my answers")
    mine = (dest / "01_the_neuron.ipynb").read_bytes()
    write_notebook(editions["learner"] / "01_the_neuron.ipynb", "neuron, second version of the course")
    code, out = run(capsys, "start", str(dest), "--no-lab")
    assert code == 0
    assert (dest / "01_the_neuron.ipynb").read_bytes() == mine
    assert "01_the_neuron.ipynb" in out and "kept your changed" in out and "--force" in out
    assert not list(dest.glob("*.backup-*"))


def test_force_replaces_a_changed_notebook_and_keeps_the_learners_copy(editions, tmp_path, capsys):
    dest = tmp_path / "mine"
    cli.main(["start", str(dest), "--no-lab"])
    write_notebook(dest / "01_the_neuron.ipynb", "my answers")
    mine = (dest / "01_the_neuron.ipynb").read_bytes()
    code, out = run(capsys, "start", str(dest), "--no-lab", "--force")
    assert code == 0
    backups = list(dest.glob("01_the_neuron.backup-*.ipynb"))
    assert len(backups) == 1 and backups[0].read_bytes() == mine
    assert (dest / "01_the_neuron.ipynb").read_bytes() == (editions["learner"] / "01_the_neuron.ipynb").read_bytes()
    assert backups[0].name in out


def test_answering_yes_at_the_prompt_replaces_and_keeps_a_backup(editions, tmp_path, capsys, monkeypatch):
    dest = tmp_path / "mine"
    cli.main(["start", str(dest), "--no-lab"])
    write_notebook(dest / "00_start_here.ipynb", "ran it")
    questions = []
    monkeypatch.setattr(cli, "_confirm", lambda q: questions.append(q) or True)
    code, out = run(capsys, "start", str(dest), "--no-lab")
    assert code == 0 and len(questions) == 1
    assert len(list(dest.glob("00_start_here.backup-*.ipynb"))) == 1


def test_without_a_terminal_the_answer_is_no(editions, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    assert cli._confirm("replace?") is False


def test_a_file_the_learner_never_touched_is_updated_to_the_new_course(editions, tmp_path, capsys):
    dest = tmp_path / "mine"
    cli.main(["start", str(dest), "--no-lab"])
    write_notebook(editions["learner"] / "01_the_neuron.ipynb", "neuron, second version of the course")
    write_notebook(editions["learner"] / "02_activation_functions.ipynb", "a new notebook")
    code, out = run(capsys, "start", str(dest), "--no-lab")
    assert code == 0 and "updated: 1 file(s)" in out and "new: 1 file(s)" in out
    for name in ("01_the_neuron.ipynb", "02_activation_functions.ipynb"):
        assert (dest / name).read_bytes() == (editions["learner"] / name).read_bytes()


def test_solutions_writes_the_solutions_edition(editions, tmp_path, capsys):
    code, _ = run(capsys, "solutions", str(tmp_path / "sol"))
    assert code == 0
    for name in ("00_start_here.ipynb", "01_the_neuron.ipynb"):
        assert (tmp_path / "sol" / name).read_bytes() == (editions["solutions"] / name).read_bytes()


def test_bad_destinations_are_refused_with_a_message(editions, tmp_path, capsys):
    (tmp_path / "a_file").write_text("x")
    code, out = run(capsys, "start", str(tmp_path / "a_file"), "--no-lab")
    assert code == 1 and "a_file" in out and "folder" in out
    code, out = run(capsys, "solutions", str(editions["solutions"]))
    assert code == 1 and "course's own folder" in out


@pytest.mark.parametrize("as_root", [False, True])
def test_start_opens_jupyterlab_on_the_first_notebook(editions, tmp_path, capsys, monkeypatch, as_root):
    pytest.importorskip("jupyterlab")
    calls = []
    monkeypatch.setattr(cli, "_is_root", lambda: as_root)
    monkeypatch.setattr(subprocess, "call", lambda cmd, cwd: calls.append((cmd, cwd)) or 0)
    dest = tmp_path / "mine"
    code, out = run(capsys, "start", str(dest))
    assert code == 0
    (cmd, cwd), = calls
    assert cmd[:3] == [sys.executable, "-m", "jupyterlab"] and Path(cwd) == dest
    assert cmd[-1] == "00_start_here.ipynb" and f"--ServerApp.root_dir={dest}" in cmd
    assert ("--allow-root" in cmd) == as_root
    assert ("--allow-root" in out) == as_root


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"nnteach {cli._version()}"
    assert cli.main([]) == 0
    help_text = capsys.readouterr().out
    assert "start" in help_text and "solutions" in help_text


def test_the_command_is_installed_and_python_m_works():
    out = subprocess.run([sys.executable, "-m", "nnteach", "--help"], capture_output=True, text=True, check=True).stdout
    assert out.startswith("usage: nnteach") and "solutions" in out
    script = Path(sys.executable).with_name("nnteach")
    if script.exists():  # installed as a console script (absent only when run from a bare checkout)
        out = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=True).stdout
        assert out.strip() == f"nnteach {cli._version()}"


def test_a_development_install_reads_the_repositorys_folders():
    """Editable install: no nnteach/editions/ in the source tree, so notebooks/ is the learner edition."""
    assert not (ROOT / "nnteach" / "editions").exists(), "nnteach/editions/ is build output: never in the tree"
    assert course.edition_dir("learner") == ROOT / "notebooks"
    with pytest.raises(ValueError, match="edition must be one of"):
        course.edition_dir("teacher")
