"""Fit modAL learners (one, or a bootstrap committee) and the diverse cold-start pick."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import clone


def check_estimator(estimator: Any) -> None:
    """Refuse estimators nblabel cannot rank or suggest with, saying what is missing."""
    missing = [m for m in ("fit", "predict_proba") if not callable(getattr(estimator, m, None))]
    if missing:
        raise TypeError(
            f"{type(estimator).__name__} has no {' or '.join(missing)}; active learning needs a "
            "scikit-learn-style classifier with fit and predict_proba (wrap a margin classifier "
            "such as LinearSVC in sklearn.calibration.CalibratedClassifierCV)"
        )


def fit_learner(
    estimator: Any, X: Any, y: np.ndarray, *, committee: bool, members: int = 3, seed: int = 0
) -> Any:
    """Fit a fresh clone (the user's estimator is never mutated) as modAL learner(s).

    Labels are fitted as integer codes (modAL's committee votes live in a float array, so
    string classes would fail there); ``classes_of`` maps codes back to labels.
    """
    from modAL.models import ActiveLearner, Committee

    classes, codes = np.unique(np.asarray(y), return_inverse=True)
    if not committee:
        learner = ActiveLearner(estimator=clone(estimator), X_training=X, y_training=codes)
    else:
        rng = np.random.default_rng(seed)
        learners = []
        for _ in range(members):
            # Bootstrap samples that keep every class, so all members share the same classes_.
            idx = _stratified_bootstrap(codes, rng)
            learners.append(
                ActiveLearner(estimator=clone(estimator), X_training=X[idx], y_training=codes[idx])
            )
        learner = Committee(learner_list=learners)
    learner.nblabel_classes = classes
    return learner


def _stratified_bootstrap(y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    parts = [rng.choice(np.flatnonzero(y == c), size=int((y == c).sum())) for c in np.unique(y)]
    return np.concatenate(parts)


def classes_of(learner: Any) -> np.ndarray:
    """The class labels behind predict_proba's columns."""
    return learner.nblabel_classes


def accuracy(learner: Any, X: Any, y: Any) -> float:
    """Share of rows of ``X`` whose predicted label equals ``y`` (labels, not codes)."""
    predicted = classes_of(learner)[np.asarray(learner.predict(X), dtype=np.intp)]
    return float(np.mean(predicted == np.asarray(y)))


def predict_proba(learner: Any, X: Any, chunk: int = 65_536) -> np.ndarray:
    """Probabilities for every row, in chunks; a committee averages its members."""
    parts = []
    for start in range(0, X.shape[0], chunk):
        block = X[start : start + chunk]
        if hasattr(learner, "learner_list"):
            parts.append(np.mean([m.predict_proba(block) for m in learner.learner_list], axis=0))
        else:
            parts.append(learner.predict_proba(block))
    return np.concatenate(parts).astype(np.float32, copy=False)


def diverse_start(X: Any, n: int, *, seed: int = 0, sample: int = 20_000) -> np.ndarray:
    """Rows nearest to ``n`` k-means centres: a cold start that covers the pool's variety.

    k-means runs on a subsample, so a million-row pool costs the same as twenty thousand.
    """
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.metrics import pairwise_distances_argmin

    rows = X.shape[0]
    n = min(n, rows)
    rng = np.random.default_rng(seed)
    fit_rows = rng.choice(rows, size=min(sample, rows), replace=False)
    km = MiniBatchKMeans(n_clusters=n, n_init=3, random_state=seed).fit(X[fit_rows])
    nearest = pairwise_distances_argmin(km.cluster_centers_, X[fit_rows])
    picked = list(dict.fromkeys(fit_rows[nearest].tolist()))
    rest = rng.permutation(rows)
    return np.concatenate([picked, rest[~np.isin(rest, picked)]]).astype(np.intp)


def fit_and_rank(
    estimator: Any,
    X: Any,
    rows: np.ndarray,
    y: np.ndarray,
    *,
    strategy: str,
    batch_size: int,
    rng: np.random.Generator,
    members: int = 3,
    seed: int = 0,
    all_proba: bool = False,
) -> tuple[Any, np.ndarray, np.ndarray | None]:
    """One active-learning round, shared by the live loop and the oracle simulation.

    Fits on ``X[rows]``, then ranks every other row. Returns the learner, the unlabeled rows
    in the order to label them, and (``all_proba``) probabilities for every row of ``X``,
    computed once and reused for scoring, as the loop's suggestions need them anyway.
    """
    from nblabel.active import strategies

    committee = strategies.needs_committee(strategy)
    learner = fit_learner(estimator, X[rows], y, committee=committee, members=members, seed=seed)
    pool = np.setdiff1d(np.arange(X.shape[0]), rows)
    proba = predict_proba(learner, X) if all_proba else None
    pool_proba = None if committee or proba is None else proba[pool]
    order = strategies.rank(
        strategy, learner, X[pool], batch_size=batch_size, rng=rng, proba=pool_proba
    )
    return learner, pool[order], proba
