"""Plot geometry of the decision plot: where a grid's cells lie, round colour-bar bounds."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import (
    QRectF,
)


def cell_rect(xs_lo: float, xs_hi: float, ys_lo: float, ys_hi: float, n_x: int,
              n_y: int) -> QRectF:
    """The data rectangle an n_y x n_x image covers when its cell centres run lo..hi."""
    dx = (xs_hi - xs_lo) / max(n_x - 1, 1)
    dy = (ys_hi - ys_lo) / max(n_y - 1, 1)
    return QRectF(xs_lo - dx / 2, ys_lo - dy / 2, xs_hi - xs_lo + dx, ys_hi - ys_lo + dy)


def nice_bound(value: float) -> float:
    """The symmetric level for a neuron map: at least 1 (tanh's range), else the next 1, 2 or 5
    times a power of ten, so the scale does not twitch every frame."""
    if not math.isfinite(value) or value <= 1.0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1.0, 2.0, 5.0, 10.0):
        if value <= step * power:
            return step * power
    return 10.0 * power


def first_column(y: np.ndarray) -> np.ndarray:
    y = np.asarray(y, dtype=np.float64)
    return y[:, 0] if y.ndim == 2 else y
