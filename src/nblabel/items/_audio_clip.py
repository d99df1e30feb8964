"""One audio item opened as a ``Clip``: frames read on demand (mono), the min/max peak pyramid,
and playback slices as small WAV buffers, so a one-hour file never travels whole.

Everything is in seconds of the original file; playback slices are mixed down to mono.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nblabel.items._audio_peaks import minmax_bins, next_level, reduce_bins, to_int8
from nblabel.items._audio_spectrogram import spectrogram

#: Samples per bin of the pyramid's finest level; finer views read the file itself.
BASE_BIN = 256
#: Bins of the overview sent with every item (about the width of a notebook cell, twice).
OVERVIEW_BINS = 2000
#: Seconds of playable audio sent with each item: short clips travel whole, long ones start.
LEAD_S = 8.0
#: Seconds per playback slice asked for later (``audio`` messages).
CHUNK_S = 30.0
_BLOCK = 1 << 20  # frames read per step when scanning a long file


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

    @classmethod
    def from_samples(cls, value: Any, samples: np.ndarray, sample_rate: int, channels: int) -> Clip:
        """A clip already decoded into memory (arrays and bytes): mono float32 ``samples``."""
        return cls(value, sample_rate, len(samples), channels, _samples=samples)

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
        parts = [minmax_bins(block, BASE_BIN) for block in self.envelope_blocks()]
        level = np.concatenate(parts) if parts else np.zeros((0, 2), np.float32)
        self._peak = float(np.abs(level).max()) if len(level) else 0.0
        levels = [level]
        while len(level) > OVERVIEW_BINS:
            level = next_level(level)
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
            pairs = reduce_bins(np.stack([samples, samples], axis=1), edges)
        else:
            k = min(int(np.log2(per_bin / BASE_BIN)), len(levels) - 1)
            size = BASE_BIN << k
            level = levels[k]
            lo, hi = a // size, max(a // size + 1, -(-b // size))
            part = level[lo : min(hi, len(level))]
            edges = np.linspace(0, len(part), bins + 1).astype(np.intp)
            pairs = reduce_bins(part, edges)
        return to_int8(pairs, self._peak)

    def overview(self) -> np.ndarray:
        """The whole clip's peaks: what the browser paints first."""
        bins = max(1, min(OVERVIEW_BINS, self.frames // 16 or 1))
        return self.peaks(0.0, self.duration, bins)

    def spectrogram(
        self, start_s: float, end_s: float, columns: int, rows: int = 128
    ) -> np.ndarray:
        """A (rows, columns) uint8 image of ``[start_s, end_s)``: see ``_audio_spectrogram``."""
        return spectrogram(self, start_s, end_s, columns, rows)

    # -- playback -------------------------------------------------------------------------

    def wav(self, start_s: float, end_s: float) -> tuple[bytes, float, float]:
        """A 16-bit mono WAV of ``[start_s, end_s)``, and the range it really covers."""
        import soundfile as sf

        a = int(max(0.0, start_s) * self.sample_rate)
        b = int(min(self.duration, end_s) * self.sample_rate)
        out = io.BytesIO()
        sf.write(out, self.read(a, max(a, b)), self.sample_rate, format="WAV", subtype="PCM_16")
        return out.getvalue(), a / self.sample_rate, max(a, b) / self.sample_rate
