"""k-fold cross-validation of an experiment: one model per fold, scored on its held-out fold.

The k models train in lock-step, one epoch each in turn, so after every epoch the mean
validation score over the folds is known: a search reports it to its pruner, and a window shows
it as progress. Each fold's model starts from the experiment's seed (the same initial weights);
only the rows differ.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from playground.core.data import raw as data_layer
from playground.core.data.raw import Prepared
from playground.core.search.folds import fold_data, plan_folds
from playground.core.spec import Spec
from playground.core.train import metrics as metric_fns
from playground.core.train.link import RunStatus

# Scores where lower is better; every other metric is maximised.
LOWER_IS_BETTER = frozenset({"loss", "mae", "mse", "rmse", "mape", "zero_one_loss",
                             "hamming_loss"})
TASK_METRICS: Mapping[str, tuple[str, ...]] = {
    "regression": ("loss", *metric_fns.REGRESSION_KEYS),
    "classification": ("loss", *metric_fns.CLASSIFICATION_KEYS, "top2_accuracy"),
    "multilabel": ("loss", *metric_fns.MULTILABEL_KEYS),
}

EpochHook = Callable[[int, float], None]  # (epochs done, mean validation score so far)


def direction(metric: str) -> str:
    """``"minimize"`` for losses and errors, ``"maximize"`` for accuracies, F1 and R^2."""
    return "minimize" if metric in LOWER_IS_BETTER else "maximize"


def check_metric(metric: str, task: str) -> None:
    """Raise ValueError unless ``metric`` is a validation score of ``task``."""
    allowed = TASK_METRICS[task]
    if metric not in allowed:
        raise ValueError(f"metric: {metric!r} is not a {task} score; expected one of "
                         + ", ".join(allowed))


@dataclass(frozen=True)
class FoldResult:
    """One fold: its sizes, its final validation score and every validation metric."""

    fold: int  # 0-based
    train_rows: int
    validation_rows: int
    score: float  # the chosen metric on the held-out rows (+-inf when training diverged)
    status: str  # the trainer's: finished, stopped (early stopping), diverged, cancelled
    epochs: int  # epochs trained
    metrics: Mapping[str, float] = field(default_factory=dict)  # validation_* figures


@dataclass(frozen=True)
class CvResult:
    """Every fold of one configuration, and the mean and (population) std of their scores."""

    metric: str
    folds: tuple[FoldResult, ...]

    @property
    def scores(self) -> np.ndarray:
        return np.asarray([f.score for f in self.folds], dtype=np.float64)

    @property
    def mean(self) -> float:
        return float(np.mean(self.scores)) if self.folds else float("nan")

    @property
    def std(self) -> float:
        """Standard deviation over folds with ddof=0 (numpy's and sklearn users' default)."""
        scores = self.scores
        if not np.all(np.isfinite(scores)):
            return float("nan")
        return float(np.std(scores)) if self.folds else float("nan")

    @property
    def direction(self) -> str:
        return direction(self.metric)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form (non-finite numbers as None)."""
        return {
            "metric": self.metric, "direction": self.direction, "folds": len(self.folds),
            "mean": finite_or_none(self.mean), "std": finite_or_none(self.std),
            "scores": [finite_or_none(s) for s in self.scores],
            "per_fold": [{"fold": f.fold, "train_rows": f.train_rows,
                          "validation_rows": f.validation_rows, "status": f.status,
                          "epochs": f.epochs, "score": finite_or_none(f.score),
                          **{k: finite_or_none(v) for k, v in f.metrics.items()}}
                         for f in self.folds],
        }


def finite_or_none(value: Any) -> Any:
    """JSON has no inf or NaN: those become None."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def cross_validate(spec: Spec, folds: int = 5, metric: str = "loss", *,
                   prepared: Prepared | None = None, on_epoch: EpochHook | None = None,
                   should_stop: Callable[[], bool] | None = None) -> CvResult:
    """Train ``spec`` for its ``training.epochs`` on each of ``folds`` folds; score each fold.

    ``on_epoch(epoch, mean_score)`` runs after every lock-step epoch (it may raise to abandon
    the run, as a pruner does); ``should_stop()`` ends training early, and the folds are then
    scored as they are (status ``cancelled``). Raises SpecError, DataError, FoldError or
    ValueError (unknown metric) before training starts.
    """
    from playground.core.train.trainer import Trainer

    data = prepared if prepared is not None else data_layer.prepare(spec)
    check_metric(metric, data.task)
    plan = plan_folds(data, folds, spec.seed)
    trainers = [Trainer(spec, fold_data(data, rows)) for rows in plan]
    cancelled = False
    for epoch in range(spec.training.epochs):
        if should_stop is not None and should_stop():
            cancelled = True
            break
        active = [t for t in trainers if not t.status.ended]
        if not active:
            break
        for trainer in active:
            trainer.run_epoch()
        if on_epoch is not None:
            on_epoch(epoch + 1, float(np.mean([_score(t, metric) for t in trainers])))
    results = []
    for i, trainer in enumerate(trainers):
        if not trainer.status.ended:
            trainer.status = RunStatus.CANCELLED if cancelled else RunStatus.FINISHED
        figures = {k: float(v) for k, v in trainer.final_metrics().items()
                   if k.startswith("validation_")}
        results.append(FoldResult(
            fold=i, train_rows=trainer.n_train, validation_rows=len(plan[i]),
            score=_score(trainer, metric, figures), status=trainer.status,
            epochs=trainer.epoch, metrics=figures))
    return CvResult(metric=metric, folds=tuple(results))


def _score(trainer: Any, metric: str, figures: Mapping[str, float] | None = None) -> float:
    """The fold's current validation score; the worst possible one once it has diverged (its
    kept weights are from before the blow-up, which would flatter the configuration)."""
    if trainer.status == RunStatus.DIVERGED:
        return math.inf if metric in LOWER_IS_BETTER else -math.inf
    history_key = f"validation_{metric}"
    if figures is None and history_key in trainer.history.latest:
        return float(trainer.history.latest[history_key])  # loss and accuracy: per epoch already
    if figures is None:
        figures = trainer.final_metrics()
    return float(figures[history_key])
