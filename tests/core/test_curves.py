"""ROC and precision-recall curves and threshold scores against sklearn."""

import numpy as np
import pytest
from sklearn import metrics as sk

from playground.core.train import curves


@pytest.fixture
def scored():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 200)
    p1 = np.clip(0.35 * y + rng.uniform(0, 0.65, 200), 0, 1).round(2)  # ties included
    return y, p1


def test_roc_curve_and_auc_match_sklearn(scored):
    y, p1 = scored
    fpr, tpr, thresholds = curves.roc_curve(y, p1)
    sk_fpr, sk_tpr, sk_thr = sk.roc_curve(y, p1, drop_intermediate=False)
    np.testing.assert_allclose(fpr, sk_fpr)
    np.testing.assert_allclose(tpr, sk_tpr)
    np.testing.assert_allclose(thresholds[1:], sk_thr[1:])
    assert curves.roc_auc(y, p1) == pytest.approx(sk.roc_auc_score(y, p1))


def test_precision_recall_points_are_the_scores_at_each_threshold(scored):
    y, p1 = scored
    precision, recall, thresholds = curves.precision_recall_curve(y, p1)
    assert precision[0] == 1 and recall[0] == 0 and np.all(np.diff(recall) >= 0)
    for p, r, t in zip(precision[1:], recall[1:], thresholds[1:], strict=True):
        called = (p1 >= t).astype(int)
        assert p == pytest.approx(sk.precision_score(y, called))
        assert r == pytest.approx(sk.recall_score(y, called))
    assert curves.average_precision(y, p1) == pytest.approx(sk.average_precision_score(y, p1))


@pytest.mark.parametrize("threshold", [0.0, 0.3, 0.5, 0.77, 1.0])
def test_threshold_scores_match_sklearn(scored, threshold):
    y, p1 = scored
    got = curves.threshold_scores(y, p1, threshold)
    called = (p1 >= threshold).astype(int)
    tn, fp, fn, tp = sk.confusion_matrix(y, called, labels=[0, 1]).ravel()
    assert (got["tp"], got["fp"], got["fn"], got["tn"]) == (tp, fp, fn, tn)
    assert got["precision"] == pytest.approx(sk.precision_score(y, called, zero_division=0))
    assert got["recall"] == pytest.approx(sk.recall_score(y, called, zero_division=0))
    assert got["f1"] == pytest.approx(sk.f1_score(y, called, zero_division=0))
    assert got["fpr"] == pytest.approx(fp / (fp + tn))


def test_row_normalized_confusion_has_recall_on_the_diagonal():
    cm = np.array([[8, 2, 0], [1, 3, 0], [0, 0, 0]])
    norm = curves.row_normalized(cm)
    np.testing.assert_allclose(norm[0], [0.8, 0.2, 0])
    np.testing.assert_allclose(norm[1], [0.25, 0.75, 0])
    np.testing.assert_array_equal(norm[2], [0, 0, 0])  # no rows of class 2: zeros, no warning


def test_one_class_only_gives_nan_areas_without_warnings():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(curves.roc_auc([1, 1, 1], [0.2, 0.5, 0.9]))
        assert np.isnan(curves.average_precision([0, 0], [0.2, 0.5]))
        fpr, tpr, _ = curves.roc_curve([0, 0], [0.2, 0.5])
        assert np.all(tpr == 0)


def test_snapshots_carry_each_splits_outputs_read_only_through_pickle():
    import pickle

    from playground.core.spec import Spec
    from playground.core.train.trainer import SNAPSHOT_OUTPUT_ROWS, Trainer

    trainer = Trainer(Spec({"data.dataset": "gauss", "data.samples": 40,
                            "data.validation_fraction": 0.25}))
    snap = pickle.loads(pickle.dumps(trainer.snapshot(grid=False)))
    assert set(snap.split_outputs) == {"train", "validation", "test"}
    probs = snap.split_outputs["test"]
    assert probs.shape == (20, 2) and not probs.flags.writeable
    out, _ = trainer.outputs("test")
    np.testing.assert_allclose(probs, trainer.head.probabilities(out).numpy(), rtol=1e-6)
    assert len(trainer.split_outputs(rows=5)["train"]) == 5 < SNAPSHOT_OUTPUT_ROWS
