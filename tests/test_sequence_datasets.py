"""Distracted sequence recall and the noisy sine (math.md §7.2, §8.2 "Tasks")."""
import numpy as np
import pytest

from nnteach.datasets import distracted_recall, noisy_sine, synaptic_demo_recall
from nnteach.datasets.sequences import RecallTrials


@pytest.fixture(scope="module")
def full():
    return distracted_recall(500, seed=3)


def test_full_size_shapes_are_10_inputs_24_steps_4_outputs(full):
    assert full.X.shape == (500, 24, 10)
    assert full.T.shape == (500, 24, 4)
    assert full.mask.shape == (500, 24)
    assert full.data[0] is full.X and full.data[1] is full.T


def test_inputs_are_one_hot_of_the_symbols(full):
    assert np.all(full.X.sum(axis=2) == 1)
    assert np.array_equal(np.argmax(full.X, axis=2), full.symbols)


def test_exactly_two_targets_in_the_first_22_steps_then_the_prompts(full):
    body = full.symbols[:, :22]
    is_target = np.isin(body, full.targets)
    assert np.all(is_target.sum(axis=1) == 2), "every trial stores exactly two targets"
    assert np.all(np.isin(body[~is_target], full.distractors)), "every other early step is a distractor"
    assert np.all(full.symbols[:, 22] == full.prompts[0]) and np.all(full.symbols[:, 23] == full.prompts[1])


def test_prompt_m_asks_for_the_m_th_target_in_time_order(full):
    for b in range(len(full)):
        where = np.flatnonzero(np.isin(full.symbols[b, :22], full.targets))   # increasing time order
        for m in range(2):
            expected = np.zeros(4)
            expected[full.targets.index(full.symbols[b, where[m]])] = 1
            assert np.array_equal(full.T[b, 22 + m], expected), f"trial {b}, prompt {m + 1}"


def test_targets_are_zero_except_at_the_prompts(full):
    assert np.all(full.T[:, :22] == 0)
    assert np.all(full.T[:, 22:].sum(axis=2) == 1)
    assert np.all(full.mask[:, 22:]) and not np.any(full.mask[:, :22])


def test_positions_sort_numerically_where_a_string_sort_would_not():
    """Trials whose target positions sort differently as strings (e.g. 5 and 12: "12" < "5")."""
    trials = distracted_recall(400, seed=0)
    assert np.all(np.diff(trials.positions, axis=1) > 0), "positions are listed in time order"
    mixed = [b for b in range(len(trials))
             if sorted(trials.positions[b].tolist(), key=str) != trials.positions[b].tolist()]
    assert len(mixed) > 20, "the test needs trials where a string sort would go wrong"
    for b in mixed:
        first = trials.symbols[b, trials.positions[b, 0]]
        assert trials.T[b, 22, trials.targets.index(first)] == 1, "prompt 1 must ask for the earlier target"


def test_synaptic_compat_reproduces_the_lexicographic_sort():
    theirs = distracted_recall(400, seed=0, synaptic_compat=True)
    straddle = 0
    for b in range(400):
        where = np.flatnonzero(np.isin(theirs.symbols[b, :22], theirs.targets))   # time order
        assert list(theirs.positions[b]) == sorted(where.tolist(), key=str), "positions in string order"
        asked_first = theirs.targets[int(np.argmax(theirs.T[b, 22]))]
        if str(where[1]) < str(where[0]):        # e.g. 12 before 5 ("12" < "5"), but not 12 after 1
            straddle += 1
            assert asked_first == theirs.symbols[b, where[1]], "Synaptic's prompt 1 asks for the later target"
        else:
            assert asked_first == theirs.symbols[b, where[0]]
    assert straddle > 20, "the test needs trials whose string order differs from time order"


def test_same_seed_same_trials_and_different_seed_differs():
    a, b = distracted_recall(50, seed=7), distracted_recall(50, seed=7)
    assert np.array_equal(a.X, b.X) and np.array_equal(a.T, b.T)
    assert not np.array_equal(a.X, distracted_recall(50, seed=8).X)


