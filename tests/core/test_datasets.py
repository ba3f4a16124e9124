"""Dataset generators: determinism, TF Playground's label rules, textbook coefficients."""

import math

import numpy as np
import pytest

from playground.core.data.datasets import DATASETS, generate
from playground.core.data.raw import prepare
from playground.core.spec import Spec, SpecError

GENERATED = [name for name, info in DATASETS.items()
             if info.default_samples is not None]  # the ones drawn from the seed


def make(name: str, **changes) -> "object":
    return generate(Spec({"data.dataset": name, **changes}))


@pytest.mark.parametrize("name", GENERATED)
def test_same_seed_same_arrays_other_seed_other_arrays(name):
    # Some noise: without it a spiral is the same for every seed.
    a, b = make(name, seed=7, **{"data.noise": 0.2}), make(name, seed=7, **{"data.noise": 0.2})
    c = make(name, seed=8, **{"data.noise": 0.2})
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.y, b.y)
    assert not np.array_equal(a.x, c.x)


@pytest.mark.parametrize("name", GENERATED)
def test_shapes_and_types_follow_the_table(name):
    info = DATASETS[name]
    raw = make(name)
    assert raw.x.shape == (info.default_samples, len(raw.input_names))
    assert raw.x.dtype == np.float64
    assert len(raw.y) == len(raw.x)
    assert raw.task == info.task
    if raw.task == "classification":
        assert raw.y.dtype == np.int64
        assert set(np.unique(raw.y)) == set(range(raw.n_classes))
    elif raw.task == "multilabel":
        assert raw.y.shape == (len(raw.x), raw.n_classes) and set(np.unique(raw.y)) == {0, 1}
    else:
        assert raw.n_classes == 0
    assert info.kind in ("2d", "1d", "tabular")
    assert "\n" not in info.description
    if info.kind == "2d":
        assert raw.input_names == ("x1", "x2")
    if info.kind == "1d":
        assert raw.input_names == ("x",)


def test_table_lists_every_family():
    expected = {"circle", "xor", "gauss", "spiral", "reg-plane", "reg-gauss", "moons", "blobs",
                "spiral-k", "drawn", "linear", "poly3", "highdim-linear", "sine", "house",
                "trapezoid", "digits", "iris", "wine", "breast-cancer", "diabetes", "csv", "idx",
                "l2-demo", "venn"}
    assert set(DATASETS) == expected


def test_unknown_dataset_names_the_field_and_the_choices():
    with pytest.raises(SpecError) as info:
        make("circles")
    assert info.value.key == "data.dataset"
    assert "circle" in str(info.value) and "spiral" in str(info.value)


def test_samples_and_noise_override_the_defaults():
    raw = make("xor", **{"data.samples": 37})
    assert raw.x.shape == (37, 2)
    quiet, noisy = make("gauss", **{"data.noise": 0.0}), make("gauss", **{"data.noise": 0.5})
    assert noisy.x.std() > quiet.x.std()


# ------------------------------------------------------------------- TF Playground's rules
def test_circle_labels_are_the_radius_rule_without_noise():
    raw = make("circle")
    r = np.hypot(raw.x[:, 0], raw.x[:, 1])
    np.testing.assert_array_equal(raw.y, (r < 2.5).astype(np.int64))
    assert (raw.y == 1).sum() == 250
    assert r[raw.y == 1].max() < 2.5
    assert r[raw.y == 0].min() >= 3.5 and r[raw.y == 0].max() <= 5


def test_circle_noise_moves_the_label_not_the_point():
    raw = make("circle", **{"data.noise": 0.5})
    r = np.hypot(raw.x[:, 0], raw.x[:, 1])
    # Points still come from the disc (first half) and the ring (second half) ...
    assert r[:250].max() < 2.5 and r[250:].min() >= 3.5
    # ... but some labels now disagree with the radius.
    assert 0 < (raw.y != (r < 2.5)).sum() < 250


