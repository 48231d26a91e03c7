"""Neuron-level recurrent building blocks (nnteach.recurrent): math.md §3.1, §3.4, §4, §5.1."""
import numpy as np
import pytest

from nnteach.recurrent import (ConstantErrorCarousel, Gate, MemoryCell, SelfConnectedNeuron, error_factors)

H = 1e-5


def sig2(v: float) -> str:
    """A number to two significant digits, as math.md prints it."""
    return f"{v:.1e}"


# -- numbers of math.md §3.4 ------------------------------------------------------------------------
@pytest.mark.parametrize("w, expected", [(1.0, "1.3e-13"), (4.0, "4.7e-21"), (8.0, "1.8e-47")])
def test_logistic_activation_feedback_fades_as_in_math_md(w, expected):
    """s(t+1) = w σ(s(t)), s(0) = 0, no input: the product of w f' over 20 steps (§3.4)."""
    F = error_factors(w, 20, activation="logistic", feedback="activation")
    assert len(F) == 21 and F[0] == 1.0
    assert sig2(F[20]) == expected, f"∂s(20)/∂s(0) = {F[20]:.3e}, math.md says {expected}"


def test_larger_weight_makes_fading_worse():
    """Raising w to make up for f' <= 0.25 saturates the unit: the factor shrinks (§3.4)."""
    f1, f4, f8 = (error_factors(w, 20)[20] for w in (1.0, 4.0, 8.0))
    assert f1 > f4 > f8


@pytest.mark.parametrize("w, expected", [(0.9, 5.2e-3), (1.1, 117.0)])
def test_tanh_factor_per_step_0_9_and_1_1(w, expected):
    """tanh at s = 0 has f' = 1, so |w f'| = w each step: 0.9^50 = 5.2e-3, 1.1^50 = 117 (§3.4)."""
    F = error_factors(w, 50, activation="tanh")
    assert F[50] == pytest.approx(w ** 50, rel=1e-12)
    shown = float(f"{F[50]:.2g}") if w < 1 else round(F[50])
    assert shown == expected, f"factor over 50 steps {F[50]:.4g}, math.md says {expected}"


def test_logistic_factor_is_bounded_by_quarter_power():
    """Activation feedback, logistic, |w| <= 1: |∂s(t)/∂s(t−q)| <= 0.25^q for every q (§8.2)."""
    rng = np.random.default_rng(0)
    for _ in range(20):
        w = rng.uniform(-1, 1)
        x = rng.normal(size=(30, 2)) * 3
        n = SelfConnectedNeuron(w, "activation", "logistic", w_in=rng.normal(size=2), bias=rng.normal())
        tr = n.run(x)
        for t in (1, 10, 30):
            F = np.abs(tr.error_factors(t))
            q = np.arange(t + 1)
            assert np.all(F <= 0.25 ** q * (1 + 1e-12)), f"bound broken for w={w:.3f}, t={t}"


@pytest.mark.parametrize("activation", ["logistic", "tanh", "identity"])
def test_state_feedback_with_unit_weight_carries_error_unchanged(activation):
    """State feedback s(t) = 1·s(t−1) + …: ∂s(t)/∂s(t−q) = 1 whatever f is (§3.1, §4)."""
    x = np.random.default_rng(1).normal(size=25)
    F = SelfConnectedNeuron(1.0, "state", activation, w_in=0.7).run(x).error_factors()
    np.testing.assert_array_equal(F, np.ones(26))


def test_state_feedback_factor_is_power_of_weight():
    x = np.random.default_rng(2).normal(size=12)
    F = SelfConnectedNeuron(0.8, "state", "tanh").run(x).error_factors()
    np.testing.assert_allclose(F, 0.8 ** np.arange(13), rtol=1e-14)


def test_neuron_forward_equations():
    """s(t) = w y(t−1) + w_in x(t) + b with y(0) = f(s0), computed by hand for three steps."""
    n = SelfConnectedNeuron(0.5, "activation", "tanh", w_in=2.0, bias=0.1, s0=0.3)
    tr = n.run([1.0, -1.0, 0.5])
    s1 = 0.5 * np.tanh(0.3) + 2.0 + 0.1
    s2 = 0.5 * np.tanh(s1) - 2.0 + 0.1
    s3 = 0.5 * np.tanh(s2) + 1.0 + 0.1
    np.testing.assert_allclose(tr.s, [s1, s2, s3], rtol=1e-14)
    np.testing.assert_allclose(tr.y, np.tanh([s1, s2, s3]), rtol=1e-14)
    np.testing.assert_array_equal(tr.t, [1, 2, 3])


