"""The background-runner base: request ids, stale answers, start on first use, one shutdown."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QThread, Signal, Slot

from playground.gui.runner import LatestRequest, WorkerThread


def test_only_the_newest_request_of_a_channel_counts():
    requests = LatestRequest()
    first = requests.new_id("contours")
    second = requests.new_id("contours")
    other = requests.new_id("surface")
    assert not requests.is_current(first, "contours")
    assert requests.is_current(second, "contours") and requests.is_current(other, "surface")
    assert not requests.is_current(second, "surface")  # ids are per channel
    requests.claim(10, "contours")  # an id chosen by the caller
    assert requests.is_current(10, "contours") and requests.new_id() == 11
    requests.finish("contours")
    assert not requests.busy("contours") and not requests.is_current(10, "contours")


class _Echo(QObject):
    done = Signal(int, object)  # request id, the thread that answered

    @Slot(int)
    def work(self, request_id: int) -> None:
        self.done.emit(request_id, QThread.currentThread())


class _Asker(QObject):
    ask = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[tuple[int, object]] = []

    @Slot(int, object)
    def on_done(self, request_id: int, thread: object) -> None:
        self.answers.append((request_id, thread))


def test_worker_runs_in_its_own_thread_started_on_first_use_and_stops_once(qtbot):
    runner = WorkerThread(_Echo(), "EchoThread", stop_wait_ms=5000)
    asker = _Asker()
    asker.ask.connect(runner.worker.work)
    runner.worker.done.connect(asker.on_done)
    assert not runner.thread.isRunning()
    assert runner.ensure_started() and runner.thread.isRunning()
    asker.ask.emit(7)
    qtbot.waitUntil(lambda: bool(asker.answers), timeout=5000)
    request_id, thread = asker.answers[0]
    assert request_id == 7 and thread is runner.thread  # not the GUI thread
    calls: list[str] = []
    runner.shutdown(before_quit=lambda: calls.append(threading.current_thread().name))
    runner.shutdown(before_quit=lambda: calls.append("twice"))  # safe, and does nothing
    assert calls == [threading.main_thread().name]
    assert not runner.thread.isRunning() and runner.closed
    assert not runner.ensure_started()  # nothing starts after shutdown
