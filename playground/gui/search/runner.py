"""Runs cross-validation or a search in a background thread, with progress, partial results
and cancel, one job at a time, on the shared background-runner base (gui/runner.py).

A job is a frozen ``SearchJob`` carrying its id and a cancel event; answers carry the id and
the GUI side forwards only those of the current job.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from playground.gui.runner import LatestRequest, WorkerThread

STOP_WAIT_MS = 60_000  # closing waits this long at most for the epoch in progress


@dataclass(frozen=True)
class SearchJob:
    """One run: a ``SearchPlan``; ``cv_only`` cross-validates the plan's experiment as it is."""

    job_id: int
    plan: Any  # playground.core.search.study.SearchPlan
    cv_only: bool = False
    cancel: threading.Event = field(default_factory=threading.Event, compare=False)


class SearchWorker(QObject):
    """Lives in the search thread; emits rows as trials (or folds) finish."""

    progress = Signal(int, int, int)  # job id, done, total
    row_ready = Signal(int, object)  # job id, TrialRow
    finished = Signal(int, object)  # job id, SearchResult (partial when cancelled)
    failed = Signal(int, str)  # job id, one-line message

    @Slot(object)
    def run(self, job: SearchJob) -> None:
        """Run ``job`` to its end, or until its cancel event is set (a job cancelled before
        it began still answers, with what it has: nothing)."""
        try:
            self.finished.emit(job.job_id, (self._cv if job.cv_only else self._search)(job))
        except Exception as exc:  # shown in the dialog, never fatal for the thread
            text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            self.failed.emit(job.job_id, text)

    def _search(self, job: SearchJob) -> Any:
        import optuna

        from playground.core.search.study import run_search

        optuna.logging.set_verbosity(optuna.logging.ERROR)
        done = [0]
        self.progress.emit(job.job_id, 0, job.plan.budget)

        def on_trial(row: Any) -> None:
            done[0] += 1
            self.row_ready.emit(job.job_id, row)
            self.progress.emit(job.job_id, done[0], job.plan.budget)

        return run_search(job.plan, on_trial=on_trial, should_stop=job.cancel.is_set)

    def _cv(self, job: SearchJob) -> Any:
        from playground.core.search.cv import cross_validate
        from playground.core.search.study import SearchResult, TrialRow

        plan, epochs = job.plan, job.plan.spec.training.epochs
        self.progress.emit(job.job_id, 0, epochs)

        def on_epoch(epoch: int, _score: float) -> None:
            self.progress.emit(job.job_id, epoch, epochs)

        result = cross_validate(plan.spec, plan.folds, plan.metric, on_epoch=on_epoch,
                                should_stop=job.cancel.is_set)
        cancelled = any(f.status == "cancelled" for f in result.folds)
        row = TrialRow(number=0, state="pruned" if cancelled else "complete", params={},
                       mean=result.mean, std=result.std, scores=tuple(result.scores),
                       seconds=0.0, note="cancelled" if cancelled else "")
        self.row_ready.emit(job.job_id, row)
        return SearchResult(plan=plan, rows=(row,))


class SearchRunner(QObject):
    """GUI-thread owner of the search thread (started on the first job)."""

    progress = Signal(int, int)  # done, total of the current job
    row_ready = Signal(object)  # TrialRow
    finished = Signal(object)  # SearchResult
    failed = Signal(str)
    _run = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = WorkerThread(SearchWorker(), "SearchRunner", STOP_WAIT_MS)
        worker = self._runner.worker
        self._run.connect(worker.run)
        worker.progress.connect(self._on_progress)
        worker.row_ready.connect(self._on_row)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        self._requests = LatestRequest()
        self._current: SearchJob | None = None

    @property
    def busy(self) -> bool:
        """A job is running."""
        return self._current is not None

    def submit(self, plan: Any, cv_only: bool = False) -> None:
        """Start a job for ``plan``, cancelling the one in progress."""
        if self._runner.closed:
            return
        self.cancel()
        self._runner.ensure_started()
        self._current = SearchJob(self._requests.new_id(), plan, cv_only)
        self._run.emit(self._current)

    def cancel(self) -> None:
        """Ask the job in progress to stop at its next epoch; it still reports what it has."""
        if self._current is not None:
            self._current.cancel.set()

    def _is_current(self, job_id: int) -> bool:
        return not self._runner.closed and self._current is not None and (
            self._requests.is_current(job_id))

    @Slot(int, int, int)
    def _on_progress(self, job_id: int, done: int, total: int) -> None:
        if self._is_current(job_id):
            self.progress.emit(done, total)

    @Slot(int, object)
    def _on_row(self, job_id: int, row: object) -> None:
        if self._is_current(job_id):
            self.row_ready.emit(row)

    @Slot(int, object)
    def _on_finished(self, job_id: int, result: object) -> None:
        if self._is_current(job_id):
            self._current = None
            self.finished.emit(result)

    @Slot(int, str)
    def _on_failed(self, job_id: int, message: str) -> None:
        if self._is_current(job_id):
            self._current = None
            self.failed.emit(message)

    def shutdown(self) -> None:
        """Cancel, then stop the thread; safe to call twice."""
        self.cancel()
        self._runner.shutdown()
