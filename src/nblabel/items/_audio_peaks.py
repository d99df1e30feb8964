"""Min/max bin math behind the peak pyramid and detail peaks: pure numpy, no audio I/O."""

from __future__ import annotations

import numpy as np


def minmax_bins(block: np.ndarray, size: int) -> np.ndarray:
    """(n, 2) float min/max over consecutive ``size``-frame bins of a (frames, channels) block
    (the last bin may be short); int16 samples are scaled to [-1, 1)."""
    n = -(-len(block) // size)
    pad = n * size - len(block)
    if pad:
        block = np.concatenate([block, np.repeat(block[-1:], pad, axis=0)])
    shaped = block.reshape(n, size * block.shape[1])
    pairs = np.stack([shaped.min(axis=1), shaped.max(axis=1)], axis=1).astype(np.float32)
    return pairs / 32768.0 if block.dtype == np.int16 else pairs


def next_level(level: np.ndarray) -> np.ndarray:
    """The next pyramid level: each bin spans two of ``level``'s."""
    if len(level) % 2:
        level = np.concatenate([level, level[-1:]])
    a, b = level[0::2], level[1::2]
    return np.stack([np.minimum(a[:, 0], b[:, 0]), np.maximum(a[:, 1], b[:, 1])], axis=1)


def reduce_bins(pairs: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Min/max of ``pairs`` between consecutive ``edges``; an empty bin repeats its neighbour."""
    n = len(edges) - 1
    if len(pairs) == 0:
        return np.zeros((n, 2), np.float32)
    starts = np.minimum(edges[:-1], len(pairs) - 1)
    mins = np.minimum.reduceat(pairs[:, 0], starts)
    maxs = np.maximum.reduceat(pairs[:, 1], starts)
    # reduceat gives pairs[start] for an empty bin (start == next start): right for upsampling.
    return np.stack([mins, maxs], axis=1)


def to_int8(pairs: np.ndarray, peak: float) -> np.ndarray:
    """Interleaved min, max as int8, scaled so the clip's loudest sample is 127."""
    scale = 127.0 / peak if peak > 0 else 0.0
    return np.clip(np.round(pairs * scale), -127, 127).astype(np.int8).reshape(-1)
