"""The output view for 1-D regression: the fitted curve over the data, beside the noise-free truth.

A view of its own rather than a mode of BoundaryView: nothing is shared but the idea of "output
over the inputs" (no heatmap, no colour bar, no draw mode), and the shell picks it with
``views.output_view_kind``.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, QSize, Qt, Slot
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from playground.core.data.raw import Prepared
from playground.core.spec import Spec
from playground.core.train.snapshot import Snapshot
from playground.gui.views import colormaps
from playground.gui.views.items import style_plot

FIT_COLOR = colormaps.hex_color(colormaps.ORANGE)
POINT_COLOR = colormaps.hex_color(colormaps.BLUE)
TRUTH_COLOR = "#8a8a8a"
POINT_SIZE = 7


class CurveView(QWidget):
    """Train (and optionally test) points, the true function if known, and the network's fit."""

    def __init__(self, parent: QWidget | None = None, controls: bool = True) -> None:
        """``controls``: show the "Show test data" box below the plot."""
        super().__init__(parent)
        self._legend = QLabel(self.tr(
            '<span style="color:{0}; font-weight:bold">━</span> network&nbsp;&nbsp; '
            '<span style="color:{1}; font-weight:bold">┅</span> true function'
            '&nbsp;&nbsp; <span style="color:{2}">●</span> training data'
            '&nbsp;&nbsp; <span style="color:{2}">◉</span> test data').format(
            FIT_COLOR, TRUTH_COLOR, POINT_COLOR))
        self._legend.setTextFormat(Qt.TextFormat.RichText)
        self._canvas = pg.GraphicsLayoutWidget()
        self._canvas.setBackground("w")
        self._canvas.ci.setContentsMargins(2, 6, 8, 2)
        self._plot: pg.PlotItem = self._canvas.addPlot()
        plot = self._plot
        style_plot(plot)
        plot.setMouseEnabled(False, False)
        self._truth = pg.PlotCurveItem(pen=pg.mkPen(TRUTH_COLOR, width=2,
                                                    style=Qt.PenStyle.DashLine))
        self._train = pg.ScatterPlotItem(size=POINT_SIZE, pen=pg.mkPen("w", width=1),
                                         brush=pg.mkBrush(POINT_COLOR))
        self._test = pg.ScatterPlotItem(
            size=POINT_SIZE, pen=pg.mkPen(colormaps.hex_color(colormaps.INK), width=1),
            brush=pg.mkBrush(POINT_COLOR))
        self._fit = pg.PlotCurveItem(pen=pg.mkPen(FIT_COLOR, width=2))
        for z, item in enumerate((self._truth, self._train, self._test, self._fit)):
            item.setZValue(z)
            plot.addItem(item)
        self._test.setVisible(False)
        self._show_test_box = QCheckBox(self.tr("Show test data"))
        self._show_test_box.toggled.connect(self.set_show_test)
        boxes = QHBoxLayout()
        boxes.setContentsMargins(6, 0, 6, 2)
        boxes.addWidget(self._show_test_box)
        boxes.addStretch(1)
        self._controls = QWidget()
        self._controls.setLayout(boxes)
        self._controls.setVisible(controls)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        header = QHBoxLayout()
        header.setContentsMargins(6, 2, 6, 0)
        header.addWidget(self._legend)
        layout.addLayout(header)
        layout.addWidget(self._canvas, 1)
        layout.addWidget(self._controls)
        self._show_test = False

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(460, 360)

    @property
    def plot_item(self) -> pg.PlotItem:
        return self._plot

    @property
    def fit_curve(self) -> pg.PlotCurveItem:
        return self._fit

    @property
    def test_points(self) -> pg.ScatterPlotItem:
        return self._test

    @property
    def show_test(self) -> bool:
        return self._show_test

    def set_data(self, prepared: Prepared, spec: Spec) -> None:
        """New data: the points, the truth curve and a fixed frame around them."""
        del spec
        x_train = _column(prepared.raw_train)
        x_test = _column(prepared.raw_test)
        y_train = _column(prepared.y_train)
        y_test = _column(prepared.y_test)
        self._train.setData(x_train, y_train)
        self._test.setData(x_test, y_test)
        if prepared.curve is not None:
            self._truth.setData(np.asarray(prepared.curve[0], np.float64),
                                np.asarray(prepared.curve[1], np.float64))
        else:
            self._truth.setData([], [])
        self._fit.setData([], [])
        xs = np.concatenate([x_train, x_test])
        ys = np.concatenate([y_train, y_test])
        if prepared.curve is not None:
            ys = np.concatenate([ys, np.asarray(prepared.curve[1], np.float64)])
        lo, hi = prepared.domain or ((float(xs.min()), float(xs.max())) if len(xs) else (-1, 1))
        y_lo, y_hi = (float(ys.min()), float(ys.max())) if len(ys) else (-1.0, 1.0)
        # A fixed frame: a wild fit early in training should not rescale the data away.
        pad = 0.08 * (y_hi - y_lo or 1.0)
        self._plot.setXRange(lo, hi, padding=0.02)
        self._plot.setYRange(y_lo - pad, y_hi + pad, padding=0)
        self._plot.setLabel("bottom", prepared.input_names[0] if prepared.input_names else "x")
        self._plot.setLabel("left", "y")

    def show_snapshot(self, snap: Snapshot) -> None:
        """Per frame: redraw the fitted curve from ``snap.curve``."""
        if snap.curve is not None:
            x, y = snap.curve
            self._fit.setData(x, y)

    @Slot(bool)
    def set_show_test(self, show: bool) -> None:
        """Show or hide the test points (dark outline)."""
        self._show_test = bool(show)
        self._test.setVisible(self._show_test)
        with QSignalBlocker(self._show_test_box):
            self._show_test_box.setChecked(self._show_test)


def _column(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a, dtype=np.float64)
    return a[:, 0] if a.ndim == 2 else a
