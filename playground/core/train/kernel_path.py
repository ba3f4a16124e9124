"""The trainer's side of the compiled kernel (``kernel``): what it covers, compiling it in the
background, and binding a torch model's parameters to the kernel's flat buffer.

The model's parameters become views of one flat numpy array (CPU only), so the kernel and
torch read and write the same memory: the torch weights stay the source of truth with nothing
to copy at frame boundaries. The optimizer's state (SGD's momentum buffer, Adam's moments and
step count) moves between the kernel's arrays and torch.optim only when the trainer switches
between the two (a single step, a partial epoch, a live change to something the kernel does
not cover).

Compiling takes seconds the first time (numba caches the machine code on disk for the next
process): ``start_compiling`` does it in a daemon thread, and trainers use the kernel once
``ready()``; until then they train on the torch paths.
"""

from __future__ import annotations

import threading
from types import ModuleType
from typing import Any

import numpy as np
import torch

from playground.core.model.head import Head
from playground.core.spec import Spec

_lock = threading.Lock()
_ready = threading.Event()
_thread: threading.Thread | None = None
_module: ModuleType | None = None
_error = ""  # why the kernel is unavailable ("" while compiling or when ready)

_KERNEL_ACTIVATIONS = ("linear", "relu", "leaky_relu", "elu", "silu", "sigmoid", "tanh",
                       "softplus", "sine")  # = kernel.ACTIVATION_CODES, without numba
_KERNEL_LOSSES = ("mse", "half_mse", "mae", "huber", "bce", "cross_entropy", "multilabel")
_KERNEL_OPTIMIZERS = ("sgd", "adam", "adamw")


# Above this many multiply-adds per minibatch step, torch's BLAS beats the kernel's plain
# loops (about 1-2 GFLOP/s) despite its per-op overhead.
MAX_STEP_MACS = 1 << 16


def unsupported_reason(spec: Spec, head: Head, device: torch.device,
                       n_inputs: int = 0) -> str | None:
    """Why the compiled kernel cannot train this experiment, or None when it can."""
    t = spec.training
    if device.type != "cpu":
        return f"device {device.type}"
    if t.solver != "gradient":
        return f"solver {t.solver}"
    if t.optimizer not in _KERNEL_OPTIMIZERS:
        return f"optimizer {t.optimizer}"
    if t.input_noise > 0:
        return "input noise"
    if head.loss not in _KERNEL_LOSSES:
        return f"loss {head.loss}"
    for layer in spec.model.layers:
        if layer.type != "dense":
            return f"{layer.type} layer"
        if layer.activation not in _KERNEL_ACTIVATIONS:
            return f"activation {layer.activation}"
    if head.activation not in _KERNEL_ACTIVATIONS:
        return f"output activation {head.activation}"
    widths = [n_inputs] + [layer.units for layer in spec.model.layers] + [head.n_outputs]
    macs = t.batch_size * sum(a * b for a, b in zip(widths[:-1], widths[1:], strict=True))
    if macs > MAX_STEP_MACS:
        return "network too large for the kernel"
    return None


# ------------------------------------------------------------------------------ compiling
def start_compiling() -> None:
    """Import numba and compile (or load from the disk cache) the float32 kernel in a
    daemon thread; returns at once. Safe to call again."""
    global _thread
    with _lock:
        if _thread is not None or _ready.is_set():
            return
        _thread = threading.Thread(target=_compile, name="kernel-compile", daemon=True)
        _thread.start()


def _compile() -> None:
    global _module, _error
    try:
        from playground.core.train import kernel

        _warm_up(kernel, np.float32)
        _module = kernel
    except Exception as exc:  # no numba, or it cannot compile here: torch paths only
        _error = f"{type(exc).__name__}: {exc}"
    finally:
        _ready.set()


def wait(timeout: float | None = None) -> ModuleType | None:
    """Compile now if nobody started it, wait for it; the kernel module or None."""
    start_compiling()
    _ready.wait(timeout)
    return _module


def ready() -> ModuleType | None:
    """The kernel module once compiled, else None (never blocks)."""
    return _module if _ready.is_set() else None


def error() -> str:
    """Why the kernel is unavailable ("" when it is ready or still compiling)."""
    return _error


