"""Current values of a labeler's items and the counts shown beside each label."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

ItemId = int | str


class Progress:
    """Current value per item and per-label counts, updated incrementally (O(1) per label).

    ``tally(value)`` says which labels a value adds to the counts; values may be lists or
    dicts (spans, regions), so nothing here assumes a value is hashable.
    """

    def __init__(self, labels: Iterable[str], tally: Callable[[Any], Iterable[str]]) -> None:
        self._tally = tally
        self._current: dict[ItemId, Any] = {}
        self.counts: dict[str, int] = dict.fromkeys(labels, 0)

    def __len__(self) -> int:
        """Items with a current value."""
        return len(self._current)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._current

    def get(self, item_id: ItemId) -> Any:
        """The item's current value, or None."""
        return self._current.get(item_id)

    def ids(self) -> set[ItemId]:
        """Items with a current value (a copy)."""
        return set(self._current)

    def update(self, values: Mapping[ItemId, Any]) -> None:
        """Record new current values (None clears)."""
        counts = self.counts
        for item_id, value in values.items():
            for label in self._tally(self._current.pop(item_id, None)):
                if label in counts:
                    counts[label] -= 1
            if value is not None:
                self._current[item_id] = value
            for label in self._tally(value):
                if label in counts:
                    counts[label] += 1
