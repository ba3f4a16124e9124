"""Numerical stability, live: per-layer gradient norms and activation statistics across depth,
Xavier's rule next to the measured variances, and d2l 4.8's product of random matrices.

It draws ``snapshot.extras["layer_stats"]`` (core.train.stability); frames that arrive while it
is hidden are not drawn (the newest is drawn when it is shown).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.gui.style import one_change, scroll_area

COLUMNS = ("n_in", "n_out", "2/(n_in+n_out)", "Var(w)", "Var(z)", "mean a", "std a",
           "saturated", "dead", "\u2016\u2202L/\u2202W\u2016")
TINY = 1e-30  # log axes: zero norms are drawn at this floor


class StabilityView(QWidget):
    """Four small plots and a table; ``show_snapshot`` draws a frame's layer statistics."""

    def __init__(self, session: Any | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._pending: Any = None
        self._seed = 0
        self.grad_plot = _plot(self.tr("Gradient norm \u2016\u2202L/\u2202W\u2016 per layer"),
                               log_y=True)
        self.act_plot = _plot(self.tr("Activations per layer: mean and std"), legend=True)
        self.share_plot = _plot(self.tr("Saturated and dead share per layer"), legend=True)
        self.share_plot.setYRange(0.0, 1.0)
        self.matrix_plot = _plot(self.tr("d2l 4.8: \u2016product of k random 4\u00d74 "
                                         "matrices\u2016"), log_y=True)
        self.grad_curve = self.grad_plot.plot(pen=pg.mkPen("#c5221f", width=2), symbol="o",
                                              symbolSize=6, symbolBrush="#c5221f")
        self.mean_curve = self.act_plot.plot(pen=pg.mkPen("#1a73e8", width=2), symbol="o",
                                             symbolSize=5, name=self.tr("mean"))
        self.std_curve = self.act_plot.plot(pen=pg.mkPen("#e37400", width=2), symbol="s",
                                            symbolSize=5, name=self.tr("std"))
        self.saturated_curve = self.share_plot.plot(pen=pg.mkPen("#8e24aa", width=2),
                                                    symbol="o", symbolSize=5,
                                                    name=self.tr("saturated"))
        self.dead_curve = self.share_plot.plot(pen=pg.mkPen("#5f6368", width=2), symbol="x",
                                               symbolSize=6, name=self.tr("dead"))
        self.matrix_curve = self.matrix_plot.plot(pen=pg.mkPen("#202124", width=1))
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])  # strings: i18n_extra
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.hint = QLabel(self.tr("Statistics of the first 256 training rows at the current "
                                   "weights. Saturated: |f\u2032(z)| < 0.01; dead: f\u2032(z) = 0 "
                                   "on every row. Xavier's rule keeps Var(w) = 2/(n_in+n_out)."))
        self.hint.setWordWrap(True)
        self.redraw_button = QPushButton(self.tr("New random matrices"))
        self.redraw_button.clicked.connect(self._on_redraw_clicked)
        self._build()
        self._draw_matrices()
        if session is not None:
            session.snapshot_ready.connect(self._on_snapshot_ready)

    def _build(self) -> None:
        grid = QGridLayout()
        grid.addWidget(self.grad_plot, 0, 0)
        grid.addWidget(self.act_plot, 0, 1)
        grid.addWidget(self.share_plot, 1, 0)
        matrices = QVBoxLayout()
        matrices.addWidget(self.matrix_plot, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.redraw_button)
        matrices.addLayout(row)
        grid.addLayout(matrices, 1, 1)
        box = QVBoxLayout(self)
        box.addLayout(grid, 3)
        box.addWidget(self.hint)
        box.addWidget(self.table, 1)

    # ------------------------------------------------------------------------------ frames
    def show_snapshot(self, snap: Any) -> None:
        """Draw a frame's layer statistics (kept for later when hidden)."""
        if not self.isVisible():
            self._pending = snap
            return
        self._pending = None
        stats = snap.extras.get("layer_stats") if snap is not None else None
        if stats is not None:
            self._draw(stats)

    @Slot(object)
    def _on_snapshot_ready(self, snap: Any) -> None:
        self.show_snapshot(snap)

    def _draw(self, stats: Any) -> None:
        layers = np.arange(1, len(stats.mean) + 1)
        self.grad_curve.setData(layers, np.maximum(stats.grad_norm, TINY))
        self.mean_curve.setData(layers, stats.mean)
        self.std_curve.setData(layers, stats.std)
        self.saturated_curve.setData(layers, stats.saturated)
        self.dead_curve.setData(layers, stats.dead)
        for plot in (self.grad_plot, self.act_plot, self.share_plot):
            plot.getAxis("bottom").setTicks([[(int(i), str(int(i))) for i in layers]])
        columns = (stats.fan_in, stats.fan_out, stats.xavier_var, stats.weight_var,
                   stats.output_var, stats.mean, stats.std, stats.saturated, stats.dead,
                   stats.grad_norm)
        self.table.setRowCount(len(layers))
        self.table.setVerticalHeaderLabels([self.tr("layer {0}").format(i) for i in layers])
        with one_change(self.table):
            for c, values in enumerate(columns):
                for r, value in enumerate(values):
                    text = str(int(value)) if c < 2 else f"{float(value):.4g}"
                    item = self.table.item(r, c)
                    if item is None:
                        item = QTableWidgetItem()
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                              | Qt.AlignmentFlag.AlignVCenter)
                        self.table.setItem(r, c, item)
                    item.setText(text)

    def _draw_matrices(self) -> None:
        from playground.core.train.stability import random_matrix_product

        norms = random_matrix_product(100, 4, self._seed)
        self.matrix_curve.setData(np.arange(1, len(norms) + 1), np.maximum(norms, TINY))

    @Slot()
    def _on_redraw_clicked(self) -> None:
        self._seed += 1
        self._draw_matrices()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        pending, self._pending = self._pending, None
        if pending is not None:
            self.show_snapshot(pending)


def _plot(title: str, log_y: bool = False, legend: bool = False) -> pg.PlotWidget:
    plot = pg.PlotWidget(background="w")
    if legend:  # before the curves: a legend lists the items added after it
        plot.addLegend(offset=(6, 6))
    plot.setTitle(title, color="#202124", size="9pt")
    plot.showGrid(x=True, y=True, alpha=0.2)
    plot.setLogMode(y=log_y)
    plot.setMinimumSize(260, 170)
    return plot


class StabilityPage(QWidget):
    """A tab page that builds its StabilityView when first shown (torch loads in the worker
    first; the window is built before)."""

    def __init__(self, session: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.view: StabilityView | None = None
        QVBoxLayout(self).setContentsMargins(0, 0, 0, 0)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.view is None:
            self.view = StabilityView(self._session)
            # It scrolls rather than widen the window to its minimum.
            scroll = scroll_area(self.view, horizontal=True)
            self.layout().addWidget(scroll)
            scroll.show()  # now, not at the layout's next pass: the frame below draws
            last = getattr(self._session, "last_snapshot", None)
            if last is not None:
                self.view.show_snapshot(last)
