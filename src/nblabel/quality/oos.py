"""Out-of-sample class probabilities: every item is scored by a model that never saw it."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from nblabel.quality._inputs import Labels, check_folds, labeled


def default_estimator() -> Any:
    """StandardScaler + LogisticRegression: fast, calibrated enough, and the benchmark's model."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))


def cv_proba(
    estimator: Any,
    X: Any,
    codes: np.ndarray,
    n_classes: int,
    *,
    folds: int = 5,
    seed: int = 0,
    train: np.ndarray | None = None,
) -> np.ndarray:
    """Stratified K-fold predict_proba on integer codes; columns are codes ``0..n_classes-1``.

    ``train`` (a boolean mask) keeps rows out of every training fold while they are still
    scored: a cleaning round fits on the items it trusts and scores them all. A class a fold
    did not train on gets probability 0 there.
    """
    from sklearn.base import clone
    from sklearn.model_selection import StratifiedKFold

    check_folds(folds, len(codes))
    proba = np.zeros((len(codes), n_classes))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    with warnings.catch_warnings():
        # Rare classes were already reported by name; sklearn's version names no class.
        warnings.filterwarnings("ignore", message="The least populated class", module="sklearn")
        splits = list(splitter.split(np.zeros(len(codes)), codes))
    for fold, (fit_rows, score_rows) in enumerate(splits):
        if train is not None:
            fit_rows = fit_rows[train[fit_rows]]
        present = np.unique(codes[fit_rows])
        if len(present) < 2:
            raise ValueError(
                f"fold {fold}'s training rows hold a single class; there are too few labeled "
                "items per class for cross-validation (label more, or lower folds)"
            )
        model = clone(estimator).fit(X[fit_rows], codes[fit_rows])
        columns = np.asarray(model.classes_, dtype=np.intp)
        proba[np.ix_(score_rows, columns)] = model.predict_proba(X[score_rows])
    return proba


def out_of_sample_proba(
    items: Any,
    features: Any,
    labels: Labels,
    estimator: Any = None,
    *,
    task: str | None = None,
    folds: int = 5,
    seed: int = 0,
    blas_threads: int | None = 1,
) -> pd.DataFrame:
    """Cross-validated class probabilities, so no item is scored by a model fitted on it.

    A model's opinion of its own training items is optimistic; label-error scores need the
    opinion of a model that never saw the item.

    Parameters
    ----------
    items : DataFrame or sequence of ids
        The items; a frame's index gives the item ids.
    features : array, sparse matrix, DataFrame or list of column names
        One row per item, in the items' order (a DataFrame is matched by item id).
    labels : str, Series, LabelStore or array
        A column of ``items``, a Series indexed by item id, a store (current labels of
        ``task``; items it has not labeled are left out) or one label per item.
    estimator : scikit-learn classifier, optional
        Anything with ``fit`` and ``predict_proba``; cloned, never mutated. Default
        StandardScaler + LogisticRegression.
    folds, seed : int
        Stratified K-fold split.
    blas_threads : int or None
        BLAS threads while fitting (1 keeps a small machine's kernel responsive; None: no cap).

    Returns
    -------
    DataFrame
        Index ``item_id`` (labeled items), one column per class.
    """
    from threadpoolctl import threadpool_limits

    data = labeled(items, features, labels, task, folds)
    model = default_estimator() if estimator is None else estimator
    if not callable(getattr(model, "predict_proba", None)):
        raise TypeError(
            f"{type(model).__name__} has no predict_proba; wrap it, e.g. in "
            "sklearn.calibration.CalibratedClassifierCV"
        )
    with threadpool_limits(limits=blas_threads):
        proba = cv_proba(
            model, data.features, data.codes, len(data.classes), folds=folds, seed=seed
        )
    frame: pd.DataFrame = pd.DataFrame(
        proba, index=data.ids, columns=pd.Index(data.classes, name="class")
    )
    return frame
