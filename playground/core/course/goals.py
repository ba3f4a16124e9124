"""A lesson's goal: comparisons over measured figures, as data (never evaluated as code).

A goal is a list of terms that must all hold. Each term compares one measured figure (a key of
``measures``, e.g. ``test_r2``) with a number or with a figure of a reference run, times a
factor:

    {metric = "train_r2", op = "~=", value = 0.996, tolerance = 0.005}
    {metric = "test_loss", op = "<", than = {run = "no-decay", metric = "test_loss",
     factor = 0.1}}

``op`` is one of ``>=``, ``>``, ``<=``, ``<`` or ``~=`` (within ``tolerance`` of the bound).
For the inequalities the tolerance is slack on the bound (``>=``: measured >= bound - tol).
A ``than`` without ``run`` compares with another figure of the same run.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

OPS = (">=", ">", "<=", "<", "~=")
_SHOWN = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "~=": "≈"}


class GoalError(ValueError):
    """A goal that cannot be read; the message names the part that is wrong."""


@dataclass(frozen=True)
class Reference:
    """A figure to compare with: ``factor`` times ``metric`` of run ``run`` (None: this run)."""

    metric: str
    run: str | None = None
    factor: float = 1.0

    def text(self) -> str:
        where = f"{self.metric}" if self.run is None else f"{self.metric} of run {self.run!r}"
        return where if self.factor == 1.0 else f"{self.factor:g} × {where}"


@dataclass(frozen=True)
class Term:
    """One comparison of a goal."""

    metric: str
    op: str
    value: float | None = None  # a number to compare with, or
    than: Reference | None = None  # a figure of this or a reference run
    tolerance: float = 0.0

    def bound(self, measures: Mapping[str, float],
              references: Mapping[str, Mapping[str, float]]) -> float | None:
        """The number the measured figure is compared with (None: not measured yet)."""
        if self.than is None:
            return self.value
        source = measures if self.than.run is None else references.get(self.than.run, {})
        figure = source.get(self.than.metric)
        return None if figure is None else self.than.factor * figure

    def holds(self, measured: float | None, bound: float | None) -> bool:
        """Whether ``measured op bound`` holds, with the tolerance as slack."""
        if measured is None or bound is None or not math.isfinite(measured):
            return False
        tol = self.tolerance
        if self.op == "~=":
            return abs(measured - bound) <= tol
        if self.op == ">=":
            return measured >= bound - tol
        if self.op == ">":
            return measured > bound - tol
        if self.op == "<=":
            return measured <= bound + tol
        return measured < bound + tol

    def text(self) -> str:
        """The term in words, e.g. ``train_r2 ≈ 0.996 (± 0.005)``."""
        right = f"{self.value:g}" if self.than is None else self.than.text()
        tol = f" (± {self.tolerance:g})" if self.tolerance else ""
        return f"{self.metric} {_SHOWN[self.op]} {right}{tol}"


@dataclass(frozen=True)
class TermResult:
    """A term with the figures it was checked on."""

    term: Term
    measured: float | None
    bound: float | None
    holds: bool


@dataclass(frozen=True)
class GoalResult:
    """Every term's result; ``holds`` when all hold."""

    terms: tuple[TermResult, ...]

    @property
    def holds(self) -> bool:
        return bool(self.terms) and all(t.holds for t in self.terms)


def parse_goal(data: Any, where: str = "goal") -> tuple[Term, ...]:
    """Terms from the front matter's ``goal`` (a table or a list of tables). Raises GoalError."""
    items = [data] if isinstance(data, Mapping) else data
    if not isinstance(items, Sequence) or isinstance(items, str) or not items:
        raise GoalError(f"{where}: expected a table or a non-empty list of tables")
    return tuple(_term(item, f"{where}[{i}]") for i, item in enumerate(items))


def _term(item: Any, where: str) -> Term:
    if not isinstance(item, Mapping):
        raise GoalError(f"{where}: expected a table with metric, op and value or than")
    extra = set(item) - {"metric", "op", "value", "than", "tolerance"}
    if extra:
        raise GoalError(f"{where}: unknown key {sorted(extra)[0]!r}")
    metric, op = item.get("metric"), item.get("op")
    if not isinstance(metric, str) or not metric:
        raise GoalError(f"{where}.metric: expected a figure name such as \"test_r2\"")
    if op not in OPS:
        raise GoalError(f"{where}.op: {op!r} is not one of {', '.join(OPS)}")
    if ("value" in item) == ("than" in item):
        raise GoalError(f"{where}: give exactly one of value and than")
    tolerance = _number(item.get("tolerance", 0.0), f"{where}.tolerance")
    if tolerance < 0:
        raise GoalError(f"{where}.tolerance: must be >= 0")
    if "value" in item:
        return Term(metric, op, value=_number(item["value"], f"{where}.value"),
                    tolerance=tolerance)
    than = item["than"]
    if not isinstance(than, Mapping) or not isinstance(than.get("metric"), str):
        raise GoalError(f"{where}.than: expected a table such as {{run = \"base\", metric = "
                        f"\"test_loss\", factor = 0.5}}")
    extra = set(than) - {"metric", "run", "factor"}
    if extra:
        raise GoalError(f"{where}.than: unknown key {sorted(extra)[0]!r}")
    run = than.get("run")
    if run is not None and not isinstance(run, str):
        raise GoalError(f"{where}.than.run: expected a run name")
    factor = _number(than.get("factor", 1.0), f"{where}.than.factor")
    return Term(metric, op, than=Reference(than["metric"], run, factor), tolerance=tolerance)


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise GoalError(f"{where}: expected a finite number, got {value!r}")
    return float(value)


def evaluate(terms: Sequence[Term], measures: Mapping[str, float],
             references: Mapping[str, Mapping[str, float]] | None = None) -> GoalResult:
    """Check every term against the measured figures (and the reference runs' figures)."""
    references = references or {}
    results = []
    for term in terms:
        measured = measures.get(term.metric)
        bound = term.bound(measures, references)
        results.append(TermResult(term, measured, bound, term.holds(measured, bound)))
    return GoalResult(tuple(results))


def runs_needed(terms: Sequence[Term]) -> tuple[str, ...]:
    """Names of the reference runs the terms compare with, in first-use order."""
    names: list[str] = []
    for term in terms:
        if term.than is not None and term.than.run is not None and term.than.run not in names:
            names.append(term.than.run)
    return tuple(names)
