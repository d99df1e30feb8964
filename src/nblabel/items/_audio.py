"""Audio items: lengths and samples read with soundfile (libsndfile), a min/max peak pyramid,
and playback slices as small WAV buffers, so a one-hour file never travels whole.

An item is a file path (wav, flac, ogg, mp3...), the file's bytes, or ``(array, sample_rate)``.
Everything is in seconds of the original file; playback slices are mixed down to mono.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

#: Samples per bin of the pyramid's finest level; finer views read the file itself.
BASE_BIN = 256
#: Bins of the overview sent with every item (about the width of a notebook cell, twice).
OVERVIEW_BINS = 2000
#: Seconds of playable audio sent with each item: short clips travel whole, long ones start.
LEAD_S = 8.0
#: Seconds per playback slice asked for later (``audio`` messages).
CHUNK_S = 30.0
_BLOCK = 1 << 20  # frames read per step when scanning a long file


def is_audio_value(value: Any) -> bool:
    """Whether a value has an audio item's shape: a path, bytes, or ``(array, rate)``."""
    if isinstance(value, (str, os.PathLike, bytes, bytearray, memoryview)):
        return True
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], np.ndarray)
        and isinstance(value[1], (int, np.integer))
    )


def describe(value: Any) -> str:
    """How an error names the item's audio: its path, or what it is."""
    if isinstance(value, (str, os.PathLike)):
        return f"audio file {str(value)!r}"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"audio bytes ({len(value)} bytes)"
    return "audio array"


