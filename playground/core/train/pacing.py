"""Sharing the cores between training and drawing: how often the live loop may send a frame
(``FrameBudget``: the share of time frames may cost on each side), torch's thread count beside
the window, and torch.optim's slow first import done while the loop is idle."""

from __future__ import annotations

import os
from dataclasses import dataclass

# Shortest time between two frames. 40 a second looks smooth and leaves the training core
# alone: on 2 cores (bench/live_bench.py, 4 interleaved runs of tfp-xor, -circle, -spiral)
# a 1/60 s cap gave 45-52 frames/s at live/headless median 0.84 (lowest 0.65), 1/40 gave 36
# frames/s at 0.92 (lowest 0.76); the window's drawing slows the other core's training.
FRAME_SECONDS = 1 / 40
MAX_FRAME_SECONDS = 1 / 15  # one frame at least every 1/15 s while training: a student must
#                              see it move


@dataclass(frozen=True)
class FrameBudget:
    """The share of time frames may take while training, on each side.

    In a training process the snapshot is the only frame cost the trainer pays, and the window
    draws on another core; in a thread both share one interpreter lock, so their sum counts.
    """

    snapshot: float  # max share of the loop's time spent building snapshots
    gui: float  # max share of the window thread's time spent drawing frames
    shared: bool  # True: snapshot + gui cost count together against ``snapshot``

    def interval(self, snapshot_cost: float, gui_cost: float) -> float:
        """Seconds from one frame to the next (between FRAME_SECONDS and MAX_FRAME_SECONDS)."""
        if self.shared:
            wanted = (snapshot_cost + gui_cost) / self.snapshot
        else:
            wanted = max(snapshot_cost / self.snapshot, gui_cost / self.gui)
        return min(max(FRAME_SECONDS, wanted), MAX_FRAME_SECONDS)


# Measured on 2 cores (bench/live_bench.py): in a thread, frames at 35% of the time keep live
# training at 0.7-0.8x headless and give 15-17 frames/s; in a process, 12% for snapshots keeps
# it near 0.9x while the window draws 30+ frames/s on the other core.
THREAD_BUDGET = FrameBudget(snapshot=0.35, gui=0.35, shared=True)


PROCESS_BUDGET = FrameBudget(snapshot=0.12, gui=0.6, shared=False)


def configure_torch_threads() -> None:
    """Leave one core to the window: torch's intra-op pool spinning on every core stalls both
    (small networks train no faster on more threads anyway)."""
    import torch

    torch.set_num_threads(max(1, (os.cpu_count() or 2) - 1))


def warm_optimizers() -> None:
    """Import what torch.optim's first constructor imports (torch._dynamo, 2-4 s), in the
    loop's own thread while it is idle after its first frame: not before the first frame,
    and never in a second thread (importing torch._dynamo beside a thread running torch ops
    breaks, e.g. "'_OpNamespace' 'prims' object has no attribute 'sum'")."""
    try:
        import torch._dynamo  # noqa: F401
    except Exception:  # only a head start: the first optimizer imports it again
        pass
