"""The kernel side of a session: skips, filters and go-to, through the message handler."""

from __future__ import annotations

import pandas as pd
import pytest

from nblabel import Labeler, LabelStore


def label(w, pos: int, item_id, value, seq: int = 1):
    return w(kind="label", seq=seq, pos=pos, id=item_id, value=value)


def test_skip_is_a_stored_event_that_keeps_the_label_and_counts(texts, store, wire):
    lab = Labeler(texts, "text", labels=["pos", "neg"], store=store)
    w = wire(lab)
    reply = w(kind="skip", seq=1, pos=0, id="t0", seconds=2.5)
    assert reply == {"kind": "ack", "seq": 1, "pos": 0, "id": "t0", "value": None}
    assert lab.skipped == 1
    label(w, 1, "t1", "neg", seq=2)
    w(kind="skip", seq=3, pos=1, id="t1")  # skipping a labeled item keeps its label
    assert store.current() == {"t1": "neg"}
    assert lab.skipped == 1 and lab.done == 1
    history = store.history()
    assert list(history["meta"]) == [{"skip": True}, None, {"skip": True}]
    assert history["seconds"].iloc[0] == 2.5
    label(w, 0, "t0", "pos", seq=4)
    assert lab.skipped == 0  # labeled since


def test_skipped_count_survives_a_restart(texts, store, wire):
    w = wire(Labeler(texts, "text", labels=["pos", "neg"], store=store))
    w(kind="skip", seq=1, pos=3, id="t3")
    w(kind="skip", seq=2, pos=4, id="t4")
    again = Labeler(texts, "text", labels=["pos", "neg"], store=store)
    assert again.skipped == 2


def test_next_skipped_wraps_round_and_says_when_there_is_none(texts, store, wire):
    w = wire(Labeler(texts, "text", labels=["pos", "neg"], store=store))
    assert w(kind="find", skipped=True, at=0) == {"kind": "notice", "message": "no skipped items"}
    w(kind="skip", seq=1, pos=2, id="t2")
    w(kind="skip", seq=2, pos=6, id="t6")
    assert w(kind="find", skipped=True, at=2) == {"kind": "found", "pos": 6, "id": "t6"}
    assert w(kind="find", skipped=True, at=6) == {"kind": "found", "pos": 2, "id": "t2"}


def test_filter_skipped_unlabeled_and_by_label_then_lift_it_storing_nothing(texts, store, wire):
    lab = Labeler(texts, "text", labels=["pos", "neg"], store=store)
    w = wire(lab)
    label(w, 0, "t0", "pos")
    label(w, 1, "t1", "neg")
    label(w, 2, "t2", "pos")
    w(kind="skip", seq=9, pos=3, id="t3")
    events = len(store.history())

    reply = w(kind="filter", name="label", label="pos", at=3)
    assert reply["kind"] == "view" and reply["total"] == 2 and reply["start"] == 0
    assert [i["id"] for i in reply["items"]] == ["t0", "t2"]
    assert lab.view_filter == "labeled pos"
    assert lab.queue_ids() == ["t0", "t2"]

    reply = w(kind="filter", name="skipped")
    assert [i["id"] for i in reply["items"]] == ["t3"] and reply["version"] == 2

    reply = w(kind="filter", name="unlabeled", id="t3")  # stays on the item it was on
    assert reply["total"] == 7 and reply["items"][0]["id"] == "t3" and reply["start"] == 0

    reply = w(kind="filter", name="all", id="t5")
    assert reply["total"] == 10 and reply["start"] == 5 and lab.view_filter == ""
    assert len(store.history()) == events and lab.done == 3


def test_model_disagreement_filter_needs_a_model(texts, store, wire):
    lab = Labeler(texts, "text", labels=["pos", "neg"], store=store)
    w = wire(lab)
    reply = w(kind="filter", name="disagree")
    assert reply["kind"] == "error" and "no model" in reply["message"]
    label(w, 0, "t0", "pos")
    label(w, 1, "t1", "neg")
    lab.suggest_with(lambda item_id: {"label": "pos", "confidence": 0.9})
    reply = w(kind="filter", name="disagree")
    assert [i["id"] for i in reply["items"]] == ["t1"]


