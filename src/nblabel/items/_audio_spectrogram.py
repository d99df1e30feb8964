"""Spectrogram images of a range of a clip, computed from only the frames they show."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from nblabel.items._audio_clip import Clip


def spectrogram(
    clip: Clip, start_s: float, end_s: float, columns: int, rows: int = 128
) -> np.ndarray:
    """A (rows, columns) uint8 magnitude spectrogram of ``[start_s, end_s)``, high
    frequencies first: one 512-point frame at the middle of each column, 80 dB of range.

    Long views read only those frames, never the whole range.
    """
    n_fft = 512
    columns, rows = max(1, min(columns, 4096)), max(8, min(rows, n_fft // 2))
    a = max(0.0, start_s) * clip.sample_rate
    b = min(clip.duration, end_s) * clip.sample_rate
    centers = (a + (np.arange(columns) + 0.5) * max(b - a, 1.0) / columns).astype(np.int64)
    starts = centers - n_fft // 2
    if b - a <= 60 * clip.sample_rate:  # one read, framed by index
        lo = int(starts[0])
        span = clip.read(max(0, lo), int(starts[-1]) + n_fft)
        span = np.concatenate([np.zeros(max(0, -lo), np.float32), span])
        span = np.concatenate([span, np.zeros(n_fft, np.float32)])
        frames = span[(starts - lo)[:, None] + np.arange(n_fft)[None, :]]
    else:
        frames = np.stack([_fit(clip.read(int(s), int(s) + n_fft), n_fft) for s in starts])
    mag = np.abs(np.fft.rfft(frames * np.hanning(n_fft).astype(np.float32), axis=1))[:, 1:]
    db = 20 * np.log10(mag + 1e-9)
    top = float(db.max()) if db.size else 0.0
    scaled = np.clip((db - (top - 80.0)) / 80.0, 0, 1)
    grouped = scaled[:, : (scaled.shape[1] // rows) * rows].reshape(columns, rows, -1).max(axis=2)
    return np.ascontiguousarray((grouped.T[::-1] * 255).astype(np.uint8))


def _fit(x: np.ndarray, n: int) -> np.ndarray:
    """``x`` cut or zero-padded to ``n`` samples."""
    return x[:n] if len(x) >= n else np.concatenate([x, np.zeros(n - len(x), np.float32)])
