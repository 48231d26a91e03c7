"""Hostile inputs, models and the neuron level: every misuse is a TypeError or ValueError at the call that
names the argument and what was expected (never a numpy error from inside, never a silent wrong result)."""
import numpy as np
import pytest

from hostile import T, V, expect, ids
from nnteach import LSTM, RNN, Neuron, NeuronNetwork, Perceptron, activations, costs
from nnteach.lstm import lstm_forward, lstm_loss_and_grads
from nnteach.recurrent import ConstantErrorCarousel, Gate, MemoryCell, SelfConnectedNeuron, error_factors
from nnteach.rnn import rnn_forward, rnn_loss_and_grads
from nnteach.validation import MAX_PARAMETERS

P = Perceptron(2, 2, 1, seed=0)
R = RNN(2, 3, 1, seed=0)
L = LSTM(2, 3, 1, seed=0)
X, Y = np.zeros((4, 2)), np.zeros((4, 1))
S, ST = np.zeros((3, 5, 2)), np.zeros((3, 5, 1))


def fired_network():
    net = NeuronNetwork.from_perceptron(Perceptron(2, 2, 1, seed=0))
    net.activate([1.0, 0.0])
    return net


def fired_neuron():
    n = Neuron(2, seed=0)
    n.activate([1.0, 0.0])
    return n


