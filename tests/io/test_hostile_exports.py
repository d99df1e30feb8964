"""Exports keep hostile strings and exact numbers: CSV quoting, JSONL floats, clear refusals."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from nblabel.io import export_frame
from nblabel.store import LabelStore

NASTY = [
    "bare\rcarriage return",
    "line\nfeed",
    "both\r\nends",
    "\r",
    'say "hi"',
    "a,b,c",
    "=SUM(A1:A2)",
    "+1",
    "-1",
    "@cmd",
    "NA",
    "null",
    "",
    "  spaced  ",
    "tab\there",
    "emoji \U0001f600 and \u2028 separator",
    "nul \x00 byte",
]


def read_csv_exact(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_csv_export_of_store_labels_survives_read_csv(tmp_path):
    with LabelStore(annotator="ann") as store:
        for i, text in enumerate(NASTY):
            store.write(f"id\r{i}", text)
        out = store.export(tmp_path / "labels.csv")
    back = read_csv_exact(out)
    assert len(back) == len(NASTY)
    assert back["label"].tolist() == NASTY
    assert back["item_id"].tolist() == [f"id\r{i}" for i in range(len(NASTY))]


def test_csv_export_frame_quotes_every_field_that_needs_it(tmp_path):
    df = pd.DataFrame({"text": NASTY, "other,col": NASTY[::-1]})
    back = read_csv_exact(export_frame(df, tmp_path / "t.csv"))
    assert back.columns.tolist() == ["text", "other,col"]
    assert back.equals(df)


def test_jsonl_keeps_every_float_digit(tmp_path):
    values = [0.1 + 0.2, 1 / 3, 5e-324, -0.0, 2**53 + 1, 1e300]
    with LabelStore() as store:
        for i, v in enumerate(values):
            store.write(i, v, seconds=1 / 3)
        out = store.export(tmp_path / "labels.jsonl")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["label"] for r in records] == values
    assert str(records[3]["label"]) == "-0.0"
    assert records[0]["seconds"] == 1 / 3


def test_export_refuses_repeated_column_names(tmp_path):
    df = pd.concat([pd.DataFrame({"text": ["a"]})] * 2, axis=1)
    for suffix in ("csv", "jsonl", "parquet"):
        with pytest.raises(ValueError, match=r"\['text'\] appear more than once"):
            export_frame(df, tmp_path / f"dup.{suffix}")
    assert list(tmp_path.iterdir()) == []


def test_export_names_text_that_is_not_unicode(tmp_path):
    df = pd.DataFrame({"ok": ["a", "b"], "bad": pd.Series(["fine", "x\ud800"], dtype=object)})
    for suffix in ("csv", "jsonl"):
        with pytest.raises(ValueError, match=r"column 'bad', row 1 .*not valid Unicode"):
            export_frame(df, tmp_path / f"s.{suffix}")
    assert list(tmp_path.iterdir()) == []


def test_export_frame_wants_a_frame(tmp_path):
    with pytest.raises(TypeError, match="DataFrame"):
        export_frame([1, 2], tmp_path / "x.csv")  # type: ignore[arg-type]


def test_jsonl_escapes_unicode_line_breaks(tmp_path):
    texts = ["a\u2028b", "c\x85d", "e\u2029f"]
    out = export_frame(pd.DataFrame({"t": texts}), tmp_path / "t.jsonl")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["t"] for line in lines] == texts


def test_parquet_keeps_ints_apart_from_floats(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    with LabelStore() as store:
        store.write("a", 1)
        store.write("b", 2.5)
        store.write("c", True)
        out = store.export(tmp_path / "n.parquet")
    field = pq.read_schema(out).field("label")
    assert field.metadata == {b"nblabel.encoding": b"json"}
    labels = [json.loads(v) for v in pq.read_table(out).column("label").to_pylist()]
    assert [(v, type(v)) for v in labels] == [(1, int), (2.5, float), (True, bool)]
