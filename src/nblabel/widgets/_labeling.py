"""The core messages of labeling: ``hello``, ``need``, ``poll``, ``label`` and ``undo``.

A mixin of ``_BaseLabeler`` (``widgets/_base.py``), kept apart so each module stays small: the
core owns the queue, the progress and the store link, and these handlers only use them. Skips,
filters and go-to are the session's (``_session.py``); a task's own messages are the task's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from nblabel.widgets import _protocol as protocol
from nblabel.widgets._session import item_seconds
from nblabel.widgets._undo import newest_own_label

if TYPE_CHECKING:
    from nblabel.store import LabelStore
    from nblabel.widgets._driving import ItemId
    from nblabel.widgets._progress import Progress
    from nblabel.widgets._queue import Queue
    from nblabel.widgets._task import Task

#: Items sent with the reply to ``hello`` when the browser does not say how many it wants.
FIRST_WINDOW = 8


class LabelMessages:
    """Answer the browser's greeting and window requests; store its labels and undos."""

    if TYPE_CHECKING:  # provided by _BaseLabeler
        store: LabelStore
        task: str
        _task: Task
        _queue: Queue
        _progress: Progress

        def _start(self) -> int: ...
        def _has(self, item_id: Any) -> bool: ...
        def _entries(
            self, start: int, count: int
        ) -> Iterable[tuple[dict[str, Any], bytes | None]]: ...
        def _update(self, values: Mapping[ItemId, Any]) -> None: ...
        def _notify(self, item_id: ItemId, value: Any, source: str) -> None: ...

    def _on_hello(self, msg: dict[str, Any]) -> protocol.Reply:
        start = self._start()
        self._queue.shown(start)
        count = msg.get("count", FIRST_WINDOW)
        return protocol.state(
            version=self._queue.version,
            total=len(self._queue),
            start=start,
            window=self._entries(start, count),
        )

    def _on_need(self, msg: dict[str, Any]) -> protocol.Reply:
        return protocol.items(self._queue.version, self._entries(msg["start"], msg["count"]))

    def _on_poll(self, _msg: dict[str, Any]) -> protocol.Reply:
        return protocol.pong(), []  # the inbox was drained on arrival; news went out before this

    def _on_label(self, msg: dict[str, Any]) -> protocol.Reply:
        item_id = msg["id"]
        self._task.row_of(item_id)  # labels name their item by id: a reorder cannot misroute
        value = self._task.check(msg["value"], item_id)
        seconds = item_seconds(msg)
        meta = _suggestion_meta(msg.get("suggestion"), value, bool(msg.get("suggested")))
        extra = self._task.meta(value, item_id, self._progress.get(item_id))
        if extra:
            meta = {**(meta or {}), **extra}
        self.store.write(item_id, value, task=self.task, seconds=seconds, source="human", meta=meta)
        self._update({item_id: value})
        self._notify(item_id, value, "human")
        return protocol.ack(msg["seq"], msg["pos"], item_id, value), []

    def _on_undo(self, msg: dict[str, Any]) -> protocol.Reply:
        """Undo the item named, or (after a restart, when the browser has no undo stack)
        this annotator's newest label in this task."""
        item_id = msg.get("id")
        if item_id is None:
            item_id = newest_own_label(self.store, self.task, self.store.annotator, self._has)
            if item_id is None:
                raise LookupError("nothing to undo: none of your labels here is left to undo")
            pos = self._queue.position(self._task.row_of(item_id)) or 0  # None: filtered out
        else:
            self._task.row_of(item_id)
            pos = msg.get("pos", 0)
        value = self.store.undo(item_id, task=self.task)
        self._update({item_id: value})
        source = self.store.history(task=self.task, item_id=item_id)["source"].iloc[-1]
        self._notify(item_id, value, source)
        return protocol.ack(msg["seq"], pos, item_id, value), []


def _suggestion_meta(shown: Any, value: Any, accepted: bool) -> dict[str, Any] | None:
    """What the browser showed as the model's guess, and whether the user took it.

    The browser echoes the suggestion it displayed: the model may have changed since.
    """
    if not isinstance(shown, dict) or "label" not in shown:
        return None
    return {
        "suggestion": shown["label"],
        "confidence": shown.get("confidence"),
        "accepted": accepted and value == shown["label"],
    }
