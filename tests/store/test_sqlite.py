"""LabelStore on SQLite: types, newest-wins, undo, atomic appends, imports, tasks, files."""

from __future__ import annotations

import math
import sqlite3

import numpy as np
import pandas as pd
import pytest

from nblabel.store import SOURCES, LabelEvent, LabelStore, StoreError


@pytest.fixture
def store():
    with LabelStore(annotator="ann") as s:
        yield s


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "labels.db"


def test_int_and_str_ids_keep_their_type(store):
    store.write(1, "int-one")
    store.write("1", "str-one")
    store.write(np.int64(7), "numpy")
    current = store.current()
    assert current == {1: "int-one", "1": "str-one", 7: "numpy"}
    assert {type(k) for k in current} == {int, str}
    assert type(next(k for k in current if k == 7)) is int
    assert sorted(store.labels().index.tolist(), key=str) == [1, "1", 7]


@pytest.mark.parametrize("bad", [True, 1.5, None, ("a",), b"raw"])
def test_bad_item_ids_are_rejected_and_named(store, bad):
    with pytest.raises(TypeError, match=f"item {bad!r}".replace("(", r"\(").replace(")", r"\)")):
        store.write(bad, "x")
    assert len(store) == 0


def test_item_id_outside_int64_is_rejected(store):
    with pytest.raises(ValueError, match=str(2**63)):
        store.write(2**63, "x")


def test_newest_event_wins(store):
    store.write(5, "cat")
    store.write(5, "dog")
    store.write(6, "cat")
    store.write(5, "bird")
    assert store.current() == {5: "bird", 6: "cat"}
    assert store.labels().loc[5, "label"] == "bird"
    assert len(store) == 4


def test_none_clears_the_item(store):
    store.write("a", "cat")
    store.write("b", "dog")
    store.write("a", None)
    assert store.current() == {"b": "dog"}
    assert store.labels().index.tolist() == ["b"]
    hist = store.history(item_id="a")
    assert hist["label"].tolist() == ["cat", None]


def test_undo_restores_previous_value_and_records_meta(store):
    first = store.write(3, "cat")
    second = store.write(3, "dog")
    assert store.undo(3) == "cat"
    assert store.current()[3] == "cat"
    last = store.history(item_id=3).iloc[-1]
    assert last["meta"] == {"undo_of": second}
    assert last["label"] == "cat" and last["source"] == "human"
    assert first < second < last["event_id"]


def test_undo_is_multi_level(store):
    store.write("x", "a")
    store.write("x", ["b", "c"])
    store.write("x", None)
    third = store.history(item_id="x")["event_id"].iloc[-1]
    assert store.undo("x") == ["b", "c"]
    assert store.undo("x") == "a"  # steps back past the label the first undo restored
    assert store.current()["x"] == "a"
    assert store.undo("x") is None
    assert "x" not in store.current()
    metas = store.history(item_id="x")["meta"].tolist()
    assert metas == [
        None,
        None,
        None,
        {"undo_of": third},
        {"undo_of": third + 1},
        {"undo_of": third + 2},
    ]
    with pytest.raises(KeyError, match="nothing left to undo"):
        store.undo("x")
    store.write("x", "d")  # a new label after undos is undoable again
    assert store.undo("x") is None


def test_undo_after_undo_then_relabel(store):
    store.write(1, "a")
    store.write(1, "b")
    assert store.undo(1) == "a"
    store.write(1, "c")
    assert store.undo(1) == "a"
    assert store.undo(1) is None


def test_undo_without_events_names_the_item(store):
    store.write(1, "a")
    with pytest.raises(KeyError, match="'ghost'"):
        store.undo("ghost")
    with pytest.raises(KeyError, match="1"):
        store.undo(1, task="other")
    assert len(store) == 1


def test_append_returns_consecutive_committed_ids(store):
    ids = store.append([LabelEvent(None, i, f"v{i}") for i in range(5)])
    assert ids == list(range(ids[0], ids[0] + 5))
    assert store.history()["event_id"].tolist() == ids
    assert store.append([]) == []


def test_append_is_all_or_nothing_on_invalid_event(store):
    events = [LabelEvent(None, 1, "ok"), {"item_id": "bad-item", "value": {1, 2}}]
    with pytest.raises(TypeError, match="bad-item"):
        store.append(events)
    assert len(store) == 0
    with pytest.raises(ValueError, match="'nan-item'"):
        store.append([{"item_id": 1, "value": "ok"}, {"item_id": "nan-item", "value": math.nan}])
    assert len(store) == 0


