"""What crosses from the training process to the window: pickled specs, data and snapshots
(read-only arrays, read-only mappings), and weight trajectories sent as deltas."""

from __future__ import annotations

import pickle
import queue
import threading
from types import MappingProxyType

import numpy as np
import pytest

from playground.core.data.raw import prepare
from playground.core.files.presets import default_spec, load_preset
from playground.core.train.link import Build, DevicesFound, Epoch, SnapshotReady, TrainerReady
from playground.core.train.live_loop import LiveLoop
from playground.core.train.live_process import TrajectoryDelta
from playground.core.train.pacing import PROCESS_BUDGET, THREAD_BUDGET
from playground.core.train.trainer import Trainer


def roundtrip(value):
    return pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def test_specs_pickle_as_their_validated_plain_form():
    spec = load_preset("tfp-spiral").replace({"training.lr_schedule": {"type": "step",
                                                                       "step_size": 5}})
    back = roundtrip(spec)
    assert back == spec and back.training.lr_schedule["step_size"] == 5


def test_prepared_data_pickles_with_its_featurizer():
    data = prepare(default_spec().replace({"data.features": ["x1", "x2", "x1*x2"],
                                           "data.standardize": True}))
    back = roundtrip(data)
    assert np.array_equal(back.featurize(data.raw_test), data.x_test)


def test_snapshots_pickle_with_read_only_arrays_and_mappings():
    trainer = Trainer(default_spec())
    trainer.run_epoch()
    snap = trainer.snapshot(4)
    back = roundtrip(snap)
    assert (back.version, back.epoch, back.step) == (4, 1, 25)
    assert isinstance(back.history, MappingProxyType) and isinstance(back.extras, MappingProxyType)
    assert back.history["train_loss"].tolist() == snap.history["train_loss"].tolist()
    assert np.array_equal(back.grid.output, snap.grid.output)
    arrays = [back.grid.output, back.weights[0], back.history["train_loss"],
              back.grid.neurons[0], back.extras["trajectory"][0]]
    for array in arrays:
        with pytest.raises(ValueError):
            array[...] = 0


def test_trajectory_deltas_send_each_array_once_and_rebuild_every_frame():
    trainer = Trainer(default_spec().replace({"training.epochs": 3}))
    sender, receiver = TrajectoryDelta(), TrajectoryDelta()
    sent_arrays = 0
    for frame in range(1400):  # past TRAJECTORY_LENGTH (512), so the trajectory gets thinned
        # frames come every epoch, then every 4th (a frame that skips two thinnings), then
        # every 7th
        for _ in range(1 if frame < 600 else 4 if frame < 1000 else 7):
            trainer.run_epoch()
        snap = trainer.snapshot(1, grid=False)
        packed = roundtrip(sender.pack(snap))
        step, kept, new = packed.extras["trajectory"]
        sent_arrays += len(new)
        got = receiver.restore(packed).extras["trajectory"]
        want = snap.extras["trajectory"]
        assert len(got) == len(want)
        assert all(np.array_equal(a, b) for a, b in zip(got, want, strict=True))
    epochs = 600 + 400 * 4 + 400 * 7
    assert trainer.epoch == epochs
    assert sent_arrays < 600 + 400 + 400 + 10  # about one new array per frame, not all of them


def test_a_new_run_s_trajectory_is_sent_whole():
    sender, receiver = TrajectoryDelta(), TrajectoryDelta()
    for _run in range(2):
        trainer = Trainer(default_spec())
        for _ in range(5):
            trainer.run_epoch()
        snap = trainer.snapshot(1, grid=False)
        packed = roundtrip(sender.pack(snap))
        assert packed.extras["trajectory"][1] == 0  # nothing kept of the other run
        got = receiver.restore(packed).extras["trajectory"]
        assert len(got) == len(snap.extras["trajectory"]) == 6
        assert all(np.array_equal(a, b) for a, b in zip(got, snap.extras["trajectory"],
                                                        strict=True))


def test_frame_budgets_in_a_process_count_only_the_snapshot_against_training():
    # 2 ms snapshots and 18 ms of drawing: a thread shares one lock, so frames slow to one per
    # (2+18)/0.35 ms; a process pays only for the snapshot and the window paces itself.
    assert THREAD_BUDGET.interval(0.002, 0.018) == pytest.approx(0.020 / 0.35)
    assert PROCESS_BUDGET.interval(0.002, 0.018) == pytest.approx(0.018 / 0.6)
    assert PROCESS_BUDGET.interval(0.006, 0.001) == pytest.approx(0.006 / 0.12)
    assert PROCESS_BUDGET.interval(0.0001, 0.0001) == pytest.approx(1 / 40)  # at most 40 fps
    assert PROCESS_BUDGET.interval(1.0, 1.0) == pytest.approx(1 / 15)  # at least 15


def test_the_loop_reports_through_its_callback_and_stops_on_request():
    events: queue.Queue = queue.Queue()
    loop = LiveLoop(events.put)
    thread = threading.Thread(target=loop.run)
    thread.start()
    try:
        loop.post(Build(default_spec(), 5, False))
        kinds = []
        while SnapshotReady not in kinds:
            event = events.get(timeout=60)
            kinds.append(type(event))
        assert kinds == [DevicesFound, TrainerReady, SnapshotReady]
        assert event.snapshot.version == 5
        loop.post(Epoch())
        loop.frame_done()
        event = events.get(timeout=60)
        assert isinstance(event, SnapshotReady) and event.snapshot.epoch == 1
    finally:
        loop.request_stop()
        thread.join(60)
    assert not thread.is_alive()


def test_history_travels_as_new_entries_and_rebuilds_whole_series():
    trainer = Trainer(default_spec(), kernel="wait")
    sender, receiver = TrajectoryDelta(), TrajectoryDelta()
    for _ in range(40):
        trainer.run_epoch()
    first = receiver.restore(roundtrip(sender.pack(trainer.snapshot())))
    for _ in range(3):
        trainer.run_epoch()
    # a rewritten last entry travels too
    trainer.history.replace_last(trainer.epoch, {"train_loss": 123.0})
    snap = trainer.snapshot()
    packed = sender.pack(snap)
    assert len(packed.history["train_loss"].values) == 4  # 3 new ones and the last old one
    back = receiver.restore(roundtrip(packed))
    for key, series in snap.history.items():
        assert np.array_equal(back.history[key], series) and not back.history[key].flags.writeable
    assert np.array_equal(back.grad_norms, snap.grad_norms)
    assert len(first.history["train_loss"]) == 41  # an earlier frame's series stay as they were
    assert first.history["train_loss"][-1] == snap.history["train_loss"][40]
    fresh = Trainer(default_spec())  # a new run is sent whole
    back = receiver.restore(roundtrip(sender.pack(fresh.snapshot())))
    assert len(back.history["train_loss"]) == 1 and len(back.grad_norms) == 0


def test_a_frame_costs_the_same_after_many_epochs():
    """The snapshot's pickled size does not grow with the history (only new entries go)."""
    trainer = Trainer(default_spec(), kernel="wait")
    sender = TrajectoryDelta()
    sizes = []
    for epochs in (10, 3000):
        for _ in range(epochs):
            trainer.run_epoch()
        sizes.append(len(pickle.dumps(sender.pack(trainer.snapshot()))))
        sizes.append(len(pickle.dumps(sender.pack(trainer.snapshot()))))
    assert sizes[3] < 1.1 * sizes[1]
