"""Assertions shared by the model tests (not a test module)."""
import numpy as np

from nnteach import gradcheck


def flat(d, keys):
    """The arrays ``d[k]`` for ``k`` in ``keys``, raveled into one vector."""
    return np.concatenate([np.ravel(d[k]) for k in keys])


def assert_matches_central_differences(model, X, T, cost):
    """math.md §8.1: norm-wise relative error < 1e-8 over all parameters, and allclose."""
    report = gradcheck.check_model(model, X, T, cost)
    assert report.ok, f"\n{report}"
    _, grads = model.loss_and_grads(X, T, cost)
    keys = list(model.params)
    g, num = flat(grads, keys), flat(report.numeric, keys)
    r = gradcheck.relative_error(g, num)
    assert r < 1e-8, f"norm-wise relative error {r:.2e}\n{report}"
    np.testing.assert_allclose(g, num, rtol=1e-6, atol=1e-8)


def loop_cell(x, i, f, o):
    """The memory cell of notebook 08's Eq. (8.4) (g = h = identity), step by step in plain Python, as
    an independent reference: ``s(t) = f(t)·s(t−1) + i(t)·x(t)``, ``y(t) = o(t)·s(t)`` from ``s(0) = 0``.
    Returns the states and outputs as lists."""
    s, states, outputs = 0.0, [], []
    for k in range(len(x)):
        s = f[k] * s + i[k] * x[k]
        states.append(s)
        outputs.append(o[k] * s)
    return states, outputs
