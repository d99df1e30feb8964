"""Reviewing likely label errors, a task on the seam: keep the label, take the suggestion, or
pick another.

``Review`` is the task (plain Python); ``ReviewLabeler`` is the widget users build from
``find_label_errors``' output. Every decision is a store event whose meta names the session,
the label before and the decision (``quality.review_meta``), so a session can be reported,
applied and undone from the store alone. The browser side is ``js/tasks/review.ts``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

import pandas as pd

from nblabel.items import Encoder, ItemSource, choose_encoder
from nblabel.quality.changes import (
    CHANGE_COLUMNS,
    REVIEW_KEY,
    apply_changes,
    review_changes,
    review_meta,
    undo_session,
)
from nblabel.quality.decisions import review_decisions
from nblabel.store import LabelStore
from nblabel.widgets._args import open_store
from nblabel.widgets._base import ItemId, _BaseLabeler
from nblabel.widgets._keys import Action, label_actions
from nblabel.widgets._review_args import (
    check_session,
    review_classes,
    review_keys,
    suspect_rows,
)
from nblabel.widgets._task import Task
from nblabel.widgets.labeler import ENCODERS

#: The review's own keys, after the label keys (which pick "another label").
KEEP = Action("keep", ("k", "K"), "keep the current label")
TAKE = Action("take", ("Enter", "t", "T"), "take the suggestion")


class Review(Task):
    """Decide, for each suspect, between its current label, the model's and any other.

    Values are the dataset's own classes (an int stays an int in the store, so corrections
    apply to an int column); the browser shows and sends their names (``str(class)``).
    """

    name: ClassVar[str] = "review"
    done_word: ClassVar[str] = "decided"

    def __init__(
        self,
        source: ItemSource,
        rows: pd.DataFrame,
        classes: Mapping[str, Any],
        keys: Sequence[str],
        *,
        encoder: Encoder,
        session: str,
        decided: Iterable[ItemId],
    ) -> None:
        super().__init__(source)
        self.rows, self.classes, self.keys = rows, dict(classes), list(keys)
        self.names = list(self.classes)
        self.encoder, self.session = encoder, session
        self.decided = set(decided)
        #: The item's value in the store now; the widget points this at its ``current``.
        self.current: Any = lambda _item_id: None

    def given(self, item_id: ItemId) -> Any:
        """The label the suspects were scored with (used while the store has none)."""
        return self.rows.at[item_id, "given"]

    def before(self, item_id: ItemId, current: Any) -> Any:
        """The label a decision replaces: the store's, else the dataset's given one."""
        return self.given(item_id) if current is None else current

    def check(self, value: Any, item_id: int | str) -> Any:
        if isinstance(value, str) and value in self.classes:
            return self.classes[value]
        if not isinstance(value, (bool, list, dict)):
            same = [c for c in self.classes.values() if c == value]
            if same:
                return same[0]  # the class itself: 7.0 from a script is stored as the int 7
        raise ValueError(f"item {item_id!r}: {value!r} is not one of {self.names!r}")

    def tally(self, value: Any) -> tuple[str, ...]:
        return () if value is None else (str(value),)

    def is_open(self, item_id: int | str, value: Any) -> bool:
        return item_id not in self.decided  # a second pass skips what a first one decided

    def meta(self, value: Any, item_id: int | str, current: Any) -> dict[str, Any]:
        before = self.before(item_id, current)
        suggested = self.rows.at[item_id, "suggested"]
        decision = "keep" if value == before else "suggestion" if value == suggested else "other"
        return {
            **review_meta(self.session, before, decision),
            "suggestion": suggested,
            "confidence": self.rows.at[item_id, "confidence"],
        }

    def payload(self, row: int) -> tuple[dict[str, Any], bytes | None]:
        item_id = self.ids[row]
        header, data = self.encoder.payload(self.source.value(row), item_id)
        current = self.current(item_id)
        given, line = self.given(item_id), self.rows.loc[item_id]
        header["review"] = {
            "given": str(given),
            "suggested": str(line["suggested"]),
            "confidence": line["confidence"],
            "rank": line["rank"],
            "stale": current is not None and current != given,
            "decided": item_id in self.decided,
        }
        return header, data

    def actions(self) -> list[Action]:
        return [*label_actions(self.names, self.keys), KEEP, TAKE]


class ReviewLabeler(_BaseLabeler):
    """Review suspected label errors: keep each label, take the model's, or pick another.

    Items come in ``suspects``' rank order; the review opens on the first item no review has
    decided yet (a second pass skips the first one's decisions). Each shows its current label
    (the store's, or ``given`` while the store has none) beside the suggestion and its
    confidence. ``k`` keeps, ``Enter`` takes the suggestion, label keys pick another label;
    every decision, kept labels included, is a new store event (see ``changes``).

    Parameters
    ----------
    df : DataFrame
        The items, indexed by item id (as given to ``find_label_errors``).
    column : str
        The column to show: texts or images, as in ``Labeler``.
    suspects : DataFrame
        ``find_label_errors``' output or a slice of it (``head``, ``pick_slice``): index item
        id, columns given and suggested; confidence and rank are shown when present.
    labels : list, optional
        The classes to offer, as in the data (ints stay ints in the store); default: every
        class in ``suspects``' given and suggested columns, sorted.
    store, task, instructions, kind
        As in ``Labeler``.
    session : str, optional
        The review session the decisions belong to; a new id when omitted. Pass an earlier
        session's id to go on with it.
    keys : list of str, optional
        One key per label; default the labels themselves when each is one character (digits),
        else 1-9.
    """

    def __init__(
        self,
        df: pd.DataFrame,
        column: str,
        *,
        suspects: pd.DataFrame,
        labels: Sequence[Any] | None = None,
        store: LabelStore | str | os.PathLike[str] | None = None,
        task: str | None = None,
        session: str | None = None,
        keys: Sequence[str] | None = None,
        instructions: str | None = None,
        kind: str = "auto",
    ) -> None:
        rows = suspect_rows(suspects, df)
        classes = review_classes(rows, labels)
        keys = review_keys(list(classes), keys)
        source = ItemSource(df.loc[rows.index], column)
        encoder = choose_encoder(source, kind, ENCODERS)
        encoder.validate(source)
        opened = open_store(store)
        decided = review_decisions(opened, task).index.intersection(rows.index)
        session = check_session(session)
        self._review = Review(
            source,
            rows,
            classes,
            keys,
            encoder=encoder,
            session=session,
            decided=decided.tolist(),
        )
        super().__init__(
            self._review, list(classes), store=opened, task_name=task, instructions=instructions
        )
        self._review.current = self.current
        self.on_label(self._decided)

    @property
    def session(self) -> str:
        """This review session's id, as stored in each decision's meta."""
        return self._review.session

    def decide(self, item_id: ItemId, label: Any) -> None:
        """Decide an item from Python exactly as its key would (scripts, headless runs).

        The same check, meta and store event as a key press, and the browser shows it at once.
        Raises KeyError or ValueError naming the item, as the browser would be told.
        """
        self._on_label({"kind": "label", "seq": 0, "pos": 0, "id": item_id, "value": label})
        self._refresh([item_id])

    def changes(self) -> pd.DataFrame:
        """Before -> after for every item decided in this session (``review_changes``).

        Empty (same columns) before the first decision.
        """
        if not self._review.decided:
            return _no_changes()
        try:
            return review_changes(self.store, self.task, self.session)
        except KeyError:  # decided in earlier sessions only
            return _no_changes()

    def apply(self, df: pd.DataFrame, column: str) -> pd.DataFrame:
        """A corrected copy of ``df``: ``column`` set to this session's new labels."""
        return apply_changes(df, column, self.changes())

    def undo_session(self) -> pd.DataFrame:
        """Put every item this session decided back to its label before, as new events.

        The items are undecided again, and the browser shows their restored labels at once.
        """
        report = undo_session(self.store, self.task, self.session)
        current = self.store.current(task=self.task)
        ids = [i for i in report.index.tolist() if self._has(i)]
        self._review.decided.difference_update(ids)
        self._update({i: current.get(i) for i in ids})
        self._refresh(ids)
        return report

    def _decided(self, item_id: ItemId, _value: Any, _source: str) -> None:
        """After a label or an undo: the item is decided while its newest event is a decision."""
        newest = self.store.history(self.task, item_id=item_id)["meta"].iloc[-1]
        if isinstance(newest, dict) and REVIEW_KEY in newest:
            self._review.decided.add(item_id)
        else:
            self._review.decided.discard(item_id)
        self.set_trait("done", len(self._review.decided))

    def _update(self, values: Mapping[ItemId, Any]) -> None:
        """As the core's, but ``done`` counts decided items, not labeled ones."""
        super()._update(values)
        self.set_trait("done", len(self._review.decided))


def _no_changes() -> pd.DataFrame:
    return pd.DataFrame(columns=list(CHANGE_COLUMNS), index=pd.Index([], name="item_id"))
