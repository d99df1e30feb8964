"""Suspects concentrate where the flips were put, and slices are picked by query or mask."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from nblabel.quality import find_label_errors, pick_slice, plot_slices, slice_table


@pytest.fixture
def errors(blobs):
    items, X = blobs
    return find_label_errors(items, X, "label")


def test_the_source_holding_every_flip_tops_the_table(blobs, errors):
    items, _ = blobs
    table = slice_table(errors, "source", data=items)
    assert list(table.columns) == ["suspects", "items", "rate", "lift"]
    assert table.index[0] == "s2"
    size = int((items["source"] == "s2").sum())
    assert table.loc["s2"].to_dict() == pytest.approx(
        {"suspects": 3, "items": size, "rate": 3 / size, "lift": (3 / size) / (3 / 90)}
    )
    assert table.loc[["s0", "s1"], "suspects"].tolist() == [0, 0]


def test_class_pairs_show_given_to_suggested(errors):
    table = slice_table(errors, "pair")
    assert set(table.index) == {"b → a", "c → b", "a → c"}
    assert (table["suspects"] == 1).all()


def test_top_counts_the_highest_ranked_items_as_suspects(blobs, errors):
    items, _ = blobs
    table = slice_table(errors, "source", data=items, top=3)
    assert table.loc["s2", "suspects"] == 3 and table["suspects"].sum() == 3


def test_unknown_group_column_lists_what_there_is(errors):
    with pytest.raises(KeyError, match="no column 'annotator' to group by"):
        slice_table(errors, "annotator")


def test_bar_chart_returns_axes_with_one_bar_per_group(blobs, errors):
    items, _ = blobs
    ax = plot_slices(slice_table(errors, "source", data=items), metric="lift")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["s1", "s0", "s2"]  # s2 on top
    assert len(ax.patches) == 3 and ax.get_xlabel() == "lift"
    with pytest.raises(ValueError, match="metric must be one of"):
        plot_slices(slice_table(errors, "source", data=items), metric="share")


def test_pick_a_slice_by_query_or_mask(blobs, errors):
    items, _ = blobs
    by_query = pick_slice(errors.join(items["source"]), "suspect and source == 's2'")
    assert set(by_query.index) == {"i7", "i45", "i80"}
    by_mask = pick_slice(errors, errors["given"] == "a")
    assert (by_mask["given"] == "a").all() and len(by_mask) == 30
    shuffled_mask = (errors["rank"] <= 3).sample(frac=1.0, random_state=0)
    assert set(pick_slice(errors, shuffled_mask).index) == {"i7", "i45", "i80"}


def test_bad_slices_are_named(errors):
    with pytest.raises(KeyError, match="'sorce' is not defined; columns are"):
        pick_slice(errors, "sorce == 'x'")
    with pytest.raises(ValueError, match="mask has shape \\(2,\\) but the frame has 90 rows"):
        pick_slice(errors, np.array([True, False]))
    with pytest.raises(ValueError, match="mask must be boolean"):
        pick_slice(errors, np.arange(90))
    with pytest.raises(ValueError, match="no entry for 89 item"):
        pick_slice(errors, pd.Series([True], index=["i7"]))


def test_annotator_slices_come_from_the_store(blobs, flipped):
    from nblabel import LabelStore

    items, X = blobs
    store = LabelStore()
    for item, label in items["label"].items():
        store.write(item, label, annotator="bob" if item in flipped else "ann")
    errors = find_label_errors(items, X, store)
    table = slice_table(errors, "annotator", data=store.labels())
    assert table.loc["bob"].to_dict() == pytest.approx(
        {"suspects": 3, "items": 3, "rate": 1.0, "lift": 30.0}
    )
    assert table.loc["ann", "suspects"] == 0
