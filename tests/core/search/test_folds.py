"""k-fold plans: disjoint folds covering the training share, stratified, reproducible."""

import numpy as np
import pytest

from playground.core.data.raw import prepare
from playground.core.search.folds import (
    FoldError,
    fold_data,
    fold_indices,
    plan_folds,
    pooled_rows,
)
from playground.core.spec import Spec


def test_folds_are_disjoint_and_cover_every_row():
    folds = fold_indices(23, 4, seed=5)
    together = np.concatenate(folds)
    assert sorted(together.tolist()) == list(range(23))  # covering, and no row twice
    assert sorted(len(f) for f in folds) == [5, 6, 6, 6]


def test_same_seed_same_folds_other_seed_other_folds():
    a = fold_indices(50, 5, seed=3)
    b = fold_indices(50, 5, seed=3)
    c = fold_indices(50, 5, seed=4)
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    assert not all(np.array_equal(x, y) for x, y in zip(a, c, strict=True))


def test_stratified_folds_keep_each_class_share():
    labels = np.array([0] * 30 + [1] * 9 + [2] * 61)
    rng = np.random.default_rng(0)
    labels = rng.permutation(labels)
    folds = fold_indices(len(labels), 3, seed=1, labels=labels)
    assert sorted(np.concatenate(folds).tolist()) == list(range(100))
    for c, count in ((0, 30), (1, 9), (2, 61)):
        per_fold = [int(np.sum(labels[f] == c)) for f in folds]
        assert sum(per_fold) == count
        assert max(per_fold) - min(per_fold) <= 1, (c, per_fold)
    assert max(len(f) for f in folds) - min(len(f) for f in folds) <= 1


def test_fold_counts_the_data_cannot_support_are_errors():
    with pytest.raises(FoldError, match="at least 2"):
        fold_indices(10, 1, seed=0)
    with pytest.raises(FoldError, match="more than the 10 training rows"):
        fold_indices(10, 11, seed=0)


def test_plan_covers_training_and_validation_rows_not_test_rows():
    spec = Spec({"data.dataset": "circle", "data.samples": 80,
                 "data.validation_fraction": 0.25, "seed": 2})
    prepared = prepare(spec)
    folds = plan_folds(prepared, 4, spec.seed)
    n_share = len(prepared.x_train) + len(prepared.x_val)
    assert sorted(np.concatenate(folds).tolist()) == list(range(n_share))
    _, y = pooled_rows(prepared)
    for c in (0, 1):  # stratified: each fold holds a quarter of each class, to one row
        per_fold = [int(np.sum(y[f] == c)) for f in folds]
        assert max(per_fold) - min(per_fold) <= 1, per_fold


def test_fold_data_refits_the_scaling_on_the_fold_training_rows():
    spec = Spec({"data.dataset": "house", "data.samples": 60, "data.standardize": True})
    prepared = prepare(spec)
    rows = plan_folds(prepared, 3, spec.seed)[1]
    fold = fold_data(prepared, rows)
    raw, y = pooled_rows(prepared)
    keep = np.ones(len(y), bool)
    keep[rows] = False
    assert len(fold.x_train) + len(fold.x_val) == len(y)
    np.testing.assert_array_equal(fold.raw_val, raw[rows])
    np.testing.assert_array_equal(fold.y_val, y[rows])
    # Standardised with the fold's own training rows: mean 0, std 1 there, not on the pool.
    np.testing.assert_allclose(fold.x_train.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(fold.x_train.std(axis=0), 1, atol=1e-5)
    expected = (raw[rows] - raw[keep].mean(axis=0)) / raw[keep].std(axis=0)
    np.testing.assert_allclose(fold.x_val, expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(fold.raw_test, prepared.raw_test)
