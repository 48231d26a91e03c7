"""Exercise checks of notebook 10: the right answer passes, each named mistake is named, malformed answers get
feedback.  Right answers and mistakes are computed here by hand from math.md §9.2's table (plain floats)."""
import math
import subprocess
import sys
import textwrap

import pytest

from nnteach import graph
from nnteach.checks import (PATHS, check_dropped_paths, check_eligibility_trace, check_extended_trace)
from nnteach.checks.feedback import ROUNDED, next_hint
from nnteach.checks.nb10 import block_numbers


def sig(s):
    return 1.0 / (1.0 + math.exp(-s))


# step 3 of the block, x = (1, 1); the traces after step 2 are math.md §9.2's table
IG, FG = sig(0.5 - 0.3 + 0.1), sig(-0.2 + 0.4 + 1.0)
FG2, IG2 = sig(0.4 + 1.0), sig(-0.3 + 0.1)
E2, EK2 = 0.517935, 0.146822
B, B2 = 0.8 - 0.6, -0.6
DF = IG * (1 - IG)
E3 = FG * E2 + IG * 1
EK3 = FG * EK2 + DF * 1 * B


def says(feedback, *words):
    text = str(feedback)
    return all(w in text for w in words)


def test_the_reference_block_is_the_unit_graphs():
    records = graph.record_steps(graph.worked_block(), [(1, 0), (0, 1), (1, 1)], [(0,), (1,), (0,)])
    n = block_numbers()
    for step in range(3):
        r = records[step]
        assert n[step]["ig"] == pytest.approx(r.units["ig"]["y"], abs=1e-12)
        assert n[step]["fg"] == pytest.approx(r.units["fg"]["y"], abs=1e-12)
        assert n[step]["s_cell"] == pytest.approx(r.units["cell"]["s"], abs=1e-12)
        assert n[step]["e"] == pytest.approx(r.connections["x0 → cell"]["e"], abs=1e-12)
        assert n[step]["ek"] == pytest.approx(r.connections["x0 → ig"]["extended"]["cell"], abs=1e-12)
    assert (n[1]["e"], n[1]["ek"]) == pytest.approx((E2, EK2), abs=5e-7), "math.md §9.2's traces after step 2"


def test_eligibility_trace_right_answers():
    assert check_eligibility_trace(E3)
    assert check_eligibility_trace(round(E3, 4))
    assert check_eligibility_trace([E3])


@pytest.mark.parametrize("value, words", [
    (FG * E2 + 1, ("forgot the gain",)),
    (E2 + IG, ("forgot the decay",)),
    (FG2 * E2 + IG, ("wrong step's forget gate",)),
    (FG * E2 + IG2, ("wrong step's input gate",)),
    (IG, ("left out the old trace",)),
    (FG * E2, ("left out this step's input",)),
    (IG * (FG * E2 + 1), ("only the new input",)),
    (FG * E2 + IG * 0.8 * 1, ("own weight",)),
    (FG * 0.144248 + IG * (0.8 - 0.6), ("the cell's state",)),      # s_cell(3), from math.md §9.2's s_cell(2)
    (E2, ("after step 2",)),
    (-E3, ("sign is reversed",)),
    (round(E3, 1), (ROUNDED,)),
])
def test_eligibility_trace_mistakes_are_named(value, words):
    feedback = check_eligibility_trace(value)
    assert not feedback and says(feedback, *words), str(feedback)


def test_extended_trace_right_answers():
    assert check_extended_trace(EK3)
    assert check_extended_trace(round(EK3, 4))


@pytest.mark.parametrize("value, words", [
    (FG * EK2 + B, ("f' is missing",)),
    (EK2 + DF * B, ("forgot the decay",)),
    (FG2 * EK2 + DF * B, ("wrong step's forget gate",)),
    (FG * EK2 + DF * B2, ("wrong step's inputs in B",)),
    (FG * EK2 + DF * (B + 0.144248), ("no w_cc·s_cell(t−1) term",)),
    (FG * EK2 + DF * 0.8, ("every connection ig gates",)),
    (FG * EK2 + 0.3 * 0.7 * B, ("from ig's output",)),
    (FG * EK2 + IG * B, ("gate's value ig(3) where its slope belongs",)),     # ig instead of ig(1 − ig)
    (DF * B, ("left out the old extended trace",)),
    (FG * EK2, ("left out this step's new part",)),
    (EK2, ("after step 2",)),
    (0.5, ("is not e^cell",)),
])
def test_extended_trace_mistakes_are_named(value, words):
    feedback = check_extended_trace(value)
    assert not feedback and says(feedback, *words), str(feedback)


