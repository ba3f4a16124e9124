"""Datasets: one pure generator per name, ``(samples, noise, rng, **options) -> RawData``.

All randomness comes from the numpy Generator passed in, so the same seed gives the same arrays.
``DATASETS`` lists every set; ``generate(spec)`` builds the one a spec names. The generators
live by kind: ``plane_sets`` (the 2-D sets, TF Playground's among them), ``textbook_sets`` (the
lessons' regression sets), and here the file-backed ones (CSV, IDX, scikit-learn's bundled sets,
read by ``csv_table``, ``idx_images`` and ``bundled_sets``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from playground.core.data.bundled_sets import load_bundled
from playground.core.data.csv_table import read_csv
from playground.core.data.idx_images import read_idx_folder
from playground.core.data.plane_sets import (
    DEFAULT_CLASSES,
    blobs,
    circle,
    drawn,
    gauss,
    moons,
    reg_gauss,
    reg_plane,
    spiral,
    spiral_k,
    venn,
    xor,
)
from playground.core.data.records import RawData
from playground.core.data.textbook_sets import (
    highdim_linear,
    house,
    l2_demo,
    linear,
    poly3,
    sine,
    trapezoid,
)
from playground.core.spec import Spec, SpecError

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


# --------------------------------------------------------------------------- files, real data
def _subsample(raw: RawData, samples: int | None, rng: np.random.Generator) -> RawData:
    """Keep ``samples`` random rows (in file order) when the data has more."""
    if samples is None or samples >= len(raw.x):
        return raw
    keep = np.sort(rng.choice(len(raw.x), samples, replace=False))
    return dataclasses.replace(raw, x=raw.x[keep], y=raw.y[keep])


def _bundled(name: str) -> Generator:
    def load(samples: int | None, noise: float, rng: np.random.Generator) -> RawData:
        return _subsample(load_bundled(name), samples, rng)

    load.__doc__ = f"scikit-learn's bundled {name} set; ``samples`` keeps that many random rows."
    return load


def csv_file(samples: int | None, noise: float, rng: np.random.Generator, *,
             path: str | None = None, target: str | None = None,
             task: str | None = None) -> RawData:
    """A CSV table (see ``csv_table.read_csv``); ``samples`` keeps that many random rows."""
    if path is None:
        raise SpecError("data.path", None, "the path of a CSV file for the csv dataset")
    return _subsample(read_csv(path, target, task), samples, rng)


def idx_folder(samples: int | None, noise: float, rng: np.random.Generator, *,
               path: str | None = None) -> RawData:
    """MNIST-style IDX files (see ``idx_images.read_idx_folder``); ``samples`` keeps the first
    that many training images (the files come shuffled)."""
    if path is None:
        raise SpecError("data.path", None, "the folder of MNIST-style IDX files for the idx "
                        "dataset")
    return read_idx_folder(path, limit=samples)


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
