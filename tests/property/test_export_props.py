"""Exports under hostile input: what the store accepted comes back from each file format."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hostile import check_refusal, hostile_values, nasty_text, plain, same, valid_ids, valid_values
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nblabel.io import export_frame
from nblabel.store import LabelStore

SETTINGS = settings(
    deadline=None,
    max_examples=60,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

labelled = st.lists(
    st.tuples(valid_ids, valid_values.filter(lambda v: v is not None)),
    min_size=1,
    max_size=8,
    unique_by=lambda row: (type(row[0]), row[0]),
)


def _store(rows: list[tuple[Any, Any]]) -> LabelStore:
    store = LabelStore(annotator="ann")
    for item_id, value in rows:
        store.write(item_id, value, meta={"copy": value})
    return store


def _csv_text(value: Any) -> str:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@SETTINGS
@given(rows=labelled)
def test_jsonl_and_csv_give_back_what_was_stored(rows):
    with tempfile.TemporaryDirectory() as tmp, _store(rows) as store:
        jsonl = store.export(Path(tmp) / "l.jsonl")
        csv = store.export(Path(tmp) / "l.csv")
        history = store.export(Path(tmp) / "h.jsonl", history=True)
        lines = jsonl.read_text(encoding="utf-8").splitlines()  # any line break a reader knows
        records = [json.loads(line) for line in lines]
        table = pd.read_csv(csv, dtype=str, keep_default_na=False)
        metas = [json.loads(line)["meta"] for line in history.read_text("utf-8").splitlines()]
    assert len(records) == len(table) == len(rows)
    for (item_id, value), record, (_, line), meta in zip(
        rows, records, table.iterrows(), metas, strict=True
    ):
        assert same(record["item_id"], item_id) and same(record["label"], plain(value))
        assert same(meta, {"copy": plain(value)})
        assert line["item_id"] == str(item_id)
        if isinstance(value, float):
            assert float(line["label"]) == value
        elif isinstance(value, (list, dict)):
            assert same(json.loads(line["label"]), plain(value))
        else:
            assert line["label"] == _csv_text(value)


@SETTINGS
@given(rows=labelled)
@example(rows=[(0, 1), (1, 2.5)])  # Arrow alone would read the 1 back as 1.0
@example(rows=[(0, [1]), (1, [2.5]), (2, [])])
@example(rows=[(0, [[1]]), (1, ["a"])])
def test_parquet_gives_back_what_was_stored(rows):
    pq = pytest.importorskip("pyarrow.parquet")
    with tempfile.TemporaryDirectory() as tmp, _store(rows) as store:
        out = store.export(Path(tmp) / "l.parquet")
        table = pq.read_table(out)

    def column(name: str) -> list[Any]:
        field = table.schema.field(name)
        values = table.column(name).to_pylist()
        if field.metadata and field.metadata.get(b"nblabel.encoding") == b"json":
            return [None if v is None else json.loads(v) for v in values]
        return values

    assert len(table) == len(rows)
    for (item_id, value), got_id, got in zip(rows, column("item_id"), column("label"), strict=True):
        assert same(got_id, item_id), (got_id, item_id)
        assert same(got, plain(value)), (got, value)


frames = st.dictionaries(
    st.one_of(nasty_text, st.integers(0, 2)),
    st.lists(st.one_of(nasty_text, hostile_values), min_size=2, max_size=2),
    min_size=1,
    max_size=3,
)


@SETTINGS
@given(columns=frames, fmt=st.sampled_from(["csv", "jsonl", "parquet"]))
def test_export_frame_refuses_clearly_or_writes_a_readable_file(columns, fmt):
    df = pd.concat([pd.Series(v, dtype=object) for v in columns.values()], axis=1)
    df.columns = pd.Index(list(columns), dtype=object)  # pandas' str dtype refuses surrogates
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / f"out.{fmt}"
        try:
            export_frame(df, target)
        except ImportError:
            pytest.skip("pyarrow is not installed")
        except Exception as exc:
            check_refusal(exc)
            assert not any(Path(tmp).iterdir()), "a refused export left a file"
            return
        if fmt == "csv":
            back = pd.read_csv(target, dtype=str, keep_default_na=False)
            assert back.shape == df.shape  # read_csv renames a "" column: compare by position
            for k in range(df.shape[1]):
                texts = [v for v in df.iloc[:, k] if isinstance(v, str)]
                assert set(texts) <= set(back.iloc[:, k])
        elif fmt == "jsonl":
            lines = target.read_text(encoding="utf-8").splitlines()
            assert len(lines) == 2 and all(isinstance(json.loads(x), dict) for x in lines)
        else:
            assert pd.read_parquet(target).shape == df.shape
