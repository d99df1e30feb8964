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
        self._full = self._order  # the whole queue; ``_order`` is a subset while filtered
        self._full_frontier = -1
        self.version = 0
        self.frontier = -1

    @property
    def filtered(self) -> bool:
        """Whether the user sees a subset of the queue (``filter``)."""
        return self._order is not self._full

    def __len__(self) -> int:
        return len(self._order)

    def row(self, pos: int) -> int:
        return int(self._order[pos])

    def rows(self, start: int = 0, stop: int | None = None) -> np.ndarray:
        """Rows at positions ``start:stop`` (a view: do not modify)."""
        return self._order[start:stop]

    def position(self, row: int) -> int | None:
        """Where ``row`` sits now, None when a filter hides it (O(n): rare paths only)."""
        found = np.flatnonzero(self._order == row)
        return int(found[0]) if len(found) else None

    def positions(self, rows: np.ndarray) -> np.ndarray:
        """Sorted positions of those of ``rows`` the user can reach now (O(n))."""
        return np.flatnonzero(np.isin(self._order, rows))

    def filter(self, keep: np.ndarray | None) -> None:
        """Show only rows where the boolean mask ``keep`` (by row) is true, in queue order;
        None shows the whole queue again. Stored labels are untouched: this is only order.
        """
        if keep is None:
            if self.filtered:
                self._order = self._full
                self.frontier = self._full_frontier
        else:
            if not self.filtered:
                self._full_frontier = self.frontier
            self._order = self._full[keep[self._full]]
            self.frontier = -1
        self.version += 1

    def shown(self, pos: int) -> None:
        """The browser is at ``pos`` (or asked for items while there)."""
        self.frontier = max(self.frontier, pos)

    def shown_count(self) -> int:
        """Positions the user may have seen (plus a margin); a reorder leaves them alone."""
        return _keep(self.frontier, len(self._order))  # none before any browser message

    def reorder(self, rows: Sequence[int] | np.ndarray) -> int | None:
        """Put ``rows`` next, in this order, after the shown head; the rest keep their order.

        Unknown and repeated rows are ignored. Returns the first position that changed, or
        None while filtered: the user's subset keeps its order, the whole queue takes the new
        one and shows it when the filter is lifted.
        """
        if self.filtered:
            frontier = self._full_frontier
            self._full = _reordered(self._full, rows, _keep(frontier, len(self._full)))
            return None
        self._order = self._full = _reordered(self._order, rows, self.shown_count())
        self.version += 1
        return self.shown_count()


def _keep(frontier: int, n: int) -> int:
    """Positions a reorder leaves alone: up to the frontier, plus a margin."""
    return 0 if frontier < 0 else min(n, frontier + 1 + Queue.MARGIN)


def _reordered(order: np.ndarray, rows: Sequence[int] | np.ndarray, keep: int) -> np.ndarray:
    """``order`` with its first ``keep`` rows in place, then ``rows``, then the rest."""
    n = len(order)
    head = order[:keep]
    wanted = np.asarray(rows, dtype=np.intp).ravel()
    wanted = wanted[(wanted >= 0) & (wanted < n)]
    taken = np.zeros(n, dtype=bool)
    taken[head] = True
    # First occurrence of each row not already in the head, in the given order.
    _, first_index = np.unique(wanted, return_index=True)
    first = wanted[np.sort(first_index)]
    first = first[~taken[first]]
    taken[first] = True
    tail = order[keep:]
    return np.concatenate([head, first, tail[~taken[tail]]])
