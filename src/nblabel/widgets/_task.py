"""The seam between the shared labeling core and one kind of labeling (a task).

The core (``_BaseLabeler``) owns the queue, the prefetch window, acks, undo, progress, resume
and the store link, and knows nothing about what a value is. A task says:

- ``name``: which browser module shows it (``js/tasks/<name>.ts``);
- ``check``: whether a value from the browser is valid, and its canonical form;
- ``tally``: which labels a value adds to the per-label counts (a list of spans adds each);
- ``is_open``: whether an item still needs the user (where a session resumes);
- ``meta``: what a label event records beside the value (a review's decision), if anything;
- ``payload``: how an item travels to the browser (a JSON header, optional bytes);
- ``actions``: its keys, beside the core's;
- ``handlers``: messages of its own, beside the core's.

Adding a task is one Python module (a ``Task`` and the widget class that builds it) and one
TypeScript module; see docs/architecture.md.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from nblabel.items import ItemSource
from nblabel.widgets._keys import Action
from nblabel.widgets._protocol import MessageSpec, Reply

#: A task's own message handler: gets the parsed message; the core sends what it returns.
Handler = Callable[[dict[str, Any]], Reply | None]


class Task(ABC):
    """What one kind of labeling adds to the shared core; plain Python, testable without a comm.

    Items come from a DataFrame column (``source``); a task's constructor calls
    ``super().__init__(source)``.
    """

    #: The browser module that shows this task: ``js/tasks/<name>.ts``.
    name: ClassVar[str]
    #: What the progress line calls an item that is done ("12 / 100 labeled").
    done_word: ClassVar[str] = "labeled"

    def __init__(self, source: ItemSource) -> None:
        self.source = source

    def __len__(self) -> int:
        """How many items there are."""
        return len(self.source)

    @property
    def ids(self) -> list[int | str]:
        """Item ids in the user's order (row ``i`` is ``ids[i]``)."""
        return self.source.ids

    def row_of(self, item_id: int | str) -> int:
        """The row of ``item_id``; KeyError naming it when it is not an item here."""
        return self.source.row_of(item_id)

    @abstractmethod
    def check(self, value: Any, item_id: int | str) -> Any:
        """Return the canonical form of ``value``; raise ValueError naming the item if invalid."""

    @abstractmethod
    def payload(self, row: int) -> tuple[dict[str, Any], bytes | None]:
        """Item ``row`` for the browser: a JSON header with a ``type``, and optional bytes."""

    def tally(self, value: Any) -> Iterable[str]:
        """Labels ``value`` adds to the per-label counts; a plain label counts once."""
        if value is None:
            return ()
        return value if isinstance(value, list) else (value,)

    def is_open(self, item_id: int | str, value: Any) -> bool:
        """Whether the item still needs the user; a session resumes at the first open item."""
        return value is None

    def meta(self, value: Any, item_id: int | str, current: Any) -> dict[str, Any] | None:
        """Extra meta stored with a human label event, from the checked ``value`` and the
        item's ``current`` value before it (a review records its decision); none by default."""
        return None

    def actions(self) -> list[Action]:
        """This task's keys, bound before the core's (so they win a contested key)."""
        return []

    def handlers(self) -> dict[MessageSpec, Handler]:
        """Messages this task adds to the core's, with their handlers."""
        return {}


def pre_annotation_meta(marks: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """Event meta for a value holding a model's marks (spans, regions): how many were kept
    with the value and how many of those the user accepted; None when there were none.
    """
    model = [mark for mark in marks if mark.get("source") == "model"]
    if not model:
        return None
    accepted = sum(1 for mark in model if mark.get("accepted"))
    return {"pre_annotations": {"kept": len(model), "accepted": accepted}}
