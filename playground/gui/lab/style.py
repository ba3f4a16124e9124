"""Colours and small drawing helpers shared by the lab's plots (numpy + pyqtgraph pens)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QLabel

from playground.gui.style import AXIS as AXIS
from playground.gui.style import TEXT as TEXT
from playground.gui.style import style_plot as style_plot
from playground.gui.views import colormaps

BACKGROUND = "#ffffff"
CONTOUR = (0x4A, 0x63, 0x7D)  # slate: contour lines over the pale shading
MINIMUM = "#1b1b1b"
START = "#202020"
ERROR = "#c62828"  # inline error text
MUTED = "#666666"


def muted_note(text: str) -> QLabel:
    """A wrapped explanatory note in the muted grey, under a panel's controls."""
    note = QLabel(text)
    note.setWordWrap(True)
    note.setStyleSheet(f"color: {MUTED};")
    return note

# Shading under the contours: deep blue-green in the valley to white on the heights, pale
# enough that every racer colour (TF Playground orange and blue first) stays readable on it.
SHADE_LUT = colormaps.ramp(((0x9E, 0xC5, 0xD9), (0xD4, 0xE6, 0xEE), (0xF4, 0xF8, 0xFA),
                            (0xFF, 0xFF, 0xFF)))
SHADE_LEVELS = (0.0, 1.0)


def racer_rgb(index: int) -> tuple[int, int, int]:
    """The colour of racer slot ``index`` (stable while the racer exists)."""
    table = colormaps.class_colors(max(index + 1, 10))
    r, g, b = (int(c) for c in table[index])
    return r, g, b


def racer_color(index: int, alpha: int = 255) -> QColor:
    """QColor of racer slot ``index``."""
    return QColor(*racer_rgb(index), alpha)


def contour_pens(n: int) -> list[pg.QtGui.QPen]:
    """Cosmetic 1-px pens for n contour levels, darker for lower levels (valleys read first)."""
    pens = []
    for k in range(n):
        t = k / max(n - 1, 1)
        alpha = int(round(230 - 120 * t))
        pen = pg.mkPen(QColor(*CONTOUR, alpha), width=1)
        pen.setCosmetic(True)  # 1 px on screen at any zoom
        pens.append(pen)
    return pens


def arrow_path(origin: np.ndarray, vector: np.ndarray, pixel: tuple[float, float],
               max_pixels: float = 140.0, head_pixels: float = 9.0,
               min_pixels: float = 16.0) -> tuple[np.ndarray, np.ndarray]:
    """NaN-separated (x, y) of an arrow from ``origin`` along ``vector`` (data units).

    ``pixel`` is the data size of one screen pixel (x, y), so the head keeps its screen shape
    on any zoom or aspect. The length is clamped to [min_pixels, max_pixels] on screen, so a
    tiny step still shows its direction and a huge gradient does not cross the plot; a zero or
    non-finite vector gives empty arrays.
    """
    px, py = (float(p) if p and np.isfinite(p) and p > 0 else 1.0 for p in pixel)
    vx, vy = float(vector[0]) / px, float(vector[1]) / py  # screen units
    length = float(np.hypot(vx, vy))
    if not np.isfinite(length) or length < 1e-9:
        return np.empty(0), np.empty(0)
    target = min(max(length, min_pixels), max_pixels)
    vx, vy, length = vx * target / length, vy * target / length, target
    ux, uy = vx / length, vy / length
    head = min(head_pixels, 0.6 * length)
    back_x, back_y = vx - head * ux, vy - head * uy
    side_x, side_y = -uy * head * 0.55, ux * head * 0.55
    sx = np.array([0.0, vx, np.nan, back_x + side_x, vx, back_x - side_x])
    sy = np.array([0.0, vy, np.nan, back_y + side_y, vy, back_y - side_y])
    return origin[0] + sx * px, origin[1] + sy * py


def fmt(value: float | None, digits: int = 4) -> str:
    """A short number for readouts ('—' for None / non-finite)."""
    if value is None or not np.isfinite(value):
        return "—"
    if value != 0 and (abs(value) < 1e-3 or abs(value) >= 1e5):
        return f"{value:.{max(digits - 2, 1)}e}"  # "1.18e+24": as wide as "0.07518"
    return f"{value:.{digits}g}"


def swatch(color: QColor, size: int = 12) -> QIcon:
    """A small filled square icon in ``color`` (list and table rows)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(color)
    return QIcon(pixmap)
