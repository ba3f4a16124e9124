"""Data ready for training: a spec's dataset generated, featurised, split and scaled."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from playground.core.data.encoding import ColumnEncoding
from playground.core.data.records import DataError, RawData
from playground.core.spec import Spec
from playground.core.spec.checks import FLOAT32_MAX


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
    # How source table columns become input_names (CSV files; () when they are the same).
    columns: tuple[ColumnEncoding, ...] = ()

    @property
    def n_features(self) -> int:
        return int(self.x_train.shape[1])

    @property
    def n_inputs_raw(self) -> int:
        return len(self.input_names)


Ranges = tuple[tuple[float, float], tuple[float, float]]


def plot_ranges(prepared: Prepared) -> Ranges:
    """The one rule for the (x, y) ranges every view plots 2-D inputs over: the dataset's
    domain, else the data's own range with a 5% margin (CSV files)."""
    if prepared.domain is not None:
        lo, hi = (float(v) for v in prepared.domain)
        return (lo, hi), (lo, hi)
    raw = np.concatenate([prepared.raw_train, prepared.raw_val, prepared.raw_test])[:, :2]
    if len(raw) == 0:
        return (-1.0, 1.0), (-1.0, 1.0)
    lo, hi = raw.min(axis=0), raw.max(axis=0)
    pad = np.maximum(0.05 * (hi - lo), 1e-3)
    return ((float(lo[0] - pad[0]), float(hi[0] + pad[0])),
            (float(lo[1] - pad[1]), float(hi[1] + pad[1])))


# ------------------------------------------------------------------------------ prepare
_SPLIT_STREAM = 1  # spawn key of the split's random stream, so it is independent of generation
_CONSTANT_STD = 1e-12  # relative std under which a feature counts as constant (left unscaled)


def prepare(spec: Spec, raw: RawData | None = None) -> Prepared:
    """Generate (or take ``raw``), split, featurise and scale the data a spec describes.

    Split: with data.train_fraction null, a dataset's explicit test set is used as is and all
    other rows train; otherwise every row (explicit test rows too) is shuffled with the seed and
    the fraction trains, the rest tests. data.validation_fraction of the training share is held
    out for validation. Standardisation uses the training rows' mean and std (std 0 -> 1).
    Raises SpecError for bad fields and DataError for unusable data (NaN, inf, bad labels).
    """
    from playground.core.data.datasets import generate  # datasets imports this module

    if raw is None:
        raw = generate(spec)
    _check(raw, spec)
    train, val, test = _split(raw, spec)
    x_all = raw.x if raw.x_test is None else np.concatenate([raw.x, raw.x_test])
    y_all = raw.y if raw.y_test is None else np.concatenate([raw.y, raw.y_test])
    # Explicit test rows sit after the generated ones in x_all, so indices address both.
    raw_train, raw_val, raw_test = x_all[train], x_all[val], x_all[test]

    names = spec.data.features or raw.default_features or raw.input_names
    scale = default_standardize(raw, tuple(names)) if spec.data.standardize is None \
        else spec.data.standardize
    featurize = _featurizer(tuple(names), raw.input_names, raw_train, scale)
    return Prepared(
        x_train=featurize(raw_train), y_train=_targets(y_all[train], raw.task),
        x_val=featurize(raw_val), y_val=_targets(y_all[val], raw.task),
        x_test=featurize(raw_test), y_test=_targets(y_all[test], raw.task),
        raw_train=raw_train, raw_val=raw_val, raw_test=raw_test,
        task=raw.task, n_classes=raw.n_classes,
        n_targets=1 if raw.task == "classification" else (1 if raw.y.ndim == 1
                                                          else int(raw.y.shape[1])),
        feature_names=tuple(names), input_names=raw.input_names, featurize=featurize,
        domain=raw.domain, image_shape=raw.image_shape, class_names=raw.class_names,
        curve=raw.curve, columns=raw.columns,
    )


def default_standardize(raw: RawData, names: tuple[str, ...]) -> bool:
    """What data.standardize = null means: the dataset's own default, and always on for powers
    of a 1-D input (x^2 .. x^10). Unscaled, x^10 of x in [0, 2 pi] reaches 1e8 while x stays
    below 7: one learning rate cannot fit both (a degree 10 sine fit with Adam reached a
    training R^2 of -7e7), and the least-squares solve loses its digits."""
    if raw.input_names == ("x",) and any(name != "x" for name in names):
        return True
    return raw.standardize


