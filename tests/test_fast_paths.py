"""The fast paths equal their readable twins (to 1e-12), and the one parameter buffer behaves.

* each model's private trainer kernel (``model.fast_step``) against its readable gradient:
  ``Perceptron.loss_and_grads_unchecked`` (the delta rule), ``lstm_loss_and_grads`` / ``rnn_loss_and_grads``
  (BPTT) and ``lstm_step_loss_and_grads`` / ``rnn_step_loss_and_grads`` (one online step);
* train's private fast epoch against its readable ``one_epoch`` (the same run through a model that
  only has the contract);
* ``model.params`` as views of one flat buffer: copies, replaced arrays, saving.
"""
import numpy as np
import pytest

from nnteach import LSTM, RNN, Perceptron, gradcheck, load, save, train
from nnteach.lstm import lstm_loss_and_grads, lstm_step_loss_and_grads
from nnteach.rnn import rnn_loss_and_grads, rnn_step_loss_and_grads

TOL = 1e-12
RATE = 0.7                     # the kernels write rate · ∂E/∂θ


def flat(grads, params):
    return np.concatenate([np.ravel(grads[k]) for k in params])


def data(shape_x, shape_t, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=shape_x), rng.uniform(size=shape_t)


# -- the kernels ------------------------------------------------------------------------------------
@pytest.mark.parametrize("activation, output, cost", [("logistic", None, "mse"), ("logistic", None, "cross_entropy"),
                                                      ("tanh", "logistic", "cross_entropy"), ("relu", "identity", "mse"),
                                                      ("tanh", "tanh", "mse")])
@pytest.mark.parametrize("B", [1, 5])
def test_perceptron_kernel_is_the_readable_delta_rule(activation, output, cost, B):
    net = Perceptron(3, 6, 4, 2, activation=activation, output_activation=output, seed=1)
    X, T = data((B, 3), (B, 2)) if B > 1 else data((3,), (2,))     # a batch, or one pattern
    kernel = net.fast_step(cost, B)
    errors = np.empty(T.shape)
    kernel(X, T, RATE, errors)
    _, grads = net.loss_and_grads_unchecked(X, T, cost)
    np.testing.assert_allclose(kernel.grads, RATE * flat(grads, net.params), rtol=0, atol=TOL)
    np.testing.assert_allclose(errors, T - net.forward(X), rtol=0, atol=TOL)


SEQUENCE_MODELS = {
    "lstm": lambda **kw: LSTM(3, 4, 2, seed=1, **kw),
    "lstm-no-peepholes": lambda **kw: LSTM(3, 4, 2, peepholes=False, seed=1, **kw),
    "rnn": lambda **kw: RNN(3, 4, 2, seed=1, **kw),
}


def readable_loss_and_grads(model, X, T, cost):
    if isinstance(model, LSTM):
        return lstm_loss_and_grads(X, T, model.params, model.peepholes, cost, model.output_activation)
    return rnn_loss_and_grads(X, T, model.params, cost, model.activation, model.output_activation)


@pytest.mark.parametrize("name", SEQUENCE_MODELS)
@pytest.mark.parametrize("cost, output", [("mse", "logistic"), ("cross_entropy", "logistic"), ("mse", "identity")])
@pytest.mark.parametrize("shape", [(6,), (3, 6)], ids=["one sequence", "batch"])
def test_bptt_kernel_is_the_readable_bptt(name, cost, output, shape):
    model = SEQUENCE_MODELS[name](output_activation=output)
    X, T = data(shape + (3,), shape + (2,))
    B = shape[0] if len(shape) == 2 else 1
    kernel = model.fast_step(cost, B)
    errors = np.empty(T.shape)
    kernel(X, T, RATE, errors)
    _, grads = readable_loss_and_grads(model, X, T, cost)
    np.testing.assert_allclose(kernel.grads, RATE * flat(grads, model.params), rtol=0, atol=TOL)
    np.testing.assert_allclose(errors, T - model.forward(X), rtol=0, atol=TOL)


