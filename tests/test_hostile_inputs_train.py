"""Hostile inputs, training and gradient checking: options, data, a learner's model that answers in the
wrong form (checked once at the first step), and Stop at any point (the result describes the weights kept)."""
import numpy as np
import pytest

from hostile import T, V, expect, ids
from nnteach import RNN, Perceptron, gradcheck, graph, train
from nnteach.datasets import logic_gate
from nnteach.train import check_model_answers, evaluate_error

XOR = logic_gate("XOR")
X, Y = XOR


def net():
    return Perceptron(2, 2, 1, seed=0)


def fit(**options):
    return train(net(), XOR, **{"iterations": 3, **options})


class Learner:
    """A learner-written model y = X w (K = 1) whose answers can be broken one way at a time."""

    def __init__(self, mistake=None, params=None):
        self.mistake = mistake
        self.params = {"w": np.zeros((2, 1))} if params is None else params

    def forward(self, X):
        out = np.asarray(X) @ np.asarray(self.params["w"], dtype=float)
        return out[:, 0] if self.mistake == "forward drops the output axis" else out

    def loss_and_grads(self, X, T, cost="mse"):
        X, T = np.atleast_2d(X), np.atleast_2d(T)
        E = self.forward(X).reshape(T.shape) - T
        loss, g = float(np.mean(0.5 * np.sum(E * E, axis=1))), X.T @ E / len(X)
        answers = {
            "missing key": (loss, {}),
            "extra key": (loss, {"w": g, "v": np.zeros(1)}),
            "wrong shape": (loss, {"w": g[:, 0]}),
            "bare loss": loss,
            "list": [loss, {"w": g}],
            "None": None,
            "grads list": (loss, [g]),
            "nan loss": (float("nan"), {"w": g}),
            "text loss": ("0.1", {"w": g}),
            "array loss": (np.array([loss, loss]), {"w": g}),
            "int gradient": (loss, {"w": np.zeros((2, 1), dtype=int)}),
            "list gradient": (loss, {"w": g.tolist()}),
            "nan gradient": (loss, {"w": g * np.nan}),
        }
        return answers.get(self.mistake, (loss, {"w": g}))

    def copy(self):
        raise NotImplementedError


def replaced():
    model = net()
    model.params["W1"] = np.zeros((3, 3))
    return model


def readonly():
    w = np.zeros((2, 1))
    w.flags.writeable = False
    return {"w": w}


