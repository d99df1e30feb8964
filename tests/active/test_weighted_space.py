"""Cluster-margin groups items in the space the model weighs, not in raw feature units."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from nblabel.active import DEFAULT_STRATEGY, _diverse, strategies
from nblabel.active._learners import embedding, fit_learner, weighted_embedding


def _signal_and_loud_noise(n=400, seed=0):
    """Two informative columns in units of one, one useless column in units of a thousand."""
    rng = np.random.default_rng(seed)
    signal = rng.normal(size=(n, 2))
    y = (signal[:, 0] + signal[:, 1] > 0).astype(int)
    noise = rng.normal(scale=1000.0, size=(n, 1))
    return np.hstack([signal, noise]), y


def _copies_with_noise(seed, copies=5, noise=20):
    """A pool of 100 items, each in ``copies`` versions that differ only in noise columns,
    and 200 other labeled rows whose class the first two columns decide."""
    rng = np.random.default_rng(seed)
    base = rng.normal(size=(100, 2))
    item = np.repeat(np.arange(100), copies)
    pool = np.hstack([base[item], rng.normal(size=(len(item), noise))])
    train = rng.normal(size=(200, 2 + noise))
    return pool, item, train, (train[:, 0] + train[:, 1] > 0).astype(int)


def test_a_column_the_model_ignores_stops_dominating_distances():
    X, y = _signal_and_loud_noise()
    learner = fit_learner(LogisticRegression(max_iter=1000), X, y, committee=False)
    raw_spread = np.asarray(embedding(learner, X)).std(axis=0)
    weighted_spread = weighted_embedding(learner, X).std(axis=0)
    assert raw_spread[2] > 100 * raw_spread[:2].max()  # raw units: the noise decides
    assert weighted_spread[2] < weighted_spread[:2].min()  # weighted: the signal does


def _default_heads(seeds=20):
    """The default's queue head (ten batches of ten) on pools of items in five noisy copies."""
    for seed in range(seeds):
        pool, item, train, y = _copies_with_noise(seed)
        estimator = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
        learner = fit_learner(estimator, train, y, committee=False)
        order = strategies.rank(
            DEFAULT_STRATEGY, learner, pool, batch_size=10, rng=np.random.default_rng(0)
        )
        yield item[order[:100]]


def test_the_default_batch_spends_no_labels_on_copies_that_differ_only_in_noise():
    """Ten picks, ten different items on nearly every pool; the ten lowest margins repeat
    items (8 distinct on average here), and grouping in the scaled features, where twenty
    noise columns outweigh two informative ones, does little better (8.35)."""
    distinct = [len(set(head[:10].tolist())) for head in _default_heads()]
    assert np.mean(distinct) >= 9.8 and min(distinct) >= 9


def test_a_late_retrain_leaves_a_head_of_mostly_different_items():
    """When the user labels past the first batch before the next retrain lands, the later
    batches still avoid copies, within each batch and across them: margin order's first 100
    picks hold 35 different items here, clustering each batch on its own 37."""
    heads = list(_default_heads())
    later = [len(set(head[b * 10 : (b + 1) * 10].tolist())) for head in heads for b in range(1, 10)]
    assert np.mean(later) >= 9.0
    assert np.mean([len(set(head.tolist())) for head in heads]) >= 60


def test_sparse_rows_are_unit_length_and_other_models_keep_their_features():
    X, y = _signal_and_loud_noise()
    sparse = sp.csr_matrix(np.abs(X))
    linear = fit_learner(LogisticRegression(max_iter=1000), sparse, y, committee=False)
    space = weighted_embedding(linear, sparse)
    norms = np.sqrt(np.asarray(space.multiply(space).sum(axis=1))).ravel()
    np.testing.assert_allclose(norms, 1.0)
    forest = fit_learner(RandomForestClassifier(n_estimators=5), X, y, committee=False)
    np.testing.assert_array_equal(weighted_embedding(forest, X), X)


def test_two_classes_keep_the_batch_near_the_boundary_but_skip_copies():
    """On dense two-class rows the batch comes from the 2 × batch most uncertain distinct items:
    near-copies give up their places, items spread as in the benchmark's pools keep them."""
    rng = np.random.default_rng(0)
    spread = rng.normal(size=(30, 20))
    positions = np.arange(30)
    np.testing.assert_array_equal(_diverse.distinct_first(spread, positions, 10), positions[:10])
    copies = np.repeat(spread, 3, axis=0) + rng.normal(scale=0.01, size=(90, 20))
    kept = _diverse.distinct_first(copies, np.arange(90), 10)
    np.testing.assert_array_equal(kept, np.arange(0, 30, 3)[:10])


def test_the_default_batch_on_two_dense_classes_comes_from_the_lowest_margins():
    """Breast cancer: ten picks among the twenty most uncertain (the wide window reaches 50)."""
    X, y = load_breast_cancer(return_X_y=True)
    estimator = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    learner = fit_learner(estimator, X[:40], y[:40], committee=False)
    pool = X[40:]
    margin = strategies.rank("margin", learner, pool, rng=np.random.default_rng(0))
    batch = strategies.rank(DEFAULT_STRATEGY, learner, pool, rng=np.random.default_rng(0))[:10]
    assert set(batch.tolist()) <= set(margin[:20].tolist())
    assert not set(batch.tolist()) <= set(margin[:10].tolist())  # still chosen, not copied
