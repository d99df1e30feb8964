"""Where the suspects concentrate (by source, annotator, class pair...) and picking a slice."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

PAIR = "pair"
"""Group name for the class pair ``given → suggested`` (computed, not a column)."""

SLICE_COLUMNS = ("suspects", "items", "rate", "lift")


def _suspect_mask(errors: pd.DataFrame, top: int | None) -> pd.Series:
    if top is not None:
        if "rank" not in errors.columns:
            raise KeyError("top= needs a 'rank' column (as find_label_errors returns)")
        return errors["rank"] <= top
    if "suspect" not in errors.columns:
        raise KeyError("errors need a boolean 'suspect' column, or pass top=")
    return errors["suspect"].astype(bool)


def _keys(frame: pd.DataFrame, by: str) -> pd.Series:
    if by == PAIR and PAIR not in frame.columns:
        if not {"given", "suggested"} <= set(frame.columns):
            raise KeyError("by='pair' needs 'given' and 'suggested' columns")
        return frame["given"].astype(str) + " → " + frame["suggested"].astype(str)
    if by not in frame.columns:
        raise KeyError(
            f"no column {by!r} to group by; columns are {list(frame.columns)[:20]} "
            f"(and {PAIR!r}); pass data= to bring in columns such as source or annotator"
        )
    return frame[by]


def slice_table(
    errors: pd.DataFrame,
    by: str,
    *,
    data: pd.DataFrame | None = None,
    top: int | None = None,
) -> pd.DataFrame:
    """Suspects per group, against the group's size: where label errors concentrate.

    Parameters
    ----------
    errors : DataFrame
        ``find_label_errors``'s output (index item id).
    by : str
        A column of ``errors`` or ``data`` (source, annotator...), or ``"pair"`` for the class
        pair given → suggested (only pairs with suspects are shown: an agreeing pair
        ``a → a`` has none by definition).
    data : DataFrame, optional
        Extra columns by item id, e.g. your items or ``store.labels(task)`` (annotator, source).
    top : int, optional
        Count the ``top`` highest-ranked items as suspects instead of the ``suspect`` column.

    Returns
    -------
    DataFrame
        Index the group; columns suspects, items, rate (suspects / items) and lift (rate over
        the overall rate: 3 means three times as many suspects as an average group), most
        suspects first.
    """
    frame = errors
    if data is not None:
        extra = [c for c in data.columns if c not in errors.columns]
        frame = errors.join(data[extra], how="left")
    suspects = _suspect_mask(errors, top).reindex(frame.index)
    keys = _keys(frame, by)
    grouped = suspects.groupby(keys.to_numpy(), dropna=False)
    table = pd.DataFrame({"suspects": grouped.sum().astype(int), "items": grouped.size()})
    overall = suspects.mean() if len(suspects) else 0.0
    table["rate"] = table["suspects"] / table["items"]
    table["lift"] = table["rate"] / overall if overall > 0 else np.nan
    if by == PAIR:
        table = table[table["suspects"] > 0]
    table.index.name = by
    ordered: pd.DataFrame = table.sort_values(["suspects", "lift"], ascending=False, kind="stable")
    return ordered


def plot_slices(
    table: pd.DataFrame, *, metric: str = "suspects", limit: int = 15, ax: Any = None
) -> Any:
    """Horizontal bars of ``slice_table``'s ``metric`` for the first ``limit`` groups.

    Returns
    -------
    matplotlib Axes
        Each bar is annotated with its suspects / items so a high rate on a tiny group shows.
    """
    import matplotlib.pyplot as plt

    if metric not in SLICE_COLUMNS:
        raise ValueError(f"metric must be one of {SLICE_COLUMNS}, got {metric!r}")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 0.35 * min(len(table), limit) + 1.2))
    shown = table.head(limit).iloc[::-1]  # barh draws bottom-up: keep the first group on top
    labels = [str(v) for v in shown.index]
    bars = ax.barh(labels, shown[metric].to_numpy(dtype=float), color="#4c72b0")
    for bar, (_, row) in zip(bars, shown.iterrows(), strict=True):
        ax.annotate(
            f" {int(row['suspects'])}/{int(row['items'])}",
            (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            va="center",
            fontsize=8,
        )
    if metric == "lift":
        ax.axvline(1.0, color="grey", linewidth=0.8, linestyle="--")
    ax.set_xlabel(metric)
    ax.set_ylabel(str(table.index.name or "group"))
    ax.set_title(f"suspected label errors by {table.index.name or 'group'}")
    return ax


def pick_slice(frame: pd.DataFrame, where: str | pd.Series | np.ndarray) -> pd.DataFrame:
    """Rows of ``frame`` in a slice: a pandas query string or a boolean mask.

    A query may use ``suspect``, ``rank``, ``given``, ``suggested`` and any other column,
    e.g. ``"suspect and given == 1"`` or ``"source == 'vendor_b' and rank <= 50"``.

    Raises
    ------
    KeyError
        The query names an unknown column (the columns are listed).
    ValueError
        A mask that is not boolean or not one entry per row (or per item id).
    """
    if isinstance(where, str):
        try:
            picked: pd.DataFrame = frame.query(where)
            return picked
        except pd.errors.UndefinedVariableError as exc:
            raise KeyError(f"{exc}; columns are {list(frame.columns)[:20]}") from None
    if isinstance(where, pd.Series):
        if not where.index.equals(frame.index):
            missing = frame.index.difference(where.index)
            if len(missing):
                raise ValueError(
                    f"the mask has no entry for {len(missing)} item(s), e.g. {missing[:5].tolist()}"
                )
            where = where.reindex(frame.index)
        where = where.to_numpy()
    mask = np.asarray(where)
    if mask.dtype != bool:
        raise ValueError(f"the mask must be boolean, got dtype {mask.dtype}")
    if mask.shape != (len(frame),):
        raise ValueError(f"the mask has shape {mask.shape} but the frame has {len(frame)} rows")
    sliced: pd.DataFrame = frame[mask]
    return sliced
