"""Input features as a table: name -> (function of the raw input columns, description).

Which table applies depends on the raw inputs' names, as in TF Playground:

* ``("x1", "x2")`` (the 2-D sets): x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2), cos(x1), cos(x2);
* ``("x",)`` (the 1-D sets): x, x^2, ..., x^10;
* anything else (tabular data, images): each raw input under its own name, unchanged.

Feature values are in the units of the raw inputs (radians for sin/cos); scaling happens later,
in ``playground.core.data.raw.prepare``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from playground.core.spec import SpecError

MAX_POWER = 10  # highest power of x in the 1-D table
_SHOWN_NAMES = 12  # error messages list at most this many allowed names


@dataclass(frozen=True)
class FeatureInfo:
    """One input feature."""

    name: str  # what data.features lists, e.g. "x1*x2"
    compute: Callable[[np.ndarray], np.ndarray]  # raw (n, d) float64 -> (n,) float64
    description: str  # one line for tooltips


def _column(i: int) -> Callable[[np.ndarray], np.ndarray]:
    return lambda raw: raw[:, i]


def _power(k: int) -> Callable[[np.ndarray], np.ndarray]:
    return lambda raw: raw[:, 0] ** k


_PLANE: tuple[FeatureInfo, ...] = (
    FeatureInfo("x1", _column(0), "the first coordinate"),
    FeatureInfo("x2", _column(1), "the second coordinate"),
    FeatureInfo("x1^2", lambda r: r[:, 0] ** 2, "x1 squared"),
    FeatureInfo("x2^2", lambda r: r[:, 1] ** 2, "x2 squared"),
    FeatureInfo("x1*x2", lambda r: r[:, 0] * r[:, 1], "the product of the coordinates"),
    FeatureInfo("sin(x1)", lambda r: np.sin(r[:, 0]), "sine of x1 (x1 in radians)"),
    FeatureInfo("sin(x2)", lambda r: np.sin(r[:, 1]), "sine of x2 (x2 in radians)"),
    FeatureInfo("cos(x1)", lambda r: np.cos(r[:, 0]), "cosine of x1 (x1 in radians)"),
    FeatureInfo("cos(x2)", lambda r: np.cos(r[:, 1]), "cosine of x2 (x2 in radians)"),
)
_LINE: tuple[FeatureInfo, ...] = (FeatureInfo("x", _column(0), "the input"),) + tuple(
    FeatureInfo(f"x^{k}", _power(k), f"x to the power {k}") for k in range(2, MAX_POWER + 1)
)
_PLANE_TABLE = MappingProxyType({f.name: f for f in _PLANE})
_LINE_TABLE = MappingProxyType({f.name: f for f in _LINE})


def feature_table(input_names: Sequence[str]) -> Mapping[str, FeatureInfo]:
    """The features available for data whose raw input columns have these names (in order)."""
    names = tuple(input_names)
    if names == ("x1", "x2"):
        return _PLANE_TABLE
    if names == ("x",):
        return _LINE_TABLE
    return MappingProxyType({
        name: FeatureInfo(name, _column(i), f"input column {name!r}")
        for i, name in enumerate(names)
    })


def apply_features(names: Sequence[str], raw: np.ndarray,
                   input_names: Sequence[str] = ("x1", "x2")) -> np.ndarray:
    """Compute the named features of raw inputs: (n, d) raw -> (n, len(names)), float64
    (float32 when the raw inputs are float32, as image pixels are, to spare memory).

    ``input_names`` names the raw columns and so picks the table (see ``feature_table``).
    Unknown names raise ``SpecError("data.features", ...)`` listing the allowed names.
    """
    names = tuple(names)
    raw = np.asarray(raw)
    if raw.dtype != np.float32:
        raw = raw.astype(np.float64, copy=False)
    if raw.ndim != 2 or raw.shape[1] != len(input_names):
        raise ValueError(f"raw inputs must have shape (n, {len(input_names)}), got {raw.shape}")
    if names == tuple(input_names):
        # Identity: one copy instead of a Python call per column (images have 784 of them).
        return raw.copy()
    table = feature_table(input_names)
    unknown = [n for n in names if n not in table]
    if unknown:
        allowed = list(table)
        shown = ", ".join(allowed[:_SHOWN_NAMES])
        if len(allowed) > _SHOWN_NAMES:
            shown += f", ... ({len(allowed)} in all)"
        raise SpecError("data.features", unknown[0], f"feature names from: {shown}")
    out = np.empty((raw.shape[0], len(names)), dtype=raw.dtype)
    for j, name in enumerate(names):
        out[:, j] = table[name].compute(raw)
    return out
