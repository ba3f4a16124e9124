"""The figures a lesson's goal reads, from a Snapshot (live, in the window) or a Trainer.

Besides the history's latest losses and accuracies, a snapshot gives:

* ``w1`` .. ``wk``, ``b``: the first output unit's weights and bias (the linear models' fit);
* ``weight_norm``: ||W||_2 over every dense layer's weights (biases left out, as d2l prints);
* ``sparsity``: the share of those weights with |w| < 1e-3 (what an L1 penalty raises);
* ``grad_first``, ``grad_last``, ``grad_ratio``: the last epoch's gradient norm of the first
  and the output layer's weights, and first / last (vanishing gradients);
* ``unit_spread``: the largest difference between two units' incoming weights in any hidden
  layer (0: every unit the same, the symmetry of constant initialisation);
* ``train_r2``, ``train_rmse`` (and validation, test): 1 - MSE / Var(y) and sqrt(MSE), from
  the loss when it is mse or half_mse;
* ``test_mae``, ``test_rmse``, ``test_r2``, ...: every regression metric of the snapshot's
  test predictions (one target);
* ``test_precision_macro``, ``test_f1_weighted``, ...: the averaged scores of the snapshot's
  test confusion matrix;
* ``epoch``: completed epochs.

The headless check takes every metric of ``Trainer.final_metrics`` on top. A lesson's goal
should name figures this module measures from a snapshot, or the window cannot tick it live
(a test checks the bundled lessons).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from playground.core.train import metrics

SPARSE_BELOW = 1e-3  # a weight this small counts as zero for ``sparsity``
_MSE_FACTOR = {"mse": 1.0, "half_mse": 2.0}  # loss * factor = mean squared error


def snapshot_measures(snap: Any, targets: Mapping[str, np.ndarray] | None = None,
                      loss: str | None = None) -> dict[str, float]:
    """Figures of a Snapshot. ``targets`` (split -> y) and ``loss`` give R^2 from the loss."""
    out: dict[str, float] = {k: float(v) for k, v in snap.metrics.items()}
    out["epoch"] = float(snap.epoch)
    if snap.weights:
        w, b = np.asarray(snap.weights[-1]), np.asarray(snap.biases[-1])
        for i, value in enumerate(w[0]):
            out[f"w{i + 1}"] = float(value)
        out["b"] = float(b[0])
        out["weight_norm"] = float(np.sqrt(sum(float((np.asarray(m, np.float64) ** 2).sum())
                                               for m in snap.weights)))
        sizes = sum(np.asarray(m).size for m in snap.weights)
        small = sum(int((np.abs(np.asarray(m)) < SPARSE_BELOW).sum()) for m in snap.weights)
        out["sparsity"] = small / sizes if sizes else 0.0
        hidden = snap.weights[:-1]
        spreads = [float(np.abs(np.asarray(m) - np.asarray(m)[:1]).max()) for m in hidden
                   if len(m) > 1]
        if spreads:
            out["unit_spread"] = max(spreads)
    norms = np.asarray(snap.grad_norms)
    if norms.ndim == 2 and len(norms) and norms.shape[1]:
        first, last = float(norms[-1, 0]), float(norms[-1, -1])
        out["grad_first"], out["grad_last"] = first, last
        if last > 0:
            out["grad_ratio"] = first / last
    if targets and loss in _MSE_FACTOR:
        for split, y in targets.items():
            key = f"{split}_loss"
            y = np.asarray(y, np.float64)
            var = float(y.var()) if len(y) else 0.0
            if key in out:
                mse = _MSE_FACTOR[loss] * out[key]
                out[f"{split}_rmse"] = float(np.sqrt(mse))
                if var > 0:
                    out[f"{split}_r2"] = 1.0 - mse / var
    out.update(_test_figures(snap, targets))
    return out


def _test_figures(snap: Any, targets: Mapping[str, np.ndarray] | None) -> dict[str, float]:
    """Test-set metrics from the snapshot's predictions or confusion matrix."""
    out: dict[str, float] = {}
    if snap.confusion is not None:
        cm = np.asarray(snap.confusion)
        for average in ("macro", "micro", "weighted"):
            p, r, f = metrics.averaged_scores(cm, average)
            out.update({f"test_precision_{average}": p, f"test_recall_{average}": r,
                        f"test_f1_{average}": f})
    elif snap.test_predictions is not None and targets is not None and "test" in targets:
        y = np.asarray(targets["test"], np.float64)
        pred = np.asarray(snap.test_predictions, np.float64)
        if y.ndim == 1 or y.shape[1] == 1:
            figures = metrics.regression_metrics(y.reshape(-1), pred.reshape(-1))
            out.update({f"test_{k}": float(v) for k, v in figures.items()})
    return out


def split_targets(prepared: Any) -> dict[str, np.ndarray]:
    """split name -> targets of a Prepared, for snapshot_measures."""
    return {"train": prepared.y_train, "validation": prepared.y_val, "test": prepared.y_test}


def trainer_measures(trainer: Any) -> dict[str, float]:
    """Every figure of a trained Trainer: the snapshot's, then all of final_metrics."""
    out = snapshot_measures(trainer.snapshot(grid=False))
    for key, value in trainer.final_metrics().items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            out[key] = float(value)
    return out
