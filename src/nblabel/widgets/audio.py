"""Audio on the seam: clip labels, regions (speakers, events, words) and transcripts.

``Audio`` is the task (plain Python); ``AudioLabeler`` is the widget users build; the browser
side is ``js/tasks/audio.ts``. A value is ``{"labels": [clip labels], "regions": [{start, end,
label, text, source[, accepted]}], "transcript": str}`` in seconds of the original file.
Each item carries its overview peaks and the first seconds of sound; the rest (detail peaks
for a zoomed view, later playback slices) comes on request through the task's own messages.
"""

from __future__ import annotations

import math
import os
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pandas as pd
import traitlets as t

from nblabel.items import ItemSource
from nblabel.items._audio import CHUNK_S, LEAD_S, Clip, energy_vad, is_audio_value, open_clip
from nblabel.items._audio_regions import check_region, pre_regions
from nblabel.store import LabelStore
from nblabel.widgets._base import _BaseLabeler
from nblabel.widgets._keys import Action, label_actions, two_label_sets
from nblabel.widgets._protocol import MessageSpec, Reply
from nblabel.widgets._task import Handler, Task, pre_annotation_meta

__all__ = ["Audio", "AudioLabeler", "energy_vad"]

#: A model run on an item's samples (mono float32) and sample rate.
AudioModel = Callable[[np.ndarray, int], Any]
#: Clips whose peaks and headers stay cached (a long file's pyramid is a few MB).
CACHED_CLIPS = 16

PEAKS = MessageSpec("peaks", ("id", "from_s", "to_s", "bins"))
AUDIO = MessageSpec("audio", ("id", "from_s"))
SPECTROGRAM = MessageSpec("spectrogram", ("id", "from_s", "to_s", "columns"))

#: Keys beside the label keys; candidates in order of preference (``widgets/_keys.py``).
PLAY_ACTIONS = (
    Action("play", (" ",), "play / pause"),
    Action("seek_back", ("ArrowLeft",), "back 1 s (Shift: 5 s)"),
    Action("seek_fwd", ("ArrowRight",), "forward 1 s (Shift: 5 s)"),
    Action("seek_back_far", ("Shift+ArrowLeft",), "back 5 s"),
    Action("seek_fwd_far", ("Shift+ArrowRight",), "forward 5 s"),
    Action("slower", ("<", ","), "slower"),
    Action("faster", (">", "."), "faster"),
    Action("replay", ("r", "R"), "replay region / selection"),
    Action("zoom_in", ("=", "+"), "zoom in"),
    Action("zoom_out", ("-", "_"), "zoom out"),
    Action("spectrogram", ("v", "V"), "waveform / spectrogram", optional=True),
)
REGION_ACTIONS = (
    Action("mark_in", ("[",), "mark in at playhead (or move region start)"),
    Action("mark_out", ("]",), "mark out at playhead (or move region end)"),
    Action("region_next", ("Tab",), "next region", optional=True),
    Action("region_prev", ("Shift+Tab",), "previous region", optional=True),
    Action("remove", ("Delete", "Backspace"), "delete region"),
    Action("accept_pre", ("a", "y"), "accept pre-annotation"),
    Action("accept_all", ("A", "Y"), "accept all pre-annotations"),
    Action("reject_pre", ("x", "n"), "reject pre-annotation"),
    Action("reject_all", ("X", "N"), "reject all pre-annotations"),
    Action("clear", ("Escape",), "clear selection"),
)
TEXT_ACTION = Action("text", ("t", "T"), "type text: region or transcript (Esc leaves)")
SUBMIT = Action("submit", ("Enter",), "save, next clip", saves="the clip's labels and regions")


class Audio(Task):
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


