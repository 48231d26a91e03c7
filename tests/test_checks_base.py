"""Shared check plumbing: malformed answers give feedback (not tracebacks), hints are graded and end clearly."""
import re

import numpy as np
import pytest

from nnteach.checks import check_warmup, hint, next_hint
from nnteach.checks.feedback import AnswerError, as_number, as_vector, checker, close, rounded


@pytest.mark.parametrize("answer,message", [
    (None, "fill in"), (..., "fill in"), ("0.42", "leave out the quotes"), ([1, 2], "one number"),
    (float("nan"), "nan or inf"), (print, "the function"),
])
def test_malformed_answers_get_a_not_yet_message(answer, message):
    feedback = check_warmup(answer)
    assert not feedback and message in feedback.message


def test_a_one_element_list_counts_as_a_number():
    assert check_warmup([0.42]) and check_warmup(0.42)


@pytest.mark.parametrize("answer,message", [
    (0.32, "forgot the bias"), (0.6035, "that is y = f(s)"), (0.58, "sign of w2"), (-0.12, "its own input"),
    (-0.42, "wrong sign"), (0.425, "rounded too much"), (0.22, "added, not subtracted"),
])
def test_warmup_names_each_mistake(answer, message):
    assert message in check_warmup(answer).message


def test_hints_are_graded_end_clearly_and_can_restart():
    next_hint("00.1", reset=True)
    texts = [next_hint("00.1") for _ in range(4)]
    assert [t[:9] for t in texts[:3]] == ["Hint 2/3:", "Hint 3/3:", "Hint 3/3 "]
    assert "last hint" in texts[2] and "reset=True" in texts[2]
    assert next_hint("00.1", reset=True).startswith("Hint 1/3")


def test_hint_prints_and_unknown_exercise_lists_the_valid_ones_in_one_line(capsys):
    hint("00.1", reset=True)
    assert capsys.readouterr().out.startswith("Hint 1/3")
    hint("99.9")                                  # no traceback: one line naming the valid ids
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "'99.9'" in out and "00.1" in out and "05.3" in out
    with pytest.raises(ValueError, match="99.9"):
        from nnteach.checks.feedback import hint_count
        hint_count("99.9")


def test_number_helpers():
    assert as_number([[2.5]], "x") == 2.5
    assert as_vector([[1, 2], [3, 4]], 4, "v").tolist() == [1, 2, 3, 4]
    with pytest.raises(AnswerError, match="4 numbers"):
        as_vector([1, 2], 4, "v")
    assert rounded(0.82, 0.8176) and not rounded(0.8176, 0.8176) and not rounded(0.9, 0.8176)
    assert rounded(-0.07, -0.0697), "two decimals of a small number are 'rounded', not 'right'"
    assert close(0.4200, 0.42) and close(-0.0697, -0.069716) and not close(-0.07, -0.0697)


def test_checker_only_turns_answer_errors_into_feedback():
    @checker("00.1")
    def broken(answer):
        raise KeyError("a bug in the check itself must still surface")

    with pytest.raises(KeyError):
        broken(1)


@pytest.mark.parametrize("written", ["00.1", "0.1", 0.1, " 00.1 ", "00.1"])
def test_hint_accepts_the_ways_a_learner_writes_an_exercise(written):
    assert next_hint(written, reset=True).startswith("Hint 1/3")


def test_an_exercise_with_parts_names_them_and_gives_the_hints_of_the_first():
    from nnteach.checks.feedback import register_hints
    register_hints("98.1a", ["a1", "a2"])
    register_hints("98.1b", ["b"])
    text = next_hint("98.1", reset=True)
    assert "98.1a and 98.1b" in text and "hint('98.1b')" in text and text.endswith("Hint 1/2: a1")
    assert next_hint("98.1").endswith("Hint 2/2: a2"), "the part's hints are graded as usual"
    assert next_hint("98.1A", reset=True) == "Hint 1/2: a1"
    assert next_hint("98.1b", reset=True) == "Hint 1/1: b"


def _ids_on_the_pages() -> set[str]:
    """Every exercise id a learner can read in the notebooks' text and code: "Exercise 05.1",
    "**05.1a**", hint("05.3") (the notebook sources are the text of both editions)."""
    from pathlib import Path

    sources = Path(__file__).resolve().parents[1] / "tools" / "notebook_sources"
    ids = set()
    for path in sources.glob("[0-9][0-9]_*.py"):
        text = path.read_text(encoding="utf-8")
        ids |= set(re.findall(r"Exercise (\d\d\.\d+[a-z]?)", text))
        ids |= set(re.findall(r"\*\*(\d\d\.\d+[a-z]?)\*\*", text))
        ids |= set(re.findall(r"hint\(\s*[\"'](\d\d\.\d+[a-z]?)[\"']", text))
    return ids


def test_every_exercise_id_on_the_pages_gives_a_hint(capsys):
    """Issue #8: hint("05.1") printed a traceback though the heading says "Exercise 05.1"."""
    ids = _ids_on_the_pages()
    assert {"00.1", "04.2", "05.1", "05.1a", "05.1b", "05.3"} <= ids, sorted(ids)
    for exercise in sorted(ids):
        hint(exercise, reset=True)
        out = capsys.readouterr().out
        assert out.count("\n") == 1 and "Hint 1/" in out, (exercise, out)


def test_the_placeholder_id_of_notebook_00_gets_one_line(capsys):
    hint("NN.k")
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("There is no exercise 'NN.k'") and "04.2" in out


def test_every_last_hint_says_where_the_solutions_edition_is_and_no_hint_points_to_a_cell():
    """The learner edition has no solution cells: no hint may send a learner to one (issue #8)."""
    from pathlib import Path

    from nnteach.checks import feedback

    exercises = sorted(e for e in feedback.registered_exercises() if re.fullmatch(r"0\d\.\d[ab]?", e))
    assert exercises[0] == "00.1" and "05.3" in exercises
    solutions = Path(__file__).resolve().parents[1] / "solutions"
    for exercise in exercises:
        texts = [next_hint(exercise, reset=(k == 0)) for k in range(feedback.hint_count(exercise))]
        next_hint(exercise, reset=True)
        for text in texts:
            assert "right below" not in text and "collapsed cell under the exercise" not in text, exercise
        if exercise != "00.1":                       # the warm-up of notebook 00 has no worked solution
            notebook = texts[-1].split("solutions/")[1].split(".ipynb")[0]
            assert notebook.startswith(exercise[:2]) and (solutions / f"{notebook}.ipynb").is_file(), exercise


@pytest.mark.parametrize("answer", [True, False, np.bool_(True), [True, False], np.array([True, False])])
def test_true_and_false_are_not_numbers_in_any_answer(answer):
    """Python counts True as 1: a learner's True must not pass as the number 1 (or fail as a wrong number)."""
    with pytest.raises(AnswerError, match="True|False"):
        as_number(answer, "x")
    with pytest.raises(AnswerError, match="True|False"):
        as_vector(answer, 2, "x")


def test_a_boolean_answer_gets_feedback_in_a_check_of_each_half():
    from nnteach.checks import check_numeric_slope, check_state_and_activation, check_storing_cell
    assert "True" in check_state_and_activation(True, 0.8).message
    assert "True" in check_numeric_slope(True).message
    t = np.arange(1, 26)
    fb = check_storing_cell(t == 3, t > 0, t == 23)        # gate openings as masks: 0 and 1, as meant
    assert fb, fb.message
