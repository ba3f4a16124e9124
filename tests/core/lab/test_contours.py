"""Marching-squares contours: lines lie where the field equals the level, and they are fast."""

from __future__ import annotations

import time

import numpy as np
import pytest

from playground.core.lab.contours import contour_lines, nice_levels
from playground.core.lab.surfaces import SURFACES, grid


def _segments(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """(n, 2, 2) segment endpoints from the NaN-separated layout (two points, then a NaN)."""
    assert x.size % 3 == 0 and x.shape == y.shape
    assert np.isnan(x[2::3]).all() and np.isnan(y[2::3]).all()
    pts = np.stack([x, y], axis=1).reshape(-1, 3, 2)[:, :2]
    assert np.isfinite(pts).all()
    return pts


@pytest.mark.parametrize("r", [0.5, 1.0, 1.7])
def test_circle_level_lies_on_the_circle(r) -> None:
    xs = np.linspace(-2, 2, 201)
    z = xs[None, :] ** 2 + xs[:, None] ** 2
    ((x, y),) = contour_lines(z, xs, xs, [r * r])
    pts = _segments(x, y).reshape(-1, 2)
    deviation = np.abs(np.hypot(pts[:, 0], pts[:, 1]) - r).max()
    assert deviation < 1e-3  # linear interpolation of r^2 on a 0.02 grid
    angles = np.arctan2(pts[:, 1], pts[:, 0])
    assert np.histogram(angles, bins=36, range=(-np.pi, np.pi))[0].min() > 0  # closed loop


def test_plane_contour_is_exact_and_on_grid_edges() -> None:
    xs, ys = np.linspace(0, 1, 11), np.linspace(-1, 1, 7)
    z = np.broadcast_to(3 * xs[None, :], (ys.size, xs.size))
    ((x, y),) = contour_lines(z, xs, ys, [1.25])
    segs = _segments(x, y)
    np.testing.assert_allclose(segs[..., 0], 1.25 / 3, rtol=1e-12)
    assert len(segs) == ys.size - 1


def test_endpoints_interpolate_to_the_level_on_a_random_field() -> None:
    rng = np.random.default_rng(7)
    xs, ys = np.linspace(0, 3, 31), np.linspace(-1, 1, 23)
    z = rng.normal(size=(ys.size, xs.size))
    levels = [-0.5, 0.0, 0.8]
    for level, (x, y) in zip(levels, contour_lines(z, xs, ys, levels), strict=True):
        for px, py in _segments(x, y).reshape(-1, 2):
            on_x = np.isclose(xs, px, atol=1e-12)
            on_y = np.isclose(ys, py, atol=1e-12)
            assert on_x.any() or on_y.any(), "endpoints sit on cell edges"
            if on_y.any():  # horizontal edge at row i: interpolate along x
                i = int(np.argmax(on_y))
                value = np.interp(px, xs, z[i])
            else:
                j = int(np.argmax(on_x))
                value = np.interp(py, ys, z[:, j])
            assert value == pytest.approx(level, abs=1e-9)


def test_saddle_cells_give_two_segments() -> None:
    xs = ys = np.array([0.0, 1.0])
    for z in (np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[0.0, 1.0], [1.0, 0.0]]),
              np.array([[1.0, -1.0], [-1.0, 3.0]]), np.array([[-1.0, 1.0], [3.0, -1.0]])):
        ((x, y),) = contour_lines(z, xs, ys, [0.5])
        segs = _segments(x, y)
        assert len(segs) == 2
        # Each segment cuts one corner off: its two ends are on adjacent edges, not opposite.
        for a, b in segs:
            assert not (np.isclose(a[0], b[0]) or np.isclose(a[1], b[1]))


def test_levels_outside_the_range_and_nan_cells() -> None:
    xs = np.linspace(-1, 1, 21)
    z = xs[None, :] ** 2 + xs[:, None] ** 2
    out = contour_lines(z, xs, xs, [-1.0, 0.5, 10.0])
    assert out[0][0].size == 0 and out[2][0].size == 0 and out[1][0].size > 0
    z_nan = z.copy()
    z_nan[:, :10] = np.nan
    ((x, _),) = contour_lines(z_nan, xs, xs, [0.5])
    assert np.nanmax(x) > 0 and np.nanmin(x) >= 0.0 - 1e-12
    with pytest.raises(ValueError, match="len"):
        contour_lines(z[:, :5], xs, xs, [0.5])


def test_many_levels_at_once_match_one_at_a_time() -> None:
    xs, ys, z = grid(SURFACES["himmelblau"], 60)
    levels = nice_levels(z, 7)
    together = contour_lines(z, xs, ys, levels)
    for level, (x, y) in zip(levels, together, strict=True):
        ((x1, y1),) = contour_lines(z, xs, ys, [level])
        np.testing.assert_array_equal(x, x1)
        np.testing.assert_array_equal(y, y1)


def test_contours_of_a_200_grid_with_15_levels_are_fast() -> None:
    xs, ys, z = grid(SURFACES["rosenbrock"], 200)
    levels = nice_levels(z, 15)
    contour_lines(z, xs, ys, levels)
    began = time.perf_counter()
    for _ in range(5):
        contour_lines(z, xs, ys, levels)
    per_call_ms = (time.perf_counter() - began) / 5 * 1e3
    print(f"contour_lines 200x200, 15 levels: {per_call_ms:.1f} ms")
    assert per_call_ms < 100  # target < 20 ms; the slack absorbs a busy CI machine


def test_nice_levels() -> None:
    _, _, z = grid(SURFACES["rosenbrock"], 100)
    levels = nice_levels(z, 15)
    assert levels.shape == (15,) and np.all(np.diff(levels) > 0)
    assert np.nanmin(z) < levels[0] and levels[-1] < np.nanmax(z)
    # Log spacing: the valley floor gets lines, not just the walls.
    assert levels[3] - np.nanmin(z) < 0.01 * (levels[-1] - np.nanmin(z))
    linear = nice_levels(z, 5, spacing="linear")
    np.testing.assert_allclose(np.diff(linear), np.diff(linear)[0])
    assert nice_levels(np.ones((5, 5)), 10).size == 0
    assert nice_levels(np.full((5, 5), np.nan), 10).size == 0
    with pytest.raises(ValueError, match="spacing"):
        nice_levels(z, 3, spacing="cubic")
