"""Audio items without a browser: lengths from soundfile, the peak pyramid, playback slices, VAD."""

from __future__ import annotations

import io

import numpy as np
import pytest
import soundfile as sf

from nblabel.items._audio import BASE_BIN, OVERVIEW_BINS, energy_vad, open_clip

RATE = 16_000


def tone(seconds: float, freq: float = 440.0, amp: float = 0.5, rate: int = RATE) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


@pytest.mark.parametrize(
    ("fmt", "subtype"), [("WAV", "PCM_16"), ("FLAC", "PCM_16"), ("OGG", "VORBIS")]
)
def test_files_report_their_real_length_without_decoding(tmp_path, fmt, subtype) -> None:
    path = tmp_path / f"a.{fmt.lower()}"
    sf.write(path, np.stack([tone(2.5), tone(2.5, 220)], axis=1), RATE, format=fmt, subtype=subtype)
    clip = open_clip(str(path), "a")
    assert clip.sample_rate == RATE and clip.channels == 2
    assert clip.duration == pytest.approx(2.5, abs=0.01)
    assert clip._samples is None  # only the header was read
    assert clip.read(0, 100).shape == (100,)  # mixed down to mono


def test_bytes_and_arrays_are_items_too() -> None:
    buf = io.BytesIO()
    sf.write(buf, tone(1.0), RATE, format="WAV")
    assert open_clip(buf.getvalue(), 1).duration == pytest.approx(1.0)
    ints = (tone(0.5) * 32767).astype(np.int16)
    clip = open_clip((ints, RATE), 2)
    assert clip.duration == pytest.approx(0.5) and np.abs(clip.read()).max() == pytest.approx(
        0.5, abs=1e-3
    )
    channels_first = np.stack([tone(1.0), tone(1.0)])  # (2, frames)
    assert open_clip((channels_first, RATE), 3).frames == RATE


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (b"not audio at all", r"item 'x': audio bytes \(16 bytes\) cannot be read"),
        (
            "/nowhere/missing.wav",
            r"item 'x': audio file '/nowhere/missing.wav' cannot be read \(no such file\)",
        ),
        ((np.zeros((2, 2, 2)), RATE), r"item 'x': audio array cannot be read .*shape"),
        ((np.array([0.0, np.nan]), RATE), "NaN"),
    ],
)
def test_unreadable_audio_names_the_item(value, message) -> None:
    with pytest.raises(ValueError, match=message):
        open_clip(value, "x")


def test_a_text_file_named_wav_names_the_item(tmp_path) -> None:
    path = tmp_path / "fake.wav"
    path.write_text("hello")
    with pytest.raises(ValueError, match=r"item 7: audio file '.*fake.wav' cannot be read"):
        open_clip(str(path), 7)


def test_overview_peaks_follow_the_envelope_scaled_to_the_loudest_sample(tmp_path) -> None:
    x = np.concatenate([tone(1.0, amp=0.2), np.zeros(RATE, np.float32), tone(1.0, amp=0.8)])
    path = tmp_path / "env.wav"
    sf.write(path, x, RATE)
    peaks = open_clip(str(path), "e").overview().reshape(-1, 2)
    assert len(peaks) == OVERVIEW_BINS
    third = OVERVIEW_BINS // 3
    assert peaks[: third - 5, 1].max() == pytest.approx(127 * 0.25, abs=2)
    assert np.abs(peaks[third + 5 : 2 * third - 5]).max() <= 1
    assert peaks[-third + 5 :, 1].max() == 127 and peaks[-third + 5 :, 0].min() == -127


