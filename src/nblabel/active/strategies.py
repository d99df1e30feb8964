"""Query strategies: which unlabeled items to show next, scored with modAL's measures.

Scores are computed chunk by chunk so a pool of a million rows never needs more than one
chunk's probabilities in memory, and the whole pool is ranked (not just a batch) because the
widget reorders its entire queue after each retrain.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from modAL import disagreement, uncertainty

#: Rows scored per step: bounds the memory of predict_proba on huge pools.
CHUNK = 65_536

#: Strategy name -> (needs a committee, modAL measure; higher means more informative).
_MEASURES: dict[str, tuple[bool, Callable[..., np.ndarray]]] = {
    "uncertainty": (False, uncertainty.classifier_uncertainty),
    "margin": (False, lambda clf, X: -uncertainty.classifier_margin(clf, X)),
    "entropy": (False, uncertainty.classifier_entropy),
    "vote_entropy": (True, disagreement.vote_entropy),
    "kl_divergence": (True, disagreement.KL_max_disagreement),
}
STRATEGIES = (*_MEASURES, "ranked_batch", "hybrid", "random")
#: The default: margin sampling with a share of random picks in every batch. Pure uncertainty
#: sampling can lose to random from a small start (sampling bias); the random share keeps
#: exploring. benchmarks/label_efficiency.py measures it against random on several data sets.
DEFAULT_STRATEGY = "hybrid"
HYBRID_RANDOM_SHARE = 0.3


def needs_committee(strategy: str) -> bool:
    """Whether the strategy scores with a committee's disagreement."""
    check_strategy(strategy)
    return strategy in _MEASURES and _MEASURES[strategy][0]


def check_strategy(strategy: str) -> str:
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}; choose one of {list(STRATEGIES)}")
    return strategy


class _Known:
    """Hands modAL's measures probabilities computed once, so suggestions and scores share them."""

    def __init__(self, proba: np.ndarray) -> None:
        self.proba = proba

    def predict_proba(self, X: Any, **_: Any) -> np.ndarray:
        return self.proba


def scores(strategy: str, learner: Any, X: Any, proba: np.ndarray | None = None) -> np.ndarray:
    """Informativeness of every row of ``X`` (higher first), computed in chunks.

    ``proba``, when given, are the learner's probabilities for ``X`` (single learners only).
    """
    committee, measure = _MEASURES[strategy]
    out = np.empty(_rows(X), dtype=np.float64)
    for start in range(0, len(out), CHUNK):
        block = X[start : start + CHUNK]
        scorer = (
            _Known(proba[start : start + CHUNK]) if proba is not None and not committee else learner
        )
        out[start : start + CHUNK] = measure(scorer, block)
    return out


def rank(
    strategy: str,
    learner: Any,
    X: Any,
    *,
    batch_size: int = 10,
    rng: np.random.Generator | None = None,
    proba: np.ndarray | None = None,
) -> np.ndarray:
    """Return row indices of ``X`` in the order they should be labeled.

    ``proba`` may carry the learner's probabilities for ``X`` to avoid computing them twice.
    """
    rng = rng if rng is not None else np.random.default_rng()
    n = _rows(X)
    if strategy == "random" or learner is None:
        return rng.permutation(n)
    if strategy == "hybrid":
        return _hybrid(scores("margin", learner, X, proba), batch_size, rng)
    if strategy == "ranked_batch":
        return _ranked_batch(learner, X, batch_size, rng, proba)
    s = scores(strategy, learner, X, proba)
    return np.lexsort((rng.random(n), -s))  # best first, random tie-break


def _hybrid(score: np.ndarray, batch_size: int, rng: np.random.Generator) -> np.ndarray:
    """Each batch: the most uncertain items, plus a random share drawn from the rest."""
    order = np.lexsort((rng.random(len(score)), -score))
    n_random = max(1, round(batch_size * HYBRID_RANDOM_SHARE)) if batch_size > 1 else 0
    n_top = max(1, batch_size - n_random)
    head, rest = order[:n_top], order[n_top:]
    picks = rng.choice(rest, size=min(n_random, len(rest)), replace=False) if len(rest) else rest
    first = np.concatenate([head, picks])
    return np.concatenate([first, order[~np.isin(order, first)]])


def _ranked_batch(
    learner: Any, X: Any, batch_size: int, rng: np.random.Generator, proba: np.ndarray | None
) -> np.ndarray:
    """modAL's ranked batch (uncertainty traded against distance to chosen items) on a shortlist.

    The full pool is ranked by uncertainty first; ranked batch runs on the top candidates only,
    since its pairwise distances would be quadratic on a million rows.
    """
    from modAL.batch import uncertainty_batch_sampling

    order = rank("uncertainty", learner, X, rng=rng, proba=proba)
    shortlist = order[: max(batch_size * 20, 200)]
    picked, _ = uncertainty_batch_sampling(
        learner, X[shortlist], n_instances=min(batch_size, len(shortlist))
    )
    first = shortlist[np.asarray(picked, dtype=np.intp)]
    return np.concatenate([first, order[~np.isin(order, first)]])


def _rows(X: Any) -> int:
    return int(X.shape[0]) if hasattr(X, "shape") else len(X)
