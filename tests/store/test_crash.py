"""A writer killed with SIGKILL loses nothing it acknowledged and leaves no half batch."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
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


# Round r writes items "r<r>-<i>" one by one, and every fifth step a batch of three in one
# transaction; each acknowledgement is printed only after its commit returned.
ROUNDS_CHILD = """
import sys
from nblabel.store import LabelEvent, LabelStore

store = LabelStore(sys.argv[1], annotator="child")
prefix = sys.argv[2]
print("ready", flush=True)
i = 0
while True:
    if i % 5 == 4:
        store.append([LabelEvent(None, f"{prefix}-{i}-{k}", [prefix, k]) for k in range(3)])
    else:
        store.write(f"{prefix}-{i}", f"{prefix}:{i}", seconds=0.25)
    print(i, flush=True)
    i += 1
"""


def expected_round(prefix: str, i: int) -> dict[object, object]:
    if i % 5 == 4:
        return {f"{prefix}-{i}-{k}": [prefix, k] for k in range(3)}
    return {f"{prefix}-{i}": f"{prefix}:{i}"}


def test_repeated_sigkills_at_random_moments_lose_no_acknowledged_label(tmp_path):
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    path = tmp_path / "rounds.db"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([SRC, os.environ.get("PYTHONPATH", "")])}
    acknowledged: dict[object, object] = {}
    for round_no in range(6):
        prefix = f"r{round_no}"
        proc = subprocess.Popen(
            [sys.executable, "-c", ROUNDS_CHILD, str(path), prefix],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        watchdog = threading.Timer(60, proc.kill)
        watchdog.start()
        try:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready", proc.stderr and proc.stderr.read()
            # Kill at a random moment: right at open, or after some acks plus a random pause
            # that lands anywhere in the next write (mid-transaction, mid-fsync...).
            wanted = rng.choice([0, rng.randint(1, 60)])
            acks = [int(proc.stdout.readline()) for _ in range(wanted)]
            time.sleep(rng.uniform(0, 0.02))
            proc.send_signal(signal.SIGKILL)
            acks += [int(line) for line in proc.stdout]  # printed before the kill: committed
            proc.wait(timeout=30)
        finally:
            watchdog.cancel()
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode == -signal.SIGKILL, f"seed {seed}: {proc.stderr.read()}"
        assert acks == list(range(len(acks))), f"seed {seed}"
        for i in acks:
            acknowledged.update(expected_round(prefix, i))
    with LabelStore(path) as store:
        current = store.current()
        lost = [key for key in acknowledged if current.get(key) != acknowledged[key]]
        assert not lost, f"seed {seed}: acknowledged labels lost: {lost[:5]}"
        batches = [k for k in current if str(k).count("-") == 2]
        assert len(batches) % 3 == 0, f"seed {seed}: a batch was half written"
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
