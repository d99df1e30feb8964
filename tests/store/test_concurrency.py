"""Two processes appending to one file at once, and a reader thread beside a writer."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import nblabel.store
from nblabel.store import LabelStore

SRC = str(Path(nblabel.store.__file__).absolute().parents[2])
PER_CHILD = 300

# Waits for "go" on stdin, then opens the (possibly new) file and writes PER_CHILD labels.
WRITER = """
import sys
from nblabel.store import LabelStore

path, who, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
print("ready", flush=True)
sys.stdin.readline()
store = LabelStore(path, annotator=who)
ids = [store.write(f"{who}-{i}", i, seconds=0.01) for i in range(count)]
print(" ".join(map(str, ids)), flush=True)
store.close()
"""


def test_two_processes_append_to_one_file(tmp_path):
    path = tmp_path / "shared.db"  # not created yet: both children race to create it too
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([SRC, os.environ.get("PYTHONPATH", "")])}
    children = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), who, str(PER_CHILD)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for who in ("alice", "bob")
    ]
    try:
        for child in children:  # both interpreters are up before either starts writing
            assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        for child in children:
            assert child.stdin is not None
            child.stdin.write("go\n")
            child.stdin.flush()
        results = [child.communicate(timeout=180) for child in children]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
    for child, (_out, err) in zip(children, results, strict=True):
        assert child.returncode == 0, err
    returned = [[int(x) for x in out.split()] for out, _err in results]
    assert all(len(ids) == PER_CHILD for ids in returned)
    assert all(ids == sorted(ids) for ids in returned)
    with LabelStore(path) as store:
        assert len(store) == 2 * PER_CHILD
        hist = store.history()
        assert hist["event_id"].is_unique
        assert sorted(hist["event_id"]) == sorted(returned[0] + returned[1])
        current = store.current()
        for who in ("alice", "bob"):
            assert all(current[f"{who}-{i}"] == i for i in range(PER_CHILD))
            mine = hist[hist["annotator"] == who]
            assert mine["label"].tolist() == list(range(PER_CHILD))  # each in its own order


def test_reader_thread_beside_writer():
    store = LabelStore()
    errors: list[BaseException] = []
    stop = threading.Event()
    seen: list[int] = []

    def reader() -> None:
        try:
            while not stop.is_set():
                snapshot = store.current()
                seen.append(len(snapshot))
                labels = store.labels()
                assert len(labels) >= len(snapshot)  # never goes backwards
        except BaseException as exc:  # reported to the main thread below
            errors.append(exc)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for i in range(500):
            store.write(i, f"v{i}")
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not errors, errors
    assert seen == sorted(seen) and seen
    assert len(store.current()) == 500
    store.close()


def test_two_stores_on_one_file_see_each_other(tmp_path):
    path = tmp_path / "two.db"
    with LabelStore(path, annotator="a") as first, LabelStore(path, annotator="b") as second:
        first.write(1, "from-first")
        second.write(2, "from-second")
        assert first.current() == second.current() == {1: "from-first", 2: "from-second"}
