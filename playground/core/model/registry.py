"""Name -> implementation tables: activations, initialisers, losses, optimizers, schedules.

The names, titles, formulas and fields are the catalogue's (``core.catalogue``, no torch); this
module holds what runs under each name. A test checks that both have the same names. Optimizers
need no row here: their torch class and fields come from the catalogue.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F

from playground.core import catalogue


class Sine(nn.Module):
    """sin(x): periodic units (SIREN-style); a row of the activation table."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sin(x)


# d activation / d z from the pre-activation z and the output h (and the spec, for slopes);
# used by the hand-written backward of the engine's fast path. None: autograd only.
Derivative = Callable[[torch.Tensor, torch.Tensor, Any], torch.Tensor]


@dataclass(frozen=True)
class Activation:
    """An activation: builds its module (the catalogue has its name and formula)."""

    build: Callable[[Any], nn.Module]  # spec -> module
    derivative: Derivative | None = None  # (z, h, spec) -> dh/dz, elementwise


def _silu_derivative(z: torch.Tensor, h: torch.Tensor, spec: Any) -> torch.Tensor:
    s = torch.sigmoid(z)
    return s * (1 + z * (1 - s))


ACTIVATIONS: Mapping[str, Activation] = MappingProxyType({
    "relu": Activation(lambda s: nn.ReLU(), lambda z, h, s: (z > 0).to(z.dtype)),
    "leaky_relu": Activation(lambda s: nn.LeakyReLU(s.model.leaky_slope),
                             # a tensor branch keeps z's dtype (float scalars give float32)
                             lambda z, h, s: torch.where(z > 0, torch.ones_like(z),
                                                         s.model.leaky_slope)),
    "prelu": Activation(lambda s: nn.PReLU(1, init=0.25)),
    "elu": Activation(lambda s: nn.ELU(), lambda z, h, s: torch.where(z > 0, 1.0, h + 1)),
    "gelu": Activation(lambda s: nn.GELU()),
    "silu": Activation(lambda s: nn.SiLU(), _silu_derivative),
    "sigmoid": Activation(lambda s: nn.Sigmoid(), lambda z, h, s: h * (1 - h)),
    "tanh": Activation(lambda s: nn.Tanh(), lambda z, h, s: 1 - h * h),
    "softplus": Activation(lambda s: nn.Softplus(), lambda z, h, s: torch.sigmoid(z)),
    "sine": Activation(lambda s: Sine(), lambda z, h, s: torch.cos(z)),
    "linear": Activation(lambda s: nn.Identity(), lambda z, h, s: torch.ones_like(z)),
})


# ------------------------------------------------------------------------------ initialisers
Init = Callable[[nn.Linear, Any, torch.Generator], None]  # (layer, spec, generator) -> None


def _torch_default(layer: nn.Linear, spec: Any, g: torch.Generator) -> None:
    # nn.Linear.reset_parameters, but drawing from our generator instead of the global RNG.
    nn.init.kaiming_uniform_(layer.weight, a=math.sqrt(5), generator=g)
    bound = 1 / math.sqrt(layer.in_features) if layer.in_features else 0.0
    nn.init.uniform_(layer.bias, -bound, bound, generator=g)


def _zero_bias(fill: Callable[[torch.Tensor, Any, torch.Generator], None]) -> Init:
    def init(layer: nn.Linear, spec: Any, g: torch.Generator) -> None:
        fill(layer.weight, spec, g)
        nn.init.zeros_(layer.bias)

    return init


def _tfp(layer: nn.Linear, spec: Any, g: torch.Generator) -> None:
    # TensorFlow Playground: weights U(-0.5, 0.5), every bias 0.1.
    nn.init.uniform_(layer.weight, -0.5, 0.5, generator=g)
    nn.init.constant_(layer.bias, 0.1)


