"""Spans on a text: tokenizers, and the one check every span passes (from the browser or a file).

Offsets are Python string offsets (code points) on the original text, end exclusive. The
browser counts UTF-16 code units and converts at its side of the wire (``js/spans/offsets.ts``);
nothing here ever sees a UTF-16 offset unless an importer is told its file holds them.
"""

from __future__ import annotations

import itertools
import math
import numbers
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any

import numpy as np

#: A tokenizer: "words" (the default), "char", or a callable of the text returning tokens as
#: ``(start, end)`` pairs, strings found in order, or objects with ``idx`` and ``text`` (spaCy).
Tokenizer = str | Callable[[str], Iterable[Any]] | None
SOURCES = ("human", "model")


@cache
def _marks() -> str:
    """A regex class body of every combining mark (Unicode category M*), built once.

    Python's ``\\w`` leaves marks out, which would split Hindi words and decomposed accents.
    """
    ranges: list[str] = []
    start = None
    for cp in [*range(0x0300, 0x20000), *range(0xE0100, 0xE01F0), 0x10FFFF]:
        mark = unicodedata.category(chr(cp))[0] == "M"
        if mark and start is None:
            start = cp
        elif not mark and start is not None:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(cp - 1))}")
            start = None
    return "".join(ranges)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    marks = _marks()
    # What glues onto a symbol: marks, variation selectors, skin tones, emoji tag characters.
    ext = f"{marks}\ufe00-\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
    flag = "[\U0001f1e6-\U0001f1ff]{2}"
    cluster = f"[^\\s{ext}][{ext}]*(?:\u200d[^\\s][{ext}]*)*"
    words = re.compile(f"{flag}|[\\w{marks}]+|{cluster}|[{ext}]+")
    chars = re.compile(f"{flag}|{cluster}|[{ext}]+")
    return words, chars


#: Plain ASCII needs none of that: the same tokens, found several times faster.
_ASCII = (re.compile(r"\w+|[^\w\s]"), re.compile(r"\S"))


def tokenize(text: str, tokenizer: Tokenizer = None) -> list[tuple[int, int]]:
    """Token ``(start, end)`` offsets of ``text``, in order, none overlapping, none blank.

    ``None``/"words" splits on whitespace and punctuation (each punctuation mark or emoji is a
    token; a combining mark stays with its letter); "char" makes each character a token (for
    languages written without spaces); a callable is the user's tokenizer.
    """
    if tokenizer is None or tokenizer in ("words", "char"):
        patterns = _ASCII if text.isascii() else _patterns()
        pattern = patterns[1 if tokenizer == "char" else 0]
        return [m.span() for m in pattern.finditer(text)]
    if not callable(tokenizer):
        raise ValueError(f'tokenizer must be "words", "char" or a callable, not {tokenizer!r}')
    return _user_tokens(text, tokenizer(text))


