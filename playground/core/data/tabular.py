"""Real data from files: CSV tables, MNIST-style IDX folders and scikit-learn's bundled sets.

Everything is parsed with the standard library and numpy from local files; nothing is
downloaded and nothing is unpickled. Problems raise ``DataError`` with one line naming the
file (and the line and column where there is one).
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import io
import math
import struct
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from playground.core.atomic import FileProblem, require_regular_file
from playground.core.data.encoding import MISSING, NA_COLUMN, ColumnEncoding
from playground.core.data.encoding import as_numbers as _as_numbers
from playground.core.data.encoding import missing_mask as _missing
from playground.core.data.records import DataError, RawData
from playground.core.spec.errors import shorten

__all__ = ["MISSING", "NA_COLUMN", "DataError", "load_bundled", "read_csv", "read_idx",
           "read_idx_folder"]
MAX_CLASSES = 100  # the most classes a CSV target or IDX label file may have (data.classes)
MAX_CATEGORIES = 100  # the most distinct values a text input column may have (one-hot width)
MAX_FILE_BYTES = 4 * 2**30  # a CSV or IDX file (after decompression) larger is refused
MAX_INFERRED_CLASSES = 20  # integer targets with at most this many values are class labels


# -------------------------------------------------------------------------------------- CSV
def read_csv(path: str | Path, target: str | None = None,
             task: str | None = None) -> RawData:
    """Load a CSV table with a header row.

    ``target`` names the target column (default: the last); several comma-separated names
    give a regression or multilabel target per column. Numeric input columns keep their units,
    missing numbers ("", NA, nan, ?) become the column mean; text columns are one-hot encoded
    with an extra ``column=NA`` indicator, as ``pandas.get_dummies(dummy_na=True)`` does.
    ``task`` None infers it: text, or at most 20 distinct integers -> classification, any
    other numbers -> regression, several 0/1 columns -> multilabel.
    """
    path = Path(path)
    header, rows, lines = _read_rows(path)
    targets = _target_columns(path, header, target)
    inputs = [j for j in range(len(header)) if j not in targets]
    if not inputs:
        raise DataError(f"{path}: no input columns left besides the target "
                        f"{', '.join(header[j] for j in targets)}")
    columns = list(zip(*rows, strict=True))
    # The encodings travel with the data, so an exported model's users can encode new rows.
    encodings = tuple(ColumnEncoding.fit(header[j], columns[j]) for j in inputs)
    for encoding in encodings:
        # One-hot encoding an ID or free-text column makes a rows x values matrix (10k rows of
        # IDs: 800 MB) and is no feature anyway.
        if encoding.categories is not None and len(encoding.categories) > MAX_CATEGORIES:
            raise DataError(f"{path}, column {encoding.name!r}: {len(encoding.categories):,} "
                            f"distinct text values; a text column may have at most "
                            f"{MAX_CATEGORIES} (is it an ID or free text? leave it out of the "
                            "file, or make it numbers)")
    x = np.concatenate([e.encode(columns[j]) for e, j in zip(encodings, inputs, strict=True)],
                       axis=1)
    names = [n for e in encodings for n in e.names]
    y, task, n_classes, class_names = _encode_target(
        path, [header[j] for j in targets], [columns[j] for j in targets], lines, task)
    return RawData(x=x, y=y, task=task, n_classes=n_classes, input_names=tuple(names),
                   standardize=True, class_names=class_names, columns=encodings)


def read_rows(path: Path) -> tuple[list[str], list[list[str]], list[int]]:
    """A CSV file's header, data rows and each row's line number (DataError if unusable)."""
    return _read_rows(path)


def _read_rows(path: Path) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, data rows and each row's line number; checks emptiness and ragged rows."""
    try:
        size = require_regular_file(path, "CSV file").stat().st_size
    except FileProblem as exc:
        raise DataError(str(exc)) from None
    if size > MAX_FILE_BYTES:
        raise DataError(f"{path}: {size / 2**30:.1f} GiB; CSV files are read whole, up to "
                        f"{MAX_FILE_BYTES / 2**30:.0f} GiB")
    try:
        text = path.read_text(encoding="utf-8-sig")  # -sig: drop a spreadsheet's BOM
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DataError(f"{path}: a folder, not a CSV file") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    first = text.split("\n", 1)[0]
    # Semicolons and tabs are common in exported spreadsheets; pick what the header uses most.
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # blank line
            if header is None:
                header = [h.strip() or f"column{j + 1}" for j, h in enumerate(row)]
                seen: set[str] = set()
                for name in header:
                    if name in seen:
                        raise DataError(f"{path}, line {reader.line_num}: the column name "
                                        f"{name!r} appears twice in the header")
                    seen.add(name)
                continue
            if len(row) != len(header):
                raise DataError(f"{path}, line {reader.line_num}: {len(row)} values, but the "
                                f"header has {len(header)} columns")
            rows.append(row)
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise DataError(f"{path}, line {reader.line_num}: {exc}") from None
    if header is None:
        raise DataError(f"{path}: the file is empty; expected a header row and data rows")
    if not rows:
        raise DataError(f"{path}: only a header row; expected data rows below it")
    return header, rows, lines


