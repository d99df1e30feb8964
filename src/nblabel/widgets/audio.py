"""Audio on the seam: clip labels, regions (speakers, events, words) and transcripts.

``Audio`` is the task (plain Python, ``_audio_task.py``; its keys in ``_audio_keys.py``, its
own messages in ``_audio_requests.py``); ``AudioLabeler``, here, is the widget users build; the
browser side is ``js/tasks/audio.ts``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import traitlets as t

from nblabel.items import ItemSource
from nblabel.items._audio import energy_vad, is_audio_value
from nblabel.store import LabelStore
from nblabel.widgets._audio_task import Audio, AudioModel
from nblabel.widgets._base import _BaseLabeler
from nblabel.widgets._keys import two_label_sets

__all__ = ["Audio", "AudioLabeler", "energy_vad"]


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