CASES = [
    # -- options: types --------------------------------------------------------------------------
    ("log=None is no log (works)", None, None, None),
    ("log='5'", lambda: fit(log="5"), T, r"log \(print the error every `log` epochs; 0 or None: no log\)"),
    ("log=1.5", lambda: fit(log=1.5), T, r"log \("),
    ("log=True", lambda: fit(log=True), T, r"log \("),
    ("iterations='5'", lambda: fit(iterations="5"), T, r"iterations must be a whole number"),
    ("iterations=2.0", lambda: fit(iterations=2.0), T, r"iterations"),
    ("rate='0.1'", lambda: fit(rate="0.1"), T, r"rate must be a number > 0"),
    ("rate=None", lambda: fit(rate=None), T, r"rate must be a number > 0"),
    ("rate function returns text", lambda: fit(rate=lambda epoch: "x"), T, r"rate\(0\) must be a number > 0"),
    ("rate function of 3 arguments", lambda: fit(rate=lambda a, b, c: 0.1), T, r"rate must be .*rate\(epoch\) or rate\(epoch, error\)"),
    ("rate function of 0 arguments", lambda: fit(rate=lambda: 0.1), T, r"rate must be .*rate\(epoch\)"),
    ("rate list with text", lambda: fit(rate=[0.1, "0.2"]), T, r"rate\[1\] must be a number > 0"),
    ("error='0.1'", lambda: fit(error="0.1"), T, r"error \(the target for the reported error\)"),
    ("momentum=None", lambda: fit(momentum=None), T, r"momentum must be a number in \[0, 1\)"),
    ("batch_size='2'", lambda: fit(batch_size="2"), T, r"batch_size \(or None: the whole data set\)"),
    ("shuffle='yes'", lambda: fit(shuffle="yes"), T, r"shuffle must be True or False"),
    ("progress='x'", lambda: fit(progress="x"), T, r"progress must be True or False"),
    ("seed='x'", lambda: fit(shuffle=True, seed="x"), T, r"seed must be None or a whole number"),
    ("callback=5", lambda: fit(callback=5), T, r"callback must be a function"),
    ("schedule do not callable", lambda: fit(schedule={"every": 1, "do": 5}), T, r"schedule\['do'\] must be a function"),
    ("schedule every text", lambda: fit(schedule={"every": "x", "do": print}), T, r"schedule\['every'\] must be a whole number"),
    ("schedule a list", lambda: fit(schedule=[1, print]), T, r"schedule \(Synaptic's"),
    ("clip='1'", lambda: fit(clip="1"), T, r"clip must be a number > 0"),
    ("cost=None", lambda: fit(cost=None), T, r"cost must be one of 'mse', 'cross_entropy'"),
    ("data=None", lambda: train(net(), None), T, r"data must be a pair of arrays \(X, T\)"),
    ("data a generator", lambda: train(net(), (p for p in [(X[0], Y[0])])), T, r"data must be a pair"),
    ("data inputs text", lambda: train(net(), [("ab", [1])]), T, r"data\[0\] input must be an array of numbers"),
    ("model=None", lambda: train(None, XOR), T, r"model must obey the model contract.*None has no params"),
    ("a graph network", lambda: train(graph.Perceptron(2, 2, 1, seed=0), XOR), T, r"use nnteach.graph.train_online"),
    # -- options: values --------------------------------------------------------------------------
    ("log=-1", lambda: fit(log=-1), V, r"log \("),
    ("rate=0", lambda: fit(rate=0), V, r"rate must be a finite number > 0"),
    ("rate=[]", lambda: fit(rate=[]), V, r"rate is an empty list"),
    ("rate as a 2-D array", lambda: fit(rate=np.ones((2, 2))), V, r"rate as an array must be 1-D"),
    ("error=nan", lambda: fit(error=float("nan")), V, r"error \(the target for the reported error\) must be a finite number"),
    ("momentum=1", lambda: fit(momentum=1.0), V, r"momentum must be a finite number in \[0, 1\)"),
    ("every=0", lambda: fit(every=0), V, r"every must be a whole number >= 1"),
    ("schedule and callback", lambda: fit(schedule={"every": 1, "do": print}, callback=print), V, r"not both"),
    ("schedule without do", lambda: fit(schedule={"every": 1}), V, r"schedule .* lacks 'do'"),
    ("cost='hinge'", lambda: fit(cost="hinge"), V, r"unknown cost 'hinge'"),
    ("data=[]", lambda: train(net(), []), V, r"non-empty list"),
    ("data=[X, T] (a list)", lambda: train(net(), [X, Y]), V, r"data\[0\] is an array.*pass the tuple data=\(X, T\)"),
    ("data=(X, T, T)", lambda: train(net(), (X, Y, Y)), V, r"data\[0\]"),
    ("data one pattern", lambda: train(net(), (np.zeros(2), np.zeros(1))), V, r"data=\(X, T\) must hold the examples along the first axis"),
    ("data different counts", lambda: train(net(), (X, Y[:3])), V, r"the same number in both"),
    ("dict without input", lambda: train(net(), [{"in": [0, 0], "out": [0]}]), V, r"data\[0\] is a dict without 'input' and 'output'"),
    ("cross-entropy targets out of [0, 1]", lambda: train(net(), (X, Y * 3), cost="cross_entropy"), V, r"must lie in \[0, 1\]"),
    ("RNN given one sequence (T, N)", lambda: train(RNN(2, 3, 1, seed=0), (np.zeros((5, 2)), np.zeros((5, 1)))), V,
     r"sequence model.*for one sequence use \(X\[None\], T\[None\]\)"),
    ("RNN given single steps as pairs", lambda: train(RNN(2, 3, 1, seed=0), [(np.zeros(2), np.zeros(1))] * 3), V, r"sequence model"),
    ("ragged sequences, one with wrong targets", lambda: train(RNN(2, 3, 1, seed=0), [(np.zeros((3, 2)), np.zeros((3, 1))),
                                                                                   (np.zeros((4, 2)), np.zeros((3, 1)))]),
     V, r"data\[1\]: T has shape \(3, 1\); expected \(4, 1\)"),
    # -- a learner's model, verified at its first step ----------------------------------------------
    ("gradient key missing", lambda: train(Learner("missing key"), XOR), V, r"gradients for exactly the keys.*missing \['w'\]"),
    ("gradient key extra", lambda: train(Learner("extra key"), XOR), V, r"unexpected \['v'\]"),
    ("gradient of the wrong shape", lambda: train(Learner("wrong shape"), XOR), V, r"grads\['w'\] has shape \(2,\); expected \(2, 1\)"),
    ("a bare loss", lambda: train(Learner("bare loss"), XOR), T, r"must return a tuple \(loss, grads\); got float"),
    ("a list answer", lambda: train(Learner("list"), XOR), T, r"must return a tuple \(loss, grads\); got a list"),
    ("None answer", lambda: train(Learner("None"), XOR), T, r"must return a tuple \(loss, grads\); got None"),
    ("grads a list", lambda: train(Learner("grads list"), XOR), T, r"grads a dict"),
    ("a NaN loss", lambda: train(Learner("nan loss"), XOR), V, r"returned the loss nan before any update"),
    ("a text loss", lambda: train(Learner("text loss"), XOR), T, r"the loss one number"),
    ("an array loss", lambda: train(Learner("array loss"), XOR), T, r"the loss one number"),
    ("an int gradient", lambda: train(Learner("int gradient"), XOR), T, r"grads\['w'\] must be a numpy array of floats.*np.asarray\(\.\.\., dtype=float\)"),
    ("a list gradient", lambda: train(Learner("list gradient"), XOR), T, r"grads\['w'\] must be a numpy array of floats"),
    ("a NaN gradient", lambda: train(Learner("nan gradient"), XOR), V, r"grads\['w'\] holds NaN"),
    ("forward of the wrong shape", lambda: train(Learner("forward drops the output axis"), XOR), V,
     r"model.forward\(X\) returned shape \(4,\) for X of shape \(4, 2\); expected \(4, 1\)"),
    ("params lists", lambda: train(Learner(params={"w": [[0.0], [0.0]]}), XOR), T,
     r"model.params\['w'\] must be a numpy array of float64.*np.asarray\(model.params\['w'\], dtype=float\)"),
    ("params int array", lambda: train(Learner(params={"w": np.zeros((2, 1), dtype=int)}), XOR), T, r"it has dtype int64"),
    ("params not a dict", lambda: train(Learner(params=[np.zeros((2, 1))]), XOR), T, r"model.params must be a dict"),
    ("params empty", lambda: train(Learner(params={}), XOR), V, r"model.params is empty"),
    ("params read-only", lambda: train(Learner(params=readonly()), XOR), V, r"model.params\['w'\] is read-only"),
    ("params NaN", lambda: train(Learner(params={"w": np.full((2, 1), np.nan)}), XOR), V, r"model.params\['w'\] holds NaN"),
    ("a Perceptron parameter replaced by one of another shape", lambda: train(replaced(), XOR), V,
     r"model.params\['W1'\] has shape \(3, 3\); expected \(2, 2\)"),
    # -- gradcheck ---------------------------------------------------------------------------------
    ("check_model X=None", lambda: gradcheck.check_model(net(), None, Y), T, r"X must be an array of numbers, got None"),
    ("check_model cost=5", lambda: gradcheck.check_model(net(), X, Y, 5), T, r"cost must be one of"),
    ("check_model model=None", lambda: gradcheck.check_model(None, X, Y), T, r"model must obey the model contract"),
    ("check grads=None", lambda: gradcheck.check(lambda p: 0.0, net().params, None), T, r"grads must be a dict"),
    ("check params a list", lambda: gradcheck.check(lambda p: 0.0, [1, 2], {}), T, r"params must be a dict"),
    ("check params int arrays", lambda: gradcheck.check(lambda p: 0.0, {"w": np.zeros(2, dtype=int)}, {"w": np.zeros(2)}), T,
     r"params\['w'\] must be a float64 numpy array"),
    ("check h='x'", lambda: gradcheck.check(lambda p: 0.0, net().params, net().params, h="x"), T, r"h \(the finite-difference step\)"),
    ("check h=0", lambda: gradcheck.check(lambda p: 0.0, net().params, net().params, h=0), V, r"h \(the finite-difference step\) must be a finite number > 0"),
    ("check loss_fn returns text", lambda: gradcheck.check(lambda p: "x", net().params, net().params), T, r"loss_fn\(params\) must return one number"),
    ("check loss_fn=None", lambda: gradcheck.check(None, net().params, net().params), T, r"loss_fn must be a function"),
    ("check grads text", lambda: gradcheck.check(lambda p: 0.0, {"w": np.zeros(2)}, {"w": "ab"}), T, r"grads\['w'\] must be an array of numbers"),
    ("check grads missing", lambda: gradcheck.check(lambda p: 0.0, {"w": np.zeros(2)}, {}), V, r"grads must have the same names as params"),
    ("relative_error text", lambda: gradcheck.relative_error("a", 1), T, r"a must be an array of numbers"),
    ("relative_error shapes", lambda: gradcheck.relative_error(np.zeros(2), np.zeros(3)), V, r"a has shape \(2,\) and b \(3,\)"),
    ("numerical_gradient h=-1", lambda: gradcheck.numerical_gradient(lambda p: 0.0, {"w": np.zeros(1)}, h=-1), V, r"h \("),
]
CASES = [c for c in CASES if c[1] is not None]


