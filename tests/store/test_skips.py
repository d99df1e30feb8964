"""Skip events: recorded in the history, never an item's value (current, labels, undo)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nblabel import LabelStore


@pytest.fixture(params=["memory", "file"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> LabelStore:
    return LabelStore() if request.param == "memory" else LabelStore(tmp_path / "s.db")


def test_skip_of_unlabeled_item_is_history_only(store: LabelStore) -> None:
    store.write("a", "cat")
    event_id = store.skip("b", seconds=1.5)
    assert store.current() == {"a": "cat"}
    assert list(store.labels().index) == ["a"]
    history = store.history()
    assert list(history["item_id"]) == ["a", "b"]
    skip = history.iloc[-1]
    assert skip["event_id"] == event_id and skip["meta"] == {"skip": True}
    assert skip["label"] is None and skip["seconds"] == 1.5 and skip["source"] == "human"
    assert store.skipped() == ["b"]


def test_skip_of_labeled_item_keeps_its_label_and_its_provenance(store: LabelStore) -> None:
    first = store.write("a", "cat", source="import", seconds=2.0)
    store.skip("a")
    store.skip("a")
    assert store.current() == {"a": "cat"}
    row = store.labels().loc["a"]
    # The label's own event, not the skip's: source, seconds and event id are the label's.
    assert row["label"] == "cat" and row["source"] == "import" and row["event_id"] == first
    assert row["seconds"] == 2.0
    assert store.skipped() == []  # it has a label


def test_skip_written_by_hand_with_another_value_does_not_become_current(
    store: LabelStore,
) -> None:
    store.write("a", "cat")
    store.write("a", "dog", meta={"skip": True})
    store.write("b", None, meta={"skip": True, "why": "unsure"})
    store.write("c", "x", meta={"note": {"skip": True}})  # a nested key is not a skip
    assert store.current() == {"a": "cat", "c": "x"}
    assert dict(store.labels()["label"]) == {"a": "cat", "c": "x"}


def test_labeling_after_a_skip_counts_and_leaves_skipped(store: LabelStore) -> None:
    store.skip(1)
    store.skip("1")  # ids keep their type: 1 and "1" are two items
    assert store.skipped() == [1, "1"]
    store.write(1, "dog")
    assert store.current() == {1: "dog"}
    assert store.skipped() == ["1"]


def test_undo_ignores_skips(store: LabelStore) -> None:
    store.write("a", "cat")
    store.write("a", "dog")
    store.skip("a")
    assert store.undo("a") == "cat"  # undoes "dog", not the skip
    assert store.current() == {"a": "cat"}
    store.skip("b")
    with pytest.raises(KeyError, match=r"already undone"):
        store.undo("b")


def test_many_skipped_items_take_the_fallback_in_chunks(store: LabelStore) -> None:
    for i in range(1200):
        store.write(i, "x" if i % 2 else None)
    for i in range(1200):
        store.skip(i)
    current = store.current()
    assert current == dict.fromkeys(range(1, 1200, 2), "x")
    assert len(store.labels()) == 600
    assert store.skipped() == list(range(0, 1200, 2))


def test_skips_stay_in_their_task(store: LabelStore) -> None:
    store.skip("a", task="other")
    assert store.skipped() == []
    assert store.skipped(task="other") == ["a"]
