"""Neuron level (loops) and matrix level (Perceptron) compute the same numbers."""
import numpy as np
import pytest

from nnteach import Neuron, NeuronNetwork, Perceptron


def test_state_includes_the_bias_as_an_always_one_input():
    n = Neuron(2, weights=[0.5, -0.4], bias=0.1)
    assert n.state([0.8, 0.2]) == pytest.approx(0.5 * 0.8 - 0.4 * 0.2 + 0.1 * 1)
    assert n.state([0.0, 0.0]) == pytest.approx(0.1)


def test_activate_remembers_state_activation_and_slope():
    n = Neuron(2, weights=[0.5, -0.4], bias=0.1)
    y = n.activate([0.8, 0.2])
    assert round(n.s, 4) == 0.4200 and round(y, 4) == 0.6035 and round(n.derivative, 4) == 0.2393


def test_repr_shows_the_numbers():
    n = Neuron(2, weights=[0.5, -0.4], bias=0.1)
    n.activate([0.8, 0.2])
    text = repr(n)
    assert "0.5000" in text and "-0.4000" in text and "s=0.4200" in text and "y=0.6035" in text


def test_learn_applies_the_delta_rule_for_one_update():
    n = Neuron(2, weights=[0.7, -0.6], bias=0.05)
    x = [0.6035, 0.5498]
    y = n.activate(x)
    delta_expected = (1 - y) * y * (1 - y)
    n2 = Neuron(2, weights=[0.7, -0.6], bias=0.05)
    delta = n2.learn(x, 1.0, rate=0.5)
    assert delta == pytest.approx(delta_expected)
    assert n2.weights == pytest.approx([0.7 + 0.5 * delta * x[0], -0.6 + 0.5 * delta * x[1]])
    assert n2.bias == pytest.approx(0.05 + 0.5 * delta)


def test_one_neuron_learns_AND():
    from nnteach.datasets import logic_gate
    X, T = logic_gate("AND")
    n = Neuron(2, seed=0)
    for _ in range(3000):
        for x, t in zip(X, T):
            n.learn(x, t[0], rate=0.5, cost="cross_entropy")
    assert [round(n.activate(x)) for x in X] == [0, 0, 0, 1]


@pytest.mark.parametrize("sizes", [(2, 2, 1), (3, 4, 2), (2, 3, 3, 2)])
@pytest.mark.parametrize("cost", ["mse", "cross_entropy"])
def test_neuron_network_and_perceptron_agree_on_outputs_and_gradients(sizes, cost):
    net = Perceptron(*sizes, seed=1)
    rng = np.random.default_rng(2)
    for p in net.params.values():
        p[...] = rng.uniform(-1, 1, p.shape)
    neurons = NeuronNetwork.from_perceptron(net)
    x = rng.normal(size=sizes[0])
    t = rng.uniform(0.1, 0.9, size=sizes[-1])
    assert np.allclose(neurons.activate(x), net.forward(x), atol=1e-14)
    neurons.backpropagate(t, cost)
    _, grads = net.loss_and_grads(x, t, cost)
    for k, g in neurons.gradients().items():
        assert np.allclose(g, grads[k], atol=1e-14), k


def test_neuron_network_update_matches_a_perceptron_step(worked_example):
    net, x, t, rate = worked_example
    neurons = NeuronNetwork.from_perceptron(net)
    neurons.activate(x)
    neurons.backpropagate(t)
    neurons.update(rate)
    _, grads = net.loss_and_grads(x, t)
    for k, p in net.params.items():
        p -= rate * grads[k]
    again = NeuronNetwork.from_perceptron(net)
    for layer_a, layer_b in zip(neurons.layers, again.layers):
        for a, b in zip(layer_a, layer_b):
            assert a.weights == pytest.approx(b.weights, abs=1e-14) and a.bias == pytest.approx(b.bias, abs=1e-14)


def test_synaptic_compat_propagate_reproduces_math_md_9_1_c(worked_example):
    net, x, t, rate = worked_example
    neurons = NeuronNetwork.from_perceptron(net)
    neurons.activate(x)
    neurons.propagate(rate, t)
    hidden, (out,) = neurons.layers
    assert [round(n.delta, 4) for n in hidden] == [0.0934, -0.0543]
    assert [round(w, 4) for w in hidden[0].weights] == [0.5373, -0.3907]
    assert [round(w, 4) for w in hidden[1].weights] == [0.2783, 0.7946]
    assert [round(n.bias, 4) for n in hidden] == [0.1467, -0.2271]
    assert [round(w, 4) for w in out.weights] == [0.8401, -0.4723] and round(out.bias, 4) == 0.2822


def test_bad_neuron_input():
    n = Neuron(3)
    with pytest.raises(ValueError, match=r"expected \(3,\)"):
        n.activate([1.0, 2.0])
    with pytest.raises(ValueError, match=r"expected \(2,\)"):
        Neuron(2, weights=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="rate"):
        n.activate([1.0, 2.0, 3.0])
        n.output_delta(1.0)
        n.update(0.0)
    with pytest.raises(RuntimeError, match="activate"):
        Neuron(2).output_delta(1.0)
