"""The ranking puts known flips first and suggests their true labels, from any label source."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier

from nblabel import LabelStore
from nblabel.quality import find_label_errors, rank_label_errors


def test_known_flips_rank_first_with_their_true_label_suggested(blobs, flipped):
    items, X = blobs
    errors = find_label_errors(items, X, "label")
    assert set(errors.index[:3]) == set(flipped)
    assert errors["rank"].tolist() == list(range(1, 91))
    top = errors.loc[list(flipped)]
    assert (top["given"] == pd.Series(flipped)).all()
    assert (top["suggested"] == items.loc[list(flipped), "truth"]).all()
    assert top["suspect"].all() and (top["confidence"] > 0.5).all()
    assert errors["suspect"].sum() == 3  # nothing else disagrees with its label
    assert errors["score"].between(0, 1).all() and errors["score"].is_monotonic_decreasing


@pytest.mark.parametrize(
    "options",
    [
        {"rounds": 1, "neighbours": 0},
        {"method": "self_confidence"},
        {"method": "margin"},
        {"estimator": [LogisticRegression(), KNeighborsClassifier(5)]},
    ],
)
def test_every_variant_still_puts_the_flips_first(blobs, flipped, options):
    items, X = blobs
    errors = find_label_errors(items, X, "label", **options)
    assert set(errors.index[:3]) == set(flipped)


def test_labels_from_a_store_leave_unlabeled_items_out(blobs, flipped):
    items, X = blobs
    store = LabelStore()
    store.write_frame(items.drop(index=["i0", "i1"]), "label", task="digits")
    errors = find_label_errors(items, X, store, task="digits")
    assert len(errors) == 88 and {"i0", "i1"}.isdisjoint(errors.index)
    assert set(errors.index[:3]) == set(flipped)


def test_labels_from_a_series_or_array_and_features_from_a_frame(blobs, flipped):
    items, X = blobs
    shuffled = pd.DataFrame(X, index=items.index).sample(frac=1.0, random_state=0)
    by_series = find_label_errors(items.index, shuffled, items["label"])
    by_array = find_label_errors(items, X, items["label"].to_numpy())
    pd.testing.assert_frame_equal(by_series, by_array)


def test_rank_label_errors_from_given_probabilities():
    labels = pd.Series(["a", "a", "b", "b"], index=[10, 11, 12, 13])
    proba = pd.DataFrame(
        [[0.9, 0.1], [0.2, 0.8], [0.3, 0.7], [0.1, 0.9]], index=labels.index, columns=["a", "b"]
    )
    ranked = rank_label_errors(labels, proba)
    assert ranked.index[0] == 11 and ranked.loc[11, "suggested"] == "b"
    assert ranked.loc[11, "confidence"] == pytest.approx(0.8)
    as_array = rank_label_errors(labels, proba.to_numpy())
    pd.testing.assert_frame_equal(ranked, as_array)
    # blend = (p_given + margin + 1) / 3; score = 1 - blend: item 11 has 1 - (0.2 - 0.6 + 1) / 3
    assert ranked.loc[11, "score"] == pytest.approx(1 - 0.6 / 3)
    assert np.array_equal(ranked["rank"].to_numpy(), np.arange(1, 5))
    from_list = rank_label_errors(labels.tolist(), proba)  # ids from the probabilities' index
    pd.testing.assert_frame_equal(ranked, from_list)


def test_features_as_a_column_of_vectors(blobs, flipped):
    items, X = blobs
    items["embedding"] = list(X)
    errors = find_label_errors(items, items["embedding"], "label")
    assert set(errors.index[:3]) == set(flipped)
