"""The metrics panel shows core.train.metrics of the frame's outputs; the threshold slider."""

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, Qt

from playground.core.files.presets import load_preset
from playground.core.spec import Spec
from playground.core.train import curves
from playground.core.train import metrics as metric_fns
from playground.core.train.trainer import Trainer, fit
from playground.gui.views.metrics_panel import MetricsPanel


def shown_panel(qtbot, trainer):
    panel = MetricsPanel()
    qtbot.addWidget(panel)
    panel.resize(320, 900)
    panel.show()
    panel.set_data(trainer.data, trainer.spec)
    panel.show_snapshot(trainer.snapshot())
    panel.refresh()
    return panel


def test_classification_numbers_equal_the_core_metrics_of_the_frame(qtbot):
    trainer = fit(Trainer(load_preset("iris-softmax")), 15)
    panel = shown_panel(qtbot, trainer)
    page = panel.page
    final = trainer.final_metrics()  # the CLI's numbers, from the same weights
    for key in metric_fns.CLASSIFICATION_KEYS:
        assert page.values[key] == pytest.approx(final[f"test_{key}"]), key
    assert page.grid.labels["accuracy"].text() == f"{final['test_accuracy']:.4f}"
    # the table shows the same macro F1, and the confusion matrix is the core's
    assert page.averaged.item(0, 2).text() == f"{final['test_f1_macro']:.4f}"
    out, _ = trainer.outputs("test")
    pred = trainer.head.predict(out).numpy()
    cm = metric_fns.confusion_matrix(trainer.data.y_test, pred, 3)
    shown = [[int(page.matrix.item(r, c).text()) for c in range(3)] for r in range(3)]
    np.testing.assert_array_equal(shown, cm)
    precision, recall, f1, support = metric_fns.per_class_scores(cm)
    assert page.per_class.item(1, 1).text() == f"{recall[1]:.3f}"
    assert page.per_class.item(2, 3).text() == str(support[2])
    assert page.per_class.horizontalHeaderItem(0).toolTip() == "Precision"
    # top-k follows its spin box; row-normalised cells are the shares of each true class
    page.k_spin.setValue(3)
    assert page.values["top_k"] == 1.0
    page.normalized_box.setChecked(True)
    assert page.matrix.item(0, 0).text() == f"{curves.row_normalized(cm)[0, 0]:.2f}"
    assert "TP / (TP + FP)" in page.averaged.horizontalHeaderItem(0).toolTip()


def test_switching_the_split_scores_the_training_rows(qtbot):
    trainer = fit(Trainer(load_preset("iris-softmax")), 5)
    panel = shown_panel(qtbot, trainer)
    panel.set_split("train")
    assert panel.page.values["accuracy"] == pytest.approx(
        trainer.final_metrics()["train_accuracy"])
    assert panel.rows_note.text() == f"All {len(trainer.data.y_train)} rows"


def test_regression_numbers_and_residual_plot(qtbot):
    trainer = fit(Trainer(load_preset("course-linear-regression")), 2)
    panel = shown_panel(qtbot, trainer)
    final = trainer.final_metrics()
    for key in metric_fns.REGRESSION_KEYS:
        assert panel.page.values[key] == pytest.approx(final[f"test_{key}"], rel=1e-6), key
    assert panel.page.grid.labels["mape"].text() == f"{100 * final['test_mape']:.2f} %"
    assert "Σ (yᵢ − ȳ)²" in panel.page.grid.labels["r2"].toolTip()
    x, y = panel.page.points.getData()
    np.testing.assert_allclose(x, trainer.data.y_test[:, 0])
    np.testing.assert_allclose(y, trainer.outputs("test")[0][:, 0].numpy())


def test_threshold_slider_changes_precision_and_recall(qtbot):
    trainer = fit(Trainer(load_preset("tfp-circle")), 3)
    panel = shown_panel(qtbot, trainer)
    binary = panel.page.binary
    assert binary.isVisible()
    probs = trainer.split_outputs()["test"][:, 1]
    y = trainer.data.y_test
    binary.set_threshold(0.5)
    at_half = dict(binary.scores)
    assert at_half["precision"] == pytest.approx(curves.threshold_scores(y, probs, 0.5)[
        "precision"])
    binary.slider.setFocus()
    for _ in range(30):  # a user pressing the left arrow: the threshold drops to 0.2
        qtbot.keyClick(binary.slider, Qt.Key.Key_Left)
    assert binary.threshold == pytest.approx(0.2)
    low = binary.scores
    assert low == curves.threshold_scores(y, probs, 0.2)
    assert low["recall"] >= at_half["recall"] and low != at_half
    assert "t = 0.20" in binary.readout.text()
    binary.set_threshold(0.0)
    assert binary.scores["recall"] == 1.0  # everything called positive


