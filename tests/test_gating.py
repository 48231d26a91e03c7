"""The memory-cell scenarios of notebook 08 (nnteach.gating) and every number notebook 08 states about the
constant error carousel and the gates, each against an independent computation (math.md §4).

The independent computations are plain Python loops over the cell of Eq. (8.4) with identity squashing,
``s(t) = f(t) s(t−1) + i(t) x(t)``, ``y(t) = o(t) s(t)``, written here from the equations, and the
scenarios' input streams rebuilt from their definition (values at their steps, ``noise · z(t) + drift``
elsewhere, ``z`` standard normal from seed 8).
"""
import math

import numpy as np
import pytest

from nnteach import gating
from nnteach.activations import logistic
from nnteach.recurrent import ConstantErrorCarousel, MemoryCell, error_factors
from model_helpers import loop_cell


def sigma(s: float) -> float:
    return 1.0 / (1.0 + math.exp(-s))


def stream(T, values, noise, drift=0.0):
    z = np.random.default_rng(8).standard_normal(T)
    x = [noise * z[k] + drift for k in range(T)]
    for t, v in values.items():
        x[t - 1] = v
    return x


def at(T, steps, value, rest):
    """A gate sequence: ``rest`` everywhere, ``value`` at the (1-based) ``steps``."""
    return [value if k + 1 in steps else rest for k in range(T)]


