"""Every custom message between kernel and browser; the one place that knows their shape.

Bulk payloads (image bytes) travel as binary buffers next to a small JSON header, never in
traits (a trait change resends the whole value) and never as base64.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: Message kinds the browser sends.
INBOUND = frozenset({"hello", "need", "label", "undo", "poll"})
#: Most items one ``need`` may ask for: bounds the size of a single message.
MAX_ITEMS_PER_MESSAGE = 64


class ProtocolError(ValueError):
    """A message from the browser that nblabel cannot act on."""


def parse(content: Any) -> dict[str, Any]:
    """Check an inbound message's kind and fields; raise ``ProtocolError`` naming the problem."""
    if not isinstance(content, dict) or content.get("kind") not in INBOUND:
        raise ProtocolError(f"unknown message {content!r}")
    kind = content["kind"]
    required = {
        "need": ("start", "count"),
        "label": ("seq", "pos", "id", "value"),
        "undo": ("seq", "pos", "id"),
    }
    missing = [name for name in required.get(kind, ()) if name not in content]
    if missing:
        raise ProtocolError(f"{kind} message lacks {missing}")
    for name in ("start", "count", "pos", "seq", "at"):
        if name in content and (not isinstance(content[name], int) or content[name] < 0):
            raise ProtocolError(f"{kind} message has a bad {name}: {content[name]!r}")
    if "id" in content and (
        isinstance(content["id"], bool) or not isinstance(content["id"], (int, str))
    ):
        raise ProtocolError(f"{kind} message has a bad item id: {content['id']!r}")
    return content


def state(*, version: int, total: int, start: int) -> dict[str, Any]:
    """Where the browser should start, sent in reply to ``hello``."""
    return {"kind": "state", "version": version, "total": total, "start": start}


def items(
    version: int, entries: Iterable[tuple[dict[str, Any], bytes | None]]
) -> tuple[dict[str, Any], list[bytes]]:
    """Pack item headers and their optional bytes into one message with buffers."""
    headers, buffers = [], []
    for header, data in entries:
        if data is not None:
            header = {**header, "buffer": len(buffers)}
            buffers.append(data)
        headers.append(header)
    return {"kind": "items", "version": version, "items": headers}, buffers


def reorder(*, version: int, start: int, total: int) -> dict[str, Any]:
    """Queue positions from ``start`` on now hold other items: drop and refetch them."""
    return {"kind": "reorder", "version": version, "start": start, "total": total}


def pong() -> dict[str, Any]:
    """Answer to ``poll``: lets the browser send its next poll without piling them up."""
    return {"kind": "pong"}


def ack(seq: int, pos: int, value: Any) -> dict[str, Any]:
    """The label ``seq`` is committed to the store."""
    return {"kind": "ack", "seq": seq, "pos": pos, "value": value}


def error(message: str, **where: Any) -> dict[str, Any]:
    """A failure the browser shows; ``where`` names the seq, position or item involved."""
    return {
        "kind": "error",
        "message": message,
        **{k: v for k, v in where.items() if v is not None},
    }
