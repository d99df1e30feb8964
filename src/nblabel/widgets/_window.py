"""What the browser's prefetch window holds: queue positions as item entries, and where a
session resumes.

A mixin of ``_BaseLabeler`` (``widgets/_base.py``), kept apart so each module stays small: the
core messages (``_labeling.py``) and the session's (``_session.py``) both send windows, and
both build them here from the queue, the task's payloads, the current values and suggestions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from nblabel.widgets import _protocol as protocol

if TYPE_CHECKING:
    from nblabel.widgets._driving import Suggester
    from nblabel.widgets._progress import Progress
    from nblabel.widgets._queue import Queue
    from nblabel.widgets._task import Task

#: Queue positions looked at per step while finding where a session resumes.
START_CHUNK = 1024


class ItemWindow:
    """Entries for a range of queue positions, and the first open position."""

    if TYPE_CHECKING:  # provided by _BaseLabeler
        _task: Task
        _queue: Queue
        _progress: Progress
        _suggester: Suggester | None

    def _entries(self, start: int, count: int) -> Iterable[tuple[dict[str, Any], bytes | None]]:
        stop = min(start + min(count, protocol.MAX_ITEMS_PER_MESSAGE), len(self._queue))
        return (self._entry(pos) for pos in range(start, stop))

    def _entry(self, pos: int) -> tuple[dict[str, Any], bytes | None]:
        row = self._queue.row(pos)
        item_id = self._task.ids[row]
        try:
            header, data = self._task.payload(row)
        except Exception as exc:  # one unreadable item must not stop the others
            header, data = {"type": "error", "message": str(exc)}, None
        header = {**header, "pos": pos, "id": item_id, "label": self._progress.get(item_id)}
        suggestion = self._suggester(item_id) if self._suggester else None
        if suggestion is not None:
            header["suggestion"] = suggestion
        return header, data

    def _start(self) -> int:
        """The first queue position whose item is open: where a restarted session resumes."""
        ids, is_open, current = self._task.ids, self._task.is_open, self._progress.get
        rows = self._queue.rows()
        # In chunks: a fresh session finds its start in the first one, whatever the queue's size.
        for start in range(0, len(rows), START_CHUNK):
            for pos, row in enumerate(rows[start : start + START_CHUNK].tolist(), start):
                if is_open(ids[row], current(ids[row])):
                    return pos
        return len(self._queue)
