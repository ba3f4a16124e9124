"""How the live loop paces training: tiny epochs in bursts that stop at the epoch limit,
whole epochs again once a slow first one (building the optimizer) has passed, and frames at
the epoch boundary nearest their time."""

from __future__ import annotations

import queue
import statistics
import threading
import time

import pytest

from playground.core.files.presets import load_preset
from playground.core.train.link import Build, RunningChanged, SnapshotReady, StopAtEpochs
from playground.core.train.live_loop import LiveLoop
from playground.core.train.pacing import FrameBudget
from playground.core.train.trainer import Trainer


@pytest.fixture
def loop():
    events: queue.Queue = queue.Queue()
    live = LiveLoop(events.put)
    live.events = events
    thread = threading.Thread(target=live.run)
    thread.start()
    yield live
    live.request_stop()
    thread.join(60)
    assert not thread.is_alive()


def _frames_until_stopped(live: LiveLoop, timeout: float = 60.0) -> tuple[list, str]:
    """Acknowledge every frame until the run stops by itself; its frames and why it stopped."""
    frames, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        event = live.events.get(timeout=timeout)
        if isinstance(event, SnapshotReady):
            frames.append(event.snapshot)
            live.frame_done()
        elif isinstance(event, RunningChanged) and not event.running and event.why:
            return frames, event.why
    raise AssertionError("the run did not stop")


def test_tiny_epochs_stop_exactly_at_the_epoch_limit(loop):
    """A polynomial fit's epoch takes tens of microseconds: the loop runs them in bursts of
    dozens, and a burst must not run past the limit."""
    spec = load_preset("course-poly-underfit").replace({"training.epochs": 997})
    loop.post(StopAtEpochs(True))
    loop.post(Build(spec, 1, True))
    _, why = _frames_until_stopped(loop)
    assert "epoch limit (997)" in why
    loop.frame_done()
    last = loop.events.get(timeout=60)
    while not isinstance(last, SnapshotReady):
        last = loop.events.get(timeout=60)
    assert last.snapshot.epoch == 997
    assert len(last.snapshot.history["train_loss"]) == 1 + 997  # the untrained network first


def test_a_slow_first_epoch_does_not_keep_the_loop_on_single_steps(loop, monkeypatch):
    """The first epoch builds the optimizer (seconds on a cold start). One slow epoch sends
    the loop to time-sliced steps; once the epochs are fast again it goes back to whole ones."""
    calls = []
    whole_epoch = Trainer.run_epoch

    def run_epoch(trainer):
        calls.append(trainer.epoch)
        if len(calls) == 1:
            time.sleep(0.3)  # longer than the loop's budget for a whole epoch
        whole_epoch(trainer)

    monkeypatch.setattr(Trainer, "run_epoch", run_epoch)
    spec = load_preset("tfp-circle").replace({"training.epochs": 400})
    loop.post(StopAtEpochs(True))
    loop.post(Build(spec, 1, True))
    frames, why = _frames_until_stopped(loop)
    assert "epoch limit (400)" in why
    # Stuck on steps, run_epoch would have been called once; whole epochs call it for
    # nearly every one of the 400.
    assert len(calls) > 300, len(calls)


class _FixedInterval(FrameBudget):
    """A frame every ``seconds``, whatever frames cost."""

    def __init__(self, seconds: float) -> None:
        super().__init__(snapshot=1.0, gui=1.0, shared=False)
        object.__setattr__(self, "seconds", seconds)

    def interval(self, snapshot_cost: float, gui_cost: float) -> float:
        return self.seconds


def test_a_frame_goes_out_at_the_epoch_boundary_nearest_its_time(monkeypatch):
    """Epochs of 20 ms and a frame due 25 ms after the last: the boundary after one epoch is
    5 ms early, the one after two is 15 ms late. The loop sends it after one epoch (waiting
    for the late one cost the digits preset a fifth of its frames)."""
    whole_epoch = Trainer.run_epoch

    def run_epoch(trainer):
        whole_epoch(trainer)
        time.sleep(0.02)

    monkeypatch.setattr(Trainer, "run_epoch", run_epoch)
    events: queue.Queue = queue.Queue()
    live = LiveLoop(events.put, budget=_FixedInterval(0.025))
    live.events = events
    thread = threading.Thread(target=live.run)
    thread.start()
    try:
        live.post(StopAtEpochs(True))
        live.post(Build(load_preset("tfp-circle").replace({"training.epochs": 40}), 1, True))
        frames, _ = _frames_until_stopped(live)
    finally:
        live.request_stop()
        thread.join(60)
    epochs = [f.epoch for f in frames if f.epoch > 2]  # past the first, slow epochs
    gaps = [b - a for a, b in zip(epochs, epochs[1:], strict=False)]
    assert len(gaps) > 10 and statistics.median(gaps) == 1, epochs