@pytest.mark.parametrize("name", ["lstm", "lstm-no-peepholes"])
def test_truncated_bptt_kernel_is_the_models_truncated_gradient(name):
    model = SEQUENCE_MODELS[name](truncate=2)
    X, T = data((3, 7, 3), (3, 7, 2))
    kernel = model.fast_step("mse", 3)
    kernel(X, T, RATE, np.empty(T.shape))
    _, grads = model.loss_and_grads(X, T, "mse")
    np.testing.assert_allclose(kernel.grads, RATE * flat(grads, model.params), rtol=0, atol=TOL)


def readable_step(model, x, t, state, cost):
    """One online step by the readable step functions: (loss, grads, new state, outputs)."""
    if isinstance(model, LSTM):
        loss, grads, y, c, p = lstm_step_loss_and_grads(x, t, *state, model.params, model.peepholes, cost,
                                                        model.output_activation)
        return loss, grads, (y, c), p
    loss, grads, h, p = rnn_step_loss_and_grads(x, t, state[0], model.params, cost, model.activation,
                                                model.output_activation)
    return loss, grads, (h,), p


def zero_state(model):
    return (np.zeros(model.M), np.zeros(model.M)) if isinstance(model, LSTM) else (np.zeros(model.H),)


@pytest.mark.parametrize("name", SEQUENCE_MODELS)
@pytest.mark.parametrize("cost, output", [("mse", "logistic"), ("cross_entropy", "logistic"), ("mse", "tanh")])
def test_online_kernel_is_the_readable_step_with_the_state_carried(name, cost, output):
    model = SEQUENCE_MODELS[name](output_activation=output)
    X, T = data((6, 3), (6, 2))
    kernel = model.fast_step(cost, 1, online=True)
    kernel.reset()
    state = zero_state(model)
    for x, t in zip(X, T):
        errors = np.empty(2)
        kernel(x, t, RATE, errors)
        _, grads, state, p = readable_step(model, x, t, state, cost)
        np.testing.assert_allclose(kernel.grads, RATE * flat(grads, model.params), rtol=0, atol=TOL)
        np.testing.assert_allclose(errors, t - p, rtol=0, atol=TOL)


@pytest.mark.parametrize("name", SEQUENCE_MODELS)
@pytest.mark.parametrize("cost, output", [("mse", "logistic"), ("cross_entropy", "logistic"), ("mse", "tanh"),
                                          ("mse", "identity")])
def test_online_kernel_steps_through_a_sequence_as_the_readable_step_and_update_do(name, cost, output):
    """``kernel.steps`` (the loop over the time steps that train(online=True) runs): after every step
    θ ← θ − ε ∂E^t/∂θ on the flat buffer, the state carried; the same weights and errors as the
    readable step and a dict update, step after step."""
    model, readable = (SEQUENCE_MODELS[name](output_activation=output) for _ in range(2))
    X, T = data((7, 3), (7, 2), seed=3)
    kernel = model.fast_step(cost, 1, online=True)
    errors = np.empty(T.shape)
    kernel.reset()
    kernel.steps(X, T, RATE, errors)
    state, expected = zero_state(readable), []
    for x, t in zip(X, T):
        _, grads, state, p = readable_step(readable, x, t, state, cost)
        expected.append(t - p)
        for k, v in readable.params.items():
            v -= RATE * grads[k]
    for k in model.params:
        np.testing.assert_allclose(model.params[k], readable.params[k], rtol=0, atol=TOL, err_msg=k)
    np.testing.assert_allclose(errors, expected, rtol=0, atol=TOL)


@pytest.mark.parametrize("name", SEQUENCE_MODELS)
def test_the_online_step_gradient_is_that_of_the_steps_error_with_the_state_held_fixed(name):
    """BPTT truncated to the step: ∂E^t/∂θ with the carried state a constant (central differences)."""
    model = SEQUENCE_MODELS[name](init="xavier")
    X, T = data((4, 3), (4, 2))
    state = zero_state(model)
    for x, t in zip(X[:3], T[:3]):                    # a state that is not zero
        _, _, state, _ = readable_step(model, x, t, state, "cross_entropy")
    _, grads, _, _ = model.step_loss_and_grads(X[3], T[3], state, "cross_entropy")
    numeric = gradcheck.numerical_gradient(
        lambda params: model.step_loss_and_grads(X[3], T[3], state, "cross_entropy")[0], model.params)
    for k in model.params:
        np.testing.assert_allclose(grads[k], numeric[k], rtol=1e-6, atol=1e-9, err_msg=k)


