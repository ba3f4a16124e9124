"""Regularization geometry (the course's L1/L2 contour figures): a quadratic loss, the L1
diamond and L2 circle through the regularized minimum, and where that minimum moves as the
penalty strength lambda grows.

Contours and the minima for a sweep of lambdas are computed in the lab's job thread whenever
the loss changes; the lambda slider then only picks a precomputed point, so dragging it is
instant. The loss contour through each regularized minimum is an exact ellipse (the loss is
quadratic), drawn tangent to its constraint region.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QSignalBlocker, Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from playground.core.lab.contour_job import N_LEVELS, ContourData
from playground.core.lab.regularization import (
    QuadraticLoss,
    RegularizationPath,
    constraint_outline,
    regularization_path,
)
from playground.core.lab.surfaces import Surface
from playground.gui.lab import style
from playground.gui.lab.contour_follower import ContourFollower
from playground.gui.lab.contour_items import ContourLines, shade_item, show_shade
from playground.gui.lab.jobs import JobResult, JobRunner
from playground.gui.lab.widgets import LogSlider

CONTOUR_CHANNEL = "regularization-contours"
PATH_CHANNEL = "regularization-path"
LAMBDAS = np.geomspace(1e-3, 1e2, 151)  # the sweep the slider walks along
PENALTY_COLORS = {"l1": "#e0701a", "l2": "#0877bd"}
PENALTY_TITLES = {"l1": QT_TRANSLATE_NOOP("RegularizationPage", "L1 (lasso): λ·|w|₁"),
                  "l2": QT_TRANSLATE_NOOP("RegularizationPage", "L2 (ridge): λ·|w|²")}
ZERO = 1e-9  # a coordinate this small counts as exactly zero (L1's corners)


@dataclass(frozen=True)
class RegularizationPaths:
    """Regularized minima of one loss for the lambda sweep, per penalty."""

    loss: QuadraticLoss
    paths: dict[str, RegularizationPath]


@dataclass(frozen=True)
class RegularizationJob:
    """Minima of ``loss`` + lambda * penalty for every lambda of the sweep (both penalties)."""

    channel: str
    request_id: int
    loss: QuadraticLoss

    def compute(self) -> RegularizationPaths:
        """Both paths (runs in the job thread; ~0.1 s)."""
        return RegularizationPaths(self.loss, {p: regularization_path(self.loss, p, LAMBDAS)
                                               for p in ("l1", "l2")})


def level_ellipse(loss: QuadraticLoss, level: float, points: int = 181) -> tuple[np.ndarray,
                                                                                  np.ndarray]:
    """The contour L(w) = level of a quadratic loss: an exact ellipse around its centre."""
    if not level > 0:
        return np.array([loss.center[0]]), np.array([loss.center[1]])
    values, vectors = np.linalg.eigh(loss.matrix)
    t = np.linspace(0.0, 2.0 * np.pi, points)
    circle = np.stack([np.cos(t), np.sin(t)])  # (2, points)
    offsets = vectors @ (np.sqrt(level / values)[:, None] * circle)
    return loss.center[0] + offsets[0], loss.center[1] + offsets[1]


class RegularizationPage(QWidget):
    """L1 diamond and L2 circle against the loss contours, with a lambda slider."""

    def __init__(self, jobs: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.loss = QuadraticLoss.bowl()
        self._surface = self.loss.surface()
        self.paths: RegularizationPaths | None = None
        self.contours: ContourData | None = None
        self.lambda_index = 60
        self._build_plot()
        self._build_chart()
        panel = self._build_panel()
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.plot_widget)
        left.addWidget(self.chart)
        left.setSizes([600, 220])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(left, 1)
        layout.addWidget(panel)
        self.jobs.result_ready.connect(self._on_job_result)
        self.follower = ContourFollower(jobs, CONTOUR_CHANNEL, self.plot.getViewBox(),
                                        self._current_surface, self)
        self.started = False  # the first show computes contours and paths

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Compute on first show, not when the (hidden) tab is built."""
        super().showEvent(event)
        if not self.started:
            self.started = True
            self._set_loss(self.loss)

    # ------------------------------------------------------------------------------ layout
    def _build_plot(self) -> None:
        self.plot_widget = pg.PlotWidget(background=style.BACKGROUND)
        self.plot_widget.setMinimumSize(420, 320)
        plot = self.plot_widget.getPlotItem()
        style.style_plot(plot, "w₁", "w₂")
        plot.setAspectLocked(True)
        self.plot = plot
        self.shade = shade_item()
        plot.addItem(self.shade)
        self.contour_lines = ContourLines(N_LEVELS)
        plot.addItem(self.contour_lines)
        axis_pen = pg.mkPen("#9a9a9a", width=1, style=Qt.PenStyle.DashLine)
        plot.addItem(pg.InfiniteLine(pos=0, angle=0, pen=axis_pen))
        plot.addItem(pg.InfiniteLine(pos=0, angle=90, pen=axis_pen))
        self.items: dict[str, dict[str, pg.GraphicsObject]] = {}
        for penalty, color in PENALTY_COLORS.items():
            fill = pg.mkColor(color)
            fill.setAlpha(45)
            region = pg.PlotCurveItem(pen=pg.mkPen(color, width=2.5), brush=pg.mkBrush(fill),
                                      fillLevel="enclosed")
            tangent = pg.PlotCurveItem(pen=pg.mkPen(color, width=1.5,
                                                    style=Qt.PenStyle.DotLine))
            path = pg.PlotCurveItem(pen=pg.mkPen(color, width=1.5, style=Qt.PenStyle.DashLine))
            point = pg.ScatterPlotItem(size=12, pen=pg.mkPen("#ffffff", width=1.5),
                                       brush=pg.mkBrush(color))
            for z, item in enumerate((region, tangent, path, point)):
                item.setZValue(10 + z)
                plot.addItem(item)
            self.items[penalty] = {"region": region, "tangent": tangent, "path": path,
                                   "point": point}
        self.center = pg.ScatterPlotItem(symbol="star", size=16, pen=pg.mkPen("#ffffff"),
                                         brush=pg.mkBrush(style.MINIMUM))
        self.center.setZValue(30)
        plot.addItem(self.center)
        self.legend = pg.LegendItem(offset=(-8, 8), labelTextSize="9pt",
                                    labelTextColor=style.TEXT,
                                    brush=pg.mkBrush(255, 255, 255, 215),
                                    pen=pg.mkPen("#c8c8c8"), verSpacing=-4)
        self.legend.setParentItem(plot.getViewBox())
        for penalty in PENALTY_COLORS:
            self.legend.addItem(self.items[penalty]["region"], self.tr(PENALTY_TITLES[penalty]))
        self.legend.addItem(self.center, self.tr("minimum of the loss alone"))

    def _build_chart(self) -> None:
        self.chart = pg.PlotWidget(background=style.BACKGROUND)
        self.chart.setMinimumHeight(160)
        chart = self.chart.getPlotItem()
        style.style_plot(chart, "λ", "w*")
        chart.setLogMode(x=True, y=False)
        chart.getAxis("bottom").enableAutoSIPrefix(False)
        chart.showGrid(x=False, y=True, alpha=0.15)
        chart.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen("#b0b0b0")))
        self.coefficient_lines: dict[tuple[str, int], pg.PlotCurveItem] = {}
        for penalty, color in PENALTY_COLORS.items():
            for k, dash in ((0, Qt.PenStyle.SolidLine), (1, Qt.PenStyle.DashLine)):
                line = pg.PlotCurveItem(pen=pg.mkPen(color, width=2, style=dash))
                chart.addItem(line)
                self.coefficient_lines[(penalty, k)] = line
        self.lambda_line = pg.InfiniteLine(angle=90, pen=pg.mkPen("#333333", width=1))
        chart.addItem(self.lambda_line)
        legend = chart.addLegend(offset=(-8, 8), labelTextColor=style.TEXT,
                                 brush=pg.mkBrush(255, 255, 255, 215))
        for penalty in PENALTY_COLORS:
            for k in (0, 1):
                legend.addItem(self.coefficient_lines[(penalty, k)],
                               f"{penalty.upper()} w{'₁₂'[k]}")

    def _build_panel(self) -> QWidget:
        panel = QWidget()
        panel.setFixedWidth(340)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self._loss_box())
        layout.addWidget(self._penalty_box())
        self.readout = QLabel()
        self.readout.setWordWrap(True)
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.readout)
        layout.addWidget(style.muted_note(self.tr(
            "The regularized minimum is where a loss contour first touches the penalty's region "
            "(dotted: that contour). The diamond's corners sit on the axes, so L1 sets weights "
            "exactly to zero; the circle only shrinks them.")))
        layout.addStretch(1)
        return panel

    def _loss_box(self) -> QGroupBox:
        """The quadratic loss: its minimum c, condition number and rotation."""
        loss_box = QGroupBox(self.tr("Loss L(w) = (w − c)ᵀ A (w − c)"))
        form = QFormLayout(loss_box)
        self.cx = self._spin(-5.0, 5.0, 2.0)
        self.cy = self._spin(-5.0, 5.0, 1.0)
        center_row = QWidget()
        row = QHBoxLayout(center_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.cx)
        row.addWidget(self.cy)
        form.addRow(self.tr("Minimum c"), center_row)
        self.condition = LogSlider(1.0, 20.0, 4.0, "{:.3g}")
        self.condition.value_changed.connect(self._on_loss_edited)
        form.addRow(self.tr("Condition"), self.condition)
        self.rotation = QSlider(Qt.Orientation.Horizontal)
        self.rotation.setRange(-90, 90)
        self.rotation.setValue(30)
        self.rotation.valueChanged.connect(self._on_loss_edited)
        form.addRow(self.tr("Rotation"), self.rotation)
        return loss_box

    def _penalty_box(self) -> QGroupBox:
        """Which penalties show, and their strength λ."""
        penalty_box = QGroupBox(self.tr("Penalty"))
        pform = QVBoxLayout(penalty_box)
        self.show_checks: dict[str, QCheckBox] = {}
        for penalty, title in PENALTY_TITLES.items():
            check = QCheckBox(self.tr(title))
            check.setChecked(True)
            check.setStyleSheet(f"color: {PENALTY_COLORS[penalty]}; font-weight: 600;")
            check.toggled.connect(self._on_visibility)
            pform.addWidget(check)
            self.show_checks[penalty] = check
        lam_row = QHBoxLayout()
        lam_row.addWidget(QLabel("λ"))
        self.lambda_slider = QSlider(Qt.Orientation.Horizontal)
        self.lambda_slider.setRange(0, len(LAMBDAS) - 1)
        self.lambda_slider.setValue(self.lambda_index)
        self.lambda_slider.valueChanged.connect(self._on_lambda)
        self.lambda_label = QLabel()
        self.lambda_label.setMinimumWidth(60)
        lam_row.addWidget(self.lambda_slider, 1)
        lam_row.addWidget(self.lambda_label)
        pform.addLayout(lam_row)
        return penalty_box

    def _spin(self, lo: float, hi: float, value: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(lo, hi)
        spin.setSingleStep(0.25)
        spin.setDecimals(2)
        spin.setValue(value)
        spin.setKeyboardTracking(False)
        spin.valueChanged.connect(self._on_loss_edited)
        return spin

    # ------------------------------------------------------------------------------- edits
    @Slot()
    def _on_loss_edited(self) -> None:
        loss = QuadraticLoss.bowl((self.cx.value(), self.cy.value()), self.condition.value(),
                                  float(self.rotation.value()))
        self._set_loss(loss)

    def set_loss(self, center: tuple[float, float], condition: float, rotation: float) -> None:
        """Show a new loss (controls follow, signals blocked)."""
        for spin, value in ((self.cx, center[0]), (self.cy, center[1])):
            with QSignalBlocker(spin):
                spin.setValue(value)
        self.condition.set_value(condition)
        with QSignalBlocker(self.rotation):
            self.rotation.setValue(int(round(rotation)))
        self._set_loss(QuadraticLoss.bowl(center, condition, rotation))

    def _set_loss(self, loss: QuadraticLoss) -> None:
        self.loss = loss
        self.started = True
        self.paths = None
        surface = loss.surface()
        (x0, x1), (y0, y1) = surface.domain
        self.plot.getViewBox().setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.02)
        self.center.setData(pos=[tuple(loss.center)])
        self._surface = surface
        self.follower.request()
        self.jobs.submit(RegularizationJob(PATH_CHANNEL, self.jobs.new_id(), loss))

    def _current_surface(self) -> Surface:
        return self._surface

    @Slot(int)
    def _on_lambda(self, index: int) -> None:
        self.set_lambda_index(index)

    def set_lambda_index(self, index: int) -> None:
        """Show the minima for LAMBDAS[index]."""
        self.lambda_index = int(np.clip(index, 0, len(LAMBDAS) - 1))
        with QSignalBlocker(self.lambda_slider):
            self.lambda_slider.setValue(self.lambda_index)
        self._draw_lambda()

    @Slot()
    def _on_visibility(self) -> None:
        for penalty, check in self.show_checks.items():
            for item in self.items[penalty].values():
                item.setVisible(check.isChecked())
            for k in (0, 1):
                self.coefficient_lines[(penalty, k)].setVisible(check.isChecked())
        self._draw_lambda()

    # -------------------------------------------------------------------------- job results
    @Slot(object)
    def _on_job_result(self, result: JobResult) -> None:
        if result.channel == CONTOUR_CHANNEL and not result.error:
            self.contours = result.value
            self._draw_contours(result.value)
        elif result.channel == PATH_CHANNEL:
            if result.error:
                self.readout.setText(f"<span style='color:{style.ERROR}'>{result.error}</span>")
                return
            self.paths = result.value
            for penalty, path in self.paths.paths.items():
                self.items[penalty]["path"].setData(path.minima[:, 0], path.minima[:, 1])
                for k in (0, 1):
                    # A PlotCurveItem draws raw numbers on a log axis: give it log10(lambda).
                    self.coefficient_lines[(penalty, k)].setData(np.log10(path.lambdas),
                                                                 path.minima[:, k])
            self._draw_lambda()

    def _draw_contours(self, data: ContourData) -> None:
        show_shade(self.shade, data.shade, data.xs, data.ys)
        self.contour_lines.set_lines(data.lines)

    def _draw_lambda(self) -> None:
        lam = float(LAMBDAS[self.lambda_index])
        self.lambda_label.setText(f"{lam:.3g}")
        self.lambda_line.setValue(np.log10(lam))
        if self.paths is None:
            return
        rows = [f"<b>λ = {lam:.3g}</b>"]
        for penalty, path in self.paths.paths.items():
            w = path.minima[self.lambda_index]
            x, y = constraint_outline(penalty, float(path.radii[self.lambda_index]))
            items = self.items[penalty]
            items["region"].setData(x, y)
            items["point"].setData([w[0]], [w[1]])
            tx, ty = level_ellipse(self.loss, float(path.losses[self.lambda_index]))
            items["tangent"].setData(tx, ty)
            if not self.show_checks[penalty].isChecked():
                continue
            zeros = [f"w{'₁₂'[k]}" for k in (0, 1) if abs(w[k]) < ZERO]
            sparse = (self.tr(" — {0} exactly 0").format(self.tr(" and ").join(zeros)) if zeros
                      else "")
            rows.append(self.tr(
                "<span style='color:{0}'><b>{1}</b></span>: w* = ({2:.3f}, {3:.3f}), loss {4:.3g}"
                "{5}").format(PENALTY_COLORS[penalty], penalty.upper(), w[0], w[1],
                              path.losses[self.lambda_index], sparse))
        self.readout.setText("<br>".join(rows))

    def minimum(self, penalty: str) -> np.ndarray | None:
        """The regularized minimum shown for ``penalty`` (None before the sweep arrives)."""
        if self.paths is None:
            return None
        return self.paths.paths[penalty].minima[self.lambda_index]

    def shutdown(self) -> None:
        """Stop following the view (the lab is closing)."""
        self.follower.stop()
