"""Which label an undo takes back when the browser has no undo stack (after a restart)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nblabel.store import LabelStore
from nblabel.store._events import is_skip


def newest_own_label(
    store: LabelStore, task: str, annotator: str, is_item: Callable[[Any], bool]
) -> Any:
    """The item whose newest still-undoable label is ``annotator``'s most recent, or None.

    Follows the store's multi-level undo: per item, every event pushes its value and every
    undo (meta ``undo_of``) pops one; an item's undoable label is the top of that stack. Of
    those tops written by ``annotator`` by hand, the newest wins. One pass over the task's
    history: this runs only when the user undoes with nothing in the browser's stack.
    """
    history = store.history(task=task)
    stacks: dict[Any, list[tuple[int, str, str]]] = {}
    for event_id, item_id, who, source, meta in zip(
        history["event_id"].tolist(),
        history["item_id"].tolist(),
        history["annotator"].tolist(),
        history["source"].tolist(),
        history["meta"].tolist(),
        strict=True,
    ):
        stack = stacks.setdefault(item_id, [])
        if is_skip(meta):  # a skip changed no value: nothing to undo there
            continue
        if isinstance(meta, dict) and "undo_of" in meta:
            if stack:
                stack.pop()
        else:
            stack.append((event_id, who, source))
    best_id, best_item = -1, None
    for item_id, stack in stacks.items():
        if stack and stack[-1][1] == annotator and stack[-1][2] == "human":
            if stack[-1][0] > best_id and is_item(item_id):
                best_id, best_item = stack[-1][0], item_id
    return best_item
