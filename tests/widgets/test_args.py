"""The argument checks widgets run at their door, called directly."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from nblabel.items._encoders import check_texts
from nblabel.items._source import check_column
from nblabel.store import LabelStore, StoreError
from nblabel.widgets._args import check_instructions, open_store


def test_open_store_accepts_none_a_store_and_paths(tmp_path):
    memory = open_store(None)
    assert isinstance(memory, LabelStore) and memory.path is None
    given = LabelStore()
    assert open_store(given) is given
    for path in (str(tmp_path / "a.db"), tmp_path / "b.db"):
        store = open_store(path)
        assert store.path == Path(path)
        store.write(1, "x")
        store.close()


@pytest.mark.parametrize("bad", [5, 1.5, b"labels.db", ["a.db"], {"path": "a.db"}, ""])
def test_open_store_refuses_anything_else_naming_the_argument(bad):
    with pytest.raises(TypeError, match=r"store.*got .*\(\w+\)"):
        open_store(bad)


def test_open_store_refuses_a_foreign_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a store")
    with pytest.raises(StoreError, match=r"notes\.txt"):
        open_store(str(path))


def test_check_instructions():
    assert check_instructions(None) == ""
    assert check_instructions("Pick one") == "Pick one"
    for bad in (5, ["a"], b"x"):
        with pytest.raises(TypeError, match=r"instructions must be a str or None, got"):
            check_instructions(bad)


def test_check_column_missing_lists_the_columns():
    df = pd.DataFrame({"text": ["a"]})
    with pytest.raises(
        KeyError, match=r"column 'txt' is not in the DataFrame; its columns are \['text'\]"
    ):
        check_column(df, "txt")
    with pytest.raises(KeyError, match=r"column \['text'\] is not"):
        check_column(df, ["text"])


def test_check_column_repeated_name_suggests_the_fix():
    df = pd.DataFrame({"text": ["a", "b"]})
    both = pd.concat([df, df], axis=1)
    with pytest.raises(
        ValueError, match=r"2 columns named 'text'.*df\.loc\[:, ~df\.columns\.duplicated\(\)\]"
    ):
        check_column(both, "text")
    check_column(both.loc[:, ~both.columns.duplicated()], "text")


def test_check_column_wants_a_non_empty_frame():
    with pytest.raises(TypeError, match="DataFrame, got list"):
        check_column([1, 2], "text")
    with pytest.raises(ValueError, match="empty"):
        check_column(pd.DataFrame({"text": []}), "text")
    check_column(pd.DataFrame({0: ["a"]}), 0)  # non-str names work too


def test_check_texts_names_the_item():
    check_texts(["a", "b"], ["fine", "café"], "text")
    with pytest.raises(TypeError, match=r"item 'b': column 'text' holds 3 \(int\)"):
        check_texts(["a", "b"], ["fine", 3], "text")
    with pytest.raises(
        ValueError,
        match=r"item 7: the text in column 'text' has a lone surrogate '\\udc80' at character 2",
    ):
        check_texts([6, 7], ["ok", "ab\udc80"], "text")