def test_the_online_step_of_a_sequence_of_one_step_is_bptt():
    """From the zero state the truncation drops nothing: one step = BPTT of a one-step sequence."""
    for model in (LSTM(3, 4, 2, seed=2), RNN(3, 4, 2, seed=2)):
        X, T = data((1, 3), (1, 2))
        loss, grads, _, _ = model.step_loss_and_grads(X[0], T[0])
        loss2, grads2 = model.loss_and_grads(X, T)
        assert loss == pytest.approx(loss2, abs=TOL)
        np.testing.assert_allclose(flat(grads, model.params), flat(grads2, model.params), rtol=0, atol=TOL)


# -- train's fast epoch against its readable one ------------------------------------------------------
class ContractOnly:
    """The model contract and nothing else (no fast kernel, no flat buffer): train takes its readable path."""

    def __init__(self, model):
        self.model, self.params = model, model.params
        self.forward, self.loss_and_grads = model.forward, model.loss_and_grads
        if hasattr(model, "step_loss_and_grads"):
            self.step_loss_and_grads = model.step_loss_and_grads


def both_paths(make, data, **options):
    """Train two equal models, one through the fast path, one through the readable path."""
    fast, readable = make(), make()
    r1 = train(fast, data, **options)
    r2 = train(ContractOnly(readable), data, **options)
    return fast, readable, r1, r2


def assert_same_run(fast, readable, r1, r2):
    for k in fast.params:
        np.testing.assert_allclose(fast.params[k], readable.params[k], rtol=0, atol=TOL, err_msg=k)
    np.testing.assert_allclose(r1.history, r2.history, rtol=0, atol=TOL)
    assert r1.epochs == r2.epochs and r1.stopped == r2.stopped


XOR = (np.array([[0.0, 0], [0, 1], [1, 0], [1, 1]]), np.array([[0.0], [1], [1], [0]]))


@pytest.mark.parametrize("options", [
    dict(batch_size=1),
    dict(batch_size=1, shuffle=True, seed=3, error_on="seen"),
    dict(batch_size=None, momentum=0.9, cost="cross_entropy"),
    dict(batch_size=3, clip=0.05, error_on="seen"),
    dict(batch_size=3, clip=0.05, momentum=0.5, shuffle=True, seed=1),
], ids=["online", "online-shuffled-seen", "full-batch-momentum", "batches-clipped", "clipped-momentum-shuffled"])
def test_trains_a_perceptron_as_the_readable_epoch_does(options):
    make = lambda: Perceptron(2, 3, 1, seed=4, init="xavier")
    assert_same_run(*both_paths(make, XOR, rate=0.5, iterations=30, error=0.0, **options))


def echo(B, T=6, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 2, size=(B, T, 1)).astype(float)
    Y = np.zeros_like(X)
    Y[:, 1:] = X[:, :-1]
    return X, Y


@pytest.mark.parametrize("make", [lambda: LSTM(1, 3, 1, seed=0), lambda: LSTM(1, 3, 1, peepholes=False, seed=0),
                                  lambda: LSTM(1, 3, 1, seed=0, truncate=1), lambda: RNN(1, 3, 1, seed=0)],
                         ids=["lstm", "lstm-no-peepholes", "lstm-bptt1", "rnn"])
@pytest.mark.parametrize("options", [
    dict(batch_size=2, momentum=0.5, shuffle=True, seed=2),
    dict(batch_size=None, clip=0.1, error_on="seen"),
    dict(online=True, error_on="seen"),
    dict(online=True, momentum=0.5, clip=0.2, shuffle=True, seed=1),
], ids=["batches", "full-clipped-seen", "online-seen", "online-momentum-clipped"])
def test_trains_a_sequence_model_as_the_readable_epoch_does(make, options):
    assert_same_run(*both_paths(make, echo(5), rate=0.3, iterations=4, error=0.0, cost="cross_entropy", **options))


