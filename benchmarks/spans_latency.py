"""Span labeling speed in real Chromium + JupyterLab: nblabel's SpanLabeler beside spanmark 0.1.1.

Install the baseline first (not an nblabel dependency; only this script imports it)::

    pip install spanmark==0.1.1

Run from the repository root (nblabel installed, bundle built)::

    python benchmarks/spans_latency.py            # 100 documents per tool, big document x3
    python benchmarks/spans_latency.py --quick    # 30 documents per tool, big document x1, < 60 s
    python benchmarks/spans_latency.py --skip-baselines

What is measured:

- **Key to next document painted**, per document: the bundled short texts, one per document,
  each saved with its tool's own key (nblabel: Enter on the focused ``.nblabel``; spanmark:
  ``a``, "accept", on its focused root, which autosaves and moves on through the kernel).
  Timed as ``benchmarks/latency.py`` times classification: ``keydown`` stamped by a capture
  listener on ``window``, then a MutationObserver on the cell's output notices the next
  document's id and schedules ``requestAnimationFrame``, whose callback stamps the end.
- **A 100,000-character document with 5,000 spans** (nblabel): paragraphs of the short texts,
  every fourth token pre-annotated. *First paint*: from running the widget's cell to the
  first ``requestAnimationFrame`` after the document shows (kernel work, comm, tokenizing and
  drawing included), beside the same cell on a one-sentence text in the same run (what any
  first paint costs on the machine at that moment). *Revisit*: PageDown then PageUp, back to
  the big text from the prefetched window (browser only; its first 6,000 characters are drawn
  with their spans before that paint, the rest in slices just after). *Tag* and *remove*:
  with a token selected, the time from the label's key (then from Delete) to the first frame
  after the span appears (then disappears).

The last line printed is one JSON object with the results.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent / "tests" / "e2e"))

import harness  # noqa: E402

from latency import (  # noqa: E402
    FIRST_ITEM_JS,
    load_items,
    open_tool,
    start_kernels,
    stop_kernel,
    summarize,
    write_items,
)

LABELS = ["food", "service", "price"]
ITEM_TIMEOUT_MS = 15_000

# Installed per notebook: arm() before each key; a sample per change of the document's id.
PROBE_JS = """
([currentJs, rootSelector]) => {
  const old = window.__sb;
  if (old) { old.observer.disconnect(); window.removeEventListener('keydown', old.onKey, true); }
  const current = new Function(currentJs);
  const b = { samples: [], pending: null, armed: null };
  b.arm = () => { b.armed = { from: current() }; return b.armed.from; };
  b.onKey = () => {
    if (!b.armed) return;
    b.pending = { ...b.armed, t0: performance.now() };
    b.armed = null;
  };
  window.addEventListener('keydown', b.onKey, true);
  const area = document.querySelector(rootSelector).closest('.jp-Cell');
  b.observer = new MutationObserver(() => {
    const p = b.pending;
    if (!p || p.seen) return;
    const id = current();
    if (id === null || id === p.from) return;
    p.seen = true;
    requestAnimationFrame(() => {
      b.samples.push({ from: p.from, to: id, ms: performance.now() - p.t0 });
      b.pending = null;
    });
  });
  const all = { subtree: true, childList: true, attributes: true, characterData: true };
  b.observer.observe(area, all);
  window.__sb = b;
  return current();
}
"""

# Arm timing of one key on the big document: keydown to the first frame after the text's DOM
# changes (an edit redraws the paragraphs it touches; a selection alone changes no child).
EDIT_JS = """
() => {
  const docEl = document.querySelector('.nblabel .nbl-spans-doc');
  window.__sbEdit = new Promise((resolve, reject) => {
    let t0 = 0;
    const timer = setTimeout(() => reject(new Error('the key changed nothing')), 10000);
    const obs = new MutationObserver(() => {
      if (!t0) return;
      obs.disconnect();
      requestAnimationFrame(() => { clearTimeout(timer); resolve(performance.now() - t0); });
    });
    obs.observe(docEl, { subtree: true, childList: true });
    const stamp = () => { t0 = performance.now(); };
    window.addEventListener('keydown', stamp, { capture: true, once: true });
  });
}
"""

TOOLS: dict[str, dict[str, Any]] = {
    "nblabel": {
        "cells": lambda: [
            "import pandas as pd\nimport nblabel\n"
            "df = pd.read_csv('items.csv', dtype=str, keep_default_na=False).set_index('id')",
            f"w = nblabel.SpanLabeler(df, 'text', labels={LABELS!r},"
            " store=nblabel.LabelStore())\nw",
        ],
        "root": ".nblabel",
        "current": "const e = document.querySelector('.nblabel .nbl-item[data-item-id]');"
        " return e ? e.getAttribute('data-item-id') : null;",
        "key": "Enter",
    },
    "spanmark": {
        "cells": lambda: [
            "import pandas as pd\nfrom spanmark import AnnotationSession\n"
            "df = pd.read_csv('items.csv', dtype=str, keep_default_na=False)\n"
            "docs = [{'id': i, 'text': t} for i, t in zip(df['id'], df['text'])]",
            "import pathlib, uuid\n"
            "out = pathlib.Path(f'spanmark_{uuid.uuid4().hex}.jsonl')\n"
            f"s = AnnotationSession(docs, labels={LABELS!r}, output_path=out)\ns.display()",
        ],
        "root": ".so-root",
        "current": "const e = document.querySelector('.so-root .so-doc');"
        " return e ? e.textContent.replace('Document: ', '') : null;",
        "key": "a",
    },
}

BIG_SETUP = """
import pandas as pd
import nblabel
from nblabel.items._spans import tokenize
short = pd.read_csv('items.csv', dtype=str, keep_default_na=False)['text'].tolist()
paras, para, size, k = [], [], 0, 0
while size < 100_000:
    sentence = short[k % len(short)]; k += 1
    para.append(sentence); size += len(sentence) + 1
    if len(para) == 8:
        paras.append(' '.join(para)); para = []
