"""Checks a labeling widget runs at its door: each argument refused with a message naming it.

Small and pure, so that every widget constructor can call them before anything renders and
tests can call them without a comm.
"""

from __future__ import annotations

import os
from typing import Any

from nblabel.store import LabelStore


def _given(value: Any) -> str:
    text = repr(value)
    text = text if len(text) <= 60 else text[:57] + "..."
    return f"{text} ({type(value).__name__})"


def open_store(store: Any) -> LabelStore:
    """The store to write to: ``None`` (a new in-memory store), a ``LabelStore``, or a path.

    A path (str or ``os.PathLike``) is what users type, so it is opened here; the store's
    own checks (another program's file, a damaged store) raise ``StoreError``.

    Raises
    ------
    TypeError
        Anything else, naming the ``store`` argument and what was given.
    """
    if store is None:
        return LabelStore()
    if isinstance(store, LabelStore):
        return store
    if isinstance(store, (str, os.PathLike)) and not isinstance(store, bytes):
        path = os.fspath(store)
        if isinstance(path, str) and path.strip():
            return LabelStore(path)
        raise TypeError(f"store: a path must be a non-empty str, got {_given(store)}")
    raise TypeError(
        f"store must be a LabelStore, a file path (str or pathlib.Path) or None, "
        f"got {_given(store)}"
    )


def check_instructions(value: Any) -> str:
    """Instructions shown above the items: ``None`` means none.

    Raises
    ------
    TypeError
        ``value`` is neither None nor a str.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return str(value)
    raise TypeError(f"instructions must be a str or None, got {_given(value)}")
