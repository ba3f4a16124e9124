"""Contour lines of a gridded surface by vectorised marching squares.

Lines come back as NaN-separated x/y arrays, one pair per level, ready for a pyqtgraph
``PlotCurveItem.setData(x, y, connect="finite")``: computing them here (off the GUI thread) is
far cheaper than IsocurveItem tracing in Python at paint time.
"""

from __future__ import annotations

import numpy as np

# Cell corners are numbered by bit: 1 = (i, j) bottom-left, 2 = (i, j+1) bottom-right,
# 4 = (i+1, j+1) top-right, 8 = (i+1, j) top-left; a bit is set when the corner is above the level.
# Cell edges: 0 bottom, 1 right, 2 top, 3 left. Each case lists up to two (edge, edge) segments.
# The saddle cases 5 and 10 are listed as if the centre were below the level and are flipped
# per cell below when it is above.
_SEGMENTS = np.full((16, 2, 2), -1, dtype=np.int8)
for _case, _segs in {
    1: [(3, 0)], 2: [(0, 1)], 3: [(3, 1)], 4: [(1, 2)], 5: [(3, 0), (1, 2)], 6: [(0, 2)],
    7: [(3, 2)], 8: [(3, 2)], 9: [(0, 2)], 10: [(0, 1), (3, 2)], 11: [(1, 2)], 12: [(3, 1)],
    13: [(0, 1)], 14: [(3, 0)],
}.items():
    _SEGMENTS[_case, : len(_segs)] = _segs


