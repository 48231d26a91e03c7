"""The unrolled Elman network and BPTT step by step (nnteach.unrolled, notebook 07)."""
import numpy as np
import pytest

import nnteach
from nnteach import gradcheck
from nnteach.datasets import delayed_echo
from nnteach.rnn import rnn_loss_and_grads
from nnteach.unrolled import ROWS, bptt_trace, layout, tiny_elman


def test_layout_has_one_copy_per_step_sharing_w_u_v():
    d = layout(4)
    assert [b["name"] for b in d.boxes if b["t"] is not None][:4] == ["h_0", "x_1", "h_1", "p_1"]
    for t in range(1, 5):
        x, h, p = d.box(f"x_{t}"), d.box(f"h_{t}"), d.box(f"p_{t}")
        assert x["x"] == h["x"] == p["x"] == t and (x["y"], h["y"], p["y"]) == (ROWS["input"], ROWS["hidden"],
                                                                                  ROWS["output"])
    arrows = {(a["weight"], a["t"]): a for a in d.arrows}
    assert arrows[("U", 1)]["start"] == (0.0, ROWS["hidden"]) and arrows[("U", 1)]["end"] == (1.0, ROWS["hidden"])
    assert sum(a["weight"] == "U" and a["loop"] for a in d.arrows) == 1           # the folded network's loop
    assert repr(d) == "UnrolledDrawing(T=4: 13 layer copies, 4×W, 4×U, 4×V — the same W, U, V in every step)"
    assert layout(3, folded=False).folded_x is None
    with pytest.raises(KeyError):
        d.box("h_9")
    with pytest.raises(ValueError):
        layout(0)


def test_bptt_trace_gives_the_gradients_of_rnn_loss_and_grads():
    params, x, targets = tiny_elman()
    tr = bptt_trace(params, x, targets)
    loss, grads = rnn_loss_and_grads(x, targets, params)
    assert tr.loss == pytest.approx(loss)
    for k in grads:
        assert np.allclose(tr.grads[k], grads[k], rtol=0, atol=1e-14), k
    report = gradcheck.check(lambda p: rnn_loss_and_grads(x, targets, p)[0], params, tr.grads)
    assert report.ok


def test_bptt_steps_follow_eq_7_4_one_copy_at_a_time():
    params, x, targets = tiny_elman()
    tr = bptt_trace(params, x, targets)
    assert [s.t for s in tr.steps] == [4, 3, 2, 1]
    V, U = params["V"], params["U"]
    later = None
    for s in tr.steps:
        t = s.t
        assert np.allclose(s.from_output, tr.delta_o[t - 1] @ V)                        # Vᵀ δo_t
        expected_future = np.zeros(2) if later is None else later.delta_a @ U          # Uᵀ δa_{t+1}
        assert np.allclose(s.from_future, expected_future)
        assert np.allclose(s.delta_a, (s.from_output + s.from_future) * (1 - tr.h[t] ** 2))
        assert np.allclose(s.to_past, s.delta_a @ U)
        later = s
    # each G is the running sum of δa_t (·)ᵀ; the first copy adds nothing to G_U because h_0 = 0
    G_U = sum(np.outer(s.delta_a, tr.h[s.t - 1]) for s in tr.steps)
    assert np.allclose(tr.steps[-1].G["U"], G_U) and np.allclose(tr.steps[-1].G["U"], tr.steps[-2].G["U"])
    assert not np.allclose(tr.steps[-1].G["W"], tr.steps[-2].G["W"])
    assert np.allclose(tr.a, np.arctanh(tr.h[1:]))


def test_the_tiny_network_runs_as_the_rnn_class():
    params, x, targets = tiny_elman()
    net = nnteach.RNN(1, 2, 1)
    for k, v in params.items():
        net.params[k][...] = v
    tr = bptt_trace(params, x, targets)
    run = net.run(x)
    assert np.allclose(run.h, tr.h[1:]) and np.allclose(run.outputs, tr.p)
    assert tr.p[1, 0] == pytest.approx(0.4055, abs=5e-5)          # the notebook's "0.41, not yet the 1"


def test_bptt_trace_with_cross_entropy_and_bad_cost():
    params, x, targets = tiny_elman()
    tr = bptt_trace(params, x, targets, cost="cross_entropy")
    _, grads = rnn_loss_and_grads(x, targets, params, cost="cross_entropy")
    assert np.allclose(tr.grads["U"], grads["U"]) and np.allclose(tr.delta_o, targets - tr.p)
    with pytest.raises(ValueError, match="unknown cost"):
        bptt_trace(params, x, targets, cost="hinge")


def test_delayed_echo_targets_are_the_inputs_k_steps_back():
    X, T = delayed_echo(5, 12, delay=3, seed=4)
    assert X.shape == T.shape == (5, 12, 1)
    assert np.array_equal(T[:, 3:], X[:, :-3]) and not T[:, :3].any()
    assert set(np.unique(X)) <= {0.0, 1.0}
    X2, _ = delayed_echo(5, 12, delay=3, seed=4)
    assert np.array_equal(X, X2)
    with pytest.raises(ValueError, match="delay"):
        delayed_echo(5, 4, delay=4)
    with pytest.raises(ValueError, match="delay"):
        delayed_echo(5, 4, delay=0)
