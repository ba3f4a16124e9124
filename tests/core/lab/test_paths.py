"""Optimizer paths: real torch.optim steps checked against closed forms and hand recurrences."""

from __future__ import annotations

import math

import numpy as np
import pytest

from playground.core.lab.optimizers import (
    OPTIMIZERS,
    OptimizerError,
    coerce_params,
    resolve_optimizer,
)
from playground.core.lab.paths import PathTrack, Race, Racer, run_path
from playground.core.lab.surfaces import SURFACES, surface_from_text


def _quadratic_grad(a: float, b: float, p: np.ndarray) -> np.ndarray:
    return np.array([2 * a * p[0], 2 * b * p[1]])


@pytest.mark.parametrize(("a", "b", "lr"), [(0.1, 2.0, 0.2), (1.0, 2.0, 0.1), (0.5, 0.25, 0.7)])
def test_gd_on_a_quadratic_is_geometric(a, b, lr) -> None:
    surface = surface_from_text(f"{a}*x**2 + {b}*y**2")
    result = run_path(surface, "gd", lr, (-5.0, -2.0), 30)
    k = np.arange(31)
    np.testing.assert_allclose(result.points[:, 0], (1 - 2 * a * lr) ** k * -5.0, rtol=1e-12,
                               atol=1e-300)
    np.testing.assert_allclose(result.points[:, 1], (1 - 2 * b * lr) ** k * -2.0, rtol=1e-12,
                               atol=1e-300)
    np.testing.assert_allclose(result.values, a * result.points[:, 0] ** 2
                               + b * result.points[:, 1] ** 2, rtol=1e-12)
    assert not result.diverged and result.optimizer == "SGD"


def test_seed_004_printed_path() -> None:
    result = run_path(SURFACES["course-3.3"], "gd", 0.1, (-2.0, 3.0), 2)
    np.testing.assert_allclose(result.points, [[-2, 3], [-1.6, 2.2], [-1.28, 1.56]], rtol=1e-12)
    np.testing.assert_allclose(result.values[0], 24.0)


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_matches_heavy_ball_recurrence(nesterov) -> None:
    a, b, lr, mu = 0.1, 2.0, 0.05, 0.8
    surface = surface_from_text(f"{a}*x**2 + {b}*y**2")
    name = "nesterov" if nesterov else "momentum"
    result = run_path(surface, name, lr, (-5.0, -2.0), 40, {"momentum": mu})
    p, buf = np.array([-5.0, -2.0]), None
    expected = [p]
    for _ in range(40):
        g = _quadratic_grad(a, b, p)
        buf = g.copy() if buf is None else mu * buf + g  # torch's first step copies g
        p = p - lr * (g + mu * buf if nesterov else buf)
        expected.append(p)
    np.testing.assert_allclose(result.points, expected, rtol=1e-12, atol=1e-14)


def test_adam_matches_its_textbook_update() -> None:
    a, b, lr, (b1, b2), eps = 1.0, 2.0, 0.3, (0.9, 0.999), 1e-8
    surface = surface_from_text(f"{a}*x**2 + {b}*y**2")
    result = run_path(surface, "adam", lr, (-3.0, 1.0), 25)
    p, m, v = np.array([-3.0, 1.0]), np.zeros(2), np.zeros(2)
    for t in range(1, 26):
        g = _quadratic_grad(a, b, p)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        p = p - lr / (1 - b1**t) * m / (np.sqrt(v) / math.sqrt(1 - b2**t) + eps)
    np.testing.assert_allclose(result.points[-1], p, rtol=1e-10)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_every_optimizer_lowers_the_seed_bowl(name) -> None:
    lr = {"adadelta": 1.0}.get(name, 0.05)
    result = run_path(SURFACES["course-3.3"], name, lr, (-2.0, 3.0), 100)
    assert result.points.shape == (101, 2)
    assert result.values[-1] < result.values[0]
    assert result.optimizer == resolve_optimizer(name).torch_class.__name__


def test_divergence_is_reported_not_raised() -> None:
    result = run_path(SURFACES["course-3.3"], "gd", 1.5, (-2.0, 3.0), 500)
    assert result.diverged and "diverged at step" in result.message
    assert len(result.points) < 501
    assert np.isfinite(result.points).all() and np.isfinite(result.values).all()
    assert np.abs(result.points).max() <= 1e6


def test_non_finite_value_stops_and_keeps_last_point() -> None:
    # sqrt(x) has an infinite slope at 0 and no value below it: GD jumps into the NaN region.
    surface = surface_from_text("sqrt(x) + y**2")
    track = PathTrack(surface, "gd", 10.0, (1.0, 1.0))
    assert track.step(50) < 50
    state = track.state()
    assert state.diverged and np.isfinite(state.point).all()
    np.testing.assert_array_equal(state.point, state.points[-1])


def test_bad_start_point_is_diverged_from_the_start() -> None:
    track = PathTrack(surface_from_text("log(x) + y"), "gd", 0.1, (-1.0, 0.0))
    assert track.diverged and "start" in track.message
    assert track.step(5) == 0


def test_gradient_noise_is_seeded() -> None:
    surface = SURFACES["course-bowl-b"]
    clean = run_path(surface, "gd", 0.05, (-5.0, -2.0), 30)
    noisy_a = run_path(surface, "gd", 0.05, (-5.0, -2.0), 30, noise_std=1.0, seed=3)
    noisy_b = run_path(surface, "gd", 0.05, (-5.0, -2.0), 30, noise_std=1.0, seed=3)
    noisy_c = run_path(surface, "gd", 0.05, (-5.0, -2.0), 30, noise_std=1.0, seed=4)
    np.testing.assert_array_equal(noisy_a.points, noisy_b.points)
    assert not np.allclose(noisy_a.points, clean.points)
    assert not np.allclose(noisy_a.points, noisy_c.points)


