"""The output side of a network, derived from the task: width, activation, loss, targets.

Importable without torch (the window's network view derives its output count before torch
has loaded); the tensor methods import it when called.

Classification with a regression loss (TF Playground's tanh output and squared loss) trains on
+-1 targets when the output activation is tanh and on 0/1 targets otherwise; one output unit for
two classes, one-hot targets for k classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from playground.core.catalogue import LOSSES
from playground.core.spec import Spec, SpecError

if TYPE_CHECKING:  # torch is imported where tensors are used, so deriving a head needs none
    import torch


@dataclass(frozen=True)
class Head:
    """How model outputs relate to the data's labels."""

    task: str  # "classification", "regression" or "multilabel"
    n_classes: int  # 0 for regression
    n_outputs: int  # output units
    activation: str  # output activation ("linear": raw logits / values)
    loss: str  # key of catalogue.LOSSES
    low: float  # target value of "no" for a binary/one-hot encoding (0 or -1)

    @property
    def loss_target(self) -> str:
        return LOSSES[self.loss].target

    def targets(self, y: np.ndarray) -> np.ndarray:
        """Labels as the loss wants them: int64 classes or float32 (n, outputs) values."""
        if self.task == "regression":
            y = np.asarray(y, dtype=np.float32)
            return y.reshape(len(y), -1) if y.ndim == 1 else y
        if self.task == "multilabel":
            y = np.asarray(y, dtype=np.float32)
            return np.where(y > 0.5, 1.0, self.low).astype(np.float32)
        if self.loss_target == "index":
            return np.asarray(y, dtype=np.int64)
        y = np.asarray(y, dtype=np.int64)
        if self.n_outputs == 1:
            return np.where(y == 1, 1.0, self.low).astype(np.float32).reshape(-1, 1)
        onehot = np.full((len(y), self.n_outputs), self.low, dtype=np.float32)
        onehot[np.arange(len(y)), y] = 1.0
        return onehot

    def probabilities(self, out: torch.Tensor) -> torch.Tensor:
        """Classification: (n, k) class probabilities (scores rescaled for value losses)."""
        import torch

        if self.loss_target in ("index", "logit01") and self.activation == "linear":
            if self.loss_target == "index":
                return torch.softmax(out, dim=1)
            p = torch.sigmoid(out)
        else:
            p = ((out - self.low) / (1.0 - self.low)).clamp(0.0, 1.0)
        if self.task == "multilabel" or self.n_outputs > 1:
            return p
        return torch.cat([1.0 - p, p], dim=1)

    def predict(self, out: torch.Tensor) -> torch.Tensor:
        """Predicted class per row (int64), or 0/1 per label for multilabel."""
        if self.task == "multilabel":
            return (self.probabilities(out) > 0.5).long()
        if self.loss_target == "index" and self.activation == "linear" and self.n_outputs > 1:
            # softmax keeps the order of the logits: the argmax needs no softmax (which is
            # most of the epoch-end evaluation's time for the digits MLP)
            return out.argmax(dim=1)
        return self.probabilities(out).argmax(dim=1)

    def score(self, out: torch.Tensor) -> torch.Tensor:
        """Two classes: (n,) confidence in [-1, 1], +1 meaning class 1 (for the boundary)."""
        return 2.0 * self.probabilities(out)[:, 1] - 1.0


# ------------------------------------------------------------------ which losses fit a task
def _title(loss: str) -> str:
    return LOSSES[loss].title if loss in LOSSES else loss


def default_loss(task: str, n_classes: int) -> str:
    """The loss ``training.loss = null`` means for data of this task."""
    if task == "regression":
        return "mse"
    if task == "multilabel":
        return "multilabel"
    return "bce" if n_classes == 2 else "cross_entropy"


def loss_problem(loss: str | None, task: str, n_classes: int) -> tuple[str, str] | None:
    """Why ``loss`` cannot train data of this task: (a sentence for a tooltip, what is allowed
    instead), or None when it can. ``None`` (auto) always can."""
    if loss is None:
        return None
    name = _title(loss)
    if task == "regression" and LOSSES[loss].target != "value":
        return (f"{name} needs class labels; this data has numeric targets",
                "mse, half_mse, mae or huber for regression")
    if task == "multilabel" and loss in ("cross_entropy", "bce"):
        return (f"{name} expects one class per row; this data has several labels per row",
                "multilabel or a regression loss for multi-label data")
    if task == "classification":
        if loss == "multilabel":
            return ("multi-label cross-entropy needs several 0/1 labels per row; this data has "
                    "one class per row", "bce, cross_entropy or a regression loss for "
                    "single-label classes")
        if loss == "bce" and n_classes != 2:
            return (f"binary cross-entropy needs two classes; this data has {n_classes}",
                    f"cross_entropy for {n_classes} classes")
    return None


def output_problem(activation: str | None, loss: str) -> str | None:
    """Why an output activation cannot go with a (resolved) loss, or None when it can."""
    if activation in (None, "linear") or LOSSES[loss].target == "value":
        return None
    return (f"{_title(loss)} applies its own sigmoid/softmax to the output, so "
            f"the output layer must be linear (auto), not {activation}")


def follow_loss(spec: Spec, loss: str | None, task: str,
                n_classes: int) -> tuple[dict[str, Any], str]:
    """The edit that switches ``spec`` to ``loss``: dotted-key changes, and a note saying what
    else changed ("" when nothing did).

    The output activation follows the loss: one that cannot go with the new loss (TF
    Playground's tanh output under a cross-entropy) goes back to auto, and with it the target
    encoding (+-1 for tanh, 0/1 otherwise). An activation the new loss accepts stays.
    """
    changes: dict[str, Any] = {"training.loss": loss}
    resolved = loss or default_loss(task, n_classes)
    old = spec.model.output_activation
    if output_problem(old, resolved) is not None:
        changes["model.output_activation"] = None
        targets = " and targets 0/1 instead of -1/+1" if old == "tanh" else ""
        return changes, (f"output activation {old} -> auto (linear){targets}, since "
                         f"{_title(resolved)} applies its own "
                         "sigmoid/softmax")
    return changes, ""


def derive_head(spec: Spec, task: str, n_classes: int, n_targets: int) -> Head:
    """The head a spec asks for on data of this task; SpecError for impossible combinations."""
    loss = spec.training.loss
    problem = loss_problem(loss, task, n_classes)
    if problem is not None:
        raise SpecError("training.loss", loss, problem[1])
    loss = loss or default_loss(task, n_classes)
    activation = spec.model.output_activation or "linear"
    if task == "regression":
        n_out = n_targets
    elif task == "multilabel":
        n_out = n_classes
    else:
        # softmax needs a logit per class; one unit carries two classes for the other losses
        n_out = n_classes if loss == "cross_entropy" or n_classes > 2 else 1
    if spec.model.output_units is not None and spec.model.output_units != n_out:
        raise SpecError("model.output_units", spec.model.output_units,
                        f"{n_out} for this task and loss (or null)")
    if output_problem(activation, loss) is not None:
        raise SpecError("model.output_activation", activation,
                        f"linear (null) with {loss}, which applies its own sigmoid/softmax")
    low = -1.0 if activation == "tanh" else 0.0
    return Head(task, n_classes, n_out, activation, loss, low)
