"""A writer killed with SIGKILL loses nothing it acknowledged and leaves no half batch."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import nblabel.store
from nblabel.store import LabelStore

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

SRC = str(Path(nblabel.store.__file__).absolute().parents[2])

# Writes item i with value(i), one durable write() each, and acknowledges it on stdout.
ONE_BY_ONE = """
import sys
from nblabel.store import LabelStore

def value(i):
    return ["multi", str(i)] if i % 3 == 0 else f"v{i}"

store = LabelStore(sys.argv[1], annotator="child")
i = 0
while True:
    store.write(i, value(i), seconds=0.5)
    print(i, flush=True)
    i += 1
"""

# Appends batches of 100 events in one transaction each; acknowledges each batch.
BATCHES = """
import sys
from nblabel.store import LabelEvent, LabelStore

store = LabelStore(sys.argv[1], annotator="child")
batch = 0
while True:
    store.append([LabelEvent(None, f"b{batch}-{k}", k) for k in range(100)])
    print(batch, flush=True)
    batch += 1
"""


def expected(i: int) -> object:
    return ["multi", str(i)] if i % 3 == 0 else f"v{i}"


def run_and_kill(code: str, path: Path, acks_wanted: int) -> list[int]:
    """Start the child, read acknowledgements, SIGKILL it mid-stream; return the acks."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([SRC, os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    watchdog = threading.Timer(120, proc.kill)  # never hang the suite
    watchdog.start()
    acks: list[int] = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            acks.append(int(line))
            if len(acks) >= acks_wanted:
                proc.send_signal(signal.SIGKILL)
                break
        proc.wait(timeout=60)
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stderr = proc.stderr.read() if proc.stderr else ""
    assert len(acks) >= acks_wanted, f"child stopped early: {stderr}"
    assert proc.returncode == -signal.SIGKILL, stderr
    return acks


def test_acknowledged_writes_survive_sigkill(tmp_path):
    path = tmp_path / "crash.db"
    acks = run_and_kill(ONE_BY_ONE, path, acks_wanted=50)
    assert acks == list(range(len(acks)))
    with LabelStore(path) as store:
        current = store.current()
        for i in acks:
            assert i in current, f"acknowledged item {i} lost"
            assert current[i] == expected(i)
        # Writes past the last ack may or may not have landed, but never out of order.
        assert sorted(current) == list(range(len(current)))
        assert store.write("after-crash", "ok") > 0
        assert store.history()["seconds"].eq(0.5).sum() == len(current)
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_killed_batch_is_all_or_nothing(tmp_path):
    path = tmp_path / "batches.db"
    acks = run_and_kill(BATCHES, path, acks_wanted=10)
    with LabelStore(path) as store:
        n = len(store)
        assert n % 100 == 0, f"{n} events: a batch was half written"
        assert n >= 100 * len(acks)
        items = set(store.current())
        for batch in acks:
            assert {f"b{batch}-{k}" for k in range(100)} <= items
