"""A review session read back from the store, applied to a dataset, and undone as new events."""

from __future__ import annotations

import pandas as pd
import pytest

from nblabel import LabelStore
from nblabel.quality import (
    DECISION_KEY,
    PREVIOUS_KEY,
    REVIEW_KEY,
    UNDO_KEY,
    apply_changes,
    review_changes,
    review_decisions,
    review_meta,
    undo_session,
    with_current_labels,
)


@pytest.fixture
def reviewed() -> tuple[LabelStore, pd.DataFrame]:
    """Four imported labels; session "r1" keeps 1, takes a suggestion on 2, picks "c" for 3."""
    data = pd.DataFrame({"label": ["a", "a", "b", "b"], "x": [0, 1, 2, 3]}, index=[1, 2, 3, 4])
    store = LabelStore(annotator="ann")
    store.write_frame(data, "label", task="t")
    for item, value, decision in ((1, "a", "keep"), (2, "b", "suggestion"), (3, "c", "other")):
        previous = store.current("t")[item]
        store.write(item, value, task="t", meta=review_meta("r1", previous, decision))
    store.write(4, "a", task="t", annotator="other")  # not part of the review
    return store, data


def test_meta_keys_are_what_the_widget_writes():
    meta = review_meta("r9", "dog", "suggestion")
    assert meta == {REVIEW_KEY: "r9", PREVIOUS_KEY: "dog", DECISION_KEY: "suggestion"}
    assert (REVIEW_KEY, PREVIOUS_KEY, DECISION_KEY) == ("review", "previous", "decision")
    with pytest.raises(ValueError, match="decision must be one of"):
        review_meta("r9", "dog", "skip")


def test_changes_report_before_after_who_and_when(reviewed):
    store, _ = reviewed
    changes = review_changes(store, "t", "r1")
    assert list(changes.index) == [1, 2, 3]
    assert changes[["before", "after", "decision", "changed"]].to_dict("index") == {
        1: {"before": "a", "after": "a", "decision": "keep", "changed": False},
        2: {"before": "a", "after": "b", "decision": "suggestion", "changed": True},
        3: {"before": "b", "after": "c", "decision": "other", "changed": True},
    }
    assert (changes["annotator"] == "ann").all()
    assert str(changes["created_at"].dtype) == "datetime64[ns, UTC]"


def test_an_item_decided_twice_shows_first_before_and_last_after(reviewed):
    store, _ = reviewed
    store.write(2, "c", task="t", meta=review_meta("r1", "b", "other"))
    row = review_changes(store, "t", "r1").loc[2]
    assert (row["before"], row["after"], row["decision"]) == ("a", "c", "other")
    for item, value in ((4, "b"), (1, "b"), (4, "a")):  # a second session, out of id order
        previous = store.current("t")[item]
        store.write(item, value, task="t", meta=review_meta("r2", previous, "other"))
    second = review_changes(store, "t", "r2")
    assert list(second.index) == [4, 1]
    assert second[["before", "after", "changed"]].to_dict("index") == {
        4: {"before": "a", "after": "a", "changed": False},
        1: {"before": "a", "after": "b", "changed": True},
    }


def test_apply_changes_returns_a_corrected_copy(reviewed):
    store, data = reviewed
    fixed = apply_changes(data, "label", review_changes(store, "t", "r1"))
    assert fixed["label"].tolist() == ["a", "b", "c", "b"]
    assert data["label"].tolist() == ["a", "a", "b", "b"]  # the input is untouched
    with pytest.raises(KeyError, match="df has no column 'lbl'"):
        apply_changes(data, "lbl", review_changes(store, "t", "r1"))
    with pytest.raises(KeyError, match="not in df"):
        apply_changes(data.drop(index=[3]), "label", review_changes(store, "t", "r1"))


def test_undo_appends_events_that_restore_the_labels_before_the_session(reviewed):
    store, _ = reviewed
    before = len(store)
    undone = undo_session(store, "t", "r1")
    assert undone.to_dict("index") == {
        1: {"from": "a", "to": "a", "undone": True},
        2: {"from": "b", "to": "a", "undone": True},
        3: {"from": "c", "to": "b", "undone": True},
    }
    assert len(store) == before + 3  # appended, nothing rewritten
    assert store.current("t") == {1: "a", 2: "a", 3: "b", 4: "a"}
    metas = store.history("t")["meta"].tolist()[-3:]
    assert metas == [
        {UNDO_KEY: "r1", PREVIOUS_KEY: "a"},
        {UNDO_KEY: "r1", PREVIOUS_KEY: "b"},
        {UNDO_KEY: "r1", PREVIOUS_KEY: "c"},
    ]
    with pytest.raises(ValueError, match="'r1' was already undone"):
        undo_session(store, "t", "r1")


def test_undo_leaves_items_relabeled_after_the_session_alone(reviewed):
    store, _ = reviewed
    store.write(3, "d", task="t")
    undone = undo_session(store, "t", "r1")
    assert undone["undone"].to_dict() == {1: True, 2: True, 3: False}
    assert store.current("t")[3] == "d"


def test_an_unknown_session_lists_the_known_ones(reviewed):
    store, _ = reviewed
    with pytest.raises(
        KeyError, match=r"no review session 'r2' in task 't'; sessions there: \['r1'\]"
    ):
        review_changes(store, "t", "r2")


def test_decided_items_are_those_whose_newest_event_is_a_decision(reviewed):
    store, _ = reviewed
    decided = review_decisions(store, "t")
    assert decided[["session", "decision", "label"]].to_dict("index") == {
        1: {"session": "r1", "decision": "keep", "label": "a"},
        2: {"session": "r1", "decision": "suggestion", "label": "b"},
        3: {"session": "r1", "decision": "other", "label": "c"},
    }
    store.write(3, "d", task="t")  # relabeled after the review: undecided again
    assert list(review_decisions(store, "t").index) == [1, 2]
    undo_session(store, "t", "r1")
    assert review_decisions(store, "t").empty


def test_suspects_show_the_current_label_not_a_stale_one(reviewed):
    store, _ = reviewed
    errors = pd.DataFrame(
        {"given": ["a", "a", "b", "b"], "suggested": ["b", "b", "c", "a"]}, index=[1, 2, 3, 4]
    )
    fresh = with_current_labels(errors, store, "t")
    assert fresh["given"].tolist() == ["a", "b", "c", "a"]
    assert fresh["stale"].tolist() == [False, True, True, True]
    assert fresh["suspect"].tolist() == [True, False, False, False]
    assert errors["given"].tolist() == ["a", "a", "b", "b"]  # the input is untouched
