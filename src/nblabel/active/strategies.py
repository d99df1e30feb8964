"""Query strategies: which unlabeled items to show next, scored with modAL's measures.

Scores are computed chunk by chunk so a pool of a million rows never needs more than one
chunk's probabilities in memory, and the whole pool is ranked (not just a batch) because the
widget reorders its entire queue after each retrain: exactly for the next few batches, each
following the strategy's batch rule, and coarsely beyond (``_order``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from modAL import disagreement, uncertainty

from nblabel.active import _diverse, _order
from nblabel.active._learners import embedding, predict_proba, weighted_embedding

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
STRATEGIES = (
    *_MEASURES,
    "ranked_batch",
    "hybrid",
    "badge",
    "cluster_margin",
    "density",
    "adaptive",
    "random",
)
#: The default: each batch takes the most uncertain item of each k-means group among the
#: lowest margins, grouped in the space the current model weighs (``weighted_embedding``);
#: on sparse rows (text) the most uncertain typical one (``_diverse.typical_first``), and with
#: two classes on dense rows only near the boundary (``_diverse.BINARY_WIDTH``).
#: benchmarks/label_efficiency.py (nine data sets, 20-100 seeds) measured it best or within noise
#: of the best single strategy on most sets; the ``adaptive`` bandit over margin and
#: cluster-margin needed more labels on six of the nine, since the random probes that
#: tell it which strategy pays cost more labels than a better choice saves on these pools.
DEFAULT_STRATEGY = "cluster_margin"
HYBRID_RANDOM_SHARE = 0.3


def state_for(strategy: str, *, seed: int = 0) -> Any:
    """What a strategy keeps from round to round, or None for the stateless ones.

    The adaptive strategy returns its bandit (:class:`~nblabel.active.adaptive.Chooser`); the
    live loop and ``simulate`` each own one and pass it to every ``fit_and_rank`` round.
    """
    check_strategy(strategy)
    if strategy != "adaptive":
        return None
    from nblabel.active.adaptive import Chooser

    return Chooser(seed=seed)


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
    chooser: Any = None,
) -> np.ndarray:
    """Return row indices of ``X`` in the order they should be labeled.

    Every batch in the queue's head (``_order.HEAD_BATCHES`` batches) follows the strategy's
    rule, so a late retrain never leaves the user labeling a plain-margin order; beyond the
    head a big pool is only sorted. ``proba`` may carry the learner's probabilities for ``X``
    to avoid computing them twice. ``chooser`` is the adaptive strategy's state across rounds
    (see :class:`~nblabel.active.adaptive.Chooser`); without one it starts afresh.
    """
    rng = rng if rng is not None else np.random.default_rng()
    n = _rows(X)
    head = _order.head_size(batch_size, n)
    if strategy == "random" or learner is None:
        return rng.permutation(n)
    if strategy in _MEASURES:
        return _order.best_first(scores(strategy, learner, X, proba), rng, head)
    if strategy == "ranked_batch":
        return _ranked_batch(learner, X, head, rng, proba)
    if proba is None:
        proba = predict_proba(learner, X)
    if strategy == "adaptive":
        from nblabel.active.adaptive import Chooser

        chooser = chooser if chooser is not None else Chooser()
        return np.asarray(chooser.rank(learner, X, proba, batch_size, rng))
    return from_proba(strategy, learner, X, proba, batch_size, rng)


def from_proba(
    strategy: str,
    learner: Any,
    X: Any,
    proba: np.ndarray,
    batch_size: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Rank with a strategy built on the margin of ``proba`` plus a batch rule.

    The fast path for big pools: ``margin`` here uses the float32 probabilities as they are,
    where ``rank("margin")`` recomputes modAL's float64 measure.
    """
    head = _order.head_size(batch_size, len(proba))
    margin = _diverse.margins(proba)
    if strategy == "density":
        return _order.best_first((1.0 - margin) * _diverse.density(X), rng, head)
    order = _order.best_first(-margin, rng, head)
    if strategy == "margin":
        return order
    if strategy == "hybrid":
        return _order.mixed_batches(order, batch_size, HYBRID_RANDOM_SHARE, head, rng)
    if strategy == "cluster_margin":
        seed = int(rng.integers(2**31))
        shortlist = order[: head * _diverse.WIDTH].copy()
        sparse = hasattr(X, "multiply")  # text
        if sparse:
            window = shortlist[: _diverse.WIDTH * batch_size]
            shortlist[: len(window)] = _diverse.typical_first(window, margin, X)
        space = weighted_embedding(learner, X[shortlist])
        narrow = proba.shape[1] == 2 and not sparse
        picks = _diverse.cluster_margin(shortlist, space, batch_size, head, seed, narrow=narrow)
        return _order.then_rest(picks, order)
    if strategy == "badge":
        candidates = order[: _diverse.SHORTLIST] if len(order) > _diverse.SHORTLIST else order
        picks = _diverse.badge(proba, embedding(learner, X), head, rng, np.sort(candidates))
        return _order.then_rest(picks, order)
    raise ValueError(f"strategy {strategy!r} has no ranking rule")


def _ranked_batch(
    learner: Any, X: Any, head: int, rng: np.random.Generator, proba: np.ndarray | None
) -> np.ndarray:
    """modAL's ranked batch (uncertainty traded against distance to chosen items) on a shortlist.

    The full pool is ranked by uncertainty first; ranked batch picks the whole head from the
    top candidates, since its pairwise distances would be quadratic on a million rows.
    """
    from modAL.batch import uncertainty_batch_sampling

    order = _order.best_first(scores("uncertainty", learner, X, proba), rng, head)
    shortlist = order[: max(head * 4, 200)]
    picked, _ = uncertainty_batch_sampling(
        learner, X[shortlist], n_instances=min(head, len(shortlist))
    )
    return _order.then_rest(shortlist[np.asarray(picked, dtype=np.intp)], order)


def _rows(X: Any) -> int:
    return int(X.shape[0]) if hasattr(X, "shape") else len(X)
