"""Which code trains a trainer's steps: the compiled kernel, the hand-written fast path or
autograd with torch.optim (built on first use). A mixin of ``Trainer``."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from playground.core.model.registry import (
    build_optimizer,
)
from playground.core.train.fastpath import ManualBackprop, unsupported_reason


class TrainerPaths:
    """Part of ``Trainer`` (see trainer.py); uses its attributes."""

    def _choose_path(self) -> None:
        reason = unsupported_reason(self.spec, self.head) if self.fast else "disabled"
        if self.least_squares:
            reason = "least squares solver"
        self.fast_path_reason = reason  # shown in the UI as why training is not accelerated
        self._fast = ManualBackprop(self.model, self.spec, self.head) if reason is None else None
        self.kernel_reason = "disabled" if self._kernel_mode == "off" else None
        if self.kernel_reason is None:
            from playground.core.train import kernel_path

            self.kernel_reason = kernel_path.unsupported_reason(
                self.spec, self.head, self.device, self.data.n_features)
            if self.kernel_reason is None and self.model.dense_layers()[0].weight.dtype not in (
                    torch.float32, torch.float64):
                self.kernel_reason = "dtype"
        if self.kernel_reason is not None and self._runner is not None:
            self._leave_kernel()
            self._runner = None
        elif self._runner is not None:
            self._runner.set_spec(self.spec, self.head)

    @property
    def optimizer(self) -> torch.optim.Optimizer:
        """The spec's torch.optim optimizer (built on first use; holds the kernel's state
        once asked for it)."""
        if self._optimizer is None:
            self._optimizer = self._build_optimizer()
        self._leave_kernel()
        return self._optimizer

    def _build_optimizer(self) -> torch.optim.Optimizer:
        return build_optimizer(self.spec, self._params,
                               fused=self.device.type in ("cpu", "cuda"))

    def _leave_kernel(self) -> None:
        """Hand the optimizer state from the kernel's arrays to torch.optim."""
        if self._kernel_state:
            self._kernel_state = False
            if self._optimizer is None:
                self._optimizer = self._build_optimizer()
            self._runner.state_to_torch(self._optimizer)

    def _kernel_runner(self) -> Any:
        """The kernel, ready to train this model now, or None (not covered, not compiled)."""
        if self.kernel_reason is not None:
            return None
        if self._runner is None:
            from playground.core.train import kernel_path

            kernel = kernel_path.ready()
            if kernel is None:
                return None
            self._runner = kernel_path.KernelRunner(kernel, self.model, self.spec, self.head, {
                name: (self.data_arrays(name)) for name in ("train", "validation", "test")})
        if not self._kernel_state:
            if self._optimizer is not None:
                self._runner.state_from_torch(self._optimizer)
            else:
                self._runner.counters[:] = 0
            self._kernel_state = True
        return self._runner

    def data_arrays(self, split: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A split as numpy: features, loss targets (float, one column of class indices for
        cross-entropy) and int labels (zeros without classes)."""
        x, t = self._split[split]
        y = {"train": self.data.y_train, "validation": self.data.y_val,
             "test": self.data.y_test}[split]
        labels = np.asarray(y, np.int64).reshape(len(x)) if (
            self.head.task == "classification") else np.zeros(len(x), np.int64)
        t = t.numpy()
        return x.numpy(), t.reshape(len(x), t.shape[1] if t.ndim == 2 else 1), labels