def test_trains_sequences_of_different_lengths_online_as_the_readable_epoch_does():
    X, Y = echo(4, T=7, seed=3)
    data = [(X[k, :4 + k], Y[k, :4 + k]) for k in range(4)]
    assert_same_run(*both_paths(lambda: LSTM(1, 3, 1, seed=5), data, rate=0.3, iterations=3, error=0.0,
                                online=True, shuffle=True, seed=0))


# -- one buffer for all parameters ---------------------------------------------------------------------
@pytest.mark.parametrize("model", [Perceptron(2, 3, 1, seed=0), RNN(2, 3, 1, seed=0), LSTM(2, 3, 1, seed=0)],
                         ids=["perceptron", "rnn", "lstm"])
def test_parameters_are_named_views_of_one_buffer_in_their_order(model):
    buffer = model.flat_params()
    assert buffer.dtype == np.float64 and buffer.size == model.n_parameters
    np.testing.assert_array_equal(buffer, np.concatenate([v.ravel() for v in model.params.values()]))
    assert all(v.base is buffer and v.flags.c_contiguous for v in model.params.values())
    first = next(iter(model.params.values()))
    first.flat[0] = 0.125                                # the arrays are live: a change is the model's
    assert buffer[0] == 0.125


def test_a_copy_has_its_own_buffer():
    net = Perceptron(2, 3, 1, seed=0)
    twin = net.copy()
    assert twin.flat_params() is not net.flat_params()
    assert all(v.base is twin.flat_params() for v in twin.params.values())
    twin.params["W1"][0, 0] += 1.0
    assert net.params["W1"][0, 0] != twin.params["W1"][0, 0]


def test_train_uses_an_array_the_learner_put_in_params_not_a_stale_buffer():
    X, T = XOR
    net, reference = Perceptron(2, 2, 1, seed=0), Perceptron(2, 2, 1, seed=0)
    W1 = np.array([[0.5, -0.4], [0.3, 0.8]])
    net.params["W1"] = W1.copy()                         # replaced, not changed in place
    reference.params["W1"][...] = W1
    train(net, XOR, rate=0.5, iterations=3, error=0)
    train(reference, XOR, rate=0.5, iterations=3, error=0)
    for k in net.params:
        np.testing.assert_array_equal(net.params[k], reference.params[k])
    assert all(v.base is net.flat_params() for v in net.params.values())


def test_a_callback_that_replaces_an_array_is_trained_on_from_then_on():
    X, T = XOR
    net, reference = Perceptron(2, 2, 1, seed=0), Perceptron(2, 2, 1, seed=0)

    def replace(info):
        if info["epoch"] == 2:
            info["model"].params["b2"] = np.array([0.25])

    def change(info):
        if info["epoch"] == 2:
            info["model"].params["b2"][...] = 0.25

    train(net, XOR, rate=0.5, iterations=5, error=0, callback=replace)
    train(reference, XOR, rate=0.5, iterations=5, error=0, callback=change)
    for k in net.params:
        np.testing.assert_array_equal(net.params[k], reference.params[k])


def test_params_with_a_wrong_name_or_shape_are_refused_clearly():
    net = Perceptron(2, 2, 1, seed=0)
    net.params["W1"] = np.zeros((3, 2))
    with pytest.raises(ValueError, match=r"params\['W1'\] has shape \(3, 2\); expected \(2, 2\)"):
        train(net, XOR, iterations=1)
    net = Perceptron(2, 2, 1, seed=0)
    del net.params["b2"]
    with pytest.raises(ValueError, match=r"model.params has the keys \['W1', 'W2', 'b1'\]; Perceptron expects"):
        train(net, XOR, iterations=1)


def test_a_loaded_model_holds_the_saved_numbers_in_its_buffer(tmp_path):
    model = LSTM(2, 3, 1, seed=4)
    path = save(model, tmp_path / "m.nnteach.json")
    back = load(path)
    np.testing.assert_array_equal(back.flat_params(), model.flat_params())
    assert all(v.base is back.flat_params() for v in back.params.values())


