"""Exercise checks of notebook 09: they read the network they are given, name each mistake, survive malformed answers.

No training here: the networks are LSTMs whose gates are set by hand, so that which gate "opens at the
targets" is known without the checks (an input gate that is open exactly on the target symbols; or, to show
that the check reads the network, a forget gate that does instead).
"""
import math

import numpy as np
import pytest

import nnteach
from nnteach.checks import Feedback, check_peephole_effect, check_target_gate, gate_openings
from nnteach.checks.feedback import next_hint
from nnteach.datasets import distracted_recall

ALPHABET = dict(targets=(2, 4), distractors=(3, 5), prompts=(0, 1))
TRIALS = distracted_recall(50, length=12, seed=3, **ALPHABET)
TRIAL = 4
TARGET_STEPS = sorted(int(p) + 1 for p in TRIALS.positions[TRIAL])
PROMPT_STEPS = [11, 12]


def gated_lstm(gate: str = "i") -> nnteach.LSTM:
    """An LSTM(6, 3, 2) whose ``gate`` is open (≈1) on the target symbols 2 and 4 and shut (≈0) elsewhere, in
    cell 2; every other gate weight 0 (so ≈0.5 everywhere, the same at targets and distractors)."""
    net = nnteach.LSTM(6, 3, 2, seed=0, init="xavier")
    for k in ("Wi", "Wf", "Wo", "Ri", "Rf", "Ro", "bi", "bf", "bo", "pi", "pf", "po"):
        net.params[k][...] = 0.0
    net.params["W" + gate][1, :] = -8.0
    net.params["W" + gate][1, [2, 4]] = 8.0
    return net


def says(fb, *words):
    return all(w in str(fb) for w in words)


def test_gate_openings_measure_targets_against_distractors():
    op = gate_openings(gated_lstm("i"), TRIALS)
    assert set(op) == {"i", "f", "o"} and op["i"].shape == (3,)
    assert op["i"][1] == pytest.approx(1.0, abs=1e-3)              # σ(8) − σ(−8)
    assert np.abs(op["i"][[0, 2]]).max() < 1e-12 and np.abs(op["f"]).max() < 1e-12
    run = gated_lstm("i").run(TRIALS.X)
    kinds = TRIALS.step_kinds()
    assert op["i"][1] == pytest.approx(run.i[kinds == "target"][:, 1].mean() - run.i[kinds == "distractor"][:, 1].mean())


def test_target_gate_right_answer_in_several_spellings():
    net = gated_lstm("i")
    for gate in ("input", "i", "Input gate", " INPUT ", "input_gate"):
        fb = check_target_gate(gate, TARGET_STEPS, net, TRIALS, TRIAL)
        assert fb, str(fb)
    assert says(check_target_gate("input", TARGET_STEPS, net, TRIALS, TRIAL), "cell 2", "mean over 50 trials",
                f"t = {TARGET_STEPS[0]}, {TARGET_STEPS[1]}")
    assert check_target_gate("input", np.array(TARGET_STEPS[::-1]), net, TRIALS, TRIAL)   # any order


def test_the_check_reads_the_network():
    net = gated_lstm("f")
    assert check_target_gate("forget", TARGET_STEPS, net, TRIALS, TRIAL)
    fb = check_target_gate("input", TARGET_STEPS, net, TRIALS, TRIAL)
    assert not fb and says(fb, "not the input gate", "the forget gate 1.00")


@pytest.mark.parametrize("gate, words", [("forget", ["not the forget gate", "input gate 1.00 (cell 2)"]),
                                         ("output", ["not the output gate", "at the prompts"])])
def test_wrong_gate_is_named(gate, words):
    fb = check_target_gate(gate, TARGET_STEPS, gated_lstm("i"), TRIALS, TRIAL)
    assert not fb and says(fb, *words)


def test_steps_off_by_one():
    fb = check_target_gate("input", [t - 1 for t in TARGET_STEPS], gated_lstm(), TRIALS, TRIAL)
    assert not fb and says(fb, "off by one", "array indices")