def _warm_up(kernel: ModuleType, dtype: type) -> None:
    """One call on a tiny network, so the dispatcher compiles this dtype's signature."""
    x = np.zeros((2, 1), dtype)
    runner_args = _Layout(np.asarray([1, 1], np.int64), dtype)
    kernel.train_steps(
        x, np.zeros((2, 1), dtype), np.zeros(2, np.int64), np.asarray([0, 2, 2, 2], np.int64),
        np.arange(2, dtype=np.int64), 0, 2, 2, runner_args.params, runner_args.grads,
        np.zeros(2, dtype), np.zeros(2, dtype), np.zeros(2, np.int64), runner_args.w_off,
        runner_args.b_off, runner_args.widths, np.zeros(1, np.int64), 0, 0, 0,
        np.zeros(kernel.N_HYPER), True, np.zeros(1), np.zeros(kernel.N_FIGURES))


class _Layout:
    """Offsets of each layer's weight and bias in one flat parameter array."""

    def __init__(self, widths: np.ndarray, dtype: Any):
        self.widths = np.ascontiguousarray(widths, np.int64)
        w_off, b_off, at = [], [], 0
        for n_in, n_out in zip(widths[:-1], widths[1:], strict=True):
            w_off.append(at)
            at += int(n_in * n_out)
            b_off.append(at)
            at += int(n_out)
        self.w_off = np.asarray(w_off, np.int64)
        self.b_off = np.asarray(b_off, np.int64)
        self.params = np.zeros(at, dtype)
        self.grads = np.zeros(at, dtype)