text = ('\\n'.join(paras + [' '.join(para)]))[:100_000]
tokens = tokenize(text)
stride = max(1, len(tokens) // 5000)
every = [(a, b, 'food') for a, b in tokens[::stride][:5000]]
big = pd.DataFrame({'text': [text, 'the end']}, index=['big', 'end'])
print(len(text), len(every))
"""
BIG_CELL = (
    f"w = nblabel.SpanLabeler(big, 'text', labels={LABELS!r}, store=nblabel.LabelStore(),"
    " preannotate=lambda t: every if len(t) > 1000 else [])\nw"
)


def measure_next_doc(page: Any, server: Any, name: str, n: int, gap_s: float) -> dict[str, Any]:
    tool = TOOLS[name]
    notebook = f"spans_{name}.ipynb"
    open_tool(page, server, notebook, tool["root"])
    page.evaluate(PROBE_JS, [tool["current"], tool["root"]])
    harness.focus_widget(page, tool["root"])
    failures = []
    for i in range(n):
        page.evaluate("() => window.__sb.arm()")
        page.keyboard.press(tool["key"])
        try:
            page.wait_for_function(
                "(n) => window.__sb.samples.length >= n",
                arg=i + 1 - len(failures),
                timeout=ITEM_TIMEOUT_MS,
            )
        except Exception as err:  # a missed document is reported; three end the tool
            failures.append(str(err).splitlines()[0])
            page.evaluate("() => { window.__sb.pending = null; window.__sb.armed = null; }")
            if len(failures) >= 3:
                break
        time.sleep(gap_s)
    samples = page.evaluate("() => window.__sb.samples")
    stop_kernel(server, notebook)
    return {"ms": [s["ms"] for s in samples], "failures": failures}


def measure_big_doc(page: Any, server: Any, repeats: int, edits: int) -> dict[str, list[float]]:
    name = "spans_big.ipynb"
    harness.write_notebook(server.root_dir, name, [BIG_SETUP, BIG_CELL])
    open_tool(page, server, name, ".nblabel .nbl-item[data-item-id='big']")
    first = []
    for _ in range(repeats):
        harness.clear_outputs(page)
        page.locator(".nbl-item").first.wait_for(state="detached", timeout=10_000)
        first.append(
            page.evaluate(
                FIRST_ITEM_JS, [1, ".nbl-item[data-item-id='big'] .nbl-spans-doc", 60_000]
            )
        )
        harness.wait_kernel_idle(page)
    page.locator(".nblabel .nbl-span[data-tag]").nth(4999).wait_for(state="attached")
    harness.focus_widget(page)
    # Browser only: back to the big text from the prefetched window (PageDown, PageUp).
    page.evaluate(PROBE_JS, [TOOLS["nblabel"]["current"], ".nblabel"])
    for i in range(2 * repeats):
        page.evaluate("() => window.__sb.arm()")
        page.keyboard.press("PageDown" if i % 2 == 0 else "PageUp")
        page.wait_for_function("(n) => window.__sb.samples.length >= n", arg=i + 1)
    samples = page.evaluate("() => window.__sb.samples")
    revisit = [s["ms"] for s in samples if s["to"] == "big"]
    page.locator(".nblabel .nbl-span[data-tag]").nth(4999).wait_for(state="attached")
    tag, remove = [], []
    for i in range(edits):
        for _ in range(1 + i % 3):
            page.keyboard.press("ArrowRight")
        for key, out in (("3", tag), ("Delete", remove)):
            page.evaluate(EDIT_JS)
            page.keyboard.press(key)
            out.append(page.evaluate("() => window.__sbEdit"))
    stop_kernel(server, name)
    # The same cell on a one-sentence text: what any first paint costs on this machine now.
    small = "spans_small.ipynb"
    cell = BIG_CELL.replace("SpanLabeler(big,", "SpanLabeler(big.iloc[1:],")
    harness.write_notebook(server.root_dir, small, [BIG_SETUP, cell])
    selector = ".nbl-item[data-item-id='end'] .nbl-spans-doc"
    open_tool(page, server, small, selector)
    first_small = []
    for _ in range(repeats):
        harness.clear_outputs(page)
        page.locator(".nbl-item").first.wait_for(state="detached", timeout=10_000)
        first_small.append(page.evaluate(FIRST_ITEM_JS, [1, selector, 60_000]))
        harness.wait_kernel_idle(page)
    stop_kernel(server, small)
    return {
        "first_paint": first,
        "first_paint_short_text": first_small,
        "revisit": revisit,
        "tag": tag,
        "remove": remove,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="30 documents per tool, big doc once")
    parser.add_argument("--docs", type=int, help="documents per tool (default 100, quick 30)")
    parser.add_argument("--skip-baselines", action="store_true", help="measure nblabel only")
    parser.add_argument(
        "--gap-ms", type=float, default=100.0, help="idle after each document (as latency.py)"
    )
    args = parser.parse_args(argv)
    n = args.docs or (30 if args.quick else 100)
    names = ["nblabel"] if args.skip_baselines else ["nblabel", "spanmark"]
    if "spanmark" in names and importlib.util.find_spec("spanmark") is None:
        raise SystemExit(
            "spanmark is not installed: pip install spanmark==0.1.1, or --skip-baselines"
        )
    started = time.monotonic()
    items = load_items(n + 1)
    results: dict[str, Any] = {}
    with harness.JupyterServer() as server, sync_playwright() as pw:
        write_items(server.root_dir, items)
        for name in names:
            harness.write_notebook(server.root_dir, f"spans_{name}.ipynb", TOOLS[name]["cells"]())
        start_kernels(server, [f"spans_{name}.ipynb" for name in names])
        browser = harness.launch_chromium(pw)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for name in names:
                results[name] = measure_next_doc(page, server, name, n, args.gap_ms / 1000)
            big = measure_big_doc(page, server, 3 if args.quick else 5, 10 if args.quick else 30)
        finally:
            browser.close()

    print(f"\nkey to next document painted, {n} documents per tool:")
    stats = {name: summarize(r["ms"]) for name, r in results.items()}
    for name, s in stats.items():
        if not s.get("n"):
            print(f"{name:>10}: no samples; failures {results[name]['failures']}")
            continue
        print(
            f"{name:>10}: median {s['median']:6.1f} ms  p95 {s['p95']:6.1f} ms  "
            f"IQR {s['iqr']:5.1f} ms "
            f"({s['q1']:.1f}-{s['q3']:.1f})  min {s['min']:.1f}  max {s['max']:.1f}  n {s['n']}"
            + (f"  failures {results[name]['failures']}" if results[name]["failures"] else "")
        )
    big_stats = {k: summarize(v) for k, v in big.items()}
    print("100,000-character document, 5,000 spans (nblabel):")
    for k, s in big_stats.items():
        print(
            f"{k:>12}: median {s['median']:6.1f} ms  p95 {s['p95']:6.1f} ms  "
            f"min {s['min']:.1f}  max {s['max']:.1f}  n {s['n']}"
        )
    print(f"total wall time {time.monotonic() - started:.0f} s")
    summary: dict[str, Any] = {"docs": n}
    for name, s in stats.items():
        summary[f"{name}_next_doc_median_ms"] = round(s["median"], 1) if s.get("n") else None
        summary[f"{name}_next_doc_p95_ms"] = round(s["p95"], 1) if s.get("n") else None
        summary[f"{name}_next_doc_iqr_ms"] = round(s["iqr"], 1) if s.get("n") else None
    if stats.get("spanmark", {}).get("n") and stats["nblabel"].get("n"):
        summary["ratio_spanmark_vs_nblabel"] = round(
            stats["spanmark"]["median"] / stats["nblabel"]["median"], 1
        )
    for k, s in big_stats.items():
        summary[f"big_{k}_median_ms"] = round(s["median"], 1)
        summary[f"big_{k}_max_ms"] = round(s["max"], 1)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
