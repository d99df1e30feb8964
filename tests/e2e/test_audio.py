"""AudioLabeler end to end: keys, drags and typing in JupyterLab (playback and regions in
Notebook 7 too); seconds read back from SQLite.

Clips are synthesized in the fixture notebook with numpy and soundfile (no apt package, no
download). Headless Chromium plays silently: playback is checked through the media element's
``paused`` and ``currentTime``, never by ear. Waits are Playwright's auto-waiting assertions,
``wait_for_function`` and deadline polls of the store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import harness
import pytest
from playwright.sync_api import expect
from test_classify import current_item, wait_saved, wait_store

pytestmark = pytest.mark.e2e

PLAYER = ".nblabel audio.nbl-audio-player"
WAVE = ".nblabel .nbl-audio-wave"


def cells(
    store_path: Path, clips: dict[str, float], broken: tuple[str, ...] = (), **options: str
) -> list[str]:
    """A notebook with an AudioLabeler over tones of the given lengths (and broken files)."""
    extra = "".join(f", {k}={v}" for k, v in options.items())
    return [
        "import numpy as np, pandas as pd, soundfile as sf, tempfile, pathlib\nimport nblabel\n"
        "folder = pathlib.Path(tempfile.mkdtemp())",
        f"paths = {{}}\nfor name, seconds in {clips!r}.items():\n"
        "    t = np.arange(int(seconds * 16000)) / 16000\n"
        "    x = 0.4 * np.sin(2 * np.pi * 220 * t) * (np.sin(2 * np.pi * 0.5 * t) > 0)\n"
        "    paths[name] = str(folder / f'{name}.wav')\n"
        "    sf.write(paths[name], x.astype('float32'), 16000)\n"
        f"for name in {list(broken)!r}:\n"
        "    paths[name] = str(folder / f'{name}.wav')\n"
        "    pathlib.Path(paths[name]).write_bytes(b'RIFF0000WAVEbroken')\n"
        f"order = {[*clips, *broken]!r}\n"
        "df = pd.DataFrame({'audio': [paths[n] for n in sorted(order)]}, index=sorted(order))",
        f"store = nblabel.LabelStore({str(store_path)!r})\n"
        f"w = nblabel.AudioLabeler(df, 'audio', store=store{extra})\nw",
    ]


def player(page: Any) -> dict[str, Any]:
    return page.locator(PLAYER).evaluate("(a) => ({paused: a.paused, time: a.currentTime})")


def playhead(page: Any) -> float:
    return float(page.locator(".nblabel .nbl-audio-playhead").get_attribute("data-time"))


def wave_x(page: Any, seconds: float, duration: float) -> tuple[float, float]:
    box = page.locator(WAVE).bounding_box()
    return box["x"] + box["width"] * seconds / duration, box["y"] + box["height"] / 2


def stored(path: Path, item_id: str) -> dict[str, Any]:
    with wait_store(path, lambda s: item_id in s.current()) as store:
        return store.current()[item_id]


# ----------------------------------------------------------------------------------- tests


@pytest.mark.parametrize("ui", ["lab", "notebook"])
def test_space_plays_and_pauses(page, notebook, store_path: Path, ui: str) -> None:
    notebook(cells(store_path, {"a": 4.0}, labels="['music', 'speech']"), ui=ui)
    expect(page.locator(f"{WAVE}[data-painted]")).to_be_attached()
    harness.focus_widget(page)
    assert player(page)["paused"] is True
    page.keyboard.press(" ")
    page.wait_for_function(
        f"() => {{ const a = document.querySelector('{PLAYER}');"
        " return !a.paused && a.currentTime > 0.3; }"
    )
    page.keyboard.press(" ")
    expect(page.locator(".nblabel .nbl-audio[data-playing='false']")).to_be_attached()
    paused = player(page)
    assert paused["paused"] is True and paused["time"] > 0.3
    page.keyboard.press(">")  # faster: the element's rate follows
    assert page.locator(PLAYER).evaluate("(a) => a.playbackRate") == 1.25


@pytest.mark.parametrize("ui", ["lab", "notebook"])
def test_a_region_by_keys_then_a_region_by_dragging_and_resizing(
    page, notebook, store_path: Path, ui: str
) -> None:
    notebook(
        cells(store_path, {"a": 4.0, "b": 2.0}, labels="['alice', 'bob']", regions="True"), ui=ui
    )
    expect(current_item(page, "a", 0)).to_be_visible()
    harness.focus_widget(page)
    for key in ["ArrowRight", "[", "ArrowRight", "ArrowRight"]:  # in at 1 s, out at 3 s
        page.keyboard.press(key)
    expect(page.locator(".nblabel .nbl-audio-hint")).to_have_text("from 1.00 s: ] marks the end")
    page.keyboard.press("]")
    page.keyboard.press("1")
    expect(page.locator('.nblabel .nbl-audio-region[data-label="alice"]')).to_have_count(1)
    # Drag from 0.5 s to 1.5 s, label it bob, then drag its end out to 3.5 s (overlapping).
    page.mouse.move(*wave_x(page, 0.5, 4.0))
    page.mouse.down()
    page.mouse.move(*wave_x(page, 1.5, 4.0), steps=5)
    page.mouse.up()
    page.keyboard.press("2")
    bob = page.locator('.nblabel .nbl-audio-region[data-label="bob"]')
    expect(bob).to_have_count(1)
    end = bob.locator('[data-edge="end"]').bounding_box()
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2)
    page.mouse.down()
    page.mouse.move(*wave_x(page, 3.5, 4.0), steps=5)
    page.mouse.up()
    page.keyboard.press("Enter")
    expect(current_item(page, "b", 1)).to_be_visible()
    wait_saved(page)
    regions = stored(store_path, "a")["regions"]
    got = [(r["label"], r["start"], r["end"]) for r in regions]
    assert [g[0] for g in got] == ["bob", "alice"], got
    (_, b0, b1), (_, a0, a1) = got
    assert (a0, a1) == pytest.approx((1.0, 3.0), abs=0.01)  # keys: exact to the playhead
    assert (b0, b1) == pytest.approx((0.5, 3.5), abs=0.05)  # mouse: within a few pixels


def test_keys_typed_in_the_transcript_are_text(page, notebook, store_path: Path) -> None:
    notebook(
        cells(
            store_path,
            {"a": 2.0, "b": 2.0},
            labels="['ok', 'bad']",
            transcribe="lambda x, rate: 'helo world'",
        )
    )
    expect(current_item(page, "a", 0)).to_be_visible()
    harness.focus_widget(page)
    box = page.locator(".nblabel .nbl-audio-transcript")
    expect(box).to_have_value("helo world")
    page.keyboard.press("t")
    expect(box).to_be_focused()
    page.keyboard.press("Control+a")
    page.keyboard.type("hello world 1 s u")  # label, skip and undo keys: all text here
    page.keyboard.press("Escape")
    expect(box).not_to_be_focused()
    expect(current_item(page, "a", 0)).to_be_visible()
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    expect(current_item(page, "b", 1)).to_be_visible()
    wait_saved(page)
    assert stored(store_path, "a") == {
        "labels": ["ok"],
        "regions": [],
        "transcript": "hello world 1 s u",
    }


def test_a_broken_file_in_the_middle_is_an_error_item_and_the_session_goes_on(
    page, notebook, store_path: Path
) -> None:
    notebook(cells(store_path, {"a": 1.0, "c": 1.0}, broken=("b",), labels="['music', 'speech']"))
    expect(current_item(page, "a", 0)).to_be_visible()
    harness.focus_widget(page)
    page.keyboard.press("2")
    item = current_item(page, "b", 1)
    expect(item).to_have_attribute("data-kind", "error")
    expect(page.locator(".nblabel .nbl-audio-error")).to_contain_text("item 'b': audio file")
    expect(page.locator(".nblabel .nbl-audio-error")).to_contain_text("b.wav")
    page.keyboard.press("s")
    expect(current_item(page, "c", 2)).to_be_visible()
    page.keyboard.press("1")
    wait_saved(page)
    with wait_store(store_path, lambda s: "c" in s.current()) as store:
        assert {k: v["labels"] for k, v in store.current().items()} == {
            "a": ["speech"],
            "c": ["music"],
        }


def test_a_long_clip_loads_detail_and_later_audio_on_demand(
    page, notebook, store_path: Path
) -> None:
    notebook(cells(store_path, {"long": 600.0}, labels="['x']", regions="True"))
    expect(page.locator(f'{WAVE}[data-detail="false"]')).to_be_attached()
    harness.focus_widget(page)
    for _ in range(6):
        page.keyboard.press("=")  # 600 s / 64 in view: finer than the overview's bins
    expect(page.locator(f'{WAVE}[data-detail="true"]')).to_be_attached()
    page.keyboard.press("v")  # the spectrogram of the zoomed view, from the kernel
    expect(page.locator(f'{WAVE}[data-view="spectrogram"]')).to_be_attached()
    for _ in range(12):
        page.keyboard.press("Shift+ArrowRight")  # 60 s: past the first slice
    expect(page.locator(".nblabel .nbl-audio-playhead")).to_have_attribute("data-time", "60.000")
    page.keyboard.press(" ")  # plays a slice the kernel sends, from 60 s of the file
    page.wait_for_function(
        "() => { const a = document.querySelector('.nblabel audio.nbl-audio-player');"
        " const p = document.querySelector('.nblabel .nbl-audio-playhead');"
        " return !a.paused && Number(p.dataset.time) > 60.2; }"
    )
    assert 60.2 < playhead(page) < 70


def test_detected_regions_show_dashed_and_are_accepted_or_rejected_by_key(
    page, notebook, store_path: Path
) -> None:
    detector = "lambda x, rate: [(0.0, 1.0, 'speech', 0.9), (2.0, 3.0, 'speech', 0.4)]"
    notebook(
        cells(
            store_path,
            {"a": 4.0, "b": 1.0},
            labels="['speech']",
            regions="True",
            preannotate=detector,
        )
    )
    expect(current_item(page, "a", 0)).to_be_visible()
    harness.focus_widget(page)
    pending = page.locator('.nblabel .nbl-audio-region[data-source="model"][data-accepted="false"]')
    expect(pending).to_have_count(2)
    border = pending.first.evaluate("(e) => getComputedStyle(e).borderLeftStyle")
    assert border == "dashed"
    page.keyboard.press("a")  # the first: accepted, solid
    expect(pending).to_have_count(1)
    page.keyboard.press("x")  # the second: gone
    expect(page.locator(".nblabel .nbl-audio-region")).to_have_count(1)
    page.keyboard.press("Enter")
    wait_saved(page)
    regions = stored(store_path, "a")["regions"]
    assert [(r["start"], r["end"], r["source"], r["accepted"]) for r in regions] == [
        (0.0, 1.0, "model", True)
    ]


def test_move_a_region_by_dragging_and_delete_one_by_key(page, notebook, store_path: Path) -> None:
    notebook(cells(store_path, {"a": 4.0, "b": 1.0}, labels="['alice', 'bob']", regions="True"))
    expect(current_item(page, "a", 0)).to_be_visible()
    harness.focus_widget(page)
    for start, end, key in [(0.5, 1.5, "1"), (2.5, 3.0, "2")]:
        page.mouse.move(*wave_x(page, start, 4.0))
        page.mouse.down()
        page.mouse.move(*wave_x(page, end, 4.0), steps=5)
        page.mouse.up()
        page.keyboard.press(key)
    alice = page.locator('.nblabel .nbl-audio-region[data-label="alice"]')
    page.mouse.move(*wave_x(page, 1.0, 4.0))  # the middle of alice's region
    page.mouse.down()
    page.mouse.move(*wave_x(page, 2.0, 4.0), steps=5)  # one second later
    page.mouse.up()
    expect(alice).to_have_count(1)
    page.locator('.nblabel .nbl-audio-region[data-label="bob"]').click()  # a click selects
    expect(page.locator(".nblabel .nbl-audio-region-sel")).to_have_attribute("data-label", "bob")
    page.keyboard.press("Delete")
    expect(page.locator(".nblabel .nbl-audio-region")).to_have_count(1)
    page.keyboard.press("Enter")
    wait_saved(page)
    (region,) = stored(store_path, "a")["regions"]
    assert region["label"] == "alice"
    assert (region["start"], region["end"]) == pytest.approx((1.5, 2.5), abs=0.05)
