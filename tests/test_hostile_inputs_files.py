"""Hostile files for save / load, nnteach.graph's JSON and Synaptic's JSON: every one is a ValueError that names
what was wrong, read promptly and with memory in proportion to the file (never to what the file *declares*)."""
import copy
import json
import os
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from hostile import T, V, expect, ids
from nnteach import LSTM, RNN, Perceptron, graph, jsonfile, load, save, saving

SYNAPTIC = Path(__file__).parent / "fixtures" / "synaptic" / "lstm_2_2_1.tojson.json"
GOOD = saving.to_dict(Perceptron(2, 2, 1, seed=0))


def mutated(change) -> dict:
    data = copy.deepcopy(GOOD)
    change(data)
    return data


def hostile(tmp_path: Path, content) -> Path:
    path = tmp_path / "hostile.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def model_file(cls: str, config: dict, params=None) -> dict:
    return {"format": "nnteach-model", "version": 1, "class": cls, "config": config, "params": params or {}}


def units(*names):
    return {"units": [{"name": n, "activation": "logistic", "bias": 0.0} for n in names]}


GRAPH = {"mode": "paper", "layers": [units("a"), units("b")], "connections": [{"from": 0, "to": 1, "weight": 0.5}]}

BAD_FILES = [
    # content: (id, file content, regex naming what is wrong)
    ("huge declared sizes", mutated(lambda d: d["config"].update(sizes=[100000, 100000, 1])),
     r"Perceptron\(100000, 100000, 1\) would need 10,000,200,001 parameters"),
    ("a 401-digit size", mutated(lambda d: d["config"].update(sizes=[int("9" * 401), 2, 1])), r"an integer of 401 digits"),
    ("a 401-digit seed", mutated(lambda d: d["config"].update(seed=int("9" * 401))), r"an integer of 401 digits"),
    ("a 5000-digit integer", '{"format": ' + "9" * 5000 + "}", r"an integer of 5000 digits"),
    ("a bool size", mutated(lambda d: d["config"].update(sizes=[True, 2, 1])), r"layer size 0 .*bool"),
    ("a float size", mutated(lambda d: d["config"].update(sizes=[2.0, 2, 1])), r"layer size 0 .*float 2.0"),
    ("a negative size", mutated(lambda d: d["config"].update(sizes=[2, -1, 1])), r"layer size 1 must be a whole number from 1"),
    ("sizes as text", mutated(lambda d: d["config"].update(sizes="2-2-1")), r"sizes must be a list of layer sizes"),
    ("sizes missing", mutated(lambda d: d["config"].pop("sizes")), r"config of Perceptron lacks 'sizes'"),
    ("an unknown config entry", mutated(lambda d: d["config"].update(evil="rm -rf")), r"unknown entries 'evil'"),
    ("a text seed", mutated(lambda d: d["config"].update(seed="x")), r"seed must be None or a whole number"),
    ("an unknown activation", mutated(lambda d: d["config"].update(activation="evil")), r"unknown activation 'evil'"),
    ("an activation list", mutated(lambda d: d["config"].update(activation=["tanh"])), r"activation must be one of"),
    ("deep nesting", "[" * 100_000 + "]" * 100_000, r"(nested too deeply|lists)"),
    ("deep objects", '{"a":' * 50_000 + "1" + "}" * 50_000, r"nested too deeply"),
    ("a NaN token", json.dumps(GOOD).replace('"values": [', '"values": [NaN, ', 1), r"NaN is not allowed"),
    ("an Infinity token", '{"format": Infinity}', r"Infinity is not allowed"),
    ("a -Infinity token", '{"format": -Infinity}', r"-Infinity is not allowed"),
    ("1e999 (inf)", json.dumps(GOOD).replace(str(GOOD["params"]["b2"]["values"][0]), "1e999"), r"params\['b2'\] must hold 1 finite numbers"),
    ("values as text", mutated(lambda d: d["params"]["W1"].update(values=["1"] * 4)), r"params\['W1'\] must hold 4 finite numbers; values\[0\] is str"),
    ("values a string", mutated(lambda d: d["params"]["W1"].update(values="abcd")), r"params\['W1'\] must be an object with 'shape' and 'values'"),
    ("too few values", mutated(lambda d: d["params"]["W1"].update(values=[1.0] * 3)), r"params\['W1'\] must hold 4 finite numbers; got 3"),
    ("too many values", mutated(lambda d: d["params"]["W1"].update(values=[1.0] * 5)), r"got 5 values"),
    ("bool values", mutated(lambda d: d["params"]["b1"].update(values=[True, False])), r"values\[0\] is bool"),
    ("a wrong shape", mutated(lambda d: d["params"]["W1"].update(shape=[4, 1])), r"params\['W1'\] has shape"),
    ("a float shape", mutated(lambda d: d["params"]["W1"].update(shape=[2.0, 2])), r"params\['W1'\] has shape"),
    ("a param missing", mutated(lambda d: d["params"].pop("W2")), r"'params' must name exactly"),
    ("an extra param", mutated(lambda d: d["params"].update(W9={"shape": [1], "values": [0.0]})), r"'params' must name exactly"),
    ("params a list", mutated(lambda d: d.update(params=[1, 2])), r"'params' must name exactly .* got a list"),
    ("version true", mutated(lambda d: d.update(version=True)), r"unsupported version bool True"),
    ("version 1.0", mutated(lambda d: d.update(version=1.0)), r"unsupported version float 1.0"),
    ("an unknown class", mutated(lambda d: d.update({"class": "os.system"})), r"unknown model class str 'os.system'"),
    ("a class list", mutated(lambda d: d.update({"class": ["Perceptron"]})), r"unknown model class a list"),
    ("a format list", mutated(lambda d: d.update(format=["nnteach-model"])), r"'format' must be 'nnteach-model'"),
    ("config a string", mutated(lambda d: d.update(config="x")), r"'config' must be an object"),
    ("top level a list", [1, 2], r"expected a JSON object at the top level"),
    ("not JSON", "not json", r"cannot parse JSON"),
    ("empty", "", r"cannot parse JSON"),
    ("RNN declaring 800M parameters in 130 bytes", model_file("RNN", {"N": 20000, "H": 20000, "K": 1}), r"RNN\(20000, 20000, 1\) would need"),
    ("LSTM bad peepholes", model_file("LSTM", {"N": 2, "M": 2, "K": 1, "peepholes": "yes"}), r"peepholes must be True or False"),
    ("VectorisedLSTM huge", model_file("graph.VectorisedLSTM", {"n_inputs": 20000, "n_cells": 20000, "n_outputs": 1}),
     r"VectorisedLSTM\(20000, 20000, 1\) would need"),
    ("VectorisedLSTM empty config", model_file("graph.VectorisedLSTM", {}), r"config of VectorisedLSTM lacks 'n_inputs'"),
    ("graph layers not a list", model_file("graph.Network", {"layers": "x"}), r"'layers' must be a list"),
    ("graph repeated connection", model_file("graph.Network", dict(GRAPH, connections=GRAPH["connections"] * 2)),
     r"connections\[1\] repeats the connection 0 → 1"),
    ("graph unit activation list", model_file("graph.Network", dict(GRAPH, layers=[{"units": [{"name": "a", "activation": ["x"], "bias": 0}]}, units("b")])),
     r"layers\[0\].units\[0\]: activation must be one of"),
    ("graph mode list", model_file("graph.Network", dict(GRAPH, mode=["paper"])), r"'mode' must be one of"),
    ("graph index out of range", model_file("graph.Network", dict(GRAPH, connections=[{"from": 0, "to": 7, "weight": 0.1}])),
     r"connections\[0\].to must be a unit index from 0 to 1"),
    ("graph bool index", model_file("graph.Network", dict(GRAPH, connections=[{"from": False, "to": 1, "weight": 0.1}])),
     r"connections\[0\].from must be a unit index"),
    ("graph text weight", model_file("graph.Network", dict(GRAPH, connections=[{"from": 0, "to": 1, "weight": "0.1"}])),
     r"connections\[0\].weight must be a finite number"),
    ("graph into an input", model_file("graph.Network", dict(GRAPH, connections=[{"from": 1, "to": 0, "weight": 0.1}])),
     r"goes into input unit 0"),
    ("graph layer name a list", model_file("graph.Network", dict(GRAPH, layers=[dict(units("a"), name=["x"]), units("b")])),
     r"layers\[0\].name must be text"),
    ("too many lists", "[" + "[]," * (jsonfile.MAX_LISTS + 1) + "[]]", r"lists; nnteach files hold at most"),
    ("not UTF-8", "\x80\x04\x95 pickle bytes", r"not a valid nnteach model file"),
]


