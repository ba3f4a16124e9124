"""Session: edits validate and undo, reach the running trainer live or restart it."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QObject, Slot

from playground.core.files.presets import default_spec
from playground.gui.session import Session
from tests.gui.conftest import SNAPSHOT_TIMEOUT_MS, wait_for_snapshot


class Collector(QObject):
    """Records what the session emits, in the GUI thread."""

    def __init__(self, session: Session):
        super().__init__()
        self.snapshots: list = []
        self.errors: list[str] = []
        self.specs: list = []
        self.data: list = []
        session.snapshot_ready.connect(self.on_snapshot)
        session.error.connect(self.on_error)
        session.spec_changed.connect(self.on_spec)
        session.data_changed.connect(self.on_data)

    @Slot(object)
    def on_snapshot(self, snap) -> None:
        self.snapshots.append(snap)

    @Slot(str)
    def on_error(self, message: str) -> None:
        self.errors.append(message)

    @Slot(object)
    def on_spec(self, spec) -> None:
        self.specs.append(spec)

    @Slot(object)
    def on_data(self, prepared) -> None:
        self.data.append(prepared)


def test_play_until_the_loss_falls(qtbot, session):
    first = wait_for_snapshot(qtbot, session)
    start_loss = first.metrics["train_loss"]
    session.play()
    qtbot.waitUntil(lambda: session.is_running, timeout=SNAPSHOT_TIMEOUT_MS)
    trained = wait_for_snapshot(qtbot, session, lambda s: s.epoch >= 30)
    assert trained.metrics["train_loss"] < 0.8 * start_loss
    session.pause()
    qtbot.waitUntil(lambda: not session.is_running)


def test_lr_edit_while_running_continues_the_same_run(qtbot, session):
    wait_for_snapshot(qtbot, session)
    session.play()
    before = wait_for_snapshot(qtbot, session, lambda s: s.epoch >= 5)
    version = session.version
    assert session.update({"training.learning_rate": 0.1}, "Learning rate 0.1")
    after = wait_for_snapshot(qtbot, session, lambda s: s.learning_rate == pytest.approx(0.1))
    assert session.version == version  # live: no new run
    assert after.epoch >= before.epoch  # not reset
    later = wait_for_snapshot(qtbot, session, lambda s: s.epoch >= after.epoch + 5)
    assert later.learning_rate == pytest.approx(0.1)
    assert session.is_running


def test_structural_edit_starts_a_new_run_and_drops_old_frames(qtbot, session):
    collector = Collector(session)
    wait_for_snapshot(qtbot, session)
    session.play()
    wait_for_snapshot(qtbot, session, lambda s: s.epoch >= 3)
    old_version = session.version
    layers = [{"type": "dense", "units": 3, "activation": "relu"}]
    assert session.update({"model.layers": layers}, "One layer")
    assert session.version == old_version + 1
    qtbot.waitUntil(lambda: len(collector.data) >= 1, timeout=SNAPSHOT_TIMEOUT_MS)
    snap = wait_for_snapshot(qtbot, session, lambda s: s.version == old_version + 1)
    assert len(snap.weights) == 2  # one hidden layer + output
    # Once the new run has spoken, no frame of the old one reaches the views.
    seen_new = False
    for s in collector.snapshots:
        seen_new = seen_new or s.version == old_version + 1
        assert not (seen_new and s.version == old_version)
    assert session.is_running  # structural edits keep playing


def test_an_invalid_edit_is_refused_with_a_message(qtbot, session):
    collector = Collector(session)
    before = session.spec
    assert not session.update({"training.learning_rate": -1}, "bad lr")
    assert session.spec == before
    assert session.undo_stack.count() == 0
    assert "training.learning_rate" in collector.errors[-1]
    assert collector.specs[-1] == before  # controls resync to the standing spec


def test_undo_and_redo_an_edit(qtbot, session):
    collector = Collector(session)
    wait_for_snapshot(qtbot, session)
    session.update({"training.learning_rate": 0.3}, "Learning rate 0.3")
    assert session.undo_stack.undoText() == "Learning rate 0.3"
    session.undo_stack.undo()
    assert session.spec.training.learning_rate == pytest.approx(0.03)
    assert collector.specs[-1].training.learning_rate == pytest.approx(0.03)
    session.undo_stack.redo()
    assert session.spec.training.learning_rate == pytest.approx(0.3)
    assert not session.undo_stack.isClean()


def test_edits_with_one_merge_key_are_one_undo_entry(qtbot, session):
    for lr in (0.04, 0.05, 0.06):
        session.update({"training.learning_rate": lr}, f"lr {lr}", "drag#1")
    assert session.undo_stack.count() == 1
    session.update({"training.learning_rate": 0.03}, "lr back", "drag#1")
    assert session.undo_stack.count() == 0  # ended where it began: nothing to undo
    session.update({"training.learning_rate": 0.1}, "lr", "drag#2")
    session.update({"training.learning_rate": 0.2}, "lr", "drag#3")
    assert session.undo_stack.count() == 2


def test_a_build_error_is_reported_and_undo_recovers(qtbot, session):
    collector = Collector(session)
    wait_for_snapshot(qtbot, session)
    assert session.update({"data.dataset": "drawn", "data.points": []}, "Draw")
    qtbot.waitUntil(lambda: bool(collector.errors), timeout=SNAPSHOT_TIMEOUT_MS)
    assert "data.points" in collector.errors[-1]
    session.undo_stack.undo()
    qtbot.waitUntil(lambda: bool(collector.data), timeout=SNAPSHOT_TIMEOUT_MS)
    assert collector.data[-1].x_train.shape == (250, 2)


def test_set_weight_reaches_the_model(qtbot, session):
    wait_for_snapshot(qtbot, session)
    session.set_weight(0, 1, 0, 2.5)
    snap = wait_for_snapshot(qtbot, session, lambda s: s.weights[0][1, 0] == pytest.approx(2.5))
    assert snap.epoch == 0


def test_step_epoch_and_reset(qtbot, session):
    wait_for_snapshot(qtbot, session)
    session.step()
    wait_for_snapshot(qtbot, session, lambda s: s.step == 1)
    session.step_epoch()
    wait_for_snapshot(qtbot, session, lambda s: s.epoch == 1)
    version = session.version
    session.reset()
    assert session.version == version + 1 and not session.is_running
    snap = wait_for_snapshot(qtbot, session, lambda s: s.version == version + 1)
    assert (snap.epoch, snap.step) == (0, 0)


def test_load_replaces_the_experiment_and_clears_history(qtbot, session):
    session.update({"training.learning_rate": 0.3}, "lr")
    spec = default_spec().replace({"name": "loaded", "seed": 5})
    session.load(spec)
    assert session.spec == spec
    assert session.undo_stack.count() == 0 and session.undo_stack.isClean()
    wait_for_snapshot(qtbot, session, lambda s: s.version == session.version)


def test_shutdown_while_running_stops_the_thread(qtbot):
    s = Session(default_spec())
    s.start()
    wait_for_snapshot(qtbot, s)
    s.play()
    wait_for_snapshot(qtbot, s, lambda snap: snap.epoch >= 2)
    s.shutdown()
    assert not s.thread.isRunning()
    s.shutdown()  # twice is fine


def test_a_training_process_killed_mid_run_goes_on_from_the_last_frame(qtbot, session):
    import os
    import signal

    rec = Collector(session)
    wait_for_snapshot(qtbot, session)
    session.play()
    wait_for_snapshot(qtbot, session, lambda s: s.epoch >= 30)
    before = session.last_snapshot
    version, pid = session.version, session._worker.process_id
    os.kill(pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: any("killed" in m for m in rec.errors), timeout=SNAPSHOT_TIMEOUT_MS)
    # A new process builds the run again by itself, from the last frame, and trains on.
    snap = wait_for_snapshot(qtbot, session, lambda s: s.version > version
                             and s.epoch > before.epoch)
    assert session._worker.process_id not in (None, pid)
    resumed_from = int(rec.errors[-1].split("epoch ")[1].split(",")[0])
    assert resumed_from >= before.epoch  # no epoch the window saw is lost
    assert len(snap.history["train_loss"]) == snap.epoch + 1
    np.testing.assert_array_equal(snap.history["train_loss"][:before.epoch + 1],
                                  before.history["train_loss"])
    assert session.is_running
    session.pause()


def test_a_killed_training_process_waits_for_play_then_builds_again(qtbot, session):
    import os
    import signal

    rec = Collector(session)
    wait_for_snapshot(qtbot, session)
    version = session.version
    pid = session._worker.process_id
    os.kill(pid, signal.SIGKILL)  # what the OOM killer does to a network that did not fit
    qtbot.waitUntil(lambda: any("killed" in m for m in rec.errors), timeout=SNAPSHOT_TIMEOUT_MS)
    qtbot.waitUntil(lambda: session._worker.process_id not in (None, pid),
                    timeout=SNAPSHOT_TIMEOUT_MS)
    qtbot.wait(300)
    assert session.version == version  # nothing rebuilt by itself: no kill loop
    session.play()
    wait_for_snapshot(qtbot, session, lambda s: s.version > version and s.epoch >= 1)
    session.pause()


def test_the_data_shows_before_the_engine_has_started(qtbot):
    """start() prepares a generated set in the window's process (numpy only), so the data,
    the features and the network are drawn before the training process has imported torch;
    the run's own copy, when it comes, holds the same data."""
    s = Session(default_spec())
    shown: list = []
    s.data_changed.connect(shown.append)
    try:
        s.start()
        assert len(shown) == 1 and s.prepared is shown[0]  # at once, no event loop yet
        early = shown[0]
        qtbot.waitUntil(lambda: len(shown) == 2, timeout=SNAPSHOT_TIMEOUT_MS)
        np.testing.assert_array_equal(shown[1].x_train, early.x_train)
        np.testing.assert_array_equal(shown[1].y_test, early.y_test)
    finally:
        s.shutdown()