def test_go_to_by_id_or_position_and_out_of_a_filter(texts, store, wire):
    w = wire(Labeler(texts, "text", labels=["pos", "neg"], store=store))
    assert w(kind="find", query="t7") == {"kind": "found", "pos": 7, "id": "t7"}
    assert w(kind="find", query=" #3 ") == {"kind": "found", "pos": 2, "id": "t2"}
    assert w(kind="find", query="4") == {"kind": "found", "pos": 3, "id": "t3"}  # no id "4"
    assert w(kind="find", query="#40")["kind"] == "notice"
    assert w(kind="find", query="nope") == {"kind": "notice", "message": "no item with id 'nope'"}
    w(kind="skip", seq=1, pos=1, id="t1")
    w(kind="filter", name="skipped")
    reply = w(kind="find", query="t8")  # hidden by the filter: the filter is lifted
    assert reply["kind"] == "view" and reply["total"] == 10 and reply["start"] == 8


def test_int_ids_win_over_positions(digits, wire):
    w = wire(Labeler(digits, "image", labels=list("0123456789"), keys=list("0123456789")))
    assert w(kind="find", query="5") == {"kind": "found", "pos": 5, "id": 5}
    assert w(kind="find", query="#1") == {"kind": "found", "pos": 0, "id": 0}


def test_a_reorder_while_filtered_waits_for_the_filter_to_lift(texts, store, wire):
    lab = Labeler(texts, "text", labels=["pos", "neg"], store=store)
    w = wire(lab)
    w(kind="hello")
    w(kind="skip", seq=1, pos=0, id="t0")
    w(kind="filter", name="skipped")
    sent = len(w.sent)
    lab.reorder(["t9", "t8"])
    assert len(w.sent) == sent  # no reorder message: the subset keeps its order
    assert lab.queue_ids() == ["t0"]
    w(kind="filter", name="all", id="t0")
    assert lab.queue_ids()[:6] == ["t0", "t1", "t2", "t3", "t9", "t8"]


def test_undo_is_not_fooled_by_a_skip_after_the_label(texts, store, wire):
    w = wire(Labeler(texts, "text", labels=["pos", "neg"], store=store))
    label(w, 0, "t0", "pos")
    w(kind="skip", seq=2, pos=0, id="t0")
    reply = w(kind="undo", seq=3)  # after a restart: the kernel picks the newest own label
    assert reply["id"] == "t0" and reply["value"] is None
    assert store.current() == {}


@pytest.mark.parametrize("name", ["bogus", "label"])
def test_bad_filters_are_refused_by_name(texts, wire, name):
    w = wire(Labeler(texts, "text", labels=["pos"]))
    reply = w(kind="filter", name=name)
    assert reply["kind"] == "error"


def test_keymap_lists_the_session_keys_and_what_they_save(texts):
    lab = Labeler(texts, "text", labels=["pos", "neg"])
    rows = {row["action"]: row for row in lab.keymap}
    assert {rows[a]["key"] for a in ("next_skipped", "goto", "filter", "help")} == {
        "n",
        "g",
        "f",
        "?",
    }
    assert "skip" in rows["skip"]["saves"] and "saves" not in rows["goto"]
    assert rows["label"]["saves"] == "the label"


def test_session_keys_give_way_to_labels_that_take_every_candidate():
    keys = list("nNgGfF?")
    labeler = Labeler(
        pd.DataFrame({"text": ["x"]}), "text", labels=[f"l{i}" for i in range(7)], keys=keys
    )
    actions = {row["action"] for row in labeler.keymap}
    assert not actions & {"next_skipped", "goto", "filter", "help"}
    assert {"skip", "undo", "back"} <= actions


def test_in_memory_store_skips_too(texts, wire):
    lab = Labeler(texts, "text", labels=["pos"], store=LabelStore())
    wire(lab)(kind="skip", seq=1, pos=0, id="t0")
    assert lab.store.skipped() == ["t0"]
