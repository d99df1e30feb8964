"""SpanLabeler without a browser: tokens, checks, tallies, pre-annotations, the wire, exports."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from nblabel import LabelStore, SpanLabeler
from nblabel.items._spans import codepoints_to_utf16, tokenize, utf16_to_codepoints

LABELS = ["food", "service", "price"]
TEXTS = ["The pizza was cold, but the waiter was friendly.", "😀 ramen in 東京 for ¥900", "ok"]


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame({"text": TEXTS}, index=["a", "b", "c"])


def words(text: str, **kw) -> list[str]:
    return [text[a:b] for a, b in tokenize(text, **kw)]


# -- tokenizers ---------------------------------------------------------------------------


def test_default_tokens_split_on_spaces_and_punctuation_keeping_clusters_whole() -> None:
    assert words("Hello, world! It's") == ["Hello", ",", "world", "!", "It", "'", "s"]
    assert words("हिन्दी cafe\u0301 👍🏽 👨‍👩‍👧 🇫🇷 1️⃣") == [
        "हिन्दी",
        "cafe\u0301",
        "👍🏽",
        "👨‍👩‍👧",
        "🇫🇷",
        "1️⃣",
    ]
    assert words("שלום, עולם") == ["שלום", ",", "עולם"]


def test_char_mode_makes_each_character_a_token() -> None:
    assert words("東京 に😀", tokenizer="char") == ["東", "京", "に", "😀"]


def test_a_user_tokenizer_may_give_pairs_strings_or_spacy_tokens() -> None:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    text = "Don't  stop"
    assert words(text, tokenizer=nlp.tokenizer) == ["Do", "n't", "stop"]  # no whitespace token
    assert words(text, tokenizer=str.split) == ["Don't", "stop"]
    assert words(text, tokenizer=lambda t: [(0, 5)]) == ["Don't"]
    with pytest.raises(ValueError, match="out of order or bounds"):
        tokenize(text, tokenizer=lambda t: [(3, 20)])


def test_utf16_offsets_convert_and_refuse_a_split_surrogate_pair() -> None:
    text = "a😀b"
    assert [codepoints_to_utf16(text, i) for i in range(4)] == [0, 1, 3, 4]
    assert [utf16_to_codepoints(text, u, "x") for u in (0, 1, 3, 4)] == [0, 1, 2, 3]
    with pytest.raises(ValueError, match="splits the surrogate pair"):
        utf16_to_codepoints(text, 2, "x")


# -- the task --------------------------------------------------------------------------------


def test_check_makes_values_canonical_and_tally_counts_each_span(frame) -> None:
    w = SpanLabeler(frame, "text", labels=LABELS, doc_labels=["positive", "negative"])
    task = w._spans
    value = task.check(
        {
            "spans": [(28, 34, "service"), {"start": 4, "end": 9, "label": "food"}],
            "labels": ["negative"],
        },
        "a",
    )
    assert value == {
        "spans": [
            {"start": 4, "end": 9, "label": "food", "text": "pizza", "source": "human"},
            {"start": 28, "end": 34, "label": "service", "text": "waiter", "source": "human"},
        ],
        "labels": ["negative"],
    }
    assert list(task.tally(value)) == ["food", "service", "negative"]
    assert task.check([], "c") == {"spans": [], "labels": []}  # a text with no spans is done


@pytest.mark.parametrize(
    ("spans", "message"),
    [
        ([(40, 60, "food")], r"item 'a': span 0 \(40, 60, 'food'\) is outside the text"),
        ([(9, 4, "food")], r"item 'a': span 0 \(9, 4, 'food'\): start must be before end"),
        ([(4, 9, "drink")], r"unknown label 'drink'"),
        ([{"start": 4, "end": 9, "label": "food", "text": "pizzas"}], r"is not the text's 'pizza'"),
        ([(4, 9, "food"), (4, 9, "food")], r"appears twice"),
        (
            [(4, 9, "food"), (6, 13, "price")],
            r"overlaps \(4, 9, 'food'\) 'pizza'; pass overlap=True",
        ),
    ],
)
def test_bad_values_are_refused_naming_item_and_span(frame, spans, message) -> None:
    with pytest.raises(ValueError, match=message):
        SpanLabeler(frame, "text", labels=LABELS)._spans.check({"spans": spans}, "a")


def test_nested_spans_pass_with_overlap(frame) -> None:
    task = SpanLabeler(frame, "text", labels=LABELS, overlap=True)._spans
    value = task.check({"spans": [(4, 18, "food"), (4, 9, "food")]}, "a")
    assert [(s["start"], s["end"]) for s in value["spans"]] == [(4, 9), (4, 18)]


def test_payload_sends_tokens_as_code_point_pairs_in_a_buffer(frame) -> None:
    header, data = SpanLabeler(frame, "text", labels=LABELS)._spans.payload(1)
    assert header == {"type": "spans", "text": TEXTS[1]}
    pairs = np.frombuffer(data, dtype="<u4").reshape(-1, 2)
    assert [TEXTS[1][a:b] for a, b in pairs] == ["😀", "ramen", "in", "東京", "for", "¥", "900"]


def test_pre_annotations_are_checked_marked_and_kept_apart(frame) -> None:
    def pre(text: str):
        yield from ((m.start(), m.end(), "food", 0.9) for m in re.finditer("pizza", text))
        yield from ((m.start(), m.end(), "food", 0.5) for m in re.finditer("pizza was", text))

    header, _ = SpanLabeler(frame, "text", labels=LABELS, preannotate=pre)._spans.payload(0)
    # Without overlap, the better of two overlapping pre-annotations is kept; sent as columns.
    assert header["pre"] == {"start": [4], "end": [9], "label": ["food"], "score": [0.9]}
    bad = SpanLabeler(frame, "text", labels=LABELS, preannotate=lambda t: [(0, 3, "drink")])
    with pytest.raises(ValueError, match=r"item 'a' \(pre-annotations\): span 0 .*unknown label"):
        bad._spans.payload(0)


def test_keys_arrows_move_in_the_text_and_page_keys_between_items(frame) -> None:
    w = SpanLabeler(frame, "text", labels=LABELS, doc_labels=["positive"])
    keys = {row["key"]: (row["action"], row.get("arg")) for row in w.keymap}
    assert keys["1"] == ("label", 0) and keys["4"] == ("label", 3)  # doc labels follow
    assert keys["ArrowRight"][0] == "token_next" and keys["Shift+ArrowRight"][0] == "extend_next"
    assert keys["PageDown"][0] == "forward" and keys["Enter"][0] == "submit"
    assert keys["Delete"][0] == keys["Backspace"][0] == "remove"
    repeats = {row["action"] for row in w.keymap if row.get("repeat")}
    assert repeats == {"token_prev", "token_next", "extend_prev", "extend_next"}  # held keys
    assert list(w.labels) == [*LABELS, "positive"] and list(w.doc_labels) == ["positive"]


def test_constructor_refuses_bad_arguments(frame) -> None:
    with pytest.raises(ValueError, match="appear more than once"):
        SpanLabeler(frame, "text", labels=LABELS, doc_labels=["food"])
    with pytest.raises(ValueError, match="tokenizer must be"):
        SpanLabeler(frame, "text", labels=LABELS, tokenizer="sentencepiece")
    with pytest.raises(TypeError, match="preannotate must be a function"):
        SpanLabeler(frame, "text", labels=LABELS, preannotate="pizza")


# -- through the wire and the store ---------------------------------------------------------


def test_a_label_message_stores_spans_with_their_source_and_meta(frame, wire, tmp_path) -> None:
    store = LabelStore(tmp_path / "s.db")
    w = SpanLabeler(frame, "text", labels=LABELS, store=store)
    send = wire(w)
    spans = [
        {
            "start": 4,
            "end": 9,
            "label": "food",
            "text": "pizza",
            "source": "model",
            "score": 0.9,
            "accepted": True,
        },
        {"start": 28, "end": 34, "label": "service", "text": "waiter", "source": "human"},
    ]
    reply = send(kind="label", seq=1, pos=0, id="a", value={"spans": spans, "labels": []})
    assert reply["kind"] == "ack"
    assert store.current()["a"]["spans"] == spans
    assert store.history()["meta"].iloc[-1] == {"pre_annotations": {"kept": 1, "accepted": 1}}
    assert w.counts["food"] == 1 and w.counts["service"] == 1 and w.done == 1
    bad = send(
        kind="label",
        seq=2,
        pos=1,
        id="b",
        value={"spans": [{"start": 2, "end": 7, "label": "food", "text": "xx"}]},
    )
    assert bad["kind"] == "error" and "item 'b': span 0" in bad["message"]


def test_records_export_and_import_round_trip(frame, tmp_path) -> None:
    w = SpanLabeler(frame, "text", labels=LABELS)
    w.write_model_labels(
        {"a": [(4, 9, "food"), (28, 34, "service")], "b": [(2, 7, "food")]}, annotator="t"
    )
    path = w.export(tmp_path / "spans.jsonl")
    other = SpanLabeler(frame, "text", labels=LABELS)
    assert other.import_spans(path) == 2
    assert other.records(tokens=False) == w.records(tokens=False)
    assert set(other.store.history()["source"]) == {"import"}


def test_a_bad_import_loads_nothing(frame, tmp_path) -> None:
    w = SpanLabeler(frame, "text", labels=LABELS)
    records = [
        {"id": "a", "text": TEXTS[0], "spans": [(4, 9, "food")]},
        {"id": "b", "text": TEXTS[1], "spans": [(2, 7, "drink")]},
    ]
    with pytest.raises(ValueError, match=r"item 'b': span 0 \(2, 7, 'drink'\)"):
        w.import_spans(records)
    assert w.store.current() == {}
    with pytest.raises(ValueError, match="item 'zz' in the import is not among these items"):
        w.import_spans([{"id": "zz", "text": "x", "spans": []}])
