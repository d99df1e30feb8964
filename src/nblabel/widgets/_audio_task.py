"""The audio task (plain Python): clip labels, regions with text, and a transcript.

A value is ``{"labels": [clip labels], "regions": [{start, end, label, text, source[,
accepted]}], "transcript": str}`` in seconds of the original file. Each item carries its
overview peaks and the first seconds of sound; the rest (detail peaks for a zoomed view, later
playback slices) comes on request through the task's own messages (``_audio_requests.py``).
Kept apart from the widget (``audio.py``) so the task is testable without a comm.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from nblabel.items import ItemSource
from nblabel.items._audio import CHUNK_S, LEAD_S, Clip, open_clip
from nblabel.items._audio_regions import check_region, pre_regions
from nblabel.widgets._audio_keys import PLAY_ACTIONS, REGION_ACTIONS, SUBMIT, TEXT_ACTION
from nblabel.widgets._audio_requests import AudioRequests
from nblabel.widgets._keys import Action, label_actions
from nblabel.widgets._task import Task, pre_annotation_meta

#: A model run on an item's samples (mono float32) and sample rate.
AudioModel = Callable[[np.ndarray, int], Any]
#: Clips whose peaks and headers stay cached (a long file's pyramid is a few MB).
CACHED_CLIPS = 16


class Audio(AudioRequests, Task):
    """Label audio clips: whole-clip labels, labeled regions with text, a transcript."""

    name: ClassVar[str] = "audio"

    def __init__(
        self,
        source: ItemSource,
        labels: Sequence[str],
        keys: Sequence[str],
        *,
        regions: bool,
        clip_labels: Sequence[str] = (),
        clip_keys: Sequence[str] = (),
        multi: bool = False,
        transcribe: bool | AudioModel = False,
        preannotate: AudioModel | None = None,
    ) -> None:
        super().__init__(source)
        self.regions = bool(regions)
        self.region_labels = list(labels) if regions else []
        self.clip_labels = list(clip_labels) if regions else list(labels)
        self.keys = [*keys, *clip_keys] if regions else list(keys)
        self.multi, self.transcribe, self.preannotate = bool(multi), transcribe, preannotate
        self._clips: OrderedDict[int, Clip] = OrderedDict()

    @property
    def all_labels(self) -> list[str]:
        """Region labels then clip labels: the ``labels`` trait and the label keys' order."""
        return [*self.region_labels, *self.clip_labels]

    @property
    def quick(self) -> bool:
        """Whether a label key alone saves the clip (single-label clips, nothing else to do)."""
        return not self.regions and not self.multi and not self.transcribe

    def clip(self, row: int) -> Clip:
        """The item's audio, opened once (and kept for the most recent ``CACHED_CLIPS``)."""
        clip = self._clips.get(row)
        if clip is None:
            clip = open_clip(self.source.value(row), self.ids[row])
            self._clips[row] = clip
            if len(self._clips) > CACHED_CLIPS:
                self._clips.popitem(last=False)
        else:
            self._clips.move_to_end(row)
        return clip

    def clip_of(self, item_id: int | str) -> Clip:
        """The audio of ``item_id``."""
        return self.clip(self.row_of(item_id))

    # -- values ---------------------------------------------------------------------------

    def check(self, value: Any, item_id: int | str) -> Any:
        where = f"item {item_id!r}"
        if isinstance(value, str):
            value = {"labels": [value]}
        elif isinstance(value, list) and not self.regions:
            value = {"labels": value}
        elif isinstance(value, list):
            value = {"regions": value}
        if not isinstance(value, dict):
            raise ValueError(f"{where}: {value!r} is not {{'labels', 'regions', 'transcript'}}")
        extra = set(value) - {"labels", "regions", "transcript"}
        if extra:
            raise ValueError(f"{where}: unknown fields {sorted(extra)!r}")
        chosen = value.get("labels", [])
        if not isinstance(chosen, list) or any(c not in self.clip_labels for c in chosen):
            raise ValueError(
                f"{where}: clip labels {chosen!r} are not drawn from {self.clip_labels!r}"
            )
        if len(chosen) > 1 and not self.multi:
            raise ValueError(f"{where}: {chosen!r} has several clip labels; multi=False allows one")
        if self.quick and not chosen:
            raise ValueError(f"{where}: choose a label for the clip")
        transcript = value.get("transcript", "")
        if not isinstance(transcript, str):
            raise ValueError(f"{where}: the transcript must be text, not {transcript!r}")
        regions = value.get("regions", [])
        if regions and not self.regions:
            raise ValueError(f"{where}: this labeler takes clip labels only (regions=False)")
        if not isinstance(regions, list):
            raise ValueError(f"{where}: regions must be a list, not {regions!r}")
        duration = self.clip(self.row_of(item_id)).duration if regions else math.inf
        labels = self.region_labels
        checked = [check_region(r, i, duration, labels, where) for i, r in enumerate(regions)]
        return {
            "labels": [c for c in self.clip_labels if c in chosen],
            "regions": sorted(checked, key=lambda r: (r["start"], r["end"], r["label"])),
            "transcript": transcript,
        }

    def tally(self, value: Any) -> Iterable[str]:
        if not isinstance(value, dict):
            return ()
        return [*value.get("labels", []), *(r["label"] for r in value.get("regions", []))]

    def meta(self, value: Any, item_id: int | str, current: Any) -> dict[str, Any] | None:
        """How many regions came from the pre-annotations, and how many were accepted."""
        return pre_annotation_meta(value["regions"])

    # -- the wire -------------------------------------------------------------------------

    def payload(self, row: int) -> tuple[dict[str, Any], bytes | None]:
        """Overview peaks, then the first ``LEAD_S`` seconds as WAV, in one buffer."""
        clip = self.clip(row)
        where = f"item {self.ids[row]!r}"
        peaks = clip.overview().tobytes()
        lead, lead_from, lead_to = clip.wav(0.0, LEAD_S)
        header: dict[str, Any] = {
            "type": "audio",
            "duration": clip.duration,
            "sample_rate": clip.sample_rate,
            "channels": clip.channels,
            "peak_bytes": len(peaks),
            "lead": [lead_from, lead_to],
            "chunk_s": CHUNK_S,
            "name": Path(clip.path).name if clip.path else "",
        }
        if callable(self.transcribe):
            header["transcript"] = str(self.transcribe(clip.read(), clip.sample_rate) or "")
        if self.preannotate is not None:
            found = self.preannotate(clip.read(), clip.sample_rate)
            header["pre"] = pre_regions(found, clip.duration, self.region_labels, where)
        return header, peaks + lead

    def actions(self) -> list[Action]:
        labels = label_actions(self.all_labels, self.keys, saves="the label" if self.quick else "")
        extra = [*PLAY_ACTIONS, *(REGION_ACTIONS if self.regions else ())]
        if self.transcribe or self.regions:
            extra.append(TEXT_ACTION)
        return [*labels, *extra, *([] if self.quick else [SUBMIT])]
