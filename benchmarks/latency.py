"""Per-item labeling latency in real Chromium + JupyterLab: nblabel, pigeonXT, superintendent.

Install the baselines first (they are not nblabel dependencies)::

    # pigeonXT's metadata pins JupyterLab 3, pandas 1 and numpy 1; it only imports
    # ipywidgets, IPython and pandas, so install it without its pins:
    pip install --no-deps pigeonxt-jupyter==0.7.3
    # superintendent 0.6.0 has no widgets of its own: ipyannotations gives it the labeller
    # (keys act on release, through ipyevents); newer sqlmodel releases break it:
    pip install superintendent==0.6.0 sqlmodel==0.0.22 ipyannotations==0.5.1

Run from the repository root (nblabel installed, e.g. ``pip install -e .``)::

    python benchmarks/latency.py             # 200 labels per tool, then first-item time
    python benchmarks/latency.py --quick     # 40 labels per tool, no first-item time, < 60 s
    python benchmarks/latency.py --skip-baselines   # nblabel only (baselines not needed)

``--items N`` labels N items per tool (N + 1 texts: the last has no next item). The full run
also times the first item of nblabel and pigeonXT: from running the widget's cell to its
first item painted, for a DataFrame of 100 rows and of 100,000 rows (the short texts
repeated), with the ratio pigeonXT / nblabel per size.

What is measured, per item: the time from the input event to the next item painted. A
capture-phase listener on ``window`` stamps ``performance.now()`` for the input; a
MutationObserver on the widget cell's output area notices the first mutation that shows the
next item's id and schedules ``requestAnimationFrame``; the rAF callback stamps the second time.

- nblabel: keys ``1``/``2`` on the focused ``.nblabel`` root, timed from ``keydown``; the item
  is ``.nblabel .nbl-item[data-item-id]``.
- nblabel_images: the same, with each item shown as a 640x480 JPEG made in the kernel
  (the target: within one frame, p95 <= 16 ms).
- pigeonXT: a mouse click on its label button, timed from ``pointerdown``.
- superintendent (with ipyannotations' ``ClassLabeller``): its shortcuts act on key release
  and only while the pointer is over the widget, so the mouse rests on the widget and the
  time runs from ``keyup``.

The baselines show each item through their ``display_fn``/``display_function`` hook as
``<div class="bench-item" data-item-id=...>``. All tools get the same items (the bundled short
texts, ``nblabel.datasets.load_short_texts``) and the gold label's key or button, one item at a
time with a short idle gap between items (``--gap-ms``), each tool in its own notebook and
kernel on one Jupyter server. The last line printed is one JSON object with the results.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

import harness  # noqa: E402  (tests/e2e/harness.py: Jupyter server and page helpers)

LABELS = ("positive", "negative")
KEYS = {"positive": "1", "negative": "2"}
ITEMS_CSV = "items.csv"
ITEM_TIMEOUT_S = 15.0
MAX_FAILURES = 3
TOOL_NAMES = ["nblabel", "nblabel_images", "pigeonxt", "superintendent"]

# What each baseline imports in its kernel: module -> the pip requirement that provides it.
BASELINE_MODULES = {
    "pigeonxt": {"pigeonXT": "pigeonxt-jupyter==0.7.3 (pip install --no-deps ...)"},
    "superintendent": {
        "superintendent": "superintendent==0.6.0",
        "sqlmodel": "sqlmodel==0.0.22",
        "ipyannotations": "ipyannotations==0.5.1",
        "ipyevents": "ipyevents (a dependency of ipyannotations)",
    },
}


# --------------------------------------------------------------------------- in-page probes

# Installed once per notebook: window.__bench.arm() before each input, samples after.
PROBE_JS = """
([selector, inputEvent]) => {
  const old = window.__bench;
  if (old) {  // a previous notebook's probe
    old.observer.disconnect();
    window.removeEventListener(old.inputEvent, old.onInput, true);
  }
  const b = { samples: [], pending: null, armed: null, observer: null, inputEvent };
  const current = () => {
    const el = document.querySelector(selector);
    return el ? el.getAttribute('data-item-id') : null;
  };
  b.arm = () => { b.armed = { from: current() }; return b.armed.from; };
  b.onInput = (event) => {
    if (!b.armed) return;
    b.pending = { ...b.armed, t0: performance.now(), type: event.type };
    b.armed = null;
  };
  window.addEventListener(inputEvent, b.onInput, { capture: true });
  const el = document.querySelector(selector);
  const cell = el && el.closest('.jp-Cell');
  const area = cell && (cell.querySelector('.jp-Cell-outputWrapper') || cell);
  if (!area) throw new Error(`no output area holds ${selector}`);
  b.observer = new MutationObserver(() => {
    const p = b.pending;
    if (!p || p.seen) return;
    const id = current();
    if (id === null || id === p.from) return;
    p.seen = true;
    p.to = id;
    requestAnimationFrame(() => {
      p.t1 = performance.now();
      b.samples.push({ from: p.from, to: p.to, type: p.type, ms: p.t1 - p.t0 });
      b.pending = null;
    });
  });
  b.observer.observe(area, { subtree: true, childList: true, attributes: true,
                             characterData: true });
  window.__bench = b;
  return current();
}
"""

# Run cell `index` of the current notebook; resolve with the ms from the run command to the
# first rAF after a visible `selector` appeared.
FIRST_ITEM_JS = """
async ([index, selector, timeoutMs]) => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  const visible = () => {
    const el = panel.node.querySelector(selector);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  if (visible()) throw new Error(`${selector} is already on the page`);
  panel.content.activeCellIndex = index;
  return await new Promise((resolve, reject) => {
    let t0 = 0;
    const timer = setTimeout(() => { obs.disconnect(); reject(new Error('timed out')); },
                             timeoutMs);
    const obs = new MutationObserver(() => {
      if (!visible()) return;
      obs.disconnect();
      requestAnimationFrame(() => { clearTimeout(timer); resolve(performance.now() - t0); });
    });
    obs.observe(panel.node, { subtree: true, childList: true, attributes: true });
    t0 = performance.now();
    app.commands.execute('notebook:run-cell').catch(reject);
  });
}
"""


# Run `code` in the current notebook's kernel, outside any cell; resolve with its printed text.
KERNEL_PRINT_JS = """
async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({ code, silent: false, store_history: false });
  let out = '';
  future.onIOPub = (msg) => {
    const c = msg.content;
    if (msg.header.msg_type === 'stream') out += c.text;
    if (msg.header.msg_type === 'error') out += `${c.ename}: ${c.evalue}`;
  };
  await future.done;
  return out;
}
"""


# --------------------------------------------------------------------------- tools


@dataclass
class Tool:
    """One labeling widget: its notebook, how to find its current item, how to label it."""

    name: str
    cells: Callable[[int], list[str]]
    selector: str
    input_event: str
    prepare: Callable[[Any], None]
    send: Callable[[Any, str], None]
    count_labels: str  # an expression: how many labels the kernel holds
    notes: list[str] = field(default_factory=list)


def _read_items(n: int | None = None) -> str:
    head = "" if n is None else f".head({n})"
    return (
        "import pandas as pd\n"
        f"df = pd.read_csv({ITEMS_CSV!r}, dtype=str, keep_default_na=False).set_index('id'){head}"
    )


def nblabel_cells(n: int) -> list[str]:
    return [
        "import nblabel\n" + _read_items(n),
        f"widget = nblabel.Labeler(df, 'text', labels={list(LABELS)!r},"
        " store=nblabel.LabelStore())\nwidget",
    ]


def nblabel_image_cells(n: int) -> list[str]:
    """The same items as photos: 640x480 JPEGs of smooth noise (about 40 KB each), made here."""
    return [
        "import io\nimport numpy as np\nfrom PIL import Image, ImageFilter\nimport nblabel\n"
        + _read_items(n)
        + "\n"
        "def photo(seed):\n"
        "    rng = np.random.default_rng(seed)\n"
        "    noise = rng.integers(0, 256, (480, 640, 3), dtype=np.uint8)\n"
        "    img = Image.fromarray(noise).filter(ImageFilter.GaussianBlur(6))\n"
        "    buf = io.BytesIO(); img.save(buf, format='JPEG', quality=85)\n"
        "    return buf.getvalue()\n"
        "photos = pd.DataFrame({'image': [photo(i) for i in range(len(df))]}, index=df.index)",
        f"widget = nblabel.Labeler(photos, 'image', labels={list(LABELS)!r},"
        " store=nblabel.LabelStore())\nwidget",
    ]


def pigeonxt_cells(n: int) -> list[str]:
    return [
        "import html, re\n"
        "from IPython.display import display\n"
        "from pigeonXT import annotate\n" + _read_items(n),
        # pigeonXT hands display_fn an ipywidgets.HTML (its `HTML` import shadows IPython's)
        # holding style + "<body><div>{example}</div></body>"; the example is the item id,
        # swapped here for a marked, escaped text before the widget is displayed as usual.
        "def show(wrapped):\n"
        "    item_id = re.search(r'<div>(.*?)</div>', wrapped.value).group(1)\n"
        '    item = (f\'<div class="bench-item" data-item-id="{item_id}">\'\n'
        "            f'{html.escape(df.at[item_id, \"text\"])}</div>')\n"
        "    wrapped.value = wrapped.value.replace(f'<div>{item_id}</div>', item)\n"
        "    display(wrapped)\n"
        "\n"
        f"annotations = annotate(df.index.to_frame(name='example'), options={list(LABELS)!r},"
        " display_fn=show)",
    ]


def superintendent_cells(n: int) -> list[str]:
    return [
        "import html, warnings\n"
        "from IPython.display import HTML, display\n"
        "from ipyannotations.generic import ClassLabeller\n"
        "from superintendent import Superintendent\n" + _read_items(n),
        "def show(item_id):\n"
        '    display(HTML(f\'<div class="bench-item" data-item-id="{item_id}">\'\n'
        "                 f'{html.escape(df.at[item_id, \"text\"])}</div>'))\n"
        "\n"
        f"labeller = ClassLabeller(options={list(LABELS)!r}, allow_freetext=False,"
        " display_function=show)\n"
        "with warnings.catch_warnings():\n"
        "    warnings.simplefilter('ignore')  # 'in-memory SQLite' advice\n"
        "    widget = Superintendent(features=list(df.index), labelling_widget=labeller)\n"
        "widget",
    ]


def focus_nblabel(page: Any) -> None:
    harness.focus_widget(page, ".nblabel")


def press_focused(page: Any, label: str) -> None:
    page.keyboard.press(KEYS[label])


def click_button(page: Any, label: str) -> None:
    page.locator(".jp-OutputArea button", has_text=label).first.click()


def hover_widget(page: Any) -> None:
    box = page.locator(".bench-item").first.bounding_box()
    if box is None:
        raise harness.NotebookError("superintendent's item is not visible")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def press_hovered(page: Any, label: str) -> None:
    hover_widget(page)  # keep the pointer on the widget (ipyevents only listens then)
    page.keyboard.press(KEYS[label])


def all_tools() -> dict[str, Tool]:
    return {
        "nblabel": Tool(
            "nblabel",
            nblabel_cells,
            ".nblabel .nbl-item[data-item-id]",
            "keydown",
            focus_nblabel,
            press_focused,
            "len(widget.store.labels())",
        ),
        "nblabel_images": Tool(
            "nblabel_images",
            nblabel_image_cells,
            ".nblabel .nbl-item[data-item-id]",
            "keydown",
            focus_nblabel,
            press_focused,
            "len(widget.store.labels())",
            ["the same labels on 640x480 JPEGs: the image is decoded before its key is pressed"],
        ),
        "pigeonxt": Tool(
            "pigeonxt",
            pigeonxt_cells,
            ".bench-item[data-item-id]",
            "pointerdown",
            lambda page: None,
            click_button,
            "int(annotations['changed'].sum())",
            ["timed from pointerdown of a button click"],
        ),
        "superintendent": Tool(
            "superintendent",
            superintendent_cells,
            ".bench-item[data-item-id]",
            "keyup",
            hover_widget,
            press_hovered,
            "sum(label is not None for label in widget.new_labels)",
            ["timed from keyup: its shortcuts act on key release, pointer over the widget"],
        ),
    }


# --------------------------------------------------------------------------- measuring


def check_baselines(names: Sequence[str]) -> None:
    """Exit with a clear message naming each missing baseline package."""
    missing = [
        req
        for name in names
        for mod, req in BASELINE_MODULES.get(name, {}).items()
        if importlib.util.find_spec(mod) is None
    ]
    if missing:
        raise SystemExit(
            "missing baseline package(s): "
            + "; ".join(missing)
            + ".\nInstall them (see this script's docstring) or pass --skip-baselines."
        )


def load_items(n: int) -> list[tuple[str, str, str]]:
    """``(id, text, gold label)`` for the first ``n`` bundled short texts.

    Read from nblabel's data file without importing nblabel (``load_short_texts`` reads the same).
    """
    import pandas as pd

    spec = importlib.util.find_spec("nblabel")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("nblabel is not installed: pip install -e . from the repository root")
    csv_path = Path(next(iter(spec.submodule_search_locations))) / "datasets" / "short_texts.csv"
    frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False).set_index("id")
    if len(frame) < n:
        raise SystemExit(f"only {len(frame)} short texts are bundled; asked for {n}")
    frame = frame.head(n)
    return list(zip(frame.index, frame["text"], frame["sentiment"], strict=True))


def write_items(root: Path, items: Sequence[tuple[str, str, str]]) -> None:
    import csv

    with (root / ITEMS_CSV).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "text"])
        writer.writerows((item_id, text) for item_id, text, _ in items)


def _api(server: harness.JupyterServer, method: str, path: str, body: Any = None) -> Any:
    """Call the server's REST API (no proxy, no token) and return the decoded JSON, if any."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{server.base_url}{path}", data=data, method=method)
    request.add_header("Content-Type", "application/json")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=60) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


