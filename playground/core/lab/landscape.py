"""Loss landscapes: 2-D slices of a network's loss and the exact loss of a linear regression.

Network slices follow Li et al. 2018 ("Visualizing the Loss Landscape of Neural Nets"): the loss
is evaluated at ``center + alpha * d1 + beta * d2`` where the directions are random and
filter-normalised (each row of a weight matrix scaled to that row's norm) or the top two PCA
directions of the training trajectory, onto which the path is projected.

The linear-regression part gives the true MSE over (w, b) of a one-input data set as a lab
``Surface`` and a ``RegressionRace`` of real torch optimizers taking minibatch steps on the data,
with the same ``TrackState`` values as the lab's ``Race`` so one view draws both.

Pure numpy + torch.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import torch
from torch import nn
from torch.func import functional_call, vmap

from playground.core.lab.optimizers import (
    OptimizerError,
    build_optimizer,
    coerce_params,
    resolve_optimizer,
)
from playground.core.lab.paths import DIVERGENCE_LIMIT, Race, Racer, TrackState
from playground.core.lab.surfaces import Surface, surface_from_formula

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


def _frozen(values: object, dtype: type = np.float64) -> np.ndarray:
    out = np.array(values, dtype=dtype, copy=True)
    out.setflags(write=False)
    return out


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


# ================================================================ linear regression (w, b)
@dataclass(frozen=True)
class RegressionProblem:
    """Fit y = w x + b to one-input data by MSE; ``surface`` is the exact loss over (w, b)."""

    name: str  # data set label, e.g. "house"
    x: np.ndarray  # (n,) float64 inputs (read-only)
    y: np.ndarray  # (n,) float64 targets (read-only)
    surface: Surface  # MSE(w, b) with w as the surface's x and b as its y
    solution: tuple[float, float]  # the least-squares (w*, b*)


def least_squares(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(w, b) minimising mean((w x + b - y)^2); b = mean(y) when x is constant."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    var = float(np.mean((x - x.mean()) ** 2))
    w = float(np.mean((x - x.mean()) * (y - y.mean())) / var) if var > 0 else 0.0
    return w, float(y.mean() - w * x.mean())


def mse_grid(x: np.ndarray, y: np.ndarray, ws: np.ndarray, bs: np.ndarray) -> np.ndarray:
    """mean((w x + b - y)^2) for every (b, w) pair: (len(bs), len(ws)) float64, computed
    from the data's moments (exact, O(grid) instead of O(grid * samples))."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    w = np.asarray(ws, dtype=np.float64)[None, :]
    b = np.asarray(bs, dtype=np.float64)[:, None]
    xx, xm, xy, ym, yy = (x * x).mean(), x.mean(), (x * y).mean(), y.mean(), (y * y).mean()
    return xx * w * w + 2 * xm * w * b + b * b - 2 * xy * w - 2 * ym * b + yy


def regression_problem(x: np.ndarray, y: np.ndarray, name: str = "data") -> RegressionProblem:
    """The (w, b) MSE surface of ``y ~ w x + b``, its domain covering (0, 0) and the solution."""
    x = _frozen(np.ravel(x))
    y = _frozen(np.ravel(y))
    if x.size == 0 or x.shape != y.shape:
        raise ValueError(f"need the same number (> 0) of inputs and targets, got {x.size} and "
                         f"{y.size}")
    w_star, b_star = least_squares(x, y)
    xx, xm, xy, ym, yy = (float(v) for v in ((x * x).mean(), x.mean(), (x * y).mean(),
                                            y.mean(), (y * y).mean()))
    formula = (f"{xx!r}*x**2 + {2 * xm!r}*x*y + y**2 - {2 * xy!r}*x - {2 * ym!r}*y + {yy!r}")
    margin = 0.4 * max(abs(w_star), abs(b_star), 1.0)
    domain = tuple((min(0.0, s) - margin, max(0.0, s) + margin) for s in (w_star, b_star))
    surface = surface_from_formula(
        formula, name=f"regression-{name}", title=f"MSE of y = w x + b on {name}",
        domain=domain, minima=((w_star, b_star),), start=(0.0, 0.0))
    return RegressionProblem(name, x, y, surface, (w_star, b_star))


