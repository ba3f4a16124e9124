"""An activation and its derivative along a range of inputs: the table's closed form next to
autograd's, for the activation explorer.

The closed forms are the activation table's (``registry.ACTIVATIONS[name].derivative``). ELU's
table row is for alpha = 1 (torch's default, what the model builds); the explorer's alpha slider
uses the same form with alpha, f'(z) = f(z) + alpha for z <= 0. LeakyReLU's derivative for
negative inputs is the slope gamma itself (positive).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from playground.core.arrays import frozen
from playground.core.model.registry import ACTIVATIONS
from playground.core.spec import Spec


@dataclass(frozen=True)
class ActivationCurves:
    """f, f' by the closed form (None when the table has none) and by autograd, float64."""

    name: str
    xs: np.ndarray
    values: np.ndarray
    closed_form: np.ndarray | None
    autograd: np.ndarray

    @property
    def max_difference(self) -> float | None:
        """max |closed form - autograd| over xs (None without a closed form)."""
        if self.closed_form is None:
            return None
        return float(np.max(np.abs(self.closed_form - self.autograd), initial=0.0))


def activation_curves(name: str, xs: np.ndarray, leaky_slope: float = 0.01,
                      elu_alpha: float = 1.0) -> ActivationCurves:
    """The curves of activation ``name`` at the points ``xs``."""
    entry = ACTIVATIONS[name]
    spec = Spec({"model.leaky_slope": leaky_slope})
    module = nn.ELU(elu_alpha) if name == "elu" else entry.build(spec)
    module = module.double()
    z = torch.as_tensor(np.array(xs, dtype=np.float64)).requires_grad_(True)
    h = module(z)
    (grad,) = torch.autograd.grad(h.sum(), z)  # elementwise: d(sum f)/dz_i = f'(z_i)
    closed = None
    with torch.no_grad():
        if name == "elu":
            closed = torch.where(z > 0, torch.ones_like(z), h + elu_alpha)
        elif entry.derivative is not None:
            closed = entry.derivative(z.detach(), h.detach(), spec)
    return ActivationCurves(name, frozen(np.asarray(xs, np.float64)),
                            frozen(h.detach().numpy()),
                            None if closed is None else frozen(closed.numpy()),
                            frozen(grad.numpy()))