def start_kernels(server: harness.JupyterServer, notebooks: Sequence[str]) -> None:
    """Start a kernel session per notebook now, so opening each notebook later is quicker."""
    for name in notebooks:
        _api(
            server,
            "POST",
            "/api/sessions",
            {"path": name, "name": name, "type": "notebook", "kernel": {"name": "python3"}},
        )


def stop_kernel(server: harness.JupyterServer, notebook: str) -> None:
    """Shut down the kernel of one notebook, leaving the others running."""
    for session in server.sessions():
        if session.get("path") == notebook:
            _api(server, "DELETE", f"/api/sessions/{session['id']}")


# Close the current notebook (unsaved changes dropped) and open `path` in the same app.
SWITCH_NOTEBOOK_JS = """
async (path) => {
  const app = window.jupyterapp;
  const old = app.shell.currentWidget;
  if (old && old.context) { old.context.model.dirty = false; old.dispose(); }
  const panel = await app.commands.execute('docmanager:open', { path, factory: 'Notebook' });
  await panel.context.ready;
  await panel.sessionContext.ready;
}
"""


def open_tool(page: Any, server: harness.JupyterServer, notebook: str, selector: str) -> None:
    """Show ``notebook`` (loading JupyterLab on first use), run it, wait for its widget."""
    if page.url.startswith(server.base_url):
        page.evaluate(SWITCH_NOTEBOOK_JS, notebook)
        harness.wait_kernel_idle(page)
    else:
        harness.open_notebook(page, server.base_url, notebook)
    harness.run_all_cells(page)
    page.locator(selector).first.wait_for(state="visible", timeout=30_000)


