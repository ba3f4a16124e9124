"""The numbers behind the epoch charts: decimating long histories (min/max per bin, so spikes
survive), axis ranges that grow in round steps, and a log axis labelled 1-2-5."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg

MAX_POINTS = 2000  # per line; a 2000-epoch curve is wider than any screen


def decimate(y: np.ndarray, max_points: int = MAX_POINTS,
             start: int = 0, step: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) for a per-epoch series with at most ``max_points`` points.

    x counts from ``start`` in ``step``s (a thinned history's stride). Longer series are cut
    into max_points / 2 bins drawn as each bin's minimum and maximum at the bin's centre, so a
    spike (divergence, a bad batch) stays visible.
    """
    y = np.asarray(y, dtype=np.float64)
    n = len(y)
    if n <= max_points:
        return np.arange(start, start + n, dtype=np.float64) * step, y
    bins = max(1, max_points // 2)
    edges = np.linspace(0, n, bins + 1).astype(np.int64)
    lows = np.minimum.reduceat(y, edges[:-1])
    highs = np.maximum.reduceat(y, edges[:-1])
    centres = start + 0.5 * (edges[:-1] + edges[1:] - 1)
    return np.repeat(centres * step, 2), np.column_stack([lows, highs]).ravel()


_NICE_STEPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_ceil(value: float) -> float:
    """The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten)
    that is >= value (value > 0): at most a quarter of the axis is left empty."""
    power = 10.0 ** np.floor(np.log10(value))
    for step in _NICE_STEPS:
        if value <= step * power * (1 + 1e-9):
            return float(step * power)
    return float(10.0 * power)


def axis_ranges(x_last: float, series: Sequence[np.ndarray],
                log: bool) -> tuple[tuple[float, float], tuple[float, float] | None]:
    """Stable view ranges for per-epoch lines: x from 0 to a round number past the last epoch;
    y from 0 (log: the decade below the smallest value) to a round number (log: decade) above
    the largest. They change only when the data crosses a step, so the axes are not re-laid
    out every frame (that re-layout, not the lines, is what costs a chart its milliseconds).
    y is None when no value is finite (and positive, on a log axis)."""
    x_range = (0.0, nice_ceil(max(x_last, 10.0)))
    finite = [v[np.isfinite(v) & ((v > 0) if log else True)] for v in series]
    values = np.concatenate(finite) if finite else np.zeros(0)
    if not len(values):
        return x_range, None
    lo, hi = float(values.min()), float(values.max())
    if log:  # in log mode the view works in log10 units
        low, high = np.floor(np.log10(lo)), np.ceil(np.log10(hi))
        return x_range, (float(low), float(max(high, low + 1)))
    top = nice_ceil(hi) if hi > 0 else 1.0
    bottom = 0.0 if lo >= 0 else -nice_ceil(-lo)
    return x_range, (bottom, top)


def for_log(y: np.ndarray, log: bool) -> np.ndarray:
    # log10 of 0 is -inf, which would stretch the axis to nowhere: draw a gap instead.
    return np.where(y > 0, y, np.nan) if log else y


def format_value(value: float) -> str:
    if not np.isfinite(value):
        return "—"
    return f"{value:.4g}" if abs(value) >= 1e-3 or value == 0 else f"{value:.2e}"


class LogFriendlyAxis(pg.AxisItem):
    """A value axis whose log mode labels 1-2-5 steps (or decades) instead of every 1..9."""

    def logTickValues(self, minVal: float, maxVal: float, size: float,  # noqa: N802, N803
                      stdTicks: list) -> list:  # noqa: N803 (pyqtgraph's names)
        ticks = [(spacing, t) for spacing, t in stdTicks if spacing >= 1.0]
        if len(ticks) < 3:
            span = maxVal - minVal
            steps = [1] if span > 3 else [1, 2, 5] if span > 0.7 else [1, 2, 3, 5, 7]
            minor = [v + np.log10(m) for v in range(int(np.floor(minVal)), int(np.ceil(maxVal)))
                     for m in steps]
            ticks.append((None, [x for x in minor if minVal < x < maxVal]))
        return ticks
