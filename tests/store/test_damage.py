"""A damaged store raises StoreCorruptError naming the file, and salvage() reads past it."""

from __future__ import annotations

import shutil
import sqlite3
import struct
from pathlib import Path

import pytest

from nblabel.store import LabelEvent, LabelStore, StoreCorruptError, StoreError, salvage

EVENTS = 3000


@pytest.fixture(scope="module")
def healthy(tmp_path_factory) -> Path:
    """A closed store of 3,000 events over many pages (no WAL left behind)."""
    path = tmp_path_factory.mktemp("healthy") / "labels.db"
    with LabelStore(path, annotator="ann") as store:
        store.append(
            [LabelEvent(None, i, f"label-{i:05d}-" + "x" * 40, seconds=1.0) for i in range(EVENTS)]
        )
    assert not Path(f"{path}-wal").exists()
    return path


@pytest.fixture
def copy(healthy, tmp_path) -> Path:
    target = tmp_path / "labels.db"
    shutil.copyfile(healthy, target)
    return target


def page_size(path: Path) -> int:
    return struct.unpack(">H", path.read_bytes()[16:18])[0]


def read_everything(path: Path) -> None:
    with LabelStore(path) as store:
        store.current()
        store.labels()
        store.history()
        store.tasks()
        len(store)


def assert_damage_reported(path: Path) -> StoreCorruptError:
    with pytest.raises(StoreCorruptError) as info:
        read_everything(path)
    message = str(info.value)
    assert str(path) in message and "damaged" in message and "salvage" in message
    return info.value


@pytest.mark.parametrize("pages_kept", [3, 20])
@pytest.mark.parametrize("offset", [0, 1, 1000], ids=["page-boundary", "1-byte-in", "mid-page"])
def test_truncated_store_is_refused_at_open(copy, pages_kept, offset):
    size = page_size(copy) * pages_kept + offset
    with open(copy, "r+b") as f:
        f.truncate(size)
    with pytest.raises(StoreCorruptError, match=r"labels\.db.*truncated"):
        LabelStore(copy)


def test_truncated_store_with_pending_wal_is_reported_at_first_read(copy):
    with open(copy, "r+b") as f:
        f.truncate(page_size(copy) * 20)
    Path(f"{copy}-wal").write_bytes(b"")  # an empty WAL says nothing about the main file
    assert_damage_reported(copy)


def test_overwritten_pages_are_reported_at_first_read(copy):
    size = copy.stat().st_size
    with open(copy, "r+b") as f:
        f.seek(size // 2)
        f.write(b"\xa5" * (page_size(copy) * 3))
    assert_damage_reported(copy)


def _replace_in_file(path: Path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert data.count(old) == 1 and len(old) == len(new)
    path.write_bytes(data.replace(old, new))


def test_value_that_is_not_json_any_more_is_reported(copy):
    # The case: a control character inside a stored JSON string.
    _replace_in_file(copy, b'"label-01234-', b'"label-\x011234-')
    error = assert_damage_reported(copy)
    assert "JSONDecodeError" in str(error)


def test_text_that_is_not_utf8_any_more_is_reported(copy):
    _replace_in_file(copy, b"label-01235-", b"label-\xff1235-")
    assert_damage_reported(copy)


def test_garbled_header_is_a_store_error(copy):
    data = bytearray(copy.read_bytes())
    data[16:18] = b"\x00\x07"  # a page size SQLite cannot have
    copy.write_bytes(bytes(data))
    with pytest.raises(StoreError, match=r"labels\.db"):
        read_everything(copy)


def test_salvage_reads_the_history_up_to_the_truncation(copy, tmp_path):
    with open(copy, "r+b") as f:
        f.truncate(copy.stat().st_size * 2 // 3 + 123)
    before = copy.read_bytes()
    frame = salvage(copy, into=tmp_path / "recovered.db")
    assert copy.read_bytes() == before  # salvage only reads
    n = len(frame)
    assert EVENTS // 3 < n < EVENTS
    assert frame["event_id"].tolist() == list(range(1, n + 1))  # a prefix, in order
    assert frame["label"].iloc[-1] == f"label-{n - 1:05d}-" + "x" * 40
    assert frame.attrs["skipped"]
    with LabelStore(tmp_path / "recovered.db") as store:
        assert len(store) == n
        assert store.current()[0] == frame["label"].iloc[0]
        assert set(store.history()["annotator"]) == {"ann"}


def test_salvage_reads_past_damage_in_the_middle(copy):
    with LabelStore(copy) as store:
        before = store.history()
    _replace_in_file(copy, b'"label-01234-', b'"label-\x011234-')
    size = copy.stat().st_size
    with open(copy, "r+b") as f:
        f.seek(size // 3 - size // 3 % page_size(copy))  # one whole leaf page
        f.write(b"\x00" * page_size(copy))
    frame = salvage(copy)
    lost = EVENTS - len(frame)
    assert 1 <= lost < 200
    assert frame["event_id"].iloc[-1] == EVENTS  # rows after the damage are back too
    assert 1235 not in set(frame["event_id"])  # the row with the bad JSON is skipped
    kept = before.set_index("event_id").loc[frame["event_id"], "label"].tolist()
    assert frame["label"].tolist() == kept
    assert (1235, 1235) in frame.attrs["skipped"]


def test_salvage_of_a_healthy_store_is_its_history(healthy):
    frame = salvage(healthy)
    with LabelStore(healthy) as store:
        assert frame.equals(store.history(task="*"))
    assert frame.attrs["skipped"] == []


def test_salvage_refuses_to_overwrite(healthy, tmp_path):
    existing = tmp_path / "there.db"
    existing.write_bytes(b"data")
    with pytest.raises(FileExistsError, match=r"there\.db"):
        salvage(healthy, into=existing)


def test_no_raw_sqlite_error_escapes_a_write_to_a_damaged_store(copy):
    size = copy.stat().st_size
    with open(copy, "r+b") as f:  # damage the tail pages, where appends go
        f.seek(size - 2 * page_size(copy))
        f.write(b"\xa5" * 2 * page_size(copy))
    try:
        with LabelStore(copy) as store:
            for i in range(50):
                store.write(EVENTS + i, "new")
    except StoreCorruptError as exc:
        assert str(copy) in str(exc)
    except sqlite3.Error as exc:  # pragma: no cover - the defect this test guards
        pytest.fail(f"raw sqlite3 error: {exc!r}")
