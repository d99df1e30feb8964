"""Query time on big pools: score and rank every row, as a background retrain does.

Pools of 10k, 100k and 1M rows with 64 features; a logistic regression trained on 200 labels.
For each strategy, the median seconds to rank the whole pool (chunked), how it grows with the
pool, the peak memory the ranking allocated, and, as the baseline run in the same process,
modAL's own one-shot ``margin_sampling`` picking one batch from the whole pool unchunked.
The last lines put the default strategy's median on 1M rows beside modAL's (issue 13's
figure: at most 0.25 s).

    python benchmarks/query_time.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import tracemalloc
import warnings

import numpy as np
from modAL.uncertainty import margin_sampling
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from nblabel.active import strategies
from nblabel.active._learners import fit_learner


def pool(rows: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    centres = rng.normal(size=(10, 64))
    y = rng.integers(0, 10, size=rows)
    X = centres[y] + rng.normal(scale=2.0, size=(rows, 64))
    return X, y


def timed(fn, repeats: int) -> tuple[float, float, float]:
    """Median and spread (max - min) of seconds, and peak traced MB of one more run.

    The timed runs go without tracemalloc: tracing slows every Python allocation, which
    would charge Python-level work (k-means on a shortlist) several times its real cost.
    """
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), max(times) - min(times), peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="3 repeats, margin, hybrid and the default only"
    )
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    rng = np.random.default_rng(0)
    sizes = [10_000, 100_000, 1_000_000]
    chosen = [strategies.DEFAULT_STRATEGY, "margin", "hybrid"]
    if not args.quick:
        chosen += ["entropy", "ranked_batch", "badge", "cluster_margin", "density", "random"]
    chosen = list(dict.fromkeys(chosen))
    repeats = 3 if args.quick else 5
    figures: dict[str, float] = {}
    with threadpool_limits(limits=1):  # as in the background retrain thread
        for rows in sizes:
            X, y = pool(rows, rng)
            learner = fit_learner(
                LogisticRegression(max_iter=500), X[:200], y[:200], committee=False
            )
            tag = f"{rows // 1000}k"
            base, _, base_mb = timed(
                lambda m=learner, x=X: margin_sampling(m, x, n_instances=10), repeats
            )
            figures[f"modal_margin_batch_{tag}_s"] = round(base, 4)
            for strategy in chosen:
                med, spread, mb = timed(
                    lambda s=strategy, m=learner, x=X: strategies.rank(s, m, x, batch_size=10),
                    repeats,
                )
                figures[f"{strategy}_{tag}_median_s"] = round(med, 4)
                figures[f"{strategy}_{tag}_spread_s"] = round(spread, 4)
                figures[f"{strategy}_{tag}_peak_mb"] = round(mb, 1)
                print(
                    f"{strategy:>13} {tag:>6}: median {med:7.3f} s  spread {spread:6.3f} s  "
                    f"peak {mb:7.1f} MB  (modAL margin_sampling, one batch: {base:6.3f} s, "
                    f"{base_mb:.0f} MB)"
                )
            del X
    for strategy in chosen:
        figures[f"{strategy}_growth_100k_over_10k"] = round(
            figures[f"{strategy}_100k_median_s"] / figures[f"{strategy}_10k_median_s"], 2
        )
        figures[f"{strategy}_growth_1m_over_100k"] = round(
            figures[f"{strategy}_1000k_median_s"] / figures[f"{strategy}_100k_median_s"], 2
        )
        figures[f"{strategy}_ratio_vs_modal_batch_1m"] = round(
            figures[f"{strategy}_1000k_median_s"] / figures["modal_margin_batch_1000k_s"], 2
        )
    default = strategies.DEFAULT_STRATEGY
    figures["default_strategy"] = default  # type: ignore[assignment]
    figures["default_1m_median_s"] = figures[f"{default}_1000k_median_s"]
    figures["default_1m_ratio_vs_modal_margin"] = figures[f"{default}_ratio_vs_modal_batch_1m"]
    print(
        f"\ndefault ({default}) on 1M rows: median {figures['default_1m_median_s']:.3f} s, "
        f"modAL margin_sampling (one batch) {figures['modal_margin_batch_1000k_s']:.3f} s in "
        f"the same run, ratio {figures['default_1m_ratio_vs_modal_margin']:.2f} "
        f"(target: <= 0.25 s)"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
