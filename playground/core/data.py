"""Data ready for training: a spec's dataset generated, featurised, split and scaled."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class RawData:
    """What a dataset generator returns, before features, scaling and splitting."""

    x: np.ndarray  # (n, d) float64 raw inputs
    y: np.ndarray  # classification: (n,) int64 labels 0..k-1; regression: (n,) or (n, t)
    #                float64; multilabel: (n, k) float64 of 0/1
    task: str  # "classification", "regression" or "multilabel"
    n_classes: int = 0  # k for classification / multilabel, 0 for regression
    input_names: tuple[str, ...] = ("x1", "x2")  # one name per raw input column
    domain: tuple[float, float] | None = None  # plot range of each raw input (2-D and 1-D sets)
    x_test: np.ndarray | None = None  # an explicit test set (textbook sets with fixed splits)
    y_test: np.ndarray | None = None
    default_features: tuple[str, ...] | None = None  # null spec features -> these
    standardize: bool = False  # default for data.standardize = null
    image_shape: tuple[int, int] | None = None  # (h, w) when each row is an image (digits, IDX)
    class_names: tuple[str, ...] = ()  # label names for the views (k entries) or ()
    curve: tuple[np.ndarray, np.ndarray] | None = None  # 1-D sets: noise-free truth (x, y)


@dataclass(frozen=True)
class Prepared:
    """Training-ready arrays (float32 inputs; int64 class labels or float32 targets)."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray  # may have 0 rows
    y_val: np.ndarray
    x_test: np.ndarray  # may have 0 rows
    y_test: np.ndarray
    raw_train: np.ndarray  # raw inputs of the training rows (for scatter plots)
    raw_val: np.ndarray
    raw_test: np.ndarray
    task: str  # "classification", "regression" or "multilabel"
    n_classes: int  # 0 for regression
    n_targets: int  # output columns a regression or multilabel model needs (1 for classes)
    feature_names: tuple[str, ...]  # one per model input column
    input_names: tuple[str, ...]  # raw inputs
    featurize: Callable[[np.ndarray], np.ndarray]  # raw (n, d) -> scaled float32 model inputs
    domain: tuple[float, float] | None
    image_shape: tuple[int, int] | None
    class_names: tuple[str, ...]
    curve: tuple[np.ndarray, np.ndarray] | None

    @property
    def n_features(self) -> int:
        return int(self.x_train.shape[1])

    @property
    def n_inputs_raw(self) -> int:
        return len(self.input_names)
