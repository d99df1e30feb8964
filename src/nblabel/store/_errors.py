"""The store's own errors: a file it will not use, and a file it finds damaged."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# SQLite's primary result codes that mean the bytes on disk are not a valid database.
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


class StoreError(RuntimeError):
    """A file nblabel cannot use as a label store.

    Raised for a file another program made (it is left byte-for-byte unchanged), for a
    store written by a newer nblabel, and (as ``StoreCorruptError``) for a damaged store.
    The message names the file and says what to do.
    """


class StoreCorruptError(StoreError):
    """A label store whose file is damaged (truncated, overwritten, bad bytes).

    The append-only history up to the damage can usually still be read with
    ``nblabel.store.salvage(path, into=new_path)``.
    """


def damaged(path: Path | None, detail: str) -> StoreCorruptError:
    """The one error every detected kind of damage becomes, with the way out in it."""
    where = ":memory:" if path is None else str(path)
    hint = (
        ""
        if path is None
        else (
            " Keep a copy of the file; recover the history up to the damage with "
            f"nblabel.store.salvage({where!r}, into='recovered.db') and label on in the new file."
        )
    )
    return StoreCorruptError(f"label store {where!r} is damaged: {detail}.{hint}")


def is_corruption(exc: BaseException) -> bool:
    """Whether an exception from sqlite3 or the JSON decoder means damaged bytes."""
    if isinstance(exc, (json.JSONDecodeError, UnicodeDecodeError)):
        return True
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return True
    text = str(exc).lower()
    # sqlite3 turns text that is not UTF-8 into this OperationalError, code SQLITE_ERROR.
    return "malformed" in text or "could not decode to utf-8" in text


@contextmanager
def reporting_damage(path: Path | None) -> Iterator[None]:
    """Turn decode and corruption errors raised inside into ``StoreCorruptError``."""
    try:
        yield
    except StoreError:
        raise
    except (sqlite3.DatabaseError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        if not is_corruption(exc):
            raise
        raise damaged(path, f"{type(exc).__name__}: {exc}") from exc
