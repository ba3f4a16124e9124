"""Evaluation metrics for regression, classification and multi-label tasks (pure numpy).

Formulas follow the course notes (sections 3.8, 3.9 and 3.13). Every metric returns a plain
``float`` (or a numpy array for per-class values) and never warns: where a ratio has a zero
denominator the convention is stated in the function's docstring. All values are unitless
fractions except MAE / MSE / RMSE, which are in the target's units (squared for MSE).

An empty input (0 rows) has nothing to measure: the mean-type metrics then return NaN, and the
``*_metrics`` entry points NaN for every key, without a warning.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

Average = Literal["macro", "micro", "weighted"]

REGRESSION_KEYS: tuple[str, ...] = ("mae", "mse", "rmse", "mape", "r2")
"""Keys of :func:`regression_metrics`, in display order."""

CLASSIFICATION_KEYS: tuple[str, ...] = (
    "accuracy", "precision_macro", "recall_macro", "f1_macro", "precision_micro", "recall_micro",
    "f1_micro", "precision_weighted", "recall_weighted", "f1_weighted")
"""Keys :func:`classification_metrics` always returns (``top2_accuracy`` is added when
scores with more than two classes are given)."""

MULTILABEL_KEYS: tuple[str, ...] = (
    "exact_match", "zero_one_loss", "accuracy", "precision", "recall", "f1", "hamming_loss")
"""Keys of :func:`multilabel_metrics`, in display order."""


def _safe_divide(num: np.ndarray, den: np.ndarray, fill: float = 0.0) -> np.ndarray:
    """``num / den`` elementwise as float64, with ``fill`` where ``den == 0`` (no warning)."""
    num = np.asarray(num, dtype=np.float64)
    den = np.asarray(den, dtype=np.float64)
    out = np.full(np.broadcast(num, den).shape, fill, dtype=np.float64)
    np.divide(num, den, out=out, where=den != 0)
    return out


def _mean(values: np.ndarray) -> float:
    """Mean of all entries as a float; NaN without a warning when there are none."""
    return float(np.mean(values)) if np.size(values) else float("nan")


# ----------------------------------------------------------------------------------------------
# Regression (section 3.8)
# ----------------------------------------------------------------------------------------------


def _regression_pair(y: np.ndarray, yhat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Both arrays as float64 of one shape, (n,) or (n, t).

    A (n,) target with (n, 1) predictions (a one-output network), or the reverse, is
    flattened rather than broadcast to (n, n).
    """
    y = np.asarray(y, dtype=np.float64)
    yhat = np.asarray(yhat, dtype=np.float64)
    if y.shape != yhat.shape:
        shapes = {y.shape, yhat.shape}
        if len(y) == len(yhat) and shapes == {(len(y),), (len(y), 1)}:
            y, yhat = y.reshape(-1), yhat.reshape(-1)
        else:
            raise ValueError(f"targets {y.shape} and predictions {yhat.shape} differ in shape")
    if y.ndim not in (1, 2):
        raise ValueError(f"regression targets must be (n,) or (n, t), got {y.shape}")
    return y, yhat


def mae(y: np.ndarray, yhat: np.ndarray) -> float:
    """Mean absolute error, mean |y - yhat| over all entries, in the target's units."""
    y, yhat = _regression_pair(y, yhat)
    return _mean(np.abs(y - yhat))


def mse(y: np.ndarray, yhat: np.ndarray) -> float:
    """Mean squared error, mean (y - yhat)^2 over all entries, in the target's units squared."""
    y, yhat = _regression_pair(y, yhat)
    return _mean((y - yhat) ** 2)


def rmse(y: np.ndarray, yhat: np.ndarray) -> float:
    """Root mean squared error, sqrt(MSE), in the target's units."""
    return float(np.sqrt(mse(y, yhat)))


def mape(y: np.ndarray, yhat: np.ndarray) -> float:
    """Mean absolute percentage error as a fraction: mean |(y - yhat) / y| over all entries.

    This is the textbook's code (formula 3-72 without its 100%): 0.05 means 5 %; the UI shows
    the value x100 with a % sign. Where y == 0 the denominator is the float64 machine epsilon
    instead (as sklearn does), so the value is huge but finite rather than inf.
    """
    y, yhat = _regression_pair(y, yhat)
    eps = np.finfo(np.float64).eps
    return _mean(np.abs(y - yhat) / np.maximum(np.abs(y), eps))


