"""The review task through its messages: where it opens, what each decision stores, what shows."""

from __future__ import annotations

import pandas as pd
import pytest

from nblabel import LabelStore
from nblabel.quality import review_changes
from nblabel.widgets.review import ReviewLabeler


@pytest.fixture
def suspects() -> pd.DataFrame:
    """Three suspects of the ten texts, ranked t3, t1, t5 (given out of rank order)."""
    return pd.DataFrame(
        {
            "given": ["pos", "neg", "pos"],
            "suggested": ["neg", "pos", "neg"],
            "confidence": [0.9, 0.8, 0.7],
            "rank": [2, 1, 3],
        },
        index=pd.Index(["t1", "t3", "t5"], name="item_id"),
    )


def review(texts, suspects, store, wire, **kwargs):
    widget = ReviewLabeler(texts, "text", suspects=suspects, store=store, session="s1", **kwargs)
    return wire(widget)


def decide(w, pos, item_id, value, seq=1):
    return w(kind="label", seq=seq, pos=pos, id=item_id, value=value)


def newest_meta(store: LabelStore, item_id):
    return store.history(item_id=item_id)["meta"].iloc[-1]


def test_items_come_in_rank_order_with_current_label_and_suggestion(texts, suspects, store, wire):
    w = review(texts, suspects, store, wire)
    state = w(kind="hello", count=8)
    assert state["start"] == 0 and state["total"] == 3
    items = state["items"]
    assert [i["id"] for i in items] == ["t3", "t1", "t5"]
    assert items[0]["text"] == "review number 3" and items[0]["label"] is None
    assert items[0]["review"] == {
        "given": "neg",
        "suggested": "pos",
        "confidence": 0.8,
        "rank": 1,
        "stale": False,
        "decided": False,
    }
    assert w.widget.labels == ["neg", "pos"]


def test_keys_keep_take_and_labels_with_label_keys_first(texts, suspects, store, wire):
    w = review(texts, suspects, store, wire)
    keymap = [(b["key"], b["action"]) for b in w.widget.keymap]
    assert keymap[:4] == [("1", "label"), ("2", "label"), ("k", "keep"), ("Enter", "take")]


def test_each_decision_is_an_event_with_session_previous_and_decision(texts, suspects, store, wire):
    store.write("t1", "neg")  # relabeled since the suspects were scored (given "pos")
    w = review(texts, suspects, store, wire)
    assert decide(w, 0, "t3", "neg", 1)["kind"] == "ack"  # keep: the given label
    assert decide(w, 1, "t1", "neg", 2)["kind"] == "ack"  # keeps the store's "neg"
    assert decide(w, 2, "t5", "neg", 3)["kind"] == "ack"  # takes the suggestion "neg"
    assert newest_meta(store, "t3") == {
        "review": "s1",
        "previous": "neg",
        "decision": "keep",
        "suggestion": "pos",
        "confidence": 0.8,
    }
    t1 = newest_meta(store, "t1")
    assert (t1["previous"], t1["decision"]) == ("neg", "keep")  # the store's label, not given
    t5 = newest_meta(store, "t5")
    assert (t5["previous"], t5["decision"]) == ("pos", "suggestion")
    assert store.labels()["label"].to_dict() == {"t1": "neg", "t3": "neg", "t5": "neg"}
    assert len(store.history()) == 4  # nothing overwritten: the earlier t1 event is still there
    assert w.widget.done == 3 and w.widget.counts == {"neg": 3, "pos": 0}


def test_another_label_is_recorded_as_other(texts, store, wire):
    three = pd.DataFrame({"given": ["a"], "suggested": ["b"], "confidence": [0.6]}, index=["t0"])
    w = review(texts, three, store, wire, labels=["a", "b", "c"])
    assert decide(w, 0, "t0", "c")["value"] == "c"
    assert newest_meta(store, "t0")["decision"] == "other"
    assert review_changes(store, None, "s1").loc["t0", ["before", "after"]].tolist() == ["a", "c"]


def test_a_stale_label_shows_as_the_current_one(texts, suspects, store, wire):
    store.write("t3", "pos")  # given "neg" when scored
    w = review(texts, suspects, store, wire)
    first = w(kind="hello", count=1)["items"][0]
    assert first["id"] == "t3" and first["label"] == "pos" and first["review"]["stale"]


def test_the_queue_opens_on_the_first_undecided_item_not_the_first_unlabeled(
    texts, suspects, store, wire
):
    store.write("t1", "pos")  # labeled but undecided
    w = review(texts, suspects, store, wire)
    decide(w, 0, "t3", "pos")
    again = review(texts, suspects, store, wire)  # a second pass, same store
    assert again(kind="hello", count=1)["start"] == 1  # t3 decided; t1 labeled but open
    assert again.widget.done == 1


def test_undo_makes_the_item_undecided_and_restores_the_label(texts, suspects, store, wire):
    store.write("t3", "neg")
    w = review(texts, suspects, store, wire)
    decide(w, 0, "t3", "pos")
    assert w.widget.done == 1
    assert w(kind="undo", seq=2, pos=0, id="t3")["value"] == "neg"
    assert w.widget.done == 0
    assert review(texts, suspects, store, wire)(kind="hello", count=1)["start"] == 0


