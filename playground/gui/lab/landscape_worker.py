"""The landscape thread: builds a trainer for the experiment and computes loss slices with
progress, cancellable between grid rows.

A new request cancels the one in progress (its ``cancel`` event); answers carry the request id
and the GUI side forwards only those of the newest request.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread, Signal, Slot

from playground.core.lab.landscape import SliceCancelled
from playground.core.lab.landscape_job import LandscapeRequest, compute_landscape
from playground.gui.runner import WorkerThread

STOP_WAIT_MS = 60_000  # closing waits for a trainer being built, at most this long


class LandscapeWorker(QObject):
    """Lives in the landscape thread; keeps the last trainer to reuse for the same network."""

    progress = Signal(int, float)  # request id, finished fraction
    finished = Signal(object)  # LandscapeResult
    failed = Signal(int, str)  # request id, message for the user

    def __init__(self) -> None:
        super().__init__()
        self._trainer: object | None = None
        self._trainer_spec: object | None = None

    @Slot(object)
    def compute(self, request: LandscapeRequest) -> None:
        """Compute one slice (skipped when already cancelled: a newer one is queued)."""
        if request.cancel.is_set():
            return
        last = [-1]

        def report(fraction: float) -> None:
            percent = int(fraction * 100)
            if percent != last[0]:  # emit only when the shown number changes
                last[0] = percent
                self.progress.emit(request.request_id, fraction)

        try:
            trainer = self._trainer_for(request)
            if request.cancel.is_set():
                return
            self.finished.emit(compute_landscape(request, trainer, report))
        except SliceCancelled:
            return
        except Exception as exc:  # reported in the page, never fatal for the thread
            text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            self.failed.emit(request.request_id, text)

    def _trainer_for(self, request: LandscapeRequest) -> object:
        from playground.core.spec import is_live_change
        from playground.core.train.trainer import Trainer

        spec = request.spec
        # Live edits (lr, penalties) change neither data nor network: the trainer still fits.
        if self._trainer is None or not is_live_change(self._trainer_spec, spec):
            self._trainer = None  # free the old one before building
            self._trainer = Trainer(spec)
            self._trainer_spec = spec
        return self._trainer

    @Slot()
    def release(self) -> None:
        """Drop the cached trainer (before the thread ends)."""
        self._trainer = None


class LandscapeRunner(QObject):
    """GUI-thread owner of the landscape thread (started on the first request)."""

    progress = Signal(float)  # of the newest request
    finished = Signal(object)  # LandscapeResult of the newest request
    failed = Signal(str)
    _compute = Signal(object)
    _release = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = WorkerThread(LandscapeWorker(), "LabLandscape", STOP_WAIT_MS)
        worker = self._runner.worker
        self._compute.connect(worker.compute)
        self._release.connect(worker.release)
        worker.progress.connect(self._on_progress)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        self._current: LandscapeRequest | None = None

    @property
    def thread(self) -> QThread:
        """The landscape thread (tests check it ends)."""
        return self._runner.thread

    @property
    def busy(self) -> bool:
        """A request is being computed."""
        return self._current is not None

    def submit(self, request: LandscapeRequest) -> None:
        """Compute ``request``, cancelling the one in progress."""
        if self._runner.closed:
            return
        self.cancel()
        self._runner.ensure_started()
        self._current = request
        self._compute.emit(request)

    def cancel(self) -> None:
        """Stop the request in progress (it ends at its next grid row)."""
        if self._current is not None:
            self._current.cancel.set()
            self._current = None

    def _is_current(self, request_id: int) -> bool:
        return (not self._runner.closed and self._current is not None
                and self._current.request_id == request_id)

    @Slot(int, float)
    def _on_progress(self, request_id: int, fraction: float) -> None:
        if self._is_current(request_id):
            self.progress.emit(fraction)

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        if self._is_current(result.request_id):
            self._current = None
            self.finished.emit(result)

    @Slot(int, str)
    def _on_failed(self, request_id: int, message: str) -> None:
        if self._is_current(request_id):
            self._current = None
            self.failed.emit(message)

    def shutdown(self) -> None:
        """Cancel, then stop the thread (the worker drops its trainer first); safe twice."""
        self.cancel()
        self._runner.shutdown(before_quit=self._release.emit)
