"""Plot items for a surface's background: the shading image and all contour lines.

``ContourLines`` draws every level (NaN-separated x/y arrays from marching squares, turned into
QPainterPaths with ``connect="finite"`` once per new result) in one item, so the background of
a plot whose paths move at 60 Hz is two items to repaint, not nineteen.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QImage, QPainter, QPainterPath, QPen, QTransform

from playground.gui.lab import style


class ContourLines(pg.GraphicsObject):
    """All contour levels of a surface, each with its own cosmetic pen, in one item."""

    def __init__(self, n_levels: int) -> None:
        super().__init__()
        self._pens: list[QPen] = style.contour_pens(n_levels)
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


class CachedBackground(pg.GraphicsObject):
    """Shading and contour lines of an animated plot in one item that keeps its own pixmap.

    The race plot repaints its whole view at up to 60 Hz (the paths span it); redrawing the
    shading and eighteen levels of lines each time cost ~6 of ~12 ms per paint here. This item
    renders both once per view transform and afterwards only blits the pixmap. (Qt's own
    DeviceCoordinateCache showed shifted, stitched pixmaps after view range changes, so the
    cache key here is the exact device transform and size.) Colours use the same 256-entry
    table and 0..1 levels as the shading ImageItem of the other plots.
    """

    def __init__(self, n_levels: int) -> None:
        super().__init__()
        self._pens: list[QPen] = style.contour_pens(n_levels)
        self._paths: list[QPainterPath] = []
        self._image: QImage | None = None
        self._image_rect = QRectF()
        self._bounds = QRectF()
        self._cache: QImage | None = None
        self._cache_key: tuple | None = None
        self._cache_origin = QPointF()
        self.point_count = 0  # finite contour points drawn (for tests)
        self.renders = 0  # how often the pixmap was rebuilt (for tests)

    def set_data(self, shade: np.ndarray, xs: np.ndarray, ys: np.ndarray,
                 lines: Sequence[tuple[np.ndarray, np.ndarray]]) -> None:
        """New shading (float32 in [0, 1], cell centres spanning xs, ys) and contour lines."""
        self.prepareGeometryChange()
        rows, cols = shade.shape
        index = np.clip(np.floor(shade * style.SHADE_LUT.shape[0]), 0,
                        style.SHADE_LUT.shape[0] - 1).astype(np.intp)
        rgb = np.ascontiguousarray(style.SHADE_LUT[index])
        self._image = QImage(rgb.data, cols, rows, 3 * cols, QImage.Format.Format_RGB888).copy()
        cell_x = (xs[-1] - xs[0]) / max(cols - 1, 1)
        cell_y = (ys[-1] - ys[0]) / max(rows - 1, 1)
        self._image_rect = QRectF(xs[0] - cell_x / 2, ys[0] - cell_y / 2, cell_x * cols,
                                  cell_y * rows)
        self._paths = []
        count = 0
        for x, y in list(lines)[:len(self._pens)]:
            if len(x) == 0:
                self._paths.append(QPainterPath())
                continue
            self._paths.append(pg.arrayToQPath(np.asarray(x, np.float64),
                                               np.asarray(y, np.float64), connect="finite"))
            count += int(np.isfinite(x).sum())
        self.point_count = count
        self._bounds = QRectF(self._image_rect)
        self._cache = None
        self.update()

    def clear(self) -> None:
        """Nothing to draw."""
        self.prepareGeometryChange()
        self._image, self._paths, self._bounds, self._cache = None, [], QRectF(), None
        self.point_count = 0
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        """The shaded area."""
        return self._bounds

    def paint(self, painter: QPainter, _option: object, widget: object = None) -> None:
        """Blit the cached rendering, rebuilding it when the view transform or size changed."""
        if self._image is None:
            return
        # combinedTransform, not deviceTransform: the latter also holds the offset Qt adds when
        # a parent widget renders this one (grab, backing store), which Qt applies again on
        # top of whatever transform is set, so the blit below would land shifted.
        transform = painter.combinedTransform()
        target = transform.mapRect(self._bounds)
        if widget is not None:
            target = target.intersected(QRectF(widget.rect()))
        if target.isEmpty():
            return
        ratio = painter.device().devicePixelRatioF()
        key = (transform.m11(), transform.m12(), transform.m21(), transform.m22(),
               round(transform.dx(), 2), round(transform.dy(), 2), round(target.x(), 2),
               round(target.y(), 2), round(target.width(), 2), round(target.height(), 2),
               ratio)
        if key != self._cache_key or self._cache is None:
            self._cache = self._render(transform, target, ratio)
            self._cache_key = key
            self._cache_origin = target.topLeft()
            self.renders += 1
        painter.save()
        painter.resetTransform()
        painter.drawImage(self._cache_origin, self._cache)
        painter.restore()

    def _render(self, transform: QTransform, target: QRectF, ratio: float) -> QImage:
        size = target.size().toSize()
        image = QImage(max(1, int(np.ceil(size.width() * ratio))),
                       max(1, int(np.ceil(size.height() * ratio))),
                       QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        image.fill(0)
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        p.translate(-target.x(), -target.y())
        p.setTransform(transform, combine=True)
        p.drawImage(self._image_rect, self._image)
        for path, pen in zip(self._paths, self._pens, strict=False):
            if not path.isEmpty():
                p.setPen(pen)
                p.drawPath(path)
        p.end()
        return image
