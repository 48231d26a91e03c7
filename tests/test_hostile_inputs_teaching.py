"""Hostile inputs, the teaching floor: data sets, scoring, explorers (every control of every explorer), exercise
checks (a malformed answer is a ✗, never a traceback), the unit graph's wiring, the course copy and the command."""
import inspect
import warnings

import numpy as np
import pytest

from hostile import T, V, expect, ids
from nnteach import LSTM, Perceptron, checks, cli, datasets, descent, graph, scoring, viz
from nnteach.course import NotAFolderError, copy_edition, edition_dir
from nnteach.datasets.worked_example import error as worked_error
from nnteach.datasets.worked_example import forward as worked_forward
from nnteach.recording import Snapshots, record_training

TRIALS = datasets.distracted_recall(4, seed=0)
STREAM = datasets.timing_task(200, seed=0)


class Answers:
    """A model whose forward returns whatever it was given (for the scorers)."""

    def __init__(self, value):
        self.value = value

    def forward(self, X):
        return self.value


CASES = [
    # -- data sets -----------------------------------------------------------------------------------
    ("two_moons n='5'", lambda: datasets.two_moons("5"), T, r"n must be a whole number"),
    ("two_moons n=10**9", lambda: datasets.two_moons(10 ** 9), V, r"n must be a whole number from 1 to 10000000"),
    ("two_moons noise='x'", lambda: datasets.two_moons(5, noise="x"), T, r"noise \(the standard deviation\)"),
    ("two_moons noise=-1", lambda: datasets.two_moons(5, noise=-1), V, r"noise \(the standard deviation\) must be a finite number >= 0"),
    ("two_moons seed='x'", lambda: datasets.two_moons(5, seed="x"), T, r"seed must be None or a whole number"),
    ("two_spirals turns='x'", lambda: datasets.two_spirals(5, turns="x"), T, r"turns must be a number in \(0, 100\)"),
    ("two_spirals turns=0", lambda: datasets.two_spirals(5, turns=0), V, r"turns must be a finite number in \(0, 100\)"),
    ("logic_gate(['AND'])", lambda: datasets.logic_gate(["AND"]), T, r"name must be one of 'AND'"),
    ("logic_gate(None)", lambda: datasets.logic_gate(None), T, r"name must be one of"),
    ("logic_gate('XNOR')", lambda: datasets.logic_gate("XNOR"), V, r"unknown logic gate 'XNOR'"),
    ("gate_name('x')", lambda: datasets.gate_name("x"), T, r"bits must be an array of numbers"),
    ("gate_name((0, 1))", lambda: datasets.gate_name((0, 1)), V, r"bits must be four outputs 0/1"),
    ("gate_name((0, 0, 0, 2))", lambda: datasets.gate_name((0, 0, 0, 2)), V, r"bits must be four outputs 0/1"),
    ("gate_of(None)", lambda: datasets.gate_of(None), T, r"s must be an array of numbers"),
    ("gate_of three states", lambda: datasets.gate_of([1, -1, 1]), V, r"s has shape \(3,\); expected \(4,\)"),
    ("reber_strings n='3'", lambda: datasets.reber_strings("3"), T, r"n must be a whole number"),
    ("reber_data targets list", lambda: datasets.reber_data(3, targets=["next"]), T, r"targets must be 'next'"),
    ("reber_data targets 'all'", lambda: datasets.reber_data(3, targets="all"), V, r"targets must be 'next'"),
    ("reber_data embedded='yes'", lambda: datasets.reber_data(3, embedded="yes"), T, r"embedded must be True or False"),
    ("reber_data synaptic_compat without embedded", lambda: datasets.reber_data(3, embedded=False, synaptic_compat=True), V, r"synaptic_compat"),
    ("accepts(None)", lambda: datasets.accepts(None), T, r"string must be a str of the symbols"),
    ("legal_successors(5)", lambda: datasets.legal_successors(5), T, r"string must be a str"),
    ("legal_successors illegal string", lambda: datasets.legal_successors("BXE"), V, r"'BXE' is not a string of the"),
    ("distracted_recall length='5'", lambda: datasets.distracted_recall(3, length="5"), T, r"length must be a whole number"),
    ("distracted_recall targets=2.5", lambda: datasets.distracted_recall(3, targets=2.5), T, r"targets must be a count >= 1"),
    ("distracted_recall targets with text", lambda: datasets.distracted_recall(3, targets=(2, "4", 7, 8)), T, r"targets\[1\] \(a symbol code\)"),
    ("distracted_recall 10**9 × 10**9", lambda: datasets.distracted_recall(10 ** 9, length=10 ** 9), V, r"distracted_recall.* would need"),
    ("distracted_recall too short", lambda: datasets.distracted_recall(3, length=3), V, r"length 3 is too short"),
    ("distracted_recall repeats='no'", lambda: datasets.distracted_recall(3, repeats="no"), T, r"repeats must be True or False"),
    ("noisy_sine period='x'", lambda: datasets.noisy_sine(5, period="x"), T, r"period must be a number > 0"),
    ("noisy_sine amplitude=0.7", lambda: datasets.noisy_sine(5, amplitude=0.7), V, r"amplitude must be a finite number in \(0, 0.5\)"),
    ("noisy_sine huge", lambda: datasets.noisy_sine(10 ** 6, 10 ** 6), V, r"noisy_sine.* would need"),
    ("timing_task min_gap='1'", lambda: datasets.timing_task(100, min_gap="1"), T, r"min_gap"),
    ("timing_task min_gap > max_gap", lambda: datasets.timing_task(100, min_gap=30), V, r"min_gap must be a whole number from 0 to max_gap=20"),
    ("timing_task steps=10**12", lambda: datasets.timing_task(10 ** 12), V, r"steps must be a whole number from 1 to"),
    ("worked_pass cost list", lambda: datasets.worked_pass(["mse"]), T, r"cost must be 'mse' or 'cross_entropy'"),
    ("worked_pass rate='x'", lambda: datasets.worked_pass("mse", rate="x"), T, r"rate must be a number >= 0"),
    ("worked example error y_o text", lambda: worked_error("0.5"), T, r"y_o must be a number"),
    ("worked example error cross-entropy y_o=1", lambda: worked_error(1.0, 1.0, "cross_entropy"), V, r"needs an output 0 < y_o < 1"),
    ("worked example forward weights list", lambda: worked_forward([0.5] * 9), T, r"weights must be a dict"),
    # -- descent and recordings -----------------------------------------------------------------------
    ("error_curve weight list", lambda: descent.error_curve(["w_oh1"], [0.0]), T, r"weight must be one of"),
    ("error_curve weight unknown", lambda: descent.error_curve("w_x", [0.0]), V, r"unknown weight 'w_x'"),
    ("error_curve w_values text", lambda: descent.error_curve("w_oh1", "0.5"), T, r"w_values must be an array of numbers"),
    ("curve_steps steps=2.5", lambda: descent.curve_steps("w_oh1", 0.5, 0.1, 2.5), T, r"steps must be a whole number"),
    ("descent_path rate 0", lambda: descent.descent_path("linear neuron", (0, 0), 0), V, r"rate must be a number > 0"),
    ("descent_path start text", lambda: descent.descent_path("linear neuron", "00", 0.1), T, r"start must be an array of numbers"),
    ("descent_path surface list", lambda: descent.descent_path(["linear neuron"], (0, 0), 0.1), T, r"surface must be a surface's name"),
    ("get_surface(['linear neuron'])", lambda: descent.get_surface(["linear neuron"]), T, r"surface must be one of"),
    ("surface_grid n=0", lambda: descent.surface_grid("linear neuron", 0), V, r"n \(grid points per side\)"),
    ("record_training hidden list", lambda: record_training(hidden=[2]), T, r"hidden must be a whole number"),
    ("record_training every > iterations", lambda: record_training(iterations=10, every=25), V, r"every <= iterations"),
    ("Snapshots(None)", lambda: Snapshots(None), T, r"model must have params"),
    # -- scoring --------------------------------------------------------------------------------------
    ("recall_score model None", lambda: scoring.recall_score(None, TRIALS), T, r"model must have forward\(X\)"),
    ("recall_score trials a tuple", lambda: scoring.recall_score(LSTM(10, 2, 4), TRIALS.data), T, r"trials must be RecallTrials"),
    ("recall_score rule list", lambda: scoring.recall_score(LSTM(10, 2, 4), TRIALS, rule=["x"]), T, r"rule must be one of 'threshold', 'argmax'"),
    ("recall_score rule unknown", lambda: scoring.recall_score(LSTM(10, 2, 4), TRIALS, rule="max"), V, r"rule must be one of"),
    ("recall_score batch='5'", lambda: scoring.recall_score(LSTM(10, 2, 4), TRIALS, batch="5"), T, r"batch must be a whole number"),
    ("recall_score batch=0", lambda: scoring.recall_score(LSTM(10, 2, 4), TRIALS, batch=0), V, r"batch must be a whole number >= 1"),
    ("recall_score all_steps='yes'", lambda: scoring.recall_score(LSTM(10, 2, 4), TRIALS, all_steps="yes"), T, r"all_steps must be True or False"),
    ("recall_score model of the wrong K", lambda: scoring.recall_score(LSTM(10, 2, 1), TRIALS), V, r"model outputs have shape \(4, 24, 1\); expected \(4, 24, 4\)"),
    ("recall_score forward returns text", lambda: scoring.recall_score(Answers("abc"), TRIALS), T, r"model.forward\(X\) must return an array"),
    ("reber_score data []", lambda: scoring.reber_score(LSTM(7, 2, 7), []), V, r"data must be ReberData"),
    ("reber_score data None", lambda: scoring.reber_score(LSTM(7, 2, 7), None), T, r"data must be ReberData"),
    ("reber_score unknown symbol", lambda: scoring.reber_score(LSTM(7, 2, 7), ["BTXYZ"]), V, r"unknown symbol"),
    ("reber_score embedded='no'", lambda: scoring.reber_score(LSTM(7, 2, 7), ["BTSSXXTVVE"], embedded="no"), T, r"embedded must be True or False"),
    ("timing_score tolerance='0.1'", lambda: scoring.timing_score(LSTM(2, 2, 1), STREAM, tolerance="0.1"), T, r"tolerance must be a number in \(0, 0.5\)"),
    ("timing_score tolerance=0.5", lambda: scoring.timing_score(LSTM(2, 2, 1), STREAM, tolerance=0.5), V, r"tolerance must be a finite number in \(0, 0.5\)"),
    ("timing_score task a list", lambda: scoring.timing_score(LSTM(2, 2, 1), [STREAM]), T, r"task must be a TimingTask"),
    ("timing_score forward NaN", lambda: scoring.timing_score(Answers(np.full((1, 200, 1), np.nan)), STREAM), V, r"model.forward\(X\) contains NaN"),
    # -- the unit graph's wiring --------------------------------------------------------------------------
    ("Unit activation list", lambda: graph.Unit(activation=["tanh"]), T, r"activation must be one of .*'hlim'"),
    ("Unit bias text", lambda: graph.Unit(bias="0.1"), T, r"bias must be a number"),
    ("Unit bias nan", lambda: graph.Unit(bias=float("nan")), V, r"bias must be a finite number"),
    ("project weight text", lambda: graph.Unit().project(graph.Unit(), weight="0.5"), T, r"weight must be a number"),
    ("project to a Layer", lambda: graph.Unit().project(graph.Layer(2)), T, r"a unit can only project to a Unit"),
    ("gate a Unit", lambda: graph.Unit().gate(graph.Unit()), T, r"a unit can only gate a Connection"),
    ("connection.weight = '0.5'", lambda: setattr(graph.Unit().project(graph.Unit()), "weight", "0.5"), T, r"weight must be a number"),
    ("connection.weight = nan (numpy)", lambda: setattr(graph.Unit().project(graph.Unit()), "weight", np.float32("nan")), V,
     r"weight must be a finite number"),
    ("unit.bias = [1]", lambda: setattr(graph.Unit(), "bias", [1]), T, r"bias must be a number"),
    ("Layer('3')", lambda: graph.Layer("3"), T, r"size must be a whole number"),
    ("Layer(10**6)", lambda: graph.Layer(10 ** 6), V, r"size must be a whole number from 1 to 20000"),
    ("Layer project how list", lambda: graph.Layer(2).project(graph.Layer(2), ["all_to_all"]), T, r"how must be one of"),
    ("Layer project how unknown", lambda: graph.Layer(2).project(graph.Layer(2), "some"), V, r"how must be one of"),
    ("Layer project weight text", lambda: graph.Layer(2).project(graph.Layer(2), weight="1"), T, r"weight \(a number, or None"),
    ("Layer one_to_one sizes", lambda: graph.Layer(2).project(graph.Layer(3), "one_to_one"), V, r"one_to_one needs layers of the same size"),
    ("Network input None", lambda: graph.Network(None, output=graph.Layer(1)), T, r"input must be a Layer, a Unit or a list of Units"),
    ("Network without output", lambda: graph.Network(graph.Layer(1)), V, r"needs an output layer"),
    ("Network mode list", lambda: graph.Network(graph.Layer(1), output=graph.Layer(1), mode=["paper"]), T, r"mode must be one of"),
    ("Network mode unknown", lambda: graph.Network(graph.Layer(1), output=graph.Layer(1), mode="fast"), V, r"mode must be 'paper'"),
    ("graph.Perceptron seed text", lambda: graph.Perceptron(2, 2, 1, seed="x"), T, r"seed must be None or a whole number"),
    ("graph.Perceptron sizes list", lambda: graph.Perceptron([2, 2, 1]), T, r"give the layer sizes one by one"),
    ("graph.LSTM peepholes list", lambda: graph.LSTM(2, 2, 1, peepholes=["x"]), T, r"peepholes must be one of"),
    ("graph.LSTM option text", lambda: graph.LSTM(2, 2, 1, input_to_output="yes"), T, r"input_to_output must be True or False"),
    ("graph.Liquid gates text", lambda: graph.Liquid(2, 3, 1, 5, "2"), T, r"gates must be a whole number"),
    ("graph.Liquid too many gates", lambda: graph.Liquid(2, 3, 1, 2, 9, seed=0), V, r"cannot gate 9 connections"),
    ("network activate None", lambda: graph.Perceptron(2, 2, 1, seed=0).activate(None), T, r"x must be an array of numbers, got None"),
    ("network propagate rate text", lambda: graph.Perceptron(2, 2, 1, seed=0).propagate("1", [1]), T, r"rate must be a number >= 0"),
    ("network propagate too many targets", lambda: graph.Perceptron(2, 2, 1, seed=0).propagate(0.1, [1, 0]), V, r"target has shape \(2,\); expected \(1,\)"),
    ("network forward one step", lambda: graph.Perceptron(2, 2, 1, seed=0).forward([1, 0]), V, r"X has shape \(2,\); expected one sequence"),
    ("VectorisedLSTM activate None", lambda: graph.VectorisedLSTM(2, 2, 1, fast=False).activate(None), T, r"x must be an array of numbers"),
    ("VectorisedLSTM fast='yes'", lambda: graph.VectorisedLSTM(2, 2, 1, fast="yes"), T, r"fast \(True, False or None\)"),
    ("train_online sequences None", lambda: graph.train_online(graph.Perceptron(2, 2, 1), None), T, r"sequences must be a non-empty list"),
    ("train_online a pair not a list of pairs", lambda: graph.train_online(graph.Perceptron(2, 2, 1), [np.zeros((2, 2))]), T, r"sequences\[0\] must be a pair"),
    ("train_online rate text", lambda: graph.train_online(graph.Perceptron(2, 2, 1), [(np.zeros((2, 2)), np.zeros((2, 1)))], rate="x"), T, r"rate must be a number >= 0"),
    ("train_online mismatched T", lambda: graph.train_online(graph.Perceptron(2, 2, 1), [(np.zeros((2, 2)), np.zeros((3, 1)))]), V, r"sequences\[0\] must be a pair .* with the same T"),
    ("train_online callback 5", lambda: graph.train_online(graph.Perceptron(2, 2, 1), [(np.zeros((2, 2)), np.zeros((2, 1)))], callback=5), T, r"callback must be a function"),
    ("record_steps inputs None", lambda: graph.record_steps(graph.worked_block(), None, None), T, r"inputs must be an array of numbers"),
    ("record_steps net None", lambda: graph.record_steps(None, [[1, 0]], [[0]]), T, r"net must be a graph Network"),
    ("graph.seed('x')", lambda: graph.seed("x"), T, r"seed must be None or a whole number"),
    ("AutoAssociator learn text", lambda: graph.AutoAssociator(3).learn("abc"), T, r"patterns must be an array of numbers"),
    ("AutoAssociator learn rate text", lambda: graph.AutoAssociator(3).learn(np.zeros((2, 3)), rate="x"), T, r"rate must be a number >= 0"),
    ("layout(None)", lambda: graph.layout(None), T, r"net must be a graph Network"),
    # -- drawing helpers -------------------------------------------------------------------------------
    ("network_weights(None)", lambda: viz.network_weights(None), T, r"net must be a model with params"),
    ("network_weights text matrices", lambda: viz.network_weights(["ab"]), T, r"weight matrix 1 must be an array of numbers"),
    ("network_weights shapes do not chain", lambda: viz.network_weights([np.zeros((2, 2)), np.zeros((1, 3))]), V, r"weight matrix 2 has shape \(1, 3\)"),
    ("network_weights biases text", lambda: viz.network_weights([np.zeros((2, 2))], biases="ab"), T, r"biases must be a list"),
    ("show_graph(None)", lambda: viz.show_graph(None), T, r"net must be a graph Network"),
    ("show_activation_functions names text", lambda: viz.show_activation_functions("tanh"), T, r"names must be a non-empty tuple"),
    ("show_activation_functions unknown name", lambda: viz.show_activation_functions(("tanh", "soft")), V, r"names\[1\] must be one of"),
    # -- the course and the command ----------------------------------------------------------------------
    ("copy_edition(None)", lambda: copy_edition(None), T, r"destination must be a path"),
    ("copy_edition edition list", lambda: copy_edition("x", ["learner"]), T, r"edition must be one of 'learner', 'solutions'"),
    ("copy_edition edition unknown", lambda: copy_edition("x", "teacher"), V, r"edition must be one of"),
    ("copy_edition replace='yes'", lambda: copy_edition("x", replace="yes"), T, r"replace must be True or False"),
    ("edition_dir(['learner'])", lambda: edition_dir(["learner"]), T, r"edition must be one of"),
    ("cli.main('start')", lambda: cli.main("start"), T, r"argv must be a list of strings"),
    ("check_backward seed text", lambda: checks.check_backward(lambda p, x, t: p, seed="0"), T, r"seed must be None or a whole number"),
]


