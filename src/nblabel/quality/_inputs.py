"""Line up items, labels and features, refusing input that would give silently wrong scores."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias, Union, cast

import numpy as np
import pandas as pd

from nblabel.store import LabelStore

Labels: TypeAlias = Union[str, pd.Series, LabelStore, Sequence[Any], np.ndarray]  # noqa: UP007
"""Where labels come from: a column of ``items``, a Series by item id, a store, or an array."""


@dataclass(frozen=True)
class Labeled:
    """Items that have a label, with their features and labels as class codes."""

    ids: pd.Index
    classes: np.ndarray
    codes: np.ndarray
    features: Any


def _shown(values: Sequence[Any], limit: int = 5) -> str:
    head = ", ".join(repr(v) for v in list(values)[:limit])
    return head + (f" (and {len(values) - limit} more)" if len(values) > limit else "")


def item_index(items: pd.DataFrame | pd.Series | Sequence[Any] | pd.Index) -> pd.Index:
    """The item ids: a frame's index, or the ids themselves. Duplicates would merge items."""
    if isinstance(items, (pd.DataFrame, pd.Series)):
        index = items.index
    else:
        index = pd.Index(list(items) if not isinstance(items, pd.Index) else items)
    duplicated = index[index.duplicated()].unique()
    if len(duplicated):
        raise ValueError(
            f"items have duplicate ids: {_shown(duplicated.tolist())}; scores are keyed by "
            "item id, so make the index unique (e.g. df.reset_index(drop=True))"
        )
    named: pd.Index = index.rename("item_id")
    return named


def label_series(
    items: pd.DataFrame | Sequence[Any] | pd.Index, labels: Labels, task: str | None = None
) -> pd.Series:
    """Labels by item id; items a store has not labeled are left out (they cannot be wrong).

    Raises
    ------
    KeyError
        ``labels`` names a column ``items`` does not have.
    ValueError
        Missing labels (NaN/None) in a column, Series or array; a length or index mismatch.
    TypeError
        Multi-label values (lists), which these scores do not handle.
    """
    index = item_index(items)
    if isinstance(labels, LabelStore):
        current = labels.labels(task)["label"]
        series = current[current.index.isin(index)]
        series = series.reindex(index[index.isin(series.index)])
        if series.empty:
            raise ValueError(
                f"the store has no labels for these items in task {task or labels.task!r}"
            )
    elif isinstance(labels, str):
        if not isinstance(items, pd.DataFrame):
            raise TypeError(f"labels={labels!r} names a column, but items is not a DataFrame")
        if labels not in items.columns:
            raise KeyError(
                f"items have no column {labels!r}; columns are {_shown(list(items.columns), 20)}"
            )
        series = items[labels]
    elif isinstance(labels, pd.Series):
        missing = index.difference(labels.index)
        if len(missing):
            raise ValueError(
                f"labels have no entry for {len(missing)} item(s): {_shown(missing.tolist())}; "
                "the Series must be indexed by item id"
            )
        series = labels.reindex(index)
    else:
        if isinstance(labels, np.ndarray) and labels.ndim != 1:
            raise ValueError(f"labels have shape {labels.shape}; pass one label per item")
        listed = list(labels)
        if len(listed) != len(index):
            raise ValueError(
                f"labels have shape ({len(listed)},) but there are {len(index)} items; "
                "pass one label per item, in the items' order"
            )
        values = np.empty(len(listed), dtype=object)
        values[:] = listed  # 1-D even when every label is a list of the same length
        series = pd.Series(values, index=index)
    series = cast(pd.Series, series.rename("label").rename_axis("item_id"))
    missing_mask = series.isna().to_numpy()
    if missing_mask.any():
        raise ValueError(
            f"{int(missing_mask.sum())} item(s) have missing labels (NaN/None): "
            f"{_shown(series.index[missing_mask].tolist())}; drop them or label them first"
        )
    multi = series.map(lambda v: isinstance(v, (list, tuple, set, dict, np.ndarray)))
    if multi.any():
        first = series.index[multi.to_numpy()][0]
        raise TypeError(
            f"item {first!r} has a multi-label value {series[first]!r}; label errors are found "
            "for single-label classification only"
        )
    return series


