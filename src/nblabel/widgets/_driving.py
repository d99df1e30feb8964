"""The public interface for whatever drives a labeler from Python (an active loop, a review).

A mixin of ``_BaseLabeler`` (``widgets/_base.py``), kept apart so each module stays small and the
driving surface is in one place: a driver reads ids, order and values, listens for labels,
attaches a suggester, writes a model's labels, reorders the queue and hands over background
results, through these methods only and never through the labeler's private members.
"""

from __future__ import annotations

import logging
import queue
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from nblabel.store import LabelEvent
from nblabel.widgets import _protocol as protocol

if TYPE_CHECKING:
    from nblabel.store import LabelStore
    from nblabel.widgets._progress import Progress
    from nblabel.widgets._queue import Queue
    from nblabel.widgets._task import Task

log = logging.getLogger("nblabel")

ItemId = int | str
#: Observer of label changes: (item id, value now, source of that value).
Observer = Callable[[ItemId, Any, str], None]
#: The model's guess for an item: ``{"label", "confidence"}``, or None.
Suggester = Callable[[ItemId], dict[str, Any] | None]


class Driving:
    """Ids, order, values, observers, suggestions, model labels, reorders, background news."""

    if TYPE_CHECKING:  # provided by _BaseLabeler and anywidget
        store: LabelStore
        task: str
        _task: Task
        _queue: Queue
        _progress: Progress
        _inbox: queue.SimpleQueue[Callable[[], None]]
        _observers: list[Observer]
        _suggester: Suggester | None

        def send(self, content: Any, buffers: Any = None) -> None: ...
        def _bind_keys(self) -> None: ...
        def _update(self, values: Mapping[ItemId, Any]) -> None: ...

    @property
    def item_ids(self) -> list[ItemId]:
        """Item ids in the DataFrame's order (row ``i`` is ``item_ids[i]``); do not modify."""
        return self._task.ids

    def row_of(self, item_id: ItemId) -> int:
        """The DataFrame row of ``item_id``; KeyError naming it if it is not an item here."""
        return self._task.row_of(item_id)

    def queue_ids(self, start: int = 0, stop: int | None = None) -> list[ItemId]:
        """Item ids in the order the user meets them, from queue position ``start``."""
        ids = self._task.ids
        return [ids[r] for r in self._queue.rows(start, stop).tolist()]

    def shown_ids(self) -> set[ItemId]:
        """Items the user may have seen (a reorder leaves them in place)."""
        ids = self._task.ids
        return {ids[r] for r in self._queue.rows(0, self._queue.shown_count()).tolist()}

    def current(self, item_id: ItemId) -> Any:
        """The item's current value (None when unlabeled)."""
        return self._progress.get(item_id)

    def labeled_ids(self) -> set[ItemId]:
        """Items with a current value."""
        return self._progress.ids()

    def on_label(self, observer: Observer) -> Callable[[], None]:
        """Call ``observer(item_id, value, source)`` after each label or undo is stored.

        Returns a function that stops the calls.
        """
        self._observers.append(observer)
        return lambda: self._observers.remove(observer) if observer in self._observers else None

    def suggest_with(self, suggester: Suggester | None) -> None:
        """Show ``suggester(item_id)``'s guess with each item, and bind the accept key to it.

        ``None`` stops suggestions and frees the key. Raises ValueError when labels hold
        every key the accept action could take.
        """
        previous, self._suggester = self._suggester, suggester
        try:
            self._bind_keys()
        except ValueError:
            self._suggester = previous
            raise

    def write_model_labels(
        self,
        values: Mapping[ItemId, Any],
        *,
        annotator: str,
        meta: Mapping[ItemId, dict[str, Any]] | None = None,
    ) -> None:
        """Store a model's labels (source ``"model"``) in one transaction; progress follows.

        Observers are not called: the caller is the model.
        """
        checked = {item_id: self._task.check(v, item_id) for item_id, v in values.items()}
        events = [
            LabelEvent(
                self.task,
                item_id,
                value,
                annotator=annotator,
                source="model",
                meta=None if meta is None else meta.get(item_id),
            )
            for item_id, value in checked.items()
        ]
        self.store.append(events)
        self._update(checked)

    def reorder(self, item_ids: Iterable[ItemId]) -> None:
        """Put these items next, in this order; items the user may have seen keep their places."""
        rows = np.fromiter((self._task.row_of(i) for i in item_ids), dtype=np.intp)
        self.reorder_rows(rows)

    def reorder_rows(self, rows: Sequence[int] | np.ndarray) -> None:
        """``reorder`` by DataFrame rows: cheaper for a model that ranks a million rows."""
        start = self._queue.reorder(rows)
        if start is None:  # a filter shows its own subset; the new order waits behind it
            return
        self.send(
            protocol.reorder(version=self._queue.version, start=start, total=len(self._queue))
        )

    def call_soon(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` on the kernel's main thread at the next browser message.

        Background threads must not touch traits or send comm messages themselves (ipykernel 6
        and 7 differ there); the browser polls while ``background`` so news is never stuck.
        """
        self._inbox.put(fn)

    def run_pending(self) -> None:
        """Run what ``call_soon`` queued, now (from the kernel's main thread: scripts, tests)."""
        while True:
            try:
                fn = self._inbox.get_nowait()
            except queue.Empty:
                return
            try:
                fn()
            except Exception as exc:  # a failing update must not block the labels behind it
                log.debug("nblabel background update failed", exc_info=True)
                self.send(protocol.error(f"background update failed: {exc}"))
