"""The output view for 2-D inputs: the network's decision map over the input plane, with the data.

TF Playground's conventions: a 100x100 output grid over the data domain painted with the
orange/white/blue scale (k classes: one hue per class, lighter where the network is unsure),
training points with a white outline, test points with a dark one, a discretize toggle.
Hovering a neuron elsewhere calls ``show_neuron`` and the view shows that neuron's map instead.
In draw mode clicks add points (``point_drawn``) and right clicks remove them (``erase_requested``).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, QSignalBlocker, QSize, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QMouseEvent
from PySide6.QtWidgets import QCheckBox, QGraphicsItem, QHBoxLayout, QVBoxLayout, QWidget

from playground.core.data.raw import Prepared, Ranges, plot_ranges
from playground.core.spec import Spec
from playground.core.train.snapshot import GridMaps, Snapshot
from playground.gui.views import colormaps
from playground.gui.views.items import ColorBar, HeatmapItem, plot_canvas, style_plot
from playground.gui.views.plot_geometry import cell_rect, first_column, nice_bound

POINT_SIZE = 7  # px; TF Playground's points have a radius of about 4 px
_TRAIN_PEN = "#ffffff"  # TFP's white outline
_REGRESSION_PEN = "#8a8a8a"  # near-zero targets are near-white: a grey outline keeps them visible
PAINT_SPACING = 0.025  # share of the domain width between points painted by a drag (0.3 on TFP)


class BoundaryView(QWidget):
    """Decision boundary (or regression surface) of a 2-D input network, with the data points."""

    point_drawn = Signal(float, float)  # draw mode, left click / drag: raw data coordinates
    erase_requested = Signal(float, float)  # draw mode, right click: raw data coordinates

    def __init__(self, parent: QWidget | None = None, controls: bool = True) -> None:
        """``controls``: show the "Show test data" and "Discretize output" boxes below."""
        super().__init__(parent)
        self._make_plot()
        self._make_controls(controls)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._canvas, 1)
        layout.addWidget(self._controls)

        self._mode: str | None = None  # "binary", "classes", "regression"; None: not 2-D data
        self._k = 2
        self._levels = (-1.0, 1.0)
        self._output_lut = colormaps.heatmap_lut()
        self._diverging = colormaps.heatmap_lut()
        self._lut_shown: np.ndarray | None = None
        self._rect_shown: tuple[float, ...] | None = None
        self._ranges: Ranges = ((-6.0, 6.0), (-6.0, 6.0))  # until data arrives
        self._class_names: tuple[str, ...] = ()
        self._feature_names: tuple[str, ...] = ()
        self._show_test = False
        self._discretize = False
        self._draw_mode = False
        self._painting = False
        self._last_paint = (0.0, 0.0)
        self._neuron: tuple[int, int] | None = None
        self._feature: int | None = None
        self._bar_mode = "output"  # what the colour bar currently describes
        self._last: Snapshot | None = None
        self._test.setVisible(False)
        self._canvas.viewport().installEventFilter(self)

    def _make_plot(self) -> None:
        """The canvas: the map with the colour bar beside it, the points and the caption."""
        self._canvas, self._plot = plot_canvas()  # the map at row 0, column 0
        # Room above the map for the colour bar's top label.
        self._canvas.ci.setContentsMargins(2, 10, 2, 2)
        self._bar = ColorBar()
        self._canvas.addItem(self._bar, row=0, col=1)
        plot = self._plot
        # A fixed map like TFP's: panning it would only hide the data.
        plot.setMouseEnabled(False, False)
        style_plot(plot)
        plot.setAspectLocked(True)
        self._image = HeatmapItem()
        self._image.setZValue(-10)
        self._train = pg.ScatterPlotItem(size=POINT_SIZE, pen=pg.mkPen(_TRAIN_PEN, width=1))
        self._train.setZValue(5)
        self._test = pg.ScatterPlotItem(size=POINT_SIZE,
                                        pen=pg.mkPen(colormaps.hex_color(colormaps.INK), width=1))
        self._test.setZValue(6)
        for item in (self._image, self._train, self._test):
            plot.addItem(item)
        # The heatmap under them changes every frame, so everything on it repaints: the data
        # points and axes sit still while training and come from a pixmap cache then instead
        # of pyqtgraph's Python paint code (Qt refreshes the cache when they change).
        for item in (self._train, self._test, plot.getAxis("left"), plot.getAxis("bottom")):
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._caption = pg.TextItem("", color=colormaps.hex_color(colormaps.INK),
                                    fill=pg.mkBrush(255, 255, 255, 210), anchor=(0, 0))
        self._caption.setZValue(10)
        self._caption.setVisible(False)
        plot.addItem(self._caption, ignoreBounds=True)

    def _make_controls(self, shown: bool) -> None:
        """The "Show test data" and "Discretize output" boxes below the map."""
        self._show_test_box = QCheckBox(self.tr("Show test data"))
        self._show_test_box.toggled.connect(self.set_show_test)
        self._show_test_box.setToolTip(self.tr("Draw the test points (outlined) over the "
                                               "training points."))
        self._discretize_box = QCheckBox(self.tr("Discretize output"))
        self._discretize_box.toggled.connect(self.set_discretize)
        self._controls = QWidget()
        boxes = QHBoxLayout(self._controls)
        boxes.setContentsMargins(6, 0, 6, 2)
        boxes.addWidget(self._show_test_box)
        boxes.addWidget(self._discretize_box)
        boxes.addStretch(1)
        self._controls.setVisible(shown)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(460, 420)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        # The map is square: below this the axes and colour bar leave it a thumbnail.
        return QSize(320, 320)

    # ------------------------------------------------------------------------ data / frames
    def set_data(self, prepared: Prepared, spec: Spec) -> None:
        """New data or structure: choose the colour scale, place the points, frame the domain."""
        del spec  # the view needs only the data; kept for the shared view interface
        self._last = None
        self._lut_shown = None
        self._rect_shown = None
        self._image.clear()
        self._neuron = None
        self._feature = None
        self._caption.setVisible(False)
        self._class_names = tuple(prepared.class_names)
        self._feature_names = tuple(prepared.feature_names)
        self._show_test_box.setEnabled(len(prepared.raw_test) > 0)  # drawn points: maybe none
        if prepared.n_inputs_raw != 2:
            self._mode = None
            self._train.setData([], [])
            self._test.setData([], [])
            return
        self._ranges = plot_ranges(prepared)
        if prepared.task == "classification" and prepared.n_classes > 2:
            self._mode, self._k = "classes", prepared.n_classes
            self._output_lut = colormaps.class_lut(self._k)
            self._levels = (0.0, float(len(self._output_lut)))
        elif prepared.task == "regression":
            self._mode = "regression"
            self._output_lut = self._diverging
            targets = np.concatenate([first_column(prepared.y_train),
                                      first_column(prepared.y_test)])
            t_lo, t_hi = (float(targets.min()), float(targets.max())) if len(targets) else (-1, 1)
            self._levels = (t_lo, t_hi) if t_hi > t_lo else (t_lo - 1.0, t_lo + 1.0)
        else:
            self._mode, self._k = "binary", 2
            self._output_lut = self._diverging
            self._levels = (-1.0, 1.0)
        self._show_output_bar()
        pen = pg.mkPen(_REGRESSION_PEN if self._mode == "regression" else _TRAIN_PEN, width=1)
        self._train.setData(pos=np.asarray(prepared.raw_train[:, :2], np.float64),
                            brush=self._point_brushes(prepared.y_train), pen=pen)
        self._test.setData(pos=np.asarray(prepared.raw_test[:, :2], np.float64),
                           brush=self._point_brushes(prepared.y_test))
        names = prepared.input_names
        self._plot.setLabel("bottom", names[0])
        self._plot.setLabel("left", names[1])
        (x_lo, x_hi), (y_lo, y_hi) = self._ranges
        # One call: under the locked aspect, setting x then y would let y cut x back.
        self._plot.setRange(xRange=(x_lo, x_hi), yRange=(y_lo, y_hi), padding=0)
        self._caption.setPos(x_lo, y_hi)

    def show_snapshot(self, snap: Snapshot) -> None:
        """Per frame: repaint the heatmap from ``snap.grid`` (one setImage, fixed levels)."""
        self._last = snap
        if self._mode is not None and snap.grid is not None:
            self._redraw(snap.grid)

    # ------------------------------------------------------------------------------ options
    @Slot(bool)
    def set_show_test(self, show: bool) -> None:
        """Show or hide the test points (dark outline)."""
        self._show_test = bool(show)
        self._test.setVisible(self._show_test)
        with QSignalBlocker(self._show_test_box):
            self._show_test_box.setChecked(self._show_test)

    @Slot(bool)
    def set_discretize(self, on: bool) -> None:
        """Threshold the output to the class colours (TFP's "discretize output")."""
        self._discretize = bool(on)
        with QSignalBlocker(self._discretize_box):
            self._discretize_box.setChecked(self._discretize)
        self._redraw_last()

    @Slot(bool)
    def set_draw_mode(self, on: bool) -> None:
        """Clicks add points, drags paint them, right clicks erase; the cursor becomes a cross."""
        self._draw_mode = bool(on)
        self._painting = False
        viewport = self._canvas.viewport()
        if self._draw_mode:
            viewport.setCursor(Qt.CursorShape.CrossCursor)
        else:
            viewport.unsetCursor()

    def show_neuron(self, layer: int | None, unit: int = 0) -> None:
        """Show hidden neuron ``unit`` of dense hidden layer ``layer`` (0-based, the index into
        ``grid.neurons``) with the caption "layer L, neuron N" (1-based); None: the output."""
        self._neuron = None if layer is None or layer < 0 else (int(layer), int(unit))
        self._feature = None
        self._redraw_last()

    def show_feature(self, index: int | None) -> None:
        """Show input feature ``index`` (``grid.features``) as the network sees it; None: output."""
        self._feature = None if index is None or index < 0 else int(index)
        self._neuron = None
        self._redraw_last()

    # Read-only state for tests and the shell.
    @property
    def show_test(self) -> bool:
        return self._show_test

    @property
    def discretize(self) -> bool:
        return self._discretize

    @property
    def draw_mode(self) -> bool:
        return self._draw_mode

    @property
    def caption(self) -> str:
        """The caption shown over the map ("" when the output is shown)."""
        return self._caption.toPlainText() if self._caption.isVisible() else ""

    @property
    def plot_item(self) -> pg.PlotItem:
        return self._plot

    @property
    def canvas(self) -> pg.GraphicsLayoutWidget:
        return self._canvas

    @property
    def test_points(self) -> pg.ScatterPlotItem:
        return self._test

    def map_to_widget(self, x: float, y: float) -> QPointF:
        """Where the data point (x, y) lies in canvas viewport pixels (for tests and tooltips)."""
        scene = self._plot.vb.mapViewToScene(QPointF(x, y))
        return QPointF(self._canvas.mapFromScene(scene))

    # ------------------------------------------------------------------------------ drawing
    def _redraw_last(self) -> None:
        if self._mode is not None and self._last is not None and self._last.grid is not None:
            self._redraw(self._last.grid)

    def _redraw(self, grid: GridMaps) -> None:
        detail = self._detail_map(grid)
        if detail is not None:
            image, caption = detail
            bound = nice_bound(float(np.abs(image).max()))
            self._show_image(image, (-bound, bound), self._diverging, grid)
            if self._bar_mode != "detail":
                self._bar.set_scale(self._diverging, -bound, bound, title=self.tr("activation"))
                self._bar_mode = "detail"
            else:
                self._bar.update_range(-bound, bound)
            if self._caption.toPlainText() != caption:
                self._caption.setText(caption)
            self._caption.setVisible(True)
            return
        if self._bar_mode != "output":
            self._show_output_bar()
        self._caption.setVisible(False)
        self._show_image(self._output_image(grid), self._levels, self._output_lut, grid)

    def _output_image(self, grid: GridMaps) -> np.ndarray:
        if self._mode == "classes" and grid.classes is not None and grid.confidence is not None:
            return colormaps.class_index_image(grid.classes, grid.confidence, self._k,
                                               self._discretize)
        out = grid.output
        if self._discretize:
            lo, hi = self._levels
            middle = 0.5 * (lo + hi)
            out = np.where(out > middle, np.float32(hi), np.float32(lo))
        return np.ascontiguousarray(out, dtype=np.float32)

    def _detail_map(self, grid: GridMaps) -> tuple[np.ndarray, str] | None:
        """The hovered neuron's or feature's map and its caption, or None for the output."""
        if self._neuron is not None:
            layer, unit = self._neuron
            if layer < len(grid.neurons) and unit < len(grid.neurons[layer]):
                return grid.neurons[layer][unit], self.tr("layer {0}, neuron {1}").format(
                    layer + 1, unit + 1)
        if self._feature is not None and self._feature < len(grid.features):
            name = (self._feature_names[self._feature]
                    if self._feature < len(self._feature_names) else f"{self._feature + 1}")
            return grid.features[self._feature], self.tr("feature {0}").format(name)
        return None

    def _show_image(self, image: np.ndarray, levels: tuple[float, float], lut: np.ndarray,
                    grid: GridMaps) -> None:
        if lut is not self._lut_shown:
            self._image.setLookupTable(lut, update=False)
            self._lut_shown = lut
        self._image.setImage(image, levels=levels, autoLevels=False)
        # Neuron maps are coarser than the output but span the same grid range.
        key = (float(grid.xs[0]), float(grid.xs[-1]), float(grid.ys[0]), float(grid.ys[-1]),
               image.shape[1], image.shape[0])
        if key != self._rect_shown:
            self._image.setRect(cell_rect(*key))
            self._rect_shown = key

    def _show_output_bar(self) -> None:
        self._bar_mode = "output"
        if self._mode == "classes":
            self._bar.set_classes(self._output_lut, self._k, self._class_names,
                                  title=self.tr("class"))
        elif self._mode == "regression":
            self._bar.set_scale(self._output_lut, *self._levels, title=self.tr("prediction"))
        else:
            names = self._class_names
            low = f"-1 {names[0]}" if len(names) >= 2 else "-1"
            high = f"+1 {names[1]}" if len(names) >= 2 else "+1"
            self._bar.set_scale(self._output_lut, -1.0, 1.0,
                                ticks=[(-1.0, low), (0.0, "0"), (1.0, high)],
                                title=self.tr("output"))

    def _point_brushes(self, y: np.ndarray) -> list[QBrush]:
        """One shared QBrush per colour (pyqtgraph caches a symbol per distinct brush)."""
        if len(y) == 0:
            return []
        if self._mode == "regression":
            values = first_column(y)
            rows = colormaps.lut_index(values, *self._levels)
            # 32 steps are indistinguishable from 256 at 7 px and keep the symbol cache small.
            rows = (rows // 8) * 8 + 4
            table = colormaps.diverging_lut()
            cache: dict[int, QBrush] = {}
            return [cache.setdefault(int(r), QBrush(QColor(*table[r]))) for r in rows]
        labels = np.asarray(y)
        if labels.ndim == 2:  # multi-label: colour by the label the map shows (score of label 1)
            labels = labels[:, min(1, labels.shape[1] - 1)]
        labels = labels.astype(np.int64)
        colors = colormaps.class_colors(max(self._k, int(labels.max()) + 1))
        brushes = [QBrush(QColor(*c)) for c in colors]
        return [brushes[int(c)] for c in labels]

    # --------------------------------------------------------------------------- draw mode
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """In draw mode, turn mouse presses and drags on the map into point signals."""
        if not self._draw_mode or watched is not self._canvas.viewport():
            return super().eventFilter(watched, event)
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress:
            assert isinstance(event, QMouseEvent)
            where = self._data_position(event)
            if where is not None:
                if event.button() == Qt.MouseButton.LeftButton:
                    self._painting = True
                    self._last_paint = where
                    self.point_drawn.emit(*where)
                elif event.button() == Qt.MouseButton.RightButton:
                    self.erase_requested.emit(*where)
            return True
        if kind == QEvent.Type.MouseMove and self._painting:
            assert isinstance(event, QMouseEvent)
            where = self._data_position(event)
            (x_lo, x_hi), _ = self._ranges
            spacing = PAINT_SPACING * (x_hi - x_lo)
            if where is not None and math.dist(where, self._last_paint) >= spacing:
                self._last_paint = where
                self.point_drawn.emit(*where)
            return True
        if kind == QEvent.Type.MouseButtonRelease:
            self._painting = False
            return True
        if kind == QEvent.Type.MouseButtonDblClick:
            return True
        return super().eventFilter(watched, event)

    def _data_position(self, event: QMouseEvent) -> tuple[float, float] | None:
        """The event's position in data coordinates, or None outside the domain."""
        scene = self._canvas.mapToScene(event.position().toPoint())
        point = self._plot.vb.mapSceneToView(scene)
        x, y = float(point.x()), float(point.y())
        (x_lo, x_hi), (y_lo, y_hi) = self._ranges
        if x_lo <= x <= x_hi and y_lo <= y <= y_hi:
            return x, y
        return None


