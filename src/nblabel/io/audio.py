"""Audio labels out: a regions CSV, Label Studio JSON, RTTM (pyannote) and a NeMo ASR manifest.

Records are what ``AudioLabeler.records()`` gives: ``{id, audio, duration, labels, regions,
transcript}`` with regions in seconds of the original file.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from nblabel.items._audio import Clip

Record = dict[str, Any]
FORMATS = ("csv", "label-studio", "rttm", "manifest")
_SUFFIXES = {".csv": "csv", ".json": "label-studio", ".rttm": "rttm", ".jsonl": "manifest"}
CSV_COLUMNS = ("id", "audio", "start", "end", "label", "text", "source", "accepted")


def write(
    records: Iterable[Record], path: str | os.PathLike[str], format: str | None = None
) -> Path:
    """Write ``records`` to ``path`` as ``format`` (by default from the suffix); return the path."""
    out = Path(path)
    fmt = format.lower() if format else _SUFFIXES.get(out.suffix.lower())
    if fmt not in FORMATS:
        raise ValueError(f"cannot tell the format of {str(out)!r}: pass format= one of {FORMATS}")
    records = list(records)
    if fmt == "csv":
        with out.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(CSV_COLUMNS)
            writer.writerows(to_rows(records))
    elif fmt == "label-studio":
        out.write_text(json.dumps(to_label_studio(records), indent=1, ensure_ascii=False), "utf-8")
    elif fmt == "rttm":
        out.write_text(to_rttm(records), encoding="utf-8")
    else:
        lines = (json.dumps(line, ensure_ascii=False) for line in to_manifest(records))
        out.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return out


def to_rows(records: Iterable[Record]) -> list[tuple[Any, ...]]:
    """One row per region: id, audio, start, end, label, text, source, accepted."""
    return [
        (
            r["id"],
            r.get("audio") or "",
            g["start"],
            g["end"],
            g["label"],
            g.get("text", ""),
            g.get("source", "human"),
            "" if g.get("source") != "model" else bool(g.get("accepted")),
        )
        for r in records
        for g in r.get("regions", [])
    ]


def to_label_studio(records: Iterable[Record]) -> list[dict[str, Any]]:
    """Label Studio tasks with ``data.audio``: ``labels`` results (``start``/``end`` in seconds),
    a ``textarea`` per region text and for the transcript, ``choices`` for clip labels.

    Names match a labeling config of ``<Audio name="audio">``, ``<Labels name="label">``,
    ``<TextArea name="transcription" perRegion="true">``, ``<TextArea name="transcript">`` and
    ``<Choices name="clip_labels">``.
    """
    out = []
    for r in records:
        result: list[dict[str, Any]] = []
        for i, g in enumerate(r.get("regions", [])):
            where = {"start": g["start"], "end": g["end"], "channel": 0}
            common = {"id": f"r{i}", "to_name": "audio", "original_length": r.get("duration")}
            origin = "prediction" if g.get("source") == "model" else "manual"
            result.append(
                {
                    **common,
                    "from_name": "label",
                    "type": "labels",
                    "origin": origin,
                    "value": {**where, "labels": [g["label"]]},
                }
            )
            if g.get("text"):
                value = {**where, "text": [g["text"]]}
                result.append(
                    {**common, "from_name": "transcription", "type": "textarea", "value": value}
                )
        if r.get("transcript"):
            result.append(
                {
                    "id": "transcript",
                    "from_name": "transcript",
                    "to_name": "audio",
                    "type": "textarea",
                    "value": {"text": [r["transcript"]]},
                }
            )
        if r.get("labels"):
            result.append(
                {
                    "id": "clip",
                    "from_name": "clip_labels",
                    "to_name": "audio",
                    "type": "choices",
                    "value": {"choices": list(r["labels"])},
                }
            )
        data = {"audio": r.get("audio") or "", "id": r["id"]}
        out.append({"data": data, "annotations": [{"result": result}]})
    return out


def rttm_name(text: str) -> str:
    """A name RTTM can hold: whitespace (the field separator) becomes ``_``."""
    name = re.sub(r"\s+", "_", str(text).strip())
    if not name:
        raise ValueError(f"{text!r} gives an empty RTTM name")
    return name


def to_rttm(records: Iterable[Record]) -> str:
    """RTTM ``SPEAKER`` lines (10 space-separated fields) for every region, by file.

    The file id (uri) is the audio file's stem, or the item id for bytes and arrays; speaker
    names are region labels with whitespace replaced by ``_``. Two items with one uri are
    refused (their speakers would merge).
    """
    lines: list[str] = []
    seen: dict[str, Any] = {}
    for r in records:
        uri = rttm_name(Path(r["audio"]).stem if r.get("audio") else r["id"])
        if uri in seen and seen[uri] != r["id"]:
            raise ValueError(f"items {seen[uri]!r} and {r['id']!r} would both be RTTM file {uri!r}")
        seen[uri] = r["id"]
        for g in r.get("regions", []):
            duration = g["end"] - g["start"]
            speaker = rttm_name(g["label"])
            lines.append(
                f"SPEAKER {uri} 1 {g['start']:.3f} {duration:.3f} <NA> <NA> {speaker} <NA> <NA>"
            )
    return "".join(f"{line}\n" for line in lines)


def to_manifest(records: Iterable[Record], *, segments: bool = False) -> list[dict[str, Any]]:
    """NeMo ASR manifest lines: ``audio_filepath`` (absolute), ``duration`` (the file's real
    length, seconds) and ``text`` (the transcript, else the region texts in time order).

    ``segments=True`` writes one line per region with text instead, with ``offset`` and the
    region's ``duration``, as NeMo reads segments of a longer file.
    """
    out = []
    for r in records:
        if not r.get("audio"):
            raise ValueError(
                f"item {r['id']!r} has no audio file for the manifest: export with audio_dir=..."
            )
        path = str(Path(r["audio"]).resolve())
        if segments:
            for g in r.get("regions", []):
                if g.get("text"):
                    offset, length = g["start"], round(g["end"] - g["start"], 4)
                    line = {"audio_filepath": path, "offset": offset, "duration": length}
                    out.append({**line, "text": g["text"]})
            continue
        words = [g["text"] for g in r.get("regions", []) if g.get("text")]
        text = r.get("transcript") or " ".join(words)
        out.append({"audio_filepath": path, "duration": round(r["duration"], 4), "text": text})
    return out


def with_files(
    records: Iterable[Record], clip_of: Callable[[Any], Clip], audio_dir: str | os.PathLike[str]
) -> list[Record]:
    """Records whose items came as bytes or arrays, written as ``audio_dir/<id>.wav``."""
    import soundfile as sf

    folder = Path(audio_dir)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for r in records:
        if not r.get("audio"):
            clip = clip_of(r["id"])
            target = folder / f"{rttm_name(r['id'])}.wav"
            sf.write(target, clip.read(), clip.sample_rate, subtype="PCM_16")
            r = {**r, "audio": str(target)}
        out.append(r)
    return out
