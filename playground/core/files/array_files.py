"""The NumPy (.npz) and JSON weights formats: arrays by state-dict key plus the metadata.

``.npz`` files load with ``allow_pickle=False``; JSON files hold shapes, dtypes and number lists.
Both are read strictly (every failure a one-line ``WeightsError``).
"""

from __future__ import annotations

import io
import json
import math
import struct
import zipfile
import zlib
from collections.abc import Mapping
from typing import Any

import numpy as np
import torch

from playground.core import jsontext
from playground.core.files.weights_format import (
    WeightsError,
    WeightsHeader,
    first_line,
    not_weights,
    parse_header,
    shape_text,
    to_numpy,
)

# Dtypes a JSON file may name; the network's own tensors are float32 and int64.
MAX_ARRAY_BYTES = 4 * 2**30  # an .npz archive unpacking to more is refused (no network is this big)
_JSON_DTYPES = ("float16", "float32", "float64", "int32", "int64")


def encode_npz(state: dict[str, torch.Tensor], meta: dict[str, Any]) -> bytes:
    arrays = {k: to_numpy(v) for k, v in state.items()}
    arrays["__experiment__"] = np.array(json.dumps(meta["experiment"]))
    rest = {k: v for k, v in meta.items() if k != "experiment"}
    arrays["__meta__"] = np.array(json.dumps(rest))
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # type: ignore[arg-type]
    return buffer.getvalue()


def encode_json(state: dict[str, torch.Tensor], meta: dict[str, Any]) -> bytes:
    tensors = {}
    for key, tensor in state.items():
        array = to_numpy(tensor)
        if array.dtype.kind == "f":
            # float64 Python floats hold float32 values exactly, so the round trip is exact.
            values = array.astype(np.float64).ravel().tolist()
        else:
            values = array.ravel().tolist()
        tensors[key] = {"shape": list(array.shape), "dtype": str(array.dtype), "data": values}
    doc = {**meta, "tensors": tensors}
    return (json.dumps(doc, allow_nan=False) + "\n").encode("utf-8")


def read_npz(data: bytes, name: str) -> tuple[dict[str, torch.Tensor], WeightsHeader]:
    # Check the magic first: np.load treats anything that is neither zip nor .npy as a pickle.
    if data.startswith(b"\x93NUMPY"):
        raise WeightsError(f"{name} is a single NumPy array, not an .npz archive of weights")
    if not data.startswith(b"PK"):
        raise not_weights(name, "NumPy .npz")
    try:
        _check_npz_members(data, name)
        archive = np.load(io.BytesIO(data), allow_pickle=False)
        if not isinstance(archive, np.lib.npyio.NpzFile):
            raise WeightsError(f"{name} is a single NumPy array, not an .npz archive of weights")
        with archive:
            arrays = {key: archive[key] for key in archive.files}
    except WeightsError:
        raise
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError, RuntimeError,
            NotImplementedError, zlib.error, struct.error) as exc:  # encrypted, odd versions
        if "pickle" in str(exc):  # an object array: numpy refuses it with allow_pickle=False
            raise WeightsError(f"{name} holds pickled Python objects; refused, since loading "
                               "them could run arbitrary code") from None
        raise not_weights(name, "NumPy .npz", exc) from None
    meta: dict[str, Any] = {}
    try:
        if "__meta__" in arrays:
            meta = jsontext.loads(str(arrays.pop("__meta__")))
        if "__experiment__" in arrays:
            meta["experiment"] = jsontext.loads(str(arrays.pop("__experiment__")))
    except (json.JSONDecodeError, TypeError) as exc:
        raise WeightsError(f"{name}: the stored experiment is not valid JSON "
                           f"({first_line(exc)})") from None
    if not isinstance(meta, dict):
        raise WeightsError(f"{name}: the stored metadata is not a JSON object")
    tensors = {}
    for key, array in arrays.items():
        if array.dtype.kind not in "fiub":
            raise WeightsError(f"{name}: {key} holds {array.dtype} values, not numbers")
        tensors[key] = torch.from_numpy(np.array(array, order="C"))
    return tensors, parse_header(meta, name)


def _check_npz_members(data: bytes, name: str, max_bytes: int = MAX_ARRAY_BYTES) -> None:
    """Read each member's .npy header (not its data) and refuse object arrays, headers that
    promise more than the member holds (a "1e13 elements" header) and archives that would
    unpack to more than ``max_bytes`` (a zip bomb), before numpy allocates anything."""
    total = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            with archive.open(info) as member:
                try:
                    version = np.lib.format.read_magic(member)
                    reader = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                              else np.lib.format.read_array_header_2_0)
                    shape, _, dtype = reader(member)
                except ValueError as exc:
                    raise not_weights(name, "NumPy .npz", exc) from None
            if dtype.hasobject:
                raise WeightsError(f"{name} holds pickled Python objects; refused, since "
                                   "loading them could run arbitrary code")
            size = math.prod(shape) * dtype.itemsize
            if size > info.file_size:
                raise WeightsError(f"{name}: {info.filename} claims {math.prod(shape):,} "
                                   f"values but holds {info.file_size:,} bytes; it is corrupt")
            total += size
            if total > max_bytes:
                raise WeightsError(f"{name} would unpack to more than "
                                   f"{max_bytes / 2**30:.0f} GiB; refused")


def decode_json_tensors(tensors: Any, name: str) -> dict[str, torch.Tensor]:
    if not isinstance(tensors, Mapping):
        raise WeightsError(f'{name} has no "tensors" object; it is not an NN Playground '
                           "weights file")
    out = {}
    for key, entry in tensors.items():
        if (not isinstance(entry, Mapping) or not isinstance(entry.get("shape"), list)
                or not isinstance(entry.get("data"), list)):
            raise WeightsError(f'{name}: tensor {key} needs "shape" and "data" lists')
        shape = entry["shape"]
        if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape):
            raise WeightsError(f"{name}: tensor {key} has a bad shape {shape}")
        dtype = entry.get("dtype", "float32")
        if dtype not in _JSON_DTYPES:
            raise WeightsError(f"{name}: tensor {key} has dtype {dtype!r}; expected one of "
                               + ", ".join(_JSON_DTYPES))
        values = entry["data"]
        if len(values) != math.prod(shape):
            raise WeightsError(f"{name}: tensor {key} has {len(values)} values but its shape "
                               f"{shape_text(shape)} needs {math.prod(shape)}")
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            raise WeightsError(f"{name}: tensor {key} holds values that are not numbers")
        try:
            # Out-of-range numbers become inf here and are refused by the finiteness check.
            with np.errstate(over="ignore", invalid="ignore"):
                array = np.asarray(values, dtype=np.float64 if "float" in dtype else np.int64)
                array = array.astype(dtype).reshape(shape)
        except (OverflowError, ValueError) as exc:
            raise WeightsError(f"{name}: tensor {key} does not fit {dtype} "
                               f"({first_line(exc)})") from None
        out[key] = torch.from_numpy(np.array(array, order="C"))
    return out


def read_json(data: bytes, name: str) -> tuple[dict[str, torch.Tensor], WeightsHeader]:
    try:
        doc = jsontext.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise not_weights(name, "JSON", exc) from None
    if not isinstance(doc, dict):
        raise WeightsError(f"{name} is not a JSON object; it is not a weights file")
    tensors = decode_json_tensors(doc.get("tensors"), name)
    return tensors, parse_header(doc, name)
