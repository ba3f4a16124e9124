"""Metrics: the course notes' worked examples (3.8, 3.9, 3.13) and cross-checks with sklearn."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sklearn.metrics as skm

from playground.core.train import metrics as m

# Any warning (divide by zero, empty mean, sklearn's zero-division notice) fails the test.
pytestmark = pytest.mark.filterwarnings("error")


def _labels_from_counts(cm: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """(y_true, y_pred) whose confusion matrix (rows = true) is ``cm``."""
    y_true: list[int] = []
    y_pred: list[int] = []
    for i, row in enumerate(cm):
        for j, count in enumerate(row):
            y_true += [i] * count
            y_pred += [j] * count
    return np.array(y_true), np.array(y_pred)


def _binary_counts(tp: int, fn: int, fp: int, tn: int) -> tuple[np.ndarray, np.ndarray]:
    """Labels with class 1 as the positive class: rows = true [negative, positive]."""
    return _labels_from_counts([[tn, fp], [fn, tp]])


# ----------------------------------------------------------------------------------------------
# 3.8 regression
# ----------------------------------------------------------------------------------------------


def test_regression_formulas_match_direct_computation() -> None:
    rng = np.random.default_rng(0)
    y = 2 * rng.standard_normal(200) + 1  # the notes' 3.8.2 data, seeded
    yhat = rng.standard_normal(200) + y
    got = m.regression_metrics(y, yhat)
    assert list(got) == list(m.REGRESSION_KEYS)
    assert got["mae"] == pytest.approx(np.mean(np.abs(y - yhat)), rel=1e-12)
    assert got["mse"] == pytest.approx(np.mean((y - yhat) ** 2), rel=1e-12)
    assert got["rmse"] == pytest.approx(np.sqrt(np.mean((y - yhat) ** 2)), rel=1e-12)
    assert got["mape"] == pytest.approx(np.mean(np.abs((y - yhat) / y)), rel=1e-12)
    r2 = 1 - np.sum((y - yhat) ** 2) / np.sum((y - y.mean()) ** 2)
    assert got["r2"] == pytest.approx(r2, rel=1e-12)
    assert got["rmse"] ** 2 == pytest.approx(got["mse"], rel=1e-12)
    for key, fn in [("mae", m.mae), ("mse", m.mse), ("rmse", m.rmse), ("mape", m.mape)]:
        assert fn(y, yhat) == got[key]
    assert m.r2(y, yhat) == got["r2"]


def test_textbook_printed_regression_output_is_consistent() -> None:
    # Section 3.8.2 prints MSE 0.8560928033277224 and RMSE 0.9252528321100792 (unseeded data).
    assert 0.9252528321100792**2 == pytest.approx(0.8560928033277224, rel=1e-12)


@pytest.mark.parametrize("shape", [(300,), (300, 3)])
def test_regression_matches_sklearn(shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(1)
    y = rng.normal(3.0, 2.0, size=shape)
    yhat = y + rng.normal(0.0, 0.7, size=shape)
    got = m.regression_metrics(y, yhat)
    assert got["mae"] == pytest.approx(skm.mean_absolute_error(y, yhat), rel=1e-12)
    assert got["mse"] == pytest.approx(skm.mean_squared_error(y, yhat), rel=1e-12)
    assert got["rmse"] == pytest.approx(np.sqrt(skm.mean_squared_error(y, yhat)), rel=1e-12)
    assert got["mape"] == pytest.approx(skm.mean_absolute_percentage_error(y, yhat), rel=1e-12)
    assert got["r2"] == pytest.approx(skm.r2_score(y, yhat), rel=1e-12)


def test_regression_column_vector_predictions_are_not_broadcast() -> None:
    y = np.array([1.0, 2.0, 3.0, 4.0])
    yhat = np.array([[1.5], [2.0], [2.0], [5.0]])  # a one-output network's (n, 1)
    assert m.regression_metrics(y, yhat) == m.regression_metrics(y, yhat.ravel())
    assert m.mse(yhat, y) == pytest.approx(np.mean((y - yhat.ravel()) ** 2))
    with pytest.raises(ValueError):
        m.mse(y, np.zeros(3))


def test_regression_degenerate_inputs_are_finite_and_silent() -> None:
    y = np.array([0.0, 1.0, 2.0])
    assert math.isfinite(m.mape(y, y + 1.0))  # y == 0 -> epsilon denominator, like sklearn
    assert m.mape(y, y + 1.0) == pytest.approx(skm.mean_absolute_percentage_error(y, y + 1.0))
    const = np.full(5, 2.0)
    assert m.r2(const, const) == 1.0 == skm.r2_score(const, const)
    assert m.r2(const, const + 0.1) == 0.0 == skm.r2_score(const, const + 0.1)
    empty = m.regression_metrics(np.zeros(0), np.zeros(0))
    assert set(empty) == set(m.REGRESSION_KEYS)
    assert all(math.isnan(v) for v in empty.values())


# ----------------------------------------------------------------------------------------------
# 3.9 classification
# ----------------------------------------------------------------------------------------------


def test_cat_dog_binary_example() -> None:
    # 12 dogs (positive, class 1), 10 cats: TP=5, FN=7, FP=3, TN=7.
    y_true, y_pred = _binary_counts(tp=5, fn=7, fp=3, tn=7)
    cm = m.confusion_matrix(y_true, y_pred, 2)
    # The notes draw positives first: [[TP, FN], [FP, TN]] = [[5, 7], [3, 7]].
    np.testing.assert_array_equal(cm[::-1, ::-1], [[5, 7], [3, 7]])
    assert m.accuracy(y_true, y_pred) == pytest.approx(12 / 22)
    assert round(m.accuracy(y_true, y_pred), 3) == 0.545
    precision, recall, f1, support = m.per_class_scores(cm)
    assert precision[1] == pytest.approx(0.625)
    assert recall[1] == pytest.approx(5 / 12)
    assert f1[1] == pytest.approx(0.5)
    np.testing.assert_array_equal(support, [10, 12])


def test_cancer_example_precision_recall_and_three_cases() -> None:
    # 100 000 negatives, 200 positives; 105 predicted positive, 5 of them right, TN = 99 900.
    y_true, y_pred = _binary_counts(tp=5, fn=195, fp=100, tn=99_900)
    precision, recall, _, _ = m.per_class_scores(m.confusion_matrix(y_true, y_pred, 2))
    assert precision[1] == pytest.approx(5 / 105)
    assert recall[1] == pytest.approx(5 / 200)
    assert round(m.accuracy(y_true, y_pred), 3) == 0.997

    cases = [
        # (TP, FN, FP, TN), accuracy, precision, recall, F1 as the notes print them
        ((200, 0, 100_000, 0), 0.002, 0.002, 1.0, 0.004),
        ((50, 150, 0, 100_000), 0.999, 1.0, 0.25, 0.4),
        ((190, 10, 20, 99_980), 0.999, 0.905, 0.95, 0.927),
    ]
    for (tp, fn, fp, tn), acc, p, r, f in cases:
        y_true, y_pred = _binary_counts(tp=tp, fn=fn, fp=fp, tn=tn)
        precision, recall, f1, _ = m.per_class_scores(m.confusion_matrix(y_true, y_pred, 2))
        # Printed to 3 decimals, sometimes truncated (0.9997 appears as 0.999).
        assert m.accuracy(y_true, y_pred) == pytest.approx(acc, abs=1e-3)
        assert precision[1] == pytest.approx(p, abs=1e-3)
        assert recall[1] == pytest.approx(r, abs=1e-3)
        # The notes print 0.039 for case one, but 2 * 200 / (400 + 100 000) = 0.00398:
        # a dropped zero (their own P = 0.002, R = 1.0 give 0.004 too).
        assert f1[1] == pytest.approx(f, abs=1e-3)


def test_three_class_example() -> None:
    y_true = np.array([1, 1, 1, 0, 0, 0, 2, 2, 2, 2])
    y_pred = np.array([1, 0, 0, 0, 2, 1, 0, 0, 2, 2])
    cm = m.confusion_matrix(y_true, y_pred, 3)
    np.testing.assert_array_equal(cm, [[1, 1, 1], [2, 1, 0], [2, 0, 2]])
    assert cm.dtype == np.int64
    precision, recall, f1, support = m.per_class_scores(cm)
    np.testing.assert_array_equal(np.round(precision, 2), [0.2, 0.5, 0.67])
    np.testing.assert_array_equal(np.round(recall, 2), [0.33, 0.33, 0.5])
    np.testing.assert_array_equal(np.round(f1, 2), [0.25, 0.40, 0.57])
    np.testing.assert_array_equal(support, [3, 3, 4])
    assert m.accuracy(y_true, y_pred) == pytest.approx(0.4)
    assert np.round(m.averaged_scores(cm, "macro"), 2).tolist() == [0.46, 0.39, 0.41]
    assert np.round(m.averaged_scores(cm, "weighted"), 2).tolist() == [0.48, 0.40, 0.42]
    assert m.averaged_scores(cm, "micro") == pytest.approx((0.4, 0.4, 0.4))

    got = m.classification_metrics(y_true, y_pred, 3)
    assert list(got) == list(m.CLASSIFICATION_KEYS)  # labels, not scores: no top-2
    assert got["accuracy"] == pytest.approx(0.4)
    assert round(got["precision_macro"], 2) == 0.46
    assert round(got["recall_macro"], 2) == 0.39
    assert round(got["f1_macro"], 2) == 0.41
    assert round(got["precision_weighted"], 2) == 0.48
    assert round(got["recall_weighted"], 2) == 0.40
    assert round(got["f1_weighted"], 2) == 0.42


def test_top_k_example() -> None:
    logits = np.array([[0.1, 0.3, 0.2, 0.4], [0.5, 0.01, 0.9, 0.4]])
    y = np.array([3, 0])
    assert m.top_k_accuracy(y, logits, 1) == 0.5
    assert m.top_k_accuracy(y, logits, 2) == 1.0
    got = m.classification_metrics(y, logits, 4)
    assert got["accuracy"] == 0.5
    assert got["top2_accuracy"] == 1.0


def test_top_k_ties_follow_argmax() -> None:
    scores = np.zeros((6, 3))  # every class tied: argmax picks class 0
    y = np.array([0, 0, 1, 2, 1, 0])
    assert m.top_k_accuracy(y, scores, 1) == pytest.approx(0.5)
    assert m.top_k_accuracy(y, scores, 2) == pytest.approx(5 / 6)
    assert m.top_k_accuracy(y, scores, 3) == 1.0
    assert m.top_k_accuracy(y, scores, 10) == 1.0
    with pytest.raises(ValueError):
        m.top_k_accuracy(y, scores, 0)


def _random_five_class(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Labels, scores whose argmax never picks class 3, and that argmax."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 5, size=2000)
    scores = rng.normal(size=(2000, 5))
    scores[np.arange(2000), y] += 1.0  # better than chance
    scores[:, 3] = -10.0  # class 3 is never predicted
    return y, scores, scores.argmax(axis=1)


def test_classification_matches_sklearn_with_a_never_predicted_class() -> None:
    y, scores, pred = _random_five_class(2)
    assert 3 in y and 3 not in pred
    cm = m.confusion_matrix(y, pred, 5)
    np.testing.assert_array_equal(cm, skm.confusion_matrix(y, pred, labels=range(5)))

    precision, recall, f1, support = m.per_class_scores(cm)
    sk = skm.precision_recall_fscore_support(y, pred, labels=range(5), zero_division=0)
    for ours, theirs in zip((precision, recall, f1, support), sk, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    assert precision[3] == 0.0 and recall[3] == 0.0 and f1[3] == 0.0

    got = m.classification_metrics(y, scores, 5)
    assert set(got) == set(m.CLASSIFICATION_KEYS) | {"top2_accuracy"}
    assert all(math.isfinite(v) for v in got.values())
    assert got["accuracy"] == pytest.approx(skm.accuracy_score(y, pred))
    for average in ("macro", "micro", "weighted"):
        p, r, f, _ = skm.precision_recall_fscore_support(y, pred, average=average, zero_division=0)
        assert got[f"precision_{average}"] == pytest.approx(p, rel=1e-12)
        assert got[f"recall_{average}"] == pytest.approx(r, rel=1e-12)
        assert got[f"f1_{average}"] == pytest.approx(f, rel=1e-12)
    assert got["top2_accuracy"] == pytest.approx(
        skm.top_k_accuracy_score(y, scores, k=2, labels=range(5))
    )
    assert m.classification_metrics(y, pred, 5) == {
        k: v for k, v in got.items() if k != "top2_accuracy"
    }


def test_macro_leaves_out_classes_absent_from_both_like_sklearn() -> None:
    y, _, pred = _random_five_class(3)
    keep = (y != 4) & (pred != 4)  # class 4 occurs nowhere, class 3 only in y
    y, pred = y[keep], pred[keep]
    got = m.classification_metrics(y, pred, 5)
    for average in ("macro", "weighted"):
        p, r, f, _ = skm.precision_recall_fscore_support(y, pred, average=average, zero_division=0)
        assert (got[f"precision_{average}"], got[f"recall_{average}"], got[f"f1_{average}"]) == (
            pytest.approx(p, rel=1e-12),
            pytest.approx(r, rel=1e-12),
            pytest.approx(f, rel=1e-12),
        )


def test_classification_edge_cases() -> None:
    binary = m.classification_metrics(np.array([0, 1, 1]), np.array([[2.0, 1.0]] * 3), 2)
    assert "top2_accuracy" not in binary  # top-2 of two classes is always 1
    # Everything predicted as class 0: precision 1/3 for class 0, 0 (not NaN) for class 1.
    assert binary["precision_macro"] == pytest.approx((1 / 3 + 0) / 2)
    empty = m.classification_metrics(np.zeros(0, int), np.zeros((0, 4)), 4)
    assert set(empty) == set(m.CLASSIFICATION_KEYS) | {"top2_accuracy"}
    assert all(math.isnan(v) for v in empty.values())
    with pytest.raises(ValueError):
        m.confusion_matrix(np.array([0, 3]), np.array([0, 1]), 3)  # label out of range
    with pytest.raises(ValueError):
        m.classification_metrics(np.array([0, 1]), np.zeros((2, 3)), 2)  # wrong width
    with pytest.raises(ValueError):
        m.averaged_scores(np.eye(2), "samples")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------------------------
# 3.13 multi-label
# ----------------------------------------------------------------------------------------------

ML_TRUE = np.array([[0, 1, 0, 1], [0, 1, 1, 0], [0, 0, 1, 1]])
ML_PRED = np.array([[0, 1, 1, 0], [0, 1, 1, 0], [1, 1, 0, 0]])


def test_multilabel_example() -> None:
    assert m.exact_match_ratio(ML_TRUE, ML_PRED) == pytest.approx(1 / 3)
    assert m.zero_one_loss(ML_TRUE, ML_PRED) == pytest.approx(2 / 3)
    assert m.jaccard_accuracy(ML_TRUE, ML_PRED) == pytest.approx(4 / 9)
    assert round(m.jaccard_accuracy(ML_TRUE, ML_PRED), 4) == 0.4444
    assert m.sample_precision(ML_TRUE, ML_PRED) == pytest.approx(0.5)
    assert m.sample_recall(ML_TRUE, ML_PRED) == pytest.approx(0.5)
    assert m.sample_f1(ML_TRUE, ML_PRED) == pytest.approx(0.5)
    assert m.hamming_loss(ML_TRUE, ML_PRED) == pytest.approx(0.5)
    got = m.multilabel_metrics(ML_TRUE.astype(np.float64), ML_PRED.astype(np.float64))
    assert list(got) == list(m.MULTILABEL_KEYS)
    expected = [1 / 3, 2 / 3, 4 / 9, 0.5, 0.5, 0.5, 0.5]
    assert list(got.values()) == pytest.approx(expected)


def test_multilabel_empty_rows_follow_the_notes_code() -> None:
    y = np.array([[0, 0, 0], [1, 0, 1], [0, 0, 0], [0, 1, 0]])
    p = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 0]])
    # Row 0: both empty; row 2: no true labels; row 3: nothing predicted.
    assert m.sample_precision(y, p) == pytest.approx((0 + 1 + 0 + 0) / 4)
    assert m.sample_recall(y, p) == pytest.approx((0 + 0.5 + 0 + 0) / 4)
    assert m.sample_f1(y, p) == pytest.approx((0 + 2 / 3 + 0 + 0) / 4)
    assert m.jaccard_accuracy(y, p) == pytest.approx((1 + 0.5 + 0 + 0) / 4)  # 0/0 counts as 1
    assert m.exact_match_ratio(y, p) == pytest.approx(0.25)


def test_multilabel_matches_sklearn() -> None:
    rng = np.random.default_rng(4)
    y = (rng.random((500, 6)) < 0.3).astype(np.float64)
    p = (rng.random((500, 6)) < 0.3).astype(np.float64)
    assert (y.sum(1) == 0).any() and (p.sum(1) == 0).any()  # empty rows are exercised
    got = m.multilabel_metrics(y, p)
    assert got["exact_match"] == pytest.approx(skm.accuracy_score(y, p))
    assert got["zero_one_loss"] == pytest.approx(skm.zero_one_loss(y, p))
    assert got["hamming_loss"] == pytest.approx(skm.hamming_loss(y, p))
    assert got["accuracy"] == pytest.approx(
        skm.jaccard_score(y, p, average="samples", zero_division=1)
    )
    for key, fn in [
        ("precision", skm.precision_score),
        ("recall", skm.recall_score),
        ("f1", skm.f1_score),
    ]:
        assert got[key] == pytest.approx(fn(y, p, average="samples", zero_division=0)), key


def test_multilabel_rejects_mismatched_shapes_and_handles_no_rows() -> None:
    with pytest.raises(ValueError):
        m.multilabel_metrics(ML_TRUE, ML_PRED[:, :3])
    empty = m.multilabel_metrics(np.zeros((0, 4)), np.zeros((0, 4)))
    assert all(math.isnan(v) for v in empty.values())
