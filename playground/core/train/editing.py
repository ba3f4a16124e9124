"""Changes to a trainer from outside its loop: live edits, loaded weights, a resume point, one
weight, and the state copies divergence and early stopping fall back to. A mixin of ``Trainer``."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from playground.core.arrays import frozen
from playground.core.model.registry import (
    build_schedule,
    optimizer_kwargs,
)
from playground.core.spec import Spec
from playground.core.train.link import Resume, RunStatus


class TrainerEdits:
    """Part of ``Trainer`` (see trainer.py); uses its attributes."""

    def apply_live(self, spec: Spec) -> None:
        """Take a live change (see spec.LIVE_KEYS) without resetting weights or optimizer state."""
        old, self.spec = self.spec, spec
        kwargs = optimizer_kwargs(spec)
        for group in self._optimizer.param_groups if self._optimizer is not None else ():
            group.update(kwargs)
            group["initial_lr"] = kwargs["lr"]
        if old.training.lr_schedule != spec.training.lr_schedule:
            self.scheduler = None if spec.training.lr_schedule["type"] == "none" else \
                build_schedule(spec, self.optimizer)
        self._penalised = self._penalty_params()
        self._choose_path()

    def _copy_state(self) -> Any:
        """A copy of the weights for ``_load_state``: on the kernel one flat array copy (its
        buffer holds every parameter), else a state dict."""
        if self._runner is not None:
            return (self._runner.params, self._runner.params.copy())
        return {k: v.detach().clone() for k, v in self.model.state_dict().items()}

    def _load_state(self, state: Any) -> None:
        if isinstance(state, tuple):
            buffer, values = state
            buffer[:] = values
        else:
            self.model.load_state_dict(state)

    def load_weights(self, path: str) -> None:
        """Load a weights file into the model (any format of playground.core.files.weights; raises
        WeightsError, leaving the model unchanged). The loaded weights become the state a
        divergence falls back to, and the latest history entry is re-evaluated."""
        from playground.core.files.weights import load_weights

        load_weights(self.model, path, feature_names=self.data.feature_names)
        self._last_finite = self._copy_state()
        self.record_evaluation(replace_last=True)

    def resume(self, point: Resume) -> None:
        """Go on from ``point``, a frame of an earlier run of this experiment whose training
        process died: its weights, epoch, step, history, trajectory and learning rate (the
        optimizer's moments start afresh). Raises ValueError if it is of another network."""
        layers = self.model.dense_layers()
        if len(point.weights) != len(layers):
            raise ValueError(f"the frame is of another network ({len(point.weights)} dense "
                             f"layers, not {len(layers)})")
        names = {id(p): n for n, p in self.model.named_parameters()}
        state = dict(self.model.state_dict())
        for m, w, b in zip(layers, point.weights, point.biases, strict=True):
            state[names[id(m.weight)]] = torch.as_tensor(np.array(w))  # frames are read-only
            state[names[id(m.bias)]] = torch.as_tensor(np.array(b))
        state.update({k: torch.as_tensor(np.array(v)) for k, v in point.other_state.items()})
        try:
            self.model.load_state_dict(state)  # copies in place, in the model's dtype
        except RuntimeError as exc:
            raise ValueError(f"the frame is of another network ({str(exc)[:200]})") from exc
        self.epoch, self.step_count = point.epoch, point.step
        self.history.restore(point.history, point.grad_norms, point.history_stride)
        if self.trajectory and point.trajectory:
            self.trajectory = [frozen(t, np.float32) for t in point.trajectory]
            self._trajectory_stride = max(1, point.trajectory_stride)
        if self.scheduler is not None:
            for group in self.optimizer.param_groups:
                group["lr"] = point.learning_rate
            self.scheduler.last_epoch = point.epoch
        status = RunStatus(point.status)
        self.status = status if status.ended else RunStatus.RUNNING
        self.message = point.message if status.ended else ""
        self._last_finite = self._copy_state()
        self._best = (self._monitored(self.history.latest), self._last_finite, self.epoch)
        self._metrics_stale = True  # a frame may come from the middle of an epoch

    def set_weight(self, layer: int, row: int, col: int, value: float) -> None:
        """Set one weight of dense layer ``layer`` (0-based, output layer last)."""
        with torch.no_grad():
            self.model.dense_layers()[layer].weight[row, col] = value
        self._last_finite = self._copy_state()
        self._metrics_stale = True
