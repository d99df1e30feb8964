"""The core messages of a session beyond labeling: skips, filters and go-to.

A mixin of ``_BaseLabeler`` (``widgets/_base.py``), kept apart so each module stays small: the
core owns the queue and the store link, and these handlers only use them. Filters and look-ups
are plain functions in ``_finder.py``; the ``Queue`` stays the one owner of order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from nblabel.widgets import _finder as finder
from nblabel.widgets import _protocol as protocol

if TYPE_CHECKING:
    from nblabel.store import LabelStore
    from nblabel.widgets._progress import Progress
    from nblabel.widgets._queue import Queue
    from nblabel.widgets._task import Task

ItemId = int | str
#: Items sent with a new subset of the queue, like the reply to ``hello``.
FIRST_WINDOW = 8


class SessionMessages:
    """``skip``, ``filter`` and ``find``: what a user does besides labeling, answered here."""

    if TYPE_CHECKING:  # provided by _BaseLabeler and traitlets
        store: LabelStore
        task: str
        _task: Task
        _queue: Queue
        _progress: Progress
        _skipped: set[ItemId]
        _suggester: Callable[[ItemId], dict[str, Any] | None] | None

        def set_trait(self, name: str, value: Any) -> None: ...
        def _start(self) -> int: ...
        def _has(self, item_id: Any) -> bool: ...
        def _entries(
            self, start: int, count: int
        ) -> Iterable[tuple[dict[str, Any], bytes | None]]: ...

    def _on_skip(self, msg: dict[str, Any]) -> protocol.Reply:
        """Record a skip event: the item keeps its value, and counts as skipped until labeled."""
        item_id = msg["id"]
        self._task.row_of(item_id)
        self.store.skip(item_id, task=self.task, seconds=item_seconds(msg))
        if self._progress.get(item_id) is None:
            self._skipped.add(item_id)
            self.set_trait("skipped", len(self._skipped))
        return protocol.ack(msg["seq"], msg["pos"], item_id, self._progress.get(item_id)), []

    def _on_filter(self, msg: dict[str, Any]) -> protocol.Reply:
        """Show a subset of the queue (or all of it again); nothing is written to the store."""
        name, label = msg["name"], msg.get("label")
        mask = finder.filter_mask(
            name,
            self._task.ids,
            self._progress.get,
            is_open=self._task.is_open,
            tally=self._task.tally,
            skipped=self._skipped,
            suggest=self._suggester,
            label=label,
        )
        self._queue.filter(mask)
        self.set_trait("view_filter", finder.describe(name, label))
        return self._subset(msg.get("id"))

    def _on_find(self, msg: dict[str, Any]) -> protocol.Reply:
        """Where an item is: by id or position (``query``), or the next skipped one."""
        if msg.get("skipped"):
            return self._find_skipped(msg.get("at", 0))
        try:
            kind, where = finder.resolve(str(msg.get("query", "")), self._task.row_of)
        except LookupError as exc:  # a key that found nothing: a notice, not an error
            return protocol.notice(str(exc.args[0])), []
        if kind == "pos":
            if not 0 <= where < len(self._queue):
                return protocol.notice(f"no position {where + 1}: {len(self._queue)} here"), []
            return protocol.found(where, self._task.ids[self._queue.row(where)]), []
        item_id = self._task.ids[where]
        pos = self._queue.position(where)
        if pos is None:  # the filter hides it: lift the filter and show it
            return self._unfiltered(item_id)
        return protocol.found(pos, item_id), []

    def _find_skipped(self, at: int) -> protocol.Reply:
        if not self._skipped:
            return protocol.notice("no skipped items"), []
        rows = np.fromiter((self._task.row_of(i) for i in self._skipped), dtype=np.intp)
        pos = finder.next_position(self._queue.positions(rows), at)
        if pos is None:
            return self._unfiltered(self._task.ids[int(rows.min())])
        return protocol.found(pos, self._task.ids[self._queue.row(pos)]), []

    def _unfiltered(self, item_id: ItemId) -> protocol.Reply:
        self._queue.filter(None)
        self.set_trait("view_filter", "")
        return self._subset(item_id)

    def _subset(self, item_id: ItemId | None) -> protocol.Reply:
        """The new subset, starting at ``item_id`` when it is in it, else its first open item."""
        pos = (
            self._queue.position(self._task.row_of(item_id))
            if item_id is not None and self._has(item_id)
            else None
        )
        start = self._start() if pos is None else pos
        start = 0 if start >= len(self._queue) else start
        self._queue.shown(start)
        window = self._entries(start, FIRST_WINDOW)
        return protocol.view(
            version=self._queue.version, total=len(self._queue), start=start, window=window
        )


def item_seconds(msg: dict[str, Any]) -> float | None:
    """Time on the item the browser measured (focused and visible), if it says."""
    seconds = msg.get("seconds")
    return float(seconds) if isinstance(seconds, (int, float)) and seconds >= 0 else None
