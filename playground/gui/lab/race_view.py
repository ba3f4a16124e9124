"""The big plot of the race tab: a surface's shading and contour lines (or a 1-D curve), the
draggable start point, known minima, and every racer's path, position and arrows.

Items are created when the surface or the set of racers changes; each frame only calls setData.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSignalBlocker, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QVBoxLayout,
    QWidget,
)

from playground.core.lab.contour_job import N_LEVELS, ContourData
from playground.core.lab.paths import TrackState
from playground.core.lab.surfaces import Surface
from playground.gui.lab import style
from playground.gui.lab.contour_items import CachedBackground

HEAD_RADIUS = 6.5  # pixels
MAX_PATH_POINTS = 800  # longer paths are thinned for drawing (first and last point kept)
DOTS_UP_TO = 150  # steps drawn as dots too (step lengths are the lesson); lines only beyond
ARROW_KINDS = ("gradient", "step", "momentum")


def _cosmetic(color: QColor, width: float, dash: bool = False) -> QPen:
    pen = QPen(color, width)
    pen.setCosmetic(True)  # width in pixels whatever the zoom
    if dash:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


class _TrackItems:
    """The items of one racer: path line, step dots, current point, three arrows.

    The current point and the arrows are plain QGraphics items moved with setPos / setPath:
    per frame they cost microseconds, where a pyqtgraph data item's setData costs ~0.1 ms.
    """

    def __init__(self, plot: pg.PlotItem, color: QColor) -> None:
        dark = QColor(color).darker(135)
        # The path is a plain QGraphicsPathItem too: Qt paints it and computes its bounds in
        # C++, where a pyqtgraph curve runs Python (bounds, paint) several times per frame.
        self.path = QGraphicsPathItem()
        self.path.setPen(_cosmetic(color, 2.0))
        self.path_xy = np.zeros((0, 2))  # what the path shows (for tests)
        # The legend draws its sample from a pyqtgraph item: one that never holds data.
        self.sample = pg.PlotDataItem(pen=pg.mkPen(color, width=2))
        self.dots = pg.ScatterPlotItem(size=4, pen=None, brush=pg.mkBrush(color))
        self.head = QGraphicsEllipseItem(-HEAD_RADIUS, -HEAD_RADIUS, 2 * HEAD_RADIUS,
                                         2 * HEAD_RADIUS)
        self.head.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.head.setPen(_cosmetic(QColor("#ffffff"), 1.5))
        self.head.setBrush(QBrush(color))
        self.arrows = {
            "gradient": QGraphicsPathItem(),
            "step": QGraphicsPathItem(),
            "momentum": QGraphicsPathItem(),
        }
        self.arrows["gradient"].setPen(_cosmetic(dark, 1.5))
        self.arrows["step"].setPen(_cosmetic(color, 3.0))
        self.arrows["momentum"].setPen(_cosmetic(dark, 1.5, dash=True))
        self.items = [self.path, self.dots, *self.arrows.values(), self.head]
        for z, item in enumerate(self.items):
            item.setZValue(20 + z)
            plot.addItem(item)
        self.dots_shown = 0

    def remove(self, plot: pg.PlotItem) -> None:
        for item in self.items:
            plot.removeItem(item)


RING_CLEARANCE = 14.0  # px around the start ring the legend keeps clear of
# Legend corners in order of preference: (anchor of legend and view, offset in px).
LEGEND_CORNERS = (((1, 0), (-8, 8)), ((0, 0), (8, 8)), ((1, 1), (-8, -8)), ((0, 1), (8, -8)))


class SurfacePlot(QWidget):
    """Contours (or a curve) with racing optimizers; emits ``start_picked`` on click or drag."""

    start_picked = Signal(object)  # tuple of floats: the new start point (surface units)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._widget = pg.PlotWidget(background=style.BACKGROUND)
        self._widget.setMinimumSize(420, 320)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._widget)
        self.plot: pg.PlotItem = self._widget.getPlotItem()
        style.style_plot(self.plot, "x", "y")
        self.view: pg.ViewBox = self.plot.getViewBox()

        # Shading and contour lines in one self-caching item: the 60 Hz repaints of the moving
        # paths then blit a pixmap instead of redrawing the background.
        self.background = CachedBackground(N_LEVELS)
        self.background.setZValue(-10)
        self.plot.addItem(self.background)
        self.curve = pg.PlotCurveItem(pen=pg.mkPen(style.CONTOUR, width=2))
        self.curve.setZValue(1)
        self.plot.addItem(self.curve)
        self.minima = pg.ScatterPlotItem(symbol="star", size=16, pen=pg.mkPen("#ffffff"),
                                         brush=pg.mkBrush(style.MINIMUM))
        self.minima.setZValue(10)
        self.plot.addItem(self.minima)
        self.start = pg.TargetItem(pos=(0, 0), size=16, symbol="o", movable=True,
                                   pen=pg.mkPen(style.START, width=2),
                                   brush=pg.mkBrush(255, 255, 255, 200),
                                   hoverPen=pg.mkPen("#000000", width=3))
        self.start.setZValue(50)
        self.start.setToolTip(self.tr("Start point: drag it, or click anywhere on the plot"))
        self.plot.addItem(self.start)
        self.legend = pg.LegendItem(offset=(-8, 8), labelTextSize="9pt",
                                    labelTextColor=style.TEXT,
                                    brush=pg.mkBrush(255, 255, 255, 215),
                                    pen=pg.mkPen("#c8c8c8"), verSpacing=-4)
        self.legend.setParentItem(self.view)
        # The moving paths repaint the whole plot every frame. What sits still while a race
        # runs (the legend, the axes, the minima, the start marker) is drawn from a pixmap
        # cache then, not by pyqtgraph's Python paint code: measured 2 axis, 1 target and 1
        # minima paint per frame before.
        self.legend.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        for item in (self.plot.getAxis("left"), self.plot.getAxis("bottom"), self.minima,
                     self.start):
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

        self._surface: Surface | None = None
        self._tracks: dict[int, _TrackItems] = {}
        self._legend_text: dict[int, str] = {}
        self._lrs: dict[int, float] = {}
        self._arrows = dict.fromkeys(ARROW_KINDS, True)
        self._last_states: dict[int, TrackState] = {}
        self.start.sigPositionChanged.connect(self._on_start_dragged)
        self.view.sigRangeChanged.connect(self._on_view_moved)
        self.view.sigResized.connect(self._on_view_moved)
        self.plot.scene().sigMouseClicked.connect(self._on_scene_clicked)

    # --------------------------------------------------------------------------- structure
    def set_surface(self, surface: Surface, start: Sequence[float],
                    axis_names: tuple[str, str] | None = None) -> None:
        """Show a new surface: ranges, minima, start; contours follow via ``show_contours``."""
        self._surface = surface
        one_d = surface.dims == 1
        names = axis_names or (("w", "f(w)") if one_d else ("x", "y"))
        style.style_plot(self.plot, *names)
        self.view.setAspectLocked(not one_d)
        self.background.clear()
        self.background.setVisible(not one_d)
        self.curve.setVisible(one_d)
        self.curve.setData([], [])
        if one_d:
            (w0, w1), = surface.domain
            self.view.setRange(xRange=(w0, w1), padding=0.02)
            minima = [(m[0], surface.value(m[0])) for m in surface.minima]
        else:
            (x0, x1), (y0, y1) = surface.domain
            self.view.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.0)
            minima = [tuple(m) for m in surface.minima]
        self.minima.setData(pos=np.asarray(minima, dtype=np.float64).reshape(-1, 2))
        self.set_start(start)

    def set_racers(self, racers: Sequence[tuple[int, int, str, float]]) -> None:
        """(key, colour slot, legend label, lr) per racer: create, keep or drop their items.

        The lr scales the gradient and momentum arrows: -lr * grad is the step plain gradient
        descent would take from the current point.
        """
        wanted = {key for key, _, _, _ in racers}
        for key in list(self._tracks):
            if key not in wanted:
                self._tracks.pop(key).remove(self.plot)
                self._last_states.pop(key, None)
        self.legend.clear()
        self._legend_text.clear()
        self._lrs = {key: lr for key, _, _, lr in racers}
        for key, color, label, _ in racers:
            if key not in self._tracks:
                self._tracks[key] = _TrackItems(self.plot, style.racer_color(color))
            self.legend.addItem(self._tracks[key].sample, label)
            self._legend_text[key] = label
        self._apply_arrow_visibility()
        self.place_legend()  # its size changed

    def set_arrows(self, gradient: bool, step: bool, momentum: bool) -> None:
        """Which arrows to draw at each racer's current point."""
        self._arrows = {"gradient": gradient, "step": step, "momentum": momentum}
        self._apply_arrow_visibility()

    def arrow_points(self, key: int, kind: str) -> int:
        """Points in a racer's arrow of this kind as drawn (0: hidden; for tests)."""
        return self._tracks[key].arrows[kind].path().elementCount()

    def _apply_arrow_visibility(self) -> None:
        for items in self._tracks.values():
            for kind, item in items.arrows.items():
                item.setVisible(self._arrows[kind])

    def set_start(self, point: Sequence[float]) -> None:
        """Move the start marker (no start_picked is emitted)."""
        if self._surface is None:
            return
        x = float(point[0])
        y = self._surface.value(x) if self._surface.dims == 1 else float(point[1])
        with QSignalBlocker(self.start):
            self.start.setPos(QPointF(x, y if np.isfinite(y) else 0.0))
        self.place_legend()

    @Slot()
    def _on_view_moved(self, *_args: object) -> None:
        self.place_legend()

    def place_legend(self) -> None:
        """Put the legend in the first corner (top right, top left, bottom right, bottom
        left) where it does not cover the start ring."""
        ring = self.view.mapFromView(self.start.pos())
        ring_box = QRectF(ring.x() - RING_CLEARANCE, ring.y() - RING_CLEARANCE,
                          2 * RING_CLEARANCE, 2 * RING_CLEARANCE)
        box = self.legend.boundingRect()
        room = self.view.boundingRect()
        for (ax, ay), (dx, dy) in LEGEND_CORNERS:
            x = room.left() + ax * room.width() - ax * box.width() + dx
            y = room.top() + ay * room.height() - ay * box.height() + dy
            if not QRectF(x, y, box.width(), box.height()).intersects(ring_box):
                break
        self.legend.anchor((ax, ay), (ax, ay), (dx, dy))

    # ------------------------------------------------------------------------------ frames
    def show_contours(self, data: ContourData) -> None:
        """Draw the background job's result (shading image and lines, or the 1-D curve)."""
        if data.dims == 1:
            self.curve.setData(data.xs, np.nan_to_num(data.z, nan=np.nan))
            finite = data.z[np.isfinite(data.z)]
            if finite.size:
                lo, hi = float(finite.min()), float(finite.max())
                pad = 0.08 * (hi - lo or 1.0)
                self.view.setYRange(lo - pad, hi + pad, padding=0)
            return
        self.background.set_data(data.shade, data.xs, data.ys, data.lines)

    def show_states(self, states: dict[int, TrackState]) -> None:
        """Per frame: paths, current points, arrows, legend marks for diverged racers."""
        self._last_states = dict(states)
        pixel = self.view.viewPixelSize()
        one_d = self._surface is not None and self._surface.dims == 1
        for key, state in states.items():
            items = self._tracks.get(key)
            if items is None:
                continue
            points = state.points
            if one_d:
                xs, ys = points[:, 0], state.values
                head = np.array([state.point[0], state.value])
            else:
                xs, ys = points[:, 0], points[:, 1]
                head = np.asarray(state.point, dtype=np.float64)
            if len(xs) > MAX_PATH_POINTS:
                # Painting thousands of antialiased segments per frame costs more than the
                # rest of the frame; late steps of a long race are tiny anyway.
                keep = np.linspace(0, len(xs) - 1, MAX_PATH_POINTS).astype(np.int64)
                self._set_path(items, xs[keep], ys[keep])
            else:
                self._set_path(items, xs, ys)
            if len(xs) <= DOTS_UP_TO:
                if len(xs) != items.dots_shown:
                    items.dots.setData(xs, ys)
                    items.dots.setVisible(True)
            elif items.dots_shown:
                items.dots.setData([], [])
                items.dots.setVisible(False)  # an empty scatter item still costs a paint
            items.dots_shown = len(xs) if len(xs) <= DOTS_UP_TO else 0
            items.head.setPos(float(head[0]), float(head[1]))
            self._draw_arrows(items, state, head, pixel, one_d, self._lrs.get(key, 1.0))
            label = self._legend_text.get(key, state.label)
            self._set_legend_label(
                items, self.tr("{0} — diverged").format(label) if state.diverged else label)

    @staticmethod
    def _set_path(items: _TrackItems, xs: np.ndarray, ys: np.ndarray) -> None:
        xs = np.asarray(xs, dtype=np.float64)
        ys = np.asarray(ys, dtype=np.float64)
        # A diverged racer's last points are inf/NaN: draw the finite part.
        finite = np.isfinite(xs) & np.isfinite(ys)
        if not finite.all():
            xs, ys = xs[finite], ys[finite]
        items.path_xy = np.column_stack([xs, ys])
        items.path.setPath(pg.arrayToQPath(xs, ys) if len(xs) else QPainterPath())

    def _draw_arrows(self, items: _TrackItems, state: TrackState, head: np.ndarray,
                     pixel: tuple[float, float], one_d: bool, lr: float) -> None:
        vectors = {
            "gradient": -lr * np.asarray(state.grad, dtype=np.float64),
            "step": np.asarray(state.update, dtype=np.float64),
            "momentum": (None if state.momentum is None
                         else -lr * np.asarray(state.momentum, dtype=np.float64)),
        }
        for kind, item in items.arrows.items():
            vector = vectors[kind]
            if not self._arrows[kind] or vector is None or state.diverged:
                if not item.path().isEmpty():
                    item.setPath(QPainterPath())
                continue
            v2 = np.array([vector[0], 0.0]) if one_d else vector[:2]
            x, y = style.arrow_path(head, v2, pixel)
            item.setPath(_polyline(x, y))

    def _set_legend_label(self, items: _TrackItems, text: str) -> None:
        for sample, label in self.legend.items:
            if sample.item is items.sample and label.text != text:
                label.setText(text)
                break

    # -------------------------------------------------------------------------- user input
    @Slot(object)
    def _on_start_dragged(self, target: pg.TargetItem) -> None:
        pos = target.pos()
        self.start_picked.emit((pos.x(),) if self._is_1d() else (pos.x(), pos.y()))

    @Slot(object)
    def _on_scene_clicked(self, event: object) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        scene_pos = event.scenePos()
        if not self.view.sceneBoundingRect().contains(scene_pos):
            return
        point = self.view.mapSceneToView(scene_pos)
        self.start_picked.emit((point.x(),) if self._is_1d() else (point.x(), point.y()))

    def _is_1d(self) -> bool:
        return self._surface is not None and self._surface.dims == 1

    # ----------------------------------------------------------------------------- for tests
    def path_points(self, key: int) -> np.ndarray:
        """(n, 2) points of a racer's path as drawn."""
        return self._tracks[key].path_xy

    def legend_labels(self) -> list[str]:
        """Legend texts in order."""
        return [label.text for _, label in self.legend.items]

    def start_position(self) -> tuple[float, float]:
        """Where the start marker is drawn."""
        pos = self.start.pos()
        return pos.x(), pos.y()

    def scene_position(self, x: float, y: float) -> QPointF:
        """The scene position of data point (x, y)."""
        return self.view.mapViewToScene(QPointF(x, y))

    @property
    def graphics_view(self) -> pg.PlotWidget:
        """The QGraphicsView the plot is drawn in (for mouse events in tests)."""
        return self._widget



def _polyline(x: np.ndarray, y: np.ndarray) -> QPainterPath:
    """A QPainterPath through the points, a NaN starting a new piece."""
    path = QPainterPath()
    pen_down = False
    for px, py in zip(x.tolist(), y.tolist(), strict=True):
        if px != px or py != py:  # NaN
            pen_down = False
        elif pen_down:
            path.lineTo(px, py)
        else:
            path.moveTo(px, py)
            pen_down = True
    return path
