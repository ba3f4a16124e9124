"""Two-class threshold view: the precision-recall and ROC curves with a threshold slider.

The curves are drawn once per refresh from the probabilities of class 1; the slider moves a
marker along both and shows the precision, recall, F1, TPR and FPR at that threshold (a row is
called positive when its probability is at least the threshold).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from playground.core.train import curves
from playground.gui.views import colormaps
from playground.gui.views.items import style_plot

SLIDER_STEPS = 100  # threshold resolution: 0.01
CURVE_COLOR = colormaps.hex_color(colormaps.BLUE)
MARKER_COLOR = colormaps.hex_color(colormaps.ORANGE)


class BinaryCurves(QWidget):
    """PR and ROC curves of one split, and the scores at the slider's threshold."""

    threshold_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._y = np.zeros(0, dtype=np.int64)
        self._p1 = np.zeros(0)
        self.scores: dict[str, float] = {}
        self._areas = (float("nan"), float("nan"))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setValue(SLIDER_STEPS // 2)
        self.slider.setToolTip(self.tr("Threshold t: a row is called class 1 when its "
                                       "probability p1 ≥ t"))
        self.slider.valueChanged.connect(self._on_slider)
        self.threshold_label = QLabel()
        self.readout = QLabel()
        self.readout.setWordWrap(True)
        self.readout.setToolTip(self.tr(
            "Precision = TP / (TP + FP)\nRecall = TPR = TP / (TP + FN)\n"
            "F1 = 2 TP / (2 TP + FP + FN)\nFPR = FP / (FP + TN)"))
        self.pr_plot, self._pr_curve, self._pr_marker = self._plot(
            self.tr("Recall"), self.tr("Precision"))
        self.roc_plot, self._roc_curve, self._roc_marker = self._plot(
            self.tr("False positive rate"), self.tr("True positive rate"))
        self.pr_plot.setToolTip(self.tr("Precision-recall curve: (recall, precision) at every "
                                        "threshold; average precision = Σ (Rₙ − Rₙ₋₁) Pₙ"))
        self.roc_plot.setToolTip(self.tr("ROC curve: (FPR, TPR) at every threshold; AUC is the "
                                         "area under it (0.5: chance, 1: perfect)"))
        chance = pg.mkPen("#bbbbbb", style=Qt.PenStyle.DashLine)
        self.roc_plot.getPlotItem().plot([0, 1], [0, 1], pen=chance)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Threshold")))
        row.addWidget(self.slider, 1)
        row.addWidget(self.threshold_label)
        plots = QGridLayout()
        plots.addWidget(self.pr_plot, 0, 0)
        plots.addWidget(self.roc_plot, 0, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(plots)
        column.addLayout(row)
        column.addWidget(self.readout)
        self._update_marker()

    def _plot(self, x_title: str, y_title: str
              ) -> tuple[pg.PlotWidget, pg.PlotDataItem, pg.ScatterPlotItem]:
        widget = pg.PlotWidget(background="w")
        widget.setMinimumSize(115, 115)
        plot = widget.getPlotItem()
        style_plot(plot)
        plot.setMouseEnabled(False, False)
        plot.setRange(xRange=(0, 1), yRange=(0, 1), padding=0.02)
        plot.setLabel("bottom", x_title)
        plot.setLabel("left", y_title)
        curve = plot.plot(pen=pg.mkPen(CURVE_COLOR, width=2))
        marker = pg.ScatterPlotItem(size=9, brush=pg.mkBrush(MARKER_COLOR), pen=pg.mkPen("w"))
        plot.addItem(marker)
        return widget, curve, marker

    @property
    def threshold(self) -> float:
        return self.slider.value() / SLIDER_STEPS

    def set_threshold(self, value: float) -> None:
        """Move the slider (tests and callers); the readout follows."""
        self.slider.setValue(int(round(value * SLIDER_STEPS)))

    def show_scores(self, y: np.ndarray, p1: np.ndarray) -> None:
        """New probabilities of class 1 for the rows with true labels ``y`` (0/1)."""
        self._y, self._p1 = np.asarray(y), np.asarray(p1, dtype=np.float64)
        precision, recall, _ = curves.precision_recall_curve(self._y, self._p1)
        fpr, tpr, _ = curves.roc_curve(self._y, self._p1)
        self._pr_curve.setData(recall, precision)
        self._roc_curve.setData(fpr, tpr)
        self._areas = (curves.average_precision(self._y, self._p1),
                       curves.roc_auc(self._y, self._p1))
        self._update_marker()

    @Slot(int)
    def _on_slider(self, _value: int) -> None:
        self._update_marker()
        self.threshold_changed.emit(self.threshold)

    def _update_marker(self) -> None:
        t = self.threshold
        self.threshold_label.setText(f"{t:.2f}")
        if len(self._y) == 0:
            self.scores = {}
            self.readout.setText(self.tr("No rows to score."))
            return
        s = curves.threshold_scores(self._y, self._p1, t)
        self.scores = s
        self._pr_marker.setData([s["recall"]], [s["precision"]])
        self._roc_marker.setData([s["fpr"]], [s["tpr"]])
        ap, auc = self._areas
        self.readout.setText(self.tr(
            "At t = {0}: precision {1}, recall {2}, F1 {3}, FPR {4} "
            "(TP {5}, FP {6}, FN {7}, TN {8}); average precision {9}, ROC AUC {10}").format(
            f"{t:.2f}", _num(s["precision"]), _num(s["recall"]), _num(s["f1"]),
            _num(s["fpr"]), s["tp"], s["fp"], s["fn"], s["tn"], _num(ap), _num(auc)))


def _num(value: float) -> str:
    return "–" if not np.isfinite(value) else f"{value:.3f}"
