"""Run a lesson headless and check its goal (what `playground lesson NAME --check` does)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from playground.core.course.goals import GoalResult, evaluate, runs_needed
from playground.core.course.lessons import Lesson
from playground.core.course.measures import snapshot_measures, split_targets, trainer_measures
from playground.core.spec import Spec


@dataclass(frozen=True)
class CheckResult:
    """The lesson's measured figures, its reference runs' figures and the goal's verdict."""

    measures: Mapping[str, float]
    references: Mapping[str, Mapping[str, float]]
    goal: GoalResult
    live: Mapping[str, float]  # what the window measures from the final snapshot


def train(spec: Spec, device: str | None = None) -> Any:
    """A Trainer of ``spec`` trained for its training.epochs."""
    from playground.core.train.trainer import Trainer, fit

    return fit(Trainer(spec, device=device), spec.training.epochs)


def train_and_measure(spec: Spec, device: str | None = None) -> dict[str, float]:
    """Train ``spec`` for its training.epochs and measure it (see measures.py)."""
    return trainer_measures(train(spec, device))


def reference_measures(lesson: Lesson, device: str | None = None,
                       on_run: Callable[[str], None] | None = None
                       ) -> dict[str, dict[str, float]]:
    """Figures of every reference run the goal compares with."""
    out = {}
    for name in runs_needed(lesson.goal):
        if on_run is not None:
            on_run(name)
        out[name] = train_and_measure(lesson.runs[name].spec, device)
    return out


def check_lesson(lesson: Lesson, device: str | None = None,
                 on_run: Callable[[str], None] | None = None) -> CheckResult:
    """Train the reference runs and the lesson's experiment; check the goal.
    Raises SpecError, DataError or DeviceError when an experiment cannot run."""
    references = reference_measures(lesson, device, on_run)
    if on_run is not None:
        on_run(lesson.id)
    trainer = train(lesson.spec, device)
    live = snapshot_measures(trainer.snapshot(grid=False), split_targets(trainer.data),
                             trainer.head.loss)
    measures = {**live, **trainer_measures(trainer)}
    return CheckResult(measures, references, evaluate(lesson.goal, measures, references), live)
