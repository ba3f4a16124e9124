"""What views draw: frozen values of read-only numpy arrays, never tensors or the live model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any

import numpy as np

from playground.core.arrays import frozen as frozen  # re-exported: frames are built with it


@dataclass(frozen=True)
class GridMaps:
    """Network responses on a square grid over the input plane (2-D inputs only).

    Arrays are (resolution, resolution), row-major with row i at y = ys[i], column j at x = xs[j].
    """

    xs: np.ndarray  # grid x coordinates, raw input units
    ys: np.ndarray  # grid y coordinates, raw input units
    output: np.ndarray  # float32; two classes: score in [-1, 1] (+1 = class 1); regression: value
    classes: np.ndarray | None  # int32 argmax class per cell for k > 2 classes, else None
    confidence: np.ndarray | None  # float32 max class probability per cell (k > 2), else None
    neurons: tuple[np.ndarray, ...]  # per dense hidden layer: float32 (units, res, res)
    features: tuple[np.ndarray, ...]  # per input feature: float32 (res, res), before scaling

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (GridMaps, _plain_fields(self)))


@dataclass(frozen=True)
class Snapshot:
    """The state of a training run at one moment."""

    version: int  # spec version this run belongs to (stale ones are dropped)
    epoch: int  # completed epochs
    step: int  # completed minibatch steps
    status: str  # a link.RunStatus value: ready, running, diverged, stopped, finished
    message: str  # human-readable note for the status bar ("" when none)
    history: Mapping[str, np.ndarray]  # per-epoch series: train_loss, validation_loss, ...
    metrics: Mapping[str, float]  # latest scalar figures: train_loss, test_loss, test_accuracy...
    weights: tuple[np.ndarray, ...]  # per dense layer incl. output: (out, in) float32
    biases: tuple[np.ndarray, ...]  # per dense layer incl. output: (out,) float32
    grad_norms: np.ndarray  # (epochs, dense layers) float32, per-layer gradient L2 norm
    grid: GridMaps | None = None  # None when inputs are not 2-D
    curve: tuple[np.ndarray, np.ndarray] | None = None  # 1-D regression: (x, prediction)
    test_predictions: np.ndarray | None = None  # per test sample: int64 predicted class, or
    #                                              float32 prediction (first output) for regression
    confusion: np.ndarray | None = None  # (k, k) int64, rows true, columns predicted (test set)
    learning_rate: float = 0.0  # the optimizer's current lr (after schedules)
    history_stride: int = 1  # epochs between history entries (thinned past HISTORY_LENGTH)
    # Per split ("train", "validation", "test"): float32 (rows, c) class or label
    # probabilities, or regression predictions, of the split's first rows (at most
    # trainer.SNAPSHOT_OUTPUT_ROWS: the metrics panel's sample, from this frame's weights).
    split_outputs: Mapping[str, np.ndarray] = field(
        default_factory=lambda: MappingProxyType({}))
    # the state dict's entries beside the dense layers' weights (batchnorm), float32
    other_state: Mapping[str, np.ndarray] = field(default_factory=lambda: MappingProxyType({}))
    extras: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    def __reduce__(self) -> tuple[Any, ...]:
        # Snapshots cross from the training process to the window pickled; mapping proxies
        # cannot be pickled, and unpickled arrays come back writeable: see _restore.
        return (_restore, (Snapshot, _plain_fields(self)))


def _plain_fields(obj: Any) -> dict[str, Any]:
    return {f.name: dict(v) if isinstance(v := getattr(obj, f.name), MappingProxyType) else v
            for f in fields(obj)}


def _restore(cls: type, values: dict[str, Any]) -> Any:
    """Rebuild a snapshot value after unpickling: mappings read-only, arrays read-only."""
    out = {k: MappingProxyType(_readonly(v)) if isinstance(v, dict) else _readonly(v)
           for k, v in values.items()}
    return cls(**out)


def _readonly(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        value.setflags(write=False)
    elif isinstance(value, tuple | list):
        for item in value:
            _readonly(item)
    elif isinstance(value, dict):
        for item in value.values():
            _readonly(item)
    return value
