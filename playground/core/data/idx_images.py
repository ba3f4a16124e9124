"""MNIST-style IDX files: one file (raw or gzip) as an array, and a folder of image and
label files as a dataset.

Each header is checked against the file before anything is allocated; problems raise
``DataError`` with one line naming the file.
"""

from __future__ import annotations

import gzip
import io
import math
import struct
from pathlib import Path

import numpy as np

from playground.core.atomic import FileProblem, require_regular_file
from playground.core.data.records import MAX_CLASSES, MAX_FILE_BYTES, DataError, RawData

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
