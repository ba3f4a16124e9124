"""One way to run GUI work off the GUI thread: a worker QObject in a QThread of its own.

``WorkerThread`` owns the thread and the worker: it starts the thread on first use, and shuts
both down the same way for every owner (ask the worker to stop, quit the loop, wait, never
destroy a running QThread). ``LatestRequest`` numbers requests and says whether an answer is
the newest one, so stale answers never reach a view. The owners (the training Session, the
lab's JobRunner, RaceRunner and LandscapeRunner, the SearchRunner) compose the two with their
own signals; their workers report progress only when it changes, and partial results and
errors as signals that carry the request id.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThread


class WorkerThread:
    """A worker QObject moved to its own QThread (started on the first ``ensure_started``)."""

    def __init__(self, worker: QObject, name: str, stop_wait_ms: int,
                 on_started: Callable[[], None] | None = None) -> None:
        self.worker = worker
        self.thread = QThread()
        self.thread.setObjectName(name)
        worker.moveToThread(self.thread)
        if on_started is not None:
            self.thread.started.connect(on_started)  # runs in the new thread
        self._stop_wait_ms = stop_wait_ms
        self.closed = False

    def ensure_started(self) -> bool:
        """Start the thread unless it runs; False once shut down (submit nothing then)."""
        if self.closed:
            return False
        if not self.thread.isRunning():
            self.thread.start()
        return True

    def shutdown(self, before_quit: Callable[[], None] | None = None) -> None:
        """Stop the thread after the work in progress; safe to call twice.

        ``before_quit`` runs first, in the GUI thread, when the thread is running (e.g. set a
        cancel event, or ask a loop that never returns to its event loop to return)."""
        if self.closed:
            return
        self.closed = True
        if self.thread.isRunning():
            if before_quit is not None:
                before_quit()
            self.thread.quit()
            if not self.thread.wait(self._stop_wait_ms):
                # Never destroy a running QThread (that aborts the process): give it up instead.
                self.thread.setParent(None)
                return
        self.worker.deleteLater()


class LatestRequest:
    """Request ids and the newest one per channel: only its answers count."""

    def __init__(self) -> None:
        self._next_id = 0
        self._latest: dict[str, int] = {}

    def new_id(self, channel: str = "") -> int:
        """A fresh id (increasing across channels), now the newest of ``channel``."""
        self._next_id += 1
        self._latest[channel] = self._next_id
        return self._next_id

    def claim(self, request_id: int, channel: str = "") -> None:
        """Make an id chosen elsewhere the newest of ``channel``."""
        self._next_id = max(self._next_id, request_id)
        self._latest[channel] = request_id

    def is_current(self, request_id: int, channel: str = "") -> bool:
        """True when ``request_id`` is the newest request of ``channel``."""
        return self._latest.get(channel) == request_id

    def finish(self, channel: str = "") -> None:
        """The newest request of ``channel`` is answered (or cancelled): nothing is current."""
        self._latest.pop(channel, None)

    def busy(self, channel: str = "") -> bool:
        """A request of ``channel`` awaits its answer."""
        return channel in self._latest
