"""Bad input is a clear Python error, raised before anything renders, naming the culprit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nblabel import Labeler


def test_unknown_column_lists_the_columns(texts):
    with pytest.raises(KeyError, match=r"'txt'.*\['text'\]"):
        Labeler(texts, "txt", labels=["a"])


def test_empty_labels(texts):
    with pytest.raises(ValueError, match="labels is empty"):
        Labeler(texts, "text", labels=[])


def test_repeated_labels(texts):
    with pytest.raises(ValueError, match="more than once"):
        Labeler(texts, "text", labels=["a", "a"])


def test_more_labels_than_keys(texts):
    with pytest.raises(ValueError, match="10 labels but only 9 default keys"):
        Labeler(texts, "text", labels=[f"l{i}" for i in range(10)])


def test_keys_must_match_labels_and_be_distinct(texts):
    with pytest.raises(ValueError, match="2 labels but 1 keys"):
        Labeler(texts, "text", labels=["a", "b"], keys=["x"])
    with pytest.raises(ValueError, match="more than one label"):
        Labeler(texts, "text", labels=["a", "b"], keys=["x", "x"])


def test_duplicate_ids_are_named(texts):
    df = texts.copy()
    df.index = ["t0", "t1", "t1", "t3", "t3", "t5", "t6", "t7", "t8", "t9"]
    with pytest.raises(ValueError, match=r"duplicate item ids: 't1', 't3'"):
        Labeler(df, "text", labels=["a"])


def test_unsupported_id_type(texts):
    df = texts.copy()
    df.index = pd.date_range("2024-01-01", periods=len(df))
    with pytest.raises(TypeError, match="int or str ids"):
        Labeler(df, "text", labels=["a"])


def test_non_text_value_names_the_item(texts):
    df = texts.copy()
    df.loc["t4", "text"] = None
    with pytest.raises(TypeError, match="item 't4'"):
        Labeler(df, "text", labels=["a"], kind="text")


def test_missing_image_file_names_the_item(tmp_path):
    df = pd.DataFrame({"path": [str(tmp_path / "gone.png")]}, index=["img-1"])
    with pytest.raises(FileNotFoundError, match=r"item 'img-1'.*gone\.png"):
        Labeler(df, "path", labels=["a"])


def test_unreadable_image_file_names_the_item(tmp_path):
    bad = tmp_path / "bad.png"
    bad.write_text("not an image")
    df = pd.DataFrame({"path": [str(bad)]}, index=["img-7"])
    with pytest.raises(ValueError, match=r"item 'img-7': cannot read image .*bad\.png"):
        Labeler(df, "path", labels=["a"])


def test_bad_array_shape_names_the_item():
    df = pd.DataFrame({"image": [np.zeros((2, 3, 5), dtype=np.uint8)]}, index=[42])
    with pytest.raises(ValueError, match=r"item 42: image array has shape \(2, 3, 5\)"):
        Labeler(df, "image", labels=["a"])


def test_empty_frame(texts):
    with pytest.raises(ValueError, match="empty"):
        Labeler(texts.iloc[:0], "text", labels=["a"])


def test_options_are_keyword_only(texts):
    with pytest.raises(TypeError):
        Labeler(texts, "text", ["a"])  # type: ignore[misc]
    with pytest.raises(TypeError, match="colour"):
        Labeler(texts, "text", labels=["a"], colour="red")  # type: ignore[call-arg]


def test_integer_ids_the_browser_would_round_are_refused():
    df = pd.DataFrame({"text": ["a", "b"]}, index=[2**53 + 1, 2**53 + 2])
    with pytest.raises(ValueError, match=r"item id 9007199254740993 is too large.*astype\(str\)"):
        Labeler(df, "text", labels=["x"])
