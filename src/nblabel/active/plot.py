"""Learning curves with matplotlib: the live loop's history beside simulated baselines.

The live curve is drawn in labeling order: when an undo leaves a model with fewer labels than
the one before, the line breaks and the point is marked, instead of running backwards.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

#: Accuracy always spans this range, so curves from two sessions compare at a glance.
ACCURACY_LIMITS = (0.0, 1.02)
EMPTY_MESSAGE = "no model yet: the curve starts with the first retrain"


def plot_learning_curve(
    history: pd.DataFrame,
    *,
    ax: Any = None,
    baseline: pd.DataFrame | None = None,
    label: str = "live",
    target: float | None = None,
) -> Any:
    """Plot holdout accuracy against labels, in the order the models were trained.

    ``baseline`` is ``simulate`` output (one curve per strategy, averaged over seeds);
    ``target`` draws a dotted line at that accuracy. Before any model (and with no baseline)
    the axes say so instead of showing an empty frame. The legend sits outside the axes, so it
    covers no point. Returns the matplotlib Axes.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4), layout="constrained")
    drew = False
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
            drew = True
    live = history.dropna(subset=["accuracy"]) if "accuracy" in history else history.iloc[:0]
    if len(live):
        _plot_live(ax, live["labels"].to_numpy(), live["accuracy"].to_numpy(float), label)
        drew = True
    if not drew:
        ax.set_axis_off()
        ax.text(0.5, 0.5, EMPTY_MESSAGE, transform=ax.transAxes, ha="center", va="center")
        return ax
    if target is not None:
        ax.axhline(target, linestyle=":", color="grey", label=f"target {target:.0%}")
    ax.set_ylim(*ACCURACY_LIMITS)
    ax.set_xlabel("labels")
    ax.set_ylabel("holdout accuracy")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, frameon=False)
    return ax


def _plot_live(ax: Any, labels: np.ndarray, accuracy: np.ndarray, label: str) -> None:
    """One line per run of growing label counts; a point after an undo starts a new run, marked."""
    breaks = np.flatnonzero(np.diff(labels) < 0) + 1
    for k, part in enumerate(np.split(np.arange(len(labels)), breaks)):
        ax.plot(
            labels[part],
            accuracy[part],
            "o-",
            color="black",
            label=f"{label} (you)" if k == 0 else None,
        )
    if len(breaks):
        ax.plot(
            labels[breaks],
            accuracy[breaks],
            "x",
            color="tab:red",
            markersize=9,
            markeredgewidth=2,
            linestyle="none",
            label="after an undo",
        )


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

        fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
        self._draw(ax)
        with self.output:
            self.output.clear_output(wait=True)
            display(fig)
        plt.close(fig)
