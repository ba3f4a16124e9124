"""The engine: owns model, optimizer and data on a device; steps, epochs, history, snapshots.

``Trainer`` is composed of parts by job: the training mechanics here (setup, batches, steps,
epochs, divergence), ``paths`` (kernel, fast path or torch.optim), ``evaluation`` (figures,
history, early stopping), ``frames`` (snapshots for the views) and ``editing`` (live edits,
loaded weights, resume points).

A trainer lives in one thread (the CLI's, or the GUI's worker). Nothing here is thread-safe;
other threads see it only through immutable ``Snapshot`` values.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
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
from playground.core.model.registry import LOSSES, build_schedule
from playground.core.spec import Spec
from playground.core.train.closed_form import check_least_squares, solve_least_squares
from playground.core.train.editing import TrainerEdits
from playground.core.train.evaluation import (
    TRAJECTORY_LENGTH,
    TRAJECTORY_MAX_PARAMS,
    TrainerEvaluation,
)
from playground.core.train.fastpath import ManualBackprop
from playground.core.train.frames import SNAPSHOT_OUTPUT_ROWS, TrainerFrames
from playground.core.train.history import History
from playground.core.train.link import RunStatus
from playground.core.train.paths import TrainerPaths

__all__ = ["SNAPSHOT_OUTPUT_ROWS", "TRAJECTORY_LENGTH", "TRAJECTORY_MAX_PARAMS", "Trainer", "fit"]


class Trainer(TrainerPaths, TrainerEvaluation, TrainerFrames, TrainerEdits):
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
        self._params = tuple(self.model.parameters())  # fixed for the trainer's life
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
        self._label_tensors: dict[str, torch.Tensor] = {}  # class labels per split, made once
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
        # Per-epoch figures and, per epoch and dense layer, the last step's weight-gradient
        # L2 norm: growable arrays handed out as read-only views, thinned on long runs.
        self.history = History(len(self.model.dense_layers()))
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
        self._stats: tuple[float, int, Any] | None = None  # (when, epoch, layer statistics)
        self._penalised = self._penalty_params()
        self._n_params = sum(p.numel() for p in self._params)
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
            for p in self._params:  # zero_grad's profiler scope costs as much as 2 ops
                p.grad = None
            (loss if penalty is None else loss + penalty).backward()
            if t.grad_clip is not None:
                nn.utils.clip_grad_norm_(self._params, t.grad_clip)
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
                nn.utils.clip_grad_norm_(self._params, t.grad_clip)
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
        return self._torch_steps(1)

    def steps(self, count: int) -> bool:
        """Train up to ``count`` minibatches, stopping at the end of an epoch. Returns True
        when it completed one. In the compiled kernel where it applies."""
        if self.status == RunStatus.DIVERGED:
            return False
        runner = self._kernel_runner()
        if runner is None:
            return self._torch_steps(count)
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

    def _torch_steps(self, count: int) -> bool:
        """``steps`` (and ``step``) on the torch paths: the batch losses are summed on the
        device into the epoch's sum (as ``run_epoch`` does) and checked once, at the chunk's
        end: a check per step is a host sync per step on a GPU, and on the fast path, which
        has no loss, a finiteness test of every parameter. A step that diverged is caught at
        the check, and ``_diverge`` restores the weights of the last finished epoch, as a
        check per step would."""
        self._mode(True)
        fast = self._fast is not None
        done = False
        for _ in range(count):
            loss = self._train_batch(*self._next_batch())
            self.step_count += 1
            if loss is not None:
                self._epoch_loss += loss
                if self._needs_closure and not bool(torch.isfinite(loss)):
                    break  # a line search on NaN weights would only spend its iterations
            if self._cursor >= self.n_train:
                done = True
                break
        self._metrics_stale = True
        finite = (all(bool(torch.isfinite(p).all()) for p in self._params) if fast
                  else bool(torch.isfinite(self._epoch_loss)))
        if not finite:
            self._diverge()
            return False
        if done:
            self._end_epoch()
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
        norms = runner.weight_grad_norms() if runner is not None else self._grad_norms()
        if self.scheduler is not None:
            with warnings.catch_warnings():
                # the fast path updates weights without optimizer.step(); the schedule is right
                warnings.filterwarnings("ignore", r"Detected call of `lr_scheduler\.step\(\)`")
                self.scheduler.step()
        self._record_trajectory()
        self._append_history(current, norms=norms)
        self._last_finite = self._copy_state()
        if self.status == RunStatus.READY:
            self.status = RunStatus.RUNNING
        self._check_early_stopping(current)


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
