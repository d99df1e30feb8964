"""Drive a widget's message handler directly, recording what it sends back."""

from __future__ import annotations

from typing import Any

import pytest


class Wire:
    """Fake browser end: calls the widget's handler and keeps the replies."""

    def __init__(self, widget: Any) -> None:
        self.widget = widget
        self.sent: list[tuple[dict[str, Any], list[bytes]]] = []
        widget.send = lambda content, buffers=None: self.sent.append((content, buffers or []))

    def __call__(self, **content: Any) -> dict[str, Any]:
        self.widget._on_message(self.widget, content, [])
        return self.sent[-1][0]

    @property
    def last_buffers(self) -> list[bytes]:
        return self.sent[-1][1]


@pytest.fixture
def wire():
    return Wire