def test_a_step_given_twice_is_named():
    fb = check_target_gate("input", [TARGET_STEPS[0], TARGET_STEPS[1], TARGET_STEPS[1]], gated_lstm(), TRIALS, TRIAL)
    assert not fb and says(fb, f"t = {TARGET_STEPS[1]} is given more than once"), str(fb)
    fb = check_target_gate("input", [TARGET_STEPS[0], TARGET_STEPS[0]], gated_lstm(), TRIALS, TRIAL)
    assert not fb and says(fb, f"t = {TARGET_STEPS[0]} is given more than once",
                           f"also has a target at t = {TARGET_STEPS[1]}"), str(fb)


def test_steps_are_the_prompts():
    fb = check_target_gate("input", PROMPT_STEPS, gated_lstm(), TRIALS, TRIAL)
    assert not fb and says(fb, "are the prompts")


def test_one_target_missing_and_a_distractor_given():
    fb = check_target_gate("input", TARGET_STEPS[:1], gated_lstm(), TRIALS, TRIAL)
    assert not fb and says(fb, f"also has a target at t = {TARGET_STEPS[1]}")
    distractor = next(t for t in range(1, 11) if t not in TARGET_STEPS)
    fb = check_target_gate("input", [TARGET_STEPS[0], distractor], gated_lstm(), TRIALS, TRIAL)
    assert says(fb, f"at t = {distractor} the symbol is {TRIALS.symbols[TRIAL][distractor - 1]}, a distractor")
    fb = check_target_gate("input", [TARGET_STEPS[0], 40], gated_lstm(), TRIALS, TRIAL)
    assert says(fb, "t = 40 is not a step of the trial (1 … 12)")


@pytest.mark.parametrize("gate, steps, words", [
    (..., TARGET_STEPS, ["fill in gate"]),
    ("input", ..., ["fill in steps"]),
    (1, TARGET_STEPS, ["gate must be a name in quotes"]),
    ("z", TARGET_STEPS, ["the block input z is what a cell may write, not a gate"]),
    ("cell", TARGET_STEPS, ["the cell state c is what the gates protect, not a gate"]),
    ("memory", TARGET_STEPS, ["not one of the LSTM's gates"]),
    ("input", [], ["steps is empty"]),
    ("input", [2.5, 7], ["whole numbers"]),
    ("input", "3, 9", ["steps must be a number", "quotes"]),
    (input, TARGET_STEPS, ["Python's own function input", 'quotes, "input"']),     # gate = input, unquoted
])
def test_target_gate_malformed_answers(gate, steps, words):
    fb = check_target_gate(gate, steps, gated_lstm(), TRIALS, TRIAL)
    assert isinstance(fb, Feedback) and not fb and says(fb, *words), str(fb)


def test_target_gate_bad_context_gives_feedback_not_a_traceback():
    assert says(check_target_gate("input", TARGET_STEPS, "lstm", TRIALS, TRIAL), "the trained nnteach.LSTM")
    assert says(check_target_gate("input", TARGET_STEPS, gated_lstm(), TRIALS.X, TRIAL), "RecallTrials")
    assert says(check_target_gate("input", TARGET_STEPS, gated_lstm(), TRIALS, 50), "trial must be a trial number")


# -- 09.2 -----------------------------------------------------------------------------------------
def peephole_lstm() -> nnteach.LSTM:
    net = nnteach.LSTM(6, 3, 2, seed=1, init="xavier")
    rng = np.random.default_rng(6)
    for k in ("pi", "pf", "po"):
        net.params[k][...] = rng.uniform(-1.5, 1.5, size=3)
    for k in ("Wz", "Wi", "Wo"):
        net.params[k][...] = rng.uniform(-1, 1, size=(3, 6)) * 2
    return net


def sigma(x):
    return 1 / (1 + math.exp(-x))


def by_hand(net, t, m):
    """σ(ō − p_o c^t), with ō recomputed from Eq. (9.5) (not from o): x W_o + y⁻ R_o + p_o c^t + b_o."""
    run = net.run(TRIALS.X[TRIAL])
    p = net.params
    x, y_prev, c = TRIALS.X[TRIAL][t - 1], run.y[t - 2], run.c[t - 1]
    o_bar = float(p["Wo"][m - 1] @ x + p["Ro"][m - 1] @ y_prev + p["po"][m - 1] * c[m - 1] + p["bo"][m - 1])
    return sigma(o_bar - p["po"][m - 1] * c[m - 1]), o_bar, run


