"""SQLite backend: one append-only ``events`` table, WAL journal, durable commits."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ._errors import StoreError, reporting_damage
from ._schema import SCHEMA_VERSION, Found, create, inspect, migrate, probe

BUSY_TIMEOUT_S = 30.0

INSERT_SQL = (
    "INSERT INTO events (task, item_id, value, annotator, created_at, seconds, source, meta)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)

# A skip event (meta {"skip": true}) is history, never an item's value. The cheap LIKE runs
# first; json_extract confirms (a nested "skip" key does not count).
IS_SKIP = (
    "(e.meta IS NOT NULL AND e.meta LIKE '%\"skip\":true%' AND json_extract(e.meta, '$.skip') IS 1)"
)
# Newest event per item: a covering scan of the (task, item_id, event_id) index finds each
# item's MAX(event_id); the join then fetches only those rows by primary key. No ORDER BY:
# sorting in SQLite doubled the cost, callers that need an order sort the result. Items whose
# newest event is a skip are flagged (last column) and looked up again without their skips.
_NEWEST = (
    f", {IS_SKIP} FROM events AS e JOIN (SELECT MAX(event_id) AS newest FROM events WHERE task = ?"
    f" GROUP BY item_id) AS m ON e.event_id = m.newest WHERE e.value IS NOT NULL OR {IS_SKIP}"
)
LATEST_COLUMNS = "e.item_id, e.value, e.annotator, e.source, e.created_at, e.seconds, e.event_id"
CURRENT_COLUMNS = "e.item_id, e.value"
#: Item ids per fallback query (SQLite's default limit on bound parameters is 999 or more).
_CHUNK = 500
HISTORY_COLUMNS = (
    "event_id",
    "task",
    "item_id",
    "value",
    "annotator",
    "source",
    "created_at",
    "seconds",
    "meta",
)


class SQLiteBackend:
    """Owns the single connection; a lock serialises it because a widget thread may read."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        target = ":memory:" if path is None else str(path)
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        # Before any connection that could write: refuse files that are not ours unchanged.
        found = Found("new") if path is None else probe(path, BUSY_TIMEOUT_S)
        try:
            self._conn = sqlite3.connect(
                target, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
            with reporting_damage(path):
                if found.state == "store":  # ours: look again through the WAL, two pragmas
                    found = inspect(self._conn, path)
                self._configure()
                if found.state == "new" or found.version != SCHEMA_VERSION:
                    self._ensure_schema()
        except StoreError:
            self.close()
            raise
        except sqlite3.DatabaseError as exc:  # e.g. a missing folder
            self.close()
            raise type(exc)(f"cannot open label store {target!r}: {exc}") from exc
        except BaseException:
            self.close()
            raise

    def _configure(self) -> None:
        conn = self.connection()
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        if self.path is None:
            return
        self._enable_wal(conn)
        # FULL: the WAL is fsynced at every commit, so a returned write survives power loss.
        conn.execute("PRAGMA synchronous = FULL")

    def _enable_wal(self, conn: sqlite3.Connection) -> None:
        """Switch to WAL once per file (the mode persists), retrying while another opener holds
        the lock: SQLite reports "database is locked" here without waiting for busy_timeout,
        which two processes creating the same new file would hit.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        delay = 0.001
        while True:
            try:
                mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
                if str(mode).lower() != "wal":
                    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                break
            except sqlite3.OperationalError as exc:
                transient = "locked" in str(exc) or "busy" in str(exc)
                if not transient or time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.05)
        if str(mode).lower() != "wal":
            raise RuntimeError(
                f"{self.path}: SQLite refused WAL mode (got {mode!r}); "
                "is the file on a network filesystem?"
            )

    def _ensure_schema(self) -> None:
        """Create or migrate under the write lock, looking again: another process may have
        created the store since the probe.
        """
        with self.write_transaction() as conn:
            found = inspect(conn, self.path)
            if found.state == "new":
                create(conn)
            elif found.version < SCHEMA_VERSION:
                migrate(conn, found.version)

    def _name(self) -> str:
        return ":memory:" if self.path is None else str(self.path)

    def connection(self) -> sqlite3.Connection:
        """The open connection; a clear error rather than sqlite's after ``close()``."""
        if self._conn is None:
            raise RuntimeError(f"LabelStore {self._name()} is closed")
        return self._conn

    @contextmanager
    def write_transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` takes the write lock up front, so reads inside see final state."""
        with self._lock, reporting_damage(self.path):
            conn = self.connection()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def insert(self, rows: Sequence[tuple[Any, ...]]) -> list[int]:
        """Insert rows in one transaction and return their event ids."""
        if not rows:
            return []
        with self.write_transaction() as conn:
            return insert_rows(conn, rows)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock, reporting_damage(self.path):
            return self.connection().execute(sql, params).fetchall()

    def newest(self, columns: str, task: str) -> tuple[list[tuple[Any, ...]], list[Any]]:
        """``columns`` (starting ``e.item_id, e.value``) of each item's newest non-skip event
        with a value, and the items whose newest event is a skip and that have no value.

        One read snapshot, so a concurrent writer cannot split the two steps; the second runs
        only for items whose newest event is a skip.
        """
        with self._lock, reporting_damage(self.path):
            conn = self.connection()
            conn.execute("BEGIN")
            try:
                rows = conn.execute(f"SELECT {columns}{_NEWEST}", (task,)).fetchall()
                kept = [row[:-1] for row in rows if not row[-1]]
                flagged = [row[0] for row in rows if row[-1]]
                valued: set[Any] = set()
                for k in range(0, len(flagged), _CHUNK):
                    found = _newest_without_skips(conn, columns, task, flagged[k : k + _CHUNK])
                    kept.extend(found)
                    valued.update(row[0] for row in found)
            finally:
                conn.execute("COMMIT")
        return kept, [item_id for item_id in flagged if item_id not in valued]

    def count(self) -> int:
        return int(self.query("SELECT COUNT(*) FROM events")[0][0])

    def tasks(self) -> list[str]:
        """Distinct tasks by hopping along the index: O(tasks * log n), not a full scan."""
        found: list[str] = []
        with self._lock, reporting_damage(self.path):
            conn = self.connection()
            row = conn.execute("SELECT MIN(task) FROM events").fetchone()
            while row is not None and row[0] is not None:
                found.append(row[0])
                row = conn.execute(
                    "SELECT MIN(task) FROM events WHERE task > ?", (row[0],)
                ).fetchone()
        return found

    def history(
        self, task: str | None, item_id: Any = None, *, with_item: bool = False
    ) -> list[tuple[Any, ...]]:
        clauses, params = [], []
        if task is not None:
            clauses.append("task = ?")
            params.append(task)
        if with_item:
            clauses.append("item_id = ?")
            params.append(item_id)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = f"SELECT {', '.join(HISTORY_COLUMNS)} FROM events{where} ORDER BY event_id"
        return self.query(sql, params)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    @property
    def closed(self) -> bool:
        return self._conn is None


def insert_rows(conn: sqlite3.Connection, rows: Sequence[tuple[Any, ...]]) -> list[int]:
    """Insert inside an open write transaction.

    AUTOINCREMENT under the exclusive write lock hands out consecutive ids, so the batch's
    ids end at ``last_insert_rowid()``.
    """
    conn.executemany(INSERT_SQL, rows)
    last = int(conn.execute("SELECT last_insert_rowid()").fetchone()[0])
    return list(range(last - len(rows) + 1, last + 1))


def item_events(conn: sqlite3.Connection, task: str, item_id: Any) -> list[tuple[Any, ...]]:
    """The item's events in the task, oldest first, as (event_id, value_json, meta_json, source)."""
    return conn.execute(
        "SELECT event_id, value, meta, source FROM events WHERE task = ? AND item_id = ? "
        "ORDER BY event_id",
        (task, item_id),
    ).fetchall()


def _newest_without_skips(
    conn: sqlite3.Connection, columns: str, task: str, item_ids: Sequence[Any]
) -> list[tuple[Any, ...]]:
    """The newest non-skip event with a value of each of ``item_ids`` (rare: skipped items)."""
    marks = ",".join("?" * len(item_ids))
    sql = (
        f"SELECT {columns} FROM events AS e JOIN (SELECT MAX(e.event_id) AS newest FROM events"
        f" AS e WHERE e.task = ? AND e.item_id IN ({marks}) AND NOT {IS_SKIP}"
        " GROUP BY e.item_id) AS m ON e.event_id = m.newest WHERE e.value IS NOT NULL"
    )
    return conn.execute(sql, (task, *item_ids)).fetchall()
