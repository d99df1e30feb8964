"""Batch rules that trade uncertainty against diversity: BADGE, cluster-margin, density.

Each returns the head of the queue (indices into the pool); the caller appends the tail.
All three work on a shortlist for big pools, so ranking a million rows stays cheap.
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: Candidates BADGE's k-means++ seeding looks at on a big pool (the most uncertain ones).
SHORTLIST = 20_000
#: Cluster-margin's candidates per batch slot: each batch of ``b`` picks from the ``WIDTH × b``
#: most uncertain open items. Wider windows (10) and narrower ones (3, or the class count)
#: measured within noise of 5 in benchmarks/label_efficiency.py.
WIDTH = 5
#: The window for two classes on dense rows, in distinct items. Every low margin then lies along
#: the one boundary, and a 5× window reaches items the model is sure of: on the few-informative
#: set it needed 0.67× random's labels where plain margin needed 0.56×; 2× needs 0.56×
#: (breast cancer unchanged). Sparse rows keep ``WIDTH``: ``typical_first`` needs the choice.
BINARY_WIDTH = 2
#: Items closer than this share of the window's median distance to an item already in the
#: narrow window count as its near-duplicates and do not take a place in it. Copies that differ
#: only in noise sit at about 0.3×; neighbours on the benchmark sets at 0.5× and more.
DUPLICATE = 0.4
#: Rows read to estimate the pool's centroid for ``typical_first`` on a big pool.
CENTROID_SAMPLE = 20_000


def margins(proba: np.ndarray) -> np.ndarray:
    """Top-1 minus top-2 probability per row (small means the model hesitates).

    A running top two over the class columns: on a million rows this is several times
    faster than partitioning every row.
    """
    if proba.shape[1] < 2:
        return np.ones(len(proba), dtype=proba.dtype)
    top1 = np.maximum(proba[:, 0], proba[:, 1])
    top2 = np.minimum(proba[:, 0], proba[:, 1])
    for c in range(2, proba.shape[1]):
        column = proba[:, c]
        np.maximum(top2, np.minimum(top1, column), out=top2)
        np.maximum(top1, column, out=top1)
    return top1 - top2


def swapped(proba: np.ndarray, labeled: np.ndarray, batch: np.ndarray) -> int:
    """How many picks of ``batch`` are not among the ``len(batch)`` lowest margins of the open
    rows: what a diversity rule swapped plain margin's picks for (counted with ties kept)."""
    if len(batch) == 0:
        return 0
    margin = margins(proba)
    margin[labeled] = np.inf
    kth = np.partition(margin, len(batch) - 1)[len(batch) - 1]
    return int((margin[batch] > kth).sum())


def badge(
    proba: np.ndarray, X: Any, head: int, rng: np.random.Generator, candidates: np.ndarray
) -> np.ndarray:
    """BADGE (Ash et al. 2020) for a linear last layer: k-means++ seeding on loss gradients.

    The gradient of the log loss at the predicted label is ``(p - onehot(argmax p)) x``; its
    norm is large where the model hesitates, and seeding spreads picks across the pool. The
    outer product is never formed: squared distances between gradients factor as
    ``|a_i|²|x_i|² + |a_j|²|x_j|² - 2 (a_i·a_j)(x_i·x_j)``, so sparse TF-IDF rows work too.
    """
    P = proba[candidates].astype(np.float64)
    A = P.copy()
    A[np.arange(len(A)), P.argmax(axis=1)] -= 1.0
    Xc = X[candidates]
    xx = _row_norms2(Xc)
    aa = (A * A).sum(axis=1)
    norms = aa * xx
    picked = [int(np.argmax(norms))]
    nearest = np.full(len(candidates), np.inf)
    for _ in range(min(head, len(candidates)) - 1):
        c = picked[-1]
        cross = _dot_row(Xc, c)
        dist = norms + norms[c] - 2.0 * (A @ A[c]) * cross
        np.minimum(nearest, np.maximum(dist, 0.0), out=nearest)
        nearest[picked] = 0.0
        total = nearest.sum()
        if total <= 0:  # every candidate coincides with a pick: fall back to gradient norm
            rest = np.setdiff1d(np.argsort(-norms), picked, assume_unique=True)
            picked.extend(rest[: head - len(picked)].tolist())
            break
        picked.append(int(rng.choice(len(candidates), p=nearest / total)))
    return candidates[np.asarray(picked, dtype=np.intp)]


