"""The activation explorer: each activation and its derivative side by side on the same axes,
sliders for LeakyReLU's slope and ELU's alpha, and autograd's derivative against the closed
form (the largest difference is written under the plots)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from playground.core.catalogue import ACTIVATIONS

X_RANGE = (-5.0, 5.0)
POINTS = 401
SLOPE_STEP, ALPHA_STEP = 0.005, 0.01  # per slider tick: slope in [0, 0.5], alpha in (0, 3]


class ActivationExplorer(QDialog):
    """A non-modal window; torch loads on first use (the window opens it from a menu)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Activation explorer"))
        self.activation_combo = QComboBox()
        self.activation_combo.addItems(list(ACTIVATIONS))
        self.formula_label = QLabel()
        self.slope_slider = _slider(0, 100, 10)  # 0.05
        self.alpha_slider = _slider(1, 300, 100)  # 1.0, torch's default
        self.slope_label, self.alpha_label = QLabel(), QLabel()
        self.difference_label = QLabel()
        self.difference_label.setWordWrap(True)
        self.function_plot = _plot(self.tr("f(x)"))
        self.derivative_plot = _plot(self.tr("f\u2032(x)"))
        self.derivative_plot.setXLink(self.function_plot)
        self.derivative_plot.setYLink(self.function_plot)  # the same axes range, side by side
        self.derivative_plot.addLegend(offset=(10, 10))
        self.function_curve = self.function_plot.plot(pen=pg.mkPen("#1a73e8", width=2))
        self.closed_curve = self.derivative_plot.plot(pen=pg.mkPen("#e37400", width=2),
                                                      name=self.tr("closed form"))
        self.autograd_curve = self.derivative_plot.plot(
            pen=pg.mkPen("#202124", width=1, style=Qt.PenStyle.DashLine),
            name=self.tr("autograd"))
        self.curves = None  # the ActivationCurves drawn now
        self._layout()
        self.activation_combo.currentTextChanged.connect(self._on_changed)
        self.slope_slider.valueChanged.connect(self._on_changed)
        self.alpha_slider.valueChanged.connect(self._on_changed)
        self.activation_combo.setCurrentText("leaky_relu")
        self._on_changed()

    def _layout(self) -> None:
        controls = QGridLayout()
        controls.addWidget(QLabel(self.tr("Activation")), 0, 0)
        controls.addWidget(self.activation_combo, 0, 1)
        controls.addWidget(self.formula_label, 0, 2)
        for row, (text, slider, label) in enumerate((
                (self.tr("Leaky slope \u03b3"), self.slope_slider, self.slope_label),
                (self.tr("ELU \u03b1"), self.alpha_slider, self.alpha_label)), start=1):
            controls.addWidget(QLabel(text), row, 0)
            controls.addWidget(slider, row, 1)
            controls.addWidget(label, row, 2)
        plots = QHBoxLayout()
        plots.addWidget(self.function_plot)
        plots.addWidget(self.derivative_plot)
        box = QVBoxLayout(self)
        box.addLayout(controls)
        box.addLayout(plots, 1)
        box.addWidget(self.difference_label)
        self.resize(860, 440)

    @property
    def leaky_slope(self) -> float:
        return self.slope_slider.value() * SLOPE_STEP

    @property
    def elu_alpha(self) -> float:
        return self.alpha_slider.value() * ALPHA_STEP

    @Slot()
    def _on_changed(self) -> None:
        from playground.core.model.activation_curves import activation_curves

        name = self.activation_combo.currentText()
        self.slope_slider.setEnabled(name == "leaky_relu")
        self.alpha_slider.setEnabled(name == "elu")
        self.slope_label.setText(f"{self.leaky_slope:.3g}")
        self.alpha_label.setText(f"{self.elu_alpha:.3g}")
        info = ACTIVATIONS[name]
        self.formula_label.setText(self.tr("f(x) = {0}    f′(x) = {1}").format(
            info.formula, info.derivative or self.tr("autograd")))
        xs = np.linspace(*X_RANGE, POINTS)
        curves = activation_curves(name, xs, self.leaky_slope, self.elu_alpha)
        self.curves = curves
        self.function_curve.setData(xs, curves.values)
        self.autograd_curve.setData(xs, curves.autograd)
        if curves.closed_form is None:
            self.closed_curve.setData([], [])
            self.difference_label.setText(self.tr(
                "{0} has no closed-form derivative in the table: autograd only.").format(name))
        else:
            self.closed_curve.setData(xs, curves.closed_form)
            self.difference_label.setText(self.tr(
                "Closed form against autograd: largest difference {0:.3g} over {1} points "
                "in [{2:g}, {3:g}].").format(curves.max_difference, POINTS, *X_RANGE))
        self.function_plot.setXRange(*X_RANGE, padding=0.02)
        both = np.concatenate([curves.values, curves.autograd])
        lo, hi = float(np.min(both)), float(np.max(both))
        self.function_plot.setYRange(min(lo, -1.0), max(hi, 1.0), padding=0.05)


def _slider(lo: int, hi: int, value: int) -> QSlider:
    slider = QSlider(Qt.Orientation.Horizontal)
    slider.setRange(lo, hi)
    slider.setValue(value)
    return slider


def _plot(title: str) -> pg.PlotWidget:
    plot = pg.PlotWidget(background="w")
    plot.setTitle(title, color="#202124")
    plot.showGrid(x=True, y=True, alpha=0.2)
    plot.addLine(x=0, pen=pg.mkPen("#bdc1c6"))
    plot.addLine(y=0, pen=pg.mkPen("#bdc1c6"))
    plot.setMinimumSize(300, 260)
    return plot
