"""The label event record and the validation every event passes before it is stored."""

from __future__ import annotations

import json
import math
import numbers
from dataclasses import dataclass, field, fields
from typing import Any, Union

import numpy as np

from ._values import check_text, plain_json

SOURCES = ("human", "model", "import")
"""Where an event came from: a person, a model's prediction, or an imported table."""

ALL_TASKS = "*"
"""Task name that selects every task in read calls; it cannot be written to."""

ItemId = Union[int, str]  # noqa: UP007 - runtime alias, readable on 3.10 too

_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def normalize_item_id(item_id: Any) -> ItemId:
    """Return ``item_id`` as a plain int or str.

    Ids are kept with their type in SQLite, so ``1`` and ``"1"`` are different items;
    numpy integers (what pandas indexes hand out) become Python ints.

    Raises
    ------
    TypeError
        For bools, floats and anything else that is neither an integer nor a string.
    ValueError
        For integers outside SQLite's signed 64-bit range, and str ids with lone surrogates.
    """
    if isinstance(item_id, str):
        return check_text(item_id, f"item {item_id!r}", "the item id")
    if isinstance(item_id, (bool, np.bool_)):
        raise TypeError(f"item {item_id!r}: item ids must be int or str, not bool")
    if isinstance(item_id, numbers.Integral):
        value = int(item_id)
        if not _INT64_MIN <= value <= _INT64_MAX:
            raise ValueError(f"item {item_id!r}: integer item ids must fit in 64 bits")
        return value
    raise TypeError(f"item {item_id!r}: item ids must be int or str, not {type(item_id).__name__}")


def encode_json(obj: Any) -> str:
    """Compact JSON of a value already checked by ``plain_json``."""
    return json.dumps(obj, allow_nan=False, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class LabelEvent:
    """One immutable labelling act; the store only ever appends these.

    ``task=None`` and ``annotator=None`` take the store's defaults and ``created_at=None``
    the time of the append; a ``value`` of ``None`` clears the item.
    """

    task: str | None
    item_id: ItemId
    value: Any
    annotator: str | None = None
    source: str = "human"
    seconds: float | None = None
    created_at: float | None = None
    meta: dict[str, Any] | None = None
    value_json: str | None = field(default=None, init=False, repr=False, compare=False)
    meta_json: str | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        item_id = normalize_item_id(self.item_id)
        set_ = object.__setattr__  # frozen: normalise once, here
        set_(self, "item_id", item_id)
        where = f"item {item_id!r}"
        if self.task is not None and (
            not isinstance(self.task, str) or not self.task or self.task == ALL_TASKS
        ):
            raise ValueError(
                f"{where}: task must be a non-empty str other than {ALL_TASKS!r}, got {self.task!r}"
            )
        if self.task is not None:
            set_(self, "task", check_text(self.task, where, "task"))
        if self.annotator is not None:
            if not isinstance(self.annotator, str):
                raise TypeError(f"{where}: annotator must be a str or None, got {self.annotator!r}")
            set_(self, "annotator", check_text(self.annotator, where, "annotator"))
        if self.source not in SOURCES:
            raise ValueError(f"{where}: source must be one of {SOURCES}, got {self.source!r}")
        set_(self, "seconds", _non_negative(self.seconds, "seconds", where))
        set_(self, "created_at", _non_negative(self.created_at, "created_at", where))
        value = None if self.value is None else plain_json(self.value, where, "value")
        set_(self, "value", value)
        if value is not None:
            set_(self, "value_json", encode_json(value))
        if self.meta is not None:
            if not isinstance(self.meta, dict):
                raise TypeError(f"{where}: meta must be a dict or None, got {self.meta!r}")
            meta = plain_json(self.meta, where, "meta")
            set_(self, "meta", meta)
            set_(self, "meta_json", encode_json(meta))


def _non_negative(number: Any, name: str, where: str) -> float | None:
    """Durations and timestamps are finite, non-negative floats (or unknown)."""
    if number is None:
        return None
    if isinstance(number, (bool, np.bool_)) or not isinstance(number, numbers.Real):
        raise TypeError(f"{where}: {name} must be a number or None, got {number!r}")
    value = float(number)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{where}: {name} must be >= 0 or None, got {value!r}")
    return value


def is_skip(meta: Any) -> bool:
    """Whether an event's meta (a dict, or its JSON text) marks a skip: history, not a value."""
    if isinstance(meta, str):
        if '"skip"' not in meta:
            return False
        meta = json.loads(meta)
    return isinstance(meta, dict) and meta.get("skip") is True


def undo_step(
    rows: list[tuple[int, str | None, str | None, str]],
) -> tuple[int, str | None, str | None] | None:
    """What an undo appends, from the item's (event_id, value_json, meta_json, source) rows.

    Undo is multi-level: every event that is not an undo pushes its value on a stack and
    every undo event (meta ``undo_of``) pops one, so repeated undos walk back through the
    labels. Returns (newest event_id, JSON value to restore, source of the restored label),
    or None when no label is left to undo. The source travels with the value so that undoing
    a human label never turns a restored model guess into a "human" one.
    """
    rows = [row for row in rows if not is_skip(row[2])]  # a skip changed no value
    stack: list[tuple[str | None, str]] = []
    for _event_id, value, meta, source in rows:
        decoded = json.loads(meta) if meta is not None and "undo_of" in meta else None
        if isinstance(decoded, dict) and "undo_of" in decoded:
            if stack:
                stack.pop()
        else:
            stack.append((value, source))
    if not stack:
        return None
    previous: str | None = None
    restored: str | None = None
    if len(stack) > 1:
        previous, restored = stack[-2]
    return rows[-1][0], previous, restored


def coerce_event(obj: Any, position: int) -> LabelEvent:
    """Accept a ``LabelEvent`` or a mapping of its fields (handy for bulk appends)."""
    if isinstance(obj, LabelEvent):
        return obj
    if isinstance(obj, dict):
        where = f"event #{position} (item {obj.get('item_id')!r})"
        unknown = sorted(set(obj) - _INIT_FIELDS, key=str)
        if unknown:
            raise TypeError(f"{where}: unknown fields {unknown}")
        missing = [name for name in ("item_id", "value") if name not in obj]
        if missing:
            raise TypeError(f"{where}: missing fields {missing}")
        return LabelEvent(**{"task": None, **obj})
    raise TypeError(f"event #{position}: expected a LabelEvent or dict, got {type(obj).__name__}")


_INIT_FIELDS = frozenset(f.name for f in fields(LabelEvent) if f.init)