def encode(series: pd.Series, folds: int) -> tuple[np.ndarray, np.ndarray]:
    """Classes (sorted when they can be) and integer codes; at least two classes needed."""
    codes, uniques = pd.factorize(series, sort=False)
    try:
        order = np.argsort(np.asarray(uniques, dtype=object), kind="stable")
    except TypeError:  # mixed types do not sort: keep first-seen order
        order = np.arange(len(uniques))
    classes = np.asarray(uniques, dtype=object)[order]
    remap = np.empty(len(order), dtype=np.intp)
    remap[order] = np.arange(len(order))
    codes = remap[codes]
    if len(classes) < 2:
        raise ValueError(
            f"all {len(series)} labels are {classes[0]!r}: a single class leaves no other label "
            "to suggest; finding label errors needs at least two classes"
            if len(classes)
            else "there are no labels to score"
        )
    counts = np.bincount(codes, minlength=len(classes))
    rare = {classes[c]: int(counts[c]) for c in np.flatnonzero(counts < folds)}
    if rare:
        warnings.warn(
            f"classes with fewer items than folds={folds}: {rare}. Some training folds miss "
            "them, so their items look less likely than they are and rank as suspects more "
            "readily (a class of one is never seen in training at all). Label more of them, "
            "merge them, or lower folds.",
            UserWarning,
            stacklevel=4,  # the user's call, through labeled() and the public function
        )
    return classes, codes


def aligned_features(features: Any, items: Any, index: pd.Index) -> Any:
    """Features in the items' order: rows by position, or a frame reordered by item id.

    Raises
    ------
    ValueError
        Row count differs from the number of items, or a frame's index holds other ids.
    """
    if isinstance(features, (list, tuple)) and all(isinstance(c, str) for c in features):
        if not isinstance(items, pd.DataFrame):
            raise TypeError("features given as column names need items to be a DataFrame")
        absent = [c for c in features if c not in items.columns]
        if absent:
            raise KeyError(f"items have no feature column(s) {_shown(absent)}")
        return items[list(features)].to_numpy()
    if isinstance(features, (pd.DataFrame, pd.Series)):
        if not features.index.equals(index):
            missing = index.difference(features.index)
            extra = features.index.difference(index)
            if len(missing) or len(extra) or len(features) != len(index):
                raise ValueError(
                    "features do not line up with the items: "
                    + (f"no row for item(s) {_shown(missing.tolist())}" if len(missing) else "")
                    + ("; " if len(missing) and len(extra) else "")
                    + (f"rows for unknown item(s) {_shown(extra.tolist())}" if len(extra) else "")
                    + ("" if len(missing) or len(extra) else "duplicate ids in the features index")
                    + ". Index the features by item id, as the items are."
                )
            features = features.reindex(index)
        if isinstance(features, pd.Series) and features.dtype == object:
            return np.stack(list(features))  # a column of embedding vectors
        return features.to_numpy()
    rows = features.shape[0] if hasattr(features, "shape") else len(features)
    if rows != len(index):
        raise ValueError(
            f"features have {rows} rows but there are {len(index)} items; "
            "pass one row per item, in the items' order"
        )
    if not hasattr(features, "shape"):
        features = np.asarray(features)
    return features


def check_folds(folds: int, n: int) -> None:
    """Two folds at least (else some item scores itself), and no more folds than items."""
    if not isinstance(folds, int) or folds < 2:
        raise ValueError(f"folds must be an int >= 2, got {folds!r}")
    if folds > n:
        raise ValueError(f"folds={folds} is more than the {n} labeled items; lower folds")


def labeled(items: Any, features: Any, labels: Labels, task: str | None, folds: int) -> Labeled:
    """Everything the scorers need, checked: ids, classes, codes and the matching rows."""
    index = item_index(items)
    X = aligned_features(features, items, index)
    series = label_series(items, labels, task)
    check_folds(folds, len(series))
    if len(series) != len(index):
        X = X[index.get_indexer(series.index)]
    classes, codes = encode(series, folds)
    return Labeled(series.index, classes, codes, X)
