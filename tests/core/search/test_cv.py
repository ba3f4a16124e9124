"""Cross-validation: lock-step fold training equals training each fold alone; mean and std."""

import math

import numpy as np
import pytest

from playground.core.data.raw import prepare
from playground.core.search.cv import cross_validate, direction
from playground.core.search.folds import fold_data, plan_folds
from playground.core.spec import Spec
from playground.core.train.trainer import Trainer, fit

LINEAR = {"data.dataset": "linear", "data.samples": 120, "model.layers": [],
          "training.loss": "half_mse", "training.learning_rate": 0.03, "training.epochs": 3,
          "seed": 4}


def test_each_fold_scores_what_training_that_fold_alone_gives():
    spec = Spec(LINEAR)
    epochs_seen = []
    result = cross_validate(spec, 3, on_epoch=lambda e, s: epochs_seen.append((e, s)))
    prepared = prepare(spec)
    alone = []
    for rows in plan_folds(prepared, 3, spec.seed):
        trainer = fit(Trainer(spec, fold_data(prepared, rows)), spec.training.epochs)
        alone.append(trainer.history["validation_loss"][-1])
    np.testing.assert_allclose(result.scores, alone, rtol=1e-6)
    assert [f.train_rows + f.validation_rows for f in result.folds] == [60] * 3
    assert result.mean == pytest.approx(np.mean(alone))
    assert result.std == pytest.approx(np.std(alone))  # ddof=0
    assert [e for e, _ in epochs_seen] == [1, 2, 3]
    assert epochs_seen[-1][1] == pytest.approx(np.mean(alone))
    # every validation metric of the fold is reported, and the score is the loss itself
    assert result.folds[0].metrics["validation_loss"] == pytest.approx(alone[0])
    assert set(result.folds[0].metrics) >= {"validation_r2", "validation_rmse"}


def test_cross_validation_is_reproducible_and_scores_accuracy():
    spec = Spec({"data.dataset": "gauss", "data.samples": 60, "training.epochs": 10,
                 "training.learning_rate": 0.3, "seed": 1})
    a = cross_validate(spec, 3, "accuracy")
    b = cross_validate(spec, 3, "accuracy")
    np.testing.assert_array_equal(a.scores, b.scores)
    assert all(0 <= s <= 1 for s in a.scores)
    assert a.mean > 0.8  # two well-separated clouds
    assert a.direction == "maximize" and direction("loss") == "minimize"
    assert [f.validation_rows for f in a.folds] == [10, 10, 10]


def test_a_diverged_fold_scores_the_worst_value():
    spec = Spec({**LINEAR, "training.learning_rate": 100.0, "training.epochs": 5})
    result = cross_validate(spec, 2)
    assert all(f.status == "diverged" for f in result.folds)
    assert result.mean == math.inf and math.isnan(result.std)
    assert result.to_dict()["mean"] is None  # JSON has no inf


def test_should_stop_ends_training_and_marks_the_folds_cancelled():
    calls = []

    def stop() -> bool:
        calls.append(1)
        return len(calls) > 1

    result = cross_validate(Spec({**LINEAR, "training.epochs": 50}), 2, should_stop=stop)
    assert [f.epochs for f in result.folds] == [1, 1]
    assert {f.status for f in result.folds} == {"cancelled"}


def test_a_metric_of_another_task_is_an_error():
    with pytest.raises(ValueError, match="not a regression score"):
        cross_validate(Spec(LINEAR), 2, "accuracy")
