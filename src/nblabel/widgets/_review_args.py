"""Checks the review widget runs at its door: the suspects, their classes, keys and session."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

import numpy as np
import pandas as pd

from nblabel.widgets._keys import check_labels, label_keys


def plain(value: Any) -> Any:
    """numpy scalars as Python ones: they go into JSON (store meta, item headers)."""
    return value.item() if isinstance(value, np.generic) else value


def suspect_rows(suspects: Any, df: pd.DataFrame) -> pd.DataFrame:
    """``suspects`` in rank order with plain JSON values, checked against ``df``.

    Raises
    ------
    TypeError, KeyError, ValueError
        Not a DataFrame; no given/suggested column or items ``df`` lacks (named); empty.
    """
    if not isinstance(suspects, pd.DataFrame):
        raise TypeError(
            f"suspects must be a DataFrame (find_label_errors' output), "
            f"got {type(suspects).__name__}"
        )
    missing = [c for c in ("given", "suggested") if c not in suspects.columns]
    if missing:
        raise KeyError(f"suspects need columns {missing} (as find_label_errors returns)")
    if suspects.empty:
        raise ValueError("suspects is empty: there is nothing to review")
    if suspects.index.has_duplicates:
        repeated = suspects.index[suspects.index.duplicated()].unique()[:5].tolist()
        raise ValueError(f"suspects name items more than once: {repeated}")
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(df).__name__}")
    absent = suspects.index.difference(df.index)
    if len(absent):
        raise KeyError(
            f"{len(absent)} suspect(s) are not in df, e.g. {absent[:5].tolist()}; "
            "df must be indexed by item id, as given to find_label_errors"
        )
    ordered = suspects.sort_values("rank", kind="stable") if "rank" in suspects else suspects
    rows = pd.DataFrame(index=ordered.index)
    for column in ("given", "suggested", "confidence", "rank"):
        values = ordered[column] if column in ordered else pd.Series(None, index=ordered.index)
        rows[column] = pd.Series([_json(v) for v in values], index=ordered.index, dtype=object)
    if rows["given"].isna().any():
        item = rows.index[rows["given"].isna().to_numpy()][0]
        raise ValueError(f"item {item!r} has no given label; review needs one per suspect")
    return rows


def _json(value: Any) -> Any:
    value = plain(value)
    return None if isinstance(value, float) and np.isnan(value) else value


def review_classes(rows: pd.DataFrame, labels: Sequence[Any] | None) -> dict[str, Any]:
    """Label name -> class value; the data's own values win (``"3"`` names the int 3)."""
    seen = [v for v in (*rows["given"], *rows["suggested"]) if v is not None]
    data = {str(v): v for v in seen}
    if labels is None:
        ordered = sorted(set(seen), key=lambda v: (isinstance(v, str), v))
        names = check_labels([str(v) for v in ordered])
    else:
        if isinstance(labels, str) or not isinstance(labels, Sequence):
            raise TypeError(f"labels must be a list, got {labels!r}")
        names = check_labels([str(plain(v)) for v in labels])
        unknown = sorted(set(data) - set(names))
        if unknown:
            raise ValueError(
                f"suspects' given or suggested labels {unknown[:10]} are not among labels "
                f"{names[:20]}; add them or leave labels out"
            )
        data = {**{str(plain(v)): plain(v) for v in labels}, **data}
    return {name: data[name] for name in names}


def review_keys(names: list[str], keys: Sequence[str] | None) -> list[str]:
    """The user's keys; else each label's own name when all are one character, else 1-9."""
    if keys is None and all(len(n) == 1 and not n.isspace() for n in names):
        return list(names)
    return label_keys(names, keys)


def check_session(session: Any) -> str:
    """The session id given, or a new one (time first, so ids sort by when they began)."""
    if session is None:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        return f"review-{stamp}-{uuid.uuid4().hex[:6]}"
    if not isinstance(session, str) or not session.strip():
        raise ValueError(f"session must be a non-empty str or None, got {session!r}")
    return session
