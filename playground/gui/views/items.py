"""Small pyqtgraph items the views share: a heatmap image that paints fast, a colour bar."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage

from playground.gui.style import AXIS as AXIS
from playground.gui.style import TEXT as TEXT
from playground.gui.style import style_plot as style_plot
from playground.gui.views import colormaps

_BAR_STEPS = 256

# The one plot style and its greys (re-exported: the views import them from here).
AXIS_PEN, TEXT_PEN = AXIS, TEXT


class HeatmapItem(pg.ImageItem):
    """A row-major ImageItem that converts its rendered image to a 32-bit format once.

    pyqtgraph renders a float image with a 256-row table as an Indexed8 QImage, which QPainter
    re-expands on every paint it scales: ~1.7 ms for a 100x100 map drawn at 340 px, against
    ~0.15 ms for RGB32 (plus 7 us to convert once per new frame).
    """

    def __init__(self) -> None:
        super().__init__(axisOrder="row-major")

    def render(self) -> None:
        super().render()
        image = self.qimage
        if image is not None and image.format() == QImage.Format.Format_Indexed8:
            fmt = (QImage.Format.Format_ARGB32_Premultiplied if image.hasAlphaChannel()
                   else QImage.Format.Format_RGB32)
            self.qimage = image.convertToFormat(fmt)


class ColorBar(pg.PlotItem):
    """A vertical bar showing one lookup table, labelled on its right axis.

    ``set_scale`` shows a continuous table between two values; ``set_classes`` shows k class
    rows, each running from neutral (left, unsure) to the full hue (right, confident).
    """

    def __init__(self, width: int = 80) -> None:
        super().__init__()
        self.setMouseEnabled(False, False)
        self.setMenuEnabled(False)
        self.hideButtons()
        self.hideAxis("left")
        # An empty bottom axis as tall as the heatmap's keeps the bar level with the map.
        bottom = self.getAxis("bottom")
        bottom.setStyle(showValues=False, tickLength=0)
        bottom.setPen(pg.mkPen(None))
        bottom.setLabel(" ")
        self.showAxis("right")
        axis = self.getAxis("right")
        axis.setWidth(width - 22)
        axis.enableAutoSIPrefix(False)  # "(x0.001)" in a slim bar reads as noise
        axis.setPen(pg.mkPen(AXIS_PEN))
        axis.setTextPen(pg.mkPen(TEXT_PEN))
        self.setFixedWidth(width)
        self._image = HeatmapItem()
        self.addItem(self._image)
        self._range = (0.0, 1.0)

    def set_scale(self, lut: np.ndarray, lo: float, hi: float,
                  ticks: Sequence[tuple[float, str]] | None = None, title: str = "") -> None:
        """A continuous bar from ``lo`` (bottom) to ``hi`` (top); ticks default to the axis's."""
        if hi <= lo:
            hi = lo + 1.0
        column = np.linspace(lo, hi, _BAR_STEPS, dtype=np.float32).reshape(-1, 1)
        self._image.setLookupTable(lut)
        self._image.setImage(np.ascontiguousarray(column), levels=(lo, hi), autoLevels=False)
        self._image.setRect(QRectF(0.0, lo, 1.0, hi - lo))
        self._set_range(lo, hi)
        shown = list(ticks) if ticks is not None else round_ticks(lo, hi)
        self.getAxis("right").setTicks([shown, []])
        self.getAxis("right").setLabel(title)

    def update_range(self, lo: float, hi: float) -> None:
        """Move a continuous bar to new end values (the table stays); cheap, per frame."""
        if (lo, hi) == self._range or hi <= lo:
            return
        column = np.linspace(lo, hi, _BAR_STEPS, dtype=np.float32).reshape(-1, 1)
        self._image.setImage(column, levels=(lo, hi), autoLevels=False)
        self._image.setRect(QRectF(0.0, lo, 1.0, hi - lo))
        self._set_range(lo, hi)
        self.getAxis("right").setTicks([round_ticks(lo, hi), []])

    def set_classes(self, lut: np.ndarray, k: int, names: Sequence[str], title: str = "") -> None:
        """k rows of swatches (class 0 at the bottom) labelled with the class names."""
        shades = colormaps.class_shades(k)
        rows = np.arange(k, dtype=np.float32)[:, None] * shades
        image = rows + np.arange(shades, dtype=np.float32)[None, :] + np.float32(0.5)
        self._image.setLookupTable(lut)
        self._image.setImage(np.ascontiguousarray(image, dtype=np.float32),
                             levels=(0, len(lut)), autoLevels=False)
        self._image.setRect(QRectF(0.0, 0.0, 1.0, float(k)))
        self._set_range(0.0, float(k))
        step = max(1, int(np.ceil(k / 12)))  # keep labels readable for many classes
        ticks = [(c + 0.5, names[c] if c < len(names) else f"class {c}")
                 for c in range(0, k, step)]
        self.getAxis("right").setTicks([ticks, []])
        self.getAxis("right").setLabel(title)

    def _set_range(self, lo: float, hi: float) -> None:
        self._range = (lo, hi)
        self.setXRange(0.0, 1.0, padding=0)
        self.setYRange(lo, hi, padding=0)


def round_ticks(lo: float, hi: float, count: int = 5) -> list[tuple[float, str]]:
    """About ``count`` labels at multiples of a round step (1, 2, 2.5 or 5 times a power of
    ten) inside [lo, hi], written with just the decimals that step needs: 0, 0.5, 1 rather
    than 0.0122, 0.593, 1.17 (tiny steps: 3 significant digits)."""
    if not (np.isfinite(lo) and np.isfinite(hi)) or hi <= lo:
        return [(float(lo), f"{lo:.3g}")]
    raw = (hi - lo) / max(count - 1, 1)
    power = 10.0 ** np.floor(np.log10(raw))
    step = next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= raw * (1 - 1e-9))
    first, last = np.ceil(lo / step - 1e-9), np.floor(hi / step + 1e-9)
    decimals = max(0, int(-np.floor(np.log10(step) + 1e-9)) + (1 if step / power == 2.5 else 0))
    values = [0.0 if abs(v) < step / 2 else float(v) for v in np.arange(first, last + 1) * step]
    return [(v, f"{round(v, decimals):g}" if step >= 1e-3 else f"{v:.3g}") for v in values]


def plot_canvas() -> tuple[pg.GraphicsLayoutWidget, pg.PlotItem]:
    """A white canvas holding one plot."""
    canvas = pg.GraphicsLayoutWidget()
    canvas.setBackground("w")
    return canvas, canvas.addPlot()
