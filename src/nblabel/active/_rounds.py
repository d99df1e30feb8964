"""What each retrain did, kept as ``ActiveLearning.history``'s rows and said in the status line."""

from __future__ import annotations

from typing import Any

import pandas as pd

COLUMNS = [
    "version",
    "labels",
    "accuracy",
    "seconds",
    "finished_at",
    "strategy",
    "reward",
    "random_share",
    "swapped",
]


class Rounds:
    """One row per retrain, and the model's one-line status built from the newest."""

    def __init__(self, strategy: str, batch_size: int) -> None:
        self.strategy, self.batch_size = strategy, batch_size
        self.rows: list[dict[str, Any]] = []

    def add(self, version: int, result: dict[str, Any]) -> None:
        """Record a retrain's result (see ``ActiveLearning._fit_and_rank``)."""
        choice = result["choice"]
        self.rows.append(
            {
                "version": version,
                "labels": result["labels"],
                "accuracy": result["accuracy"],
                "seconds": result["seconds"],
                "finished_at": pd.Timestamp.now(tz="UTC"),
                "strategy": choice.get("choice", self.strategy),
                "reward": choice.get("reward"),
                "random_share": choice.get("random_share"),
                "swapped": result["swapped"],
            }
        )

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=COLUMNS)

    def status(self, version: int, doing: str = "") -> str:
        """The model's line: version, labels, holdout accuracy, why the queue is in its order."""
        parts = [f"model v{version}" if version else "no model yet"]
        if self.rows:
            last = self.rows[-1]
            parts.append(f"{last['labels']} labels")
            if last["accuracy"] is not None:
                parts.append(f"holdout accuracy {last['accuracy']:.3f}")
            parts.extend(self._why(last))
        if doing:
            parts.append(doing)
        return " · ".join(parts)

    def _why(self, last: dict[str, Any]) -> list[str]:
        if last["reward"] is not None:
            return [f"{last['strategy']} picked (gain {last['reward']:+.3f}/batch)"]
        if self.strategy == "adaptive" and last["strategy"]:
            return [f"{last['strategy']} picked (trying it)"]
        if last["strategy"] == "cluster_margin" and last["swapped"] is not None:
            swapped = f"{last['swapped']} of {self.batch_size} most uncertain"
            return [f"next batch: {swapped} swapped for other groups"]
        return []
