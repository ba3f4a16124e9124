"""The input feature table: names, values, errors."""

import numpy as np
import pytest

from playground.core.data.features import MAX_POWER, apply_features, feature_table
from playground.core.spec import SpecError

RAW_2D = np.array([[1.0, 2.0], [-0.5, 3.0], [0.0, -1.5]])


def test_plane_table_is_tf_playgrounds():
    assert list(feature_table(("x1", "x2"))) == [
        "x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)", "cos(x1)", "cos(x2)"]


def test_plane_feature_values():
    names = list(feature_table(("x1", "x2")))
    out = apply_features(names, RAW_2D)
    x1, x2 = RAW_2D.T
    expected = np.column_stack([x1, x2, x1**2, x2**2, x1 * x2, np.sin(x1), np.sin(x2),
                                np.cos(x1), np.cos(x2)])
    np.testing.assert_allclose(out, expected)
    assert out.dtype == np.float64 and out.shape == (3, 9)


def test_features_come_out_in_the_order_asked():
    out = apply_features(["x1*x2", "x1"], RAW_2D)
    np.testing.assert_allclose(out, np.column_stack([RAW_2D[:, 0] * RAW_2D[:, 1], RAW_2D[:, 0]]))


def test_line_table_has_powers_up_to_ten():
    table = feature_table(("x",))
    assert list(table) == ["x"] + [f"x^{k}" for k in range(2, MAX_POWER + 1)]
    x = np.array([[2.0], [-1.5]])
    out = apply_features(["x", "x^3", "x^10"], x, ("x",))
    np.testing.assert_allclose(out, np.column_stack([x[:, 0], x[:, 0] ** 3, x[:, 0] ** 10]))


def test_tabular_features_are_the_raw_columns():
    names = ("age", "bmi", "bp")
    assert list(feature_table(names)) == list(names)
    raw = np.arange(12.0).reshape(4, 3)
    np.testing.assert_array_equal(apply_features(["bp", "age"], raw, names), raw[:, [2, 0]])
    identity = apply_features(names, raw, names)
    np.testing.assert_array_equal(identity, raw)
    assert identity is not raw  # a copy: scaling it in place must not touch the raw data


def test_float32_pixels_stay_float32():
    names = tuple(f"p{i}" for i in range(4))
    raw = np.random.default_rng(0).random((5, 4), dtype=np.float32)
    assert apply_features(names, raw, names).dtype == np.float32
    assert apply_features(["p3"], raw, names).dtype == np.float32


def test_unknown_feature_names_the_field_and_the_choices():
    with pytest.raises(SpecError) as info:
        apply_features(["x1", "x3"], RAW_2D)
    assert info.value.key == "data.features" and info.value.value == "x3"
    assert "x1*x2" in str(info.value) and "sin(x1)" in str(info.value)


def test_long_choice_lists_are_shortened():
    names = tuple(f"pixel_{i}" for i in range(784))
    with pytest.raises(SpecError) as info:
        apply_features(["x1"], np.zeros((1, 784)), names)
    message = str(info.value)
    assert "784 in all" in message and "pixel_700" not in message


def test_raw_width_must_match_the_names():
    with pytest.raises(ValueError, match="shape"):
        apply_features(["x"], RAW_2D, ("x",))
