"""The shared labeling core: one widget class assembled from one mixin per job, plus its state.

It knows nothing about what a value is: a ``Task`` (``widgets/_task.py``) says that. Whatever
drives a labeler from Python (an active-learning loop, a review) uses the public methods of
``_driving.py``. The other jobs each have a module: message dispatch (``_dispatch.py``), the
core labeling messages (``_labeling.py``), skips, filters and go-to (``_session.py``) and the
prefetch window (``_window.py``). This module owns the traits, the construction and the state
every mixin shares (current values, skips, observers, keys), and re-exports ``ItemId``,
``Observer`` and ``Suggester`` for the task widgets.
"""

from __future__ import annotations

import os
import queue
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeGuard

import anywidget
import traitlets as t

from nblabel._static import bundle_path
from nblabel.store import LabelStore
from nblabel.widgets import _protocol as protocol
from nblabel.widgets._args import check_instructions, open_store
from nblabel.widgets._dispatch import MessageDispatch
from nblabel.widgets._driving import Driving
from nblabel.widgets._driving import ItemId as ItemId
from nblabel.widgets._driving import Observer as Observer
from nblabel.widgets._driving import Suggester as Suggester
from nblabel.widgets._keys import ACCEPT, CORE_ACTIONS, build_keymap
from nblabel.widgets._labeling import LabelMessages
from nblabel.widgets._progress import Progress
from nblabel.widgets._queue import Queue
from nblabel.widgets._session import SessionMessages
from nblabel.widgets._task import Handler, Task
from nblabel.widgets._window import ItemWindow


class _BaseLabeler(
    Driving, LabelMessages, SessionMessages, MessageDispatch, ItemWindow, anywidget.AnyWidget
):
    """Serve a task's items to the browser and write what comes back to a store."""

    _esm = bundle_path("nblabel.js")
    _css = bundle_path("nblabel.css")
    _view = t.Unicode("").tag(sync=True)
    _done_word = t.Unicode("labeled").tag(sync=True)
    """What the progress line calls a done item (the task's ``done_word``)."""
    """The task's browser module (``js/tasks/<name>.ts``); an unknown name shows an error."""

    labels = t.List(t.Unicode(), read_only=True).tag(sync=True)
    """The label names, in the order their keys and buttons show."""
    keymap = t.List(t.Dict(), read_only=True).tag(sync=True)
    """Every key and its action (``{"key", "action", "help", "arg"?}``): the only keymap."""
    instructions = t.Unicode("").tag(sync=True)
    """Guidance shown above the item (plain text; never interpreted as HTML)."""
    total = t.Int(0, read_only=True).tag(sync=True)
    """How many items the queue holds."""
    done = t.Int(0, read_only=True).tag(sync=True)
    """How many of them have a current label in the store."""
    counts = t.Dict(read_only=True).tag(sync=True)
    """Current number of items per label."""
    model_status = t.Unicode("").tag(sync=True)
    """One line about the attached model (active learning), shown in the status bar."""
    background = t.Bool(False).tag(sync=True)
    """Whether background work (a retraining model) may have news: the browser then polls."""
    skipped = t.Int(0, read_only=True).tag(sync=True)
    """How many items were skipped and are still unlabeled (``store.skipped()``)."""
    view_filter = t.Unicode("", read_only=True).tag(sync=True)
    """The filter the queue shows ("" for none), named for the status line."""
    suggest_above = t.Float(0.0).tag(sync=True)
    """Suggestions less confident than this are not shown (0: all are shown)."""

    def __init__(
        self,
        task: Task,
        labels: Sequence[str],
        *,
        store: LabelStore | str | os.PathLike[str] | None,
        task_name: str | None,
        instructions: str | None,
    ) -> None:
        instructions = check_instructions(instructions)
        super().__init__()
        self.store = open_store(store)
        self.task = task_name or self.store.task
        self._task = task
        self._queue = Queue(len(task))
        self._progress = Progress(labels, task.tally)
        self._inbox: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._observers: list[Observer] = []
        self._suggester: Suggester | None = None
        self._skipped: set[ItemId] = set()
        self._handlers: dict[str, tuple[protocol.MessageSpec, Handler]] = {
            spec.kind: (spec, getattr(self, f"_on_{spec.kind}")) for spec in protocol.CORE
        }
        for spec, handler in task.handlers().items():
            self._handlers[spec.kind] = (spec, handler)
        self._specs = {kind: spec for kind, (spec, _) in self._handlers.items()}
        self._view = task.name
        self._done_word = task.done_word
        self.set_trait("labels", list(labels))
        self.set_trait("total", len(task))
        self.instructions = instructions
        self._bind_keys()
        stored, skipped = self.store.current_and_skipped(task=self.task)
        self._update(stored and {k: v for k, v in stored.items() if self._has(k)})
        self._skipped = {i for i in skipped if self._has(i)}
        self.set_trait("skipped", len(self._skipped))
        self.on_msg(self._on_message)

    # -- state every mixin shares ---------------------------------------------------------

    def _has(self, item_id: object) -> TypeGuard[ItemId]:
        if isinstance(item_id, bool) or not isinstance(item_id, (int, str)):
            return False
        try:
            self._task.row_of(item_id)
        except (KeyError, TypeError):
            return False
        return True

    def _update(self, values: Mapping[ItemId, Any]) -> None:
        """Record new current values (None clears); one trait update per batch."""
        self._progress.update(values)
        if self._skipped and not self._skipped.isdisjoint(values):
            self._skipped.difference_update(values)  # labeled (or undone) since the skip
            self.set_trait("skipped", len(self._skipped))
        self.set_trait("counts", dict(self._progress.counts))
        self.set_trait("done", len(self._progress))

    def _refresh(self, item_ids: Iterable[ItemId]) -> None:
        """Items changed from Python: the browser fetches them again wherever it holds them."""
        ids = list(item_ids)
        if ids:
            self.send(protocol.refresh(ids))

    def _notify(self, item_id: ItemId, value: Any, source: str) -> None:
        for observer in list(self._observers):
            observer(item_id, value, source)

    def _bind_keys(self) -> None:
        accept = [ACCEPT] if self._suggester is not None else []
        self.set_trait("keymap", build_keymap([*self._task.actions(), *CORE_ACTIONS, *accept]))
