"""Export to CSV, JSON Lines and Parquet, read back with pandas' own readers."""

from __future__ import annotations

import json
import sys

import pandas as pd
import pytest

from nblabel.io import export_frame
from nblabel.store import LabelStore


@pytest.fixture
def store():
    with LabelStore(annotator="ann") as s:
        s.write(1, "cat", seconds=1.5)
        s.write(2, ["dog", "puppy"])
        s.write(3, "bird")
        s.write(3, None)
        s.write(4, "fish", source="model", meta={"p": 0.9})
        yield s


def test_csv_roundtrip(store, tmp_path):
    out = store.export(tmp_path / "labels.csv")
    assert out == tmp_path / "labels.csv"
    back = pd.read_csv(out)
    assert back["item_id"].tolist() == [1, 2, 4]
    labels = [json.loads(v) if v.startswith("[") else v for v in back["label"]]
    assert labels == ["cat", ["dog", "puppy"], "fish"]
    stamps = pd.to_datetime(back["created_at"], utc=True)
    expected = store.labels()["created_at"]
    assert (abs(stamps.to_numpy() - expected.to_numpy()) < pd.Timedelta("1ms")).all()
    assert back["seconds"].iloc[0] == 1.5 and back["source"].tolist()[-1] == "model"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["labels.csv"]  # no temp left


def test_jsonl_roundtrip_keeps_lists_and_iso_times(store, tmp_path):
    out = store.export(tmp_path / "labels.jsonl")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    first = json.loads(lines[0])
    assert first["item_id"] == 1 and first["label"] == "cat"
    assert first["created_at"].endswith("Z") and "T" in first["created_at"]
    back = pd.read_json(out, lines=True)
    assert back["label"].tolist() == ["cat", ["dog", "puppy"], "fish"]
    assert back["item_id"].tolist() == [1, 2, 4]


def test_history_export_has_every_event(store, tmp_path):
    out = store.export(tmp_path / "history.jsonl", history=True)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["event_id"] for r in records] == [1, 2, 3, 4, 5]
    assert records[3]["label"] is None and records[4]["meta"] == {"p": 0.9}
    csv_back = pd.read_csv(store.export(tmp_path / "history.csv", history=True))
    assert json.loads(csv_back["meta"].iloc[4]) == {"p": 0.9}


def test_parquet_roundtrip_keeps_list_labels(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    with LabelStore() as s:
        s.write("a", ["x", "y"])
        s.write("b", [])
        s.write("c", ["z"])
        out = s.export(tmp_path / "multi.parquet")
    back = pd.read_parquet(out)
    assert back["item_id"].tolist() == ["a", "b", "c"]
    assert [list(v) for v in back["label"]] == [["x", "y"], [], ["z"]]
    label_type = pq.read_schema(out).field("label").type
    assert pa.types.is_list(label_type) and pa.types.is_string(label_type.value_type)
    assert str(back["created_at"].dtype).startswith("datetime64") and back["created_at"].dt.tz


def test_parquet_mixed_values_fall_back_to_json(store, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    store.write("str-id", 5)
    out = store.export(tmp_path / "mixed.parquet")
    schema = pq.read_schema(out)
    assert schema.field("label").metadata == {b"nblabel.encoding": b"json"}
    assert schema.field("item_id").metadata == {b"nblabel.encoding": b"json"}
    assert schema.field("seconds").metadata is None
    back = pd.read_parquet(out)
    assert [json.loads(v) for v in back["label"]] == ["cat", ["dog", "puppy"], "fish", 5]
    assert [json.loads(v) for v in back["item_id"]] == [1, 2, 4, "str-id"]
    history = pd.read_parquet(store.export(tmp_path / "h.parquet", history=True))
    assert json.loads(history["meta"].iloc[4]) == {"p": 0.9}


def test_unknown_suffix_names_the_file(store, tmp_path):
    target = tmp_path / "labels.xlsx"
    with pytest.raises(ValueError, match=r"labels\.xlsx"):
        store.export(target)
    with pytest.raises(ValueError, match=r"labels\.xlsx.*'yaml'"):
        store.export(target, format="yaml")
    assert not target.exists()


def test_format_overrides_suffix(store, tmp_path):
    out = store.export(tmp_path / "labels.txt", format="csv")
    assert pd.read_csv(out)["item_id"].tolist() == [1, 2, 4]
    upper = export_frame(pd.DataFrame({"a": [1]}), tmp_path / "UP.JSONL")
    assert json.loads(upper.read_text()) == {"a": 1}


def test_export_frame_writes_named_index_as_column(tmp_path):
    df = pd.DataFrame({"label": ["x"]}, index=pd.Index(["id1"], name="item_id"))
    back = pd.read_csv(export_frame(df, tmp_path / "f.csv"))
    assert back.to_dict("records") == [{"item_id": "id1", "label": "x"}]
    plain = pd.read_csv(export_frame(pd.DataFrame({"v": [1, 2]}), tmp_path / "g.csv"))
    assert list(plain.columns) == ["v"]


def test_parquet_without_pyarrow_says_how_to_install(store, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # makes `import pyarrow` fail
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ImportError, match=r"pip install nblabel\[parquet\]"):
        store.export(tmp_path / "x.parquet")
    assert not (tmp_path / "x.parquet").exists()
