"""How a browser message reaches its handler, and how a failure goes back to the browser.

A mixin of ``_BaseLabeler`` (``widgets/_base.py``), kept apart so each module stays small: the
core builds the table of handlers (its own, the session's, the task's); this module only parses
a message against it, runs the handler and sends the reply, or an ``error`` naming the item.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, TypeGuard

from nblabel.widgets import _protocol as protocol

if TYPE_CHECKING:
    from nblabel.widgets._driving import ItemId
    from nblabel.widgets._progress import Progress
    from nblabel.widgets._queue import Queue
    from nblabel.widgets._task import Handler

log = logging.getLogger("nblabel")


class MessageDispatch:
    """Parse, place, apply background news, dispatch; failures become ``error`` messages."""

    if TYPE_CHECKING:  # provided by _BaseLabeler and anywidget
        _queue: Queue
        _progress: Progress
        _handlers: dict[str, tuple[protocol.MessageSpec, Handler]]
        _specs: dict[str, protocol.MessageSpec]

        def send(self, content: Any, buffers: Any = None) -> None: ...
        def run_pending(self) -> None: ...
        def _has(self, item_id: object) -> TypeGuard[ItemId]: ...

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
