"""The Elman network RNN(N, H, K): forward pass (math.md §3.2), BPTT and BPTT(h) (§3.3), the model contract."""
import numpy as np
import pytest

from nnteach import RNN, costs, gradcheck
from nnteach.recurrent import SelfConnectedNeuron
from model_helpers import assert_matches_central_differences, flat


def random_model(N, H, K, seed, **kw):
    """Weights ~ U(−1, 1) for gradient checks (math.md §8.1: the ±0.1 init hides bugs)."""
    model = RNN(N, H, K, seed=seed, **kw)
    rng = np.random.default_rng(seed + 100)
    for p in model.params.values():
        p[...] = rng.uniform(-1, 1, size=p.shape)
    return model


def random_data(shape, K, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=shape)
    T = rng.uniform(0.1, 0.9, size=shape[:-1] + (K,))
    return X, T


# -- forward ----------------------------------------------------------------------------------------
def test_params_have_the_contract_names_and_shapes():
    model = RNN(3, 5, 2, seed=0)
    assert {k: v.shape for k, v in model.params.items()} == {
        "W": (5, 3), "U": (5, 5), "b": (5,), "V": (2, 5), "c": (2,)}
    assert all(v.dtype == np.float64 for v in model.params.values())
    assert all(np.all(np.abs(v) <= 0.1) for v in model.params.values()), "default init is U[−0.1, 0.1)"


def test_forward_equations_by_hand():
    """a_t = W x_t + U h_{t−1} + b, h_t = tanh a_t, p_t = σ(V h_t + c), h_0 = 0 (Eq. 3.2)."""
    model = random_model(2, 3, 2, seed=1)
    p = model.params
    X = np.array([[0.5, -1.0], [1.5, 0.2], [-0.3, 0.8]])
    h = np.zeros(3)
    expected = []
    for x in X:
        h = np.tanh(p["W"] @ x + p["U"] @ h + p["b"])
        expected.append(1 / (1 + np.exp(-(p["V"] @ h + p["c"]))))
    np.testing.assert_allclose(model.forward(X), expected, rtol=1e-13)


def test_batch_forward_equals_forward_of_each_sequence():
    model = random_model(3, 4, 2, seed=2)
    X, _ = random_data((5, 6, 3), 2, seed=3)
    Y = model.forward(X)
    assert Y.shape == (5, 6, 2)
    for b in range(5):
        np.testing.assert_allclose(Y[b], model.forward(X[b]), rtol=1e-13)


def test_run_exposes_hidden_states_and_activations():
    model = random_model(3, 4, 2, seed=4)
    X, _ = random_data((2, 5, 3), 2, seed=5)
    run = model.run(X)
    assert run.h.shape == (2, 5, 4) and run.a.shape == (2, 5, 4) and run.outputs.shape == (2, 5, 2)
    np.testing.assert_allclose(run.h, np.tanh(run.a), rtol=1e-14)
    np.testing.assert_allclose(run.outputs, model.forward(X), rtol=1e-14)
    single = model.run(X[1])
    assert single.h.shape == (5, 4)
    np.testing.assert_allclose(single.h, run.h[1], rtol=1e-13)


def test_run_from_a_given_hidden_state_continues_the_sequence():
    model = random_model(2, 3, 1, seed=6)
    X, _ = random_data((8, 2), 1, seed=7)
    whole = model.run(X)
    rest = model.run(X[5:], h0=whole.h[4])
    np.testing.assert_allclose(rest.h, whole.h[5:], rtol=1e-13)


def test_one_hidden_unit_equals_the_self_connected_neuron():
    """Matrix level = neuron level: H = 1 is a neuron with activation feedback (§3.1)."""
    model = random_model(1, 1, 1, seed=8)
    p = model.params
    x = np.random.default_rng(9).normal(size=12)
    neuron = SelfConnectedNeuron(p["U"][0, 0], "activation", "tanh", w_in=p["W"][0, 0], bias=p["b"][0])
    np.testing.assert_allclose(model.run(x[:, None]).a[:, 0], neuron.run(x).s, rtol=1e-13)


