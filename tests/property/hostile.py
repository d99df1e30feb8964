"""Hypothesis strategies for hostile input, exact comparison, and a reader in a new process."""

from __future__ import annotations

import json
import math
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

import nblabel.store
from nblabel.store import StoreError

SRC = str(Path(nblabel.store.__file__).absolute().parents[2])

DOCUMENTED = (TypeError, ValueError, KeyError, StoreError)
"""What a refused call may raise: the types the public docstrings name."""

# Every code point, lone surrogates included (hypothesis leaves them out by default).
any_text = st.text(st.characters(exclude_categories=()), max_size=12)
nasty_text = st.one_of(
    any_text,
    st.sampled_from(["", "\r", "\n", "\r\n", '"', ",", "=1+1", "NA", "null", "\x00", "\ud800"]),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.floats(allow_nan=True, allow_infinity=True),
    nasty_text,
)
hostile_keys = st.one_of(nasty_text, st.integers(-3, 3), st.none(), st.booleans(), st.floats())
hostile_values = st.recursive(
    st.one_of(scalars, st.binary(max_size=4), st.frozensets(st.integers(), max_size=2)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(hostile_keys, inner, max_size=4),
    ),
    max_leaves=12,
)
item_ids = st.one_of(
    st.integers(min_value=-(2**64), max_value=2**64),
    nasty_text,
    st.booleans(),
    st.floats(),
    st.none(),
)

# Values the store must accept: JSON with str keys, 64-bit ints, finite floats, valid text.
valid_text = st.text(st.characters(codec="utf-8"), max_size=12)
valid_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    valid_text,
    st.sampled_from(["\r", "a\rb", "\r\n", '"q"', "=1", "NA", ""]),
)
valid_values = st.recursive(
    valid_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(valid_text, inner, max_size=4)
    ),
    max_leaves=10,
)
valid_ids = st.one_of(st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1), valid_text)


def plain(value: Any) -> Any:
    """What a value should read back as: tuples become lists, nothing else changes."""
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def same(a: Any, b: Any) -> bool:
    """Equal with exact types and float signs: 1 is not 1.0 nor True, -0.0 is not 0.0."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return a == b


def check_refusal(exc: BaseException) -> None:
    """A refusal is a documented type with a message that says something.

    Unicode and JSON decode errors are ValueErrors too, but raw ones name no item.
    """
    raw = isinstance(exc, (UnicodeError, json.JSONDecodeError))
    assert isinstance(exc, DOCUMENTED) and not raw, f"undocumented {type(exc).__name__}: {exc}"
    assert str(exc).strip(" '\""), f"{type(exc).__name__} without a message"


READER = """
import pickle, sys
from nblabel.store import LabelStore
with LabelStore(sys.argv[1]) as store:
    h = store.history(task="*")
    rows = list(zip(h["event_id"].tolist(), h["task"].tolist(), h["item_id"].tolist(),
                    h["label"].tolist(), h["annotator"].tolist(), h["meta"].tolist()))
sys.stdout.buffer.write(pickle.dumps(rows))
"""


def history_in_new_process(path: Path) -> list[tuple[Any, ...]]:
    """(event_id, task, item_id, label, annotator, meta) rows, read by a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": SRC}
    done = subprocess.run(
        [sys.executable, "-c", READER, str(path)], capture_output=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return pickle.loads(done.stdout)
