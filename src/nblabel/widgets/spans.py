"""Text spans (named entities, aspects, personal data), keyboard first, on the seam.

``Spans`` is the task (plain Python); ``SpanLabeler`` is the widget users build. The browser
side is ``js/tasks/spans.ts``. A value is ``{"spans": [{start, end, label, text, source...}],
"labels": [whole-document labels]}`` with Python (code point) offsets, end exclusive.
"""

from __future__ import annotations

import bisect
import itertools
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd
import traitlets as t

from nblabel.items import ItemSource, TextEncoder
from nblabel.items._spans import Tokenizer, check_spans, token_bytes, tokenize
from nblabel.store import LabelEvent, LabelStore
from nblabel.widgets._base import _BaseLabeler
from nblabel.widgets._keys import Action, label_actions, two_label_sets
from nblabel.widgets._task import Task, pre_annotation_meta

#: Pre-annotations: a function of the text giving ``(start, end, label[, score])`` or dicts.
Preannotator = Callable[[str], Iterable[Any]]

#: Keys of the span actions: candidates in order of preference (see ``widgets/_keys.py``).
SPAN_ACTIONS = (
    Action("token_prev", ("ArrowLeft",), "previous token or span", repeat=True),
    Action("token_next", ("ArrowRight",), "next token or span", repeat=True),
    Action("extend_prev", ("Shift+ArrowLeft",), "extend selection left", repeat=True),
    Action("extend_next", ("Shift+ArrowRight",), "extend selection right", repeat=True),
    Action("remove", ("Delete",), "remove span"),
    Action("remove", ("Backspace",), "remove span"),
    Action("accept_pre", ("a", "y"), "accept pre-annotation"),
    Action("accept_all", ("A", "Y"), "accept all pre-annotations"),
    Action("reject_pre", ("x", "n"), "reject pre-annotation"),
    Action("reject_all", ("X", "N"), "reject all pre-annotations"),
    Action("clear", ("Escape",), "clear selection"),
    Action("submit", ("Enter",), "save spans, next text"),
)


