"""The adaptive strategy: a bandit over query strategies, rewarded by what helps on this pool.

Active Learning by Learning (Hsu & Lin, AAAI 2015) picks a strategy per round and rewards it
by an unbiased estimate of the accuracy it bought. Here every batch keeps a random share (the
*probes*); probes are uniform over the pool, so the models fitted before they were labeled can
be compared on them without importance weights. The reward of the strategy that picked a
batch is the gain it brought: the mean probability of the true label on later probes, for the
model fitted after that batch minus the model fitted before it. Thompson sampling on each
strategy's mean gain picks the next one; the random share shrinks as the probes say the model
is right more often.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nblabel.active import _order, strategies
from nblabel.active._learners import classes_of, predict_proba

#: The strategies the bandit chooses among. BADGE, density and a pure random arm were tried
#: as arms too and measured worse (benchmarks/label_efficiency.py); the random share of each
#: batch already keeps exploring where uncertainty does not pay.
ARMS = ("margin", "cluster_margin")
#: Random share of each batch: one minus the accuracy on probes, within these bounds. A model
#: that is often wrong (label noise, a hard task) gains little from its own uncertainty.
SHARE_RANGE = (0.1, 0.3)
#: The share before any probe has been labeled.
FIRST_SHARE = 0.2
#: Probes the accuracy estimate remembers, and the pseudo-probes of its prior.
PROBE_MEMORY = 30
PRIOR_PROBES = 4
#: Prior mean gain, in units of the gains' spread: margin first until evidence says otherwise
#: (the strongest single strategy on most data sets), random last if it is made an arm.
PRIOR = {"margin": 1.0, "random": -1.0}
#: Past rounds whose models are kept to be compared on new probes.
WINDOW = 3


@dataclass
class _Round:
    learner: Any
    arm: str = ""


@dataclass
class _Gains:
    samples: list[float] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.samples)

    @property
    def mean(self) -> float:
        return float(np.mean(self.samples)) if self.samples else 0.0


class Chooser:
    """State of the adaptive strategy across rounds; owned by the loop (or ``simulate``).

    Call :meth:`observe` after each fit with every labeled row, then :meth:`rank` picks this
    round's strategy and orders the pool; :meth:`explain` says what it picked and why.
    """

    def __init__(self, arms: tuple[str, ...] | None = None, seed: int = 0) -> None:
        self.arms = arms if arms is not None else ARMS
        self.random_share = FIRST_SHARE
        self.accuracy: float | None = None  # accuracy on fresh probes, smoothed
        self._gains = {arm: _Gains() for arm in self.arms}
        self._rounds: list[_Round] = []
        self._seen: set[int] = set()
        self._hits: list[float] = []
        self._probes: set[int] = set()
        self._previous_probes: set[int] = set()
        self._probe_positions = np.empty(0, dtype=np.intp)
        self._rng = np.random.default_rng(seed)
        self._choice = ""

    def observe(self, learner: Any, X: Any, rows: np.ndarray, y: np.ndarray) -> None:
        """Credit past choices with what the newly labeled probes say, then remember ``learner``.

        ``rows`` are every labeled row of ``X`` (``y`` their labels) that ``learner`` was
        fitted on; probes among the new ones were labeled after every kept model was fitted.
        """
        fresh = [(i, r) for i, r in enumerate(rows.tolist()) if r not in self._seen]
        probes = [(i, r) for i, r in fresh if r in self._probes or r in self._previous_probes]
        self._seen.update(r for _, r in fresh)
        if probes and self._rounds:
            at = np.asarray([r for _, r in probes], dtype=np.intp)
            truth = np.asarray(y)[[i for i, _ in probes]]
            scored = [_true_label_proba(past.learner, X[at], truth) for past in self._rounds]
            soft = [float(p.mean()) for p, _ in scored]
            for before, after, past in zip(soft, soft[1:], self._rounds, strict=False):
                if past.arm in self._gains:
                    self._gains[past.arm].samples.append(after - before)
            # The newest model's hits on its fresh probes, the last PROBE_MEMORY of them,
            # shrunk towards 1 - FIRST_SHARE so two early probes cannot swing the share.
            self._hits = [*self._hits, *scored[-1][1].tolist()][-PROBE_MEMORY:]
            prior = (1.0 - FIRST_SHARE) * PRIOR_PROBES
            self.accuracy = (sum(self._hits) + prior) / (len(self._hits) + PRIOR_PROBES)
            low, high = SHARE_RANGE
            self.random_share = float(np.clip(1.0 - self.accuracy, low, high))
        self._rounds = [*self._rounds, _Round(learner)][-(WINDOW + 1) :]

    def choose(self) -> str:
        """Thompson sampling: draw each strategy's mean gain from its posterior, take the best.

        The prior is one pseudo-gain of ``PRIOR`` spreads; the spread is the one of every
        gain seen so far, so the draws need no scale fixed in advance.
        """
        pooled = [g for gains in self._gains.values() for g in gains.samples]
        spread = float(np.std(pooled)) if len(pooled) > 2 else 0.05
        draws = []
        for arm in self.arms:
            gains = self._gains[arm]
            prior = PRIOR.get(arm, 0.0) * spread
            mean = (prior + sum(gains.samples)) / (gains.n + 1)
            scale = spread / np.sqrt(gains.n + 1)
            draws.append(mean + scale * self._rng.standard_normal())
        self._choice = self.arms[int(np.argmax(draws))]
        if self._rounds:
            self._rounds[-1].arm = self._choice
        return self._choice

    def rank(
        self,
        learner: Any,
        X: Any,
        proba: np.ndarray,
        batch_size: int,
        rng: np.random.Generator,
    ) -> np.ndarray:
        """Order the pool: this round's strategy, with a random share (the probes) per batch."""
        arm = self.choose()
        n = len(proba)
        head = _order.head_size(batch_size, n)
        if arm == "random":
            order = rng.permutation(n)
            self._probe_positions = order[:head]
            return order
        order = strategies.from_proba(arm, learner, X, proba, batch_size, rng)
        probes: list[int] = []
        mixed = _order.mixed_batches(order, batch_size, self.random_share, head, rng, probes)
        self._probe_positions = np.asarray(probes, dtype=np.intp)
        return mixed

    def queued(self, pool: np.ndarray) -> None:
        """Map the probes of the last ranking from pool positions to rows of ``X``.

        The previous round's probes stay one round more: in the live loop a batch's last
        items (where its probes sit) are often labeled just after the next retrain, from the
        places the reorder left them in. Older ones are dropped, since a later strategy may
        have picked them, and then they are no fair test.
        """
        self._previous_probes = self._probes - self._seen
        self._probes = set(pool[self._probe_positions].tolist())

    def explain(self) -> dict[str, Any]:
        """What the last round picked and why: its estimated gain per batch, and the mix."""
        if not self._choice:
            return {}
        gains = self._gains[self._choice]
        return {
            "choice": self._choice,
            "reward": round(gains.mean, 4) if gains.n else None,
            "random_share": round(self.random_share, 2),
        }

    def rewards(self) -> dict[str, tuple[float, int]]:
        """Each strategy's mean gain per batch so far, and how many gains it rests on."""
        return {arm: (round(g.mean, 4), g.n) for arm, g in self._gains.items()}


def _true_label_proba(learner: Any, X: Any, truth: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the probability the model gives the true label (0 for a class it has not
    seen), and whether its best guess is right. The first rewards strategies (it moves
    smoothly with every batch, where hits jump), the second sets the random share."""
    proba = predict_proba(learner, X)
    classes = classes_of(learner)
    column = {c: i for i, c in enumerate(classes.tolist())}
    picked = [proba[k, column[t]] if t in column else 0.0 for k, t in enumerate(truth.tolist())]
    right = classes[proba.argmax(axis=1)] == truth
    return np.asarray(picked, dtype=np.float64), right.astype(np.float64)
