"""Backprop of one training sample, step by step, in float64: what the step-through shows.

The course's notation, for dense layer l (the output layer is the last):

    forward   z_l = W_l a_{l-1} + b_l,   a_l = f_l(z_l),   a_0 = x
    loss      L = loss(a_L, y),   s = l1 sum|w| + l2/2 sum w^2,   J = L + s
    backward  delta_L = dL/da_L * f_L'(z_L),   delta_l = (W_{l+1}^T delta_{l+1}) * f_l'(z_l)
              dL/dW_l = delta_l a_{l-1}^T,   dL/db_l = delta_l
              dJ/dW_l = dL/dW_l + l2 W_l + l1 sign(W_l)   (biases too when regularize_bias)
    update    the spec's optimizer, one step on a batch of this one sample

Derivatives come from the activation table's closed forms (autograd only for activations that
have none, e.g. GELU). The update runs the spec's torch optimizer (a fresh one unless the
trainer's state is passed) on float64 copies, with the trainer's gradient clipping, so it is the
step the trainer would take. Input noise is not applied: the sample is shown as stored.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

from playground.core.arrays import frozen
from playground.core.model.head import Head
from playground.core.model.registry import ACTIVATIONS, LOSSES, build_optimizer
from playground.core.spec import Spec

F64 = torch.float64


@dataclass(frozen=True)
class LayerTrace:
    """One dense layer's share of the forward and backward pass (arrays float64, read-only)."""

    activation: str  # name in the activation table
    inputs: np.ndarray  # a_{l-1}, (n_in,)
    weight: np.ndarray  # W_l before the update, (n_out, n_in)
    bias: np.ndarray  # b_l before the update, (n_out,)
    z: np.ndarray  # pre-activation, (n_out,)
    a: np.ndarray  # activation f(z), (n_out,)
    derivative: np.ndarray  # f'(z), (n_out,)
    upstream: np.ndarray  # dL/da_l, (n_out,)
    delta: np.ndarray  # dL/dz_l = upstream * f'(z), (n_out,)
    loss_dw: np.ndarray  # dL/dW_l (data loss only), (n_out, n_in)
    loss_db: np.ndarray  # dL/db_l, (n_out,)
    dw: np.ndarray  # dJ/dW_l: with the L1/L2 terms, the gradient the update uses
    db: np.ndarray  # dJ/db_l
    new_weight: np.ndarray  # W_l after one optimizer step
    new_bias: np.ndarray  # b_l after one optimizer step

    def to_dict(self) -> dict[str, Any]:
        """Plain lists for JSON."""
        return {k: (v.tolist() if isinstance(v, np.ndarray) else v)
                for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class BackpropTrace:
    """Forward pass, loss, backward pass and update of one sample."""

    sample: int  # training-set row (-1 when not from a training set)
    x: np.ndarray  # model inputs (scaled features), (n_features,)
    target: np.ndarray  # what the loss compares with: values, or the class index
    loss_name: str
    loss: float  # L, the data loss of this sample
    penalty: float  # s, the L1/L2 term over the penalised parameters
    loss_grad: np.ndarray  # dL/da_L, (n_outputs,)
    learning_rate: float
    optimizer: str
    layers: tuple[LayerTrace, ...]  # hidden layers in order, the output layer last

    @property
    def objective(self) -> float:
        """J = L + s."""
        return self.loss + self.penalty

    @property
    def output(self) -> np.ndarray:
        return self.layers[-1].a

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        return {"sample": self.sample, "x": self.x.tolist(), "target": self.target.tolist(),
                "loss_name": self.loss_name, "loss": self.loss, "penalty": self.penalty,
                "objective": self.objective, "loss_grad": self.loss_grad.tolist(),
                "learning_rate": self.learning_rate, "optimizer": self.optimizer,
                "layers": [layer.to_dict() for layer in self.layers]}


def unsupported_reason(spec: Spec) -> str | None:
    """Why a sample of this experiment cannot be traced, or None when it can."""
    for layer in spec.model.layers:
        if layer.type != "dense":
            return f"a {layer.type} layer (the step-through shows dense layers only)"
        if layer.activation == "prelu":
            return "a prelu activation (its learnt slope is not traced)"
    if spec.model.output_activation == "prelu":
        return "a prelu output activation"
    return None


def trace_sample(spec: Spec, head: Head, params: Sequence[tuple[np.ndarray, np.ndarray]],
                 x: np.ndarray, target: np.ndarray, learning_rate: float | None = None,
                 sample: int = -1, optimizer_state: Mapping[str, Any] | None = None
                 ) -> BackpropTrace:
    """Trace one sample through dense layers ``params`` [(W (out, in), b (out,)), ...].

    ``target`` is as the trainer holds it (a row of values, or a class index); ``learning_rate``
    defaults to the spec's; ``optimizer_state`` is a torch optimizer state dict to continue from.
    Raises ValueError for experiments ``unsupported_reason`` names.
    """
    reason = unsupported_reason(spec)
    if reason is not None:
        raise ValueError(f"cannot step through {reason}")
    names = [layer.activation for layer in spec.model.layers] + [head.activation]
    if len(names) != len(params):
        raise ValueError(f"{len(params)} weight layers for a network of {len(names)}")
    weights = [torch.as_tensor(np.array(w, dtype=np.float64)) for w, _ in params]
    biases = [torch.as_tensor(np.array(b, dtype=np.float64)) for _, b in params]
    h = torch.as_tensor(np.array(x, dtype=np.float64)).reshape(-1)
    h0 = h
    t = _target_tensor(head, target)
    forward = []
    for name, w, b in zip(names, weights, biases, strict=True):
        z = w @ h + b
        a, deriv = _activate(name, z, spec)
        forward.append((h, z, a, deriv))
        h = a
    loss_entry = LOSSES[head.loss]
    out = h.unsqueeze(0)
    loss = float(loss_entry.fn(out, t))
    g = loss_entry.grad(out, t)[0]  # the registry's gradients are batch means: one row here
    loss_grad = g.clone()
    backward = []
    for i in range(len(names) - 1, -1, -1):
        inputs, _, _, deriv = forward[i]
        delta = g * deriv
        backward.append((g, delta, torch.outer(delta, inputs), delta.clone()))
        g = weights[i].T @ delta
    backward.reverse()
    totals = [_with_penalty(spec, w, b, dw, db)
              for w, b, (_, _, dw, db) in zip(weights, biases, backward, strict=True)]
    new = _optimizer_step(spec, weights, biases, totals, learning_rate, optimizer_state)
    layers = tuple(
        LayerTrace(names[i], *(_np(v) for v in (
            forward[i][0], weights[i], biases[i], *forward[i][1:], *backward[i], *totals[i],
            *new[i])))
        for i in range(len(names)))
    lr = learning_rate if learning_rate is not None else spec.training.learning_rate
    if optimizer_state is not None:
        lr = optimizer_state["param_groups"][0]["lr"]
    x64 = h0
    return BackpropTrace(sample, _np(x64), _np(t[0]), head.loss, loss,
                         _penalty(spec, weights, biases), _np(loss_grad), float(lr),
                         spec.training.optimizer, layers)


def trace_trainer(trainer: Any, index: int, continue_optimizer: bool = True) -> BackpropTrace:
    """Trace training row ``index`` of a Trainer with its current weights and learning rate.

    ``continue_optimizer``: the update continues the trainer's optimizer state (momentum,
    Adam moments), as its next step would; False starts a fresh optimizer.
    """
    if not 0 <= index < trainer.n_train:
        raise ValueError(f"sample {index}: the training set has rows 0 to {trainer.n_train - 1}")
    params = [(layer.weight.detach().cpu().numpy(), layer.bias.detach().cpu().numpy())
              for layer in trainer.model.dense_layers()]
    x = trainer.x_train[index].cpu().numpy()
    target = trainer.t_train[index].cpu().numpy()
    state = trainer.optimizer.state_dict() if continue_optimizer else None
    return trace_sample(trainer.spec, trainer.head, params, x, target,
                        trainer.learning_rate, index, state)


# ---------------------------------------------------------------------------------- helpers
def _np(t: torch.Tensor) -> np.ndarray:
    return frozen(t.detach().cpu().numpy(), np.float64)


def _target_tensor(head: Head, target: np.ndarray) -> torch.Tensor:
    if head.loss_target == "index":
        return torch.as_tensor(np.array(target, dtype=np.int64).reshape(1))
    return torch.as_tensor(np.array(target, dtype=np.float64)).reshape(1, -1)


def _activate(name: str, z: torch.Tensor, spec: Spec) -> tuple[torch.Tensor, torch.Tensor]:
    """f(z) and f'(z): the table's closed form, else autograd through the module."""
    entry = ACTIVATIONS[name]
    module = entry.build(spec)
    if entry.derivative is not None:
        with torch.no_grad():
            a = module(z)
            return a, entry.derivative(z, a, spec).to(F64)
    zz = z.detach().clone().requires_grad_(True)
    a = module(zz)
    (deriv,) = torch.autograd.grad(a.sum(), zz)  # elementwise: the sum's gradient is f'(z)
    return a.detach(), deriv


def _with_penalty(spec: Spec, w: torch.Tensor, b: torch.Tensor, dw: torch.Tensor,
                  db: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """dJ/dW and dJ/db: the trainer's L1/L2 terms (gradients of l1 |p| and l2/2 p^2)."""
    t = spec.training
    dw, db = dw.clone(), db.clone()
    if t.l2:
        dw += t.l2 * w
        if t.regularize_bias:
            db += t.l2 * b
    if t.l1:
        dw += t.l1 * torch.sign(w)
        if t.regularize_bias:
            db += t.l1 * torch.sign(b)
    return dw, db


def _penalty(spec: Spec, weights: list[torch.Tensor], biases: list[torch.Tensor]) -> float:
    t = spec.training
    params = list(weights) + (list(biases) if t.regularize_bias else [])
    total = 0.0
    if t.l1 > 0:
        total += t.l1 * float(sum(p.abs().sum() for p in params))
    if t.l2 > 0:
        total += 0.5 * t.l2 * float(sum((p * p).sum() for p in params))
    return total


def _optimizer_step(spec: Spec, weights: list[torch.Tensor], biases: list[torch.Tensor],
                    grads: list[tuple[torch.Tensor, torch.Tensor]], learning_rate: float | None,
                    state: Mapping[str, Any] | None) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """One step of the spec's optimizer on float64 copies (parameter order as the model's)."""
    params = []
    for w, b, (gw, gb) in zip(weights, biases, grads, strict=True):
        for value, grad in ((w, gw), (b, gb)):
            p = nn.Parameter(value.clone())
            p.grad = grad.clone()
            params.append(p)
    if spec.training.grad_clip is not None:
        nn.utils.clip_grad_norm_(params, spec.training.grad_clip)
    opt = build_optimizer(spec, params)
    if state is not None:
        # a deep copy: loading keeps same-dtype tensors, and step() would change the trainer's
        opt.load_state_dict(copy.deepcopy(dict(state)))  # casts the saved moments to float64
    elif learning_rate is not None:
        for group in opt.param_groups:
            group["lr"] = learning_rate
    opt.step()
    return [(params[2 * i].detach(), params[2 * i + 1].detach()) for i in range(len(weights))]
