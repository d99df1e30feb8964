"""Store benchmark: durable single-label write rate vs an fsynced CSV, and opening 1M events."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

try:
    from nblabel.store import LabelStore
    from nblabel.store._sqlite import INSERT_SQL
except ImportError:  # a checkout that is not pip-installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from nblabel.store import LabelStore
    from nblabel.store._sqlite import INSERT_SQL

CLASSES = ("cat", "dog", "bird", "fish", "horse")
QUICK_BUILD_BUDGET_S = 25.0  # --quick falls back to fewer events if 1M would take longer


def spread_pct(values: list[float]) -> float:
    """(max - min) / median, in percent: how much the repeats disagree."""
    return 100.0 * (max(values) - min(values)) / statistics.median(values)


def store_writes(directory: Path, n: int, cap_s: float) -> float:
    """Labels per second for up to ``n`` single-event, individually committed ``write()`` calls.

    Stops early after ``cap_s`` seconds so a slow disk cannot blow the --quick budget.
    """
    path = directory / "writes.db"
    with LabelStore(path, annotator="bench") as store:
        start = time.perf_counter()
        deadline = start + cap_s
        done = 0
        while done < n and (done < 20 or time.perf_counter() < deadline):
            store.write(done, CLASSES[done % len(CLASSES)], seconds=0.8)
            done += 1
        elapsed = time.perf_counter() - start
        assert len(store) == done
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return done / elapsed


def csv_fsync_writes(directory: Path, n: int, cap_s: float) -> float:
    """Baseline rows per second: append a CSV line, flush and fsync, up to ``n`` times."""
    path = directory / "baseline.csv"
    with open(path, "a", encoding="utf-8") as f:
        f.write("item_id,label,annotator,created_at,seconds\n")
        start = time.perf_counter()
        deadline = start + cap_s
        done = 0
        while done < n and (done < 20 or time.perf_counter() < deadline):
            f.write(f"{done},{CLASSES[done % len(CLASSES)]},bench,{time.time()},0.8\n")
            f.flush()
            os.fsync(f.fileno())
            done += 1
        elapsed = time.perf_counter() - start
    path.unlink()
    return done / elapsed


def event_rows(start: int, stop: int, items: int) -> Iterator[tuple[object, ...]]:
    """Synthetic events: ~4 per item, some multi-label, a few clears, three annotators."""
    now = time.time() - 86_400
    for i in range(start, stop):
        item = i % items
        if i % 97 == 0:
            value = None
        elif item % 10 == 0:
            value = json.dumps([CLASSES[i % 5], CLASSES[(i + 2) % 5]])
        else:
            value = json.dumps(CLASSES[i % 5])
        yield ("default", item, value, f"ann{i % 3}", now + i * 0.01, 1.5, "human", None)


def build_store(path: Path, events: int, quick: bool) -> tuple[int, float]:
    """Fill a store by executemany in one transaction; returns (events written, seconds)."""
    LabelStore(path).close()  # the real schema, index and pragmas
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")  # build fast; the timed part is reading
    items = max(1, events // 4)
    chunk = 100_000
    start = time.perf_counter()
    written = 0
    conn.execute("BEGIN")
    while written < events:
        stop = min(events, written + chunk)
        conn.executemany(INSERT_SQL, event_rows(written, stop, items))
        written = stop
        elapsed = time.perf_counter() - start
        if (
            quick
            and written < events
            and elapsed / written * events > QUICK_BUILD_BUDGET_S
            and written >= 200_000
        ):
            break
    conn.execute("COMMIT")
    conn.close()
    return written, time.perf_counter() - start


def time_open(path: Path, repeats: int) -> dict[str, float]:
    """Median milliseconds for open, open+len(), and labels() on the built store."""
    opens, lens, labels = [], [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        store = LabelStore(path)
        t1 = time.perf_counter()
        len(store)
        t2 = time.perf_counter()
        frame = store.labels()
        t3 = time.perf_counter()
        store.close()
        opens.append((t1 - t0) * 1e3)
        lens.append((t2 - t1) * 1e3)
        labels.append((t3 - t2) * 1e3)
    return {
        "open_only_ms": statistics.median(opens),
        "len_ms": statistics.median(lens),
        "open_1m_events_ms": statistics.median(o + n for o, n in zip(opens, lens, strict=True)),
        "labels_1m_events_ms": statistics.median(labels),
        "labels_rows": float(len(frame)),
    }


def time_quick_check(path: Path) -> float:
    """Milliseconds for SQLite's ``PRAGMA quick_check``: the full-scan damage check that
    opening a store does not run (it checks the file size against the header instead).
    """
    conn = sqlite3.connect(path)
    t0 = time.perf_counter()
    result = conn.execute("PRAGMA quick_check").fetchone()[0]
    elapsed = (time.perf_counter() - t0) * 1e3
    conn.close()
    assert result == "ok", result
    return elapsed


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small run, under a minute")
    parser.add_argument("--writes", type=int, help="durable writes per repeat")
    parser.add_argument("--repeats", type=int, help="write repeats (median and spread)")
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the big store")
    parser.add_argument("--dir", type=Path, help="directory for the files (default: a temp dir)")
    args = parser.parse_args(argv)
    writes = args.writes or (1000 if args.quick else 5000)
    repeats = args.repeats or (5 if args.quick else 9)
    cap_s = 2.5 if args.quick else 60.0

    with tempfile.TemporaryDirectory(dir=args.dir, prefix="nblabel-bench-") as tmp:
        directory = Path(tmp)
        print(
            f"files in {directory}; sqlite {sqlite3.sqlite_version}; "
            f"python {sys.version.split()[0]}"
        )
        store_rates, csv_rates = [], []
        for r in range(repeats):  # interleaved so both see the same disk conditions
            store_rates.append(store_writes(directory, writes, cap_s))
            csv_rates.append(csv_fsync_writes(directory, writes, cap_s))
            print(
                f"repeat {r + 1}/{repeats}: store {store_rates[-1]:,.0f} labels/s, "
                f"fsync'd CSV {csv_rates[-1]:,.0f} rows/s"
            )
        store_median = statistics.median(store_rates)
        csv_median = statistics.median(csv_rates)
        print(
            f"durable write(): median {store_median:,.0f} labels/s "
            f"(spread {spread_pct(store_rates):.0f}%), up to {writes} writes x {repeats}"
        )
        print(
            f"CSV + flush + fsync per row: median {csv_median:,.0f} rows/s "
            f"(spread {spread_pct(csv_rates):.0f}%); ratio {store_median / csv_median:.2f}"
        )

        big = directory / "big.db"
        events, build_s = build_store(big, args.events, args.quick)
        note = "" if events == args.events else f" (reduced from {args.events} for --quick)"
        print(
            f"built {events:,} events in {build_s:.1f} s{note}; "
            f"file {big.stat().st_size / 1e6:.0f} MB"
        )
        opened = time_open(big, repeats=3)
        print(
            f"open {opened['open_only_ms']:.2f} ms, len() {opened['len_ms']:.2f} ms, "
            f"labels() {opened['labels_1m_events_ms']:.0f} ms for "
            f"{int(opened['labels_rows']):,} items (medians of 3)"
        )
        quick_check_ms = time_quick_check(big)
        print(f"PRAGMA quick_check {quick_check_ms:.0f} ms (not run at open)")

    result: dict[str, object] = {
        "write_labels_per_s_median": round(store_median, 1),
        "write_spread_pct": round(spread_pct(store_rates), 1),
        "csv_fsync_rows_per_s_median": round(csv_median, 1),
        "ratio_vs_fsync_csv": round(store_median / csv_median, 3),
        "max_writes_per_repeat": writes,
        "write_cap_s": cap_s,
        "repeats": repeats,
        "open_1m_events_ms": round(opened["open_1m_events_ms"], 2),
        "open_only_ms": round(opened["open_only_ms"], 2),
        "len_ms": round(opened["len_ms"], 2),
        "labels_1m_events_ms": round(opened["labels_1m_events_ms"], 1),
        "labels_rows": int(opened["labels_rows"]),
        "quick_check_ms": round(quick_check_ms, 1),
        "events": events,
        "events_reduced_for_quick": events != args.events,
        "build_s": round(build_s, 2),
        "quick": args.quick,
    }
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
