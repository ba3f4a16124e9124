"""Live training speed through the real window vs the headless engine, in one process.

Trains each experiment with a bare ``Trainer.run_epoch`` loop (headless) and through the real
MainWindow (offscreen), alternating ``--rounds`` times so a machine whose load drifts (shared
CI, other jobs) affects both alike. Prints JSON per experiment: headless and live epochs/s,
their ratio (median over rounds), frames drawn per second, and the GUI thread's CPU time per
frame; with several experiments, a summary table too. Targets: live >= 0.8 x headless, >= 30
frames/s, for every bundled preset.

    python bench/live_bench.py --seconds 3 --rounds 3              # the default experiment
    python bench/live_bench.py --all --seconds 2 --rounds 2         # every bundled preset
    python bench/live_bench.py --preset digits-mlp --preset tfp-reg-plane
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

from window_harness import open_window, run_events, wait_for_frame  # noqa: E402


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
    parser.add_argument("--preset", action="append", default=[],
                        help="a bundled preset to measure (repeatable; default: tfp-circle)")
    parser.add_argument("--all", action="store_true", help="measure every bundled preset")
    args = parser.parse_args(argv)

    from playground.core.files.presets import load_preset, preset_names
    from playground.core.train.pacing import configure_torch_threads
    from playground.core.train.trainer import Trainer

    app, window, counter = open_window()
    session = window.session
    wait_for_frame(app, session)

    configure_torch_threads()  # the thread count the window's worker uses
    names = preset_names() if args.all else (args.preset or ["tfp-circle"])
    results = []
    for name in names:
        spec = load_preset(name)
        session.load(spec)
        session.set_stop_at_epochs(False)  # measure training, not a run that pauses itself
        wait_for_frame(app, session, session.version)
        trainer = Trainer(spec, kernel="wait")  # as the live loop trains it
        trainer.run_epoch()
        # Headless then live, then live then headless, ...: a machine whose speed drifts
        # within a round favours neither side.
        rounds = [measure_round(app, session, counter, trainer, args.seconds,
                                live_first=bool(r % 2)) for r in range(args.rounds)]

        def median(key: str, rounds: list = rounds) -> float:
            return statistics.median(r[key] for r in rounds)

        results.append({
            "experiment": name, "seconds": args.seconds, "rounds": rounds,
            "headless_epochs_per_s": median("headless_epochs_per_s"),
            "live_epochs_per_s": median("live_epochs_per_s"),
            "live_over_headless": median("live_over_headless"),
            "frames_per_s": median("frames_per_s"),
            "gui_ms_per_frame": median("gui_ms_per_frame"),
            "train_cpu_share": median("train_cpu_share"),
            "ended": trainer.status.ended,
        })
    session.undo_stack.setClean()
    window.close()

    print(json.dumps(results[0] if len(results) == 1 else results, indent=2))
    if len(results) > 1:
        print(f"{'preset':28} {'headless':>9} {'live':>9} {'ratio':>6} {'frames/s':>8} "
              f"{'train cpu':>9}")
        for r in results:
            note = "  (ended: early stopping or divergence)" if r["ended"] else ""
            print(f"{r['experiment']:28} {r['headless_epochs_per_s']:9.1f} "
                  f"{r['live_epochs_per_s']:9.1f} {r['live_over_headless']:6.2f} "
                  f"{r['frames_per_s']:8.1f} {r['train_cpu_share']:9.2f}{note}")
        ratios = [r["live_over_headless"] for r in results]
        print(f"median live/headless {statistics.median(ratios):.2f}, lowest {min(ratios):.2f}"
              f" ({os.cpu_count()} cores)")
    return 0


def measure_round(app: object, session: object, counter: object, trainer: object,
                  seconds: float, live_first: bool = False) -> dict[str, float]:
    """One headless run and one live run of the same length (in either order)."""
    headless = 0.0 if live_first else headless_epochs_per_second(trainer, seconds)
    session.play()  # type: ignore[attr-defined]
    settle = time.perf_counter() + 0.5  # the first frames after play are not typical
    while time.perf_counter() < settle:
        app.processEvents()  # type: ignore[attr-defined]
    counter.frames = 0  # type: ignore[attr-defined]
    epoch0 = session.last_snapshot.epoch  # type: ignore[attr-defined]
    pid = session._worker.process_id  # type: ignore[attr-defined]
    train0, cpu0, t0 = process_cpu(pid), time.thread_time(), time.perf_counter()
    run_events(seconds)
    elapsed = time.perf_counter() - t0
    gui_cpu = time.thread_time() - cpu0
    train_cpu = process_cpu(pid) - train0
    frames = counter.frames  # type: ignore[attr-defined]
    live = (session.last_snapshot.epoch - epoch0) / elapsed  # type: ignore[attr-defined]
    session.pause()  # type: ignore[attr-defined]
    if live_first:
        run_events(0.2)  # the training process settles into its pause
        headless = headless_epochs_per_second(trainer, seconds)
    return {"headless_epochs_per_s": round(headless, 1),
            "live_epochs_per_s": round(live, 1),
            "live_over_headless": round(live / max(headless, 1e-9), 3),
            "frames_per_s": round(frames / elapsed, 1),
            "gui_ms_per_frame": round(1000 * gui_cpu / max(frames, 1), 1),
            # the training process's CPU time over the wall time: well under 1, it waited for
            # a core (or for the window); near 1 while slower than headless, it lost the time
            # inside (frames, the loop's own work)
            "train_cpu_share": round(train_cpu / elapsed, 2)}


def process_cpu(pid: int | None) -> float:
    """User + system CPU seconds of a process so far (Linux; 0 elsewhere)."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except (OSError, IndexError, TypeError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    sys.exit(main())
