"""Neuron and feature maps as small images: float maps -> uint8 LUT indices -> one RGB32 atlas.

A column of the network graph draws many small maps (one per drawn neuron); they are packed
into one image per column ("atlas", maps stacked top to bottom) so a frame builds a handful of
QImages, not hundreds. Values map to the shared diverging scale with fixed levels [-scale, scale]
(orange negative, white zero, blue positive, as in TF Playground).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage

from playground.gui.views import colormaps

# Activations whose outputs already lie in [-1, 1]: their maps use fixed levels, so a neuron's
# colour means the same thing from frame to frame. Others are scaled by the layer's max |value|.
BOUNDED = frozenset({"tanh", "sine", "sigmoid"})


def argb_table(lut: np.ndarray | None = None) -> np.ndarray:
    """(256,) uint32 0xFFRRGGBB pixels (QImage RGB32 order) of an (n, 3) RGB table.

    Default: the shared diverging scale, orange (-1) / near-white (0) / blue (+1), untinted as
    TF Playground draws its neuron thumbnails.
    """
    rgb = (colormaps.diverging_lut() if lut is None else lut).astype(np.uint32)
    return np.uint32(0xFF000000) | (rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2]


def to_indices(values: np.ndarray, scale: float) -> np.ndarray:
    """Table rows (uint8) of values under the fixed levels (-scale, scale); NaN maps to zero.

    The same rule as ``colormaps.lut_index`` (pyqtgraph's), so a thumbnail pixel and the big
    heatmap show one value in one colour.
    """
    scale = scale if scale > 0 and np.isfinite(scale) else 1.0
    t = np.asarray(values, dtype=np.float32) * np.float32(128.0 / scale) + np.float32(128.0)
    np.floor(t, out=t)
    np.clip(t, 0.0, 255.0, out=t)
    nan = np.isnan(t)
    if nan.any():  # a diverged run: show "zero" rather than garbage
        t[nan] = 128.0
    return t.astype(np.uint8)


def map_scale(maps: np.ndarray, activation: str | None) -> float:
    """The level a layer's maps are drawn at: 1 for bounded activations, else max |value|."""
    if activation in BOUNDED or maps.size == 0:
        return 1.0
    peak = float(np.abs(maps).max())
    return peak if 1e-6 < peak < np.inf else 1.0  # NaN fails the test too


@dataclass(frozen=True)
class Atlas:
    """Several square maps of one column as one image, map i in rows i*tile .. (i+1)*tile."""

    image: QImage  # RGB32, shares memory with ``pixels``
    pixels: np.ndarray  # (count * tile, tile) uint32; kept so the image's buffer stays alive
    tile: int  # side of one map in pixels
    count: int  # maps in the atlas

    def source(self, i: int) -> QRectF:
        """Pixel rectangle of map ``i`` inside ``image``."""
        return QRectF(0.0, float(i * self.tile), float(self.tile), float(self.tile))


def make_atlas(maps: np.ndarray, scale: float, argb: np.ndarray) -> Atlas:
    """An atlas of (n, r, r) maps (row 0 at the lowest y) drawn with y up, as on a plot."""
    n, r = maps.shape[0], maps.shape[-1]
    flipped = maps[:, ::-1, :]  # image rows run top-down; grid rows run bottom-up
    pixels = np.ascontiguousarray(argb[to_indices(flipped, scale)].reshape(n * r, r))
    image = QImage(pixels.data, r, n * r, r * 4, QImage.Format.Format_RGB32)
    return Atlas(image, pixels, r, n)
