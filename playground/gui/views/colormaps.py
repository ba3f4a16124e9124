"""Lookup tables for the views: TF Playground's diverging scale, k class hues, sequential ramps.

Pure numpy (no Qt), so the colours are testable on their own. Every table is an (n, 3) uint8
array of RGB rows; images index a 256-row table through pyqtgraph's ImageItem levels, which
maps a value v to row ``floor((v - lo) * 256 / (hi - lo))`` clipped to 0..255 (``lut_index``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

RGB = tuple[int, int, int]

ORANGE: RGB = (0xF5, 0x93, 0x22)  # "#f59322": TF Playground's class 0 / score -1
NEUTRAL: RGB = (0xE8, 0xEA, 0xEB)  # "#e8eaeb": score 0, "don't know"
BLUE: RGB = (0x08, 0x77, 0xBD)  # "#0877bd": class 1 / score +1
WHITE: RGB = (255, 255, 255)
INK: RGB = (0x23, 0x23, 0x23)  # text and dark outlines (test points)

# TF Playground paints its output canvas at alpha 160 over white, so the fully saturated
# training points stand out against the lighter background; the heatmaps do the same.
HEATMAP_ALPHA = 160 / 255

LUT_SIZE = 256

# Qualitative hues for k > 2 classes, orange and blue first so class 0 / 1 keep the colours
# they have in the two-class view (a d3 category10 order without its grey, which reads as
# "uncertain" next to the neutral background).
_CLASS_HUES: tuple[RGB, ...] = (
    ORANGE, BLUE, (0x2C, 0xA0, 0x2C), (0xD6, 0x27, 0x28), (0x94, 0x67, 0xBD),
    (0x8C, 0x56, 0x4B), (0xE3, 0x77, 0xC2), (0xBC, 0xBD, 0x22), (0x17, 0xBE, 0xCF),
)

# Viridis anchors (matplotlib's), for series that have an order such as layer depth.
_VIRIDIS: tuple[RGB, ...] = (
    (0x44, 0x01, 0x54), (0x3B, 0x52, 0x8B), (0x21, 0x90, 0x8C), (0x5D, 0xC8, 0x63),
    (0xC8, 0xB4, 0x1E),
)


def hex_color(rgb: Sequence[int]) -> str:
    """``"#rrggbb"`` for an RGB triple."""
    return "#{:02x}{:02x}{:02x}".format(*(int(c) for c in rgb[:3]))


def ramp(stops: Sequence[Sequence[int]], n: int = LUT_SIZE) -> np.ndarray:
    """An (n, 3) uint8 table interpolated linearly through equally spaced colour stops."""
    stops_arr = np.asarray(stops, dtype=np.float64)
    at = np.linspace(0.0, 1.0, len(stops_arr))
    t = np.linspace(0.0, 1.0, n)
    channels = [np.interp(t, at, stops_arr[:, c]) for c in range(3)]
    return np.rint(np.stack(channels, axis=1)).astype(np.uint8)


def tint(lut: np.ndarray, alpha: float = HEATMAP_ALPHA, over: RGB = WHITE) -> np.ndarray:
    """The table as it looks painted with opacity ``alpha`` over the colour ``over``."""
    out = alpha * lut.astype(np.float64) + (1.0 - alpha) * np.asarray(over, np.float64)
    return np.rint(out).astype(np.uint8)


def diverging_lut(n: int = LUT_SIZE) -> np.ndarray:
    """TF Playground's scale: -1 orange, 0 near-white, +1 blue (first/last rows exact)."""
    return ramp((ORANGE, NEUTRAL, BLUE), n)


def heatmap_lut(n: int = LUT_SIZE) -> np.ndarray:
    """The diverging scale as the output heatmap shows it (TFP's alpha 160 over white)."""
    return tint(diverging_lut(n))


