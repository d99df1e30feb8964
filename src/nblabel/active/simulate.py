"""Oracle simulations: learning curves of each strategy on data whose labels are known."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from nblabel.active import strategies
from nblabel.active._learners import accuracy, diverse_start, fit_and_rank


def simulate(
    X: Any,
    y: Any,
    estimator: Any,
    *,
    X_test: Any,
    y_test: Any,
    strategy: str = strategies.DEFAULT_STRATEGY,
    start: int = 20,
    batch_size: int = 10,
    budget: int = 300,
    seed: int = 0,
    committee_size: int = 3,
    blas_threads: int | None = 1,
    cold_start: str = "diverse",
) -> pd.DataFrame:
    """Label ``X`` in the order a strategy picks, the oracle answering with ``y``.

    Returns one row per retrain: ``labels`` (how many were used), ``accuracy`` on the test
    set and, for the adaptive strategy, the ``choice`` it made for the next batch, that
    choice's estimated ``reward`` and the ``random_share``.
    The cold start is the same diverse pick the live loop uses (``cold_start="random"``
    draws it at random instead), seeded by ``seed``; the adaptive strategy's state lives in
    one object from ``strategies.state_for``, as in the live loop.
    """
    strategies.check_strategy(strategy)
    if cold_start not in ("diverse", "random"):
        raise ValueError(f"cold_start must be 'diverse' or 'random', not {cold_start!r}")
    y = np.asarray(y)
    if len(np.unique(y)) < 2:
        raise ValueError("y holds a single class: a classifier needs at least two to learn")
    rng = np.random.default_rng(seed)
    if cold_start == "diverse":
        labeled = list(diverse_start(X, start, seed=seed)[:start])
    else:
        labeled = list(np.random.default_rng(seed).permutation(len(y))[:start])
    chooser = strategies.state_for(strategy, seed=seed)
    rows = []
    with threadpool_limits(limits=blas_threads):
        while True:
            if len(np.unique(y[labeled])) < 2:  # a classifier needs two classes: keep picking
                labeled.append(_random_unlabeled(len(y), labeled, rng))
                continue
            picked = np.asarray(labeled, dtype=np.intp)
            learner, queue, _ = fit_and_rank(
                estimator,
                X,
                picked,
                y[picked],
                strategy=strategy,
                batch_size=batch_size,
                rng=rng,
                members=committee_size,
                seed=seed,
                chooser=chooser,
            )
            rows.append(
                {
                    "labels": len(labeled),
                    "accuracy": accuracy(learner, X_test, y_test),
                    **(chooser.explain() if chooser is not None else {}),
                }
            )
            if len(labeled) >= min(budget, len(y)) or not len(queue):
                break
            labeled.extend(queue[:batch_size].tolist())
    curve: pd.DataFrame = pd.DataFrame(rows)
    curve["strategy"] = strategy
    curve["seed"] = seed
    return curve


def labels_to_reach(curve: pd.DataFrame, target: float) -> float:
    """Fewest labels at which the curve reaches ``target`` accuracy (inf if never)."""
    hit = curve.loc[curve["accuracy"] >= target, "labels"]
    return float(hit.iloc[0]) if len(hit) else float("inf")


def _random_unlabeled(n: int, labeled: list[int], rng: np.random.Generator) -> int:
    taken = set(labeled)
    while True:
        row = int(rng.integers(n))
        if row not in taken:
            return row