@pytest.mark.parametrize("name,call,kind,names", CASES, ids=ids(CASES))
def test_misuse_is_a_clear_error_at_the_call(name, call, kind, names):
    expect(call, kind, names)


@pytest.mark.parametrize("mistake", ["missing key", "wrong shape", "list gradient", "forward drops the output axis"])
def test_a_broken_model_changes_no_weight(mistake):
    model = Learner(mistake, params={"w": np.array([[0.5], [-0.5]])})
    with pytest.raises((TypeError, ValueError)):
        train(model, XOR, iterations=2)
    np.testing.assert_array_equal(model.params["w"], [[0.5], [-0.5]])


def test_log_none_means_no_log(capsys):
    result = fit(log=None)
    assert result.epochs == 3 and capsys.readouterr().out == ""


def test_a_correct_learner_model_trains():
    model = Learner()
    result = train(model, XOR, rate=0.5, batch_size=None, iterations=50, error=0)
    assert result.epochs == 50 and result.history[-1] < result.history[0]
    check_model_answers(model, X, Y, "mse")        # the named first-step verification, on its own


def test_a_subclass_that_overrides_loss_and_grads_is_trained_with_it():
    class Decay(Perceptron):
        def loss_and_grads(self, X, T, cost="mse"):
            loss, grads = super().loss_and_grads(X, T, cost)
            return loss, {k: g + 0.1 * self.params[k] for k, g in grads.items()}     # weight decay

    plain, decayed = Perceptron(2, 2, 1, seed=0), Decay(2, 2, 1, seed=0)
    train(plain, XOR, iterations=5, error=0)
    train(decayed, XOR, iterations=5, error=0)
    assert not np.allclose(plain.params["W1"], decayed.params["W1"])


