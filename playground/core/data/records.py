"""What a dataset reader or generator hands on, the error it raises and the limits every file
reader keeps: the bottom of core.data (generators, readers and ``prepare`` all import it; it
imports none of them)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.core.data.encoding import ColumnEncoding

MAX_CLASSES = 100  # the most classes a CSV target or IDX label file may have (data.classes)
MAX_FILE_BYTES = 4 * 2**30  # a CSV or IDX file (after decompression) larger is refused


class DataError(ValueError):
    """Data that cannot be used: the message is one line naming the file, line and column."""


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
    columns: tuple[ColumnEncoding, ...] = ()  # CSV: how source columns became input_names