# -- factors against finite differences of the blocks' own forward functions ----------------------
def fd_neuron_factor(neuron, x, tr, t, k):
    """∂s(t)/∂s(k) by central differences: rerun x(k+1..t) from s(k) ± h (1 when k = t)."""
    if k == t:
        return 1.0
    s_k = tr.s0 if k == 0 else tr.s[k - 1]
    up = neuron.run(x[k:t], s0=s_k + H).s[-1]
    down = neuron.run(x[k:t], s0=s_k - H).s[-1]
    return (up - down) / (2 * H)


@pytest.mark.parametrize("feedback", ["activation", "state"])
@pytest.mark.parametrize("activation", ["logistic", "tanh"])
def test_neuron_factors_match_finite_differences(feedback, activation):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(15, 2))
    n = SelfConnectedNeuron(rng.uniform(0.5, 1.5), feedback, activation, w_in=rng.normal(size=2),
                            bias=0.2, s0=0.4)
    tr = n.run(x)
    for t in (1, 7, 15):
        F = tr.error_factors(t)
        num = np.array([fd_neuron_factor(n, x, tr, t, t - q) for q in range(t + 1)])
        np.testing.assert_allclose(F, num, rtol=1e-6, atol=1e-10)


def fd_cell_factor(cell, x, gates, tr, t, k):
    if k == t:
        return 1.0
    s_k = tr.s0 if k == 0 else tr.s[k - 1]
    sliced = {name: (g[k:t] if isinstance(g, np.ndarray) else g) for name, g in gates.items()}
    up = cell.run(x[k:t], s0=s_k + H, **sliced).s[-1]
    down = cell.run(x[k:t], s0=s_k - H, **sliced).s[-1]
    return (up - down) / (2 * H)


def test_gated_cell_factors_match_finite_differences_given_gates():
    rng = np.random.default_rng(4)
    T = 12
    x = rng.normal(size=T)
    gates = {"input_gate": rng.uniform(size=T), "forget_gate": rng.uniform(0.5, 1, size=T),
             "output_gate": rng.uniform(size=T)}
    cell = MemoryCell(w_in=1.3, bias=-0.2, squash_in="tanh", squash_out="tanh", w_self=0.9, s0=0.5)
    tr = cell.run(x, **gates)
    F = tr.error_factors()
    num = np.array([fd_cell_factor(cell, x, gates, tr, T, T - q) for q in range(T + 1)])
    np.testing.assert_allclose(F, num, rtol=1e-6, atol=1e-10)


def test_gated_cell_factors_match_finite_differences_computed_gates():
    rng = np.random.default_rng(5)
    T = 10
    x = rng.normal(size=(T, 3))
    gates = {"input_gate": Gate(rng.normal(size=3), 0.1), "forget_gate": Gate(rng.normal(size=3), 1.0),
             "output_gate": Gate(rng.normal(size=3), -0.3)}
    cell = MemoryCell(w_in=rng.normal(size=3), squash_in="tanh", squash_out="logistic")
    tr = cell.run(x, **gates)
    for t in (3, 10):
        F = tr.error_factors(t)
        num = np.array([fd_cell_factor(cell, x, gates, tr, t, t - q) for q in range(t + 1)])
        np.testing.assert_allclose(F, num, rtol=1e-6, atol=1e-10)


# -- the constant error carousel and the gated product (§4) -----------------------------------------
def test_cec_error_flow_is_one_for_every_q():
    x = np.random.default_rng(6).normal(size=40)
    tr = ConstantErrorCarousel(w_in=0.7).run(x)
    np.testing.assert_array_equal(tr.error_factors(), np.ones(41))
    np.testing.assert_allclose(tr.s, np.cumsum(0.7 * x), rtol=1e-12)
    np.testing.assert_array_equal(tr.y, tr.s)


@pytest.mark.parametrize("y_i", [0.3, -1.5])
def test_cec_eligibility_is_t_times_input_for_constant_input(y_i):
    """e_ji(t) = t · y_i for an ungated identity unit with w_jj = 1 (§4, §8.2)."""
    tr = ConstantErrorCarousel(w_in=2.0).run(np.full(15, y_i))
    np.testing.assert_allclose(tr.e[:, 0], np.arange(1, 16) * y_i, rtol=1e-14)


def test_eligibility_is_derivative_of_state_by_input_weight():
    """e(t) = ∂s(t)/∂w_in, checked by central differences on a gated tanh cell."""
    rng = np.random.default_rng(7)
    x = rng.normal(size=(9, 2))
    gates = {"input_gate": rng.uniform(size=9), "forget_gate": rng.uniform(size=9)}
    w = rng.normal(size=2)
    tr = MemoryCell(w_in=w, squash_in="tanh").run(x, **gates)
    for j in range(2):
        dw = np.zeros(2)
        dw[j] = H
        up = MemoryCell(w_in=w + dw, squash_in="tanh").run(x, **gates).s
        down = MemoryCell(w_in=w - dw, squash_in="tanh").run(x, **gates).s
        np.testing.assert_allclose(tr.e[:, j], (up - down) / (2 * H), rtol=1e-7, atol=1e-10)


