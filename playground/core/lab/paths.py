"""Optimizer paths on a surface: real torch.optim optimizers moving one point, step by step.

A :class:`PathTrack` is one optimizer from one start; a :class:`Race` holds several started from
the same point so a Qt tab can advance them together (``step(n)``) and draw ``states()``.
:func:`run_path` is the one-shot form the CLI and tests use.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import torch

from playground.core.arrays import frozen
from playground.core.lab.optimizers import (
    OptimizerError,
    build_optimizer,
    coerce_params,
    resolve_optimizer,
)
from playground.core.lab.surfaces import Surface

DIVERGENCE_LIMIT = 1e6  # |coordinate| beyond this counts as diverged (variable units)
CONVERGED_TOL = 1e-6  # |grad f| and the last step both below this: the racer has arrived


@dataclass(frozen=True)
class TrackState:
    """One optimizer at its current step: what a view draws (read-only numpy arrays)."""

    label: str  # legend text, unique within a race
    optimizer: str  # lab name, e.g. "adam"
    step: int  # completed optimizer steps
    point: np.ndarray  # (dims,) current point (last finite one after divergence)
    value: float  # f at point
    grad: np.ndarray  # (dims,) true gradient of f at point (before any added noise)
    grad_norm: float  # |grad f| at point
    update: np.ndarray  # (dims,) last step taken: point - previous point (zeros at step 0)
    momentum: np.ndarray | None  # (dims,) momentum buffer / first moment, None if it has none
    distance_to_minimum: float | None  # to the nearest known minimum; None when none known
    diverged: bool  # stopped because a point, value or gradient went non-finite or too large
    message: str  # why it stopped ("" while running)
    points: np.ndarray  # (step + 1, dims) history of points, start first
    values: np.ndarray  # (step + 1,) f along the history


def has_converged(state: TrackState, tol: float = CONVERGED_TOL) -> bool:
    """True when a racer has stopped moving at a stationary point: |grad f| < tol and the
    last step's length < tol (a step 0 racer has not moved yet, so it is not converged)."""
    return (not state.diverged and state.step > 0 and state.grad_norm < tol
            and float(np.linalg.norm(state.update)) < tol)


@dataclass(frozen=True)
class PathResult:
    """A finished run of one optimizer (see :func:`run_path`)."""

    points: np.ndarray  # (k + 1, dims), k = steps taken (fewer than asked if it diverged)
    values: np.ndarray  # (k + 1,) f at each point
    grad_norms: np.ndarray  # (k + 1,) |grad f| at each point
    diverged: bool  # True if it stopped early on a non-finite or huge point
    message: str  # why it stopped ("" when it ran all steps)
    optimizer: str  # torch class name, e.g. "SGD"
    hyperparameters: Mapping[str, object]  # lr and the rest under their torch.optim names


