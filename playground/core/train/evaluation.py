"""A trainer's figures: outputs and losses per split, the history, the final metrics, the
gradient norms and weight trajectory recorded per epoch, early stopping. A mixin of ``Trainer``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import torch

from playground.core.arrays import frozen
from playground.core.train import metrics as metric_fns
from playground.core.train.history import Growable
from playground.core.train.link import RunStatus

TRAJECTORY_MAX_PARAMS = 100_000  # larger networks keep no weight trajectory
TRAJECTORY_LENGTH = 512  # at most this many epochs kept (evenly thinned)


class TrainerEvaluation:
    """Part of ``Trainer`` (see trainer.py); uses its attributes."""

    @torch.no_grad()
    def outputs(self, split: str) -> tuple[torch.Tensor, torch.Tensor]:
        """Model outputs (eval mode) and targets of a split: train, validation or test."""
        x, t = self._split[split]
        self._mode(False)
        return self.model(x), t

    def evaluate(self) -> dict[str, float]:
        """Losses (without penalties) on each non-empty split, plus accuracy or R^2."""
        names: list[str] = []
        figures: list[torch.Tensor] = []
        for split, (x, _) in self._split.items():
            if len(x) == 0:
                continue
            out, t = self.outputs(split)
            names.append(f"{split}_loss")
            figures.append(self.loss_fn(out, t))
            if self.head.task == "classification":
                pred = self.head.predict(out)
                labels = t if t.dtype == torch.int64 else self._labels(split)
                names.append(f"{split}_accuracy")
                figures.append((pred == labels).float().mean())
        # One wait for the device, not one per figure.
        values = torch.stack(figures).tolist() if figures else []
        return dict(zip(names, values, strict=True))

    def _labels(self, split: str) -> torch.Tensor:
        """A split's class labels on the device (made once: the splits never change)."""
        cache = self._label_tensors
        if split not in cache:
            y = {"train": self.data.y_train, "validation": self.data.y_val,
                 "test": self.data.y_test}[split]
            cache[split] = torch.as_tensor(np.asarray(y, dtype=np.int64), device=self.device)
        return cache[split]

    def _kernel_figures(self, runner: Any) -> dict[str, float]:
        """The kernel's evaluation as ``evaluate()`` names it."""
        figures = runner.figures
        out = {}
        for i, split in enumerate(("train", "validation", "test")):
            if len(self._split[split][0]):
                out[f"{split}_loss"] = float(figures[2 * i])
                if self.head.task == "classification":
                    out[f"{split}_accuracy"] = float(figures[2 * i + 1])
        return out

    def record_evaluation(self, replace_last: bool = False) -> dict[str, float]:
        """Evaluate and append to (or overwrite the last entry of) the per-epoch history."""
        current = self.evaluate()
        self._append_history(current, replace_last)
        return current

    def _append_history(self, current: Mapping[str, float], replace_last: bool = False,
                        norms: np.ndarray | None = None) -> None:
        self._metrics_stale = False
        if replace_last:
            self.history.replace_last(self.epoch, current)
        else:
            self.history.record(self.epoch, current, norms)

    @property
    def grad_norm_history(self) -> Growable:
        """Per kept epoch (from epoch 1) and dense layer: the last step's gradient L2 norm."""
        return self.history.norms

    def final_metrics(self) -> dict[str, Any]:
        """Every metric for the task on the train and test splits (and validation)."""
        result: dict[str, Any] = dict(self.evaluate())
        for split, (x, _) in self._split.items():
            if len(x) == 0:
                continue
            out, t = self.outputs(split)
            y = {"train": self.data.y_train, "validation": self.data.y_val,
                 "test": self.data.y_test}[split]
            if self.head.task == "regression":
                figures = metric_fns.regression_metrics(np.asarray(y), out.cpu().numpy())
            elif self.head.task == "multilabel":
                pred = self.head.predict(out).cpu().numpy()
                figures = metric_fns.multilabel_metrics(np.asarray(y), pred)
            else:
                probs = self.head.probabilities(out).cpu().numpy()
                figures = metric_fns.classification_metrics(
                    np.asarray(y), probs, self.data.n_classes)
            for key, value in figures.items():
                result[f"{split}_{key}"] = value
        return result

    @staticmethod
    def _monitored(figures: Mapping[str, float]) -> float:
        return figures.get("validation_loss", figures["train_loss"])

    def _check_early_stopping(self, current: Mapping[str, float]) -> None:
        rule = self.spec.training.early_stopping
        if rule is None:
            return
        monitored = self._monitored(current)
        if monitored < self._best[0] - rule["min_delta"]:
            self._best = (monitored, self._copy_state(), self.epoch)
            self._bad_epochs = 0
            return
        self._bad_epochs += 1
        if self._bad_epochs >= rule["patience"]:
            self.status = RunStatus.STOPPED
            best_epoch = self._best[2]
            if rule["restore_best"]:
                self._load_state(self._best[1])
                self.record_evaluation(replace_last=True)
                self.message = f"early stopping: no improvement for {rule['patience']} " \
                               f"epochs; weights of epoch {best_epoch} restored"
            else:
                self.message = f"early stopping: no improvement for {rule['patience']} epochs"

    def _grad_norms(self) -> np.ndarray:
        norms = []
        if self._fast is not None and self._fast.last_weight_grads:
            grads = self._fast.last_weight_grads
            return np.asarray([float(torch.linalg.vector_norm(g)) for g in grads], np.float32)
        for layer in self.model.dense_layers():
            g = layer.weight.grad
            norms.append(0.0 if g is None else float(torch.linalg.vector_norm(g)))
        return np.asarray(norms, dtype=np.float32)

    def flat_parameters(self) -> np.ndarray:
        """Every trainable parameter, flattened in state-dict order, as float32 numpy."""
        with torch.no_grad():
            return torch.cat([p.detach().reshape(-1) for p in self.model.parameters()]).cpu(
            ).numpy()

    def _record_trajectory(self) -> None:
        """Keep the flattened parameters per epoch (thinned to <= TRAJECTORY_LENGTH entries)
        for loss-landscape views: PCA directions and the projected training path."""
        if self._n_params > TRAJECTORY_MAX_PARAMS:
            return
        if len(self.trajectory) >= TRAJECTORY_LENGTH:
            self.trajectory = self.trajectory[::2]
            self._trajectory_stride *= 2
        if self.epoch % self._trajectory_stride == 0:
            flat = self._runner.params if self._runner is not None else self.flat_parameters()
            self.trajectory.append(frozen(flat, np.float32))
