"""What a review session changed, applying it to a dataset, and undoing it as new events.

A review writes one store event per decision. Its ``meta`` carries the keys below, so the
session can be read back, reported and undone without any state outside the store.
"""

from __future__ import annotations

from typing import Any, cast

import pandas as pd

from nblabel.store import LabelEvent, LabelStore

REVIEW_KEY = "review"
"""Meta key: the review session id (str) the decision belongs to."""

PREVIOUS_KEY = "previous"
"""Meta key: the item's label just before this decision (JSON value; None if unlabeled)."""

DECISION_KEY = "decision"
"""Meta key: what the reviewer chose, one of ``DECISIONS``."""

DECISIONS = ("keep", "suggestion", "other")
"""Kept the current label, took the model's suggestion, or picked another label."""

UNDO_KEY = "undo_review"
"""Meta key on events written by ``undo_session``: the session id they undo."""

CHANGE_COLUMNS = ("before", "after", "decision", "changed", "annotator", "created_at", "event_id")


def review_meta(session_id: str, previous: Any, decision: str) -> dict[str, Any]:
    """The meta dict for one review decision; the widget side writes events with it.

    Raises
    ------
    ValueError
        Empty session id or an unknown decision.
    """
    if not isinstance(session_id, str) or not session_id:
        raise ValueError(f"session_id must be a non-empty str, got {session_id!r}")
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {DECISIONS}, got {decision!r}")
    return {REVIEW_KEY: session_id, PREVIOUS_KEY: previous, DECISION_KEY: decision}


def _meta_value(meta: Any, key: str) -> Any:
    return meta.get(key) if isinstance(meta, dict) else None


def review_changes(store: LabelStore, task: str | None, session_id: str) -> pd.DataFrame:
    """Before -> after for every item a review session decided, with who and when.

    An item decided twice in one session (the reviewer went back) shows the label before its
    first decision and after its last one; decisions taken back with the store's undo are left
    out.

    Returns
    -------
    DataFrame
        Index ``item_id``, in the order items were first decided; columns before, after,
        decision (the last one), changed (after differs from before), annotator, created_at
        and event_id of the last decision.

    Raises
    ------
    KeyError
        No event in the task belongs to the session (known sessions are listed).
    """
    history = store.history(task)
    sessions = history["meta"].map(lambda m: _meta_value(m, REVIEW_KEY))
    mine = sessions == session_id
    touched = history[history["item_id"].isin(history.loc[mine, "item_id"])]
    events = history[mine & ~history["event_id"].isin(_undone(touched))]
    if events.empty:
        known = sorted({s for s in sessions.dropna().tolist() if isinstance(s, str)})
        raise KeyError(
            f"no review session {session_id!r} in task {task or store.task!r}; "
            f"sessions there: {known[:20] or 'none'}"
        )
    grouped = events.groupby("item_id", sort=False)
    first = grouped.head(1).set_index("item_id")
    last = grouped.tail(1).set_index("item_id").reindex(first.index)  # first-decided order
    frame = pd.DataFrame(
        {
            "before": first["meta"].map(lambda m: _meta_value(m, PREVIOUS_KEY)).astype(object),
            "after": last["label"].astype(object),
            "decision": last["meta"].map(lambda m: _meta_value(m, DECISION_KEY)),
        },
        index=first.index,
    )
    frame["changed"] = [a != b for a, b in zip(frame["before"], frame["after"], strict=True)]
    for column in ("annotator", "created_at", "event_id"):
        frame[column] = last[column]
    named: pd.DataFrame = frame.rename_axis("item_id")
    return named


def _undone(history: pd.DataFrame) -> set[int]:
    """Event ids a store undo took back (the widget's undo key), replayed as the store does.

    Each item's events form a stack: a label pushes, an undo (meta ``undo_of``) pops. A
    decision the reviewer undid at once is then not reported as a change.
    """
    undone: set[int] = set()
    for _, events in history.groupby("item_id", sort=False):
        stack: list[int] = []
        for event_id, meta in zip(events["event_id"], events["meta"], strict=True):
            if isinstance(meta, dict) and meta.get("skip") is True:
                continue
            if isinstance(meta, dict) and "undo_of" in meta:
                if stack:
                    undone.add(stack.pop())
            else:
                stack.append(int(event_id))
    return undone


def apply_changes(df: pd.DataFrame, column: str, changes: pd.DataFrame) -> pd.DataFrame:
    """A corrected copy of ``df``: ``column`` set to ``after`` wherever a review changed it.

    Raises
    ------
    KeyError
        ``column`` is not in ``df``, ``changes`` lacks ``after``, or it names items ``df``
        does not have.
    """
    if column not in df.columns:
        raise KeyError(f"df has no column {column!r}; columns are {list(df.columns)[:20]}")
    if "after" not in changes.columns:
        raise KeyError("changes need an 'after' column (as review_changes returns)")
    changed = changes[changes["changed"]] if "changed" in changes.columns else changes
    missing = changed.index.difference(df.index)
    if len(missing):
        raise KeyError(
            f"{len(missing)} changed item(s) are not in df, e.g. {missing.tolist()[:5]}; "
            "df must be indexed by item id"
        )
    out: pd.DataFrame = df.copy()
    if len(changed):
        # Typed values (ints stay ints): pandas refuses an object array in an int column.
        after = pd.Series(changed["after"].tolist(), index=changed.index).infer_objects()
        if out[column].dtype != object and not pd.api.types.is_dtype_equal(
            after.dtype, out[column].dtype
        ):
            out[column] = out[column].astype(object)
        out.loc[changed.index, column] = after.to_numpy()
    return out


def undo_session(
    store: LabelStore, task: str | None, session_id: str, *, annotator: str | None = None
) -> pd.DataFrame:
    """Revert a review session by appending one event per item; nothing is overwritten.

    Each item goes back to its label from before the session, with ``meta`` naming the
    session (``UNDO_KEY``) and the label it replaces (``PREVIOUS_KEY``). Kept items get an
    event too, so their newest event is no longer a review decision and a new review pass
    treats them as undecided. Items relabeled after the session are left alone: undoing
    would discard that later work.

    Returns
    -------
    DataFrame
        Index ``item_id``; columns from, to, undone (False where a later label was kept).

    Raises
    ------
    KeyError
        Unknown session.
    ValueError
        The session was already undone.
    """
    changes = review_changes(store, task, session_id)
    history = store.history(task)
    if history["meta"].map(lambda m: _meta_value(m, UNDO_KEY) == session_id).any():
        raise ValueError(f"review session {session_id!r} was already undone")
    newest = history.groupby("item_id", sort=False)["event_id"].max()
    untouched = [newest.get(i) == e for i, e in changes["event_id"].items()]
    events = [
        LabelEvent(
            task,
            cast("int | str", item_id),
            row.before,
            annotator=annotator,
            source="human",
            meta={UNDO_KEY: session_id, PREVIOUS_KEY: row.after},
        )
        for (item_id, row), ok in zip(changes.iterrows(), untouched, strict=True)
        if ok
    ]
    store.append(events)
    report: pd.DataFrame = pd.DataFrame(
        {"from": changes["after"], "to": changes["before"], "undone": untouched},
        index=changes.index,
    )
    return report
