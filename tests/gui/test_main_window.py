"""The main window driven like a user: toolbar, shortcuts, panels, drawing, banner, closing."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from playground.gui.views import colormaps
from tests.gui.conftest import SNAPSHOT_TIMEOUT_MS, wait_for_snapshot


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_opens_on_the_default_experiment_and_plays_from_the_toolbar(qtbot, window):
    session = window.session
    assert session.spec.data.dataset == "circle"
    assert "TF Playground" in window.windowTitle() and not window.isWindowModified()
    first = wait_for_snapshot(qtbot, session)
    assert first.epoch == 0
    play_button = window.toolbar.widgetForAction(window.toolbar.play_action)
    click(qtbot, play_button)
    qtbot.waitUntil(lambda: session.is_running, timeout=SNAPSHOT_TIMEOUT_MS)
    assert window.toolbar.play_action.text() == "Pause"
    wait_for_snapshot(qtbot, session, lambda s: s.epoch >= 10)
    qtbot.waitUntil(lambda: window.toolbar.epoch_label.text() != "Epoch 000,000")
    assert window.figures.value_text("train_loss") != "–"
    click(qtbot, play_button)
    qtbot.waitUntil(lambda: not session.is_running)


def test_keyboard_shortcuts_drive_training(qtbot, window):
    session = window.session
    wait_for_snapshot(qtbot, session)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_S)
    wait_for_snapshot(qtbot, session, lambda s: s.step == 1)
    qtbot.keyClick(window, Qt.Key.Key_E)
    wait_for_snapshot(qtbot, session, lambda s: s.epoch == 1)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: session.is_running, timeout=SNAPSHOT_TIMEOUT_MS)
    wait_for_snapshot(qtbot, session, lambda s: s.epoch >= 3)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not session.is_running)
    version = session.version
    qtbot.keyClick(window, Qt.Key.Key_R)
    assert session.version == version + 1
    wait_for_snapshot(qtbot, session, lambda s: s.version == version + 1 and s.epoch == 0)


def test_typing_a_learning_rate_while_running_keeps_training(qtbot, window):
    session = window.session
    panel = window.training_panel
    wait_for_snapshot(qtbot, session)
    session.play()
    before = wait_for_snapshot(qtbot, session, lambda s: s.epoch >= 5)
    panel.lr_entry.selectAll()
    qtbot.keyClicks(panel.lr_entry, "0.1")
    qtbot.keyClick(panel.lr_entry, Qt.Key.Key_Return)
    assert session.spec.training.learning_rate == pytest.approx(0.1)
    after = wait_for_snapshot(qtbot, session, lambda s: s.learning_rate == pytest.approx(0.1))
    assert after.epoch >= before.epoch and after.version == before.version
    wait_for_snapshot(qtbot, session, lambda s: s.epoch >= after.epoch + 3)
    # The log slider followed the entry.
    assert panel.lr_slider.value() == 400  # 10 ** (-5 + 400 / 100) = 0.1
    session.undo_stack.undo()
    assert session.spec.training.learning_rate == pytest.approx(0.03)
    assert panel.lr_entry.text() == "0.03"


def test_dragging_the_lr_slider_is_one_undo_entry(qtbot, window):
    panel = window.training_panel
    slider = panel.lr_slider
    slider.setSliderDown(True)
    for pos in (300, 320, 350):
        slider.setValue(pos)
    slider.setSliderDown(False)
    assert window.session.spec.training.learning_rate == pytest.approx(0.032)
    assert window.session.undo_stack.count() == 1
    assert window.isWindowModified()


def test_training_panel_shows_only_the_optimizer_s_fields(qtbot, window):
    panel = window.training_panel
    assert panel.row_visible("momentum") and not panel.row_visible("betas")
    panel.optimizer.setCurrentIndex(panel.optimizer.findData("adam"))
    assert window.session.spec.training.optimizer == "adam"
    assert panel.row_visible("betas") and panel.row_visible("eps")
    assert not panel.row_visible("momentum") and not panel.row_visible("nesterov")
    panel.optimizer.setCurrentIndex(panel.optimizer.findData("rmsprop"))
    assert panel.row_visible("alpha") and panel.row_visible("momentum")
    assert not panel.row_visible("betas")


def test_optimizer_rows_are_the_catalogue_fields(qtbot, window):
    from playground.core.catalogue import OPTIMIZERS

    panel = window.training_panel
    tunable = ("momentum", "dampening", "nesterov", "betas", "alpha", "rho", "eps",
               "weight_decay")
    for name, info in OPTIMIZERS.items():
        panel.optimizer.setCurrentIndex(panel.optimizer.findData(name))
        assert {k for k in tunable if panel.row_visible(k)} == set(info.fields), name


def test_feature_toggles_edit_the_inputs_and_show_their_maps(qtbot, window):
    session = window.session
    wait_for_snapshot(qtbot, session)
    buttons = window.features_panel.buttons()
    assert list(buttons)[:3] == ["x1", "x2", "x1^2"]
    assert buttons["x1"].isChecked() and not buttons["x1^2"].isChecked()
    # x1's map: orange on the left (x1 = -6), blue on the right (x1 = +6), as TF Playground.
    image = buttons["x1"].icon().pixmap(36, 36).toImage()
    left, right = image.pixelColor(0, 18), image.pixelColor(35, 18)
    lut = colormaps.diverging_lut()
    assert (left.red(), left.green(), left.blue()) == tuple(int(v) for v in lut[0])
    assert (right.red(), right.green(), right.blue()) == tuple(int(v) for v in lut[-1])
    click(qtbot, buttons["x1^2"])
    assert session.spec.data.features == ("x1", "x2", "x1^2")
    qtbot.waitUntil(lambda: session.prepared is not None
                    and session.prepared.feature_names == ("x1", "x2", "x1^2"),
                    timeout=SNAPSHOT_TIMEOUT_MS)
    session.undo_stack.undo()
    assert not buttons["x1^2"].isChecked()


def test_dataset_picker_switches_data_and_view(qtbot, window):
    session = window.session
    wait_for_snapshot(qtbot, session)
    picker = window.data_panel._datasets
    item = next(picker.item(i) for i in range(picker.count()) if picker.item(i).text() == "xor")
    rect = picker.visualItemRect(item)
    qtbot.mouseClick(picker.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert session.spec.data.dataset == "xor"
    qtbot.waitUntil(lambda: session.last_snapshot is not None
                    and session.last_snapshot.version == session.version,
                    timeout=SNAPSHOT_TIMEOUT_MS)
    assert window.output_view is window.boundary
    item = next(picker.item(i) for i in range(picker.count()) if picker.item(i).text() == "iris")
    qtbot.mouseClick(picker.viewport(), Qt.MouseButton.LeftButton,
                     pos=picker.visualItemRect(item).center())
    assert session.spec.data.dataset == "iris" and session.spec.data.features is None
    qtbot.waitUntil(lambda: session.prepared is not None and session.prepared.n_inputs_raw == 4,
                    timeout=SNAPSHOT_TIMEOUT_MS)
    assert window.output_view is window.gallery


def test_data_sliders_edit_the_spec(qtbot, window):
    panel = window.data_panel
    panel.noise.slider.setValue(20)
    assert window.session.spec.data.noise == pytest.approx(0.2)
    panel.ratio.slider.setValue(panel.ratio.slider.value() + 2)  # 50 % -> 60 %
    assert window.session.spec.data.train_fraction == pytest.approx(0.6)
    panel.batch.slider.setValue(0)
    assert window.session.spec.training.batch_size == 1
    seed = window.session.spec.seed
    click(qtbot, panel.regenerate)
    assert window.session.spec.seed == seed + 1


def test_drawing_points_trains_on_them(qtbot, window):
    session = window.session
    wait_for_snapshot(qtbot, session)
    panel = window.data_panel
    click(qtbot, panel.draw)
    assert session.spec.data.dataset == "drawn"
    seeded = len(session.spec.data.points)
    assert seeded == 400  # copied from the circle set the student was looking at
    assert window.boundary.draw_mode
    panel.draw_class.setCurrentIndex(1)
    count = session.undo_stack.count()
    window.boundary.point_drawn.emit(0.5, 0.5)
    window.boundary.point_drawn.emit(0.7, 0.5)  # the same stroke
    assert len(session.spec.data.points) == seeded + 2
    assert session.spec.data.points[-1] == (0.7, 0.5, 1.0)
    assert session.undo_stack.count() == count + 1  # one entry per stroke
    window.boundary.erase_requested.emit(0.6, 0.5)
    assert len(session.spec.data.points) < seeded + 2
    snap = wait_for_snapshot(qtbot, session, lambda s: s.version == session.version)
    assert snap.status in ("ready", "running")
    click(qtbot, panel.draw)
    assert not window.boundary.draw_mode


def test_a_stroke_stays_one_undo_step_when_each_point_is_slow_to_apply(qtbot, window,
                                                                        monkeypatch):
    """On a busy machine one point's update can take longer than the gap between strokes;
    the gap is counted from the end of the last update, so the stroke is still one step."""
    import time

    from playground.gui.controls.data_panel import STROKE_GAP_S

    session = window.session
    wait_for_snapshot(qtbot, session)
    click(qtbot, window.data_panel.draw)
    update = session.update

    def slow_update(*args, **kwargs):
        time.sleep(STROKE_GAP_S + 0.1)
        return update(*args, **kwargs)

    monkeypatch.setattr(session, "update", slow_update)
    count = session.undo_stack.count()
    window.boundary.point_drawn.emit(0.5, 0.5)
    window.boundary.point_drawn.emit(0.7, 0.5)
    assert session.undo_stack.count() == count + 1


def test_divergence_shows_a_banner_with_reset(qtbot, window):
    session = window.session
    wait_for_snapshot(qtbot, session)
    layers = [{"type": "dense", "units": 8, "activation": "relu"}] * 3
    session.update({"training.learning_rate": 100.0, "model.output_activation": None,
                    "training.loss": "mse", "model.layers": layers}, "wild")
    session.play()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=SNAPSHOT_TIMEOUT_MS)
    assert "diverged" in window.banner.message.text()
    assert "diverged" in window.status_label.text()
    assert not session.is_running
    session.update({"training.learning_rate": 0.01}, "calm")
    version = session.version
    click(qtbot, window.banner.reset_button)
    assert session.version == version + 1
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=SNAPSHOT_TIMEOUT_MS)


def test_a_bad_setting_shows_in_the_status_bar(qtbot, window):
    wait_for_snapshot(qtbot, window.session)
    buttons = window.features_panel.buttons()  # built once the data has arrived
    click(qtbot, buttons["x2"])
    click(qtbot, buttons["x1"])  # would leave no feature at all
    assert window.session.spec.data.features == ("x1",)
    assert "at least one input feature" in window.statusBar().currentMessage()
    assert buttons["x1"].isChecked()


def test_neuron_hover_shows_that_neuron_in_the_output(qtbot, window):
    wait_for_snapshot(qtbot, window.session)
    window.network.neuron_hovered.emit(0, 2)
    assert "neuron 3" in window.boundary.caption.lower()
    window.network.neuron_hovered.emit(-1, -1)
    assert window.boundary.caption == ""


def test_closing_while_running_stops_cleanly(qtbot, window):
    session = window.session
    wait_for_snapshot(qtbot, session)
    session.play()
    wait_for_snapshot(qtbot, session, lambda s: s.epoch >= 2)
    assert window.close()
    assert not session.thread.isRunning()


def test_unsaved_changes_prompt_before_closing(qtbot, window, monkeypatch):
    asked: list[str] = []

    def answer(button):
        def warning(*args, **kwargs):
            asked.append(args[2])
            return button
        return warning

    window.session.update({"training.learning_rate": 0.1}, "lr")
    assert window.isWindowModified() and window.windowTitle().startswith(
        window.session.spec.name)
    monkeypatch.setattr(QMessageBox, "warning", answer(QMessageBox.StandardButton.Cancel))
    assert not window.close()
    assert window.isVisible() and "unsaved" in asked[-1]
    monkeypatch.setattr(QMessageBox, "warning", answer(QMessageBox.StandardButton.Discard))
    assert window.close()
    assert len(asked) == 2


def test_quit_shortcut_closes_without_prompt_when_saved(qtbot, window, monkeypatch):
    monkeypatch.setattr(QMessageBox, "warning", pytest.fail)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_output_view_pixels_use_the_diverging_scale(qtbot, window):
    """The boundary shows the trained network's output in TF Playground's colours."""
    wait_for_snapshot(qtbot, window.session)
    window.session.play()
    wait_for_snapshot(qtbot, window.session, lambda s: s.epoch >= 30)
    window.session.pause()
    qtbot.wait(200)
    image = window.boundary.grab().toImage()
    pixels = np.array([[image.pixelColor(x, y).getRgb()[:3]
                        for x in range(0, image.width(), 7)]
                       for y in range(0, image.height(), 7)])
    heat = colormaps.heatmap_lut()
    # Both ends of the scale appear: orange-ish (class 0 ring) and blue-ish (class 1 disc).
    for end in (heat[16], heat[-16]):
        close = np.abs(pixels.astype(int) - end.astype(int)).sum(axis=2) < 40
        assert close.any()


def test_optimizer_lab_tab_is_built_on_first_open_and_stopped_on_close(qtbot, window):
    assert window.lab is None  # nothing of the lab runs until a student opens it
    window.pages.setCurrentIndex(1)
    assert window.lab is not None
    qtbot.waitUntil(window.lab.isVisible)
    assert not window.data_dock.isVisible() and not window.training_dock.isVisible()
    window.pages.setCurrentIndex(0)
    assert window.data_dock.isVisible() and window.training_dock.isVisible()
    window.session.undo_stack.setClean()
    assert window.close()
    assert window.lab._closed


def test_main_exits_with_code_0_when_closed_while_training(tmp_path):
    """`python main.py` in a fresh process: the window opens on the default experiment, trains,
    and closing it mid-training ends the process with exit code 0 and no Qt thread warning."""
    script = tmp_path / "run_main.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        from PySide6.QtCore import QSettings, QTimer
        from PySide6.QtWidgets import QApplication
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, {str(tmp_path)!r})
        from playground.gui import app
        from playground.gui.main_window import MainWindow

        def close_when_training():
            windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
            snap = windows[0].session.last_snapshot if windows else None
            if snap is None or snap.epoch < 3:
                if snap is not None and not windows[0].session.is_running:
                    windows[0].session.play()
                QTimer.singleShot(50, close_when_training)
                return
            print("closing at epoch", snap.epoch, windows[0].session.spec.data.dataset)
            windows[0].close()

        if __name__ == "__main__":  # training processes import this file again
            QTimer.singleShot(0, close_when_training)
            sys.exit(app.main([]))
    """), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120, env=env, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert "closing at epoch" in done.stdout and "circle" in done.stdout
    assert "QThread" not in done.stderr


def test_window_shows_before_torch_is_loaded_in_the_gui_thread(tmp_path):
    """Start-up: constructing and showing the window imports no torch (the worker loads it).
    How fast that is, bench/startup_bench.py measures against `import torch`."""
    script = tmp_path / "startup.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        from PySide6.QtCore import QSettings
        from playground.gui.app import create_application
        app = create_application()
        from playground.gui.main_window import MainWindow
        window = MainWindow(settings=QSettings({str(tmp_path / 's.ini')!r},
                                               QSettings.Format.IniFormat))
        window.show()
        app.processEvents()
        print("torch" in sys.modules)
        window.session.shutdown()
    """), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120, env=env, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False"]
