"""The loss of a linear regression over (w, b): the true MSE of a one-input data set as a lab
``Surface``, and a ``RegressionRace`` of real torch optimizers taking minibatch steps on the data,
with the same ``TrackState`` values as the lab's ``Race`` so one view draws both.

Pure numpy + torch.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from playground.core.arrays import frozen
from playground.core.lab.optimizers import (
    OptimizerError,
    build_optimizer,
    coerce_params,
    resolve_optimizer,
)
from playground.core.lab.paths import DIVERGENCE_LIMIT, Race, Racer, TrackState
from playground.core.lab.surfaces import Surface, surface_from_formula


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
    x = frozen(np.ravel(x), np.float64)
    y = frozen(np.ravel(y), np.float64)
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
            point=frozen(point, np.float64), value=float(self._values[self._count - 1]),
            grad=frozen(self._grad, np.float64), grad_norm=float(np.linalg.norm(self._grad)),
            update=frozen(self._update, np.float64),
            momentum=None if momentum is None else frozen(momentum, np.float64),
            distance_to_minimum=self.problem.surface.distance_to_minimum(point),
            diverged=self.diverged, message=self.message,
            points=frozen(self._points[:self._count], np.float64),
            values=frozen(self._values[:self._count], np.float64),
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

