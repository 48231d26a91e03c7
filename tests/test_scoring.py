"""Held-out scorers (nnteach.scoring): hand-written oracle models score 1.0, wrong ones score less."""
import numpy as np
import pytest

from nnteach.datasets import distracted_recall, reber_data
from nnteach.datasets.reber import SYMBOLS, legal_successors
from nnteach.scoring import SequenceScore, reber_score, recall_score


# ----------------------------------------------------------------------------- recall oracles
class RecallOracle:
    """Reads the inputs like a perfect memory: remembers targets in time order, answers at prompts.

    Written independently of the generator: it only looks at the one-hot inputs."""

    def __init__(self, targets, prompts, low=0.1, high=0.9, swap=False, distractor_noise=False):
        self.targets, self.prompts = list(targets), list(prompts)
        self.low, self.high, self.swap, self.noise = low, high, swap, distractor_noise
        self.params = {"w": np.zeros(1)}

    def forward(self, X):
        B, L, _ = X.shape
        Y = np.full((B, L, len(self.targets)), self.low)
        for b in range(B):
            seen = []
            for t in range(L):
                s = int(np.argmax(X[b, t]))
                if s in self.targets:
                    seen.append(self.targets.index(s))
                    if self.noise:
                        Y[b, t, 0] = 0.7            # blurts out at a target step (not a prompt)
                elif s in self.prompts:
                    m = self.prompts.index(s)
                    order = seen[::-1] if self.swap else seen
                    Y[b, t, order[m]] = self.high
        return Y


@pytest.fixture(scope="module")
def trials():
    return distracted_recall(300, seed=11)


def test_recall_oracle_scores_one(trials):
    s = recall_score(RecallOracle(trials.targets, trials.prompts), trials)
    assert isinstance(s, SequenceScore)
    assert s.score == 1.0 and s.step_accuracy == 1.0 and s.n == 300
    assert s.parts == {"prompt 1": 1.0, "prompt 2": 1.0}
    assert float(s) == 1.0


def test_recall_swapped_order_fails_exactly_where_targets_differ(trials):
    s = recall_score(RecallOracle(trials.targets, trials.prompts, swap=True), trials)
    same = trials.answers[:, 0] == trials.answers[:, 1]          # repeated target: swapping is harmless
    assert 0 < s.score < 1
    assert s.score == pytest.approx(same.mean())
    assert np.array_equal(s.correct, same)


def test_recall_threshold_rejects_unsure_answers_that_argmax_accepts(trials):
    unsure = RecallOracle(trials.targets, trials.prompts, low=0.2, high=0.45)
    assert recall_score(unsure, trials).score == 0.0
    assert recall_score(unsure, trials, rule="argmax").score == 1.0


def test_recall_all_steps_also_checks_the_quiet_steps(trials):
    noisy = RecallOracle(trials.targets, trials.prompts, distractor_noise=True)
    assert recall_score(noisy, trials).score == 1.0, "prompts only: the blurt is not scored"
    s = recall_score(noisy, trials, all_steps=True)
    assert s.score == 0.0
    assert s.parts["quiet steps"] == pytest.approx(20 / 22), "2 of 22 non-prompt steps per trial are targets"


def test_recall_constant_model_gets_nothing(trials):
    class Zero:
        def forward(self, X):
            return np.zeros(X.shape[:2] + (4,))
    s = recall_score(Zero(), trials)
    assert s.score == 0.0 and s.step_accuracy == 0.0


def test_recall_score_does_not_depend_on_the_batch_size(trials):
    oracle = RecallOracle(trials.targets, trials.prompts, swap=True)
    assert recall_score(oracle, trials, batch=7).score == recall_score(oracle, trials).score


def test_recall_bad_arguments(trials):
    oracle = RecallOracle(trials.targets, trials.prompts)
    with pytest.raises(ValueError, match="rule"):
        recall_score(oracle, trials, rule="round")
    with pytest.raises(ValueError, match="all_steps"):
        recall_score(oracle, trials, rule="argmax", all_steps=True)
    with pytest.raises(ValueError, match="RecallTrials"):
        recall_score(oracle, trials.data)

    class WrongK:
        def forward(self, X):
            return np.zeros(X.shape[:2] + (3,))
    with pytest.raises(ValueError, match="expected"):
        recall_score(WrongK(), trials)


