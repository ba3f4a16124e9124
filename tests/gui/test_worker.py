"""TrainWorker in its own QThread, with the loop in a training process (the default) or in the
thread: builds, trains, reports errors, paces frames, stops, survives a crashed process."""

from __future__ import annotations

import multiprocessing
import os
import signal

import numpy as np
import pytest
from PySide6.QtCore import QObject, QThread, Slot

from playground.core.files.presets import default_spec
from playground.core.train.link import (
    Build,
    Epoch,
    Failed,
    FileFailed,
    LiveEdit,
    Pause,
    Play,
    RunningChanged,
    SaveWeights,
    SnapshotReady,
    Step,
    TrainerReady,
    coalesce,
)
from playground.gui.worker import TrainWorker

TIMEOUT_MS = 30_000


class Recorder(QObject):
    """Receives the worker's signals in the GUI thread (QObject slots: queued connections;
    pytest-qt's waitSignal would run its callback in the worker thread)."""

    def __init__(self, worker: TrainWorker, acknowledge: bool):
        super().__init__()
        self.worker, self.acknowledge = worker, acknowledge
        self.frames: list = []
        self.ready: list = []
        self.failures: list = []
        self.file_failures: list = []
        self.running: list = []
        self.restarts = 0
        self.kills = 0
        self.ends: list[str] = []  # how each replaced process ended
        worker.event.connect(self.on_event)
        worker.restarted.connect(self.on_restarted)
        worker.killed.connect(self.on_killed)

    @Slot(object)
    def on_event(self, event) -> None:
        match event:
            case SnapshotReady(snap):
                self.frames.append(snap)
                if self.acknowledge:
                    self.worker.frame_done()
            case TrainerReady(version, prepared, spec, device):
                self.ready.append((version, prepared, spec, device))
            case Failed(version, message):
                self.failures.append((version, message))
            case FileFailed(what, message):
                self.file_failures.append((what, message))
            case RunningChanged(running, why):
                self.running.append((running, why))

    @Slot(str)
    def on_restarted(self, how: str) -> None:
        self.restarts += 1
        self.ends.append(how)

    @Slot(str)
    def on_killed(self, how: str) -> None:
        self.kills += 1
        self.ends.append(how)


@pytest.fixture(params=["process", "thread"])
def backend(request) -> str:
    return request.param


@pytest.fixture(params=[True])
def rec(qtbot, request, backend):
    """A TrainWorker running in a QThread and a Recorder of its signals (frames acknowledged
    unless the param says False); the thread is stopped and joined at the end."""
    thread = QThread()
    thread.setObjectName("test-worker")
    worker = TrainWorker(backend=backend)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    recorder = Recorder(worker, request.param)
    thread.start()
    yield recorder
    worker.request_stop()
    thread.quit()
    assert thread.wait(30_000)
    assert not multiprocessing.active_children()  # the training process ended with the thread


def test_build_emits_trainer_ready_then_a_frame_of_that_version(qtbot, rec):
    rec.worker.post(Build(default_spec(), 7, False))
    qtbot.waitUntil(lambda: len(rec.frames) == 1, timeout=TIMEOUT_MS)
    version, prepared, spec, device = rec.ready[0]
    assert version == 7 and spec == default_spec() and device == "CPU"
    assert prepared.x_train.shape == (250, 2)
    assert rec.frames[0].version == 7 and rec.frames[0].epoch == 0


def test_play_trains_and_pause_stops(qtbot, rec):
    rec.worker.post(Build(default_spec(), 1, True))
    qtbot.waitUntil(lambda: bool(rec.frames) and rec.frames[-1].epoch >= 3, timeout=TIMEOUT_MS)
    assert rec.running[0] == (True, "")
    rec.worker.post(Pause())
    qtbot.waitUntil(lambda: rec.running[-1] == (False, ""), timeout=TIMEOUT_MS)
    qtbot.wait(300)
    settled = rec.frames[-1].epoch
    qtbot.wait(300)
    assert rec.frames[-1].epoch == settled  # no training while paused


@pytest.mark.parametrize("rec", [False], indirect=True)
def test_frames_wait_for_the_gui_to_finish_the_last_one(qtbot, rec):
    rec.worker.post(Build(default_spec(), 1, True))
    qtbot.waitUntil(lambda: len(rec.frames) == 1, timeout=TIMEOUT_MS)
    qtbot.wait(400)  # 24 frame intervals, but the first frame was never acknowledged
    assert len(rec.frames) == 1
    rec.worker.frame_done()
    qtbot.waitUntil(lambda: len(rec.frames) == 2, timeout=TIMEOUT_MS)
    assert rec.frames[1].epoch > rec.frames[0].epoch


def test_step_and_epoch_commands(qtbot, rec):
    rec.worker.post(Build(default_spec(), 1, False))
    qtbot.waitUntil(lambda: len(rec.frames) == 1, timeout=TIMEOUT_MS)
    rec.worker.post(Step())
    qtbot.waitUntil(lambda: len(rec.frames) == 2, timeout=TIMEOUT_MS)
    assert (rec.frames[1].step, rec.frames[1].epoch) == (1, 0)
    rec.worker.post(Epoch())
    qtbot.waitUntil(lambda: len(rec.frames) == 3, timeout=TIMEOUT_MS)
    assert (rec.frames[2].step, rec.frames[2].epoch) == (25, 1)  # 250 rows / batch 10


