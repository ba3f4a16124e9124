"""Time to the window's first frame against the time of ``python -c "import torch"``.

Each round starts fresh interpreters, alternating: one that only imports torch, one that opens
the real window (offscreen, default experiment) and exits once it has drawn its first
frame (the training process has built the trainer and sent a snapshot). Prints the median
seconds of each and the median of the per-round ratios (target <= 1.5).

    python bench/startup_bench.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WINDOW = """
import os, sys, time
sys.path.insert(0, {root!r})

if __name__ == "__main__":
    # Imported under the guard, as main.py does: a training process re-runs this file as a
    # module when it starts, and it must not import the GUI too.
    from playground.core.train.live_process import prestart

    prestart()  # as main.py does: the fork server imports torch meanwhile
    from PySide6.QtCore import QSettings
    from playground.gui.app import create_application
    from playground.gui.main_window import MainWindow

    app = create_application()
    window = MainWindow(settings=QSettings(os.devnull, QSettings.Format.IniFormat))
    window.show()
    window.start()
    deadline = time.perf_counter() + 120
    while window.session.last_snapshot is None and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.005)
    print("first-frame", flush=True)
    os._exit(0 if window.session.last_snapshot is not None else 1)
"""


def seconds_until_done(args: list[str], marker: str | None = None) -> float:
    """Wall seconds from starting ``args`` until it exits (or prints ``marker``)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=env, cwd=ROOT)
    if marker is not None:
        for line in proc.stdout:  # type: ignore[union-attr]
            if line.startswith(marker):
                break
    else:
        proc.wait(60)
    elapsed = time.perf_counter() - start
    proc.wait(60)
    if proc.returncode:
        raise SystemExit(f"{args[:2]} failed with exit code {proc.returncode}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--root", default=str(ROOT),
                        help="the checkout to start (compare another branch's start-up)")
    args = parser.parse_args()
    script = Path(os.environ.get("TMPDIR", "/tmp")) / "playground_first_frame.py"
    script.write_text(WINDOW.format(root=args.root))
    rounds = []
    for _ in range(args.rounds):
        torch_s = seconds_until_done([sys.executable, "-c", "import torch"])
        frame_s = seconds_until_done([sys.executable, str(script)], "first-frame")
        rounds.append((torch_s, frame_s))
    print(json.dumps({
        "import_torch_s": round(statistics.median(r[0] for r in rounds), 2),
        "first_frame_s": round(statistics.median(r[1] for r in rounds), 2),
        "first_frame_over_import_torch": round(statistics.median(r[1] / r[0] for r in rounds),
                                               2),
        "rounds": [[round(a, 2), round(b, 2)] for a, b in rounds],
        "date": time.strftime("%Y-%m-%d"),
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
