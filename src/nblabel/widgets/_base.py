"""The shared labeling core: queue, prefetch window, acks, undo, progress, resume, store link.

It knows nothing about what a value is: a ``Task`` (``widgets/_task.py``) says that. Whatever
drives a labeler from Python (an active-learning loop, a review) uses the public methods in
the "driving" section below.
"""

from __future__ import annotations

import logging
import os
import queue
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeGuard

import anywidget
import numpy as np
import traitlets as t

from nblabel._static import bundle_path
from nblabel.store import LabelEvent, LabelStore
from nblabel.widgets import _protocol as protocol
from nblabel.widgets._args import check_instructions, open_store
from nblabel.widgets._keys import ACCEPT, CORE_ACTIONS, build_keymap
from nblabel.widgets._progress import Progress
from nblabel.widgets._queue import Queue
from nblabel.widgets._session import SessionMessages, item_seconds
from nblabel.widgets._task import Handler, Task
from nblabel.widgets._undo import newest_own_label

log = logging.getLogger("nblabel")

ItemId = int | str
#: Observer of label changes: (item id, value now, source of that value).
Observer = Callable[[ItemId, Any, str], None]
#: The model's guess for an item: ``{"label", "confidence"}``, or None.
Suggester = Callable[[ItemId], dict[str, Any] | None]
#: Queue positions looked at per step while finding where a session resumes.
START_CHUNK = 1024
#: Items sent with the reply to ``hello`` when the browser does not say how many it wants.
FIRST_WINDOW = 8


class _BaseLabeler(SessionMessages, anywidget.AnyWidget):
    """Serve a task's items to the browser and write what comes back to a store."""

    _esm = bundle_path("nblabel.js")
    _css = bundle_path("nblabel.css")
    _view = t.Unicode("").tag(sync=True)
    _done_word = t.Unicode("labeled").tag(sync=True)
    """What the progress line calls a done item (the task's ``done_word``)."""
    """The task's browser module (``js/tasks/<name>.ts``); an unknown name shows an error."""

    labels = t.List(t.Unicode(), read_only=True).tag(sync=True)
    """The label names, in the order their keys and buttons show."""
    keymap = t.List(t.Dict(), read_only=True).tag(sync=True)
    """Every key and its action (``{"key", "action", "help", "arg"?}``): the only keymap."""
    instructions = t.Unicode("").tag(sync=True)
    """Guidance shown above the item (plain text; never interpreted as HTML)."""
    total = t.Int(0, read_only=True).tag(sync=True)
    """How many items the queue holds."""
    done = t.Int(0, read_only=True).tag(sync=True)
    """How many of them have a current label in the store."""
    counts = t.Dict(read_only=True).tag(sync=True)
    """Current number of items per label."""
    model_status = t.Unicode("").tag(sync=True)
    """One line about the attached model (active learning), shown in the status bar."""
    background = t.Bool(False).tag(sync=True)
    """Whether background work (a retraining model) may have news: the browser then polls."""
    skipped = t.Int(0, read_only=True).tag(sync=True)
    """How many items were skipped and are still unlabeled (``store.skipped()``)."""
    view_filter = t.Unicode("", read_only=True).tag(sync=True)
    """The filter the queue shows ("" for none), named for the status line."""
    suggest_above = t.Float(0.0).tag(sync=True)
    """Suggestions less confident than this are not shown (0: all are shown)."""

    def __init__(
        self,
        task: Task,
        labels: Sequence[str],
        *,
        store: LabelStore | str | os.PathLike[str] | None,
        task_name: str | None,
        instructions: str | None,
    ) -> None:
        instructions = check_instructions(instructions)
        super().__init__()
        self.store = open_store(store)
        self.task = task_name or self.store.task
        self._task = task
        self._queue = Queue(len(task))
        self._progress = Progress(labels, task.tally)
        self._inbox: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._observers: list[Observer] = []
        self._suggester: Suggester | None = None
        self._skipped: set[ItemId] = set()
        self._handlers: dict[str, tuple[protocol.MessageSpec, Handler]] = {
            spec.kind: (spec, getattr(self, f"_on_{spec.kind}")) for spec in protocol.CORE
        }
        for spec, handler in task.handlers().items():
            self._handlers[spec.kind] = (spec, handler)
        self._specs = {kind: spec for kind, (spec, _) in self._handlers.items()}
        self._view = task.name
        self._done_word = task.done_word
        self.set_trait("labels", list(labels))
        self.set_trait("total", len(task))
        self.instructions = instructions
        self._bind_keys()
        stored, skipped = self.store.current_and_skipped(task=self.task)
        self._update(stored and {k: v for k, v in stored.items() if self._has(k)})
        self._skipped = {i for i in skipped if self._has(i)}
        self.set_trait("skipped", len(self._skipped))
        self.on_msg(self._on_message)

    # -- driving: the public interface for whatever drives a labeler -----------------------

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

    # -- messages -------------------------------------------------------------------------

    def _on_message(self, _widget: Any, content: Any, _buffers: list[bytes]) -> None:
        """Dispatch one browser message; failures go back as ``error`` messages, not tracebacks.

        Background results (``call_soon``) are applied first, once the message has said where
        the user is, so a reorder never moves an item the user is looking at.
        """
        try:
            msg = protocol.parse(content, self._specs)
        except protocol.ProtocolError as exc:
            self.run_pending()
            self._report(exc, content)
            return
        # Where the user is: `pos` on labels and polls, `at` on `need` (whose `start` is ahead).
        shown = msg.get("pos", msg.get("at"))
        if shown is not None:
            self._queue.shown(shown)
        self.run_pending()
        try:
            reply = self._handlers[msg["kind"]][1](msg)
            if reply is not None:
                self.send(*reply)
        except Exception as exc:  # reported to the browser, which shows it next to the item
            self._report(exc, content)

    def _report(self, exc: Exception, content: Any) -> None:
        log.debug("nblabel could not handle %r", content, exc_info=True)
        where = content if isinstance(content, dict) else {}
        item_id = where.get("id")
        extra = {"current": self._progress.get(item_id)} if self._has(item_id) else {}
        self.send(
            protocol.error(
                str(exc), seq=where.get("seq"), pos=where.get("pos"), item_id=item_id, **extra
            )
        )

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

    # -- queue and progress ---------------------------------------------------------------

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

    def _has(self, item_id: object) -> TypeGuard[ItemId]:
        if isinstance(item_id, bool) or not isinstance(item_id, (int, str)):
            return False
        try:
            self._task.row_of(item_id)
        except (KeyError, TypeError):
            return False
        return True

    def _update(self, values: Mapping[ItemId, Any]) -> None:
        """Record new current values (None clears); one trait update per batch."""
        self._progress.update(values)
        if self._skipped and not self._skipped.isdisjoint(values):
            self._skipped.difference_update(values)  # labeled (or undone) since the skip
            self.set_trait("skipped", len(self._skipped))
        self.set_trait("counts", dict(self._progress.counts))
        self.set_trait("done", len(self._progress))

    def _refresh(self, item_ids: Iterable[ItemId]) -> None:
        """Items changed from Python: the browser fetches them again wherever it holds them."""
        ids = list(item_ids)
        if ids:
            self.send(protocol.refresh(ids))

    def _notify(self, item_id: ItemId, value: Any, source: str) -> None:
        for observer in list(self._observers):
            observer(item_id, value, source)

    def _bind_keys(self) -> None:
        accept = [ACCEPT] if self._suggester is not None else []
        self.set_trait("keymap", build_keymap([*self._task.actions(), *CORE_ACTIONS, *accept]))


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
