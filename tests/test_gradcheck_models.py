"""gradcheck's verdict over every matrix-level model of the package, at its default initialisation (issue #8).

Every correct model must be called correct, for several shapes and activations, one pattern (or
sequence) and a batch, both costs, while every kind of wrong gradient is still caught, also on the
tiny gradients (about 3e-7) of a freshly initialised LSTM that made the purely relative verdict
fail.  Only full-BPTT sequence models are checked for correctness: a truncated gradient is not the
gradient of the loss, and gradcheck rightly says so (tested below).  The unit graph
(``nnteach.graph``) is not a matrix-level model and has its own exactness tests.
"""
import numpy as np
import pytest

from nnteach import LSTM, RNN, Perceptron, gradcheck

# (name, factory, kind, N, K): every matrix-level model with its default initialisation (init="synaptic").
MODELS = [
    *[(f"Perceptron{sizes}-{act}", (lambda s=sizes, a=act: Perceptron(*s, activation=a, output_activation="logistic",
                                                                      seed=0)), "patterns", sizes[0], sizes[-1])
      for sizes in [(2, 1), (2, 2, 1), (3, 4, 2), (2, 3, 3, 3, 1)]
      for act in ["logistic", "tanh", "identity", "relu"]],
    *[(f"RNN{shape}-{act}", (lambda s=shape, a=act: RNN(*s, seed=0, activation=a)), "sequences", shape[0], shape[2])
      for shape in [(1, 1, 1), (2, 3, 1), (3, 5, 2)]
      for act in ["tanh", "logistic"]],
    *[(f"LSTM{shape}-peepholes={p}", (lambda s=shape, p=p: LSTM(*s, peepholes=p, seed=0)), "sequences", shape[0],
       shape[2])
      for shape in [(1, 1, 1), (3, 2, 1), (2, 4, 3)]
      for p in [True, False]],
]


def data(kind, N, K, batch, seed=1, steps=5):
    """Inputs N(0, 1) and targets in [0, 1]: one pattern (N,) / sequence (steps, N), or a batch of 4."""
    rng = np.random.default_rng(seed)
    lead = (() if batch is None else (batch,)) + (() if kind == "patterns" else (steps,))
    return rng.normal(size=lead + (N,)), rng.uniform(size=lead + (K,))


@pytest.mark.parametrize("name, make, kind, N, K", MODELS, ids=[m[0] for m in MODELS])
@pytest.mark.parametrize("cost", ["mse", "cross_entropy"])
@pytest.mark.parametrize("batch", [None, 4], ids=["single", "batch"])
def test_every_correct_model_is_called_correct(name, make, kind, N, K, cost, batch):
    model = make()
    X, T = data(kind, N, K, batch)
    report = gradcheck.check_model(model, X, T, cost)
    assert report.ok, f"{name}\n{report}"
    assert all(row.verdict.startswith("correct") for row in report.rows), f"{name}\n{report}"


def test_an_identity_output_with_mse_is_called_correct():
    model = Perceptron(3, 4, 2, activation="tanh", output_activation="identity", seed=0)
    X, T = data("patterns", 3, 2, 4)
    assert all(row.verdict.startswith("correct") for row in gradcheck.check_model(model, X, T).rows)


def lstm_case():
    """The reviewer's case: LSTM(3, 2, 1) at its default initialisation, a batch, cross-entropy."""
    model = LSTM(3, 2, 1, seed=0)
    X, T = data("sequences", 3, 1, 4)
    return model, X, T, "cross_entropy"


def test_the_relative_error_alone_misjudges_tiny_lstm_gradients_and_the_floor_does_not():
    model, X, T, cost = lstm_case()
    report = gradcheck.check_model(model, X, T, cost)
    tiny = [row for row in report.rows if row.relative_error >= gradcheck.PROBABLY_CORRECT]
    assert tiny, "this case must have gradients whose relative error alone looks wrong"
    for row in tiny:
        assert row.max_abs_error <= row.round_off and row.verdict.startswith("correct (a tiny gradient"), row
    assert report.ok


def test_the_round_off_floor_follows_the_loss_and_the_step():
    eps = np.finfo(float).eps
    assert gradcheck.round_off(2.0, 1e-5) == pytest.approx(gradcheck.ROUND_OFF_FACTOR * eps * 2.0 / 1e-5)
    assert gradcheck.round_off(-2.0, 1e-4) == pytest.approx(gradcheck.round_off(2.0, 1e-5) / 10)


# -- wrong gradients are still caught, on real models and on tiny gradients ---------------------------
def corrupted(model, X, T, cost, name, how):
    _, grads = model.loss_and_grads(X, T, cost)
    grads = {k: v.copy() for k, v in grads.items()}
    g = grads[name]
    if how == "sign":
        grads[name] = -g
    elif how == "factor 2":
        grads[name] = 2 * g
    elif how == "factor off":
        grads[name] = 1.01 * g
    elif how == "one entry off":
        g.reshape(-1)[0] *= 1.001
    elif how == "transpose":
        grads[name] = g.T.copy()
    elif how == "shape":
        grads[name] = g.reshape(-1)[:-1].copy()
    return gradcheck.check(lambda p: model.loss_and_grads(X, T, cost)[0], model.params, grads)


CAUGHT = {
    "sign": "sign reversed",
    "factor 2": "wrong",
    "factor off": "close but wrong",
    "transpose": "wrong",
    "shape": "wrong shape",
}


@pytest.mark.parametrize("how, verdict", list(CAUGHT.items()))
@pytest.mark.parametrize("param", ["Rf", "Ri", "Wz", "V"])
def test_wrong_lstm_gradients_are_caught_even_where_they_are_tiny(how, verdict, param):
    model, X, T, cost = lstm_case()
    report = corrupted(model, X, T, cost, param, how)
    assert not report.ok
    assert report[param].verdict.startswith(verdict), str(report)
    assert all(row.ok for row in report.rows if row.name != param), str(report)


@pytest.mark.parametrize("make, param", [(lambda: Perceptron(3, 3, 2, seed=0), "W1"), (lambda: RNN(2, 3, 1, seed=0), "U")])
@pytest.mark.parametrize("how, verdict", list(CAUGHT.items()) + [("one entry off", "close but wrong")])
def test_wrong_gradients_of_ordinary_size_are_caught(make, param, how, verdict):
    model = make()
    kind = "patterns" if isinstance(model, Perceptron) else "sequences"
    N = model.sizes[0] if kind == "patterns" else model.N
    K = model.sizes[-1] if kind == "patterns" else model.K
    X, T = data(kind, N, K, 4)
    report = corrupted(model, X, T, "mse", param, how)
    assert report[param].verdict.startswith(verdict), str(report)
    assert not report.ok


@pytest.mark.parametrize("make", [lambda: RNN(3, 4, 2, seed=0, truncate=1), lambda: LSTM(3, 4, 2, seed=0, truncate=1),
                                  lambda: RNN(3, 4, 2, seed=0, truncate=0)], ids=["RNN-BPTT(1)", "LSTM-BPTT(1)",
                                                                                   "RNN-BPTT(0)"])
def test_a_truncated_gradient_is_not_the_gradient_of_the_loss(make):
    model = make()
    X, T = data("sequences", 3, 2, 4, steps=6)
    report = gradcheck.check_model(model, X, T)
    assert not report.ok, "truncated BPTT drops terms of the gradient; gradcheck must notice"
    # The readout (V, c) sees no truncation: its gradient stays exact, and is called correct.
    assert report["V"].ok and report["c"].ok, str(report)
