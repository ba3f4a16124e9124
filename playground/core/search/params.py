"""The fields a search varies: ``KEY=V1,V2,...`` lists and ``KEY=LO..HI`` ranges, validated.

A list's items are separated by commas outside brackets and quotes, and each is read as the
CLI's ``--set`` reads a value (JSON when it parses), so ``model.layers=[],[{"type": "dense",
"units": 8}]`` is two choices. A range ``LO..HI`` is sampled uniformly (integers when both ends
are), ``log:LO..HI`` log-uniformly; grids need lists. Every value is checked against the
experiment, so a bad one fails before any training with the usual one-line SpecError.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from playground.core.spec import FIELD_BY_KEY, Spec, SpecError
from playground.core.spec.experiment import unknown_hint
from playground.core.spec.serialise import parse_value

_SCALARS = (type(None), bool, int, float, str)


@dataclass(frozen=True)
class Param:
    """One searched field: a list of ``choices``, or a range ``low..high`` (log, integer)."""

    key: str  # dotted spec key, e.g. "training.learning_rate"
    choices: tuple[Any, ...] = ()  # plain JSON values; empty for a range
    low: float | None = None
    high: float | None = None
    log: bool = False
    integer: bool = False

    @property
    def is_range(self) -> bool:
        return not self.choices

    def encoded_choices(self) -> tuple[Any, ...]:
        """Choices as Optuna stores them: scalars as they are, lists and objects as JSON text."""
        return tuple(encode(v) for v in self.choices)


def encode(value: Any) -> Any:
    """A value Optuna can store (None, bool, int, float, str); lists/objects become JSON text."""
    return value if isinstance(value, _SCALARS) else json.dumps(value, sort_keys=True)


def decode(param: Param, stored: Any) -> Any:
    """The spec value of a stored Optuna parameter (inverse of :func:`encode`)."""
    if param.is_range:
        return int(stored) if param.integer else float(stored)
    for value in param.choices:
        if encode(value) == stored:
            return value
    raise ValueError(f"{param.key}: stored value {stored!r} is not one of the choices")


def split_top_level(text: str) -> list[str]:
    """Split on commas that are not inside [], {} or a double-quoted string."""
    parts, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(text):
        if quoted:
            quoted = not (ch == '"' and text[i - 1] != "\\")
        elif ch == '"':
            quoted = True
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


def parse_param(item: str, spec: Spec) -> Param:
    """One ``KEY=...`` string as a Param, each value validated against ``spec``."""
    key, sep, text = item.partition("=")
    key, text = key.strip(), text.strip()
    if not sep or not key or not text:
        raise SpecError("--param", item, "KEY=V1,V2,... or KEY=LO..HI, e.g. "
                        "training.learning_rate=0.001,0.03,0.1")
    if key not in FIELD_BY_KEY:
        raise SpecError(key, text, unknown_hint(key))
    param = _range(key, text) if ".." in text and not text.startswith(("[", "{", '"')) else (
        Param(key, choices=tuple(parse_value(p) for p in split_top_level(text))))
    for value in _probe_values(param):
        spec.replace({key: value})  # raises SpecError naming the key and the bad value
    if not param.is_range and len({json.dumps(v, sort_keys=True) for v in param.choices}) != len(
            param.choices):
        raise SpecError(key, text, "distinct values")
    return param


def _range(key: str, text: str) -> Param:
    log = text.startswith("log:")
    body = text[4:] if log else text
    lo_text, _, hi_text = body.partition("..")
    lo, hi = parse_value(lo_text.strip()), parse_value(hi_text.strip())
    allowed = "LO..HI with numbers LO < HI (log:LO..HI needs LO > 0)"
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lo, hi)):
        raise SpecError(key, text, allowed)
    if not lo < hi or (log and lo <= 0):
        raise SpecError(key, text, allowed)
    integer = isinstance(lo, int) and isinstance(hi, int)
    return Param(key, low=float(lo), high=float(hi), log=log, integer=integer)


def _probe_values(param: Param) -> Sequence[Any]:
    if not param.is_range:
        return param.choices
    ends = (param.low, param.high)
    return tuple(int(v) for v in ends) if param.integer else ends


def parse_params(items: Iterable[str], spec: Spec) -> tuple[Param, ...]:
    """Every ``--param`` string; a key named twice is an error."""
    params = tuple(parse_param(item, spec) for item in items)
    keys = [p.key for p in params]
    for key in keys:
        if keys.count(key) > 1:
            raise SpecError(key, "twice", "each field in one --param only")
    if not params:
        raise SpecError("--param", None, "at least one KEY=V1,V2,... to search over")
    return params


def grid_size(params: Sequence[Param]) -> int:
    """Number of grid points (ranges have none: raise SpecError naming the first)."""
    size = 1
    for p in params:
        if p.is_range:
            raise SpecError(p.key, f"{p.low:g}..{p.high:g}",
                            "a list of values for the grid sampler (ranges need random or tpe)")
        size *= len(p.choices)
    return size


def apply(spec: Spec, params: Sequence[Param], values: dict[str, Any]) -> Spec:
    """``spec`` with every param set from Optuna's stored ``values``."""
    return spec.replace({p.key: decode(p, values[p.key]) for p in params})
