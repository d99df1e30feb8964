"""A task plugs into the shared core without touching it: dict values, its own message, resume."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pandas as pd
import pytest

from nblabel import LabelStore
from nblabel.items import ItemSource
from nblabel.widgets._base import _BaseLabeler
from nblabel.widgets._protocol import MessageSpec
from nblabel.widgets._queue import Queue
from nblabel.widgets._task import Task


class Marks(Task):
    """A toy span-like task: values are lists of {start, end, label} dicts."""

    name: ClassVar[str] = "marks"

    def __init__(self, source: ItemSource, reviewed: set[Any]) -> None:
        super().__init__(source)
        self.reviewed = reviewed

    def check(self, value: Any, item_id: int | str) -> Any:
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise ValueError(f"item {item_id!r}: marks must be a list of dicts")
        return value

    def tally(self, value: Any) -> list[str]:
        return [] if value is None else [mark["label"] for mark in value]

    def is_open(self, item_id: int | str, value: Any) -> bool:
        return item_id not in self.reviewed  # a review opens on the first undecided item

    def payload(self, row: int) -> tuple[dict[str, Any], bytes | None]:
        return {"type": "text", "text": self.source.values[row]}, b"peaks"

    def handlers(self):
        return {MessageSpec("count_marks", ("id",)): self._count}

    def _count(self, msg: dict[str, Any]):
        return {"kind": "mark_count", "id": msg["id"], "n": len(self.source.values)}, []


@pytest.fixture
def marks(texts, store, wire):
    store.write("t0", [{"start": 0, "end": 3, "label": "ORG"}])
    task = Marks(ItemSource(texts, "text"), reviewed={"t0", "t1"})
    widget = _BaseLabeler(task, ["ORG", "PER"], store=store, task_name=None, instructions=None)
    return wire(widget)


def test_dict_values_count_per_label_and_resume_where_the_task_says(marks):
    assert marks.widget.counts == {"ORG": 1, "PER": 0}
    assert marks.widget._view == "marks"
    assert marks(kind="hello", count=1)["start"] == 2  # t0, t1 reviewed; not "first unlabeled"
    two = [{"start": 0, "end": 1, "label": "PER"}, {"start": 2, "end": 4, "label": "PER"}]
    assert marks(kind="label", seq=1, pos=0, id="t0", value=two)["value"] == two
    assert marks.widget.counts == {"ORG": 0, "PER": 2}
    assert marks(kind="undo", seq=2, pos=0, id="t0")["value"][0]["label"] == "ORG"
    assert marks.widget.counts == {"ORG": 1, "PER": 0}


def test_a_task_adds_a_message_without_editing_the_core(marks):
    assert marks(kind="count_marks", id="t3") == {"kind": "mark_count", "id": "t3", "n": 10}
    assert "lacks ['id']" in marks(kind="count_marks")["message"]


def test_task_bytes_travel_as_buffers(marks):
    reply = marks(kind="need", start=0, count=2)
    assert [i["buffer"] for i in reply["items"]] == [0, 1] and marks.last_buffers == [b"peaks"] * 2


def test_invalid_values_are_refused_by_the_task(marks):
    reply = marks(kind="label", seq=1, pos=0, id="t1", value="ORG")
    assert reply["kind"] == "error" and "list of dicts" in reply["message"]


def test_queue_reorders_after_what_was_shown_keeping_each_row_once():
    queue = Queue(10)
    queue.shown(1)  # positions 0..1 seen, plus a margin of 3
    start = queue.reorder([9, 0, 9, 8, 42, -1])
    assert start == 5
    assert queue.rows().tolist() == [0, 1, 2, 3, 4, 9, 8, 5, 6, 7]
    assert queue.version == 1 and queue.position(8) == 6


def test_queue_of_a_million_rows_reorders_in_one_vectorised_pass():
    queue = Queue(1_000_000)
    order = np.random.default_rng(0).permutation(1_000_000)
    queue.reorder(order)
    assert queue.rows()[:5].tolist() == order[:5].tolist()
    assert np.array_equal(np.sort(queue.rows()), np.arange(1_000_000))  # each row once


def test_the_store_link_is_the_same_for_every_task(texts, tmp_path):
    store = LabelStore(tmp_path / "s.db")
    task = Marks(ItemSource(pd.DataFrame({"text": ["a"]}, index=["only"]), "text"), set())
    widget = _BaseLabeler(task, ["X"], store=store, task_name="spans", instructions="mark names")
    assert (widget.task, widget.instructions, widget.total) == ("spans", "mark names", 1)
