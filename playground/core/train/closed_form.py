"""Closed-form least squares: the analytical solution of linear and polynomial regression.

For a linear model y_hat = X w + b with the mean squared loss and the L2 penalty l2/2 ||w||^2,

    mse:       (1/n) ||X w + b - y||^2 + l2/2 ||w||^2   ->  (X^T X + n l2/2 I) w = X^T (y - b)
    half_mse:  (1/2n) ||X w + b - y||^2 + l2/2 ||w||^2  ->  (X^T X + n l2 I) w = X^T (y - b)

solved as one ordinary least-squares problem: [X 1; sqrt(c) I 0] [w; b] ~ [y; 0] (the ridge
rows leave the bias alone unless training.regularize_bias). ``torch.linalg.lstsq`` in float64
handles rank-deficient X (more features than rows) with the minimum-norm solution.
"""

from __future__ import annotations

import math

import torch

from playground.core.model.head import Head
from playground.core.model.network import Network
from playground.core.model.registry import LOSSES
from playground.core.spec import Spec, SpecError

_RIDGE_SCALE = {"mse": 0.5, "half_mse": 1.0}  # c = scale * n * l2 for each loss


def check_least_squares(spec: Spec, head: Head) -> None:
    """Raise SpecError("training.solver", ...) unless lstsq can fit this experiment."""
    if head.task != "regression" or head.loss not in _RIDGE_SCALE or head.activation != "linear":
        raise SpecError("training.solver", "lstsq",
                        "gradient here: lstsq fits regression with the mse or half_mse loss and "
                        "a linear output")
    if spec.training.l1 > 0:
        raise SpecError("training.solver", "lstsq",
                        "gradient with an L1 penalty (it has no closed form); lstsq takes L2")


@torch.no_grad()
def solve_least_squares(model: Network, x: torch.Tensor, t: torch.Tensor, spec: Spec,
                        head: Head) -> torch.Tensor:
    """Set the model's only dense layer to the least-squares fit of (x, t); returns the data
    loss of the fit (a 0-d tensor)."""
    (layer,) = model.dense_layers()
    n, d = x.shape
    xd = torch.cat([x.double(), torch.ones(n, 1, dtype=torch.float64, device=x.device)], dim=1)
    target = t.double()
    c = _RIDGE_SCALE[head.loss] * n * spec.training.l2
    if c > 0:
        ridge = torch.eye(d + 1, dtype=torch.float64, device=x.device) * math.sqrt(c)
        if not spec.training.regularize_bias:
            ridge = ridge[:d]
        xd = torch.cat([xd, ridge])
        target = torch.cat([target, torch.zeros(len(ridge), t.shape[1], dtype=torch.float64,
                                                device=x.device)])
    # gelsd (SVD) is the CPU driver that gives the minimum-norm answer when X lacks rank;
    # CUDA has only gels (full rank), hence the pseudo-inverse there.
    if xd.device.type == "cpu":
        solution = torch.linalg.lstsq(xd, target, driver="gelsd").solution
    else:
        solution = torch.linalg.pinv(xd) @ target
    layer.weight.copy_(solution[:d].T.to(layer.weight.dtype))
    layer.bias.copy_(solution[d].to(layer.bias.dtype))
    pred = x @ layer.weight.T + layer.bias
    return LOSSES[head.loss].fn(pred, t).detach()
