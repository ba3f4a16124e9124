"""Hand-written backprop for plain dense networks under SGD: the engine's fast path.

Tiny networks are bound by per-operation overhead, not FLOPs; skipping autograd's graph and the
optimizer machinery roughly triples their steps per second. The maths is the course's backprop:

    forward   z_l = h_{l-1} W_l^T + b_l,   h_l = f_l(z_l)
    backward  d_l = g_l * f_l'(z_l),   dW_l = d_l^T h_{l-1},   db_l = sum_rows d_l,
              g_{l-1} = d_l W_l
    update    W_l <- W_l - lr (dW_l + l2 W_l + l1 sign(W_l) + weight_decay W_l)

It applies only where it gives exactly what autograd + torch.optim.SGD would (tests compare the
two); anything else (dropout, batchnorm, momentum, clipping, other optimizers, activations
without a derivative row) trains through autograd.
"""

from __future__ import annotations

from typing import Any

import torch

from playground.core.model.head import Head
from playground.core.model.network import Network
from playground.core.model.registry import ACTIVATIONS, LOSSES
from playground.core.spec import Spec


def unsupported_reason(spec: Spec, head: Head) -> str | None:
    """Why the fast path cannot train this experiment, or None when it can."""
    t = spec.training
    if t.optimizer != "sgd":
        return f"optimizer {t.optimizer}"
    if t.momentum != 0:
        return "momentum"
    if t.grad_clip is not None:
        return "gradient clipping"
    if LOSSES[head.loss].grad is None:
        return f"loss {head.loss}"
    for layer in spec.model.layers:
        if layer.type != "dense":
            return f"{layer.type} layer"
        if ACTIVATIONS[layer.activation].derivative is None:
            return f"activation {layer.activation}"
    if ACTIVATIONS[head.activation].derivative is None:
        return f"output activation {head.activation}"
    return None


class ManualBackprop:
    """Trains a Network in place with hand-written gradients (see the module docstring)."""

    def __init__(self, model: Network, spec: Spec, head: Head):
        self.layers = model.dense_layers()
        names = [layer.activation for layer in spec.model.layers] + [head.activation]
        self.forward_fns = [_forward_fn(model, i, name) for i, name in enumerate(names)]
        self.derivatives = [ACTIVATIONS[name].derivative for name in names]
        self.loss_grad = LOSSES[head.loss].grad
        self.spec = spec
        self.last_weight_grads: list[torch.Tensor] = []

    @torch.no_grad()
    def step(self, x: torch.Tensor, target: torch.Tensor, lr: float) -> None:
        """One SGD step on a minibatch."""
        spec = self.spec
        inputs, pre, post = [], [], []
        h = x
        for layer, fn in zip(self.layers, self.forward_fns, strict=True):
            inputs.append(h)
            z = torch.addmm(layer.bias, h, layer.weight.t())
            h = fn(z)
            pre.append(z)
            post.append(h)
        g = self.loss_grad(h, target)
        grads = []
        for i in range(len(self.layers) - 1, -1, -1):
            d = g * self.derivatives[i](pre[i], post[i], spec)
            layer = self.layers[i]
            grads.append((layer, d.t() @ inputs[i], d.sum(0)))
            if i:
                g = d @ layer.weight
        self._update(grads, lr)

    def _update(self, grads: list[tuple[Any, torch.Tensor, torch.Tensor]], lr: float) -> None:
        t = self.spec.training
        weight_grads = []
        for layer, gw, gb in grads:
            w, b = layer.weight, layer.bias
            if t.l2:
                gw.add_(w, alpha=t.l2)
                if t.regularize_bias:
                    gb.add_(b, alpha=t.l2)
            if t.l1:
                gw.add_(torch.sign(w), alpha=t.l1)
                if t.regularize_bias:
                    gb.add_(torch.sign(b), alpha=t.l1)
            weight_grads.append(gw)
            if t.weight_decay:  # torch.optim.SGD decays every parameter, biases included
                gw = gw.add(w, alpha=t.weight_decay)
                gb = gb.add(b, alpha=t.weight_decay)
            w.add_(gw, alpha=-lr)
            b.add_(gb, alpha=-lr)
        weight_grads.reverse()
        self.last_weight_grads = weight_grads


def _forward_fn(model: Network, dense_index: int, name: str) -> Any:
    """The activation after dense layer ``dense_index`` as a plain callable (no hooks)."""
    fast = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu,
            "sine": torch.sin, "linear": lambda z: z}
    if name in fast:
        return fast[name]
    seen = -1
    modules = list(model.body)
    for i, module in enumerate(modules):
        if isinstance(module, torch.nn.Linear):
            seen += 1
            if seen == dense_index:
                return modules[i + 1].forward
    raise ValueError(f"no activation after dense layer {dense_index}")
