"""Shared widget machinery: traits every labeler has, message dispatch, acks, store link."""

from __future__ import annotations

import logging
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

    def __init__(
        self, source: ItemSource, labels: list[str], keys: list[str], store: LabelStore | None,
        *, task: str | None, instructions: str | None,
    ) -> None:
        super().__init__()
        self.store = store if store is not None else LabelStore()
        self.task = task or self.store.task
        self._source = source
        self._queue = list(range(len(source)))
        self._version = 0
        ids = set(source.ids)
        self._current = {k: v for k, v in self.store.current(task=self.task).items() if k in ids}
        self.set_trait("labels", labels)
        self.set_trait("label_keys", keys)
        self.set_trait("total", len(self._queue))
        self.instructions = instructions or ""
        self._refresh_progress()
        self.on_msg(self._on_message)

    # -- messages -------------------------------------------------------------------------

    def _on_message(self, _widget: Any, content: Any, _buffers: list[bytes]) -> None:
        """Dispatch one browser message; failures go back as ``error`` messages, not tracebacks."""
        try:
            msg = protocol.parse(content)
            getattr(self, f"_on_{msg['kind']}")(msg)
        except Exception as exc:  # reported to the browser, which shows it next to the item
            log.debug("nblabel could not handle %r", content, exc_info=True)
            where = content if isinstance(content, dict) else {}
            pos = where.get("pos")
            self.send(protocol.error(
                str(exc), seq=where.get("seq"), pos=pos, item_id=self._id_at(pos),
            ))

    def _on_hello(self, _msg: dict[str, Any]) -> None:
        self.send(protocol.state(version=self._version, total=len(self._queue), start=self._start()))

    def _on_need(self, msg: dict[str, Any]) -> None:
        start = msg["start"]
        stop = min(start + min(msg["count"], protocol.MAX_ITEMS_PER_MESSAGE), len(self._queue))
        content, buffers = protocol.items(self._version, (self._entry(p) for p in range(start, stop)))
        self.send(content, buffers)

    def _on_label(self, msg: dict[str, Any]) -> None:
        item_id = self._require_id(msg["pos"])
        value = self._check_value(msg["value"], item_id)
        seconds = msg.get("seconds")
        seconds = float(seconds) if isinstance(seconds, (int, float)) and seconds >= 0 else None
        self.store.write(item_id, value, task=self.task, seconds=seconds, source="human")
        self._set_current(item_id, value)
        self.send(protocol.ack(msg["seq"], msg["pos"], value))

    def _on_undo(self, msg: dict[str, Any]) -> None:
        item_id = self._require_id(msg["pos"])
        value = self.store.undo(item_id, task=self.task)
        self._set_current(item_id, value)
        self.send(protocol.ack(msg["seq"], msg["pos"], value))

    # -- queue and progress ---------------------------------------------------------------

    def _entry(self, pos: int) -> tuple[dict[str, Any], bytes | None]:
        row = self._queue[pos]
        item_id = self._source.ids[row]
        try:
            header, data = self._source.payload(row)
        except Exception as exc:  # one unreadable item must not stop the others
            header, data = {"type": "error", "message": str(exc)}, None
        header = {**header, "pos": pos, "id": item_id, "label": self._current.get(item_id)}
        return header, data

    def _start(self) -> int:
        """The first queue position without a label: where a restarted session resumes."""
        for pos, row in enumerate(self._queue):
            if self._source.ids[row] not in self._current:
                return pos
        return len(self._queue)

    def _id_at(self, pos: Any) -> int | str | None:
        if isinstance(pos, int) and 0 <= pos < len(self._queue):
            return self._source.ids[self._queue[pos]]
        return None

    def _require_id(self, pos: int) -> int | str:
        item_id = self._id_at(pos)
        if item_id is None:
            raise IndexError(f"queue position {pos} is outside 0..{len(self._queue) - 1}")
        return item_id

    def _set_current(self, item_id: int | str, value: Any) -> None:
        if value is None:
            self._current.pop(item_id, None)
        else:
            self._current[item_id] = value
        self._refresh_progress()

    def _refresh_progress(self) -> None:
        counts = dict.fromkeys(self.labels, 0)
        for value in self._current.values():
            for label in value if isinstance(value, list) else [value]:
                if label in counts:
                    counts[label] += 1
        self.set_trait("counts", counts)
        self.set_trait("done", len(self._current))

    def _check_value(self, value: Any, item_id: int | str) -> Any:
        raise NotImplementedError
