"""A digits labeler wired to a fake browser, with features and an oracle."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from nblabel import Labeler, LabelStore
from nblabel.datasets import load_digits_frame


class Browser:
    """Speaks the wire protocol to a labeler like the frontend does, recording replies."""

    def __init__(self, labeler: Labeler) -> None:
        self.labeler = labeler
        self.sent: list[dict[str, Any]] = []
        labeler.send = lambda content, buffers=None: self.sent.append(content)
        self.seq = 0

    def msg(self, **content: Any) -> dict[str, Any]:
        self.labeler._on_message(self.labeler, content, [])
        return self.sent[-1]

    def item(self, pos: int) -> dict[str, Any]:
        return self.msg(kind="need", start=pos, count=1)["items"][0]

    def label(self, pos: int, value: Any, **extra: Any) -> dict[str, Any]:
        self.seq += 1
        item = self.item(pos)
        if "suggestion" in item:  # the frontend echoes the suggestion it showed
            extra = {"suggestion": item["suggestion"], **extra}
        return self.msg(kind="label", seq=self.seq, pos=pos, id=item["id"], value=value, **extra)

    def kinds(self) -> list[str]:
        return [m["kind"] for m in self.sent]


@pytest.fixture
def digits_task(tmp_path):
    frame = load_digits_frame().iloc[:400]
    X = np.stack(frame["image"].to_numpy()).reshape(len(frame), -1) / 255.0
    truth = frame["target"].astype(str)
    store = LabelStore(tmp_path / "al.db")
    labeler = Labeler(
        frame, "image", labels=[str(d) for d in range(10)], keys=list("0123456789"), store=store
    )
    return labeler, X, truth, store


@pytest.fixture
def connect():
    """Connect a fake browser to a labeler: ``browser = connect(labeler)``."""
    return Browser
