"""Notebook 09's figures and the small readers behind them: the gate heat map explorer, the learning curves,
``LSTMRun.mean_at``, ``RecallTrials.step_kinds``, ``scoring.recall_steps_ok`` and ``source.code_of``."""
import numpy as np
import pytest

import nnteach
from nnteach.datasets import distracted_recall
from nnteach.lstm import lstm_step_forward
from nnteach.scoring import recall_score, recall_steps_ok
from nnteach.source import code_of
from nnteach.viz import GateHeatmap, error_and_score_figure, show_error_and_score_curves
from viz_helpers import blit_matches_full

ALPHABET = dict(targets=(2, 4), distractors=(3, 5), prompts=(0, 1))
TRIALS = distracted_recall(20, length=10, seed=5, **ALPHABET)


@pytest.fixture(scope="module")
def nets():
    return {"A": nnteach.LSTM(6, 4, 2, seed=0, init="xavier"),
            "B": nnteach.LSTM(6, 4, 2, peepholes=False, seed=1, init="xavier")}


# -- readers ----------------------------------------------------------------------------------------------
def test_step_kinds_name_every_step():
    kinds = TRIALS.step_kinds()
    assert kinds.shape == TRIALS.symbols.shape
    for b in range(len(TRIALS)):
        for t, symbol in enumerate(TRIALS.symbols[b]):
            expected = "target" if symbol in (2, 4) else "prompt" if symbol in (0, 1) else "distractor"
            assert kinds[b, t] == expected
        assert sorted(np.flatnonzero(kinds[b] == "target")) == sorted(TRIALS.positions[b])


def test_mean_at_is_the_mean_over_the_chosen_steps(nets):
    run = nets["A"].run(TRIALS.X)
    mask = TRIALS.step_kinds() == "target"
    means = run.mean_at(mask)
    for k in ("z", "i", "f", "c", "o", "y"):
        values = getattr(run, k)
        by_hand = sum(values[b, t] for b in range(len(TRIALS)) for t in range(10) if mask[b, t]) / mask.sum()
        np.testing.assert_allclose(means[k], by_hand, rtol=1e-12)
    one = nets["A"].run(TRIALS.X[0]).mean_at(mask[0])
    assert one["i"].shape == (4,)
    with pytest.raises(ValueError, match="expected a bool mask of shape"):
        run.mean_at(mask[0])
    with pytest.raises(ValueError, match="selects no step"):
        run.mean_at(np.zeros_like(mask))


def test_recall_steps_ok_is_what_recall_score_counts(nets):
    Y = nets["A"].forward(TRIALS.X)
    ok = recall_steps_ok(Y, TRIALS.T)
    assert ok.shape == (20, 10)
    assert np.all(ok == np.all((Y > 0.5) == (TRIALS.T > 0.5), axis=2))
    assert recall_score(nets["A"], TRIALS).score == np.mean(np.all(ok | ~TRIALS.mask, axis=1))
    with pytest.raises(ValueError, match="rule must be"):
        recall_steps_ok(Y, TRIALS.T, rule="vote")


def test_code_of_shows_the_step_without_its_docstring():
    text = code_of(lstm_step_forward)
    assert text.startswith("def lstm_step_forward(")
    assert '"""' not in text and "Args:" not in text
    for k in range(1, 7):
        assert f"# (9.{k})" in text, f"equation (9.{k}) is tagged in the code"
    assert text.count("\n") < 20
    with pytest.raises(ValueError, match="needs a Python function"):
        code_of(print)


# -- the heat map ------------------------------------------------------------------------------------------
def test_heatmap_numbers_come_from_the_network(nets):
    e = GateHeatmap(nets, TRIALS, trial=3, network="B")
    r = e.result
    run = nets["B"].run(TRIALS.X[3])
    for g in ("i", "f", "o", "c"):
        np.testing.assert_array_equal(getattr(r, g), getattr(run, g))
    assert r.target_steps == tuple(int(p) + 1 for p in TRIALS.positions[3]) and r.prompt_steps == (9, 10)
    kinds = TRIALS.step_kinds()[3]
    expected = run.i[kinds == "target"].mean(axis=0) - run.i[kinds == "distractor"].mean(axis=0)
    np.testing.assert_allclose(r.opening["i"], expected, rtol=1e-12)
    assert r.strongest("i") == (pytest.approx(expected.max()), int(expected.argmax()) + 1)
    ok = np.all((run.outputs > 0.5) == (TRIALS.T[3] > 0.5), axis=1)[[8, 9]]
    np.testing.assert_array_equal(r.answered, ok)


