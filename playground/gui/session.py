"""The one object controls talk to: owns the current experiment, its undo stack and the worker.

Data flow (see ARCHITECTURE.md): a control calls ``update({...}, "text")``; the session builds the
new spec (validation happens there), pushes an undoable edit, and hands the spec to the worker —
live changes (learning rate, regularization, ...) to the running trainer, structural ones
(data, layers) as a fresh trainer under a new version number. Snapshots of older versions are
dropped here, so views only ever see the current run. Commands and events are the typed values
of ``core.train.link``; whether the run is training is the loop's to say (``RunningChanged``).
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QUndoStack

from playground.core.data.raw import Prepared
from playground.core.spec import Spec, SpecError, is_live_change
from playground.core.train.link import (
    Build,
    DevicesFound,
    Epoch,
    Failed,
    FileDone,
    FileFailed,
    LiveEdit,
    LoadWeights,
    Pause,
    Play,
    Resume,
    RunningChanged,
    RunStatus,
    SaveWeights,
    SetWeight,
    SnapshotReady,
    Step,
    StopAtEpochs,
    TrainerReady,
)
from playground.core.train.snapshot import Snapshot
from playground.gui.i18n import core_message
from playground.gui.run_recovery import RunRecovery
from playground.gui.runner import WorkerThread
from playground.gui.undo import SpecEdit
from playground.gui.worker import TrainWorker

# A frame's measured GUI cost is capped: other work between two frames (a dialog, a slider
# drag, a page being built) is not the frames' cost.
_MAX_FRAME_COST_S = 0.1
# Edits of these fields make a preset's name wrong ("circle, [4, 2] tanh"), so it is marked.
RENAMING_KEYS = ("data.dataset", "data.features", "data.points", "data.path", "data.target",
                 "data.task", "model.layers", "training.loss", "training.optimizer",
                 "training.solver")
_STOP_WAIT_MS = 60_000  # closing waits for the slice (or data build) in progress, at most this


class Session(QObject, RunRecovery):
    """The current experiment and its training run, shared by every control and view."""

    spec_changed = Signal(object)  # the new Spec after any edit, undo or load
    data_changed = Signal(object)  # a Prepared for the run that just started
    snapshot_ready = Signal(object)  # a Snapshot of the current version, <= 60 per second
    status_changed = Signal(str)  # one line for the status bar
    error = Signal(str)  # a user-facing message about a setting or the run
    running_changed = Signal(bool)  # training started (True) or stopped
    devices_changed = Signal(object)  # list[str] of usable devices, once torch has loaded
    device_changed = Signal(str)  # label of the device the current run trains on
    file_done = Signal(str, str)  # what ("export_weights"/"import_weights"), path
    file_failed = Signal(str, str)  # what, message (shown in a message box)
    run_failed = Signal(str)  # the run could not be built or stopped on an error (the banner)
    notice = Signal(str)  # one line about what an edit also changed (the status bar)

    def __init__(self, spec: Spec | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._spec = spec if spec is not None else Spec()
        self._version = 0
        self._running = False
        self._prepared: Prepared | None = None
        self._last_snapshot: Snapshot | None = None
        self._devices: list[str] = []
        self._status = ""
        self.undo_stack = QUndoStack(self)
        self._worker = TrainWorker()
        # The loop runs in run() (started with the thread) and returns only when asked to stop.
        self._runner = WorkerThread(self._worker, "TrainWorker", _STOP_WAIT_MS,
                                    on_started=self._worker.run)
        self._worker.event.connect(self._on_event)
        self._worker.restarted.connect(self._on_worker_restarted)
        self._worker.killed.connect(self._on_worker_killed)
        self._needs_build = False  # the training process was killed: build again on Play
        self._pending_resume: Resume | None = None  # where that build goes on from
        self._resumed_at = (0, 0)  # (epoch, step) the current run went on from
        self._auto_resumes = 0  # runs resumed by themselves since the user last asked
        self._closed = False
        self._frame_received_at = 0.0  # this thread's CPU clock at the last frame
        self._frame_cost = 0.0
        app = QCoreApplication.instance()
        if app is not None:
            # However the application ends, the worker thread is stopped before Qt tears down.
            app.aboutToQuit.connect(self.shutdown)

    # ---------------------------------------------------------------------------- life cycle
    def start(self) -> None:
        """Start the worker thread and build the first run (call once the window shows)."""
        if self._runner.thread.isRunning() or self._closed:
            return
        self._runner.ensure_started()
        self._rebuild(play=False)
        self._set_status(self.tr("Starting the engine…"))
        self._show_data_early()

    def _show_data_early(self) -> None:
        """Show the data, the features and the network at once, before the training process
        has imported torch: a generated or bundled set is prepared here (numpy only, well
        under a millisecond for the presets); the run's own copy replaces it when it comes."""
        if self._spec.data.path:
            return  # the user's file: read once, by the training process
        from playground.core.data.raw import prepare

        try:
            prepared = prepare(self._spec)
        except Exception:  # noqa: BLE001 - the training process reports the problem
            return
        if self._prepared is None:
            self._prepared = prepared
            self.data_changed.emit(prepared)

    @Slot()
    def shutdown(self) -> None:
        """Stop the worker and wait for its thread (safe to call twice)."""
        if self._closed:
            return
        self._closed = True
        self._runner.shutdown(before_quit=self._worker.request_stop)

    @property
    def thread(self) -> QThread:
        """The training thread (tests check it ends)."""
        return self._runner.thread

    # -------------------------------------------------------------------------- properties
    @property
    def spec(self) -> Spec:
        """The current experiment (frozen)."""
        return self._spec

    @property
    def version(self) -> int:
        """Number of the current run; snapshots with another number are dropped."""
        return self._version

    @property
    def is_running(self) -> bool:
        """True while training (after play until pause, divergence or early stopping)."""
        return self._running

    @property
    def prepared(self) -> Prepared | None:
        """The current run's data, once the worker has built it."""
        return self._prepared

    @property
    def last_snapshot(self) -> Snapshot | None:
        """The newest snapshot of the current run (None before the first)."""
        return self._last_snapshot

    @property
    def devices(self) -> list[str]:
        """Usable torch devices (empty until torch has loaded in the worker)."""
        return list(self._devices)

    # ------------------------------------------------------------------------------- edits
    def update(self, changes: dict[str, Any], text: str, merge_key: str | None = None) -> bool:
        """Apply dotted-key changes as one undoable edit named ``text``.

        Returns False (and emits ``error``) when the new experiment does not validate.
        Consecutive edits with the same ``merge_key`` fold into one undo entry.
        """
        changes = self._renamed(changes)
        try:
            new = self._spec.replace(changes)
        except SpecError as exc:
            self.error.emit(str(exc))
            # Controls resync to the spec that stands, so no widget keeps showing a bad value.
            self.spec_changed.emit(self._spec)
            return False
        if new == self._spec:
            return True
        self.undo_stack.push(SpecEdit(self, self._spec, new, text, merge_key))
        return True

    def _renamed(self, changes: dict[str, Any]) -> dict[str, Any]:
        """``changes`` plus a name that says the experiment is no longer the one it names:
        a preset's "TF Playground: circle, [4, 2] tanh" becomes "... (modified)" once its data,
        features, layers, loss or optimizer change (undo brings the name back with them)."""
        name = self._spec.name
        if not name or "name" in changes or not any(
                key.startswith(RENAMING_KEYS) for key in changes):
            return changes
        template = QCoreApplication.translate("Session", "{0} (modified)")
        if re.fullmatch(re.escape(template).replace(re.escape("{0}"), ".+"), name):
            return changes
        return {**changes, "name": template.format(name)}

    def set_loss(self, loss: str | None) -> bool:
        """Switch the loss as one undoable edit; the output activation follows it (a tanh
        output goes back to auto under a cross-entropy) and ``notice`` says so."""
        from playground.core.model.head import follow_loss

        prepared = self._prepared
        task = prepared.task if prepared is not None else "classification"
        classes = prepared.n_classes if prepared is not None else 2
        changes, note = follow_loss(self._spec, loss, task, classes)
        name = loss or "auto"
        text = QCoreApplication.translate("Session", "Loss: {0}").format(name)
        if note:
            text = QCoreApplication.translate("Session", "Loss: {0}; {1}").format(
                name, core_message(note))
        ok = self.update(changes, text)
        if ok and note:
            self.notice.emit(text)
        return ok

    def load(self, spec: Spec) -> None:
        """Replace the experiment (File > Open / New): a fresh run, an empty undo history."""
        self.undo_stack.clear()
        self._spec = spec
        self._rebuild(play=False)
        self.undo_stack.setClean()
        self.spec_changed.emit(spec)

    def _apply_spec(self, spec: Spec) -> None:
        """Called by SpecEdit's redo/undo: make ``spec`` current and tell the worker."""
        old, self._spec = self._spec, spec
        if is_live_change(old, spec):
            self._worker.post(LiveEdit(spec))
        else:
            self._rebuild(play=None)
        self.spec_changed.emit(spec)

    def _rebuild(self, play: bool | None, resume: Resume | None = None,
                 by_user: bool = True) -> None:
        self._needs_build = False
        self._pending_resume = None
        self._resumed_at = (resume.epoch, resume.step) if resume is not None else (0, 0)
        if by_user:
            self._auto_resumes = 0
        self._version += 1
        self._worker.post(Build(self._spec, self._version, play, resume))

    # ---------------------------------------------------------------------------- commands
    def play(self) -> None:
        """Train continuously."""
        if self._needs_build:
            self._rebuild(play=True, resume=self._pending_resume)
            return
        self._worker.post(Play())

    def pause(self) -> None:
        """Stop training; the run keeps its state."""
        self._worker.post(Pause())

    def toggle(self) -> None:
        """Play when paused, pause when playing."""
        if self._running:
            self.pause()
        else:
            self.play()

    def step(self) -> None:
        """Train one minibatch (pauses first)."""
        if self._needs_build:
            self._rebuild(play=False, resume=self._pending_resume)
        self._worker.post(Step())

    def step_epoch(self) -> None:
        """Train to the end of the current epoch (pauses first)."""
        if self._needs_build:
            self._rebuild(play=False, resume=self._pending_resume)
        self._worker.post(Epoch())

    def reset(self) -> None:
        """Start the run over with fresh weights (same experiment), paused."""
        self._rebuild(play=False)

    def set_weight(self, layer: int, row: int, col: int, value: float) -> None:
        """Set one weight of dense layer ``layer`` (output layer last) in the running model."""
        self._worker.post(SetWeight(layer, row, col, float(value)))

    def set_stop_at_epochs(self, enabled: bool) -> None:
        """Pause by itself once training.epochs epochs are done (off: train until paused)."""
        self._worker.post(StopAtEpochs(bool(enabled)))

    def export_weights(self, path: str | Path) -> None:
        """Write the current weights (format by suffix); answers with file_done/file_failed."""
        self._worker.post(SaveWeights(str(path)))

    def import_weights(self, path: str | Path) -> None:
        """Load weights into the current network (in the worker thread, between steps)."""
        self._worker.post(LoadWeights(str(path)))

    # ------------------------------------------------------------------------ worker slots
    @Slot(object)
    def _on_event(self, event: object) -> None:
        """Every event of the loop, in the GUI thread."""
        match event:
            case SnapshotReady(snap):
                self._on_snapshot(snap)
            case TrainerReady(version, prepared, spec, device):
                self._on_trainer_ready(version, prepared, spec, device)
            case RunningChanged(running, why):
                self._on_running_changed(running, why)
            case Failed(version, message):
                self._on_failed(version, message)
            case DevicesFound(devices):
                self._devices = list(devices)
                self.devices_changed.emit(list(devices))
            case FileDone(what, path):
                self.file_done.emit(what, path)
            case FileFailed(what, message):
                self.file_failed.emit(what, message)

    def _on_trainer_ready(self, version: int, prepared: Prepared, spec: Spec,
                          device: str) -> None:
        if version != self._version:
            return
        self._prepared = prepared
        self._last_snapshot = None
        self.device_changed.emit(device)
        self.data_changed.emit(prepared)
        self._set_status((self.tr("Training on {0}") if self._running
                          else self.tr("Ready on {0}")).format(device))

    def _on_snapshot(self, snap: Snapshot) -> None:
        # What a frame costs this thread: all its CPU time since the previous frame (drawing,
        # the repaints after it, the labels), not wall time (waiting for the GIL is not a cost).
        now = time.thread_time()
        self._frame_cost = min(now - self._frame_received_at, _MAX_FRAME_COST_S)
        self._frame_received_at = now
        try:
            if snap.version == self._version and not self._closed:
                self._last_snapshot = snap
                self.snapshot_ready.emit(snap)
                if snap.status == RunStatus.DIVERGED:
                    self._set_status(self.tr("diverged: {0}").format(core_message(snap.message)))
        finally:
            # Acknowledge even a dropped frame, or the worker would wait for it forever. A zero
            # timer fires after the repaints the views asked for, so the worker learns what a
            # frame really costs here and paces the next ones.
            QTimer.singleShot(0, self._acknowledge_frame)

    @Slot()
    def _acknowledge_frame(self) -> None:
        self._worker.frame_done(self._frame_cost)

    def _on_failed(self, version: int, message: str) -> None:
        if version not in (0, self._version):
            return  # about a run that was already replaced
        self._on_running_changed(False, "")
        self._set_status(self.tr("Error: {0}").format(core_message(message)))
        self.error.emit(message)
        self.run_failed.emit(message)

    def _on_running_changed(self, running: bool, why: str) -> None:
        if why:
            self._set_status(core_message(why))
        elif self._prepared is not None:
            self._set_status(self.tr("Training") if running else self.tr("Paused"))
        if running != self._running:
            self._running = running
            self.running_changed.emit(running)

    def report_error(self, message: str) -> None:
        """Show a user-facing message about a setting (controls use it for edits they refuse)."""
        self.error.emit(message)

    def _set_status(self, text: str) -> None:
        if text != self._status:
            self._status = text
            self.status_changed.emit(text)

    @property
    def status(self) -> str:
        """The last status line."""
        return self._status
