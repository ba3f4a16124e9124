"""Retake the README's screenshots: a 1366x768 window, offscreen.

    QT_QPA_PLATFORM=offscreen python assets/make_screenshots.py [OUT_DIR]

screenshot.png: TF Playground's circle with the default [4, 2] tanh network after 150 epochs;
screenshot-spiral.png: the spiral-deep preset after 300 epochs; screenshot-lab.png: the
optimizer lab mid-race (40 steps).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

SIZE = (1366, 768)


def _wait(app, seconds: float, until=lambda: False) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end and not until():
        app.processEvents()
        time.sleep(0.005)


def _train(app, window, epochs: int) -> None:
    session = window.session
    _wait(app, 120, lambda: session.last_snapshot is not None
          and session.last_snapshot.version == session.version)
    session.play()
    _wait(app, 300, lambda: session.last_snapshot.epoch >= epochs)
    session.pause()
    _wait(app, 5, lambda: not session.is_running)
    _wait(app, 1.0)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, QTemporaryDir
    from PySide6.QtWidgets import QApplication

    from playground.core.files.presets import default_spec, load_preset
    from playground.gui.main_window import MainWindow

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    app = QApplication.instance() or QApplication(sys.argv)
    folder = QTemporaryDir()
    settings = QSettings(folder.filePath("settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(default_spec(), settings=settings)
    window.show()
    window.start()
    window.resize(*SIZE)
    _train(app, window, 150)
    window.grab().save(str(out / "screenshot.png"))

    window.session.load(load_preset("spiral-deep"))
    _train(app, window, 300)
    window.grab().save(str(out / "screenshot-spiral.png"))

    window.pages.setCurrentIndex(1)
    _wait(app, 30, lambda: window.lab is not None)
    race = window.lab.race
    for _ in range(40):
        race.controls.step_button.click()
    _wait(app, 30, lambda: race.runner.last_frame is not None
          and race.runner.last_frame.step >= 40)
    _wait(app, 1.5)  # the contours and the chart catch up
    window.grab().save(str(out / "screenshot-lab.png"))

    window.session.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