def class_colors(k: int) -> np.ndarray:
    """(k, 3) uint8 distinct hues; classes 0 and 1 are TFP's orange and blue.

    Beyond the fixed palette, hues are spread by the golden angle so neighbours differ.
    """
    out = [_CLASS_HUES[i] for i in range(min(k, len(_CLASS_HUES)))]
    for i in range(len(out), k):
        hue = (i * 0.618033988749895) % 1.0
        out.append(_hsv_to_rgb(hue, 0.75, 0.85))
    return np.asarray(out, dtype=np.uint8).reshape(k, 3)


def _hsv_to_rgb(h: float, s: float, v: float) -> RGB:
    i = int(h * 6.0) % 6
    f = h * 6.0 - int(h * 6.0)
    p, q, t = v * (1 - s), v * (1 - s * f), v * (1 - s * (1 - f))
    r, g, b = ((v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v), (v, p, q))[i]
    return (round(r * 255), round(g * 255), round(b * 255))


def class_shades(k: int) -> int:
    """Shades per class in a 256-row class table (at least 2)."""
    return max(2, LUT_SIZE // max(k, 1))


def class_lut(k: int) -> np.ndarray:
    """A (256, 3) heatmap table for k classes: row ``c * S + s`` is class c at shade s.

    Shade 0 is the neutral colour (confidence 1/k, a coin flip), shade S-1 the class's full
    hue (confidence 1), tinted like the two-class heatmap. Rows past k * S are white.
    """
    shades = class_shades(k)
    lut = np.full((max(LUT_SIZE, k * shades), 3), 255, dtype=np.uint8)
    for c, hue in enumerate(class_colors(k)):
        lut[c * shades:(c + 1) * shades] = tint(ramp((NEUTRAL, tuple(hue)), shades))
    return lut[:max(LUT_SIZE, k * shades)]


def class_index_image(classes: np.ndarray, confidence: np.ndarray, k: int,
                      discretize: bool = False) -> np.ndarray:
    """Float32 image of class-table rows (show with levels (0, len(lut)) and ``class_lut``).

    ``confidence`` is the winning class's probability in [1/k, 1]; it picks the shade. With
    ``discretize`` every cell takes its class's full hue. Values sit at row + 0.5 so the
    truncating lookup lands on the intended row.
    """
    shades = class_shades(k)
    if discretize:
        shade = np.float32(shades - 1)
    else:
        floor = 1.0 / k
        t = np.clip((confidence - floor) * (1.0 / (1.0 - floor)), 0.0, 1.0)
        shade = np.rint(t * (shades - 1))
    out = classes.astype(np.float32) * np.float32(shades) + shade + np.float32(0.5)
    return np.ascontiguousarray(out, dtype=np.float32)


def lut_index(values: np.ndarray | float, lo: float, hi: float, n: int = LUT_SIZE) -> np.ndarray:
    """The table row pyqtgraph picks for ``values`` under levels (lo, hi) and an n-row table."""
    scaled = (np.asarray(values, dtype=np.float64) - lo) * (n / (hi - lo))
    return np.clip(np.floor(scaled), 0, n - 1).astype(np.int64)


def sequential_lut(color: RGB = BLUE, n: int = LUT_SIZE) -> np.ndarray:
    """White to ``color``: counts and rates (the confusion matrix)."""
    return ramp((WHITE, color), n)


def gray_lut(n: int = LUT_SIZE) -> np.ndarray:
    """White to near-black: image samples drawn as ink on paper (high values are dark)."""
    return ramp((WHITE, (0x10, 0x10, 0x10)), n)


def ordered_colors(n: int) -> np.ndarray:
    """(n, 3) uint8 colours along viridis, for series with an order (layer 1 ... output)."""
    if n <= 0:
        return np.zeros((0, 3), np.uint8)
    if n == 1:
        return np.asarray([_VIRIDIS[1]], np.uint8)
    # Stop short of viridis' pale yellow end, which vanishes on a white background.
    full = ramp(_VIRIDIS, 256)
    return full[np.rint(np.linspace(0, 200, n)).astype(int)]
