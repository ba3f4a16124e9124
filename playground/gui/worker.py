"""The window's side of training: a QObject in a QThread that relays the live loop's events.

The loop itself (``playground.core.train.live_loop``) runs in a training process by default
(``live_process``: the trainer and the window then draw on separate cores instead of taking
turns on one interpreter lock), or in this QThread with ``backend="thread"``, the fallback when
no process can be started. Either way the interface is the same: the GUI hands ``link`` commands
to ``post`` and acknowledges frames with ``frame_done`` (thread-safe, never queued Qt calls), and
gets the loop's ``link`` events through the one ``event`` signal, emitted from the worker's
thread (so a connected slot of a GUI-thread object runs queued in the GUI thread).

In process mode ``run`` is a loop reading events from the process. When the process dies
unexpectedly (a crash in native code), the worker starts a new one and emits ``restarted`` so
the session can rebuild the run from its last frame: the experiment, which the window owns, is
never lost. After ``MAX_RESTARTS`` it falls back to a thread. A process killed by SIGKILL (the
OOM killer, most likely) is replaced too and reported by ``killed``; there is never a fallback
to the window's own process, where an OOM kill would lose unsaved work.
"""

from __future__ import annotations

import threading
import time
from signal import SIGKILL
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from playground.core.train.link import Command, Event, Failed, FrameDone, SnapshotReady, Stop
from playground.core.train.live_loop import LiveLoop
from playground.core.train.pacing import THREAD_BUDGET

MAX_RESTARTS = 3  # training processes started again after a crash, then a thread takes over
STOP_WAIT_S = 5.0  # a training process that does not end this long after "stop" is killed
_POLL_S = 0.1  # the event loop looks at the stop flag this often


class TrainWorker(QObject):
    """Runs the live loop (in a process or this thread); talks to the GUI only through signals
    and ``post``."""

    event = Signal(object)  # a link.Event from the loop (or a Failed about the process)
    # a crashed training process was replaced (how it ended): rebuild the run
    restarted = Signal(str)
    # a SIGKILLed training process was replaced (how it ended): the session decides whether
    # the run goes on by itself (it had made progress) or waits for the user
    killed = Signal(str)

    def __init__(self, parent: QObject | None = None, backend: str = "process"):
        super().__init__(parent)
        if backend not in ("process", "thread"):
            raise ValueError(f"backend must be 'process' or 'thread', not {backend!r}")
        self._backend = backend
        self._lock = threading.Lock()
        self._pending: list[Command] = []  # posted before the start
        self._engine: Any = None  # EngineProcess, once started
        self._loop: LiveLoop | None = None  # thread backend
        self._stopping = False
        self._stop_deadline = 0.0
        self._warmed = False  # the window's own torch imports started
        self.restarts = 0

    @property
    def backend(self) -> str:
        """"process" or "thread" (what actually runs the loop)."""
        return self._backend

    @property
    def process_id(self) -> int | None:
        """The training process's pid (None in thread mode or before the start)."""
        engine = self._engine
        return engine.pid if engine is not None else None

    # ------------------------------------------------------------------- called by the GUI
    def post(self, command: Command) -> None:
        """Queue a command for the loop (thread-safe)."""
        with self._lock:
            if self._engine is None and self._loop is None:
                self._pending.append(command)
                return
            self._deliver(command)

    def frame_done(self, gui_seconds: float = 0.0) -> None:
        """The GUI drew the last frame, in ``gui_seconds`` (thread-safe): the next may come."""
        with self._lock:
            if self._loop is not None:
                self._loop.frame_done(gui_seconds)
            elif self._engine is not None:
                self._engine.send(FrameDone(gui_seconds))

    def request_stop(self) -> None:
        """Ask the loop to end; ``run`` returns soon after (a stuck process is killed)."""
        with self._lock:
            self._stopping = True
            self._stop_deadline = time.monotonic() + STOP_WAIT_S
        self.post(Stop())

    def _deliver(self, command: Command) -> None:  # under self._lock
        if self._loop is not None:
            self._loop.post(command)
        else:
            self._engine.send(command)

    def _attach(self, engine: Any = None, loop: LiveLoop | None = None) -> None:
        """Make ``engine`` or ``loop`` the target of commands; hand it what was posted."""
        with self._lock:
            self._engine, self._loop = engine, loop
            pending, self._pending = self._pending, []
            for command in pending:
                self._deliver(command)

    # -------------------------------------------------------------------- the worker thread
    @Slot()
    def run(self) -> None:
        """Connected to ``QThread.started``; returns when asked to stop."""
        if self._backend == "process":
            self._run_processes()
        if self._backend == "thread" and not self._stopping:
            loop = LiveLoop(self.event.emit, THREAD_BUDGET)
            self._attach(loop=loop)
            loop.run()

    def _run_processes(self) -> None:
        """Start training processes and relay their events until asked to stop."""
        from playground.core.train.live_process import EngineProcess

        while not self._stopping:
            try:
                engine = EngineProcess()
            except Exception as exc:  # no processes here (a sandbox, a frozen app)
                self.event.emit(Failed(0, self.tr(
                    "training runs in the window's process ({0})").format(exc)))
                self._backend = "thread"
                break
            self._attach(engine=engine)
            self._relay_events(engine)
            with self._lock:
                self._engine = None  # posts wait in _pending for the next process
                stopping = self._stopping
            code = engine.stop(1.0 if stopping else STOP_WAIT_S)
            if stopping:
                return
            how = (self.tr("exit code {0}").format(code) if code is None or code >= 0
                   else self.tr("signal {0}").format(-code))
            if code == -SIGKILL:
                self.killed.emit(how)
                continue
            self.restarts += 1
            if self.restarts > MAX_RESTARTS:
                self._backend = "thread"
                self.event.emit(Failed(0, self.tr(
                    "The training process crashed again ({0}); training now runs in the "
                    "window's process.").format(how)))
            self.restarted.emit(how)
            if self._backend == "thread":
                return

    def _relay(self, event: Event) -> None:
        self.event.emit(event)

    def _relay_events(self, engine: Any) -> None:
        while True:
            with self._lock:
                if self._stopping and time.monotonic() > self._stop_deadline:
                    return  # it did not end in time: stop() kills it
            try:
                event = engine.receive(_POLL_S)
            except (EOFError, OSError):
                return  # the process ended
            if event is not None:
                self._relay(event)
                if not self._warmed and isinstance(event, SnapshotReady):
                    self._warm_imports()

    def _warm_imports(self) -> None:
        """Import torch for the window's own pages (the lab, backprop, stability) in the
        background once the first frame is on screen: not before, where it would compete with
        the training process's import of torch for the cores and delay that frame (on 2
        cores, 3.0 s instead of 1.8 s), and not in the GUI thread on a page's first visit."""
        self._warmed = True
        threading.Thread(target=_import_modules, args=(_WINDOW_NEEDS,), name="warm-imports",
                         daemon=True).start()


# Imported in the background by the window's process, not in the GUI thread on first use.
# Not torch._dynamo (which torch.optim's constructor imports): importing it in a second
# thread while the GUI thread runs torch ops fails intermittently ("'_OpNamespace' 'prims'
# object has no attribute 'sum'"); the optimizer lab imports it on its first race instead.
_WINDOW_NEEDS = ("playground.core.model.head", "playground.core.train.trainer")


def _import_modules(names: tuple[str, ...]) -> None:
    import importlib

    for name in names:
        importlib.import_module(name)