@pytest.mark.parametrize("name,call,kind,names", CASES, ids=ids(CASES))
def test_misuse_is_a_clear_error_at_the_call(name, call, kind, names):
    expect(call, kind, names)


# -- every control of every explorer: the type is checked before the range ------------------------------
EXPLORERS = [cls for cls in (getattr(viz, n) for n in viz.__all__)
             if inspect.isclass(cls) and issubclass(cls, viz.Explorer) and cls is not viz.Explorer]
CONTROLS = [(cls, c) for cls in EXPLORERS for c in cls.controls]


def hostile_values(c):
    """(value, kind) pairs that must be refused, for this control."""
    values = [(None, T), ([1], T), (True, T), (1j, T), ({"a": 1}, T)]
    if c.options is not None:
        names = any(isinstance(o, str) for o in c.options)            # a dropdown may mix both kinds
        numbers = any(isinstance(o, (int, float)) for o in c.options)
        wrong_kind = ([] if names else [("zero", T)]) + ([] if numbers else [(99, T)])
        return values + [(list(c.options[:1]), T), *wrong_kind,
                         ("not one of them" if names else 99, V)]
    values += [("1.0", T), (c.max + 1, V), (c.min - 1, V)]
    if c.kind == "int":
        values += [(float(c.min), T), (float("nan"), T)]     # an int slider takes whole numbers only
    else:
        values.append((float("nan"), V))
    return values


