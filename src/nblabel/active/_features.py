"""Features for the items of a labeler: an array, a DataFrame by item id, or a function."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd


def resolve_features(
    features: Any, ids: Sequence[int | str], values: Callable[[], list[Any]]
) -> Any:
    """Return a 2-D matrix whose row ``i`` describes item ``ids[i]``.

    Arrays (and scipy sparse matrices) must already follow the labeler's row order; a
    DataFrame is aligned by its index, so it may hold the items in any order; a callable
    receives the list of column values (texts, images) and returns an array.
    """
    if callable(features) and not isinstance(features, (pd.DataFrame, np.ndarray)):
        features = features(values())
    if isinstance(features, pd.DataFrame):
        features = _frame_features(features, ids)
    elif not hasattr(features, "shape"):
        features = np.asarray(features)
    if len(features.shape) != 2:
        raise ValueError(f"features must be 2-D (items x features), got shape {features.shape}")
    if features.shape[0] != len(ids):
        raise ValueError(
            f"features have {features.shape[0]} rows but the labeler has {len(ids)} items; "
            "give one row per item, in the DataFrame's order (or a DataFrame indexed by item id)"
        )
    return features


def _frame_features(frame: pd.DataFrame, ids: Sequence[int | str]) -> np.ndarray:
    """Align a features frame on the item ids, naming missing ids, repeats and text columns."""
    repeated = frame.index[frame.index.duplicated()].unique()
    if len(repeated):
        shown = ", ".join(repr(v) for v in repeated[:5])
        raise ValueError(f"the features DataFrame has more than one row for items {shown}")
    missing = pd.Index(ids).difference(frame.index)
    if len(missing):
        shown = ", ".join(repr(v) for v in missing[:5])
        raise KeyError(
            f"the features DataFrame has no row for items {shown} ({len(missing)} missing)"
        )
    bad = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c].dtype)]
    if bad:
        raise TypeError(f"features columns {bad!r} are not numeric; encode or drop them")
    return frame.loc[list(ids)].to_numpy(dtype=np.float64)
