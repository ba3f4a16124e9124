"""Least squares (training.solver = lstsq), LBFGS and the scaled 1-D polynomial features."""

import numpy as np
import pytest

from playground.core.spec import Spec, SpecError
from playground.core.train.trainer import Trainer, fit

POWERS = ["x"] + [f"x^{k}" for k in range(2, 11)]


def sine_fit(degree: int, **changes) -> Trainer:
    values = {"data.dataset": "sine", "data.features": POWERS[:degree], "model.layers": [],
              "training.loss": "mse", "training.batch_size": 12, "training.solver": "lstsq"}
    values.update(changes)
    return Trainer(Spec(values))


def r2(y: np.ndarray, pred: np.ndarray) -> float:
    return float(1 - ((y - pred) ** 2).sum() / ((y - y.mean()) ** 2).sum())


@pytest.mark.parametrize("degree", [1, 5, 10])
def test_lstsq_is_the_float64_polynomial_fit(degree):
    """The book's least-squares fits of 12 sine points: R^2 as numpy.polyfit in float64 gives
    them (degree 10: training R^2 0.996, test R^2 far below 0)."""
    t = fit(sine_fit(degree), 1)
    x, y = t.data.raw_train[:, 0], np.asarray(t.data.y_train[:, 0], np.float64)
    coefs = np.polyfit(x, y, degree)
    m = t.final_metrics()
    assert m["train_r2"] == pytest.approx(r2(y, np.polyval(coefs, x)), abs=2e-3)
    xt, yt = t.data.raw_test[:, 0], np.asarray(t.data.y_test[:, 0], np.float64)
    assert m["test_r2"] == pytest.approx(r2(yt, np.polyval(coefs, xt)), rel=0.02, abs=2e-3)
    if degree == 10:
        assert m["train_r2"] > 0.995 and m["test_r2"] < 0


@pytest.mark.parametrize("loss, scale", [("mse", 0.5), ("half_mse", 1.0)])
def test_lstsq_with_l2_solves_the_ridge_normal_equations(loss, scale):
    t = fit(Trainer(Spec({"data.dataset": "trapezoid", "model.layers": [], "training.loss": loss,
                          "training.solver": "lstsq", "training.l2": 0.3})), 1)
    x = np.asarray(t.data.x_train, np.float64)
    y = np.asarray(t.data.y_train, np.float64)
    n, d = x.shape
    xd = np.column_stack([x, np.ones(n)])
    ridge = np.diag([scale * n * 0.3] * d + [0.0])  # the bias is not penalised
    expected = np.linalg.solve(xd.T @ xd + ridge, xd.T @ y)
    layer = t.model.dense_layers()[0]
    np.testing.assert_allclose(layer.weight.detach().numpy().ravel(), expected[:d, 0], atol=1e-5)
    np.testing.assert_allclose(layer.bias.detach().numpy(), expected[d], atol=1e-5)
    assert t.batches_per_epoch == 1 and t.fast_path_reason == "least squares solver"


def test_lstsq_minimum_norm_when_features_outnumber_rows():
    t = fit(Trainer(Spec({"data.dataset": "highdim-linear", "model.layers": [],
                          "training.solver": "lstsq"})), 1)
    assert t.final_metrics()["train_r2"] > 0.999  # 200 inputs, 20 rows: an exact fit
    x = np.column_stack([np.asarray(t.data.x_train, np.float64), np.ones(20)])
    expected = np.linalg.pinv(x) @ np.asarray(t.data.y_train, np.float64)
    np.testing.assert_allclose(t.model.dense_layers()[0].weight.detach().numpy().ravel(),
                               expected[:-1, 0], atol=1e-4)


@pytest.mark.parametrize("values, key", [
    ({"model.layers": [{"type": "dense", "units": 4}]}, "training.solver"),
])
def test_lstsq_needs_a_linear_model(values, key):
    with pytest.raises(SpecError) as info:
        Spec({"training.solver": "lstsq", **values})
    assert info.value.key == key


@pytest.mark.parametrize("values", [
    {"data.dataset": "circle"},  # classification
    {"data.dataset": "sine", "training.loss": "mae"},
    {"data.dataset": "sine", "training.l1": 0.1},
])
def test_lstsq_refuses_what_has_no_closed_form(values):
    with pytest.raises(SpecError) as info:
        Trainer(Spec({"training.solver": "lstsq", "model.layers": [], **values}))
    assert info.value.key == "training.solver"


def test_lbfgs_reaches_the_least_squares_optimum_and_takes_a_live_lr():
    exact = fit(sine_fit(5), 1).final_metrics()["train_loss"]
    t = sine_fit(5, **{"training.solver": "gradient", "training.optimizer": "lbfgs",
                       "training.learning_rate": 1.0})
    fit(t, 30)
    assert t.final_metrics()["train_loss"] == pytest.approx(exact, rel=1e-3)
    assert t.fast_path_reason == "optimizer lbfgs"
    t.apply_live(t.spec.replace({"training.learning_rate": 0.5}))
    assert t.optimizer.param_groups[0]["lr"] == 0.5
    assert t.optimizer.param_groups[0]["line_search_fn"] == "strong_wolfe"


def test_scaled_powers_make_a_degree_10_adam_fit_usable():
    """Unscaled, this fit reached a training R^2 of -7e7; scaled (the default) it fits."""
    t = fit(sine_fit(10, **{"training.solver": "gradient", "training.optimizer": "adam",
                            "training.learning_rate": 0.01}), 1000)
    assert t.final_metrics()["train_r2"] > 0.9
    raw = fit(sine_fit(10, **{"training.solver": "gradient", "training.optimizer": "adam",
                              "training.learning_rate": 0.01, "data.standardize": False}), 20)
    assert raw.final_metrics()["train_r2"] < 0