INITS: Mapping[str, Init] = MappingProxyType({
    "default": _torch_default,
    "xavier_uniform": _zero_bias(lambda w, s, g: nn.init.xavier_uniform_(w, generator=g)),
    "xavier_normal": _zero_bias(lambda w, s, g: nn.init.xavier_normal_(w, generator=g)),
    "kaiming_uniform": _zero_bias(
        lambda w, s, g: nn.init.kaiming_uniform_(w, nonlinearity="relu", generator=g)),
    "kaiming_normal": _zero_bias(
        lambda w, s, g: nn.init.kaiming_normal_(w, nonlinearity="relu", generator=g)),
    "normal": _zero_bias(lambda w, s, g: nn.init.normal_(w, 0.0, s.model.init_std, generator=g)),
    "uniform": _zero_bias(lambda w, s, g: nn.init.uniform_(
        w, -s.model.init_range, s.model.init_range, generator=g)),
    # Every weight equal: all units of a layer stay identical (the symmetry problem).
    "constant": _zero_bias(lambda w, s, g: nn.init.constant_(w, s.model.init_value)),
    "tfp": _tfp,
})


# ------------------------------------------------------------------------------------ losses
LossFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]  # (output, target) -> mean loss


def _half_mse(out: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    # The course's 1/2 (y - y_hat)^2, averaged over samples and outputs.
    return 0.5 * F.mse_loss(out, target)


# d loss / d output for the fast path: (output, target) -> gradient of the mean loss.
LossGrad = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


@dataclass(frozen=True)
class Loss:
    """A loss on the model's raw output (the catalogue says what its target tensor holds)."""

    fn: LossFn
    grad: LossGrad | None = None  # hand-written gradient; None: autograd only


def _softmax_ce_grad(out: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    g = torch.softmax(out, dim=1)
    g[torch.arange(len(target), device=out.device), target] -= 1.0
    return g / len(target)


LOSSES: Mapping[str, Loss] = MappingProxyType({
    "mse": Loss(F.mse_loss, lambda o, t: (o - t) * (2.0 / o.numel())),
    "half_mse": Loss(_half_mse, lambda o, t: (o - t) * (1.0 / o.numel())),
    "mae": Loss(F.l1_loss, lambda o, t: torch.sign(o - t) * (1.0 / o.numel())),
    "huber": Loss(F.huber_loss, lambda o, t: (o - t).clamp(-1.0, 1.0) * (1.0 / o.numel())),
    "bce": Loss(F.binary_cross_entropy_with_logits,
                lambda o, t: (torch.sigmoid(o) - t) * (1.0 / o.numel())),
    "cross_entropy": Loss(F.cross_entropy, _softmax_ce_grad),
    "multilabel": Loss(F.binary_cross_entropy_with_logits,
                       lambda o, t: (torch.sigmoid(o) - t) * (1.0 / o.numel())),
})


# -------------------------------------------------------------------------------- optimizers
def optimizer_kwargs(spec: Any) -> dict[str, Any]:
    """The torch.optim keyword arguments a spec asks for (lr included)."""
    entry = catalogue.OPTIMIZERS[spec.training.optimizer]
    kwargs: dict[str, Any] = {"lr": spec.training.learning_rate}
    for name in entry.fields:
        kwargs[name] = spec.get(f"training.{name}")
    return kwargs


def build_optimizer(spec: Any, params: Any, fused: bool = False) -> torch.optim.Optimizer:
    """The spec's optimizer over ``params``; ``fused``: torch's fused update (one kernel for
    every tensor) where the optimizer has one (Adam, AdamW, SGD, Adagrad on CPU and CUDA).
    A small network's step is bound by per-op overhead: fused Adam steps the digits MLP about
    18% faster than torch's default single-tensor loop on the CPU, while ``foreach`` (one
    call per operation over the tensor list) is up to 20% slower there."""
    entry = catalogue.OPTIMIZERS[spec.training.optimizer]
    cls = entry.torch_class()
    kwargs = {**dict(entry.fixed), **optimizer_kwargs(spec)}
    if fused and "fused" in entry.hyperparameters():
        kwargs["fused"] = True
    return cls(params, **kwargs)


def build_schedule(spec: Any, optimizer: torch.optim.Optimizer) -> Any | None:
    """The spec's per-epoch lr scheduler, or None."""
    sched = spec.training.lr_schedule
    kind = sched["type"]
    if kind == "step":
        return torch.optim.lr_scheduler.StepLR(optimizer, sched["step_size"], sched["gamma"])
    if kind == "exponential":
        return torch.optim.lr_scheduler.ExponentialLR(optimizer, sched["gamma"])
    if kind == "cosine":
        t_max = sched["t_max"] or max(1, spec.training.epochs)
        return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, t_max, sched["eta_min"])
    return None
