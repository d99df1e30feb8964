"""Cluster-margin groups items in the space the model weighs, not in raw feature units."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression

from nblabel.active import DEFAULT_STRATEGY, strategies
from nblabel.active._learners import embedding, fit_learner, weighted_embedding


def _signal_and_loud_noise(n=400, seed=0):
    """Two informative columns in units of one, one useless column in units of a thousand."""
    rng = np.random.default_rng(seed)
    signal = rng.normal(size=(n, 2))
    y = (signal[:, 0] + signal[:, 1] > 0).astype(int)
    noise = rng.normal(scale=1000.0, size=(n, 1))
    return np.hstack([signal, noise]), y


def test_a_column_the_model_ignores_stops_dominating_distances():
    X, y = _signal_and_loud_noise()
    learner = fit_learner(LogisticRegression(max_iter=1000), X, y, committee=False)
    raw_spread = np.asarray(embedding(learner, X)).std(axis=0)
    weighted_spread = weighted_embedding(learner, X).std(axis=0)
    assert raw_spread[2] > 100 * raw_spread[:2].max()  # raw units: the noise decides
    assert weighted_spread[2] < weighted_spread[:2].min()  # weighted: the signal does


def test_the_default_batch_spreads_over_the_signal_not_the_noise():
    """Along the decision boundary the default's picks cover more ground than the ten lowest
    margins on most pools; grouped in raw units (where the noise decides) only on half."""

    def along(rows):
        return np.ptp(rows[:, 0] - rows[:, 1])

    wider = 0
    for seed in range(30):
        X, y = _signal_and_loud_noise(seed=seed)
        learner = fit_learner(LogisticRegression(max_iter=1000), X[:40], y[:40], committee=False)
        pool = X[40:]
        picked = strategies.rank(
            DEFAULT_STRATEGY, learner, pool, batch_size=10, rng=np.random.default_rng(0)
        )
        lowest = strategies.rank("margin", learner, pool, rng=np.random.default_rng(0))
        wider += along(pool[picked[:10]]) > along(pool[lowest[:10]])
    assert wider >= 22  # 25 of 30 here; 15 of 30 when grouped in raw units


def test_sparse_rows_are_unit_length_and_other_models_keep_their_features():
    X, y = _signal_and_loud_noise()
    sparse = sp.csr_matrix(np.abs(X))
    linear = fit_learner(LogisticRegression(max_iter=1000), sparse, y, committee=False)
    norms = np.sqrt(
        np.asarray(
            weighted_embedding(linear, sparse)
            .multiply(weighted_embedding(linear, sparse))
            .sum(axis=1)
        )
    ).ravel()
    np.testing.assert_allclose(norms, 1.0)
    forest = fit_learner(RandomForestClassifier(n_estimators=5), X, y, committee=False)
    np.testing.assert_array_equal(weighted_embedding(forest, X), X)
