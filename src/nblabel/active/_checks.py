"""Argument checks ``ActiveLearning`` runs at the door, before any thread starts.

Kept apart from ``loop.py`` so the loop's constructor reads as its setup, not its validation.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def check_holdout(holdout: tuple[Any, Any] | None, n_features: int) -> tuple[Any, Any] | None:
    """A holdout that cannot be scored would fail every retrain in the background: refuse it."""
    if holdout is None:
        return None
    if not isinstance(holdout, tuple) or len(holdout) != 2:
        raise TypeError("holdout must be a pair (X_test, y_test)")
    X_test, y_test = holdout
    if len(X_test.shape) != 2 or X_test.shape[1] != n_features:
        raise ValueError(
            f"holdout X_test has shape {X_test.shape}; the features have {n_features} columns"
        )
    if X_test.shape[0] != len(y_test):
        raise ValueError(f"holdout X_test has {X_test.shape[0]} rows but y_test {len(y_test)}")
    return X_test, np.asarray(y_test).astype(str)
