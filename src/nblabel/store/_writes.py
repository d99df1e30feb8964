"""How ``LabelStore`` records events: append, write, import a frame, undo, skip.

A mixin of ``LabelStore`` (``store/__init__.py``), kept apart so each module stays small: the
store owns the backend and its default task and annotator, and these methods only use them.
Every write is one transaction, committed before the call returns.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from ._events import (
    SOURCES,
    ItemId,
    LabelEvent,
    coerce_event,
    is_skip,
    normalize_item_id,
    undo_step,
)
from ._frames import events_from_frame
from ._sqlite import insert_rows, item_events

if TYPE_CHECKING:
    from ._sqlite import SQLiteBackend


def _check_source(source: str) -> None:
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, got {source!r}")


class StoreWrites:
    """The write half of ``LabelStore``: every method appends events, nothing is updated."""

    if TYPE_CHECKING:  # provided by LabelStore
        _backend: SQLiteBackend
        _annotator: str
        _task: str

        def _read_task(self, task: str | None) -> str: ...

    def _row(self, e: LabelEvent, now: float) -> tuple[Any, ...]:
        """The table row for an event, with the store defaults it left open filled in."""
        return (
            e.task or self._task,
            e.item_id,
            e.value_json,
            self._annotator if e.annotator is None else e.annotator,
            now if e.created_at is None else e.created_at,
            e.seconds,
            e.source,
            e.meta_json,
        )

    def append(self, events: Iterable[LabelEvent | dict[str, Any]]) -> list[int]:
        """Append events in one transaction.

        Parameters
        ----------
        events : iterable of LabelEvent or dict
            Dicts hold ``LabelEvent`` fields (``item_id`` and ``value`` required).

        Returns
        -------
        list of int
            The new event ids, in order. They are committed when this returns.

        Raises
        ------
        TypeError, ValueError
            If any event is invalid (the message names its item); nothing is written.
        """
        checked = [coerce_event(e, i) for i, e in enumerate(events)]
        now = time.time()
        return self._backend.insert([self._row(e, now) for e in checked])

    def write(
        self,
        item_id: ItemId,
        value: Any,
        *,
        annotator: str | None = None,
        source: str = "human",
        seconds: float | None = None,
        task: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> int:
        """Record ``value`` for one item (``None`` clears it); return the event id.

        Parameters
        ----------
        item_id : int or str
            The item, kept with its type.
        value : JSON value
            A label (str, int, float, bool, list of str for multi-label, dict with str
            keys...) or None to clear, nested at most ``MAX_DEPTH`` (32) levels. Tuples and
            numpy values become lists and Python scalars; what is accepted reads back equal.
        annotator, task : str, optional
            Override the store defaults.
        source : {"human", "model", "import"}
        seconds : float, optional
            Time spent on the item, >= 0.
        meta : dict, optional
            JSON object stored with the event (same rules as ``value``).

        Raises
        ------
        TypeError
            A part of ``value``/``meta`` JSON cannot hold (set, bytes, objects...).
        ValueError
            A dict key that is not a str, NaN or infinity, an int beyond 64 bits, a string
            with a lone surrogate, or nesting deeper than ``MAX_DEPTH``. The message names
            the item and the part (``value['a'][0]``); nothing is written.
        """
        event = LabelEvent(
            task, item_id, value, annotator=annotator, source=source, seconds=seconds, meta=meta
        )
        return self.append([event])[0]

    def write_frame(
        self,
        df: pd.DataFrame,
        column: str = "label",
        *,
        source: str = "import",
        annotator: str | None = None,
        task: str | None = None,
    ) -> int:
        """Import labels from ``df[column]``, item ids from ``df.index``; all or nothing.

        Missing cells (NaN, None) are skipped.

        Returns
        -------
        int
            Number of events written.

        Raises
        ------
        KeyError
            ``column`` is missing (the available columns are listed).
        ValueError, TypeError
            Duplicate index values (named) or an invalid row (item and column named).
        """
        _check_source(source)
        events = events_from_frame(df, column, source=source, annotator=annotator, task=task)
        return len(self.append(events))

    def undo(
        self,
        item_id: ItemId,
        *,
        annotator: str | None = None,
        task: str | None = None,
        source: str = "human",
    ) -> Any:
        """Append an event restoring the item's previous value; return that value.

        A restored value keeps the source it had (a model's guess stays ``"model"``);
        ``source`` applies when the undo clears the item.

        Undo is multi-level: a second undo steps back past the label the first one
        restored (label "a", label "b", undo -> "a", undo -> None). The new event's meta is
        ``{"undo_of": <the item's newest event_id>}``. Reading and appending happen in one
        write transaction, so a concurrent writer cannot slip in between.

        Returns
        -------
        object
            The restored value (None if the item had no earlier label).

        Raises
        ------
        KeyError
            The item has no events in the task, or every label of it is already undone.
        """
        _check_source(source)
        item_id = normalize_item_id(item_id)
        task = self._read_task(task)
        with self._backend.write_transaction() as conn:
            rows = item_events(conn, task, item_id)
            if not rows:
                raise KeyError(f"item {item_id!r} has no label events in task {task!r} to undo")
            step = undo_step(rows)
            if step is None:
                raise KeyError(
                    f"item {item_id!r}: every label in task {task!r} is already "
                    "undone; nothing left to undo"
                )
            newest_id, previous, restored_source = step
            value = None if previous is None else json.loads(previous)
            event = LabelEvent(
                task,
                item_id,
                value,
                annotator=annotator,
                source=restored_source or source,
                meta={"undo_of": newest_id},
            )
            insert_rows(conn, [self._row(event, time.time())])
        return event.value

    def skip(
        self,
        item_id: ItemId,
        *,
        annotator: str | None = None,
        task: str | None = None,
        seconds: float | None = None,
        meta: dict[str, Any] | None = None,
    ) -> int:
        """Record that the user passed over an item without deciding; return the event id.

        The event (meta ``{"skip": true}``) keeps the item's current value, and ``current``,
        ``labels`` and ``undo`` ignore it: a skip is history, not a label. ``skipped`` lists
        the items skipped and still unlabeled.
        """
        item_id = normalize_item_id(item_id)
        task = self._read_task(task)
        with self._backend.write_transaction() as conn:
            rows = [row for row in item_events(conn, task, item_id) if not is_skip(row[2])]
            value = None if not rows or rows[-1][1] is None else json.loads(rows[-1][1])
            event = LabelEvent(
                task,
                item_id,
                value,
                annotator=annotator,
                seconds=seconds,
                source="human",
                meta={**(meta or {}), "skip": True},
            )
            return insert_rows(conn, [self._row(event, time.time())])[0]
