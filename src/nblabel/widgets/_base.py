"""Shared widget machinery: traits every labeler has, message dispatch, acks, store link."""

from __future__ import annotations

import logging
import queue
from collections.abc import Callable
from typing import Any

import anywidget
import traitlets as t

from nblabel._static import bundle_path
from nblabel.items import ItemSource
from nblabel.store import LabelStore
from nblabel.widgets import _protocol as protocol

log = logging.getLogger("nblabel")


class _BaseLabeler(anywidget.AnyWidget):
    """Serve a queue of items to the browser and write what comes back to a store.

    Subclasses say how a label value is checked (``_check_value``); everything else, the
    window of items, acks, undo and progress, is shared.
    """

    _esm = bundle_path("nblabel.js")
    _css = bundle_path("nblabel.css")
    _view = t.Unicode("classify").tag(sync=True)

    labels = t.List(t.Unicode(), read_only=True).tag(sync=True)
    """The label names, in the order their keys and buttons show."""
    label_keys = t.List(t.Unicode(), read_only=True).tag(sync=True)
    """One key per label (``keys`` is taken by ipywidgets for the synced trait names)."""
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
    _live = t.Bool(False).tag(sync=True)
    """Whether the browser polls for news from background work (set by an active loop)."""

    #: Items kept between where the browser has been and a reordered tail: they may be on screen.
    REORDER_MARGIN = 3

    def __init__(
        self,
        source: ItemSource,
        labels: list[str],
        keys: list[str],
        store: LabelStore | None,
        *,
        task: str | None,
        instructions: str | None,
    ) -> None:
        super().__init__()
        self.store = store if store is not None else LabelStore()
        self.task = task or self.store.task
        self._source = source
        self._queue = list(range(len(source)))
        self._row_of = {item_id: row for row, item_id in enumerate(source.ids)}
        self._version = 0
        self._frontier = -1  # furthest queue position the browser has shown
        self._inbox: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._label_observers: list[Callable[[int | str, Any, str], None]] = []
        self._suggest: Callable[[int], dict[str, Any] | None] | None = None
        self._current: dict[int | str, Any] = {}
        self.set_trait("labels", labels)
        self.set_trait("label_keys", keys)
        self.set_trait("total", len(self._queue))
        self.set_trait("counts", dict.fromkeys(labels, 0))
        self.instructions = instructions or ""
        stored = self.store.current(task=self.task)
        self._set_many({k: v for k, v in stored.items() if k in self._row_of})
        self.on_msg(self._on_message)

    # -- messages -------------------------------------------------------------------------

    def _on_message(self, _widget: Any, content: Any, _buffers: list[bytes]) -> None:
        """Dispatch one browser message; failures go back as ``error`` messages, not tracebacks.

        Background results (``call_soon``) are applied first, once the message has said where
        the user is, so a reorder never moves an item the user is looking at.
        """
        try:
            msg = protocol.parse(content)
        except protocol.ProtocolError as exc:
            self._drain_inbox()
            self._report(exc, content)
            return
        # Where the user is: `pos` on labels and polls, `at` on `need` (whose `start` is ahead).
        # A `hello` shows nothing until its reply: `_on_hello` moves the frontier then.
        shown = msg.get("pos", msg.get("at"))
        if shown is not None:
            self._frontier = max(self._frontier, shown)
        self._drain_inbox()
        try:
            getattr(self, f"_on_{msg['kind']}")(msg)
        except Exception as exc:  # reported to the browser, which shows it next to the item
            self._report(exc, content)

    def _report(self, exc: Exception, content: Any) -> None:
        log.debug("nblabel could not handle %r", content, exc_info=True)
        where = content if isinstance(content, dict) else {}
        self.send(
            protocol.error(
                str(exc),
                seq=where.get("seq"),
                pos=where.get("pos"),
                item_id=where.get("id"),
            )
        )

    def _on_hello(self, _msg: dict[str, Any]) -> None:
        start = self._start()
        self._frontier = max(self._frontier, start)
        self.send(protocol.state(version=self._version, total=len(self._queue), start=start))

    def _on_need(self, msg: dict[str, Any]) -> None:
        start = msg["start"]
        stop = min(start + min(msg["count"], protocol.MAX_ITEMS_PER_MESSAGE), len(self._queue))
        content, buffers = protocol.items(
            self._version, (self._entry(p) for p in range(start, stop))
        )
        self.send(content, buffers)

    def _on_poll(self, _msg: dict[str, Any]) -> None:
        self.send(protocol.pong())  # the inbox was drained on arrival; news went out before this

    def _on_label(self, msg: dict[str, Any]) -> None:
        item_id = self._require_id(msg["id"])
        value = self._check_value(msg["value"], item_id)
        seconds = msg.get("seconds")
        seconds = float(seconds) if isinstance(seconds, (int, float)) and seconds >= 0 else None
        meta = _suggestion_meta(msg.get("suggestion"), value, bool(msg.get("suggested")))
        self.store.write(item_id, value, task=self.task, seconds=seconds, source="human", meta=meta)
        self._set_current(item_id, value)
        self.send(protocol.ack(msg["seq"], msg["pos"], value))
        self._notify(item_id, value, "human")

    def _on_undo(self, msg: dict[str, Any]) -> None:
        item_id = self._require_id(msg["id"])
        value = self.store.undo(item_id, task=self.task)
        self._set_current(item_id, value)
        self.send(protocol.ack(msg["seq"], msg["pos"], value))
        source = self.store.history(task=self.task, item_id=item_id)["source"].iloc[-1]
        self._notify(item_id, value, source)

    def _notify(self, item_id: int | str, value: Any, source: str) -> None:
        """Tell observers (an active loop) an item's current value and where it came from."""
        for observer in self._label_observers:
            observer(item_id, value, source)

    # -- hooks for background work (active learning) --------------------------------------

    def call_soon(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` on the kernel's main thread at the next browser message.

        Background threads must not touch traits or send comm messages themselves (ipykernel 6
        and 7 differ there); the browser polls while ``_live`` so news is never stuck for long.
        """
        self._inbox.put(fn)

    def _drain_inbox(self) -> None:
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

    def reorder(self, rows: list[int]) -> None:
        """Put ``rows`` (positions in the user's DataFrame) next in the queue, in this order.

        Items the browser has already reached keep their places; the rest of the queue follows
        ``rows`` and then the remaining items in their old order.
        """
        keep = self._shown_count()
        head = self._queue[:keep]
        placed = set(head)
        first = [r for r in dict.fromkeys(rows) if r not in placed and 0 <= r < len(self._source)]
        chosen = set(first)
        self._queue = head + first + [r for r in self._queue[keep:] if r not in chosen]
        self._version += 1
        self.send(protocol.reorder(version=self._version, start=keep, total=len(self._queue)))

    def _shown_count(self) -> int:
        """Queue positions the user may have seen (plus a margin): a reorder leaves them alone."""
        if self._frontier < 0:  # before any browser message, nothing is on screen yet
            return 0
        return min(len(self._queue), self._frontier + 1 + self.REORDER_MARGIN)

    def shown_rows(self) -> set[int]:
        """Rows (DataFrame positions) at queue positions the user may have seen."""
        return set(self._queue[: self._shown_count()])

    # -- queue and progress ---------------------------------------------------------------

    def _entry(self, pos: int) -> tuple[dict[str, Any], bytes | None]:
        row = self._queue[pos]
        item_id = self._source.ids[row]
        try:
            header, data = self._source.payload(row)
        except Exception as exc:  # one unreadable item must not stop the others
            header, data = {"type": "error", "message": str(exc)}, None
        header = {**header, "pos": pos, "id": item_id, "label": self._current.get(item_id)}
        suggestion = self._suggest(row) if self._suggest else None
        if suggestion is not None:
            header["suggestion"] = suggestion
        return header, data

    def _start(self) -> int:
        """The first queue position without a label: where a restarted session resumes."""
        for pos, row in enumerate(self._queue):
            if self._source.ids[row] not in self._current:
                return pos
        return len(self._queue)

    def _require_id(self, item_id: int | str) -> int | str:
        """Labels name their item by id, so a reordered queue can never misroute them."""
        if item_id not in self._row_of:
            raise KeyError(f"item {item_id!r} is not among this labeler's {len(self._queue)} items")
        return item_id

    def _set_current(self, item_id: int | str, value: Any) -> None:
        self._set_many({item_id: value})

    def _set_many(self, values: dict[int | str, Any]) -> None:
        """Record new current values (None clears) and update progress incrementally.

        Per label this is O(1), not a recount of every labeled item, and one batch sends one
        trait update whatever its size.
        """
        counts = dict(self.counts)
        for item_id, value in values.items():
            for label in _as_labels(self._current.pop(item_id, None)):
                if label in counts:
                    counts[label] -= 1
            if value is not None:
                self._current[item_id] = value
            for label in _as_labels(value):
                if label in counts:
                    counts[label] += 1
        self.set_trait("counts", counts)
        self.set_trait("done", len(self._current))

    def _check_value(self, value: Any, item_id: int | str) -> Any:
        raise NotImplementedError


def _as_labels(value: Any) -> list[Any]:
    """A current value as the list of labels it holds (multi-label values already are)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


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
