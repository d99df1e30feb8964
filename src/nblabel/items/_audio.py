"""Audio items: lengths and samples read with soundfile (libsndfile), a min/max peak pyramid,
and playback slices as small WAV buffers, so a one-hour file never travels whole.

An item is a file path (wav, flac, ogg, mp3...), the file's bytes, or ``(array, sample_rate)``.
Everything is in seconds of the original file; playback slices are mixed down to mono.

The names the widget, ``io`` and tests use, gathered from one module per job: opening an item
(``_audio_open``), the clip and its pyramid and slices (``_audio_clip``), the bin math
(``_audio_peaks``), spectrograms (``_audio_spectrogram``) and a voice detector (``_audio_vad``).
"""

from nblabel.items._audio_clip import BASE_BIN, CHUNK_S, LEAD_S, OVERVIEW_BINS, Clip
from nblabel.items._audio_open import describe, is_audio_value, open_clip
from nblabel.items._audio_vad import energy_vad

__all__ = [
    "BASE_BIN",
    "CHUNK_S",
    "LEAD_S",
    "OVERVIEW_BINS",
    "Clip",
    "describe",
    "energy_vad",
    "is_audio_value",
    "open_clip",
]
