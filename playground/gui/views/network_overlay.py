"""Text and outlines drawn over the network graph: the step-through's values beside each node
and link, and rings around hidden units that are identical (constant initialisation).

Items live in the view's scene and are re-placed when the view rebuilds its scene.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QRectF, Qt, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QGraphicsSimpleTextItem

MAX_LINK_LABELS = 24  # a gap with more drawn links gets no per-link numbers (only colours)
TEXT = QColor(0x20, 0x21, 0x24)
ACTIVE = QColor(0xE3, 0x74, 0x00)  # the chosen neuron's outline
SAME = QColor(0x8E, 0x24, 0xAA)  # identical units' ring


class NetworkOverlay(QObject):
    """Owns extra scene items of a NetworkView; ``clear()`` removes them all."""

    def __init__(self, view: Any):
        super().__init__(view)
        self._view = view
        self._items: list[QGraphicsItem] = []
        self._ring_items: list[QGraphicsItem] = []
        self._state: tuple[list[list[str]], int, tuple[int, int], Any] | None = None
        self._groups: list[list[tuple[int, int]]] = []
        self._font = QFont(view.font())
        self._font.setPointSizeF(7.5)
        view.rebuilt.connect(self._on_rebuilt)

    # ------------------------------------------------------------------------------ values
    def show_values(self, columns: list[list[str]], link_gap: int,
                    chosen: tuple[int, int] = (-1, -1),
                    link_values: np.ndarray | None = None) -> None:
        """Write ``columns[c][u]`` under node u of column c; outline node ``chosen`` =
        (column, unit) and write its incoming links' values (``link_values``, the gap's
        (out, in) block) in gap ``link_gap``."""
        self._state = (columns, link_gap, chosen, link_values)
        self._draw_values()

    def clear(self) -> None:
        """Remove the step-through's items (the identical-unit rings stay)."""
        self._state = None
        self._remove(self._items)

    @property
    def texts(self) -> list[str]:
        """Every text item shown now (for tests)."""
        return [item.text() for item in self._items if isinstance(item, QGraphicsSimpleTextItem)]

    def _draw_values(self) -> None:
        self._remove(self._items)
        layout = self._view.layout_geometry
        if self._state is None or layout is None:
            return
        columns, gap, chosen, values = self._state
        half = layout.node_size / 2
        for c, (col, texts) in enumerate(zip(layout.columns, columns, strict=False)):
            for unit, y in enumerate(col.ys):
                if unit < len(texts) and texts[unit]:
                    self._text(self._items, texts[unit], col.x, y + half + 1, center=True)
                if (c, unit) == chosen:
                    self._outline(self._items, col.x, y, half + 4, ACTIVE)
        links = self._view.links
        if gap < 0 or links is None or values is None:
            return
        # Only the chosen neuron's incoming links: all of a gap's numbers would overlap.
        mine = np.flatnonzero((links.gap == gap) & (links.row == chosen[1]))
        if len(mine) > MAX_LINK_LABELS:
            return
        for i in mine:
            x0, y0, x1, y1 = links.segments[i]
            t = 0.4  # nearer the sources, where the incoming links fan apart
            value = float(values[links.row[i], links.col[i]])
            self._text(self._items, f"{value:.4g}", x0 + t * (x1 - x0),
                       y0 + t * (y1 - y0) - 6, center=True, grey=True)

    # ------------------------------------------------------------------------- symmetry
    def show_identical(self, groups: list[list[tuple[int, int]]]) -> None:
        """Ring hidden units that are identical: groups of (hidden layer, unit)."""
        self._groups = groups
        self._draw_rings()

    def _draw_rings(self) -> None:
        self._remove(self._ring_items)
        layout = self._view.layout_geometry
        if layout is None:
            return
        half = layout.node_size / 2
        if self._groups:
            layer = self._groups[0][0][0]
            col = layout.columns[layer + 1]
            self._text(self._ring_items, self.tr("identical units"), col.x, 2.0, center=True)
        for group in self._groups:
            for layer, unit in group:
                col = layout.columns[layer + 1]
                if unit < col.shown:
                    self._outline(self._ring_items, col.x, col.ys[unit], half + 7, SAME,
                                  dashed=True)

    # ---------------------------------------------------------------------------- helpers
    def _text(self, bucket: list[QGraphicsItem], text: str, x: float, y: float,
              center: bool = False, grey: bool = False) -> None:
        item = QGraphicsSimpleTextItem(text)
        item.setFont(self._font)
        item.setBrush(QBrush(QColor(0x5F, 0x63, 0x68) if grey else TEXT))
        box = item.boundingRect()
        item.setPos(x - (box.width() / 2 if center else 0.0), y)
        back = QGraphicsRectItem(QRectF(box).adjusted(-2, 0, 2, 0))
        back.setBrush(QBrush(QColor(255, 255, 255, 215)))
        back.setPen(QPen(Qt.PenStyle.NoPen))
        back.setPos(item.pos())
        back.setZValue(3.0)
        item.setZValue(3.1)
        for part in (back, item):
            self._view.scene().addItem(part)
            bucket.append(part)

    def _outline(self, bucket: list[QGraphicsItem], x: float, y: float, half: float,
                 color: QColor, dashed: bool = False) -> None:
        ring = QGraphicsRectItem(QRectF(x - half, y - half, 2 * half, 2 * half))
        pen = QPen(color, 2.0)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        ring.setPen(pen)
        ring.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        ring.setZValue(2.5)
        self._view.scene().addItem(ring)
        bucket.append(ring)

    def _remove(self, bucket: list[QGraphicsItem]) -> None:
        scene = self._view.scene()
        for item in bucket:
            scene.removeItem(item)
        bucket.clear()

    @Slot()
    def _on_rebuilt(self) -> None:
        self._draw_values()
        self._draw_rings()


class SymmetryHighlighter(QObject):
    """Rings identical hidden units on the network view, frame by frame, while they stay
    identical (constant initialisation never breaks the symmetry). Skips hidden views."""

    def __init__(self, session: Any, view: Any, overlay: NetworkOverlay):
        super().__init__(overlay)
        self._view = view
        self._overlay = overlay
        self.groups: list[list[tuple[int, int]]] = []
        session.snapshot_ready.connect(self._on_snapshot_ready)
        last = getattr(session, "last_snapshot", None)
        if last is not None:
            self._on_snapshot_ready(last)

    @Slot(object)
    def _on_snapshot_ready(self, snap: Any) -> None:
        if not self._view.isVisible():
            return
        from playground.core.train.stability import identical_units

        groups = identical_units(snap.weights, snap.biases)
        if groups != self.groups:
            self.groups = groups
            self._overlay.show_identical(groups)