def test_xor_labels_and_padding():
    raw = make("xor")
    x1, x2 = raw.x.T
    np.testing.assert_array_equal(raw.y, (x1 * x2 >= 0).astype(np.int64))
    assert np.abs(raw.x).min() >= 0.3 and np.abs(raw.x).max() <= 5.3


def test_gauss_centres_and_variance():
    raw = make("gauss", **{"data.samples": 4000})
    np.testing.assert_allclose(raw.x[raw.y == 1].mean(axis=0), [2, 2], atol=0.1)
    np.testing.assert_allclose(raw.x[raw.y == 0].mean(axis=0), [-2, -2], atol=0.1)
    np.testing.assert_allclose(raw.x[raw.y == 1].var(axis=0), [0.5, 0.5], rtol=0.1)
    wide = make("gauss", **{"data.samples": 4000, "data.noise": 0.5})
    np.testing.assert_allclose(wide.x[wide.y == 1].var(axis=0), [4, 4], rtol=0.1)


def test_spiral_points_follow_the_formula_without_noise():
    raw = make("spiral")
    n = 250
    i = np.arange(n)
    for label, delta in ((1, 0.0), (0, math.pi)):
        arm = raw.x[raw.y == label]
        r = 5 * i / n
        t = 1.75 * i / n * 2 * math.pi + delta
        np.testing.assert_allclose(arm, np.column_stack([r * np.sin(t), r * np.cos(t)]),
                                   atol=1e-12)


def test_spiral_noise_is_bounded_jitter():
    clean, noisy = make("spiral"), make("spiral", **{"data.noise": 0.3})
    jitter = noisy.x - clean.x
    assert 0.25 < np.abs(jitter).max() <= 0.3


def test_reg_plane_target():
    raw = make("reg-plane")
    np.testing.assert_allclose(raw.y, raw.x.sum(axis=1) / 10)
    assert raw.y.shape == (1200,)
    assert np.abs(raw.x).max() <= 6


def _tfp_gaussian_label(x: float, y: float) -> float:
    """TF Playground's regressGaussian getLabel, transcribed loop for loop."""
    label = 0.0
    for cx, cy, sign in [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1),
                         (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)]:
        scaled = min(max(1 - math.hypot(x - cx, y - cy) / 2, 0.0), 1.0)
        new = sign * scaled
        if abs(new) > abs(label):
            label = new
    return label


def test_reg_gauss_target_matches_tf_playground():
    raw = make("reg-gauss")
    expected = [_tfp_gaussian_label(x, y) for x, y in raw.x]
    np.testing.assert_allclose(raw.y, expected, atol=1e-12)
    assert raw.y.min() < -0.9 and raw.y.max() > 0.9


# ------------------------------------------------------------------------------ more 2-D
def test_moons_without_noise_lie_on_two_half_circles():
    raw = make("moons", **{"data.noise": 0.0})
    outer, inner = raw.x[raw.y == 0], raw.x[raw.y == 1]
    np.testing.assert_allclose(np.hypot(*(outer - [-1.75, -0.875]).T), 3.5)
    np.testing.assert_allclose(np.hypot(*(inner - [1.75, 0.875]).T), 3.5)
    assert np.abs(raw.x).max() <= 6


def test_blobs_centres_on_a_circle_of_radius_4():
    raw = make("blobs", **{"data.classes": 4, "data.samples": 4000})
    assert raw.n_classes == 4
    centres = np.array([raw.x[raw.y == k].mean(axis=0) for k in range(4)])
    np.testing.assert_allclose(np.hypot(*centres.T), 4, atol=0.1)
    np.testing.assert_allclose(raw.x[raw.y == 0].std(axis=0), 0.5, rtol=0.1)


def test_spiral_k_has_k_balanced_arms():
    raw = make("spiral-k", **{"data.classes": 5, "data.samples": 503})
    assert raw.n_classes == 5
    counts = np.bincount(raw.y)
    assert counts.sum() == 503 and counts.max() - counts.min() <= 1
    assert np.hypot(*raw.x.T).max() < 5