def _target_columns(path: Path, header: list[str], target: str | None) -> list[int]:
    if target is None:
        return [len(header) - 1]
    if target in header:
        return [header.index(target)]
    wanted = [t.strip() for t in target.split(",")]
    for name in wanted:
        if name not in header:
            raise DataError(f"{path}: no target column {name!r}; the columns are "
                            f"{', '.join(header)}")
    return [header.index(name) for name in wanted]


def _encode_target(path: Path, names: list[str], columns: list[Sequence[str]],
                   lines: list[int], task: str | None
                   ) -> tuple[np.ndarray, str, int, tuple[str, ...]]:
    """Targets -> (y, task, n_classes, class_names); errors name the line and column."""
    parsed = []
    for name, values in zip(names, columns, strict=True):
        missing = _missing(values)
        if missing.any():
            line = lines[int(np.argmax(missing))]
            raise DataError(f"{path}, line {line}, column {name!r}: the target value is missing")
        parsed.append(_as_numbers(values, missing))
    if len(names) > 1:
        return _encode_many(path, names, columns, parsed, lines, task)
    values, numbers = columns[0], parsed[0]
    if task is None:
        task = "regression"
        if numbers is None:
            task = "classification"
        elif np.all(numbers == np.round(numbers)) and np.unique(numbers).size <= \
                MAX_INFERRED_CLASSES:
            task = "classification"
    if task == "multilabel":
        raise DataError(f"{path}: a multilabel target needs two or more 0/1 columns; name them "
                        "in data.target separated by commas")
    if task == "regression":
        if numbers is None:
            _raise_not_number(path, names[0], values, lines, "data.task is regression")
        return numbers, task, 0, ()
    if numbers is None:
        labels = [v.strip() for v in values]
        classes = sorted(set(labels))
        class_names = tuple(classes)
    else:
        classes = sorted(set(numbers.tolist()))
        labels = numbers.tolist()
        class_names = tuple(f"{c:g}" for c in classes)
    if len(classes) > MAX_CLASSES:
        raise DataError(f"{path}, column {names[0]!r}: {len(classes)} distinct target values; "
                        f"classification allows at most {MAX_CLASSES} (is it a regression "
                        "target?)")
    index = {c: k for k, c in enumerate(classes)}
    y = np.fromiter((index[v] for v in labels), dtype=np.int64, count=len(labels))
    return y, "classification", len(classes), class_names


