"""Query strategies rank the whole pool, in chunks, with modAL's measures."""

from __future__ import annotations

import numpy as np
import pytest
from modAL.uncertainty import classifier_margin
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression

from nblabel.active import STRATEGIES, strategies
from nblabel.active._learners import fit_learner


@pytest.fixture(scope="module")
def data():
    X, y = load_digits(return_X_y=True)
    return X / 16.0, y


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_every_strategy_ranks_every_pool_row_once(data, strategy):
    X, y = data
    learner = fit_learner(
        LogisticRegression(max_iter=500),
        X[:60],
        y[:60],
        committee=strategies.needs_committee(strategy),
    )
    order = strategies.rank(
        strategy, learner, X[60:400], batch_size=10, rng=np.random.default_rng(0)
    )
    assert sorted(order.tolist()) == list(range(340))


def test_margin_puts_the_smallest_margin_first(data):
    X, y = data
    learner = fit_learner(LogisticRegression(max_iter=500), X[:40], y[:40], committee=False)
    pool = X[40:]
    order = strategies.rank("margin", learner, pool)
    margins = classifier_margin(learner, pool)
    assert margins[order[0]] == pytest.approx(margins.min())
    assert np.all(np.diff(margins[order]) >= -1e-12)


def test_chunked_scores_equal_whole_pool_scores(data, monkeypatch):
    X, y = data
    learner = fit_learner(LogisticRegression(max_iter=500), X[:40], y[:40], committee=False)
    whole = strategies.scores("entropy", learner, X)
    monkeypatch.setattr(strategies, "CHUNK", 97)
    np.testing.assert_allclose(strategies.scores("entropy", learner, X), whole)


def test_hybrid_batches_mix_uncertain_and_random_picks(data):
    X, y = data
    learner = fit_learner(LogisticRegression(max_iter=500), X[:40], y[:40], committee=False)
    order = strategies.rank("hybrid", learner, X[40:], batch_size=10, rng=np.random.default_rng(1))
    margin_order = strategies.rank("margin", learner, X[40:], rng=np.random.default_rng(1))
    assert set(order[:7]) == set(margin_order[:7])  # 70% most uncertain
    assert not set(order[7:10]) <= set(margin_order[:10])  # the rest explores


def test_unknown_strategy_is_named():
    with pytest.raises(ValueError, match="'smart'"):
        strategies.check_strategy("smart")


def test_committees_handle_string_classes(data):
    X, y = data
    labels = np.array(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    )
    learner = fit_learner(LogisticRegression(max_iter=500), X[:80], labels[y[:80]], committee=True)
    order = strategies.rank("vote_entropy", learner, X[80:200])
    assert sorted(order.tolist()) == list(range(120))
    assert set(strategies.scores("kl_divergence", learner, X[80:90]) >= 0) == {True}