def test_one_dimensional_surface() -> None:
    result = run_path(SURFACES["wiggle-1d"], "gd", 0.05, (-0.5,), 200)
    assert result.points.shape == (201, 1)
    assert result.points[-1, 0] == pytest.approx(SURFACES["wiggle-1d"].minima[0][0], abs=1e-6)


def test_parameter_validation() -> None:
    adam = resolve_optimizer("Adam")
    assert coerce_params(adam, {"betas": "0.8, 0.9", "amsgrad": "true"})["betas"] == (0.8, 0.9)
    assert resolve_optimizer("SGD").name == "gd"
    assert coerce_params(resolve_optimizer("momentum"), {})["momentum"] == 0.9
    assert coerce_params(resolve_optimizer("nesterov"), {})["nesterov"] is True
    with pytest.raises(OptimizerError, match="unknown optimizer 'lion'"):
        resolve_optimizer("lion")
    with pytest.raises(OptimizerError, match="SGD has no parameter 'beta'"):
        coerce_params(resolve_optimizer("gd"), {"beta": 1})
    with pytest.raises(OptimizerError, match="must be a number"):
        coerce_params(resolve_optimizer("rmsprop"), {"alpha": "fast"})
    with pytest.raises(OptimizerError, match="true or false"):
        coerce_params(resolve_optimizer("nesterov"), {"nesterov": "maybe"})
    with pytest.raises(OptimizerError, match="2 numbers"):
        coerce_params(adam, {"betas": "0.9"})
    with pytest.raises(OptimizerError, match="learning rate"):
        run_path(SURFACES["saddle"], "gd", -1.0, (0.0, 0.0), 1)
    with pytest.raises(OptimizerError, match="Nesterov momentum requires"):
        run_path(SURFACES["saddle"], "nesterov", 0.1, (0.0, 0.0), 1, {"momentum": 0})
    with pytest.raises(ValueError, match="start needs 2"):
        run_path(SURFACES["saddle"], "gd", 0.1, (0.0,), 1)


def test_hyperparameters_use_torch_names() -> None:
    result = run_path(SURFACES["saddle"], "rmsprop", 0.01, (1.0, 0.1), 1, {"alpha": 0.9})
    assert result.hyperparameters["lr"] == 0.01
    assert result.hyperparameters["alpha"] == 0.9
    assert {"eps", "momentum", "centered", "weight_decay"} <= set(result.hyperparameters)


def test_race_steps_every_optimizer_from_one_start() -> None:
    race = Race(SURFACES["course-3.3"], racers=[
        Racer("gd", 0.1), Racer("momentum", 0.05), Racer("adam", 0.1),
        Racer("adagrad", 0.5), Racer("gd", 1.5),
    ])
    assert [t.label for t in race.tracks] == ["gd", "momentum", "adam", "adagrad", "gd 2"]
    race.step(10)
    race.step(20)
    states = {s.label: s for s in race.states()}
    for label in ("gd", "momentum", "adam", "adagrad"):
        s = states[label]
        assert s.step == 30 and s.points.shape == (31, 2) and s.values.shape == (31,)
        np.testing.assert_array_equal(s.points[0], [-2.0, 3.0])
        np.testing.assert_allclose(s.update, s.points[-1] - s.points[-2], rtol=1e-12)
        np.testing.assert_allclose(s.grad, [2 * s.point[0], 2 * s.point[1] + 2], rtol=1e-12)
        assert s.grad_norm == pytest.approx(float(np.linalg.norm(s.grad)))
        assert s.value == pytest.approx(s.values[-1])
        assert s.distance_to_minimum == pytest.approx(float(np.hypot(*(s.point - [0, -1]))))
        assert not s.diverged and not s.point.flags.writeable
    assert states["gd"].momentum is None  # SGD without momentum keeps no buffer
    assert states["adagrad"].momentum is None
    assert states["momentum"].momentum.shape == (2,)
    assert states["adam"].momentum.shape == (2,)
    assert states["gd 2"].diverged and states["gd 2"].step < 30
    # GD: the step is exactly -lr * gradient at the previous point.
    gd = states["gd"]
    prev = gd.points[-2]
    np.testing.assert_allclose(gd.update, -0.1 * np.array([2 * prev[0], 2 * prev[1] + 2]))


def test_race_momentum_vector_is_the_torch_buffer() -> None:
    race = Race(SURFACES["course-bowl-b"], (-5.0, -2.0), [Racer("momentum", 0.01)])
    race.step(3)
    p = race.states()[0].points
    # Heavy ball with mu = 0.9: p_{k+1} - p_k = -lr * buf_k, so the buffer is -update / lr.
    np.testing.assert_allclose(race.states()[0].momentum, -(p[-1] - p[-2]) / 0.01, rtol=1e-12)


def test_race_reset_remove_and_finished() -> None:
    race = Race(SURFACES["course-3.3"], racers=[Racer("gd", 0.1), Racer("gd", 5.0, label="big")])
    race.step(5)
    race.reset((1.0, 1.0))
    assert all(s.step == 0 for s in race.states())
    np.testing.assert_array_equal(race.states()[0].point, [1.0, 1.0])
    race.remove("gd")
    assert [r.label for r in race.racers()] == ["big"]
    race.step(100)
    assert race.finished
    with pytest.raises(KeyError):
        race.remove("gd")
