"""Values: JSON only, str keys, bounded depth, valid Unicode; what is accepted reads back equal."""

from __future__ import annotations

import math
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import nblabel.store
from nblabel.store import MAX_DEPTH, LabelEvent, LabelStore

SRC = str(Path(nblabel.store.__file__).absolute().parents[2])


@pytest.fixture
def store():
    with LabelStore(annotator="ann") as s:
        s.write("kept", "before")
        yield s


def nested(depth: int) -> object:
    value: object = "leaf"
    for _ in range(depth):
        value = [value]
    return value


def assert_nothing_written(store: LabelStore) -> None:
    assert len(store) == 1 and store.current() == {"kept": "before"}


@pytest.mark.parametrize(
    ("value", "part"),
    [
        ({1: "one", "1": "uno"}, r"value has the key 1 \(int\)"),
        ({None: 1, True: 2}, "value has the key (None|True)"),
        ({"a": [{"b": {2.5: "x"}}]}, r"value\['a'\]\[0\]\['b'\] has the key 2.5 \(float\)"),
        ({("t",): 1}, r"value has the key \('t',\) \(tuple\)"),
    ],
)
def test_non_str_dict_keys_are_refused_with_their_path(store, value, part):
    with pytest.raises(ValueError, match=rf"item 'a': {part}.*keys must be str"):
        store.write("a", value)
    assert_nothing_written(store)


def test_meta_keys_must_be_str_too(store):
    with pytest.raises(ValueError, match=r"item 3: meta\['m'\] has the key 0"):
        store.write(3, "x", meta={"m": {0: 1}})
    assert_nothing_written(store)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 975, 3000, 100_000])
def test_deep_values_are_refused_without_recursion_error(store, depth):
    with pytest.raises(
        ValueError, match=rf"item 'deep': value(\[0\])+ nests deeper than {MAX_DEPTH}"
    ):
        store.write("deep", nested(depth))
    deep_dict: dict = {}
    cursor = deep_dict
    for _ in range(depth):
        cursor["k"] = {}
        cursor = cursor["k"]
    with pytest.raises(ValueError, match="nests deeper"):
        store.write("deep", "ok", meta=deep_dict)
    assert_nothing_written(store)


def test_max_depth_is_accepted_and_reads_back(store):
    store.write("deep", nested(MAX_DEPTH))
    assert store.current()["deep"] == nested(MAX_DEPTH)


SURROGATE = "bad \ud800 text"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"value": SURROGATE}, "value"),
        ({"value": {"k": [SURROGATE]}}, r"value\['k'\]\[0\]"),
        ({"value": {SURROGATE: 1}}, "value key"),
        ({"value": "x", "meta": {"note": SURROGATE}}, r"meta\['note'\]"),
        ({"value": "x", "annotator": SURROGATE}, "annotator"),
        ({"value": "x", "task": SURROGATE}, "task"),
    ],
)
def test_lone_surrogates_are_refused_naming_the_item(store, kwargs, field):
    with pytest.raises(ValueError, match=rf"item 'i': {field} .*lone surrogate '\\ud800'"):
        store.write("i", **kwargs)
    assert_nothing_written(store)


def test_lone_surrogate_in_a_str_item_id_is_refused(store):
    with pytest.raises(ValueError, match=r"item 'x\\udfffy': the item id .*lone surrogate"):
        store.write("x\udfffy", "v")
    with pytest.raises(ValueError, match="lone surrogate"):
        frame = pd.DataFrame({"label": ["a"]}, index=pd.Index(["\ud800"], dtype=object))
        store.write_frame(frame)
    assert_nothing_written(store)


def test_store_defaults_with_surrogates_are_refused():
    with pytest.raises(ValueError, match=r"annotator .*lone surrogate"):
        LabelStore(annotator="\ud800")
    with pytest.raises(ValueError, match=r"task .*lone surrogate"):
        LabelStore(task="\ud800")


def test_integers_beyond_64_bits_and_non_finite_floats_are_refused(store):
    with pytest.raises(ValueError, match=r"item 'n': value\[1\] is 9223372036854775808"):
        store.write("n", [1, 2**63])
    with pytest.raises(ValueError, match=r"item 'n': value\['x'\] is nan"):
        store.write("n", {"x": math.nan})
    with pytest.raises(ValueError, match="inf"):
        store.write("n", [np.float64("-inf")])
    with pytest.raises(TypeError, match=r"item 'n': value\[0\] is .*\(set\)"):
        store.write("n", [{1, 2}])
    assert_nothing_written(store)


def test_write_frame_names_the_column_and_item(store):
    df = pd.DataFrame({"label": ["ok", {1: "x"}]}, index=["good", "bad"])
    with pytest.raises(ValueError, match=r"column 'label', item 'bad': value has the key 1"):
        store.write_frame(df)
    assert_nothing_written(store)


ACCEPTED = {
    "neg-zero": -0.0,
    "float": 0.1 + 0.2,
    "tiny": 5e-324,
    "big-int": 2**63 - 1,
    "small-int": -(2**63),
    "tuple": ("a", ("b", 1)),
    "numpy": {"arr": np.array([[1, 2], [3, 4]]), "f": np.float32(0.5), "b": np.bool_(True)},
    "text": "tab\t nul\x00 line\u2028 emoji \U0001f600 cr\r",
    "empty": {"": [], "[]": {}},
    "order": {"z": 1, "a": 2, "m": 3},
    "bools": [True, False, None, 0, 1],
}
EXPECTED = {
    **ACCEPTED,
    "tuple": ["a", ["b", 1]],
    "numpy": {"arr": [[1, 2], [3, 4]], "f": 0.5, "b": True},
}

READER = """
import pickle, sys
from nblabel.store import LabelStore
with LabelStore(sys.argv[1]) as store:
    sys.stdout.buffer.write(pickle.dumps((store.current(), store.history()["meta"].tolist())))
"""


def same(a: object, b: object) -> bool:
    """Equal, with the float sign and the exact types (1 is not 1.0 or True)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return a == b


def test_accepted_values_read_back_equal_in_a_new_process(tmp_path):
    path = tmp_path / "values.db"
    with LabelStore(path) as store:
        for key, value in ACCEPTED.items():
            event_id = store.write(key, value, meta={"copy": value})
            assert event_id > 0
        events = [LabelEvent(None, k, v) for k, v in ACCEPTED.items()]
        assert all(same(e.value, EXPECTED[e.item_id]) for e in events)
    out = subprocess.run(
        [sys.executable, "-c", READER, str(path)],
        capture_output=True,
        check=True,
        env={"PYTHONPATH": SRC, "PATH": ""},
    ).stdout
    current, metas = pickle.loads(out)
    assert set(current) == set(EXPECTED)
    for key, value in EXPECTED.items():
        assert same(current[key], value), key
    assert all(same(m["copy"], v) for m, v in zip(metas, EXPECTED.values(), strict=True))
