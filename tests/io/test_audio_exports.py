"""Audio exports read back by their consumers: pyannote's load_rttm, NeMo's manifest rules,
Label Studio's audio result shape, and a plain CSV reader."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import soundfile as sf

from nblabel import AudioLabeler
from nblabel.io.audio import to_rttm

RATE = 16_000


@pytest.fixture
def labeled(tmp_path) -> AudioLabeler:
    paths = []
    for name, seconds in [("meeting one", 4.0), ("call", 2.5)]:  # a space in a file name
        path = tmp_path / f"{name}.wav"
        sf.write(path, np.zeros(int(seconds * RATE), np.float32), RATE)
        paths.append(str(path))
    # An odd length: the manifest's duration must be the file's, not a rounded guess.
    odd = tmp_path / "odd.flac"
    sf.write(odd, np.zeros(12_345, np.float32), 8000)
    df = pd.DataFrame({"audio": [*paths, str(odd)]}, index=["m1", "c1", "o1"])
    w = AudioLabeler(df, "audio", labels=["Speaker A", "bob"], regions=True, transcribe=True)
    w.write_model_labels(
        {
            "m1": {
                "regions": [
                    {"start": 0.5, "end": 2.25, "label": "Speaker A", "text": "hello there"},
                    {"start": 2.0, "end": 3.9, "label": "bob", "text": "hi"},  # overlaps
                ],
                "transcript": "hello there hi",
            },
            "c1": {"regions": [(0.0, 2.5, "bob", "yes")]},
            "o1": {"regions": [], "transcript": "nothing"},
        },
        annotator="test",
    )
    return w


def test_rttm_reads_back_with_pyannote_every_line_kept(labeled, tmp_path) -> None:
    load_rttm = pytest.importorskip("pyannote.database.util").load_rttm
    path = labeled.export(tmp_path / "out.rttm")
    lines = path.read_text().splitlines()
    assert all(len(line.split(" ")) == 10 for line in lines)  # load_rttm drops any other line
    annotations = load_rttm(path)
    assert set(annotations) == {"meeting_one", "call"}
    meeting = annotations["meeting_one"]
    got = sorted(
        (round(s.start, 3), round(s.end, 3), label)
        for s, _, label in meeting.itertracks(yield_label=True)
    )
    assert got == [(0.5, 2.25, "Speaker_A"), (2.0, 3.9, "bob")]
    assert len(lines) == sum(len(list(a.itertracks())) for a in annotations.values())


def test_rttm_refuses_two_items_with_one_file_id() -> None:
    records = [
        {"id": 1, "audio": "/a/x.wav", "regions": []},
        {"id": 2, "audio": "/b/x.flac", "regions": []},
    ]
    with pytest.raises(ValueError, match="items 1 and 2 would both be RTTM file 'x'"):
        to_rttm(records)


def nemo_items(path: Path) -> list[dict]:
    """NeMo's manifest rules (``collections.asr.parts.preprocessing.manifest``): one JSON object
    per line; ``audio_filepath`` (or ``audio_file``), ``duration`` required, ``text`` or
    ``normalized_text``; ``offset`` optional. NeMo itself is a multi-GB install, so the rules
    are checked here."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        audio = item.get("audio_filepath", item.get("audio_file"))
        assert isinstance(audio, str) and Path(audio).is_absolute() and Path(audio).is_file()
        assert isinstance(item["duration"], float)
        assert isinstance(item.get("text", item.get("normalized_text")), str)
        items.append(item)
    return items


def test_manifest_durations_are_the_files_real_lengths(labeled, tmp_path) -> None:
    items = nemo_items(labeled.export(tmp_path / "train.jsonl"))
    assert [i["text"] for i in items] == ["hello there hi", "yes", "nothing"]
    for item in items:
        info = sf.info(item["audio_filepath"])
        assert abs(item["duration"] - info.frames / info.samplerate) <= 0.01


def test_manifest_segments_carry_offsets(labeled, tmp_path) -> None:
    from nblabel.io.audio import to_manifest

    lines = to_manifest(labeled.records(), segments=True)
    assert [(x["offset"], x["duration"], x["text"]) for x in lines] == [
        (0.5, 1.75, "hello there"),
        (2.0, 1.9, "hi"),
        (0.0, 2.5, "yes"),
    ]


def test_label_studio_results_are_labels_in_seconds(labeled, tmp_path) -> None:
    tasks = json.loads(labeled.export(tmp_path / "ls.json").read_text())
    first = tasks[0]
    assert first["data"]["audio"].endswith("meeting one.wav")
    labels = [r for r in first["annotations"][0]["result"] if r["type"] == "labels"]
    assert [(r["value"]["start"], r["value"]["end"], r["value"]["labels"]) for r in labels] == [
        (0.5, 2.25, ["Speaker A"]),
        (2.0, 3.9, ["bob"]),
    ]
    assert all(r["from_name"] == "label" and r["to_name"] == "audio" for r in labels)
    texts = [r["value"] for r in first["annotations"][0]["result"] if r["type"] == "textarea"]
    assert {"start": 0.5, "end": 2.25, "channel": 0, "text": ["hello there"]} in texts
    assert {"text": ["hello there hi"]} in texts


def test_regions_csv_has_one_row_per_region(labeled, tmp_path) -> None:
    with labeled.export(tmp_path / "r.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["id"], float(r["start"]), float(r["end"]), r["label"], r["text"]) for r in rows] == [
        ("m1", 0.5, 2.25, "Speaker A", "hello there"),
        ("m1", 2.0, 3.9, "bob", "hi"),
        ("c1", 0.0, 2.5, "bob", "yes"),
    ]


def test_arrays_are_written_as_files_when_a_format_needs_one(tmp_path) -> None:
    df = pd.DataFrame({"audio": [(np.zeros(8000, np.float32), 8000)]}, index=["arr 1"])
    w = AudioLabeler(df, "audio", labels=["x"], regions=True, transcribe=True)
    w.write_model_labels({"arr 1": {"transcript": "quiet"}}, annotator="t")
    with pytest.raises(ValueError, match="item 'arr 1' has no audio file for the manifest"):
        w.export(tmp_path / "m.jsonl")
    items = nemo_items(w.export(tmp_path / "m.jsonl", audio_dir=tmp_path / "wavs"))
    assert Path(items[0]["audio_filepath"]).name == "arr_1.wav" and items[0]["duration"] == 1.0
