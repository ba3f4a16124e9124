"""Loss landscapes: filter-normalised directions, PCA of a path, slices, the (w, b) regression."""

import numpy as np
import pytest
import torch

from playground.core.lab import landscape as L
from playground.core.lab import regression_race as R
from playground.core.lab.paths import Racer
from playground.core.lab.surfaces import grid
from playground.core.spec import Spec
from playground.core.train.trainer import Trainer, fit


@pytest.fixture(scope="module")
def trained() -> Trainer:
    """The default [4, 2] tanh network on the circle, a few epochs in."""
    spec = Spec().replace({"data.dataset": "circle", "data.samples": 200, "training.epochs": 4})
    return fit(Trainer(spec), 4)


def test_random_directions_have_the_row_norms_of_the_weights(trained):
    params = list(trained.model.parameters())
    d1, d2 = L.random_directions(params, torch.Generator().manual_seed(3))
    assert d1.shape == d2.shape == (sum(p.numel() for p in params),)
    assert not np.allclose(d1, d2)
    offset = 0
    for p in params:
        w = p.detach().double().numpy()
        for d in (d1, d2):
            piece = d[offset:offset + w.size].reshape(w.shape)
            if w.ndim == 2:
                np.testing.assert_allclose(np.linalg.norm(piece, axis=1),
                                           np.linalg.norm(w, axis=1), rtol=1e-10)
            else:  # a bias counts as one filter
                np.testing.assert_allclose(np.linalg.norm(piece), np.linalg.norm(w), rtol=1e-10)
        offset += w.size
    again, _ = L.random_directions(params, torch.Generator().manual_seed(3))
    np.testing.assert_array_equal(d1, again)


def test_filter_normalize_gives_zero_rows_for_zero_weights():
    weight = torch.tensor([[3.0, 4.0], [0.0, 0.0]], dtype=torch.float64)
    out = L.filter_normalize(torch.tensor([[1.0, 0.0], [2.0, 2.0]], dtype=torch.float64), weight)
    np.testing.assert_allclose(out.numpy(), [[5.0, 0.0], [0.0, 0.0]])


def test_pca_of_a_path_along_one_axis_finds_that_axis():
    rng = np.random.default_rng(0)
    n = 50
    axis = np.zeros(n)
    axis[7] = 1.0
    t = np.linspace(0.0, 5.0, 20)[:, None]
    path = 1.0 + t * axis + 1e-3 * rng.normal(size=(20, n))
    d1, d2, ratios = L.pca_directions(path)
    assert abs(d1 @ axis) > 0.999
    assert d1 @ axis > 0  # signed along the direction of travel
    assert abs(d1 @ d2) < 1e-10 and abs(np.linalg.norm(d2) - 1) < 1e-10
    assert ratios[0] > 0.99 and ratios[1] < 0.01
    projected = L.project(path, path[-1], d1, d2)
    np.testing.assert_allclose(projected[:, 0], (t[:, 0] - 5.0), atol=0.02)


def test_pca_needs_three_points_and_movement():
    with pytest.raises(ValueError, match="at least 3"):
        L.pca_directions(np.zeros((2, 4)))
    with pytest.raises(ValueError, match="never moved"):
        L.pca_directions(np.ones((5, 4)))


def test_project_recovers_coefficients_of_non_orthogonal_directions():
    rng = np.random.default_rng(1)
    d1, d2, center = rng.normal(size=9), rng.normal(size=9), rng.normal(size=9)
    coefficients = np.array([[0.5, -1.0], [2.0, 0.25], [0.0, 0.0]])
    points = center + coefficients[:, :1] * d1 + coefficients[:, 1:] * d2
    np.testing.assert_allclose(L.project(points, center, d1, d2), coefficients, atol=1e-12)


def test_slice_centre_is_the_train_loss_and_reports_progress(trained):
    center = trained.flat_parameters().astype(np.float64)
    d1, d2 = L.random_directions(list(trained.model.parameters()),
                                 torch.Generator().manual_seed(0))
    seen: list[float] = []
    alphas, betas, z = L.loss_slice(trained, center, d1, d2, span=0.5, resolution=9,
                                    progress=seen.append, batch_rows=37)
    assert z.shape == (9, 9) and alphas[4] == 0.0 and betas[4] == 0.0
    assert z[4, 4] == pytest.approx(trained.evaluate()["train_loss"], rel=1e-5)
    assert seen == pytest.approx([(i + 1) / 9 for i in range(9)])
    # The model's own weights are untouched by slicing.
    np.testing.assert_array_equal(trained.flat_parameters(), center.astype(np.float32))
    # The corner evaluates the network at center + 0.5 d1 + 0.5 d2.
    moved = Trainer(trained.spec, prepared=trained.data)
    L.load_flat_parameters(moved.model, center - 0.5 * d1 - 0.5 * d2)
    assert z[0, 0] == pytest.approx(moved.evaluate()["train_loss"], rel=1e-5)


def test_slice_stops_when_asked(trained):
    center = trained.flat_parameters().astype(np.float64)
    d1, d2 = L.random_directions(list(trained.model.parameters()),
                                 torch.Generator().manual_seed(0))
    with pytest.raises(L.SliceCancelled):
        L.loss_slice(trained, center, d1, d2, resolution=5, should_stop=lambda: True)
    with pytest.raises(ValueError, match="parameters"):
        L.loss_slice(trained, center[:-1], d1, d2, resolution=5)


