"""The race tab's settings as one frozen value, and the QObject that owns the current one.

Controls call ``RaceModel`` methods; the model validates (a bad formula keeps the old surface and
reports why), swaps in a new ``RaceSettings`` value and emits ``changed`` with the aspects that
moved, so the page knows whether to redraw contours, rebuild the race or only restyle a view.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import torch
from PySide6.QtCore import QCoreApplication, QObject, Signal

from playground.core.lab.expression import ExpressionError
from playground.core.lab.optimizers import (
    OPTIMIZERS,
    OptimizerError,
    build_optimizer,
    coerce_params,
)
from playground.core.lab.paths import Racer
from playground.core.lab.regression_race import (
    RegressionProblem,
    regression_data,
    regression_problem,
)
from playground.core.lab.surfaces import SURFACES, Surface, bowl, surface_from_formula
from playground.gui.lab.race_worker import RaceConfig

CUSTOM = "custom"  # surface key of the user's formula
REGRESSION_PREFIX = "regression:"  # + data set name: minibatch race on that data's (w, b) MSE
REGRESSION_SETS = {"house": "house prices (area -> price)", "linear": "linear (x1 only)"}

# Learning rates that make each optimizer move visibly on the default surfaces (torch's own
# defaults, 1e-3 for most, would look frozen).
DEFAULT_LR: Mapping[str, float] = MappingProxyType({
    "gd": 0.1, "momentum": 0.02, "nesterov": 0.02, "adagrad": 0.5, "rmsprop": 0.02,
    "adadelta": 1.0, "adam": 0.1, "adamw": 0.1, "nadam": 0.1,
})
DEFAULT_RACERS = ("gd", "momentum", "adam")
MAX_RACERS = 9
LR_RANGE = (1e-4, 10.0)  # the log slider's ends

# aspects named in RaceModel.changed
SURFACE, RACERS, START, NOISE, SPEED, VIEW, SELECTION = (
    "surface", "racers", "start", "noise", "speed", "view", "selection")
REBUILD = frozenset({RACERS, START, NOISE})  # aspects that restart the race (and replay it)
translate = QCoreApplication.translate  # lupdate reads translate("Context", ...) calls


def surface_choices() -> tuple[tuple[str, str], ...]:
    """(key, menu title) for every surface the picker offers, in menu order."""
    built_in = tuple((name, translate("surfaces", s.title)) for name, s in SURFACES.items())
    regression = tuple((REGRESSION_PREFIX + name, translate(
        "RaceModel", "Linear regression (w, b): {0}").format(translate("surfaces", title)))
                       for name, title in REGRESSION_SETS.items())
    return built_in + regression + ((CUSTOM, translate("RaceModel", "Your formula…")),)


@dataclass(frozen=True)
class RacerSetting:
    """One optimizer of the race as the user set it up."""

    key: int  # stable id: its colour, chart line and readout row follow it
    optimizer: str  # lab name, e.g. "adam"
    lr: float  # learning rate
    params: Mapping[str, object]  # hyperparameters under their torch.optim names (full set)
    color: int  # index into the lab's colour table

    @property
    def title(self) -> str:
        """The optimizer's display name."""
        return translate("lab_optimizers", OPTIMIZERS[self.optimizer].title)

    def label(self) -> str:
        """Legend text: name and learning rate."""
        return translate("RaceModel", "{0}, lr {1:.3g}").format(self.title, self.lr)


@dataclass(frozen=True)
class RaceSettings:
    """Everything the race tab shows and runs; replaced whole on every edit."""

    surface_key: str = "bowl"  # a SURFACES name, CUSTOM or REGRESSION_PREFIX + set
    formula: str = "x**2 + 2*y**2"  # the custom formula (kept when another surface is shown)
    condition: float = 10.0  # bowl condition number
    rotation: float = 0.0  # bowl rotation, degrees
    standardize: bool = True  # regression: scale x to mean 0, std 1
    racers: tuple[RacerSetting, ...] = ()
    selected: int | None = None  # key of the racer whose settings the panel shows
    start: tuple[float, ...] | None = None  # None: the surface's own start point
    noise_std: float = 0.0  # gradient noise (surfaces)
    batch_size: int = 10  # minibatch size (regression)
    seed: int = 0
    steps_per_second: float = 30.0
    show_gradient: bool = True
    show_step: bool = True
    show_momentum: bool = True
    log_chart: bool = True  # f - f* on a log axis when the minimum is known


