"""Training curves per epoch: losses and accuracy (LossChart), per-layer gradient norms
(GradientChart). Both have a log-scale box and a readout of the hovered (else the latest) epoch;
the readout names each line next to its colour, so it is also the legend (a legend inside the
plot would hide the curves it explains).

Long histories are reduced to at most ``MAX_POINTS`` per line (min/max per bin, so spikes
survive), and a frame whose history has not grown costs nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QSignalBlocker, QSize, Qt, Slot
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from playground.core.data.raw import Prepared
from playground.core.spec import Spec
from playground.core.train.snapshot import Snapshot
from playground.gui.i18n import split_name
from playground.gui.views import colormaps
from playground.gui.views.chart_axes import (
    LogFriendlyAxis,
    axis_ranges,
    decimate,
    for_log,
    format_value,
)
from playground.gui.views.chart_text import strip_tags, swatch
from playground.gui.views.items import style_plot
from playground.gui.views.live_text import LiveText

MIN_PLOT_PX = 120  # the main plot's height below which a chart is unreadable
MIN_ACCURACY_PX = 60  # the accuracy band under the loss (0-100 %, three ticks)
AXIS_PX = 44  # an x axis with its tick labels and title, and the canvas margins
SPLITS = ("train", "validation", "test")
SPLIT_COLORS = {"train": "#0877bd", "validation": "#8e5bb5", "test": "#e0701a"}
SPLIT_STYLES = {"train": Qt.PenStyle.SolidLine, "validation": Qt.PenStyle.DashLine,
                "test": Qt.PenStyle.SolidLine}


def _new_plot(canvas: pg.GraphicsLayoutWidget, row: int) -> pg.PlotItem:
    plot = canvas.addPlot(row=row, col=0, axisItems={"left": LogFriendlyAxis("left")})
    style_plot(plot)
    return plot


class _EpochChart(QWidget):
    """Shared frame: a readout label and a log box above a white plot canvas, and hovering."""

    def __init__(self, parent: QWidget | None, log_default: bool) -> None:
        super().__init__(parent)
        # Repaints without asking the window for a new layout every frame (see LiveText).
        self._readout = LiveText(lines=4)
        self._log_box = QCheckBox(self.tr("log scale"))
        self._log_box.setChecked(log_default)
        self._log_box.toggled.connect(self.set_log_scale)
        header = QHBoxLayout()
        header.setContentsMargins(6, 2, 6, 0)
        header.addWidget(self._readout, 1)
        header.addWidget(self._log_box, 0, Qt.AlignmentFlag.AlignTop)
        self._canvas = pg.GraphicsLayoutWidget()
        self._canvas.setBackground("w")
        self._canvas.ci.setContentsMargins(2, 6, 8, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self._canvas, 1)
        self._log = log_default
        self._hovered: int | None = None  # epoch under the pointer, None: show the latest
        self._last: Snapshot | None = None
        self._drawn_key: tuple | None = None  # what the lines show, to skip unchanged frames
        self._hover_lines: list[pg.InfiniteLine] = []
        self._ranges: tuple | None = None  # the main plot's ranges as last set
        self._canvas.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self._canvas.viewport().installEventFilter(self)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(420, 260)

    # Subclasses: the plots hovering applies to, how to draw, and the readout text.
    def _plots(self) -> Sequence[pg.PlotItem]:
        raise NotImplementedError

    def _draw(self, snap: Snapshot) -> None:
        raise NotImplementedError

    def _frame_key(self, snap: Snapshot) -> tuple:
        raise NotImplementedError

    def _readout_html(self, snap: Snapshot | None, epoch: int | None) -> str:
        raise NotImplementedError

    def _epoch_count(self, snap: Snapshot) -> int:
        raise NotImplementedError

    def _first_epoch(self) -> int:
        return 0

    def show_snapshot(self, snap: Snapshot) -> None:
        """Per frame: update the lines when the history grew (else only remember the frame)."""
        self._last = snap
        key = self._frame_key(snap)
        if key == self._drawn_key:
            return
        self._drawn_key = key
        self._draw(snap)
        self._readout.set_html(self._readout_html(snap, self._hovered))

    @Slot(bool)
    def set_log_scale(self, on: bool) -> None:
        """Log y axis on the main plot (the box in the header mirrors it)."""
        self._log = bool(on)
        with QSignalBlocker(self._log_box):
            self._log_box.setChecked(self._log)
        self._plots()[0].setLogMode(False, self._log)
        self._drawn_key = None
        self._ranges = None
        if self._last is not None:
            self.show_snapshot(self._last)

    @property
    def log_scale(self) -> bool:
        return self._log

    @property
    def readout(self) -> str:
        """The readout's text without markup (for tests and the status bar)."""
        return strip_tags(self._readout.text())

    @property
    def canvas(self) -> pg.GraphicsLayoutWidget:
        return self._canvas

    def _apply_ranges(self, x_last: float, series: Sequence[np.ndarray]) -> None:
        """Set the main plot's ranges when their steps changed (see ``axis_ranges``)."""
        ranges = axis_ranges(x_last, series, self._log)
        if ranges == self._ranges:
            return
        self._ranges = ranges
        plot = self._plots()[0]
        x_range, y_range = ranges
        plot.setXRange(*x_range, padding=0.01)
        if y_range is not None:
            plot.setYRange(*y_range, padding=0.02)

    def _reset(self) -> None:
        self._ranges = None
        self._last = None
        self._drawn_key = None
        self._set_hovered(None)
        self._readout.set_html(self._readout_html(None, None))

    def _make_hover_line(self, plot: pg.PlotItem) -> None:
        line = pg.InfiniteLine(angle=90, movable=False,
                               pen=pg.mkPen("#b0b0b0", style=Qt.PenStyle.DashLine))
        line.setVisible(False)
        line.setZValue(-5)
        plot.addItem(line, ignoreBounds=True)
        self._hover_lines.append(line)

    @Slot(object)
    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        if self._last is None:
            return
        for plot in self._plots():
            if plot.isVisible() and plot.vb.sceneBoundingRect().contains(scene_pos):
                x = plot.vb.mapSceneToView(scene_pos).x()
                first = self._first_epoch()  # in entries, as the last
                last = first + self._epoch_count(self._last) - 1
                if last < first:
                    break
                stride = self._last.history_stride  # epochs per entry
                self._set_hovered(int(np.clip(round(x / stride), first, last)) * stride)
                return
        self._set_hovered(None)

    def _set_hovered(self, epoch: int | None) -> None:
        if epoch == self._hovered:
            return
        self._hovered = epoch
        for line in self._hover_lines:
            line.setVisible(epoch is not None)
            if epoch is not None:
                line.setValue(epoch)
        self._readout.set_html(self._readout_html(self._last, epoch))

    def eventFilter(self, watched: object, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """The pointer left the plots: the readout goes back to the latest epoch."""
        if event.type() == QEvent.Type.Leave:
            self._set_hovered(None)
        return super().eventFilter(watched, event)


class LossChart(_EpochChart):
    """Train / validation / test loss per epoch, and accuracy below for classification."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, log_default=False)
        self._loss_plot = _new_plot(self._canvas, 0)
        self._acc_plot = _new_plot(self._canvas, 1)
        for plot in (self._loss_plot, self._acc_plot):
            plot.getAxis("left").setWidth(48)  # equal widths keep the two x axes aligned
            self._make_hover_line(plot)
        self._loss_plot.setLabel("left", self.tr("loss"))
        self._acc_plot.setLabel("left", self.tr("accuracy"))
        self._acc_plot.setXLink(self._loss_plot)
        self._acc_plot.setYRange(0.0, 1.0, padding=0.04)
        self._loss_plot.disableAutoRange()
        self._acc_plot.getAxis("left").setTicks([[(0.0, "0%"), (0.5, "50%"), (1.0, "100%")],
                                                 [(0.25, ""), (0.75, "")]])
        self._acc_plot.setMouseEnabled(x=True, y=False)
        self._canvas.ci.layout.setRowStretchFactor(0, 3)
        self._canvas.ci.layout.setRowStretchFactor(1, 1)
        self._lines: dict[str, pg.PlotDataItem] = {}
        for plot, metric in ((self._loss_plot, "loss"), (self._acc_plot, "accuracy")):
            for split in SPLITS:
                pen = pg.mkPen(SPLIT_COLORS[split], width=1, style=SPLIT_STYLES[split])
                line = pg.PlotDataItem(pen=pen, connect="finite")
                plot.addItem(line)
                self._lines[f"{split}_{metric}"] = line
        self._splits: tuple[str, ...] = ("train",)
        self._classification = False
        self._apply_layout()
        self._reset()

    @property
    def loss_plot(self) -> pg.PlotItem:
        return self._loss_plot

    @property
    def accuracy_plot(self) -> pg.PlotItem:
        return self._acc_plot

    def set_data(self, prepared: Prepared, spec: Spec) -> None:
        """New run: which splits exist, whether accuracy applies; clears the lines."""
        del spec
        self._splits = tuple(s for s, x in zip(
            SPLITS, (prepared.x_train, prepared.x_val, prepared.x_test), strict=True) if len(x))
        self._classification = prepared.task == "classification"
        for line in self._lines.values():
            line.setData([], [])
        self._apply_layout()
        self._reset()

    def _apply_layout(self) -> None:
        self._acc_plot.setVisible(self._classification)
        # The bottom plot carries the epoch label and values (the x axes are linked).
        self._loss_plot.setLabel("bottom", "" if self._classification else self.tr("epoch"))
        self._loss_plot.getAxis("bottom").setStyle(showValues=not self._classification)
        self._acc_plot.setLabel("bottom", self.tr("epoch"))
        # The window scrolls its output column rather than squeeze the plots below this.
        accuracy = MIN_ACCURACY_PX + 20 if self._classification else 0
        self._canvas.setMinimumHeight(MIN_PLOT_PX + AXIS_PX + accuracy)

    def _plots(self) -> Sequence[pg.PlotItem]:
        return (self._loss_plot, self._acc_plot)

    def _epoch_count(self, snap: Snapshot) -> int:
        return len(snap.history.get("train_loss", ()))

    def _frame_key(self, snap: Snapshot) -> tuple:
        h = snap.history
        # Early stopping rewrites the last entry, so the last value is part of the key.
        return tuple((k, len(v), float(v[-1]) if len(v) else 0.0) for k, v in h.items())

    def _draw(self, snap: Snapshot) -> None:
        losses = []
        for key, line in self._lines.items():
            y = snap.history.get(key)
            if y is None or len(y) == 0:
                line.setData([], [])
                continue
            x, y = decimate(y, step=snap.history_stride)
            if key.endswith("_loss"):
                y = for_log(y, self._log)
                losses.append(y)
            # pyqtgraph re-checks finiteness on every paint unless told the data is clean
            line.setData(x, y, skipFiniteCheck=bool(np.isfinite(y).all()))
        self._apply_ranges((self._epoch_count(snap) - 1) * snap.history_stride, losses)

    def _readout_html(self, snap: Snapshot | None, epoch: int | None) -> str:
        h: Mapping[str, np.ndarray] = snap.history if snap is not None else {}
        count = len(h.get("train_loss", ()))
        stride = snap.history_stride if snap is not None else 1
        index = count - 1 if epoch is None else min(epoch // stride, count - 1)
        head = (self.tr("<b>epoch {0}</b>").format(index * stride) if count
                else self.tr("<b>loss</b>"))
        parts = [head]
        for split in self._splits:
            series = h.get(f"{split}_loss")
            value = format_value(float(series[index])) if series is not None and count else ""
            parts.append(f"{swatch(SPLIT_COLORS[split], split == 'validation')}"
                         f"&nbsp;{split_name(split)}&nbsp;{value}")
        if self._classification and count:
            acc = []
            for split in self._splits:
                series = h.get(f"{split}_accuracy")
                if series is not None and index < len(series):
                    acc.append(f"{split_name(split)}&nbsp;{100 * float(series[index]):.1f}%")
            if acc:
                parts.append(self.tr("accuracy:&nbsp;{0}").format(", ".join(acc)))
        return "&nbsp;&nbsp; ".join(parts)


class GradientChart(_EpochChart):
    """Per-layer gradient L2 norm over epochs (log y): vanishing/exploding gradients show here.

    One line per dense layer from the input side ("layer 1" ... "layer n", then "output").
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, log_default=True)
        self._plot = _new_plot(self._canvas, 0)
        self._canvas.setMinimumHeight(MIN_PLOT_PX + AXIS_PX)
        self._plot.setLabel("left", self.tr("gradient norm"))
        self._plot.setLabel("bottom", self.tr("epoch"))
        self._plot.setLogMode(False, True)
        self._plot.disableAutoRange()
        self._make_hover_line(self._plot)
        self._lines: list[pg.PlotDataItem] = []
        self._names: list[str] = []
        self._colors: list[str] = []
        self._build_lines(2)
        self._reset()

    @property
    def plot_item(self) -> pg.PlotItem:
        return self._plot

    @property
    def line_names(self) -> tuple[str, ...]:
        """Legend entries, input side first ("layer 1", ..., "output")."""
        return tuple(self._names)

    def set_data(self, prepared: Prepared, spec: Spec) -> None:
        """New run: one line per dense layer of the spec, plus the output layer."""
        del prepared
        dense = sum(1 for layer in spec.model.layers if layer.type == "dense")
        self._build_lines(dense + 1)
        self._reset()

    def _build_lines(self, count: int) -> None:
        for line in self._lines:
            self._plot.removeItem(line)
        self._names = ([self.tr("layer {0}").format(i + 1) for i in range(count - 1)]
                       + [self.tr("output")])
        self._colors = [colormaps.hex_color(c) for c in colormaps.ordered_colors(count)]
        self._lines = []
        for name, color in zip(self._names, self._colors, strict=True):
            line = pg.PlotDataItem(pen=pg.mkPen(color, width=1), connect="finite", name=name)
            self._plot.addItem(line)
            self._lines.append(line)

    def _plots(self) -> Sequence[pg.PlotItem]:
        return (self._plot,)

    def _first_epoch(self) -> int:
        return 1  # norms are recorded at the end of each epoch, so row 0 is epoch 1

    def _epoch_count(self, snap: Snapshot) -> int:
        return int(snap.grad_norms.shape[0])

    def _frame_key(self, snap: Snapshot) -> tuple:
        g = snap.grad_norms
        return (g.shape, float(g[-1].sum()) if len(g) else 0.0)

    def _draw(self, snap: Snapshot) -> None:
        norms = snap.grad_norms
        if norms.ndim != 2:
            return
        if norms.shape[1] != len(self._lines):
            # The spec and the run disagree (a structural change in flight): follow the run.
            self._build_lines(norms.shape[1])
        drawn = []
        for j, line in enumerate(self._lines):
            x, y = decimate(norms[:, j], start=1, step=snap.history_stride)
            y = for_log(y, self._log)
            line.setData(x, y, skipFiniteCheck=bool(np.isfinite(y).all()))
            drawn.append(y)
        self._apply_ranges(len(norms) * snap.history_stride, drawn)

    def _readout_html(self, snap: Snapshot | None, epoch: int | None) -> str:
        if snap is None or len(snap.grad_norms) == 0:
            return self.tr("<b>gradient norm</b> per layer (after each epoch)")
        norms = snap.grad_norms
        stride = snap.history_stride
        row = len(norms) - 1 if epoch is None else min(epoch // stride, len(norms)) - 1
        parts = [self.tr("<b>epoch {0}</b>").format((row + 1) * stride)]
        for j, (name, color) in enumerate(zip(self._names, self._colors, strict=True)):
            if j < norms.shape[1]:
                value = format_value(float(norms[row, j]))
                parts.append(f"{swatch(color)}&nbsp;{name}&nbsp;{value}")
        return "&nbsp;&nbsp; ".join(parts)
