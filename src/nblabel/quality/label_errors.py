"""Rank items by how likely their label is wrong, with the label a model would give instead.

The default ranking (measured in ``benchmarks/label_errors.py`` against cleanlab's
``find_label_issues`` with the same estimator and folds) combines three things:

- the estimator's out-of-sample probabilities, averaged with the label votes of each item's
  ten nearest neighbours in feature space (the item itself left out): a linear model and a
  local one make different mistakes, so their average is surer about true flips;
- a second round that refits without the items the first round confidently disagreed with
  (confident learning's per-class thresholds), so flipped labels no longer pull the model
  towards them;
- a score that blends self-confidence (how much the models believe the given label: best
  when noise is scattered) with the margin to the strongest other label (best when two
  classes are swapped).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from nblabel.quality._inputs import Labels, encode, item_index, labeled

METHODS = ("blend", "self_confidence", "margin")
"""Scores: ``blend`` (default), ``self_confidence`` (cleanlab's default), ``margin``."""

COLUMNS = ("given", "suggested", "confidence", "p_given", "score", "rank", "suspect")


def label_quality(codes: np.ndarray, proba: np.ndarray, method: str = "blend") -> np.ndarray:
    """How much the probabilities back each given label, in [0, 1] (low: likely wrong)."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    rows = np.arange(len(codes))
    given: np.ndarray = np.asarray(proba[rows, codes], dtype=float)
    if method == "self_confidence":
        return given
    others = proba.copy()
    others[rows, codes] = -np.inf
    margin: np.ndarray = given - others.max(axis=1)
    if method == "margin":
        return (margin + 1) / 2
    blend: np.ndarray = (given + margin + 1) / 3
    return blend


def error_frame(
    ids: pd.Index, classes: np.ndarray, codes: np.ndarray, proba: np.ndarray, method: str
) -> pd.DataFrame:
    """The ranked table: most likely wrong first, ``rank`` 1-based, ties kept in item order."""
    score = 1.0 - label_quality(codes, proba, method)
    best = proba.argmax(axis=1)
    order = np.argsort(-score, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(1, len(order) + 1)
    rows = np.arange(len(codes))
    frame = pd.DataFrame(
        {
            "given": classes[codes],
            "suggested": classes[best],
            "confidence": proba[rows, best],
            "p_given": proba[rows, codes],
            "score": score,
            "rank": rank,
            "suspect": best != codes,
        },
        index=pd.Index(ids, name="item_id"),
    )
    # Integer or bool classes come back as such, not as objects, to compare with the data.
    frame[["given", "suggested"]] = frame[["given", "suggested"]].infer_objects()
    ranked: pd.DataFrame = frame.iloc[order]
    return ranked


def rank_label_errors(
    labels: pd.Series | Sequence[Any] | np.ndarray,
    proba: pd.DataFrame | np.ndarray,
    *,
    classes: Sequence[Any] | None = None,
    method: str = "blend",
) -> pd.DataFrame:
    """Rank given labels by how little out-of-sample probabilities back them.

    Use it when you already have probabilities (from ``out_of_sample_proba`` or elsewhere);
    ``find_label_errors`` computes better ones from features.

    Parameters
    ----------
    labels : Series or array
        Given labels; a Series's index gives the item ids.
    proba : DataFrame or array, shape (n_items, n_classes)
        Out-of-sample probabilities. A DataFrame's columns are the classes (and its index, if
        ``labels`` is a Series, must hold the same ids); for an array pass ``classes``
        (default: the sorted distinct labels).
    method : {"blend", "self_confidence", "margin"}

    Returns
    -------
    DataFrame
        Index ``item_id``, most likely wrong first; columns given, suggested, confidence
        (probability of the suggestion), p_given, score (0..1, higher = more likely wrong),
        rank (1 = most likely wrong), suspect (the suggestion differs from the given label).
    """
    if isinstance(labels, pd.Series):
        series = labels.set_axis(item_index(labels))
    else:
        ids = proba.index if isinstance(proba, pd.DataFrame) else pd.RangeIndex(len(labels))
        if len(ids) != len(labels):
            ids = pd.RangeIndex(len(labels))  # the shape check below names the mismatch
        values = labels if isinstance(labels, np.ndarray) else list(labels)  # keeps str and int
        series = pd.Series(values, index=item_index(ids))
    if series.isna().any():
        raise ValueError(
            f"{int(series.isna().sum())} label(s) are missing (NaN/None), e.g. item "
            f"{series.index[series.isna().to_numpy()][0]!r}; drop them or label them first"
        )
    values = proba.to_numpy(dtype=float) if isinstance(proba, pd.DataFrame) else np.asarray(proba)
    if values.ndim != 2 or values.shape[0] != len(series):
        raise ValueError(
            f"probabilities have shape {values.shape} but there are {len(series)} labels; "
            "pass one row of class probabilities per label"
        )
    if isinstance(proba, pd.DataFrame):
        if isinstance(labels, pd.Series) and not proba.index.equals(labels.index):
            raise ValueError("the probabilities' index does not match the labels' index")
        cls = np.asarray(proba.columns, dtype=object)
    else:
        cls = np.asarray(encode(series, 1)[0] if classes is None else list(classes), dtype=object)
    if values.shape[1] != len(cls):
        raise ValueError(
            f"probabilities have {values.shape[1]} columns but there are {len(cls)} classes"
        )
    if not np.isfinite(values).all():
        raise ValueError("probabilities contain NaN or infinite values")
    codes = pd.Index(cls.tolist()).get_indexer(series)  # vectorised; tolist infers the dtype
    if (codes < 0).any():
        unknown = sorted(set(series[codes < 0].tolist()), key=repr)
        raise ValueError(
            f"labels {unknown[:5]} are not among the probability columns {cls.tolist()[:20]}"
        )
    if len(np.unique(codes)) < 2:
        raise ValueError(
            f"all {len(series)} labels are {series.iloc[0]!r}: a single class leaves no other "
            "label to suggest; finding label errors needs at least two classes"
        )
    return error_frame(series.index, cls, codes, values, method)


def find_label_errors(
    items: Any,
    features: Any,
    labels: Labels,
    estimator: Any | Sequence[Any] = None,
    *,
    task: str | None = None,
    folds: int = 5,
    neighbours: int = 10,
    rounds: int = 2,
    method: str = "blend",
    seed: int = 0,
    blas_threads: int | None = 1,
    neighbour_sample: int = 20_000,
) -> pd.DataFrame:
    """Rank labeled items by how likely their label is wrong (nblabel's default ranking).

    Parameters
    ----------
    items, features, labels, task
        As in ``out_of_sample_proba``: the items, one feature row per item, and labels from a
        column, a Series, a store's ``task`` or an array.
    estimator : classifier or list of classifiers, optional
        Their out-of-sample probabilities are averaged (default StandardScaler +
        LogisticRegression).
    folds, seed : int
        Stratified K-fold split for every estimator.
    neighbours : int
        Nearest neighbours whose labels vote alongside the estimators; 0 turns them off.
    rounds : int
        1 scores once; 2 (default) refits without the items round 1 confidently disagreed
        with (and so on for more).
    method : {"blend", "self_confidence", "margin"}
    blas_threads : int or None
        BLAS threads while fitting; None leaves BLAS alone.
    neighbour_sample : int
        Above this many items, neighbours are searched in a random sample of this size.

    Returns
    -------
    DataFrame
        As ``rank_label_errors``: index ``item_id``, most likely wrong first.
    """
    from threadpoolctl import threadpool_limits

    from nblabel.quality._neighbours import neighbour_proba, neighbour_table
    from nblabel.quality.oos import cv_proba, default_estimator

    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if not isinstance(rounds, int) or rounds < 1:
        raise ValueError(f"rounds must be an int >= 1, got {rounds!r}")
    if not isinstance(neighbours, int) or neighbours < 0:
        raise ValueError(f"neighbours must be an int >= 0, got {neighbours!r}")
    if estimator is None:
        models = [default_estimator()]
    elif isinstance(estimator, (list, tuple)):
        models = list(estimator)
    else:
        models = [estimator]
    for model in models:
        if not callable(getattr(model, "predict_proba", None)):
            raise TypeError(f"{type(model).__name__} has no predict_proba")
    data = labeled(items, features, labels, task, folds)
    n_classes = len(data.classes)
    with threadpool_limits(limits=blas_threads):
        table = (
            neighbour_table(data.features, neighbours, sample=neighbour_sample, seed=seed)
            if neighbours
            else None
        )
        trusted: np.ndarray | None = None
        for _ in range(rounds):
            members = [
                cv_proba(
                    m, data.features, data.codes, n_classes, folds=folds, seed=seed, train=trusted
                )
                for m in models
            ]
            if table is not None:
                members.append(neighbour_proba(*table, data.codes, n_classes, trusted))
            proba = np.mean(members, axis=0)
            trusted = _trusted(proba, data.codes, n_classes)
    return error_frame(data.ids, data.classes, data.codes, proba, method)


def _trusted(proba: np.ndarray, codes: np.ndarray, n_classes: int) -> np.ndarray:
    """Items to keep training on: all but those confident learning puts off the diagonal.

    Each class's threshold is the mean probability of that class over items labeled with
    it (Northcutt et al., 2021). An item is distrusted when some class reaches its threshold
    and the likeliest such class is not the given one. Simply dropping every item the model
    disagrees with removes hard-but-right items too, and measured worse where the model is
    weak (synthetic 4-class, TF-IDF texts, an imbalanced set). A class left with no trusted
    item keeps all of its items, so no class vanishes from training.
    """
    labeled_as = [codes == c for c in range(n_classes)]
    thresholds = np.array(
        [proba[m, c].mean() if m.any() else 1.0 for c, m in enumerate(labeled_as)]
    )
    above = proba >= thresholds
    best = np.where(above, proba, -1.0).argmax(axis=1)
    trusted: np.ndarray = ~(above.any(axis=1) & (best != codes))
    for mine in labeled_as:
        if not trusted[mine].any():
            trusted[mine] = True
    return trusted
