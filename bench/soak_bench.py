"""Soak: minutes of live training in the real window, watching memory and speed.

Opens the MainWindow (offscreen), plays an experiment (default: TF Playground's circle) and
every ``--interval`` seconds samples the epoch reached, the frames drawn and the resident
memory of the training process and of the window's process. Prints JSON with the samples
and, against the targets: memory growth of each process after the warm-up (target < 50 MB),
and epochs/s over the last minute against the first minute after warm-up (target: steady,
>= 0.9). Resident memory is read from /proc (Linux); elsewhere it reports null.

    python bench/soak_bench.py                      # 5 minutes, the default experiment
    python bench/soak_bench.py --seconds 60 --preset tfp-spiral
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from window_harness import open_window, run_events, wait_for_frame  # noqa: E402

GROWTH_LIMIT_MB = 50.0
STEADY_RATIO = 0.9


def resident_mb(pid: int | None) -> float | None:
    """Resident memory of process ``pid`` in MB (None where /proc cannot tell)."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0, help="length of the soak")
    parser.add_argument("--interval", type=float, default=10.0, help="seconds between samples")
    parser.add_argument("--warmup", type=float, default=20.0,
                        help="seconds before the first measured sample")
    parser.add_argument("--preset", default="tfp-circle", help="the bundled preset to train")
    args = parser.parse_args(argv)

    from playground.core.files.presets import load_preset

    app, window, counter = open_window()
    session = window.session
    session.load(load_preset(args.preset))
    session.set_stop_at_epochs(False)
    wait_for_frame(app, session, session.version)
    session.play()

    run_events(args.warmup)
    samples = []
    start = time.perf_counter()
    while True:
        now = time.perf_counter() - start
        samples.append({"t": round(now, 1), "epoch": session.last_snapshot.epoch,
                        "frames": counter.frames,
                        "training_mb": resident_mb(session._worker.process_id),
                        "window_mb": resident_mb(os.getpid())})
        if now >= args.seconds:
            break
        run_events(min(args.interval, args.seconds - now + 0.01))
    session.pause()
    session.undo_stack.setClean()
    window.close()

    def rate(a: dict, b: dict, key: str) -> float:
        return (b[key] - a[key]) / max(b["t"] - a["t"], 1e-9)

    minute = max(1, round(60 / args.interval))
    first = rate(samples[0], samples[min(minute, len(samples) - 1)], "epoch")
    last = rate(samples[max(0, len(samples) - 1 - minute)], samples[-1], "epoch")

    def growth(key: str) -> float | None:
        a, b = samples[0][key], samples[-1][key]
        return None if a is None or b is None else round(b - a, 1)

    result = {
        "experiment": args.preset, "seconds": args.seconds, "samples": samples,
        "epochs_per_s_first_minute": round(first, 1),
        "epochs_per_s_last_minute": round(last, 1),
        "last_over_first": round(last / max(first, 1e-9), 3),
        "frames_per_s": round(rate(samples[0], samples[-1], "frames"), 1),
        "training_growth_mb": growth("training_mb"),
        "window_growth_mb": growth("window_mb"),
        "cpu_cores": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))
    for key in ("training_growth_mb", "window_growth_mb"):
        value = result[key]
        verdict = "n/a" if value is None else ("ok" if value < GROWTH_LIMIT_MB else "OVER")
        print(f"{key}: {value} (limit {GROWTH_LIMIT_MB}) {verdict}")
    steady = result["last_over_first"]
    print(f"last/first minute epochs/s: {steady} (target >= {STEADY_RATIO}) "
          f"{'ok' if steady >= STEADY_RATIO else 'LOW'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
