"""A long run's history is thinned (every other entry kept, the stride doubled) so its memory
stays bounded, and every consumer reads the kept epochs right: the snapshot's latest figures,
the deltas to the window, resume, the CLI's metrics file."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pytest

from playground.core.files.presets import default_spec
from playground.core.train.history import HISTORY_LENGTH, History, entry_epochs
from playground.core.train.link import Resume
from playground.core.train.live_process import TrajectoryDelta
from playground.core.train.trainer import Trainer, fit


def record_epochs(history: History, epochs: int) -> None:
    """Figures equal to their epoch (and norms equal to it too) for epochs 0..epochs."""
    history.record(0, {"train_loss": 0.0})
    for epoch in range(1, epochs + 1):
        history.record(epoch, {"train_loss": float(epoch)}, np.full(2, epoch, np.float32))


@pytest.mark.parametrize("epochs", [7, 8, 9, 31, 100, 1000])
def test_kept_entries_are_the_epochs_the_stride_names(epochs):
    history = History(2, limit=8)
    record_epochs(history, epochs)
    losses, norms = history["train_loss"], history.norms.view()
    assert len(losses) <= 8 and len(norms) <= 8
    np.testing.assert_array_equal(losses, entry_epochs(len(losses), history.stride))
    np.testing.assert_array_equal(norms[:, 0], entry_epochs(len(norms), history.stride, 1))
    assert history.latest == {"train_loss": float(epochs)}  # whichever epochs are kept
    # The kept entries span the run: the last kept epoch is less than a stride from the end.
    assert epochs - history.stride < losses[-1] <= epochs


def test_under_the_limit_every_epoch_is_kept():
    history = History(2, limit=HISTORY_LENGTH)
    record_epochs(history, 500)
    assert history.stride == 1 and len(history["train_loss"]) == 501
    assert len(history.norms) == 500


def test_thinning_leaves_the_views_a_frame_holds_as_they_were():
    history = History(2, limit=8)
    record_epochs(history, 7)
    held = history["train_loss"]
    before = held.copy()
    record_epochs_from(history, 8, 40)
    np.testing.assert_array_equal(held, before)


def record_epochs_from(history: History, first: int, last: int) -> None:
    for epoch in range(first, last + 1):
        history.record(epoch, {"train_loss": float(epoch)}, np.full(2, epoch, np.float32))


def test_a_replaced_figure_of_an_epoch_without_entry_changes_only_the_latest():
    history = History(2, limit=8)
    record_epochs(history, 9)  # stride 2: epoch 9 has no entry
    kept = history["train_loss"].copy()
    history.replace_last(9, {"train_loss": -1.0})
    np.testing.assert_array_equal(history["train_loss"], kept)
    assert history.latest["train_loss"] == -1.0
    history.replace_last(10, {"train_loss": -2.0})  # epoch 10 has one: its entry changes
    assert history["train_loss"][-1] == -2.0


@pytest.fixture
def long_run():
    """A trainer whose history keeps at most 16 entries, trained 70 epochs (stride 8)."""
    trainer = Trainer(default_spec(), kernel="wait")
    trainer.history.limit = 16
    return fit(trainer, 70)


def test_a_long_run_s_snapshot_has_the_latest_figures_and_the_stride(long_run):
    snap = long_run.snapshot(grid=False)
    assert snap.history_stride == long_run.history.stride == 8
    assert len(snap.history["train_loss"]) <= 16
    now = long_run.evaluate()
    assert snap.metrics["train_loss"] == pytest.approx(now["train_loss"], rel=1e-6)
    assert snap.history["train_loss"][-1] != pytest.approx(now["train_loss"], rel=1e-9)


def test_the_window_rebuilds_a_history_that_was_thinned_between_frames():
    trainer = Trainer(default_spec(), kernel="wait")
    trainer.history.limit = 16
    sender, receiver = TrajectoryDelta(), TrajectoryDelta()
    for _ in range(40):
        fit(trainer, 3)
        snap = trainer.snapshot(grid=False)
        back = receiver.restore(pickle.loads(pickle.dumps(sender.pack(snap))))
        assert back.history_stride == snap.history_stride
        for key, series in snap.history.items():
            np.testing.assert_array_equal(back.history[key], series)
        np.testing.assert_array_equal(back.grad_norms, snap.grad_norms)
    assert trainer.history.stride >= 8


def test_a_thinned_run_resumes_with_its_stride(long_run):
    snap = pickle.loads(pickle.dumps(long_run.snapshot(grid=False)))
    point = Resume.from_snapshot(snap)
    other = Trainer(default_spec(), kernel="wait")
    other.history.limit = 16
    other.resume(point)
    assert other.history.stride == 8
    np.testing.assert_array_equal(other.history["train_loss"], long_run.history["train_loss"])
    assert other.history.latest["train_loss"] == long_run.history["train_loss"][-1]
    fit(other, 20)  # and it records on at its stride
    assert len(other.history["train_loss"]) == 90 // 8 + 1  # epochs 0, 8, ..., 88
    assert other.history.latest["train_loss"] == pytest.approx(
        other.evaluate()["train_loss"], rel=1e-6)


def test_the_resume_file_keeps_the_stride(long_run, tmp_path):
    from playground.core.train.resume_file import load_resume, save_resume

    point = Resume.from_snapshot(long_run.snapshot(grid=False))
    save_resume(tmp_path / "r.npz", point)
    assert load_resume(tmp_path / "r.npz").history_stride == 8


def test_the_cli_metrics_file_names_the_kept_epochs(long_run, tmp_path):
    from playground.cli.train import _write_metrics

    _write_metrics(tmp_path / "m.json", long_run, {}, 1.0)
    rows = json.loads((tmp_path / "m.json").read_text())["history"]
    assert [row["epoch"] for row in rows] == [8 * i for i in range(len(rows))]
    assert rows[-1]["train_loss"] == pytest.approx(float(long_run.history["train_loss"][-1]))
