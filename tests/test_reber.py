"""The Reber grammar and the embedded Reber grammar (math.md §7.3, §8.2 "Tasks")."""
import numpy as np
import pytest

from nnteach.datasets import REBER_SYMBOLS, accepts, legal_successors, reber_data, reber_strings
from nnteach.datasets.reber import encode


@pytest.fixture(scope="module")
def many():
    return reber_strings(100_000, seed=0)


def test_every_generated_string_is_accepted(many):
    assert all(accepts(s) for s in many[:5000])
    embedded = reber_strings(3000, embedded=True, seed=1)
    assert all(accepts(s, embedded=True) for s in embedded)


def test_minimum_length_is_5_and_both_shortest_strings_occur(many):
    lengths = np.array([len(s) for s in many])
    assert lengths.min() == 5
    assert {"BTXSE", "BPVVE"} <= set(s for s in many if len(s) == 5)


def test_mean_length_is_about_8(many):
    mean = np.mean([len(s) for s in many])
    # the length has standard deviation ~3.4, so the mean of 1e5 strings has standard error ~0.011
    assert abs(mean - 8) < 0.05, f"mean length {mean:.3f}; the Markov chain gives exactly 8"


@pytest.mark.parametrize("s", ["BTSSXXTVVE", "BPVVE", "BTXSE", "BPTVPXVVE", "BTSXXVPSE"])
def test_known_strings_are_accepted(s):
    assert accepts(s)


@pytest.mark.parametrize("s", ["", "B", "BTSE", "BTXSEE", "TXSE", "BPVV", "BTSSXXTVVEB", "BTQSE"])
def test_non_strings_are_rejected(s):
    assert not accepts(s)


def test_embedded_second_symbol_equals_penultimate():
    for s in reber_strings(2000, embedded=True, seed=2):
        assert s[0] == "B" and s[-1] == "E" and s[1] in "TP"
        assert s[1] == s[-2], s
        assert accepts(s[2:-2]), "the middle is a Reber string"


def test_embedded_frame_must_match():
    assert accepts("BTBTXSETE", embedded=True)
    assert accepts("BPBPVVEPE", embedded=True)
    assert not accepts("BTBTXSEPE", embedded=True)
    assert not accepts("BTXSE", embedded=True)


def test_synaptic_compat_uses_the_mirrored_frame():
    assert accepts("BTBPVVEPE", embedded=True, synaptic_compat=True)        # Synaptic's sample output
    assert accepts("BPBTSSSXSETE", embedded=True, synaptic_compat=True)
    assert not accepts("BTBTXSETE", embedded=True, synaptic_compat=True)
    for s in reber_strings(200, embedded=True, synaptic_compat=True, seed=3):
        assert s[-2] == {"T": "P", "P": "T"}[s[1]]
    with pytest.raises(ValueError, match="embedded"):
        accepts("BTXSE", synaptic_compat=True)


def test_legal_successors_by_hand():
    # after B: T|P; state 2 (after BT, BTS…): S|X; after BTSSX (state 4): S|X; state 3: T|V;
    # state 5: P|V; state 6: E
    assert legal_successors("BTSSXXTVVE") == ["TP", "SX", "SX", "SX", "SX", "TV", "TV", "PV", "E"]
    assert legal_successors("BPVVE") == ["TP", "TV", "PV", "E"]


def test_embedded_legal_successors_remember_the_branch():
    assert legal_successors("BTBTXSETE", embedded=True) == ["TP", "B", "TP", "SX", "SX", "E", "T", "E"]
    assert legal_successors("BPBTXSEPE", embedded=True) == ["TP", "B", "TP", "SX", "SX", "E", "P", "E"]


def test_legal_successors_contain_the_actual_next_symbol():
    for s in reber_strings(500, embedded=True, seed=4):
        for t, allowed in enumerate(legal_successors(s, embedded=True)):
            assert s[t + 1] in allowed


