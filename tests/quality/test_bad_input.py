"""Each kind of bad input is refused with a message that names the problem."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nblabel.quality import find_label_errors, rank_label_errors


def test_a_single_class(blobs):
    items, X = blobs
    with pytest.raises(ValueError, match="all 90 labels are 'a': a single class"):
        find_label_errors(items, X, ["a"] * 90)
    with pytest.raises(ValueError, match="single class"):
        rank_label_errors(["a", "a"], np.array([[1.0, 0.0], [0.9, 0.1]]), classes=["a", "b"])


def test_probabilities_whose_shape_does_not_match_the_labels():
    with pytest.raises(ValueError, match=r"shape \(3, 2\) but there are 4 labels"):
        rank_label_errors(["a", "b", "a", "b"], np.full((3, 2), 0.5))
    with pytest.raises(ValueError, match="3 columns but there are 2 classes"):
        rank_label_errors(["a", "b"], np.full((2, 3), 1 / 3))
    frame = pd.DataFrame([[0.5, 0.5]] * 2, columns=["a", "c"])
    with pytest.raises(ValueError, match=r"labels \['b'\] are not among the probability columns"):
        rank_label_errors(["a", "b"], frame)


def test_missing_labels_are_named(blobs):
    items, X = blobs
    items.loc[["i3", "i9"], "label"] = np.nan
    with pytest.raises(
        ValueError, match=r"2 item\(s\) have missing labels \(NaN/None\): 'i3', 'i9'"
    ):
        find_label_errors(items, X, "label")
    with pytest.raises(ValueError, match="missing"):
        rank_label_errors(pd.Series(["a", None]), np.full((2, 2), 0.5), classes=["a", "b"])


def test_features_of_another_length(blobs):
    items, X = blobs
    with pytest.raises(ValueError, match="features have 89 rows but there are 90 items"):
        find_label_errors(items, X[:89], "label")


def test_features_indexed_by_other_items(blobs):
    items, X = blobs
    features = pd.DataFrame(X, index=items.index).rename(index={"i5": "zz"})
    with pytest.raises(ValueError, match=r"no row for item\(s\) 'i5'.*unknown item\(s\) 'zz'"):
        find_label_errors(items, features, "label")


def test_other_mistakes_name_the_culprit(blobs):
    items, X = blobs
    with pytest.raises(KeyError, match="items have no column 'labl'"):
        find_label_errors(items, X, "labl")
    with pytest.raises(ValueError, match="duplicate ids: 'i1'"):
        find_label_errors(items.rename(index={"i0": "i1"}), X, "label")
    with pytest.raises(TypeError, match="item 'i0' has a multi-label value"):
        find_label_errors(items, X, [["a", "b"], *items["label"].tolist()[1:]])
    with pytest.raises(ValueError, match=r"labels have shape \(3,\) but there are 90 items"):
        find_label_errors(items, X, ["a", "b", "c"])
    with pytest.raises(ValueError, match="method must be one of"):
        find_label_errors(items, X, "label", method="best")
