"""The gallery's confusion matrix: test counts coloured by the share of each true class (row),
with the count in every cell that is wide enough to read it. Owned by ``gallery.GalleryView``,
which sets its title beside the samples."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QFontMetrics

from playground.gui.views import colormaps
from playground.gui.views.gallery_items import TileLabel, class_label
from playground.gui.views.items import TEXT_PEN, HeatmapItem, plot_canvas, style_plot

MAX_COUNT_LABELS = 15  # classes up to which each confusion cell shows its count
# Class names on the axes are cut to about this many average characters: the panel is narrow
# beside the samples, and "versicolor" in full left the matrix 20 px wide. The full names are
# in the samples beside it.
AXIS_NAME_CHARS = 5
READABLE_CELL_PX = 16  # narrower cells show only their shading
_ZERO_PEN = "#c4c4c4"


class ConfusionMatrix:
    """The plot (``canvas``) of a k x k confusion matrix; ``build`` for new classes, ``fill``
    per frame."""

    def __init__(self) -> None:
        self.canvas, self.plot = plot_canvas()
        style_plot(self.plot)
        self.plot.setMouseEnabled(False, False)
        self.plot.invertY(True)  # true class 0 on top, as printed matrices read
        # The gallery's context: its translations existed before this module.
        self.plot.setLabel("left", QCoreApplication.translate("GalleryView", "true"))
        self.plot.setLabel("bottom", QCoreApplication.translate("GalleryView", "predicted"))
        self._image = HeatmapItem()
        self._image.setLookupTable(colormaps.sequential_lut())
        self.plot.addItem(self._image)
        self.counts: list[TileLabel] = []
        self._k = 0

    def build(self, k: int, names: tuple[str, ...]) -> None:
        """Cells, count labels and axis names for k classes, all empty."""
        self._k = k
        for item in self.counts:
            self.plot.vb.removeItem(item)
        self.counts = []
        if k <= MAX_COUNT_LABELS:
            for i in range(k):
                for j in range(k):
                    label = TileLabel(j + 0.5, i + 0.5, centre_y=True)
                    self.plot.vb.addItem(label, ignoreBounds=True)
                    self.counts.append(label)
        step = max(1, math.ceil(k / 12))
        metrics = QFontMetrics(self.canvas.font())
        room = metrics.averageCharWidth() * AXIS_NAME_CHARS
        ticks = [[(c + 0.5, metrics.elidedText(class_label(names, c),
                                               Qt.TextElideMode.ElideRight, room))
                  for c in range(0, k, step)], []]
        self.plot.getAxis("left").setTicks(ticks)
        self.plot.getAxis("bottom").setTicks(ticks)
        self._image.setImage(np.zeros((k, k), np.float32), levels=(0.0, 1.0), autoLevels=False)
        self._image.setRect(QRectF(0, 0, k, k))
        self.plot.setXRange(0, k, padding=0)
        self.plot.setYRange(0, k, padding=0)

    def fill(self, confusion: np.ndarray) -> float | None:
        """Show a frame's matrix; its accuracy in percent (None for a matrix of other size)."""
        k = self._k
        if confusion.shape != (k, k):
            return None
        totals = confusion.sum(axis=1, keepdims=True)
        rates = np.divide(confusion, np.maximum(totals, 1), dtype=np.float32)
        self._image.setImage(np.ascontiguousarray(rates, np.float32), levels=(0.0, 1.0),
                             autoLevels=False)
        # Counts only where a cell is wide enough to read them (the shading still shows all).
        readable = self.plot.vb.width() / max(k, 1) >= READABLE_CELL_PX
        for n, text in enumerate(self.counts):
            text.setVisible(readable)
            i, j = divmod(n, k)
            count = int(confusion[i, j])
            # Zeros recede so the cells that matter (the diagonal, the confusions) stand out.
            color = "#ffffff" if rates[i, j] > 0.55 else TEXT_PEN if count else _ZERO_PEN
            text.set(str(count), color)
        total = int(confusion.sum())
        return 100.0 * int(np.trace(confusion)) / total if total else 0.0

    def count_texts(self) -> tuple[str, ...]:
        """Cell labels row by row (true class), none past MAX_COUNT_LABELS classes."""
        return tuple(t.text() for t in self.counts)