def contour_lines(
    z: np.ndarray, xs: np.ndarray, ys: np.ndarray, levels: np.ndarray | list[float]
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Contour lines of ``z`` at each level, as NaN-separated (x, y) float64 arrays.

    ``z`` is (len(ys), len(xs)), row i at y = ys[i], column j at x = xs[j] (the layout of
    :func:`playground.core.lab.surfaces.grid`). Cells with a NaN corner are skipped. Each
    segment is two points followed by a NaN; a level with no crossing gives empty arrays.
    """
    z = np.asarray(z, dtype=np.float64)
    xs = np.asarray(xs, dtype=np.float64)
    ys = np.asarray(ys, dtype=np.float64)
    levels = np.atleast_1d(np.asarray(levels, dtype=np.float64))
    if z.ndim != 2 or z.shape != (ys.size, xs.size):
        raise ValueError(f"z must be (len(ys), len(xs)) = {(ys.size, xs.size)}, got {z.shape}")
    if z.shape[0] < 2 or z.shape[1] < 2 or levels.size == 0:
        return [(np.empty(0), np.empty(0)) for _ in levels]

    corners = (z[:-1, :-1], z[:-1, 1:], z[1:, 1:], z[1:, :-1])  # bit order 1, 2, 4, 8
    # A cell crosses level l exactly when min(corners) <= l < max(corners). Finding those
    # (level, cell) pairs by binary search over sorted levels costs O(cells log levels), not a
    # full pass over every cell for every level. NaN corners make min/max NaN: no crossings.
    low = np.minimum(np.minimum(corners[0], corners[1]), np.minimum(corners[2], corners[3]))
    high = np.maximum(np.maximum(corners[0], corners[1]), np.maximum(corners[2], corners[3]))
    order = np.argsort(levels, kind="stable")
    sorted_levels = levels[order]
    first = np.searchsorted(sorted_levels, low.ravel(), side="left")
    stop = np.searchsorted(sorted_levels, high.ravel(), side="left")
    counts = np.where(np.isfinite(low.ravel()) & np.isfinite(high.ravel()), stop - first, 0)
    total = int(counts.sum())
    if total == 0:
        return [(np.empty(0), np.empty(0)) for _ in levels]
    flat_cell = np.repeat(np.arange(counts.size), counts)
    offset = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    k = order[first[flat_cell] + offset]
    i, j = np.divmod(flat_cell, low.shape[1])
    level = levels[k]

    z00, z01, z11, z10 = z[i, j], z[i, j + 1], z[i + 1, j + 1], z[i + 1, j]
    case = ((z00 > level) * 1 + (z01 > level) * 2 + (z11 > level) * 4
            + (z10 > level) * 8).astype(np.uint8)

    saddle = (case == 5) | (case == 10)
    if saddle.any():
        centre = (z00 + z01 + z11 + z10) * 0.25
        flip = saddle & (centre > level)
        case = np.where(flip, np.where(case == 5, 10, 5), case).astype(np.uint8)

    # Crossing point on each of the four edges of every active cell (unused ones are ignored).
    x0, x1, y0, y1 = xs[j], xs[j + 1], ys[i], ys[i + 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        t_bottom = (level - z00) / (z01 - z00)
        t_right = (level - z01) / (z11 - z01)
        t_top = (level - z10) / (z11 - z10)
        t_left = (level - z00) / (z10 - z00)
    edge_x = np.stack([x0 + t_bottom * (x1 - x0), np.broadcast_to(x1, x0.shape),
                       x0 + t_top * (x1 - x0), x0])
    edge_y = np.stack([y0, y0 + t_right * (y1 - y0), np.broadcast_to(y1, y0.shape),
                       y0 + t_left * (y1 - y0)])

    segments = _SEGMENTS[case]  # (cells, 2, 2): up to two segments of (edge a, edge b)
    cell = np.arange(case.size)
    xs_out, ys_out, k_out = [], [], []
    for s in range(2):
        has = segments[:, s, 0] >= 0
        a, b, c = segments[has, s, 0], segments[has, s, 1], cell[has]
        xs_out.append(np.stack([edge_x[a, c], edge_x[b, c]], axis=1))
        ys_out.append(np.stack([edge_y[a, c], edge_y[b, c]], axis=1))
        k_out.append(k[has])
    seg_x = np.concatenate(xs_out)
    seg_y = np.concatenate(ys_out)
    seg_k = np.concatenate(k_out)

    # Group by level (stable, so segments stay in scan order) and add the NaN separators.
    order = np.argsort(seg_k, kind="stable")
    seg_k = seg_k[order]
    nan = np.full((seg_k.size, 1), np.nan)
    flat_x = np.concatenate([seg_x[order], nan], axis=1).ravel()
    flat_y = np.concatenate([seg_y[order], nan], axis=1).ravel()
    bounds = np.searchsorted(seg_k, np.arange(levels.size + 1)) * 3
    return [
        (flat_x[bounds[n]:bounds[n + 1]], flat_y[bounds[n]:bounds[n + 1]])
        for n in range(levels.size)
    ]


def nice_levels(z: np.ndarray, n: int = 15, spacing: str = "log") -> np.ndarray:
    """``n`` contour levels for ``z`` that suit both round bowls and steep valleys.

    ``spacing="log"``: levels at min(z) + geometrically spaced heights between a low and a high
    quantile of z - min(z), so a Rosenbrock valley gets as many lines as its steep walls.
    ``"linear"``: evenly spaced between the 1st and 95th percentiles. NaNs are ignored; a
    constant or empty z gives an empty array.
    """
    if n < 1:
        return np.empty(0)
    finite = np.asarray(z, dtype=np.float64)
    finite = finite[np.isfinite(finite)]
    if finite.size == 0:
        return np.empty(0)
    low = float(finite.min())
    height = finite - low
    top = float(np.quantile(height, 0.95))
    if not top > 0:
        return np.empty(0)
    if spacing == "linear":
        bottom = float(np.quantile(height, 0.01))
        return low + np.linspace(bottom, top, n + 2)[1:-1] if bottom < top else np.empty(0)
    if spacing != "log":
        raise ValueError(f"spacing must be 'log' or 'linear', got {spacing!r}")
    bottom = max(float(np.quantile(height, 0.005)), top * 1e-4)
    return low + np.geomspace(bottom, top, n)