def test_heatmap_controls_and_summary(nets):
    e = GateHeatmap(nets, TRIALS)
    trial, network = e.controls
    assert (trial.min, trial.max, trial.kind) == (0, 19, "int") and network.options == ("A", "B")
    r = e.result
    text = e.text
    assert text.startswith("trial 0, A: targets ")
    for t in r.target_steps:
        assert f"at t = {t}" in text
    assert "prompts t = 9 " in text and "largest opening at the targets vs distractors: input " in text
    with pytest.raises(ValueError, match="outside its range"):
        e.set(trial=20)
    with pytest.raises(ValueError, match="not a choice"):
        e.set(network="C")


def test_heatmap_bad_arguments(nets):
    with pytest.raises(ValueError, match="networks must be a dict"):
        GateHeatmap(nets["A"], TRIALS)
    with pytest.raises(ValueError, match="expected an nnteach.LSTM"):
        GateHeatmap({"rnn": nnteach.RNN(6, 4, 2)}, TRIALS)
    with pytest.raises(ValueError, match="RecallTrials"):
        GateHeatmap(nets, TRIALS.X)


def test_heatmap_drawing_updates_in_place(nets):
    e = GateHeatmap(nets, TRIALS, trial=2)
    e.png()
    axes = list(e.fig.axes)
    np.testing.assert_array_equal(e._images["i"].get_array(), e.result.i.T)
    labels = [text.get_text() for text in e._labels]
    assert labels == [str(s) for s in TRIALS.symbols[2]]
    e.set(trial=7)
    e.png()
    assert list(e.fig.axes) == axes
    np.testing.assert_array_equal(e._images["c"].get_array(), e.result.c.T)
    assert [text.get_text() for text in e._labels] == [str(s) for s in TRIALS.symbols[7]]
    first_target = e.result.target_steps[0]
    assert e._frames[0][0].get_x() == first_target - 0.5


@pytest.mark.parametrize("state", [dict(trial=11), dict(network="B")])
def test_heatmap_blit_matches_a_full_redraw(nets, state):
    assert blit_matches_full(GateHeatmap(nets, TRIALS, trial=1), **state)


def test_heatmap_widget(nets):
    e = GateHeatmap(nets, TRIALS)
    e.widget()
    sliders, image, label = e._ui
    before = image.value
    sliders["trial"].value = 6
    assert image.value != before and label.value.startswith("<code>trial 6, A:")


# -- learning curves -------------------------------------------------------------------------------------
def test_error_and_score_figure_draws_each_network():
    curves = {"LSTM": ([0.3, 0.2, 0.1], [0.2, 0.5, 0.9, 1.0]), "RNN": ([0.3, 0.29], [0.2, 0.25, 0.3])}
    fig = error_and_score_figure(curves, goal=0.95, guess=0.25)
    ax, bx = fig.axes
    assert [line.get_label() for line in ax.get_lines()] == ["LSTM", "RNN"]
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(bx.get_lines()[0].get_xdata(), [0, 1, 2, 3])
    np.testing.assert_array_equal(bx.get_lines()[1].get_ydata(), [0.2, 0.25, 0.3])
    assert {t.get_text() for t in bx.texts} == {"goal 0.95", "guessing 0.25"}
    assert bx.get_legend() is None and ax.get_legend() is None          # no legend over the curves:
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["LSTM", "RNN"]     # one under the panels
    with pytest.raises(ValueError, match="curves is empty"):
        error_and_score_figure({})
    assert show_error_and_score_curves(curves) is None


def test_one_runaway_cell_does_not_set_the_cell_colour_scale():
    net = nnteach.LSTM(6, 4, 2, seed=0, init="xavier")
    net.params["bf"][0], net.params["bi"][0] = 20.0, 20.0      # cell 1 never forgets and always writes
    net.params["Wz"][0, :], net.params["bz"][0] = 0.0, 1.0     # … the same +tanh(1): it counts the steps
    c = net.run(TRIALS.X).c
    assert np.abs(c[..., 0]).max() > 5 and np.abs(c[..., 1:]).max() < 1
    r = GateHeatmap({"counter": net}, TRIALS).set(trial=0)
    assert r.c_limit <= 1.0 and np.percentile(np.abs(c[..., 1:]), 99) <= r.c_limit


def test_cell_colour_scale_is_one_per_network(nets):
    e = GateHeatmap(nets, TRIALS)
    limits = {e.set(trial=k).c_limit for k in range(0, 20, 5)}
    assert len(limits) == 1
    per_cell = sorted(np.percentile(np.abs(nets["A"].run(TRIALS.X).c[..., m]), 99) for m in range(4))
    assert per_cell[-2] <= limits.pop() <= 1.5 * per_cell[-2] + 0.5     # a round number just above the second
    e.png()
    assert e._images["c"].get_clim() == (-e.result.c_limit, e.result.c_limit)
