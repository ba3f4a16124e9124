"""Loss landscapes: 2-D slices of a network's loss (the linear regression's exact loss and its
race live in core/lab/regression_race.py).

Network slices follow Li et al. 2018 ("Visualizing the Loss Landscape of Neural Nets"): the loss
is evaluated at ``center + alpha * d1 + beta * d2`` where the directions are random and
filter-normalised (each row of a weight matrix scaled to that row's norm) or the top two PCA
directions of the training trajectory, onto which the path is projected.

Pure numpy + torch.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
import torch
from torch import nn
from torch.func import functional_call, vmap

SLICE_BATCH_ROWS = 8192  # data rows per forward pass while slicing (bounds memory on big sets)


# ================================================================== network loss slices
class SliceCancelled(Exception):
    """``loss_slice`` stopped because ``should_stop`` returned True."""


class LossSource(Protocol):
    """What ``loss_slice`` needs of a trainer: its model, training tensors and data loss."""

    model: nn.Module
    x_train: torch.Tensor
    t_train: torch.Tensor
    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


def filter_normalize(direction: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
    """``direction`` rescaled row by row to the norms of ``weight``'s rows (Li et al. 2018).

    A row is a filter: one output unit's incoming weights (dim 0 of an (out, in) matrix). A 1-D
    parameter (bias, batch-norm scale) counts as one filter, scaled to its whole norm. Rows of
    zero weights get a zero direction, so frozen-at-zero weights do not move.
    """
    d = direction.reshape(direction.shape[0], -1) if direction.dim() > 1 else direction[None]
    w = weight.reshape(weight.shape[0], -1) if weight.dim() > 1 else weight[None]
    w_norm = torch.linalg.vector_norm(w, dim=1, keepdim=True)
    d_norm = torch.linalg.vector_norm(d, dim=1, keepdim=True)
    scaled = d * (w_norm / torch.where(d_norm > 0, d_norm, torch.ones_like(d_norm)))
    return scaled.reshape(direction.shape)


def random_directions(
    params: Sequence[torch.Tensor], generator: torch.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Two random filter-normalised directions for ``params`` (in that order), flattened.

    Returns float64 arrays of length sum(p.numel()), laid out like
    ``torch.nn.utils.parameters_to_vector(params)``; ``generator`` (a CPU torch.Generator)
    makes them reproducible.
    """
    out = []
    for _ in range(2):
        parts = []
        for p in params:
            weight = p.detach().to(device="cpu", dtype=torch.float64)
            noise = torch.randn(weight.shape, generator=generator, dtype=torch.float64)
            parts.append(filter_normalize(noise, weight).reshape(-1))
        out.append(torch.cat(parts).numpy() if parts else np.zeros(0))
    return out[0], out[1]


