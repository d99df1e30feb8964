"""How many labels each query strategy needs, against random sampling, in oracle simulations.

Every strategy, nblabel's default, and modAL's own ``uncertainty_sampling``,
``margin_sampling`` and a vote-entropy committee run with the same estimator
(StandardScaler + LogisticRegression), splits, seeds and cold start on nine data sets built
here (nothing is downloaded). Per data set it reports, for each strategy:

- labels to reach the target, as a ratio to random's on the same seed (mean and worst seed;
  lower is better). The target is 95% test accuracy on digits (the issue's figure) and 95% of
  the accuracy a model trained on the whole pool reaches elsewhere. A run that never reaches
  it counts as budget + one batch (so its ratio is a lower bound, marked ``>``);
- the area under the learning curve (mean test accuracy over the budget) minus random's.

Means come with 95% bootstrap intervals over seeds, and the default's gap to the best single
strategy with a paired one: on small pools a gap of 0.05 can be noise. The best single
strategy is picked on the same seeds, so its mean (and the gap) flatters it.

It also runs the default from a random cold start beside the k-means diverse one. Seeds: 20
per data set, 100 on the small or quick pools, where one seed's ratio ranges from 0.3 to 3
and fewer seeds reorder the strategies from one run to the next.

    python benchmarks/label_efficiency.py [--quick] [--seeds N] [--jobs N] [--sets a,b]
        [--strategies a,b]
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.datasets import (
    load_breast_cancer,
    load_digits,
    load_iris,
    load_wine,
    make_classification,
)
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from nblabel.active import DEFAULT_STRATEGY, STRATEGIES, labels_to_reach, simulate

MODAL = ("modal_uncertainty", "modal_margin", "modal_vote_entropy")
DEFAULT_RANDOM_START = "default_random_start"


@dataclass
class Case:
    name: str
    X: Any
    y: np.ndarray
    budget: int
    start: int = 20
    batch: int = 10
    target: float | None = None  # absolute accuracy; None: 95% of the whole-pool model's
    seeds: int = 20  # small pools get more: their per-seed ratios swing from 0.3 to 3


def cases(quick: bool) -> Iterator[Case]:
    X, y = load_digits(return_X_y=True)
    yield Case("digits", X / 16.0, y, budget=500, target=0.95)
    if quick:
        return
    yield Case("breast_cancer", *load_breast_cancer(return_X_y=True), budget=150, seeds=100)
    yield Case("wine", *load_wine(return_X_y=True), budget=60, start=6, batch=3, seeds=100)
    yield Case("iris", *load_iris(return_X_y=True), budget=50, start=6, batch=3, seeds=100)
    from sklearn.feature_extraction.text import TfidfVectorizer

    from nblabel.datasets import load_short_texts

    texts = load_short_texts()
    tfidf = TfidfVectorizer(min_df=2).fit_transform(texts["text"])
    sentiment = np.unique(texts["sentiment"].to_numpy(), return_inverse=True)[1]  # modAL: codes
    yield Case("reviews_tfidf", tfidf, sentiment, budget=200, seeds=100)

    def synth(seed: int, n: int = 2000, **kw: Any) -> tuple[np.ndarray, np.ndarray]:
        return make_classification(n_samples=n, random_state=seed, **kw)

    noisy = synth(0, n_features=20, n_informative=8, n_classes=4, flip_y=0.1, class_sep=1.2)
    yield Case("synth_noisy", *noisy, budget=400)
    imbalanced = synth(1, n_features=20, n_informative=6, n_classes=3, weights=[0.8, 0.15])
    yield Case("synth_imbalanced", *imbalanced, budget=300, seeds=100)
    many = synth(2, 1500, n_features=30, n_informative=15, n_classes=10, class_sep=2.5)
    yield Case("synth_many_classes", *many, budget=450)
    few = synth(3, n_features=50, n_informative=3, n_redundant=2, n_classes=2, class_sep=0.8)
    yield Case("synth_few_informative", *few, budget=400)


def estimator(X: Any) -> Any:
    sparse = hasattr(X, "tocsr")
    return make_pipeline(StandardScaler(with_mean=not sparse), LogisticRegression(max_iter=1000))


def modal_curve(
    kind: str, est: Any, X: Any, y: np.ndarray, X_test: Any, y_test: Any, case: Case, seed: int
) -> pd.DataFrame:
    """modAL's own loop: ActiveLearner/Committee, query, teach; the same start as nblabel's."""
    from modAL.disagreement import vote_entropy_sampling
    from modAL.models import ActiveLearner, Committee
    from modAL.uncertainty import margin_sampling, uncertainty_sampling

    from nblabel.active._learners import diverse_start

    start = diverse_start(X, case.start, seed=seed)[: case.start]
    start = _two_classes(start, y, seed)
    unlabeled = np.setdiff1d(np.arange(X.shape[0]), start)
    if kind == "modal_vote_entropy":
        # Members differ by a bootstrap of the start that keeps every class (modAL's own
        # bootstrap_init can draw a single class from 20 rows and fail to fit).
        rng = np.random.default_rng(seed)
        members = []
        for _ in range(3):
            idx = np.concatenate(
                [
                    rng.choice(start[y[start] == c], size=int((y[start] == c).sum()))
                    for c in np.unique(y[start])
                ]
            )
            members.append(
                ActiveLearner(estimator=clone(est), X_training=X[idx], y_training=y[idx])
            )
        model: Any = Committee(learner_list=members, query_strategy=vote_entropy_sampling)
    else:
        query = uncertainty_sampling if kind == "modal_uncertainty" else margin_sampling
        model = ActiveLearner(
            estimator=clone(est), query_strategy=query, X_training=X[start], y_training=y[start]
        )
    rows = [{"labels": len(start), "accuracy": model.score(X_test, y_test)}]
    labels = len(start)
    while labels < min(case.budget, len(y)) and len(unlabeled):
        picked, _ = model.query(X[unlabeled], n_instances=min(case.batch, len(unlabeled)))
        rows_new = unlabeled[np.asarray(picked, dtype=np.intp)]
        model.teach(X[rows_new], y[rows_new])
        unlabeled = np.setdiff1d(unlabeled, rows_new)
        labels += len(rows_new)
        rows.append({"labels": labels, "accuracy": model.score(X_test, y_test)})
    return pd.DataFrame(rows)


def _two_classes(start: np.ndarray, y: np.ndarray, seed: int) -> np.ndarray:
    """modAL needs two classes in the start, as nblabel's simulate does: add random rows."""
    rng = np.random.default_rng(seed)
    start = list(start)
    while len(np.unique(y[start])) < 2:
        row = int(rng.integers(len(y)))
        if row not in start:
            start.append(row)
    return np.asarray(start, dtype=np.intp)


