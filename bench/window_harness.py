"""The real window for benches (offscreen): open it, count its frames, wait for a run's frame,
run its event loop for a while. Shared by live_bench.py and soak_bench.py."""

from __future__ import annotations

import os
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QObject, QSettings, QTimer, Slot  # noqa: E402

FIRST_FRAME_TIMEOUT_S = 120.0


class FrameCounter(QObject):
    """Counts the frames the window drew, in the GUI thread."""

    def __init__(self) -> None:
        super().__init__()
        self.frames = 0

    @Slot(object)
    def on_frame(self, _snap: object) -> None:
        self.frames += 1


def open_window() -> tuple[Any, Any, FrameCounter]:
    """The application, a started MainWindow at 1440 x 900 (no saved settings) and a frame
    counter on its session."""
    from playground.gui.app import create_application
    from playground.gui.main_window import MainWindow

    app = create_application()
    window = MainWindow(settings=QSettings(os.devnull, QSettings.Format.IniFormat))
    window.resize(1440, 900)
    window.show()
    window.start()
    counter = FrameCounter()
    window.session.snapshot_ready.connect(counter.on_frame)
    return app, window, counter


def wait_for_frame(app: Any, session: Any, version: int | None = None) -> None:
    """Process events until the session shows a frame (of ``version``, if given)."""
    deadline = time.perf_counter() + FIRST_FRAME_TIMEOUT_S
    while time.perf_counter() < deadline:
        snap = session.last_snapshot
        if snap is not None and (version is None or snap.version == version):
            return
        app.processEvents()
        time.sleep(0.01)
    raise SystemExit("the window never showed a frame")


def run_events(seconds: float) -> None:
    """Run the event loop for ``seconds`` (a local loop: app.quit() would end the session)."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
