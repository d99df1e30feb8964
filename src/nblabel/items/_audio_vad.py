"""A simple energy-based voice detector: pre-annotated regions for an audio item."""

from __future__ import annotations

import numpy as np


def energy_vad(
    samples: np.ndarray,
    sample_rate: int,
    *,
    frame_s: float = 0.03,
    threshold_db: float = -35.0,
    min_s: float = 0.15,
    gap_s: float = 0.25,
    label: str = "speech",
) -> list[tuple[float, float, str, float]]:
    """Regions louder than ``threshold_db`` below the clip's loudest frame: a simple detector.

    Frames of ``frame_s`` whose RMS energy passes the threshold are joined across gaps shorter
    than ``gap_s``; regions shorter than ``min_s`` are dropped. Returns ``(start_s, end_s,
    label, score)`` with the score the region's mean level above the threshold, in 0..1.
    """
    x = np.asarray(samples, dtype=np.float32)
    if x.ndim == 2:
        x = x.mean(axis=1)
    size = max(1, int(frame_s * sample_rate))
    n = len(x) // size
    if n == 0:
        return []
    rms = np.sqrt(np.mean(x[: n * size].reshape(n, size) ** 2, axis=1) + 1e-12)
    db = 20 * np.log10(rms / rms.max())
    loud = db > threshold_db
    regions: list[list[int]] = []
    gap = round(gap_s / frame_s)
    for i in np.flatnonzero(loud).tolist():
        if regions and i - regions[-1][1] <= gap:
            regions[-1][1] = i + 1
        else:
            regions.append([i, i + 1])
    out = []
    for a, b in regions:
        start, end = a * size / sample_rate, b * size / sample_rate
        if end - start >= min_s:
            score = float(np.clip(np.mean(db[a:b] - threshold_db) / -threshold_db, 0, 1))
            out.append((round(start, 3), round(min(end, len(x) / sample_rate), 3), label, score))
    return out
