"""The cross-validation / search dialog: rows appear, cancel stops, apply best is one undo."""

import pytest
from PySide6.QtCore import Qt

from playground.core.spec import Spec
from playground.gui.search.dialog import SearchDialog
from playground.gui.session import Session

LINEAR = Spec({"data.dataset": "linear", "data.samples": 120, "model.layers": [],
               "training.loss": "half_mse", "training.learning_rate": 0.001, "seed": 4})


@pytest.fixture
def dialog(qtbot):
    session = Session(LINEAR)  # not started: the dialog needs only its spec and update()
    dlg = SearchDialog(session)
    qtbot.addWidget(dlg)
    dlg.show()
    yield dlg
    dlg.shutdown()
    session.shutdown()


def test_search_rows_appear_and_apply_best_is_one_undoable_edit(qtbot, dialog):
    dialog.epochs_spin.setValue(4)
    dialog.folds_spin.setValue(2)
    dialog.prune_box.setChecked(False)
    dialog.params.set_rows([("training.learning_rate", "0.00001, 0.03"),
                            ("training.l2", "0, 3")])
    qtbot.mouseClick(dialog.search_button, Qt.MouseButton.LeftButton)
    assert dialog.cancel_button.isEnabled() and not dialog.search_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=60_000)
    table = dialog.results.table
    assert table.rowCount() == 4
    assert dialog.progress.value() == 4 and dialog.progress.maximum() == 4
    assert dialog.result.best.params == {"training.learning_rate": 0.03, "training.l2": 0}
    # sortable: sorting by the mean column puts the best configuration first
    mean_col = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())
                ].index("Mean")
    table.sortItems(mean_col, Qt.SortOrder.AscendingOrder)
    assert float(table.item(0, mean_col).text()) == pytest.approx(dialog.result.best.mean,
                                                                  rel=1e-5)
    x, mean = dialog.results.plotted()
    assert sorted(x) == [1e-5, 1e-5, 0.03, 0.03] and len(mean) == 4
    session = dialog.session
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert session.spec.training.learning_rate == 0.03 and session.spec.training.l2 == 0
    assert session.spec.training.epochs == LINEAR.training.epochs  # only the searched fields
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert session.spec == LINEAR


def test_cancel_before_anything_finished_leaves_nothing_to_apply(qtbot, dialog):
    dialog.epochs_spin.setValue(100_000)  # would run for hours
    dialog.folds_spin.setValue(2)
    dialog.params.set_rows([("training.learning_rate", "0.01, 0.02, 0.03")])
    qtbot.mouseClick(dialog.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.maximum() == 3, timeout=20_000)  # it has begun
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=60_000)
    assert dialog.status.text().startswith("Cancelled")
    assert all(r.state != "complete" for r in dialog.result.rows)
    assert dialog.search_button.isEnabled() and not dialog.cancel_button.isEnabled()
    assert not dialog.apply_button.isEnabled()  # nothing finished to apply


def test_cancel_midway_keeps_the_finished_rows_as_partial_results(qtbot, dialog):
    dialog.epochs_spin.setValue(400)
    dialog.folds_spin.setValue(2)
    dialog.prune_box.setChecked(False)
    dialog.params.set_rows([("training.learning_rate", "0.03, 0.01, 0.003, 0.001, 0.0003")])
    qtbot.mouseClick(dialog.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.results.table.rowCount() >= 1, timeout=60_000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=60_000)
    done = [r for r in dialog.result.rows if r.state == "complete"]
    assert 1 <= len(done) < 5
    assert dialog.status.text().startswith("Cancelled. Best: trial")
    assert dialog.apply_button.isEnabled()  # the partial result can be applied


def test_cross_validate_the_experiment_as_it_is(qtbot, dialog):
    dialog.epochs_spin.setValue(2)
    dialog.folds_spin.setValue(4)
    qtbot.mouseClick(dialog.cv_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=60_000)
    row = dialog.result.rows[0]
    assert len(row.scores) == 4 and row.state == "complete"
    assert dialog.results.table.rowCount() == 1
    assert row.mean == pytest.approx(sum(row.scores) / 4)


def test_a_bad_value_is_a_message_not_a_crash(qtbot, dialog):
    dialog.params.set_rows([("training.learning_rate", "0.1, -1")])
    qtbot.mouseClick(dialog.search_button, Qt.MouseButton.LeftButton)
    assert "training.learning_rate: -1" in dialog.status.text()
    assert not dialog.runner.busy and dialog.search_button.isEnabled()
    dialog.params.set_rows([])
    qtbot.mouseClick(dialog.search_button, Qt.MouseButton.LeftButton)
    assert "Add a field" in dialog.status.text()


def test_the_window_opens_the_dialog_from_the_training_menu(qtbot, window):
    window.menus.search_action.trigger()
    assert window.search_dialog.isVisible()
    assert window.search_dialog.session is window.session
