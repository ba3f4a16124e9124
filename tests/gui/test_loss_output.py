"""Every loss the window offers trains: the output layer follows the loss in the same undoable
edit, the builder shows and sets the output activation, impossible choices are disabled with a
reason, errors that stop training show in the banner, and every loss x task kind trains."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from playground.core.model.head import loss_problem
from tests.gui.conftest import SNAPSHOT_TIMEOUT_MS, wait_for_snapshot


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _current_run(qtbot, session):
    return wait_for_snapshot(qtbot, session, lambda s: s.version == session.version)


def _choose(combo, value) -> None:
    """Pick the entry holding ``value`` as a user would (an enabled entry only)."""
    index = combo.findData(value)
    assert index >= 0, value
    assert combo.model().item(index).isEnabled(), f"{value} is disabled"
    combo.setCurrentIndex(index)


def _network_view(qtbot, window):
    from playground.gui.views.network import NetworkView

    qtbot.waitUntil(lambda: isinstance(window.network, NetworkView),
                    timeout=SNAPSHOT_TIMEOUT_MS)
    # The layout shows a widget it takes in on the next turn of the event loop.
    qtbot.waitUntil(window.network.output_activation.isVisible)
    return window.network


def _train_a_little(qtbot, window, epochs: int = 2):
    session = window.session
    _current_run(qtbot, session)
    play = window.toolbar.widgetForAction(window.toolbar.play_action)
    click(qtbot, play)
    snap = wait_for_snapshot(qtbot, session, lambda s: s.version == session.version
                             and s.epoch >= epochs)
    click(qtbot, play)
    return snap


def test_cross_entropy_on_the_tfp_default_switches_the_output_in_one_edit(qtbot, window):
    session = window.session
    view = _network_view(qtbot, window)
    _current_run(qtbot, session)
    assert session.spec.model.output_activation == "tanh"
    assert view.output_activation.currentData() == "tanh"
    edits = session.undo_stack.count()
    _choose(window.training_panel.loss, "bce")
    assert session.spec.training.loss == "bce"
    assert session.spec.model.output_activation is None
    assert session.undo_stack.count() == edits + 1  # one edit, both fields
    assert "output activation tanh -> auto" in window.statusBar().currentMessage()
    assert "output activation tanh -> auto" in session.undo_stack.undoText()
    assert view.output_activation.currentText() == "auto"
    snap = _train_a_little(qtbot, window)
    assert math.isfinite(snap.history["train_loss"][-1])
    assert not window.banner.isVisible()
    # Under a cross-entropy a tanh output cannot work: disabled, with the reason.
    tanh = view.output_activation.model().item(view.output_activation.findData("tanh"))
    assert not tanh.isEnabled() and "sigmoid/softmax" in tanh.toolTip()
    session.undo_stack.undo()
    assert session.spec.training.loss == "half_mse"
    assert session.spec.model.output_activation == "tanh"


def test_the_builder_sets_the_output_activation(qtbot, window):
    session = window.session
    view = _network_view(qtbot, window)
    _current_run(qtbot, session)
    _choose(view.output_activation, "sigmoid")
    assert session.spec.model.output_activation == "sigmoid"
    assert session.undo_stack.undoText() == "Set output activation to sigmoid"
    _choose(view.output_activation, None)
    assert session.spec.model.output_activation is None
    assert view.output_activation.currentText() == "auto"


def test_an_error_that_stops_training_shows_in_the_banner(qtbot, window):
    session = window.session
    _current_run(qtbot, session)
    # What a file or an old version could hold: a tanh output under binary cross-entropy.
    session.update({"training.loss": "bce", "model.output_activation": "tanh"}, "bad pair")
    qtbot.waitUntil(window.banner.isVisible, timeout=SNAPSHOT_TIMEOUT_MS)
    assert "model.output_activation" in window.banner.message.text()
    assert not window.banner.reset_button.isVisible()
    click(qtbot, window.toolbar.widgetForAction(window.toolbar.play_action))
    qtbot.waitUntil(lambda: not session.is_running, timeout=SNAPSHOT_TIMEOUT_MS)
    assert window.toolbar.play_action.text() != "Pause"
    session.undo_stack.undo()
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=SNAPSHOT_TIMEOUT_MS)


def _multilabel_csv(tmp_path) -> str:
    rng = np.random.default_rng(0)
    lines = ["a,b,left,top"]
    for _ in range(80):
        a, b = rng.uniform(-1, 1, size=2)
        lines.append(f"{a:.3f},{b:.3f},{int(a < 0)},{int(b > 0)}")
    path = tmp_path / "labels.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _pick_dataset(qtbot, window, name: str) -> None:
    picker = window.data_panel._datasets
    item = next(picker.item(i) for i in range(picker.count())
                if picker.item(i).data(Qt.ItemDataRole.UserRole) == name)
    picker.scrollToItem(item)
    qtbot.mouseClick(picker.viewport(), Qt.MouseButton.LeftButton,
                     pos=picker.visualItemRect(item).center())


KINDS = [("two classes", "circle", {}), ("k classes", "blobs", {}),
         ("2-D regression", "reg-plane", {}), ("1-D regression", "sine", {}),
         ("tabular classification", "iris", {}), ("multi-label CSV", "csv",
                                                  {"data.target": "left,top"})]


@pytest.mark.timeout(600)
def test_every_loss_trains_every_task_kind_from_the_window(qtbot, window, tmp_path,
                                                           monkeypatch):
    session = window.session
    panel = window.training_panel
    csv_path = _multilabel_csv(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_a, **_k: (csv_path, "")))
    _current_run(qtbot, session)
    trained = []
    for kind, dataset, extra in KINDS:
        _choose(panel.loss, None)  # auto fits every task, so the switch itself builds
        _pick_dataset(qtbot, window, dataset)
        if extra:  # the window has no target-column field yet: the one setting by hand
            session.update(extra, "targets")
        session.update({"data.samples": 120}, "fewer samples")
        _current_run(qtbot, session)
        prepared = session.prepared
        for row in range(panel.loss.count()):
            loss = panel.loss.itemData(row)
            problem = loss_problem(loss, prepared.task, prepared.n_classes)
            item = panel.loss.model().item(row)
            assert item.isEnabled() == (problem is None), (kind, loss)
            if problem is not None:
                assert item.toolTip() == problem[0]
                continue
            _choose(panel.loss, loss)
            snap = _train_a_little(qtbot, window)
            assert not window.banner.isVisible(), (kind, loss, window.banner.message.text())
            losses = snap.history["train_loss"]
            assert len(losses) >= 3 and all(math.isfinite(v) for v in losses), (kind, loss)
            trained.append((kind, loss))
    assert len(trained) == 35  # 7 + 6 + 5 + 5 + 6 + 6, auto included