def _encode_many(path: Path, names: list[str], columns: list[Sequence[str]],
                 parsed: list[np.ndarray | None], lines: list[int], task: str | None
                 ) -> tuple[np.ndarray, str, int, tuple[str, ...]]:
    """Several target columns: regression (n, t) or multilabel (n, k) of 0/1."""
    for name, values, numbers in zip(names, columns, parsed, strict=True):
        if numbers is None:
            _raise_not_number(path, name, values, lines, "several target columns are numbers")
    y = np.stack(parsed, axis=1)  # type: ignore[arg-type]
    binary = bool(np.isin(y, (0.0, 1.0)).all())
    if task is None:
        task = "multilabel" if binary else "regression"
    if task == "classification":
        raise DataError(f"{path}: classification takes one target column, not "
                        f"{', '.join(names)}")
    if task == "multilabel":
        if not binary:
            bad_row, bad_col = np.argwhere(~np.isin(y, (0.0, 1.0)))[0]
            raise DataError(f"{path}, line {lines[bad_row]}, column {names[bad_col]!r}: "
                            f"{y[bad_row, bad_col]:g} is not 0 or 1, as multilabel targets "
                            "must be")
        return y, task, len(names), tuple(names)
    return y, task, 0, ()


def _raise_not_number(path: Path, name: str, values: Sequence[str], lines: list[int],
                      why: str) -> None:
    for i, v in enumerate(values):
        try:
            float(v)
        except ValueError:
            raise DataError(f"{path}, line {lines[i]}, column {name!r}: "
                            f"{shorten(repr(v.strip()))} is not a number, but {why}") from None


# -------------------------------------------------------------------------------------- IDX
_IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> np.ndarray:
    """One IDX file (raw or gzip) as an array of its stored shape and type (native order).

    The header is read first and the size it promises checked against the file (or, for
    gzip, read as a stream and stopped there) and against ``max_bytes``, so a header that
    lies or a gzip bomb never allocates more than the header admits."""
    path = Path(path)
    try:
        require_regular_file(path, "IDX file")
        with path.open("rb") as raw:
            zipped = raw.read(2) == b"\x1f\x8b"  # gzip's magic, whatever the file is called
        with (gzip.open(path, "rb") if zipped else path.open("rb")) as stream:
            return _read_idx_stream(stream, path, zipped, max_bytes)
    except FileProblem as exc:
        raise DataError(str(exc)) from None
    except OSError as exc:  # missing file, or a broken gzip stream (gzip.BadGzipFile)
        raise DataError(f"{path}: cannot read: {exc}") from None
    except EOFError:
        raise DataError(f"{path}: the gzip stream is truncated") from None


def _read_idx_stream(stream: io.BufferedIOBase, path: Path, zipped: bool,
                     max_bytes: int) -> np.ndarray:
    head = stream.read(4)
    if len(head) < 4:
        raise DataError(f"{path}: truncated: {len(head)} bytes, shorter than an IDX header")
    type_code, ndim = head[2], head[3]
    if head[:2] != b"\0\0" or type_code not in _IDX_TYPES or ndim == 0:
        magic = struct.unpack(">I", head)[0]
        raise DataError(f"{path}: not an IDX file: magic number 0x{magic:08x}; expected "
                        "0x00000803 (images) or 0x00000801 (labels)")
    raw_dims = stream.read(4 * ndim)
    if len(raw_dims) < 4 * ndim:
        raise DataError(f"{path}: truncated inside the header")
    dims = struct.unpack(f">{ndim}I", raw_dims)
    dtype = np.dtype(_IDX_TYPES[type_code])
    expected = math.prod(dims) * dtype.itemsize
    # Zero-size dims do not make the others harmless: numpy cannot even shape (0, 3e9, 3e9).
    if expected > max_bytes or math.prod(d for d in dims if d) * dtype.itemsize > max_bytes:
        raise DataError(f"{path}: the header {dims} promises {expected / 2**30:,.1f} GiB of "
                        f"data; at most {max_bytes / 2**30:,.1f} GiB is read")
    if not zipped:
        have = path.stat().st_size - 4 - 4 * ndim
        if have != expected:
            state = "truncated" if have < expected else "longer than its header says"
            raise DataError(f"{path}: {state}: {have} data bytes, the header {dims} promises "
                            f"{expected}")
    data = stream.read(expected)
    if len(data) != expected or (zipped and stream.read(1)):
        state = "truncated" if len(data) < expected else "longer than its header says"
        raise DataError(f"{path}: {state}: the header {dims} promises {expected} data bytes")
    array = np.frombuffer(data, dtype=dtype).reshape(dims)
    return array.astype(dtype.newbyteorder("="))


