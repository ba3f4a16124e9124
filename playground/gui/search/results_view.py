"""Search results: a sortable table (mean, std and every fold per configuration) and a plot
of the validation score against one parameter, with the std over folds as error bars."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.gui.views import colormaps
from playground.gui.views.items import style_plot

# Trial states (optuna's) under their interface names.
_STATES = {"complete": QT_TRANSLATE_NOOP("ResultsView", "complete"),
           "pruned": QT_TRANSLATE_NOOP("ResultsView", "pruned"),
           "fail": QT_TRANSLATE_NOOP("ResultsView", "fail")}


def _item(value: Any) -> QTableWidgetItem:
    """A cell that sorts numbers as numbers (text otherwise)."""
    item = QTableWidgetItem()
    if isinstance(value, bool) or not isinstance(value, int | float):
        item.setText(value if isinstance(value, str) else json.dumps(value))
    elif math.isfinite(value):
        item.setData(Qt.ItemDataRole.DisplayRole, float(f"{value:.6g}"))
    else:
        item.setText("–")
    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    return item


class ResultsView(QWidget):
    """Rows arrive one by one (``add_row``); ``set_columns`` starts a new result set."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[Any] = []
        self._plotted = (np.zeros(0), np.zeros(0))
        self._keys: list[str] = []
        self._folds = 0
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSortingEnabled(True)
        self.param_box = QComboBox()
        self.param_box.currentIndexChanged.connect(self._on_param_changed)
        self.plot_widget = pg.PlotWidget(background="w")
        self.plot_widget.setMinimumHeight(180)
        plot = self.plot_widget.getPlotItem()
        style_plot(plot)
        plot.setMouseEnabled(False, False)
        self._points = pg.ScatterPlotItem(size=8, pen=pg.mkPen("w"),
                                          brush=pg.mkBrush(colormaps.hex_color(colormaps.BLUE)))
        self._bars = pg.ErrorBarItem(pen=pg.mkPen(colormaps.hex_color(colormaps.BLUE)))
        plot.addItem(self._bars)
        plot.addItem(self._points)
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel(self.tr("Plot the score against")))
        chooser.addWidget(self.param_box, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 3)
        column.addLayout(chooser)
        column.addWidget(self.plot_widget, 2)

    def set_columns(self, keys: list[str], folds: int, metric: str) -> None:
        """A new result set: one column per parameter, then mean, std and each fold."""
        self.rows, self._keys, self._folds = [], list(keys), folds
        titles = [self.tr("Trial"), self.tr("State"), *keys, self.tr("Mean"), self.tr("Std"),
                  *(self.tr("Fold {0}").format(i + 1) for i in range(folds))]
        self.table.setSortingEnabled(False)
        self.table.setRowCount(0)
        self.table.setColumnCount(len(titles))
        self.table.setHorizontalHeaderLabels(titles)
        self.table.setSortingEnabled(True)
        self.param_box.blockSignals(True)
        self.param_box.clear()
        self.param_box.addItems(keys)
        self.param_box.blockSignals(False)
        self.plot_widget.getPlotItem().setLabel(
            "left", self.tr("Mean validation {0}").format(metric))
        self._replot()

    def add_row(self, row: Any) -> None:
        """One finished trial (a core.search.study.TrialRow)."""
        self.rows.append(row)
        state = self.tr(_STATES[row.state]) if row.state in _STATES else row.state
        cells = [row.number, state, *(row.params.get(k, "") for k in self._keys),
                 row.mean, row.std,
                 *(row.scores[i] if i < len(row.scores) else math.nan
                   for i in range(self._folds))]
        self.table.setSortingEnabled(False)  # inserting into a sorted table moves rows
        index = self.table.rowCount()
        self.table.insertRow(index)
        for col, value in enumerate(cells):
            item = _item(value)
            if row.note:
                item.setToolTip(self.tr("cancelled") if row.note == "cancelled" else row.note)
            self.table.setItem(index, col, item)
        self.table.setSortingEnabled(True)
        self._replot()

    def plotted(self) -> tuple[np.ndarray, np.ndarray]:
        """(x, mean) of the points on the plot (tests)."""
        return self._plotted

    @Slot(int)
    def _on_param_changed(self, _index: int) -> None:
        self._replot()

    def _replot(self) -> None:
        key = self.param_box.currentText()
        done = [r for r in self.rows if r.state == "complete" and math.isfinite(r.mean)]
        plot = self.plot_widget.getPlotItem()
        if not key or not done:
            self._plotted = (np.zeros(0), np.zeros(0))
            self._points.setData([], [])
            self._bars.setData(x=np.zeros(0), y=np.zeros(0), height=np.zeros(0))
            return
        values = [r.params.get(key) for r in done]
        numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
        axis = plot.getAxis("bottom")
        if numeric:
            x = np.asarray(values, dtype=np.float64)
            log = bool(np.all(x > 0) and x.max() / x.min() >= 100)
            axis.setTicks(_decade_ticks(x) if log else None)
        else:  # lists, names, booleans: one position per distinct value
            labels = sorted({json.dumps(v) for v in values})
            x = np.asarray([labels.index(json.dumps(v)) for v in values], dtype=np.float64)
            log = False
            axis.setTicks([list(enumerate(labels))])
        # A log axis is drawn by hand, items at log10(x) under decade ticks: the plot's own log
        # mode would not reach the error bars.
        plot.setLabel("bottom", key + (self.tr(" (log scale)") if log else ""))
        shown_x = np.log10(x) if log else x
        mean = np.asarray([r.mean for r in done])
        std = np.nan_to_num(np.asarray([r.std for r in done]))
        self._plotted = (x, mean)
        self._points.setData(shown_x, mean)
        self._bars.setData(x=shown_x, y=mean, height=2 * std)


def _decade_ticks(x: np.ndarray) -> list[list[tuple[float, str]]]:
    """Major ticks at the powers of ten around ``x`` (> 0), labelled with their value."""
    lo, hi = int(np.floor(np.log10(x.min()))), int(np.ceil(np.log10(x.max())))
    return [[(float(d), f"{10.0 ** d:g}") for d in range(lo, hi + 1)], []]
