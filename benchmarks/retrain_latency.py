"""Keypress latency while the active-learning model retrains, against no model at all.

Same in-page measurement as ``latency.py`` (key event to next item painted, real Chromium +
JupyterLab, nblabel's own items), three runs on one server: a plain Labeler (the baseline),
then Labelers with an ``ActiveLearning`` loop retraining every 5 labels on a model whose fit
takes seconds, so nearly every key press lands while a retrain runs in the background thread:
a fit that sleeps 1.5 s (what nblabel's own machinery costs: polls, reorders, refetches) and a
CPU-bound 3000-tree random forest (that plus the fit competing with Chromium for the CPU).

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

MODEL_CELL = """
import time
from sklearn.ensemble import RandomForestClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

class SleepyLogisticRegression(LogisticRegression):
    def fit(self, X, y):
        time.sleep(1.5)  # a long fit that leaves the CPU free
        return super().fit(X, y)

features = TfidfVectorizer().fit_transform(df['text']).toarray()
loop = nblabel.ActiveLearning(widget, {model}, features, start=4, retrain_every=5, batch_size=5)
"""
#: What each run attaches: no model; a fit that waits 1.5 s (nblabel's own overhead while a
#: retrain runs); a CPU-bound 3000-tree forest (overhead plus CPU contention on this machine).
MODELS = {
    "sleeping_fit": "SleepyLogisticRegression()",
    "cpu_bound_fit": "RandomForestClassifier(n_estimators=3000, random_state=0)",
}
KERNEL_REPORT = (
    "f'{len(widget.store.labels())} labels, {loop.version} retrains finished, "
    "median fit {loop.history.seconds.median():.2f} s'"
)


def model_tool(base: latency.Tool, name: str, model: str) -> latency.Tool:
    cell = MODEL_CELL.replace("{model}", model)
    return latency.Tool(
        f"nblabel_{name}",
        lambda n: [*latency.nblabel_cells(n), cell],
        base.selector,
        base.input_event,
        base.prepare,
        base.send,
        KERNEL_REPORT,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 labels per run (< 60 s)")
    parser.add_argument("--items", type=int, help="labels per run (default 120, quick 40)")
    args = parser.parse_args()
    n_items = args.items or (40 if args.quick else 120)
    base = latency.all_tools()["nblabel"]
    tools = [base] + [model_tool(base, name, model) for name, model in MODELS.items()]
    items = latency.load_items(n_items + 1)
    started = time.monotonic()
    results = {}
    with harness.JupyterServer() as server, sync_playwright() as pw:
        latency.write_items(server.root_dir, items)
        for tool in tools:
            harness.write_notebook(
                server.root_dir, latency.notebook_name(tool), tool.cells(len(items))
            )
        latency.start_kernels(server, [latency.notebook_name(t) for t in tools])
        browser = harness.launch_chromium(pw)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for tool in tools:
                results[tool.name] = latency.measure_tool(page, server, tool, items, gap_s=0.1)
        finally:
            browser.close()
    stats = {name: latency.summarize(r["ms"]) for name, r in results.items()}
    for name, result in results.items():
        latency.print_tool(name, stats[name], result, [])
    summary: dict[str, object] = {
        "no_model_median_ms": latency._round(stats["nblabel"].get("median")),
        "no_model_p95_ms": latency._round(stats["nblabel"].get("p95")),
    }
    for name in MODELS:
        key = f"nblabel_{name}"
        ratio = latency.ratio(stats[key], stats["nblabel"])
        print(f"median with a {name} retraining / median without a model: {ratio}")
        summary[f"{name}_median_ms"] = latency._round(stats[key].get("median"))
        summary[f"{name}_p95_ms"] = latency._round(stats[key].get("p95"))
        summary[f"ratio_{name}_vs_no_model"] = ratio
    print(f"total wall time {time.monotonic() - started:.0f} s")
    summary["items"] = n_items
    summary["kernel_report"] = {name: r["stored"] for name, r in results.items()}
    print(json.dumps(summary))
    return 0 if all(s.get("n") for s in stats.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
