"""Read what can still be read from a damaged store: the append-only history, row by row."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import struct
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from ._errors import damaged
from ._events import LabelEvent
from ._frames import history_frame
from ._sqlite import HISTORY_COLUMNS

_SELECT = f"SELECT {', '.join(HISTORY_COLUMNS)} FROM events WHERE event_id > ? ORDER BY event_id"
_BATCH = 256


def salvage(
    path: str | os.PathLike[str], *, into: str | os.PathLike[str] | None = None
) -> pd.DataFrame:
    """Every event that can still be read from a store, damaged or not, oldest first.

    Events are read in order from a temporary copy (the file is not changed), cut to whole
    pages so that SQLite will read a truncated file. Rows on damaged pages, or whose text is
    not valid UTF-8 / JSON, are skipped; reading goes on past them, so the history up to the
    damage, and usually most after it, comes back.

    Parameters
    ----------
    path : str or Path
        The damaged store.
    into : str or Path, optional
        A new store file to write the salvaged events to (same tasks, annotators, times,
        meta; new event ids in the same order). It must not exist yet or be empty.

    Returns
    -------
    DataFrame
        Shaped like ``LabelStore.history(task="*")``. ``frame.attrs["skipped"]`` lists the
        ``(first, last)`` event id ranges that could not be read (``last`` is None when the
        end of the damage is unknown).

    Raises
    ------
    StoreCorruptError
        Not even the table of events can be read.
    FileExistsError
        ``into`` already holds data.
    """
    source = Path(path)
    if not source.is_file():
        raise FileNotFoundError(f"no label store at {str(source)!r}")
    target = None if into is None else Path(into)
    if target is not None and target.exists() and target.stat().st_size > 0:
        raise FileExistsError(f"salvage(into={str(target)!r}): the file exists; name a new file")
    with tempfile.TemporaryDirectory(prefix="nblabel-salvage-") as tmp:
        rows, skipped = _read_rows(_readable_copy(source, Path(tmp)), source)
    frame = history_frame(rows)
    frame.attrs["skipped"] = skipped
    if target is not None:
        _write_into(target, rows)
    return frame


def _readable_copy(source: Path, directory: Path) -> Path:
    """Copy the store (and a pending WAL), cut to whole pages, with the header's page count
    set to the pages that are there: SQLite refuses a file shorter than its header says.
    """
    copy = directory / source.name
    shutil.copyfile(source, copy)
    wal = Path(f"{source}-wal")
    if wal.exists():
        shutil.copyfile(wal, Path(f"{copy}-wal"))
    with open(copy, "r+b") as f:
        header = f.read(100)
        if len(header) < 100:
            return copy
        page_size = struct.unpack(">H", header[16:18])[0]
        page_size = 65536 if page_size == 1 else page_size
        if page_size < 512 or page_size & (page_size - 1):
            return copy  # not a page size: leave it to SQLite to refuse
        pages = copy.stat().st_size // page_size
        f.truncate(pages * page_size)
        f.seek(28)
        f.write(struct.pack(">I", pages))
    return copy


def _read_rows(
    path: Path, name: Path
) -> tuple[list[tuple[Any, ...]], list[tuple[int, int | None]]]:
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    conn.text_factory = bytes  # decode per row, so one bad string skips one row only
    rows: list[tuple[Any, ...]] = []
    skipped: list[tuple[int, int | None]] = []
    try:
        try:
            conn.execute("SELECT 1 FROM events LIMIT 0").fetchall()
        except sqlite3.DatabaseError as exc:
            raise damaged(name, f"not even the events table can be read ({exc})") from exc
        top = _newest_id(conn)
        after = 0
        while True:
            try:
                batch = _fetch(conn, after, _BATCH)
            except sqlite3.DatabaseError:
                try:
                    batch = _fetch(conn, after, 1)
                except sqlite3.DatabaseError:
                    resume = _next_readable(conn, after, top)
                    if resume is None:
                        skipped.append((after + 1, top))
                        break
                    skipped.append((after + 1, resume - 1))
                    after = resume - 1
                    continue
            if not batch:
                break
            for raw in batch:
                row = _decode(raw)
                if row is None:
                    skipped.append((raw[0], raw[0]))
                else:
                    rows.append(row)
            after = int(batch[-1][0])
    finally:
        conn.close()
    return rows, skipped


def _newest_id(conn: sqlite3.Connection) -> int | None:
    """The last event id, from the table or else from SQLite's AUTOINCREMENT counter."""
    for sql in (
        "SELECT MAX(event_id) FROM events",
        "SELECT seq FROM sqlite_sequence WHERE name = 'events'",
    ):
        try:
            row = conn.execute(sql).fetchone()
        except sqlite3.DatabaseError:
            continue
        if row is not None and row[0] is not None:
            return int(row[0])
    return None


def _fetch(conn: sqlite3.Connection, after: int, limit: int) -> list[tuple[Any, ...]]:
    return conn.execute(f"{_SELECT} LIMIT {limit}", (after,)).fetchall()


def _next_readable(conn: sqlite3.Connection, after: int, top: int | None) -> int | None:
    """The smallest id past a damaged stretch from which reading works again.

    Doubling steps find a readable point; a binary search then moves back towards the
    damage so that few readable rows are skipped.
    """
    limit = (top if top is not None else 2**62) + 1

    def readable(start: int) -> bool:
        try:
            _fetch(conn, start - 1, 1)
            return True
        except sqlite3.DatabaseError:
            return False

    step, high = 1, None
    while after + step <= limit:
        if readable(after + step):
            high = after + step
            break
        step *= 2
    if high is None:
        return None
    low = after + step // 2 + 1 if step > 1 else high  # readable(low - 1) failed
    while low < high:
        mid = (low + high) // 2
        if readable(mid):
            high = mid
        else:
            low = mid + 1
    return high


def _decode(raw: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """A row with text decoded and JSON checked, or None when any of it is damaged."""
    try:
        out = [v.decode("utf-8") if isinstance(v, bytes) else v for v in raw]
        for k in (3, 8):  # value, meta
            if out[k] is not None:
                json.loads(out[k])
    except (UnicodeDecodeError, ValueError):
        return None
    return tuple(out)


def _write_into(target: Path, rows: list[tuple[Any, ...]]) -> None:
    from . import LabelStore

    events = []
    for _id, task, item_id, value, annotator, source, created, seconds, meta in rows:
        try:
            events.append(
                LabelEvent(
                    task,
                    item_id,
                    None if value is None else json.loads(value),
                    annotator=annotator,
                    source=source,
                    seconds=seconds,
                    created_at=created,
                    meta=None if meta is None else json.loads(meta),
                )
            )
        except (TypeError, ValueError):
            continue  # a row the store would refuse today is kept in the returned frame only
    with LabelStore(target) as store:
        store.append(events)
