"""The order items are shown in, and how far the browser has got; reorders spare what was shown."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class Queue:
    """Queue position -> row (position in the user's DataFrame), as one integer array.

    Starts in DataFrame order without per-item Python work. ``frontier`` is the furthest
    position the browser has shown; a reorder leaves everything up to it (plus a margin) alone.
    """

    #: Positions kept past the frontier on a reorder: the browser may be showing them.
    MARGIN = 3

    def __init__(self, n: int) -> None:
        self._order = np.arange(n, dtype=np.intp)
        self.version = 0
        self.frontier = -1

    def __len__(self) -> int:
        return len(self._order)

    def row(self, pos: int) -> int:
        return int(self._order[pos])

    def rows(self, start: int = 0, stop: int | None = None) -> np.ndarray:
        """Rows at positions ``start:stop`` (a view: do not modify)."""
        return self._order[start:stop]

    def position(self, row: int) -> int:
        """Where ``row`` sits now (O(n); for rare paths such as undo after a restart)."""
        return int(np.flatnonzero(self._order == row)[0])

    def shown(self, pos: int) -> None:
        """The browser is at ``pos`` (or asked for items while there)."""
        self.frontier = max(self.frontier, pos)

    def shown_count(self) -> int:
        """Positions the user may have seen (plus a margin); a reorder leaves them alone."""
        if self.frontier < 0:  # before any browser message, nothing is on screen yet
            return 0
        return min(len(self._order), self.frontier + 1 + self.MARGIN)

    def reorder(self, rows: Sequence[int] | np.ndarray) -> int:
        """Put ``rows`` next, in this order, after the shown head; the rest keep their order.

        Unknown and repeated rows are ignored. Returns the first position that changed.
        """
        n = len(self._order)
        keep = self.shown_count()
        head = self._order[:keep]
        wanted = np.asarray(rows, dtype=np.intp).ravel()
        wanted = wanted[(wanted >= 0) & (wanted < n)]
        taken = np.zeros(n, dtype=bool)
        taken[head] = True
        # First occurrence of each row not already in the head, in the given order.
        _, first_index = np.unique(wanted, return_index=True)
        first = wanted[np.sort(first_index)]
        first = first[~taken[first]]
        taken[first] = True
        tail = self._order[keep:]
        self._order = np.concatenate([head, first, tail[~taken[tail]]])
        self.version += 1
        return keep
