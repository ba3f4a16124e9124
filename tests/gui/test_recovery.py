"""Nothing lost (issue 13): unsaved edits are autosaved to a recovery file in the data folder
within seconds, offered back after a crash (a real SIGKILL of a window process), and removed
on a clean exit."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from playground.core.train.resume_file import load_resume, save_resume
from playground.gui import recovery
from playground.gui.recovery import AUTOSAVE_DELAY_MS, recovery_path, weights_path
from tests.gui.conftest import wait_for_snapshot

DEAD_PID = 2**22 + 4321  # above Linux's pid_max: no such process


def _answer(monkeypatch, button, asked):
    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))


def test_an_edit_is_autosaved_within_seconds_and_removed_on_a_clean_exit(qtbot, window,
                                                                         data_folder):
    assert AUTOSAVE_DELAY_MS <= 10_000
    window.session.update({"training.learning_rate": 0.25}, "lr")
    path = recovery_path()
    assert path.parent == data_folder
    qtbot.waitUntil(path.exists, timeout=AUTOSAVE_DELAY_MS + 3000)
    doc = json.loads(path.read_text())
    assert doc["pid"] == os.getpid()
    assert doc["experiment"]["training"]["learning_rate"] == 0.25
    window.session.undo_stack.undo()  # back to the saved state: nothing to recover
    qtbot.waitUntil(lambda: not path.exists(), timeout=AUTOSAVE_DELAY_MS + 3000)
    window.session.update({"training.learning_rate": 0.5}, "lr")
    window.recovery.save_now()
    assert path.exists()
    window.session.undo_stack.setClean()
    window.close()
    assert not path.exists()


def test_a_crashed_sessions_experiment_is_offered_and_restored(qtbot, window, data_folder,
                                                               monkeypatch, tmp_path):
    source = tmp_path / "mine.json"
    spec = window.session.spec.replace({"training.learning_rate": 0.125, "name": "lost"})
    (data_folder / f"recovery-{DEAD_PID}.json").write_text(json.dumps(
        {"pid": DEAD_PID, "saved_at": 0, "path": str(source),
         "experiment": spec.to_dict()}))
    asked: list[str] = []
    _answer(monkeypatch, QMessageBox.StandardButton.Yes, asked)
    assert window.recovery.offer_restore() is True
    assert asked and "mine.json" in asked[0]
    assert window.session.spec == spec and window.document.path == source
    assert not window.session.undo_stack.isClean()  # unsaved until saved
    assert not (data_folder / f"recovery-{DEAD_PID}.json").exists()
    assert recovery_path().exists()  # now this window's own recovery file


def test_declining_removes_the_leftover_and_a_live_windows_file_is_left_alone(
        qtbot, window, data_folder, monkeypatch):
    spec = window.session.spec.replace({"name": "other"})
    leftover = data_folder / f"recovery-{DEAD_PID}.json"
    leftover.write_text(json.dumps({"pid": DEAD_PID, "experiment": spec.to_dict()}))
    live = data_folder / f"recovery-{os.getppid()}.json"  # a running process: another window
    live.write_text(json.dumps({"pid": os.getppid(), "experiment": spec.to_dict()}))
    (data_folder / "recovery-1x.json").write_text("{")  # garbage: removed quietly
    asked: list[str] = []
    _answer(monkeypatch, QMessageBox.StandardButton.No, asked)
    before = window.session.spec
    assert window.recovery.offer_restore() is False and asked
    assert window.session.spec == before and not leftover.exists() and live.exists()
    assert window.recovery.offer_restore() is False and len(asked) == 1


CRASHING_WINDOW = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from playground.gui.main_window import MainWindow
    from playground.gui.recovery import recovery_path, weights_path
    app = QApplication([])
    window = MainWindow()
    window.show()
    window.start()
    window.session.update({"training.learning_rate": 0.375}, "lr")
    window.session.play()
    import json
    def kept_epoch():
        try:
            return json.loads(recovery_path().read_text())["epoch"]
        except (OSError, ValueError, KeyError):
            return 0
    while not (kept_epoch() > 0 and weights_path(recovery_path()).exists()):
        app.processEvents()
    os.kill(os.getpid(), signal.SIGKILL)  # no clean exit: what a crash or kill -9 does
""")


