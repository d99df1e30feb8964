"""When ``ActiveLearning`` retrains: the training set kept in step with the store's labels.

A mixin of ``ActiveLearning`` (``active/loop.py``), kept apart so each module stays small: the
loop owns the labeler and the retrain thread, and these methods only decide, label by label,
what trains the model and when to ask for a retrain (or, before the first model, what to show).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import numpy as np

from nblabel.active._learners import diverse_start

if TYPE_CHECKING:
    from nblabel.widgets.labeler import Labeler


class RetrainSchedule:
    """The training labels, the retrain trigger, and the cold start before the first model."""

    if TYPE_CHECKING:  # provided by ActiveLearning
        labeler: Labeler
        X: np.ndarray
        start: int
        seed: int
        retrain_every: int
        retrain_seconds: float | None
        version: int
        _train: dict[int, str]
        _new: int
        _last_fit: float

        @property
        def training(self) -> bool: ...
        def retrain(self) -> None: ...

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
