"""Save and load: exact round trip; hostile files give clear errors and run nothing."""
import json

import numpy as np
import pytest

from nnteach import Perceptron, load, save


def test_round_trip_gives_identical_outputs(tmp_path):
    net = Perceptron(3, 5, 2, activation="tanh", output_activation="logistic", seed=4)
    rng = np.random.default_rng(0)
    for p in net.params.values():
        p[...] = rng.normal(size=p.shape) * 10 ** rng.uniform(-8, 3)
    path = save(net, tmp_path / "net.json")
    back = load(path)
    assert isinstance(back, Perceptron) and back.sizes == net.sizes and back.activation == "tanh"
    for k in net.params:
        assert np.array_equal(back.params[k], net.params[k])
    X = rng.normal(size=(10, 3))
    assert np.array_equal(back.forward(X), net.forward(X))


def test_the_file_is_plain_json(tmp_path):
    data = json.loads(save(Perceptron(2, 1, seed=0), tmp_path / "n.json").read_text())
    assert data["format"] == "nnteach-model" and data["class"] == "Perceptron"


def good(tmp_path):
    return json.loads(save(Perceptron(2, 2, 1, seed=0), tmp_path / "g.json").read_text())


@pytest.mark.parametrize("mutate,message", [
    (lambda d: d.update({"class": "os.system"}), "unknown model class"),
    (lambda d: d.update({"class": "__import__('os').system('echo hacked')"}), "unknown model class"),
    (lambda d: d.update({"format": "pickle"}), "'format'"),
    (lambda d: d.update({"version": 99}), "version"),
    (lambda d: d["params"].pop("W2"), "must name exactly"),
    (lambda d: d["params"]["W1"].update({"shape": [3, 3]}), "shape"),
    (lambda d: d["params"]["W1"].update({"values": ["1"] * 4}), "finite numbers"),
    (lambda d: d["params"]["W1"].update({"values": [1.0] * 3}), "finite numbers"),
    (lambda d: d["config"].update({"sizes": [2, -1, 1]}), "bad config"),
    (lambda d: d["config"].update({"activation": "evil"}), "bad config"),
    (lambda d: d.update({"config": "x"}), "'config'"),
])
def test_malformed_files_raise_clear_errors(tmp_path, mutate, message):
    data = good(tmp_path)
    mutate(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match=message):
        load(path)


@pytest.mark.parametrize("text", ["not json", "[1, 2]", '{"format": "nnteach-model", "version": 1, "class": 5}',
                                  "\x80\x04\x95 pickle bytes", '{"a": NaN}'])
def test_garbage_and_non_json_raise(tmp_path, text):
    path = tmp_path / "junk.json"
    path.write_text(text, encoding="latin-1")
    with pytest.raises(ValueError, match="not a valid nnteach model file"):
        load(path)


def test_nan_in_values_is_rejected(tmp_path):
    data = good(tmp_path)
    text = json.dumps(data).replace(str(data["params"]["b2"]["values"][0]), "NaN")
    path = tmp_path / "nan.json"
    path.write_text(text)
    with pytest.raises(ValueError):
        load(path)