@pytest.mark.parametrize("name,content,names", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_a_malformed_model_file_is_a_value_error_naming_what_is_wrong(tmp_path, name, content, names):
    path = hostile(tmp_path, content) if not name.startswith("not UTF") else tmp_path / "junk.json"
    if name.startswith("not UTF"):
        path.write_bytes(content.encode("latin-1"))
    err = expect(lambda: load(path), V, names)
    assert "not a valid nnteach model file" in str(err) and str(path) in str(err)


def fifo(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    os.mkfifo(tmp_path / "fifo")
    return tmp_path / "fifo"


def symlink_loop(tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    return tmp_path / "a"


PLACES = [
    ("/dev/zero", lambda tmp: Path("/dev/zero"), V, r"/dev/zero: is not an ordinary file"),
    ("a FIFO without a writer", fifo, V, r"fifo: is not an ordinary file \(a device, a pipe or a socket\)"),
    ("a folder", lambda tmp: tmp, V, r"is a folder, not a file"),
    ("a symlink loop", symlink_loop, V, r"cannot open it \(Too many levels of symbolic links\)"),
    ("a missing file", lambda tmp: tmp / "nope.json", V, r"nope.json: no such file"),
    ("a missing folder", lambda tmp: tmp / "no" / "such.json", V, r"no such file"),
]


@pytest.mark.parametrize("name,where,kind,names", PLACES, ids=[c[0] for c in PLACES])
@pytest.mark.parametrize("reader", [load, graph.from_synaptic_json], ids=["load", "from_synaptic_json"])
def test_what_is_not_an_ordinary_file_is_refused_promptly(tmp_path, name, where, kind, names, reader):
    if name == "/dev/zero" and not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    expect(lambda: reader(where(tmp_path)), kind, names)


def test_a_missing_file_is_also_a_file_not_found_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        load(tmp_path / "nope.json")


def test_a_file_larger_than_the_cap_is_refused_after_reading_at_most_the_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(saving, "MAX_BYTES", 1000)
    path = tmp_path / "big.json"
    with open(path, "wb") as f:              # a sparse file of 10 GB: reading it all would take minutes
        f.truncate(10 * 2 ** 30)
    reads = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    expect(lambda: load(path), V, r"larger than 0.000953674 MiB")
    assert sum(reads) <= 1001


def test_a_file_with_more_numbers_than_a_file_may_hold_is_refused_while_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr(jsonfile, "MAX_FILE_NUMBERS", 20)
    path = save(Perceptron(2, 2, 1, seed=0), tmp_path / "m.json")          # 9 parameters: fine
    assert load(path).n_parameters == 9
    expect(lambda: load(save(Perceptron(3, 3, 1, seed=0), tmp_path / "n.json")), V, r"more than 20 numbers")


def test_save_refuses_a_model_with_more_parameters_than_a_file_may_hold(tmp_path, monkeypatch):
    monkeypatch.setattr(saving, "MAX_SAVED_PARAMETERS", 10)
    expect(lambda: save(Perceptron(3, 3, 1), tmp_path / "m.json"), V, r"a model of 16 parameters.* at most 10")


def test_the_default_cap_is_16_mib_for_models_and_graphs():
    assert saving.MAX_BYTES == jsonfile.MAX_BYTES == 16 * 2 ** 20
    assert saving.MAX_SAVED_PARAMETERS + 1000 < jsonfile.MAX_FILE_NUMBERS     # room for sizes and shapes
    assert graph.serial.MAX_BYTES == jsonfile.MAX_BYTES


def test_a_tiny_file_declaring_a_huge_model_allocates_nothing_big(tmp_path):
    """The issue's 626-byte file made load allocate and fill 3.2 GB: now the sizes are checked against the
    parameters the file holds before anything is built."""
    data = mutated(lambda d: d["config"].update(sizes=[20000, 20000, 1]))
    path = hostile(tmp_path, data)
    assert path.stat().st_size < 1000
    tracemalloc.start()
    with pytest.raises(ValueError, match="parameters"):
        load(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 2_000_000, f"loading a {path.stat().st_size}-byte file allocated {peak / 1e6:.1f} MB"


def test_declared_sizes_within_bounds_but_absent_values_allocate_nothing_big(tmp_path):
    data = model_file("LSTM", {"N": 1000, "M": 1000, "K": 1},
                      params={k: {"shape": list(s), "values": []} for k, s in LSTM.param_shapes({"N": 1000, "M": 1000, "K": 1}).items()})
    path = hostile(tmp_path, data)
    tracemalloc.start()
    with pytest.raises(ValueError, match=r"must hold 1000000 finite numbers; got 0"):
        load(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 2_000_000, f"allocated {peak / 1e6:.1f} MB for a file of {path.stat().st_size} bytes"


# -- save ---------------------------------------------------------------------------------------------
SAVE_CASES = [
    ("save(None)", lambda tmp: save(None, tmp / "m.json"), T, r"cannot save a NoneType"),
    ("save a list", lambda tmp: save([1, 2], tmp / "m.json"), T, r"cannot save a list"),
    ("save path None", lambda tmp: save(Perceptron(2, 1), None), T, r"path must be a path \(a str or a pathlib.Path\)"),
    ("save path a list", lambda tmp: save(Perceptron(2, 1), ["m.json"]), T, r"path must be a path"),
    ("save to a folder", lambda tmp: save(Perceptron(2, 1), tmp), V, r"is a folder; give a file name"),
    ("save into a missing folder", lambda tmp: save(Perceptron(2, 1), tmp / "no" / "m.json"), V, r"the folder .* does not exist"),
    ("save NaN weights", lambda tmp: save(nan_model(), tmp / "m.json"), V, r"params\['W1'\] holds NaN"),
    ("load(None)", lambda tmp: load(None), T, r"path must be a path"),
    ("load(3)", lambda tmp: load(3), T, r"path must be a path"),
    ("load('')", lambda tmp: load(""), V, r"path must be a file name"),
    ("from_synaptic_json(None)", lambda tmp: graph.from_synaptic_json(None), T, r"source must be a path or the dict"),
    ("from_synaptic_json mode list", lambda tmp: graph.from_synaptic_json(str(SYNAPTIC), mode=["paper"]), T, r"mode must be one of"),
    ("to_synaptic_json(None)", lambda tmp: graph.to_synaptic_json(None), T, r"net must be a graph Network"),
    ("network_to_dict(None)", lambda tmp: graph.network_to_dict(None), T, r"net must be a graph Network"),
]


def nan_model():
    net = Perceptron(2, 1)
    net.params["W1"][0, 0] = np.nan
    return net


@pytest.mark.parametrize("name,call,kind,names", SAVE_CASES, ids=ids(SAVE_CASES))
def test_save_and_load_misuse(tmp_path, name, call, kind, names):
    expect(lambda: call(tmp_path), kind, names)


def test_a_model_too_big_for_a_loadable_file_is_refused_before_writing(tmp_path, monkeypatch):
    monkeypatch.setattr(saving, "MAX_BYTES", 2000)
    expect(lambda: save(Perceptron(20, 20, 1), tmp_path / "m.json"), V, r"more than the 0.00190735 MiB nnteach reads back")
    assert not (tmp_path / "m.json").exists()


@pytest.mark.parametrize("seed", [np.int64(2), np.int32(3), np.uint8(4)])
def test_numpy_integer_seeds_are_saved_as_plain_ints(tmp_path, seed):
    for model in (Perceptron(2, 2, 1, seed=seed), RNN(2, 2, 1, seed=seed), LSTM(2, 2, 1, seed=seed),
                  graph.VectorisedLSTM(2, 2, 1, seed=seed, fast=False)):
        back = load(save(model, tmp_path / "m.json"))
        assert back.seed == int(seed) and type(back.seed) is int
        for k, v in model.params.items():
            np.testing.assert_array_equal(back.params[k], v)


def test_seeds_from_np_arange_in_a_loop(tmp_path):
    for seed in np.arange(3):
        save(Perceptron(2, 2, 1, seed=seed), tmp_path / f"m{seed}.json")
    assert json.loads((tmp_path / "m2.json").read_text())["config"]["seed"] == 2


# -- Synaptic JSON --------------------------------------------------------------------------------------
def synaptic(change):
    data = json.loads(SYNAPTIC.read_text())
    change(data)
    return data


SYNAPTIC_CASES = [
    ("squash a list", synaptic(lambda d: d["neurons"][0].update(squash=["LOGISTIC"])), r"neurons\[0\].squash must be one of"),
    ("squash a custom function", synaptic(lambda d: d["neurons"][1].update(squash="function (x) {...}")), r"a custom function cannot be read"),
    ("layer a list", synaptic(lambda d: d["neurons"][0].update(layer=["x"])), r"neurons\[0\].layer must be 'input', 'output'"),
    ("layer of 5000 digits", synaptic(lambda d: d["neurons"][2].update(layer="9" * 5000)), r"neurons\[2\].layer must be"),
    ("bias text", synaptic(lambda d: d["neurons"][3].update(bias="0.1")), r"neurons\[3\].bias must be a finite number"),
    ("no neurons", synaptic(lambda d: d.update(neurons=[])), r"'neurons' must hold 1 to"),
    ("connections not a list", synaptic(lambda d: d.update(connections={})), r"'neurons' and 'connections' lists"),
    ("connection to a missing neuron", synaptic(lambda d: d["connections"][0].update(to=99)), r"connections\[0\].to must be a unit index"),
    ("connection into an input", synaptic(lambda d: d["connections"][0].update(to=0)), r"connections\[0\] goes into input neuron 0"),
    ("gater out of range", synaptic(lambda d: d["connections"][0].update(gater=-1)), r"connections\[0\].gater must be a unit index"),
]


@pytest.mark.parametrize("name,data,names", SYNAPTIC_CASES, ids=[c[0] for c in SYNAPTIC_CASES])
@pytest.mark.parametrize("as_file", [False, True], ids=["dict", "file"])
def test_malformed_synaptic_json_is_a_value_error(tmp_path, name, data, names, as_file):
    source = hostile(tmp_path, data) if as_file else data
    expect(lambda: graph.from_synaptic_json(source), V, names)


def test_the_synaptic_fixture_still_loads():
    net = graph.from_synaptic_json(SYNAPTIC)
    assert net.n_inputs == 2 and net.n_outputs == 1


def test_reading_never_executes_anything(tmp_path):
    marker = tmp_path / "hacked"
    evil = mutated(lambda d: d.update({"class": f"__import__('os').system('touch {marker}')"}))
    with pytest.raises(ValueError):
        load(hostile(tmp_path, evil))
    assert not marker.exists()