CASES = [
    # -- inputs of forward / loss_and_grads: types ------------------------------------------------
    ("forward(None)", lambda: P.forward(None), T, r"X must be an array of numbers, got None"),
    ("forward(text)", lambda: P.forward("0.5, 0.5"), T, r"X must be an array of numbers"),
    ("forward(list with text)", lambda: P.forward([1, "a"]), T, r"X must hold numbers, not text"),
    ("forward(dict)", lambda: P.forward({"x": 1}), T, r"X must be an array of numbers"),
    ("forward(a function)", lambda: P.forward(len), T, r"X must be an array of numbers"),
    ("forward(True)", lambda: P.forward(True), T, r"X must be an array of numbers, got bool"),
    ("forward(complex)", lambda: P.forward(np.array([1 + 1j, 2])), T, r"X must hold real numbers.*real numbers expected"),
    ("forward(complex list)", lambda: P.forward([1j, 0]), T, r"X must hold real numbers"),
    ("forward(objects)", lambda: P.forward(np.array([object(), 1], dtype=object)), T, r"X must hold real numbers only"),
    ("forward(None inside)", lambda: P.forward([1.0, None]), T, r"X must hold real numbers only; it holds None"),
    ("RNN forward(None)", lambda: R.forward(None), T, r"X must be an array of numbers, got None"),
    ("LSTM forward(text)", lambda: L.forward("abc"), T, r"X must be an array of numbers"),
    ("loss_and_grads T=None", lambda: P.loss_and_grads(X, None), T, r"T must be an array of numbers, got None"),
    ("loss_and_grads cost=5", lambda: P.loss_and_grads(X, Y, 5), T, r"cost must be one of 'mse', 'cross_entropy'"),
    ("loss_and_grads cost=list", lambda: P.loss_and_grads(X, Y, ["mse"]), T, r"cost must be one of"),
    ("RNN truncate='3'", lambda: R.loss_and_grads(S, ST, truncate="3"), T, r"truncate must be None \(full BPTT\) or a whole number"),
    ("RNN truncate=2.5", lambda: RNN(2, 3, 1, truncate=2.5), T, r"truncate"),
    ("RNN run h0 text", lambda: R.run(S, h0="zero"), T, r"h0 must be an array of numbers"),
    ("LSTM run y0 None inside", lambda: L.run(S, y0=[None, 1, 2]), T, r"y0 must hold real numbers"),
    ("RNN hidden_jacobians t='2'", lambda: R.hidden_jacobians(S[0], t="2"), T, r"t \(a number of steps"),
    # -- inputs: values and shapes ---------------------------------------------------------------
    ("forward ragged", lambda: P.forward([[1, 2], [1]]), V, r"X must be a rectangular array.*ragged"),
    ("forward NaN", lambda: P.forward([np.nan, 0]), V, r"X contains NaN or infinite values"),
    ("forward inf", lambda: P.forward([np.inf, 0]), V, r"X contains NaN or infinite"),
    ("forward too big a number", lambda: P.forward([10 ** 400, 0]), V, r"X holds a number too large"),
    ("forward wrong width", lambda: P.forward(np.zeros(3)), V, r"X has shape \(3,\); expected one pattern of shape \(2,\)"),
    ("forward 3-D", lambda: P.forward(np.zeros((2, 2, 2))), V, r"X has shape \(2, 2, 2\)"),
    ("forward empty batch", lambda: P.forward(np.zeros((0, 2))), V, r"X has shape \(0, 2\).*B >= 1"),
    ("loss_and_grads targets wrong shape", lambda: P.loss_and_grads(X, np.zeros((4, 2))), V, r"T has shape \(4, 2\); expected \(4, 1\)"),
    ("loss_and_grads unknown cost", lambda: P.loss_and_grads(X, Y, "hinge"), V, r"unknown cost 'hinge'"),
    ("cross-entropy targets above 1", lambda: P.loss_and_grads(X, Y + 2, "cross_entropy"), V, r"T \(the targets\) must lie in \[0, 1\]"),
    ("cross-entropy targets below 0", lambda: R.loss_and_grads(S, ST - 1, "cross_entropy"), V, r"must lie in \[0, 1\]"),
    ("cross-entropy with tanh outputs", lambda: Perceptron(2, 1, activation="tanh").loss_and_grads(X, Y, "cross_entropy"), V, r"output_activation='logistic'"),
    ("RNN forward one pattern", lambda: R.forward(np.zeros(2)), V, r"X has shape \(2,\); expected one sequence of shape \(T, 2\)"),
    ("LSTM targets wrong K", lambda: L.loss_and_grads(S, np.zeros((3, 5, 2))), V, r"T has shape \(3, 5, 2\); expected \(3, 5, 1\)"),
    ("RNN truncate=-1", lambda: RNN(2, 3, 1, truncate=-1), V, r"truncate"),
    ("RNN run h0 wrong shape", lambda: R.run(S, h0=np.zeros(7)), V, r"h0 has shape \(7,\)"),
    ("RNN hidden_jacobians t too large", lambda: R.hidden_jacobians(S[0], t=6), V, r"1 <= t <= 5"),
    # -- constructors -----------------------------------------------------------------------------
    ("Perceptron('2', 1)", lambda: Perceptron("2", 1), T, r"layer size 0 must be a whole number"),
    ("Perceptron(2.0, 1)", lambda: Perceptron(2.0, 1), T, r"layer size 0 must be a whole number.*float"),
    ("Perceptron(True, 1)", lambda: Perceptron(True, 1), T, r"layer size 0.*bool"),
    ("Perceptron([2, 3, 1])", lambda: Perceptron([2, 3, 1]), T, r"give the layer sizes one by one"),
    ("Perceptron(2)", lambda: Perceptron(2), V, r"at least two layer sizes"),
    ("Perceptron(2, 0)", lambda: Perceptron(2, 0), V, r"layer size 1 must be a whole number from 1"),
    ("Perceptron huge", lambda: Perceptron(10 ** 6, 10 ** 6), V, r"Perceptron\(1000000, 1000000\) would need 1,000,001,000,000 parameters"),
    ("Perceptron 401-digit size", lambda: Perceptron(10 ** 400, 1), V, r"layer size 0.*integer of 401 digits"),
    ("Perceptron activation=None", lambda: Perceptron(2, 1, activation=None), T, r"activation must be one of"),
    ("Perceptron activation='sigmoid'", lambda: Perceptron(2, 1, activation="sigmoid"), V, r"unknown activation 'sigmoid'"),
    ("Perceptron output_activation list", lambda: Perceptron(2, 1, output_activation=["tanh"]), T, r"activation must be one of"),
    ("Perceptron init=None", lambda: Perceptron(2, 1, init=None), T, r"init must be one of 'synaptic', 'xavier'"),
    ("Perceptron init='he'", lambda: Perceptron(2, 1, init="he"), V, r"init must be one of"),
    ("Perceptron seed='a'", lambda: Perceptron(2, 1, seed="a"), T, r"seed must be None or a whole number"),
    ("Perceptron seed=1.5", lambda: Perceptron(2, 1, seed=1.5), T, r"seed must be None or a whole number"),
    ("Perceptron seed=-1", lambda: Perceptron(2, 1, seed=-1), V, r"seed must be None or a whole number from 0"),
    ("Perceptron seed=True", lambda: Perceptron(2, 1, seed=True), T, r"seed"),
    ("RNN(2, 'h', 1)", lambda: RNN(2, "h", 1), T, r"H \(hidden units\) must be a whole number"),
    ("RNN(2, 0, 1)", lambda: RNN(2, 0, 1), V, r"H \(hidden units\)"),
    ("RNN huge", lambda: RNN(20000, 20000, 1), V, r"RNN\(20000, 20000, 1\) would need"),
    ("LSTM peepholes='yes'", lambda: LSTM(2, 3, 1, peepholes="yes"), T, r"peepholes must be True or False"),
    ("LSTM forget_bias='a'", lambda: LSTM(2, 3, 1, forget_bias="a"), T, r"forget_bias"),
    ("LSTM forget_bias=[1, 2]", lambda: LSTM(2, 3, 1, forget_bias=[1, 2]), T, r"forget_bias"),
    ("LSTM forget_bias=nan", lambda: LSTM(2, 3, 1, forget_bias=float("nan")), V, r"forget_bias"),
    ("LSTM(2, 3, None)", lambda: LSTM(2, 3, None), T, r"K \(outputs\)"),
    # -- the neuron level ------------------------------------------------------------------------
    ("NeuronNetwork([])", lambda: NeuronNetwork([]), V, r"layers must hold at least one layer"),
    ("NeuronNetwork([[]])", lambda: NeuronNetwork([[]]), V, r"layers\[0\] is empty"),
    ("NeuronNetwork('abc')", lambda: NeuronNetwork("abc"), T, r"layers must be a list of layers"),
    ("NeuronNetwork(None)", lambda: NeuronNetwork(None), T, r"layers must be a list"),
    ("NeuronNetwork([[1, 2]])", lambda: NeuronNetwork([[1, 2]]), T, r"layers\[0\] must be a list of Neuron objects"),
    ("NeuronNetwork([Neuron])", lambda: NeuronNetwork([Neuron(2)]), T, r"layers\[0\] must be a list of Neuron"),
    ("NeuronNetwork sizes do not chain", lambda: NeuronNetwork([[Neuron(2)], [Neuron(3)]]), V, r"layers\[1\] have 3 inputs, but layers\[0\] has 1"),
    ("NeuronNetwork mixed layer", lambda: NeuronNetwork([[Neuron(2), Neuron(3)]]), V, r"layers\[0\] have different numbers of inputs"),
    ("NeuronNetwork.from_perceptron(None)", lambda: NeuronNetwork.from_perceptron(None), T, r"net must be a Perceptron"),
    ("NeuronNetwork too many targets", lambda: fired_network().backpropagate([1, 0]), V, r"targets has shape \(2,\); expected \(1,\)"),
    ("NeuronNetwork too few targets", lambda: fired_network().backpropagate([]), V, r"targets has shape \(0,\); expected \(1,\)"),
    ("NeuronNetwork targets None", lambda: fired_network().backpropagate(None), T, r"targets must be an array"),
    ("NeuronNetwork propagate too many targets", lambda: fired_network().propagate(0.1, [1, 2]), V, r"targets has shape \(2,\)"),
    ("NeuronNetwork propagate rate text", lambda: fired_network().propagate("0.1", [1]), T, r"rate must be a number > 0"),
    ("NeuronNetwork activate wrong length", lambda: fired_network().activate([1, 2, 3]), V, r"x has shape \(3,\); expected \(2,\)"),
    ("NeuronNetwork activate text", lambda: fired_network().activate("10"), T, r"x must be an array of numbers"),
    ("Neuron(bias=[1, 2])", lambda: Neuron(2, bias=[1, 2]), T, r"bias \(one number\) must be a number"),
    ("Neuron(bias='1')", lambda: Neuron(2, bias="1"), T, r"bias \(one number\)"),
    ("Neuron(bias=True)", lambda: Neuron(2, bias=True), T, r"bias \(one number\).*bool"),
    ("Neuron(bias=nan)", lambda: Neuron(2, bias=float("nan")), V, r"bias \(one number\) must be a finite number"),
    ("Neuron('2')", lambda: Neuron("2"), T, r"n_inputs must be a whole number"),
    ("Neuron(0)", lambda: Neuron(0), V, r"n_inputs must be a whole number"),
    ("Neuron weights wrong length", lambda: Neuron(2, weights=[1, 2, 3]), V, r"weights has shape \(3,\); expected \(2,\)"),
    ("Neuron weights text", lambda: Neuron(2, weights="ab"), T, r"weights must be an array of numbers"),
    ("Neuron seed text", lambda: Neuron(2, seed="0"), T, r"seed"),
    ("Neuron output_delta target list", lambda: fired_neuron().output_delta([1, 2]), T, r"target \(one number\)"),
    ("Neuron output_delta cross-entropy target 2", lambda: fired_neuron().output_delta(2.0, "cross_entropy"), V, r"must lie in \[0, 1\]"),
    ("Neuron hidden_delta not pairs", lambda: fired_neuron().hidden_delta([1, 2]), T, r"downstream\[0\] must be a pair"),
    ("Neuron hidden_delta None", lambda: fired_neuron().hidden_delta(None), T, r"downstream must be a list of pairs"),
    ("Neuron hidden_delta text numbers", lambda: fired_neuron().hidden_delta([("0.1", 0.5)]), T, r"downstream\[0\]\[0\] \(δ_k\)"),
    ("Neuron update rate 0", lambda: (lambda n: (n.output_delta(1.0), n.update(0)))(fired_neuron()), V, r"rate must be a finite number > 0"),
    ("Neuron learn cost", lambda: Neuron(2, seed=0).learn([1, 0], 1.0, 0.1, cost="hinge"), V, r"unknown cost"),
    ("Neuron delta before activate", lambda: Neuron(2, seed=0).output_delta(1.0), V, r"activate the neuron first: neuron.activate\(x\)"),
    ("Neuron update before a delta", lambda: fired_neuron().update(0.1), V, r"compute a delta first"),
    # -- recurrent building blocks ------------------------------------------------------------------
    ("SelfConnectedNeuron(w=[1, 2])", lambda: SelfConnectedNeuron(w=[1, 2]), T, r"w \(one number\) must be a number"),
    ("SelfConnectedNeuron(w='1')", lambda: SelfConnectedNeuron(w="1"), T, r"w \(one number\)"),
    ("SelfConnectedNeuron(w=True)", lambda: SelfConnectedNeuron(w=True), T, r"w \(one number\).*bool"),
    ("SelfConnectedNeuron feedback list", lambda: SelfConnectedNeuron(feedback=["state"]), T, r"feedback must be one of"),
    ("SelfConnectedNeuron feedback unknown", lambda: SelfConnectedNeuron(feedback="input"), V, r"unknown feedback 'input'"),
    ("SelfConnectedNeuron run empty", lambda: SelfConnectedNeuron().run([]), V, r"x has shape \(0, 1\)"),
    ("error_factors(steps=-1)", lambda: error_factors(1.0, -1), V, r"steps \(a number of time steps\) must be a whole number from 1"),
    ("error_factors(steps=0)", lambda: error_factors(1.0, 0), V, r"steps"),
    ("error_factors(steps=2.5)", lambda: error_factors(1.0, 2.5), T, r"steps \(a number of time steps\) must be a whole number.*float"),
    ("error_factors(steps='3')", lambda: error_factors(1.0, "3"), T, r"steps"),
    ("error_factors(steps=10**12)", lambda: error_factors(1.0, 10 ** 12), V, r"steps.*1000000"),
    ("error_factors(w=[1, 2])", lambda: error_factors([1.0, 2.0], 3), T, r"w \(one number\)"),
    ("error_factors steps and x disagree", lambda: error_factors(1.0, 3, x=np.zeros(5)), V, r"steps is 3, but x holds 5 steps"),
    ("trace error_factors t too large", lambda: SelfConnectedNeuron().run(np.zeros(4)).error_factors(9), V, r"1 <= t <= 4"),
    ("MemoryCell(w_self=[1, 2])", lambda: MemoryCell(w_self=[1, 2]), T, r"w_self \(one number\)"),
    ("MemoryCell gate text", lambda: MemoryCell().run([1, 2], input_gate="open"), T, r"input_gate must be an array of numbers"),
    ("MemoryCell gate wrong length", lambda: MemoryCell().run([1, 2], input_gate=[1, 1, 1]), V, r"input_gate has shape \(3,\)"),
    ("MemoryCell squash_in list", lambda: MemoryCell(squash_in=["tanh"]), T, r"activation must be one of"),
    ("Gate(bias=[1, 2])", lambda: Gate(bias=[1, 2]), T, r"gate bias \(one number\)"),
    ("ConstantErrorCarousel(s0=None)", lambda: ConstantErrorCarousel(s0=None), T, r"s0 \(one number\)"),
    # -- the readable step-by-step functions -------------------------------------------------------------
    ("rnn_forward params None", lambda: rnn_forward(S, None), T, r"params must be a dict of arrays holding 'W'"),
    ("rnn_forward params missing U", lambda: rnn_forward(S, {"W": R.params["W"], "b": R.params["b"]}), V, r"params lacks 'U'"),
    ("rnn_forward U of the wrong shape", lambda: rnn_forward(S, dict(R.params, U=np.zeros((2, 2)))), V, r"params\['U'\] has shape \(2, 2\); expected \(3, 3\)"),
    ("rnn_forward X text", lambda: rnn_forward("abc", R.params), T, r"X must be an array of numbers"),
    ("rnn_loss_and_grads T wrong", lambda: rnn_loss_and_grads(S, np.zeros((3, 5, 2)), R.params), V, r"T has shape \(3, 5, 2\)"),
    ("lstm_forward params a list", lambda: lstm_forward(S, list(L.params.values())), T, r"params must be a dict of arrays holding 'Wz'"),
    ("lstm_forward peepholes text", lambda: lstm_forward(S, L.params, peepholes="yes"), T, r"peepholes must be True or False"),
    ("lstm_loss_and_grads X of the wrong width", lambda: lstm_loss_and_grads(np.zeros((5, 3)), np.zeros((5, 1)), L.params), V, r"X has shape \(5, 3\)"),
    ("lstm_loss_and_grads cross-entropy target 2", lambda: lstm_loss_and_grads(S, ST + 2, L.params, cost="cross_entropy"), V, r"must lie in \[0, 1\]"),
    # -- the math floor ------------------------------------------------------------------------------
    ("costs.mse(text)", lambda: costs.mse("a", "b"), T, r"y \(the outputs\) must be an array of numbers"),
    ("costs.mse shapes", lambda: costs.mse(np.zeros(3), np.zeros(2)), V, r"y \(the outputs\) has shape \(3,\) and t \(the targets\) \(2,\)"),
    ("costs.cross_entropy targets 2", lambda: costs.cross_entropy(np.array([0.5]), np.array([2.0])), V, r"t \(the targets\) must lie in \[0, 1\]"),
    ("costs.cost name list", lambda: costs.cost(["mse"], [1.0], [1.0]), T, r"cost must be one of"),
    ("costs.output_delta activation None", lambda: costs.output_delta("mse", 0.5, 1.0, None), T, r"activation must be one of"),
    ("activations.get(['tanh'])", lambda: activations.get(["tanh"]), T, r"activation must be one of"),
    ("activations.get('sigmoid')", lambda: activations.get("sigmoid"), V, r"unknown activation 'sigmoid'"),
    ("saturation_edge gain text", lambda: activations.saturation_edge("logistic", "a"), T, r"gain must be a number"),
]


