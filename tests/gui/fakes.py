"""Synthetic Prepared data and Snapshots for view tests (no dataset registry, no trainer)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import numpy as np

from playground.core.arrays import frozen
from playground.core.data.raw import Prepared
from playground.core.train.snapshot import GridMaps, Snapshot


def _identity(raw: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(raw, dtype=np.float32)


def prepared(x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray, y_test: np.ndarray,
             *, task: str = "classification", n_classes: int = 2,
             domain: tuple[float, float] | None = (-6.0, 6.0),
             image_shape: tuple[int, int] | None = None, class_names: tuple[str, ...] = (),
             curve: tuple[np.ndarray, np.ndarray] | None = None,
             input_names: tuple[str, ...] | None = None) -> Prepared:
    """A Prepared whose model inputs are the raw inputs (identity featurisation)."""
    x_train = np.asarray(x_train, np.float32)
    x_test = np.asarray(x_test, np.float32)
    d = x_train.shape[1]
    names = input_names or tuple(f"x{i + 1}" for i in range(d))
    y_dtype = np.int64 if task == "classification" else np.float32
    y_train = np.asarray(y_train, y_dtype)
    y_test = np.asarray(y_test, y_dtype)
    empty_x = np.zeros((0, d), np.float32)
    n_targets = 1 if task == "classification" else (1 if y_train.ndim == 1 else y_train.shape[1])
    # An empty 1-D regression target cannot be reshaped to (0, -1) by the head; use (0, 1).
    y_val = y_train[:0] if task == "classification" else np.zeros((0, n_targets), np.float32)
    return Prepared(
        x_train=x_train, y_train=y_train, x_val=empty_x, y_val=y_val,
        x_test=x_test, y_test=y_test, raw_train=x_train.astype(np.float64), raw_val=empty_x,
        raw_test=x_test.astype(np.float64), task=task,
        n_classes=n_classes if task != "regression" else 0, n_targets=n_targets,
        feature_names=names, input_names=names, featurize=_identity, domain=domain,
        image_shape=image_shape, class_names=class_names, curve=curve)


def circle(n: int = 500, noise: float = 0.0, seed: int = 0) -> Prepared:
    """TF Playground's circle: class 1 inside radius 2.5, class 0 in the ring 3.5..5; half test."""
    rng = np.random.default_rng(seed)
    half = n // 2
    r = np.concatenate([rng.uniform(0, 2.5, half), rng.uniform(3.5, 5.0, n - half)])
    angle = rng.uniform(0, 2 * np.pi, n)
    x = np.column_stack([r * np.cos(angle), r * np.sin(angle)])
    x += rng.normal(0, noise, x.shape)
    y = np.concatenate([np.ones(half, np.int64), np.zeros(n - half, np.int64)])
    order = rng.permutation(n)
    x, y = x[order], y[order]
    return prepared(x[: n // 2], y[: n // 2], x[n // 2:], y[n // 2:])


def blobs(k: int = 3, n: int = 300, seed: int = 0) -> Prepared:
    """k Gaussian blobs on a circle of radius 3.5."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % k
    centres = 3.5 * np.column_stack([np.cos(2 * np.pi * y / k), np.sin(2 * np.pi * y / k)])
    x = centres + rng.normal(0, 0.8, (n, 2))
    return prepared(x[: n // 2], y[: n // 2], x[n // 2:], y[n // 2:], n_classes=k,
                    class_names=tuple(f"blob {c}" for c in range(k)))


def plane(n: int = 200, seed: int = 0) -> Prepared:
    """2-D regression: y = (x1 + x2) / 12 in about [-1, 1]."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-6, 6, (n, 2))
    y = (x[:, 0] + x[:, 1]) / 12.0
    return prepared(x[: n // 2], y[: n // 2], x[n // 2:], y[n // 2:], task="regression")


def sine_curve(n: int = 100, seed: int = 0) -> Prepared:
    """1-D regression of sin(x) on [-3, 3] with the noise-free truth as ``curve``."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-3, 3, (n, 1))
    y = np.sin(x[:, 0]) + rng.normal(0, 0.1, n)
    truth_x = np.linspace(-3, 3, 200)
    return prepared(x[: n // 2], y[: n // 2], x[n // 2:], y[n // 2:], task="regression",
                    domain=(-3.0, 3.0), curve=(truth_x, np.sin(truth_x)), input_names=("x",))


def digits(n_test: int = 40, k: int = 10, seed: int = 0) -> Prepared:
    """8x8 "images" with values 0..16: class c lights up column c % 8 (easy to recognise)."""
    rng = np.random.default_rng(seed)

    def images(n: int) -> tuple[np.ndarray, np.ndarray]:
        y = np.arange(n) % k
        img = rng.uniform(0, 2, (n, 8, 8))
        img[np.arange(n), :, y % 8] = 16.0
        return img.reshape(n, 64), y

    x_train, y_train = images(60)
    x_test, y_test = images(n_test)
    return prepared(x_train, y_train, x_test, y_test, n_classes=k, domain=None,
                    image_shape=(8, 8), class_names=tuple(str(c) for c in range(k)))


def iris_like(n: int = 60, seed: int = 0) -> Prepared:
    """Tabular 4-feature, 3-class data."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 3
    x = rng.normal(0, 0.3, (n, 4)) + y[:, None] * np.array([1.0, 0.5, 2.0, 0.8])
    return prepared(x[: n // 2], y[: n // 2], x[n // 2:], y[n // 2:], n_classes=3, domain=None,
                    class_names=("setosa", "versicolor", "virginica"),
                    input_names=("sepal length", "sepal width", "petal length", "petal width"))


def tabular_regression(n: int = 80, seed: int = 0) -> Prepared:
    """Tabular 3-feature regression, target = a linear mix plus noise."""
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 1, (n, 3))
    y = 2.0 * x[:, 0] - x[:, 1] + 0.1 * rng.normal(0, 1, n)
    return prepared(x[: n // 2], y[: n // 2], x[n // 2:], y[n // 2:], task="regression",
                    domain=None)


def grid(output: np.ndarray | None = None, *, res: int = 100,
         domain: tuple[float, float] = (-6.0, 6.0), classes: np.ndarray | None = None,
         confidence: np.ndarray | None = None,
         neurons: tuple[np.ndarray, ...] = (), features: tuple[np.ndarray, ...] = ()) -> GridMaps:
    """Grid maps over ``domain``; ``output`` defaults to zeros."""
    xs = np.linspace(*domain, res).astype(np.float32)
    out = np.zeros((res, res), np.float32) if output is None else output
    return GridMaps(
        xs=frozen(xs), ys=frozen(xs), output=frozen(out, np.float32),
        classes=None if classes is None else frozen(classes, np.int32),
        confidence=None if confidence is None else frozen(confidence, np.float32),
        neurons=tuple(frozen(n, np.float32) for n in neurons),
        features=tuple(frozen(f, np.float32) for f in features))


def halves(res: int = 100, left: float = -1.0, right: float = 1.0) -> np.ndarray:
    """An output map with ``left`` for x < 0 and ``right`` for x > 0 (columns are x)."""
    out = np.full((res, res), left, np.float32)
    out[:, res // 2:] = right
    return out


def snapshot(*, grid_maps: GridMaps | None = None, history: Mapping[str, np.ndarray] | None = None,
             grad_norms: np.ndarray | None = None, test_predictions: np.ndarray | None = None,
             confusion: np.ndarray | None = None,
             curve: tuple[np.ndarray, np.ndarray] | None = None, epoch: int = 0,
             version: int = 0, history_stride: int = 1) -> Snapshot:
    """A Snapshot with only the parts a test needs filled in."""
    hist = {k: frozen(v, np.float64) for k, v in (history or {}).items()}
    latest = {k: float(v[-1]) for k, v in hist.items() if len(v)}
    return Snapshot(
        version=version, epoch=epoch, step=0, status="running", message="",
        history=MappingProxyType(hist), metrics=MappingProxyType(latest), weights=(), biases=(),
        grad_norms=frozen(np.zeros((0, 3), np.float32) if grad_norms is None else grad_norms,
                          np.float32),
        grid=grid_maps, curve=curve, history_stride=history_stride,
        test_predictions=None if test_predictions is None else frozen(test_predictions),
        confusion=None if confusion is None else frozen(confusion, np.int64))


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, k: int) -> np.ndarray:
    """Rows true, columns predicted."""
    out = np.zeros((k, k), np.int64)
    np.add.at(out, (np.asarray(y_true), np.asarray(y_pred)), 1)
    return out
