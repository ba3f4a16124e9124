"""Optimizer-lab race frame rate: five torch optimizers racing on Rosenbrock, drawn live.

Opens the lab (offscreen) at 1300 x 850, races GD, momentum, RMSProp, Adam and NAdam at
``--speed`` steps per second per optimizer and counts the frames the race page drew per second
and the GUI thread's CPU time per frame. Baseline in the same process: the same five
optimizers stepped headless for the same time (steps/s), so the ratio shows what drawing costs
the race. Target: 60 frames/s with 5 optimizers.

    python bench/lab_bench.py --seconds 3 --speed 120
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RACERS = ("gd", "momentum", "rmsprop", "adam", "nadam")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="length of each run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--speed", type=float, default=120.0, help="steps/s per optimizer")
    parser.add_argument("--surface", default="rosenbrock")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QEventLoop, QObject, QTimer, Slot

    from playground.core.lab.paths import Race
    from playground.gui.app import create_application
    from playground.gui.lab import OptimizerLab

    _app = create_application()  # kept alive for the whole run
    lab = OptimizerLab()
    lab.resize(1300, 850)
    lab.show()
    page = lab.race
    model = page.model
    if not model.choose_surface(args.surface):
        raise SystemExit(f"no surface {args.surface!r}")
    for racer in model.settings.racers:
        model.remove_racer(racer.key)
    for name in RACERS:
        model.add_racer(name)
    model.set_speed(args.speed)

    class FrameCounter(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.frames = 0
            self.step = 0

        @Slot(object)
        def on_frame(self, frame: object) -> None:
            self.frames += 1
            self.step = frame.step  # type: ignore[attr-defined]

    counter = FrameCounter()
    page.runner.frame_ready.connect(counter.on_frame)

    def spin(seconds: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    deadline = time.perf_counter() + 60
    while page.runner.last_frame is None and time.perf_counter() < deadline:
        spin(0.05)
    if page.runner.last_frame is None:
        raise SystemExit("the race never showed a first frame")

    rounds = []
    for _ in range(args.rounds):
        # Headless: the same optimizers on the same surface, stepped in this thread.
        config = model.race_config(0)
        race = Race(config.surface, config.start, config.racers)
        started, steps = time.perf_counter(), 0
        while time.perf_counter() - started < args.seconds and not race.finished:
            for track in race.tracks:
                track.step(1)
            steps += 1
        headless = steps / (time.perf_counter() - started)

        page.reset()
        spin(0.3)
        page.set_playing(True)
        spin(0.5)  # the first frames after play are not typical
        counter.frames = 0
        step0 = counter.step
        cpu0, t0 = time.thread_time(), time.perf_counter()
        spin(args.seconds)
        elapsed = time.perf_counter() - t0
        gui_cpu = time.thread_time() - cpu0
        frames, live_steps = counter.frames, counter.step - step0
        page.set_playing(False)
        spin(0.2)
        rounds.append({"frames_per_s": round(frames / elapsed, 1),
                       "steps_per_s": round(live_steps / elapsed, 1),
                       "headless_steps_per_s": round(headless, 1),
                       "gui_ms_per_frame": round(1000 * gui_cpu / max(frames, 1), 2)})
    lab.shutdown()
    lab.close()

    def median(key: str) -> float:
        return statistics.median(r[key] for r in rounds)

    print(json.dumps({
        "surface": args.surface, "optimizers": list(RACERS), "speed": args.speed,
        "seconds": args.seconds, "rounds": rounds,
        "frames_per_s": median("frames_per_s"), "steps_per_s": median("steps_per_s"),
        "headless_steps_per_s": median("headless_steps_per_s"),
        "gui_ms_per_frame": median("gui_ms_per_frame"), "cpu_cores": os.cpu_count(),
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