def test_small_configuration_from_counts():
    t = distracted_recall(100, length=8, targets=2, distractors=3, prompts=2, seed=1)
    assert t.X.shape == (100, 8, 7) and t.T.shape == (100, 8, 2)
    assert t.prompts == (0, 1) and t.targets == (2, 3) and t.distractors == (4, 5, 6)
    assert np.all(np.isin(t.symbols[:, :6], t.targets).sum(axis=1) == 2)


def test_three_prompts_store_three_targets():
    t = distracted_recall(50, length=12, targets=3, distractors=2, prompts=3, repeats=False, seed=2)
    assert np.all(np.isin(t.symbols[:, :9], t.targets).sum(axis=1) == 3)
    assert np.all(np.sort(t.answers, axis=1) == [0, 1, 2]), "without repeats each target appears once"


def test_synaptic_demo_has_6_symbols_and_10_steps():
    t = synaptic_demo_recall(20, seed=0)
    assert isinstance(t, RecallTrials)
    assert t.X.shape == (20, 10, 6) and t.T.shape == (20, 10, 2)
    assert t.targets == (2, 4) and t.distractors == (3, 5) and t.prompts == (0, 1)


def test_repeated_targets_are_allowed_by_default():
    t = distracted_recall(300, seed=4)
    assert np.any(t.answers[:, 0] == t.answers[:, 1]), "Synaptic draws target identities independently"


@pytest.mark.parametrize("kwargs, match", [
    (dict(n_trials=0), "n_trials"),
    (dict(length=3), "length"),
    (dict(targets=(2, 4), distractors=(3, 5), prompts=(0, 1), length=10, n_trials=1, repeats=True), None),
    (dict(targets=(2, 4, 7, 8), distractors=(3, 5, 6, 10)), "0 … 9"),
    (dict(targets=(1, 4, 7, 8)), "each used exactly once"),
    (dict(targets=2, distractors=(3, 5)), "all as counts"),
    (dict(targets=[]), "non-empty"),
    (dict(targets=1, distractors=2, prompts=2, length=8, repeats=False), "repeats=False"),
])
def test_bad_arguments_raise_value_error(kwargs, match):
    if match is None:
        distracted_recall(**kwargs)        # the control case is valid
        return
    with pytest.raises(ValueError, match=match):
        distracted_recall(**kwargs)


def test_noisy_sine_targets_are_the_next_inputs():
    X, T = noisy_sine(40, seed=1)
    assert X.shape == (40, 1) and T.shape == (40, 1)
    assert np.array_equal(T[:-1], X[1:])
    assert np.all((X > 0) & (X < 1)) and np.all((T > 0) & (T < 1))


def test_noisy_sine_batch_and_reproducibility():
    X, T = noisy_sine(30, 5, seed=2)
    assert X.shape == (5, 30, 1) and T.shape == (5, 30, 1)
    assert np.array_equal(T[:, :-1], X[:, 1:])
    assert not np.allclose(X[0], X[1]), "each sequence gets its own phase"
    X2, _ = noisy_sine(30, 5, seed=2)
    assert np.array_equal(X, X2)


def test_noiseless_sine_follows_the_formula():
    X, _ = noisy_sine(20, noise=0.0, period=10, amplitude=0.3, seed=0)
    phase = np.random.default_rng(0).uniform(0, 2 * np.pi)
    assert np.allclose(X[:, 0], 0.5 + 0.3 * np.sin(2 * np.pi * np.arange(20) / 10 + phase))


@pytest.mark.parametrize("kwargs", [dict(length=0), dict(n_sequences=0), dict(period=0),
                                    dict(noise=-1), dict(amplitude=0.5), dict(amplitude=float("nan"))])
def test_noisy_sine_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        noisy_sine(**kwargs)
