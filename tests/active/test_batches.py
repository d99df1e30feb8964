"""Every batch at the head of the queue follows its strategy's rule, and big pools stay fast."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from nblabel.active import _order, strategies
from nblabel.active._learners import fit_learner, predict_proba


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    learner = fit_learner(LogisticRegression(max_iter=500), X[:40], y[:40], committee=False)
    return learner, X[40:]


def _batches(order, size, count):
    return [order[b * size : (b + 1) * size] for b in range(count)]


def test_every_hybrid_head_batch_mixes_margin_and_random_picks(digits):
    learner, pool = digits
    order = strategies.rank("hybrid", learner, pool, batch_size=10, rng=np.random.default_rng(3))
    margin = strategies.rank("margin", learner, pool, rng=np.random.default_rng(3)).tolist()
    placed: list[int] = []
    for batch in _batches(order.tolist(), 10, _order.HEAD_BATCHES):
        expected_top = [r for r in margin if r not in placed][:7]
        assert batch[:7] == expected_top  # 70% most uncertain still open, in margin order
        # ...and 30% random: not simply the next items in margin order
        assert not set(batch[7:]) <= set(margin[: len(placed) + 20])
        placed += batch


def test_every_ranked_batch_head_batch_is_ranked_batch_not_uncertainty_order(digits):
    learner, pool = digits
    order = strategies.rank(
        "ranked_batch", learner, pool, batch_size=10, rng=np.random.default_rng(0)
    ).tolist()
    plain = strategies.rank("uncertainty", learner, pool, rng=np.random.default_rng(0)).tolist()
    for b in range(1, 5):
        before = set(order[: b * 10])
        next_by_uncertainty = [r for r in plain if r not in before][:10]
        assert order[b * 10 : (b + 1) * 10] != next_by_uncertainty
    assert sorted(order) == list(range(len(pool)))


def test_big_pools_get_an_exact_head_and_every_row_once(digits, monkeypatch):
    learner, pool = digits
    monkeypatch.setattr(_order, "EXACT_ROWS", 100)  # treat the digits pool as a big one
    proba = predict_proba(learner, pool)
    for strategy in ("margin", "hybrid", "adaptive", "badge", "cluster_margin"):
        order = strategies.rank(
            strategy, learner, pool, batch_size=10, rng=np.random.default_rng(0), proba=proba
        )
        assert sorted(order.tolist()) == list(range(len(pool))), strategy
    score = -np.sort(proba, axis=1)[:, -1] + np.sort(proba, axis=1)[:, -2]  # -(top1 - top2)
    order = _order.best_first(score, np.random.default_rng(0), head=100)
    assert np.all(np.diff(score[order[:100]]) <= 0)  # the head is exactly best first
    assert score[order[:100]].min() >= score[order[100:]].max()


@pytest.mark.parametrize("kind", ["multiclass", "binary", "pipeline", "sparse"])
def test_float32_probabilities_match_predict_proba(kind):
    if kind == "binary":
        X, y = load_breast_cancer(return_X_y=True)
        X = (X - X.mean(0)) / X.std(0)
    else:
        X, y = load_digits(return_X_y=True)
    estimator = LogisticRegression(max_iter=2000)
    if kind == "pipeline":
        estimator = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    if kind == "sparse":
        X = sp.csr_matrix(X / 16.0)
    learner = fit_learner(estimator, X[:200], y[:200], committee=False)
    fast = predict_proba(learner, X[200:])
    assert fast.dtype == np.float32
    np.testing.assert_allclose(fast, learner.predict_proba(X[200:]), atol=1e-5)


@pytest.mark.parametrize("strategy", ["badge", "cluster_margin", "density", "adaptive", "hybrid"])
def test_diversity_rules_rank_sparse_text_features(strategy):
    from sklearn.feature_extraction.text import TfidfVectorizer

    from nblabel.datasets import load_short_texts

    texts = load_short_texts()
    X = TfidfVectorizer(min_df=2).fit_transform(texts["text"])
    y = texts["sentiment"].to_numpy()
    rows = np.r_[0:15, len(y) - 15 : len(y)]
    learner = fit_learner(LogisticRegression(max_iter=500), X[rows], y[rows], committee=False)
    pool = X[30:-15]
    order = strategies.rank(strategy, learner, pool, batch_size=5, rng=np.random.default_rng(0))
    assert sorted(order.tolist()) == list(range(pool.shape[0]))