def run_case(case: Case, names: list[str], seeds: range) -> dict[str, dict[str, list[float]]]:
    """Labels to target and area under the curve, per strategy and seed."""
    out: dict[str, dict[str, list[float]]] = {n: {"need": [], "auc": []} for n in names}
    for seed in seeds:
        X_pool, X_test, y_pool, y_test = train_test_split(
            case.X, case.y, test_size=0.3, stratify=case.y, random_state=seed
        )
        est = estimator(case.X)
        goal = case.target
        if goal is None:
            goal = 0.95 * clone(est).fit(X_pool, y_pool).score(X_test, y_test)
        for name in names:
            if name in MODAL:
                curve = modal_curve(name, est, X_pool, y_pool, X_test, y_test, case, seed)
            else:
                strategy = DEFAULT_STRATEGY if name == DEFAULT_RANDOM_START else name
                curve = simulate(
                    X_pool,
                    y_pool,
                    est,
                    X_test=X_test,
                    y_test=y_test,
                    strategy=strategy,
                    start=case.start,
                    batch_size=case.batch,
                    budget=case.budget,
                    seed=seed,
                    cold_start="random" if name == DEFAULT_RANDOM_START else "diverse",
                )
            need = labels_to_reach(curve, goal)
            out[name]["need"].append(need if np.isfinite(need) else case.budget + case.batch)
            out[name]["auc"].append(float(curve["accuracy"].mean()))
    return out


def timed_case(
    case: Case, names: list[str], seeds: range
) -> tuple[dict[str, dict[str, Any]], float]:
    """One data set in a worker process, one BLAS thread: its summary and its seconds."""
    warnings.filterwarnings("ignore")
    began = time.perf_counter()
    with threadpool_limits(limits=1):
        rows = summarise(case, run_case(case, names, seeds))
    return rows, time.perf_counter() - began


def summarise(case: Case, raw: dict[str, dict[str, list[float]]]) -> dict[str, dict[str, Any]]:
    """Per strategy: mean and worst per-seed ratio to random, AUC minus random's."""
    base_need = np.asarray(raw["random"]["need"])
    base_auc = np.asarray(raw["random"]["auc"])
    rows = {}
    for name, r in raw.items():
        ratios = np.asarray(r["need"]) / base_need
        rows[name] = {
            "ratio_mean": round(float(ratios.mean()), 3),
            "ratio_ci95": interval(ratios),
            "ratio_worst": round(float(ratios.max()), 3),
            "censored": bool(np.any(np.asarray(r["need"]) > case.budget)),
            "auc_minus_random": round(float(np.mean(np.asarray(r["auc"]) - base_auc)), 4),
            "labels_mean": round(float(np.mean(r["need"])), 1),
            "per_seed_ratio": ratios,
        }
    return rows


