"""prepare(spec): splits, features, standardisation, dtypes and data errors."""

import dataclasses
import time

import numpy as np
import pytest

from playground.core.data.datasets import generate
from playground.core.data.raw import RawData, prepare
from playground.core.data.records import DataError
from playground.core.spec import Spec, SpecError


def spec(**changes) -> Spec:
    return Spec({k.replace("__", "."): v for k, v in changes.items()})


def rows(a: np.ndarray) -> set:
    return {tuple(r) for r in a.tolist()}


def test_split_sizes_and_validation_carved_from_training():
    p = prepare(spec(data__train_fraction=0.8, data__validation_fraction=0.25))
    assert (len(p.x_train), len(p.x_val), len(p.x_test)) == (300, 100, 100)
    assert (len(p.y_train), len(p.y_val), len(p.y_test)) == (300, 100, 100)


def test_splits_partition_the_generated_rows():
    s = spec(data__dataset="gauss", data__validation_fraction=0.2)
    raw, p = generate(s), prepare(s)
    parts = [rows(p.raw_train), rows(p.raw_val), rows(p.raw_test)]
    assert sum(map(len, parts)) == 500
    assert set.union(*parts) == rows(raw.x)
    # Labels travel with their rows.
    label_of = {tuple(x): y for x, y in zip(raw.x.tolist(), raw.y.tolist(), strict=True)}
    assert [label_of[tuple(x)] for x in p.raw_val.tolist()] == p.y_val.tolist()


def test_null_train_fraction_is_half_and_the_seed_decides_the_split():
    a, b, c = prepare(spec()), prepare(spec()), prepare(spec(seed=1))
    assert len(a.x_train) == len(a.x_test) == 250
    np.testing.assert_array_equal(a.x_train, b.x_train)
    assert not np.array_equal(a.raw_train, c.raw_train)


def test_explicit_test_set_unless_a_fraction_is_given():
    raw = generate(spec(data__dataset="poly3"))
    explicit = prepare(spec(data__dataset="poly3"))
    assert rows(explicit.raw_test) == rows(raw.x_test)
    pooled = prepare(spec(data__dataset="poly3", data__train_fraction=0.75))
    assert (len(pooled.x_train), len(pooled.x_test)) == (150, 50)
    assert rows(pooled.raw_train) | rows(pooled.raw_test) == rows(raw.x) | rows(raw.x_test)


