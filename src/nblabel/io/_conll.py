"""CoNLL IOB2 and BILOU for spans: one token per line with the tokenization the spans snapped to.

Used by ``nblabel.io.spans``; records are described there.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from nblabel.items._spans import tokenize

Record = dict[str, Any]


def to_conll(records: Iterable[Record], scheme: str = "IOB2") -> str:
    """Token per line (``token<TAB>tag``), a blank line between texts, with the tokenization
    used (a record's ``tokens``, else the default words tokenizer). ``# id``, ``# text`` and
    ``# labels`` comments (JSON values) let ``from_conll`` restore the exact text.

    Raises ValueError naming the item and span when a span does not start and end on token
    boundaries or overlaps another (IOB cannot say that).
    """
    if scheme not in ("IOB2", "BILOU"):
        raise ValueError(f'scheme must be "IOB2" or "BILOU", not {scheme!r}')
    blocks = []
    for r in records:
        text, where = r["text"], f"item {r.get('id')!r}"
        tokens = [tuple(t) for t in r.get("tokens") or tokenize(text)]
        tags = _tags(tokens, r.get("spans", []), scheme, where)
        lines = [
            f"# id = {json.dumps(r.get('id'))}",
            f"# text = {json.dumps(text, ensure_ascii=False)}",
        ]
        if r.get("labels"):
            lines.append(f"# labels = {json.dumps(r['labels'], ensure_ascii=False)}")
        for (a, b), tag in zip(tokens, tags, strict=True):
            token = text[a:b]
            if any(c.isspace() for c in token):
                raise ValueError(f"{where}: token {token!r} at {a} holds whitespace; CoNLL cannot")
            lines.append(f"{token}\t{tag}")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def _tags(
    tokens: Sequence[tuple[int, int]], spans: Iterable[dict[str, Any]], scheme: str, where: str
) -> list[str]:
    starts = {a: i for i, (a, _) in enumerate(tokens)}
    ends = {b: i for i, (_, b) in enumerate(tokens)}
    tags = ["O"] * len(tokens)
    for n, s in enumerate(spans):
        name = f"{where}: span {n} ({s['start']}, {s['end']}, {s['label']!r})"
        first, last = starts.get(s["start"]), ends.get(s["end"])
        if first is None or last is None:
            raise ValueError(f"{name} does not start and end on token boundaries")
        if any(tag != "O" for tag in tags[first : last + 1]):
            raise ValueError(f"{name} overlaps another span; IOB/BILOU cannot hold overlaps")
        for i in range(first, last + 1):
            prefix = "I"
            if i == first:
                prefix = "U" if scheme == "BILOU" and first == last else "B"
            elif i == last and scheme == "BILOU":
                prefix = "L"
            tags[i] = f"{prefix}-{s['label']}"
    return tags


def from_conll(raw: str, scheme: str = "IOB2") -> list[Record]:
    """Records from ``to_conll``'s output (or plain CoNLL: the text is then the tokens joined by
    spaces). Tags are read strictly: an ``I-`` that does not continue a ``B-`` raises."""
    out = []
    for n, block in enumerate(b for b in raw.replace("\r\n", "\n").split("\n\n") if b.strip()):
        meta: dict[str, Any] = {}
        rows = []
        for line in block.split("\n"):
            if line.startswith("# ") and " = " in line:
                key, _, value = line[2:].partition(" = ")
                meta[key] = json.loads(value)
            elif line.strip():
                token, _, tag = line.rpartition("\t") if "\t" in line else line.rpartition(" ")
                rows.append((token, tag.strip()))
        item = meta.get("id", n)
        text = meta.get("text", " ".join(t for t, _ in rows))
        offsets, pos = [], 0
        for token, _ in rows:
            start = text.find(token, pos)
            if start < 0:
                raise ValueError(f"item {item!r}: token {token!r} is not in its text after {pos}")
            offsets.append((start, start + len(token)))
            pos = start + len(token)
        spans = _spans(offsets, [tag for _, tag in rows], scheme, f"item {item!r}")
        out.append(
            {
                "id": item,
                "text": text,
                "spans": spans,
                "labels": meta.get("labels", []),
                "tokens": offsets,
            }
        )
    return out


def _spans(
    offsets: Sequence[tuple[int, int]], tags: Sequence[str], scheme: str, where: str
) -> list[dict[str, Any]]:
    spans: list[dict[str, Any]] = []
    open_: dict[str, Any] | None = None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        inside = prefix == "I" or (scheme == "BILOU" and prefix == "L")
        if inside:
            if open_ is None or open_["label"] != label:
                raise ValueError(f"{where}: tag {tag!r} at token {i} continues no {label!r} span")
            open_["end"] = offsets[i][1]
            if prefix == "L":
                spans.append(open_)
                open_ = None
            continue
        if open_ is not None:
            if scheme == "BILOU":
                raise ValueError(
                    f"{where}: the {open_['label']!r} span before token {i} has no L- tag"
                )
            spans.append(open_)
            open_ = None
        if prefix in ("B", "U", "S"):
            span = {"start": offsets[i][0], "end": offsets[i][1], "label": label}
            if prefix == "B":
                open_ = span
            else:
                spans.append(span)
        elif prefix != "O":
            raise ValueError(f"{where}: tag {tag!r} at token {i} is not {scheme}")
    return spans
