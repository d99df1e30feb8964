"""What ``ActiveLearning`` runs in the retrain thread: fit, rank the pool, hand the result back.

A mixin of ``ActiveLearning`` (``active/loop.py``), kept apart so each module stays small: these
are the two callbacks the ``Retrainer`` (``_trainer.py``) calls off the main thread, so nothing
here touches the widget or the store; the result reaches them through ``labeler.call_soon``.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import numpy as np

from nblabel.active import _diverse
from nblabel.active._learners import accuracy, classes_of, fit_and_rank

if TYPE_CHECKING:
    from nblabel.widgets.labeler import Labeler


class BackgroundFit:
    """The retrain thread's work (``_fit_and_rank``) and its hand-off (``_deliver``)."""

    if TYPE_CHECKING:  # provided by ActiveLearning
        labeler: Labeler
        estimator: Any
        X: np.ndarray
        strategy: str
        batch_size: int
        holdout: tuple[Any, Any] | None
        committee_size: int
        seed: int
        version: int
        _rng: np.random.Generator
        _chooser: Any

        def _apply(self, result: dict[str, Any] | None, error: BaseException | None) -> None: ...

    def _fit_and_rank(self, job: tuple[np.ndarray, np.ndarray]) -> dict[str, Any]:
        """Runs in the retrain thread: touches no widget and no store."""
        rows, y = job
        began = time.perf_counter()
        chooser = self._chooser  # the adaptive strategy's bandit, kept across rounds
        learner, queue, proba = fit_and_rank(
            self.estimator,
            self.X,
            rows,
            y,
            strategy=self.strategy,
            batch_size=self.batch_size,
            rng=self._rng,
            members=self.committee_size,
            seed=self.seed + self.version,
            all_proba=True,
            chooser=chooser,
        )
        assert proba is not None
        best = proba.argmax(axis=1).astype(np.int32)
        score = None
        if self.holdout is not None:
            score = accuracy(learner, *self.holdout)
        batch = queue[: self.batch_size]
        swapped = None if self.strategy == "random" else _diverse.swapped(proba, rows, batch)
        return {
            "classes": classes_of(learner),
            "best": best,
            "confidence": proba.max(axis=1),
            "second": runner_up(proba),
            "queue": queue,
            "labels": len(rows),
            "accuracy": score,
            "seconds": time.perf_counter() - began,
            "choice": chooser.explain() if chooser is not None else {},
            "swapped": swapped,
        }

    def _deliver(self, result: dict[str, Any] | None, error: BaseException | None) -> None:
        """Called in the retrain thread: hand the result to the kernel's main thread."""
        self.labeler.call_soon(lambda: self._apply(result, error))


def runner_up(proba: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Per row, the second most likely class and its probability (None with one class)."""
    if proba.shape[1] < 2:
        return None
    second = np.argpartition(proba, -2, axis=1)[:, -2]
    return second.astype(np.int32), proba[np.arange(len(proba)), second]