def test_drawn_points():
    raw = make("drawn", **{"data.points": [[1, 2, 0], [-1, -2, 2], [0.5, 0.5, 0]]})
    np.testing.assert_array_equal(raw.x, [[1, 2], [-1, -2], [0.5, 0.5]])
    np.testing.assert_array_equal(raw.y, [0, 2, 0])
    assert raw.n_classes == 3


@pytest.mark.parametrize("points, key", [
    ([], "data.points"),
    ([[1, 1, 0], [2, 2, 0]], "data.points"),
    ([[1, 1, 0], [2, 2, 0.5]], "data.points[1]"),
    ([[1, 1, -1], [2, 2, 0]], "data.points[0]"),
])
def test_drawn_points_need_two_classes_of_integer_labels(points, key):
    with pytest.raises(SpecError) as info:
        make("drawn", **{"data.points": points})
    assert info.value.key == key


# ------------------------------------------------------------------------- textbook sets
def _least_squares(features: np.ndarray, y: np.ndarray) -> np.ndarray:
    design = np.column_stack([features, np.ones(len(features))])
    return np.linalg.lstsq(design, y, rcond=None)[0]


def test_linear_recovers_its_weights():
    raw = make("linear")
    assert raw.x.shape == (1000, 2) and not raw.standardize
    np.testing.assert_allclose(_least_squares(raw.x, raw.y), [2, -3.4, 4.2], atol=0.01)


def test_poly3_recovers_its_coefficients_and_keeps_a_test_set():
    raw = make("poly3")
    assert raw.x.shape == (100, 1) and raw.x_test.shape == (100, 1)
    assert raw.default_features == ("x", "x^2", "x^3")
    x = raw.x[:, 0]
    coef = _least_squares(np.column_stack([x, x**2, x**3]), raw.y)
    np.testing.assert_allclose(coef, [1.2, -3.4, 5.6, 5], atol=0.01)
    grid, truth = raw.curve
    np.testing.assert_allclose(truth, 5 + 1.2 * grid - 3.4 * grid**2 + 5.6 * grid**3)


def test_highdim_linear_target_and_split():
    raw = make("highdim-linear", **{"data.noise": 0.0})
    assert raw.x.shape == (20, 200) and raw.x_test.shape == (100, 200)
    np.testing.assert_allclose(raw.y, 0.05 + 0.01 * raw.x.sum(axis=1))
    np.testing.assert_allclose(raw.y_test, 0.05 + 0.01 * raw.x_test.sum(axis=1))


@pytest.mark.parametrize("name, train, test", [("poly3", 100, 100),
                                               ("highdim-linear", 20, 100)])
def test_explicit_splits_survive_prepare(name, train, test):
    prepared = prepare(Spec({"data.dataset": name}))
    assert len(prepared.x_train) == train and len(prepared.x_test) == test


def test_sine_points_and_noise_free_test_curve():
    raw = make("sine")
    assert raw.x.shape == (12, 1)
    x = raw.x[:, 0]
    assert x.min() >= 0 and x.max() <= 2 * math.pi
    residual = raw.y - np.sin(x)
    assert np.abs(residual).max() <= 0.3 and np.abs(residual).max() > 0.05
    np.testing.assert_allclose(raw.y_test, np.sin(raw.x_test[:, 0]))
    assert len(raw.x_test) == 100


def test_house_price_slope():
    raw = make("house", **{"data.samples": 5000})
    slope, intercept = _least_squares(raw.x, raw.y)
    assert abs(slope - 2.8) < 0.05 and abs(intercept) < 0.3
    np.testing.assert_allclose(raw.x.mean(), 5, atol=0.05)


def test_trapezoid_area():
    raw = make("trapezoid")
    assert raw.x.shape == (50, 2)
    assert raw.x.min() >= 0.5 and raw.x.max() <= 1.5
    x1, x2 = raw.x.T
    np.testing.assert_allclose(raw.y, 0.5 * (x1 + x2) * x1)