def test_changes_apply_and_undo_session_from_the_widget(texts, suspects, store, wire):
    w = review(texts, suspects, store, wire)
    assert w.widget.changes().empty
    decide(w, 0, "t3", "pos", 1)  # neg -> pos
    decide(w, 1, "t1", "pos", 2)  # kept
    changes = w.widget.changes()
    assert changes[["before", "after", "decision", "changed"]].to_dict("index") == {
        "t3": {"before": "neg", "after": "pos", "decision": "suggestion", "changed": True},
        "t1": {"before": "pos", "after": "pos", "decision": "keep", "changed": False},
    }
    df = texts.assign(label="pos").astype({"label": object})
    df.loc["t3", "label"] = "neg"
    assert w.widget.apply(df, "label").loc["t3", "label"] == "pos"
    report = w.widget.undo_session()
    assert report["undone"].all() and w.widget.done == 0
    assert store.current() == {"t3": "neg", "t1": "pos"}  # the labels from before the session
    # The browser fetches the two again: its copies still show them decided.
    assert w.sent[-1][0] == {"kind": "refresh", "ids": ["t3", "t1"]}
    again = w(kind="need", start=0, count=2)["items"]
    assert [(i["id"], i["label"], i["review"]["decided"]) for i in again] == [
        ("t3", "neg", False),
        ("t1", "pos", False),
    ]


def test_int_classes_stay_ints_and_digit_labels_are_their_own_keys(digits, store, wire):
    suspects = pd.DataFrame(
        {"given": [1, 7], "suggested": [7, 1], "confidence": [0.9, 0.6], "rank": [1, 2]},
        index=[3, 11],
    )
    w = wire(ReviewLabeler(digits, "image", suspects=suspects, store=store, labels=range(10)))
    assert w.widget.labels == [str(d) for d in range(10)]
    assert [b["key"] for b in w.widget.keymap[:10]] == [str(d) for d in range(10)]
    assert decide(w, 0, 3, "7")["value"] == 7
    assert decide(w, 1, 11, 1.0)["value"] == 1 and type(store.current()[11]) is int
    assert store.current() == {3: 7, 11: 1}
    assert newest_meta(store, 3)["previous"] == 1
    assert w(kind="need", start=0, count=2)["items"][0]["type"] == "image"
    assert len(w.last_buffers) == 2  # images travel as bytes, as in classification


@pytest.mark.parametrize(
    ("bad", "error", "match"),
    [
        ("nope", TypeError, "must be a DataFrame"),
        (pd.DataFrame({"given": ["pos"]}, index=["t0"]), KeyError, "suggested"),
        (pd.DataFrame({"given": [], "suggested": []}), ValueError, "nothing to review"),
        (
            pd.DataFrame({"given": ["pos"], "suggested": ["neg"]}, index=["zz"]),
            KeyError,
            "not in df",
        ),
        (
            pd.DataFrame({"given": ["pos"] * 2, "suggested": ["neg"] * 2}, index=["t1", "t1"]),
            ValueError,
            r"more than once: \['t1'\]",
        ),
    ],
)
def test_bad_suspects_are_refused_by_name(texts, bad, error, match):
    with pytest.raises(error, match=match):
        ReviewLabeler(texts, "text", suspects=bad)


def test_labels_must_cover_the_suspects(texts, suspects):
    with pytest.raises(ValueError, match=r"\['neg'\] are not among labels"):
        ReviewLabeler(texts, "text", suspects=suspects, labels=["pos"])


def test_a_label_outside_the_review_is_refused(texts, suspects, store, wire):
    w = review(texts, suspects, store, wire)
    reply = decide(w, 0, "t3", "maybe")
    assert reply["kind"] == "error" and "not one of" in reply["message"]
    assert store.history().empty


def test_a_decision_taken_back_with_undo_is_not_a_change(texts, suspects, store, wire):
    w = review(texts, suspects, store, wire)
    decide(w, 0, "t3", "pos", 1)
    decide(w, 1, "t1", "neg", 2)
    w(kind="undo", seq=3, pos=1, id="t1")
    assert w.widget.changes().index.tolist() == ["t3"]


def test_a_skip_after_a_decision_leaves_the_item_decided(texts, suspects, store, wire):
    w = review(texts, suspects, store, wire)
    decide(w, 0, "t3", "pos")
    store.skip("t3")
    assert review(texts, suspects, store, wire)(kind="hello", count=1)["start"] == 1


def test_the_review_workflow_is_exported_and_imported_only_when_used():
    import subprocess
    import sys

    import nblabel
    from nblabel import quality

    for name in ("find_label_errors", "slice_table", "review_changes", "undo_session"):
        assert getattr(nblabel, name) is getattr(quality, name) and name in nblabel.__all__
    assert nblabel.ReviewLabeler is ReviewLabeler
    probe = "import sys, nblabel; print(any(m.startswith('nblabel.quality') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_decide_from_python_takes_the_key_path(texts, suspects, store, wire):
    w = review(texts, suspects, store, wire)
    w.widget.decide("t3", "pos")
    assert newest_meta(store, "t3")["decision"] == "suggestion" and w.widget.done == 1
    assert w.sent[-1][0] == {"kind": "refresh", "ids": ["t3"]}  # the browser shows it at once
    with pytest.raises(ValueError, match=r"'t1'.*not one of"):
        w.widget.decide("t1", "maybe")
    with pytest.raises(KeyError, match="t0"):
        w.widget.decide("t0", "pos")  # not a suspect


def test_apply_keeps_an_int_label_column_int(digits, store, wire):
    suspects = pd.DataFrame({"given": [1, 7], "suggested": [7, 1]}, index=[3, 11])
    widget = ReviewLabeler(digits, "image", suspects=suspects, store=store, labels=range(10))
    widget.decide(3, 7)
    widget.decide(11, 7)  # kept
    fixed = widget.apply(digits.assign(label=digits["target"]), "label")
    assert fixed["label"].dtype == digits["target"].dtype and fixed.at[3, "label"] == 7
