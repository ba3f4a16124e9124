"""Regularized minima of a quadratic loss: numeric torch solutions against closed forms and KKT."""

from __future__ import annotations

import numpy as np
import pytest

from playground.core.lab.regularization import (
    QuadraticLoss,
    constraint_outline,
    l2_closed_form,
    regularization_path,
    regularized_minima,
)
from playground.core.lab.surfaces import grid

LAMBDAS = np.concatenate([[0.0], np.geomspace(1e-3, 100.0, 30)])


@pytest.mark.parametrize(("condition", "rotation", "center"),
                         [(1.0, 0.0, (2.0, 1.0)), (4.0, 30.0, (2.0, 1.0)),
                          (50.0, -60.0, (-1.5, 3.0))])
def test_l2_numeric_matches_closed_form(condition, rotation, center) -> None:
    loss = QuadraticLoss.bowl(center, condition, rotation)
    numeric = regularized_minima(loss, "l2", LAMBDAS)
    np.testing.assert_allclose(numeric, l2_closed_form(loss, LAMBDAS), atol=1e-9)
    np.testing.assert_allclose(numeric[0], center, atol=1e-12)  # lam = 0: no pull at all


def test_l2_closed_form_solves_the_stationarity_equation() -> None:
    loss = QuadraticLoss.bowl((2.0, -1.0), 9.0, 20.0)
    w = l2_closed_form(loss, 0.7)
    gradient = 2 * loss.matrix @ (w - loss.center) + 2 * 0.7 * w
    np.testing.assert_allclose(gradient, 0.0, atol=1e-12)


def test_l1_on_a_diagonal_bowl_is_soft_thresholding() -> None:
    a, c = np.array([1.0, 3.0]), np.array([2.0, -1.0])
    loss = QuadraticLoss(np.diag(a), c)
    minima = regularized_minima(loss, "l1", LAMBDAS)
    expected = np.sign(c) * np.maximum(np.abs(c) - LAMBDAS[:, None] / (2 * a), 0.0)
    np.testing.assert_allclose(minima, expected, atol=1e-9)


def test_l1_minimum_satisfies_kkt_and_becomes_sparse() -> None:
    loss = QuadraticLoss.bowl((2.0, 0.6), 6.0, 35.0)
    path = regularization_path(loss, "l1", LAMBDAS)
    for lam, w in zip(path.lambdas, path.minima, strict=True):
        g = 2 * loss.matrix @ (w - loss.center)
        for gi, wi in zip(g, w, strict=True):
            if abs(wi) > 1e-9:
                assert gi + lam * np.sign(wi) == pytest.approx(0.0, abs=1e-7)
            else:
                assert abs(gi) <= lam + 1e-7
    # L1's corners: some lambda puts the minimum exactly on an axis before it reaches 0.
    assert ((np.abs(path.minima) < 1e-12).sum(axis=1) == 1).any()
    np.testing.assert_array_equal(path.minima[-1], [0.0, 0.0])


@pytest.mark.parametrize("penalty", ["l1", "l2"])
def test_minimum_is_the_best_point_on_its_constraint_boundary(penalty) -> None:
    loss = QuadraticLoss.bowl((2.0, 1.0), 4.0, 30.0)
    path = regularization_path(loss, penalty, [0.5, 2.0])
    for w, radius, value in zip(path.minima, path.radii, path.losses, strict=True):
        x, y = constraint_outline(penalty, radius, points=2001)
        if penalty == "l1":  # densify the diamond's edges
            t = np.linspace(0, 1, 500)[:, None]
            x = (x[:-1] + t * np.diff(x)).ravel()
            y = (y[:-1] + t * np.diff(y)).ravel()
        boundary = loss.value(np.stack([x, y], axis=1))
        assert value <= boundary.min() + 1e-9
        assert value == pytest.approx(loss.value(w))


def test_radii_shrink_as_lambda_grows() -> None:
    loss = QuadraticLoss.bowl((2.0, 1.0), 4.0, 30.0)
    for penalty in ("l1", "l2"):
        path = regularization_path(loss, penalty, LAMBDAS)
        assert np.all(np.diff(path.radii) <= 1e-12)
        assert path.minima.shape == (LAMBDAS.size, 2)


def test_constraint_outlines() -> None:
    x, y = constraint_outline("l1", 2.0)
    np.testing.assert_allclose(np.abs(x) + np.abs(y), 2.0)
    assert (x[0], y[0]) == (x[-1], y[-1])
    x, y = constraint_outline("l2", 1.5, points=64)
    np.testing.assert_allclose(np.hypot(x, y), 1.5)
    with pytest.raises(ValueError, match="penalty"):
        constraint_outline("l3", 1.0)


def test_quadratic_loss_surface_and_validation() -> None:
    loss = QuadraticLoss.bowl((1.0, -2.0), 3.0, 45.0)
    surface = loss.surface()
    xs, ys, z = grid(surface, 21)
    points = np.stack(np.meshgrid(xs, ys), axis=-1)
    np.testing.assert_allclose(z, loss.value(points), rtol=1e-6, atol=1e-6)
    assert surface.minima == ((1.0, -2.0),)
    with pytest.raises(ValueError, match="positive definite"):
        QuadraticLoss(np.array([[1.0, 0.0], [0.0, -1.0]]), np.zeros(2))
    with pytest.raises(ValueError, match="penalty"):
        regularized_minima(loss, "l0", [1.0])
    with pytest.raises(ValueError, match=">= 0"):
        regularized_minima(loss, "l2", [-1.0])
