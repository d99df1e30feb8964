"""The audio task's own messages: detail peaks, playback slices and spectrograms on request.

A mixin of ``Audio`` (``widgets/_audio_task.py``), kept apart so each module stays small: an
item arrives with its overview peaks and first seconds of sound (the task's payload); the rest
of a long file comes here, one visible range at a time, from the task's cached clips.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nblabel.items._audio import CHUNK_S
from nblabel.widgets._protocol import MessageSpec, Reply

if TYPE_CHECKING:
    from nblabel.items._audio import Clip
    from nblabel.widgets._task import Handler

PEAKS = MessageSpec("peaks", ("id", "from_s", "to_s", "bins"))
AUDIO = MessageSpec("audio", ("id", "from_s"))
SPECTROGRAM = MessageSpec("spectrogram", ("id", "from_s", "to_s", "columns"))


class AudioRequests:
    """``peaks``, ``audio`` and ``spectrogram``: answered from the item's clip."""

    if TYPE_CHECKING:  # provided by Audio and Task

        def clip(self, row: int) -> Clip: ...
        def row_of(self, item_id: int | str) -> int: ...

    def handlers(self) -> dict[MessageSpec, Handler]:
        return {PEAKS: self._on_peaks, AUDIO: self._on_audio, SPECTROGRAM: self._on_spectrogram}

    def _on_peaks(self, msg: dict[str, Any]) -> Reply:
        """Peaks of the visible range, for a zoomed or scrolled view."""
        clip = self.clip(self.row_of(msg["id"]))
        bins = int(msg["bins"])
        a, b = float(msg["from_s"]), float(msg["to_s"])
        data = clip.peaks(a, b, bins).tobytes()
        reply = {"kind": "peaks", "id": msg["id"], "from_s": a, "to_s": b, "bins": bins}
        return {**reply, "req": msg.get("req", 0)}, [data]

    def _on_spectrogram(self, msg: dict[str, Any]) -> Reply:
        """A spectrogram of the visible range, one column per pixel (rows: low to high last)."""
        clip = self.clip(self.row_of(msg["id"]))
        a, b = float(msg["from_s"]), float(msg["to_s"])
        image = clip.spectrogram(a, b, int(msg["columns"]))
        rows, columns = image.shape
        reply = {"kind": "spectrogram", "id": msg["id"], "from_s": a, "to_s": b}
        reply |= {"rows": rows, "columns": columns, "req": msg.get("req", 0)}
        return reply, [image.tobytes()]

    def _on_audio(self, msg: dict[str, Any]) -> Reply:
        """A playback slice of ``CHUNK_S`` seconds from ``from_s``."""
        clip = self.clip(self.row_of(msg["id"]))
        start = float(msg["from_s"])
        data, a, b = clip.wav(start, start + CHUNK_S)
        reply = {"kind": "audio", "id": msg["id"], "from_s": a, "to_s": b}
        return {**reply, "req": msg.get("req", 0)}, [data]
