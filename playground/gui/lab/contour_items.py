"""Plot items for a surface's background: the shading image and all contour lines.

``ContourLines`` draws every level (NaN-separated x/y arrays from marching squares, turned into
QPainterPaths with ``connect="finite"`` once per new result) in one item, so the background of
a plot whose paths move at 60 Hz is two items to repaint, not nineteen.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPainterPath, QPen

from playground.gui.lab import style


class ContourLines(pg.GraphicsObject):
    """All contour levels of a surface, each with its own cosmetic pen, in one item."""

    def __init__(self, n_levels: int) -> None:
        super().__init__()
        self._pens: list[QPen] = []
        for pen in style.contour_pens(n_levels):
            pen.setCosmetic(True)
            self._pens.append(pen)
        self._paths: list[QPainterPath] = []
        self._bounds = QRectF()
        self.point_count = 0  # finite points drawn (for tests)

    def set_lines(self, lines: Sequence[tuple[np.ndarray, np.ndarray]]) -> None:
        """Replace the levels' lines (lowest level first); extra levels beyond the pens are
        dropped, missing ones drawn empty."""
        self.prepareGeometryChange()
        self._paths = []
        bounds = QRectF()
        count = 0
        for x, y in list(lines)[:len(self._pens)]:
            if len(x) == 0:
                self._paths.append(QPainterPath())
                continue
            path = pg.arrayToQPath(np.asarray(x, np.float64), np.asarray(y, np.float64),
                                   connect="finite")
            bounds = bounds.united(path.boundingRect())
            count += int(np.isfinite(x).sum())
            self._paths.append(path)
        self._bounds = bounds
        self.point_count = count
        self.update()

    def clear(self) -> None:
        """No lines."""
        self.set_lines(())

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        """The union of every level's lines."""
        return self._bounds

    def paint(self, painter: QPainter, *_args: object) -> None:
        """Draw each level with its pen."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for path, pen in zip(self._paths, self._pens, strict=False):
            if not path.isEmpty():
                painter.setPen(pen)
                painter.drawPath(path)


def shade_item() -> pg.ImageItem:
    """The shading ImageItem: row-major, the lab's 256-entry table and fixed levels 0..1."""
    item = pg.ImageItem(axisOrder="row-major")
    item.setLookupTable(style.SHADE_LUT)
    item.setLevels(style.SHADE_LEVELS)
    item.setZValue(-10)
    return item


def show_shade(item: pg.ImageItem, shade: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> None:
    """Show a float32 shade image whose cell centres span xs[0]..xs[-1], ys[0]..ys[-1]
    (it may have more cells than the grid has points: a smoothed image), with setRect."""
    item.setImage(shade, autoLevels=False, levels=style.SHADE_LEVELS)
    rows, cols = shade.shape
    cell_x = (xs[-1] - xs[0]) / max(cols - 1, 1)
    cell_y = (ys[-1] - ys[0]) / max(rows - 1, 1)
    item.setRect(QRectF(xs[0] - cell_x / 2, ys[0] - cell_y / 2, cell_x * cols, cell_y * rows))
