"""The column being labeled: item ids from the DataFrame's index, values from one column."""

from __future__ import annotations

from typing import Any

import pandas as pd

from nblabel.items._ids import item_ids


class ItemSource:
    """A DataFrame column as a sequence of items, row ``i`` being ``ids[i]``.

    Only the ids are checked here (unique, plain); what a value must be is the encoder's
    business (``items._encoders``), so a new modality needs no change here.
    """

    def __init__(self, df: pd.DataFrame, column: str) -> None:
        if not isinstance(df, pd.DataFrame):
            raise TypeError(f"expected a pandas DataFrame, got {type(df).__name__}")
        if column not in df.columns:
            raise KeyError(
                f"column {column!r} is not in the DataFrame; its columns are {list(df.columns)!r}"
            )
        if len(df) == 0:
            raise ValueError("the DataFrame is empty: there is nothing to label")
        self.ids: list[int | str] = item_ids(df.index)
        self.values: list[Any] = df[column].tolist()
        self.column = column
        self._row_of: dict[int | str, int] | None = None

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
