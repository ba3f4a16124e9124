"""Threshold metrics of a two-class classifier: ROC and precision-recall curves, the scores at
one threshold, and the row-normalised confusion matrix (pure numpy; course section 3.9).

``p1`` is the predicted probability of the positive class (class 1) per row; a row is
predicted positive when ``p1 >= threshold``. Ratios with a zero denominator are 0, as in
``metrics``; sklearn's ``roc_curve(drop_intermediate=False)``, ``roc_auc_score`` and
``average_precision_score`` give the same numbers.
"""

from __future__ import annotations

import numpy as np

from playground.core.train.metrics import _safe_divide


def _binary(y: np.ndarray, p1: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y).reshape(-1)
    p1 = np.asarray(p1, dtype=np.float64).reshape(-1)
    if y.shape != p1.shape:
        raise ValueError(f"{len(y)} labels and {len(p1)} scores")
    return y == 1, p1


def threshold_scores(y: np.ndarray, p1: np.ndarray, threshold: float) -> dict[str, float]:
    """Counts and scores when rows with ``p1 >= threshold`` are called positive.

    Keys: ``tp, fp, fn, tn`` (counts), ``precision`` TP / (TP + FP), ``recall`` (= ``tpr``)
    TP / (TP + FN), ``f1`` 2 TP / (2 TP + FP + FN), ``fpr`` FP / (FP + TN), ``accuracy``.
    """
    positive, p1 = _binary(y, p1)
    called = p1 >= threshold
    tp = int(np.sum(called & positive))
    fp = int(np.sum(called & ~positive))
    fn = int(np.sum(~called & positive))
    tn = int(np.sum(~called & ~positive))
    ratio = lambda a, b: float(_safe_divide(a, b))  # noqa: E731 - a local shorthand
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": ratio(tp, tp + fp), "recall": ratio(tp, tp + fn),
            "tpr": ratio(tp, tp + fn), "fpr": ratio(fp, fp + tn),
            "f1": ratio(2 * tp, 2 * tp + fp + fn),
            "accuracy": ratio(tp + tn, tp + fp + fn + tn)}


def _cumulative(positive: np.ndarray, p1: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(TP, FP, threshold) at each distinct score, thresholds descending."""
    order = np.argsort(-p1, kind="mergesort")
    scores, hits = p1[order], positive[order]
    last_of_each = np.r_[np.flatnonzero(np.diff(scores)), len(scores) - 1]
    tps = np.cumsum(hits)[last_of_each]
    fps = last_of_each + 1 - tps
    return tps.astype(np.float64), fps.astype(np.float64), scores[last_of_each]


def roc_curve(y: np.ndarray, p1: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(FPR, TPR, thresholds): one point per distinct score, thresholds descending, starting
    at (0, 0) with threshold +inf. Empty input gives the single point (0, 0)."""
    positive, p1 = _binary(y, p1)
    if len(p1) == 0:
        return np.zeros(1), np.zeros(1), np.array([np.inf])
    tps, fps, thresholds = _cumulative(positive, p1)
    tpr = _safe_divide(np.r_[0.0, tps], tps[-1])
    fpr = _safe_divide(np.r_[0.0, fps], fps[-1])
    return fpr, tpr, np.r_[np.inf, thresholds]


def precision_recall_curve(y: np.ndarray, p1: np.ndarray
                           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(precision, recall, thresholds): one point per distinct score, thresholds descending,
    starting at (precision 1, recall 0) with threshold +inf."""
    positive, p1 = _binary(y, p1)
    if len(p1) == 0:
        return np.ones(1), np.zeros(1), np.array([np.inf])
    tps, fps, thresholds = _cumulative(positive, p1)
    precision = _safe_divide(tps, tps + fps)
    recall = _safe_divide(tps, tps[-1])
    return np.r_[1.0, precision], np.r_[0.0, recall], np.r_[np.inf, thresholds]


def roc_auc(y: np.ndarray, p1: np.ndarray) -> float:
    """Area under the ROC curve (trapezoids); NaN when only one class is present."""
    positive, p1 = _binary(y, p1)
    if positive.all() or not positive.any():
        return float("nan")
    fpr, tpr, _ = roc_curve(y, p1)
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))


def average_precision(y: np.ndarray, p1: np.ndarray) -> float:
    """Area under the precision-recall steps, sum (R_n - R_(n-1)) P_n; NaN without positives."""
    positive, _ = _binary(y, p1)
    if not positive.any():
        return float("nan")
    precision, recall, _ = precision_recall_curve(y, p1)
    return float(np.sum(np.diff(recall) * precision[1:]))


def row_normalized(cm: np.ndarray) -> np.ndarray:
    """Each row of a confusion matrix divided by its sum (a row of zeros stays 0): entry
    [i, j] is the share of true class i predicted as j, so the diagonal is per-class recall."""
    cm = np.asarray(cm, dtype=np.float64)
    return _safe_divide(cm, cm.sum(axis=1, keepdims=True))
