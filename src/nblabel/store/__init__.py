"""Durable, append-only label store on SQLite with pandas in and out (``LabelStore``).

``LabelStore`` owns the file and its defaults; what it writes is in ``_writes.py`` and what it
reads back in ``_reads.py``.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from ._errors import StoreCorruptError, StoreError
from ._events import ALL_TASKS, SOURCES, LabelEvent
from ._reads import StoreReads
from ._salvage import salvage
from ._sqlite import SQLiteBackend
from ._values import MAX_DEPTH, check_text
from ._writes import StoreWrites

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


class LabelStore(StoreWrites, StoreReads):
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

    def _read_task(self, task: str | None) -> str:
        if task is None:
            return self._task
        if not isinstance(task, str) or not task or task == ALL_TASKS:
            raise ValueError(
                f"task must be a non-empty str ({ALL_TASKS!r} only in history()), got {task!r}"
            )
        return check_text(task, "task", "name")

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