def test_peephole_effect_right_answer():
    net = peephole_lstm()
    right, o_bar, run = by_hand(net, 12, 2)
    assert run.o[11, 1] == pytest.approx(sigma(o_bar), rel=1e-12)
    fb = check_peephole_effect(right, net, TRIALS, TRIAL, t=12, cell=2)
    assert fb and says(fb, f"{right:.4f} instead of {run.o[11, 1]:.4f}")
    assert check_peephole_effect(round(right, 4), net, TRIALS, TRIAL, t=12, cell=2)


def test_peephole_effect_named_mistakes():
    net = peephole_lstm()
    t, m = 12, 2
    right, o_bar, run = by_hand(net, t, m)
    p = net.params
    po, pi, pf = p["po"][m - 1], p["pi"][m - 1], p["pf"][m - 1]
    c, c_prev, o = run.c[t - 1, m - 1], run.c[t - 2, m - 1], run.o[t - 1, m - 1]
    cases = [
        (sigma(o_bar - po * c_prev), "c^{t-1}"),
        (o_bar - po * c, "before the squashing"),
        (o - po * c, "took p_o c^t away from o itself"),
        (sigma(o_bar + po * c), "the sign"),
        (po * c, "the peephole term p_o c^t itself"),
        (o - right, "the change o − o_without"),
        (sigma(o_bar - pi * c), "you used p_i"),
        (sigma(o_bar - pf * c), "you used p_f"),
        (o, "*with* its peephole"),
    ]
    values = [right] + [v for v, _ in cases]
    gaps = [abs(a - b) for k, a in enumerate(values) for b in values[k + 1:]]
    assert min(gaps) > 0.01, "the mistakes' values must be told apart for this test to mean anything"
    for value, words in cases:
        fb = check_peephole_effect(value, net, TRIALS, TRIAL, t=t, cell=m)
        assert not fb and says(fb, words), (words, str(fb))
    assert says(check_peephole_effect(1.7, net, TRIALS, TRIAL, t=t, cell=m), "cannot be a gate value")
    assert says(check_peephole_effect(0.123456, net, TRIALS, TRIAL, t=t, cell=m), "is not σ(ō − p_o c^t)")


def test_peephole_effect_right_formula_at_the_wrong_place():
    net = peephole_lstm()
    right, o_bar, run = by_hand(net, 12, 2)
    p, c = net.params, run.c[11, 1]
    formula_mistakes = [sigma(o_bar - p["po"][1] * run.c[10, 1]), sigma(o_bar + p["po"][1] * c),
                        sigma(o_bar - p["pi"][1] * c), sigma(o_bar - p["pf"][1] * c), right]
    named = 0
    for t, m, words in [(12, 1, "you read cell 1 (index 0); cell 2 is index 1"),
                        (12, 3, "you read cell 3 (index 2); cell 2 is index 1"),
                        (11, 2, "you read step 11 (index 10); step 12 is index 11"),
                        (10, 2, None)]:
        value, _, _ = by_hand(net, t, m)
        if min(abs(value - v) for v in formula_mistakes) < 0.01:
            continue                      # indistinguishable from another mistake in this network
        fb = check_peephole_effect(value, net, TRIALS, TRIAL, t=12, cell=2)
        if words is None:                 # two steps away: not a neighbour, not named
            assert not fb and "wrong place" not in str(fb)
        else:
            assert not fb and says(fb, "right formula, wrong place", words), str(fb)
            named += 1
    assert named >= 2


def test_peephole_effect_rounded_too_early():
    right, _, _ = by_hand(peephole_lstm(), 12, 2)
    fb = check_peephole_effect(round(right, 2), peephole_lstm(), TRIALS, TRIAL, t=12, cell=2)
    assert abs(round(right, 2) - right) > 1e-3 and not fb and says(fb, "rounded too much")


@pytest.mark.parametrize("bad, words", [(..., ["fill in o_without"]), ("0.3", ["quotes"]),
                                        ([0.1, 0.2], ["one number"]), (float("nan"), ["nan"])])
