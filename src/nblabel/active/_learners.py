"""Fit modAL learners (one, or a bootstrap committee) and the diverse cold-start pick."""

from __future__ import annotations

from collections.abc import Callable
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
    return np.asarray(learner.nblabel_classes)


def accuracy(learner: Any, X: Any, y: Any) -> float:
    """Share of rows of ``X`` whose predicted label equals ``y`` (labels, not codes)."""
    predicted = classes_of(learner)[np.asarray(learner.predict(X), dtype=np.intp)]
    return float(np.mean(predicted == np.asarray(y)))


def predict_proba(learner: Any, X: Any, chunk: int = 65_536) -> np.ndarray:
    """Probabilities for every row as float32, in chunks; a committee averages its members.

    Logistic regressions (alone or ending a pipeline) are scored from their coefficients,
    with the softmax in float32: on a million rows that is several times faster than
    ``predict_proba``'s float64 path with its input checks, and ranking needs no more.
    """
    members = getattr(learner, "learner_list", None) or [learner]
    fast = [_linear_proba(getattr(m, "estimator", m)) for m in members]
    # Column-major: each class's probabilities are contiguous, so the per-row max, argmax and
    # top-two margin run as a few passes over long vectors.
    out = np.empty((X.shape[0], len(classes_of(learner))), dtype=np.float32, order="F")
    for start in range(0, X.shape[0], chunk):
        block = X[start : start + chunk]
        probas = [
            f(block) if f is not None else np.asarray(m.predict_proba(block), dtype=np.float32)
            for m, f in zip(members, fast, strict=True)
        ]
        out[start : start + chunk] = probas[0] if len(probas) == 1 else np.mean(probas, axis=0)
    return out


def _linear_proba(estimator: Any) -> Callable[[Any], np.ndarray] | None:
    """A float32 ``predict_proba`` for a fitted LogisticRegression (or pipeline ending in one).

    Returns None where the shortcut would not reproduce the estimator (one-vs-rest
    multi-class, other models): those keep their own ``predict_proba``.
    """
    from sklearn.linear_model import LogisticRegression

    steps, final = _split(estimator)
    if type(final) is not LogisticRegression or not hasattr(final, "coef_"):
        return None
    binary = final.coef_.shape[0] == 1
    if not binary and (final.solver == "liblinear" or final.multi_class == "ovr"):
        return None
    # Classes along rows: the softmax then reduces over a few long rows, not over millions of
    # ten-element rows (several times faster in numpy).
    weights = {t: np.ascontiguousarray(final.coef_, dtype=t) for t in (np.float32, np.float64)}
    bias = np.asarray(final.intercept_, dtype=np.float32)[:, None]

    def proba(block: Any) -> np.ndarray:
        if steps is not None:
            block = steps.transform(block)
        if hasattr(block, "tocsr"):
            z = np.asarray((block @ weights[np.float64].T).T, dtype=np.float32) + bias
        else:
            block = np.asarray(block)
            # In the features' own precision: casting a float64 block costs more than the product.
            dtype = np.float32 if block.dtype == np.float32 else np.float64
            z = np.asarray(weights[dtype] @ block.T, dtype=np.float32) + bias
        if binary:
            z = np.vstack([np.zeros_like(z), z])  # sigmoid as a two-row softmax
        z -= z.max(axis=0)
        np.exp(z, out=z)
        z /= z.sum(axis=0)
        return z.T

    return proba


def _split(estimator: Any) -> tuple[Any, Any]:
    """A pipeline's transforming steps (None for a bare model) and its final step."""
    from sklearn.pipeline import Pipeline

    if isinstance(estimator, Pipeline):
        return (estimator[:-1] if len(estimator) > 1 else None), estimator[-1]
    return None, estimator


def embedding(learner: Any, X: Any) -> Any:
    """The features a pipeline's last step sees (scaled, say); ``X`` itself otherwise.

    Diversity rules measure distances where the model draws its boundary.
    """
    steps, _ = _split(getattr(learner, "estimator", None))
    return X if steps is None else steps.transform(X)


def weighted_embedding(learner: Any, X: Any) -> Any:
    """Rows as the model weighs them: the last step's input, each feature scaled by its weight.

    Distances there ignore what the model ignores (noise columns, features it gives no
    weight), so diversity rules spread a batch where the decision is made. Sparse rows (text)
    are then L2-normalised, as cosine geometry suits TF-IDF. Without ``coef_`` (trees, say)
    this is ``embedding``.
    """
    from sklearn.preprocessing import normalize

    Z = embedding(learner, X)
    _, final = _split(getattr(learner, "estimator", learner))
    coef = getattr(final, "coef_", None)
    if coef is None or np.shape(coef)[-1] != Z.shape[1]:
        return Z
    weight = np.sqrt(np.square(np.asarray(coef, dtype=np.float64)).sum(axis=0))
    if hasattr(Z, "multiply"):
        return normalize(Z.multiply(weight[None, :]).tocsr())
    return np.asarray(Z, dtype=np.float64) * weight


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
    chooser: Any = None,
) -> tuple[Any, np.ndarray, np.ndarray | None]:
    """One active-learning round, shared by the live loop and the oracle simulation.

    Fits on ``X[rows]``, then ranks every other row. Returns the learner, the unlabeled rows
    in the order to label them, and (``all_proba``) probabilities for every row of ``X``,
    computed once and reused for scoring, as the loop's suggestions need them anyway.
    ``chooser`` carries the adaptive strategy's state from round to round: it is told what
    was labeled since the last round before it picks this round's strategy.
    """
    from nblabel.active import strategies

    committee = strategies.needs_committee(strategy)
    learner = fit_learner(estimator, X[rows], y, committee=committee, members=members, seed=seed)
    pool = np.setdiff1d(np.arange(X.shape[0]), rows)
    proba = predict_proba(learner, X) if all_proba else None
    pool_proba = None if committee or proba is None else proba[pool]
    if strategy == "adaptive" and chooser is not None:
        chooser.observe(learner, X, rows, y)
        if pool_proba is None and not committee:
            pool_proba = predict_proba(learner, X[pool])
    order = strategies.rank(
        strategy,
        learner,
        X[pool],
        batch_size=batch_size,
        rng=rng,
        proba=pool_proba,
        chooser=chooser,
    )
    if strategy == "adaptive" and chooser is not None:
        chooser.queued(pool)
    return learner, pool[order], proba