def test_detail_peaks_of_a_range_come_from_the_pyramid_or_the_samples(tmp_path) -> None:
    rate = 8000
    x = np.zeros(rate * 600, np.float32)  # ten minutes, one click at 300.0 s
    x[rate * 300] = 1.0
    x[rate * 300 + 1] = -0.5
    path = tmp_path / "long.wav"
    sf.write(path, x, rate)
    clip = open_clip(str(path), "l")
    levels = clip.pyramid()
    assert len(levels[0]) == -(-len(x) // BASE_BIN) and len(levels[-1]) <= OVERVIEW_BINS
    coarse = clip.peaks(290, 310, 100).reshape(-1, 2)  # 1600 frames a bin: a pyramid level
    assert coarse[50, 1] == 127 and np.count_nonzero(coarse[:, 1]) == 1
    fine = clip.peaks(299.99, 300.01, 160).reshape(-1, 2)  # one frame a bin: the file itself
    hit = np.flatnonzero(fine[:, 1] > 0)
    assert len(hit) == 1 and tuple(fine[hit[0] + 1]) == (-64, -64)  # the next frame: -0.5


def test_playback_slices_are_mono_wav_of_the_range_asked(tmp_path) -> None:
    path = tmp_path / "s.flac"
    sf.write(path, np.stack([tone(5.0), tone(5.0)], axis=1), RATE)
    data, a, b = open_clip(str(path), "s").wav(1.0, 2.5)
    back, rate = sf.read(io.BytesIO(data))
    assert (a, b, rate, back.ndim) == (1.0, 2.5, RATE, 1)
    assert len(back) == int(1.5 * RATE)
    data, a, b = open_clip(str(path), "s").wav(4.0, 34.0)  # clamped to the clip
    assert (a, b) == (4.0, 5.0)


def test_energy_vad_finds_the_loud_parts() -> None:
    silence = np.zeros(RATE // 2, np.float32)
    x = np.concatenate([silence, tone(1.0), silence, silence, tone(0.5, amp=0.3), silence])
    x += np.random.default_rng(0).normal(0, 0.001, len(x)).astype(np.float32)
    found = energy_vad(x, RATE)
    assert [(round(a, 1), round(b, 1), label) for a, b, label, _ in found] == [
        (0.5, 1.5, "speech"),
        (2.5, 3.0, "speech"),
    ]
    assert all(0 <= score <= 1 for *_, score in found)


def test_mp3_is_read_through_libsndfile_and_played_as_wav(tmp_path) -> None:
    if "MP3" not in sf.available_formats():
        pytest.skip(f"libsndfile {sf.__libsndfile_version__} reads no MP3")
    path = tmp_path / "a.mp3"
    sf.write(path, tone(2.0), RATE, format="MP3", subtype="MPEG_LAYER_III")
    clip = open_clip(str(path), "m")
    assert clip.duration == pytest.approx(2.0, abs=0.1)  # encoder padding, at most a frame or two
    data, _, _ = clip.wav(0, 1)
    assert data[:4] == b"RIFF"  # the browser gets WAV whatever the file was


def test_spectrogram_puts_a_tone_in_its_frequency_row_for_short_and_long_views(tmp_path) -> None:
    t = np.arange(RATE * 4) / RATE
    x = np.where(t < 2, np.sin(2 * np.pi * 1000 * t), np.sin(2 * np.pi * 5000 * t)).astype(
        np.float32
    )
    clip = open_clip((0.5 * x, RATE), "s")
    image = clip.spectrogram(0, 4, 100)
    rows = image.shape[0]
    assert image.shape == (128, 100) and image.dtype == np.uint8
    row = lambda hz: rows - 1 - int(hz / (RATE / 2) * rows)  # noqa: E731  (high frequencies first)
    assert abs(int(np.argmax(image[:, 10])) - row(1000)) <= 1
    assert abs(int(np.argmax(image[:, 90])) - row(5000)) <= 1
    path = tmp_path / "long.wav"
    sf.write(path, np.tile(0.5 * x, 20), RATE)  # 80 s: frames are read one by one
    long = open_clip(str(path), "l").spectrogram(0, 80, 40)
    assert abs(int(np.argmax(long[:, 0])) - row(1000)) <= 1
