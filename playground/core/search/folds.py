"""k-fold splits of an experiment's training rows, and the prepared data of each fold.

The rows a fold plan covers are the experiment's training share: its training rows followed by
its validation rows (``data.validation_fraction`` is folded back in); the test rows are never
touched. Every row is in exactly one fold's validation part. Classification folds are
stratified: each class is dealt round-robin over the folds, so class shares match to one row.
The same seed gives the same folds.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from playground.core.data import raw as data_layer
from playground.core.data.raw import Prepared

_FOLD_STREAM = 7  # spawn key of the folds' random stream, independent of the split's (1)


class FoldError(ValueError):
    """A fold count the data cannot support (fewer than 2 folds, or more folds than rows)."""


def fold_indices(n_rows: int, folds: int, seed: int,
                 labels: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
    """Validation row indices of each fold (sorted int64 arrays, disjoint, covering 0..n-1).

    With ``labels`` (classification) the folds are stratified: rows are shuffled within each
    class, the classes laid end to end, and row i of that order goes to fold i mod k. So each
    fold holds floor or ceil of (class count / k) rows of every class, and fold sizes differ
    by at most one row.
    """
    if folds < 2:
        raise FoldError(f"folds: {folds} is not allowed; expected at least 2")
    if folds > n_rows:
        raise FoldError(f"folds: {folds} is more than the {n_rows} training rows")
    rng = np.random.default_rng([seed, _FOLD_STREAM])
    if labels is None:
        order = rng.permutation(n_rows)
        return tuple(np.sort(part).astype(np.int64) for part in np.array_split(order, folds))
    labels = np.asarray(labels).reshape(-1)
    if len(labels) != n_rows:
        raise ValueError(f"{len(labels)} labels for {n_rows} rows")
    order = np.concatenate([rng.permutation(np.flatnonzero(labels == c))
                            for c in np.unique(labels)])
    # Dealing continues across classes, so the remainders of successive classes spread over
    # the folds instead of all landing in fold 0.
    fold_of = np.empty(n_rows, dtype=np.int64)
    fold_of[order] = np.arange(n_rows) % folds
    return tuple(np.flatnonzero(fold_of == f).astype(np.int64) for f in range(folds))


def pooled_rows(prepared: Prepared) -> tuple[np.ndarray, np.ndarray]:
    """Raw inputs and targets of the training share (training rows, then validation rows)."""
    raw = np.concatenate([prepared.raw_train, prepared.raw_val])
    y = np.concatenate([prepared.y_train, prepared.y_val])
    return raw, y


def plan_folds(prepared: Prepared, folds: int, seed: int) -> tuple[np.ndarray, ...]:
    """The folds of ``prepared``'s training share (stratified for classification)."""
    _, y = pooled_rows(prepared)
    labels = y if prepared.task == "classification" else None
    return fold_indices(len(y), folds, seed, labels)


def fold_data(prepared: Prepared, validation_rows: np.ndarray) -> Prepared:
    """``prepared`` with the training share split into the fold's training and validation rows.

    Standardisation (when the experiment uses it) is fitted again on the fold's training rows
    only, so the held-out fold never informs the scaling it is scored with. The test rows stay.
    """
    raw, y = pooled_rows(prepared)
    held_out = np.zeros(len(y), dtype=bool)
    held_out[validation_rows] = True
    raw_train, raw_val = raw[~held_out], raw[held_out]
    featurize = _refit(prepared, raw_train)
    return dataclasses.replace(
        prepared, x_train=featurize(raw_train), y_train=y[~held_out],
        x_val=featurize(raw_val), y_val=y[held_out], x_test=featurize(prepared.raw_test),
        raw_train=raw_train, raw_val=raw_val, featurize=featurize)


def _refit(prepared: Prepared, raw_train: np.ndarray):
    """The experiment's featuriser with its scaling statistics taken from ``raw_train``."""
    current = prepared.featurize
    names = getattr(current, "names", None)
    if names is None:  # a featuriser that is not the data layer's: keep it as it is
        return current
    scale = getattr(current, "mean", None) is not None
    return data_layer._featurizer(tuple(names), current.input_names, raw_train, scale)
