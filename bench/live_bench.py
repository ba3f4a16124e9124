"""Live training speed through the real window vs the headless engine, in one process.

Trains the default experiment (TF Playground's circle, [4, 2] tanh) for ``--seconds`` with a bare
``Trainer.run_epoch`` loop (headless), then through the real MainWindow (offscreen), and prints
JSON: headless epochs/s, live epochs/s, their ratio, frames drawn per second and the GUI thread's
CPU share. Targets: live >= 0.8 x headless and >= 30 frames/s.

    QT_QPA_PLATFORM=offscreen python bench/live_bench.py --seconds 5
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def headless_epochs_per_second(seconds: float) -> float:
    """Epochs/s of a Trainer + run_epoch loop on the default experiment (after one warm-up)."""
    from playground.core.presets import default_spec
    from playground.core.trainer import Trainer
    from playground.gui.worker import configure_torch_threads

    configure_torch_threads()  # the same thread count the window's worker uses
    trainer = Trainer(default_spec())
    trainer.run_epoch()
    start, epochs = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        trainer.run_epoch()
        epochs += 1
    return epochs / (time.perf_counter() - start)


def live_figures(seconds: float) -> dict[str, float]:
    """Train through the window for ``seconds``: epochs/s, frames/s, GUI thread CPU share."""
    from PySide6.QtCore import QObject, QSettings, QTimer, Slot

    from playground.gui.app import create_application
    from playground.gui.main_window import MainWindow

    app = create_application()
    settings = QSettings(os.devnull, QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    window.resize(1440, 900)
    window.show()
    window.start()

    class FrameCounter(QObject):
        """Counts frames the window drew, in the GUI thread."""

        def __init__(self) -> None:
            super().__init__()
            self.frames = 0

        @Slot(object)
        def on_frame(self, _snap: object) -> None:
            self.frames += 1

    counter = FrameCounter()
    window.session.snapshot_ready.connect(counter.on_frame)
    deadline = time.perf_counter() + 120
    while window.session.last_snapshot is None and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.01)
    if window.session.last_snapshot is None:
        raise SystemExit("the window never showed a first frame")
    window.session.play()
    # Let the first frames of the run go by (torch warms up its kernels).
    end_warmup = time.perf_counter() + 1.0
    while time.perf_counter() < end_warmup:
        app.processEvents()
    counter.frames = 0
    epoch0 = window.session.last_snapshot.epoch
    cpu0, t0 = time.thread_time(), time.perf_counter()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    elapsed = time.perf_counter() - t0
    gui_cpu = time.thread_time() - cpu0
    epochs = window.session.last_snapshot.epoch - epoch0
    window.session.undo_stack.setClean()
    window.close()
    return {"live_epochs_per_s": epochs / elapsed, "frames_per_s": counter.frames / elapsed,
            "gui_thread_cpu_share": gui_cpu / elapsed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each run")
    args = parser.parse_args(argv)
    headless = headless_epochs_per_second(args.seconds)
    live = live_figures(args.seconds)
    result = {"experiment": "tfp-circle", "seconds": args.seconds,
              "headless_epochs_per_s": round(headless, 1),
              "live_epochs_per_s": round(live["live_epochs_per_s"], 1),
              "live_over_headless": round(live["live_epochs_per_s"] / headless, 3),
              "frames_per_s": round(live["frames_per_s"], 1),
              "gui_thread_cpu_share": round(live["gui_thread_cpu_share"], 3),
              "cpu_cores": os.cpu_count()}
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
