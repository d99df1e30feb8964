"""Audio labeling speed in real Chromium + JupyterLab: key to next clip, and first waveform paint.

Run from the repository root (nblabel installed, bundle built)::

    python benchmarks/audio_latency.py            # 100 clips, first paints x3
    python benchmarks/audio_latency.py --quick    # 30 clips, first paints x1, < 60 s

What is measured:

- ``key_to_clip``: AudioLabeler with two clip labels over 3-second tones (16 kHz WAV files);
  key ``1`` on the focused widget saves the clip and shows the next one. The time runs from
  ``keydown`` (a capture listener on ``window``) to the first ``requestAnimationFrame`` after
  the next clip's id is on screen and its waveform canvas is painted (``data-painted``).
- ``first_paint_1min`` / ``first_paint_1h``: a cell showing an AudioLabeler over one file of
  one minute / one hour (16 kHz mono PCM16: 1.9 MB / 115 MB), from the run-cell command to
  the first frame after the waveform is painted; ``bytes`` are the WebSocket bytes the
  browser received meanwhile (widget state with the 72 KB bundle included, plus the item's
  overview peaks and first 8 s of sound), and ``fraction`` is bytes over the file's size.
- ``peer_ipython_audio_1min``: ``IPython.display.Audio(filename)`` of the same one-minute
  file (the player pigeonXT and superintendent embed), to the ``<audio>`` element knowing its
  duration: the whole file travels as base64 in the output. It is not run on the one-hour file
  (155 MB of base64 in a notebook output). It shows no waveform at all.

Medians, quartiles and max per measurement; the last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

import harness  # noqa: E402  (tests/e2e/harness.py: Jupyter server and page helpers)

SETUP = (
    "import numpy as np, pandas as pd, soundfile as sf, pathlib, IPython.display\n"
    "import nblabel\n"
    "RATE = 16000\n"
    "def tone_file(path, seconds):\n"
    "    one = (0.3 * np.sin(2 * np.pi * 220 * np.arange(RATE) / RATE)).astype('float32')\n"
    "    on = (np.random.default_rng(0).random(int(seconds)) > 0.4).astype('float32')\n"
    "    x = (np.tile(one, (int(seconds), 1)) * on[:, None]).reshape(-1)\n"
    "    sf.write(path, x, RATE, subtype='PCM_16')\n"
    "    return str(pathlib.Path(path).resolve())\n"
)

# In the page: time from keydown to the frame after the next clip is shown and painted.
ARM_JS = """
(expected) => {
  const root = document.querySelector('.nblabel');
  window.__audioBench = new Promise((resolve) => {
    let t0 = 0;
    const onKey = () => { if (!t0) t0 = performance.now(); };
    window.addEventListener('keydown', onKey, { capture: true });
    const ready = () => {
      const item = root.querySelector('.nbl-item');
      const wave = root.querySelector('.nbl-audio-wave');
      return t0 && item && item.dataset.itemId === expected && wave
        && Number(wave.dataset.painted) >= t0;
    };
    const obs = new MutationObserver(() => {
      if (!ready()) return;
      obs.disconnect();
      window.removeEventListener('keydown', onKey, { capture: true });
      requestAnimationFrame(() => resolve(performance.now() - t0));
    });
    obs.observe(root, { subtree: true, attributes: true, childList: true });
  });
}
"""

# In the page: run cell `index`, resolve at the frame after `selector` is in its output.
RUN_CELL_JS = """
const p = findPanel(null);
const cell = p.content.widgets[arg.index];
cell.model.outputs.clear();
p.content.activeCellIndex = arg.index;
let t0 = 0;
const done = new Promise((resolve) => {
  let finished = false;
  const check = () => {
    const el = cell.node.querySelector(arg.selector);
    if (finished || !el || (el.tagName === 'AUDIO' && el.readyState < 1)) return;
    finished = true;
    obs.disconnect();
    requestAnimationFrame(() => resolve(performance.now() - t0));
  };
  const obs = new MutationObserver(check);
  obs.observe(cell.node, { subtree: true, attributes: true, childList: true });
  cell.node.addEventListener('loadedmetadata', check, true);  // an <audio> knows its length
});
t0 = performance.now();
await jupyterapp.commands.execute('notebook:run-cell');
return await done;
"""


def summarize(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    q = statistics.quantiles(ordered, n=4, method="inclusive") if len(ordered) > 1 else ordered * 3
    return {
        "n": len(ordered),
        "median": round(statistics.median(ordered), 2),
        "q1": round(q[0], 2),
        "q3": round(q[2], 2),
        "max": round(ordered[-1], 2),
    }


class Bytes:
    """WebSocket bytes the page receives (kernel messages to the browser)."""

    def __init__(self, page: Any) -> None:
        self.count = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._add))

    def _add(self, payload: Any) -> None:
        self.count += len(payload)


def key_to_clip(server: harness.JupyterServer, browser: Any, n: int) -> list[float]:
    cells = [
        SETUP,
        f"folder = pathlib.Path('clips'); folder.mkdir(exist_ok=True)\n"
        f"paths = [tone_file(folder / f'c{{i}}.wav', 3) for i in range({n + 1})]\n"
        "df = pd.DataFrame({'audio': paths}, index=[f'c{i}' for i in range(len(paths))])",
        "w = nblabel.AudioLabeler(df, 'audio', labels=['music', 'speech'])\nw",
    ]
    harness.write_notebook(server.root_dir, "keys.ipynb", cells)
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    harness.open_notebook(page, server.base_url, "keys.ipynb")
    harness.run_all_cells(page)
    page.locator(".nblabel .nbl-item[data-item-id='c0']").wait_for()
    harness.focus_widget(page)
    times = []
    for i in range(n):
        page.locator(f".nblabel .nbl-item[data-item-id='c{i}']").wait_for()
        page.wait_for_timeout(30)  # an idle gap between clips, as a person leaves one
        page.evaluate(ARM_JS, f"c{i + 1}")
        page.keyboard.press("1")
        times.append(page.evaluate("() => window.__audioBench"))
    page.close()
    return times


def first_paints(server: harness.JupyterServer, browser: Any, repeats: int) -> dict[str, Any]:
    cells = [
        SETUP,
        "minute = tone_file('minute.wav', 60)\nhour = tone_file('hour.wav', 3600)",
        "nblabel.AudioLabeler(pd.DataFrame({'a': [minute]}), 'a', labels=['x'], regions=True)",
        "nblabel.AudioLabeler(pd.DataFrame({'a': [hour]}), 'a', labels=['x'], regions=True)",
        "IPython.display.Audio(minute)",
    ]
    harness.write_notebook(server.root_dir, "paint.ipynb", cells)
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    received = Bytes(page)
    harness.open_notebook(page, server.base_url, "paint.ipynb")
    for index in (0, 1):
        harness._eval(
            page,
            "const p = findPanel(null); p.content.activeCellIndex = arg;"
            " await jupyterapp.commands.execute('notebook:run-cell');",
            index,
        )
        harness.wait_kernel_idle(page, timeout=120)
    sizes = {
        "1min": (Path(server.root_dir) / "minute.wav").stat().st_size,
        "1h": (Path(server.root_dir) / "hour.wav").stat().st_size,
    }
    runs = [
        ("first_paint_1min", 2, ".nbl-audio-wave[data-painted]", "1min"),
        ("first_paint_1h", 3, ".nbl-audio-wave[data-painted]", "1h"),
        ("peer_ipython_audio_1min", 4, "audio", "1min"),
    ]
    out: dict[str, Any] = {}
    for name, index, selector, size in runs:
        times, counts = [], []
        for _ in range(repeats):
            harness.wait_kernel_idle(page)
            received.count = 0
            times.append(harness._eval(page, RUN_CELL_JS, {"index": index, "selector": selector}))
            counts.append(received.count)
        median_bytes = int(statistics.median(counts))
        out[name] = {
            **summarize(times),
            "bytes": median_bytes,
            "file_bytes": sizes[size],
            "fraction": round(median_bytes / sizes[size], 4),
        }
    page.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="30 clips, one first paint each")
    parser.add_argument("--clips", type=int, default=None)
    args = parser.parse_args()
    n = args.clips or (30 if args.quick else 100)
    repeats = 1 if args.quick else 3
    started = time.monotonic()
    with harness.JupyterServer() as server, sync_playwright() as pw:
        browser = harness.launch_chromium(pw)
        keys = key_to_clip(server, browser, n)
        paints = first_paints(server, browser, repeats)
        browser.close()
    result: dict[str, Any] = {"key_to_clip_ms": summarize(keys)}
    k = result["key_to_clip_ms"]
    print(
        f"key to next clip painted: median {k['median']} ms  "
        f"q1-q3 {k['q1']}-{k['q3']}  max {k['max']}"
    )
    for name, r in paints.items():
        print(
            f"{name}: median {r['median']} ms  max {r['max']}  bytes {r['bytes']:,} "
            f"of a {r['file_bytes']:,}-byte file ({100 * r['fraction']:.1f}%)"
        )
        result[f"{name}_ms"] = r
    peer, ours = paints["peer_ipython_audio_1min"], paints["first_paint_1min"]
    result["ratio_peer_over_nblabel_1min"] = {
        "time": round(peer["median"] / ours["median"], 2),
        "bytes": round(peer["bytes"] / max(1, ours["bytes"]), 2),
    }
    print(f"IPython.display.Audio / nblabel, one minute: {result['ratio_peer_over_nblabel_1min']}")
    result["wall_s"] = round(time.monotonic() - started, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
