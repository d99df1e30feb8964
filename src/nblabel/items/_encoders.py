"""How a column's values travel to the browser: one encoder per modality, chosen by the task.

An encoder checks a column's values up front (so bad input is a Python error naming the item)
and turns one value into a JSON header plus optional bytes. A new modality adds an encoder;
nothing here branches on a fixed list of kinds.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from nblabel.items._images import check_image, encode_image, is_image_value
from nblabel.items._source import ItemSource

#: Up to this many images are opened (header only) at construction; beyond it, only the first
#: ones are, plus an existence check for every path, so 100k-item frames start instantly.
FULL_CHECK_LIMIT = 5000
_SAMPLE_CHECK = 200


class Encoder(Protocol):
    """Checks a column and encodes its values for the browser."""

    name: str

    def accepts(self, value: Any) -> bool:
        """Whether a value looks like this modality (for ``kind="auto"``)."""

    def validate(self, source: ItemSource) -> None:
        """Raise, naming the item, if a value cannot be shown."""

    def payload(self, value: Any, item_id: int | str) -> tuple[dict[str, Any], bytes | None]:
        """One value as a header (with ``type``) and optional bytes."""


class TextEncoder:
    """Texts travel inside the JSON header and are rendered as text, never as HTML."""

    name = "text"

    def accepts(self, value: Any) -> bool:
        return isinstance(value, str)

    def validate(self, source: ItemSource) -> None:
        series = source.series
        dtype = series.dtype
        if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
            # Arrow holds only valid UTF-8: no value-by-value pass unless one is missing.
            if not series.hasnans:
                return
        elif pd.api.types.infer_dtype(series, skipna=False) == "string":
            try:  # one C-speed encode finds a lone surrogate; the loop below names it
                "".join(source.values).encode("utf-8")
                return
            except UnicodeEncodeError:
                pass
        check_texts(source.ids, source.values, source.column)

    def payload(self, value: Any, item_id: int | str) -> tuple[dict[str, Any], bytes | None]:
        return {"type": "text", "text": value}, None


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
                f"item {item_id!r}: column {column!r} holds {value!r} "
                f"({type(value).__name__}); text labeling needs strings"
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


class ImageEncoder:
    """Images travel as display-sized bytes in a binary buffer, decoded by the browser early."""

    name = "image"

    def accepts(self, value: Any) -> bool:
        return is_image_value(value)

    def validate(self, source: ItemSource) -> None:
        for i, (item_id, value) in enumerate(zip(source.ids, source.values, strict=True)):
            if len(source) <= FULL_CHECK_LIMIT or i < _SAMPLE_CHECK:
                check_image(value, item_id)
            elif isinstance(value, (str, os.PathLike)) and not Path(value).is_file():
                raise FileNotFoundError(
                    f"item {item_id!r}: image file {str(value)!r} does not exist"
                )

    def payload(self, value: Any, item_id: int | str) -> tuple[dict[str, Any], bytes | None]:
        data, mime = encode_image(value, item_id)
        return {"type": "image", "mime": mime}, data


def choose_encoder(source: ItemSource, kind: str, encoders: dict[str, Encoder]) -> Encoder:
    """The encoder named by ``kind``; for ``"auto"``, the first that accepts the first value.

    The last encoder is the fallback: its own validation then names the item it cannot show.
    """
    if kind != "auto":
        if kind not in encoders:
            choices = ", ".join(repr(k) for k in ("auto", *encoders))
            raise ValueError(f"kind must be one of {choices}, not {kind!r}")
        return encoders[kind]
    first = next((v for v in source.values if v is not None), None)
    if first is None:
        raise ValueError(f"column {source.column!r} holds only missing values")
    candidates = list(encoders.values())
    return next((e for e in candidates if e.accepts(first)), candidates[-1])
