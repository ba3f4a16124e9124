"""A slice of the playground network's loss around its current weights, as a frozen job.

Pure (no Qt): ``LandscapeRequest`` carries the experiment and the weight trajectory from the
latest snapshot; ``compute_landscape`` builds its own trainer (same spec, so the same data and
architecture), loads the newest weights, picks two directions, evaluates the loss grid and
projects the training path onto it. It runs in the lab's landscape thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch

from playground.core.lab.contour_job import N_LEVELS, shade_image
from playground.core.lab.contours import contour_lines, nice_levels
from playground.core.lab.landscape import (
    load_flat_parameters,
    loss_slice,
    pca_directions,
    project,
    random_directions,
)
from playground.core.spec import Spec
from playground.core.train.snapshot import Snapshot

METHODS = {"random": "Random, filter-normalised (Li et al.)",
           "pca": "PCA of the training path"}
SHADE_SIZE = 161  # the coarse loss grid is shaded at this resolution (bilinear), not in blocks
PCA_MARGIN = 1.35  # the PCA slice spans the projected path times this
MIN_PCA_SPAN = 1e-3


@dataclass(frozen=True)
class LandscapeRequest:
    """Everything one slice needs (read by the landscape thread only)."""

    request_id: int
    spec: Spec  # the experiment (its data and network are rebuilt from it)
    trajectory: tuple[np.ndarray, ...]  # flat float32 weights per recorded epoch, oldest first
    weights: tuple[np.ndarray, ...] = ()  # dense layers' weights: fallback without trajectory
    biases: tuple[np.ndarray, ...] = ()
    method: str = "random"  # "random" or "pca"
    span: float = 1.0  # half-width of the slice in direction units (random directions)
    resolution: int = 41  # grid points per axis
    seed: int = 0  # random directions
    cancel: threading.Event = field(default_factory=threading.Event, compare=False)


@dataclass(frozen=True)
class LandscapeResult:
    """The slice, ready to draw."""

    request_id: int
    method: str
    alphas: np.ndarray  # (res,) coordinates along direction 1
    betas: np.ndarray  # (res,) coordinates along direction 2
    z: np.ndarray  # (res, res) loss, row i at betas[i]
    shade: np.ndarray  # float32 (res, res) in [0, 1] for the colour table
    levels: np.ndarray
    lines: tuple[tuple[np.ndarray, np.ndarray], ...]
    path: np.ndarray  # (epochs, 2) projected training path, oldest first ((0, 2) if none)
    center_loss: float  # loss at the current weights (the slice's centre)
    explained: tuple[float, float] | None  # PCA: variance share of each direction
    n_params: int
    seconds: float  # time spent on the slice itself


def request_from_snapshot(request_id: int, spec: Spec, snapshot: Snapshot, **options: object
                          ) -> LandscapeRequest:
    """A request for the weights in ``snapshot`` (options: method, span, resolution, seed)."""
    trajectory = tuple(snapshot.extras.get("trajectory", ()))
    return LandscapeRequest(request_id, spec, trajectory, tuple(snapshot.weights),
                            tuple(snapshot.biases), **options)


def _center(request: LandscapeRequest, model: torch.nn.Module) -> np.ndarray:
    """The current weights as one flat vector in ``model.parameters()`` order.

    The snapshot's dense weights are the current ones; the trajectory's last entry is the end
    of the last epoch, which is not where an import, a weight edit or a pause mid-epoch left
    the network. The trajectory fills in the rest (batch norm's scales and shifts)."""
    dense = [m for m in model.modules() if isinstance(m, torch.nn.Linear)]
    n_dense = sum(p.numel() for m in dense for p in m.parameters())
    if request.trajectory:
        load_flat_parameters(model, np.asarray(request.trajectory[-1], dtype=np.float64))
    elif not request.weights or n_dense != sum(p.numel() for p in model.parameters()):
        # Big networks keep no trajectory: the dense layers must be all there is.
        raise ValueError("no weights to slice around yet: train the network for an epoch")
    if request.weights:
        if len(request.weights) != len(dense):
            raise ValueError("the network changed since the snapshot: compute the slice again")
        with torch.no_grad():
            for layer, w, b in zip(dense, request.weights, request.biases, strict=True):
                if tuple(np.shape(w)) != tuple(layer.weight.shape):
                    raise ValueError("the network changed since the snapshot: compute the "
                                     "slice again")
                layer.weight.copy_(torch.tensor(np.array(w), dtype=layer.weight.dtype))
                if layer.bias is not None:
                    layer.bias.copy_(torch.tensor(np.array(b), dtype=layer.bias.dtype))
    return torch.nn.utils.parameters_to_vector(model.parameters()).detach().cpu().numpy(
    ).astype(np.float64)


def compute_landscape(request: LandscapeRequest, trainer: object,
                      progress: Callable[[float], None] | None = None) -> LandscapeResult:
    """The slice for ``request`` using ``trainer`` (built from request.spec) for model and data.

    Raises ValueError with a user-facing message (too short a path for PCA, a network that
    changed since the snapshot) and SliceCancelled when ``request.cancel`` is set.
    """
    model = trainer.model
    center = _center(request, model)
    load_flat_parameters(model, center)  # also checks the parameter count
    path_points = (np.stack([np.asarray(t, np.float64) for t in request.trajectory])
                   if request.trajectory else center[None, :])
    if not np.allclose(path_points[-1], center):  # e.g. imported weights: the path ends here
        path_points = np.vstack([path_points, center[None, :]])
    explained = None
    if request.method == "pca":
        d1, d2, ratios = pca_directions(path_points)
        explained = (float(ratios[0]), float(ratios[1]))
    elif request.method == "random":
        generator = torch.Generator().manual_seed(int(request.seed))
        d1, d2 = random_directions(list(model.parameters()), generator)
    else:
        raise ValueError(f"unknown direction method '{request.method}'")
    path = project(path_points, center, d1, d2)
    if request.method == "pca":
        reach = np.abs(path).max(axis=0) * PCA_MARGIN
        span: float | tuple[float, float] = (max(float(reach[0]), MIN_PCA_SPAN),
                                             max(float(reach[1]), MIN_PCA_SPAN))
    else:
        span = float(request.span)
    started = time.perf_counter()
    alphas, betas, z = loss_slice(trainer, center, d1, d2, span, request.resolution,
                                  progress=progress, should_stop=request.cancel.is_set)
    seconds = time.perf_counter() - started
    levels = nice_levels(z, N_LEVELS, "log")
    lines = tuple(contour_lines(z, alphas, betas, levels))
    mid = request.resolution // 2
    return LandscapeResult(
        request_id=request.request_id, method=request.method, alphas=alphas, betas=betas, z=z,
        shade=_smooth_shade(alphas, betas, z, levels), levels=levels, lines=lines, path=path,
        center_loss=float(z[mid, mid]) if request.resolution % 2 else float("nan"),
        explained=explained, n_params=int(center.size), seconds=seconds)


def _smooth_shade(alphas: np.ndarray, betas: np.ndarray, z: np.ndarray,
                  levels: np.ndarray) -> np.ndarray:
    """The shading image at SHADE_SIZE^2, z interpolated bilinearly over the slice's grid."""
    fine_a = np.linspace(alphas[0], alphas[-1], SHADE_SIZE)
    fine_b = np.linspace(betas[0], betas[-1], SHADE_SIZE)
    rows = np.stack([np.interp(fine_a, alphas, row) for row in z])  # (len(betas), SHADE)
    fine = np.stack([np.interp(fine_b, betas, col) for col in rows.T], axis=1)
    return shade_image(fine, levels)
