"""Dataset thumbnails for the data panel: a set's points coloured by class or target, a curve for
1-D sets, a principal plane for tables, a glyph for sets that come from files or by hand."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from playground.core.data.datasets import DatasetInfo
from playground.gui.views import colormaps

PREVIEW_PX = 52  # side of a dataset thumbnail
PREVIEW_POINTS = 160  # points drawn in a thumbnail

FILE_SETS = {"csv": "CSV table (*.csv *.tsv *.txt)", "idx": None}  # None: pick a folder


def placeholder_icon(info: DatasetInfo) -> QIcon:
    pix = QPixmap(PREVIEW_PX, PREVIEW_PX)
    pix.fill(QColor("#f4f5f6"))
    return QIcon(pix)


def dataset_preview(info: DatasetInfo, size: int = PREVIEW_PX) -> QPixmap:
    """A thumbnail of a dataset: its points coloured by class (or by target value), a curve for
    1-D sets, a glyph for sets that come from files or by hand."""
    pix = QPixmap(size, size)
    pix.fill(QColor("#f4f5f6"))
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    try:
        raw = None
        if info.kind in ("2d", "1d") and info.default_samples is not None:
            options = {"classes": 3} if "classes" in info.options else {}
            samples = min(info.default_samples, PREVIEW_POINTS)
            raw = info.generate(samples, info.default_noise, np.random.default_rng(0), **options)
        elif info.kind == "tabular" and info.name not in FILE_SETS:
            # A table's rows on their first two principal components, coloured as the others.
            samples = min(info.default_samples or PREVIEW_POINTS, PREVIEW_POINTS)
            raw = _principal_plane(info.generate(samples, info.default_noise,
                                                 np.random.default_rng(0)))
        if raw is None:
            _draw_glyph(painter, info, size)
        else:
            _draw_points(painter, raw, size)
    except Exception:  # a thumbnail must never stop the window from opening
        _draw_glyph(painter, info, size)
    finally:
        painter.end()
    return pix


def _principal_plane(raw: Any) -> SimpleNamespace:
    """``raw`` with its standardised rows projected on their two leading principal axes (and a
    regression target centred on its median, for the diverging scale)."""
    x = np.asarray(raw.x, dtype=np.float64)[:PREVIEW_POINTS]
    x = (x - x.mean(axis=0)) / np.where(x.std(axis=0) > 0, x.std(axis=0), 1.0)
    _, _, axes = np.linalg.svd(x, full_matrices=False)
    plane = x @ axes[:2].T if len(axes) >= 2 else np.column_stack([x[:, 0], np.zeros(len(x))])
    y = np.asarray(raw.y, dtype=np.float64).reshape(len(raw.x), -1)[:PREVIEW_POINTS, 0]
    if raw.task != "classification":
        y = y - np.median(y)
    return SimpleNamespace(x=plane, y=y, task=raw.task, n_classes=raw.n_classes, domain=None)


def _draw_points(painter: QPainter, raw: Any, size: int) -> None:
    x = np.asarray(raw.x, dtype=np.float64)
    y = np.asarray(raw.y, dtype=np.float64).reshape(len(x), -1)[:, 0]
    if x.shape[1] == 1:  # 1-D sets: the points (x, y) in their bounding box
        pts = np.column_stack([x[:, 0], y])
        lo, hi = pts.min(axis=0), pts.max(axis=0)
    else:
        pts = x[:, :2]
        lo, hi = ((np.full(2, raw.domain[0]), np.full(2, raw.domain[1])) if raw.domain
                  else (pts.min(axis=0), pts.max(axis=0)))
    pos = (pts - lo) / np.where(hi - lo > 0, hi - lo, 1.0)
    margin = 4
    px = margin + pos[:, 0] * (size - 2 * margin)
    py = size - margin - pos[:, 1] * (size - 2 * margin)
    if raw.task == "classification":
        colors = colormaps.class_colors(max(raw.n_classes, 2))[y.astype(np.int64)]
    elif x.shape[1] == 2:  # 2-D regression: the target on the diverging scale
        peak = float(np.abs(y).max()) or 1.0
        colors = colormaps.diverging_lut()[colormaps.lut_index(y, -peak, peak)]
    else:
        colors = np.tile(np.asarray(colormaps.BLUE, np.uint8), (len(x), 1))
    painter.setPen(Qt.PenStyle.NoPen)
    for cx, cy, rgb in zip(px, py, colors, strict=True):
        painter.setBrush(QColor(int(rgb[0]), int(rgb[1]), int(rgb[2])))
        painter.drawEllipse(QPointF(float(cx), float(cy)), 1.6, 1.6)


def _draw_glyph(painter: QPainter, info: DatasetInfo, size: int) -> None:
    """Sets without generated points: a pencil for ``drawn``, a table for files and tables."""
    ink = QColor(*colormaps.INK)
    painter.setPen(QPen(ink, 1.4))
    m = size * 0.22
    if info.name == "drawn":
        painter.setBrush(QColor(*colormaps.ORANGE))
        painter.drawEllipse(m, m, 6, 6)
        painter.setBrush(QColor(*colormaps.BLUE))
        painter.drawEllipse(size - m - 6, size - m - 6, 6, 6)
        painter.drawLine(int(m + 8), int(size - m), int(size - m), int(m + 8))
        return
    painter.setBrush(QColor("#ffffff"))
    painter.drawRect(int(m), int(m), int(size - 2 * m), int(size - 2 * m))
    step = (size - 2 * m) / 4
    for i in range(1, 4):
        y = int(m + i * step)
        painter.drawLine(int(m), y, int(size - m), y)
    painter.drawLine(int(m + step * 1.4), int(m), int(m + step * 1.4), int(size - m))
