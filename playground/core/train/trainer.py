"""The engine: owns model, optimizer and data on a device; steps, epochs, history, snapshots.

A trainer lives in one thread (the CLI's, or the GUI's worker). Nothing here is thread-safe;
other threads see it only through immutable ``Snapshot`` values.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import numpy as np
import torch
from torch import nn

from playground.core.arrays import frozen
from playground.core.budget import check_model
from playground.core.catalogue import OPTIMIZERS
from playground.core.data import raw as data_layer
from playground.core.data.raw import Prepared
from playground.core.model.device import resolve_device, tune_cpu_threads
from playground.core.model.head import Head, derive_head
from playground.core.model.network import Network, SeededDropout, build_model
from playground.core.model.registry import (
    LOSSES,
    build_optimizer,
    build_schedule,
    optimizer_kwargs,
)
from playground.core.spec import Spec
from playground.core.train import metrics as metric_fns
from playground.core.train.closed_form import check_least_squares, solve_least_squares
from playground.core.train.fastpath import ManualBackprop, unsupported_reason
from playground.core.train.history import Growable, History
from playground.core.train.layer_stats import trainer_statistics
from playground.core.train.link import Resume, RunStatus
from playground.core.train.snapshot import GridMaps, Snapshot

# Fields a running trainer takes without starting over; any other change means a new trainer.
TRAJECTORY_MAX_PARAMS = 100_000  # larger networks keep no weight trajectory
TRAJECTORY_LENGTH = 512  # at most this many epochs kept (evenly thinned)
SNAPSHOT_OUTPUT_ROWS = 2048  # rows per split whose outputs a snapshot carries (metrics panel)


class Trainer:
    """Trains one experiment. ``step()`` is one minibatch; ``run_epoch()`` finishes an epoch."""

    def __init__(self, spec: Spec, prepared: Prepared | None = None, device: str | None = None,
                 fast: bool = True, kernel: str = "off"):
        """Prepare data (unless given), build the model on the device. Raises SpecError,
        DataError or DeviceError with a clear message. ``fast=False`` always uses autograd.

        ``kernel``: whether whole epochs run in the compiled kernel (``kernel_path``) where it
        applies: "off"; "auto", once it has compiled in the background (the torch paths train
        until then; results differ from theirs only by float rounding); "wait", compile now."""
        self.spec = spec
        self.data = prepared if prepared is not None else data_layer.prepare(spec)
        self.device = resolve_device(device or spec.device)
        d = self.data
        self.head: Head = derive_head(spec, d.task, d.n_classes, d.n_targets)
        check_model(spec, d.n_features, self.head.n_outputs, len(d.x_train),  # before building
                    max(len(d.x_train), len(d.x_val), len(d.x_test)), d.n_inputs_raw == 2,
                    str(self.device))
        self.model: Network = build_model(
            spec, d.n_features, self.head, torch.Generator().manual_seed(spec.seed)
        ).to(self.device)
        # Separate streams so changing the batch size does not change dropout masks, etc.
        self._noise_gen = torch.Generator(device=self.device).manual_seed(spec.seed + 1)
        self._batch_gen = torch.Generator().manual_seed(spec.seed + 2)
        for module in self.model.modules():
            if isinstance(module, SeededDropout):
                module.generator = self._noise_gen
        self._split = {name: self._tensors(*arrays) for name, arrays in (
            ("train", (d.x_train, d.y_train)), ("validation", (d.x_val, d.y_val)),
            ("test", (d.x_test, d.y_test)))}
        self.x_train, self.t_train = self._split["train"]
        self.n_train = len(d.x_train)
        self.loss_fn = LOSSES[self.head.loss].fn
        self.least_squares = spec.training.solver == "lstsq"  # one exact solve per epoch
        if self.least_squares:
            check_least_squares(spec, self.head)
        # torch.optim is built on first use: its constructor imports torch._dynamo (seconds),
        # and the fast paths never call it.
        self._optimizer: torch.optim.Optimizer | None = None
        self._runner: Any = None  # a kernel_path.KernelRunner once the kernel trains
        self._kernel_state = False  # True: the kernel's arrays hold the optimizer state
        self._needs_closure = OPTIMIZERS[spec.training.optimizer].closure
        # Quasi-Newton line searches assume one fixed objective: they step on the whole set.
        self._full_batch = self.least_squares or self._needs_closure
        self.scheduler = None if spec.training.lr_schedule["type"] == "none" else \
            build_schedule(spec, self.optimizer)
        self.epoch = 0
        self.step_count = 0
        self._metrics_stale = False  # the weights moved since the history's last entry
        self.status = RunStatus.READY
        self.message = ""
        self.history = History()  # per-epoch figures: growable arrays, read-only views
        # per epoch and dense layer: the last step's weight-gradient L2 norm
        self.grad_norm_history = Growable(np.float32, len(self.model.dense_layers()))
        self._order: torch.Tensor | None = None  # this epoch's permutation of the rows
        self._shuffled: torch.Tensor | None = None  # the order the buffers below hold
        self._x_shuffled: torch.Tensor | None = None
        self._t_shuffled: torch.Tensor | None = None
        self._cursor = 0
        self._epoch_loss = torch.zeros((), device=self.device)
        self._bad_epochs = 0
        self._last_finite = self._copy_state()
        self._grid_cache: dict[int, tuple[np.ndarray, np.ndarray, torch.Tensor]] = {}
        self._other_keys: tuple[str, ...] | None = None  # see other_state
        self._stats: tuple[float, Any] | None = None  # (when, layer statistics): snapshot
        self._penalised = self._penalty_params()
        self._n_params = sum(p.numel() for p in self.model.parameters())
        tune_cpu_threads(self.device, self._n_params, spec.training.batch_size)
        self._trajectory_stride = 1
        self.trajectory: list[np.ndarray] = [frozen(self.flat_parameters(), np.float32)] if (
            self._n_params <= TRAJECTORY_MAX_PARAMS) else []
        self.fast = fast
        self._fast: ManualBackprop | None = None
        self._kernel_mode = kernel if fast else "off"
        if self._kernel_mode != "off":
            from playground.core.train import kernel_path

            if self._kernel_mode == "wait":
                kernel_path.wait()
            else:
                kernel_path.start_compiling()
        self._choose_path()
        initial = self.record_evaluation()
        # The untrained network is the first candidate for early stopping's "best".
        self._best = (self._monitored(initial), self._last_finite, 0)

    # ------------------------------------------------------------------------------ setup
    def _mode(self, training: bool) -> None:
        """Train or eval mode; Module.train walks every submodule (about 70 us for a small
        net, as much as a whole fast-path step), so only when the mode changes."""
        if self.model.training != training:
            self.model.train(training)

    def _tensors(self, x: np.ndarray, y: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
        xt = torch.as_tensor(np.ascontiguousarray(x, dtype=np.float32), device=self.device)
        yt = torch.as_tensor(self.head.targets(y), device=self.device)
        return xt, yt

    def _penalty_params(self) -> list[torch.Tensor]:
        out = []
        for layer in self.model.dense_layers():
            out.append(layer.weight)
            if self.spec.training.regularize_bias:
                out.append(layer.bias)
        return out

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
        optimizer = build_optimizer(self.spec, self.model.parameters())
        if "foreach" in optimizer.defaults:  # one fused call per update, not one per tensor
            for group in optimizer.param_groups:
                group["foreach"] = True
        return optimizer

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

    # --------------------------------------------------------------------------- training
    @property
    def learning_rate(self) -> float:
        if self._optimizer is None:
            return float(self.spec.training.learning_rate)
        return float(self._optimizer.param_groups[0]["lr"])

    @property
    def batches_per_epoch(self) -> int:
        if self._full_batch:
            return 1
        return math.ceil(self.n_train / min(self.spec.training.batch_size, self.n_train))

    def _penalty(self) -> torch.Tensor | None:
        t = self.spec.training
        total = None
        if t.l1 > 0:
            total = t.l1 * sum(p.abs().sum() for p in self._penalised)
        if t.l2 > 0:
            l2 = 0.5 * t.l2 * sum((p * p).sum() for p in self._penalised)
            total = l2 if total is None else total + l2
        return total

    def _train_batch(self, xb: torch.Tensor, tb: torch.Tensor | None = None
                     ) -> torch.Tensor | None:
        """One optimisation step on inputs ``xb`` and targets ``tb`` (or on the training rows
        ``xb`` indexes when ``tb`` is None); returns the batch's data loss (None on the fast
        path, which skips it: the epoch-end evaluation catches divergence there)."""
        t = self.spec.training
        if tb is None:
            xb, tb = self.x_train[xb], self.t_train[xb]
        if self.least_squares:
            return solve_least_squares(self.model, self.x_train, self.t_train, self.spec,
                                       self.head)
        if t.input_noise > 0:
            xb = xb + t.input_noise * torch.randn(
                xb.shape, generator=self._noise_gen, device=self.device)
        if self._fast is not None:
            self._fast.step(xb, tb, self.learning_rate)
            return None
        optimizer = self.optimizer
        if not self._needs_closure:
            # The lean first-order step: no closure, one lookup of everything.
            loss = self.loss_fn(self.model(xb), tb)
            penalty = self._penalty() if (t.l1 > 0 or t.l2 > 0) else None
            optimizer.zero_grad(set_to_none=True)
            (loss if penalty is None else loss + penalty).backward()
            if t.grad_clip is not None:
                nn.utils.clip_grad_norm_(self.model.parameters(), t.grad_clip)
            optimizer.step()
            return loss.detach()
        data_loss: list[torch.Tensor] = []

        def closure() -> torch.Tensor:
            # Called once by first-order optimizers, repeatedly by LBFGS's line search.
            loss = self.loss_fn(self.model(xb), tb)
            penalty = self._penalty()
            total = loss if penalty is None else loss + penalty
            self.optimizer.zero_grad(set_to_none=True)
            total.backward()
            if t.grad_clip is not None:
                nn.utils.clip_grad_norm_(self.model.parameters(), t.grad_clip)
            data_loss.append(loss.detach())
            return total

        if self._needs_closure:
            self.optimizer.step(closure)
        else:
            closure()
            self.optimizer.step()
        return data_loss[0]  # the batch's loss before this step, as for first-order steps

    def _next_batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        """The next minibatch's inputs and targets: views of this epoch's shuffled copy of
        the training set (one gather per epoch, into buffers allocated once)."""
        if self._order is None:
            self._order = torch.randperm(self.n_train, generator=self._batch_gen)
            self._cursor = 0
        if self._shuffled is not self._order:
            order = self._order if self.device.type == "cpu" else self._order.to(self.device)
            if self._x_shuffled is None:
                self._x_shuffled = torch.empty_like(self.x_train)
                self._t_shuffled = torch.empty_like(self.t_train)
            torch.index_select(self.x_train, 0, order, out=self._x_shuffled)
            torch.index_select(self.t_train, 0, order, out=self._t_shuffled)
            self._shuffled = self._order
        bs = self.n_train if self._full_batch else min(self.spec.training.batch_size, self.n_train)
        start = self._cursor
        self._cursor += bs
        return self._x_shuffled[start:start + bs], self._t_shuffled[start:start + bs]

    def step(self) -> bool:
        """Train on one minibatch. Returns True when it completed an epoch."""
        if self.status == RunStatus.DIVERGED:
            return False
        self._mode(True)
        loss = self._train_batch(*self._next_batch())
        self.step_count += 1
        self._metrics_stale = True
        finite = bool(torch.isfinite(loss)) if loss is not None else all(
            bool(torch.isfinite(p).all()) for p in self.model.parameters())
        if not finite:
            self._diverge()
            return False
        if self._cursor >= self.n_train:
            self._end_epoch()
            return True
        return False

    def steps(self, count: int) -> bool:
        """Train up to ``count`` minibatches, stopping at the end of an epoch. Returns True
        when it completed one. In the compiled kernel where it applies."""
        runner = self._kernel_runner() if self.status != RunStatus.DIVERGED else None
        if runner is None:
            for _ in range(count):
                if self.step():
                    return True
                if self.status == RunStatus.DIVERGED:
                    return False
            return False
        if self._order is None:
            self._order = torch.randperm(self.n_train, generator=self._batch_gen)
            self._cursor = 0
        stop = min(self.n_train, self._cursor + count * runner.batch)
        done = stop >= self.n_train
        self.step_count += runner.run(self._order.numpy(), self._cursor, stop,
                                      self.learning_rate, done)
        self._cursor = stop
        if done:
            self._end_epoch(runner)
        elif not np.isfinite(runner.params).all():
            self._diverge()
        return done

    def run_epoch(self) -> None:
        """Train through the rest of the current epoch (a whole one when at its start)."""
        if self.status == RunStatus.DIVERGED:
            return
        runner = self._kernel_runner()
        if runner is not None:
            self.steps(self.batches_per_epoch)
            return
        self._mode(True)
        while True:
            loss = self._train_batch(*self._next_batch())
            if loss is not None:
                self._epoch_loss += loss
            self.step_count += 1
            if self._cursor >= self.n_train:
                break
        # One host sync per epoch instead of one per step.
        if not bool(torch.isfinite(self._epoch_loss)):
            self._diverge()
            return
        self._end_epoch()

    def _diverge(self) -> None:
        self._load_state(self._last_finite)
        self.status = RunStatus.DIVERGED
        self.message = (f"diverged at epoch {self.epoch + 1} (loss is NaN or infinite); "
                        f"weights from epoch {self.epoch} kept. Lower the learning rate and reset.")
        self._order = None
        self._epoch_loss.zero_()

    def _end_epoch(self, runner: Any = None) -> None:
        """Bookkeeping after an epoch; ``runner``: the kernel trained it and evaluated. An
        epoch that diverged is neither counted nor recorded: the history, the trajectory and
        the figures stay those of the weights that are kept."""
        if runner is not None:
            current = self._kernel_figures(runner)
            finite = bool(runner.figures[6])
        else:
            current = self.evaluate()
            finite = all(math.isfinite(v) for k, v in current.items() if k.endswith("_loss"))
        if not finite:
            self._diverge()
            return
        self.epoch += 1
        self._order = None
        self._epoch_loss.zero_()
        self.grad_norm_history.append(
            runner.weight_grad_norms() if runner is not None else self._grad_norms())
        if self.scheduler is not None:
            with warnings.catch_warnings():
                # the fast path updates weights without optimizer.step(); the schedule is right
                warnings.filterwarnings("ignore", r"Detected call of `lr_scheduler\.step\(\)`")
                self.scheduler.step()
        self._record_trajectory()
        self._append_history(current)
        self._last_finite = self._copy_state()
        if self.status == RunStatus.READY:
            self.status = RunStatus.RUNNING
        self._check_early_stopping(current)

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

    def flat_parameters(self) -> np.ndarray:
        """Every trainable parameter, flattened in state-dict order, as float32 numpy."""
        with torch.no_grad():
            return torch.cat([p.detach().reshape(-1) for p in self.model.parameters()]).cpu(
            ).numpy()

    def _grad_norms(self) -> np.ndarray:
        norms = []
        if self._fast is not None and self._fast.last_weight_grads:
            grads = self._fast.last_weight_grads
            return np.asarray([float(torch.linalg.vector_norm(g)) for g in grads], np.float32)
        for layer in self.model.dense_layers():
            g = layer.weight.grad
            norms.append(0.0 if g is None else float(torch.linalg.vector_norm(g)))
        return np.asarray(norms, dtype=np.float32)

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

    # ------------------------------------------------------------------------- evaluation
    @torch.no_grad()
    def outputs(self, split: str) -> tuple[torch.Tensor, torch.Tensor]:
        """Model outputs (eval mode) and targets of a split: train, validation or test."""
        x, t = self._split[split]
        self._mode(False)
        return self.model(x), t

    def evaluate(self) -> dict[str, float]:
        """Losses (without penalties) on each non-empty split, plus accuracy or R^2."""
        result: dict[str, float] = {}
        for split, (x, _) in self._split.items():
            if len(x) == 0:
                continue
            out, t = self.outputs(split)
            result[f"{split}_loss"] = float(self.loss_fn(out, t))
            if self.head.task == "classification":
                pred = self.head.predict(out)
                labels = t if t.dtype == torch.int64 else self._labels(split)
                result[f"{split}_accuracy"] = float((pred == labels).float().mean())
        return result

    def _labels(self, split: str) -> torch.Tensor:
        y = {"train": self.data.y_train, "validation": self.data.y_val,
             "test": self.data.y_test}[split]
        return torch.as_tensor(np.asarray(y, dtype=np.int64), device=self.device)

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

    def _append_history(self, current: Mapping[str, float], replace_last: bool = False) -> None:
        self._metrics_stale = False
        for key, value in current.items():
            if replace_last:
                self.history.set_last(key, value)
            else:
                self.history.append(key, value)

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

    # -------------------------------------------------------------------------- snapshots
    def _grid_inputs(self, resolution: int) -> tuple[np.ndarray, np.ndarray, torch.Tensor]:
        cached = self._grid_cache.get(resolution)
        if cached is None:
            (xlo, xhi), (ylo, yhi) = self.plot_ranges()
            xs = np.linspace(xlo, xhi, resolution)
            ys = np.linspace(ylo, yhi, resolution)
            gx, gy = np.meshgrid(xs, ys)  # row i <-> ys[i]
            raw = np.column_stack([gx.ravel(), gy.ravel()])
            feats = torch.as_tensor(self.data.featurize(raw), device=self.device)
            cached = (xs.astype(np.float32), ys.astype(np.float32), feats)
            self._grid_cache[resolution] = cached
        return cached

    def plot_ranges(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The (x, y) ranges views plot 2-D inputs over (core.data.raw.plot_ranges)."""
        return data_layer.plot_ranges(self.data)

    @torch.no_grad()
    def grid_maps(self, resolution: int = 100, neuron_resolution: int = 32,
                  max_neurons: int = 64) -> GridMaps | None:
        """The output and every hidden neuron over the input plane (2-D raw inputs only)."""
        if self.data.n_inputs_raw != 2:
            return None
        self._mode(False)
        xs, ys, feats = self._grid_inputs(resolution)
        out = self.model(feats)
        res = (resolution, resolution)
        classes = confidence = None
        if self.head.task == "regression":
            output = out[:, 0]
        elif self.head.task == "classification" and self.data.n_classes > 2:
            probs = self.head.probabilities(out)
            conf, cls = probs.max(dim=1)
            classes = frozen(cls.reshape(res).cpu().numpy(), np.int32)
            confidence = frozen(conf.reshape(res).cpu().numpy(), np.float32)
            output = conf
        else:
            output = self.head.score(out)
        _, _, nfeats = self._grid_inputs(neuron_resolution)
        _, hidden = self.model.forward_with_hidden(nfeats)
        nres = (neuron_resolution, neuron_resolution)
        neurons = tuple(frozen(h[:, :max_neurons].T.reshape(-1, *nres).cpu().numpy(), np.float32)
                        for h in hidden)
        feature_maps = tuple(
            frozen(nfeats[:, j].reshape(nres).cpu().numpy(), np.float32)
            for j in range(nfeats.shape[1]))
        return GridMaps(xs=frozen(xs), ys=frozen(ys),
                        output=frozen(output.reshape(res).cpu().numpy(), np.float32),
                        classes=classes, confidence=confidence, neurons=neurons,
                        features=feature_maps)

    @torch.no_grad()
    def curve(self, points: int = 200) -> tuple[np.ndarray, np.ndarray] | None:
        """1-D regression: predictions along the input's range."""
        if self.data.n_inputs_raw != 1 or self.head.task != "regression":
            return None
        raw = np.concatenate([self.data.raw_train, self.data.raw_test])[:, 0]
        lo, hi = self.data.domain or (float(raw.min()), float(raw.max()))
        xs = np.linspace(lo, hi, points)
        feats = torch.as_tensor(self.data.featurize(xs[:, None]), device=self.device)
        self._mode(False)
        pred = self.model(feats)[:, 0].cpu().numpy()
        return frozen(xs, np.float32), frozen(pred, np.float32)

    @torch.no_grad()
    def snapshot(self, version: int = 0, grid: bool = True, resolution: int = 100,
                 neuron_resolution: int = 32, current_metrics: bool = False,
                 stats_max_age: float = 0.0) -> Snapshot:
        """An immutable picture of the run for views (arrays are copies, read-only).

        ``metrics`` are the history's last entry (the end of the last epoch); with
        ``current_metrics`` they are evaluated at the weights as they are now when these moved
        since (paused mid-epoch, a weight edited), so the figures, the confusion matrix and the
        metrics panel of one frame show one evaluation. The per-layer statistics (the
        Stability page; 40% of a small net's snapshot) are reused for ``stats_max_age``
        seconds: the live loop asks for fresh ones 4 times a second while training."""
        layers = self.model.dense_layers()
        history = MappingProxyType(dict(self.history))  # read-only views, no copies
        latest = {k: float(v[-1]) for k, v in history.items() if len(v)}
        if current_metrics and self._metrics_stale:
            latest.update(self.evaluate())
        test_pred = confusion = None
        if self.head.task == "classification" and len(self.data.x_test):
            out, _ = self.outputs("test")
            pred = self.head.predict(out).cpu().numpy()
            test_pred = frozen(pred, np.int64)
            confusion = frozen(metric_fns.confusion_matrix(
                np.asarray(self.data.y_test), pred, self.data.n_classes))
        elif self.head.task == "regression" and len(self.data.x_test):
            out, _ = self.outputs("test")
            test_pred = frozen(out[:, 0].cpu().numpy(), np.float32)
        return Snapshot(
            version=version, epoch=self.epoch, step=self.step_count, status=self.status,
            message=self.message, history=history, metrics=MappingProxyType(latest),
            weights=tuple(frozen(m.weight.detach().cpu().numpy(), np.float32) for m in layers),
            biases=tuple(frozen(m.bias.detach().cpu().numpy(), np.float32) for m in layers),
            grad_norms=self.grad_norm_history.view(),
            grid=self.grid_maps(resolution, neuron_resolution) if grid else None,
            curve=self.curve(), test_predictions=test_pred, confusion=confusion,
            learning_rate=self.learning_rate, split_outputs=self.split_outputs(),
            other_state=self.other_state(),
            extras=MappingProxyType({"trajectory": tuple(self.trajectory),
                                     "history_run": self.history.token,
                                     "trajectory_stride": self._trajectory_stride,
                                     # per-layer activation and gradient statistics
                                     "layer_stats": self._layer_stats(stats_max_age)}),
        )

    def _layer_stats(self, max_age: float) -> Any:
        now = time.monotonic()
        if max_age <= 0 or self._stats is None or now - self._stats[0] > max_age:
            self._stats = (now, trainer_statistics(self))
        return self._stats[1]

    @torch.no_grad()
    def split_outputs(self, rows: int = SNAPSHOT_OUTPUT_ROWS) -> Mapping[str, np.ndarray]:
        """Per non-empty split, float32 (n, c) for its first ``rows`` rows: probabilities
        (classification, multi-label) or predictions (regression)."""
        self._mode(False)
        out = {}
        for split, (x, _) in self._split.items():
            if len(x):
                y = self.model(x[:rows])
                y = y if self.head.task == "regression" else self.head.probabilities(y)
                out[split] = frozen(y.cpu().numpy(), np.float32)
        return MappingProxyType(out)

    # ---------------------------------------------------------------------------- editing
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
            state[names[id(m.weight)]] = torch.as_tensor(np.asarray(w))
            state[names[id(m.bias)]] = torch.as_tensor(np.asarray(b))
        state.update({k: torch.as_tensor(np.asarray(v)) for k, v in point.other_state.items()})
        try:
            self.model.load_state_dict(state)  # copies in place, in the model's dtype
        except RuntimeError as exc:
            raise ValueError(f"the frame is of another network ({str(exc)[:200]})") from exc
        self.epoch, self.step_count = point.epoch, point.step
        self.history.restore(point.history)
        self.grad_norm_history.write(0, np.asarray(point.grad_norms, np.float32).reshape(
            -1, len(layers)))
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
        latest = {k: float(v[-1]) for k, v in self.history.items() if len(v)}
        self._best = (self._monitored(latest), self._last_finite, self.epoch)
        self._metrics_stale = True  # a frame may come from the middle of an epoch

    def other_state(self) -> Mapping[str, np.ndarray]:
        """The state dict's entries beside the dense layers' weights and biases (batchnorm's
        parameters and statistics), as frozen numpy arrays; empty for most networks."""
        if self._other_keys is None:
            dense = {id(t) for m in self.model.dense_layers() for t in (m.weight, m.bias)}
            self._other_keys = tuple(k for k, v in self.model.state_dict(keep_vars=True).items()
                                     if id(v) not in dense)
        if not self._other_keys:
            return MappingProxyType({})
        state = self.model.state_dict()
        return MappingProxyType({k: frozen(state[k].detach().cpu().numpy())
                                 for k in self._other_keys})

    def set_weight(self, layer: int, row: int, col: int, value: float) -> None:
        """Set one weight of dense layer ``layer`` (0-based, output layer last)."""
        with torch.no_grad():
            self.model.dense_layers()[layer].weight[row, col] = value
        self._last_finite = self._copy_state()
        self._metrics_stale = True


def fit(trainer: Trainer, epochs: int,
        on_epoch: Callable[[Trainer], None] | None = None,
        should_stop: Callable[[], bool] | None = None) -> Trainer:
    """Run up to ``epochs`` epochs; stops early on divergence, early stopping or should_stop."""
    for _ in range(epochs):
        if trainer.status.ended or (should_stop and should_stop()):
            break
        trainer.run_epoch()
        if on_epoch is not None:
            on_epoch(trainer)
    if not trainer.status.ended:
        trainer.status = RunStatus.FINISHED
    return trainer