# ----------------------------------------------------------------------------- Reber oracles
class ReberOracle:
    """Knows the grammar: outputs 0.5 on every legal successor, 0 elsewhere.

    It tracks the embedded automaton by hand from the inputs (independent of the generator)."""

    INNER = {0: {"B": 1}, 1: {"T": 2, "P": 3}, 2: {"S": 2, "X": 4}, 3: {"T": 3, "V": 5},
             4: {"X": 3, "S": 6}, 5: {"P": 4, "V": 6}, 6: {"E": 7}}

    def __init__(self, forget_branch=False, argmax_only=False):
        self.forget_branch, self.argmax_only = forget_branch, argmax_only

    def _legal(self, prefix):
        if len(prefix) == 1:
            return "TP"
        if len(prefix) == 2:
            return "B"
        state = 0
        for c in prefix[2:]:
            if state == 7:                       # the inner string has ended; frame letter read
                return "E"
            if c not in self.INNER[state]:
                return ""                        # not an embedded string: predict nothing
            state = self.INNER[state][c]
        if state == 7:
            return "TP" if self.forget_branch else prefix[1]
        return "".join(self.INNER[state])

    def forward(self, X):
        B, T, _ = X.shape
        Y = np.zeros((B, T, 7))
        for b in range(B):
            prefix = ""
            for t in range(T):
                prefix += SYMBOLS[int(np.argmax(X[b, t]))]
                legal = self._legal(prefix)
                for c in legal:
                    Y[b, t, SYMBOLS.index(c)] = 0.5
                if self.argmax_only and len(legal) > 1:
                    Y[b, t, SYMBOLS.index("B")] = 0.4      # an illegal symbol above one legal one
                    Y[b, t, SYMBOLS.index(legal[1])] = 0.3
        return Y


@pytest.fixture(scope="module")
def strings():
    return reber_data(200, seed=21)


def test_reber_oracle_by_hand_agrees_with_the_automaton():
    oracle = ReberOracle()
    for s in ["BTBTXSETE", "BPBPVVEPE", "BTBTSSXXTVVETE"]:
        mine = [set(oracle._legal(s[:t + 1])) for t in range(len(s) - 1)]
        assert mine == [set(g) for g in legal_successors(s, embedded=True)]


def test_reber_oracle_scores_one(strings):
    s = reber_score(ReberOracle(), strings)
    assert s.score == 1.0 and s.step_accuracy == 1.0 and s.parts == {"penultimate": 1.0}
    assert reber_score(ReberOracle(), strings, rule="argmax").score == 1.0


def test_forgetting_the_branch_fails_only_the_penultimate_step(strings):
    s = reber_score(ReberOracle(forget_branch=True), strings)
    assert s.score == 0.0, "every embedded string needs the long-range memory"
    assert s.parts["penultimate"] == 0.0
    steps = sum(len(x) for x, _ in strings.pairs)
    assert s.step_accuracy == pytest.approx(1 - len(strings) / steps), "exactly one wrong step per string"
    # with argmax the tie 0.5/0.5 between T and P goes to T (the first unit): right for T strings only
    a = reber_score(ReberOracle(forget_branch=True), strings, rule="argmax")
    t_strings = np.array([s[1] == "T" for s in strings.strings])
    assert np.array_equal(a.correct, t_strings)


def test_set_rule_is_stricter_than_argmax(strings):
    model = ReberOracle(argmax_only=True)
    assert reber_score(model, strings, rule="argmax").score == 1.0
    assert reber_score(model, strings, rule="set").score == 0.0


def test_reber_score_accepts_a_list_of_strings(strings):
    assert reber_score(ReberOracle(), strings.strings[:50]).score == 1.0
    plain = ["BTSSXXTVVE", "BPVVE"]
    s = reber_score(ReberOracle(), plain, embedded=False)
    assert s.parts == {}                                 # no penultimate part for plain strings
    assert s.score == 0.0                                # the oracle assumes the embedded frame


def test_scorers_never_change_the_model(strings):
    class Linear:
        def __init__(self):
            self.params = {"W": np.random.default_rng(0).normal(size=(7, 7))}

        def forward(self, X):
            return X @ self.params["W"].T
    model = Linear()
    before = model.params["W"].copy()
    reber_score(model, strings)
    assert np.array_equal(model.params["W"], before)


def test_reber_bad_arguments(strings):
    with pytest.raises(ValueError, match="rule"):
        reber_score(ReberOracle(), strings, rule="max")
    with pytest.raises(ValueError, match="ReberData"):
        reber_score(ReberOracle(), strings.pairs)
    with pytest.raises(ValueError, match="forward"):
        reber_score(object(), strings)


# ----------------------------------------------------------------------------- end to end
@pytest.mark.slow
def test_a_trained_lstm_learns_the_embedded_reber_grammar():
    """The scorer on a real network: untrained it fails, trained a few epochs it passes (bench settings)."""
    from nnteach import train
    from nnteach.lstm import LSTM

    net = LSTM(7, 16, 7, seed=0, init="xavier", forget_bias=1.0)
    held_out = reber_data(300, seed=999_999)
    assert reber_score(net, held_out).score == 0.0, "an untrained network predicts nothing legal"
    result = train(net, reber_data(1000, targets="legal", seed=1000).pairs, rate=0.05, iterations=10, error=0,
                   cost="cross_entropy", batch_size=4, momentum=0.9, clip=5.0, shuffle=True, seed=0,
                   callback=lambda info: reber_score(info["model"], held_out).score >= 0.95)
    s = reber_score(net, held_out)
    assert s.score >= 0.95, f"after {result.epochs} epochs: {s}"
    assert s.parts["penultimate"] >= 0.95
