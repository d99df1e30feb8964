"""Files the store did not make are refused unchanged; its own old files open and migrate."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from nblabel.store import LabelStore, StoreError

APPLICATION_ID = 0x6E624C62

# The schema nblabel wrote before stores carried an application id (schema version 1).
V1_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    event_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    task       TEXT NOT NULL,
    item_id    NOT NULL,
    value      TEXT,
    annotator  TEXT,
    created_at REAL,
    seconds    REAL,
    source     TEXT NOT NULL,
    meta       TEXT
);
CREATE INDEX IF NOT EXISTS events_task_item ON events (task, item_id, event_id);
CREATE TABLE IF NOT EXISTS meta_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR REPLACE INTO meta_info (key, value) VALUES ('schema_version', '1');
PRAGMA user_version = 1;
"""


def snapshot(directory: Path) -> dict[str, str]:
    """Every file in the folder with the hash of its bytes."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.iterdir())
        if p.is_file()
    }


def make_db(path: Path, *statements: str, wal: bool = False) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    for statement in statements:
        conn.execute(statement)
    conn.close()


FOREIGN = {
    "users": (
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)",
        "INSERT INTO users VALUES (1, 'ann')",
    ),
    "events": ("CREATE TABLE events (x)", "INSERT INTO events VALUES (1)"),
    "user_version_1": ("CREATE TABLE things (x)", "PRAGMA user_version = 1"),
    "v1_lookalike": (
        "CREATE TABLE events (x)",
        "CREATE TABLE meta_info (key, value)",
        "PRAGMA user_version = 1",
    ),
    "other_app_id": ("PRAGMA application_id = 42",),
}


@pytest.mark.parametrize("wal", [False, True], ids=["rollback", "wal"])
@pytest.mark.parametrize("kind", sorted(FOREIGN))
def test_foreign_sqlite_files_are_refused_and_left_unchanged(tmp_path, kind, wal):
    path = tmp_path / "app.db"
    make_db(path, *FOREIGN[kind], wal=wal)
    before = snapshot(tmp_path)
    with pytest.raises(StoreError, match=r"app\.db.*not an nblabel label store.*unchanged"):
        LabelStore(path)
    assert snapshot(tmp_path) == before


def test_the_refusal_says_what_it_found(tmp_path):
    path = tmp_path / "app.db"
    make_db(path, *FOREIGN["users"])
    with pytest.raises(StoreError, match=r"application_id 0x0, user_version 0, .*users"):
        LabelStore(path)


@pytest.mark.parametrize(
    "content",
    [b"name,label\nx,cat\n", b"\x00" * 4096, b"SQLite format 2\x00" + b"\x00" * 200, b"{}"],
    ids=["csv", "zeros", "near-magic", "short"],
)
def test_non_sqlite_files_are_refused_and_left_unchanged(tmp_path, content):
    path = tmp_path / "labels.db"
    path.write_bytes(content)
    before = snapshot(tmp_path)
    with pytest.raises(StoreError, match=r"labels\.db.*not a SQLite database.*unchanged"):
        LabelStore(path)
    assert snapshot(tmp_path) == before


def test_missing_empty_and_blank_sqlite_files_become_stores(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    blank = tmp_path / "blank.db"
    make_db(blank, "PRAGMA user_version = 0")  # a SQLite file with no tables
    for path in (tmp_path / "missing.db", empty, blank):
        with LabelStore(path) as store:
            store.write(1, "cat")
        with LabelStore(path) as store:
            assert store.current() == {1: "cat"}
        with sqlite3.connect(path) as raw:
            assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_version_1_store_opens_and_is_migrated(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.executescript(V1_SCHEMA)
    conn.execute(
        "INSERT INTO events (task, item_id, value, annotator, created_at, seconds, source, meta)"
        " VALUES ('default', 7, '\"cat\"', 'ann', 1.0, 2.0, 'human', NULL)"
    )
    conn.close()
    with LabelStore(path) as store:
        assert store.current() == {7: "cat"}
        store.write(8, ["a", "b"])
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 2
        stamp = raw.execute("SELECT value FROM meta_info WHERE key = 'schema_version'")
        assert stamp.fetchone()[0] == "2"
    with LabelStore(path) as store:
        assert store.current() == {7: "cat", 8: ["a", "b"]}


def test_newer_store_is_refused_unchanged(tmp_path):
    path = tmp_path / "new.db"
    LabelStore(path).close()
    make_db(path, "PRAGMA user_version = 3")
    before = snapshot(tmp_path)
    with pytest.raises(StoreError, match=r"new\.db.*version 3 is newer.*upgrade nblabel"):
        LabelStore(path)
    assert snapshot(tmp_path) == before


def test_newer_store_is_refused_while_another_process_has_it_open(tmp_path):
    path = tmp_path / "busy.db"
    LabelStore(path).close()
    other = sqlite3.connect(path, isolation_level=None)  # keeps the change in its WAL
    other.execute("PRAGMA user_version = 3")
    try:
        with pytest.raises(StoreError, match="upgrade nblabel"):
            LabelStore(path)
    finally:
        other.close()


def test_store_error_is_exported_from_the_package():
    import nblabel

    assert nblabel.StoreError is StoreError
    assert issubclass(nblabel.StoreCorruptError, StoreError)


def test_a_folder_is_refused(tmp_path):
    (tmp_path / "labels.db").mkdir()
    (tmp_path / "labels.db" / "x").write_text("x")
    with pytest.raises(StoreError, match=r"labels\.db' is a folder"):
        LabelStore(tmp_path / "labels.db")
