"""One background thread that retrains; the kernel's main thread never waits for it."""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from typing import Any

from threadpoolctl import threadpool_limits

log = logging.getLogger("nblabel")


class Retrainer:
    """Run ``work(job)`` off the main thread, one job at a time, newest job wins.

    A request made while a retrain runs replaces any request still waiting, so a burst of
    labels costs one extra retrain, not one per label. BLAS threads are capped while working:
    on a small machine a multi-threaded fit starves the kernel that serves the widget. The cap
    (threadpoolctl) holds for the whole process while a retrain runs, so the kernel's own BLAS
    calls are single-threaded meanwhile too; ``blas_threads=None`` leaves BLAS alone.
    """

    def __init__(
        self,
        work: Callable[[Any], Any],
        deliver: Callable[[Any, BaseException | None], None],
        *,
        blas_threads: int | None = 1,
    ) -> None:
        self._work = work
        self._deliver = deliver
        self._blas_threads = blas_threads
        self._cond = threading.Condition()
        self._job: Any = None
        self._has_job = False
        self._busy = False
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="nblabel-retrain", daemon=True)
        self._thread.start()

    @property
    def busy(self) -> bool:
        """Whether a retrain is running or waiting."""
        with self._cond:
            return self._busy or self._has_job

    def request(self, job: Any) -> None:
        with self._cond:
            self._job, self._has_job = job, True
            self._cond.notify()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until no retrain runs or waits (for scripts and tests, not the UI path)."""
        with self._cond:
            return self._cond.wait_for(lambda: not (self._busy or self._has_job), timeout)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def _run(self) -> None:
        _lower_priority()
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._has_job or self._closed)
                if self._closed:
                    return
                job, self._job, self._has_job, self._busy = self._job, None, False, True
            result, error = None, None
            try:
                with threadpool_limits(limits=self._blas_threads):
                    result = self._work(job)
            except BaseException as exc:  # delivered to the loop, which reports it
                log.debug("nblabel retrain failed", exc_info=True)
                error = exc
            try:
                self._deliver(result, error)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()


#: Nice value of the retrain thread: the browser and the kernel's main thread go first.
RETRAIN_NICENESS = 10


def _lower_priority() -> None:
    """Renice the calling thread only (Linux schedules threads as tasks with their own nice).

    On two cores a fit competes with the browser that paints the next item; a lower priority
    keeps labeling at its usual speed while the model still uses every idle cycle.
    """
    if sys.platform.startswith("linux"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), RETRAIN_NICENESS)
        except OSError:  # not permitted in some sandboxes: run at normal priority
            log.debug("nblabel could not lower the retrain thread's priority", exc_info=True)