# --------------------------------------------------------------------------------- running
class KernelRunner:
    """Trains one model with the kernel. Its parameters are rebound to views of ``params``."""

    def __init__(self, kernel: ModuleType, model: Any, spec: Spec, head: Head,
                 splits: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]):
        """``splits``: train, validation, test as (x, loss targets, int labels) numpy arrays."""
        self.kernel = kernel
        self.layers = model.dense_layers()
        dtype = self.layers[0].weight.detach().numpy().dtype
        widths = [self.layers[0].in_features] + [m.out_features for m in self.layers]
        layout = _Layout(np.asarray(widths), dtype)
        self.w_off, self.b_off, self.widths = layout.w_off, layout.b_off, layout.widths
        self.params, self.grads = layout.params, layout.grads
        flat = torch.from_numpy(self.params)
        with torch.no_grad():
            for layer, wo, bo in zip(self.layers, self.w_off, self.b_off, strict=True):
                w, b = layer.weight, layer.bias
                w_view = flat[wo:wo + w.numel()].view_as(w)
                b_view = flat[bo:bo + b.numel()].view_as(b)
                w_view.copy_(w)
                b_view.copy_(b)
                w.data, b.data = w_view, b_view  # the same Parameter objects, new storage
        self.state_a = np.zeros_like(self.params)
        self.state_b = np.zeros_like(self.params)
        self.counters = np.zeros(2, np.int64)
        self.grad_norms = np.zeros(len(self.layers))
        self.figures = np.zeros(kernel.N_FIGURES)
        names = [layer.activation for layer in spec.model.layers] + [head.activation]
        self.acts = np.asarray([kernel.ACTIVATION_CODES.index(n) for n in names], np.int64)
        self.loss_code = kernel.LOSS_CODES.index(head.loss)
        self.acc_code = kernel.ACCURACY_CODES.index(_accuracy_rule(head))
        self.n_train = len(splits["train"][0])
        order = ("train", "validation", "test")
        self.x = np.ascontiguousarray(np.concatenate([splits[s][0] for s in order]), dtype)
        width = np.asarray(splits["train"][1]).reshape(self.n_train, -1).shape[1]
        targets = [np.asarray(splits[s][1]).reshape(len(splits[s][0]), width) for s in order]
        self.t = np.ascontiguousarray(np.concatenate(targets), dtype)
        self.labels = np.ascontiguousarray(np.concatenate([splits[s][2] for s in order]),
                                           np.int64)
        sizes = np.cumsum([0] + [len(splits[s][0]) for s in order])
        self.bounds = np.asarray(sizes, np.int64)
        self.hyper = np.zeros(kernel.N_HYPER)
        self.optimizer = "sgd"
        self.set_spec(spec, head)

    def set_spec(self, spec: Spec, head: Head) -> None:
        """Take the hyperparameters of ``spec`` (after a live change)."""
        k, t, h = self.kernel, spec.training, self.hyper
        self.optimizer = t.optimizer
        self.opt_code = k.OPTIMIZER_CODES.index(t.optimizer)
        self.batch = max(1, min(t.batch_size, self.n_train))
        h[k.H_LR], h[k.H_L1], h[k.H_L2], h[k.H_WD] = t.learning_rate, t.l1, t.l2, t.weight_decay
        h[k.H_MOMENTUM] = t.momentum if t.optimizer == "sgd" else 0.0
        h[k.H_DAMPENING], h[k.H_NESTEROV] = t.dampening, float(t.nesterov)
        h[k.H_BETA1], h[k.H_BETA2] = t.betas
        h[k.H_EPS], h[k.H_SLOPE] = t.eps, spec.model.leaky_slope
        h[k.H_REG_BIAS] = float(t.regularize_bias)
        h[k.H_CLIP] = t.grad_clip or 0.0
        h[k.H_LOW] = head.low

    def run(self, perm: np.ndarray, start: int, stop: int, lr: float, evaluate: bool) -> int:
        """Steps over perm[start:stop] at learning rate ``lr``; with ``evaluate``, the splits'
        figures land in ``figures``. Returns the number of steps."""
        self.hyper[self.kernel.H_LR] = lr
        return self.kernel.train_steps(
            self.x, self.t, self.labels, self.bounds, perm, start, stop, self.batch,
            self.params, self.grads, self.state_a, self.state_b, self.counters, self.w_off,
            self.b_off, self.widths, self.acts, self.loss_code, self.acc_code, self.opt_code,
            self.hyper, evaluate, self.grad_norms, self.figures)

    # ---------------------------------------------------------------- optimizer state
    def _views(self, array: np.ndarray) -> list[torch.Tensor]:
        flat = torch.from_numpy(array)
        out = []
        for layer, wo, bo in zip(self.layers, self.w_off, self.b_off, strict=True):
            out.append(flat[wo:wo + layer.weight.numel()].view_as(layer.weight))
            out.append(flat[bo:bo + layer.bias.numel()].view_as(layer.bias))
        return out

    def _params(self) -> list[torch.nn.Parameter]:
        return [p for layer in self.layers for p in (layer.weight, layer.bias)]

    def state_from_torch(self, optimizer: torch.optim.Optimizer) -> None:
        """Take torch.optim's state (before the kernel trains after a torch step)."""
        a, b = self._views(self.state_a), self._views(self.state_b)
        self.counters[:] = 0
        with torch.no_grad():
            for p, va, vb in zip(self._params(), a, b, strict=True):
                state = optimizer.state.get(p, {})
                if self.optimizer == "sgd":
                    buf = state.get("momentum_buffer")
                    if buf is not None:
                        va.copy_(buf)
                        self.counters[1] = 1
                elif "exp_avg" in state:
                    va.copy_(state["exp_avg"])
                    vb.copy_(state["exp_avg_sq"])
                    self.counters[0] = int(state["step"])

    def state_to_torch(self, optimizer: torch.optim.Optimizer) -> None:
        """Hand the kernel's optimizer state to torch.optim (before torch steps)."""
        a, b = self._views(self.state_a), self._views(self.state_b)
        for p, va, vb in zip(self._params(), a, b, strict=True):
            if self.optimizer == "sgd":
                if self.counters[1]:
                    optimizer.state[p] = {"momentum_buffer": va.clone()}
            elif self.counters[0]:
                optimizer.state[p] = {"step": torch.tensor(float(self.counters[0])),
                                      "exp_avg": va.clone(), "exp_avg_sq": vb.clone()}

    def weight_grad_norms(self) -> np.ndarray:
        """Per layer, the L2 norm of the last step's weight gradient (float32)."""
        return self.grad_norms.astype(np.float32)


def _accuracy_rule(head: Head) -> str:
    """Which of kernel.ACCURACY_CODES gives Head.predict's classes."""
    if head.task != "classification":
        return "none"
    if head.loss_target in ("index", "logit01") and head.activation == "linear":
        return "argmax" if head.loss_target == "index" else "logit"
    return "scaled"