def test_append_rolls_back_when_the_database_fails_midway(store):
    # A trigger makes SQLite itself abort on the second row: the first must not survive.
    store._backend.connection().execute(
        "CREATE TEMP TRIGGER boom BEFORE INSERT ON events WHEN NEW.item_id = 'boom' "
        "BEGIN SELECT RAISE(ABORT, 'boom'); END"
    )
    with pytest.raises(sqlite3.IntegrityError, match="boom"):
        store.append([LabelEvent(None, "fine", 1), LabelEvent(None, "boom", 2)])
    assert len(store) == 0
    assert store.write("fine", 1) > 0  # the store is usable after the rollback


def test_sources_and_seconds_are_validated(store):
    with pytest.raises(ValueError, match="'robot'"):
        store.write(1, "x", source="robot")
    with pytest.raises(ValueError, match="seconds"):
        store.write(1, "x", seconds=-1)
    with pytest.raises(ValueError, match="'robot'"):
        store.write_frame(pd.DataFrame({"label": ["a"]}), source="robot")
    for source in SOURCES:
        store.write(source, "x", source=source, seconds=0)
    assert set(store.labels()["source"]) == set(SOURCES)


def test_write_frame_imports_with_source_import(store):
    df = pd.DataFrame({"label": ["cat", np.nan, "dog"], "other": [1, 2, 3]}, index=[10, 11, 12])
    assert store.write_frame(df) == 2  # the NaN row is skipped
    labels = store.labels()
    assert labels["label"].to_dict() == {10: "cat", 12: "dog"}
    assert set(labels["source"]) == {"import"}
    assert store.write_frame(df, "other", source="model", task="t2") == 3
    assert store.current("t2") == {10: 1, 11: 2, 12: 3}
    assert type(store.current("t2")[10]) is int


def test_write_frame_duplicate_index_names_the_ids(store):
    df = pd.DataFrame({"label": ["a", "b", "c", "d"]}, index=["x", "dup", "dup", 7])
    with pytest.raises(ValueError, match="'dup'"):
        store.write_frame(df)
    assert len(store) == 0


def test_write_frame_missing_column_lists_available(store):
    df = pd.DataFrame({"text": ["t"], "guess": ["g"]})
    with pytest.raises(KeyError, match=r"'label'.*'text', 'guess'"):
        store.write_frame(df)


def test_write_frame_is_all_or_nothing_and_names_row(store):
    df = pd.DataFrame({"y": ["ok", "ok", object()]}, index=[1, 2, "broken"])
    with pytest.raises(TypeError, match=r"'y'.*'broken'"):
        store.write_frame(df, "y")
    assert len(store) == 0
    with pytest.raises(TypeError, match=r"1\.5"):
        store.write_frame(pd.DataFrame({"label": ["a"]}, index=[1.5]))


def test_list_values_for_multi_label(store):
    store.write("doc", ["sports", "politics"])
    store.write_frame(pd.DataFrame({"label": [["a"], []]}, index=["p", "q"]))
    assert store.current() == {"doc": ["sports", "politics"], "p": ["a"], "q": []}
    assert store.labels().loc["doc", "label"] == ["sports", "politics"]


def test_tasks_are_isolated(store):
    store.write(1, "cat")
    store.write(1, "positive", task="sentiment")
    other = store.write(2, "x", task="sentiment")
    assert store.current() == {1: "cat"}
    assert store.current("sentiment") == {1: "positive", 2: "x"}
    store.undo(2, task="sentiment")
    assert store.current("sentiment") == {1: "positive"}
    assert store.history(task="sentiment").iloc[-1]["meta"] == {"undo_of": other}
    assert store.tasks() == ["default", "sentiment"]
    assert len(store.history(task="*")) == 4
    assert store.history()["task"].tolist() == ["default"]


def test_default_task_and_annotator(monkeypatch, tmp_path):
    monkeypatch.setenv("NBLABEL_ANNOTATOR", "env-person")
    with LabelStore(task="ner") as s:
        s.write(1, "x")
        s.write(2, "y", annotator="other")
        assert s.annotator == "env-person" and s.task == "ner" and s.path is None
        assert s.history()["annotator"].tolist() == ["env-person", "other"]
        assert s.tasks() == ["ner"]
    with pytest.raises(ValueError, match="task"):
        LabelStore(task="*")


