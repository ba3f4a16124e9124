"""The background job that turns a surface into what the plot draws: shading, contour lines, curve.

Pure (no Qt): a frozen request in, a frozen ``ContourData`` out, so it runs in the lab's job
thread and tests can call ``compute()`` directly.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from playground.core.arrays import frozen
from playground.core.lab.contours import contour_lines, nice_levels
from playground.core.lab.surfaces import Range, Surface, curve, grid

N_LEVELS = 18  # contour lines per view; log-spaced so valleys get as many as steep walls
GRID_RESOLUTION = 160  # samples per axis; marching squares on 160^2 takes ~20 ms
CURVE_RESOLUTION = 600  # samples of a 1-D surface


@dataclass(frozen=True)
class ContourData:
    """A surface sampled for drawing (2-D: shading image and contour lines; 1-D: a curve)."""

    domain: tuple[Range, ...]  # the sampled range per variable
    dims: int  # 1 or 2
    xs: np.ndarray  # sample positions along x (or w)
    ys: np.ndarray  # sample positions along y ((0,) for 1-D)
    z: np.ndarray  # float32 (len(ys), len(xs)) values (2-D) or (len(xs),) float64 (1-D)
    shade: np.ndarray  # float32 C-contiguous, in [0, 1]: where z sits among the levels (2-D)
    levels: np.ndarray  # contour heights, ascending
    lines: tuple[tuple[np.ndarray, np.ndarray], ...]  # per level: NaN-separated x, y


def shade_image(z: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """z mapped to [0, 1] by its position among ``levels`` (log-spaced levels give a log
    shading: deep valleys stay visible next to steep walls). NaN and above-top become 1."""
    if levels.size < 2:
        finite = np.isfinite(z)
        lo = float(z[finite].min()) if finite.any() else 0.0
        hi = float(z[finite].max()) if finite.any() else 1.0
        out = (z - lo) / (hi - lo) if hi > lo else np.zeros_like(z)
    else:
        out = np.interp(z, levels, np.linspace(0.0, 1.0, levels.size))
    out = np.where(np.isfinite(z), out, 1.0)
    return np.ascontiguousarray(out, dtype=np.float32)


@dataclass(frozen=True)
class ContourJob:
    """Sample ``surface`` over ``domain`` (its own when None) and trace its contour lines."""

    channel: str
    request_id: int
    surface: Surface
    domain: tuple[Range, ...] | None = None
    resolution: int = GRID_RESOLUTION
    n_levels: int = N_LEVELS

    def compute(self) -> ContourData:
        """The drawing data (runs in the job thread)."""
        surface = self.surface
        if self.domain is not None:
            surface = dataclasses.replace(surface, domain=self.domain)
        if surface.dims == 1:
            ws, values = curve(surface, CURVE_RESOLUTION)
            empty = np.zeros(0)
            f64 = np.float64
            return ContourData(surface.domain, 1, frozen(ws, f64), frozen(empty, f64),
                               frozen(values, f64), frozen(empty, np.float32),
                               frozen(empty, f64), ())
        xs, ys, z = grid(surface, self.resolution)
        levels = nice_levels(z, self.n_levels, "log")
        f64 = np.float64
        lines = tuple((frozen(x, f64), frozen(y, f64))
                      for x, y in contour_lines(z, xs, ys, levels))
        return ContourData(surface.domain, 2, frozen(xs, f64), frozen(ys, f64),
                           frozen(z, np.float32), frozen(shade_image(z, levels), np.float32),
                           frozen(levels, f64), lines)
