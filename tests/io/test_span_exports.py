"""Span exports read by their real consumers (spaCy, seqeval), round trips, and bad imports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nblabel.io import spans as io_spans
from nblabel.items._spans import tokenize

spacy = pytest.importorskip("spacy")
seqeval_scheme = pytest.importorskip("seqeval.scheme")

TEXTS = {
    "r1": "The pizza was cold, but the waiter was friendly.",
    "r2": "😀 Great ramen in 東京 for ¥900! Service: slow 👨‍👩‍👧",
    "r3": "Café naïve e\u0301clair, שלום and مرحبا.",
    "r4": "No aspects here.",
}


def span(item: str, needle: str, label: str) -> dict:
    start = TEXTS[item].index(needle)
    return {"start": start, "end": start + len(needle), "label": label}


RECORDS = [
    {
        "id": "r1",
        "text": TEXTS["r1"],
        "spans": [span("r1", "pizza", "food"), span("r1", "the waiter", "service")],
        "labels": ["mixed"],
    },
    {
        "id": "r2",
        "text": TEXTS["r2"],
        "spans": [
            span("r2", "ramen", "food"),
            span("r2", "¥900", "price"),
            span("r2", "Service", "service"),
        ],
        "labels": [],
    },
    {
        "id": "r3",
        "text": TEXTS["r3"],
        "spans": [span("r3", "e\u0301clair", "food"), span("r3", "שלום", "service")],
        "labels": [],
    },
    {"id": "r4", "text": TEXTS["r4"], "spans": [], "labels": []},
]


def triples(records: list[dict]) -> dict:
    return {r["id"]: [(s["start"], s["end"], s["label"]) for s in r["spans"]] for r in records}


def test_spacy_jsonl_loads_every_span_strictly(tmp_path: Path) -> None:
    path = io_spans.write(RECORDS, tmp_path / "spans.jsonl")
    nlp = spacy.blank("en")
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len(RECORDS)
    for line, record in zip(lines, RECORDS, strict=True):
        doc = nlp(line["text"])
        doc.spans["sc"] = [
            doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="strict")
            for s in line["spans"]
        ]
        assert None not in doc.spans["sc"]
        assert [(s.text, s.label_) for s in doc.spans["sc"]] == [
            (record["text"][s["start"] : s["end"]], s["label"]) for s in record["spans"]
        ]


@pytest.mark.parametrize(("fmt", "scheme_name"), [("iob2", "IOB2"), ("bilou", "BILOU")])
def test_conll_is_read_back_by_strict_seqeval(tmp_path: Path, fmt: str, scheme_name: str) -> None:
    from seqeval.metrics import classification_report

    path = io_spans.write(RECORDS, tmp_path / f"spans.{fmt}", format=fmt)
    sentences = [
        [line.split("\t") for line in block.splitlines() if line and not line.startswith("# ")]
        for block in path.read_text(encoding="utf-8").split("\n\n")
    ]
    tags = [[tag for _, tag in rows] for rows in sentences]
    scheme = getattr(seqeval_scheme, scheme_name)
    entities = seqeval_scheme.Entities(tags, scheme).entities
    for record, rows, found in zip(RECORDS, sentences, entities, strict=True):
        tokens = tokenize(record["text"])
        assert [t for t, _ in rows] == [record["text"][a:b] for a, b in tokens]
        got = [(tokens[e.start][0], tokens[e.end - 1][1], e.tag) for e in found]
        assert got == [(s["start"], s["end"], s["label"]) for s in record["spans"]]
    report = classification_report(tags, tags, mode="strict", scheme=scheme, output_dict=True)
    assert report["micro avg"]["support"] == sum(len(r["spans"]) for r in RECORDS)


def test_label_studio_results_cut_their_text(tmp_path: Path) -> None:
    path = io_spans.write(RECORDS, tmp_path / "spans.json")
    tasks = json.loads(path.read_text(encoding="utf-8"))
    for task, record in zip(tasks, RECORDS, strict=True):
        results = [r for r in task["annotations"][0]["result"] if r["type"] == "labels"]
        assert len(results) == len(record["spans"])
        for res in results:
            v = res["value"]
            assert v["text"] == task["data"]["text"][v["start"] : v["end"]]
            assert len(v["labels"]) == 1
    assert tasks[0]["annotations"][0]["result"][-1]["value"] == {"choices": ["mixed"]}


@pytest.mark.parametrize(
    ("fmt", "suffix"),
    [("spacy", "jsonl"), ("iob2", "conll"), ("bilou", "bilou"), ("label-studio", "json")],
)
def test_import_then_export_gives_the_same_spans(tmp_path: Path, fmt: str, suffix: str) -> None:
    canonical = io_spans.check_records(RECORDS)  # spans gain their text and source
    first = io_spans.write(canonical, tmp_path / f"a.{suffix}", format=fmt)
    records = io_spans.read(first, format=fmt)
    assert triples(records) == triples(RECORDS)
    assert [r["text"] for r in records] == [r["text"] for r in RECORDS]
    assert [r["labels"] for r in records] == [r["labels"] for r in RECORDS]
    second = io_spans.write(records, tmp_path / f"b.{suffix}", format=fmt)
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            {"start": 40, "end": 60, "label": "food"},
            r"item 'x': span 1 \(40, 60, 'food'\) is outside the text",
        ),
        (
            {"start": 5, "end": 5, "label": "food"},
            r"item 'x': span 1 \(5, 5, 'food'\): start must be before end",
        ),
        ({"start": 0, "end": 4, "label": "drink"}, r"item 'x': span 1 .*unknown label 'drink'"),
        (
            {"start": 0, "end": 4, "label": "food", "text": "XXXX"},
            r"item 'x': span 1 .*is not the text's",
        ),
    ],
)
def test_bad_spans_name_item_and_span_and_nothing_loads(
    tmp_path: Path, bad: dict, message: str
) -> None:
    good = {"id": "ok", "text": "fine pizza", "spans": [{"start": 5, "end": 10, "label": "food"}]}
    record = {
        "id": "x",
        "text": "cold soup here",
        "spans": [{"start": 5, "end": 9, "label": "food"}, bad],
    }
    path = tmp_path / "bad.jsonl"
    lines = [
        {"text": r["text"], "spans": r["spans"], "meta": {"id": r["id"]}} for r in (good, record)
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with pytest.raises(ValueError, match=message) as err:
        io_spans.read(path, labels=["food", "service"])
    assert "nothing was loaded" in str(err.value)


def test_utf16_offsets_are_converted_and_a_split_surrogate_pair_is_refused(tmp_path: Path) -> None:
    text = "😀 pizza"
    ok = [
        {
            "data": {"text": text, "id": 1},
            "annotations": [
                {
                    "result": [
                        {"type": "labels", "value": {"start": 3, "end": 8, "labels": ["food"]}}
                    ]
                }
            ],
        }
    ]
    path = tmp_path / "ls.json"
    path.write_text(json.dumps(ok), encoding="utf-8")
    [record] = io_spans.read(path, offsets="utf16")
    assert record["spans"][0]["text"] == "pizza" and record["spans"][0]["start"] == 2
    ok[0]["annotations"][0]["result"][0]["value"]["start"] = 1  # inside the emoji's pair
    path.write_text(json.dumps(ok), encoding="utf-8")
    with pytest.raises(
        ValueError, match=r"item 1: span 0: UTF-16 offset 1 splits the surrogate pair"
    ):
        io_spans.read(path, offsets="utf16")


def test_conll_refuses_spans_off_token_boundaries_and_overlaps() -> None:
    off = [{"id": 7, "text": "pizzas", "spans": [{"start": 0, "end": 5, "label": "food"}]}]
    with pytest.raises(
        ValueError, match=r"item 7: span 0 \(0, 5, 'food'\) does not start and end on token"
    ):
        io_spans.to_conll(off)
    nested = [
        {
            "id": 8,
            "text": "New York City",
            "spans": [
                {"start": 0, "end": 13, "label": "loc"},
                {"start": 0, "end": 8, "label": "loc"},
            ],
        }
    ]
    with pytest.raises(ValueError, match=r"item 8: span 1 .*overlaps another span"):
        io_spans.to_conll(nested)