@pytest.mark.parametrize("name,call,kind,names", CASES, ids=ids(CASES))
def test_misuse_is_a_clear_error_at_the_call(name, call, kind, names):
    expect(call, kind, names)


def test_the_suite_covers_at_least_a_hundred_model_level_cases():
    assert len(CASES) >= 100


def test_a_huge_model_is_refused_before_anything_is_allocated():
    import tracemalloc
    tracemalloc.start()
    with pytest.raises(ValueError, match="parameters"):
        LSTM(5000, 5000, 5000)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 1_000_000, f"refusing a huge model allocated {peak} bytes"
    assert MAX_PARAMETERS == 10_000_000


def test_valid_inputs_keep_working():
    """The checks change nothing for good input: bools arrays as 0/1, numpy scalars, np.int64 sizes and seeds."""
    np.testing.assert_array_equal(P.forward(np.array([True, False])), P.forward([1.0, 0.0]))
    net = Perceptron(np.int64(2), np.int64(2), 1, seed=np.int64(0))
    assert net.seed == 0 and type(net.seed) is int and net.sizes == (2, 2, 1)
    assert Neuron(2, bias=np.float64(0.5)).bias == 0.5
    assert SelfConnectedNeuron(w=np.array(0.5)).w == 0.5
    assert len(error_factors(1.0, np.int64(5))) == 6
