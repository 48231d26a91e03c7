"""The vanilla LSTM with peepholes, LSTM(N, M, K): math.md §5.3 forward and BPTT, BPTT(h), the model contract."""
import numpy as np
import pytest

from nnteach import LSTM, costs, gradcheck
from nnteach.recurrent import Gate, MemoryCell
from model_helpers import assert_matches_central_differences, flat

GATE_PARAMS = ["Wz", "Wi", "Wf", "Wo", "Rz", "Ri", "Rf", "Ro", "bz", "bi", "bf", "bo"]


def sigma(a):
    return 1.0 / (1.0 + np.exp(-a))


def random_model(N, M, K, seed, peepholes=True, **kw):
    """Weights ~ U(−1, 1) for gradient checks (math.md §8.1)."""
    model = LSTM(N, M, K, peepholes=peepholes, seed=seed, **kw)
    rng = np.random.default_rng(seed + 100)
    for p in model.params.values():
        p[...] = rng.uniform(-1, 1, size=p.shape)
    return model


def random_data(shape, K, seed):
    rng = np.random.default_rng(seed)
    return rng.normal(size=shape), rng.uniform(0.1, 0.9, size=shape[:-1] + (K,))


def reference_forward(p, X, peepholes=True):
    """math.md §5.3 written out step by step for one sequence (column-vector form)."""
    M = p["Rz"].shape[0]
    y, c = np.zeros(M), np.zeros(M)
    zero = np.zeros(M)
    pi, pf, po = (p["pi"], p["pf"], p["po"]) if peepholes else (zero, zero, zero)
    out = {k: [] for k in "zifcoy"}
    for x in X:
        z = np.tanh(p["Wz"] @ x + p["Rz"] @ y + p["bz"])
        i = sigma(p["Wi"] @ x + p["Ri"] @ y + pi * c + p["bi"])
        f = sigma(p["Wf"] @ x + p["Rf"] @ y + pf * c + p["bf"])
        c = z * i + c * f
        o = sigma(p["Wo"] @ x + p["Ro"] @ y + po * c + p["bo"])
        y = np.tanh(c) * o
        for k, v in zip("zifcoy", (z, i, f, c, o, y)):
            out[k].append(v)
    out = {k: np.array(v) for k, v in out.items()}
    out["p"] = sigma(out["y"] @ p["V"].T + p["c"])
    return out


# -- parameters and forward pass --------------------------------------------------------------------
def test_params_have_the_contract_names_and_shapes():
    model = LSTM(3, 5, 2, seed=0)
    shapes = {k: v.shape for k, v in model.params.items()}
    expected = {**{f"W{g}": (5, 3) for g in "zifo"}, **{f"R{g}": (5, 5) for g in "zifo"},
                **{f"b{g}": (5,) for g in "zifo"}, **{f"p{g}": (5,) for g in "ifo"}, "V": (2, 5), "c": (2,)}
    assert shapes == expected
    assert all(v.dtype == np.float64 for v in model.params.values())
    assert all(np.all(np.abs(v) <= 0.1) for v in model.params.values()), "default init is U[−0.1, 0.1)"


def test_without_peepholes_there_are_no_peephole_params():
    model = LSTM(3, 5, 2, peepholes=False, seed=0)
    assert set(model.params) == set(GATE_PARAMS) | {"V", "c"}
    _, g = model.loss_and_grads(np.zeros((4, 3)), np.full((4, 2), 0.5))
    assert set(g) == set(model.params)
    assert all(g[k].shape == model.params[k].shape for k in g)


@pytest.mark.parametrize("peepholes", [True, False])
def test_forward_follows_math_md_5_3(peepholes):
    model = random_model(3, 4, 2, seed=1, peepholes=peepholes)
    X, _ = random_data((7, 3), 2, seed=2)
    ref = reference_forward(model.params, X, peepholes)
    run = model.run(X)
    for k in "zifcoy":
        np.testing.assert_allclose(getattr(run, k), ref[k], rtol=1e-12, atol=1e-15, err_msg=k)
    np.testing.assert_allclose(model.forward(X), ref["p"], rtol=1e-12)


