"""The learning curve: labeling order with undos marked, fixed axis, target, empty message,
and a legend that covers no data."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

from nblabel.active.plot import ACCURACY_LIMITS, EMPTY_MESSAGE, plot_learning_curve

matplotlib.use("Agg")
plt = pytest.importorskip("matplotlib.pyplot")


def history(labels: list[int], accuracy: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {"version": range(1, len(labels) + 1), "labels": labels, "accuracy": accuracy}
    )


def test_undo_breaks_the_line_and_marks_the_point_instead_of_running_backwards():
    ax = plot_learning_curve(history([20, 30, 40, 50, 46, 56], [0.5, 0.6, 0.7, 0.8, 0.78, 0.85]))
    lines = {line.get_label(): line for line in ax.get_lines()}
    for line in ax.get_lines():
        if line.get_label() != "after an undo":
            assert np.all(np.diff(line.get_xdata()) >= 0)  # no line runs backwards
    assert list(lines["after an undo"].get_xdata()) == [46]
    plt.close(ax.figure)


def test_accuracy_axis_is_fixed_and_the_target_is_drawn():
    ax = plot_learning_curve(history([20, 30], [0.93, 0.95]), target=0.9)
    assert ax.get_ylim() == ACCURACY_LIMITS
    target = [line for line in ax.get_lines() if line.get_label() == "target 90%"]
    assert len(target) == 1 and list(target[0].get_ydata()) == [0.9, 0.9]
    plt.close(ax.figure)


def test_before_the_first_model_a_message_not_an_empty_frame():
    ax = plot_learning_curve(history([], []))
    assert [t.get_text() for t in ax.texts] == [EMPTY_MESSAGE]
    assert not ax.axison
    plt.close(ax.figure)


def test_legend_covers_no_data():
    ax = plot_learning_curve(history([10, 20, 30, 40], [0.2, 0.5, 0.9, 0.99]), target=0.95)
    fig = ax.figure
    fig.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    axes = ax.get_window_extent()
    assert legend.x0 >= axes.x1  # beside the axes, not over them
    points = ax.transData.transform(np.c_[[10, 20, 30, 40], [0.2, 0.5, 0.9, 0.99]])
    assert not any(legend.contains(x, y) for x, y in points)
    plt.close(fig)