def test_a_failing_command_is_reported_and_the_thread_goes_on(qtbot, rec):
    bad = default_spec().replace({"data.dataset": "no-such-set"})
    rec.worker.post(Build(bad, 3, False))
    qtbot.waitUntil(lambda: len(rec.failures) == 1, timeout=TIMEOUT_MS)
    assert rec.failures[0][0] == 3 and "data.dataset" in rec.failures[0][1]
    rec.worker.post(SaveWeights("/tmp/never.safetensors"))  # no network after the failure
    qtbot.waitUntil(lambda: len(rec.file_failures) == 1, timeout=TIMEOUT_MS)
    assert rec.file_failures[0][0] == "export_weights" and "no network" in rec.file_failures[0][1]
    rec.worker.post(Build(default_spec(), 4, False))
    qtbot.waitUntil(lambda: len(rec.ready) == 1, timeout=TIMEOUT_MS)
    assert rec.ready[0][0] == 4


def test_divergence_stops_training_and_says_why(qtbot, rec):
    wild = default_spec().replace({"training.learning_rate": 100.0,
                                   "model.output_activation": None, "training.loss": "mse",
                                   "model.layers": [{"type": "dense", "units": 8,
                                                     "activation": "relu"}] * 3})
    rec.worker.post(Build(wild, 1, True))
    qtbot.waitUntil(lambda: bool(rec.running) and not rec.running[-1][0], timeout=TIMEOUT_MS)
    assert "diverged" in rec.running[-1][1]
    qtbot.waitUntil(lambda: bool(rec.frames) and rec.frames[-1].status == "diverged",
                    timeout=TIMEOUT_MS)


def test_coalesce_keeps_only_the_last_build_and_its_play_state():
    spec = default_spec()
    commands = [Build(spec, 1, False), LiveEdit(spec), Play(), Build(spec, 2, None), Step()]
    kept = coalesce(commands)
    assert [type(c) for c in kept] == [Pause, Play, Build, Step]
    assert kept[2].version == 2
    assert coalesce(commands[1:3]) == commands[1:3]


@pytest.mark.parametrize("backend", ["process"], indirect=True)
def test_a_crashed_training_process_is_replaced_and_said_so(qtbot, rec):
    rec.worker.post(Build(default_spec(), 1, False))
    qtbot.waitUntil(lambda: len(rec.frames) == 1, timeout=TIMEOUT_MS)
    first = rec.worker.process_id
    os.kill(first, signal.SIGSEGV)  # what a crash in native code does
    qtbot.waitUntil(lambda: rec.restarts == 1, timeout=TIMEOUT_MS)
    assert rec.ends == ["signal 11"]
    rec.worker.post(Build(default_spec(), 2, False))  # what the session does on restarted
    qtbot.waitUntil(lambda: bool(rec.frames) and rec.frames[-1].version == 2, timeout=TIMEOUT_MS)
    assert rec.worker.process_id not in (None, first)


@pytest.mark.parametrize("backend", ["process"], indirect=True)
def test_a_killed_training_process_is_replaced_but_never_rebuilt_or_moved_in(qtbot, rec):
    rec.worker.post(Build(default_spec(), 1, False))
    qtbot.waitUntil(lambda: len(rec.frames) == 1, timeout=TIMEOUT_MS)
    for kill in range(1, 6):  # more kills than MAX_RESTARTS: still a process, never a thread
        pid = rec.worker.process_id
        os.kill(pid, signal.SIGKILL)  # what the OOM killer does
        qtbot.waitUntil(lambda k=kill, p=pid: rec.kills == k and rec.worker.process_id not in
                        (None, p), timeout=TIMEOUT_MS)
    assert rec.restarts == 0 and rec.worker.backend == "process"
    assert rec.ends == ["signal 9"] * 5 and not rec.failures
    rec.worker.post(Build(default_spec(), 2, False))  # what the session does on Play
    qtbot.waitUntil(lambda: bool(rec.frames) and rec.frames[-1].version == 2, timeout=TIMEOUT_MS)


@pytest.mark.parametrize("backend", ["process"], indirect=True)
def test_frames_keep_the_weight_trajectory_across_the_process_boundary(qtbot, rec):
    rec.worker.post(Build(default_spec(), 1, True))
    qtbot.waitUntil(lambda: bool(rec.frames) and rec.frames[-1].epoch >= 20, timeout=TIMEOUT_MS)
    rec.worker.post(Pause())
    qtbot.waitUntil(lambda: rec.running[-1] == (False, ""), timeout=TIMEOUT_MS)
    snap = rec.frames[-1]
    trajectory = snap.extras["trajectory"]
    assert all(isinstance(t, np.ndarray) and not t.flags.writeable for t in trajectory)
    assert len(trajectory) == snap.epoch + 1  # one per epoch, and the initial weights
    final = np.concatenate([np.concatenate([w.ravel(), b]) for w, b in
                            zip(snap.weights, snap.biases, strict=True)])
    assert np.array_equal(trajectory[-1], final)  # parameters in state-dict order
