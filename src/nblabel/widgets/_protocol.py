"""Every custom message between kernel and browser; the one place that knows their shape.

Inbound messages are declared as ``MessageSpec`` s: the core's are below, a task adds its own
(``Task.handlers``) without editing this file. Bulk payloads (image bytes) travel as binary
buffers next to a small JSON header, never in traits and never as base64.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: A message and its binary buffers, as ``send`` takes them.
Reply = tuple[dict[str, Any], list[bytes]]
#: Most items one ``need`` may ask for: bounds the size of a single message.
MAX_ITEMS_PER_MESSAGE = 64
#: Fields that, when present, are non-negative integers (positions, counts, sequence numbers).
_COUNTS = ("start", "count", "pos", "seq", "at")


@dataclass(frozen=True)
class MessageSpec:
    """An inbound message kind and the fields it must carry."""

    kind: str
    required: tuple[str, ...] = ()


HELLO = MessageSpec("hello")
NEED = MessageSpec("need", ("start", "count"))
LABEL = MessageSpec("label", ("seq", "pos", "id", "value"))
UNDO = MessageSpec("undo", ("seq",))  # without an id: this annotator's newest label
POLL = MessageSpec("poll")
SKIP = MessageSpec("skip", ("seq", "pos", "id"))  # a skip event; the item keeps its value
FILTER = MessageSpec("filter", ("name",))  # show a subset of the queue ("all" lifts it)
FIND = MessageSpec("find")  # "query": an id or position; or "skipped": the next skipped item
CORE = (HELLO, NEED, LABEL, UNDO, POLL, SKIP, FILTER, FIND)


class ProtocolError(ValueError):
    """A message from the browser that nblabel cannot act on."""


def parse(content: Any, specs: Mapping[str, MessageSpec]) -> dict[str, Any]:
    """Check an inbound message's kind and fields; raise ``ProtocolError`` naming the problem."""
    if not isinstance(content, dict) or content.get("kind") not in specs:
        raise ProtocolError(f"unknown message {content!r}")
    kind = content["kind"]
    missing = [name for name in specs[kind].required if name not in content]
    if missing:
        raise ProtocolError(f"{kind} message lacks {missing}")
    for name in _COUNTS:
        if name in content and (
            isinstance(content[name], bool)
            or not isinstance(content[name], int)
            or content[name] < 0
        ):
            raise ProtocolError(f"{kind} message has a bad {name}: {content[name]!r}")
    if "id" in content and (
        isinstance(content["id"], bool) or not isinstance(content["id"], (int, str))
    ):
        raise ProtocolError(f"{kind} message has a bad item id: {content['id']!r}")
    return content


def items(version: int, entries: Iterable[tuple[dict[str, Any], bytes | None]]) -> Reply:
    """Pack item headers and their optional bytes into one message with buffers."""
    headers: list[dict[str, Any]] = []
    buffers: list[bytes] = []
    for header, data in entries:
        if data is not None:
            header = {**header, "buffer": len(buffers)}
            buffers.append(data)
        headers.append(header)
    return {"kind": "items", "version": version, "items": headers}, buffers


def state(
    *, version: int, total: int, start: int, window: Iterable[tuple[dict[str, Any], bytes | None]]
) -> Reply:
    """Reply to ``hello``: where to start, with the first items riding along (one round trip)."""
    content, buffers = items(version, window)
    return {**content, "kind": "state", "total": total, "start": start}, buffers


def view(
    *, version: int, total: int, start: int, window: Iterable[tuple[dict[str, Any], bytes | None]]
) -> Reply:
    """The queue is now another subset (a filter, or none): every position means another
    item; show ``start`` (the item the user was on, when it is still there)."""
    content, buffers = items(version, window)
    return {**content, "kind": "view", "total": total, "start": start}, buffers


def found(pos: int, item_id: int | str) -> dict[str, Any]:
    """Answer to ``find``: the item is at ``pos`` of the current queue."""
    return {"kind": "found", "pos": pos, "id": item_id}


def notice(message: str) -> dict[str, Any]:
    """Nothing happened, and why (e.g. "no skipped items"): shown briefly, not as an error."""
    return {"kind": "notice", "message": message}


def reorder(*, version: int, start: int, total: int) -> dict[str, Any]:
    """Queue positions from ``start`` on now hold other items: drop and refetch them."""
    return {"kind": "reorder", "version": version, "start": start, "total": total}


def refresh(ids: Iterable[int | str]) -> dict[str, Any]:
    """These items changed in the kernel, not in the browser (a decision from Python, an
    undone session): the browser fetches them again wherever it holds them."""
    return {"kind": "refresh", "ids": list(ids)}


def pong() -> dict[str, Any]:
    """Answer to ``poll``: lets the browser send its next poll without piling them up."""
    return {"kind": "pong"}


def ack(seq: int, pos: int, item_id: int | str, value: Any) -> dict[str, Any]:
    """The label (or undo) ``seq`` is committed; ``value`` is the item's value now."""
    return {"kind": "ack", "seq": seq, "pos": pos, "id": item_id, "value": value}


_UNSET: Any = object()


def error(message: str, *, current: Any = _UNSET, **where: Any) -> dict[str, Any]:
    """A failure the browser shows; ``where`` names the seq, position or item.

    ``current`` (even None) is the item's value in the store after the failure, so the
    browser shows what is really saved instead of the refused value.
    """
    content = {"kind": "error", "message": message}
    content.update({k: v for k, v in where.items() if v is not None})
    if current is not _UNSET:
        content["current"] = current
    return content