def r2(y: np.ndarray, yhat: np.ndarray) -> float:
    """Coefficient of determination, 1 - sum (y - yhat)^2 / sum (y - mean y)^2 (unitless, <= 1).

    For (n, t) targets R^2 is computed per column and averaged (sklearn's default
    ``multioutput="uniform_average"``). A constant target column (zero variance) scores 1.0 if
    predicted exactly and 0.0 otherwise, as sklearn's ``force_finite=True`` does.
    """
    y, yhat = _regression_pair(y, yhat)
    if len(y) == 0:
        return float("nan")
    y2 = y.reshape(len(y), -1)
    yhat2 = yhat.reshape(len(yhat), -1)
    residual = np.sum((y2 - yhat2) ** 2, axis=0)
    total = np.sum((y2 - y2.mean(axis=0)) ** 2, axis=0)
    per_column = 1.0 - _safe_divide(residual, total, fill=0.0)
    per_column = np.where(total == 0, np.where(residual == 0, 1.0, 0.0), per_column)
    return _mean(per_column)


def regression_metrics(y: np.ndarray, yhat: np.ndarray) -> dict[str, float]:
    """All regression metrics at once: keys ``mae, mse, rmse, mape, r2`` (see each function).

    ``y`` and ``yhat`` are (n,) or (n, t); errors are averaged over all entries.
    """
    y, yhat = _regression_pair(y, yhat)
    if y.size == 0:
        return dict.fromkeys(REGRESSION_KEYS, float("nan"))
    mse_value = mse(y, yhat)
    return {
        "mae": mae(y, yhat),
        "mse": mse_value,
        "rmse": float(np.sqrt(mse_value)),
        "mape": mape(y, yhat),
        "r2": r2(y, yhat),
    }


# ----------------------------------------------------------------------------------------------
# Single-label classification (section 3.9)
# ----------------------------------------------------------------------------------------------


def _labels(y: np.ndarray, n_classes: int, what: str) -> np.ndarray:
    """Class labels as a flat int64 array, checked to lie in 0..n_classes-1."""
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"{what} must be a 1-D array of class labels, got shape {y.shape}")
    labels = y.astype(np.int64)
    if not np.array_equal(labels, y):
        raise ValueError(f"{what} must hold whole class numbers")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"{what} must lie in 0..{n_classes - 1}")
    return labels


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    """(k, k) int64 counts: entry [i, j] is the number of rows of true class i predicted as j.

    Rows are true classes and columns predicted classes, as in the textbook's figure 3-37.
    """
    t = _labels(y_true, n_classes, "y_true")
    p = _labels(y_pred, n_classes, "y_pred")
    if t.shape != p.shape:
        raise ValueError(f"y_true {t.shape} and y_pred {p.shape} differ in length")
    counts = np.bincount(t * n_classes + p, minlength=n_classes * n_classes)
    return counts.reshape(n_classes, n_classes).astype(np.int64)


