"""Live training speed through the real window vs the headless engine, in one process.

Trains the default experiment (TF Playground's circle, [4, 2] tanh) with a bare
``Trainer.run_epoch`` loop (headless) and through the real MainWindow (offscreen), alternating
``--rounds`` times so a machine whose load drifts (shared CI, other jobs) affects both alike.
Prints JSON: headless and live epochs/s, their ratio (median over rounds), frames drawn per
second, and the GUI thread's CPU time per frame. Targets: live >= 0.8 x headless, >= 30 frames/s.

    python bench/live_bench.py --seconds 3 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def headless_epochs_per_second(trainer: object, seconds: float) -> float:
    """Epochs/s of a bare run_epoch loop on an already warm trainer."""
    start, epochs = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        trainer.run_epoch()  # type: ignore[attr-defined]
        epochs += 1
    return epochs / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="length of each run")
    parser.add_argument("--rounds", type=int, default=3, help="headless/live pairs")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QEventLoop, QObject, QSettings, QTimer, Slot

    from playground.core.files.presets import default_spec
    from playground.core.train.live_loop import configure_torch_threads
    from playground.core.train.trainer import Trainer
    from playground.gui.app import create_application
    from playground.gui.main_window import MainWindow

    app = create_application()
    window = MainWindow(settings=QSettings(os.devnull, QSettings.Format.IniFormat))
    window.resize(1440, 900)
    window.show()
    window.start()

    class FrameCounter(QObject):
        """Counts the frames the window drew, in the GUI thread."""

        def __init__(self) -> None:
            super().__init__()
            self.frames = 0

        @Slot(object)
        def on_frame(self, _snap: object) -> None:
            self.frames += 1

    counter = FrameCounter()
    session = window.session
    session.snapshot_ready.connect(counter.on_frame)
    deadline = time.perf_counter() + 120
    while session.last_snapshot is None and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.01)
    if session.last_snapshot is None:
        raise SystemExit("the window never showed a first frame")

    configure_torch_threads()  # the thread count the window's worker uses
    trainer = Trainer(default_spec(), kernel="wait")  # as the live loop trains it
    trainer.run_epoch()
    rounds = []
    for _ in range(args.rounds):
        headless = headless_epochs_per_second(trainer, args.seconds)
        session.play()
        settle = time.perf_counter() + 0.5  # the first frames after play are not typical
        while time.perf_counter() < settle:
            app.processEvents()
        counter.frames = 0
        epoch0 = session.last_snapshot.epoch
        cpu0, t0 = time.thread_time(), time.perf_counter()
        # A local loop: app.quit() would end the session too (it stops on aboutToQuit).
        loop = QEventLoop()
        QTimer.singleShot(int(args.seconds * 1000), loop.quit)
        loop.exec()
        elapsed = time.perf_counter() - t0
        gui_cpu = time.thread_time() - cpu0
        frames = counter.frames
        live = (session.last_snapshot.epoch - epoch0) / elapsed
        session.pause()
        rounds.append({"headless_epochs_per_s": round(headless, 1),
                       "live_epochs_per_s": round(live, 1),
                       "live_over_headless": round(live / headless, 3),
                       "frames_per_s": round(frames / elapsed, 1),
                       "gui_ms_per_frame": round(1000 * gui_cpu / max(frames, 1), 1)})
    session.undo_stack.setClean()
    window.close()

    def median(key: str) -> float:
        return statistics.median(r[key] for r in rounds)

    print(json.dumps({
        "experiment": "tfp-circle", "seconds": args.seconds, "rounds": rounds,
        "headless_epochs_per_s": median("headless_epochs_per_s"),
        "live_epochs_per_s": median("live_epochs_per_s"),
        "live_over_headless": median("live_over_headless"),
        "frames_per_s": median("frames_per_s"),
        "gui_ms_per_frame": median("gui_ms_per_frame"),
        "cpu_cores": os.cpu_count(),
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
