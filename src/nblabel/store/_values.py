"""What a stored value may be: JSON that reads back equal, nested at most ``MAX_DEPTH`` deep.

Labels, meta and text fields are checked here before they are encoded, so that whatever the
store accepts comes back equal (from any process), and everything else is refused with an
error naming the item and the offending part (``value['spans'][3]['start']``).
"""

from __future__ import annotations

import math
import numbers
import reprlib
from typing import Any

import numpy as np

MAX_DEPTH = 32
"""Deepest nesting of lists/dicts in a value or meta. Real labels nest a few levels; the
bound keeps decoding far from Python's recursion limit, even inside a kernel's deep stack."""

INT_MIN, INT_MAX = -(2**63), 2**63 - 1
"""Integers in values are 64-bit: every export format (Parquet, pandas) keeps them exactly."""

_SHORT = reprlib.Repr()
_SHORT.maxstring = 40
_SHORT.maxother = 40


def check_text(text: str, where: str, what: str) -> str:
    """Return ``text`` as a plain str, refusing lone surrogates (they have no UTF-8 form).

    Raises
    ------
    ValueError
        Names ``where`` (the item), ``what`` (the field) and the character's position.
    """
    if text.isascii():
        return str(text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(
            f"{where}: {what} {_SHORT.repr(text)} has a lone surrogate "
            f"{text[exc.start]!r} at character {exc.start}; only valid Unicode text can be "
            "stored (decode the source with errors='replace' to keep it)"
        ) from None
    return str(text)


def _path(parts: tuple[Any, ...] | None) -> str:
    keys: list[str] = []
    while parts is not None:
        parts, key = parts
        keys.append(f"[{key!r}]")
    return "".join(reversed(keys))


def _scalar(value: Any, where: str, what: str, parts: tuple[Any, ...] | None) -> Any:
    """A leaf as a plain Python value, or raise naming where it sits."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, str | bool):
        if isinstance(value, str):
            return check_text(value, where, f"{what}{_path(parts)}")
        return None if value is None else bool(value)
    if isinstance(value, numbers.Integral):
        number = int(value)
        if not INT_MIN <= number <= INT_MAX:
            raise ValueError(
                f"{where}: {what}{_path(parts)} is {number}, outside the 64-bit integer range "
                "that is stored and exported exactly; store it as a str"
            )
        return number
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(
                f"{where}: {what}{_path(parts)} is {value!r}; NaN and infinity are not JSON "
                "(use None for a missing number)"
            )
        return float(value)
    raise TypeError(
        f"{where}: {what}{_path(parts)} is {_SHORT.repr(value)} ({type(value).__name__}), "
        "which is not JSON-serializable; use str, int, float, bool, None, and lists or "
        "dicts with str keys"
    )


def plain_json(value: Any, where: str, what: str = "value") -> Any:
    """A plain copy of ``value`` that JSON round-trips exactly, checked without recursion.

    Tuples and numpy arrays become lists, numpy scalars Python scalars; dict keys must be
    str (JSON would turn ``1`` into ``"1"`` and two keys could merge).

    Raises
    ------
    TypeError
        A part JSON cannot hold (set, bytes, object...).
    ValueError
        A dict key that is not a str, NaN/infinity, an integer beyond 64 bits, a lone
        surrogate, or nesting deeper than ``MAX_DEPTH``.
    """
    if type(value) is str:  # the common label: no walk
        return check_text(value, where, what)
    root: list[Any] = [None]
    # (container to fill, slot, value, path as a (parent, key) chain, depth)
    stack: list[tuple[Any, Any, Any, tuple[Any, ...] | None, int]] = [(root, 0, value, None, 0)]
    while stack:
        parent, slot, item, parts, depth = stack.pop()
        if isinstance(item, np.ndarray):
            item = item.tolist()
        if isinstance(item, dict | list | tuple):
            if depth >= MAX_DEPTH:
                raise ValueError(
                    f"{where}: {what}{_path(parts)} nests deeper than {MAX_DEPTH} levels of "
                    "lists/dicts; flatten it (deep values cannot be read back safely)"
                )
            if isinstance(item, dict):
                out: Any = {}
                for key, child in item.items():
                    if not isinstance(key, str):
                        raise ValueError(
                            f"{where}: {what}{_path(parts)} has the key {key!r} "
                            f"({type(key).__name__}); dict keys must be str, since JSON "
                            "would turn it into a string and it could collide with another key"
                        )
                    key = check_text(key, where, f"{what}{_path(parts)} key")
                    out[key] = None  # keeps the key order; filled below
                    stack.append((out, key, child, (parts, key), depth + 1))
            else:
                out = [None] * len(item)
                stack.extend((out, k, child, (parts, k), depth + 1) for k, child in enumerate(item))
            parent[slot] = out
        else:
            parent[slot] = _scalar(item, where, what, parts)
    return root[0]
