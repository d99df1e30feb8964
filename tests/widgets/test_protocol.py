"""The kernel side of the wire: replies to hello/need/label/undo and the store rows they make."""

from __future__ import annotations

import pandas as pd

from nblabel import Labeler, LabelStore


def test_hello_tells_total_and_first_unlabeled_with_the_first_items(texts, store, wire):
    store.write("t0", "pos")
    store.write("t1", "neg")
    w = wire(Labeler(texts, "text", labels=["pos", "neg"], store=store))
    reply = w(kind="hello", count=3)
    assert {k: reply[k] for k in ("kind", "version", "total", "start")} == {
        "kind": "state",
        "version": 0,
        "total": 10,
        "start": 2,
    }
    # The first window rides with the reply: the first paint needs one round trip.
    assert [(i["pos"], i["id"], i["label"]) for i in reply["items"]] == [
        (2, "t2", None),
        (3, "t3", None),
        (4, "t4", None),
    ]


def test_hello_carries_image_bytes_as_buffers(digits, wire):
    w = wire(Labeler(digits, "image", labels=list("0123456789"), keys=list("0123456789")))
    reply = w(kind="hello", count=2)
    assert [i["buffer"] for i in reply["items"]] == [0, 1]
    assert all(buf.startswith(b"\x89PNG") for buf in w.last_buffers)


def test_need_sends_texts_with_ids_and_current_labels(texts, store, wire):
    store.write("t1", "neg")
    w = wire(Labeler(texts, "text", labels=["pos", "neg"], store=store))
    reply = w(kind="need", start=0, count=3)
    assert reply["kind"] == "items"
    assert [(i["pos"], i["id"], i["text"], i["label"]) for i in reply["items"]] == [
        (0, "t0", "review number 0", None),
        (1, "t1", "review number 1", "neg"),
        (2, "t2", "review number 2", None),
    ]
    assert w.last_buffers == []


def test_need_is_clipped_to_the_queue(texts, wire):
    w = wire(Labeler(texts, "text", labels=["pos"]))
    assert [i["pos"] for i in w(kind="need", start=8, count=50)["items"]] == [8, 9]


def test_images_travel_as_png_buffers(digits, wire):
    w = wire(Labeler(digits, "image", labels=list("0123456789"), keys=list("0123456789")))
    reply = w(kind="need", start=0, count=2)
    assert [i["buffer"] for i in reply["items"]] == [0, 1]
    assert all(i["mime"] == "image/png" and "text" not in i for i in reply["items"])
    assert all(buf.startswith(b"\x89PNG") for buf in w.last_buffers)


def test_label_is_acked_after_it_is_in_the_store(texts, tmp_path, wire):
    path = tmp_path / "l.db"
    w = wire(Labeler(texts, "text", labels=["pos", "neg"], store=LabelStore(path)))
    assert w(kind="label", seq=7, pos=3, id="t3", value="neg", seconds=2.5) == {
        "kind": "ack",
        "seq": 7,
        "pos": 3,
        "id": "t3",
        "value": "neg",
    }
    with LabelStore(path) as reopened:  # another connection sees the committed row
        row = reopened.labels().loc["t3"]
    assert (row["label"], row["source"], row["seconds"]) == ("neg", "human", 2.5)
    assert w.widget.done == 1
    assert w.widget.counts == {"pos": 0, "neg": 1}


def test_unknown_label_is_an_error_naming_the_item_and_writes_nothing(texts, store, wire):
    w = wire(Labeler(texts, "text", labels=["pos", "neg"], store=store))
    reply = w(kind="label", seq=1, pos=4, id="t4", value="maybe")
    assert reply["kind"] == "error" and reply["seq"] == 1 and reply["item_id"] == "t4"
    assert "maybe" in reply["message"]
    assert reply["current"] is None
    assert len(store) == 0


def test_a_refused_label_reports_the_value_the_store_still_holds(texts, store, wire):
    store.write("t4", "neg")
    w = wire(Labeler(texts, "text", labels=["pos", "neg"], store=store))
    reply = w(kind="label", seq=1, pos=4, id="t4", value="maybe")
    assert (reply["kind"], reply["current"]) == ("error", "neg")


