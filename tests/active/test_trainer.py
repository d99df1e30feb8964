"""The background retrainer: newest job wins, BLAS capped, failures delivered."""

from __future__ import annotations

import os
import sys
import threading

import pytest
from threadpoolctl import threadpool_info

from nblabel.active._trainer import Retrainer


def test_jobs_run_off_the_calling_thread_with_capped_blas():
    seen = []
    done = []

    def work(job):
        seen.append(
            (job, threading.current_thread().name, {i["num_threads"] for i in threadpool_info()})
        )
        return job * 2

    r = Retrainer(work, lambda result, error: done.append((result, error)))
    r.request(21)
    assert r.wait_idle(10)
    assert done == [(42, None)]
    _, thread, threads = seen[0]
    assert thread == "nblabel-retrain" and threads <= {1}
    r.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux's")
def test_the_retrain_thread_runs_at_lower_priority_than_the_kernel():
    nice = []
    r = Retrainer(
        lambda job: nice.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id())),
        lambda *_: None,
    )
    r.request(None)
    assert r.wait_idle(10)
    assert nice[0] > os.getpriority(os.PRIO_PROCESS, 0)  # this thread keeps its priority
    r.close()


def test_a_burst_of_requests_collapses_to_the_newest():
    gate, started = threading.Event(), threading.Event()
    ran = []

    def work(job):
        started.set()
        gate.wait(5)
        ran.append(job)

    r = Retrainer(work, lambda *_: None)
    r.request(1)
    assert started.wait(5)
    for job in range(2, 10):
        r.request(job)
    gate.set()
    assert r.wait_idle(10)
    assert ran == [1, 9]
    r.close()


def test_failures_are_delivered_not_raised():
    out = []
    r = Retrainer(lambda job: 1 / 0, lambda result, error: out.append(error))
    r.request(None)
    assert r.wait_idle(10)
    assert isinstance(out[0], ZeroDivisionError)
    r.close()