def accuracy(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Fraction of rows whose predicted class equals the true class (NaN for 0 rows)."""
    t = np.asarray(y_true)
    p = np.asarray(y_pred)
    if t.shape != p.shape:
        raise ValueError(f"y_true {t.shape} and y_pred {p.shape} differ in shape")
    return _mean(t == p)


def per_class_scores(cm: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per-class (precision, recall, F1, support) from a confusion matrix (rows = true).

    Precision TP / (TP + FP), recall TP / (TP + FN), F1 = 2 TP / (2 TP + FP + FN) (the harmonic
    mean of the two). Each is 0 where its denominator is 0, like sklearn's ``zero_division=0``.
    Support is the number of true rows of each class (int64). Each array has k entries.
    """
    cm = np.asarray(cm, dtype=np.int64)
    tp = np.diag(cm)
    predicted = cm.sum(axis=0)
    support = cm.sum(axis=1)
    precision = _safe_divide(tp, predicted)
    recall = _safe_divide(tp, support)
    f1 = _safe_divide(2 * tp, predicted + support)
    return precision, recall, f1, support


def averaged_scores(cm: np.ndarray, average: Average) -> tuple[float, float, float]:
    """(precision, recall, F1) averaged over classes from a confusion matrix (rows = true).

    ``macro``: the unweighted mean of the per-class values over the classes that occur in the
    true or the predicted labels (a class absent from both is left out, as sklearn does when
    not given ``labels``). ``weighted``: the mean weighted by each class's support (true
    count). ``micro``: computed from the pooled TP / FP / FN counts; for single-label data all
    three equal the accuracy. Undefined per-class values count as 0; 0 rows give (0, 0, 0).
    """
    cm = np.asarray(cm, dtype=np.int64)
    precision, recall, f1, support = per_class_scores(cm)
    if average == "micro":
        tp = float(np.trace(cm))
        total = float(cm.sum())
        # Pooled over classes, TP + FP and TP + FN are both the row count.
        value = tp / total if total else 0.0
        return value, value, value
    if average == "macro":
        present = (support > 0) | (cm.sum(axis=0) > 0)
        if not present.any():
            return 0.0, 0.0, 0.0
        return (
            float(precision[present].mean()),
            float(recall[present].mean()),
            float(f1[present].mean()),
        )
    if average == "weighted":
        total = support.sum()
        if total == 0:
            return 0.0, 0.0, 0.0
        weights = support / total
        return (
            float(weights @ precision),
            float(weights @ recall),
            float(weights @ f1),
        )
    raise ValueError(f"average must be 'macro', 'micro' or 'weighted', got {average!r}")


def top_k_accuracy(y_true: np.ndarray, scores: np.ndarray, k: int) -> float:
    """Fraction of rows whose true class is among the k highest scores (NaN for 0 rows).

    ``scores`` is (n, n_classes): logits or probabilities. Ties are broken towards the lower
    class index, as ``argmax`` does, so ``k=1`` equals the accuracy of ``scores.argmax(1)``.
    ``k >= n_classes`` gives 1.0.
    """
    scores = np.asarray(scores, dtype=np.float64)
    if scores.ndim != 2:
        raise ValueError(f"scores must be (n, n_classes), got {scores.shape}")
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    n, n_classes = scores.shape
    t = _labels(y_true, n_classes, "y_true")
    if len(t) != n:
        raise ValueError(f"y_true has {len(t)} rows but scores have {n}")
    if n == 0:
        return float("nan")
    true_score = scores[np.arange(n), t][:, None]
    below_true = np.arange(n_classes)[None, :] < t[:, None]
    # The true class's 0-based rank: classes scoring higher, plus equal ones before it.
    rank = np.sum(scores > true_score, axis=1) + np.sum((scores == true_score) & below_true, axis=1)
    return _mean(rank < k)


def classification_metrics(
    y: np.ndarray, scores_or_pred: np.ndarray, n_classes: int
) -> dict[str, float]:
    """Accuracy and macro / micro / weighted precision, recall and F1 (fractions in [0, 1]).

    ``y`` is (n,) true labels in 0..n_classes-1. ``scores_or_pred`` is either (n, n_classes)
    scores (logits or probabilities; the prediction is their argmax) or (n,) predicted labels.
    Keys: see :data:`CLASSIFICATION_KEYS`; with scores and ``n_classes > 2`` also
    ``top2_accuracy``.
    """
    values = np.asarray(scores_or_pred)
    if values.ndim == 2:
        if values.shape[1] != n_classes:
            raise ValueError(f"scores have {values.shape[1]} columns for {n_classes} classes")
        pred = np.argmax(values, axis=1) if len(values) else np.zeros(0, dtype=np.int64)
    elif values.ndim == 1:
        pred = values
    else:
        raise ValueError(f"expected (n,) labels or (n, k) scores, got {values.shape}")
    with_top2 = values.ndim == 2 and n_classes > 2
    cm = confusion_matrix(y, pred, n_classes)
    total = int(cm.sum())
    if total == 0:
        keys = CLASSIFICATION_KEYS + (("top2_accuracy",) if with_top2 else ())
        return dict.fromkeys(keys, float("nan"))
    out = {"accuracy": float(np.trace(cm)) / total}
    for average in ("macro", "micro", "weighted"):
        p, r, f = averaged_scores(cm, average)
        out[f"precision_{average}"] = p
        out[f"recall_{average}"] = r
        out[f"f1_{average}"] = f
    if with_top2:
        out["top2_accuracy"] = top_k_accuracy(y, values, 2)
    return out


# ----------------------------------------------------------------------------------------------
# Multi-label classification (section 3.13)
# ----------------------------------------------------------------------------------------------


def _multilabel_pair(y: np.ndarray, yhat01: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Both (n, q) 0/1 matrices as bool arrays of one shape (nonzero means the label is on)."""
    y = np.asarray(y)
    yhat01 = np.asarray(yhat01)
    if y.ndim != 2 or y.shape != yhat01.shape:
        raise ValueError(f"expected two (n, q) 0/1 matrices, got {y.shape} and {yhat01.shape}")
    return y != 0, yhat01 != 0


def exact_match_ratio(y: np.ndarray, yhat01: np.ndarray) -> float:
    """Fraction of rows whose predicted label set equals the true one exactly (formula 3-125)."""
    t, p = _multilabel_pair(y, yhat01)
    return _mean(np.all(t == p, axis=1))


def zero_one_loss(y: np.ndarray, yhat01: np.ndarray) -> float:
    """Fraction of rows with at least one wrong label, 1 - exact match ratio (formula 3-126)."""
    return 1.0 - exact_match_ratio(y, yhat01)  # NaN stays NaN for 0 rows


def jaccard_accuracy(y: np.ndarray, yhat01: np.ndarray) -> float:
    """Sample-averaged Jaccard index |y ∩ ŷ| / |y ∪ ŷ|, the textbook's multi-label accuracy.

    Formula 3-127. A row where both the true and the predicted sets are empty has 0/0 (the
    textbook's code yields NaN there); it counts as 1 here, since predicting no labels for a
    row with no labels is exactly right (sklearn ``jaccard_score(..., zero_division=1)``).
    """
    t, p = _multilabel_pair(y, yhat01)
    inter = np.sum(t & p, axis=1)
    union = np.sum(t | p, axis=1)
    return _mean(_safe_divide(inter, union, fill=1.0))


def sample_precision(y: np.ndarray, yhat01: np.ndarray) -> float:
    """Sample-averaged precision, mean of |y ∩ ŷ| / |ŷ| (formula 3-130).

    A row with no predicted labels contributes 0 but still counts in the mean, as the
    textbook's code does (sklearn ``average="samples", zero_division=0``).
    """
    t, p = _multilabel_pair(y, yhat01)
    return _mean(_safe_divide(np.sum(t & p, axis=1), np.sum(p, axis=1)))


def sample_recall(y: np.ndarray, yhat01: np.ndarray) -> float:
    """Sample-averaged recall, mean of |y ∩ ŷ| / |y| (formula 3-133).

    A row with no true labels contributes 0 but still counts in the mean, as the textbook's
    code does.
    """
    t, p = _multilabel_pair(y, yhat01)
    return _mean(_safe_divide(np.sum(t & p, axis=1), np.sum(t, axis=1)))


def sample_f1(y: np.ndarray, yhat01: np.ndarray) -> float:
    """Sample-averaged F1, mean of 2 |y ∩ ŷ| / (|y| + |ŷ|) (formula 3-135).

    A row where both sets are empty contributes 0 but still counts in the mean, as the
    textbook's code does (unlike :func:`jaccard_accuracy`, which counts it as 1).
    """
    t, p = _multilabel_pair(y, yhat01)
    inter = np.sum(t & p, axis=1)
    return _mean(_safe_divide(2 * inter, np.sum(t, axis=1) + np.sum(p, axis=1)))


def hamming_loss(y: np.ndarray, yhat01: np.ndarray) -> float:
    """Fraction of all n * q label entries predicted wrongly (formula 3-137)."""
    t, p = _multilabel_pair(y, yhat01)
    return _mean(t != p)


def multilabel_metrics(y: np.ndarray, yhat01: np.ndarray) -> dict[str, float]:
    """All multi-label metrics for (n, q) 0/1 matrices (fractions in [0, 1]).

    Keys: ``exact_match``, ``zero_one_loss``, ``accuracy`` (the sample-averaged Jaccard index,
    the textbook's multi-label accuracy), ``precision``, ``recall``, ``f1`` (sample-averaged)
    and ``hamming_loss``. See each function for its 0/0 convention.
    """
    exact = exact_match_ratio(y, yhat01)
    return {
        "exact_match": exact,
        "zero_one_loss": 1.0 - exact,
        "accuracy": jaccard_accuracy(y, yhat01),
        "precision": sample_precision(y, yhat01),
        "recall": sample_recall(y, yhat01),
        "f1": sample_f1(y, yhat01),
        "hamming_loss": hamming_loss(y, yhat01),
    }
