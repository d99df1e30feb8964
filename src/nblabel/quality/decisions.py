"""Store-side state a review queue needs: which items are decided, and their labels as of now."""

from __future__ import annotations

import pandas as pd

from nblabel.quality.changes import DECISION_KEY, REVIEW_KEY
from nblabel.store import LabelStore
from nblabel.store._events import is_skip


def review_decisions(store: LabelStore, task: str | None = None) -> pd.DataFrame:
    """Items whose newest event is a review decision: a new review pass can skip them.

    An item relabeled after its review, or whose review was undone, is undecided again,
    because its newest event is no longer a decision. Skip events do not count.

    Returns
    -------
    DataFrame
        Index ``item_id``; columns session, decision, label, annotator, created_at.
    """
    history = store.history(task)
    history = history[~history["meta"].map(is_skip).to_numpy(dtype=bool)]  # skips: not decisions
    newest = history.groupby("item_id", sort=False).tail(1).set_index("item_id")
    meta = newest["meta"]
    session = meta.map(lambda m: m.get(REVIEW_KEY) if isinstance(m, dict) else None)
    decided = newest[session.notna()]
    frame: pd.DataFrame = pd.DataFrame(
        {
            "session": session[session.notna()],
            "decision": decided["meta"].map(lambda m: m.get(DECISION_KEY)),
            "label": decided["label"],
            "annotator": decided["annotator"],
            "created_at": decided["created_at"],
        }
    ).rename_axis("item_id")
    return frame


def with_current_labels(
    errors: pd.DataFrame, store: LabelStore, task: str | None = None
) -> pd.DataFrame:
    """A copy of ``errors`` whose ``given`` is each item's label in the store now.

    Suspects are computed once, but labeling goes on: a review must show the current label,
    not the one the model scored. ``stale`` marks items whose label changed since (their
    score describes the old label); ``suspect`` is recomputed against the current label.
    Items the store no longer labels keep their old ``given`` and are marked stale.
    """
    if "given" not in errors.columns:
        raise KeyError("errors need a 'given' column (as find_label_errors returns)")
    current = store.labels(task)["label"].reindex(errors.index)
    out: pd.DataFrame = errors.copy()
    known = current.notna().to_numpy()
    now = out["given"].where(~known, current).astype(object)
    out["stale"] = [not k or a != b for k, a, b in zip(known, now, errors["given"], strict=True)]
    out["given"] = now
    if "suggested" in out.columns:
        out["suspect"] = out["suggested"] != out["given"]
    return out