@pytest.mark.parametrize("cls,control", CONTROLS, ids=[f"{cls.__name__}.{c.name}" for cls, c in CONTROLS])
def test_every_explorer_checks_each_controls_type_before_its_range(cls, control):
    for value, kind in hostile_values(control):
        err = expect(lambda: cls(**{control.name: value}), kind, rf"\b{control.name}\b")
        if kind is T:
            expected = "one of" if control.options is not None else "number"
            assert expected in str(err), f"{cls.__name__}({control.name}={value!r}): {err}"


def test_the_issue_examples_for_explorers():
    expect(lambda: viz.HelloExplorer(w="1.0"), T, r"w must be a number from -4 to 4; got str '1.0'")
    expect(lambda: viz.NeuronExplorer(target=["AND"]), T, r"target must be one of 'AND', 'OR', 'NAND', 'NOR', 'XOR'")
    expect(lambda: viz.HelloExplorer().set(w="2"), T, r"w must be a number from -4 to 4")
    assert viz.HelloExplorer(w=np.int64(2)).state["w"] == 2.0              # numpy numbers are fine


# -- exercise checks: a malformed answer is a ✗ Feedback, never a traceback -------------------------------
HOSTILE_ANSWERS = [None, ..., "0.5", [1, "a"], 1j, np.array([1j, 2]), [[1, 2], [1]], {}, {"a": 1}, (lambda *a: 1),
                   float("nan"), True, 10 ** 400, object(), np.array([]), np.zeros((3, 3, 3)), [np.inf], [None]]


