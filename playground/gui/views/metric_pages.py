"""The metrics panel's pages, one per task; each shows ``core.train.metrics`` numbers.

Every page has ``set_classes(names)`` (new data: build rows once) and
``show_metrics(y, outputs)`` (a frame: set texts and plot data only). ``values`` holds the
numbers last shown, by the core's keys, and every figure's tooltip gives its formula.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.core.train import curves
from playground.core.train import metrics as metric_fns
from playground.gui.style import one_change
from playground.gui.views import colormaps
from playground.gui.views.binary_curves import BinaryCurves
from playground.gui.views.items import style_plot

translate = QCoreApplication.translate  # lupdate reads translate("Context", ...) calls


def _tr(text: str) -> str:
    return translate("MetricPages", text)


# (core key, title, formula for the tooltip); texts are translated where they are shown.
REGRESSION_ROWS = (
    ("mae", "MAE", "Mean absolute error: (1/n) Σ |yᵢ − ŷᵢ|, in the target's units"),
    ("mse", "MSE", "Mean squared error: (1/n) Σ (yᵢ − ŷᵢ)², in the target's units squared"),
    ("rmse", "RMSE", "Root mean squared error: √MSE, in the target's units"),
    ("mape", "MAPE", "Mean absolute percentage error: (1/n) Σ |(yᵢ − ŷᵢ) / yᵢ| × 100 %"),
    ("r2", "R²", "Coefficient of determination: 1 − Σ (yᵢ − ŷᵢ)² / Σ (yᵢ − ȳ)²"),
)
CLASSIFICATION_ROWS = (
    ("accuracy", "Accuracy", "Accuracy: rows whose predicted class (the most probable) is the "
                             "true class / all rows"),
    ("top_k", "Top-k accuracy", "Top-k accuracy: rows whose true class is among the k most "
                                "probable classes / all rows"),
)
MULTILABEL_ROWS = (
    ("exact_match", "Exact match", "Exact match ratio: (1/n) Σ [ŷᵢ = yᵢ], every label right"),
    ("zero_one_loss", "0-1 loss", "0-1 loss: 1 − exact match ratio"),
    ("accuracy", "Jaccard accuracy", "Accuracy (Jaccard): (1/n) Σ |yᵢ ∩ ŷᵢ| / |yᵢ ∪ ŷᵢ|"),
    ("precision", "Precision (samples)", "Precision: (1/n) Σ |yᵢ ∩ ŷᵢ| / |ŷᵢ|"),
    ("recall", "Recall (samples)", "Recall: (1/n) Σ |yᵢ ∩ ŷᵢ| / |yᵢ|"),
    ("f1", "F1 (samples)", "F1: (1/n) Σ 2 |yᵢ ∩ ŷᵢ| / (|yᵢ| + |ŷᵢ|)"),
    ("hamming_loss", "Hamming loss", "Hamming loss: wrong label entries / (n · q)"),
)
SCORE_FORMULAS = (("precision", "Precision", "Precision = TP / (TP + FP)"),
                  ("recall", "Recall", "Recall = TP / (TP + FN)"),
                  ("f1", "F1", "F1 = 2 · P · R / (P + R) = 2 TP / (2 TP + FP + FN)"))
AVERAGES = (("macro", "Macro", "Macro average: the unweighted mean over classes"),
            ("micro", "Micro", "Micro average: from TP, FP and FN pooled over classes (for "
                               "single-label data all three equal the accuracy)"),
            ("weighted", "Weighted", "Weighted average: the mean over classes weighted by each "
                                     "class's support (its number of true rows)"))


def number(value: float, key: str = "", digits: int = 4) -> str:
    """A metric as the panel shows it (MAPE as a percentage), ``digits`` decimals."""
    if value is None or not np.isfinite(value):
        return "–"
    if key == "mape":
        return f"{100 * value:.2f} %"
    return f"{value:.{digits}f}" if abs(value) < 1e4 else f"{value:.4g}"


class FigureGrid(QWidget):
    """Name / value rows with the formula as each row's tooltip."""

    def __init__(self, rows: Sequence[tuple[str, str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        self.labels: dict[str, QLabel] = {}
        for i, (key, title, formula) in enumerate(rows):
            name, value = QLabel(_tr(title)), QLabel("–")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            for label in (name, value):
                label.setToolTip(_tr(formula))
            grid.addWidget(name, i, 0)
            grid.addWidget(value, i, 1)
            self.labels[key] = value
        grid.setColumnStretch(1, 1)

    def show_values(self, values: dict[str, float]) -> None:
        for key, label in self.labels.items():
            label.setText(number(values.get(key, float("nan")), key))


def _table(rows: int, cols: int, col_titles: Sequence[str]) -> QTableWidget:
    table = QTableWidget(rows, cols)
    table.setHorizontalHeaderLabels(list(col_titles))
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    for r in range(rows):
        for c in range(cols):
            item = QTableWidgetItem("–")
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            table.setItem(r, c, item)
    return table


def _fit_height(table: QTableWidget) -> None:
    height = table.horizontalHeader().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(table.rowCount()))
    table.setFixedHeight(height)


class RegressionPage(QWidget):
    """MAE, MSE, RMSE, MAPE, R² and the predicted-vs-true plot (first target column)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.values: dict[str, float] = {}
        self.grid = FigureGrid(REGRESSION_ROWS)
        self.plot_widget = pg.PlotWidget(background="w")
        self.plot_widget.setMinimumHeight(200)
        self.plot_widget.setToolTip(
            translate("MetricPages", "Each row's prediction ŷ against its true value y; "
                                        "on the diagonal ŷ = y the residual y − ŷ is 0"))
        plot = self.plot_widget.getPlotItem()
        style_plot(plot)
        plot.setLabel("bottom", translate("MetricPages", "True value y"))
        plot.setLabel("left", translate("MetricPages", "Predicted ŷ"))
        self._diagonal = plot.plot(pen=pg.mkPen("#999999", style=Qt.PenStyle.DashLine))
        self.points = pg.ScatterPlotItem(size=5, pen=None,
                                         brush=pg.mkBrush(colormaps.hex_color(colormaps.BLUE)))
        plot.addItem(self.points)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.grid)
        column.addWidget(self.plot_widget, 1)

    def set_classes(self, names: Sequence[str]) -> None:
        self.values = {}

    def show_metrics(self, y: np.ndarray, outputs: np.ndarray) -> None:
        self.values = metric_fns.regression_metrics(y, outputs)
        self.grid.show_values(self.values)
        truth = np.asarray(y, dtype=np.float64).reshape(len(y), -1)[:, 0]
        pred = np.asarray(outputs, dtype=np.float64).reshape(len(y), -1)[:, 0]
        self.points.setData(truth, pred)
        if len(truth):
            lo, hi = float(min(truth.min(), pred.min())), float(max(truth.max(), pred.max()))
            self._diagonal.setData([lo, hi], [lo, hi])


class ClassificationPage(QWidget):
    """Accuracy, top-k, averaged and per-class P/R/F1, the confusion matrix, and for two
    classes the PR and ROC curves with a threshold slider."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.values: dict[str, float] = {}
        self.confusion = np.zeros((0, 0), dtype=np.int64)
        self._last: tuple[np.ndarray, np.ndarray] | None = None
        self.grid = FigureGrid(CLASSIFICATION_ROWS)
        self.k_spin = QSpinBox()
        self.k_spin.setRange(1, 2)
        self.k_spin.setPrefix(translate("MetricPages", "k = "))
        self.k_spin.setToolTip(translate("MetricPages", "k of the top-k accuracy"))
        self.k_spin.valueChanged.connect(self._on_k_changed)
        self.averaged = _table(3, 3, [_tr(t) for _, t, _ in SCORE_FORMULAS])
        self.averaged.setVerticalHeaderLabels([_tr(t) for _, t, _ in AVERAGES])
        for c, (_, _, formula) in enumerate(SCORE_FORMULAS):
            self.averaged.horizontalHeaderItem(c).setToolTip(_tr(formula))
        for r, (_, _, formula) in enumerate(AVERAGES):
            self.averaged.verticalHeaderItem(r).setToolTip(_tr(formula))
        self.per_class = _table(0, 4, [])
        # "Precision" and "Support" are wider than their columns in the panel: cut, not clipped
        self.per_class.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.normalized_box = QCheckBox(translate("MetricPages", "Row-normalised"))
        self.normalized_box.setToolTip(
            translate("MetricPages", "Each row divided by its sum: the share of true "
                                           "class i predicted as j (the diagonal is recall)"))
        self.normalized_box.toggled.connect(self._on_normalized_toggled)
        self.matrix = _table(0, 0, [])
        self.matrix.setToolTip(
            translate("MetricPages", "Confusion matrix: row i, column j counts rows of true "
                                   "class i predicted as class j"))
        self.matrix.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.binary = BinaryCurves()
        k_row = QHBoxLayout()
        k_row.addWidget(self.grid, 1)
        k_row.addWidget(self.k_spin, 0, Qt.AlignmentFlag.AlignBottom)
        matrix_title = QHBoxLayout()
        matrix_name = QLabel(translate("MetricPages", "Confusion matrix (rows: true, columns: "
                                                      "predicted)"))
        matrix_name.setWordWrap(True)  # a narrow dock wraps it rather than widening the window
        matrix_title.addWidget(matrix_name, 1)
        matrix_title.addWidget(self.normalized_box)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(k_row)
        column.addWidget(self.averaged)
        column.addWidget(QLabel(translate("MetricPages", "Per class")))
        column.addWidget(self.per_class)
        column.addLayout(matrix_title)
        column.addWidget(self.matrix)
        column.addWidget(self.binary)
        column.addStretch(1)  # the rest of the room when there are no curves (k > 2)
        _fit_height(self.averaged)

    def set_classes(self, names: Sequence[str]) -> None:
        k = len(names)
        self.values, self._last = {}, None
        self.k_spin.setRange(1, max(k, 1))
        self.k_spin.setValue(min(2, k) if k > 2 else 1)
        self.per_class.setRowCount(0)
        self.per_class.setColumnCount(4)
        self.per_class.setHorizontalHeaderLabels(
            [translate("MetricPages", "Precision"), translate("MetricPages", "Recall"),
             translate("MetricPages", "F1"), translate("MetricPages", "Support")])
        for c in range(self.per_class.columnCount()):  # the whole word where it is cut
            header = self.per_class.horizontalHeaderItem(c)
            header.setToolTip(header.text())
        self.per_class.setRowCount(k)
        self.matrix.setRowCount(k)
        self.matrix.setColumnCount(k)
        for table in (self.per_class, self.matrix):
            for r in range(table.rowCount()):
                for c in range(table.columnCount()):
                    item = QTableWidgetItem("–")
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    table.setItem(r, c, item)
        self.per_class.setVerticalHeaderLabels(list(names))
        self.matrix.setVerticalHeaderLabels(list(names))
        self.matrix.setHorizontalHeaderLabels(list(names))
        for table in (self.per_class, self.matrix):
            _fit_height(table)
        self.binary.setVisible(k == 2)

    def show_metrics(self, y: np.ndarray, outputs: np.ndarray) -> None:
        k = outputs.shape[1] if outputs.ndim == 2 else 0
        self._last = (np.asarray(y), np.asarray(outputs))
        self.values = metric_fns.classification_metrics(y, outputs, k)
        if len(y):
            self.values["top_k"] = metric_fns.top_k_accuracy(y, outputs, self.k_spin.value())
        self.grid.show_values(self.values)
        with one_change(self.averaged):
            for r, (avg, _, _) in enumerate(AVERAGES):
                for c, (score, _, _) in enumerate(SCORE_FORMULAS):
                    self.averaged.item(r, c).setText(number(self.values[f"{score}_{avg}"]))
        pred = outputs.argmax(axis=1) if len(y) else np.zeros(0, dtype=np.int64)
        self.confusion = metric_fns.confusion_matrix(y, pred, k)
        precision, recall, f1, support = metric_fns.per_class_scores(self.confusion)
        with one_change(self.per_class):
            for r in range(k):
                for c, value in enumerate((precision[r], recall[r], f1[r])):
                    # 3 decimals: four columns beside the class names fit the panel's width
                    # (at 4 they were cut to "1.00…")
                    self.per_class.item(r, c).setText(number(value, digits=3))
                self.per_class.item(r, 3).setText(str(int(support[r])))
        self._show_matrix()
        if k == 2:
            self.binary.show_scores(y, outputs[:, 1])

    def _show_matrix(self) -> None:
        shares = curves.row_normalized(self.confusion)
        # 0-100: the shade of each cell (a class never seen, NaN, is white)
        levels = np.rint(100 * np.clip(np.nan_to_num(shares), 0, 1)).astype(int)
        normalized = self.normalized_box.isChecked()
        white, black = QColor("white"), QColor("black")
        with one_change(self.matrix):
            for (r, c), count in np.ndenumerate(self.confusion):
                item = self.matrix.item(r, c)
                if item is None:
                    continue
                item.setText(f"{shares[r, c]:.2f}" if normalized else str(int(count)))
                item.setBackground(_shade(int(levels[r, c])))
                item.setForeground(white if levels[r, c] > 60 else black)

    @Slot(bool)
    def _on_normalized_toggled(self, _checked: bool) -> None:
        self._show_matrix()

    @Slot(int)
    def _on_k_changed(self, _k: int) -> None:
        if self._last is not None:
            self.show_metrics(*self._last)


@functools.cache
def _shade(percent: int) -> QColor:
    """White (0) to the blue of the views (100)."""
    blue = np.asarray(colormaps.BLUE, dtype=np.float64)[:3]
    return QColor(*(int(v) for v in 255 + (blue - 255) * (percent / 100)))


class MultilabelPage(QWidget):
    """Exact match, 0-1 loss, Jaccard, sample-averaged P/R/F1 and Hamming loss (labels on
    where their probability exceeds 0.5, as the network predicts them)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.values: dict[str, float] = {}
        self.grid = FigureGrid(MULTILABEL_ROWS)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.grid)
        column.addStretch(1)

    def set_classes(self, names: Sequence[str]) -> None:
        self.values = {}

    def show_metrics(self, y: np.ndarray, outputs: np.ndarray) -> None:
        self.values = metric_fns.multilabel_metrics(y, (outputs > 0.5).astype(np.int64))
        self.grid.show_values(self.values)
