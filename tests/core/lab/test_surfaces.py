"""Built-in and typed surfaces: minima, shapes of grids, the registry and name lookup."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from playground.core.lab.expression import ExpressionError
from playground.core.lab.surfaces import (
    SURFACES,
    bowl,
    curve,
    grid,
    make_surface,
    surface_from_text,
)


def _grad(surface, point) -> np.ndarray:
    p = torch.tensor(point, dtype=torch.float64, requires_grad=True)
    surface.f(*p.unbind()).backward()
    return p.grad.numpy()


def test_registry_has_the_issue_surfaces() -> None:
    for name in ("bowl", "course-bowl-a", "course-bowl-b", "course-3.3", "rosenbrock",
                 "himmelblau", "beale", "saddle", "plateau", "wiggle-1d"):
        assert SURFACES[name].name == name
    assert len(SURFACES["himmelblau"].minima) == 4
    assert SURFACES["wiggle-1d"].dims == 1


@pytest.mark.parametrize("name", list(SURFACES))
def test_known_minima_are_stationary_and_lowest_on_the_grid(name) -> None:
    surface = SURFACES[name]
    assert len(surface.start) == surface.dims
    for minimum in surface.minima:
        np.testing.assert_allclose(_grad(surface, minimum), 0.0, atol=1e-9)
    if not surface.minima:
        return
    best = surface.value(*surface.minima[0])
    if surface.dims == 2:
        _, _, z = grid(surface, 101)
    else:
        _, z = curve(surface, 2001)
    assert best <= np.nanmin(z) + 1e-9


def test_course_surfaces_match_their_formulas() -> None:
    seed = SURFACES["course-3.3"]
    assert seed.minima == ((0.0, -1.0),)
    assert seed.value(0.0, -1.0) == pytest.approx(4.0)
    assert seed.value(-2.0, 3.0) == pytest.approx(4 + 9 + 6 + 5)
    assert SURFACES["course-bowl-a"].value(1.0, 1.0) == pytest.approx(2.1)
    assert SURFACES["course-bowl-b"].value(1.0, 1.0) == pytest.approx(3.0)
    w = 1.3
    assert SURFACES["wiggle-1d"].value(w) == pytest.approx(0.2 * w * w + 2 * math.sin(2 * w))


@pytest.mark.parametrize(("condition", "rotation"), [(1, 0), (10, 0), (25, 30), (4, 90)])
def test_bowl_hessian_has_condition_and_rotation(condition, rotation) -> None:
    surface = bowl(condition, rotation)
    h = torch.autograd.functional.hessian(
        lambda p: surface.f(p[0], p[1]), torch.tensor([0.3, -0.7], dtype=torch.float64)
    ).numpy()
    eigenvalues, vectors = np.linalg.eigh(h)
    np.testing.assert_allclose(eigenvalues, [2.0 / condition, 2.0], rtol=1e-12)
    if condition > 1:
        theta = math.radians(rotation)
        steep = vectors[:, 1]  # the v axis: (-sin, cos)
        assert abs(abs(steep @ np.array([-math.sin(theta), math.cos(theta)])) - 1) < 1e-9


def test_bowl_rejects_bad_parameters() -> None:
    with pytest.raises(ValueError, match="condition"):
        bowl(0.5)
    with pytest.raises(ValueError, match="rotation"):
        bowl(2, float("nan"))


def test_make_surface_with_parameters() -> None:
    assert make_surface("bowl") is SURFACES["bowl"]
    assert "condition 20" in make_surface("bowl", condition=20, rotation=10).title
    with pytest.raises(ValueError, match="condition, rotation"):
        make_surface("bowl", tilt=3)
    with pytest.raises(ValueError, match="takes no parameters"):
        make_surface("rosenbrock", a=1)


def test_grid_is_row_major_with_rows_at_y() -> None:
    surface = surface_from_text("x + 10*y")
    xs, ys, z = grid(surface, 9)
    assert z.shape == (9, 9) and z.dtype == np.float32 and z.flags.c_contiguous
    np.testing.assert_allclose(xs, np.linspace(-4, 4, 9))
    np.testing.assert_allclose(z, xs[None, :] + 10 * ys[:, None], rtol=1e-6)


def test_grid_marks_undefined_points_nan() -> None:
    _, _, z = grid(surface_from_text("log(x)"), 11)
    assert np.isnan(z[:, :5]).all() and np.isfinite(z[:, 6:]).all()


def test_grid_and_curve_check_dimensions() -> None:
    with pytest.raises(ValueError, match="1-D"):
        grid(SURFACES["wiggle-1d"])
    with pytest.raises(ValueError, match="2-D"):
        curve(SURFACES["rosenbrock"])
    ws, values = curve(SURFACES["wiggle-1d"], 50)
    assert ws.shape == values.shape == (50,)


def test_surface_from_text_names_and_formulas() -> None:
    assert surface_from_text(" Rosenbrock ") is SURFACES["rosenbrock"]
    typed = surface_from_text("x**2 + 2*y**2")
    assert typed.dims == 2 and typed.minima == () and typed.formula == "x**2 + 2*y**2"
    assert typed.value(1.0, 1.0) == pytest.approx(3.0)
    one_d = surface_from_text("0.2*w**2 + 2*sin(2*w)")
    assert one_d.dims == 1 and len(one_d.start) == 1
    assert surface_from_text("x").dims == 2


def test_surface_from_text_errors() -> None:
    with pytest.raises(ExpressionError, match="did you mean 'rosenbrock'"):
        surface_from_text("rosenbrok")
    with pytest.raises(ExpressionError, match="either w"):
        surface_from_text("w + x")
    with pytest.raises(ExpressionError, match="unknown name 'z'"):
        surface_from_text("x + z")
    with pytest.raises(ValueError, match="parameters apply only"):
        surface_from_text("x**2", condition=3)


def test_distance_to_minimum_uses_the_nearest() -> None:
    himmelblau = SURFACES["himmelblau"]
    assert himmelblau.distance_to_minimum(np.array([3.0, 2.5])) == pytest.approx(0.5)
    assert SURFACES["saddle"].distance_to_minimum(np.zeros(2)) is None


@pytest.mark.parametrize(("formula", "expected"), [
    ("x**2 + 3*y**2", 0.0), ("(x - 1)**2 + (y + 0.5)**2 + 2", 2.0), ("sin(x)*cos(y)", -1.0),
    ("(w - 1)**2 + 0.5", 0.5), ("x - y", None), ("x**2 + y", None)])
def test_a_typed_formula_s_minimum_is_estimated_or_none_when_it_falls_off_the_edge(
        formula, expected):
    from playground.core.lab.surfaces import estimated_minimum, surface_from_formula

    found = estimated_minimum(surface_from_formula(formula))
    assert found == (None if expected is None else pytest.approx(expected, abs=1e-9))