class PathTrack:
    """One torch optimizer minimising ``surface`` from ``start``; advance with :meth:`step`."""

    def __init__(
        self,
        surface: Surface,
        optimizer: str,
        lr: float,
        start: Sequence[float],
        params: Mapping[str, object] | None = None,
        *,
        noise_std: float = 0.0,
        seed: int = 0,
        label: str | None = None,
    ) -> None:
        """Build the optimizer (OptimizerError / ValueError on bad settings) and evaluate start.

        ``noise_std`` adds seeded Gaussian noise of that standard deviation (gradient units) to
        every gradient the optimizer sees: SGD-like wobble versus clean full-batch descent.
        """
        self.surface = surface
        self.kind = resolve_optimizer(optimizer)
        if not (isinstance(lr, int | float) and math.isfinite(lr) and lr >= 0):
            raise OptimizerError(f"learning rate must be a finite number >= 0, got {lr!r}")
        if not (math.isfinite(noise_std) and noise_std >= 0):
            raise ValueError(f"noise_std must be a finite number >= 0, got {noise_std!r}")
        start_values = [float(v) for v in start]
        if len(start_values) != surface.dims or not all(map(math.isfinite, start_values)):
            raise ValueError(
                f"start needs {surface.dims} finite coordinate(s) for '{surface.name}', "
                f"got {list(start)}"
            )
        self.label = label or self.kind.name
        self.lr = float(lr)
        self.hyperparameters = coerce_params(self.kind, params or {})
        self.noise_std = float(noise_std)
        self._param = torch.tensor(start_values, dtype=torch.float64, requires_grad=True)
        self._optimizer = build_optimizer(self.kind, self._param, self.lr, self.hyperparameters)
        # Its own generator: the same seed gives every racer the same noise sequence.
        self._generator = torch.Generator().manual_seed(int(seed))
        # Growing numpy buffers (doubling): per-frame history copies are one memcpy, not a
        # Python loop over thousands of small arrays.
        self._n = 0
        self._points = np.zeros((64, surface.dims))
        self._values = np.zeros(64)
        self._grad_norms = np.zeros(64)
        self._update = np.zeros(surface.dims)
        self._grad = np.zeros(surface.dims)
        self.diverged = False
        self.message = ""
        value, grad = self._evaluate()
        self._record(self._param.detach().numpy().copy(), value, grad)
        if not (math.isfinite(value) and np.isfinite(grad).all()):
            self._stop("f or its gradient is not finite at the start point")

    @property
    def steps_taken(self) -> int:
        """Completed optimizer steps."""
        return self._n - 1

    def step(self, n: int = 1) -> int:
        """Advance up to ``n`` steps (stops early on divergence); returns the steps taken."""
        taken = 0
        while taken < n and not self.diverged:
            self._one_step()
            taken += 1
        return taken

    def _evaluate(self) -> tuple[float, np.ndarray]:
        """f and its true gradient at the current point; leaves that gradient in .grad."""
        self._param.grad = None
        value = self.surface.f(*self._param.unbind())
        if value.requires_grad:
            value.backward()
        grad = self._param.grad
        if grad is None:  # a surface callable that ignores its inputs
            self._param.grad = grad = torch.zeros_like(self._param)
        return float(value.detach()), grad.numpy().copy()

    def _one_step(self) -> None:
        previous = self._points[self._n - 1].copy()
        if self.noise_std > 0:
            noise = torch.randn(self.surface.dims, generator=self._generator,
                                dtype=torch.float64)
            self._param.grad.add_(noise, alpha=self.noise_std)
        self._optimizer.step()
        point = self._param.detach().numpy().copy()
        if not np.isfinite(point).all() or np.abs(point).max() > DIVERGENCE_LIMIT:
            self._restore(previous)
            self._stop(f"diverged at step {self.steps_taken + 1}: the point left the "
                       f"finite range (|x| > {DIVERGENCE_LIMIT:g})")
            return
        value, grad = self._evaluate()
        if not (math.isfinite(value) and np.isfinite(grad).all()):
            self._restore(previous)
            self._stop(f"diverged at step {self.steps_taken + 1}: f or its gradient is not "
                       "finite there")
            return
        self._update = point - previous
        self._record(point, value, grad)

    def _restore(self, point: np.ndarray) -> None:
        # Keep the last finite point so views still have somewhere to draw the marker.
        with torch.no_grad():
            self._param.copy_(torch.from_numpy(point))

    def _stop(self, message: str) -> None:
        self.diverged = True
        self.message = message

    def _record(self, point: np.ndarray, value: float, grad: np.ndarray) -> None:
        if self._n == len(self._values):
            self._points = np.concatenate([self._points, np.zeros_like(self._points)])
            self._values = np.concatenate([self._values, np.zeros_like(self._values)])
            self._grad_norms = np.concatenate([self._grad_norms, np.zeros_like(self._grad_norms)])
        self._points[self._n] = point
        self._values[self._n] = value
        self._grad_norms[self._n] = float(np.linalg.norm(grad))
        self._n += 1
        self._grad = grad

    def momentum(self) -> np.ndarray | None:
        """The optimizer's momentum buffer / first-moment vector, or None if it keeps none."""
        key = self.kind.momentum_state
        buffer = self._optimizer.state.get(self._param, {}).get(key) if key else None
        if not isinstance(buffer, torch.Tensor):
            return None
        return buffer.detach().numpy().copy()

    def points(self) -> np.ndarray:
        """History of points, (steps_taken + 1, dims) float64, start first."""
        return frozen(self._points[:self._n], np.float64)

    def values(self) -> np.ndarray:
        """f along the history, (steps_taken + 1,) float64."""
        return frozen(self._values[:self._n], np.float64)

    def grad_norms(self) -> np.ndarray:
        """|grad f| along the history, (steps_taken + 1,) float64."""
        return frozen(self._grad_norms[:self._n], np.float64)

    def torch_hyperparameters(self) -> dict[str, object]:
        """lr and every hyperparameter under its torch.optim name (the values in use)."""
        return {"lr": self.lr, **self.hyperparameters}

    def state(self) -> TrackState:
        """A read-only snapshot of where this optimizer is now."""
        point = self._points[self._n - 1]
        momentum = self.momentum()
        return TrackState(
            label=self.label,
            optimizer=self.kind.name,
            step=self.steps_taken,
            point=frozen(point, np.float64),
            value=float(self._values[self._n - 1]),
            grad=frozen(self._grad, np.float64),
            grad_norm=float(self._grad_norms[self._n - 1]),
            update=frozen(self._update, np.float64),
            momentum=None if momentum is None else frozen(momentum, np.float64),
            distance_to_minimum=self.surface.distance_to_minimum(point),
            diverged=self.diverged,
            message=self.message,
            points=self.points(),
            values=self.values(),
        )


