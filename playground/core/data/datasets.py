"""Datasets: one pure generator per name, ``(samples, noise, rng, **options) -> RawData``.

All randomness comes from the numpy Generator passed in, so the same seed gives the same arrays.
The TF Playground sets follow its ``dataset.ts`` (raw domain [-6, 6]); its +1 (blue) class is
label 1 here and its -1 (orange) class label 0. ``DATASETS`` lists every set; ``generate(spec)``
builds the one a spec names.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from playground.core.data import tabular
from playground.core.data.records import RawData
from playground.core.spec import Spec, SpecError

DOMAIN = (-6.0, 6.0)  # TF Playground's plot range of both raw inputs
DEFAULT_CLASSES = 3  # data.classes = null for blobs and spiral-k
MAX_DRAWN_LABEL = 99  # labels of hand-placed points are 0..99 (data.classes allows 100)
Generator = Callable[..., RawData]


@dataclass(frozen=True)
class DatasetInfo:
    """One row of the dataset table."""

    name: str  # the value of data.dataset
    description: str  # one line for menus and `playground datasets`
    generate: Generator  # (samples, noise, rng, **options) -> RawData
    default_samples: int | None  # data.samples = null -> this (None: every row of the file)
    default_noise: float  # data.noise = null -> this
    kind: str  # "2d" (inputs x1, x2), "1d" (input x) or "tabular"
    task: str  # "classification", "regression", "multilabel" or "inferred" (from a file)
    options: tuple[str, ...] = ()  # data.* fields the generator takes as keywords


# ------------------------------------------------------------------ TF Playground's sets
def _two_classes(x: np.ndarray, y: np.ndarray, positive: np.ndarray) -> RawData:
    return RawData(x=np.column_stack([x, y]), y=positive.astype(np.int64),
                   task="classification", n_classes=2, domain=DOMAIN)


def _halves(samples: int) -> tuple[int, int]:
    """Sizes of the first and second half; together exactly ``samples``."""
    return samples - samples // 2, samples // 2


def circle(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """Label 1 inside radius 2.5, label 0 in the ring 3.5..5; noise shifts the point that
    decides the label by U(-5, 5) * noise per axis (the stored point is not shifted)."""
    radius = 5.0
    n_in, n_out = _halves(samples)
    r = np.concatenate([rng.uniform(0, radius * 0.5, n_in),
                        rng.uniform(radius * 0.7, radius, n_out)])
    angle = rng.uniform(0, 2 * math.pi, samples)
    x, y = r * np.sin(angle), r * np.cos(angle)
    shift = rng.uniform(-radius, radius, (samples, 2)) * noise
    return _two_classes(x, y, np.hypot(x + shift[:, 0], y + shift[:, 1]) < radius * 0.5)


def xor(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """Label 1 where x*y >= 0 (quadrants I and III); points kept 0.3 away from the axes."""
    x, y = rng.uniform(-5, 5, samples), rng.uniform(-5, 5, samples)
    x += np.where(x > 0, 0.3, -0.3)
    y += np.where(y > 0, 0.3, -0.3)
    shift = rng.uniform(-5, 5, (samples, 2)) * noise
    return _two_classes(x, y, (x + shift[:, 0]) * (y + shift[:, 1]) >= 0)


def gauss(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """Two Gaussian clouds, label 1 at (2, 2) and label 0 at (-2, -2); per-axis variance
    0.5 + 7 * noise (0.5..4 over TF Playground's noise range 0..0.5)."""
    std = math.sqrt(0.5 + 7 * noise)
    n1, n0 = _halves(samples)
    centres = np.repeat([[2.0, 2.0], [-2.0, -2.0]], [n1, n0], axis=0)
    points = rng.normal(centres, std)
    return _two_classes(points[:, 0], points[:, 1], np.arange(samples) < n1)


def _arms(samples: int, noise: float, rng: np.random.Generator,
          k: int) -> tuple[np.ndarray, np.ndarray]:
    """k spiral arms of radius 0..5 turning 1.75 times, arm j rotated by 2*pi*j/k;
    each coordinate jittered by U(-1, 1) * noise. Returns (points, arm index)."""
    n = samples / k  # TF Playground divides by the fractional count too
    arm = np.repeat(np.arange(k), [samples // k + (j < samples % k) for j in range(k)])
    i = np.concatenate([np.arange(c) for c in np.bincount(arm, minlength=k)])
    r = 5 * i / n
    t = 1.75 * i / n * 2 * math.pi + 2 * math.pi * arm / k
    points = np.column_stack([r * np.sin(t), r * np.cos(t)])
    points += rng.uniform(-1, 1, points.shape) * noise
    return points, arm


def spiral(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """Two interleaved spirals: label 1 starts at angle 0, label 0 at pi."""
    points, arm = _arms(samples, noise, rng, 2)
    return _two_classes(points[:, 0], points[:, 1], arm == 0)


def _plane_points(samples: int, noise: float, rng: np.random.Generator
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Points U(-6, 6)^2 and the same points shifted by U(-6, 6) * noise (for the target)."""
    points = rng.uniform(-6, 6, (samples, 2))
    return points, points + rng.uniform(-6, 6, (samples, 2)) * noise


def reg_plane(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """Regression target (x1 + x2) / 10 of the noise-shifted point (unclipped, -1.2..1.2)."""
    points, shifted = _plane_points(samples, noise, rng)
    return RawData(x=points, y=shifted.sum(axis=1) / 10, task="regression", domain=DOMAIN)


_BUMPS = np.array([[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1],
                   [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]])


def reg_gauss(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """Six signed cone bumps: each gives sign * max(0, 1 - distance / 2); the target is the
    bump value of largest magnitude at the noise-shifted point."""
    points, shifted = _plane_points(samples, noise, rng)
    dist = np.hypot(shifted[:, None, 0] - _BUMPS[:, 0], shifted[:, None, 1] - _BUMPS[:, 1])
    values = _BUMPS[:, 2] * np.clip(1 - dist / 2, 0, 1)
    pick = np.argmax(np.abs(values), axis=1)  # ties keep the first, as TF Playground does
    return RawData(x=points, y=values[np.arange(samples), pick], task="regression",
                   domain=DOMAIN)


# ------------------------------------------------------------------------------ more 2-D
def moons(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """scikit-learn's two moons (label 0 outer, 1 inner) scaled by 3.5 to fit [-6, 6];
    ``noise`` is the Gaussian std in the moons' own units (radius 1), as in make_moons."""
    n_out, n_in = _halves(samples)
    t_out, t_in = np.linspace(0, math.pi, n_out), np.linspace(0, math.pi, n_in)
    points = np.concatenate([np.column_stack([np.cos(t_out), np.sin(t_out)]),
                             np.column_stack([1 - np.cos(t_in), 0.5 - np.sin(t_in)])])
    points += rng.normal(0, noise, points.shape)
    points = (points - [0.5, 0.25]) * 3.5
    return RawData(x=points, y=(np.arange(samples) >= n_out).astype(np.int64),
                   task="classification", n_classes=2, domain=DOMAIN)


def blobs(samples: int, noise: float, rng: np.random.Generator, *,
          classes: int = DEFAULT_CLASSES) -> RawData:
    """``classes`` Gaussian blobs centred on a circle of radius 4 (class j at angle
    2*pi*j/classes), per-axis std 0.5 + 3 * noise."""
    label = np.repeat(np.arange(classes),
                      [samples // classes + (j < samples % classes) for j in range(classes)])
    angle = 2 * math.pi * label / classes
    centres = 4 * np.column_stack([np.cos(angle), np.sin(angle)])
    return RawData(x=rng.normal(centres, 0.5 + 3 * noise), y=label, task="classification",
                   n_classes=classes, domain=DOMAIN)


def spiral_k(samples: int, noise: float, rng: np.random.Generator, *,
             classes: int = DEFAULT_CLASSES) -> RawData:
    """``classes`` spiral arms (label j = arm j), TF Playground's spiral generalised."""
    points, arm = _arms(samples, noise, rng, classes)
    return RawData(x=points, y=arm.astype(np.int64), task="classification", n_classes=classes,
                   domain=DOMAIN)


def drawn(samples: int, noise: float, rng: np.random.Generator, *,
          points: Sequence[Sequence[float]] = ()) -> RawData:
    """Points placed by hand, ``[x1, x2, label]``; ``samples`` and ``noise`` are ignored.
    Needs at least two points and two distinct labels, each an integer 0..99."""
    for i, p in enumerate(points):
        label = p[2]
        if not float(label).is_integer() or not 0 <= label <= MAX_DRAWN_LABEL:
            raise SpecError(f"data.points[{i}]", list(p),
                            f"a label that is an integer from 0 to {MAX_DRAWN_LABEL}")
    table = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    labels = table[:, 2].astype(np.int64)
    if len(table) < 2 or np.unique(labels).size < 2:
        raise SpecError("data.points", f"{len(table)} points",
                        "at least two points with two distinct labels")
    return RawData(x=table[:, :2].copy(), y=labels, task="classification",
                   n_classes=int(labels.max()) + 1, domain=DOMAIN)


# ------------------------------------------------------------------------- textbook sets
TEST_ROWS = 100  # size of the fixed test set of poly3 and highdim-linear


def linear(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """y = 2 x1 - 3.4 x2 + 4.2 + N(0, noise^2), x ~ N(0, 1) (the linear-regression lesson)."""
    x = rng.normal(0, 1, (samples, 2))
    y = x @ np.array([2.0, -3.4]) + 4.2 + rng.normal(0, noise, samples)
    return RawData(x=x, y=y, task="regression", domain=(-4.0, 4.0))


def poly3(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """y = 5 + 1.2x - 3.4x^2 + 5.6x^3 + N(0, noise^2), x ~ N(0, 1); ``samples`` training
    rows and a fixed test set of 100 (the under/overfitting lesson)."""
    def truth(x: np.ndarray) -> np.ndarray:
        return 5 + 1.2 * x - 3.4 * x**2 + 5.6 * x**3

    x = rng.normal(0, 1, samples + TEST_ROWS)
    y = truth(x) + rng.normal(0, noise, x.shape)
    grid = np.linspace(-3, 3, 200)
    return RawData(x=x[:samples, None], y=y[:samples], task="regression", input_names=("x",),
                   domain=(-3.0, 3.0), x_test=x[samples:, None], y_test=y[samples:],
                   default_features=("x", "x^2", "x^3"), curve=(grid, truth(grid)))


def highdim_linear(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """y = 0.05 + 0.01 * sum(x_i) + N(0, noise^2) over 200 inputs x ~ N(0, 1); ``samples``
    training rows (20: fewer than inputs) and a fixed test set of 100 (the weight-decay
    lesson)."""
    d = 200
    x = rng.normal(0, 1, (samples + TEST_ROWS, d))
    y = 0.05 + 0.01 * x.sum(axis=1) + rng.normal(0, noise, len(x))
    return RawData(x=x[:samples], y=y[:samples], task="regression",
                   input_names=tuple(f"x{i + 1}" for i in range(d)),
                   x_test=x[samples:], y_test=y[samples:])


def l2_demo(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """The L2 demo of the notes (3.10.9): y = x w + 0.01 + N(0, noise^2) over 150 inputs
    x ~ N(0, 1), w ~ N(0, 0.01^2) drawn once; ``samples`` training rows (80) and a fixed test
    set of 110."""
    d, n_test = 150, 110
    w = rng.normal(0, 1, d) * 0.01
    x = rng.normal(0, 1, (samples + n_test, d))
    y = x @ w + 0.01 + rng.normal(0, noise, len(x))
    return RawData(x=x[:samples], y=y[:samples], task="regression",
                   input_names=tuple(f"x{i + 1}" for i in range(d)),
                   x_test=x[samples:], y_test=y[samples:])


def venn(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """Three overlapping discs of radius 3 (a Venn diagram) in [-6, 6]^2: label j is 1 inside
    disc j (multi-label: a point has 0 to 3 labels); noise shifts the point that decides the
    labels by U(-6, 6) * noise per axis, as TF Playground's sets do."""
    centres = np.array([[-1.5, -1.0], [1.5, -1.0], [0.0, 1.6]])
    x = rng.uniform(-6, 6, (samples, 2))
    shifted = x + rng.uniform(-6, 6, x.shape) * noise
    dist = np.hypot(shifted[:, None, 0] - centres[:, 0], shifted[:, None, 1] - centres[:, 1])
    return RawData(x=x, y=(dist < 3.0).astype(np.float64), task="multilabel", n_classes=3,
                   domain=DOMAIN, class_names=("A", "B", "C"))


def sine(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """y = sin(x) + U(-noise, noise) at x ~ U(0, 2*pi) (radians); the test set is the
    noise-free curve at 100 evenly spaced x."""
    x = rng.uniform(0, 2 * math.pi, samples)
    y = np.sin(x) + rng.uniform(-noise, noise, samples)
    grid = np.linspace(0, 2 * math.pi, 100)
    return RawData(x=x[:, None], y=y, task="regression", input_names=("x",),
                   domain=(0.0, 2 * math.pi), x_test=grid[:, None], y_test=np.sin(grid),
                   curve=(grid, np.sin(grid)))


def house(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """Price y = 2.8 x - e, e ~ N(0, noise^2), for area x ~ N(5, 1) (arbitrary units)."""
    x = rng.normal(5, 1, samples)
    y = 2.8 * x - rng.normal(0, noise, samples)
    grid = np.linspace(1, 9, 100)
    return RawData(x=x[:, None], y=y, task="regression", input_names=("x",), domain=(1.0, 9.0),
                   curve=(grid, 2.8 * grid))


def trapezoid(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """Area y = (x1 + x2) / 2 * x1 (+ N(0, noise^2)) of a trapezoid with upper base x1 equal
    to its height and lower base x2, both U(0.5, 1.5)."""
    x = rng.uniform(0.5, 1.5, (samples, 2))
    y = 0.5 * (x[:, 0] + x[:, 1]) * x[:, 0] + rng.normal(0, noise, samples)
    return RawData(x=x, y=y, task="regression", domain=(0.5, 1.5))


# --------------------------------------------------------------------------- files, real data
def _subsample(raw: RawData, samples: int | None, rng: np.random.Generator) -> RawData:
    """Keep ``samples`` random rows (in file order) when the data has more."""
    if samples is None or samples >= len(raw.x):
        return raw
    keep = np.sort(rng.choice(len(raw.x), samples, replace=False))
    return dataclasses.replace(raw, x=raw.x[keep], y=raw.y[keep])


def _bundled(name: str) -> Generator:
    def load(samples: int | None, noise: float, rng: np.random.Generator) -> RawData:
        return _subsample(tabular.load_bundled(name), samples, rng)

    load.__doc__ = f"scikit-learn's bundled {name} set; ``samples`` keeps that many random rows."
    return load


def csv_file(samples: int | None, noise: float, rng: np.random.Generator, *,
             path: str | None = None, target: str | None = None,
             task: str | None = None) -> RawData:
    """A CSV table (see ``tabular.read_csv``); ``samples`` keeps that many random rows."""
    if path is None:
        raise SpecError("data.path", None, "the path of a CSV file for the csv dataset")
    return _subsample(tabular.read_csv(path, target, task), samples, rng)


def idx_folder(samples: int | None, noise: float, rng: np.random.Generator, *,
               path: str | None = None) -> RawData:
    """MNIST-style IDX files (see ``tabular.read_idx_folder``); ``samples`` keeps the first
    that many training images (the files come shuffled)."""
    if path is None:
        raise SpecError("data.path", None, "the folder of MNIST-style IDX files for the idx "
                        "dataset")
    return tabular.read_idx_folder(path, limit=samples)


# ---------------------------------------------------------------------------------- table
_CLASSES = ("classes",)
_ROWS: tuple[DatasetInfo, ...] = (
    DatasetInfo("circle", "a disc inside a ring (TF Playground)", circle, 500, 0.0, "2d",
                "classification"),
    DatasetInfo("xor", "four quadrants, x1*x2 >= 0 is blue (TF Playground)", xor, 500, 0.0,
                "2d", "classification"),
    DatasetInfo("gauss", "two Gaussian clouds (TF Playground)", gauss, 500, 0.0, "2d",
                "classification"),
    DatasetInfo("spiral", "two interleaved spirals (TF Playground)", spiral, 500, 0.0, "2d",
                "classification"),
    DatasetInfo("reg-plane", "a tilted plane, (x1 + x2) / 10 (TF Playground)", reg_plane, 1200,
                0.0, "2d", "regression"),
    DatasetInfo("reg-gauss", "six signed bumps (TF Playground)", reg_gauss, 1200, 0.0, "2d",
                "regression"),
    DatasetInfo("moons", "two interleaving half circles", moons, 500, 0.1, "2d",
                "classification"),
    DatasetInfo("blobs", "k Gaussian blobs on a circle", blobs, 500, 0.0, "2d",
                "classification", _CLASSES),
    DatasetInfo("spiral-k", "k interleaved spiral arms", spiral_k, 500, 0.0, "2d",
                "classification", _CLASSES),
    DatasetInfo("drawn", "points placed by hand", drawn, None, 0.0, "2d", "classification",
                ("points",)),
    DatasetInfo("linear", "y = 2 x1 - 3.4 x2 + 4.2 + noise (linear regression)", linear, 1000,
                0.01, "2d", "regression"),
    DatasetInfo("poly3", "a cubic, 100 train / 100 test (under- and overfitting)", poly3, 100,
                0.01, "1d", "regression"),
    DatasetInfo("highdim-linear", "200 inputs, 20 training rows (weight decay)",
                highdim_linear, 20, 0.01, "tabular", "regression"),
    DatasetInfo("l2-demo", "150 inputs, 80 training rows (the notes' L2 demo)", l2_demo, 80,
                0.3, "tabular", "regression"),
    DatasetInfo("venn", "three overlapping discs, one label each (multi-label)", venn, 600,
                0.0, "2d", "multilabel"),
    DatasetInfo("sine", "12 noisy points of sin(x) (overfitting)", sine, 12, 0.3, "1d",
                "regression"),
    DatasetInfo("house", "price = 2.8 * area - noise", house, 100, 1.0, "1d", "regression"),
    DatasetInfo("trapezoid", "area of a trapezoid from its bases", trapezoid, 50, 0.0, "2d",
                "regression"),
    DatasetInfo("digits", "8x8 handwritten digits, 1797 images (scikit-learn)",
                _bundled("digits"), None, 0.0, "tabular", "classification"),
    DatasetInfo("iris", "150 irises, 4 measurements, 3 species (scikit-learn)",
                _bundled("iris"), None, 0.0, "tabular", "classification"),
    DatasetInfo("wine", "178 wines, 13 measurements, 3 cultivars (scikit-learn)",
                _bundled("wine"), None, 0.0, "tabular", "classification"),
    DatasetInfo("breast-cancer", "569 tumours, 30 measurements, benign or malignant "
                "(scikit-learn)", _bundled("breast-cancer"), None, 0.0, "tabular",
                "classification"),
    DatasetInfo("diabetes", "442 patients, 10 measurements, disease progression "
                "(scikit-learn)", _bundled("diabetes"), None, 0.0, "tabular", "regression"),
    DatasetInfo("csv", "your CSV table (data.path, data.target)", csv_file, None, 0.0,
                "tabular", "inferred", ("path", "target", "task")),
    DatasetInfo("idx", "MNIST-style IDX files in a folder (data.path)", idx_folder, None, 0.0,
                "tabular", "classification", ("path",)),
)
DATASETS: Mapping[str, DatasetInfo] = MappingProxyType({d.name: d for d in _ROWS})


def generate(spec: Spec) -> RawData:
    """The raw data a spec names, generated from ``spec.seed`` (same spec, same arrays).

    Null data.samples / data.noise take the dataset's defaults; an unknown data.dataset raises
    SpecError listing the known names.
    """
    info = DATASETS.get(spec.data.dataset)
    if info is None:
        raise SpecError("data.dataset", spec.data.dataset, "one of " + ", ".join(DATASETS))
    samples = info.default_samples if spec.data.samples is None else spec.data.samples
    noise = info.default_noise if spec.data.noise is None else spec.data.noise
    available: dict[str, Any] = {
        "classes": DEFAULT_CLASSES if spec.data.classes is None else spec.data.classes,
        "points": spec.data.points, "path": spec.data.path, "target": spec.data.target,
        "task": spec.data.task,
    }
    options = {k: available[k] for k in info.options}
    if samples is not None and samples > BUDGET_CHECK_ROWS and "path" not in info.options:
        _check_budget(spec, info, samples, noise, options)
    rng = np.random.default_rng(spec.seed)
    return info.generate(samples, noise, rng, **options)


BUDGET_CHECK_ROWS = 100_000  # generated sets smaller than this always fit


def _check_budget(spec: Spec, info: DatasetInfo, samples: int, noise: float,
                  options: dict[str, Any]) -> None:
    """Refuse a sample count whose arrays cannot fit, from a 4-row probe of the generator."""
    from playground.core.budget import check_data

    probe = info.generate(4, noise, np.random.default_rng(0), **options)
    width = probe.x.shape[1]
    features = len(spec.data.features or probe.default_features or probe.input_names)
    check_data(info.name, samples, width, features)
