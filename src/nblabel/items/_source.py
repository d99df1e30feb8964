"""The column being labeled: item ids from the DataFrame's index, values from one column."""

from __future__ import annotations

from typing import Any

import pandas as pd

from nblabel.items._ids import item_ids


class ItemSource:
    """A DataFrame column as a sequence of items, row ``i`` being ``ids[i]``.

    Only the frame, the column and the ids are checked here; what a value must be is the
    encoder's business (``items._encoders``), so a new modality needs no change here.
    """

    def __init__(self, df: pd.DataFrame, column: str) -> None:
        check_column(df, column)
        self.ids: list[int | str] = item_ids(df.index)
        self.series = df[column]
        self.column = column
        self._values: list[Any] | None = None
        self._row_of: dict[int | str, int] | None = None

    @property
    def values(self) -> list[Any]:
        """The column as a list, made on first use: a text column never needs it whole."""
        if self._values is None:
            self._values = self.series.tolist()
        return self._values

    def value(self, row: int) -> Any:
        """The value at ``row``, without converting the whole column."""
        return self.series.iat[row] if self._values is None else self._values[row]

    def __len__(self) -> int:
        return len(self.ids)

    def row_of(self, item_id: int | str) -> int:
        """The row of ``item_id``; KeyError naming it when it is not an item here.

        The lookup table is built on first use, not in the constructor: the first item can
        then be shown before any per-item work on a large frame.
        """
        if self._row_of is None:
            self._row_of = {item_id: row for row, item_id in enumerate(self.ids)}
        row = self._row_of.get(item_id)
        if row is None or isinstance(item_id, bool):
            raise KeyError(f"item {item_id!r} is not among these {len(self.ids)} items")
        return row


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