def regression_data(dataset: str, *, standardize: bool = True, seed: int = 0,
                    samples: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) float64 of a regression data set reduced to its first input (``linear`` -> x1).

    All rows are used (no test split); ``standardize`` scales x to mean 0, std 1.
    Raises SpecError / DataError for unknown sets and ValueError for classification sets.
    """
    from playground.core.data.datasets import generate
    from playground.core.data.raw import prepare
    from playground.core.spec import Spec

    spec = Spec().replace({"data.dataset": dataset, "seed": seed, "data.samples": samples,
                           "data.train_fraction": 1.0, "data.standardize": standardize})
    raw = generate(spec)
    if raw.task != "regression" or np.ndim(raw.y) != 1:
        raise ValueError(f"'{dataset}' is not a one-target regression data set")
    prepared = prepare(spec.replace({"data.features": [raw.input_names[0]]}), raw)
    return (prepared.x_train[:, 0].astype(np.float64), prepared.y_train[:, 0].astype(np.float64))


class MinibatchTrack:
    """A torch optimizer fitting (w, b) with minibatch MSE steps; history kept for drawing.

    Batches are drawn without replacement from a seeded permutation per epoch (like the
    trainer); ``batch_size >= n`` is full-batch gradient descent. The value, gradient and
    distance it reports are those of the full-data loss, the surface drawn under the path.
    """

    def __init__(self, problem: RegressionProblem, optimizer: str, lr: float,
                 start: Sequence[float], params: Mapping[str, object] | None = None, *,
                 batch_size: int = 10, seed: int = 0, label: str | None = None) -> None:
        """Build the optimizer (OptimizerError / ValueError on bad settings)."""
        self.problem = problem
        self.kind = resolve_optimizer(optimizer)
        if not (isinstance(lr, int | float) and math.isfinite(lr) and lr >= 0):
            raise OptimizerError(f"learning rate must be a finite number >= 0, got {lr!r}")
        if int(batch_size) < 1:
            raise ValueError(f"batch size must be at least 1, got {batch_size}")
        start_values = [float(v) for v in start]
        if len(start_values) != 2 or not all(map(math.isfinite, start_values)):
            raise ValueError(f"start needs 2 finite numbers (w, b), got {list(start)}")
        self.label = label or self.kind.name
        self.lr = float(lr)
        self.batch_size = min(int(batch_size), problem.x.size)
        self.hyperparameters = coerce_params(self.kind, params or {})
        self._x = torch.from_numpy(np.array(problem.x))
        self._y = torch.from_numpy(np.array(problem.y))
        self._param = torch.tensor(start_values, dtype=torch.float64, requires_grad=True)
        self._optimizer = build_optimizer(self.kind, self._param, self.lr, self.hyperparameters)
        self._generator = torch.Generator().manual_seed(int(seed))
        self._order = torch.empty(0, dtype=torch.int64)
        self._cursor = 0
        self._points = np.empty((64, 2))
        self._values = np.empty(64)
        self._count = 0
        self._grad = np.zeros(2)
        self._update = np.zeros(2)
        self.diverged = False
        self.message = ""
        self._record(np.asarray(start_values))

    @property
    def steps_taken(self) -> int:
        """Completed optimizer steps."""
        return self._count - 1

    def _full_loss(self, point: np.ndarray) -> tuple[float, np.ndarray]:
        residual = point[0] * self.problem.x + point[1] - self.problem.y
        grad = 2.0 * np.array([np.mean(residual * self.problem.x), np.mean(residual)])
        return float(np.mean(residual * residual)), grad

    def _record(self, point: np.ndarray) -> None:
        value, grad = self._full_loss(point)
        if self._count == len(self._values):  # grow geometrically: O(1) amortised per step
            self._points = np.concatenate([self._points, np.empty_like(self._points)])
            self._values = np.concatenate([self._values, np.empty_like(self._values)])
        self._points[self._count] = point
        self._values[self._count] = value
        self._count += 1
        self._grad = grad

    def _batch(self) -> torch.Tensor:
        if self._cursor >= len(self._order):
            self._order = torch.randperm(self.problem.x.size, generator=self._generator)
            self._cursor = 0
        index = self._order[self._cursor:self._cursor + self.batch_size]
        self._cursor += self.batch_size
        return index

    def step(self, n: int = 1) -> int:
        """Take up to ``n`` minibatch steps (stops early on divergence); returns steps taken."""
        taken = 0
        while taken < n and not self.diverged:
            index = self._batch()
            w, b = self._param.unbind()
            loss = torch.mean((w * self._x[index] + b - self._y[index]) ** 2)
            self._optimizer.zero_grad(set_to_none=True)
            loss.backward()
            self._optimizer.step()
            point = self._param.detach().numpy().copy()
            previous = self._points[self._count - 1]
            value, _ = self._full_loss(point)
            if (not np.isfinite(point).all() or np.abs(point).max() > DIVERGENCE_LIMIT
                    or not math.isfinite(value)):
                with torch.no_grad():
                    self._param.copy_(torch.from_numpy(previous.copy()))
                self.diverged = True
                self.message = (f"diverged at step {self.steps_taken + 1}: the weights left "
                                f"the finite range (|w| > {DIVERGENCE_LIMIT:g})")
                break
            self._update = point - previous
            self._record(point)
            taken += 1
        return taken

    def momentum(self) -> np.ndarray | None:
        """The optimizer's momentum buffer / first moment, or None if it keeps none."""
        key = self.kind.momentum_state
        buffer = self._optimizer.state.get(self._param, {}).get(key) if key else None
        return buffer.detach().numpy().copy() if isinstance(buffer, torch.Tensor) else None

    def state(self) -> TrackState:
        """A read-only snapshot of where this optimizer is now (full-data loss and gradient)."""
        point = self._points[self._count - 1]
        momentum = self.momentum()
        return TrackState(
            label=self.label, optimizer=self.kind.name, step=self.steps_taken,
            point=_frozen(point), value=float(self._values[self._count - 1]),
            grad=_frozen(self._grad), grad_norm=float(np.linalg.norm(self._grad)),
            update=_frozen(self._update),
            momentum=None if momentum is None else _frozen(momentum),
            distance_to_minimum=self.problem.surface.distance_to_minimum(point),
            diverged=self.diverged, message=self.message,
            points=_frozen(self._points[:self._count]),
            values=_frozen(self._values[:self._count]),
        )


class RegressionRace(Race):
    """Several optimizers fitting (w, b) from the same start, on minibatches; a lab Race."""

    def __init__(self, problem: RegressionProblem, start: Sequence[float] | None = None,
                 racers: Sequence[Racer] = (), *, batch_size: int = 10, seed: int = 0) -> None:
        """Start every racer at ``start`` (the surface's default when None)."""
        self.problem = problem
        self.batch_size = int(batch_size)
        super().__init__(problem.surface, start, racers, seed=seed)

    def _make_track(self, racer: Racer, label: str) -> MinibatchTrack:
        # The same seed for every racer: they all see the same sequence of minibatches.
        return MinibatchTrack(self.problem, racer.optimizer, racer.lr, self.start,
                              racer.params, batch_size=self.batch_size, seed=self.seed,
                              label=label)

