"""Checks a labeling widget runs at its door: each argument refused with a message naming it.

Small and pure, so that every widget constructor can call them before anything renders and
tests can call them without a comm.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import pandas as pd

from nblabel.store import LabelStore


def _given(value: Any) -> str:
    text = repr(value)
    text = text if len(text) <= 60 else text[:57] + "..."
    return f"{text} ({type(value).__name__})"


def open_store(store: Any) -> LabelStore:
    """The store to write to: ``None`` (a new in-memory store), a ``LabelStore``, or a path.

    A path (str or ``os.PathLike``) is what users type, so it is opened here; the store's
    own checks (another program's file, a damaged store) raise ``StoreError``.

    Raises
    ------
    TypeError
        Anything else, naming the ``store`` argument and what was given.
    """
    if store is None:
        return LabelStore()
    if isinstance(store, LabelStore):
        return store
    if isinstance(store, (str, os.PathLike)) and not isinstance(store, bytes):
        path = os.fspath(store)
        if isinstance(path, str) and path.strip():
            return LabelStore(path)
        raise TypeError(f"store: a path must be a non-empty str, got {_given(store)}")
    raise TypeError(
        f"store must be a LabelStore, a file path (str or pathlib.Path) or None, "
        f"got {_given(store)}"
    )


def check_instructions(value: Any) -> str:
    """Instructions shown above the items: ``None`` means none.

    Raises
    ------
    TypeError
        ``value`` is neither None nor a str.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return str(value)
    raise TypeError(f"instructions must be a str or None, got {_given(value)}")


def check_column(df: Any, column: Any) -> None:
    """``df`` is a non-empty DataFrame with exactly one column named ``column``.

    Raises
    ------
    TypeError
        ``df`` is not a DataFrame.
    KeyError
        No column has that name (the columns there are are listed).
    ValueError
        Several columns have that name (how to drop repeats is suggested), or ``df`` has
        no rows.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(df).__name__}")
    try:
        count = int((df.columns == column).sum()) if _hashable(column) else 0
    except (TypeError, ValueError):
        count = 0
    if count == 0:
        raise KeyError(
            f"column {column!r} is not in the DataFrame; its columns are {list(df.columns)!r}"
        )
    if count > 1:
        raise ValueError(
            f"the DataFrame has {count} columns named {column!r}; nblabel needs one. Keep the "
            "first with df.loc[:, ~df.columns.duplicated()] or rename them."
        )
    if len(df) == 0:
        raise ValueError("the DataFrame is empty: there is nothing to label")


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def check_texts(ids: Sequence[int | str], values: Sequence[Any], column: str) -> None:
    """Every value of a text column is a str that can be sent and stored (valid Unicode).

    Raises
    ------
    TypeError
        A value is not a str (the item id and the value are named).
    ValueError
        A text holds a lone surrogate (the item id and the position are named).
    """
    for item_id, value in zip(ids, values, strict=True):
        if not isinstance(value, str):
            raise TypeError(
                f"item {item_id!r}: column {column!r} holds {_given(value)}; text labeling "
                "needs strings"
            )
        if value.isascii():
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError(
                f"item {item_id!r}: the text in column {column!r} has a lone surrogate "
                f"{value[exc.start]!r} at character {exc.start}; texts must be valid Unicode "
                "(decode the source with errors='replace')"
            ) from None