class Spans(Task):
    """Token-snapped spans over one text column, plus optional whole-document labels."""

    name: ClassVar[str] = "spans"

    def __init__(
        self,
        source: ItemSource,
        labels: Sequence[str],
        keys: Sequence[str],
        *,
        doc_labels: Sequence[str] = (),
        doc_keys: Sequence[str] = (),
        tokenizer: Tokenizer = None,
        overlap: bool = False,
        preannotate: Preannotator | None = None,
    ) -> None:
        super().__init__(source)
        self.labels, self.keys = list(labels), list(keys)
        self.doc_labels, self.doc_keys = list(doc_labels), list(doc_keys)
        self.tokenizer, self.overlap, self.preannotate = tokenizer, bool(overlap), preannotate

    def text(self, row: int) -> str:
        """The text at ``row``."""
        return str(self.source.value(row))

    def tokens(self, row: int) -> list[tuple[int, int]]:
        """Token offsets at ``row``: what selections snap to and what CoNLL exports."""
        return tokenize(self.text(row), self.tokenizer)

    def check(self, value: Any, item_id: int | str) -> Any:
        text = self.text(self.row_of(item_id))
        where = f"item {item_id!r}"
        if isinstance(value, list):  # spans alone, from Python
            value = {"spans": value}
        if not isinstance(value, dict):
            raise ValueError(f"{where}: {value!r} is not {{'spans': [...], 'labels': [...]}}")
        extra = set(value) - {"spans", "labels"}
        if extra:
            raise ValueError(f"{where}: unknown fields {sorted(extra)!r}; expected spans, labels")
        spans = check_spans(value.get("spans", []), text, self.labels, where, overlap=self.overlap)
        chosen = value.get("labels", [])
        if not isinstance(chosen, list) or any(c not in self.doc_labels for c in chosen):
            raise ValueError(
                f"{where}: document labels {chosen!r} are not a list drawn from {self.doc_labels!r}"
            )
        return {"spans": spans, "labels": [c for c in self.doc_labels if c in chosen]}

    def tally(self, value: Any) -> Iterable[str]:
        if not isinstance(value, dict):
            return ()
        return [*(s["label"] for s in value.get("spans", [])), *value.get("labels", [])]

    def meta(self, value: Any, item_id: int | str, current: Any) -> dict[str, Any] | None:
        """How many spans came from the pre-annotations, and how many were accepted."""
        return pre_annotation_meta(value["spans"])

    def payload(self, row: int) -> tuple[dict[str, Any], bytes | None]:
        text = self.text(row)
        tokens = self.tokens(row)
        header: dict[str, Any] = {"type": "spans", "text": text}
        if self.preannotate is not None:
            pre = self.pre_annotations(text, f"item {self.ids[row]!r}")
            # Columns, not 5,000 dicts: a long text's pre-annotations cost little to send.
            header["pre"] = {key: [s[key] for s in pre] for key in ("start", "end", "label")}
            if any("score" in s for s in pre):
                header["pre"]["score"] = [s.get("score") for s in pre]
        return header, token_bytes(tokens)

    def pre_annotations(self, text: str, where: str) -> list[dict[str, Any]]:
        """The pre-annotation function's spans, checked, marked ``source="model"``.

        Without ``overlap``, a span overlapping a better one (higher score, then longer,
        then earlier) is left out, so accepting all of them is always possible.
        """
        assert self.preannotate is not None
        found = []
        for i, span in enumerate(self.preannotate(text)):
            if isinstance(span, (tuple, list)):
                span = dict(zip(("start", "end", "label", "score"), span, strict=False))
            if not isinstance(span, dict):
                raise ValueError(f"{where}: pre-annotation {i} is {span!r}")
            found.append({**span, "source": "model", "accepted": False})
        spans = check_spans(found, text, self.labels, f"{where} (pre-annotations)", overlap=True)
        if self.overlap or all(a["end"] <= b["start"] for a, b in itertools.pairwise(spans)):
            return spans
        kept: list[dict[str, Any]] = []  # by start; none overlap, so ends ascend too
        starts: list[int] = []
        for span in sorted(spans, key=lambda s: (-s.get("score", 0.0), s["start"] - s["end"])):
            i = bisect.bisect_right(starts, span["start"])
            if (i == 0 or kept[i - 1]["end"] <= span["start"]) and (
                i == len(kept) or span["end"] <= kept[i]["start"]
            ):
                starts.insert(i, span["start"])
                kept.insert(i, span)
        return kept

    def actions(self) -> list[Action]:
        # Span labels then document labels, as in the ``labels`` trait: a key tags, never saves.
        every, keys = [*self.labels, *self.doc_labels], [*self.keys, *self.doc_keys]
        return [*label_actions(every, keys, saves=""), *SPAN_ACTIONS]


