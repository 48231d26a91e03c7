"""Perceptron: the model contract (nnteach.model), backprop against finite differences, math.md §9.1."""
import numpy as np
import pytest

from nnteach import Perceptron, gradcheck

SHAPES = [(2, 3, 1), (3, 4, 2), (4, 5, 3, 2), (1, 1), (5, 2, 6, 3, 1)]


def random_net(sizes, seed, **kw):
    net = Perceptron(*sizes, seed=seed, **kw)
    rng = np.random.default_rng(seed + 100)
    for p in net.params.values():
        p[...] = rng.uniform(-1, 1, size=p.shape)      # math.md §8.1: not the ±0.1 init
    return net


def data(sizes, batch, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(batch, sizes[0]))
    T = rng.uniform(0.1, 0.9, size=(batch, sizes[-1]))
    return X, T


# -- the contract --------------------------------------------------------------------------
def test_parameter_names_and_shapes():
    net = Perceptron(3, 5, 2, seed=0)
    assert list(net.params) == ["W1", "b1", "W2", "b2"]
    assert net.params["W1"].shape == (5, 3) and net.params["b1"].shape == (5,)
    assert net.params["W2"].shape == (2, 5) and net.params["b2"].shape == (2,)
    assert all(p.dtype == np.float64 for p in net.params.values())


def test_default_init_is_synaptic_uniform_and_seeded():
    a, b, c = Perceptron(4, 50, 3, seed=1), Perceptron(4, 50, 3, seed=1), Perceptron(4, 50, 3, seed=2)
    for k in a.params:
        assert np.array_equal(a.params[k], b.params[k])
        assert np.all(np.abs(a.params[k]) <= 0.1)
    assert not np.array_equal(a.params["W1"], c.params["W1"])


def test_params_are_live():
    net = Perceptron(2, 1, seed=0)
    net.params["W1"][...] = 0.0
    net.params["b1"][...] = 0.0
    assert net.forward([3.0, -2.0])[0] == 0.5


def test_forward_shapes_for_a_pattern_and_a_batch():
    net = Perceptron(3, 4, 2, seed=0)
    assert net.forward(np.zeros(3)).shape == (2,)
    assert net.forward(np.zeros((7, 3))).shape == (7, 2)


def test_batch_forward_equals_pattern_by_pattern():
    net = random_net((3, 4, 2), 0)
    X, _ = data((3, 4, 2), 6, 1)
    assert np.allclose(net.forward(X), np.array([net.forward(x) for x in X]), atol=1e-15)


def test_copy_is_independent():
    net = Perceptron(2, 3, 1, seed=0)
    twin = net.copy()
    twin.params["W1"][0, 0] += 1.0
    assert net.params["W1"][0, 0] != twin.params["W1"][0, 0]
    assert np.array_equal(net.params["W2"], twin.params["W2"])
    assert isinstance(twin, Perceptron) and twin.sizes == net.sizes


def test_repr_shows_the_architecture():
    assert "2-3-1" in repr(Perceptron(2, 3, 1))


# -- backprop = central differences --------------------------------------------------------
@pytest.mark.parametrize("sizes", SHAPES)
@pytest.mark.parametrize("cost", ["mse", "cross_entropy"])
@pytest.mark.parametrize("batch", [None, 5])
def test_backprop_matches_central_differences(sizes, cost, batch):
    net = random_net(sizes, seed=len(sizes) + sizes[0])
    X, T = data(sizes, batch or 1, seed=3)
    if batch is None:
        X, T = X[0], T[0]
    # h = 3e-5 rather than 1e-5: the first layer of the 5-layer net has tiny gradients, and
    # round-off (~ε_mach·L/h) would otherwise dominate its relative error (math.md §8.1, item 3).
    report = gradcheck.check_model(net, X, T, cost, h=3e-5)
    assert report.max_relative_error < 1e-8, str(report)
    _, grads = net.loss_and_grads(X, T, cost)
    for k, g in grads.items():
        assert np.allclose(g, report.numeric[k], rtol=1e-6, atol=1e-8), k


@pytest.mark.parametrize("act", ["tanh", "identity"])
def test_backprop_with_other_activations(act):
    net = random_net((3, 4, 2), 5, activation=act, output_activation="identity")
    X, T = data((3, 4, 2), 4, 6)
    assert gradcheck.check_model(net, X, T, "mse").max_relative_error < 1e-8


def test_relu_backprop_away_from_kinks():
    net = random_net((3, 6, 2), 7, activation="relu", output_activation="logistic")
    X, T = data((3, 6, 2), 4, 8)
    assert gradcheck.check_model(net, X, T, "cross_entropy").ok


@pytest.mark.parametrize("cost", ["mse", "cross_entropy"])
def test_batch_gradient_is_the_mean_of_pattern_gradients(cost):
    net = random_net((3, 4, 2), 9)
    X, T = data((3, 4, 2), 6, 10)
    loss, grads = net.loss_and_grads(X, T, cost)
    singles = [net.loss_and_grads(x, t, cost) for x, t in zip(X, T)]
    assert loss == pytest.approx(np.mean([s[0] for s in singles]), rel=1e-12)
    for k in grads:
        assert np.allclose(grads[k], np.mean([s[1][k] for s in singles], axis=0), atol=1e-14)


def test_a_small_online_step_decreases_the_error_math_md_8_2():
    net = random_net((3, 4, 2), 11)
    x, t = data((3, 4, 2), 1, 12)
    before, grads = net.loss_and_grads(x[0], t[0])
    for k, p in net.params.items():
        p -= 1e-3 * grads[k]
    after, _ = net.loss_and_grads(x[0], t[0])
    assert after < before


