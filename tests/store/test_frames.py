"""labels(), history() and current() as pandas sees them: columns, dtypes, ids, order."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from nblabel.store import LabelStore
from nblabel.store._frames import json_decoder

LABEL_COLUMNS = ["label", "annotator", "source", "created_at", "seconds", "event_id"]
HISTORY_COLUMNS = [
    "event_id",
    "task",
    "item_id",
    "label",
    "annotator",
    "source",
    "created_at",
    "seconds",
    "meta",
]


@pytest.fixture
def store():
    with LabelStore(annotator="ann") as s:
        yield s


def test_labels_columns_and_dtypes(store):
    before = pd.Timestamp.now(tz="UTC")
    store.write(2, "cat", seconds=1.25)
    store.write(1, 3)
    after = pd.Timestamp.now(tz="UTC")
    labels = store.labels()
    assert list(labels.columns) == LABEL_COLUMNS
    assert labels.index.name == "item_id"
    assert labels.index.dtype == np.int64
    assert labels["label"].dtype == object
    assert labels["label"].tolist() == ["cat", 3] and type(labels["label"].iloc[1]) is int
    assert str(labels["created_at"].dtype) == "datetime64[ns, UTC]"
    assert labels["created_at"].between(before - pd.Timedelta("1s"), after).all()
    assert labels["seconds"].dtype == np.float64
    assert labels.loc[2, "seconds"] == 1.25 and np.isnan(labels.loc[1, "seconds"])
    assert labels["event_id"].dtype == np.int64
    assert labels["annotator"].tolist() == ["ann", "ann"]


def test_index_keeps_str_and_mixed_ids(store):
    store.write("b", "x")
    store.write("a", "y")
    str_index = store.labels().index
    assert str_index.tolist() == ["b", "a"] and all(isinstance(i, str) for i in str_index)
    store.write(10, "z")
    mixed = store.labels().index
    assert mixed.dtype == object
    assert mixed.tolist() == ["b", "a", 10] and type(mixed[2]) is int


def test_labels_ordered_by_when_last_set(store):
    store.write(1, "a")
    store.write(2, "b")
    store.write(3, "c")
    store.write(1, "a2")
    labels = store.labels()
    assert labels.index.tolist() == [2, 3, 1]
    assert labels["event_id"].is_monotonic_increasing


def test_labels_matches_current_and_reflects_newest(store):
    store.append([{"item_id": i, "value": f"v{i % 3}"} for i in range(50)])
    store.append([{"item_id": i, "value": None if i % 2 else "new"} for i in range(10)])
    labels = store.labels()
    assert labels["label"].to_dict() == store.current()
    assert len(labels) == 45
    assert labels.loc[0, "label"] == "new" and 1 not in labels.index


def test_decoded_lists_are_not_shared_between_rows(store):
    store.write("p", ["a", "b"])
    store.write("q", ["a", "b"])
    labels = store.labels()
    labels.loc["p", "label"].append("mutated")
    assert labels.loc["q", "label"] == ["a", "b"]
    decode = json_decoder()
    assert decode('"x"') == "x" and decode("null") is None and decode(None) is None
    assert decode("[1]") is not decode("[1]")


def test_history_columns_index_and_meta(store):
    store.write(1, "a", meta={"why": "test"})
    store.write("s", None, source="model")
    store.undo(1)
    hist = store.history()
    assert list(hist.columns) == HISTORY_COLUMNS
    assert isinstance(hist.index, pd.RangeIndex)
    assert hist["meta"].tolist() == [{"why": "test"}, None, {"undo_of": 1}]
    assert hist["label"].tolist() == ["a", None, None]
    assert hist["item_id"].tolist() == [1, "s", 1]
    assert hist["source"].tolist() == ["human", "model", "human"]
    assert str(hist["created_at"].dtype) == "datetime64[ns, UTC]"
    assert (hist["created_at"].diff().dropna() >= pd.Timedelta(0)).all()


def test_empty_frames_have_the_schema(store):
    labels = store.labels()
    assert labels.empty and list(labels.columns) == LABEL_COLUMNS
    assert labels.index.name == "item_id"
    assert str(labels["created_at"].dtype) == "datetime64[ns, UTC]"
    hist = store.history(task="*")
    assert hist.empty and list(hist.columns) == HISTORY_COLUMNS
    assert store.current() == {}


def test_history_all_tasks_and_by_item(store):
    store.write(1, "a")
    store.write(1, "b", task="t2")
    store.write(2, "c", task="t2")
    everything = store.history(task="*")
    assert everything["task"].tolist() == ["default", "t2", "t2"]
    assert store.history(task="*", item_id=1)["label"].tolist() == ["a", "b"]
    assert store.history(task="t2", item_id=np.int64(2))["label"].tolist() == ["c"]
    with pytest.raises(ValueError, match="history"):
        store.labels(task="*")


def test_write_frame_roundtrip_through_labels(store):
    df = pd.DataFrame(
        {"label": ["cat", "dog", None, "cat"], "score": np.arange(4, dtype=np.int64)},
        index=pd.Index([100, 200, 300, 400], name="row"),
    )
    assert store.write_frame(df) == 3
    labels = store.labels()
    expected = df["label"].dropna()
    assert labels["label"].to_dict() == expected.to_dict()
    assert store.write_frame(df, "score", task="scores") == 4
    scores = store.current("scores")
    assert scores == {100: 0, 200: 1, 300: 2, 400: 3}
    assert all(type(v) is int for v in scores.values())


def test_created_at_is_the_write_time(store):
    t0 = time.time()
    store.write(1, "x")
    stamp = store.labels().loc[1, "created_at"]
    assert abs(stamp.timestamp() - t0) < 5
    assert stamp.tzinfo is not None and stamp.utcoffset() == pd.Timedelta(0)
