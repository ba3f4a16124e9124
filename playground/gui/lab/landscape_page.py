"""The network-landscape page: a 2-D slice of the playground network's loss around its current
weights, with the training path projected onto it.

It follows a playground ``Session`` (``set_session``): the newest snapshot supplies the weight
trajectory and the session's spec the data and architecture. "Compute slice" sends a frozen
request to the landscape thread; progress, the result or a message come back as signals.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.core.lab.contour_job import N_LEVELS
from playground.core.lab.landscape_job import METHODS, LandscapeResult, request_from_snapshot
from playground.core.train.snapshot import Snapshot
from playground.gui.lab import style
from playground.gui.lab.contour_items import ContourLines, shade_item, show_shade
from playground.gui.lab.landscape_worker import LandscapeRunner

NO_SESSION = QT_TRANSLATE_NOOP(
    "LandscapePage",
    "Train a network in the Playground tab first: its loss landscape appears here.")
RESOLUTIONS = (21, 41, 61, 81)
PATH_COLOR = "#d62728"


class LandscapePage(QWidget):
    """Loss slice of the trained network along random or PCA directions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = LandscapeRunner(self)
        self.session: object | None = None
        self.snapshot: Snapshot | None = None
        self.result: LandscapeResult | None = None
        self._next_id = 0
        self._shown_epoch: tuple[int, int] | None = None
        self._build_plot()
        panel = self._build_panel()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.plot_widget, 1)
        left_layout.addWidget(self.status)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(left, 1)
        layout.addWidget(panel)
        self.runner.progress.connect(self._on_progress)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self._update_info()

    # ------------------------------------------------------------------------------ layout
    def _build_plot(self) -> None:
        self.plot_widget = pg.PlotWidget(background=style.BACKGROUND)
        self.plot_widget.setMinimumSize(420, 320)
        plot = self.plot_widget.getPlotItem()
        style.style_plot(plot, self.tr("α (direction 1)"), self.tr("β (direction 2)"))
        self.plot = plot
        self.shade = shade_item()
        plot.addItem(self.shade)
        self.contour_lines = ContourLines(N_LEVELS)
        plot.addItem(self.contour_lines)
        self.path = pg.PlotCurveItem(pen=pg.mkPen(PATH_COLOR, width=2))
        self.path_dots = pg.ScatterPlotItem(size=5, pen=None, brush=pg.mkBrush(PATH_COLOR))
        self.path_start = pg.ScatterPlotItem(size=11, symbol="s", pen=pg.mkPen("#ffffff"),
                                             brush=pg.mkBrush(PATH_COLOR))
        self.center = pg.ScatterPlotItem(size=16, symbol="star", pen=pg.mkPen("#ffffff"),
                                         brush=pg.mkBrush(style.MINIMUM))
        for z, item in enumerate((self.path, self.path_dots, self.path_start, self.center)):
            item.setZValue(10 + z)
            plot.addItem(item)
        legend = pg.LegendItem(offset=(-8, 8), labelTextSize="9pt", labelTextColor=style.TEXT,
                               brush=pg.mkBrush(255, 255, 255, 215), pen=pg.mkPen("#c8c8c8"),
                               verSpacing=-4)
        legend.setParentItem(plot.getViewBox())
        legend.addItem(self.path, self.tr("training path (projected)"))
        legend.addItem(self.path_start, self.tr("initial weights"))
        legend.addItem(self.center, self.tr("current weights"))
        self.empty_text = pg.TextItem(self.tr(NO_SESSION), color=style.MUTED, anchor=(0.5, 0.5))
        plot.addItem(self.empty_text)
        self.empty_text.setPos(0, 0)
        plot.getViewBox().setRange(xRange=(-1, 1), yRange=(-1, 1))
        self.status = QLabel()
        self.status.setStyleSheet(f"color: {style.MUTED};")

    def _build_panel(self) -> QWidget:
        panel = QWidget()
        panel.setFixedWidth(340)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 6, 6, 6)
        network = QGroupBox(self.tr("Network"))
        net_layout = QVBoxLayout(network)
        self.info = QLabel()
        self.info.setWordWrap(True)
        net_layout.addWidget(self.info)
        layout.addWidget(network)
        layout.addWidget(self._slice_box())
        self.readout = QLabel()
        self.readout.setWordWrap(True)
        layout.addWidget(self.readout)
        layout.addWidget(style.muted_note(self.tr(
            "Random directions are scaled filter by filter to the weights' own norms, so slices "
            "of different networks compare. Random directions are nearly orthogonal to the "
            "training path in high dimensions, so the projected path looks short there; PCA "
            "directions follow the path itself.")))
        layout.addStretch(1)
        return panel

    def _slice_box(self) -> QGroupBox:
        """How the slice is taken (directions, span, grid, seed) and the run controls."""
        box = QGroupBox(self.tr("Slice"))
        form = QFormLayout(box)
        self.method_combo = QComboBox()
        for key, title in METHODS.items():
            self.method_combo.addItem(self.tr(title), key)
        self.method_combo.currentIndexChanged.connect(self._on_method)
        form.addRow(self.method_combo)
        self.span_spin = QDoubleSpinBox()
        self.span_spin.setRange(0.05, 10.0)
        self.span_spin.setSingleStep(0.25)
        self.span_spin.setValue(1.0)
        self.span_spin.setToolTip(self.tr("Half-width of the slice: 1 moves every filter by its "
                                          "own norm (random directions)"))
        form.addRow(self.tr("Span ±"), self.span_spin)
        self.resolution_combo = QComboBox()
        for r in RESOLUTIONS:
            self.resolution_combo.addItem(f"{r} × {r}", r)
        self.resolution_combo.setCurrentIndex(RESOLUTIONS.index(41))
        form.addRow(self.tr("Grid"), self.resolution_combo)
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2**31 - 1)
        form.addRow(self.tr("Seed"), self.seed_spin)
        buttons = QHBoxLayout()
        self.compute_button = QPushButton(self.tr("Compute slice"))
        self.compute_button.clicked.connect(self._on_compute)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self._on_cancel)
        self.cancel_button.setEnabled(False)
        buttons.addWidget(self.compute_button, 1)
        buttons.addWidget(self.cancel_button)
        form.addRow(buttons)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        form.addRow(self.progress)
        return box

    # ------------------------------------------------------------------------------ session
    def set_session(self, session: object) -> None:
        """Follow ``session``: its snapshots (weights, trajectory) and spec (a second call
        replaces the first session)."""
        if self.session is not None:
            self.session.snapshot_ready.disconnect(self._on_snapshot)
            self.session.spec_changed.disconnect(self._on_spec_changed)
        self.runner.cancel()
        self.snapshot = None
        self.session = session
        session.snapshot_ready.connect(self._on_snapshot)
        session.spec_changed.connect(self._on_spec_changed)
        last = getattr(session, "last_snapshot", None)
        if last is not None:
            self.snapshot = last
        self._update_info()

    @Slot(object)
    def _on_snapshot(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        key = (snapshot.version, snapshot.epoch)
        if key != self._shown_epoch:  # the text changes once per epoch, not per frame
            self._update_info()

    @Slot(object)
    def _on_spec_changed(self, _spec: object) -> None:
        self._update_info()

    def _update_info(self) -> None:
        snap = self.snapshot
        ready = self.session is not None and snap is not None
        self.compute_button.setEnabled(ready)
        self.empty_text.setVisible(self.result is None)
        if self.session is None:
            self.info.setText(self.tr(NO_SESSION))
            return
        if snap is None:
            self.info.setText(self.tr("Waiting for the network's first snapshot…"))
            return
        self._shown_epoch = (snap.version, snap.epoch)
        spec = self.session.spec
        layers = [f"{layer.units}" for layer in spec.model.layers if layer.type == "dense"]
        loss = snap.metrics.get("train_loss")
        trajectory = snap.extras.get("trajectory", ())
        name = spec.name or spec.data.dataset
        recorded = (self.tr("%n recorded weight vector(s)", "", len(trajectory)) if trajectory
                    else self.tr("0 recorded weight vectors (network too big to record: dense "
                                 "weights only)"))
        self.info.setText(self.tr(
            "<b>{0}</b><br>{1}, hidden layers [{2}]<br>epoch {3}, train loss {4}<br>{5}").format(
            name, spec.data.dataset, ", ".join(layers), snap.epoch, style.fmt(loss), recorded))
        if self.result is None:
            self.empty_text.setText(self.tr("Press “Compute slice” to see the loss around the "
                                            "current weights."))

    # ------------------------------------------------------------------------------- compute
    @Slot(int)
    def _on_method(self, _index: int) -> None:
        self.span_spin.setEnabled(self.method_combo.currentData() == "random")

    @Slot()
    def _on_compute(self) -> None:
        self.compute()

    def compute(self) -> bool:
        """Start a slice of the current network; False (with a message) if there is none."""
        if self.session is None or self.snapshot is None:
            self.status.setText(self.tr(NO_SESSION))
            return False
        self._next_id += 1
        request = request_from_snapshot(
            self._next_id, self.session.spec, self.snapshot,
            method=self.method_combo.currentData(), span=self.span_spin.value(),
            resolution=self.resolution_combo.currentData(), seed=self.seed_spin.value())
        self.progress.setValue(0)
        self.cancel_button.setEnabled(True)
        self.status.setText(self.tr("Computing a {0} × {0} slice at epoch {1}…").format(
            request.resolution, self.snapshot.epoch))
        self.runner.submit(request)
        return True

    @Slot()
    def _on_cancel(self) -> None:
        self.runner.cancel()
        self.cancel_button.setEnabled(False)
        self.progress.setValue(0)
        self.status.setText(self.tr("Cancelled."))

    @Slot(float)
    def _on_progress(self, fraction: float) -> None:
        self.progress.setValue(int(round(fraction * 100)))

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.cancel_button.setEnabled(False)
        self.progress.setValue(0)
        self.status.setText(self.tr("Cannot slice: {0}").format(message))

    @Slot(object)
    def _on_finished(self, result: LandscapeResult) -> None:
        self.result = result
        self.cancel_button.setEnabled(False)
        self.progress.setValue(100)
        self.empty_text.setVisible(False)
        a, b = result.alphas, result.betas
        show_shade(self.shade, result.shade, a, b)
        self.contour_lines.set_lines(result.lines)
        path = result.path
        self.path.setData(path[:, 0], path[:, 1])
        self.path_dots.setData(path[:, 0], path[:, 1])
        self.path_start.setData([path[0, 0]], [path[0, 1]])
        self.center.setData([0.0], [0.0])
        if result.explained is not None:
            x_label = self.tr("PC1 ({0:.1f}% of the path's variance)").format(
                100 * result.explained[0])
            y_label = self.tr("PC2 ({0:.1f}%)").format(100 * result.explained[1])
        else:
            x_label, y_label = self.tr("α (random direction 1)"), self.tr("β (random direction 2)")
        style.style_plot(self.plot, x_label, y_label)
        self.plot.getViewBox().setRange(xRange=(a[0], a[-1]), yRange=(b[0], b[-1]), padding=0)
        finite = result.z[np.isfinite(result.z)]
        low = style.fmt(float(finite.min())) if finite.size else "—"
        high = style.fmt(float(finite.max())) if finite.size else "—"
        self.readout.setText(self.tr(
            "Loss at the current weights: <b>{0}</b><br>Slice range {1} … {2}<br>"
            "{3} × {4} points, {5} parameters, {6:.2f} s").format(
            style.fmt(result.center_loss), low, high, len(a), len(b), result.n_params,
            result.seconds))
        self.status.setText(self.tr("Slice ready."))

    def shutdown(self) -> None:
        """Cancel and stop the landscape thread."""
        self.runner.shutdown()
