"""Keypress latency while the active-learning model retrains, against no model at all.

Same in-page measurement as ``latency.py`` (key event to next item painted, real Chromium +
JupyterLab, nblabel's own items): first a plain Labeler (the baseline, same process, same
server), then a Labeler with an ``ActiveLearning`` loop whose model takes seconds to fit
(a 400-tree random forest on TF-IDF features, retraining every 5 labels), so that nearly every
key press lands while a retrain runs in the kernel's background thread.

    python benchmarks/retrain_latency.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency

harness = latency.harness

SLOW_MODEL_CELL = """
import time
from sklearn.ensemble import RandomForestClassifier
from sklearn.feature_extraction.text import TfidfVectorizer

features = TfidfVectorizer().fit_transform(df['text']).toarray()
loop = nblabel.ActiveLearning(
    widget, RandomForestClassifier(n_estimators=400, random_state=0), features,
    start=4, retrain_every=5, batch_size=5,
)
"""


def retraining_cells(n: int) -> list[str]:
    return [*latency.nblabel_cells(n), SLOW_MODEL_CELL]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 labels per run (< 60 s)")
    parser.add_argument("--items", type=int, help="labels per run (default 120, quick 40)")
    args = parser.parse_args()
    n_items = args.items or (40 if args.quick else 120)
    base = latency.all_tools()["nblabel"]
    during = latency.Tool(
        "nblabel_retraining",
        retraining_cells,
        base.selector,
        base.input_event,
        base.prepare,
        base.send,
        "f'{len(widget.store.labels())} labels, {loop.version} retrains finished'",
    )
    items = latency.load_items(n_items + 1)
    started = time.monotonic()
    results = {}
    with harness.JupyterServer() as server, sync_playwright() as pw:
        latency.write_items(server.root_dir, items)
        for tool in (base, during):
            harness.write_notebook(
                server.root_dir, latency.notebook_name(tool), tool.cells(len(items))
            )
        latency.start_kernels(server, [latency.notebook_name(t) for t in (base, during)])
        browser = harness.launch_chromium(pw)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for tool in (base, during):
                results[tool.name] = latency.measure_tool(page, server, tool, items, gap_s=0.1)
        finally:
            browser.close()
    stats = {name: latency.summarize(r["ms"]) for name, r in results.items()}
    for name, result in results.items():
        latency.print_tool(name, stats[name], result, [])
    ratio = latency.ratio(stats["nblabel_retraining"], stats["nblabel"])
    print(f"median while retraining / median without a model: {ratio}")
    print(f"total wall time {time.monotonic() - started:.0f} s")
    summary = {
        "no_model_median_ms": latency._round(stats["nblabel"].get("median")),
        "no_model_p95_ms": latency._round(stats["nblabel"].get("p95")),
        "retraining_median_ms": latency._round(stats["nblabel_retraining"].get("median")),
        "retraining_p95_ms": latency._round(stats["nblabel_retraining"].get("p95")),
        "ratio_retraining_vs_no_model": ratio,
        "items": n_items,
        "labels_saved": {name: r["stored"] for name, r in results.items()},
    }
    print(json.dumps(summary))
    return 0 if all(s.get("n") for s in stats.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
