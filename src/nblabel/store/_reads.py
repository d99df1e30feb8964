"""How ``LabelStore`` reads events back: current values, skips, DataFrames, exports.

A mixin of ``LabelStore`` (``store/__init__.py``), kept apart so each module stays small: the
store owns the backend and its default task, and these methods only use them. Damage met while
decoding rows is raised as ``StoreCorruptError`` naming the file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ._errors import reporting_damage
from ._events import ALL_TASKS, ItemId, normalize_item_id
from ._frames import current_dict, history_frame, labels_frame
from ._sqlite import CURRENT_COLUMNS, LATEST_COLUMNS

if TYPE_CHECKING:
    from ._sqlite import SQLiteBackend


class StoreReads:
    """The read half of ``LabelStore``: current values, history and exports of a task."""

    if TYPE_CHECKING:  # provided by LabelStore
        _backend: SQLiteBackend

        @property
        def path(self) -> Path | None: ...
        def _read_task(self, task: str | None) -> str: ...

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