# -- math.md §9.1, to 4 decimals ------------------------------------------------------------
def test_worked_example_forward(worked_example):
    net, x, _, _ = worked_example
    _, Y1, Y2 = net.forward_all(x)
    assert np.round(Y1, 4).tolist() == [0.6035, 0.5498]
    assert round(float(Y2[0]), 4) == 0.5356


@pytest.mark.parametrize("cost,loss,grad_W2,grad_b2,grad_W1,grad_b1,new_W2,new_b2,new_W1,new_b1,new_y,new_loss", [
    ("mse", 0.1078, [0.0697, 0.0635], 0.1155, [[0.0155, 0.0039], [-0.0137, -0.0034]], [0.0193, -0.0172],
     [0.7349, -0.5682], 0.1078, [[0.5077, -0.3981], [0.2931, 0.7983]], [0.1097, -0.2086], 0.5606, 0.0965),
    ("cross_entropy", 0.6244, [0.2803, 0.2554], 0.4644, [[0.0622, 0.0156], [-0.0552, -0.0138]], [0.0778, -0.0690],
     [0.8401, -0.4723], 0.2822, [[0.5311, -0.3922], [0.2724, 0.7931]], [0.1389, -0.2345], 0.6340, 0.4557),
])
def test_worked_example_backward_and_update(worked_example, cost, loss, grad_W2, grad_b2, grad_W1, grad_b1,
                                            new_W2, new_b2, new_W1, new_b1, new_y, new_loss):
    net, x, t, rate = worked_example
    E, grads = net.loss_and_grads(x, t, cost)
    assert round(E, 4) == loss
    # math.md prints −∂E/∂w = δ y; nnteach returns ∂E/∂w.
    assert np.round(-grads["W2"][0], 4).tolist() == grad_W2
    assert round(float(-grads["b2"][0]), 4) == grad_b2
    assert np.round(-grads["W1"], 4).tolist() == grad_W1
    assert np.round(-grads["b1"], 4).tolist() == grad_b1
    for k, p in net.params.items():
        p -= rate * grads[k]
    assert np.round(net.params["W2"][0], 4).tolist() == new_W2
    assert round(float(net.params["b2"][0]), 4) == new_b2
    assert np.round(net.params["W1"], 4).tolist() == new_W1
    assert np.round(net.params["b1"], 4).tolist() == new_b1
    assert round(float(net.forward(x)[0]), 4) == new_y
    assert round(net.loss_and_grads(x, t, cost)[0], 4) == new_loss


# -- bad input: ValueError naming the expected shape or the choices -------------------------
@pytest.mark.parametrize("X,expected", [
    (np.zeros(4), r"\(3,\)"), (np.zeros((2, 4)), r"\(B, 3\)"), (np.zeros((2, 2, 3)), r"\(B, 3\)"),
    (np.zeros((0, 3)), r"B >= 1"), ("abc", "numbers"),
])
def test_forward_rejects_bad_shapes(X, expected):
    with pytest.raises(ValueError, match=expected):
        Perceptron(3, 2, seed=0).forward(X)


def test_loss_and_grads_rejects_targets_of_the_wrong_shape():
    net = Perceptron(3, 2, seed=0)
    with pytest.raises(ValueError, match=r"expected \(4, 2\)"):
        net.loss_and_grads(np.zeros((4, 3)), np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"expected \(2,\)"):
        net.loss_and_grads(np.zeros(3), np.zeros((1, 2)))


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_inputs_are_rejected(bad):
    net = Perceptron(2, 1, seed=0)
    with pytest.raises(ValueError, match="NaN or infinite"):
        net.forward([0.0, bad])
    with pytest.raises(ValueError, match="NaN or infinite"):
        net.loss_and_grads([0.0, 1.0], [bad])


def test_unknown_cost_and_activation_list_the_choices():
    net = Perceptron(2, 1, seed=0)
    with pytest.raises(ValueError, match="'mse', 'cross_entropy'"):
        net.loss_and_grads([0.0, 1.0], [1.0], cost="l1")
    with pytest.raises(ValueError, match="logistic"):
        Perceptron(2, 1, activation="sigmoid")


def test_cross_entropy_needs_logistic_outputs():
    net = Perceptron(2, 1, output_activation="identity", seed=0)
    with pytest.raises(ValueError, match="output_activation='logistic'"):
        net.loss_and_grads([0.0, 1.0], [1.0], cost="cross_entropy")


@pytest.mark.parametrize("sizes", [(3,), (3, 0), (3, -1), (2.5, 1)])
def test_bad_layer_sizes(sizes):
    with pytest.raises(ValueError):
        Perceptron(*sizes)


def test_forward_layers_and_two_layer_forward_equal_the_model():
    """The small readable forward passes used by the figures and checks agree with Perceptron."""
    from nnteach.perceptron import forward_layers, two_layer_forward

    net = Perceptron(2, 3, 1, seed=4)
    for p in net.params.values():
        p[...] = np.random.default_rng(5).uniform(-2, 2, size=p.shape)
    X = np.random.default_rng(6).normal(size=(5, 2))
    Ws, bs = [net.params["W1"], net.params["W2"]], [net.params["b1"], net.params["b2"]]
    for x in X:
        layers = forward_layers(Ws, bs, x)
        expected = net.forward_all(x)[1:]
        for (s, y), y_net in zip(layers, expected):
            np.testing.assert_allclose(y, y_net, rtol=1e-13)
    s_h, y_h, s_o, y_o = two_layer_forward(Ws[0], bs[0], Ws[1], bs[1], X)
    np.testing.assert_allclose(y_o, net.forward(X)[:, 0], rtol=1e-13)
    np.testing.assert_allclose(y_h, net.forward_all(X)[1], rtol=1e-13)
    assert s_h.shape == (5, 3) and s_o.shape == (5,)