def pca_directions(trajectory: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Top two principal directions of a weight trajectory (epochs, n_params).

    Returns (d1, d2, ratios): orthonormal float64 directions and the share of the trajectory's
    variance each explains. Each direction is signed so that training moves along +d (the last
    point projects higher than the first). Needs at least three recorded points.
    """
    m = np.asarray(trajectory, dtype=np.float64)
    if m.ndim != 2 or m.shape[0] < 3:
        raise ValueError("PCA directions need at least 3 recorded weight vectors "
                         f"(train for 2 epochs or more); got {m.shape[0] if m.ndim else 0}")
    centred = m - m.mean(axis=0)
    # Economy SVD through the small (epochs x epochs) Gram matrix: epochs << parameters.
    gram = centred @ centred.T
    eigvals, eigvecs = np.linalg.eigh(gram)
    order = np.argsort(eigvals)[::-1]
    eigvals = np.clip(eigvals[order], 0.0, None)
    total = float(eigvals.sum())
    if total <= 0:
        raise ValueError("the weights never moved: the trajectory has no direction to follow")
    dirs = []
    for k in range(2):
        v = centred.T @ eigvecs[:, order[k]]
        norm = float(np.linalg.norm(v))
        if norm <= 1e-12 * math.sqrt(total):
            v = _orthogonal_unit(dirs[0] if dirs else None, m.shape[1])
        else:
            v = v / norm
        if float((m[-1] - m[0]) @ v) < 0:
            v = -v
        dirs.append(v)
    ratios = eigvals[:2] / total
    return dirs[0], dirs[1], ratios


def _orthogonal_unit(first: np.ndarray | None, n: int) -> np.ndarray:
    """A unit vector orthogonal to ``first`` (a path that moved along one line has no 2nd PC)."""
    v = np.zeros(n)
    v[int(np.argmin(np.abs(first))) if first is not None else 0] = 1.0
    if first is not None:
        v -= (v @ first) * first
    return v / np.linalg.norm(v)


def project(trajectory: np.ndarray, center: np.ndarray, d1: np.ndarray,
            d2: np.ndarray) -> np.ndarray:
    """(n, 2) coordinates (alpha, beta) of each trajectory point in the slice's plane.

    Least squares in the plane spanned by d1, d2 (exact dot products for orthonormal PCA
    directions, correct too for non-orthogonal random ones).
    """
    m = np.atleast_2d(np.asarray(trajectory, dtype=np.float64))
    basis = np.stack([np.asarray(d1, np.float64), np.asarray(d2, np.float64)], axis=1)
    offsets = m - np.asarray(center, dtype=np.float64)
    gram = basis.T @ basis
    return np.linalg.solve(gram, basis.T @ offsets.T).T


def slice_axes(span: float | tuple[float, float], resolution: int) -> tuple[np.ndarray,
                                                                            np.ndarray]:
    """alphas, betas in [-span, span] (or per-axis half-widths); odd sizes hit 0 exactly."""
    if resolution < 2:
        raise ValueError(f"slice resolution must be at least 2, got {resolution}")
    spans = (span, span) if isinstance(span, int | float) else tuple(span)
    if len(spans) != 2 or not all(math.isfinite(s) and s > 0 for s in spans):
        raise ValueError(f"slice span must be a positive number (or two), got {span!r}")
    axes = []
    for s in spans:
        values = np.linspace(-float(s), float(s), resolution)
        if resolution % 2:
            values[resolution // 2] = 0.0  # the centre itself, not 1e-17 away from it
        axes.append(values)
    return axes[0], axes[1]


def loss_slice(
    source: LossSource,
    center: np.ndarray,
    d1: np.ndarray,
    d2: np.ndarray,
    span: float | tuple[float, float] = 1.0,
    resolution: int = 41,
    progress: Callable[[float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    batch_rows: int = SLICE_BATCH_ROWS,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The training-data loss on a (resolution x resolution) grid around ``center``.

    Point (i, j) has parameters ``center + alphas[j] * d1 + betas[i] * d2`` (flat, in
    ``model.parameters()`` order). The loss is the trainer's data loss without penalties, in
    eval mode (no dropout), evaluated with ``torch.func.functional_call`` so the model itself is
    not modified. Returns (alphas, betas, Z float64 (len(betas), len(alphas))); NaN where the
    loss is not finite. ``progress`` gets the finished fraction after each row; when
    ``should_stop`` returns True the slice ends with SliceCancelled.
    """
    model = source.model
    names = [name for name, _ in model.named_parameters()]
    params = list(model.parameters())
    sizes = [p.numel() for p in params]
    n_params = sum(sizes)
    for label, vector in (("center", center), ("d1", d1), ("d2", d2)):
        if np.asarray(vector).shape != (n_params,):
            raise ValueError(f"{label} has {np.asarray(vector).size} numbers; the model has "
                             f"{n_params} parameters")
    alphas, betas = slice_axes(span, resolution)
    device = params[0].device if params else torch.device("cpu")
    dtype = params[0].dtype if params else torch.float32

    def tensor(v: np.ndarray) -> torch.Tensor:
        return torch.as_tensor(np.asarray(v, dtype=np.float64), device=device).to(dtype)

    c, u, v = tensor(center), tensor(d1), tensor(d2)
    buffers = dict(model.named_buffers())
    x, t = source.x_train, source.t_train
    n_rows = len(x)
    if n_rows == 0:
        raise ValueError("the training set is empty: no loss to slice")
    chunks = [(s, min(s + batch_rows, n_rows)) for s in range(0, n_rows, batch_rows)]
    z = np.empty((len(betas), len(alphas)))
    row_alphas = torch.as_tensor(alphas, device=device).to(dtype)[:, None]

    def point_loss(flat: torch.Tensor, xb: torch.Tensor, tb: torch.Tensor) -> torch.Tensor:
        views = dict(zip(names, (piece.view_as(p) for piece, p in
                                 zip(torch.split(flat, sizes), params, strict=True)),
                         strict=True))
        return source.loss_fn(functional_call(model, (views, buffers), (xb,)), tb)

    # One vmapped forward per row and data chunk: a per-point Python loop costs ~0.5 ms of
    # overhead per grid point, which dominates for small networks.
    batched_loss = vmap(point_loss, in_dims=(0, None, None))
    use_vmap = True
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            for i, beta in enumerate(betas):
                flats = c[None, :] + row_alphas * u[None, :] + float(beta) * v[None, :]
                totals = torch.zeros(len(alphas), dtype=torch.float64, device=device)
                for start, stop in chunks:
                    xb, tb = x[start:stop], t[start:stop]
                    if use_vmap:
                        try:
                            losses = batched_loss(flats, xb, tb)
                        except (RuntimeError, NotImplementedError):
                            use_vmap = False  # a module vmap cannot batch: one point at a time
                    if not use_vmap:
                        losses = torch.stack([point_loss(f, xb, tb) for f in flats])
                    totals += losses.to(torch.float64) * (stop - start)
                z[i] = (totals / n_rows).cpu().numpy()
                if progress is not None:
                    progress((i + 1) / len(betas))
                if should_stop is not None and should_stop():
                    raise SliceCancelled(f"stopped after {i + 1} of {len(betas)} rows")
    finally:
        model.train(was_training)
    z[~np.isfinite(z)] = np.nan
    return alphas, betas, z


def load_flat_parameters(model: nn.Module, flat: np.ndarray) -> None:
    """Copy a flat parameter vector (``model.parameters()`` order) into the model."""
    params = list(model.parameters())
    n_params = sum(p.numel() for p in params)
    if np.asarray(flat).shape != (n_params,):
        raise ValueError(f"the weights have {np.asarray(flat).size} numbers but this network "
                         f"has {n_params} parameters (the network changed since)")
    vector = torch.as_tensor(np.asarray(flat), device=params[0].device).to(params[0].dtype)
    with torch.no_grad():
        torch.nn.utils.vector_to_parameters(vector, params)