def bad_function(*args):
    raise RuntimeError("boom")


HOSTILE_FUNCTIONS = [None, 5, "f", bad_function, lambda *a: "x", lambda *a: None, lambda *a: [1j], lambda *a: np.nan,
                     lambda *a: {}, lambda: 1]
CHECKS = [name for name in checks.__all__ if name.startswith("check_")]


@pytest.mark.parametrize("name", CHECKS)
def test_a_malformed_answer_is_a_cross_not_a_traceback(name):
    check = getattr(checks, name)
    needed = [p for p in inspect.signature(check).parameters.values() if p.default is p.empty]
    takes_functions = name in ("check_derivatives", "check_backward")
    answers = HOSTILE_FUNCTIONS if takes_functions else HOSTILE_ANSWERS
    if name == "check_schedule":      # a rate schedule may be a function: a constant one is a fair answer
        answers = [a for a in HOSTILE_ANSWERS if not callable(a)] + HOSTILE_FUNCTIONS
    for position in range(len(needed)):
        for answer in answers:
            args = [(lambda y: y) if takes_functions else 0.5] * len(needed)
            args[position] = answer
            with warnings.catch_warnings():
                warnings.simplefilter("error")                # no ComplexWarning, no RuntimeWarning either
                feedback = check(*args)
            assert isinstance(feedback, checks.Feedback) and not feedback.ok, \
                f"{name} with argument {position} = {answer!r:.40}: {feedback!r}"


