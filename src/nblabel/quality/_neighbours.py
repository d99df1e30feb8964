"""Label votes of each item's nearest neighbours in feature space, the item itself left out."""

from __future__ import annotations

from typing import Any

import numpy as np


def neighbour_table(
    X: Any, k: int, *, sample: int = 20_000, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Each item's nearest neighbours among a reference set, itself excluded (leave-one-out).

    Dense features are standardised so no single feature's scale decides the distance. Above
    ``sample`` items the neighbours come from a random reference sample of that size: the
    search costs items x reference, so a 100k pool costs 5x a 20k one instead of 25x, and
    ten votes from a sample are still a fair view of the neighbourhood.

    Returns
    -------
    (neighbours, reference)
        ``neighbours[i]`` are positions into ``reference``, nearest first, ``k`` per item
        (-1 where the reference holds fewer); ``reference`` are item positions.
    """
    import scipy.sparse as sp
    from sklearn.neighbors import NearestNeighbors
    from sklearn.preprocessing import StandardScaler

    n = X.shape[0]
    # Sparse rows (bag of words, TF-IDF) are compared as they are: dividing by each column's
    # spread would let the rarest terms decide who is near.
    Z = X if sp.issparse(X) else StandardScaler().fit_transform(X).astype(np.float32)
    rng = np.random.default_rng(seed)
    reference = np.arange(n) if n <= sample else np.sort(rng.choice(n, sample, replace=False))
    wanted = min(k + 1, len(reference))
    index = NearestNeighbors(n_neighbors=wanted).fit(Z[reference])
    found = index.kneighbors(Z, return_distance=False)
    # Drop each item itself (not simply the first column: duplicates tie at distance 0).
    is_self = reference[found] == np.arange(n)[:, None]
    order = np.argsort(is_self, axis=1, kind="stable")
    found = np.take_along_axis(found, order, axis=1)
    found = np.where(np.take_along_axis(is_self, order, axis=1), -1, found)[:, :k]
    if found.shape[1] < k:
        found = np.pad(found, ((0, 0), (0, k - found.shape[1])), constant_values=-1)
    return found, reference


def neighbour_proba(
    neighbours: np.ndarray,
    reference: np.ndarray,
    codes: np.ndarray,
    n_classes: int,
    trusted: np.ndarray | None = None,
) -> np.ndarray:
    """Share of each item's neighbours holding each label; untrusted neighbours do not vote.

    An item whose neighbours are all untrusted gets the class frequencies instead.
    """
    n, k = neighbours.shape
    valid = neighbours >= 0
    positions = reference[np.where(valid, neighbours, 0)]
    if trusted is not None:
        valid &= trusted[positions]
    votes = np.zeros((n, n_classes))
    rows = np.repeat(np.arange(n), k)
    np.add.at(votes, (rows, codes[positions].ravel()), valid.ravel().astype(float))
    totals = votes.sum(axis=1, keepdims=True)
    prior = np.bincount(codes, minlength=n_classes) / len(codes)
    return np.where(totals > 0, votes / np.where(totals > 0, totals, 1.0), prior)