@pytest.mark.parametrize("f, expected", [(0.95, 0.077), (0.99, 0.61)])
def test_forget_gate_product_numbers(f, expected):
    """With a constant forget gate the factor over 50 steps is f^50 (§4: 0.077 and 0.61)."""
    F = MemoryCell(forget_gate=f).run(np.zeros(50)).error_factors()
    assert round(F[50], 3 if f == 0.95 else 2) == expected


def test_gated_factor_is_product_of_forget_gate_values():
    rng = np.random.default_rng(8)
    f = rng.uniform(0.2, 1.0, size=30)
    tr = MemoryCell().run(rng.normal(size=30), forget_gate=f)
    for t in (5, 30):
        F = tr.error_factors(t)
        for q in range(t + 1):
            expected = 1.0
            for r in range(q):           # ∏_{r=0}^{q−1} f(t−r), f(t) = f[t−1]
                expected *= f[t - 1 - r]
            assert F[q] == pytest.approx(expected, rel=1e-12)


def test_cell_equations_by_hand():
    cell = MemoryCell(w_in=2.0, bias=0.5, squash_in="tanh", squash_out="tanh", w_self=1.0, s0=0.1)
    tr = cell.run([1.0, -1.0], input_gate=[0.5, 0.25], forget_gate=[0.9, 0.8], output_gate=[0.3, 0.6])
    s1 = 0.9 * 0.1 + 0.5 * np.tanh(2.5)
    s2 = 0.8 * s1 + 0.25 * np.tanh(-1.5)
    np.testing.assert_allclose(tr.s, [s1, s2], rtol=1e-14)
    np.testing.assert_allclose(tr.y, [0.3 * np.tanh(s1), 0.6 * np.tanh(s2)], rtol=1e-14)


def test_cell_stores_a_value_for_20_steps_behind_a_shut_input_gate():
    """Write once (input gate open at t = 1), then shut the input gate: noise cannot get in."""
    rng = np.random.default_rng(9)
    x = rng.normal(size=21)
    x[0] = 0.8
    i = np.zeros(21)
    i[0] = 1.0
    tr = MemoryCell().run(x, input_gate=i, forget_gate=1.0, output_gate=1.0)
    np.testing.assert_allclose(tr.s, np.full(21, 0.8), rtol=1e-15)
    leaky = MemoryCell().run(x, input_gate=1.0).s       # the ungated cell accumulates the noise
    assert abs(leaky[-1] - 0.8) > 0.1


def test_gate_computed_from_a_cue_input():
    """A Gate σ(w·x + b) opens on a cue channel: it writes only when the cue is 1."""
    x = np.array([[0.7, 1.0], [0.3, 0.0], [-0.5, 0.0], [0.2, 1.0]])
    write = Gate(w=[0.0, 40.0], bias=-20.0)
    cell = MemoryCell(w_in=[1.0, 0.0], input_gate=write)
    tr = cell.run(x)
    np.testing.assert_allclose(tr.i, [1, 0, 0, 1], atol=1e-8)
    np.testing.assert_allclose(tr.s, [0.7, 0.7, 0.7, 0.9], atol=1e-7)


# -- errors ------------------------------------------------------------------------------------------
def test_bad_arguments_raise_value_errors_that_say_what_is_expected():
    with pytest.raises(ValueError, match="feedback"):
        SelfConnectedNeuron(1.0, feedback="context")
    with pytest.raises(ValueError, match="activation"):
        SelfConnectedNeuron(1.0, activation="softsign")
    with pytest.raises(ValueError, match=r"expected a sequence of shape \(T,\) or \(T, N\)"):
        SelfConnectedNeuron().run(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match=r"w_in has shape \(3,\)"):
        SelfConnectedNeuron(w_in=[1.0, 2.0, 3.0]).run(np.zeros((5, 2)))
    with pytest.raises(ValueError, match=r"one value per step, shape \(5,\)"):
        MemoryCell().run(np.zeros(5), forget_gate=[1.0, 1.0])
    with pytest.raises(ValueError, match="NaN"):
        MemoryCell().run([0.0, np.nan])
    with pytest.raises(ValueError, match="1 <= t <= 4"):
        ConstantErrorCarousel().run(np.zeros(4)).error_factors(5)


def test_reprs_say_what_the_block_computes():
    assert "w·y(t−1)" in repr(SelfConnectedNeuron())
    assert "w·s(t−1)" in repr(SelfConnectedNeuron(feedback="state"))
    assert "ConstantErrorCarousel" in repr(ConstantErrorCarousel())
    assert "s(T)=" in repr(ConstantErrorCarousel().run([1.0, 2.0]))
