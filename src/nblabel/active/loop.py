"""ActiveLearning: a model that learns from a Labeler's labels, reorders its queue and suggests.

All slow work (fit, scoring the pool) runs in a background thread; results reach the widget on
the kernel's main thread at the browser's next message, so labeling never waits.

This module is the public face (setup and the public methods); the class is assembled from one
mixin per job: when to retrain (``_schedule.py``), the retrain thread's work (``_background.py``)
and applying a finished retrain to the widget (``_apply.py``); argument checks are in
``_checks.py``.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pandas as pd

from nblabel.active import strategies
from nblabel.active._apply import ApplyModel
from nblabel.active._background import BackgroundFit
from nblabel.active._checks import check_holdout
from nblabel.active._features import resolve_features
from nblabel.active._learners import check_estimator
from nblabel.active._rounds import Rounds
from nblabel.active._schedule import RetrainSchedule
from nblabel.active._trainer import Retrainer
from nblabel.widgets.labeler import Labeler


class ActiveLearning(RetrainSchedule, BackgroundFit, ApplyModel):
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
        self.holdout = check_holdout(holdout, self.X.shape[1])
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