def notebook_name(tool: Tool) -> str:
    return f"latency_{tool.name}.ipynb"


def measure_tool(
    page: Any,
    server: harness.JupyterServer,
    tool: Tool,
    items: Sequence[tuple[str, str, str]],
    gap_s: float,
) -> dict[str, Any]:
    """Label every item but the last (which has no next item); return samples and failures."""
    t_open = time.monotonic()
    notebook = notebook_name(tool)
    open_tool(page, server, notebook, tool.selector)
    t_loop = time.monotonic()
    page.evaluate(PROBE_JS, [tool.selector, tool.input_event])
    tool.prepare(page)
    failures: list[str] = []
    done = 0
    for _, _, gold in items[:-1]:  # the last item has no next one
        shown = page.evaluate("() => window.__bench.arm()")
        tool.send(page, gold)
        try:
            page.wait_for_function(
                "(n) => window.__bench.samples.length >= n",
                arg=done + 1,
                timeout=ITEM_TIMEOUT_S * 1000,
            )
            done += 1
        except PlaywrightTimeout as err:  # a missed item is reported; three end the tool
            failures.append(f"item {shown}: {str(err).splitlines()[0]}")
            page.evaluate("() => { window.__bench.pending = null; window.__bench.armed = null; }")
            if len(failures) >= MAX_FAILURES:
                break
        time.sleep(gap_s)
    samples = page.evaluate("() => window.__bench.samples")
    t_done = time.monotonic()
    stored = stored_labels(page, tool)
    stop_kernel(server, notebook)
    print(
        f"{tool.name}: notebook ready in {t_loop - t_open:.1f} s, {len(samples)} items in "
        f"{t_done - t_loop:.1f} s, wrap-up {time.monotonic() - t_done:.1f} s",
        file=sys.stderr,
    )
    return {
        "ms": [s["ms"] for s in samples],
        "failures": failures,
        "out_of_order": count_out_of_order(samples, [item_id for item_id, _, _ in items]),
        "stored": stored,
    }