def test_the_command_reports_a_bad_folder_as_a_message(tmp_path, capsys):
    (tmp_path / "a_file").write_text("x")
    assert cli.main(["start", str(tmp_path / "a_file" / "sub"), "--no-lab"]) == 1
    assert "a_file is a file, not a folder" in capsys.readouterr().err


def test_the_course_refuses_a_destination_under_a_file_or_inside_the_course(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "00.ipynb").write_text("{}")
    (tmp_path / "a_file").write_text("x")
    err = expect(lambda: copy_edition(tmp_path / "a_file" / "sub", source=tmp_path / "src"), V, r"a_file is a file")
    assert isinstance(err, NotADirectoryError) and isinstance(err, NotAFolderError)
    expect(lambda: copy_edition(tmp_path / "src" / "inside", source=tmp_path / "src"), V, r"inside the course's own folder")
    expect(lambda: copy_edition(tmp_path / "dest", source=tmp_path / "missing"), V, r"source .* is not a folder")


def test_the_suites_hold_well_over_a_hundred_cases():
    from test_hostile_inputs_files import BAD_FILES, PLACES, SAVE_CASES, SYNAPTIC_CASES
    from test_hostile_inputs_models import CASES as MODEL_CASES
    from test_hostile_inputs_train import CASES as TRAIN_CASES
    total = (len(CASES) + len(MODEL_CASES) + len(TRAIN_CASES) + len(BAD_FILES) + len(PLACES) + len(SAVE_CASES)
             + len(SYNAPTIC_CASES) + sum(len(hostile_values(c)) for _, c in CONTROLS))
    assert total >= 100, total


def test_perceptron_inputs_of_another_width_name_the_expected_shape():
    expect(lambda: Perceptron(3, 1).forward(np.zeros((2, 2))), V, r"expected one pattern of shape \(3,\) or a batch of shape \(B, 3\)")