def test_multilabel_page(qtbot, tmp_path):
    path = tmp_path / "labels.csv"
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 2))
    rows = [f"{a:.4f},{b:.4f},{int(a > 0)},{int(b > 0)}" for a, b in x]
    path.write_text("x1,x2,red,blue\n" + "\n".join(rows) + "\n")
    spec = Spec({"data.dataset": "csv", "data.path": str(path), "data.target": "red,blue",
                 "training.epochs": 5})
    trainer = fit(Trainer(spec), 5)
    panel = shown_panel(qtbot, trainer)
    final = trainer.final_metrics()
    for key in metric_fns.MULTILABEL_KEYS:
        assert panel.page.values[key] == pytest.approx(final[f"test_{key}"]), key


def test_a_hidden_panel_only_keeps_the_frame(qtbot):
    trainer = fit(Trainer(load_preset("iris-softmax")), 1)
    panel = MetricsPanel()
    qtbot.addWidget(panel)
    panel.set_data(trainer.data, trainer.spec)
    panel.show_snapshot(trainer.snapshot())
    assert panel.page.values == {}  # hidden: nothing computed
    panel.show()
    assert panel.page.values["accuracy"] == pytest.approx(
        trainer.final_metrics()["test_accuracy"])


def test_a_metrics_tab_behind_training_computes_nothing_until_raised(qtbot, window):
    """Qt keeps a tabbed dock's hidden pages "visible" (only moved out of the window), so the
    panel must ask whether it is on screen, and catch up when its tab is raised."""
    from tests.gui.conftest import wait_for_snapshot

    window.resize(1440, 900)
    window.training_dock.raise_()
    snap = wait_for_snapshot(qtbot, window.session)
    qtbot.wait(100)
    window.metrics_panel.show_snapshot(snap)  # a frame arrives behind the Training tab
    assert window.metrics_panel.isVisible()  # Qt's view of a page behind another tab
    assert not window.metrics_panel.on_screen()
    assert window.metrics_panel.page.values == {}
    window.metrics_dock.raise_()
    qtbot.waitUntil(lambda: "accuracy" in window.metrics_panel.page.values, timeout=5_000)
    assert window.metrics_panel.on_screen()


def test_the_window_has_a_live_metrics_tab(qtbot, window):
    from tests.gui.conftest import wait_for_snapshot

    window.metrics_dock.raise_()
    snap = wait_for_snapshot(qtbot, window.session)
    qtbot.waitUntil(lambda: "accuracy" in window.metrics_panel.page.values, timeout=10_000)
    snap = window.session.last_snapshot
    window.metrics_panel.refresh()
    y = window.session.prepared.y_test
    expected = metric_fns.classification_metrics(y, snap.split_outputs["test"], 2)
    assert window.metrics_panel.page.values["accuracy"] == pytest.approx(expected["accuracy"])
    assert snap.metrics["test_accuracy"] == pytest.approx(expected["accuracy"])


def test_the_confusion_matrix_repaints_its_cells_each_frame(qtbot):
    """Cells are filled in one batched change (fast); the view must still repaint them."""
    trainer = fit(Trainer(load_preset("iris-softmax")), 1)
    panel = shown_panel(qtbot, trainer)
    page = panel.page
    y = np.array([0, 0, 1, 1, 2, 2])
    right = np.eye(3, dtype=np.float32)[y]  # every row predicted right: diagonal share 1
    paints = PaintCounter()
    page.matrix.viewport().installEventFilter(paints)

    def cell_colour(r: int, c: int):
        cell = page.matrix.visualRect(page.matrix.model().index(r, c))
        # beside the centred number, on the cell's shade
        return page.matrix.viewport().grab().toImage().pixelColor(cell.left() + 3,
                                                                  cell.center().y())

    qtbot.wait(20)
    for outputs, shown in ((right, "2"), (np.eye(3, dtype=np.float32)[(y + 1) % 3], "0")):
        paints.count = 0
        page.show_metrics(y, outputs)
        qtbot.waitUntil(lambda: paints.count > 0, timeout=2000)  # the view was told
        assert page.matrix.item(0, 0).text() == shown
    empty, wrong = cell_colour(0, 0), cell_colour(0, 1)
    assert min(empty.red(), empty.green(), empty.blue()) > 240  # white: no row-0 sample right
    assert wrong.blue() > wrong.red() + 40  # the views' blue: all of them predicted 1


class PaintCounter(QObject):
    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched, event):  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False