def test_batch_forward_equals_forward_of_each_sequence():
    model = random_model(3, 4, 2, seed=3)
    X, _ = random_data((5, 6, 3), 2, seed=4)
    Y = model.forward(X)
    run = model.run(X)
    assert Y.shape == (5, 6, 2) and run.c.shape == (5, 6, 4) and run.i.shape == (5, 6, 4)
    for b in range(5):
        np.testing.assert_allclose(Y[b], model.forward(X[b]), rtol=1e-13)
        np.testing.assert_allclose(run.f[b], model.run(X[b]).f, rtol=1e-13)


def test_output_gate_peeks_at_new_cell_state_input_and_forget_gates_at_old():
    """With all W, R = 0, gate values depend only on biases and peepholes, so the timing shows:
    i^t, f^t use c^{t−1}, o^t uses c^t (math.md §5.3).  Swapping the timing fails this test."""
    model = LSTM(1, 1, 1, seed=0)
    p = model.params
    for k in GATE_PARAMS:
        p[k][...] = 0.0
    p["Wz"][...] = 1.0
    p["bi"][...], p["bf"][...], p["bo"][...] = 0.3, -0.2, 0.1
    p["pi"][...], p["pf"][...], p["po"][...] = 2.0, -1.5, 3.0
    run = model.run(np.array([[1.2], [-0.7]]))
    z1, z2 = np.tanh(1.2), np.tanh(-0.7)
    c1 = z1 * sigma(0.3)                          # c^0 = 0: no peephole term at t = 1 for i, f
    o1 = sigma(0.1 + 3.0 * c1)                    # the output gate already sees c^1
    i2, f2 = sigma(0.3 + 2.0 * c1), sigma(-0.2 - 1.5 * c1)     # they see c^1, not c^2
    c2 = z2 * i2 + c1 * f2
    o2 = sigma(0.1 + 3.0 * c2)
    np.testing.assert_allclose(run.i[:, 0], [sigma(0.3), i2], rtol=1e-14)
    np.testing.assert_allclose(run.f[:, 0], [sigma(-0.2), f2], rtol=1e-14)
    np.testing.assert_allclose(run.c[:, 0], [c1, c2], rtol=1e-14)
    np.testing.assert_allclose(run.o[:, 0], [o1, o2], rtol=1e-14)
    assert abs(o1 - sigma(0.1)) > 0.1 and abs(i2 - sigma(0.3 + 2.0 * c2)) > 0.1, "the test must tell timings apart"


