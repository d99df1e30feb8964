"""ActiveLearning: a model that learns from a Labeler's labels, reorders its queue and suggests.

All slow work (fit, scoring the pool) runs in a background thread; results reach the widget on
the kernel's main thread at the browser's next message, so labeling never waits.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pandas as pd

from nblabel.active import strategies
from nblabel.active._features import resolve_features
from nblabel.active._learners import (
    accuracy,
    check_estimator,
    classes_of,
    diverse_start,
    fit_learner,
    predict_proba,
)
from nblabel.active._trainer import Retrainer
from nblabel.store import LabelEvent
from nblabel.widgets.labeler import Labeler


class ActiveLearning:
    """Attach a scikit-learn-style classifier to a :class:`~nblabel.Labeler`.

    Parameters
    ----------
    labeler : Labeler
        A single-label Labeler; its store's human and imported labels train the model.
    estimator : classifier
        Any estimator with ``fit`` and ``predict_proba``; cloned for every retrain.
    features : array, DataFrame or callable
        One row per item (see :func:`resolve_features`).
    strategy : str
        One of ``strategies.STRATEGIES``; the default mixes margin sampling with random picks.
    batch_size : int
        Items picked per query, and the size of the diverse cold-start pick's batches.
    retrain_every : int
        Retrain after this many new labels...
    retrain_seconds : float, optional
        ...or after this many seconds, if at least one label is new.
    start : int
        Labels needed (and at least two classes) before the first model; until then the queue
        starts with a diverse pick (k-means centres).
    holdout : (X_test, y_test), optional
        Labeled data to score each model on; recorded in ``history`` and drawn by ``plot``.
    auto_accept : float, optional
        Confidence at which the model labels unlabeled items itself (source ``"model"``,
        never used for training); off by default.
    """

    def __init__(
        self,
        labeler: Labeler,
        estimator: Any,
        features: Any,
        *,
        strategy: str = strategies.DEFAULT_STRATEGY,
        batch_size: int = 10,
        retrain_every: int = 10,
        retrain_seconds: float | None = None,
        start: int = 20,
        holdout: tuple[Any, Any] | None = None,
        auto_accept: float | None = None,
        committee_size: int = 3,
        blas_threads: int | None = 1,
        seed: int = 0,
    ) -> None:
        if not isinstance(labeler, Labeler) or labeler.multi:
            raise TypeError("ActiveLearning needs a single-label nblabel.Labeler (multi=False)")
        check_estimator(estimator)
        self.strategy = strategies.check_strategy(strategy)
        self.labeler, self.estimator = labeler, estimator
        source = labeler._source
        self.X = resolve_features(features, source.ids, lambda: list(source._values))
        self.batch_size, self.retrain_every, self.retrain_seconds = (
            batch_size,
            retrain_every,
            retrain_seconds,
        )
        self.start, self.holdout, self.auto_accept = start, holdout, auto_accept
        self.committee_size, self.seed = committee_size, seed
        self.version = 0
        self.last_error: BaseException | None = None
        self._history: list[dict[str, Any]] = []
        self._live_plot: Any = None
        self._rng = np.random.default_rng(seed)
        self._best: np.ndarray | None = None  # per row: index into _classes of the best guess
        self._confidence: np.ndarray | None = None
        self._classes: np.ndarray = np.array([])
        self._train = self._load_training_labels()
        self._new = 0
        self._last_fit = time.monotonic()
        self._retrainer = Retrainer(self._fit_and_rank, self._deliver, blas_threads=blas_threads)
        labeler._label_observers.append(self._on_label)
        labeler._suggest = self._suggestion
        labeler._live = True
        if self._ready():
            self.retrain()
        else:
            self._cold_start()

    # -- public ---------------------------------------------------------------------------

    @property
    def history(self) -> pd.DataFrame:
        """One row per retrain: version, labels used, holdout accuracy, fit seconds."""
        return pd.DataFrame(
            self._history, columns=["version", "labels", "accuracy", "seconds", "finished_at"]
        )

    @property
    def training(self) -> bool:
        """Whether a retrain is running or queued."""
        return self._retrainer.busy

    def retrain(self) -> None:
        """Queue a retrain now (it runs in the background)."""
        self._new = 0
        self._last_fit = time.monotonic()
        rows = np.fromiter(self._train.keys(), dtype=np.intp, count=len(self._train))
        y = np.array([self._train[r] for r in rows], dtype=object)
        self.labeler.model_status = self._status("retraining…")
        self._retrainer.request((rows, y))

    def wait(self, timeout: float | None = 60) -> bool:
        """Block until the background retrain is done (for scripts; labeling never needs it)."""
        return self._retrainer.wait_idle(timeout)

    def suggestion(self, item_id: int | str) -> dict[str, Any] | None:
        """The model's label and confidence for an item, or None before the first model."""
        return self._suggestion(self.labeler._row_of[item_id])

    def plot(
        self, ax: Any = None, *, baseline: pd.DataFrame | None = None, live: bool = False
    ) -> Any:
        """Draw holdout accuracy against labels, optionally beside simulated curves.

        With ``live=True``, return an output widget that redraws after every retrain.
        """
        from nblabel.active.plot import LivePlot, plot_learning_curve

        if live:
            self._live_plot = LivePlot(
                lambda ax: plot_learning_curve(
                    self.history, ax=ax, baseline=baseline, label=self.strategy
                )
            )
            return self._live_plot.output
        return plot_learning_curve(self.history, ax=ax, baseline=baseline, label=self.strategy)

    def close(self) -> None:
        """Stop the background thread and detach from the labeler."""
        self._retrainer.close()
        if self._on_label in self.labeler._label_observers:
            self.labeler._label_observers.remove(self._on_label)
        self.labeler._suggest = None
        self.labeler._live = False

    # -- wiring ---------------------------------------------------------------------------

    def _load_training_labels(self) -> dict[int, str]:
        """Human and imported labels of this labeler's items; model labels never train."""
        frame = self.labeler.store.labels(task=self.labeler.task)
        frame = frame[frame["source"] != "model"]
        allowed = set(self.labeler.labels)
        train = {}
        for item_id, label in frame["label"].items():
            row = self.labeler._row_of.get(item_id)
            if row is None:
                continue
            if label not in allowed:
                raise ValueError(
                    f"item {item_id!r} is labeled {label!r} in the store, which is not one of the "
                    f"labeler's labels {list(allowed)!r}; relabel it or add the label"
                )
            train[row] = label
        return train

    def _on_label(self, item_id: int | str, value: Any, _meta: dict[str, Any]) -> None:
        row = self.labeler._row_of[item_id]
        if value is None:
            self._train.pop(row, None)
        else:
            self._train[row] = value
        self._new += 1
        overdue = self.retrain_seconds is not None and (
            time.monotonic() - self._last_fit >= self.retrain_seconds
        )
        if self._ready() and (self._new >= self.retrain_every or overdue or self.version == 0):
            if not self.training or self._new >= self.retrain_every:
                self.retrain()

    def _ready(self) -> bool:
        return len(self._train) >= self.start and len(set(self._train.values())) >= 2

    def _cold_start(self) -> None:
        unlabeled = np.setdiff1d(np.arange(self.X.shape[0]), list(self._train))
        order = diverse_start(self.X[unlabeled], self.start, seed=self.seed)
        self.labeler.reorder(unlabeled[order].tolist())
        self.labeler.model_status = (
            f"no model yet: {len(self._train)}/{self.start} labels, diverse picks first"
        )

    def _suggestion(self, row: int) -> dict[str, Any] | None:
        if self._best is None or self._confidence is None:
            return None
        return {
            "label": str(self._classes[self._best[row]]),
            "confidence": round(float(self._confidence[row]), 4),
        }

    def _status(self, doing: str = "") -> str:
        parts = [f"model v{self.version}" if self.version else "no model yet"]
        if self._history:
            last = self._history[-1]
            parts.append(f"{last['labels']} labels")
            if last["accuracy"] is not None:
                parts.append(f"holdout accuracy {last['accuracy']:.3f}")
        if doing:
            parts.append(doing)
        return " · ".join(parts)

    # -- background thread ----------------------------------------------------------------

    def _fit_and_rank(self, job: tuple[np.ndarray, np.ndarray]) -> dict[str, Any]:
        """Runs in the retrain thread: touches no widget and no store."""
        rows, y = job
        began = time.perf_counter()
        committee = strategies.needs_committee(self.strategy)
        learner = fit_learner(
            self.estimator,
            self.X[rows],
            y,
            committee=committee,
            members=self.committee_size,
            seed=self.seed + self.version,
        )
        proba = predict_proba(learner, self.X)
        pool = np.setdiff1d(np.arange(self.X.shape[0]), rows)
        order = strategies.rank(
            self.strategy,
            learner,
            self.X[pool],
            batch_size=self.batch_size,
            rng=self._rng,
            proba=None if committee else proba[pool],
        )
        score = None
        if self.holdout is not None:
            score = accuracy(learner, *self.holdout)
        return {
            "classes": classes_of(learner),
            "best": proba.argmax(axis=1).astype(np.int32),
            "confidence": proba.max(axis=1),
            "queue": pool[order],
            "labels": len(rows),
            "accuracy": score,
            "seconds": time.perf_counter() - began,
        }

    def _deliver(self, result: dict[str, Any] | None, error: BaseException | None) -> None:
        """Called in the retrain thread: hand the result to the kernel's main thread."""
        self.labeler.call_soon(lambda: self._apply(result, error))

    def _apply(self, result: dict[str, Any] | None, error: BaseException | None) -> None:
        if error is not None or result is None:
            self.last_error = error
            self.labeler.model_status = self._status(f"retrain failed: {error}")
            return
        self.last_error = None
        self.version += 1
        self._classes, self._best, self._confidence = (
            result["classes"],
            result["best"],
            result["confidence"],
        )
        self._history.append(
            {
                "version": self.version,
                "labels": result["labels"],
                "accuracy": result["accuracy"],
                "seconds": result["seconds"],
                "finished_at": pd.Timestamp.now(tz="UTC"),
            }
        )
        queue = result["queue"]
        if self.auto_accept is not None:
            queue = self._auto_label(queue)
        self.labeler.reorder(queue.tolist())
        self.labeler.model_status = self._status("retraining…" if self.training else "")
        if self._live_plot is not None:
            self._live_plot.redraw()

    def _auto_label(self, queue: np.ndarray) -> np.ndarray:
        """Label confident, still unlabeled items as the model; keep them out of the human queue."""
        assert self._confidence is not None and self._best is not None
        ids = self.labeler._source.ids
        sure = [
            r
            for r in queue.tolist()
            if self._confidence[r] >= self.auto_accept and ids[r] not in self.labeler._current
        ]
        events = [
            LabelEvent(
                task=self.labeler.task,
                item_id=ids[r],
                value=str(self._classes[self._best[r]]),
                annotator=f"model v{self.version}",
                source="model",
                meta={"confidence": float(self._confidence[r])},
            )
            for r in sure
        ]
        if events:
            self.labeler.store.append(events)
            self.labeler._set_many({event.item_id: event.value for event in events})
        taken = set(sure)
        return np.array([r for r in queue.tolist() if r not in taken], dtype=np.intp)