def test_a_learners_own_backward_pass_is_trained_with_not_bypassed():
    """A subclass that overrides the gradient (here: twice the true one) trains with it: train's fast
    kernel only stands in for nnteach's own methods."""
    class Doubled(Perceptron):
        def loss_and_grads_unchecked(self, X, T, cost):
            loss, grads = super().loss_and_grads_unchecked(X, T, cost)
            return loss, {k: 2 * g for k, g in grads.items()}

    doubled, reference = Doubled(2, 2, 1, seed=0), Perceptron(2, 2, 1, seed=0)
    train(doubled, XOR, rate=0.25, iterations=3, error=0)
    train(reference, XOR, rate=0.5, iterations=3, error=0)
    for k in doubled.params:
        np.testing.assert_allclose(doubled.params[k], reference.params[k], rtol=0, atol=TOL)


@pytest.mark.parametrize("model", [Perceptron(2, 3, 1, seed=0), RNN(2, 3, 1, seed=0), LSTM(2, 3, 1, seed=0)],
                         ids=["perceptron", "rnn", "lstm"])
def test_the_public_gradients_belong_to_the_caller(model):
    """The kernels reuse their arrays; loss_and_grads must not: a second call leaves the first result alone."""
    shape = (3, 2) if isinstance(model, Perceptron) else (3, 4, 2)
    X1, T1 = data(shape, shape[:-1] + (1,), seed=1)
    X2, T2 = data(shape, shape[:-1] + (1,), seed=2)
    _, first = model.loss_and_grads(X1, T1)
    kept = {k: g.copy() for k, g in first.items()}
    model.loss_and_grads(X2, T2)
    train(model, (X2, T2), rate=0.1, iterations=2, error=0)
    for k in first:
        np.testing.assert_array_equal(first[k], kept[k], err_msg=k)
        assert not np.shares_memory(first[k], model.flat_params())


def test_the_lstm_trainer_keeps_its_scratch_between_calls_for_two_batch_sizes_and_trains_the_same():
    """Fresh scratch arrays at every call of train cost page faults that doubled a short call's time; the
    model keeps one set per batch size, for the two sizes used last, and the numbers do not depend on it."""
    rng = np.random.default_rng(3)
    X, T = rng.normal(size=(10, 7, 3)), rng.uniform(size=(10, 7, 2))
    options = dict(rate=0.1, iterations=3, batch_size=4, error=0.0, cost="mse", error_on="seen")
    a, b = LSTM(3, 5, 2, seed=0), LSTM(3, 5, 2, seed=0)
    train(a, (X, T), **options)                       # batches of 4, 4 and 2: two batch sizes
    scratch = {B: {name: id(v) for name, v in work.items()} for B, work in a._step_work.items()}
    assert sorted(scratch) == [2, 4] and all(scratch.values())
    train(a, (X, T), **options)                       # the same arrays are used again
    assert {B: {name: id(v) for name, v in work.items()} for B, work in a._step_work.items()} == scratch
    train(a, (X, T), **{**options, "batch_size": 3})  # 3, 3, 3 and 1: the two oldest sizes go
    assert sorted(a._step_work) == [1, 3]
    for options_b in (options, options, {**options, "batch_size": 3}):
        b._step_work.clear()                                  # the same runs, with fresh scratch every time
        train(b, (X, T), **options_b)
    for k in a.params:
        np.testing.assert_array_equal(a.params[k], b.params[k])


def test_the_scratch_a_model_keeps_between_calls_is_bounded():
    """Large arrays are made fresh at each call instead of being kept: a model holds at most
    SCRATCH_KEPT_BYTES of them per work dict after training."""
    from nnteach import _lstm_kernel as kernel
    work = {}
    small = kernel.scratch(work, "a", (10, 10))
    assert kernel.scratch(work, "a", (10, 10)) is small          # kept and reused
    n = kernel.SCRATCH_KEPT_BYTES // 8 + 1                       # one float more than the budget
    big = kernel.scratch(work, "b", (n,))
    assert big.shape == (n,) and "b" not in work                  # given, not kept
    assert kernel.scratch(work, "b", (n,)) is not big
    assert sum(v.nbytes for v in work.values()) <= kernel.SCRATCH_KEPT_BYTES
    assert kernel.scratch(work, "a", (5,)).shape == (5,) and work["a"].shape == (5,)   # a new shape replaces