def typical_first(window: np.ndarray, margin: np.ndarray, X: Any) -> np.ndarray:
    """``window`` (pool rows) reordered by uncertainty times information density.

    Uncertainty sampling on text favours odd documents (a two-word review, a list of names)
    that teach the model little about the rest (Settles & Craven 2008). Within cluster-margin's
    window on sparse rows, each group then gives its most uncertain *typical* item: on the
    bundled reviews that took the default from 1.01× random's labels to 0.94×. On dense
    features the centroid says little (the synthetic sets lost 0.06-0.17), so it is not used.
    """
    step = max(1, X.shape[0] // CENTROID_SAMPLE)
    score = (1.0 - margin[window]) * density(X[window], centre=unit_centroid(X[::step]))
    return window[np.argsort(-score, kind="stable")]


def cluster_margin(
    shortlist: np.ndarray,
    space: Any,
    batch_size: int,
    head: int,
    seed: int,
    *,
    narrow: bool = False,
) -> np.ndarray:
    """Cluster-margin (Citovsky et al. 2021): the next batch never spends its labels on
    near-duplicates. The ``WIDTH × batch`` lowest-margin items are clustered into ``batch``
    groups, and each group gives its first item: the most uncertain one, or on text the most
    uncertain typical one (``typical_first``).

    The rest of the head is read only when a retrain lands late. It comes from one clustering
    of the remaining shortlist into as many groups as places are left, randomly started, so no
    group repeats across those batches either (clustering each batch on its own repeats them)
    and a ranking costs two k-means fits, not ten (which cost more than scoring 10k rows).

    ``shortlist`` holds the head's candidates, most uncertain first (its window may be
    reordered); ``space`` their features as the model weighs them (``weighted_embedding``).
    ``narrow`` (two classes, dense rows) keeps only the ``BINARY_WIDTH × batch`` most uncertain
    items that are not near-duplicates of one another (``distinct_first``).
    """
    window = np.arange(min(len(shortlist), WIDTH * batch_size))
    if narrow:
        window = distinct_first(space, window, BINARY_WIDTH * batch_size)
    first = _most_uncertain_per_group(space, window, min(batch_size, head), seed, "k-means++")
    rest = np.setdiff1d(np.arange(len(shortlist)), first, assume_unique=True)
    left = min(head - len(first), len(rest))
    later = _most_uncertain_per_group(space, rest, left, seed, "random") if left > 0 else rest[:0]
    return shortlist[np.concatenate([first, later])]


def distinct_first(space: Any, positions: np.ndarray, size: int) -> np.ndarray:
    """The first ``size`` of ``positions`` (in preference order) that are no near-duplicate of
    an earlier one kept: closer than ``DUPLICATE`` × the median distance between them."""
    from scipy.spatial.distance import pdist, squareform

    if len(positions) <= size:
        return positions
    distance = squareform(pdist(_dense(space[positions])))
    floor = DUPLICATE * np.median(distance[np.triu_indices(len(positions), 1)])
    kept: list[int] = []
    for i in range(len(positions)):
        if all(distance[i, j] >= floor for j in kept):
            kept.append(i)
            if len(kept) == size:
                break
    return positions[np.asarray(kept, dtype=np.intp)]


def _most_uncertain_per_group(
    space: Any, positions: np.ndarray, groups: int, seed: int, init: str
) -> np.ndarray:
    """The first member of each of ``groups`` k-means groups of ``positions`` (which are in
    preference order, so first means most uncertain), kept in that order."""
    import sklearn
    from sklearn.cluster import KMeans

    if groups >= len(positions):
        return positions
    # Our own finite arrays and constant parameters: the checks would cost a third of the fit.
    with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
        km = KMeans(n_clusters=groups, init=init, n_init=1, random_state=seed)
        labels = km.fit_predict(_dense(space[positions]))
    return positions[np.sort(np.unique(labels, return_index=True)[1])]


def density(X: Any, centre: np.ndarray | None = None) -> np.ndarray:
    """Mean cosine similarity of each row to the whole pool, in linear time.

    Information density (Settles & Craven 2008) weights uncertainty by how typical an item
    is; with cosine similarity the mean over the pool is one dot product with the mean of
    the normalised rows (modAL's ``information_density`` computes all pairs). ``centre``, the
    pool's ``unit_centroid``, lets a few rows be scored against a bigger pool.
    """
    X = X if hasattr(X, "multiply") else np.asarray(X, dtype=np.float64)
    norms = _safe_norms(X)
    centre = _centroid(X, norms) if centre is None else centre
    similarity = np.asarray(X @ centre, dtype=np.float64).ravel() / norms
    return similarity


def unit_centroid(X: Any) -> np.ndarray:
    """The mean of the rows of ``X`` scaled to unit length."""
    X = X if hasattr(X, "multiply") else np.asarray(X, dtype=np.float64)
    return _centroid(X, _safe_norms(X))


def _centroid(X: Any, norms: np.ndarray) -> np.ndarray:
    weights = 1.0 / (norms * X.shape[0])
    return np.asarray(X.T @ weights, dtype=np.float64).ravel()  # one pass, no scaled copy


def _safe_norms(X: Any) -> np.ndarray:
    norms = np.sqrt(_row_norms2(X))
    norms[norms == 0] = 1.0
    return norms


def _row_norms2(X: Any) -> np.ndarray:
    if hasattr(X, "multiply"):
        return np.asarray(X.multiply(X).sum(axis=1), dtype=np.float64).ravel()
    dense = np.asarray(X, dtype=np.float64)
    return np.asarray(np.einsum("ij,ij->i", dense, dense))


def _dot_row(X: Any, i: int) -> np.ndarray:
    """``X @ X[i]`` as a flat float array, for dense and sparse ``X``."""
    if hasattr(X, "multiply"):
        return np.asarray((X @ X[i].T).toarray(), dtype=np.float64).ravel()
    return np.asarray(X @ np.asarray(X[i], dtype=np.float64), dtype=np.float64).ravel()


def _dense(X: Any) -> np.ndarray:
    return X.toarray() if hasattr(X, "toarray") else np.asarray(X)
