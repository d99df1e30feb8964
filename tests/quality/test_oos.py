"""Out-of-sample probabilities come from models that never saw the item they score."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from nblabel import LabelStore
from nblabel.quality import out_of_sample_proba


class Memoriser:
    """Certain of the label of every row it was fitted on, uniform on rows it never saw."""

    def fit(self, X: np.ndarray, y: np.ndarray) -> Memoriser:
        self.classes_ = np.unique(y)
        self.seen = {tuple(row): label for row, label in zip(X.tolist(), y, strict=True)}
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        out = np.full((len(X), len(self.classes_)), 1 / len(self.classes_))
        for i, row in enumerate(X.tolist()):
            if tuple(row) in self.seen:
                out[i] = self.classes_ == self.seen[tuple(row)]
        return out

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {}


def test_no_item_is_scored_by_a_model_fitted_on_it():
    X = np.arange(40, dtype=float).reshape(20, 2)
    labels = ["x", "y"] * 10
    proba = out_of_sample_proba(list(range(20)), X, labels, Memoriser())
    assert np.allclose(proba.to_numpy(), 0.5)  # every row was unseen when it was scored
    assert list(proba.columns) == ["x", "y"] and proba.index.name == "item_id"


def test_labels_from_a_store_and_a_frame_of_features(blobs):
    items, X = blobs
    store = LabelStore()
    kept = items.drop(index=items.index[0:20:2])
    store.write_frame(kept, "label")
    proba = out_of_sample_proba(items, pd.DataFrame(X, index=items.index), store)
    assert list(proba.index) == list(kept.index)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert proba.loc["i7"].idxmax() == "a"  # the flipped item's model says its true class


def test_a_class_too_rare_for_the_folds_is_named_in_a_warning(blobs):
    items, X = blobs
    labels = items["label"].copy()
    labels.iloc[:2] = "rare"
    with pytest.warns(UserWarning, match=r"fewer items than folds=5: \{'rare': 2\}"):
        proba = out_of_sample_proba(items, X, labels)
    assert "rare" in proba.columns


def test_folds_are_checked():
    with pytest.raises(ValueError, match="folds must be an int >= 2"):
        out_of_sample_proba([1, 2, 3, 4], np.eye(4), ["a", "b"] * 2, folds=1)
    with pytest.raises(ValueError, match="folds=5 is more than the 4 labeled items"):
        out_of_sample_proba([1, 2, 3, 4], np.eye(4), ["a", "b"] * 2)


def test_an_estimator_without_predict_proba_is_refused(blobs):
    from sklearn.svm import LinearSVC

    items, X = blobs
    with pytest.raises(TypeError, match="LinearSVC has no predict_proba"):
        out_of_sample_proba(items, X, "label", LinearSVC())
