"""The race tab's small views: f against step for every racer, the per-racer readout table, and
(for regression surfaces) the data with each racer's current line."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from playground.core.lab.paths import TrackState, has_converged
from playground.core.lab.regression_race import RegressionProblem
from playground.gui.lab import style
from playground.gui.views.chart_axes import LogFriendlyAxis

LOG_FLOOR = 1e-16  # f - f* below this is drawn at this height on the log axis
MAX_CHART_POINTS = 4000  # per line; longer races are thinned for drawing
CEILING_FACTOR = 100.0  # values above 100x the highest start height are drawn at that height


def sync_racer_lines(plot: pg.PlotItem, lines: dict[int, pg.PlotCurveItem],
                     racers: Sequence[tuple[int, int]]) -> None:
    """Keep one line per racer (key, colour slot) in ``plot``: drop gone ones, add new ones."""
    wanted = {key for key, _ in racers}
    for key in list(lines):
        if key not in wanted:
            plot.removeItem(lines.pop(key))
    for key, color in racers:
        if key not in lines:
            lines[key] = pg.PlotCurveItem(pen=pg.mkPen(style.racer_color(color), width=2))
            plot.addItem(lines[key])


class ValueChart(pg.PlotWidget):
    """f (or f - f* on a log axis, when the minimum is known) against step, one line per racer."""

    def __init__(self) -> None:
        # The playground's loss-chart axis: 1-2-5 labels on log scales, not every 1..9.
        super().__init__(background=style.BACKGROUND,
                         axisItems={"left": LogFriendlyAxis("left")})
        self.setMinimumHeight(150)
        self.plot_item: pg.PlotItem = self.getPlotItem()
        self.plot_item.showGrid(x=False, y=True, alpha=0.15)
        style.style_plot(self.plot_item, self.tr("step"), "f")
        self.plot_item.getAxis("left").enableAutoSIPrefix(False)  # "x1e+24" on log axes
        self._lines: dict[int, pg.PlotCurveItem] = {}
        self._f_star: float | None = None
        self._log = True

    def set_racers(self, racers: Sequence[tuple[int, int]]) -> None:
        """(key, colour slot) per racer: create or drop lines."""
        sync_racer_lines(self.plot_item, self._lines, racers)

    def set_scale(self, f_star: float | None, log: bool) -> None:
        """Plot f - f_star on a log axis when ``log`` and the minimum value is known."""
        self._f_star = f_star
        self._log = bool(log) and f_star is not None
        self.plot_item.setLogMode(x=False, y=self._log)
        self.plot_item.setLabel("left", self.tr("f − f*  (log)") if self._log else "f",
                                color=style.TEXT)
        for line in self._lines.values():
            line.setData([], [])
        self.plot_item.enableAutoRange()

    def show_states(self, states: dict[int, TrackState]) -> None:
        """Per frame: each racer's values so far.

        Values far above every racer's start (a diverging run) are drawn at a ceiling, so one
        blow-up does not flatten the other lines into the axis.
        """
        starts = [float(s.values[0]) for s in states.values() if len(s.values)]
        start_top = max((v for v in starts if np.isfinite(v)), default=1.0)
        base = self._f_star if self._f_star is not None else min(starts, default=0.0)
        ceiling = base + CEILING_FACTOR * max(start_top - base, 1e-12)
        for key, state in states.items():
            line = self._lines.get(key)
            if line is None:
                continue
            values = np.minimum(state.values, ceiling)
            steps = np.arange(len(values), dtype=np.float64)
            if len(values) > MAX_CHART_POINTS:
                keep = np.unique(np.linspace(0, len(values) - 1, MAX_CHART_POINTS).astype(int))
                steps, values = steps[keep], values[keep]
            if self._log:
                # A PlotCurveItem draws raw numbers even on a log axis: give it log10 values
                # (clamped so reaching the minimum exactly stays drawable).
                values = np.log10(np.maximum(values - self._f_star, LOG_FLOOR))
            line.setData(steps, values)

    def line_data(self, key: int) -> tuple[np.ndarray, np.ndarray]:
        """(steps, values) as drawn (for tests)."""
        x, y = self._lines[key].getData()
        return (np.zeros(0), np.zeros(0)) if x is None else (x, y)


class ReadoutTable(QTableWidget):
    """One row per racer: colour, name, step, f, |grad f|, distance to the minimum, status."""

    HEADERS = (QT_TRANSLATE_NOOP("ReadoutTable", "Optimizer"),
               QT_TRANSLATE_NOOP("ReadoutTable", "Step"),
               "f", "|∇f|", QT_TRANSLATE_NOOP("ReadoutTable", "To min"),
               QT_TRANSLATE_NOOP("ReadoutTable", "Status"))  # shown translated; tests use these

    def __init__(self) -> None:
        super().__init__(0, len(self.HEADERS))
        self.setHorizontalHeaderLabels([self.tr(h) for h in self.HEADERS])
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        header = self.horizontalHeader()
        # Fixed widths: resizing to contents re-measures every cell on each setText.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        metrics = self.fontMetrics()
        for col, sample in enumerate(("", "00000", "-0.00e+00", "0.00e+00", "0.00e+00",
                                      "diverged"), start=0):
            if col:
                self.setColumnWidth(col, metrics.horizontalAdvance(sample) + 12)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().setDefaultSectionSize(22)
        self._rows: dict[int, int] = {}

    def set_racers(self, racers: Sequence[tuple[int, int, str]]) -> None:
        """(key, colour slot, label) per racer, in table order."""
        self.setRowCount(len(racers))
        self._rows = {}
        for row, (key, color, label) in enumerate(racers):
            self._rows[key] = row
            name = QTableWidgetItem(style.swatch(style.racer_color(color)), label)
            name.setToolTip(label)
            self.setItem(row, 0, name)
            for col in range(1, len(self.HEADERS)):
                item = QTableWidgetItem("—")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(row, col, item)

    def show_states(self, states: dict[int, TrackState]) -> None:
        """Per frame: numbers and status (text set only where it changed)."""
        for key, state in states.items():
            row = self._rows.get(key)
            if row is None:
                continue
            status = (self.tr("diverged") if state.diverged else self.tr("converged")
                      if has_converged(state) else self.tr("running"))
            texts = (str(state.step), style.fmt(state.value), style.fmt(state.grad_norm),
                     style.fmt(state.distance_to_minimum), status)
            for col, text in enumerate(texts, start=1):
                item = self.item(row, col)
                if item.text() != text:
                    item.setText(text)
                    if col == 5:
                        item.setForeground(QColor(style.ERROR if state.diverged
                                                  else style.MUTED))
                        item.setToolTip(state.message)

    def text(self, key: int, column: str) -> str:
        """The text shown for a racer in a column (by header name; for tests)."""
        return self.item(self._rows[key], self.HEADERS.index(column)).text()


class DataInset(pg.PlotWidget):
    """Regression data (x, y) with the least-squares line and each racer's current w x + b."""

    def __init__(self) -> None:
        super().__init__(background=style.BACKGROUND)
        self.setMinimumHeight(150)
        self.plot_item: pg.PlotItem = self.getPlotItem()
        style.style_plot(self.plot_item, "x", "y")
        self.points = pg.ScatterPlotItem(size=5, pen=None, brush=pg.mkBrush(90, 90, 90, 130))
        self.best = pg.PlotCurveItem(pen=pg.mkPen("#222222", width=1.5,
                                                  style=Qt.PenStyle.DashLine))
        self.plot_item.addItem(self.points)
        self.plot_item.addItem(self.best)
        self._lines: dict[int, pg.PlotCurveItem] = {}
        self._xs = np.array([-1.0, 1.0])

    def set_problem(self, problem: RegressionProblem) -> None:
        """Show a data set and its least-squares line."""
        x, y = problem.x, problem.y
        self.points.setData(x, y)
        pad = 0.05 * (float(x.max() - x.min()) or 1.0)
        self._xs = np.array([float(x.min()) - pad, float(x.max()) + pad])
        w, b = problem.solution
        self.best.setData(self._xs, w * self._xs + b)
        self.plot_item.setTitle(self.tr("least squares: y = {0:.3g} x + {1:.3g}").format(w, b),
                                color=style.TEXT, size="9pt")
        self.plot_item.enableAutoRange()

    def set_racers(self, racers: Sequence[tuple[int, int]]) -> None:
        """(key, colour slot) per racer: create or drop lines."""
        sync_racer_lines(self.plot_item, self._lines, racers)

    def show_states(self, states: dict[int, TrackState]) -> None:
        """Per frame: each racer's current line y = w x + b."""
        for key, state in states.items():
            line = self._lines.get(key)
            if line is not None:
                w, b = state.point[0], state.point[1]
                line.setData(self._xs, w * self._xs + b)
