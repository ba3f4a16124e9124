"""The optimizer table of the lab: lab names -> real torch.optim classes and their hyperparameters.

Hyperparameters keep their torch.optim names (momentum, nesterov, betas, alpha, eps, rho,
weight_decay, dampening, ...) and their types are read from the constructor's defaults, so a new
torch keyword shows up without an edit here.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import torch

from playground.core.catalogue import OPTIMIZERS as CATALOGUE_OPTIMIZERS

# Constructor keywords that are implementation switches, not hyperparameters a learner tunes.
_NOT_HYPERPARAMETERS = frozenset(
    {"self", "params", "lr", "foreach", "capturable", "differentiable", "fused"}
)
_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})


class OptimizerError(ValueError):
    """An unknown optimizer or a bad hyperparameter; the message names which and why."""


@dataclass(frozen=True)
class OptimizerKind:
    """One row of the optimizer table."""

    name: str  # lab name, e.g. "momentum"
    title: str  # label for menus and legends
    optimizer: str  # the catalogue's optimizer (training.optimizer) that runs
    presets: Mapping[str, object] = field(default_factory=dict)  # lab defaults over torch's
    momentum_state: str | None = None  # optimizer.state key of its momentum-like vector

    @property
    def torch_class(self) -> type[torch.optim.Optimizer]:
        """The real torch.optim class, found through the catalogue."""
        return CATALOGUE_OPTIMIZERS[self.optimizer].torch_class()

    def defaults(self) -> dict[str, object]:
        """Tunable hyperparameters (torch names, lr excluded) with the lab's default values."""
        values: dict[str, object] = {}
        for name, param in inspect.signature(self.torch_class.__init__).parameters.items():
            if name in _NOT_HYPERPARAMETERS or param.default is inspect.Parameter.empty:
                continue
            if isinstance(param.default, bool | int | float | tuple):
                values[name] = param.default
        values.update(self.presets)
        return values

    def default_lr(self) -> float:
        """torch's default learning rate for this class."""
        return float(inspect.signature(self.torch_class.__init__).parameters["lr"].default)


OPTIMIZERS: Mapping[str, OptimizerKind] = MappingProxyType({
    k.name: k
    for k in (
        OptimizerKind("gd", "Gradient descent", "sgd", {}, "momentum_buffer"),
        OptimizerKind("momentum", "Momentum", "sgd", {"momentum": 0.9},
                      "momentum_buffer"),
        OptimizerKind("nesterov", "Nesterov", "sgd",
                      {"momentum": 0.9, "nesterov": True}, "momentum_buffer"),
        OptimizerKind("adagrad", "AdaGrad", "adagrad"),
        OptimizerKind("rmsprop", "RMSProp", "rmsprop", {}, "momentum_buffer"),
        OptimizerKind("adadelta", "Adadelta", "adadelta"),
        OptimizerKind("adam", "Adam", "adam", {}, "exp_avg"),
        OptimizerKind("adamw", "AdamW", "adamw", {}, "exp_avg"),
        OptimizerKind("nadam", "NAdam", "nadam", {}, "exp_avg"),
    )
})

# Other spellings users type: torch class names (lower case) and common variants.
ALIASES: Mapping[str, str] = MappingProxyType({
    "sgd": "gd", "heavy-ball": "momentum", "nag": "nesterov", "rmsprop": "rmsprop",
})


def resolve_optimizer(name: str) -> OptimizerKind:
    """The table row for a lab or torch name (case-insensitive); OptimizerError if unknown."""
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in OPTIMIZERS:
        raise OptimizerError(
            f"unknown optimizer '{name}'; choose from {', '.join(OPTIMIZERS)} (or sgd)"
        )
    return OPTIMIZERS[key]


def coerce_params(kind: OptimizerKind, params: Mapping[str, object]) -> dict[str, object]:
    """Check ``params`` against the optimizer's constructor and convert values to its types.

    Strings are parsed ("0.9", "true", "0.9,0.999"); numbers and pairs pass through. Returns the
    full hyperparameter dict (defaults filled in). Raises OptimizerError naming the bad entry.
    """
    values = kind.defaults()
    for name, raw in params.items():
        if name == "lr":
            raise OptimizerError("give the learning rate as lr, not as a parameter")
        if name not in values:
            raise OptimizerError(
                f"{kind.torch_class.__name__} has no parameter '{name}'; it takes "
                + ", ".join(values)
            )
        values[name] = _coerce(name, raw, values[name])
    return values


def _coerce(name: str, raw: object, default: object) -> object:
    if isinstance(default, bool):
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise OptimizerError(f"parameter {name} must be true or false, got '{raw}'")
    if isinstance(default, tuple):
        parts = raw.split(",") if isinstance(raw, str) else raw
        if not isinstance(parts, list | tuple) or len(parts) != len(default):
            raise OptimizerError(
                f"parameter {name} needs {len(default)} numbers separated by commas, got '{raw}'"
            )
        return tuple(_number(name, p) for p in parts)
    return _number(name, raw)


def _number(name: str, raw: object) -> float:
    try:
        value = float(raw.strip() if isinstance(raw, str) else raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise OptimizerError(f"parameter {name} must be a number, got '{raw}'") from None
    if not math.isfinite(value):
        raise OptimizerError(f"parameter {name} must be finite, got '{raw}'")
    return value


def build_optimizer(
    kind: OptimizerKind, param: torch.Tensor, lr: float, hyperparameters: Mapping[str, object]
) -> torch.optim.Optimizer:
    """Construct the real torch optimizer; torch's own range checks become OptimizerError."""
    try:
        return kind.torch_class([param], lr=lr, **hyperparameters)
    except ValueError as exc:
        raise OptimizerError(f"{kind.torch_class.__name__}: {exc}") from None
