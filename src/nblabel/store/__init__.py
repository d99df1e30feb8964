"""Durable, append-only label store on SQLite with pandas in and out (``LabelStore``)."""

from __future__ import annotations

import getpass
import json
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from ._errors import StoreCorruptError, StoreError, reporting_damage
from ._events import (
    ALL_TASKS,
    SOURCES,
    ItemId,
    LabelEvent,
    coerce_event,
    is_skip,
    normalize_item_id,
    undo_step,
)
from ._frames import current_dict, events_from_frame, history_frame, labels_frame
from ._salvage import salvage
from ._sqlite import (
    CURRENT_COLUMNS,
    LATEST_COLUMNS,
    SQLiteBackend,
    insert_rows,
    item_events,
)
from ._values import MAX_DEPTH, check_text

__all__ = [
    "MAX_DEPTH",
    "SOURCES",
    "LabelEvent",
    "LabelStore",
    "StoreCorruptError",
    "StoreError",
    "salvage",
]


def _default_annotator() -> str:
    """Who is labelling: ``$NBLABEL_ANNOTATOR``, else the login name."""
    name = os.environ.get("NBLABEL_ANNOTATOR")
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name in some containers
        return "unknown"


def _check_source(source: str) -> None:
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, got {source!r}")


class LabelStore:
    """Append-only label events in one SQLite file (or in memory when ``path`` is None).

    Nothing is updated or deleted: an item's current label is its newest event in the task.
    Every write is committed (WAL, ``synchronous=FULL``) before the call returns.

    Parameters
    ----------
    path : str or Path, optional
        SQLite file, created if missing or empty. ``None`` keeps the store in memory.
        Any other file is checked before anything is written: another program's file
        is refused and left unchanged.
    annotator : str, optional
        Default annotator for writes; ``$NBLABEL_ANNOTATOR`` or the login name if omitted.
    task : str
        Default task for reads and writes. Tasks are independent label sets.

    Raises
    ------
    StoreError
        ``path`` is not an nblabel store (another program's file, a non-SQLite file) or was
        written by a newer nblabel; the file is not changed.
    StoreCorruptError
        The file is a damaged store. Reads raise it too when they meet damage; see
        ``salvage``.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        annotator: str | None = None,
        task: str = "default",
    ) -> None:
        if not isinstance(task, str) or not task or task == ALL_TASKS:
            raise ValueError(f"task must be a non-empty str other than {ALL_TASKS!r}, got {task!r}")
        if annotator is not None and not isinstance(annotator, str):
            raise TypeError(f"annotator must be a str or None, got {annotator!r}")
        annotator = annotator if annotator is not None else _default_annotator()
        self._annotator = check_text(annotator, "LabelStore", "annotator")
        self._task = check_text(task, "LabelStore", "task")
        self._backend = SQLiteBackend(None if path is None else Path(path))

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for an in-memory store."""
        return self._backend.path

    @property
    def annotator(self) -> str:
        """Annotator recorded when a write names none."""
        return self._annotator

    @property
    def task(self) -> str:
        """Task used when a call names none."""
        return self._task

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

    def skipped(self, task: str | None = None) -> list[ItemId]:
        """Items whose newest event is a skip and that have no current label (ints, then strs)."""
        skipped = self.current_and_skipped(task)[1]
        return sorted(skipped, key=lambda i: (isinstance(i, str), i))

    def current_and_skipped(
        self, task: str | None = None
    ) -> tuple[dict[ItemId, Any], list[ItemId]]:
        """``current()`` and ``skipped()`` in one pass, as a labeler needs them when it opens."""
        rows, skipped = self._backend.newest(CURRENT_COLUMNS, self._read_task(task))
        with reporting_damage(self.path):
            return current_dict(rows), skipped

    def _read_task(self, task: str | None) -> str:
        if task is None:
            return self._task
        if not isinstance(task, str) or not task or task == ALL_TASKS:
            raise ValueError(
                f"task must be a non-empty str ({ALL_TASKS!r} only in history()), got {task!r}"
            )
        return check_text(task, "task", "name")

    def current(self, task: str | None = None) -> dict[ItemId, Any]:
        """Map item id -> current value for the task; cleared items are left out."""
        rows, _ = self._backend.newest(CURRENT_COLUMNS, self._read_task(task))
        with reporting_damage(self.path):
            return current_dict(rows)

    def labels(self, task: str | None = None) -> pd.DataFrame:
        """Current label per item, one row each, ordered by when it was last set.

        Returns
        -------
        DataFrame
            Index ``item_id`` (original ids); columns label (object: decoded JSON),
            annotator, source, created_at (datetime64 UTC), seconds, event_id.
        """
        rows, _ = self._backend.newest(LATEST_COLUMNS, self._read_task(task))
        with reporting_damage(self.path):
            return labels_frame(rows)

    def history(self, task: str | None = None, item_id: ItemId | None = None) -> pd.DataFrame:
        """Every event, oldest first; ``task="*"`` spans all tasks.

        Returns
        -------
        DataFrame
            Columns event_id, task, item_id, label, annotator, source, created_at, seconds,
            meta (dict or None), on a RangeIndex.
        """
        task = None if task == ALL_TASKS else self._read_task(task)
        with_item = item_id is not None
        item = normalize_item_id(item_id) if with_item else None
        rows = self._backend.history(task, item, with_item=with_item)
        with reporting_damage(self.path):
            return history_frame(rows)

    def export(
        self,
        path: str | os.PathLike[str],
        *,
        format: str | None = None,
        task: str | None = None,
        history: bool = False,
    ) -> Path:
        """Write current labels (or the full history) to .csv, .jsonl or .parquet.

        Returns
        -------
        Path
            The file written.
        """
        from nblabel.io.tables import export_frame

        frame = self.history(task) if history else self.labels(task).reset_index()
        return export_frame(frame, path, format=format)

    def tasks(self) -> list[str]:
        """Names of the tasks that have events, sorted."""
        return self._backend.tasks()

    def __len__(self) -> int:
        return self._backend.count()

    def close(self) -> None:
        """Close the connection; idempotent."""
        self._backend.close()

    def __enter__(self) -> LabelStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = ":memory:" if self.path is None else str(self.path)
        if self._backend.closed:
            return f"LabelStore({where!r}, closed)"
        return f"LabelStore({where!r}, task={self._task!r}, events={len(self)})"