@dataclass(frozen=True)
class Racer:
    """The settings of one optimizer in a race (a value, so a race can be rebuilt from them)."""

    optimizer: str  # lab or torch name
    lr: float  # learning rate
    params: Mapping[str, object] = field(default_factory=dict)  # torch.optim keyword values
    label: str | None = None  # legend text; defaults to the optimizer name


class Race:
    """Several optimizers started from the same point on one surface, advanced together."""

    def __init__(
        self,
        surface: Surface,
        start: Sequence[float] | None = None,
        racers: Sequence[Racer] = (),
        *,
        noise_std: float = 0.0,
        seed: int = 0,
    ) -> None:
        """Start every racer at ``start`` (the surface's default start when None)."""
        self.surface = surface
        self.start = tuple(float(v) for v in (start if start is not None else surface.start))
        self.noise_std = float(noise_std)
        self.seed = int(seed)
        self._tracks: list[PathTrack] = []
        self._racers: list[Racer] = []  # settings of _tracks[i], label filled in
        for racer in racers:
            self.add(racer)

    @property
    def tracks(self) -> tuple[PathTrack, ...]:
        """The racing optimizers, in the order they were added."""
        return tuple(self._tracks)

    def add(self, racer: Racer) -> PathTrack:
        """Add an optimizer at the start point (labels are made unique: "adam", "adam 2")."""
        base = racer.label or resolve_optimizer(racer.optimizer).name
        taken = {t.label for t in self._tracks}
        label, k = base, 2
        while label in taken:
            label, k = f"{base} {k}", k + 1
        track = self._make_track(racer, label)
        self._tracks.append(track)
        self._racers.append(Racer(racer.optimizer, racer.lr, dict(racer.params), label))
        return track

    def _make_track(self, racer: Racer, label: str) -> PathTrack:
        """One racer's track from the race's start (subclasses race other kinds of track)."""
        return PathTrack(self.surface, racer.optimizer, racer.lr, self.start, racer.params,
                         noise_std=self.noise_std, seed=self.seed, label=label)

    def remove(self, label: str) -> None:
        """Drop the racer with this label (KeyError if there is none)."""
        for i, track in enumerate(self._tracks):
            if track.label == label:
                del self._tracks[i]
                del self._racers[i]
                return
        raise KeyError(label)

    def racers(self) -> tuple[Racer, ...]:
        """The settings of every racer, e.g. to rebuild the race on another surface."""
        return tuple(self._racers)

    def reset(self, start: Sequence[float] | None = None) -> None:
        """Restart every racer (with fresh optimizer state and noise) from ``start``."""
        if start is not None:
            self.start = tuple(float(v) for v in start)
        racers = self.racers()
        self._tracks, self._racers = [], []
        for racer in racers:
            self.add(racer)

    def step(self, n: int = 1) -> None:
        """Advance every running optimizer by up to ``n`` steps (diverged ones stay put)."""
        for track in self._tracks:
            track.step(n)

    @property
    def finished(self) -> bool:
        """True when every racer has diverged (nothing left to step)."""
        return all(t.diverged for t in self._tracks)

    def states(self) -> tuple[TrackState, ...]:
        """Read-only snapshots of every racer, in order."""
        return tuple(t.state() for t in self._tracks)


def run_path(
    surface: Surface,
    optimizer_name: str,
    lr: float,
    start: Sequence[float],
    steps: int,
    params: Mapping[str, object] | None = None,
    noise_std: float = 0.0,
    seed: int = 0,
) -> PathResult:
    """Run one optimizer for ``steps`` steps and return its whole trajectory.

    Divergence is reported in the result (``diverged``, ``message``), never raised; bad settings
    raise OptimizerError / ValueError.
    """
    if steps < 0:
        raise ValueError(f"steps must be >= 0, got {steps}")
    track = PathTrack(surface, optimizer_name, lr, start, params, noise_std=noise_std, seed=seed)
    track.step(steps)
    return PathResult(
        points=track.points(),
        values=track.values(),
        grad_norms=track.grad_norms(),
        diverged=track.diverged,
        message=track.message,
        optimizer=track.kind.torch_class.__name__,
        hyperparameters=track.torch_hyperparameters(),
    )
