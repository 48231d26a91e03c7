"""The worked example of math.md §9.1, computed once in nnteach.datasets.worked_example: its numbers
are the printed ones, and the neuron-level and matrix-level models reproduce them exactly."""
import numpy as np
import pytest

from nnteach import NeuronNetwork
from nnteach.datasets.worked_example import (WORKED_WEIGHTS, error_with, params_of, worked_example, worked_params,
                                             worked_pass)

# math.md §9.1, copied literally (4 decimals).
MSE = dict(E=0.1078, delta={"o": 0.1155, "h1": 0.0193, "h2": -0.0172},
           w_new={"w_oh1": 0.7349, "w_oh2": -0.5682, "b_o": 0.1078, "w_h1x1": 0.5077, "w_h1x2": -0.3981,
                  "w_h2x1": 0.2931, "w_h2x2": 0.7983, "b_h1": 0.1097, "b_h2": -0.2086},
           y_new=0.5606, E_new=0.0965)
CE = dict(E=0.6244, delta={"o": 0.4644, "h1": 0.0778, "h2": -0.0690},
          w_new={"w_oh1": 0.8401, "w_oh2": -0.4723, "b_o": 0.2822, "w_h1x1": 0.5311, "w_h1x2": -0.3922,
                 "w_h2x1": 0.2724, "w_h2x2": 0.7931, "b_h1": 0.1389, "b_h2": -0.2345},
          y_new=0.6340, E_new=0.4557)


def test_forward_pass_matches_section_9_1():
    r = worked_pass("mse")
    assert round(r.s["h1"], 4) == 0.42 and round(r.s["h2"], 4) == 0.2 and round(r.s["o"], 4) == 0.1425
    assert [round(r.y[u], 4) for u in ("h1", "h2", "o")] == [0.6035, 0.5498, 0.5356]
    assert [round(r.fprime[u], 4) for u in ("h1", "h2", "o")] == [0.2393, 0.2475, 0.2487]


@pytest.mark.parametrize("cost, expected", [("mse", MSE), ("cross_entropy", CE)])
def test_backward_pass_and_update_match_section_9_1(cost, expected):
    r = worked_pass(cost)
    assert round(r.E, 4) == expected["E"]
    for unit, d in expected["delta"].items():
        assert round(r.delta[unit], 4) == d, unit
    for name, w in expected["w_new"].items():
        assert round(r.w_new[name], 4) == w, name
    assert round(r.y_new, 4) == expected["y_new"]
    assert round(r.E_new, 4) == expected["E_new"]


@pytest.mark.parametrize("cost", ["mse", "cross_entropy"])
def test_perceptron_gives_the_same_loss_gradients_and_update(cost):
    r = worked_pass(cost, rate=0.5)
    net, x, t, rate = worked_example()
    loss, grads = net.loss_and_grads(x, t, cost)
    assert r.E == pytest.approx(loss, abs=1e-12)
    for key in grads:
        np.testing.assert_allclose(r.grads[key], grads[key], rtol=0, atol=1e-12, err_msg=key)
    for name, (key, index, _) in WORKED_WEIGHTS.items():
        assert r.dw[name] == pytest.approx(-rate * grads[key][index], abs=1e-12), name
    new = net.copy()
    for k in new.params:
        new.params[k] -= rate * grads[k]
    assert r.y_new == pytest.approx(float(new.forward(x)[0]), abs=1e-12)
    np.testing.assert_allclose(new.forward_all(x)[1], [r.y_after["h1"], r.y_after["h2"]], rtol=0, atol=1e-12)


@pytest.mark.parametrize("cost", ["mse", "cross_entropy"])
def test_neuron_network_gives_the_same_numbers_neuron_by_neuron(cost):
    r = worked_pass(cost)
    net, x, t, rate = worked_example()
    neurons = NeuronNetwork.from_perceptron(net)
    (h1, h2), (o,) = neurons.layers
    neurons.activate(x)
    neurons.backpropagate(t, cost)
    for name, unit in (("h1", h1), ("h2", h2), ("o", o)):
        assert unit.s == pytest.approx(r.s[name], abs=1e-12), name
        assert unit.y == pytest.approx(r.y[name], abs=1e-12), name
        assert unit.derivative == pytest.approx(r.fprime[name], abs=1e-12), name
        assert unit.delta == pytest.approx(r.delta[name], abs=1e-12), name
    neurons.update(rate)
    assert neurons.activate(x)[0] == pytest.approx(r.y_new, abs=1e-12)


def test_gradient_is_minus_delta_times_the_carried_activation():
    r = worked_pass("mse")
    assert r.gradient["w_oh1"] == pytest.approx(-r.delta["o"] * r.y["h1"])
    assert r.gradient["b_h2"] == pytest.approx(-r.delta["h2"])
    assert r.gradient["w_h1x2"] == pytest.approx(-r.delta["h1"] * 0.2)


def test_error_with_one_weight_changed_is_the_error_of_the_changed_network():
    net, x, t, _ = worked_example()
    net.params["W2"][0, 0] = 1.3
    assert error_with("w_oh1", 1.3) == pytest.approx(0.5 * (t[0] - net.forward(x)[0]) ** 2, abs=1e-15)
    assert error_with("w_oh1", 0.7) == pytest.approx(worked_pass("mse").E, abs=1e-15)
    with pytest.raises(ValueError, match="unknown weight 'w_x'"):
        error_with("w_x", 1.0)


def test_params_of_and_worked_params_are_fresh_perceptron_arrays():
    p = worked_params()
    assert {k: v.shape for k, v in p.items()} == {"W1": (2, 2), "b1": (2,), "W2": (1, 2), "b2": (1,)}
    assert p["W1"][0, 1] == -0.4 and p["b2"][0] == 0.05
    p["W1"][0, 0] = 99.0
    assert worked_params()["W1"][0, 0] == 0.5
    assert params_of(worked_pass("mse").w_new)["W2"][0, 0] == pytest.approx(0.7349, abs=5e-5)


def test_bad_cost_is_a_clear_error():
    with pytest.raises(ValueError, match="cost"):
        worked_pass("hinge")