def test_kill_relaunch_restore(qtbot, window, data_folder, monkeypatch):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PLAYGROUND_DATA_DIR": str(data_folder)}
    done = subprocess.run([sys.executable, "-c", CRASHING_WINDOW], env=env, timeout=120,
                          cwd=Path(recovery.__file__).resolve().parents[2], capture_output=True)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()[-2000:]
    assert list(data_folder.glob("recovery-*.json"))
    asked: list[str] = []
    _answer(monkeypatch, QMessageBox.StandardButton.Yes, asked)
    assert window.recovery.offer_restore() is True
    assert window.session.spec.training.learning_rate == 0.375
    assert not window.session.undo_stack.isClean()
    assert [p.name for p in data_folder.glob("recovery-*.json")] == [recovery_path().name]
    epoch = int(asked[0].split("epoch ")[1].split(".")[0])  # the trained weights came back too
    assert epoch > 0
    wait_for_snapshot(qtbot, window.session, lambda snap: snap.epoch == epoch)


def _trained_point(spec, epochs: int):
    from playground.core.train.link import Resume
    from playground.core.train.trainer import Trainer, fit

    return Resume.from_snapshot(fit(Trainer(spec), epochs).snapshot(grid=False))


def test_a_training_run_autosaves_its_weights_and_a_clean_exit_removes_them(qtbot, window,
                                                                            data_folder):
    window.session.play()
    target = recovery_path()
    qtbot.waitUntil(lambda: weights_path(target).exists() and target.exists(),
                    timeout=AUTOSAVE_DELAY_MS + 20_000)
    doc = json.loads(target.read_text())
    assert doc["epoch"] > 0 and doc["unsaved"] is False  # saved experiment, trained weights
    point = load_resume(weights_path(target))
    assert point.epoch == doc["epoch"]
    window.session.pause()
    window.close()
    assert not target.exists() and not weights_path(target).exists()


def test_recovered_weights_come_back_as_the_run_s_epoch(qtbot, window, data_folder,
                                                      monkeypatch):
    spec = window.session.spec
    leftover = data_folder / f"recovery-{DEAD_PID}.json"
    leftover.write_text(json.dumps({"pid": DEAD_PID, "saved_at": 0, "path": None,
                                    "unsaved": False, "epoch": 7,
                                    "experiment": spec.to_dict()}))
    save_resume(weights_path(leftover), _trained_point(spec, 7))
    asked: list[str] = []
    _answer(monkeypatch, QMessageBox.StandardButton.Yes, asked)
    assert window.recovery.offer_restore() is True
    assert "trained to epoch 7" in asked[0] and "Restore it?" in asked[0]
    snap = wait_for_snapshot(qtbot, window.session, lambda s: s.epoch == 7)
    assert len(snap.history["train_loss"]) == 8
    assert window.session.undo_stack.isClean()  # only the weights were unsaved
    assert not leftover.exists() and not weights_path(leftover).exists()


def test_damaged_recovered_weights_restore_the_experiment_and_say_so(qtbot, window,
                                                                    data_folder, monkeypatch):
    spec = window.session.spec.replace({"training.learning_rate": 0.0625})
    leftover = data_folder / f"recovery-{DEAD_PID}.json"
    leftover.write_text(json.dumps({"pid": DEAD_PID, "saved_at": 0, "path": None,
                                    "unsaved": True, "epoch": 5,
                                    "experiment": spec.to_dict()}))
    weights_path(leftover).write_bytes(b"PK\x03\x04 not really")
    errors: list[str] = []
    window.session.error.connect(errors.append)
    _answer(monkeypatch, QMessageBox.StandardButton.Yes, [])
    assert window.recovery.offer_restore() is True
    assert window.session.spec == spec
    assert errors and "could not be restored" in errors[-1] and "\n" not in errors[-1]