def test_peephole_effect_malformed_answers(bad, words):
    fb = check_peephole_effect(bad, peephole_lstm(), TRIALS, TRIAL, t=12, cell=2)
    assert isinstance(fb, Feedback) and not fb and says(fb, *words)


@pytest.mark.parametrize("where, words", [(dict(t=0, cell=2), ["t must be a whole number 1 … 12", "got 0"]),
                                          (dict(t=13, cell=2), ["t must be a whole number 1 … 12"]),
                                          (dict(t="12", cell=2), ["t must be", "'12'"]),
                                          (dict(t=12, cell=4), ["cell must be a whole number 1 … 3", "got 4"]),
                                          (dict(t=12, cell=0), ["cell must be"]),
                                          (dict(t=12, cell=2.0), ["cell must be"])])
def test_peephole_effect_step_or_cell_outside_the_network(where, words):
    fb = check_peephole_effect(0.5, peephole_lstm(), TRIALS, TRIAL, **where)
    assert isinstance(fb, Feedback) and not fb and says(fb, *words), str(fb)


def test_peephole_effect_needs_a_network_with_peepholes():
    plain = nnteach.LSTM(6, 3, 2, peepholes=False, seed=0)
    assert says(check_peephole_effect(0.5, plain, TRIALS, TRIAL, t=12, cell=2), "trained with peepholes")


def test_hints_of_09_1_name_the_exercise_cells_heat_map():
    # the last hint read the steps off `view`, the heat map of trial 5 in section 4 (targets at 4 and 17,
    # not trial 9's 5 and 17), and the second pointed to a summary line the exercise no longer prints
    hints = [next_hint("09.1", reset=(k == 0)) for k in range(3)]
    assert "exercise.result.target_steps" in hints[2] and "view." not in hints[2]
    assert "summary line" not in hints[1]


def test_hints_are_graded_and_end_at_the_solutions_edition():
    for ex in ("09.1", "09.2"):
        hints = [next_hint(ex, reset=(k == 0)) for k in range(3)]
        assert [h.split(":")[0] for h in hints] == ["Hint 1/3", "Hint 2/3", "Hint 3/3"]
        assert "solutions/09_lstm.ipynb" in hints[-1]


def test_checks_of_notebooks_08_and_09_run_without_matplotlib():
    """Right answers pass and placeholders get feedback with matplotlib and ipywidgets unimportable."""
    from test_structure import BLOCK_DRAWING, run_python
    out = run_python(BLOCK_DRAWING, """
        import sys
        import numpy as np
        import nnteach
        from nnteach import checks
        from nnteach.datasets import distracted_recall

        t = np.arange(1, 26)
        trials = distracted_recall(10, length=12, seed=3, targets=(2, 4), distractors=(3, 5), prompts=(0, 1))
        net = nnteach.LSTM(6, 3, 2, seed=0, init="xavier")
        steps = sorted(int(p) + 1 for p in trials.positions[0])
        gate = max("ifo", key=lambda g: checks.gate_openings(net, trials)[g].max())
        run = net.run(trials.X[0])
        o, c, po = run.o[11, 0], run.c[11, 0], net.params["po"][0]
        o_without = 1 / (1 + np.exp(-(np.log(o / (1 - o)) - po * c)))
        right = [checks.check_storing_cell(np.where(t == 3, 1.0, 0.0), 1.0, np.where(t == 23, 1.0, 0.0)),
                 checks.check_forget_cue(-12, 6),
                 checks.check_target_gate(gate, steps, net, trials, 0),
                 checks.check_peephole_effect(o_without, net, trials, 0, t=12, cell=1)]
        placeholders = [checks.check_storing_cell(..., ..., ...), checks.check_forget_cue(..., ...),
                        checks.check_target_gate(..., ..., net, trials, 0),
                        checks.check_peephole_effect(..., net, trials, 0, t=12, cell=1)]
        print("right", sum(bool(f) for f in right), len(right))
        print("placeholders", sum(isinstance(f, checks.Feedback) and not f for f in placeholders), len(placeholders))
        print("drawing", sorted(m for m in sys.modules if m.split(".")[0] in ("matplotlib", "ipywidgets")))
    """)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:3] == ["right 4 4", "placeholders 4 4", "drawing []"], out.stdout
