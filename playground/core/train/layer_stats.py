"""The torch side of core/train/stability.py: per-layer statistics of a network on a batch."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch import nn

from playground.core.arrays import frozen
from playground.core.train.stability import MAX_ROWS, SATURATED, LayerStats, xavier_variance


def layer_statistics(model: Any, x: torch.Tensor, target: torch.Tensor,
                     loss_fn: Any) -> LayerStats:
    """Statistics of a Network on inputs ``x`` (eval mode; the model is not changed)."""
    body = list(model.body)
    was_training = model.training
    if was_training:
        model.eval()
    zs, acts, derivs = [], [], []
    with torch.enable_grad():
        h = x
        i = 0
        while i < len(body):
            module = body[i]
            h = module(h)
            if isinstance(module, nn.Linear):
                z = h
                act = body[i + 1] if i + 1 < len(body) and _elementwise(body[i + 1]) else None
                if act is not None:
                    zz = z.detach().requires_grad_(True)
                    (d,) = torch.autograd.grad(act(zz).sum(), zz)  # elementwise f'(z)
                    h = act(z)
                    i += 1
                else:
                    d = torch.ones_like(z)
                zs.append(z)
                acts.append(h)
                derivs.append(d.detach())
            i += 1
        layers = model.dense_layers()
        grads = torch.autograd.grad(loss_fn(h, target), [m.weight for m in layers],
                                    allow_unused=True)
    if was_training:
        model.train()
    with torch.no_grad():
        stats = {
            "mean": [float(a.mean()) for a in acts],
            "std": [float(a.std(unbiased=False)) for a in acts],
            "saturated": [float((d.abs() < SATURATED).double().mean())
                          for d in derivs],
            "dead": [float((d == 0).all(dim=0).double().mean()) for d in derivs],
            "grad_norm": [0.0 if g is None else float(torch.linalg.vector_norm(g))
                          for g in grads],
            "weight_var": [float(m.weight.var(unbiased=False)) for m in layers],
            "output_var": [float(z.var(unbiased=False)) for z in zs],
            "xavier_var": [xavier_variance(m.in_features, m.out_features) for m in layers],
        }
    out = {k: frozen(np.asarray(v, np.float64)) for k, v in stats.items()}
    return LayerStats(**out, fan_in=frozen(np.array([m.in_features for m in layers], np.int64)),
                      fan_out=frozen(np.array([m.out_features for m in layers], np.int64)))


def _elementwise(module: nn.Module) -> bool:
    """An activation module (not another layer, dropout or batch norm)."""
    return not isinstance(module, nn.Linear | nn.BatchNorm1d) and "Dropout" not in type(
        module).__name__


def trainer_statistics(trainer: Any, rows: int = MAX_ROWS) -> LayerStats | None:
    """``layer_statistics`` on the first ``rows`` training rows of a Trainer (None: no rows)."""
    if trainer.n_train == 0:
        return None
    return layer_statistics(trainer.model, trainer.x_train[:rows], trainer.t_train[:rows],
                            trainer.loss_fn)