def _split(raw: RawData, spec: Spec) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row indices (train, validation, test) into x followed by x_test."""
    rng = np.random.default_rng([spec.seed, _SPLIT_STREAM])
    n = len(raw.x)
    if spec.data.train_fraction is None and raw.x_test is not None:
        order, n_fit = rng.permutation(n), n
        test = np.arange(n, n + len(raw.x_test))
    elif spec.data.dataset == "drawn" and raw.x_test is None:
        # Each drawn point is a test point by its own draw (the first n of one stream), so a
        # new point leaves the others where they were.
        fraction = 1.0 if spec.data.train_fraction is None else spec.data.train_fraction
        is_test = rng.random(n) >= fraction
        if is_test.all():
            is_test[0] = False  # at least one training row
        fit = np.flatnonzero(~is_test)
        order, n_fit = np.concatenate([fit, np.flatnonzero(is_test)]), len(fit)
        test = order[n_fit:]
    else:
        total = n + (0 if raw.x_test is None else len(raw.x_test))
        fraction = 0.5 if spec.data.train_fraction is None else spec.data.train_fraction
        order = rng.permutation(total)
        n_fit = min(max(int(total * fraction + 0.5), 1), total)  # at least one training row
        test = order[n_fit:]
    n_val = min(int(n_fit * spec.data.validation_fraction + 0.5), n_fit - 1)
    return order[n_val:n_fit], order[:n_val], test


def _featurizer(names: tuple[str, ...], input_names: tuple[str, ...], raw_train: np.ndarray,
                scale: bool) -> Featurizer:
    """raw (n, d) -> float32 model inputs, scaled with statistics of the training rows."""
    from playground.core.data.features import apply_features

    mean = std = centre = None
    if scale and input_names == ("x",) and len(raw_train):
        # Powers of x mapped to [-1, 1] over the training range span the same polynomials as
        # powers of x, but are far better conditioned (degree 10 on [0, 2 pi]: condition
        # number 4e4 instead of 2e8 after standardising), so float32 can hold the fit.
        lo, hi = float(raw_train.min()), float(raw_train.max())
        centre = np.array([(lo + hi) / 2, max((hi - lo) / 2, 1e-12)])
    if scale:
        train = apply_features(names, _centred(raw_train, centre), input_names)
        mean = train.mean(axis=0, dtype=np.float64)
        std = train.std(axis=0, dtype=np.float64)
        # A constant column's std is 0 up to rounding; dividing by that rounding would turn
        # it into noise of size 1.
        std[std <= _CONSTANT_STD * np.maximum(1.0, np.abs(mean))] = 1.0
    return Featurizer(names, input_names, mean, std, centre)


def _centred(raw: np.ndarray, centre: np.ndarray | None) -> np.ndarray:
    return raw if centre is None else (raw - centre[0]) / centre[1]


@dataclass(frozen=True)
class Featurizer:
    """raw (n, d) -> scaled float32 model inputs (a value, so Prepared can be pickled)."""

    names: tuple[str, ...]  # feature names, one per model input column
    input_names: tuple[str, ...]  # raw input names
    mean: np.ndarray | None  # per-feature training mean (None: unscaled)
    std: np.ndarray | None
    centre: np.ndarray | None = None  # 1-D inputs: (middle, half width) of the training range

    def __call__(self, raw: np.ndarray) -> np.ndarray:
        from playground.core.data.features import apply_features

        features = apply_features(self.names, _centred(raw, self.centre), self.input_names)
        if self.mean is not None and self.std is not None:
            features -= self.mean.astype(features.dtype)
            features /= self.std.astype(features.dtype)
        return features.astype(np.float32, copy=False)


def _targets(y: np.ndarray, task: str) -> np.ndarray:
    if task == "classification":
        return y.astype(np.int64, copy=False)
    y = y.astype(np.float32, copy=False)
    return y.reshape(-1, 1) if y.ndim == 1 else y


def _check(raw: RawData, spec: Spec) -> None:
    """Raise DataError for data no model can train on: empty, NaN/inf, bad shapes or labels."""

    source = spec.data.path or spec.data.dataset
    if len(raw.x) == 0:
        raise DataError(f"{source}: no data rows")
    for part, x, y in (("", raw.x, raw.y), ("test ", raw.x_test, raw.y_test)):
        if x is None or y is None:
            continue
        if x.ndim != 2 or x.shape[1] != len(raw.input_names) or len(y) != len(x):
            raise DataError(f"{source}: {part}inputs {x.shape} and targets {y.shape} do not "
                            f"match {len(raw.input_names)} input names")
        bad = ~np.isfinite(x)
        if bad.any():
            row, col = np.argwhere(bad)[0]
            raise DataError(f"{source}: {int(bad.sum())} {part}inputs are NaN or infinite, "
                            f"the first in row {row + 1}, column {raw.input_names[col]!r}")
        if not np.isfinite(y).all():
            row = int(np.argwhere(~np.isfinite(y))[0][0])
            raise DataError(f"{source}: a {part}target is NaN or infinite (row {row + 1})")
        # The network computes in float32: a larger input is infinite there, and training
        # would "diverge" for a reason no learning rate fixes.
        huge = np.abs(x) > FLOAT32_MAX
        if huge.any():
            row, col = np.argwhere(huge)[0]
            raise DataError(f"{source}: {int(huge.sum())} {part}inputs are too large for "
                            f"float32 (above {FLOAT32_MAX:.3g} in size), the first in row "
                            f"{row + 1}, column {raw.input_names[col]!r}: {x[row, col]:g}")
        if raw.task != "classification" and (np.abs(y) > FLOAT32_MAX).any():
            row = int(np.argwhere(np.abs(y) > FLOAT32_MAX)[0][0])
            raise DataError(f"{source}: a {part}target is too large for float32 (above "
                            f"{FLOAT32_MAX:.3g} in size; row {row + 1})")
        if raw.task == "classification" and len(y) and (y.min() < 0 or
                                                        y.max() >= raw.n_classes):
            raise DataError(f"{source}: {part}class labels must be 0..{raw.n_classes - 1}, "
                            f"found {int(y.min())}..{int(y.max())}")
