"""Queue orders from scores: an exact head of a few batches, a coarse tail, batch rules per batch.

The widget reorders its whole queue after each retrain, but the user only labels the next few
batches before the following retrain lands. So the head is ordered exactly (and every batch in
it follows the strategy's rule), while the tail of a big pool is only sorted into 256 bands of
score: it is replaced at the next retrain anyway.
"""

from __future__ import annotations

import numpy as np

#: Batches at the front of the queue that get an exact order and the strategy's batch rule: a
#: retrain may land this late without the user labeling a plain-margin order.
HEAD_BATCHES = 10
#: Pools up to this size are ordered exactly throughout (a random tie-break costs a lexsort).
EXACT_ROWS = 50_000


def head_size(batch_size: int, n: int) -> int:
    """How many queue positions must follow the strategy's rule exactly."""
    return min(n, max(1, batch_size) * HEAD_BATCHES)


def best_first(score: np.ndarray, rng: np.random.Generator, head: int) -> np.ndarray:
    """Indices by descending score: exact with random ties in the head, coarse beyond it."""
    n = len(score)
    if n <= EXACT_ROWS or head >= n:
        return np.lexsort((rng.random(n), -score))
    top = np.argpartition(-score, head)[:head]
    top = top[np.lexsort((rng.random(head), -score[top]))]
    rest = np.ones(n, dtype=bool)
    rest[top] = False
    tail = np.flatnonzero(rest)
    return np.concatenate([top, tail[np.argsort(_bands(score[tail]), kind="stable")]])


def _bands(score: np.ndarray, levels: int = 256) -> np.ndarray:
    """Descending score bands as uint8: a radix sort on them orders the tail in linear time."""
    low, high = float(score.min()), float(score.max())
    if not high > low:
        return np.zeros(len(score), dtype=np.uint8)
    scaled = (high - score) * ((levels - 1) / (high - low))
    return scaled.astype(np.uint8)


def mixed_batches(
    order: np.ndarray,
    batch_size: int,
    random_share: float,
    head: int,
    rng: np.random.Generator,
    random_picks: list[int] | None = None,
) -> np.ndarray:
    """Each head batch: the next best items of ``order`` plus a random share of the rest.

    The random picks are drawn uniformly from every item not yet placed, so each batch the
    user labels, not just the first, keeps exploring. They are appended to ``random_picks``
    when given (the adaptive strategy evaluates its models on them).
    """
    n = len(order)
    taken = np.zeros(n, dtype=bool)  # by row index
    placed: list[int] = []
    cursor, owed = 0, 0.0
    while len(placed) < min(head, n):
        # A fractional share carries over, so small batches are not forced to one in three.
        owed += batch_size * random_share if batch_size > 1 else 0.0
        n_random = min(int(owed + 1e-9), batch_size - 1)
        owed -= n_random
        for _ in range(batch_size - n_random):
            while cursor < n and taken[order[cursor]]:
                cursor += 1
            if cursor == n:
                break
            taken[order[cursor]] = True
            placed.append(int(order[cursor]))
        for _ in range(min(n_random, n - len(placed))):
            row = int(rng.integers(n))
            while taken[row]:
                row = int(rng.integers(n))
            taken[row] = True
            placed.append(row)
            if random_picks is not None:
                random_picks.append(row)
    head_rows = np.asarray(placed, dtype=np.intp)
    return np.concatenate([head_rows, order[~taken[order]]])


def then_rest(head_rows: np.ndarray, order: np.ndarray) -> np.ndarray:
    """``head_rows`` first, then the other items of ``order`` in its order."""
    keep = np.ones(len(order), dtype=bool)
    keep[head_rows] = False
    return np.concatenate([np.asarray(head_rows, dtype=np.intp), order[keep[order]]])