DROPPED = "dgh"


@pytest.mark.parametrize("answer", ["dgh", "d, g, h", "HGD", {"d", "g", "h"}, ["d", "g", "h"], ("g", "h", "d")])
def test_dropped_paths_right_answer_in_any_form(answer):
    assert check_dropped_paths(answer)


def test_each_wrong_letter_gets_its_reason_and_a_missed_one_is_counted_not_named():
    for letter, (_, kept, why) in PATHS.items():
        answer = set(DROPPED) ^ {letter}
        feedback = check_dropped_paths(answer)
        assert not feedback
        if kept:                                            # a kept path given as dropped: its reason
            assert says(feedback, f"({letter}) is kept", why[:30]), str(feedback)
        else:                                               # a dropped path left out: counted, never named
            assert says(feedback, "1 more path is dropped"), str(feedback)
            assert f"({letter})" not in feedback.message and why[:30] not in feedback.message


def test_a_partly_right_answer_does_not_give_the_rest_away():
    """'abc' on the first try: the kept paths a, b, c each get their reason; the three dropped ones are
    only counted (the hints lead there)."""
    feedback = check_dropped_paths("abc")
    assert not feedback and says(feedback, "(a) is kept", "(b) is kept", "(c) is kept", "3 more paths are dropped")
    for letter in DROPPED:
        assert f"({letter})" not in feedback.message
    first, *_ = sorted(DROPPED)
    feedback = check_dropped_paths(first)
    assert says(feedback, f"({first}) is right", f"{len(DROPPED) - 1} more paths are dropped")


def test_no_letter_at_all_says_some_are_dropped():
    feedback = check_dropped_paths("")
    assert says(feedback, "does drop some")
    assert not any(f"({letter})" in feedback.message for letter in PATHS)


@pytest.mark.parametrize("check, answer, words", [
    (check_eligibility_trace, ..., ("replace the ...",)),
    (check_eligibility_trace, "0.97", ("leave out the quotes",)),
    (check_eligibility_trace, [0.9, 0.1], ("one number",)),
    (check_eligibility_trace, float("nan"), ("nan",)),
    (check_extended_trace, lambda: 0.16, ("function",)),
    (check_dropped_paths, ..., ("replace the ...",)),
    (check_dropped_paths, "xyz", ("no path x, y, z",)),
    (check_dropped_paths, 3, ("as a text or a set",)),
    (check_dropped_paths, [1, 2], ("give letters",)),
])
def test_malformed_answers_give_feedback_not_tracebacks(check, answer, words):
    feedback = check(answer)
    assert not feedback and says(feedback, *words), str(feedback)


@pytest.mark.parametrize("exercise", ["10.1a", "10.1b", "10.2"])
def test_hints_are_graded_and_the_last_points_to_the_solutions_edition(exercise):
    hints = [next_hint(exercise, reset=k == 0) for k in range(3)]
    assert [h.split(":")[0] for h in hints] == ["Hint 1/3", "Hint 2/3", "Hint 3/3"]
    assert "solutions/10_lstm_g.ipynb" in hints[-1]


def test_the_checks_of_notebook_10_run_without_matplotlib():
    code = textwrap.dedent("""
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("matplotlib", "ipywidgets"):
                    raise ImportError("blocked")
        sys.meta_path.insert(0, Block())
        from nnteach import checks
        print(bool(checks.check_eligibility_trace(%r)), bool(checks.check_extended_trace(%r)),
              bool(checks.check_dropped_paths("dgh")))
    """ % (E3, EK3))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True", "True"]
