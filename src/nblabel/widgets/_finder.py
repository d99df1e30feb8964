"""Filters and look-ups over a labeler's queue: which rows to show, and where an item is.

Plain functions over ids and current values, so they are tested without a widget. A filter
only chooses rows; the ``Queue`` (``_queue.py``) stays the one owner of their order, and
nothing here writes to the store.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

import numpy as np

ItemId = int | str
#: Filter names the browser may send; "all" lifts the filter.
FILTERS = ("all", "unlabeled", "skipped", "label", "disagree")


def filter_mask(
    name: str,
    ids: Sequence[ItemId],
    current: Callable[[ItemId], Any],
    *,
    is_open: Callable[[ItemId, Any], bool],
    tally: Callable[[Any], Iterable[str]],
    skipped: Collection[ItemId],
    suggest: Callable[[ItemId], dict[str, Any] | None] | None,
    label: str | None = None,
) -> np.ndarray | None:
    """Which rows (a boolean mask by row) the filter ``name`` keeps; None for "all".

    Raises ValueError naming the problem: an unknown filter, "label" without a label, or
    "disagree" with no model attached.
    """
    if name == "all":
        return None
    if name == "unlabeled":
        keep: Iterable[bool] = (is_open(i, current(i)) for i in ids)
    elif name == "skipped":
        keep = (i in skipped for i in ids)
    elif name == "label":
        if label is None:
            raise ValueError("the label filter needs a label")
        keep = (label in tally(current(i)) for i in ids)
    elif name == "disagree":
        if suggest is None:
            raise ValueError("no model attached: nothing can disagree with the labels")
        keep = (_disagrees(current(i), i, suggest) for i in ids)
    else:
        raise ValueError(f"unknown filter {name!r}; one of {', '.join(FILTERS)}")
    return np.fromiter(keep, dtype=bool, count=len(ids))


def _disagrees(value: Any, item_id: ItemId, suggest: Callable[[ItemId], Any]) -> bool:
    if value is None:
        return False
    guess = suggest(item_id)
    return guess is not None and guess.get("label") != value


def describe(name: str, label: str | None = None) -> str:
    """The filter as the status line names it ("" for none)."""
    return {
        "all": "",
        "unlabeled": "unlabeled",
        "skipped": "skipped",
        "label": f"labeled {label}",
        "disagree": "model disagrees",
    }[name]


def resolve(query: str, row_of: Callable[[ItemId], int]) -> tuple[str, int]:
    """What a go-to query names: ``("row", r)`` for an item id, ``("pos", p)`` for a position.

    An item id wins (a digit string is tried as a str id, then as an int id); ``#n`` is always
    the n-th position (1-based), and so is a number that is no item's id. Positions come back
    0-based. Raises LookupError naming the query when it is neither.
    """
    text = query.strip()
    if text.startswith("#") and text[1:].isdigit():
        return "pos", int(text[1:]) - 1
    candidates: list[ItemId] = [text]
    if text.lstrip("-").isdigit():
        candidates.append(int(text))
    for candidate in candidates:
        try:
            return "row", row_of(candidate)
        except (KeyError, TypeError):
            continue
    if text.isdigit():
        return "pos", int(text) - 1
    raise LookupError(f"no item with id {text!r}")


def next_position(positions: np.ndarray, at: int) -> int | None:
    """The first of the sorted ``positions`` after ``at``, wrapping round; None if empty."""
    if not len(positions):
        return None
    later = positions[positions > at]
    return int(later[0] if len(later) else positions[0])
