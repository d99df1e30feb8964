"""Learning curves with matplotlib: the live loop's history beside simulated baselines."""

from __future__ import annotations

from typing import Any

import pandas as pd


def plot_learning_curve(
    history: pd.DataFrame, *, ax: Any = None, baseline: pd.DataFrame | None = None, label: str = "live"
) -> Any:
    """Plot accuracy against labels; ``baseline`` is ``simulate`` output (one curve per strategy,
    averaged over seeds). Returns the matplotlib Axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    if baseline is not None and len(baseline):
        mean = baseline.groupby(["strategy", "labels"], as_index=False)["accuracy"].mean()
        for strategy, curve in mean.groupby("strategy"):
            style = "--" if strategy == "random" else "-"
            ax.plot(curve["labels"], curve["accuracy"], style, alpha=0.8, label=f"{strategy} (simulated)")
    live = history.dropna(subset=["accuracy"]) if "accuracy" in history else history
    if len(live):
        ax.plot(live["labels"], live["accuracy"], "o-", color="black", label=f"{label} (you)")
    ax.set_xlabel("labels")
    ax.set_ylabel("holdout accuracy")
    ax.grid(alpha=0.3)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="lower right")
    return ax