def _idx_file(folder: Path, split: str, what: str, idx: str) -> Path | None:
    """Find e.g. train-images-idx3-ubyte, also spelled train-images.idx3-ubyte, maybe .gz."""
    for sep in "-.":
        for ext in ("", ".gz"):
            candidate = folder / f"{split}-{what}{sep}{idx}-ubyte{ext}"
            if candidate.is_file():
                return candidate
    return None


def read_idx_folder(path: str | Path, limit: int | None = None) -> RawData:
    """MNIST / Fashion-MNIST files in a folder: train-* for training, t10k-* (optional) as the
    test split. Pixels become float32 in [0, 1] (uint8 / 255); ``limit`` keeps only the first
    that many training images. Raw inputs are float32 here, not float64, to halve the memory
    of 60000 x 784 pixels.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise DataError(f"{folder}: not a folder; data.path must name the folder holding "
                        "train-images-idx3-ubyte and train-labels-idx1-ubyte")
    splits = {}
    for split in ("train", "t10k"):
        images = _idx_file(folder, split, "images", "idx3")
        labels = _idx_file(folder, split, "labels", "idx1")
        if images is None and labels is None and split == "t10k":
            continue
        if images is None or labels is None:
            missing = f"{split}-{'images-idx3' if images is None else 'labels-idx1'}-ubyte"
            raise DataError(f"{folder}: no {missing} (or {missing}.gz) in this folder")
        splits[split] = _idx_pair(images, labels, limit if split == "train" else None)
    x, y = splits["train"]
    x_test, y_test = splits.get("t10k", (None, None))
    if x_test is not None and x_test.shape[1:] != x.shape[1:]:
        raise DataError(f"{folder}: test images are {x_test.shape[1:]}, training images "
                        f"{x.shape[1:]}")
    if len(y) == 0:
        raise DataError(f"{folder}: the training files hold no images")
    n_classes = int(max(y.max(), y_test.max() if y_test is not None and len(y_test) else 0)) + 1
    h, w = x.shape[1:]
    return RawData(x=x.reshape(len(x), h * w), y=y, task="classification", n_classes=n_classes,
                   input_names=tuple(f"pixel_{r}_{c}" for r in range(h) for c in range(w)),
                   x_test=None if x_test is None else x_test.reshape(len(x_test), h * w),
                   y_test=y_test, image_shape=(h, w))


def _idx_pair(images_path: Path, labels_path: Path,
              limit: int | None) -> tuple[np.ndarray, np.ndarray]:
    images, labels = read_idx(images_path), read_idx(labels_path)
    if images.ndim != 3:
        raise DataError(f"{images_path}: {images.ndim} dimensions; expected 3 (count, rows, "
                        "columns)")
    if labels.ndim != 1 or len(labels) != len(images):
        raise DataError(f"{labels_path}: {labels.shape[0]} labels for {len(images)} images "
                        f"in {images_path.name}")
    if not np.issubdtype(labels.dtype, np.integer) or (labels < 0).any():
        raise DataError(f"{labels_path}: labels must be integers >= 0")
    if labels.size and int(labels.max()) >= MAX_CLASSES:
        raise DataError(f"{labels_path}: label {int(labels.max()):,} is out of range; labels "
                        f"are class numbers 0 to {MAX_CLASSES - 1}, as for CSV targets")
    if images.shape[1] == 0 or images.shape[2] == 0:
        raise DataError(f"{images_path}: images of {images.shape[1]} x {images.shape[2]} "
                        "pixels; each image needs at least one pixel")
    if limit is not None:
        images, labels = images[:limit], labels[:limit]
    pixels = images.astype(np.float32)
    if images.dtype == np.uint8:
        pixels /= 255.0
    return pixels, labels.astype(np.int64)


# ---------------------------------------------------------------- scikit-learn's bundled sets
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