def test_trajectory_of_a_real_run_projects_to_the_centre_last(trained):
    path = np.stack(trained.trajectory).astype(np.float64)
    d1, d2, ratios = L.pca_directions(path)
    coords = L.project(path, path[-1], d1, d2)
    np.testing.assert_allclose(coords[-1], 0.0, atol=1e-9)
    assert coords[0, 0] < 0 and 0.5 < ratios.sum() <= 1.0 + 1e-12


def test_regression_loss_grid_has_its_minimum_at_least_squares():
    rng = np.random.default_rng(2)
    x = rng.normal(5.0, 1.0, 80)
    y = 2.8 * x - rng.normal(0.0, 1.0, 80)
    w_star, b_star = R.least_squares(x, y)
    np.testing.assert_allclose([w_star, b_star], np.polyfit(x, y, 1), rtol=1e-10)
    problem = R.regression_problem(x, y, "toy")
    xs, ys, z = grid(problem.surface, 201)
    direct = np.mean((xs[None, :, None] * x + ys[:, None, None] - y) ** 2, axis=2)
    np.testing.assert_allclose(z, direct, rtol=1e-5)
    np.testing.assert_allclose(R.mse_grid(x, y, xs, ys), direct, rtol=1e-9)
    # Nothing on the grid is below the least-squares loss, and the surface's own value there
    # is that loss.
    best = float(np.mean((w_star * x + b_star - y) ** 2))
    assert problem.surface.value(w_star, b_star) == pytest.approx(best, rel=1e-9)
    assert R.mse_grid(x, y, xs, ys).min() >= best - 1e-9
    # On standardised inputs the bowl is round and the grid's lowest cell is the nearest one.
    xz = (x - x.mean()) / x.std()
    ws, bs = np.linspace(-2, 6, 161), np.linspace(5, 20, 151)
    i, j = np.unravel_index(np.argmin(R.mse_grid(xz, y, ws, bs)), (151, 161))
    w_z, b_z = R.least_squares(xz, y)
    assert abs(ws[j] - w_z) <= 0.5 * (ws[1] - ws[0]) + 1e-12
    assert abs(bs[i] - b_z) <= 0.5 * (bs[1] - bs[0]) + 1e-12
    # No point of a fine grid around the solution beats it.
    ws = w_star + np.linspace(-1e-3, 1e-3, 21)
    bs = b_star + np.linspace(-1e-3, 1e-3, 21)
    fine = R.mse_grid(x, y, ws, bs)
    assert np.unravel_index(np.argmin(fine), fine.shape) == (10, 10)


def test_house_data_reduced_to_one_standardised_input():
    x, y = R.regression_data("house")
    assert x.shape == y.shape and x.ndim == 1
    assert abs(x.mean()) < 1e-6 and abs(x.std() - 1) < 1e-3
    x1, _ = R.regression_data("linear", samples=200)
    assert x1.shape == (200,)
    with pytest.raises(ValueError, match="regression"):
        R.regression_data("circle")


def test_full_batch_gd_matches_the_surface_gradient_step():
    x = np.array([-1.0, 0.0, 1.0, 2.0])
    y = np.array([1.0, 2.0, 2.0, 5.0])
    problem = R.regression_problem(x, y)
    race = R.RegressionRace(problem, start=(0.0, 0.0), racers=[Racer("gd", 0.1)],
                            batch_size=100)
    race.step(1)
    state = race.states()[0]
    residual = -y
    grad = 2 * np.array([np.mean(residual * x), np.mean(residual)])
    np.testing.assert_allclose(state.points[1], -0.1 * grad, rtol=1e-12)
    assert state.value == pytest.approx(np.mean((state.point[0] * x + state.point[1] - y) ** 2))
    assert state.step == 1 and state.points.shape == (2, 2) and not state.diverged


def test_minibatch_sgd_converges_near_the_solution_and_divergence_stops_the_path():
    x, y = R.regression_data("house")
    problem = R.regression_problem(x, y, "house")
    race = R.RegressionRace(problem, racers=[Racer("gd", 0.05), Racer("gd", 50.0)],
                            batch_size=10, seed=4)
    race.step(400)
    good, bad = race.states()
    assert good.label == "gd" and bad.label == "gd 2"
    assert good.distance_to_minimum < 0.5 and good.step == 400
    assert bad.diverged and "diverged" in bad.message and bad.step < 400
    assert np.isfinite(bad.points).all() and bad.points.shape == (bad.step + 1, 2)
    assert not race.finished
    race.reset((1.0, 1.0))
    assert all(s.step == 0 and tuple(s.point) == (1.0, 1.0) for s in race.states())


def test_a_slice_centres_on_the_current_weights_not_the_last_recorded_epoch(tmp_path):
    from playground.core.files.weights import save_trained
    from playground.core.lab.landscape_job import compute_landscape, request_from_snapshot

    spec = Spec().replace({"data.dataset": "circle", "data.samples": 200})
    other = fit(Trainer(spec.replace({"seed": 7})), 3)  # weights of another run, to import
    path = tmp_path / "other.safetensors"
    save_trained(other, path)
    run = fit(Trainer(spec), 3)
    run.load_weights(str(path))  # File > Import weights
    current = run.flat_parameters().astype(np.float64)
    assert not np.allclose(run.trajectory[-1], current)  # the recorded path ends elsewhere
    request = request_from_snapshot(1, spec, run.snapshot(), method="random", span=0.5,
                                    resolution=5, seed=0)
    result = compute_landscape(request, Trainer(spec, prepared=run.data))
    assert result.center_loss == pytest.approx(run.evaluate()["train_loss"], rel=1e-5)
    np.testing.assert_allclose(result.path[-1], 0.0, atol=1e-9)  # the path ends at the centre
