"""Spans to and from what NLP tools read: spaCy-style JSONL, CoNLL IOB2/BILOU, Label Studio JSON.

A *record* is one text: ``{"id", "text", "spans": [{"start", "end", "label", ...}], "labels":
[whole-document labels], "tokens": [(start, end), ...] (optional)}`` with Python (code point)
offsets, end exclusive. ``SpanLabeler.records()`` makes them; ``SpanLabeler.export`` and
``import_spans`` call ``write`` and ``read`` here.

Reading checks every span of every record first and raises one ValueError naming each bad item
and span (outside the text, start >= end, unknown label, text that does not match, a UTF-16
offset splitting a surrogate pair): a bad file loads nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from nblabel.io._conll import from_conll, to_conll
from nblabel.items._spans import check_span, utf16_to_codepoints

FORMATS = ("spacy", "iob2", "bilou", "label-studio")
_SUFFIXES = {".jsonl": "spacy", ".json": "label-studio", ".conll": "iob2", ".iob": "iob2"}
#: At most this many problems are listed in one error.
_MAX_PROBLEMS = 20

Record = dict[str, Any]
__all__ = [
    "FORMATS",
    "check_records",
    "from_conll",
    "from_label_studio",
    "from_spacy",
    "read",
    "to_conll",
    "to_label_studio",
    "to_spacy",
    "write",
]


def write(
    records: Iterable[Record], path: str | os.PathLike[str], format: str | None = None
) -> Path:
    """Write ``records`` to ``path`` as ``format`` (by default from the suffix); return the path."""
    path = Path(path)
    fmt = _format(path, format)
    records = list(records)
    if fmt == "spacy":
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in to_spacy(records))
    elif fmt == "label-studio":
        text = json.dumps(to_label_studio(records), ensure_ascii=False, indent=1)
    else:
        text = to_conll(records, scheme=fmt.upper())
    path.write_text(text, encoding="utf-8")
    return path


def read(
    path: str | os.PathLike[str],
    format: str | None = None,
    *,
    labels: Sequence[str] | None = None,
    offsets: str = "codepoints",
) -> list[Record]:
    """Read records from ``path``; every span checked (see the module docstring).

    ``labels`` restricts the labels allowed (any, by default). ``offsets="utf16"`` reads
    files whose offsets count UTF-16 units (older Label Studio, JavaScript tools).
    """
    path = Path(path)
    fmt = _format(path, format)
    raw = path.read_text(encoding="utf-8")
    if fmt == "spacy":
        lines = [json.loads(line) for line in raw.splitlines() if line.strip()]
        records = from_spacy(lines)
    elif fmt == "label-studio":
        records = from_label_studio(json.loads(raw))
    else:
        records = from_conll(raw, scheme=fmt.upper())
    return check_records(records, labels=labels, offsets=offsets)


def check_records(
    records: Iterable[Record], *, labels: Sequence[str] | None = None, offsets: str = "codepoints"
) -> list[Record]:
    """Every record with its spans checked and canonical; one ValueError lists every problem."""
    if offsets not in ("codepoints", "utf16"):
        raise ValueError(f'offsets must be "codepoints" or "utf16", not {offsets!r}')
    out, problems = [], []
    for n, record in enumerate(records):
        item = record.get("id", n)
        where = f"item {item!r}"
        text = record.get("text")
        if not isinstance(text, str):
            problems.append(f"{where}: no text")
            continue
        allowed = labels if labels is not None else _LabelsSeen(record)
        spans = []
        for i, span in enumerate(record.get("spans", [])):
            try:
                if offsets == "utf16" and isinstance(span, dict):
                    span = {
                        **span,
                        "start": utf16_to_codepoints(text, span["start"], f"{where}: span {i}"),
                        "end": utf16_to_codepoints(text, span["end"], f"{where}: span {i}"),
                    }
                spans.append(check_span(span, text, allowed, where, i))
            except (ValueError, TypeError, KeyError) as exc:
                problems.append(str(exc))
        spans.sort(key=lambda s: (s["start"], s["end"]))
        out.append({**record, "id": item, "spans": spans, "labels": list(record.get("labels", []))})
    if problems:
        shown = "\n  ".join(problems[:_MAX_PROBLEMS])
        more = (
            f"\n  ... and {len(problems) - _MAX_PROBLEMS} more"
            if len(problems) > _MAX_PROBLEMS
            else ""
        )
        raise ValueError(f"{len(problems)} bad span(s); nothing was loaded:\n  {shown}{more}")
    return out


class _LabelsSeen(list[str]):
    """Any label is allowed when the caller gave none."""

    def __init__(self, record: Record) -> None:
        super().__init__(
            str(s.get("label")) for s in record.get("spans", []) if isinstance(s, dict)
        )

    def __contains__(self, label: object) -> bool:
        return isinstance(label, str) and bool(label)


# -- spaCy-style JSONL -----------------------------------------------------------------------


def to_spacy(records: Iterable[Record]) -> list[dict[str, Any]]:
    """One object per text: ``text``, ``spans`` (``start``/``end``/``label``, plus ``source``
    and ``score`` when known), ``meta`` with the item id and ``cats`` for document labels."""
    out = []
    for r in records:
        spans = [
            {k: s[k] for k in ("start", "end", "label", "source", "score") if k in s}
            for s in r.get("spans", [])
        ]
        line: dict[str, Any] = {"text": r["text"], "spans": spans, "meta": {"id": r.get("id")}}
        if r.get("labels"):
            line["cats"] = dict.fromkeys(r["labels"], 1.0)
        out.append(line)
    return out


def from_spacy(lines: Iterable[dict[str, Any]]) -> list[Record]:
    """Records from spaCy-style objects (``meta.id`` or ``id`` names the item)."""
    out = []
    for n, line in enumerate(lines):
        item = line.get("meta", {}).get("id", line.get("id", n))
        cats = line.get("cats") or {}
        labels = [k for k, v in cats.items() if v and float(v) >= 0.5]
        out.append(
            {"id": item, "text": line.get("text"), "spans": line.get("spans", []), "labels": labels}
        )
    return out


# -- Label Studio JSON ----------------------------------------------------------------------


def to_label_studio(records: Iterable[Record]) -> list[dict[str, Any]]:
    """Label Studio tasks: ``data.text``, one annotation of ``labels`` results (``start``/
    ``end``/``text``/``labels``, ``text == data.text[start:end]``) and ``choices`` for document
    labels. Offsets count code points, as Label Studio does since 1.4."""
    out = []
    for r in records:
        result: list[dict[str, Any]] = [
            {
                "id": f"s{i}",
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "origin": "prediction" if s.get("source") == "model" else "manual",
                "value": {
                    "start": s["start"],
                    "end": s["end"],
                    "text": r["text"][s["start"] : s["end"]],
                    "labels": [s["label"]],
                },
                **({"score": s["score"]} if "score" in s else {}),
            }
            for i, s in enumerate(r.get("spans", []))
        ]
        if r.get("labels"):
            result.append(
                {
                    "id": "doc",
                    "from_name": "doc_labels",
                    "to_name": "text",
                    "type": "choices",
                    "value": {"choices": list(r["labels"])},
                }
            )
        out.append(
            {"data": {"text": r["text"], "id": r.get("id")}, "annotations": [{"result": result}]}
        )
    return out


def from_label_studio(tasks: Any) -> list[Record]:
    """Records from Label Studio tasks; the first annotation of each task is read."""
    if not isinstance(tasks, list):
        raise ValueError("a Label Studio export is a JSON list of tasks")
    out = []
    for n, task in enumerate(tasks):
        data = task.get("data", {})
        item = data.get("id", task.get("id", n))
        annotations = task.get("annotations") or task.get("completions") or [{}]
        spans, labels = [], []
        for res in annotations[0].get("result", []):
            value = res.get("value", {})
            if res.get("type") == "labels":
                for label in value.get("labels", []):
                    span = {"start": value.get("start"), "end": value.get("end"), "label": label}
                    if "text" in value:
                        span["text"] = value["text"]
                    spans.append(span)
            elif res.get("type") == "choices":
                labels.extend(value.get("choices", []))
        out.append({"id": item, "text": data.get("text"), "spans": spans, "labels": labels})
    return out


def _format(path: Path, format: str | None) -> str:
    fmt = format.lower() if format else _SUFFIXES.get(path.suffix.lower())
    if fmt not in FORMATS:
        raise ValueError(f"cannot tell the format of {str(path)!r}: pass format= one of {FORMATS}")
    return fmt