class RaceModel(QObject):
    """The current RaceSettings plus the surface (and regression data) they resolve to."""

    changed = Signal(object)  # frozenset of aspect names (SURFACE, RACERS, ...)
    formula_error = Signal(str)  # "" when the formula compiled, else why not
    message = Signal(str)  # a refused edit, in words (shown in the status line)

    def __init__(self, settings: RaceSettings | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings or RaceSettings()
        self._problems: dict[tuple[str, bool], RegressionProblem] = {}
        self._surface, self._problem = self._resolve(self._settings)
        if not self._settings.racers:
            for name in DEFAULT_RACERS:
                self._settings = self._with_racer(self._settings, name)

    # -------------------------------------------------------------------------------- reads
    @property
    def settings(self) -> RaceSettings:
        """The current settings (frozen)."""
        return self._settings

    @property
    def surface(self) -> Surface:
        """The surface the race runs on."""
        return self._surface

    @property
    def problem(self) -> RegressionProblem | None:
        """The regression data when the surface is a (w, b) loss, else None."""
        return self._problem

    @property
    def start(self) -> tuple[float, ...]:
        """The start point in use (the surface's own unless the user moved it)."""
        return self._settings.start or tuple(self._surface.start)

    def racer(self, key: int) -> RacerSetting | None:
        """The racer with this key, if any."""
        return next((r for r in self._settings.racers if r.key == key), None)

    def labels(self) -> dict[int, str]:
        """Unique legend labels per racer key (a repeated one gets " (2)")."""
        out: dict[int, str] = {}
        seen: dict[str, int] = {}
        for r in self._settings.racers:
            base = r.label()
            seen[base] = seen.get(base, 0) + 1
            out[r.key] = base if seen[base] == 1 else f"{base} ({seen[base]})"
        return out

    def race_config(self, config_id: int, fast_forward: int = 0) -> RaceConfig:
        """The worker's configuration for the current settings."""
        s = self._settings
        labels = self.labels()
        racers = tuple(Racer(r.optimizer, r.lr, dict(r.params), labels[r.key])
                       for r in s.racers)
        return RaceConfig(config_id=config_id, surface=self._surface, start=self.start,
                          racers=racers, problem=self._problem, noise_std=s.noise_std,
                          batch_size=s.batch_size, seed=s.seed, fast_forward=fast_forward)

    # ------------------------------------------------------------------------------- edits
    def choose_surface(self, key: str) -> bool:
        """Show a built-in surface, a regression loss, or the custom formula."""
        if key == self._settings.surface_key:
            return True
        return self._set_surface(dataclasses.replace(self._settings, surface_key=key,
                                                     start=None))

    def set_formula(self, text: str) -> bool:
        """Compile ``text`` as the custom surface; on error keep the old surface and say why."""
        return self._set_surface(dataclasses.replace(self._settings, surface_key=CUSTOM,
                                                     formula=text.strip(), start=None))

    def set_bowl(self, condition: float, rotation: float) -> bool:
        """Reshape the bowl (condition number >= 1, rotation in degrees)."""
        return self._set_surface(dataclasses.replace(
            self._settings, surface_key="bowl", condition=float(condition),
            rotation=float(rotation)), keep_start=True)

    def set_standardize(self, on: bool) -> bool:
        """Regression: fit on standardised x (a round bowl) or raw x (a long valley)."""
        return self._set_surface(dataclasses.replace(self._settings, standardize=bool(on),
                                                     start=None))

    def add_racer(self, optimizer: str) -> RacerSetting | None:
        """Add an optimizer with the lab's default lr; None when the race is full."""
        if len(self._settings.racers) >= MAX_RACERS:
            self._report(
                translate("RaceModel", "at most {0} optimizers race at once").format(MAX_RACERS))
            return None
        settings = self._with_racer(self._settings, optimizer)
        added = settings.racers[-1]
        self._replace(dataclasses.replace(settings, selected=added.key), {RACERS, SELECTION})
        return added

    def remove_racer(self, key: int) -> None:
        """Drop a racer (its colour becomes free again)."""
        racers = tuple(r for r in self._settings.racers if r.key != key)
        if len(racers) == len(self._settings.racers):
            return
        selected = self._settings.selected
        if selected == key:
            selected = racers[-1].key if racers else None
        self._replace(dataclasses.replace(self._settings, racers=racers, selected=selected),
                      {RACERS, SELECTION})

    def update_racer(self, key: int, *, lr: float | None = None,
                     params: Mapping[str, object] | None = None) -> bool:
        """Change a racer's lr and/or hyperparameters (validated by the optimizer table)."""
        racer = self.racer(key)
        if racer is None:
            return False
        new_lr = racer.lr if lr is None else float(lr)
        if not (math.isfinite(new_lr) and new_lr > 0):
            self._report(
                translate("RaceModel",
                          "learning rate must be a positive number, got {0}").format(lr))
            return False
        kind = OPTIMIZERS[racer.optimizer]
        try:
            merged = coerce_params(kind, {**racer.params, **(params or {})})
            # torch's own range checks (momentum >= 0, betas in [0, 1), ...) on a dummy tensor,
            # so a bad value is refused here instead of failing the race in its thread.
            build_optimizer(kind, torch.zeros(1, requires_grad=True), new_lr, merged)
        except OptimizerError as exc:
            self._report(str(exc))
            return False
        new = dataclasses.replace(racer, lr=new_lr, params=MappingProxyType(merged))
        if new == racer:
            return True
        racers = tuple(new if r.key == key else r for r in self._settings.racers)
        self._replace(dataclasses.replace(self._settings, racers=racers), {RACERS})
        return True

    def select_racer(self, key: int | None) -> None:
        """Show this racer's settings in the panel."""
        if key != self._settings.selected and (key is None or self.racer(key)):
            self._replace(dataclasses.replace(self._settings, selected=key), {SELECTION})

    def set_start(self, point: tuple[float, ...]) -> None:
        """Move the common start point (coordinates in surface units)."""
        point = tuple(float(v) for v in point)[:self._surface.dims]
        if len(point) != self._surface.dims or not all(map(math.isfinite, point)):
            return
        if point != self.start:
            self._replace(dataclasses.replace(self._settings, start=point), {START})

    def set_noise(self, std: float) -> None:
        """Gradient noise standard deviation (0: exact full-batch gradients)."""
        self._set_field("noise_std", max(0.0, float(std)), NOISE)

    def set_batch_size(self, size: int) -> None:
        """Minibatch size of the regression race."""
        self._set_field("batch_size", max(1, int(size)), NOISE)

    def set_speed(self, steps_per_second: float) -> None:
        """Playing speed."""
        self._set_field("steps_per_second", max(0.1, float(steps_per_second)), SPEED)

    def set_view(self, **flags: bool) -> None:
        """Arrow and chart switches: show_gradient, show_step, show_momentum, log_chart."""
        unknown = set(flags) - {"show_gradient", "show_step", "show_momentum", "log_chart"}
        if unknown:
            raise TypeError(f"unknown view flags: {', '.join(sorted(unknown))}")
        new = dataclasses.replace(self._settings, **{k: bool(v) for k, v in flags.items()})
        if new != self._settings:
            self._replace(new, {VIEW})

    # ---------------------------------------------------------------------------- internals
    def _set_field(self, name: str, value: object, aspect: str) -> None:
        if getattr(self._settings, name) != value:
            self._replace(dataclasses.replace(self._settings, **{name: value}), {aspect})

    def _set_surface(self, settings: RaceSettings, keep_start: bool = False) -> bool:
        try:
            surface, problem = self._resolve(settings)
        except (ExpressionError, ValueError) as exc:
            message = str(exc)
            if settings.surface_key == CUSTOM:
                self.formula_error.emit(message)
            else:
                self._report(message)
            return False
        if settings.surface_key == CUSTOM:
            self.formula_error.emit("")
        if keep_start and self._settings.start is not None and surface.dims == len(
                self._settings.start):
            settings = dataclasses.replace(settings, start=self._settings.start)
        self._surface, self._problem = surface, problem
        self._replace(settings, {SURFACE, START})
        return True

    def _resolve(self, s: RaceSettings) -> tuple[Surface, RegressionProblem | None]:
        if s.surface_key == CUSTOM:
            return surface_from_formula(s.formula, title=s.formula), None
        if s.surface_key == "bowl":
            return bowl(s.condition, s.rotation), None
        if s.surface_key.startswith(REGRESSION_PREFIX):
            name = s.surface_key[len(REGRESSION_PREFIX):]
            key = (name, s.standardize)
            if key not in self._problems:
                x, y = regression_data(name, standardize=s.standardize)
                label = name + (" (x standardised)" if s.standardize else " (raw x)")
                self._problems[key] = regression_problem(x, y, label)
            problem = self._problems[key]
            return problem.surface, problem
        if s.surface_key not in SURFACES:
            raise ValueError(f"unknown surface '{s.surface_key}'")
        return SURFACES[s.surface_key], None

    def _with_racer(self, settings: RaceSettings, optimizer: str) -> RaceSettings:
        kind = OPTIMIZERS[optimizer]
        used_keys = {r.key for r in settings.racers}
        used_colors = {r.color for r in settings.racers}
        key = max(used_keys, default=-1) + 1
        color = next(c for c in range(MAX_RACERS + 1) if c not in used_colors)
        racer = RacerSetting(key, kind.name, DEFAULT_LR.get(kind.name, kind.default_lr()),
                             MappingProxyType(kind.defaults()), color)
        return dataclasses.replace(settings, racers=settings.racers + (racer,),
                                   selected=key if settings.selected is None
                                   else settings.selected)

    def _replace(self, settings: RaceSettings, aspects: set[str]) -> None:
        self._settings = settings
        self.changed.emit(frozenset(aspects))

    def _report(self, message: str) -> None:
        self.message.emit(message)
