"""Which files are nblabel stores: a read-only look before any write, the schema, migrations.

A store is marked by SQLite's ``PRAGMA application_id`` (``APPLICATION_ID``) and carries its
schema version in ``PRAGMA user_version``. ``probe`` decides what a path holds without
changing a byte of it; only a missing or empty file, or one of nblabel's own, is ever opened
for writing.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ._errors import StoreError, damaged, is_corruption

APPLICATION_ID = 0x6E624C62  # "nbLb": marks a SQLite file as an nblabel label store
SCHEMA_VERSION = 2
"""Version 1: stores made before the application id was set; version 2 adds it."""

SQLITE_MAGIC = b"SQLite format 3\x00"

# item_id is declared without a type: no affinity, so 1 and "1" stay distinct items.
_CREATE = (
    """CREATE TABLE IF NOT EXISTS events (
    event_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    task       TEXT NOT NULL,
    item_id    NOT NULL,
    value      TEXT,
    annotator  TEXT,
    created_at REAL,
    seconds    REAL,
    source     TEXT NOT NULL,
    meta       TEXT
)""",
    "CREATE INDEX IF NOT EXISTS events_task_item ON events (task, item_id, event_id)",
    "CREATE TABLE IF NOT EXISTS meta_info (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)
_LEGACY_TABLES = {"events", "meta_info"}


def _stamp(conn: sqlite3.Connection, version: int) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO meta_info (key, value) VALUES ('schema_version', ?)",
        (str(version),),
    )
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {version}")


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    """Version 1 had the same tables but no application id: only the marks change."""


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _v1_to_v2}
"""Step from version ``v`` to ``v + 1``, run inside the write transaction that opens the file."""


@dataclass(frozen=True)
class Found:
    """What ``probe`` found: a ``new`` store to create, or one at ``version`` to use or migrate."""

    state: Literal["new", "store"]
    version: int = 0


def create(conn: sqlite3.Connection) -> None:
    """Create the schema in an open write transaction on an empty database."""
    for statement in _CREATE:
        conn.execute(statement)
    _stamp(conn, SCHEMA_VERSION)


def migrate(conn: sqlite3.Connection, version: int) -> None:
    """Bring a store at ``version`` to ``SCHEMA_VERSION``, one step at a time, in a transaction."""
    while version < SCHEMA_VERSION:
        MIGRATIONS[version](conn)
        version += 1
        _stamp(conn, version)


def inspect(conn: sqlite3.Connection, path: Path | None) -> Found:
    """Classify the database behind ``conn`` by reading only its header and schema table.

    Raises
    ------
    StoreError
        Another program's database, or a store from a newer nblabel; the message says which.
    """
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    where = ":memory:" if path is None else str(path)
    if app_id == APPLICATION_ID:
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{where!r}: label store schema version {version} is newer than this nblabel "
                f"understands ({SCHEMA_VERSION}); upgrade nblabel to open it"
            )
        if version in MIGRATIONS or version == SCHEMA_VERSION:
            return Found("store", version)
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    if app_id == 0 and version == 0 and not names:
        return Found("new")
    if app_id == 0 and version == 1 and _LEGACY_TABLES <= set(names) and _legacy_stamp(conn):
        return Found("store", 1)
    shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
    raise StoreError(
        f"{where!r} is a SQLite database but not an nblabel label store (application_id "
        f"{app_id:#x}, user_version {version}, tables/indexes: {shown or 'none'}); nblabel "
        "left it unchanged. Give LabelStore a new file name, e.g. 'labels.db'."
    )


def _legacy_stamp(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT value FROM meta_info WHERE key = 'schema_version'").fetchone()
    return row is not None and row[0] == "1"


def probe(path: Path, timeout: float) -> Found:
    """Decide what ``path`` holds without writing to it.

    The common case, an nblabel store at the current version, costs one 100-byte read (the
    caller confirms the version on its own connection, which sees a pending WAL). Anything
    else is examined through a read-only connection.

    Raises
    ------
    StoreError
        The file is not a SQLite database, another program's database, or a newer store.
    StoreCorruptError
        A store whose file is shorter than its header says (truncated) or unreadable.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return Found("new")
    if path.is_dir():
        raise StoreError(f"{str(path)!r} is a folder; give a file path, e.g. 'labels.db' in it")
    if size == 0:
        return Found("new")
    with open(path, "rb") as f:
        header = f.read(100)
    if not header.startswith(SQLITE_MAGIC):
        raise StoreError(
            f"{str(path)!r} is not a SQLite database (it starts with {header[:16]!r}), so not "
            "an nblabel label store; nblabel left it unchanged. Give LabelStore a new file "
            "name, e.g. 'labels.db'."
        )
    if len(header) < 100:
        raise damaged(path, f"the file is {size} bytes, shorter than a SQLite header")
    app_id, version = struct.unpack(">I", header[68:72])[0], struct.unpack(">I", header[60:64])[0]
    if app_id == APPLICATION_ID and version == SCHEMA_VERSION:
        found = Found("store", SCHEMA_VERSION)
    else:
        found = _probe_read_only(path, timeout)
    if found.state == "store":
        check_size(path, header, size)
    return found


def _wal_pending(path: Path) -> bool:
    wal = Path(f"{path}-wal")
    return wal.exists() and wal.stat().st_size > 0


def _probe_read_only(path: Path, timeout: float) -> Found:
    # Without a pending WAL the file holds everything: immutable=1 reads it without locks and
    # without creating -wal/-shm files beside another program's database.
    query = "?mode=ro" if _wal_pending(path) else "?mode=ro&immutable=1"
    uri = path.resolve().as_uri() + query
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=timeout)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open label store {str(path)!r} to read it: {exc}") from exc
    try:
        return inspect(conn, path)
    except sqlite3.DatabaseError as exc:
        if is_corruption(exc):
            raise damaged(path, str(exc)) from exc
        raise StoreError(f"cannot read label store {str(path)!r}: {exc}") from exc
    finally:
        conn.close()


def check_size(path: Path, header: bytes, size: int) -> None:
    """Catch a truncated file at open from its size alone (no page is read).

    A SQLite file is whole pages. When no WAL is pending, the header's page count (valid
    when its change counter matches the version-valid-for field) says how long it must be.
    """
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or size % page_size:
        raise damaged(
            path,
            f"the file is {size} bytes, not a whole number of {page_size}-byte pages "
            "(it was probably truncated)",
        )
    if _wal_pending(path):
        return  # commits may live in the WAL; the header's page count can be stale
    pages, counter, valid_for = struct.unpack(">I", header[28:32])[0], header[24:28], header[92:96]
    if pages and counter == valid_for and size < pages * page_size:
        raise damaged(
            path,
            f"the file is {size} bytes but its header says {pages} pages of {page_size} bytes "
            f"({pages * page_size} bytes); it was probably truncated",
        )