def test_hidden_jacobians_match_finite_differences():
    """∂h_t/∂h_{t−q} = ∏ diag(f'(a)) U (math.md §3.4, vector case), checked column by column by
    rerunning the network from a perturbed h_{t−q}."""
    model = random_model(2, 3, 1, seed=23)
    X, _ = random_data((9, 2), 1, seed=24)
    hs = model.run(X).h
    t = 9
    J = model.hidden_jacobians(X)
    assert J.shape == (10, 3, 3)
    np.testing.assert_array_equal(J[0], np.eye(3))
    eps = 1e-6
    for q in range(1, t + 1):
        k = t - q                                            # perturb h_k, k = 0 … t−1
        h_k = np.zeros(3) if k == 0 else hs[k - 1]
        num = np.empty((3, 3))
        for j in range(3):
            e = np.zeros(3)
            e[j] = eps
            up = model.run(X[k:t], h0=h_k + e).h[-1]
            down = model.run(X[k:t], h0=h_k - e).h[-1]
            num[:, j] = (up - down) / (2 * eps)
        np.testing.assert_allclose(J[q], num, rtol=1e-6, atol=1e-10, err_msg=f"q={q}")


def test_hidden_jacobians_fade_when_u_is_small():
    """‖U‖₂ < 1/γ with γ = sup|f'| = 1 (tanh) is enough for the error to vanish (§3.4)."""
    model = random_model(2, 4, 1, seed=25)
    U = model.params["U"]
    U *= 0.9 / np.linalg.norm(U, 2)
    X, _ = random_data((30, 2), 1, seed=26)
    norms = [np.linalg.norm(J, 2) for J in model.hidden_jacobians(X)]
    assert all(n <= 0.9 ** q + 1e-12 for q, n in enumerate(norms))
    with pytest.raises(ValueError, match="1 <= t <= 30"):
        model.hidden_jacobians(X, t=31)


# -- gradients -----------------------------------------------------------------------------------
@pytest.mark.parametrize("N, H, K, seed", [(3, 4, 2, 0), (1, 2, 1, 1), (4, 3, 3, 2)])
@pytest.mark.parametrize("cost", ["mse", "cross_entropy"])
def test_bptt_matches_central_differences_one_sequence(N, H, K, seed, cost):
    model = random_model(N, H, K, seed)
    X, T = random_data((6, N), K, seed)
    assert_matches_central_differences(model, X, T, cost)


@pytest.mark.parametrize("cost", ["mse", "cross_entropy"])
def test_bptt_matches_central_differences_batch(cost):
    model = random_model(3, 4, 2, seed=3)
    X, T = random_data((4, 5, 3), 2, seed=4)
    assert_matches_central_differences(model, X, T, cost)


@pytest.mark.parametrize("activation, output_activation", [("logistic", "identity"), ("identity", "tanh")])
def test_bptt_other_activations_match_central_differences(activation, output_activation):
    model = random_model(2, 3, 2, seed=5, activation=activation, output_activation=output_activation)
    X, T = random_data((3, 5, 2), 2, seed=6)
    assert_matches_central_differences(model, X, T, "mse")


# -- truncated BPTT(h) ------------------------------------------------------------------------------
def truncated_reference(model, X, T, cost, h):
    """BPTT(h) by its definition: the error of step t reaches back h steps only, i.e. E_t is
    differentiated through the last h + 1 steps, starting from the (frozen) state h_{t−h−1}.
    Gradients by central differences of that windowed loss (mean over sequences)."""
    Xb, Tb = (X[None], T[None]) if X.ndim == 2 else (X, T)
    frozen = [model.run(x).h for x in Xb]

    def loss(_params):
        total = 0.0
        for x, tgt, hs in zip(Xb, Tb, frozen):
            for t in range(1, len(x) + 1):
                k = max(0, t - h - 1)
                h0 = np.zeros(model.H) if k == 0 else hs[k - 1]
                y = model.run(x[k:t], h0=h0).outputs[-1]
                total += float(costs.cost(cost, y, tgt[t - 1]))
        return total / len(Xb)

    return gradcheck.numerical_gradient(loss, model.params)


@pytest.mark.parametrize("h", [0, 1, 3])
@pytest.mark.parametrize("batch", [False, True])
def test_truncated_bptt_matches_its_definition(h, batch):
    model = random_model(2, 3, 2, seed=13)
    X, T = random_data((3, 6, 2) if batch else (6, 2), 2, seed=14)
    _, g = model.loss_and_grads(X, T, "cross_entropy", truncate=h)
    ref = truncated_reference(model, X, T, "cross_entropy", h)
    keys = list(model.params)
    assert gradcheck.relative_error(flat(g, keys), flat(ref, keys)) < 1e-8
    _, full = model.loss_and_grads(X, T, "cross_entropy")
    assert gradcheck.relative_error(flat(g, keys), flat(full, keys)) > 1e-4, "truncation must change U's gradient"