def test_legal_successors_of_a_non_string_raise():
    with pytest.raises(ValueError, match="not a string"):
        legal_successors("BTSE")


def test_encoding_is_one_hot_over_seven_symbols_and_all_appear():
    assert REBER_SYMBOLS == "BTPSXVE"
    data = reber_data(300, seed=5)
    X = np.concatenate([x for x, _ in data.pairs])
    T = np.concatenate([t for _, t in data.pairs])
    assert X.shape[1] == 7 and np.all(X.sum(axis=1) == 1) and np.all(T.sum(axis=1) == 1)
    assert np.all(X.sum(axis=0) > 0), "every symbol appears as an input (E too: the inner string ends with one)"
    assert np.all(T.sum(axis=0) > 0), "every symbol appears as a target"


def test_encode_reads_all_but_the_last_and_predicts_all_but_the_first():
    x, t = encode("BPVVE")
    assert x.shape == t.shape == (4, 7)
    assert "".join(REBER_SYMBOLS[k] for k in x.argmax(1)) == "BPVV"
    assert "".join(REBER_SYMBOLS[k] for k in t.argmax(1)) == "PVVE"
    with pytest.raises(ValueError, match="unknown symbol"):
        encode("BQ")


def test_legal_masks_match_the_automaton_and_legal_targets():
    data = reber_data(50, seed=6)
    set_data = reber_data(50, seed=6, targets="legal")
    assert data.strings == set_data.strings
    for s, g, (x, t), (_, ts) in zip(data.strings, data.legal, data.pairs, set_data.pairs):
        assert g.shape == x.shape == (len(s) - 1, 7)
        assert ["".join(REBER_SYMBOLS[k] for k in np.flatnonzero(row)) for row in g] == \
            legal_successors(s, embedded=True)
        assert np.all(g[t > 0] == 1), "the actual next symbol is always legal"
        assert np.array_equal(ts, g)


def test_padded_arrays_and_mask():
    data = reber_data(20, seed=7)
    X, T, legal, mask = data.padded()
    lengths = [len(s) - 1 for s in data.strings]
    assert X.shape == (20, max(lengths), 7) and mask.shape == (20, max(lengths))
    assert np.array_equal(mask.sum(axis=1), lengths)
    assert np.all(X[~mask] == 0) and np.all(legal[~mask] == 0)
    b = int(np.argmin(lengths))
    assert np.array_equal(X[b, :lengths[b]], data.pairs[b][0])


def test_seeded_reproducibility():
    assert reber_strings(30, embedded=True, seed=9) == reber_strings(30, embedded=True, seed=9)
    assert reber_strings(30, embedded=True, seed=9) != reber_strings(30, embedded=True, seed=10)


def test_bad_arguments():
    with pytest.raises(ValueError, match="targets"):
        reber_data(5, targets="sample")
    with pytest.raises(ValueError):
        reber_strings(0)
    with pytest.raises(ValueError, match="str"):
        accepts(["B", "T"])


def test_the_automaton_and_the_states_along_a_string():
    from nnteach.datasets import automaton, states
    arcs, start = automaton(embedded=True)
    assert start == "start" and arcs["frame"] == {"T": ("T", 0), "P": ("P", 0)}
    assert arcs[("close", "P")] == {"P": "last"} and arcs["last"] == {"E": None}
    path = states("BPBTXSEPE", embedded=True)
    assert path == ["start", "frame", ("P", 0), ("P", 1), ("P", 2), ("P", 4), ("P", 6), ("close", "P"), "last", None]
    assert states("BTSSXXTVVE") == [0, 1, 2, 2, 2, 4, 3, 3, 5, 6, None]
    plain, first = automaton()
    plain[0]["B"] = "changed"
    assert first == 0 and automaton()[0][0] == {"B": 1}, "a copy: changing it changes nothing"
    with pytest.raises(ValueError, match="not a string of the embedded"):
        states("BTBTXSEPE", embedded=True)
