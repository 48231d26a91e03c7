"""Property-based tests (hypothesis) of the model contract and of save/load.

* random valid sizes and shapes give the documented output and gradient shapes;
* random invalid shapes and random garbage give a ``ValueError`` or ``TypeError`` naming the argument,
  never another exception;
* random models with random weights (huge, tiny, subnormal, negative zero) round-trip through a file
  exactly.

Deterministic (``derandomize=True``, no example database) and quick (a few dozen examples each).
"""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnteach import LSTM, RNN, Perceptron, load, save, train

FAST = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

size = st.integers(min_value=1, max_value=5)
finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e3, max_value=1e3)


@st.composite
def perceptrons(draw):
    sizes = draw(st.lists(size, min_size=2, max_size=4))
    act = draw(st.sampled_from(["logistic", "tanh", "identity", "relu"]))
    return Perceptron(*sizes, activation=act, output_activation="logistic", seed=draw(st.integers(0, 2 ** 32)))


@st.composite
def sequence_models(draw):
    N, H, K = draw(size), draw(size), draw(size)
    seed = draw(st.integers(0, 2 ** 32))
    if draw(st.booleans()):
        return RNN(N, H, K, seed=seed, truncate=draw(st.one_of(st.none(), st.integers(0, 4))))
    return LSTM(N, H, K, peepholes=draw(st.booleans()), seed=seed, forget_bias=draw(st.one_of(st.none(), finite)))


# -- valid shapes: the documented output shapes -----------------------------------------------------------
@FAST
@given(perceptrons(), st.one_of(st.none(), st.integers(1, 6)), st.data())
def test_a_perceptron_maps_patterns_and_batches_to_outputs_of_the_documented_shape(net, batch, data):
    N, K = net.n_inputs, net.n_outputs
    shape = (N,) if batch is None else (batch, N)
    X = np.array(data.draw(st.lists(finite, min_size=int(np.prod(shape)), max_size=int(np.prod(shape))))).reshape(shape)
    Y = net.forward(X)
    assert Y.shape == shape[:-1] + (K,) and np.all((Y >= 0) & (Y <= 1))
    T = np.clip(Y + 0.1, 0, 1)
    for cost in ("mse", "cross_entropy"):
        loss, grads = net.loss_and_grads(X, T, cost)
        assert isinstance(loss, float) and np.isfinite(loss)
        assert {k: g.shape for k, g in grads.items()} == {k: p.shape for k, p in net.params.items()}


@FAST
@given(sequence_models(), st.one_of(st.none(), st.integers(1, 3)), st.integers(1, 5))
def test_a_sequence_model_maps_sequences_and_batches_to_outputs_of_the_documented_shape(model, batch, steps):
    shape = (steps, model.N) if batch is None else (batch, steps, model.N)
    X = np.random.default_rng(0).normal(size=shape)
    Y = model.forward(X)
    assert Y.shape == shape[:-1] + (model.K,)
    loss, grads = model.loss_and_grads(X, np.full(Y.shape, 0.5))
    assert np.isfinite(loss) and {k: g.shape for k, g in grads.items()} == {k: p.shape for k, p in model.params.items()}
    assert type(model).param_shapes(model.config()) == {k: p.shape for k, p in model.params.items()}


# -- invalid shapes and garbage: a ValueError or TypeError, never anything else ----------------------------
shapes = st.lists(st.integers(0, 4), min_size=0, max_size=4).map(tuple)


@FAST
@given(perceptrons(), shapes)
def test_any_input_shape_is_accepted_exactly_when_it_is_documented(net, shape):
    X = np.zeros(shape)
    valid = (len(shape) == 1 and shape == (net.n_inputs,)) or (len(shape) == 2 and shape[1] == net.n_inputs and shape[0] >= 1)
    if valid:
        assert net.forward(X).shape == shape[:-1] + (net.n_outputs,)
    else:
        with pytest.raises(ValueError, match=r"X has shape .* expected one pattern of shape"):
            net.forward(X)


@FAST
@given(sequence_models(), shapes, shapes)
def test_any_sequence_shapes_are_accepted_exactly_when_they_are_documented(model, x_shape, t_shape):
    X, T = np.zeros(x_shape), np.full(t_shape, 0.5)
    x_ok = len(x_shape) in (2, 3) and x_shape[-1] == model.N and 0 not in x_shape
    t_ok = x_ok and t_shape == x_shape[:-1] + (model.K,)
    if t_ok:
        loss, _ = model.loss_and_grads(X, T)
        assert np.isfinite(loss)
    else:
        with pytest.raises(ValueError, match=r"\b[XT] has shape"):
            model.loss_and_grads(X, T)


garbage = st.one_of(
    st.none(), st.text(max_size=5), st.booleans(), st.complex_numbers(allow_nan=False, max_magnitude=10),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    st.lists(st.one_of(st.text(max_size=2), st.none(), st.complex_numbers(max_magnitude=1)), min_size=1, max_size=3),
    st.lists(st.lists(st.floats(), max_size=3), min_size=1, max_size=3),                 # ragged, NaN, inf
    st.floats(), st.integers(min_value=-10 ** 400, max_value=10 ** 400),
)


@FAST
@given(perceptrons(), garbage)
def test_garbage_inputs_are_type_or_value_errors_naming_x(net, X):
    try:
        net.forward(X)
    except (TypeError, ValueError) as err:
        assert "X" in str(err), str(err)


@FAST
@given(sequence_models(), garbage)
def test_garbage_targets_are_type_or_value_errors_naming_t(model, T):
    try:
        model.loss_and_grads(np.zeros((2, model.N)), T)
    except (TypeError, ValueError) as err:
        assert "T" in str(err), str(err)
    else:
        pytest.fail(f"targets {T!r} were accepted")


@FAST
@given(st.one_of(garbage, st.integers(-3, 0), st.just(2.5)),
       st.sampled_from(["rate", "iterations", "error", "momentum", "batch_size", "log", "every", "clip", "seed",
                        "shuffle", "progress", "cost"]))
def test_garbage_options_never_reach_the_weights(value, option):
    net = Perceptron(2, 2, 1, seed=0)
    before = {k: v.copy() for k, v in net.params.items()}
    X, T = np.eye(2), np.array([[0.0], [1.0]])
    try:
        train(net, (X, T), **{"iterations": 2, option: value})
    except (TypeError, ValueError) as err:
        assert option in str(err), f"{option}={value!r}: {err}"
        assert all(np.array_equal(before[k], net.params[k]) for k in before), "a refused option changed a weight"


# -- save / load: an exact round trip ----------------------------------------------------------------------
weights = st.one_of(finite, st.floats(allow_nan=False, allow_infinity=False), st.sampled_from([0.0, -0.0, 5e-324, 1e308]))


@FAST
@given(st.one_of(perceptrons(), sequence_models()), st.data())
def test_random_models_and_weights_round_trip_exactly(tmp_path_factory, model, data):
    for p in model.params.values():
        p[...] = np.array(data.draw(st.lists(weights, min_size=p.size, max_size=p.size))).reshape(p.shape)
    path = save(model, tmp_path_factory.mktemp("models") / "m.json")
    back = load(path)
    assert type(back) is type(model) and back.config() == model.config()
    for k, p in model.params.items():
        assert back.params[k].tobytes() == p.tobytes(), f"{k} changed in the round trip"
