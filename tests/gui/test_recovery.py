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

from playground.gui import recovery
from playground.gui.recovery import AUTOSAVE_DELAY_MS, recovery_path

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
    from playground.gui.recovery import recovery_path
    app = QApplication([])
    window = MainWindow()
    window.show()
    window.session.update({"training.learning_rate": 0.375}, "lr")
    while not recovery_path().exists():
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
