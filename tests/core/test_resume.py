"""A run goes on from a frame (its training process died): the weights, epoch, history and
learning rate of the frame, in a fresh trainer of the same experiment; through the live loop
too."""

from __future__ import annotations

import pickle
import queue
import threading

import numpy as np
import pytest

from playground.core.files.presets import default_spec
from playground.core.train.link import Build, Resume, SnapshotReady
from playground.core.train.live_loop import LiveLoop
from playground.core.train.trainer import Trainer, fit


def frame_point(trainer: Trainer) -> Resume:
    """What the window holds: a frame, pickled across the process boundary, as a Resume
    pickled back across it."""
    snap = pickle.loads(pickle.dumps(trainer.snapshot(grid=False)))
    point = Resume.from_snapshot(snap)
    assert point is not None
    return pickle.loads(pickle.dumps(point))


def test_an_untrained_frame_gives_nothing_to_go_on_from():
    assert Resume.from_snapshot(Trainer(default_spec()).snapshot(grid=False)) is None
    assert Resume.from_snapshot(None) is None


def test_a_resumed_trainer_has_the_frame_s_weights_epoch_and_history():
    spec = default_spec()
    a = fit(Trainer(spec), 6)
    b = Trainer(spec)
    b.resume(frame_point(a))
    for la, lb in zip(a.model.dense_layers(), b.model.dense_layers(), strict=True):
        assert np.array_equal(la.weight.detach().numpy(), lb.weight.detach().numpy())
        assert np.array_equal(la.bias.detach().numpy(), lb.bias.detach().numpy())
    assert (b.epoch, b.step_count) == (6, a.step_count)
    assert set(b.history) == set(a.history)
    for key in a.history:
        np.testing.assert_array_equal(b.history[key], a.history[key])
    np.testing.assert_array_equal(b.grad_norm_history.view(), a.grad_norm_history.view())
    assert len(b.trajectory) == len(a.trajectory) == 7
    assert b.evaluate()["train_loss"] == pytest.approx(a.history["train_loss"][-1], rel=1e-6)
    b.run_epoch()  # and it trains on, appending to the history it took over
    assert b.epoch == 7 and len(b.history["train_loss"]) == 8 and len(b.trajectory) == 8
    assert b.history["train_loss"][-1] < b.history["train_loss"][0]


def test_batchnorm_statistics_and_the_scheduled_learning_rate_go_on_too():
    spec = default_spec().replace({
        "model.layers": [{"type": "dense", "units": 6, "activation": "tanh"},
                         {"type": "batchnorm"}, {"type": "dropout", "p": 0.2}],
        "training.lr_schedule": {"type": "step", "step_size": 2, "gamma": 0.5},
    })
    a = fit(Trainer(spec), 5)
    assert a.learning_rate == pytest.approx(spec.training.learning_rate * 0.25)
    point = frame_point(a)
    assert any(k.endswith("running_mean") for k in point.other_state)
    b = Trainer(spec)
    b.resume(point)
    sa, sb = a.model.state_dict(), b.model.state_dict()
    assert sa.keys() == sb.keys()
    for key in sa:
        assert torch_equal(sa[key], sb[key]), key
    assert b.learning_rate == pytest.approx(a.learning_rate)
    b.run_epoch()
    a.run_epoch()
    assert b.learning_rate == pytest.approx(a.learning_rate)  # the schedule counts on


def torch_equal(x, y) -> bool:
    return bool((x == y).all())


def test_a_diverged_frame_stays_diverged_and_another_network_is_refused():
    spec = default_spec()
    a = fit(Trainer(spec), 2)
    a._diverge()
    b = Trainer(spec)
    b.resume(frame_point(a))
    assert b.status.ended and "diverged" in b.message
    for layers in ([{"type": "dense", "units": 3}],
                   [{"type": "dense", "units": 5}, {"type": "dense", "units": 2}]):
        other = Trainer(spec.replace({"model.layers": layers}))
        with pytest.raises(ValueError, match="another network"):
            other.resume(frame_point(a))


def test_the_live_loop_builds_a_run_that_goes_on_from_the_point():
    spec = default_spec()
    point = frame_point(fit(Trainer(spec), 4))
    events: queue.Queue = queue.Queue()
    loop = LiveLoop(events.put)
    thread = threading.Thread(target=loop.run)
    thread.start()
    try:
        loop.post(Build(spec, 3, False, point))
        while not isinstance(event := events.get(timeout=60), SnapshotReady):
            pass
        snap = event.snapshot
        assert (snap.version, snap.epoch, snap.step) == (3, 4, point.step)
        assert len(snap.history["train_loss"]) == 5
        np.testing.assert_array_equal(snap.weights[0], point.weights[0])
    finally:
        loop.request_stop()
        thread.join(60)
    assert not thread.is_alive()


def test_a_resume_point_survives_its_file_and_a_damaged_file_is_one_line(tmp_path):
    from playground.core.train.resume_file import ResumeFileError, load_resume, save_resume

    spec = default_spec().replace({"model.layers": [
        {"type": "dense", "units": 4, "activation": "tanh"}, {"type": "batchnorm"}]})
    point = frame_point(fit(Trainer(spec), 3))
    path = tmp_path / "run.npz"
    save_resume(path, point)
    back = load_resume(path)
    assert (back.epoch, back.step, back.status, back.learning_rate) == (
        point.epoch, point.step, point.status, point.learning_rate)
    for a, b in zip(point.weights + point.biases, back.weights + back.biases, strict=True):
        np.testing.assert_array_equal(a, b)
    assert back.other_state.keys() == point.other_state.keys()
    assert back.history.keys() == point.history.keys()
    np.testing.assert_array_equal(back.history["train_loss"], point.history["train_loss"])
    assert len(back.trajectory) == len(point.trajectory) == 4
    trainer = Trainer(spec)
    trainer.resume(back)
    assert trainer.epoch == 3
    data = path.read_bytes()
    for damaged in (data[: len(data) // 2], b"PK\x03\x04" + b"\0" * 40, b"not a zip",
                    data.replace(b"nn-playground-resume-1", b"nn-playground-resume-9")):
        path.write_bytes(damaged)
        with pytest.raises(ResumeFileError) as info:
            load_resume(path)
        assert "\n" not in str(info.value) and "run.npz" in str(info.value)
