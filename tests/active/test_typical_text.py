"""On text (sparse rows) the default prefers uncertain documents that look like the rest."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from nblabel.active import DEFAULT_STRATEGY, _diverse, strategies
from nblabel.active._learners import fit_learner


def _documents(rng, n, terms, vocabulary):
    """``n`` rows of ``terms`` distinct words each from ``vocabulary``, unit length (TF-IDF)."""
    rows = np.repeat(np.arange(n), terms)
    cols = np.concatenate([rng.choice(vocabulary, size=terms, replace=False) for _ in range(n)])
    X = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, 60))
    return X.multiply(1.0 / np.sqrt(terms)).tocsr()


def _pool_with_odd_documents(seed):
    """A labeled set and a pool of 200 six-word documents plus 40 two-word ones.

    Words 0-19 speak for one class, 20-39 for the other, 40-59 for neither. Each two-word
    document has one word of each class, so the model is as unsure of it as of the most
    mixed reviews, but it shares little with the rest of the pool.
    """
    rng = np.random.default_rng(seed)
    train = sp.vstack(
        [_documents(rng, 30, 6, np.arange(20)), _documents(rng, 30, 6, np.arange(20, 40))]
    )
    y = np.repeat([1, 0], 30)
    typical = _documents(rng, 200, 6, np.arange(60))
    pairs = np.column_stack([rng.integers(0, 20, 40), rng.integers(20, 40, 40)])
    odd = sp.csr_matrix(
        (np.full(80, 0.5**0.5), (np.repeat(np.arange(40), 2), pairs.ravel())), shape=(40, 60)
    )
    return train.tocsr(), y, sp.vstack([typical, odd]).tocsr(), np.arange(200, 240)


def test_the_first_text_batch_prefers_documents_like_the_rest():
    """Plain margin spends about half of each batch on the two-word documents here (4.8 of
    10), and so does cluster-margin without typicality (4.2); the default about one in two
    batches (0.6)."""
    odd_in_margin, odd_in_default = [], []
    for seed in range(10):
        train, y, pool, odd = _pool_with_odd_documents(seed)
        learner = fit_learner(LogisticRegression(), train, y, committee=False)
        for strategy, counts in (("margin", odd_in_margin), (DEFAULT_STRATEGY, odd_in_default)):
            order = strategies.rank(strategy, learner, pool, rng=np.random.default_rng(seed))
            counts.append(np.isin(order[:10], odd).sum())
    assert np.mean(odd_in_margin) >= 4
    assert np.mean(odd_in_default) <= 1.5


def test_typicality_breaks_equal_uncertainty_and_uncertainty_equal_typicality():
    rng = np.random.default_rng(0)
    pool = _documents(rng, 50, 6, np.arange(20))
    lone = sp.csr_matrix(([1.0], ([0], [55])), shape=(1, 60))  # a word no other row has
    X = sp.vstack([pool, lone]).tocsr()
    window = np.array([50, 3, 7])
    margin = np.zeros(51)
    assert _diverse.typical_first(window, margin, X)[-1] == 50
    dense = np.tile(np.eye(1, 60), (51, 1))  # all rows alike: margin alone decides
    margin[[3, 7, 50]] = [0.3, 0.1, 0.2]
    assert _diverse.typical_first(window, margin, dense).tolist() == [7, 50, 3]


def test_scoring_a_few_rows_against_the_pool_equals_scoring_the_pool():
    X = _documents(np.random.default_rng(1), 300, 5, np.arange(60))
    rows = np.array([4, 100, 299])
    centre = _diverse.unit_centroid(X)
    expected = _diverse.density(X)[rows]
    np.testing.assert_allclose(_diverse.density(X[rows], centre=centre), expected)
    np.testing.assert_allclose(_diverse.density(X.toarray())[rows], expected)
