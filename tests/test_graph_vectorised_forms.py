"""The three forms of the vectorised LSTM-g layer compute the same numbers, and numba's cache stays out of
the package.

* the readable functions (``lstm_g_forward`` / ``lstm_g_updates`` / ``lstm_g_propagate``, one line per
  equation of math.md §6.6) are what a learner reads;
* ``VectorisedLSTM(fast=False)`` runs a fused numpy form (private), ``fast=True`` numba's kernels (private);
* both fast forms must equal the readable one to 1e-12: outputs, every state, trace, delta and weight.
"""
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from nnteach import graph
from nnteach.graph.vectorised import lstm_g_forward, lstm_g_propagate, lstm_g_updates

STATE = ("input_gate", "forget_gate", "cell_input", "previous_cell_state", "cell_state", "cell_activation",
         "output_gate", "output", "delta_output", "delta_output_gate", "delta_cell")


def random_layer(N, M, K, peepholes, input_to_output, seed, fast):
    layer = graph.VectorisedLSTM(N, M, K, peepholes=peepholes, input_to_output=input_to_output, seed=seed,
                                 fast=fast)
    rng = np.random.default_rng(seed + 7)
    for name, p in layer.params.items():              # weights of order 1: small weights hide bugs (math.md §8.1)
        p[...] = rng.uniform(-1, 1, size=p.shape)
    for g in "ifo":
        layer.gate_weights[g] *= layer.gate_mask      # keep absent peepholes absent
    layer.out_weights *= layer.out_mask
    return layer


def assert_same(layer, reference, what):
    for name in STATE:
        assert np.abs(getattr(layer, name) - getattr(reference, name)).max() < 1e-12, f"{name} differs {what}"
    for name, t in reference.traces.items():
        assert np.abs(layer.traces[name] - t).max() < 1e-12, f"trace {name} differs {what}"
    for name, p in reference.params.items():
        assert np.abs(layer.params[name] - p).max() < 1e-12, f"weights {name} differ {what}"


@settings(max_examples=15, deadline=None)
@given(N=st.integers(1, 5), M=st.integers(1, 5), K=st.integers(1, 3),
       peepholes=st.sampled_from(["all_to_all", "one_to_one", None]), input_to_output=st.booleans(),
       seed=st.integers(0, 10_000), rate=st.sampled_from([0.0, 0.3]))
def test_fused_numpy_and_compiled_forms_equal_the_readable_functions(N, M, K, peepholes, input_to_output, seed,
                                                                       rate):
    readable = random_layer(N, M, K, peepholes, input_to_output, seed, fast=False)
    forms = [random_layer(N, M, K, peepholes, input_to_output, seed, fast=False)]
    if graph.fast_available():
        forms.append(random_layer(N, M, K, peepholes, input_to_output, seed, fast=True))
    rng = np.random.default_rng(seed)
    for step in range(6):
        x, t = rng.normal(size=N), rng.uniform(size=K)
        y = lstm_g_forward(readable, x)
        lstm_g_propagate(readable, rate, t)
        for layer in forms:
            assert np.abs(layer.activate(x) - y).max() < 1e-12, f"outputs differ at step {step} ({layer!r})"
            layer.propagate(rate, t)
            assert_same(layer, readable, f"at step {step} ({layer!r})")


def test_updates_are_the_weight_changes_divided_by_the_rate():
    layer = random_layer(3, 2, 2, "all_to_all", True, 1, fast=False)
    x, t = np.array([0.5, -1.0, 2.0]), np.array([1.0, 0.0])
    lstm_g_forward(layer, x)
    before = {name: p.copy() for name, p in layer.params.items()}
    G = lstm_g_updates(layer, t)
    assert set(G) == set(layer.params) and all(G[n].shape == layer.params[n].shape for n in G)
    assert all(np.array_equal(layer.params[n], before[n]) for n in G), "lstm_g_updates changes no weight"
    lstm_g_propagate(layer, 0.25, t)
    for name in G:
        assert np.allclose(layer.params[name] - before[name], 0.25 * G[name], atol=1e-15), name