def test_standardisation_uses_training_statistics():
    p = prepare(spec(data__dataset="iris"))  # tabular: on by default
    np.testing.assert_allclose(p.x_train.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(p.x_train.std(axis=0), 1, atol=1e-5)
    mean, std = p.raw_train.mean(axis=0), p.raw_train.std(axis=0)
    np.testing.assert_allclose(p.x_test, (p.raw_test - mean) / std, rtol=1e-5, atol=1e-5)


def test_two_d_sets_stay_in_raw_units_by_default():
    p = prepare(spec(data__dataset="xor"))
    np.testing.assert_allclose(p.x_train, p.raw_train.astype(np.float32))
    on = prepare(spec(data__dataset="xor", data__standardize=True))
    np.testing.assert_allclose(on.x_train.std(axis=0), 1, atol=1e-5)


def test_featurize_reproduces_the_model_inputs():
    s = spec(data__features=["x1", "x2", "x1*x2", "sin(x1)"], data__standardize=True,
             data__validation_fraction=0.1)
    p = prepare(s)
    assert p.feature_names == ("x1", "x2", "x1*x2", "sin(x1)") and p.n_features == 4
    np.testing.assert_array_equal(p.featurize(p.raw_train), p.x_train)
    np.testing.assert_array_equal(p.featurize(p.raw_val), p.x_val)
    np.testing.assert_array_equal(p.featurize(p.raw_test), p.x_test)
    grid = np.stack(np.meshgrid(np.linspace(-6, 6, 100), np.linspace(-6, 6, 100)), -1)
    out = p.featurize(grid.reshape(-1, 2))
    assert out.shape == (10000, 4) and out.dtype == np.float32


def test_constant_feature_is_left_at_zero_not_divided_by_zero():
    raw = RawData(x=np.column_stack([np.arange(10.0), np.full(10, 0.1)]),
                  y=np.arange(10.0), task="regression", input_names=("a", "b"))
    p = prepare(spec(data__standardize=True, data__train_fraction=1.0), raw)
    np.testing.assert_allclose(p.x_train[:, 1], 0, atol=1e-6)
    assert np.isfinite(p.x_train).all() and len(p.x_test) == 0


def test_dtypes_and_target_shapes():
    c = prepare(spec(data__dataset="circle"))
    assert c.x_train.dtype == np.float32 and c.y_train.dtype == np.int64
    assert c.y_train.shape == (250,) and c.n_targets == 1 and c.n_classes == 2
    r = prepare(spec(data__dataset="reg-gauss"))
    assert r.y_train.dtype == np.float32 and r.y_train.shape == (600, 1)
    assert r.n_targets == 1 and r.n_classes == 0 and r.domain == (-6.0, 6.0)


def test_multi_column_targets_keep_their_width():
    raw = RawData(x=np.zeros((8, 2)), y=np.tile([[0.0, 1.0, 1.0]], (8, 1)), task="multilabel",
                  n_classes=3)
    p = prepare(spec(), raw)
    assert p.y_train.shape == (4, 3) and p.n_targets == 3 and p.y_train.dtype == np.float32


def test_dataset_features_and_the_1d_table():
    p = prepare(spec(data__dataset="poly3", data__standardize=False))
    assert p.feature_names == ("x", "x^2", "x^3")
    x = p.raw_train[:, 0]
    np.testing.assert_allclose(p.x_train, np.column_stack([x, x**2, x**3]), rtol=1e-6)
    assert p.curve is not None


def test_unknown_feature_is_a_spec_error():
    with pytest.raises(SpecError) as info:
        prepare(spec(data__features=["x1", "x^2"]))
    assert info.value.key == "data.features"


def test_non_finite_data_is_a_data_error():
    x = np.ones((6, 2))
    x[3, 1] = np.nan
    raw = RawData(x=x, y=np.zeros(6), task="regression")
    with pytest.raises(DataError, match="row 4, column 'x2'"):
        prepare(spec(), raw)
    raw = RawData(x=np.ones((6, 2)), y=np.array([0, 1, 0, np.inf, 1, 0]), task="regression")
    with pytest.raises(DataError, match="target is NaN or infinite"):
        prepare(spec(), raw)


def test_labels_out_of_range_are_a_data_error():
    raw = RawData(x=np.ones((4, 2)), y=np.array([0, 1, 2, 1]), task="classification",
                  n_classes=2)
    with pytest.raises(DataError, match="labels must be 0..1"):
        prepare(spec(), raw)


def test_images_keep_their_shape_and_classes():
    p = prepare(spec(data__dataset="digits", data__validation_fraction=0.1))
    assert p.image_shape == (8, 8) and p.n_classes == 10 and p.n_features == 64
    assert p.class_names == tuple("0123456789")
    assert 0 <= p.x_train.min() and p.x_train.max() <= 1  # pixels in [0, 1], not standardised


def test_prepare_is_fast():
    prepare(spec(data__dataset="digits"))  # the first call may read the file cold
    start = time.perf_counter()
    prepare(spec(data__dataset="digits"))
    digits = time.perf_counter() - start
    start = time.perf_counter()
    prepare(spec(data__dataset="circle"))
    circle = time.perf_counter() - start
    assert digits < 0.5 and circle < 0.05


def test_raw_argument_skips_generation():
    s = spec(data__dataset="spiral", data__noise=0.1)
    raw = generate(s)
    shifted = dataclasses.replace(raw, x=raw.x + 100)
    assert prepare(s, shifted).raw_train.min() > 90


@pytest.mark.parametrize("dataset, features, scaled", [
    ("poly3", None, True), ("sine", ["x", "x^2", "x^10"], True), ("sine", ["x"], False),
    ("house", None, False), ("linear", ["x1", "x1^2"], False)])
def test_powers_of_a_1d_input_are_standardized_by_default(dataset, features, scaled):
    """data.standardize = null scales x^2 .. x^10 (unusable raw: x^10 reaches 1e8), never the
    plain input x (the house lesson reads w = 2.8 off it) nor the 2-D sets."""
    p = prepare(spec(data__dataset=dataset, data__features=features))
    mean, std = p.x_train.mean(axis=0), p.x_train.std(axis=0)
    if scaled:
        np.testing.assert_allclose(mean, 0, atol=1e-5)
        np.testing.assert_allclose(std, 1, atol=1e-4)
    else:
        assert not np.allclose(std, 1, atol=1e-2) or not np.allclose(mean, 0, atol=1e-2)
    explicit = prepare(spec(data__dataset=dataset, data__features=features,
                            data__standardize=False))
    assert np.allclose(explicit.x_train, p.x_train) != scaled
