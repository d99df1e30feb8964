"""Labeler: classify images or texts, one label or several per item."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import traitlets as t

from nblabel.items import ItemSource
from nblabel.items._source import Kind
from nblabel.store import LabelStore
from nblabel.widgets._base import _BaseLabeler
from nblabel.widgets._keys import check_labels, keymap


class Labeler(_BaseLabeler):
    """Label a DataFrame column of texts or images from the keyboard.

    Parameters
    ----------
    df : DataFrame
        The items; its index values are the item ids the store records (int or str, unique).
    column : str
        The column holding texts (str) or images (file paths, bytes, PIL images or arrays).
    labels : list of str
        The label names; keys 1-9 pick them unless ``keys`` says otherwise.
    store : LabelStore, optional
        Where labels are written; an in-memory store when omitted (lost with the kernel).
    multi : bool
        Several labels per item: keys toggle, Enter confirms. Values are stored as lists.
    keys : list of str, optional
        One single-character key per label.
    instructions : str, optional
        Guidance shown above the item, as plain text.
    kind : {"auto", "text", "image"}
        How to show the column; "auto" looks at the first value.
    task : str, optional
        The store's task name these labels belong to (defaults to the store's task).
    """

    multi = t.Bool(False, read_only=True).tag(sync=True)
    """Whether an item takes several labels (confirmed with Enter)."""

    def __init__(
        self,
        df: pd.DataFrame,
        column: str,
        *,
        labels: Sequence[str],
        store: LabelStore | None = None,
        multi: bool = False,
        keys: Sequence[str] | None = None,
        instructions: str | None = None,
        kind: Kind = "auto",
        task: str | None = None,
    ) -> None:
        labels = check_labels(labels)
        key_list = keymap(labels, keys)
        source = ItemSource(df, column, kind)
        self.set_trait("multi", bool(multi))
        super().__init__(source, labels, key_list, store, task=task, instructions=instructions)
        self._view = source.kind

    def _check_value(self, value: Any, item_id: int | str) -> Any:
        if self.multi:
            if not isinstance(value, list) or any(v not in self.labels for v in value):
                raise ValueError(f"item {item_id!r}: {value!r} is not a list of known labels")
            return [label for label in self.labels if label in value]  # canonical order
        if value not in self.labels:
            raise ValueError(f"item {item_id!r}: {value!r} is not one of {list(self.labels)!r}")
        return value