class SpanLabeler(_BaseLabeler):
    """Label spans of a DataFrame's text column, with the mouse or the keyboard alone.

    Parameters
    ----------
    df : DataFrame
        The texts; its index values are the item ids the store records.
    column : str
        The column holding the texts (str).
    labels : list of str
        Span labels; keys 1-9 tag the selection unless ``keys`` says otherwise.
    store : LabelStore or path, optional
        Where values are written; an in-memory store when omitted.
    keys : list of str, optional
        One single-character key per span label.
    tokenizer : "words", "char" or callable, optional
        What selections snap to: words and punctuation (default), single characters (for
        languages without spaces), or a callable such as a spaCy tokenizer.
    overlap : bool
        Allow overlapping and nested spans (otherwise an overlap is refused with a hint).
    doc_labels : list of str, optional
        Labels for the whole text, toggled by their keys beside the spans.
    doc_keys : list of str, optional
        Their keys; by default the digits after the span labels' keys.
    preannotate : callable, optional
        ``preannotate(text)`` gives spans ``(start, end, label[, score])`` (a regex, a
        dictionary, a model) shown dashed until accepted or rejected.
    instructions : str, optional
        Guidance shown above the text, as plain text.
    task : str, optional
        The store's task name these values belong to.
    """

    overlap = t.Bool(False, read_only=True).tag(sync=True)
    """Whether spans may overlap and nest."""
    doc_labels = t.List(t.Unicode(), read_only=True).tag(sync=True)
    """Whole-document labels (the last entries of ``labels``)."""

    def __init__(
        self,
        df: pd.DataFrame,
        column: str,
        *,
        labels: Sequence[str],
        store: LabelStore | str | os.PathLike[str] | None = None,
        keys: Sequence[str] | None = None,
        tokenizer: Tokenizer = None,
        overlap: bool = False,
        doc_labels: Sequence[str] | None = None,
        doc_keys: Sequence[str] | None = None,
        preannotate: Preannotator | None = None,
        instructions: str | None = None,
        task: str | None = None,
    ) -> None:
        # A name is a span label or a document label, never both.
        labels, keys, docs, doc_keys = two_label_sets(labels, keys, doc_labels, doc_keys)
        every = [*labels, *docs]
        if tokenizer is not None and not callable(tokenizer) and tokenizer not in ("words", "char"):
            raise ValueError(f'tokenizer must be "words", "char" or a callable, not {tokenizer!r}')
        if preannotate is not None and not callable(preannotate):
            raise TypeError(f"preannotate must be a function of the text, not {preannotate!r}")
        source = ItemSource(df, column)
        TextEncoder().validate(source)
        spec = Spans(
            source,
            labels,
            keys,
            doc_labels=docs,
            doc_keys=doc_keys,
            tokenizer=tokenizer,
            overlap=overlap,
            preannotate=preannotate,
        )
        self.set_trait("overlap", bool(overlap))
        self.set_trait("doc_labels", docs)
        super().__init__(spec, every, store=store, task_name=task, instructions=instructions)
        self._spans = spec

    def records(self, *, tokens: bool = True) -> list[dict[str, Any]]:
        """Every item with a value, in DataFrame order: ``{id, text, spans, labels[, tokens]}``.

        What ``nblabel.io.spans`` writes; ``tokens`` are the offsets selections snapped to.
        """
        out = []
        for row, item_id in enumerate(self._spans.ids):
            value = self.current(item_id)
            if value is None:
                continue
            record = {"id": item_id, "text": self._spans.text(row), **value}
            if tokens:
                record["tokens"] = self._spans.tokens(row)
            out.append(record)
        return out

    def export(self, path: str | os.PathLike[str], format: str | None = None) -> Path:
        """Write the spans to ``path``: "spacy" (.jsonl), "label-studio" (.json), "iob2" or
        "bilou" (CoNLL, with the tokenization used); ``format`` defaults from the suffix."""
        from nblabel.io import spans as io_spans

        return io_spans.write(self.records(), path, format=format)

    def import_spans(
        self,
        source: str | os.PathLike[str] | Iterable[dict[str, Any]],
        format: str | None = None,
        *,
        annotator: str | None = None,
    ) -> int:
        """Load spans from a file (or records) into the store, as ``source="import"`` events.

        Every record is checked first (its item must exist here and its text match); one bad
        span raises a ValueError naming its item and the span, and nothing is loaded.
        Returns how many items were loaded.
        """
        from nblabel.io import spans as io_spans

        records: list[dict[str, Any]]
        if isinstance(source, (str, os.PathLike)):
            records = io_spans.read(source, format=format)
        else:
            records = list(source)
        values: dict[Any, Any] = {}
        for record in records:
            item_id = record.get("id")
            if not self._has(item_id):
                raise ValueError(f"item {item_id!r} in the import is not among these items")
            text = self._spans.text(self._spans.row_of(item_id))
            if record.get("text", text) != text:
                raise ValueError(f"item {item_id!r}: the import's text differs from this item's")
            value = {"spans": record.get("spans", []), "labels": record.get("labels", [])}
            values[item_id] = self._spans.check(value, item_id)
        events = [
            LabelEvent(self.task, i, v, annotator=annotator, source="import")
            for i, v in values.items()
        ]
        self.store.append(events)
        self._update(values)
        return len(values)
