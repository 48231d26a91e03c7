"""bench/bench_notebook09.py measures notebook 09's claims over seeds: it must use the notebook's own settings."""
import re
from pathlib import Path

import pytest
from script_helpers import load_script

ROOT = Path(__file__).resolve().parents[1]
SOURCE = (ROOT / "tools" / "notebook_sources" / "09_lstm.py").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def bench():
    return load_script("bench/bench_notebook09.py")


def test_task_and_training_settings_are_the_notebooks(bench):
    assert f"SEED = {bench.NOTEBOOK_SEED}" in SOURCE
    assert f"alphabet = dict(targets={bench.ALPHABET['targets']}, distractors={bench.ALPHABET['distractors']}, " \
           f"prompts={bench.ALPHABET['prompts']})" in SOURCE
    assert f"distracted_recall({bench.TRAIN_TRIALS}, length={bench.LENGTH}, seed=SEED" in SOURCE
    assert f"distracted_recall({bench.HELD_OUT_TRIALS}, length={bench.LENGTH}, seed={bench.HELD_OUT_SEED:_}" in SOURCE
    t = bench.TRAINING
    assert (f"iterations={bench.EPOCHS}, error=0, cost=\"{t['cost']}\",\n                           "
            f"batch_size={t['batch_size']}, momentum={t['momentum']}, clip={t['clip']}, shuffle={t['shuffle']}, "
            "seed=SEED") in SOURCE
    assert f"return scores[-1] >= {bench.GOAL}" in SOURCE


def test_models_and_rates_are_the_notebooks(bench):
    rates = dict(re.findall(r"(\w+)_result, \w+ = train_and_score\((\w+), rate=([\d.]+)\)", SOURCE)[k][1:]
                 for k in range(3))
    assert rates == {"lstm": str(bench.MODELS["lstm"]["rate"]), "rnn": str(bench.MODELS["rnn"]["rate"]),
                     "no_peep": str(bench.MODELS["lstm-nopeep"]["rate"])}
    for model, name in (("lstm", "lstm"), ("rnn", "rnn")):
        net = bench.MODELS[model]["make"](bench.NOTEBOOK_SEED)
        assert type(net).__name__ in SOURCE and f"{name} = nnteach.{type(net).__name__}(6, 8, 2, seed=SEED" in SOURCE
    no_peep = bench.MODELS["lstm-nopeep"]["make"](bench.NOTEBOOK_SEED)
    with_peep = bench.MODELS["lstm"]["make"](bench.NOTEBOOK_SEED)
    assert not no_peep.peepholes and all((no_peep.params[k] == with_peep.params[k]).all() for k in no_peep.params)
    assert 'forget_bias=1.0' in SOURCE and with_peep.forget_bias == 1.0 and with_peep.init == "xavier"