def test_undo_without_an_item_takes_back_this_annotators_newest_label(texts, tmp_path, wire):
    path = tmp_path / "l.db"
    with LabelStore(path, annotator="ann") as other:
        other.write("t1", "pos", annotator="bob")  # someone else's label stays
    first = wire(
        Labeler(texts, "text", labels=["pos", "neg"], store=LabelStore(path, annotator="ann"))
    )
    first(kind="label", seq=1, pos=3, id="t3", value="pos")
    first(kind="label", seq=2, pos=5, id="t5", value="neg")
    first(kind="label", seq=3, pos=3, id="t3", value="neg")
    # A kernel restart: a new labeler on the same file, and a browser with no undo stack.
    w = wire(Labeler(texts, "text", labels=["pos", "neg"], store=LabelStore(path, annotator="ann")))
    assert w(kind="undo", seq=10) == {
        "kind": "ack",
        "seq": 10,
        "pos": 3,
        "id": "t3",
        "value": "pos",
    }
    assert w(kind="undo", seq=11)["id"] == "t5"
    assert w(kind="undo", seq=12)["id"] == "t3"
    reply = w(kind="undo", seq=13)
    assert reply["kind"] == "error" and "nothing to undo" in reply["message"]
    assert w.widget.store.current() == {"t1": "pos"}


def test_multi_label_enter_with_nothing_chosen_is_refused(texts, store, wire):
    w = wire(Labeler(texts, "text", labels=["a", "b"], store=store, multi=True))
    reply = w(kind="label", seq=1, pos=0, id="t0", value=[])
    assert reply["kind"] == "error" and "at least one label" in reply["message"]
    assert len(store) == 0 and w.widget.done == 0


def test_unknown_item_id_is_an_error(texts, store, wire):
    reply = wire(Labeler(texts, "text", labels=["pos"], store=store))(
        kind="label", seq=1, pos=0, id="t99", value="pos"
    )
    assert reply["kind"] == "error" and reply["item_id"] == "t99" and "'t99'" in reply["message"]
    assert len(store) == 0


def test_malformed_messages_are_errors_not_crashes(texts, wire):
    w = wire(Labeler(texts, "text", labels=["pos"]))
    assert w(kind="nope")["kind"] == "error"
    assert "seq" in w(kind="label", pos=1, id="t1", value="pos")["message"]
    assert w(kind="label", seq=1, pos=1, id=True, value="pos")["kind"] == "error"
    assert w(kind="need", start=-1, count=3)["kind"] == "error"


def test_undo_restores_the_previous_value(texts, store, wire):
    w = wire(Labeler(texts, "text", labels=["pos", "neg"], store=store))
    w(kind="label", seq=1, pos=0, id="t0", value="pos")
    w(kind="label", seq=2, pos=0, id="t0", value="neg")
    assert w(kind="undo", seq=3, pos=0, id="t0")["value"] == "pos"
    assert w(kind="undo", seq=4, pos=0, id="t0")["value"] is None
    assert "t0" not in store.labels().index
    assert w.widget.done == 0
    assert store.history()["meta"].iloc[-1] == {"undo_of": 3}


def test_multi_label_values_are_canonical_lists(texts, store, wire):
    w = wire(Labeler(texts, "text", labels=["a", "b", "c"], store=store, multi=True))
    assert w(kind="label", seq=1, pos=0, id="t0", value=["c", "a"])["value"] == ["a", "c"]
    assert store.labels().loc["t0", "label"] == ["a", "c"]
    assert w.widget.counts == {"a": 1, "b": 0, "c": 1}
    assert w(kind="label", seq=2, pos=1, id="t1", value="a")["kind"] == "error"


def test_labels_of_other_items_in_the_store_are_not_counted(texts, store, wire):
    store.write("elsewhere", "pos")
    w = wire(Labeler(texts, "text", labels=["pos"], store=store))
    assert w.widget.done == 0


def test_int_ids_stay_ints(store, wire):
    df = pd.DataFrame({"text": ["a", "b"]}, index=[10, 20])
    w = wire(Labeler(df, "text", labels=["x"], store=store))
    w(kind="label", seq=1, pos=1, id=20, value="x")
    assert list(store.labels().index) == [20]
    assert store.labels().index.dtype.kind == "i"


def test_relabel_and_undo_keep_counts_exact(texts, store, wire):
    w = wire(Labeler(texts, "text", labels=["pos", "neg"], store=store))
    w(kind="label", seq=1, pos=0, id="t0", value="pos")
    w(kind="label", seq=2, pos=1, id="t1", value="pos")
    w(kind="label", seq=3, pos=0, id="t0", value="neg")
    assert (w.widget.counts, w.widget.done) == ({"pos": 1, "neg": 1}, 2)
    w(kind="undo", seq=4, pos=0, id="t0")
    assert (w.widget.counts, w.widget.done) == ({"pos": 2, "neg": 0}, 2)
    w(kind="undo", seq=5, pos=1, id="t1")
    assert (w.widget.counts, w.widget.done) == ({"pos": 1, "neg": 0}, 1)