class AudioLabeler(_BaseLabeler):
    """Listen to, see and label audio clips of a DataFrame column, keyboard first.

    Parameters
    ----------
    df : DataFrame
        The clips; its index values are the item ids the store records.
    column : str
        File paths (wav, flac, ogg; mp3 where libsndfile reads it), the files' bytes, or
        ``(numpy array, sample_rate)`` tuples. An unreadable item shows as an error item
        naming it; the others can still be labeled.
    labels : list of str
        With ``regions=False``, labels of the whole clip (keys 1-9 pick them, as in
        ``Labeler``); with ``regions=True``, labels of regions (speakers, events, words).
    store : LabelStore or path, optional
        Where values are written; an in-memory store when omitted.
    regions : bool
        Mark regions (drag on the waveform, or ``[`` and ``]`` at the playhead), label them
        with the label keys, save with Enter.
    multi : bool
        Several clip labels per clip (keys toggle, Enter saves).
    keys : list of str, optional
        One single-character key per label.
    clip_labels, clip_keys : list of str, optional
        With ``regions=True``, labels for the whole clip beside the region labels.
    transcribe : bool or callable
        Show a transcript box; a function ``fn(samples, sample_rate) -> str`` (an ASR model)
        pre-fills it for you to correct.
    preannotate : callable, optional
        ``fn(samples, sample_rate)`` gives regions ``(start_s, end_s, label[, score])``
        (e.g. ``energy_vad``), shown dashed until accepted (``a``) or rejected (``x``).
    instructions : str, optional
        Guidance shown above the clip, as plain text.
    task : str, optional
        The store's task name these values belong to.
    """

    regions = t.Bool(False, read_only=True).tag(sync=True)
    """Whether clips take regions (otherwise labels are whole-clip labels)."""
    multi = t.Bool(False, read_only=True).tag(sync=True)
    """Whether a clip takes several clip labels."""
    clip_labels = t.List(t.Unicode(), read_only=True).tag(sync=True)
    """Labels of the whole clip (the last entries of ``labels``)."""
    transcribe = t.Bool(False, read_only=True).tag(sync=True)
    """Whether a transcript box is shown."""

    def __init__(
        self,
        df: pd.DataFrame,
        column: str,
        *,
        labels: Sequence[str],
        store: LabelStore | str | os.PathLike[str] | None = None,
        regions: bool = False,
        multi: bool = False,
        keys: Sequence[str] | None = None,
        clip_labels: Sequence[str] | None = None,
        clip_keys: Sequence[str] | None = None,
        transcribe: bool | AudioModel = False,
        preannotate: AudioModel | None = None,
        instructions: str | None = None,
        task: str | None = None,
    ) -> None:
        labels, keys, clips, clip_keys = two_label_sets(labels, keys, clip_labels, clip_keys)
        if clips and not regions:
            raise ValueError(
                "clip_labels is for regions=True; without regions, labels are clip labels"
            )
        every = [*labels, *clips]
        if preannotate is not None and not callable(preannotate):
            raise TypeError(
                f"preannotate must be a function of (samples, rate), not {preannotate!r}"
            )
        if preannotate is not None and not regions:
            raise ValueError("preannotate gives regions: pass regions=True")
        if not isinstance(transcribe, bool) and not callable(transcribe):
            raise TypeError(f"transcribe must be True, False or a function, not {transcribe!r}")
        source = ItemSource(df, column)
        for item_id, value in zip(source.ids, source.values, strict=True):
            if not is_audio_value(value):
                raise TypeError(
                    f"item {item_id!r}: column {column!r} holds {type(value).__name__}; give "
                    "file paths, bytes, or (numpy array, sample_rate)"
                )
        spec = Audio(
            source,
            labels,
            keys,
            regions=regions,
            clip_labels=clips,
            clip_keys=clip_keys,
            multi=multi,
            transcribe=transcribe,
            preannotate=preannotate,
        )
        self.set_trait("regions", bool(regions))
        self.set_trait("multi", bool(multi))
        self.set_trait("clip_labels", spec.clip_labels)
        self.set_trait("transcribe", bool(transcribe))
        super().__init__(spec, every, store=store, task_name=task, instructions=instructions)
        self._audio = spec

    def records(self) -> list[dict[str, Any]]:
        """Every item with a value, in DataFrame order: ``{id, audio, duration, labels,
        regions, transcript}`` (``audio`` is the file path, or None for bytes and arrays).

        What ``nblabel.io.audio`` writes; ``duration`` is the file's real length.
        """
        out = []
        for row, item_id in enumerate(self._audio.ids):
            value = self.current(item_id)
            if value is None:
                continue
            clip = self._audio.clip(row)
            out.append({"id": item_id, "audio": clip.path, "duration": clip.duration, **value})
        return out

    def export(
        self,
        path: str | os.PathLike[str],
        format: str | None = None,
        *,
        audio_dir: str | os.PathLike[str] | None = None,
    ) -> Path:
        """Write the labels to ``path``: "csv" (regions), "label-studio" (.json), "rttm", or
        "manifest" (.jsonl, NeMo ASR); ``format`` defaults from the suffix. Items given as
        bytes or arrays are written as WAV files into ``audio_dir`` when a format needs a file.
        """
        from nblabel.io import audio as io_audio

        records = self.records()
        if audio_dir is not None:
            records = io_audio.with_files(records, self._audio.clip_of, audio_dir)
        return io_audio.write(records, path, format=format)