# -- Stop (KeyboardInterrupt) at any point: the result describes the weights kept ---------------------
def reference_weights(epochs):
    model = net()
    if epochs:
        train(model, XOR, rate=0.3, iterations=epochs, error=0)
    return model.params


def assert_consistent(model, result, epochs):
    assert result.stopped == "interrupted" and result.epochs == epochs == len(result.history)
    # Equal to rounding: train's fast path and the public steps compute the same numbers (to 1e-12), not
    # always the same bits (tests/test_fast_paths.py).
    assert result.error == pytest.approx(result.history[-1] if epochs else evaluate_error(net(), X, Y), rel=1e-12)
    assert result.error == pytest.approx(evaluate_error(model, X, Y), rel=1e-12), \
        "the reported error is not the error of the weights kept"
    for k, w in reference_weights(epochs).items():
        np.testing.assert_allclose(model.params[k], w, rtol=1e-12, atol=1e-15,
                                   err_msg=f"{k} is not the weights after epoch {epochs}")


def test_stop_before_the_first_snapshot():
    def rate(epoch):
        raise KeyboardInterrupt

    model = net()
    assert_consistent(model, train(model, XOR, rate=rate, iterations=5, error=0), 0)


def test_stop_in_the_rate_function_of_a_later_epoch():
    def rate(epoch):
        if epoch == 2:
            raise KeyboardInterrupt
        return 0.3

    model = net()
    assert_consistent(model, train(model, XOR, rate=rate, iterations=5, error=0), 2)


