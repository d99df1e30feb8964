"""The column being labeled: validated up front, turned into payloads on demand."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from nblabel.items._ids import item_ids
from nblabel.items._images import check_image, encode_image, is_image_value

Kind = Literal["auto", "text", "image"]

#: Up to this many images are opened (header only) at construction; beyond it, only the first
#: ones are, plus an existence check for every path, so 100k-item frames start instantly.
FULL_CHECK_LIMIT = 5000
_SAMPLE_CHECK = 200


class ItemSource:
    """A DataFrame column as a sequence of labelable items.

    Validation happens here, before anything renders, so bad input is a Python error that
    names the item instead of a broken widget.
    """

    def __init__(self, df: pd.DataFrame, column: str, kind: Kind = "auto") -> None:
        if not isinstance(df, pd.DataFrame):
            raise TypeError(f"expected a pandas DataFrame, got {type(df).__name__}")
        if column not in df.columns:
            raise KeyError(
                f"column {column!r} is not in the DataFrame; its columns are {list(df.columns)!r}"
            )
        if len(df) == 0:
            raise ValueError("the DataFrame is empty: there is nothing to label")
        self.ids = item_ids(df.index)
        self._values = df[column].tolist()
        self.column = column
        self.kind = _detect_kind(self._values, column) if kind == "auto" else kind
        if self.kind not in ("text", "image"):
            raise ValueError(f"kind must be 'auto', 'text' or 'image', not {kind!r}")
        self._validate()

    def __len__(self) -> int:
        return len(self.ids)

    def payload(self, row: int) -> tuple[dict[str, Any], bytes | None]:
        """Describe item ``row`` for the browser; image bytes travel apart as a buffer."""
        value = self._values[row]
        if self.kind == "text":
            return {"type": "text", "text": value}, None
        data, mime = encode_image(value, self.ids[row])
        return {"type": "image", "mime": mime}, data

    def _validate(self) -> None:
        if self.kind == "text":
            for item_id, value in zip(self.ids, self._values, strict=True):
                if not isinstance(value, str):
                    raise TypeError(
                        f"item {item_id!r}: column {self.column!r} holds {value!r} "
                        f"({type(value).__name__}); text labeling needs strings"
                    )
            return
        for i, (item_id, value) in enumerate(zip(self.ids, self._values, strict=True)):
            if len(self) <= FULL_CHECK_LIMIT or i < _SAMPLE_CHECK:
                check_image(value, item_id)
            elif isinstance(value, (str, os.PathLike)) and not Path(value).is_file():
                raise FileNotFoundError(
                    f"item {item_id!r}: image file {str(value)!r} does not exist"
                )


def _detect_kind(values: list[Any], column: str) -> Literal["text", "image"]:
    first = next((v for v in values if v is not None), None)
    if first is None:
        raise ValueError(f"column {column!r} holds only missing values")
    return "image" if is_image_value(first) else "text"
