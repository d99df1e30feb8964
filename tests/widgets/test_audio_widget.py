"""AudioLabeler without a browser: checks, tallies, keys, the wire (items, peaks, slices)."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
import soundfile as sf

from nblabel import AudioLabeler, LabelStore
from nblabel.items._audio import OVERVIEW_BINS
from nblabel.widgets.audio import energy_vad

RATE = 16_000
SPEAKERS = ["alice", "bob"]


def tone(seconds: float, freq: float = 440.0, amp: float = 0.5) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


@pytest.fixture
def clips(tmp_path) -> pd.DataFrame:
    a, c = tmp_path / "a.wav", tmp_path / "c.flac"
    sf.write(a, tone(3.0), RATE)
    sf.write(c, np.concatenate([np.zeros(RATE, np.float32), tone(1.0)]), RATE)
    broken = tmp_path / "b.wav"
    broken.write_bytes(b"RIFF....WAVEnot really")
    return pd.DataFrame({"audio": [str(a), str(broken), str(c)]}, index=["a", "b", "c"])


def test_clip_labels_work_like_classification(clips, wire) -> None:
    w = AudioLabeler(clips, "audio", labels=["music", "speech"])
    assert [(b["key"], b["action"]) for b in w.keymap[:3]] == [
        ("1", "label"),
        ("2", "label"),
        (" ", "play"),
    ]
    assert not any(b["action"] == "submit" for b in w.keymap)  # a label key saves
    send = wire(w)
    reply = send(kind="label", seq=1, pos=0, id="a", value={"labels": ["speech"]})
    assert reply["value"] == {"labels": ["speech"], "regions": [], "transcript": ""}
    assert w.counts == {"music": 0, "speech": 1}
    refused = send(kind="label", seq=2, pos=2, id="c", value={"labels": ["music", "speech"]})
    assert refused["kind"] == "error" and "multi=False allows one" in refused["message"]


def test_multi_clip_labels_are_confirmed_with_enter(clips) -> None:
    w = AudioLabeler(clips, "audio", labels=["music", "speech"], multi=True, transcribe=True)
    assert {"submit": "Enter", "text": "t"}.items() <= {
        b["action"]: b["key"] for b in w.keymap
    }.items()
    assert w._task.check(["speech", "music"], "a")["labels"] == ["music", "speech"]


def test_regions_are_checked_in_seconds_of_the_file_and_tallied(clips) -> None:
    w = AudioLabeler(clips, "audio", labels=SPEAKERS, regions=True, clip_labels=["noisy"])
    assert w.labels == [*SPEAKERS, "noisy"] and w.clip_labels == ["noisy"]
    value = w._task.check(
        {
            "labels": ["noisy"],
            "regions": [
                {"start": 1.5, "end": 2.999, "label": "bob", "text": "hi"},
                (0.2, 1.8, "alice"),  # overlapping regions are fine
            ],
        },
        "a",
    )
    assert [(r["start"], r["end"], r["label"], r["text"]) for r in value["regions"]] == [
        (0.2, 1.8, "alice", ""),
        (1.5, 2.999, "bob", "hi"),
    ]
    assert sorted(w._task.tally(value)) == ["alice", "bob", "noisy"]


@pytest.mark.parametrize(
    ("region", "message"),
    [
        (
            {"start": 2.0, "end": 3.5, "label": "bob"},
            r"item 'a': region 0 \(2-3.5 s\) is outside the clip \(0-3 s\)",
        ),
        ({"start": -0.1, "end": 1, "label": "bob"}, "outside the clip"),
        ({"start": 2.0, "end": 1.0, "label": "bob"}, "ends .* before it starts"),
        ({"start": 0.0, "end": 1.0, "label": "carol"}, "has label 'carol'"),
        ({"start": 0.0, "end": float("nan"), "label": "bob"}, "needs start and end"),
        ({"start": 0.0, "end": 1.0, "label": "bob", "color": 1}, "unknown fields"),
    ],
)
def test_a_bad_region_is_refused_naming_item_and_region(clips, region, message) -> None:
    w = AudioLabeler(clips, "audio", labels=SPEAKERS, regions=True)
    with pytest.raises(ValueError, match=message):
        w._task.check({"regions": [region]}, "a")


def test_a_region_outside_the_clip_is_refused_on_the_wire_and_not_stored(
    clips, wire, tmp_path
) -> None:
    store = LabelStore(tmp_path / "l.db")
    w = AudioLabeler(clips, "audio", labels=SPEAKERS, regions=True, store=store)
    send = wire(w)
    reply = send(
        kind="label",
        seq=1,
        pos=0,
        id="a",
        value={"regions": [{"start": 1, "end": 9, "label": "bob"}]},
    )
    assert (
        reply["kind"] == "error"
        and reply["item_id"] == "a"
        and "outside the clip" in reply["message"]
    )
    assert store.current() == {}


def test_items_carry_overview_peaks_and_the_first_seconds(clips, wire) -> None:
    w = AudioLabeler(clips, "audio", labels=SPEAKERS, regions=True)
    send = wire(w)
    state = send(kind="hello", count=3)
    a, b, c = state["items"]
    assert a["type"] == "audio" and a["duration"] == pytest.approx(3.0) and a["lead"] == [0.0, 3.0]
    data = wire_buffer(send, a)
    peaks = np.frombuffer(data[: a["peak_bytes"]], np.int8)
    assert len(peaks) == 2 * OVERVIEW_BINS and peaks.max() == 127
    lead, rate = sf.read(io.BytesIO(data[a["peak_bytes"] :]))
    assert rate == RATE and len(lead) == 3 * RATE
    # The broken file in the middle is an error item naming it; the queue goes on.
    assert (
        b["type"] == "error" and "item 'b': audio file" in b["message"] and "b.wav" in b["message"]
    )
    assert c["type"] == "audio" and c["name"] == "c.flac"


def wire_buffer(send, header) -> bytes:
    return bytes(send.last_buffers[header["buffer"]])


def test_detail_peaks_and_playback_slices_on_request(clips, wire) -> None:
    w = AudioLabeler(clips, "audio", labels=SPEAKERS, regions=True)
    send = wire(w)
    reply = send(kind="peaks", id="c", from_s=0.5, to_s=1.5, bins=400, req=7)
    assert (reply["kind"], reply["req"], reply["bins"]) == ("peaks", 7, 400)
    peaks = np.frombuffer(send.last_buffers[0], np.int8).reshape(-1, 2)
    assert np.abs(peaks[:190]).max() == 0 and peaks[210:, 1].min() > 100  # silence, then tone
    reply = send(kind="audio", id="c", from_s=1.25)
    assert (reply["from_s"], reply["to_s"]) == (1.25, 2.0)
    assert sf.info(io.BytesIO(send.last_buffers[0])).frames == int(0.75 * RATE)
    reply = send(kind="spectrogram", id="c", from_s=0, to_s=2, columns=50, req=8)
    assert (reply["rows"], reply["columns"], reply["req"]) == (128, 50, 8)
    image = np.frombuffer(send.last_buffers[0], np.uint8).reshape(128, 50)
    assert image[:, :20].max() < image[:, 30:].max()  # silence, then the tone
    bad = send(kind="peaks", id="b", from_s=0, to_s=1, bins=10)
    assert bad["kind"] == "error" and "item 'b'" in bad["message"]


def test_preannotations_and_transcripts_come_from_functions_of_the_samples(clips, wire) -> None:
    w = AudioLabeler(
        clips,
        "audio",
        labels=["speech", "noise"],
        regions=True,
        transcribe=lambda x, rate: f"{len(x) / rate:.1f} seconds",
        preannotate=lambda x, rate: energy_vad(x, rate),
    )
    send = wire(w)
    c = send(kind="need", start=2, count=1)["items"][0]
    assert c["transcript"] == "2.0 seconds"
    pre = c["pre"]  # 30 ms frames: within a frame of the tone's edges
    assert [
        (round(r["start"], 1), round(r["end"], 1), r["label"], r["source"], r["accepted"])
        for r in pre
    ] == [(1.0, 2.0, "speech", "model", False)]
    value = {"regions": [{**c["pre"][0], "accepted": True}], "transcript": "a tone"}
    send(kind="label", seq=1, pos=2, id="c", value=value)
    meta = w.store.history().iloc[-1]["meta"]
    assert meta["pre_annotations"] == {"kept": 1, "accepted": 1}


def test_arrays_and_bytes_are_items(wire) -> None:
    buf = io.BytesIO()
    sf.write(buf, tone(1.0), RATE, format="FLAC")
    df = pd.DataFrame({"audio": [(tone(2.0), RATE), buf.getvalue()]})
    w = AudioLabeler(df, "audio", labels=["x"])
    items = wire(w)(kind="hello", count=2)["items"]
    assert [round(i["duration"], 3) for i in items] == [2.0, 1.0]


def test_constructor_refuses_bad_arguments(clips) -> None:
    with pytest.raises(TypeError, match=r"item 1: column 'audio' holds int"):
        AudioLabeler(pd.DataFrame({"audio": ["a.wav", 3]}), "audio", labels=["x"])
    with pytest.raises(ValueError, match="preannotate gives regions"):
        AudioLabeler(clips, "audio", labels=["x"], preannotate=energy_vad)
    with pytest.raises(ValueError, match="clip_labels is for regions=True"):
        AudioLabeler(clips, "audio", labels=["x"], clip_labels=["y"])
    with pytest.raises(ValueError, match="more than one label"):
        AudioLabeler(clips, "audio", labels=["x"], regions=True, clip_keys=["1"], clip_labels=["y"])


def test_preannotations_past_the_end_are_cut_and_bad_ones_name_the_item(clips, wire) -> None:
    found = [(2.5, 3.2, "speech"), (3.5, 4.0, "speech")]  # a is 3 s long
    w = AudioLabeler(
        clips, "audio", labels=["speech"], regions=True, preannotate=lambda x, r: found
    )
    a = wire(w)(kind="hello", count=1)["items"][0]
    assert [(r["start"], r["end"]) for r in a["pre"]] == [(2.5, 3.0)]
    found[:] = [(0.0, 1.0, "music")]
    item = wire(w)(kind="need", start=0, count=1)["items"][0]
    assert item["type"] == "error" and "item 'a' (pre-annotations): region 0" in item["message"]
