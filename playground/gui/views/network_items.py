"""The network graph's scene items: unit nodes showing their map tiles, and every link in
one item (grouped pens, geometric hit tests). Owned and driven by ``network.NetworkView``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import (
    QLineF,
    QPointF,
    QRectF,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPen,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from playground.gui.views import colormaps
from playground.gui.views import network_layout as geo

if TYPE_CHECKING:
    from playground.gui.views.network import NetworkView

NODE_SIZE = 40.0  # side of a node's thumbnail, scene px
LINK_HIT_PX = 5.0  # how close (scene px) a click must be to a link to pick it
INK = QColor(*colormaps.INK)
EMPTY_NODE = QColor(0xF4, 0xF5, 0xF6)  # node without a map (non-2-D data, before a frame)
IDLE_LINK = QColor(0xC9, 0xCD, 0xD1)  # links before the first snapshot (weights unknown)


# ------------------------------------------------------------------------------ scene items
class NodeItem(QGraphicsItem):
    """One drawn unit: its map (a tile of the frame's atlas), a bias tick, a hover outline."""

    def __init__(self, view: NetworkView, column: int, unit: int, size: float,
                 fill: QColor = EMPTY_NODE):
        super().__init__()
        self._view = view
        self.column = column
        self.unit = unit
        self._rect = QRectF(0.0, 0.0, size, size)
        self._fill = fill
        self.hovered = False
        self.bias: QColor | None = None  # colour of the bias tick, None before a snapshot
        self.setAcceptHoverEvents(True)
        self.setZValue(1.0)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return self._rect.adjusted(-2.0, -2.0, 2.0, 2.0)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        tile = self._view.thumbnail_index(self.column, self.unit)
        atlas = self._view.atlas
        if atlas is not None and tile >= 0:
            painter.drawImage(self._rect, atlas.image, atlas.source(tile))
        else:
            painter.fillRect(self._rect, self._fill)
        if self.bias is not None:
            # TF Playground's bias tick: a small square on the node's lower left corner.
            tick = QRectF(-3.0, self._rect.height() - 7.0, 8.0, 8.0)
            painter.setPen(QPen(QColor(255, 255, 255), 1.0))
            painter.setBrush(self.bias)
            painter.drawRect(tick)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(INK, 2.0) if self.hovered else QPen(QColor(0x9A, 0xA0, 0xA6), 1.0))
        painter.drawRect(self._rect)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        self.hovered = True
        self.update()
        self._view.node_entered(self.column, self.unit)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        self.hovered = False
        self.update()
        self._view.node_left(self.column, self.unit)


@dataclass(frozen=True)
class DrawnLinks:
    """The links of one frame, in drawing order (arrays of equal length)."""

    segments: np.ndarray  # (n, 4) x0, y0, x1, y1 scene px
    gap: np.ndarray  # dense layer index of the weight (0 = first hidden, last = output)
    row: np.ndarray  # target unit
    col: np.ndarray  # source unit
    weight: np.ndarray  # float32 value, NaN before the first snapshot
    pen: np.ndarray  # index into the links item's pens


class LinksItem(QGraphicsItem):
    """Every drawn link in one item: pens are grouped so a paint is a few ``drawLines`` calls.

    Clicks and hovers are hit-tested geometrically (``nearest_segment``), which keeps the item
    count bounded however many links there are.
    """

    def __init__(self, view: NetworkView):
        super().__init__()
        self._view = view
        self._rect = QRectF()
        self.links: DrawnLinks | None = None
        self._lines: list[list[QLineF]] | None = None  # per pen, built lazily at paint time
        self.hovered = -1
        self.pens = self._make_pens()
        self.setAcceptHoverEvents(True)
        self.setZValue(0.0)

    @staticmethod
    def _make_pens() -> list[QPen]:
        # Pen k < L: negative weight of strength k; L <= k < 2L: positive; 2L: unknown weight.
        lut = colormaps.diverging_lut()
        levels = geo.STYLE_LEVELS
        pens = []
        for sign in (-1.0, 1.0):
            for k in range(levels):
                t = k / (levels - 1)
                # Never fully white: a weak link stays visible on the light background.
                v = sign * (0.35 + 0.65 * t)
                rgb = lut[int(colormaps.lut_index(v, -1.0, 1.0))]
                pen = QPen(QColor(*(int(c) for c in rgb)), 0.7 + 3.3 * t)
                pen.setCapStyle(Qt.PenCapStyle.FlatCap)
                pens.append(pen)
        pens.append(QPen(IDLE_LINK, 1.0))
        return pens

    def set_area(self, width: float, height: float) -> None:
        """The scene area the links may cover (whole graph)."""
        self.prepareGeometryChange()
        self._rect = QRectF(0.0, 0.0, width, height)

    def set_links(self, links: DrawnLinks | None) -> None:
        """Show these links from the next paint on."""
        self.links = links
        self._lines = None
        self.hovered = -1
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return self._rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        links = self.links
        if links is None or len(links.pen) == 0:
            return
        if self._lines is None:
            self._lines = [[] for _ in self.pens]
            for (x0, y0, x1, y1), p in zip(links.segments.tolist(), links.pen.tolist(),
                                           strict=True):
                self._lines[p].append(QLineF(x0, y0, x1, y1))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for pen, lines in zip(self.pens, self._lines, strict=True):
            if lines:
                painter.setPen(pen)
                painter.drawLines(lines)
        if 0 <= self.hovered < len(links.pen):
            x0, y0, x1, y1 = links.segments[self.hovered].tolist()
            halo = QPen(self.pens[int(links.pen[self.hovered])])
            halo.setWidthF(halo.widthF() + 3.0)
            painter.setPen(halo)
            painter.drawLine(QLineF(x0, y0, x1, y1))

    def link_at(self, pos: QPointF) -> int:
        """Index of the drawn link under a scene point, -1 when none is near."""
        if self.links is None:
            return -1
        return geo.nearest_segment(self.links.segments, pos.x(), pos.y(), LINK_HIT_PX)

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        index = self.link_at(event.pos())
        if index != self.hovered:
            self.hovered = index
            self.setToolTip(self._view.describe_link(index) if index >= 0 else "")
            self.setCursor(Qt.CursorShape.PointingHandCursor if index >= 0
                           else Qt.CursorShape.ArrowCursor)
            self.update()

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        if self.hovered >= 0:
            self.hovered = -1
            self.update()

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        index = self.link_at(event.pos())
        if index < 0 or event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        event.accept()
        self._view.edit_link(index, event.screenPos())


