"""Classification, the first task on the seam: one label or several per text or image.

``Classify`` is the task (plain Python); ``Labeler`` is the widget users build. The browser
side is ``js/tasks/classify.ts``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, ClassVar

import pandas as pd
import traitlets as t

from nblabel.items import Encoder, ImageEncoder, ItemSource, TextEncoder, choose_encoder
from nblabel.store import LabelStore
from nblabel.widgets._base import _BaseLabeler
from nblabel.widgets._keys import Action, check_labels, label_actions, label_keys
from nblabel.widgets._task import Task

#: What a classification column may hold; "auto" picks by the first value.
ENCODERS: dict[str, Encoder] = {"image": ImageEncoder(), "text": TextEncoder()}


class Classify(Task):
    """Pick one label (or several, confirmed with Enter) for each item of a column."""

    name: ClassVar[str] = "classify"

    def __init__(
        self,
        source: ItemSource,
        labels: Sequence[str],
        keys: Sequence[str],
        *,
        multi: bool,
        encoder: Encoder,
    ) -> None:
        super().__init__(source)
        self.labels, self.keys = list(labels), list(keys)
        self.multi, self.encoder = multi, encoder
        self._known = set(self.labels)

    def check(self, value: Any, item_id: int | str) -> Any:
        if self.multi:
            if not isinstance(value, list) or not value:
                raise ValueError(
                    f"item {item_id!r}: {value!r} is not a non-empty list of labels; "
                    "choose at least one label"
                )
            if any(not isinstance(v, str) or v not in self._known for v in value):
                raise ValueError(f"item {item_id!r}: {value!r} is not a list of known labels")
            return [label for label in self.labels if label in value]  # canonical order
        if not isinstance(value, str) or value not in self._known:
            raise ValueError(f"item {item_id!r}: {value!r} is not one of {self.labels!r}")
        return value

    def payload(self, row: int) -> tuple[dict[str, Any], bytes | None]:
        return self.encoder.payload(self.source.value(row), self.source.ids[row])

    def actions(self) -> list[Action]:
        if not self.multi:
            return label_actions(self.labels, self.keys)
        confirm = Action("confirm", ("Enter",), "confirm labels", saves="the chosen labels")
        return [*label_actions(self.labels, self.keys, saves=""), confirm]


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
    store : LabelStore or path, optional
        Where labels are written (a path opens a ``LabelStore`` there); an in-memory store
        when omitted (lost with the kernel).
    multi : bool
        Several labels per item: keys toggle, Enter confirms. Values are stored as lists.
    keys : list of str, optional
        One single-character key per label. Keys of other actions (skip ``s``, undo ``u``,
        accept ``a``) move to their capitals when a label takes them.
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
        store: LabelStore | str | os.PathLike[str] | None = None,
        multi: bool = False,
        keys: Sequence[str] | None = None,
        instructions: str | None = None,
        kind: str = "auto",
        task: str | None = None,
    ) -> None:
        labels = check_labels(labels)
        keys = label_keys(labels, keys)
        source = ItemSource(df, column)
        encoder = choose_encoder(source, kind, ENCODERS)
        encoder.validate(source)
        self.set_trait("multi", bool(multi))
        spec = Classify(source, labels, keys, multi=bool(multi), encoder=encoder)
        super().__init__(spec, labels, store=store, task_name=task, instructions=instructions)
        self._source = source

    def item_values(self) -> list[Any]:
        """The column's values in DataFrame order (texts, image paths...), e.g. for features."""
        return list(self._source.values)