def test_stop_between_batches_undoes_the_epoch():
    class Stopping(Perceptron):
        calls = 0

        def loss_and_grads_unchecked(self, X, T, cost):
            Stopping.calls += 1
            if Stopping.calls == 4 * 2 + 3:             # the third batch of epoch 3 (4 batches an epoch)
                raise KeyboardInterrupt
            return super().loss_and_grads_unchecked(X, T, cost)

    model = Stopping(2, 2, 1, seed=0)
    assert_consistent(model, train(model, XOR, rate=0.3, iterations=5, error=0), 2)


def test_stop_while_the_epochs_error_is_measured():
    class Stopping(Perceptron):
        calls = 0

        def forward(self, X):
            Stopping.calls += 1
            if Stopping.calls == 1 + 3:                 # the check, then the errors of epochs 1, 2, 3
                raise KeyboardInterrupt
            return super().forward(X)

    model = Stopping(2, 2, 1, seed=0)
    assert_consistent(model, train(model, XOR, rate=0.3, iterations=5, error=0), 2)


def test_stop_in_the_callback_keeps_the_completed_epoch():
    def callback(info):
        if info["epoch"] == 2:
            raise KeyboardInterrupt

    model = net()
    assert_consistent(model, train(model, XOR, rate=0.3, iterations=5, error=0, callback=callback), 2)


def test_stop_with_momentum_and_shuffling_still_describes_the_weights_kept():
    def callback(info):
        if info["epoch"] == 3:
            raise KeyboardInterrupt

    model = net()
    result = train(model, XOR, rate=0.3, momentum=0.5, shuffle=True, seed=1, iterations=9, error=0, callback=callback)
    assert result.epochs == 3 == len(result.history)
    assert result.error == pytest.approx(evaluate_error(model, X, Y), rel=1e-12)


def test_valid_data_forms_keep_working():
    """Lists as (X, T), pairs, Synaptic's dicts, bool inputs and numpy-integer options are all still accepted."""
    X_list, T_list = X.tolist(), Y.tolist()
    forms = [(X_list, T_list), list(zip(X_list, T_list)), [{"input": x, "output": t} for x, t in zip(X_list, T_list)],
             (X.astype(bool), Y)]
    results = [train(net(), data, rate=0.3, iterations=3, error=0) for data in forms]
    assert all(r.history == results[0].history for r in results)
    assert train(net(), XOR, iterations=np.int64(3), batch_size=np.int32(2), log=0, seed=np.uint8(1),
                 shuffle=np.bool_(True), error=np.float32(0)).epochs == 3
