"""How a finished retrain reaches the widget: reorder, status, auto-accept, suggestions.

A mixin of ``ActiveLearning`` (``active/loop.py``), kept apart so each module stays small: it
runs on the kernel's main thread only, takes the result the retrain thread delivered, keeps the
newest model's guesses, and answers the widget's suggestion requests from them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from nblabel.active._rounds import Rounds
    from nblabel.widgets.labeler import Labeler


class ApplyModel:
    """The newest model's guesses, applied to the labeler and offered as suggestions."""

    if TYPE_CHECKING:  # provided by ActiveLearning
        labeler: Labeler
        auto_accept: float | None
        version: int
        last_error: BaseException | None
        _rounds: Rounds
        _closed: bool
        _live_plot: Any
        _best: np.ndarray | None
        _confidence: np.ndarray | None
        _second: tuple[np.ndarray, np.ndarray] | None
        _classes: np.ndarray

        @property
        def training(self) -> bool: ...

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
