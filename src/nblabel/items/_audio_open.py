"""Opening an audio item, checked at the door: whether a value is audio, and its ``Clip``.

An item is a file path (wav, flac, ogg, mp3...), the file's bytes, or ``(array, sample_rate)``.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import numpy as np

from nblabel.items._audio_clip import Clip


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
    return Clip.from_samples(value, data, rate, channels)


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]
