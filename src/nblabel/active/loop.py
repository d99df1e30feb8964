"""ActiveLearning: a model that learns from a Labeler's labels, reorders its queue and suggests.

All slow work (fit, scoring the pool) runs in a background thread; results reach the widget on
the kernel's main thread at the browser's next message, so labeling never waits.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pandas as pd

from nblabel.active import _diverse, strategies
from nblabel.active._features import resolve_features
from nblabel.active._learners import (
    accuracy,
    check_estimator,
    classes_of,
    diverse_start,
    fit_and_rank,
)
from nblabel.active._rounds import Rounds
from nblabel.active._trainer import Retrainer
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
        One of ``strategies.STRATEGIES``; the default, cluster-margin, spreads each batch over
        groups of the most uncertain items.
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
    suggest_above : float
        Confidence below which the widget shows no suggestion (0: show every suggestion).
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
        suggest_above: float = 0.0,
        committee_size: int = 3,
        blas_threads: int | None = 1,
        seed: int = 0,
    ) -> None:
        if not isinstance(labeler, Labeler) or labeler.multi:
            raise TypeError("ActiveLearning needs a single-label nblabel.Labeler (multi=False)")
        check_estimator(estimator)
        self.strategy = strategies.check_strategy(strategy)
        self.labeler, self.estimator = labeler, estimator
        self.X = resolve_features(features, labeler.item_ids, labeler.item_values)
        self.batch_size, self.retrain_every, self.retrain_seconds = (
            batch_size,
            retrain_every,
            retrain_seconds,
        )
        self.start, self.auto_accept = start, auto_accept
        self.holdout = _check_holdout(holdout, self.X.shape[1])
        self.committee_size, self.seed = committee_size, seed
        self.version = 0
        self.last_error: BaseException | None = None
        self._rounds = Rounds(strategy, batch_size)
        self._closed = False
        self._live_plot: Any = None
        self._rng = np.random.default_rng(seed)
        self._chooser = strategies.state_for(strategy, seed=seed)  # the adaptive strategy's bandit
        self._best: np.ndarray | None = None  # per row: index into _classes of the best guess
        self._confidence: np.ndarray | None = None
        # Per row: the runner-up's class index and probability (shown beside the confidence).
        self._second: tuple[np.ndarray, np.ndarray] | None = None
        self._classes: np.ndarray = np.array([])
        self._train = self._load_training_labels()
        self._new = 0
        self._last_fit = time.monotonic()
        self._retrainer = Retrainer(self._fit_and_rank, self._deliver, blas_threads=blas_threads)
        if not 0.0 <= suggest_above <= 1.0:
            raise ValueError(f"suggest_above must be between 0 and 1, got {suggest_above!r}")
        labeler.suggest_above = suggest_above
        labeler.suggest_with(self.suggestion)
        self._stop_observing = labeler.on_label(self._on_label)
        labeler.background = True
        if self._ready():
            self.retrain()
        else:
            self._cold_start()

    # -- public ---------------------------------------------------------------------------

    @property
    def history(self) -> pd.DataFrame:
        """One row per retrain: version, labels used, holdout accuracy, fit seconds, and the
        strategy that ordered the queue, with the adaptive strategy's estimated reward (mean
        gain per batch on random probes) and random share, which say why it picked it.
        ``swapped``: how many of the next batch's picks are not among the batch-size most
        uncertain items, which the default trades for items of other groups."""
        return self._rounds.frame()

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
        self.labeler.model_status = self._rounds.status(self.version, "retraining…")
        self._retrainer.request((rows, y))

    def wait(self, timeout: float | None = 60) -> bool:
        """Block until the background retrain is done and applied (for scripts and tests).

        Labeling never needs this. Called from the kernel's main thread, it applies the
        result itself rather than leaving it for the browser's next message.
        """
        done = self._retrainer.wait_idle(timeout)
        self.labeler.run_pending()
        return done

    def suggestion(self, item_id: int | str) -> dict[str, Any] | None:
        """The model's label and confidence for an item, or None before the first model."""
        return self._suggestion(self.labeler.row_of(item_id))

    def plot(
        self,
        ax: Any = None,
        *,
        baseline: pd.DataFrame | None = None,
        live: bool = False,
        target: float | None = None,
    ) -> Any:
        """Draw holdout accuracy against labels, optionally beside simulated curves.

        ``target`` draws the accuracy you aim for. With ``live=True``, return an output widget
        that redraws after every retrain.
        """
        from nblabel.active.plot import LivePlot, plot_learning_curve

        def draw(ax: Any) -> Any:
            return plot_learning_curve(
                self.history, ax=ax, baseline=baseline, label=self.strategy, target=target
            )

        if live:
            self._live_plot = LivePlot(draw)
            return self._live_plot.output
        return draw(ax)

    def label_errors(self, **options: Any) -> pd.DataFrame:
        """Likely label errors among the labeled items, scored with this loop's estimator and
        features (``nblabel.find_label_errors``; ``options`` go to it).

        Review the result with ``nblabel.ReviewLabeler(df, column, suspects=...)``.
        """
        from nblabel.quality import find_label_errors

        return find_label_errors(
            pd.Index(self.labeler.item_ids),
            self.X,
            self.labeler.store,
            options.pop("estimator", self.estimator),
            task=self.labeler.task,
            **options,
        )

    def close(self) -> None:
        """Stop the background thread and detach from the labeler."""
        self._closed = True  # a result already on its way is dropped, not applied
        self._retrainer.close()
        self._stop_observing()
        self.labeler.suggest_with(None)
        self.labeler.background = False

    # -- wiring ---------------------------------------------------------------------------

    def _load_training_labels(self) -> dict[int, str]:
        """Human and imported labels of this labeler's items; model labels never train."""
        frame = self.labeler.store.labels(task=self.labeler.task)
        frame = frame[frame["source"] != "model"]
        allowed = set(self.labeler.labels)
        train = {}
        for item_id, label in frame["label"].items():
            try:
                row = self.labeler.row_of(item_id)
            except KeyError:
                continue
            if not isinstance(label, str) or label not in allowed:
                raise ValueError(
                    f"item {item_id!r} is labeled {label!r} in the store, which is not one of the "
                    f"labeler's labels {list(allowed)!r}; relabel it or add the label"
                )
            train[row] = label
        return train

    def _on_label(self, item_id: int | str, value: Any, source: str) -> None:
        """A label, or an undo, reached the store: keep the training set in step."""
        row = self.labeler.row_of(item_id)
        if value is None or source == "model":  # undo may restore a model's guess: never train
            self._train.pop(row, None)
        else:
            self._train[row] = value
        self._new += 1
        if self.version == 0 and not self.training:
            if self._ready():
                self.retrain()
            else:  # the count moves with every label, so the user sees the model coming
                self.labeler.model_status = self._waiting_status()
            return
        overdue = self.retrain_seconds is not None and (
            time.monotonic() - self._last_fit >= self.retrain_seconds
        )
        if self._new >= self.retrain_every or (overdue and not self.training):
            self.retrain()

    def _ready(self) -> bool:
        """Enough labels, of two classes at least, for a first model (checked until one exists)."""
        return len(self._train) >= self.start and len(set(self._train.values())) >= 2

    def _cold_start(self) -> None:
        unlabeled = np.setdiff1d(np.arange(self.X.shape[0]), list(self._train))
        if not len(unlabeled):
            self.labeler.model_status = "no model: every item is labeled, but not two classes"
            return
        order = diverse_start(self.X[unlabeled], self.start, seed=self.seed)
        self.labeler.reorder_rows(unlabeled[order])
        self.labeler.model_status = f"{self._waiting_status()} · diverse picks first"

    def _waiting_status(self) -> str:
        """Before the first model: the labels it has and needs (and why, if one class only)."""
        have = len(self._train)
        if have >= self.start and len(set(self._train.values())) < 2:
            return f"no model yet: {have}/{self.start} labels, all one class (it needs two)"
        return f"no model yet: {have}/{self.start} labels"

    def _suggestion(self, row: int) -> dict[str, Any] | None:
        if self._best is None or self._confidence is None:
            return None
        suggestion: dict[str, Any] = {
            "label": str(self._classes[self._best[row]]),
            "confidence": round(float(self._confidence[row]), 4),
        }
        # The second choice, when the fit kept it (``_second``: class index and probability
        # per row); the browser shows it beside the confidence bar.
        second = self._second
        if second is not None and second[1][row] > 0:
            suggestion["runner_up"] = {
                "label": str(self._classes[second[0][row]]),
                "confidence": round(float(second[1][row]), 4),
            }
        return suggestion

    # -- background thread ----------------------------------------------------------------

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
            "second": _runner_up(proba),
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

    def _apply(self, result: dict[str, Any] | None, error: BaseException | None) -> None:
        if self._closed:
            return
        if error is not None or result is None:
            self.last_error = error
            failed = f"retrain failed: {error}"
            self.labeler.model_status = self._rounds.status(self.version, failed)
            return
        self.last_error = None
        self.version += 1
        self._classes, self._best, self._confidence = (
            result["classes"],
            result["best"],
            result["confidence"],
        )
        self._second = result["second"]
        self._rounds.add(self.version, result)
        queue = result["queue"]
        if self.auto_accept is not None:
            queue = self._auto_label(queue)
        self.labeler.reorder_rows(queue)
        doing = "retraining…" if self.training else ""
        self.labeler.model_status = self._rounds.status(self.version, doing)
        if self._live_plot is not None:
            self._live_plot.redraw()

    def _auto_label(self, queue: np.ndarray) -> np.ndarray:
        """Label confident, still unlabeled items as the model; keep them out of the human queue.

        Items the user may have on screen are left alone, and items with any current label
        (a human's, or the model's from an earlier round) leave the queue's ranked part.
        """
        assert self._confidence is not None and self._best is not None and self.auto_accept
        ids = self.labeler.item_ids
        labeled = self.labeler.labeled_ids()
        open_rows = np.array([ids[r] not in labeled for r in queue.tolist()], dtype=bool)
        queue = queue[open_rows]
        shown = np.fromiter((self.labeler.row_of(i) for i in self.labeler.shown_ids()), np.intp)
        sure = queue[(self._confidence[queue] >= self.auto_accept) & ~np.isin(queue, shown)]
        if len(sure):
            self.labeler.write_model_labels(
                {ids[r]: str(self._classes[self._best[r]]) for r in sure.tolist()},
                annotator=f"model v{self.version}",
                meta={ids[r]: {"confidence": float(self._confidence[r])} for r in sure.tolist()},
            )
        return queue[~np.isin(queue, sure)]


def _runner_up(proba: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Per row, the second most likely class and its probability (None with one class)."""
    if proba.shape[1] < 2:
        return None
    second = np.argpartition(proba, -2, axis=1)[:, -2]
    return second.astype(np.int32), proba[np.arange(len(proba)), second]


def _check_holdout(holdout: tuple[Any, Any] | None, n_features: int) -> tuple[Any, Any] | None:
    """A holdout that cannot be scored would fail every retrain in the background: refuse it."""
    if holdout is None:
        return None
    if not isinstance(holdout, tuple) or len(holdout) != 2:
        raise TypeError("holdout must be a pair (X_test, y_test)")
    X_test, y_test = holdout
    if len(X_test.shape) != 2 or X_test.shape[1] != n_features:
        raise ValueError(
            f"holdout X_test has shape {X_test.shape}; the features have {n_features} columns"
        )
    if X_test.shape[0] != len(y_test):
        raise ValueError(f"holdout X_test has {X_test.shape[0]} rows but y_test {len(y_test)}")
    return X_test, np.asarray(y_test).astype(str)