def interval(values: np.ndarray, resamples: int = 2000) -> list[float]:
    """95% bootstrap interval of the mean over seeds."""
    rng = np.random.default_rng(0)
    means = values[rng.integers(0, len(values), size=(resamples, len(values)))].mean(axis=1)
    return [round(float(q), 3) for q in np.percentile(means, [2.5, 97.5])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="digits only, 2 seeds (< 60 s)")
    parser.add_argument(
        "--seeds", type=int, default=None, help="seeds per data set (20; 100 on small pools)"
    )
    parser.add_argument("--jobs", type=int, default=1, help="data sets run in parallel")
    parser.add_argument("--sets", default="", help="comma-separated data set names")
    parser.add_argument("--strategies", default="", help="comma-separated strategy names")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    if args.strategies:
        names = ["random", *(s for s in args.strategies.split(",") if s != "random")]
    elif args.quick:
        names = ["random", DEFAULT_STRATEGY, "margin", "hybrid", *MODAL]
    else:
        names = [*STRATEGIES, DEFAULT_RANDOM_START, *MODAL]
        names = ["random", *(n for n in names if n != "random")]
    began = time.perf_counter()
    chosen = [c for c in cases(args.quick) if not args.sets or c.name in args.sets.split(",")]
    report: dict[str, Any] = {}
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        runs = [
            pool.submit(
                timed_case, case, names, range(args.seeds or (2 if args.quick else case.seeds))
            )
            for case in chosen
        ]
        for case, run in zip(chosen, runs, strict=True):
            rows, seconds = run.result()
            report[case.name] = rows
            print_case(case, rows, seconds)
    figures = headline(report)
    figures["seconds"] = round(time.perf_counter() - began, 1)
    print_headline(figures)
    for rows in report.values():
        for row in rows.values():
            del row["per_seed_ratio"]
    print(json.dumps({"default_strategy": DEFAULT_STRATEGY, **figures, "sets": report}))


def print_case(case: Case, rows: dict[str, dict[str, Any]], seconds: float) -> None:
    n = case.X.shape[0]
    print(
        f"\n== {case.name}: {n} rows, start {case.start}, batch {case.batch}, "
        f"budget {case.budget} ({seconds:.0f} s)"
    )
    print(f"{'strategy':>22} {'ratio mean':>10} {'worst':>7} {'AUC-random':>11} {'labels':>7}")
    for name, r in sorted(rows.items(), key=lambda kv: kv[1]["ratio_mean"]):
        mark = ">" if r["censored"] else " "
        star = " *" if name == DEFAULT_STRATEGY else ""
        print(
            f"{name:>22} {mark}{r['ratio_mean']:9.2f} {r['ratio_worst']:7.2f} "
            f"{r['auc_minus_random']:+11.4f} {r['labels_mean']:7.1f}{star}"
        )


def headline(report: dict[str, dict[str, dict[str, Any]]]) -> dict[str, Any]:
    """The issue's figures: default vs random and vs the best single strategy, per set."""
    out: dict[str, Any] = {}
    singles = [s for s in (*STRATEGIES, *MODAL) if s not in ("random", DEFAULT_STRATEGY)]
    checks = {"ratio_le_1": True, "auc_ge_random": True, "within_005_of_best": True}
    for name, rows in report.items():
        d = rows[DEFAULT_STRATEGY]
        present = [s for s in singles if s in rows] or [DEFAULT_STRATEGY]
        best = min(present, key=lambda s: rows[s]["ratio_mean"])
        out[name] = {
            "default_ratio_mean": d["ratio_mean"],
            "default_ratio_worst": d["ratio_worst"],
            "default_auc_minus_random": d["auc_minus_random"],
            "default_ratio_ci95": d["ratio_ci95"],
            "best_single": best,
            "best_single_ratio_mean": rows[best]["ratio_mean"],
            "gap_to_best_ci95": interval(d["per_seed_ratio"] - rows[best]["per_seed_ratio"]),
        }
        if DEFAULT_RANDOM_START in rows:
            out[name]["random_start_ratio_mean"] = rows[DEFAULT_RANDOM_START]["ratio_mean"]
            out[name]["random_start_auc_minus_random"] = rows[DEFAULT_RANDOM_START][
                "auc_minus_random"
            ]
        checks["ratio_le_1"] &= d["ratio_mean"] <= 1.0
        checks["auc_ge_random"] &= d["auc_minus_random"] >= 0
        checks["within_005_of_best"] &= d["ratio_mean"] <= rows[best]["ratio_mean"] + 0.05
    return {"per_set": out, **checks}


def print_headline(figures: dict[str, Any]) -> None:
    print(f"\n== default ({DEFAULT_STRATEGY}) per data set")
    for name, f in figures["per_set"].items():
        extra = ""
        if "random_start_ratio_mean" in f:
            extra = f"  random start {f['random_start_ratio_mean']:.2f}"
        low, high = f["default_ratio_ci95"]
        gap_low, gap_high = f["gap_to_best_ci95"]
        print(
            f"{name:>22}: ratio {f['default_ratio_mean']:.2f} (95% {low:.2f}-{high:.2f}, worst "
            f"{f['default_ratio_worst']:.2f}), AUC-random {f['default_auc_minus_random']:+.4f},"
            f" best single {f['best_single']} {f['best_single_ratio_mean']:.2f} (gap 95% "
            f"{gap_low:+.2f} to {gap_high:+.2f}){extra}"
        )
    print(
        f"mean ratio <= 1 everywhere: {figures['ratio_le_1']}; AUC >= random everywhere: "
        f"{figures['auc_ge_random']}; within 0.05 of best: {figures['within_005_of_best']}; "
        f"{figures['seconds']} s"
    )


if __name__ == "__main__":
    main()