# -- the scenarios ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(gating.SCENARIOS))
def test_scenario_runs_equal_the_loop_cell(name):
    sc = gating.SCENARIOS[name]
    rest = sc.rest
    x = stream(sc.T, sc.values, rest["noise"], sc.drift)
    i = at(sc.T, sc.write, 1.0, rest["input_gate"])
    f = at(sc.T, sc.forget, 0.0, rest["forget_gate"])
    o = at(sc.T, sc.read, 1.0, rest["output_gate"])
    s, y = loop_cell(x, i, f, o)
    r = gating.run_scenario(name)
    np.testing.assert_allclose(r.x, x, rtol=0, atol=1e-15)
    np.testing.assert_allclose(r.trace.s, s, rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(r.trace.y, y, rtol=1e-13, atol=1e-13)
    np.testing.assert_array_equal(r.trace.i, i)
    np.testing.assert_array_equal(r.trace.f, f)
    np.testing.assert_array_equal(r.trace.o, o)


def test_leaky_gates_change_the_run_as_the_loop_cell_says():
    sc = gating.SCENARIOS["forget on cue"]
    x = stream(sc.T, sc.values, 0.25)
    i, f, o = at(sc.T, sc.write, 1.0, 0.1), at(sc.T, sc.forget, 0.0, 0.97), at(sc.T, sc.read, 1.0, 0.2)
    s, y = loop_cell(x, i, f, o)
    r = gating.run_scenario("forget on cue", input_gate=0.1, forget_gate=0.97, output_gate=0.2, noise=0.25)
    np.testing.assert_allclose(r.trace.s, s, rtol=1e-13, atol=1e-13)
    assert r.held == pytest.approx(s[34], abs=1e-13)
    others = [abs(v) for k, v in enumerate(y) if k != 34]
    assert r.leak == pytest.approx(max(others), abs=1e-13)
    clean, _ = loop_cell(x, at(sc.T, sc.write, 1.0, 0.0), at(sc.T, sc.forget, 0.0, 1.0), [0.0] * sc.T)
    assert r.target == pytest.approx(clean[34]) == pytest.approx(-0.5)


def test_error_factors_of_a_scenario_are_products_of_forget_gates():
    """∂s(t_ref)/∂s(k) = ∏_{r=k+1}^{t_ref} f(r), Eq. (8.5), checked by finite differences of the loop cell."""
    r = gating.run_scenario("forget on cue", forget_gate=0.97)
    sc = r.scenario
    f = list(r.trace.f)
    x, i = list(r.x), list(r.trace.i)
    h = 1e-6
    for k in (0, 10, 19, 20, 25, 34):
        expected = math.prod(f[k:sc.reference_step])
        assert r.factors[k] == pytest.approx(expected, rel=1e-12, abs=1e-15)
        # perturb s(k) and rerun steps k+1 … t_ref
        s_k = 0.0 if k == 0 else loop_cell(x[:k], i[:k], f[:k], [0.0] * k)[0][-1]
        def s_ref(start):
            s = start
            for m in range(k, sc.reference_step):
                s = f[m] * s + i[m] * x[m]
            return s
        assert (s_ref(s_k + h) - s_ref(s_k - h)) / (2 * h) == pytest.approx(expected, abs=1e-8)
    assert r.kept == pytest.approx(0.97 ** 10, rel=1e-12)          # back to the write at t = 25


def test_targets_and_reads_of_each_scenario():
    assert gating.run_scenario("store and hold").target == pytest.approx(0.8)
    r = gating.run_scenario("read on cue")
    np.testing.assert_allclose(r.read_outputs, [0.8, 0.8])
    assert r.leak == 0.0 and r.kept == 1.0 and r.last_write == 5 and r.t_ref == 35
    c = gating.run_scenario("continual stream")
    assert c.t_ref == 200 and c.last_write is None and c.scenario.read == ()


def test_gate_sequence_and_bad_arguments():
    np.testing.assert_array_equal(gating.gate_sequence(5, 0.0, [2, 4]), [0, 1, 0, 1, 0])
    np.testing.assert_array_equal(gating.gate_sequence(3, 1.0, [3], 0.0), [1, 1, 0])
    with pytest.raises(ValueError, match="rest value"):
        gating.gate_sequence(5, 1.5)
    with pytest.raises(ValueError, match="outside 1 … 5"):
        gating.gate_sequence(5, 0.0, [6])
    with pytest.raises(ValueError, match="unknown scenario 'nope'"):
        gating.run_scenario("nope")
    with pytest.raises(ValueError, match="noise must be >= 0"):
        gating.run_scenario("store and hold", noise=-0.1)
    with pytest.raises(ValueError, match="rest value"):
        gating.run_scenario("store and hold", input_gate=2.0)


def test_forget_gate_from_cue_is_the_logistic_unit_of_eq_8_6():
    f = gating.forget_gate_from_cue(-12.0, 6.0)
    expected = [sigma(-12.0 * (1.0 if k + 1 == 15 else 0.0) + 6.0) for k in range(30)]
    np.testing.assert_allclose(f, expected, rtol=1e-14)


# -- every number notebook 08 states ----------------------------------------------------------------------
def test_08_logistic_neuron_error_after_50_steps():
    """Section 1: a logistic neuron feeding back its activation with w = 1, 50 steps from s = 0."""
    s, product = 0.0, 1.0
    for _ in range(50):
        y = sigma(s)
        product *= 1.0 * y * (1 - y)
        s = 1.0 * y
    assert error_factors(1.0, 50, activation="logistic")[50] == pytest.approx(product, rel=1e-12)
    assert product < 0.25 ** 50 * 1.0001


def test_08_cec_keeps_the_error_and_sums_its_inputs():
    x = np.random.default_rng(0).normal(size=50)
    trace = ConstantErrorCarousel(w_in=1.0).run(x)
    assert trace.error_factors()[50] == 1.0
    assert trace.s[-1] == pytest.approx(math.fsum(x), abs=1e-12)


def test_08_gated_connection_delivers_g_w_y():
    """Eq. (8.3) in the notebook: w = 2, y_i = 0.5, g = 0, 0.5, 1 → 0, 0.5, 1."""
    assert [g * 2.0 * 0.5 for g in (0.0, 0.5, 1.0)] == [0.0, 0.5, 1.0]


def test_08_input_gate_keeps_the_noise_out():
    sc = gating.get_scenario("noisy input shut out")
    x = stream(40, {5: 0.8}, 0.3)
    cell = MemoryCell()
    bare = cell.run(sc.inputs())
    assert bare.s[34] == pytest.approx(math.fsum(x[:35]), abs=1e-12)             # every input added
    t = sc.t
    gated = cell.run(sc.inputs(), input_gate=np.where(t == 5, 1.0, 0.0))
    assert gated.s[34] == 0.8
    read = cell.run(sc.inputs(), input_gate=np.where(t == 5, 1.0, 0.0), output_gate=np.where(t == 35, 1.0, 0.0))
    assert read.y[34] == 0.8 and np.abs(np.delete(read.y, 34)).max() == 0.0


def test_08_forget_gate_resets_on_cue():
    sc = gating.get_scenario("forget on cue")
    t = sc.t
    i, o = np.where((t == 5) | (t == 25), 1.0, 0.0), np.where(t == 35, 1.0, 0.0)
    mixed = MemoryCell().run(sc.inputs(), input_gate=i, output_gate=o)
    reset = MemoryCell().run(sc.inputs(), input_gate=i, forget_gate=np.where(t == 20, 0.0, 1.0), output_gate=o)
    assert mixed.y[34] == pytest.approx(0.8 + (-0.5), abs=1e-15)
    assert reset.y[34] == -0.5


def test_08_drift_on_a_continual_stream_and_the_leaky_cell():
    x = stream(200, {}, 0.3, drift=0.1)
    drifting = gating.run_scenario("continual stream")
    leaky = gating.run_scenario("continual stream", forget_gate=0.9)
    assert drifting.held == pytest.approx(math.fsum(x), abs=1e-10)
    s, states = 0.0, []
    for v in x:
        s = 0.9 * s + v
        states.append(s)
    assert leaky.held == pytest.approx(states[-1], abs=1e-12)
    assert np.abs(leaky.trace.s).max() == pytest.approx(max(abs(v) for v in states), abs=1e-12)
    assert drifting.held > 15 and abs(leaky.held) < 3            # the notebook's reading: drift vs bounded


@pytest.mark.parametrize("f, printed, math_md", [(0.95, "0.0769", "0.077"), (0.99, "0.6050", "0.61"),
                                                 (1.0, "1.0000", None)])
def test_08_forget_gate_error_factor_over_50_steps(f, printed, math_md):
    """Eq. (8.5) with a constant forget gate: f^50 (math.md §4: 0.95^50 = 0.077, 0.99^50 = 0.61)."""
    factor = MemoryCell(forget_gate=f).run(np.zeros(50)).error_factors()[50]
    assert factor == pytest.approx(f ** 50, rel=1e-12)
    assert f"{f ** 50:.4f}" == printed
    if math_md:
        assert f"{f ** 50:.2g}" == math_md


def test_08_logistic_gate_values():
    assert f"{logistic(5.0):.4f}" == f"{sigma(5.0):.4f}" == "0.9933"
    assert f"{logistic(5.0) ** 20:.4f}" == f"{sigma(5.0) ** 20:.4f}"
    assert f"{logistic(-5.0):.4f}" == f"{1 - sigma(5.0):.4f}" == "0.0067"


def test_08_explore_default_lets_noise_in():
    """The explorer cell's static figure: input gate 0.1 between writes in 'noisy input shut out'."""
    sc = gating.get_scenario("noisy input shut out")
    x = stream(40, {5: 0.8}, 0.3)
    s, _ = loop_cell(x, at(40, sc.write, 1.0, 0.1), [1.0] * 40, at(40, sc.read, 1.0, 0.0))
    r = gating.run_scenario("noisy input shut out", input_gate=0.1)
    assert r.held == pytest.approx(s[34], abs=1e-13)
    assert abs(r.held - 0.8) > 0.05
