"""Background computations of the lab that only matter while they are the newest of their kind.

A job is a frozen value with a ``channel`` (what it is for, e.g. "race-contours"), a
``request_id`` and a pure ``compute()``. ``LatestOnlyWorker`` lives in its own thread and keeps at
most one pending job per channel: a burst of requests (a dragged slider) computes only the last.
``JobRunner`` is the GUI-thread side: it owns the thread, numbers the requests and forwards a
result only if it answers the newest request of its channel, so stale answers never reach a view.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from playground.gui.runner import LatestRequest, WorkerThread

STOP_WAIT_MS = 10_000  # shutting down waits this long for a job in progress


class Job(Protocol):
    """A frozen request: everything ``compute`` needs is in its fields (no widget reads)."""

    channel: str
    request_id: int

    def compute(self) -> object:
        """The result (a frozen value); raising reports the message instead."""


@dataclass(frozen=True)
class JobResult:
    """The answer to one job."""

    channel: str  # the job's channel
    request_id: int  # the job's id
    value: object  # what compute() returned (None on error)
    error: str  # one-line message when compute() raised, else ""
    seconds: float  # time compute() took


class LatestOnlyWorker(QObject):
    """Runs jobs in its thread, newest per channel only. All state is touched by that thread."""

    done = Signal(object)  # JobResult
    _kick = Signal()  # queued to itself: run a pending job after the queued submits arrived

    def __init__(self) -> None:
        super().__init__()
        self._pending: dict[str, Job] = {}
        self._scheduled = False
        # Queued even though sender and receiver share the thread: the run must come after the
        # submits already waiting in the event queue.
        self._kick.connect(self._run_one, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def submit(self, job: Job) -> None:
        """Queue ``job``, replacing a pending one of the same channel."""
        self._pending[job.channel] = job
        if not self._scheduled:
            # Run later, not now: submits already queued behind this one replace it first.
            self._scheduled = True
            self._kick.emit()

    @Slot()
    def _run_one(self) -> None:
        self._scheduled = False
        if not self._pending:
            return
        channel = next(iter(self._pending))
        job = self._pending.pop(channel)
        started = time.perf_counter()
        try:
            value, error = job.compute(), ""
        except Exception as exc:  # reported to the view, never fatal for the thread
            value, error = None, (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        self.done.emit(JobResult(job.channel, job.request_id, value, error,
                                 time.perf_counter() - started))
        if self._pending:
            self._scheduled = True
            self._kick.emit()


class JobRunner(QObject):
    """GUI-thread owner of a LatestOnlyWorker thread; forwards only the newest results."""

    result_ready = Signal(object)  # JobResult answering the newest request of its channel
    _submit = Signal(object)

    def __init__(self, name: str = "LabJobs", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._requests = LatestRequest()
        self._runner = WorkerThread(LatestOnlyWorker(), name, STOP_WAIT_MS)
        self._submit.connect(self._runner.worker.submit)
        self._runner.worker.done.connect(self._on_done)

    @property
    def thread(self) -> QThread:
        """The jobs thread (tests check it ends)."""
        return self._runner.thread

    def new_id(self) -> int:
        """A fresh request id (increasing across channels)."""
        return self._requests.new_id("")

    def submit(self, job: Job) -> None:
        """Compute ``job`` in the background; earlier requests of its channel become stale."""
        if not self._runner.ensure_started():
            return
        self._requests.claim(job.request_id, job.channel)
        self._submit.emit(job)

    def is_current(self, result: JobResult) -> bool:
        """True when ``result`` answers the newest request of its channel."""
        return self._requests.is_current(result.request_id, result.channel)

    @Slot(object)
    def _on_done(self, result: JobResult) -> None:
        if not self._runner.closed and self.is_current(result):
            self.result_ready.emit(result)

    def shutdown(self) -> None:
        """Stop the thread (after the job in progress); safe to call twice."""
        self._runner.shutdown()