def test_forced_open_gates_make_the_cell_a_pure_integrator_of_z():
    """f ≡ 1, i ≡ 1, o ≡ 1 (huge gate biases): c^t = Σ_{τ≤t} z^τ and y = tanh(c) (§8.2)."""
    model = random_model(3, 4, 2, seed=5)
    p = model.params
    for g in "ifo":
        p["b" + g][...] = 60.0
    X, _ = random_data((2, 10, 3), 2, seed=6)
    run = model.run(X)
    assert np.all(run.i == 1.0) and np.all(run.f == 1.0) and np.all(run.o == 1.0)
    np.testing.assert_allclose(run.c, np.cumsum(run.z, axis=1), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(run.y, np.tanh(run.c), rtol=1e-14)


def test_one_cell_without_recurrence_equals_the_neuron_level_memory_cell():
    """Matrix level = neuron level: M = 1, R = 0, no peepholes is a MemoryCell with tanh
    squashing and gates σ(w·x + b) computed from the inputs (§5.1, §5.3)."""
    model = random_model(3, 1, 1, seed=7, peepholes=False)
    p = model.params
    for g in "zifo":
        p["R" + g][...] = 0.0
    X, _ = random_data((9, 3), 1, seed=8)
    cell = MemoryCell(w_in=p["Wz"][0], bias=p["bz"][0], squash_in="tanh", squash_out="tanh",
                      input_gate=Gate(p["Wi"][0], p["bi"][0]), forget_gate=Gate(p["Wf"][0], p["bf"][0]),
                      output_gate=Gate(p["Wo"][0], p["bo"][0]))
    tr = cell.run(X)
    run = model.run(X)
    np.testing.assert_allclose(run.c[:, 0], tr.s, rtol=1e-12)
    np.testing.assert_allclose(run.y[:, 0], tr.y, rtol=1e-12)


def test_run_from_a_given_state_continues_the_sequence():
    model = random_model(2, 3, 1, seed=9)
    X, _ = random_data((8, 2), 1, seed=10)
    whole = model.run(X)
    rest = model.run(X[5:], y0=whole.y[4], c0=whole.c[4])
    np.testing.assert_allclose(rest.c, whole.c[5:], rtol=1e-13)
    np.testing.assert_allclose(rest.outputs, whole.outputs[5:], rtol=1e-13)


# -- gradients -----------------------------------------------------------------------------------
@pytest.mark.parametrize("N, M, K, seed", [(3, 4, 2, 0), (1, 1, 1, 1), (2, 5, 3, 2)])
@pytest.mark.parametrize("peepholes", [True, False])
@pytest.mark.parametrize("cost", ["mse", "cross_entropy"])
def test_bptt_matches_central_differences_one_sequence(N, M, K, seed, peepholes, cost):
    model = random_model(N, M, K, seed, peepholes)
    X, T = random_data((6, N), K, seed)
    assert_matches_central_differences(model, X, T, cost)


@pytest.mark.parametrize("peepholes", [True, False])
@pytest.mark.parametrize("cost", ["mse", "cross_entropy"])
def test_bptt_matches_central_differences_batch(peepholes, cost):
    model = random_model(3, 3, 2, seed=3, peepholes=peepholes)
    X, T = random_data((3, 5, 3), 2, seed=4)
    assert_matches_central_differences(model, X, T, cost)


def test_identity_readout_with_mse_matches_central_differences():
    model = random_model(2, 3, 2, seed=5, output_activation="identity")
    X, T = random_data((2, 5, 2), 2, seed=6)
    assert_matches_central_differences(model, X, T, "mse")


# -- truncated BPTT(h) ------------------------------------------------------------------------------
def truncated_reference(model, X, T, cost, h):
    """BPTT(h) by its definition: E_t differentiated through its last h + 1 steps only, from the
    frozen state (y^{t−h−1}, c^{t−h−1}); central differences, mean over sequences."""
    Xb, Tb = (X[None], T[None]) if X.ndim == 2 else (X, T)
    frozen = [model.run(x) for x in Xb]
    zero = np.zeros(model.M)

    def loss(_params):
        total = 0.0
        for x, tgt, run in zip(Xb, Tb, frozen):
            for t in range(1, len(x) + 1):
                k = max(0, t - h - 1)
                y0, c0 = (zero, zero) if k == 0 else (run.y[k - 1], run.c[k - 1])
                out = model.run(x[k:t], y0=y0, c0=c0).outputs[-1]
                total += float(costs.cost(cost, out, tgt[t - 1]))
        return total / len(Xb)

    return gradcheck.numerical_gradient(loss, model.params)


@pytest.mark.parametrize("h", [0, 1, 3])
@pytest.mark.parametrize("peepholes, batch", [(True, False), (True, True), (False, True)])
def test_truncated_bptt_matches_its_definition(h, peepholes, batch):
    model = random_model(2, 3, 2, seed=13, peepholes=peepholes)
    X, T = random_data((2, 6, 2) if batch else (6, 2), 2, seed=14)
    _, g = model.loss_and_grads(X, T, "cross_entropy", truncate=h)
    ref = truncated_reference(model, X, T, "cross_entropy", h)
    keys = list(model.params)
    r = gradcheck.relative_error(flat(g, keys), flat(ref, keys))
    assert r < 1e-8, f"BPTT({h}) differs from its definition: relative error {r:.2e}"
    _, full = model.loss_and_grads(X, T, "cross_entropy")
    assert gradcheck.relative_error(flat(g, keys), flat(full, keys)) > 1e-4, "truncation must change the gradient"


@pytest.mark.parametrize("h", [5, 6, 40])
def test_truncated_bptt_with_h_at_least_T_equals_full_bptt(h):
    model = random_model(3, 4, 2, seed=15)
    X, T = random_data((3, 6, 3), 2, seed=16)
    _, full = model.loss_and_grads(X, T, "mse")
    _, trunc = model.loss_and_grads(X, T, "mse", truncate=h)
    for k in full:
        np.testing.assert_allclose(trunc[k], full[k], rtol=1e-13, atol=1e-16, err_msg=k)


def test_bptt_0_is_per_step_backprop():
    """h = 0: the error of step t reaches only step t's pre-activations (no R, no cell carry,
    no peephole path back to t − 1).  Checked with the §5.3 step equations written out."""
    model = random_model(2, 3, 2, seed=17)
    p = model.params
    X, T = random_data((5, 2), 2, seed=18)
    _, g = model.loss_and_grads(X, T, "cross_entropy", truncate=0)
    ref = reference_forward(p, X)
    GW = np.zeros((3, 2))
    Gpf = np.zeros(3)
    c_prev = np.vstack([np.zeros(3), ref["c"][:-1]])
    for t in range(5):
        z, i, f, c, o = (ref[k][t] for k in "zifco")
        dy = p["V"].T @ (T[t] - ref["p"][t])
        do = dy * np.tanh(c) * o * (1 - o)
        dc = dy * o * (1 - np.tanh(c) ** 2) + p["po"] * do
        dzbar = dc * i * (1 - z ** 2)
        GW += np.outer(dzbar, X[t])
        Gpf += c_prev[t] * dc * c_prev[t] * f * (1 - f)
    np.testing.assert_allclose(g["Wz"], -GW, rtol=1e-12)
    np.testing.assert_allclose(g["pf"], -Gpf, rtol=1e-12)


# -- the rest of the contract ----------------------------------------------------------------------
def test_forget_bias_and_xavier_options():
    model = LSTM(3, 4, 2, seed=0, forget_bias=1.0, init="xavier")
    assert np.all(model.params["bf"] == 1.0)
    assert np.all(model.params["bi"] == 0.0) and np.all(model.params["po"] == 0.0)
    assert np.max(np.abs(model.params["Wz"])) > 0.1
    assert LSTM.from_config(model.config()).config() == model.config()


def test_repr_names_sizes_and_peepholes():
    text = repr(LSTM(3, 4, 2, peepholes=False, seed=0))
    assert text.startswith("LSTM(3, 4, 2") and "peepholes=False" in text and "full BPTT" in text


def test_bad_targets_costs_and_options_raise_value_errors():
    model = LSTM(3, 4, 2, seed=0)
    X = np.zeros((5, 3))
    with pytest.raises(ValueError, match=r"expected \(5, 2\)"):
        model.loss_and_grads(X, np.zeros((5, 1)))
    with pytest.raises(ValueError, match="NaN"):
        model.loss_and_grads(np.full((5, 3), np.nan), np.zeros((5, 2)))
    with pytest.raises(ValueError, match="unknown cost"):
        model.loss_and_grads(X, np.zeros((5, 2)), "hinge")
    with pytest.raises(ValueError, match="needs outputs in"):
        LSTM(3, 4, 2, output_activation="tanh").loss_and_grads(X, np.zeros((5, 2)), "cross_entropy")
    with pytest.raises(ValueError, match="truncate"):
        LSTM(3, 4, 2, truncate=1.5)
    with pytest.raises(ValueError, match="M"):
        LSTM(3, -1, 2)
    with pytest.raises(ValueError, match="peepholes"):
        LSTM(3, 4, 2, peepholes="yes")
    with pytest.raises(ValueError, match=r"c0 has shape"):
        model.run(X, c0=np.zeros((2, 4)))