def test_bptt_0_is_per_step_backprop():
    """h = 0: δh_t = V^T δo_t ⊙ f'(a_t), nothing flows back through U (§3.3, §8.2)."""
    model = random_model(3, 4, 2, seed=15)
    X, T = random_data((7, 3), 2, seed=16)
    _, g = model.loss_and_grads(X, T, "cross_entropy", truncate=0)
    p = model.params
    run = model.run(X)
    Do = T - run.outputs                                   # CE + logistic: δo = t − p
    Dh = (Do @ p["V"]) * (1 - run.h ** 2)
    h_prev = np.vstack([np.zeros(4), run.h[:-1]])
    np.testing.assert_allclose(g["W"], -Dh.T @ X, rtol=1e-12)
    np.testing.assert_allclose(g["U"], -Dh.T @ h_prev, rtol=1e-12)
    np.testing.assert_allclose(g["b"], -Dh.sum(0), rtol=1e-12)


@pytest.mark.parametrize("h", [5, 6, 50])
def test_truncated_bptt_with_h_at_least_T_equals_full_bptt(h):
    model = random_model(3, 4, 2, seed=17)
    X, T = random_data((4, 6, 3), 2, seed=18)
    _, full = model.loss_and_grads(X, T, "mse")
    _, trunc = model.loss_and_grads(X, T, "mse", truncate=h)
    for k in full:
        np.testing.assert_allclose(trunc[k], full[k], rtol=1e-13, atol=1e-16)


def test_truncate_in_the_constructor_is_the_default_for_loss_and_grads():
    model = random_model(2, 3, 1, seed=19, truncate=1)
    X, T = random_data((6, 2), 1, seed=20)
    _, g_model = model.loss_and_grads(X, T, "mse")
    _, g_call = model.loss_and_grads(X, T, "mse", truncate=1)
    _, g_full = model.loss_and_grads(X, T, "mse", truncate=None)
    assert np.array_equal(g_model["U"], g_call["U"]) and not np.allclose(g_model["U"], g_full["U"])


# -- the rest of the contract ----------------------------------------------------------------------
def test_xavier_init_has_zero_biases_and_wider_weights():
    model = RNN(3, 4, 2, seed=0, init="xavier")
    assert np.all(model.params["b"] == 0) and np.all(model.params["c"] == 0)
    assert np.max(np.abs(model.params["U"])) > 0.1


def test_repr_names_sizes_and_training_mode():
    text = repr(RNN(3, 4, 2, seed=0, truncate=5))
    assert text.startswith("RNN(3, 4, 2") and "BPTT(5)" in text and "parameters" in text


def test_bad_targets_costs_and_options_raise_value_errors():
    model = RNN(3, 4, 2, seed=0)
    X = np.zeros((5, 3))
    with pytest.raises(ValueError, match=r"expected \(5, 2\)"):
        model.loss_and_grads(X, np.zeros((5, 3)))
    with pytest.raises(ValueError, match=r"expected \(2, 5, 2\)"):
        model.loss_and_grads(np.zeros((2, 5, 3)), np.zeros((5, 2)))
    with pytest.raises(ValueError, match="NaN"):
        model.loss_and_grads(X, np.full((5, 2), np.nan))
    with pytest.raises(ValueError, match="NaN"):
        model.forward(np.full((5, 3), np.inf))
    with pytest.raises(ValueError, match="unknown cost"):
        model.loss_and_grads(X, np.zeros((5, 2)), "hinge")
    with pytest.raises(ValueError, match="needs outputs in"):
        RNN(3, 4, 2, output_activation="identity").loss_and_grads(X, np.zeros((5, 2)), "cross_entropy")
    with pytest.raises(ValueError, match="truncate"):
        model.loss_and_grads(X, np.zeros((5, 2)), truncate=-1)
    with pytest.raises(ValueError, match="H"):
        RNN(3, 0, 2)
    with pytest.raises(ValueError, match="init"):
        RNN(3, 4, 2, init="he")
    with pytest.raises(ValueError, match=r"h0 has shape"):
        model.run(X, h0=np.zeros(5))
