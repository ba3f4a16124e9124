"""Numerical stability across depth (d2l 4.8, textbook 3.3.7): per-layer statistics of a batch.

For each dense layer (the output layer last) on up to ``MAX_ROWS`` training rows: activation
mean and std, the share of saturated entries (|f'(z)| < SATURATED: the gradient barely passes; a
sigmoid or tanh in its flat tails, a ReLU on its zero side), the share of dead units (f'(z) = 0
on every row: a ReLU that never fires), the gradient norm ||dL/dW|| of the data loss, and the
variance of the weights and of the layer's outputs z next to Xavier's rule
Var(w) = 2 / (n_in + n_out). Also: the product of random matrices (d2l 4.8's 100 4x4
Gaussians) and groups of identical hidden units (constant initialisation's symmetry).

This module is numpy only, so the window reads frames without torch; the statistics are
computed with torch in core/train/layer_stats.py.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from playground.core.arrays import frozen
from playground.core.train.snapshot import _plain_fields, _restore

MAX_ROWS = 256  # rows the statistics use (a cheap forward and backward per frame)
SATURATED = 1e-2  # |f'(z)| below this counts as saturated
STALLED_GRADIENT = 1e-8  # every layer's ||dL/dW|| below this: nothing learns (dead ReLUs)
CONSTANT_OUTPUT = 1e-4  # output std over the rows below this: the same answer for every input
FITTED_SHARE = 0.01  # training loss at most this share of the first epoch's: the rows are fit


@dataclass(frozen=True)
class LayerStats:
    """Per dense layer (output last), float64 arrays of length = number of dense layers."""

    mean: np.ndarray  # mean activation a
    std: np.ndarray  # std of a
    saturated: np.ndarray  # share of (row, unit) entries with |f'(z)| < SATURATED
    dead: np.ndarray  # share of units with f'(z) = 0 on every row
    grad_norm: np.ndarray  # ||dL/dW||_2 of the data loss on these rows
    weight_var: np.ndarray  # Var(w) of the layer's weights
    output_var: np.ndarray  # Var(z) of its pre-activations on these rows
    xavier_var: np.ndarray  # 2 / (n_in + n_out)
    fan_in: np.ndarray  # n_in (int64)
    fan_out: np.ndarray  # n_out (int64)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (LayerStats, _plain_fields(self)))


def xavier_variance(n_in: int, n_out: int) -> float:
    """Glorot and Bengio's compromise between forward and backward variance."""
    return 2.0 / (n_in + n_out)


def stall_reason(stats: LayerStats | None, losses: Sequence[float] | None = None
                 ) -> str | None:
    """Why a network has stopped learning, or None: "saturated" when its output is the same
    for every row (std < CONSTANT_OUTPUT: saturated units pass no signal), "gradients" when
    every layer's gradient norm is below STALLED_GRADIENT (e.g. every ReLU dead). A learning
    rate far too large leaves a network in either state; a confident, well-trained one is in
    neither (its outputs differ between rows, its gradients are small but not zero).

    ``losses``, the run's training loss per epoch: a network that has fit its training rows
    (the loss down to FITTED_SHARE of the first epoch's) has gradients near zero because
    there is nothing left to learn, and is not reported."""
    if stats is None or not len(stats.grad_norm):
        return None
    if stats.std[-1] < CONSTANT_OUTPUT:
        return "saturated"
    if float(np.max(stats.grad_norm)) < STALLED_GRADIENT and not _fitted(losses):
        return "gradients"
    return None


def _fitted(losses: Sequence[float] | None) -> bool:
    if losses is None or len(losses) < 2:
        return False
    first, last = float(losses[0]), float(losses[-1])
    return math.isfinite(first) and math.isfinite(last) and last <= FITTED_SHARE * first


def random_matrix_product(steps: int = 100, size: int = 4, seed: int = 0) -> np.ndarray:
    """d2l 4.8: M = prod of ``steps`` N(0, 1) size x size matrices; the Frobenius norm of the
    running product after each factor (``steps`` + 1 values, the first for the first factor)."""
    rng = np.random.default_rng(seed)
    m = rng.normal(size=(size, size))
    norms = [np.linalg.norm(m)]
    for _ in range(steps):
        m = m @ rng.normal(size=(size, size))
        norms.append(np.linalg.norm(m))
    return frozen(np.asarray(norms))


def _all_distinct(keys: np.ndarray) -> bool:
    """Whether the rows of whole numbers ``keys`` all differ, by one integer hash per row.

    Equal rows hash equally (integer arithmetic is exact, wrapping on overflow), so True is
    certain; a collision of different rows only sends the caller to its full comparison. It
    is about 7x cheaper than np.unique over whole rows (60 us, not 400, for digits).
    """
    probe = np.random.default_rng(0).integers(1, 2**62, size=keys.shape[1], dtype=np.int64)
    hashes = keys.astype(np.int64) @ probe
    return np.unique(hashes).size == hashes.size


def identical_units(weights: tuple[np.ndarray, ...], biases: tuple[np.ndarray, ...],
                    tol: float = 1e-6) -> list[list[tuple[int, int]]]:
    """Groups (2 or more) of hidden units with the same incoming weights and bias and the same
    outgoing weights, as (hidden layer, unit): equal after rounding to ``tol`` relative to the
    layer's largest value (BLAS may round identical columns differently)."""
    groups = []
    for layer in range(len(weights) - 1):
        rows = np.column_stack([weights[layer], biases[layer], weights[layer + 1].T])
        rows = rows.astype(np.float64)
        scale = float(np.abs(rows).max(initial=0.0)) or 1.0
        keys = np.round(rows / (tol * scale)) if tol > 0 else rows
        if tol > 0 and _all_distinct(keys):
            continue  # most frames: no two units alike, settled by one number per unit
        _, inverse, counts = np.unique(keys, axis=0, return_inverse=True, return_counts=True)
        for key in np.flatnonzero(counts > 1):
            groups.append([(layer, int(u)) for u in np.flatnonzero(inverse.ravel() == key)])
    return groups
