"""LabelStore.write and write_frame under hostile input: refuse clearly, or keep exactly.

Each test feeds one file store many examples, then reads the whole history back once in a
new Python process: it must hold exactly the accepted calls, in order, with equal values.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from hostile import (
    check_refusal,
    history_in_new_process,
    hostile_values,
    item_ids,
    nasty_text,
    plain,
    same,
    valid_ids,
    valid_text,
    valid_values,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nblabel.store import LabelStore

SETTINGS = settings(
    deadline=None,
    max_examples=150,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

meta_dicts = st.one_of(
    st.none(), st.dictionaries(nasty_text, hostile_values, max_size=3), hostile_values
)
names = st.one_of(st.none(), nasty_text, st.integers(0, 3))


def assert_history(path, expected: list[tuple[Any, ...]]) -> None:
    """Rows (task, item_id, label, annotator, meta) read back by a new process, in order."""
    rows = history_in_new_process(path)
    assert len(rows) == len(expected), "a refused call left events behind, or one was lost"
    for (_event_id, *got), want in zip(rows, expected, strict=True):
        assert all(same(g, w) for g, w in zip(got, want, strict=True)), (got, want)


def test_write_refuses_clearly_or_reads_back_equal(tmp_path):
    path = tmp_path / "write.db"
    store = LabelStore(path, annotator="ann")
    expected: list[tuple[Any, ...]] = []

    @SETTINGS
    @given(
        item_id=st.one_of(item_ids, valid_ids),
        value=st.one_of(hostile_values, valid_values),
        meta=meta_dicts,
        annotator=names,
        task=names,
    )
    def one_call(item_id, value, meta, annotator, task):
        before = len(store)
        try:
            store.write(item_id, value, meta=meta, annotator=annotator, task=task)
        except Exception as exc:
            check_refusal(exc)
            assert len(store) == before
            return
        expected.append(
            (
                task or "default",
                int(item_id) if isinstance(item_id, int) else item_id,
                plain(value),
                "ann" if annotator is None else annotator,
                plain(meta),
            )
        )

    one_call()
    store.close()
    assert expected, "no call was accepted: the strategies are broken"
    assert_history(path, expected)


def missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


frames = st.lists(
    st.tuples(st.one_of(item_ids, valid_ids), st.one_of(valid_values, hostile_values)),
    min_size=0,
    max_size=6,
)


def test_write_frame_is_all_or_nothing_and_reads_back_equal(tmp_path):
    path = tmp_path / "frame.db"
    store = LabelStore(path, annotator="ann")
    expected: list[tuple[Any, ...]] = []

    @SETTINGS
    @given(
        rows=frames, column=st.sampled_from(["label", "label", "missing"]), as_numpy=st.booleans()
    )
    def one_call(rows, column, as_numpy):
        ids = pd.Index([i for i, _ in rows], dtype=object)
        values = [v for _, v in rows]
        cells = pd.Series(values, index=ids, dtype=object)
        if as_numpy and values and all(type(v) is int for v in values):
            cells = pd.Series(np.array(values, dtype=np.int64), index=ids)
        df = pd.DataFrame({"label": cells, "other": 1})
        before = len(store)
        try:
            written = store.write_frame(df, column)
        except Exception as exc:
            check_refusal(exc)
            assert len(store) == before
            return
        kept = [(i, v) for i, v in rows if not missing(v)]
        assert written == len(kept) == len(store) - before
        expected.extend(("default", i, plain(v), "ann", None) for i, v in kept)

    try:
        one_call()
    finally:
        store.close()
    assert expected
    assert_history(path, expected)


def test_failed_writes_change_nothing_already_stored(tmp_path):
    path = tmp_path / "kept.db"
    with LabelStore(path) as store:
        store.write("a", {"k": [1, 2.5, None]})
        store.write(1, "cat", meta={"m": "x"})

        @SETTINGS
        @given(item_id=item_ids, value=hostile_values, text=valid_text)
        def calls(item_id, value, text):
            frame = pd.DataFrame(  # object dtype: pandas' own string dtype refuses lone surrogates
                {
                    "label": pd.Series(
                        [value, text], index=pd.Index(["a", 1], dtype=object), dtype=object
                    )
                }
            )
            for call in (
                lambda: store.write(item_id, value),
                lambda: store.write_frame(frame),
                lambda: store.undo(item_id),
            ):
                before = len(store)
                try:
                    call()
                except Exception as exc:
                    check_refusal(exc)
                    assert len(store) == before

        calls()
    rows = history_in_new_process(path)
    assert [r[3] for r in rows[:2]] == [{"k": [1, 2.5, None]}, "cat"]
    assert [r[5] for r in rows[:2]] == [None, {"m": "x"}]
