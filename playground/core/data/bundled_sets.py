"""scikit-learn's bundled sets (digits, iris, wine, breast-cancer, diabetes), read from the
files that ship with it: nothing is downloaded and nothing is unpickled.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

from playground.core.data.records import RawData

_BREAST = ("radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
           "concave points", "symmetry", "fractal dimension")
# name -> (file in sklearn/datasets/data, its loader, feature names); the names are fixed in
# sklearn's code rather than in the files.
_BUNDLED: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "digits": ("digits.csv.gz", "load_digits",
               tuple(f"pixel_{r}_{c}" for r in range(8) for c in range(8))),
    "iris": ("iris.csv", "load_iris", ("sepal length (cm)", "sepal width (cm)",
                                       "petal length (cm)", "petal width (cm)")),
    "wine": ("wine_data.csv", "load_wine", (
        "alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols",
        "flavanoids", "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue",
        "od280/od315_of_diluted_wines", "proline")),
    "breast-cancer": ("breast_cancer.csv", "load_breast_cancer",
                      tuple(f"mean {f}" for f in _BREAST) + tuple(f"{f} error" for f in _BREAST)
                      + tuple(f"worst {f}" for f in _BREAST)),
    "diabetes": ("diabetes_data_raw.csv.gz", "load_diabetes",
                 ("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6")),
}


def load_bundled(name: str) -> RawData:
    """One of scikit-learn's bundled sets (no download): digits, iris, wine, breast-cancer,
    diabetes. Digits pixels are scaled from 0..16 to [0, 1] and not standardised by default;
    the others keep their units and are standardised by default. Diabetes is unscaled
    (``load_diabetes(scaled=False)``), its target the disease progression a year later.
    """
    filename, loader, feature_names = _BUNDLED[name]
    try:
        x, y, class_names = _read_bundled(filename)
    except OSError:
        # The files' layout is sklearn's private detail; its loader is the slow, sure way
        # (importing sklearn.datasets takes about 2 s, reading the file a few ms).
        x, y, class_names = _load_with_sklearn(loader)
    if name == "diabetes":
        return RawData(x=x, y=y, task="regression", input_names=feature_names,
                       standardize=True)
    if name == "digits":
        return RawData(x=x / 16.0, y=y.astype(np.int64), task="classification", n_classes=10,
                       input_names=feature_names, image_shape=(8, 8),
                       class_names=tuple(str(d) for d in range(10)))
    return RawData(x=x, y=y.astype(np.int64), task="classification",
                   n_classes=len(class_names), input_names=feature_names, standardize=True,
                   class_names=class_names)


def _sklearn_data_folder() -> Path:
    # find_spec locates the package without running its (slow) __init__.
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("scikit-learn is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "datasets" / "data"


def _read_bundled(filename: str) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    path = _sklearn_data_folder() / filename
    if filename == "diabetes_data_raw.csv.gz":
        y = np.loadtxt(path.with_name("diabetes_target.csv.gz"))
        return np.loadtxt(path), y, ()
    if filename == "digits.csv.gz":
        table = np.loadtxt(path, delimiter=",")
        return table[:, :-1], table[:, -1], ()
    with path.open(encoding="utf-8") as f:
        # First line: "n_samples,n_features,class names..."
        class_names = tuple(f.readline().strip().split(",")[2:])
        table = np.loadtxt(f, delimiter=",")
    return table[:, :-1], table[:, -1], class_names


def _load_with_sklearn(loader: str) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    import sklearn.datasets

    kwargs = {"scaled": False} if loader == "load_diabetes" else {}
    bunch = getattr(sklearn.datasets, loader)(**kwargs)
    names = tuple(str(n) for n in getattr(bunch, "target_names", ()))
    return np.asarray(bunch.data, dtype=np.float64), np.asarray(bunch.target), names
