"""The training panel's LBFGS entry and solver row, driven like a user, training live."""

from __future__ import annotations

import math

from tests.gui.conftest import wait_for_snapshot


def test_lbfgs_trains_live_and_shows_no_first_order_rows(qtbot, window):
    session, panel = window.session, window.training_panel
    panel.optimizer.setCurrentIndex(panel.optimizer.findData("lbfgs"))
    assert session.spec.training.optimizer == "lbfgs"
    for key in ("momentum", "betas", "eps", "weight_decay"):
        assert not panel.row_visible(key)
    panel.lr_entry.setText("0.5")
    panel.lr_entry.editingFinished.emit()
    assert session.spec.training.learning_rate == 0.5
    session.play()
    snap = wait_for_snapshot(qtbot, session, lambda s: s.epoch >= 3
                             and session.spec.training.optimizer == "lbfgs")
    session.pause()
    assert math.isfinite(snap.metrics["train_loss"]) and snap.status != "diverged"
    assert snap.history["train_loss"][-1] < snap.history["train_loss"][0]


def test_solver_row_sets_least_squares_and_refuses_hidden_layers(qtbot, window):
    session, panel = window.session, window.training_panel
    errors: list[str] = []
    session.error.connect(errors.append)
    panel.solver.setCurrentIndex(panel.solver.findData("lstsq"))
    assert session.spec.training.solver == "gradient"  # the default net has hidden layers
    assert errors and "training.solver" in errors[-1]
    assert panel.solver.currentData() == "gradient"  # the row resyncs to what stands
    session.update({"model.layers": [], "data.dataset": "trapezoid",
                    "model.output_activation": None}, "linear model")
    panel.solver.setCurrentIndex(panel.solver.findData("lstsq"))
    assert session.spec.training.solver == "lstsq"
    session.step_epoch()
    snap = wait_for_snapshot(qtbot, session, lambda s: s.epoch >= 1
                             and session.spec.training.solver == "lstsq")
    assert snap.metrics["train_loss"] < 0.01  # the exact plane through the trapezoid areas