def stored_labels(page: Any, tool: Tool) -> str:
    """How many labels the tool's kernel holds once the run is over (nblabel: once saved)."""
    if tool.name.startswith("nblabel"):
        try:
            page.locator('.nbl-status[data-pending="0"]').first.wait_for(timeout=10_000)
        except PlaywrightTimeout:
            pass  # the count below shows what did get saved
    out = page.evaluate(KERNEL_PRINT_JS, f"print({tool.count_labels})")
    return out.strip()


def count_out_of_order(samples: Sequence[dict[str, Any]], expected: Sequence[str]) -> int:
    """Samples whose new item is not the one after the old item in the df's order."""
    position = {item_id: i for i, item_id in enumerate(expected)}
    return sum(
        1
        for s in samples
        if s["from"] not in position or position.get(s["to"]) != position[s["from"]] + 1
    )


#: Per tool: the timed cell (``df`` holds the items) and the selector of its first item.
FIRST_ITEM_CELLS = {
    "nblabel": (
        f"nblabel.Labeler(df, 'text', labels={list(LABELS)!r}, store=nblabel.LabelStore())",
        ".nbl-item",
    ),
    "pigeonxt": (pigeonxt_cells(0)[1], ".bench-item"),
}


def measure_first_item(
    page: Any, server: harness.JupyterServer, tool: str, sizes: Sequence[int], repeats: int
) -> dict[int, list[float]]:
    """ms from running the tool's cell to its first item painted, per DataFrame size.

    The setup cell imports the tool and builds ``df`` (the short texts repeated up to
    ``size`` rows); the timed cell only builds and displays the widget.
    """
    timed, selector = FIRST_ITEM_CELLS[tool]
    imports = "import nblabel" if tool == "nblabel" else pigeonxt_cells(0)[0]
    results: dict[int, list[float]] = {}
    for size in sizes:
        name = f"first_item_{tool}_{size}.ipynb"
        setup = (
            imports + "\n" + _read_items() + "\n"
            f"reps = -(-{size} // len(df))\n"
            "big = pd.DataFrame({'text': list(df['text']) * reps}).head("
            f"{size})\nbig.index = [f'x{{i}}' for i in range(len(big))]\ndf = big"
        )
        harness.write_notebook(server.root_dir, name, [setup, timed])
        open_tool(page, server, name, selector)  # warm: imports done, widget code loaded
        results[size] = []
        for _ in range(repeats):
            harness.clear_outputs(page)
            page.locator(selector).first.wait_for(state="detached", timeout=10_000)
            ms = page.evaluate(FIRST_ITEM_JS, [1, selector, 60_000])
            harness.wait_kernel_idle(page)
            results[size].append(ms)
        stop_kernel(server, name)
    return results


