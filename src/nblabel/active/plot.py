"""Learning curves with matplotlib: the live loop's history beside simulated baselines."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd


def plot_learning_curve(
    history: pd.DataFrame,
    *,
    ax: Any = None,
    baseline: pd.DataFrame | None = None,
    label: str = "live",
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
            ax.plot(
                curve["labels"],
                curve["accuracy"],
                style,
                alpha=0.8,
                label=f"{strategy} (simulated)",
            )
    live = history.dropna(subset=["accuracy"]) if "accuracy" in history else history
    if len(live):
        ax.plot(live["labels"], live["accuracy"], "o-", color="black", label=f"{label} (you)")
    ax.set_xlabel("labels")
    ax.set_ylabel("holdout accuracy")
    ax.grid(alpha=0.3)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="lower right")
    return ax


class LivePlot:
    """An output widget holding a figure that ``redraw`` refreshes (on the kernel's main thread)."""

    def __init__(self, draw: Callable[[Any], Any]) -> None:
        import ipywidgets

        self.output = ipywidgets.Output()
        self._draw = draw
        self.redraw()

    def redraw(self) -> None:
        import matplotlib.pyplot as plt
        from IPython.display import display

        fig, ax = plt.subplots(figsize=(6, 4))
        self._draw(ax)
        with self.output:
            self.output.clear_output(wait=True)
            display(fig)
        plt.close(fig)