def test_one_to_one_peepholes_stay_one_to_one_in_every_form():
    forms = [graph.VectorisedLSTM(2, 3, 1, peepholes="one_to_one", seed=0, fast=False)]
    if graph.fast_available():
        forms.append(graph.VectorisedLSTM(2, 3, 1, peepholes="one_to_one", seed=0, fast=True))
    for layer in forms:
        for _ in range(3):
            layer.activate([1.0, -1.0])
            layer.propagate(0.5, [1.0])
        for g in "ifo":
            U = layer.params[f"U{g}"]
            assert np.all(U[~np.eye(3, dtype=bool)] == 0.0), f"U{g} grew off-diagonal entries ({layer!r})"
            assert np.all(np.diag(U) != 0.0)


def test_inputs_too_large_to_square_are_still_finite_and_accepted():
    layer = graph.VectorisedLSTM(2, 2, 1, seed=0, fast=False)
    y = layer.activate([1e200, -1e200])                 # x·x overflows; the full check decides
    assert np.all(np.isfinite(y))
    layer.propagate(0.0, [1.0])


def test_state_arrays_are_updated_in_place_and_cleared():
    layer = graph.VectorisedLSTM(2, 2, 1, seed=0, fast=False)
    cells = layer.cell_state
    layer.activate([1.0, 0.0])
    assert layer.cell_state is cells and np.any(cells != 0.0)
    layer.clear()
    assert np.all(cells == 0.0) and all(np.all(t == 0.0) for t in layer.traces.values())
    assert layer.u[2] == 1.0 and layer.u_o[2] == 1.0 and layer.r[-1] == 1.0, "the bias inputs stay 1"


def test_trace_size_counts_the_traces_and_does_not_grow():
    layer = graph.VectorisedLSTM(7, 16, 7, seed=0, fast=False)
    assert layer.trace_size() == 16 * 7 + 16 + 2 * 16 * (7 + 1 + 16)
    for _ in range(20):
        layer.activate(np.eye(7)[2])
    assert layer.trace_size() == 896


def test_copy_keeps_the_form():
    layer = graph.VectorisedLSTM(2, 2, 1, seed=0, fast=False)
    assert layer.copy().fast is False


CACHE_SCRIPT = textwrap.dedent("""
    import numpy as np
    from nnteach import graph
    from nnteach.graph import _lstm_g_kernels as kernels
    layer = graph.VectorisedLSTM(2, 2, 1, seed=0, fast=True)
    layer.activate([1.0, 0.0])
    layer.propagate(0.1, [1.0])
    print(kernels.CACHE_DIR)
""")


def run_kernels(tmp_path, env_update):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_")}
    env.update(env_update)
    return subprocess.run([sys.executable, "-W", "error", "-c", CACHE_SCRIPT], env=env, capture_output=True,
                          text=True, timeout=300, cwd=tmp_path)


def package_cache_files(since: float) -> list[Path]:
    package = Path(graph.__file__).parent
    return [p for p in package.rglob("*.nb[ic]") if p.stat().st_mtime >= since]


@pytest.mark.skipif(not graph.fast_available(), reason="numba is not installed")
def test_numba_caches_in_the_user_cache_directory_never_in_the_package(tmp_path):
    start = time.time() - 1
    done = run_kernels(tmp_path, {"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout.strip() == str(tmp_path / "cache" / "nnteach" / "numba")
    assert list((tmp_path / "cache" / "nnteach" / "numba").rglob("*.nbi")), "the kernels were cached there"
    assert package_cache_files(start) == [], "numba wrote its cache into the package"


@pytest.mark.skipif(not graph.fast_available(), reason="numba is not installed")
def test_without_a_writable_cache_directory_numba_compiles_silently_and_caches_nothing(tmp_path):
    start = time.time() - 1
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    done = run_kernels(tmp_path, {"XDG_CACHE_HOME": str(blocker)})
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout.strip() == "None"
    assert package_cache_files(start) == [], "numba wrote its cache into the package"