# --------------------------------------------------------------------------- reporting


def summarize(values: Sequence[float]) -> dict[str, float]:
    """Median, p95 (nearest rank) and quartiles of ``values`` in ms."""
    ordered = sorted(values)
    if not ordered:
        return {"n": 0}
    q1, _, q3 = (
        statistics.quantiles(ordered, n=4, method="inclusive")
        if len(ordered) > 1
        else (ordered[0], ordered[0], ordered[0])
    )
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {
        "n": len(ordered),
        "median": statistics.median(ordered),
        "p95": p95,
        "q1": q1,
        "q3": q3,
        "iqr": q3 - q1,
        "min": ordered[0],
        "max": ordered[-1],
    }


def print_tool(
    name: str, stats: dict[str, float], result: dict[str, Any], notes: list[str]
) -> None:
    if not stats.get("n"):
        print(f"{name:>15}: no samples; failures: {result['failures']}")
        return
    print(
        f"{name:>15}: median {stats['median']:7.1f} ms  p95 {stats['p95']:7.1f} ms  "
        f"IQR {stats['iqr']:6.1f} ms ({stats['q1']:.1f}-{stats['q3']:.1f})  "
        f"min {stats['min']:.1f}  max {stats['max']:.1f}  items {stats['n']}"
    )
    for note in notes:
        print(f"{'':>17}{note}")
    print(f"{'':>17}labels held by the kernel afterwards: {result['stored']} of {stats['n']}")
    if result["failures"] or result["out_of_order"]:
        print(f"{'':>17}failures {result['failures']}; out-of-order items {result['out_of_order']}")