def test_reopen_file_store_finds_everything(db_path):
    with LabelStore(db_path, annotator="a") as s:
        s.write(1, "cat", seconds=2.5)
        s.write("two", ["x", "y"], meta={"model": "m1"}, source="model")
        s.write(3, "gone")
        s.write(3, None)
        s.write(9, "other", task="t")
    with LabelStore(db_path) as s:
        assert s.path == db_path
        assert len(s) == 5
        assert s.current() == {1: "cat", "two": ["x", "y"]}
        assert s.current("t") == {9: "other"}
        hist = s.history()
        assert hist.loc[1, "meta"] == {"model": "m1"} and hist.loc[0, "seconds"] == 2.5
        assert s.tasks() == ["default", "t"]


def test_file_store_is_wal_with_full_sync_and_schema(db_path):
    with LabelStore(db_path) as s:
        conn = s._backend.connection()
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 30000
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x6E624C62
    raw = sqlite3.connect(db_path)
    columns = {row[1]: row[2] for row in raw.execute("PRAGMA table_info(events)")}
    assert columns["item_id"] == ""  # no affinity: 1 and "1" stay apart
    assert raw.execute("SELECT value FROM meta_info WHERE key='schema_version'").fetchone() == (
        "2",
    )
    index_cols = [row[2] for row in raw.execute("PRAGMA index_info(events_task_item)")]
    assert index_cols == ["task", "item_id", "event_id"]
    raw.close()


def test_open_reads_no_events(db_path, monkeypatch):
    """Opening is O(1): it must not run any statement over the events table."""
    with LabelStore(db_path) as s:
        s.append([LabelEvent(None, i, "x") for i in range(100)])
    statements: list[str] = []
    real_connect = sqlite3.connect

    def traced(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(sqlite3, "connect", traced)
    with LabelStore(db_path):
        pass
    assert statements and not [s for s in statements if "events" in s.lower()]


def test_refuses_foreign_and_newer_databases(tmp_path):
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as raw:
        raw.execute("CREATE TABLE events (x)")
    with pytest.raises(StoreError, match="not an nblabel label store"):
        LabelStore(foreign)
    newer = tmp_path / "newer.db"
    LabelStore(newer).close()
    with sqlite3.connect(newer) as raw:
        raw.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="upgrade nblabel"):
        LabelStore(newer)


def test_unopenable_paths_name_the_file(tmp_path):
    with pytest.raises(sqlite3.OperationalError, match="missing-dir"):
        LabelStore(tmp_path / "missing-dir" / "labels.db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match=r"junk\.db.*not a SQLite database"):
        LabelStore(junk)


def test_history_is_oldest_first_and_filters(store):
    for i, (item, value) in enumerate([(1, "a"), (2, "b"), (1, "c"), (2, None), (1, "d")]):
        store.write(item, value, seconds=float(i))
    hist = store.history()
    assert hist["event_id"].is_monotonic_increasing
    assert hist["label"].tolist() == ["a", "b", "c", None, "d"]
    assert hist["seconds"].tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert store.history(item_id=1)["label"].tolist() == ["a", "c", "d"]
    assert store.history(item_id="1").empty


def test_len_repr_close_and_context(db_path):
    s = LabelStore(db_path)
    s.write(1, "x")
    assert len(s) == 1
    assert "labels.db" in repr(s) and "events=1" in repr(s)
    s.close()
    s.close()
    assert "closed" in repr(s)
    with pytest.raises(RuntimeError, match="closed"):
        s.write(2, "y")
    assert "':memory:'" in repr(LabelStore())


def test_options_are_keyword_only():
    with pytest.raises(TypeError):
        LabelStore(None, "annotator")  # type: ignore[misc]
    with pytest.raises(TypeError):
        LabelStore(colour="blue")  # type: ignore[call-arg]


def test_undo_restores_a_model_label_as_model(tmp_path):
    with LabelStore(tmp_path / "u.db") as store:
        store.write(1, "cat", source="model")
        store.write(1, "dog")
        assert store.undo(1) == "cat"
        row = store.labels().loc[1]
        assert (row["label"], row["source"]) == ("cat", "model")
        assert store.undo(1) is None
        assert store.history()["source"].iloc[-1] == "human"