def _user_tokens(text: str, tokens: Iterable[Any]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for token in tokens:
        if isinstance(token, str):
            start = text.find(token, pos)
            if start < 0 or not token:
                raise ValueError(f"tokenizer gave {token!r}, not found in the text after {pos}")
            end = start + len(token)
        elif hasattr(token, "idx") and hasattr(token, "text"):  # a spaCy Token
            start, end = int(token.idx), int(token.idx) + len(token.text)
        else:
            start, end = (int(v) for v in token)
        if not 0 <= start < end <= len(text) or start < pos:
            raise ValueError(f"tokenizer gave token ({start}, {end}) out of order or bounds")
        pos = end
        if not text[start:end].isspace():  # spaCy's whitespace tokens cannot edge a span
            out.append((start, end))
    return out


def token_bytes(tokens: Sequence[tuple[int, int]]) -> bytes:
    """Token offsets as little-endian uint32 pairs: how they travel to the browser."""
    return np.asarray(tokens, dtype="<u4").reshape(-1).tobytes()


def check_span(
    span: Any, text: str, labels: Sequence[str], where: str, index: int
) -> dict[str, Any]:
    """One span in its canonical form ``{start, end, label, text, source[, score, accepted]}``.

    ``span`` is a dict with ``start``/``end``/``label`` (``text``, ``source``, ``score``,
    ``accepted`` optional) or a tuple ``(start, end, label[, score])``. Raises ValueError
    naming ``where`` (the item) and the span when it does not fit the text or the labels.
    """
    if isinstance(span, (tuple, list)) and len(span) in (3, 4):
        span = dict(zip(("start", "end", "label", "score"), span, strict=False))
    if not isinstance(span, dict):
        raise ValueError(f"{where}: span {index} is {span!r}, not a dict or (start, end, label)")
    start, end, label = _int(span.get("start")), _int(span.get("end")), span.get("label")
    if type(start) is not int or type(end) is not int or not 0 <= start < end <= len(text):
        _refuse(span, text, labels, where, index)
    if label not in labels:
        _refuse(span, text, labels, where, index)
    covered = text[start:end]
    if ("text" in span and span["text"] != covered) or not _FIELDS.issuperset(span):
        _refuse(span, text, labels, where, index)
    out: dict[str, Any] = {"start": start, "end": end, "label": label, "text": covered}
    source = span.get("source", "human")
    if source not in SOURCES:
        raise ValueError(f"{where}: span {index}: source must be {SOURCES!r}, not {source!r}")
    out["source"] = source
    score = span.get("score")
    if score is not None:
        if (
            isinstance(score, bool)
            or not isinstance(score, (int, float))
            or not math.isfinite(score)
        ):
            raise ValueError(f"{where}: span {index}: score must be a finite number, not {score!r}")
        out["score"] = float(score)
    if "accepted" in span and source == "model":
        out["accepted"] = bool(span["accepted"])
    return out


def _int(value: Any) -> Any:
    """numpy and other integer types as int (a model's offsets often are); anything else as is."""
    if type(value) is int or isinstance(value, bool) or not isinstance(value, numbers.Integral):
        return value
    return int(value)


_FIELDS = frozenset({"start", "end", "label", "text", "source", "score", "accepted"})


def _refuse(span: dict[str, Any], text: str, labels: Sequence[str], where: str, index: int) -> None:
    """Raise the ValueError that says what is wrong with ``span`` (the slow path of check_span)."""
    start, end, label = _int(span.get("start")), _int(span.get("end")), span.get("label")
    name = f"{where}: span {index} ({start!r}, {end!r}, {label!r})"
    extra = set(span) - _FIELDS
    if extra:
        raise ValueError(f"{name} has unknown fields {sorted(extra)!r}")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        raise ValueError(f"{name}: start and end must be integers")
    assert isinstance(start, int) and isinstance(end, int)
    if start < 0 or end > len(text):
        raise ValueError(f"{name} is outside the text (0 to {len(text)} characters)")
    if start >= end:
        raise ValueError(f"{name}: start must be before end")
    if label not in labels:
        raise ValueError(f"{name}: unknown label {label!r}; labels are {list(labels)!r}")
    raise ValueError(
        f"{name}: its text {span['text']!r} is not the text's {text[start:end]!r} there "
        "(offsets must count Python characters, not UTF-16 units or bytes)"
    )


def check_spans(
    spans: Any, text: str, labels: Sequence[str], where: str, *, overlap: bool
) -> list[dict[str, Any]]:
    """Every span checked and sorted by (start, end, label order); repeats and overlaps raise."""
    if not isinstance(spans, (list, tuple)):
        raise ValueError(f"{where}: spans must be a list, not {type(spans).__name__}")
    order = {label: i for i, label in enumerate(labels)}
    out = [check_span(s, text, labels, where, i) for i, s in enumerate(spans)]
    out.sort(key=lambda s: (s["start"], s["end"], order[s["label"]]))
    for a, b in itertools.pairwise(out):
        if (a["start"], a["end"], a["label"]) == (b["start"], b["end"], b["label"]):
            raise ValueError(f"{where}: span {_show(a)} appears twice")
    if not overlap:
        reach = None
        for span in out:
            if reach is not None and span["start"] < reach["end"]:
                raise ValueError(
                    f"{where}: span {_show(span)} overlaps {_show(reach)}; "
                    "pass overlap=True to allow overlapping and nested spans"
                )
            if reach is None or span["end"] > reach["end"]:
                reach = span
    return out


def _show(span: dict[str, Any]) -> str:
    return f"({span['start']}, {span['end']}, {span['label']!r}) {span['text']!r}"


def utf16_to_codepoints(text: str, offset: int, where: str) -> int:
    """A UTF-16 offset into ``text`` as a Python offset; one inside a surrogate pair raises."""
    units = 0
    for i, ch in enumerate(text):
        if units == offset:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > offset:
            raise ValueError(f"{where}: UTF-16 offset {offset} splits the surrogate pair of {ch!r}")
    if units == offset:
        return len(text)
    raise ValueError(f"{where}: UTF-16 offset {offset} is past the end of the text ({units} units)")


def codepoints_to_utf16(text: str, offset: int) -> int:
    """A Python offset into ``text`` as a UTF-16 offset (for files that count in UTF-16)."""
    return offset + sum(1 for ch in text[:offset] if ord(ch) > 0xFFFF)
