"""The Labeler constructor under hostile arguments: it builds, or refuses with a message.

Written against the public API only (``nblabel.Labeler``): every call either returns a
widget or raises TypeError, ValueError or KeyError (StoreError for a file that is not a
store) with a non-empty message; never AttributeError, TraitError or UnicodeEncodeError.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import pandas as pd
from hostile import check_refusal, item_ids, nasty_text, valid_text
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nblabel import Labeler, LabelStore

SETTINGS = settings(
    deadline=None,
    max_examples=120,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# A scratch folder shared by the examples: paths to a new store and to a foreign file.
SCRATCH = Path(tempfile.mkdtemp(prefix="nblabel-labeler-args-"))
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)
FOREIGN = SCRATCH / "notes.txt"
FOREIGN.write_text("not a label store")

texts = st.one_of(valid_text, nasty_text, st.integers(), st.none(), st.floats())
stores = st.one_of(
    st.none(),
    st.none(),
    st.builds(LabelStore),
    st.sampled_from(
        [str(SCRATCH / "a.db"), SCRATCH / "b.db", str(FOREIGN), "", 5, b"x.db", ["a.db"]]
    ),
)
# Valid choices are repeated so that most examples get past the first check and reach the
# later ones (one_of picks its branches evenly).
labels = st.one_of(
    st.just(["cat", "dog"]),
    st.just(["cat", "dog"]),
    st.just(["cat", "dog"]),
    st.lists(st.sampled_from(["cat", "dog", "bird", "cat"]), max_size=4),
    st.lists(st.one_of(nasty_text, st.integers(), st.none()), max_size=3),
    st.sampled_from(["cat", None, 5, ("a", "b"), {"a": 1}]),
)
keys = st.one_of(
    st.none(),
    st.none(),
    st.none(),
    st.lists(st.one_of(st.sampled_from(["1", "2", "a", "ab", "", " "]), nasty_text), max_size=4),
    st.sampled_from(["12", 5]),
)


@st.composite
def frames(draw):
    n = draw(st.integers(0, 4))
    ids = draw(st.lists(st.one_of(item_ids, st.integers(0, 5)), min_size=n, max_size=n))
    values = draw(st.lists(texts, min_size=n, max_size=n))
    df = pd.DataFrame({"text": pd.Series(values, dtype=object)})
    df.index = pd.Index(ids, dtype=object)
    if draw(st.booleans()):
        df = df.reset_index(drop=True)
    if draw(st.integers(0, 4)) == 0:
        df = pd.concat([df, df], axis=1)  # two columns named "text"
    return draw(st.sampled_from([df] * 8 + [[1, 2], None]))


@SETTINGS
@given(
    df=frames(),
    column=st.sampled_from(["text", "text", "text", "text", "txt", 0, None]),
    labels=labels,
    store=stores,
    keys=keys,
    instructions=st.one_of(
        st.none(), st.none(), valid_text, nasty_text, st.integers(), st.lists(st.none())
    ),
    multi=st.one_of(st.booleans(), st.booleans(), st.sampled_from([None, 1, "yes"])),
)
@example(
    df=pd.concat([pd.DataFrame({"text": ["a", "b"]})] * 2, axis=1),
    column="text",
    labels=["x", "y"],
    store=None,
    keys=None,
    instructions=None,
    multi=False,
)
@example(
    df=pd.DataFrame({"text": ["a"]}),
    column="text",
    labels=["x"],
    store=str(SCRATCH / "labels.db"),
    keys=None,
    instructions=None,
    multi=False,
)
@example(
    df=pd.DataFrame({"text": ["a"]}),
    column="text",
    labels=["x"],
    store=None,
    keys=None,
    instructions=5,
    multi=False,
)
@example(
    df=pd.DataFrame({"text": pd.Series(["ok\ud800"], dtype=object)}),
    column="text",
    labels=["x"],
    store=None,
    keys=None,
    instructions=None,
    multi=False,
)
def test_labeler_builds_or_refuses_clearly(df, column, labels, store, keys, instructions, multi):
    try:
        widget = Labeler(
            df,
            column,
            labels=labels,
            store=store,
            keys=keys,
            instructions=instructions,
            multi=multi,
        )
    except Exception as exc:
        check_refusal(exc)
        return
    widget.close()
