"""Generated data sets: the logic gates, two moons, two spirals."""
import numpy as np
import pytest

from nnteach import datasets


@pytest.mark.parametrize("name,column", [("AND", [0, 0, 0, 1]), ("OR", [0, 1, 1, 1]), ("NAND", [1, 1, 1, 0]),
                                         ("NOR", [1, 0, 0, 0]), ("XOR", [0, 1, 1, 0])])
def test_truth_tables(name, column):
    X, T = datasets.logic_gate(name)
    assert X.shape == (4, 2) and T.shape == (4, 1)
    a, b = X[:, 0].astype(bool), X[:, 1].astype(bool)
    logic = {"AND": a & b, "OR": a | b, "NAND": ~(a & b), "NOR": ~(a | b), "XOR": a ^ b}[name]
    assert T[:, 0].tolist() == logic.astype(float).tolist() == column


def test_unknown_gate_lists_the_names():
    with pytest.raises(ValueError, match="'AND', 'OR', 'NAND', 'NOR', 'XOR'"):
        datasets.logic_gate("XNOR")


def test_gate_arrays_are_copies():
    X, T = datasets.xor()
    X[0, 0] = 9
    assert datasets.xor()[0][0, 0] == 0


@pytest.mark.parametrize("make", [datasets.two_moons, datasets.two_spirals])
def test_planar_sets_are_seeded_balanced_and_shaped(make):
    X, T = make(101, noise=0.1, seed=3)
    X2, T2 = make(101, noise=0.1, seed=3)
    X3, _ = make(101, noise=0.1, seed=4)
    assert X.shape == (101, 2) and T.shape == (101, 1)
    assert np.array_equal(X, X2) and np.array_equal(T, T2) and not np.array_equal(X, X3)
    assert int(T.sum()) == 51 and set(np.unique(T)) == {0.0, 1.0}


def test_noise_free_moons_lie_on_their_half_circles():
    X, T = datasets.two_moons(200, noise=0.0, seed=0)
    upper, lower = X[T[:, 0] == 0], X[T[:, 0] == 1]
    assert np.allclose(np.hypot(*upper.T), 1.0)
    assert np.allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0)
    assert np.all(upper[:, 1] >= 0) and np.all(lower[:, 1] <= 0.5)


def test_noise_free_spirals_are_point_symmetric():
    """The second arm is the first turned by 180°: for equal radii the angles differ by π."""
    X, T = datasets.two_spirals(400, noise=0.0, turns=1.5, seed=0)
    r = np.hypot(*X.T)
    assert np.all(r <= 1.0 + 1e-12)
    for cls, offset in ((0, 0.0), (1, np.pi)):
        pts = X[T[:, 0] == cls]
        rr = np.hypot(*pts.T)
        angle = np.arctan2(pts[:, 1], pts[:, 0])
        expected = 2 * np.pi * 1.5 * rr + offset
        assert np.allclose(np.cos(angle), np.cos(expected), atol=1e-9)


@pytest.mark.parametrize("kwargs", [{"n": 0}, {"noise": -1}, {"noise": float("nan")}])
def test_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        datasets.two_moons(**kwargs)