def ratio(a: dict[str, float] | None, b: dict[str, float] | None) -> float | None:
    if not a or not b or not a.get("n") or not b.get("n") or b["median"] <= 0:
        return None
    return round(a["median"] / b["median"], 2)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def kernel_store_figures(quick: bool) -> dict[str, Any]:
    """The kernel side of a label: durable writes per second and opening a 1M-event store.

    Measured by ``store_throughput.py`` (see there), run here so one report has both ends.
    """
    import store_throughput

    print("\nkernel-side store (benchmarks/store_throughput.py):")
    argv = ["--writes", "500", "--repeats", "3"] if quick else ["--repeats", "5"]
    figures = store_throughput.main(argv)
    return {
        "store_labels_per_s": figures["write_labels_per_s_median"],
        "store_ratio_vs_fsync_csv": figures["ratio_vs_fsync_csv"],
        "store_open_1m_events_ms": figures["open_1m_events_ms"],
        "store_labels_1m_events_ms": figures["labels_1m_events_ms"],
    }


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="40 labels per tool and no first-item measurement (< 60 s)",
    )
    parser.add_argument("--items", type=int, help="labels per tool (default 200, quick 40)")
    parser.add_argument("--skip-baselines", action="store_true", help="measure nblabel only")
    parser.add_argument(
        "--tools",
        nargs="+",
        choices=TOOL_NAMES,
        default=TOOL_NAMES,
        help="tools to measure (default: all)",
    )
    parser.add_argument(
        "--skip-first-item",
        action="store_true",
        help="skip the first-item time at 100 vs 100,000 items",
    )
    parser.add_argument(
        "--gap-ms",
        type=float,
        default=100.0,
        help="idle time after each item before the next input (default 100)",
    )
    parser.add_argument("--first-item-sizes", type=int, nargs="+", default=[100, 100_000])
    parser.add_argument("--first-item-repeats", type=int, default=3)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    n_items = args.items or (40 if args.quick else 200)
    gap_s = args.gap_ms / 1000
    ours = [n for n in args.tools if n.startswith("nblabel")]
    names = ours if args.skip_baselines else list(dict.fromkeys(args.tools))
    check_baselines(names)
    tools = all_tools()
    items = load_items(n_items + 1)  # n measured transitions need n + 1 items

    started = time.monotonic()
    results: dict[str, dict[str, Any]] = {}
    first_item: dict[str, dict[int, list[float]]] = {}
    with harness.JupyterServer() as server, sync_playwright() as pw:
        write_items(server.root_dir, items)
        for name in names:
            harness.write_notebook(
                server.root_dir, notebook_name(tools[name]), tools[name].cells(len(items))
            )
        start_kernels(server, [notebook_name(tools[name]) for name in names])
        browser = harness.launch_chromium(pw)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            console = harness.ConsoleLog(page)
            for name in names:
                results[name] = measure_tool(page, server, tools[name], items, gap_s)
            if not (args.quick or args.skip_first_item):
                for tool in [n for n in names if n in FIRST_ITEM_CELLS]:
                    first_item[tool] = measure_first_item(
                        page, server, tool, args.first_item_sizes, args.first_item_repeats
                    )
            if console.exceptions:
                print("page exceptions:\n" + console.report(), file=sys.stderr)
        finally:
            browser.close()

    print(
        f"\nlatency from input to next item painted: {n_items} labels per tool over "
        f"{n_items + 1} items, {gap_s * 1000:.0f} ms idle after each painted item"
    )
    stats = {name: summarize(result["ms"]) for name, result in results.items()}
    for name, result in results.items():
        print_tool(name, stats[name], result, tools[name].notes)
    r_pigeon = ratio(stats.get("pigeonxt"), stats.get("nblabel"))
    r_super = ratio(stats.get("superintendent"), stats.get("nblabel"))
    if r_pigeon is not None:
        print(f"ratio pigeonXT median / nblabel median: {r_pigeon}")
    if r_super is not None:
        print(f"ratio superintendent median / nblabel median: {r_super}")
    first = {
        tool: {size: statistics.median(v) for size, v in by_size.items() if v}
        for tool, by_size in first_item.items()
    }
    for tool, by_size in first_item.items():
        for size, values in by_size.items():
            print(
                f"{tool} first item at {size:>7,} items: median {first[tool][size]:.0f} ms "
                f"(runs: {', '.join(f'{v:.0f}' for v in values)})"
            )
    first_ratio = {
        str(size): round(ms / first["nblabel"][size], 2)
        for size, ms in first.get("pigeonxt", {}).items()
        if first.get("nblabel", {}).get(size)
    }
    if first_ratio:
        print(f"first item, ratio pigeonXT / nblabel per size: {first_ratio}")
    print(f"total wall time {time.monotonic() - started:.0f} s")

    summary: dict[str, Any] = {}
    for name in names:
        summary[f"{name}_median_ms"] = _round(stats[name].get("median"))
        summary[f"{name}_p95_ms"] = _round(stats[name].get("p95"))
        summary[f"{name}_iqr_ms"] = _round(stats[name].get("iqr"))
    if "pigeonxt" in names:
        summary["ratio_vs_pigeonxt"] = r_pigeon
    if "superintendent" in names:
        summary["ratio_vs_superintendent"] = r_super
    summary["items"] = n_items
    summary["measured"] = {name: stats[name].get("n", 0) for name in names}
    summary["first_item_ms"] = {
        tool: {str(size): round(ms) for size, ms in by_size.items()}
        for tool, by_size in first.items()
    } or None
    summary["first_item_ratio_vs_pigeonxt"] = first_ratio or None
    summary.update(kernel_store_figures(args.quick))
    print(json.dumps(summary))
    return 0 if all(stats[name].get("n") for name in names) else 1


if __name__ == "__main__":
    sys.exit(main())