@dataclass
class Clip:
    """One item's audio: its length, and a way to read any range of its frames (mono)."""

    value: Any
    sample_rate: int
    frames: int
    channels: int
    _samples: np.ndarray | None = None  # in memory: arrays and bytes
    _pyramid: list[np.ndarray] = field(default_factory=list)  # (n, 2) float32 min/max per level
    _peak: float = 0.0

    @property
    def duration(self) -> float:
        """Length in seconds: frames over the sample rate, as the file says."""
        return self.frames / self.sample_rate

    @property
    def path(self) -> str | None:
        """The file's path, when the item is a file."""
        return str(self.value) if isinstance(self.value, (str, os.PathLike)) else None

    def read(self, start: int = 0, stop: int | None = None) -> np.ndarray:
        """Frames ``[start, stop)`` as mono float32."""
        stop = self.frames if stop is None else min(stop, self.frames)
        start = max(0, min(start, stop))
        if self._samples is not None:
            return self._samples[start:stop]
        import soundfile as sf

        data = sf.read(str(self.value), start=start, stop=stop, dtype="float32", always_2d=True)[0]
        return data.mean(axis=1) if data.shape[1] > 1 else data[:, 0]

    def envelope_blocks(self) -> Iterator[np.ndarray]:
        """The whole clip in blocks of ``_BLOCK`` frames, (frames, channels), for min/max only.

        Files are read as int16: libsndfile then skips the float conversion, which makes the
        one pass over a one-hour file about ten times faster. Peaks span all channels.
        """
        if self._samples is not None:
            yield self._samples[:, None]
            return
        import soundfile as sf

        yield from sf.blocks(str(self.value), blocksize=_BLOCK, dtype="int16", always_2d=True)

    # -- peaks ----------------------------------------------------------------------------

    def pyramid(self) -> list[np.ndarray]:
        """Min/max per ``BASE_BIN`` frames, then per 2x that, ...: made once, in one pass."""
        if self._pyramid:
            return self._pyramid
        parts = [_minmax(block, BASE_BIN) for block in self.envelope_blocks()]
        level = np.concatenate(parts) if parts else np.zeros((0, 2), np.float32)
        self._peak = float(np.abs(level).max()) if len(level) else 0.0
        levels = [level]
        while len(level) > OVERVIEW_BINS:
            level = _pairs(level)
            levels.append(level)
        self._pyramid = levels
        return levels

    def peaks(self, start_s: float, end_s: float, bins: int) -> np.ndarray:
        """``bins`` (min, max) pairs over ``[start_s, end_s)``, as int8 scaled to the clip's peak.

        Uses the coarsest pyramid level still finer than a bin; below ``BASE_BIN`` frames per
        bin it reads the range from the file.
        """
        a = int(max(0.0, start_s) * self.sample_rate)
        b = int(min(self.duration, end_s) * self.sample_rate)
        bins = max(1, min(bins, 8192))
        if b <= a:
            return np.zeros(2 * bins, np.int8)
        levels = self.pyramid()
        per_bin = (b - a) / bins
        if per_bin < BASE_BIN:
            samples = self.read(a, b)
            edges = np.linspace(0, len(samples), bins + 1).astype(np.intp)
            pairs = _reduce(np.stack([samples, samples], axis=1), edges)
        else:
            k = min(int(np.log2(per_bin / BASE_BIN)), len(levels) - 1)
            size = BASE_BIN << k
            level = levels[k]
            lo, hi = a // size, max(a // size + 1, -(-b // size))
            part = level[lo : min(hi, len(level))]
            edges = np.linspace(0, len(part), bins + 1).astype(np.intp)
            pairs = _reduce(part, edges)
        return _to_int8(pairs, self._peak)

    def overview(self) -> np.ndarray:
        """The whole clip's peaks: what the browser paints first."""
        bins = max(1, min(OVERVIEW_BINS, self.frames // 16 or 1))
        return self.peaks(0.0, self.duration, bins)

    def spectrogram(
        self, start_s: float, end_s: float, columns: int, rows: int = 128
    ) -> np.ndarray:
        """A (rows, columns) uint8 magnitude spectrogram of ``[start_s, end_s)``, high
        frequencies first: one 512-point frame at the middle of each column, 80 dB of range.

        Long views read only those frames, never the whole range.
        """
        n_fft = 512
        columns, rows = max(1, min(columns, 4096)), max(8, min(rows, n_fft // 2))
        a = max(0.0, start_s) * self.sample_rate
        b = min(self.duration, end_s) * self.sample_rate
        centers = (a + (np.arange(columns) + 0.5) * max(b - a, 1.0) / columns).astype(np.int64)
        starts = centers - n_fft // 2
        if b - a <= 60 * self.sample_rate:  # one read, framed by index
            lo = int(starts[0])
            span = self.read(max(0, lo), int(starts[-1]) + n_fft)
            span = np.concatenate([np.zeros(max(0, -lo), np.float32), span])
            span = np.concatenate([span, np.zeros(n_fft, np.float32)])
            frames = span[(starts - lo)[:, None] + np.arange(n_fft)[None, :]]
        else:
            frames = np.stack([_fit(self.read(int(s), int(s) + n_fft), n_fft) for s in starts])
        mag = np.abs(np.fft.rfft(frames * np.hanning(n_fft).astype(np.float32), axis=1))[:, 1:]
        db = 20 * np.log10(mag + 1e-9)
        top = float(db.max()) if db.size else 0.0
        scaled = np.clip((db - (top - 80.0)) / 80.0, 0, 1)
        grouped = (
            scaled[:, : (scaled.shape[1] // rows) * rows].reshape(columns, rows, -1).max(axis=2)
        )
        return np.ascontiguousarray((grouped.T[::-1] * 255).astype(np.uint8))

    # -- playback -------------------------------------------------------------------------

    def wav(self, start_s: float, end_s: float) -> tuple[bytes, float, float]:
        """A 16-bit mono WAV of ``[start_s, end_s)``, and the range it really covers."""
        import soundfile as sf

        a = int(max(0.0, start_s) * self.sample_rate)
        b = int(min(self.duration, end_s) * self.sample_rate)
        out = io.BytesIO()
        sf.write(out, self.read(a, max(a, b)), self.sample_rate, format="WAV", subtype="PCM_16")
        return out.getvalue(), a / self.sample_rate, max(a, b) / self.sample_rate


def open_clip(value: Any, item_id: int | str) -> Clip:
    """Open an item's audio; ValueError naming the item when it cannot be read.

    Files are opened for their header only: a one-hour file costs nothing until its peaks
    or a slice are asked for.
    """
    import soundfile as sf

    where = f"item {item_id!r}: {describe(value)}"
    try:
        if isinstance(value, tuple):
            samples, rate = value
            return _from_array(np.asarray(samples), int(rate), value)
        if isinstance(value, (bytes, bytearray, memoryview)):
            data, rate = sf.read(io.BytesIO(bytes(value)), dtype="float32", always_2d=True)
            return _from_array(data, int(rate), value)
        if isinstance(value, (str, os.PathLike)):
            if not Path(value).is_file():
                raise FileNotFoundError("no such file")
            info = sf.info(str(value))
            if info.frames <= 0 or info.samplerate <= 0:
                raise ValueError("it holds no audio frames")
            return Clip(value, int(info.samplerate), int(info.frames), int(info.channels))
    except Exception as exc:
        raise ValueError(f"{where} cannot be read ({_reason(exc)})") from None
    raise TypeError(
        f"item {item_id!r}: {type(value).__name__} is not audio; give a file path, the file's "
        "bytes, or (numpy array, sample_rate)"
    )


def _from_array(data: np.ndarray, rate: int, value: Any) -> Clip:
    if rate <= 0:
        raise ValueError(f"sample rate {rate} is not positive")
    if data.ndim == 2:
        # (frames, channels) as soundfile gives it; a (channels, frames) array is transposed.
        data = data.T if data.shape[0] < data.shape[1] and data.shape[0] <= 8 else data
        channels = data.shape[1]
        data = data.mean(axis=1) if channels > 1 else data[:, 0]
    elif data.ndim == 1:
        channels = 1
    else:
        raise ValueError(f"an array of shape {data.shape} is not mono or (frames, channels)")
    if np.issubdtype(data.dtype, np.integer):
        data = data / float(np.iinfo(data.dtype).max)
    data = np.ascontiguousarray(data, dtype=np.float32)
    if len(data) == 0:
        raise ValueError("it holds no audio frames")
    if not np.isfinite(data).all():
        raise ValueError("it holds NaN or infinite samples")
    return Clip(value, rate, len(data), channels, _samples=data)


def _fit(x: np.ndarray, n: int) -> np.ndarray:
    """``x`` cut or zero-padded to ``n`` samples."""
    return x[:n] if len(x) >= n else np.concatenate([x, np.zeros(n - len(x), np.float32)])


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


def _minmax(block: np.ndarray, size: int) -> np.ndarray:
    """(n, 2) float min/max over consecutive ``size``-frame bins of a (frames, channels) block
    (the last bin may be short); int16 samples are scaled to [-1, 1)."""
    n = -(-len(block) // size)
    pad = n * size - len(block)
    if pad:
        block = np.concatenate([block, np.repeat(block[-1:], pad, axis=0)])
    shaped = block.reshape(n, size * block.shape[1])
    pairs = np.stack([shaped.min(axis=1), shaped.max(axis=1)], axis=1).astype(np.float32)
    return pairs / 32768.0 if block.dtype == np.int16 else pairs


def _pairs(level: np.ndarray) -> np.ndarray:
    """The next pyramid level: each bin spans two of ``level``'s."""
    if len(level) % 2:
        level = np.concatenate([level, level[-1:]])
    a, b = level[0::2], level[1::2]
    return np.stack([np.minimum(a[:, 0], b[:, 0]), np.maximum(a[:, 1], b[:, 1])], axis=1)


def _reduce(pairs: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Min/max of ``pairs`` between consecutive ``edges``; an empty bin repeats its neighbour."""
    n = len(edges) - 1
    if len(pairs) == 0:
        return np.zeros((n, 2), np.float32)
    starts = np.minimum(edges[:-1], len(pairs) - 1)
    mins = np.minimum.reduceat(pairs[:, 0], starts)
    maxs = np.maximum.reduceat(pairs[:, 1], starts)
    # reduceat gives pairs[start] for an empty bin (start == next start): right for upsampling.
    return np.stack([mins, maxs], axis=1)


def _to_int8(pairs: np.ndarray, peak: float) -> np.ndarray:
    """Interleaved min, max as int8, scaled so the clip's loudest sample is 127."""
    scale = 127.0 / peak if peak > 0 else 0.0
    return np.clip(np.round(pairs * scale), -127, 127).astype(np.int8).reshape(-1)


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
